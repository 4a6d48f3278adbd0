//! When an assigned course is due.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// How an assignment sets each person's due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DueRule {
    /// The same date for everyone.
    Fixed(NaiveDate),
    /// This many days after the person was assigned (for people who join later too).
    DaysAfterAssigned(u16),
}

impl DueRule {
    /// The due date for someone assigned on `assigned_on`.
    pub fn due_for(self, assigned_on: NaiveDate) -> NaiveDate {
        match self {
            DueRule::Fixed(date) => date,
            DueRule::DaysAfterAssigned(days) => assigned_on
                .checked_add_days(Days::new(u64::from(days)))
                .unwrap_or(NaiveDate::MAX),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_fixed_rule_gives_everyone_the_same_date() {
        let rule = DueRule::Fixed(date("2027-03-31"));
        assert_eq!(rule.due_for(date("2026-11-27")), date("2027-03-31"));
        assert_eq!(rule.due_for(date("2027-01-15")), date("2027-03-31"));
    }

    #[test]
    fn a_relative_rule_counts_from_each_persons_assignment() {
        let rule = DueRule::DaysAfterAssigned(30);
        assert_eq!(rule.due_for(date("2026-11-27")), date("2026-12-27"));
        assert_eq!(rule.due_for(date("2027-02-15")), date("2027-03-17"));
    }
}
