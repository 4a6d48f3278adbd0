//! Certificate validity and when a new recertification cycle opens.

use chrono::{Days, Months, NaiveDate};

/// The day a completion stops being valid: `months` after it was earned.
pub fn expires_on(completed_on: NaiveDate, months: u16) -> NaiveDate {
    completed_on
        .checked_add_months(Months::new(u32::from(months)))
        .unwrap_or(NaiveDate::MAX)
}

/// Whether a new cycle should be open on `today`: from `window_days` before expiry on.
pub fn recertification_due(
    completed_on: NaiveDate,
    months: u16,
    window_days: u16,
    today: NaiveDate,
) -> bool {
    let opens = expires_on(completed_on, months)
        .checked_sub_days(Days::new(u64::from(window_days)))
        .unwrap_or(NaiveDate::MIN);
    today >= opens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_completion_expires_the_given_months_later_even_at_month_ends() {
        assert_eq!(expires_on(date("2026-01-15"), 12), date("2027-01-15"));
        assert_eq!(expires_on(date("2026-08-31"), 6), date("2027-02-28"));
    }

    #[test]
    fn a_new_cycle_opens_the_window_before_expiry_and_not_earlier() {
        let completed = date("2026-01-15");
        assert!(!recertification_due(completed, 12, 30, date("2026-12-15")));
        assert!(recertification_due(completed, 12, 30, date("2026-12-16")));
        assert!(recertification_due(completed, 12, 30, date("2027-06-01")));
    }
}
