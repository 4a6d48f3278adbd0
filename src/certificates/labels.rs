//! The certificate's own words, and dates written out as people write them.

use chrono::{Datelike, NaiveDate};

use crate::domain::Language;

pub(super) struct Labels {
    pub title: &'static str,
    pub certifies: &'static str,
    pub completed: &'static str,
    pub on_date: &'static str,
    pub valid_until: &'static str,
    pub issued_by: &'static str,
    pub code: &'static str,
    pub verify: &'static str,
}

pub(super) fn labels(lang: Language) -> Labels {
    match lang {
        Language::Sv => Labels {
            title: "Intyg",
            certifies: "Härmed intygas att",
            completed: "har genomfört kursen",
            on_date: "Genomförd",
            valid_until: "Giltigt till och med",
            issued_by: "Utfärdat av",
            code: "Verifieringskod",
            verify: "Kontrollera intyget på",
        },
        Language::En => Labels {
            title: "Certificate",
            certifies: "This is to certify that",
            completed: "has completed the course",
            on_date: "Completed",
            valid_until: "Valid until",
            issued_by: "Issued by",
            code: "Verification code",
            verify: "Check this certificate at",
        },
    }
}

const MONTHS_SV: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "27 november 2026" in Swedish, "27 November 2026" in English.
pub fn long_date(date: NaiveDate, lang: Language) -> String {
    let months = match lang {
        Language::Sv => &MONTHS_SV,
        Language::En => &MONTHS_EN,
    };
    let month = months[date.month0() as usize];
    format!("{} {month} {}", date.day(), date.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_out_in_each_language() {
        let date: NaiveDate = "2026-03-05".parse().unwrap();
        assert_eq!(long_date(date, Language::Sv), "5 mars 2026");
        assert_eq!(long_date(date, Language::En), "5 March 2026");
    }
}
