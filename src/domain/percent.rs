//! `Percent`: a whole percentage from 0 to 100, such as a pass mark or a score.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u8")]
pub struct Percent(u8);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0} is not a percentage: it must be a whole number from 0 to 100")]
pub struct ParsePercentError(pub i64);

impl Percent {
    pub const ZERO: Percent = Percent(0);

    pub fn new(value: i64) -> Result<Self, ParsePercentError> {
        u8::try_from(value)
            .ok()
            .filter(|v| *v <= 100)
            .map(Self)
            .ok_or(ParsePercentError(value))
    }

    /// `part` of `whole`, rounded down so that a score never rounds up to a pass.
    /// An empty whole counts as 0%.
    pub fn of(part: usize, whole: usize) -> Self {
        if whole == 0 {
            return Self::ZERO;
        }
        let part = part.min(whole) as u128;
        // Cannot exceed 100 since part <= whole.
        Self((part * 100 / whole as u128) as u8)
    }

    pub fn value(self) -> u8 {
        self.0
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.0)
    }
}

impl TryFrom<i64> for Percent {
    type Error = ParsePercentError;
    fn try_from(v: i64) -> Result<Self, Self::Error> {
        Self::new(v)
    }
}

impl From<Percent> for u8 {
    fn from(p: Percent) -> Self {
        p.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_to_one_hundred_are_percentages() {
        assert_eq!(Percent::new(0).map(Percent::value), Ok(0));
        assert_eq!(Percent::new(100).map(Percent::value), Ok(100));
    }

    #[test]
    fn values_outside_zero_to_one_hundred_are_rejected() {
        assert_eq!(Percent::new(101), Err(ParsePercentError(101)));
        assert_eq!(Percent::new(-1), Err(ParsePercentError(-1)));
        assert!(serde_json::from_str::<Percent>("250").is_err());
    }

    #[test]
    fn a_share_rounds_down() {
        assert_eq!(Percent::of(2, 3).value(), 66);
        assert_eq!(Percent::of(3, 3).value(), 100);
        assert_eq!(Percent::of(1, 0).value(), 0);
    }
}
