//! Staff import files: the HR system's CSV export, read and checked in full before anything
//! is written. Knows nothing of the database; [`crate::store::staff`] applies the result.

mod encoding;
mod lines;
pub mod plan;
mod problem;

use std::collections::HashMap;

pub use problem::{Problem, RowError};

use crate::domain::{Email, Language};

/// One person as the HR export describes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffRow {
    /// The line in the file, for messages.
    pub line: u64,
    pub email: Email,
    pub name: String,
    /// `Malmö stad/Socialförvaltningen/Enhet Nord`, parts trimmed.
    pub department: String,
    pub manager_email: Option<Email>,
    pub locale: Option<Language>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Email,
    Name,
    Department,
    Manager,
    Locale,
}

/// The accepted headers, English and Swedish, compared case-insensitively.
const HEADERS: &[(&str, Column)] = &[
    ("email", Column::Email),
    ("e-post", Column::Email),
    ("epost", Column::Email),
    ("name", Column::Name),
    ("namn", Column::Name),
    ("department", Column::Department),
    ("avdelning", Column::Department),
    ("manager_email", Column::Manager),
    ("chef", Column::Manager),
    ("locale", Column::Locale),
    ("språk", Column::Locale),
];

/// Files above this many rows are refused: ten times a large municipality.
pub const MAX_ROWS: usize = 500_000;

#[derive(Debug)]
pub struct StaffFile {
    pub rows: Vec<StaffRow>,
    pub delimiter: char,
    pub windows_1252: bool,
}

fn whole(problem: Problem) -> Vec<RowError> {
    vec![RowError { line: 0, problem }]
}

/// Reads and checks every row. Any error rejects the whole file, with every problem listed.
pub fn parse(bytes: &[u8]) -> Result<StaffFile, Vec<RowError>> {
    let (text, windows_1252) = encoding::decode(bytes).map_err(whole)?;
    let header_line = text.lines().next().unwrap_or_default();
    if header_line.trim().is_empty() {
        return Err(whole(Problem::Empty));
    }
    let delimiter = detect_delimiter(header_line);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter as u8)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|_| whole(Problem::HeaderUnreadable))?
        .clone();
    let columns = map_columns(&headers)?;
    // The csv reader counts `\r\n` apart from `\n`; people count the lines they see.
    let lines = lines::LineIndex::new(&text);
    let line_at =
        |position: Option<&csv::Position>| position.map_or(0, |p| lines.line_of(p.byte()));

    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashMap<Email, u64> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                errors.push(RowError {
                    line: line_at(err.position()),
                    problem: Problem::Unreadable,
                });
                continue;
            }
        };
        let line = line_at(record.position());
        if record.iter().all(str::is_empty) {
            continue;
        }
        if rows.len() + errors.len() >= MAX_ROWS {
            return Err(whole(Problem::TooManyRows(MAX_ROWS)));
        }
        if record.len() != headers.len() {
            errors.push(RowError {
                line,
                problem: Problem::FieldCount {
                    found: record.len(),
                    expected: headers.len(),
                },
            });
            continue;
        }
        match row(line, &record, &columns) {
            Ok(row) => {
                if let Some(first) = seen.insert(row.email.clone(), line) {
                    errors.push(RowError {
                        line,
                        problem: Problem::AlreadyListed {
                            email: row.email.to_string(),
                            first_line: first,
                        },
                    });
                } else {
                    rows.push(row);
                }
            }
            Err(mut problems) => errors.append(&mut problems),
        }
    }
    if errors.is_empty() {
        Ok(StaffFile {
            rows,
            delimiter,
            windows_1252,
        })
    } else {
        Err(errors)
    }
}

/// The delimiter that splits the header into the most known column names: `,`, `;` or tab.
fn detect_delimiter(header: &str) -> char {
    [',', ';', '\t']
        .into_iter()
        .max_by_key(|d| header.split(*d).filter(|h| column_of(h).is_some()).count())
        .unwrap_or(',')
}

fn column_of(header: &str) -> Option<Column> {
    let header = header.trim().trim_matches('"').to_lowercase();
    HEADERS
        .iter()
        .find(|(name, _)| *name == header)
        .map(|(_, c)| *c)
}

fn map_columns(headers: &csv::StringRecord) -> Result<Vec<Column>, Vec<RowError>> {
    let mut columns = Vec::new();
    let mut errors = Vec::new();
    for header in headers {
        match column_of(header) {
            Some(column) if columns.contains(&column) => errors.push(RowError {
                line: 1,
                problem: Problem::DuplicateColumn(header.to_owned()),
            }),
            Some(column) => columns.push(column),
            None => errors.push(RowError {
                line: 1,
                problem: Problem::UnknownColumn(header.to_owned()),
            }),
        }
    }
    for (required, name) in [
        (Column::Email, "email"),
        (Column::Name, "name"),
        (Column::Department, "department"),
    ] {
        if !columns.contains(&required) && errors.is_empty() {
            errors.push(RowError {
                line: 1,
                problem: Problem::MissingColumn(name),
            });
        }
    }
    if errors.is_empty() {
        Ok(columns)
    } else {
        Err(errors)
    }
}

fn row(
    line: u64,
    record: &csv::StringRecord,
    columns: &[Column],
) -> Result<StaffRow, Vec<RowError>> {
    let field = |column: Column| {
        columns
            .iter()
            .position(|c| *c == column)
            .and_then(|i| record.get(i))
            .unwrap_or_default()
    };
    let mut errors = Vec::new();
    let mut fail = |problem: Problem| errors.push(RowError { line, problem });

    let email = Email::parse(field(Column::Email))
        .map_err(|e| fail(Problem::BadEmail(e.0)))
        .ok();
    let name = field(Column::Name).to_owned();
    if name.is_empty() {
        fail(Problem::EmptyName);
    }
    let department = department_path(field(Column::Department));
    if department.is_none() {
        fail(Problem::BadDepartment(field(Column::Department).to_owned()));
    }
    let manager_email = match field(Column::Manager) {
        "" => None,
        raw => Email::parse(raw)
            .map_err(|e| fail(Problem::BadManager(e.0)))
            .ok(),
    };
    let locale = match field(Column::Locale).to_lowercase().as_str() {
        "" => None,
        "sv" | "svenska" | "swedish" => Some(Language::Sv),
        "en" | "engelska" | "english" => Some(Language::En),
        other => {
            fail(Problem::UnknownLanguage(other.to_owned()));
            None
        }
    };
    match (email, department) {
        (Some(email), Some(department)) if errors.is_empty() => Ok(StaffRow {
            line,
            email,
            name,
            department,
            manager_email,
            locale,
        }),
        _ => Err(errors),
    }
}

/// Trims each part of a `/`-separated path; `None` when a part is empty.
pub fn department_path(raw: &str) -> Option<String> {
    let parts: Vec<&str> = raw.split('/').map(str::trim).collect();
    (!raw.trim().is_empty() && parts.iter().all(|p| !p.is_empty()) && parts.len() <= 10)
        .then(|| parts.join("/"))
}

#[cfg(test)]
mod tests;
