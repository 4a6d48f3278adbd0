//! Assignments through the web: listed, created and removed within the viewer's scope.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::DatabaseConnection;
use serde::Deserialize;

use crate::domain::DueRule;
use crate::reminders::Notices;
use crate::store::assignments::{self, Applied, Assignment};
use crate::store::courses;
use crate::store::reports as queries;

use super::{HrError, Viewer};

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

impl NewAssignment {
    fn department(&self) -> Result<Option<i64>, HrError> {
        let d = self.department.trim();
        if d.is_empty() {
            return Ok(None);
        }
        d.parse::<i64>()
            .map(Some)
            .map_err(|_| HrError::Invalid(format!("{d:?} is not a department")))
    }

    fn rule(&self, today: NaiveDate) -> Result<DueRule, HrError> {
        match self.due_kind.as_str() {
            "date" => {
                let date = NaiveDate::parse_from_str(self.due_date.trim(), "%Y-%m-%d")
                    .map_err(|_| HrError::Invalid("Give the due date as 2026-12-31.".into()))?;
                if date < today {
                    return Err(HrError::Invalid("The due date has already passed.".into()));
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
                .ok_or_else(|| {
                    HrError::Invalid(
                        "Give the number of days as a whole number from 1 to 3650.".into(),
                    )
                }),
            _ => Err(HrError::Invalid(
                "Choose a fixed date or a number of days.".into(),
            )),
        }
    }
}

/// The active assignments inside the viewer's scope.
pub async fn assignments(
    db: &DatabaseConnection,
    viewer: &Viewer,
) -> Result<Vec<AssignmentView>, HrError> {
    let tree = queries::departments(db).await?;
    Ok(assignments::list(db)
        .await?
        .into_iter()
        .filter(|(a, _, _)| viewer.scope.covers(&tree, a.department_id))
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
    db: &DatabaseConnection,
    viewer: &Viewer,
    new: &NewAssignment,
    notices: &Notices<'_>,
    recertify_days: u16,
    now: DateTime<Utc>,
) -> Result<(Assignment, Applied), HrError> {
    let rule = new.rule(now.date_naive())?;
    let department = new.department()?;
    let tree = queries::departments(db).await?;
    viewer.check_department(&tree, department)?;
    let course = courses::find_by_slug(db, new.course.trim())
        .await?
        .filter(|c| c.published)
        .ok_or_else(|| HrError::UnknownCourse(new.course.trim().to_owned()))?;
    let created = assignments::create(db, course.id, department, rule, &viewer.actor, now).await?;
    let applied = notices.apply_assignments(db, now, recertify_days).await?;
    Ok((created, applied))
}

/// Removes an assignment inside the viewer's scope; its enrolments stay.
pub async fn remove_assignment(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), HrError> {
    let Some(found) = assignments::find(db, id).await? else {
        return Err(viewer.unknown(HrError::UnknownAssignment(id)));
    };
    let tree = queries::departments(db).await?;
    viewer.check_department(&tree, found.department_id)?;
    if assignments::remove(db, id, &viewer.actor, now).await? {
        Ok(())
    } else {
        Err(HrError::UnknownAssignment(id))
    }
}
