//! What can be wrong with a staff file, in words HR can act on, in Swedish and English.

use std::fmt;

use crate::domain::Language;

/// A problem in the file; `line` is the line a person sees when opening the file in an
/// editor, and 0 means the file as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Empty,
    /// Not text at all: a spreadsheet saved as `.xlsx`, a PDF, an image.
    NotCsv,
    TooManyRows(usize),
    HeaderUnreadable,
    UnknownColumn(String),
    DuplicateColumn(String),
    MissingColumn(&'static str),
    Unreadable,
    FieldCount {
        found: usize,
        expected: usize,
    },
    BadEmail(String),
    BadManager(String),
    EmptyName,
    BadDepartment(String),
    UnknownLanguage(String),
    AlreadyListed {
        email: String,
        first_line: u64,
    },
}

impl Problem {
    pub fn message(&self, lang: Language) -> String {
        let sv = lang == Language::Sv;
        match self {
            Problem::Empty if sv => "filen är tom: den behöver en rubrikrad (e-post;namn;avdelning)".into(),
            Problem::Empty => "the file is empty: it needs a header row (email,name,department)".into(),
            Problem::NotCsv if sv => "filen är inte en CSV-fil. Spara personallistan i Excel som \"CSV UTF-8\" eller \"CSV (semikolonavgränsad)\" och försök igen.".into(),
            Problem::NotCsv => "the file is not a CSV file. Save the staff list in Excel as \"CSV UTF-8\" or \"CSV (semicolon delimited)\" and try again.".into(),
            Problem::TooManyRows(max) if sv => format!("filen har fler än {max} rader"),
            Problem::TooManyRows(max) => format!("the file has more than {max} rows"),
            Problem::HeaderUnreadable if sv => "rubrikraden går inte att läsa".into(),
            Problem::HeaderUnreadable => "the header row cannot be read".into(),
            Problem::UnknownColumn(name) if sv => format!(
                "okänd kolumn {}: kolumnerna är e-post, namn, avdelning och om du vill chef och språk (eller email, name, department, manager_email, locale), åtskilda med ; eller ,",
                quoted(name)
            ),
            Problem::UnknownColumn(name) => format!(
                "unknown column {}: the columns are email, name, department and optionally manager_email and locale (or e-post, namn, avdelning, chef, språk), separated by , or ;",
                quoted(name)
            ),
            Problem::DuplicateColumn(name) if sv => format!("kolumnen {} finns två gånger", quoted(name)),
            Problem::DuplicateColumn(name) => format!("column {} appears twice", quoted(name)),
            Problem::MissingColumn(name) if sv => format!("kolumnen {} saknas", swedish_column(name)),
            Problem::MissingColumn(name) => format!("the {name} column is missing"),
            Problem::Unreadable if sv => "raden går inte att läsa".into(),
            Problem::Unreadable => "cannot be read".into(),
            Problem::FieldCount { found, expected } if sv => {
                format!("har {found} fält, rubrikraden har {expected}")
            }
            Problem::FieldCount { found, expected } => {
                format!("has {found} fields, the header has {expected}")
            }
            Problem::BadEmail(raw) if sv => format!("{} är inte en e-postadress", quoted(raw)),
            Problem::BadEmail(raw) => format!("{} is not an email address", quoted(raw)),
            Problem::BadManager(raw) if sv => format!("chef: {} är inte en e-postadress", quoted(raw)),
            Problem::BadManager(raw) => format!("manager: {} is not an email address", quoted(raw)),
            Problem::EmptyName if sv => "namnet är tomt".into(),
            Problem::EmptyName => "the name is empty".into(),
            Problem::BadDepartment(raw) if sv => format!(
                "avdelningen {} är inte en sökväg som \"Malmö stad/Stadskontoret\"",
                quoted(raw)
            ),
            Problem::BadDepartment(raw) => format!(
                "the department {} is not a path such as \"Malmö stad/Stadskontoret\"",
                quoted(raw)
            ),
            Problem::UnknownLanguage(raw) if sv => format!("okänt språk {}: skriv sv eller en", quoted(raw)),
            Problem::UnknownLanguage(raw) => format!("unknown language {}: use sv or en", quoted(raw)),
            Problem::AlreadyListed { email, first_line } if sv => {
                format!("{email} finns redan på rad {first_line}")
            }
            Problem::AlreadyListed { email, first_line } => {
                format!("{email} is already on row {first_line}")
            }
        }
    }
}

impl RowError {
    /// `rad 4: …` or `row 4: …`; the file as a whole needs no number.
    pub fn message(&self, lang: Language) -> String {
        let text = self.problem.message(lang);
        match (self.line, lang) {
            (0, _) => text,
            (line, Language::Sv) => format!("rad {line}: {text}"),
            (line, Language::En) => format!("row {line}: {text}"),
        }
    }
}

/// In English, for the command line and logs.
impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Language::En))
    }
}

/// A value from the file in quotes, with anything unprintable shown as `�` rather than as
/// a Rust escape: HR reads these, not programmers.
fn quoted(raw: &str) -> String {
    let shown: String = raw
        .chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect();
    format!("\"{shown}\"")
}

fn swedish_column(name: &str) -> &str {
    match name {
        "email" => "e-post",
        "name" => "namn",
        "department" => "avdelning",
        other => other,
    }
}
