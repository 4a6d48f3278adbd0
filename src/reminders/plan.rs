//! Which reminder each open enrolment is owed today, as a deduplication key: a key names
//! the reason, so the same reason never yields a second message. Pure functions.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};

use crate::config::ReminderSettings;

pub fn assigned_key(enrolment_id: i64) -> String {
    format!("assigned:{enrolment_id}")
}

pub fn due_soon_key(enrolment_id: i64) -> String {
    format!("due-soon:{enrolment_id}")
}

/// One overdue reminder per interval: the first on the day after the due date, the next
/// `every` days later, and so on.
pub fn overdue_key(enrolment_id: i64, due: NaiveDate, today: NaiveDate, every: u16) -> String {
    let days_over = (today - due).num_days().max(1) - 1;
    let step = days_over / i64::from(every.max(1));
    format!("overdue:{enrolment_id}:{step}")
}

/// One digest per manager per ISO week.
pub fn digest_key(manager_email: &str, today: NaiveDate) -> String {
    format!(
        "digest:{}:{}",
        manager_email.to_lowercase(),
        iso_week(today)
    )
}

/// `2026-W48`.
pub fn iso_week(day: NaiveDate) -> String {
    let week = day.iso_week();
    format!("{}-W{:02}", week.year(), week.week())
}

pub fn expiry_key(certificate_id: i64) -> String {
    format!("expiry:{certificate_id}")
}

/// A due-soon reminder is for people who had the usual time: someone assigned a course
/// due in three days has just been told the date by the assignment notice.
pub fn owes_due_soon(
    enrolled_at: DateTime<Utc>,
    due: NaiveDate,
    settings: &ReminderSettings,
) -> bool {
    settings.before_days > 0
        && due
            .checked_sub_days(Days::new(u64::from(settings.before_days)))
            .is_some_and(|window_opens| enrolled_at.date_naive() < window_opens)
}

/// The last day a due-soon reminder looks ahead to.
pub fn due_soon_horizon(today: NaiveDate, settings: &ReminderSettings) -> NaiveDate {
    today
        .checked_add_days(Days::new(u64::from(settings.before_days)))
        .unwrap_or(NaiveDate::MAX)
}

/// Groups items by manager address (compared without case), each group in input order.
pub fn by_manager<T>(items: Vec<(String, T)>) -> BTreeMap<String, Vec<T>> {
    let mut groups: BTreeMap<String, Vec<T>> = BTreeMap::new();
    for (manager, item) in items {
        groups.entry(manager.to_lowercase()).or_default().push(item);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn overdue_reminders_come_once_per_interval_from_the_day_after_the_due_date() {
        let due = d("2026-11-01");
        let key = |today| overdue_key(7, due, d(today), 7);
        assert_eq!(key("2026-11-02"), "overdue:7:0");
        assert_eq!(key("2026-11-08"), "overdue:7:0");
        assert_eq!(key("2026-11-09"), "overdue:7:1");
        assert_eq!(key("2026-11-16"), "overdue:7:2");
        assert_eq!(overdue_key(7, due, d("2026-11-03"), 1), "overdue:7:1");
    }

    #[test]
    fn a_manager_gets_one_digest_key_per_iso_week_whatever_the_case_of_the_address() {
        assert_eq!(
            digest_key("Chef@Malmo.se", d("2026-11-23")),
            "digest:chef@malmo.se:2026-W48"
        );
        assert_eq!(
            digest_key("chef@malmo.se", d("2026-11-29")),
            "digest:chef@malmo.se:2026-W48"
        );
        assert_eq!(
            digest_key("chef@malmo.se", d("2026-11-30")),
            "digest:chef@malmo.se:2026-W49"
        );
        assert_eq!(
            digest_key("chef@malmo.se", d("2027-01-01")),
            "digest:chef@malmo.se:2026-W53"
        );
    }

    #[test]
    fn only_people_assigned_before_the_reminder_window_get_a_due_soon_reminder() {
        let settings = ReminderSettings::default();
        let due = d("2026-12-10");
        let at = |s: &str| format!("{s}T09:00:00Z").parse::<DateTime<Utc>>().unwrap();
        assert!(owes_due_soon(at("2026-11-01"), due, &settings));
        assert!(!owes_due_soon(at("2026-12-05"), due, &settings));
        let off = ReminderSettings {
            before_days: 0,
            ..settings
        };
        assert!(!owes_due_soon(at("2026-11-01"), due, &off));
    }

    #[test]
    fn staff_are_grouped_under_their_manager_in_order() {
        let groups = by_manager(vec![
            ("b@x.se".to_owned(), 1),
            ("A@x.se".to_owned(), 2),
            ("a@x.se".to_owned(), 3),
        ]);
        assert_eq!(groups["a@x.se"], vec![2, 3]);
        assert_eq!(groups["b@x.se"], vec![1]);
    }
}
