//! Assignments through the web: listed, created and removed within the viewer's scope.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use super::Applied;
use crate::domain::DueRule;
use crate::store::assignments::{self, Assignment};
use crate::store::courses;
use crate::store::report_queries as queries;

use super::{Hr, HrError};

/// An active assignment as HR sees it.
#[derive(Debug, Clone)]
pub struct AssignmentView {
    pub assignment: Assignment,
    pub course_slug: String,
    /// `None`: the whole organisation.
    pub department: Option<String>,
}

/// The assignment form, before it is checked.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct NewAssignment {
    pub course: String,
    /// A department id, or empty for the whole organisation.
    #[serde(default)]
    pub department: String,
    /// `date` or `days`.
    pub due_kind: String,
    #[serde(default)]
    pub due_date: String,
    #[serde(default)]
    pub due_days: String,
}

/// What can be wrong with the assignment form, each tied to its field, so the page can
/// show the form again with the message beside the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignmentProblem {
    NoSuchCourse,
    NoSuchDepartment,
    NoDueKind,
    DateUnreadable,
    DatePassed,
    DaysOutOfRange,
}

impl AssignmentProblem {
    /// The form field the problem is about.
    pub fn field(self) -> &'static str {
        match self {
            AssignmentProblem::NoSuchCourse => "course",
            AssignmentProblem::NoSuchDepartment => "department",
            AssignmentProblem::NoDueKind
            | AssignmentProblem::DateUnreadable
            | AssignmentProblem::DatePassed => "due_date",
            AssignmentProblem::DaysOutOfRange => "due_days",
        }
    }

    /// In English, for logs and the API.
    pub fn describe(self) -> &'static str {
        match self {
            AssignmentProblem::NoSuchCourse => "There is no such published course.",
            AssignmentProblem::NoSuchDepartment => "There is no such department.",
            AssignmentProblem::NoDueKind => "Choose a fixed date or a number of days.",
            AssignmentProblem::DateUnreadable => "Give the due date as 2026-12-31.",
            AssignmentProblem::DatePassed => "The due date has already passed.",
            AssignmentProblem::DaysOutOfRange => {
                "Give the number of days as a whole number from 1 to 3650."
            }
        }
    }
}

impl NewAssignment {
    fn department(&self) -> Result<Option<i64>, AssignmentProblem> {
        let d = self.department.trim();
        if d.is_empty() {
            return Ok(None);
        }
        d.parse::<i64>()
            .map(Some)
            .map_err(|_| AssignmentProblem::NoSuchDepartment)
    }

    fn rule(&self, today: NaiveDate) -> Result<DueRule, AssignmentProblem> {
        match self.due_kind.as_str() {
            "date" => {
                let date = NaiveDate::parse_from_str(self.due_date.trim(), "%Y-%m-%d")
                    .map_err(|_| AssignmentProblem::DateUnreadable)?;
                if date < today {
                    return Err(AssignmentProblem::DatePassed);
                }
                Ok(DueRule::Fixed(date))
            }
            "days" => self
                .due_days
                .trim()
                .parse::<u16>()
                .ok()
                .filter(|d| (1..=3650).contains(d))
                .map(DueRule::DaysAfterAssigned)
                .ok_or(AssignmentProblem::DaysOutOfRange),
            _ => Err(AssignmentProblem::NoDueKind),
        }
    }
}

impl Hr<'_> {
    /// The active assignments inside the viewer's scope.
    pub async fn assignments(&self) -> Result<Vec<AssignmentView>, HrError> {
        let tree = queries::departments(self.db).await?;
        Ok(assignments::list(self.db)
            .await?
            .into_iter()
            .filter(|(a, _, _)| self.viewer.scope.covers(&tree, a.department_id))
            .map(|(assignment, course_slug, department)| AssignmentView {
                assignment,
                course_slug,
                department,
            })
            .collect())
    }

    /// Checks and creates an assignment, then applies it at once, with the notices of the
    /// people it enrols.
    pub async fn create_assignment(
        &self,
        new: &NewAssignment,
        now: DateTime<Utc>,
    ) -> Result<(Assignment, Applied), HrError> {
        // Every problem at once, so the form can show them all.
        let rule = new.rule(now.date_naive());
        let department = new.department();
        let course = courses::find_by_slug(self.db, new.course.trim())
            .await?
            .filter(|c| c.published)
            .ok_or(AssignmentProblem::NoSuchCourse);
        let (rule, department, course) = match (rule, department, course) {
            (Ok(rule), Ok(department), Ok(course)) => (rule, department, course),
            (rule, department, course) => {
                let problems = [rule.err(), department.err(), course.err()];
                return Err(HrError::Assignment(
                    problems.into_iter().flatten().collect(),
                ));
            }
        };
        let tree = queries::departments(self.db).await?;
        self.viewer.check_department(&tree, department)?;
        let created = assignments::create(
            self.db,
            course.id,
            department,
            rule,
            &self.viewer.actor,
            now,
        )
        .await?;
        let applied = self
            .notices
            .apply_assignments(self.db, now, self.recertify_days)
            .await?;
        Ok((created, applied))
    }

    /// Removes an assignment inside the viewer's scope; its enrolments stay.
    pub async fn remove_assignment(&self, id: i64, now: DateTime<Utc>) -> Result<(), HrError> {
        let Some(found) = assignments::find(self.db, id).await? else {
            return Err(self.viewer.unknown(HrError::UnknownAssignment(id)));
        };
        let tree = queries::departments(self.db).await?;
        self.viewer.check_department(&tree, found.department_id)?;
        if assignments::remove(self.db, id, &self.viewer.actor, now).await? {
            Ok(())
        } else {
            Err(HrError::UnknownAssignment(id))
        }
    }
}
