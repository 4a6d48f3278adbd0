//! Whether a certificate holds on a given day.

use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Valid,
    /// Past its valid-until date.
    Expired,
    /// Withdrawn by an administrator.
    Revoked,
    /// A recertification issued a newer certificate in its place.
    Superseded,
}

impl Status {
    /// Revocation outranks everything; a superseded certificate says so even before it
    /// would have expired, so that only the newest one reads as valid.
    pub fn on(
        day: NaiveDate,
        valid_until: Option<NaiveDate>,
        revoked: bool,
        superseded: bool,
    ) -> Status {
        if revoked {
            Status::Revoked
        } else if superseded {
            Status::Superseded
        } else if valid_until.is_some_and(|until| day > until) {
            Status::Expired
        } else {
            Status::Valid
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Status::Valid => "valid",
            Status::Expired => "expired",
            Status::Revoked => "revoked",
            Status::Superseded => "superseded",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_certificate_is_valid_through_its_last_day_and_expired_after() {
        let until = Some(d("2027-11-27"));
        assert_eq!(
            Status::on(d("2027-11-27"), until, false, false),
            Status::Valid
        );
        assert_eq!(
            Status::on(d("2027-11-28"), until, false, false),
            Status::Expired
        );
        assert_eq!(
            Status::on(d("2040-01-01"), None, false, false),
            Status::Valid
        );
    }

    #[test]
    fn revocation_outranks_supersession_which_outranks_expiry() {
        let until = Some(d("2020-01-01"));
        assert_eq!(
            Status::on(d("2026-01-01"), until, true, true),
            Status::Revoked
        );
        assert_eq!(
            Status::on(d("2026-01-01"), until, false, true),
            Status::Superseded
        );
    }
}
