//! Dates and numbers as each language writes them.

use chrono::{Datelike, NaiveDate};

use super::Language;

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
    let month = month_name(date.month0() as usize, lang);
    format!("{} {month} {}", date.day(), date.year())
}

/// The name of the month `month0` (0 for January) as the language writes it in a date.
pub fn month_name(month0: usize, lang: Language) -> &'static str {
    let months = match lang {
        Language::Sv => &MONTHS_SV,
        Language::En => &MONTHS_EN,
    };
    months[month0 % 12]
}

/// Thousands grouped as each language does: "100 000" (with a no-break space) in
/// Swedish, "100,000" in English.
pub fn number(n: i64, lang: Language) -> String {
    let separator = match lang {
        Language::Sv => '\u{a0}',
        Language::En => ',',
    };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// A measured value with `places` decimals, with Swedish's decimal comma and a true minus
/// sign; `signed` writes a plus on gains, as changes are read.
pub fn decimal(x: f64, places: usize, signed: bool, lang: Language) -> String {
    let rounded = format!("{:.*}", places, x.abs());
    let zero = rounded.chars().all(|c| c == '0' || c == '.');
    let body = match lang {
        Language::Sv => rounded.replace('.', ","),
        Language::En => rounded,
    };
    let sign = match (x < 0.0 && !zero, signed && x > 0.0 && !zero) {
        (true, _) => "\u{2212}",
        (false, true) => "+",
        _ => "",
    };
    format!("{sign}{body}")
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

    #[test]
    fn thousands_are_grouped_as_each_language_does() {
        assert_eq!(number(100_000, Language::Sv), "100\u{a0}000");
        assert_eq!(number(1_234_567, Language::En), "1,234,567");
        assert_eq!(number(999, Language::En), "999");
        assert_eq!(number(-4_000, Language::En), "-4,000");
        assert_eq!(number(0, Language::Sv), "0");
    }

    #[test]
    fn decimals_use_each_languages_mark_and_changes_carry_their_sign() {
        assert_eq!(decimal(41.666, 1, false, Language::Sv), "41,7");
        assert_eq!(decimal(41.666, 1, false, Language::En), "41.7");
        assert_eq!(decimal(2.0, 1, true, Language::En), "+2.0");
        assert_eq!(decimal(-0.35, 2, true, Language::Sv), "\u{2212}0,35");
        assert_eq!(decimal(-0.01, 1, true, Language::Sv), "0,0");
    }
}
