//! When to try a message again: exponential backoff, and a deadline after which it is
//! given up and shown to admins.

use chrono::{DateTime, Duration, Utc};

/// Retries double from `base` and stop growing at an hour.
pub const MAX_BACKOFF: Duration = Duration::hours(1);

/// The next attempt after `attempts` failed ones (counting the one that just failed), or
/// `None` when the message has been trying since `queued` for longer than `give_up_after`.
pub fn next_attempt(
    queued: DateTime<Utc>,
    attempts: u32,
    now: DateTime<Utc>,
    base: Duration,
    give_up_after: Duration,
) -> Option<DateTime<Utc>> {
    if now - queued >= give_up_after {
        return None;
    }
    let factor = 2i32.saturating_pow(attempts.saturating_sub(1).min(30));
    let wait = (base * factor).min(MAX_BACKOFF);
    Some(now + wait)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::UNIX_EPOCH + Duration::seconds(seconds)
    }

    #[test]
    fn retries_double_from_the_base_and_stop_growing_at_an_hour() {
        let base = Duration::seconds(30);
        let day = Duration::days(2);
        let waits: Vec<i64> = (1..=9)
            .map(|n| (next_attempt(at(0), n, at(0), base, day).unwrap() - at(0)).num_seconds())
            .collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
        assert!(
            next_attempt(at(0), 1000, at(0), base, day).is_some(),
            "no overflow"
        );
    }

    #[test]
    fn a_message_is_given_up_once_its_time_is_over() {
        let base = Duration::seconds(30);
        let give_up = Duration::hours(48);
        assert!(next_attempt(at(0), 3, at(48 * 3600 - 1), base, give_up).is_some());
        assert_eq!(next_attempt(at(0), 3, at(48 * 3600), base, give_up), None);
    }
}
