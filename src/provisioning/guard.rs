//! The guard against mass deactivation: a directory sync that goes wrong (a changed
//! scope, a broken attribute) must not deactivate hundreds of valid accounts at once.

/// How many deactivations by the directory an hour are let through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Guard {
    /// Per cent of active staff.
    pub percent: u8,
    /// Never fewer than this many.
    pub minimum: u32,
}

/// What happens to a deactivation the directory asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Apply,
    Hold(Reason),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// This one would exceed the hour's allowance.
    OverThreshold,
    /// Others are already waiting for an admin: the rest of the run waits with them.
    OthersHeld,
    /// Administrators are never deactivated by the directory without another admin.
    Administrator,
}

impl Reason {
    pub fn code(self) -> &'static str {
        match self {
            Self::OverThreshold => "over_threshold",
            Self::OthersHeld => "others_held",
            Self::Administrator => "administrator",
        }
    }
}

impl Guard {
    /// The most deactivations let through in an hour with `active` people active.
    pub fn threshold(&self, active: u64) -> u64 {
        let share = (active * u64::from(self.percent)).div_ceil(100);
        share.max(u64::from(self.minimum))
    }

    /// Whether one more deactivation is let through, after `last_hour` of them, with
    /// `active` people active as the hour began and `held` waiting.
    pub fn judge(&self, active: u64, last_hour: u64, held: u64, administrator: bool) -> Verdict {
        if administrator {
            Verdict::Hold(Reason::Administrator)
        } else if held > 0 {
            Verdict::Hold(Reason::OthersHeld)
        } else if last_hour + 1 > self.threshold(active) {
            Verdict::Hold(Reason::OverThreshold)
        } else {
            Verdict::Apply
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFAULT: Guard = Guard {
        percent: 5,
        minimum: 20,
    };

    #[test]
    fn the_threshold_is_five_per_cent_of_active_staff_and_at_least_twenty() {
        assert_eq!(DEFAULT.threshold(1_000), 50);
        assert_eq!(DEFAULT.threshold(100), 20);
        assert_eq!(DEFAULT.threshold(1_001), 51);
        assert_eq!(DEFAULT.threshold(0), 20);
    }

    #[test]
    fn the_fifty_first_deactivation_of_a_thousand_in_an_hour_is_held() {
        assert_eq!(DEFAULT.judge(1_000, 49, 0, false), Verdict::Apply);
        assert_eq!(
            DEFAULT.judge(1_000, 50, 0, false),
            Verdict::Hold(Reason::OverThreshold)
        );
    }

    #[test]
    fn once_some_are_held_the_rest_wait_with_them() {
        assert_eq!(
            DEFAULT.judge(1_000, 0, 3, false),
            Verdict::Hold(Reason::OthersHeld)
        );
    }

    #[test]
    fn an_administrator_is_always_held() {
        assert_eq!(
            DEFAULT.judge(1_000, 0, 0, true),
            Verdict::Hold(Reason::Administrator)
        );
    }
}
