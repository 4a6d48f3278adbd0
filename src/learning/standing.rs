//! Where a learner stands with an enrolled course, as "My courses" shows it: the course's
//! status, and whether its due date has passed or is near. Pure, with `today` passed in.

use chrono::NaiveDate;
use serde::Serialize;

use super::Status;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    NotStarted,
    InProgress,
    /// Not completed, and due within the due-soon window (the reminders' one).
    DueSoon,
    /// Not completed, and the due date has passed.
    Overdue,
    Completed,
}

impl Standing {
    /// A completed course is completed whatever its date; otherwise a passed due date
    /// wins, then a near one, then the status. `soon_days` 0 marks nothing as due soon.
    pub fn of(status: Status, due: Option<NaiveDate>, today: NaiveDate, soon_days: u16) -> Self {
        match (status, due) {
            (Status::Completed, _) => Standing::Completed,
            (_, Some(due)) if due < today => Standing::Overdue,
            (_, Some(due)) if (due - today).num_days() < i64::from(soon_days) => Standing::DueSoon,
            (Status::InProgress, _) => Standing::InProgress,
            (Status::NotStarted, _) => Standing::NotStarted,
        }
    }

    /// The key of its label in the text catalogues, and of its tag's style.
    pub fn key(self) -> &'static str {
        match self {
            Standing::NotStarted => "not_started",
            Standing::InProgress => "in_progress",
            Standing::DueSoon => "due_soon",
            Standing::Overdue => "overdue",
            Standing::Completed => "completed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, d).unwrap()
    }

    #[test]
    fn a_course_due_within_the_window_is_due_soon_and_one_due_after_it_is_not() {
        let today = day(10);
        let of = |status, due| Standing::of(status, Some(due), today, 7);
        assert_eq!(of(Status::NotStarted, day(10)), Standing::DueSoon);
        assert_eq!(of(Status::InProgress, day(16)), Standing::DueSoon);
        assert_eq!(of(Status::InProgress, day(17)), Standing::InProgress);
        assert_eq!(of(Status::NotStarted, day(17)), Standing::NotStarted);
    }

    #[test]
    fn a_passed_due_date_makes_an_open_course_overdue_but_not_a_completed_one() {
        let today = day(10);
        assert_eq!(
            Standing::of(Status::InProgress, Some(day(9)), today, 7),
            Standing::Overdue
        );
        assert_eq!(
            Standing::of(Status::Completed, Some(day(1)), today, 7),
            Standing::Completed
        );
    }

    #[test]
    fn without_a_due_date_or_a_window_the_status_stands() {
        let today = day(10);
        assert_eq!(
            Standing::of(Status::NotStarted, None, today, 7),
            Standing::NotStarted
        );
        assert_eq!(
            Standing::of(Status::InProgress, Some(day(11)), today, 0),
            Standing::InProgress
        );
    }
}
