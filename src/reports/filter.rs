//! What a report shows: a course, a status and a due-date range, parsed from a query string.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{CountRow, State};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Completed,
    InProgress,
    NotStarted,
    /// Not completed, and the due date has passed.
    Overdue,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Completed,
        Status::InProgress,
        Status::NotStarted,
        Status::Overdue,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Completed => "completed",
            Status::InProgress => "in_progress",
            Status::NotStarted => "not_started",
            Status::Overdue => "overdue",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|status| status.as_str() == s)
    }

    /// The status of one enrolment: overdue wins over in progress and not started.
    pub fn of(state: State, overdue: bool) -> Status {
        match (state, overdue) {
            (State::Completed, _) => Status::Completed,
            (_, true) => Status::Overdue,
            (State::InProgress, false) => Status::InProgress,
            (State::NotStarted, false) => Status::NotStarted,
        }
    }
}

/// The query of a report page or API call, before it is checked.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RawFilter {
    pub department: Option<String>,
    pub course: Option<String>,
    pub status: Option<String>,
    pub due_from: Option<String>,
    pub due_to: Option<String>,
    pub page: Option<String>,
}

/// A checked report filter. The department and course are ids the caller still has to
/// look up (and check against the viewer's scope).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub department: Option<i64>,
    pub course: Option<String>,
    pub status: Option<Status>,
    pub due_from: Option<NaiveDate>,
    pub due_to: Option<NaiveDate>,
    /// From 1.
    pub page: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("the department {0:?} is not a department number")]
    Department(String),
    #[error("the status {0:?} is unknown: use completed, in_progress, not_started or overdue")]
    Status(String),
    #[error("the date {0:?} is not a date of the form 2026-12-31")]
    Date(String),
    #[error("the due-date range ends before it starts")]
    Range,
    #[error("the page {0:?} is not a page number from 1 to 100000")]
    Page(String),
}

fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl Filter {
    pub fn parse(raw: &RawFilter) -> Result<Filter, FilterError> {
        let department = present(&raw.department)
            .map(|d| {
                d.parse::<i64>()
                    .ok()
                    .filter(|id| *id > 0)
                    .ok_or_else(|| FilterError::Department(d.to_owned()))
            })
            .transpose()?;
        let status = present(&raw.status)
            .map(|s| Status::parse(s).ok_or_else(|| FilterError::Status(s.to_owned())))
            .transpose()?;
        let date = |value: &Option<String>| {
            present(value)
                .map(|d| {
                    NaiveDate::parse_from_str(d, "%Y-%m-%d")
                        .map_err(|_| FilterError::Date(d.to_owned()))
                })
                .transpose()
        };
        let due_from = date(&raw.due_from)?;
        let due_to = date(&raw.due_to)?;
        if let (Some(from), Some(to)) = (due_from, due_to)
            && to < from
        {
            return Err(FilterError::Range);
        }
        let page = match present(&raw.page) {
            None => 1,
            Some(p) => p
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=100_000).contains(n))
                .ok_or_else(|| FilterError::Page(p.to_owned()))?,
        };
        Ok(Filter {
            department,
            course: present(&raw.course).map(str::to_owned),
            status,
            due_from,
            due_to,
            page,
        })
    }

    /// Whether a counted group passes the status filter (the store applies the others).
    pub fn keeps(&self, row: &CountRow) -> bool {
        self.status.is_none_or(|s| match s {
            Status::Overdue => row.overdue,
            Status::Completed => row.state == State::Completed,
            Status::InProgress => row.state == State::InProgress,
            Status::NotStarted => row.state == State::NotStarted,
        })
    }

    /// The query string that reproduces this filter, for links and the export; without
    /// the page.
    pub fn query(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(id) = self.department {
            pairs.push(("department", id.to_string()));
        }
        if let Some(course) = &self.course {
            pairs.push(("course", course.to_owned()));
        }
        if let Some(status) = self.status {
            pairs.push(("status", status.as_str().to_owned()));
        }
        if let Some(d) = self.due_from {
            pairs.push(("due_from", d.to_string()));
        }
        if let Some(d) = self.due_to {
            pairs.push(("due_to", d.to_string()));
        }
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}
