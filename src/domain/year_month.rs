//! `YearMonth`: a calendar month such as the legal status of a course ("2026-11").

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::Language;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct YearMonth {
    year: u16,
    month: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a month written as YYYY-MM, such as \"2026-11\"")]
pub struct ParseYearMonthError(pub String);

impl YearMonth {
    pub fn parse(s: &str) -> Result<Self, ParseYearMonthError> {
        let err = || ParseYearMonthError(s.to_owned());
        let (year, month) = s.trim().split_once('-').ok_or_else(err)?;
        let plain =
            |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
        if !plain(year, 4) || !plain(month, 2) {
            return Err(err());
        }
        let (year, month): (u16, u8) = (
            year.parse().map_err(|_| err())?,
            month.parse().map_err(|_| err())?,
        );
        if !(2000..=2999).contains(&year) || !(1..=12).contains(&month) {
            return Err(err());
        }
        Ok(YearMonth { year, month })
    }

    /// "november 2026" or "November 2026".
    pub fn long(&self, lang: Language) -> String {
        let month = super::format::month_name(usize::from(self.month - 1), lang);
        format!("{month} {}", self.year)
    }

    /// Whether more than `months` whole months lie between this month and `today`'s.
    pub fn older_than(&self, months: u16, today: NaiveDate) -> bool {
        let index = |year: i32, month: u32| year * 12 + month as i32;
        let age =
            index(today.year(), today.month()) - index(i32::from(self.year), u32::from(self.month));
        age > i32::from(months)
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl TryFrom<String> for YearMonth {
    type Error = ParseYearMonthError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        YearMonth::parse(&s)
    }
}

impl From<YearMonth> for String {
    fn from(m: YearMonth) -> String {
        m.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_month_is_read_as_yyyy_mm_and_written_out_in_either_language() {
        let m = YearMonth::parse("2026-11").unwrap();
        assert_eq!(m.to_string(), "2026-11");
        assert_eq!(m.long(Language::Sv), "november 2026");
        assert_eq!(m.long(Language::En), "November 2026");
        for bad in [
            "2026-13",
            "2026-00",
            "26-11",
            "2026-1",
            "november 2026",
            "2026-11-29",
            "",
        ] {
            assert!(YearMonth::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn it_is_older_than_a_validity_only_once_the_whole_period_has_passed() {
        let m = YearMonth::parse("2026-11").unwrap();
        assert!(!m.older_than(24, day(2028, 11, 30)));
        assert!(m.older_than(24, day(2028, 12, 1)));
        assert!(!m.older_than(24, day(2026, 11, 1)));
    }
}
