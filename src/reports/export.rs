//! The CSV export of the people view: one row per person and course.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::Language;

use super::Status;

/// One current enrolment as the export and the people view show it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct PersonRow {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    #[serde(skip)]
    pub department_id: Option<i64>,
    /// The department's path.
    pub department: Option<String>,
    pub course_id: i64,
    pub cycle: i32,
    pub status: Status,
    pub enrolled_at: DateTime<Utc>,
    pub due_date: Option<NaiveDate>,
    pub started_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
}

pub fn header(lang: Language) -> [&'static str; 11] {
    match lang {
        Language::Sv => [
            "e-post",
            "namn",
            "avdelning",
            "kurs",
            "kursnamn",
            "omgång",
            "status",
            "inskriven",
            "sista datum",
            "påbörjad",
            "klar",
        ],
        Language::En => [
            "email",
            "name",
            "department",
            "course",
            "course title",
            "cycle",
            "status",
            "enrolled",
            "due",
            "started",
            "completed",
        ],
    }
}

/// One cell, borrowed where it can be: an export writes a million rows.
pub enum Cell<'a> {
    Text(&'a str),
    /// Text that a spreadsheet would run as a formula, behind a `'`.
    Guarded(String),
    /// `YYYY-MM-DD`.
    Date([u8; 10]),
    Number(String),
}

impl AsRef<[u8]> for Cell<'_> {
    fn as_ref(&self) -> &[u8] {
        match self {
            Cell::Text(s) => s.as_bytes(),
            Cell::Guarded(s) | Cell::Number(s) => s.as_bytes(),
            Cell::Date(d) => d,
        }
    }
}

/// Text from an HR file or a course: a cell starting with `=`, `+`, `-`, `@`, tab or
/// carriage return gets a leading `'`, so that a spreadsheet shows it instead of running it.
fn text(cell: &str) -> Cell<'_> {
    match guarded(cell) {
        std::borrow::Cow::Borrowed(cell) => Cell::Text(cell),
        std::borrow::Cow::Owned(cell) => Cell::Guarded(cell),
    }
}

/// [`text`] for writers of owned cells, such as the evaluation export.
pub fn guarded(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

fn date(d: NaiveDate) -> Cell<'static> {
    use chrono::Datelike;
    let mut out = *b"0000-00-00";
    let (y, m, day) = (d.year().clamp(0, 9999) as u32, d.month(), d.day());
    for (i, digit) in [y / 1000, y / 100 % 10, y / 10 % 10, y % 10]
        .into_iter()
        .enumerate()
    {
        out[i] = b'0' + digit as u8;
    }
    out[5] = b'0' + (m / 10) as u8;
    out[6] = b'0' + (m % 10) as u8;
    out[8] = b'0' + (day / 10) as u8;
    out[9] = b'0' + (day % 10) as u8;
    Cell::Date(out)
}

fn optional_date(d: Option<NaiveDate>) -> Cell<'static> {
    d.map_or(Cell::Text(""), date)
}

/// The row's cells, in [`header`]'s order. `course` is the course's id and title.
pub fn cells<'a>(
    row: &'a PersonRow,
    course: (&'a str, &'a str),
    department: &'a str,
) -> [Cell<'a>; 11] {
    [
        text(&row.email),
        text(&row.name),
        text(department),
        text(course.0),
        text(course.1),
        Cell::Number(row.cycle.to_string()),
        Cell::Text(row.status.as_str()),
        date(row.enrolled_at.date_naive()),
        optional_date(row.due_date),
        optional_date(row.started_at.map(|d| d.date_naive())),
        optional_date(row.completed_at.map(|d| d.date_naive())),
    ]
}
