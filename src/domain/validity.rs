//! Certificate validity and when a new recertification cycle opens.

use chrono::{DateTime, Days, Months, NaiveDate, NaiveTime, Utc};

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

/// Completions before this moment may be due for a new cycle today: a bound for a
/// database query, a few days wide of [`recertification_due`], which is then applied to
/// each completion found.
pub fn recertification_search_bound(
    today: NaiveDate,
    months: u16,
    window_days: u16,
) -> DateTime<Utc> {
    let latest = today
        .checked_add_days(Days::new(u64::from(window_days) + 4))
        .and_then(|d| d.checked_sub_months(Months::new(u32::from(months))))
        .unwrap_or(NaiveDate::MAX);
    latest.and_time(NaiveTime::MIN).and_utc()
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

    #[test]
    fn the_search_bound_lets_through_every_completion_due_for_a_new_cycle() {
        let start = date("2024-01-01");
        for today_offset in (0..800).step_by(7) {
            let today = start + Days::new(today_offset);
            for months in [1, 6, 12, 13, 24, 36] {
                for window in [0, 1, 30, 90] {
                    let bound = recertification_search_bound(today, months, window);
                    for back in 0..(u64::from(months) * 31 + 120) {
                        let Some(done) = today.checked_sub_days(Days::new(back)) else {
                            continue;
                        };
                        if recertification_due(done, months, window, today) {
                            let at = done.and_time(NaiveTime::MIN).and_utc();
                            assert!(
                                at + chrono::Duration::hours(23) < bound,
                                "{done} due on {today} ({months} months, {window} days)"
                            );
                        }
                    }
                }
            }
        }
    }
}
