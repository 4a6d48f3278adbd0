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

/// The row's cells. A cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`,
/// tab, carriage return) gets a leading `'`: names and paths come from an HR file.
pub fn cells(row: &PersonRow, course: (&str, &str)) -> [String; 11] {
    let date = |d: Option<DateTime<Utc>>| d.map(|d| d.date_naive().to_string()).unwrap_or_default();
    [
        guard(&row.email),
        guard(&row.name),
        guard(row.department.as_deref().unwrap_or("")),
        guard(course.0),
        guard(course.1),
        row.cycle.to_string(),
        row.status.as_str().to_owned(),
        row.enrolled_at.date_naive().to_string(),
        row.due_date.map(|d| d.to_string()).unwrap_or_default(),
        date(row.started_at),
        date(row.completed_at),
    ]
}

fn guard(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}
