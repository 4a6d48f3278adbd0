//! The assignment run: turns every active assignment into enrolments, for everyone in
//! its scope who is neither enrolled nor already done, whenever they joined. For courses
//! with a validity, a person whose completion expires within the recertification window
//! gets a new cycle, due on the expiry day; the earlier cycle and its completion stay as
//! they are.
//!
//! The rules are here; the store answers who each assignment has work for, with a bounded
//! number of statements per assignment whatever the number of people, and writes in
//! batches.

use chrono::{DateTime, Utc};
use sea_orm::{DatabaseConnection, DatabaseTransaction};

use crate::domain::EnrolmentSource;
use crate::domain::validity::{expires_on, recertification_due, recertification_search_bound};
use crate::store::assignment_candidates::{self as candidates, Scope};
use crate::store::assignments::{self, Assignment};
use crate::store::learning::{self, NewEnrolment};
use crate::store::{StoreError, begin_write, courses, report_queries};

/// What a run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Applied {
    /// New enrolments.
    pub enrolled: usize,
    /// Self-enrolments, not yet completed, that now carry the assignment's due date.
    pub given_due_dates: usize,
    /// New cycles opened because a completion is about to expire.
    pub recertifications: usize,
}

/// Applies every active assignment, in one transaction.
pub async fn apply_assignments(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    recertify_window_days: u16,
) -> Result<Applied, StoreError> {
    let txn = begin_write(db).await?;
    let applied = apply_assignments_in(&txn, now, recertify_window_days).await?;
    txn.commit().await?;
    Ok(applied)
}

/// [`apply_assignments`] inside the caller's transaction, so that what follows from the
/// new enrolments (their notices) is written with them or not at all.
pub async fn apply_assignments_in(
    txn: &DatabaseTransaction,
    now: DateTime<Utc>,
    recertify_window_days: u16,
) -> Result<Applied, StoreError> {
    let today = now.date_naive();
    let mut total = Applied::default();
    for assignment in assignments::active(txn).await? {
        let Some(due) = assignment.rule().map(|rule| rule.due_for(today)) else {
            continue;
        };
        let Some(target) = Target::of(txn, &assignment).await? else {
            continue;
        };
        let Some(scope) = Scope::of(txn, assignment.department_id).await? else {
            continue;
        };
        let new_enrolment = |user_id, cycle, due_date, source| NewEnrolment {
            user_id,
            course_id: target.course_id,
            version_id: target.version_id,
            cycle,
            source,
            due_date: Some(due_date),
            assignment_id: Some(assignment.id),
        };
        let mut new: Vec<NewEnrolment> =
            candidates::newcomers(txn, &scope, target.course_id, target.translation_id)
                .await?
                .into_iter()
                .map(|person| new_enrolment(person, 1, due, EnrolmentSource::Assigned))
                .collect();
        let mut superseded = Vec::new();
        if let Some(months) = target.valid_for_months {
            let bound = recertification_search_bound(today, months, recertify_window_days);
            for done in candidates::completed_before(txn, &scope, target.course_id, bound).await? {
                let on = done.completed_at.date_naive();
                if recertification_due(on, months, recertify_window_days, today) {
                    superseded.push(done.id);
                    new.push(new_enrolment(
                        done.user_id,
                        done.cycle + 1,
                        expires_on(on, months),
                        EnrolmentSource::Recertification,
                    ));
                }
            }
        }
        let undated = candidates::undated(txn, &scope, target.course_id).await?;
        total.enrolled += new.len();
        total.recertifications += superseded.len();
        total.given_due_dates += undated.len();
        learning::insert_enrolments(txn, new, now).await?;
        learning::supersede(txn, &superseded).await?;
        learning::give_due_date(txn, &undated, due, assignment.id).await?;
    }
    // The counts follow many enrolments at once here: rebuilt, not moved one by one.
    if total != Applied::default() {
        report_queries::rebuild_counts(txn).await?;
    }
    Ok(total)
}

/// What an assignment enrols people on: its course's published version, if it has one.
#[derive(Debug, Clone, Copy)]
struct Target {
    course_id: i64,
    version_id: i64,
    valid_for_months: Option<u16>,
    /// People taking or done with the course's translation are not enrolled again.
    translation_id: Option<i64>,
}

impl Target {
    async fn of(
        txn: &DatabaseTransaction,
        assignment: &Assignment,
    ) -> Result<Option<Target>, StoreError> {
        let Some(course) = courses::find(txn, assignment.course_id).await? else {
            return Ok(None);
        };
        let Some(version_id) = course.current_version_id.filter(|_| course.published) else {
            return Ok(None);
        };
        let compiled = courses::load_version(txn, version_id).await?;
        let translation_id = match compiled.as_ref().and_then(|c| c.translation.as_ref()) {
            Some(slug) => courses::find_by_slug(txn, slug.as_str())
                .await?
                .map(|c| c.id),
            None => None,
        };
        Ok(Some(Target {
            course_id: course.id,
            version_id,
            valid_for_months: compiled.and_then(|c| c.valid_for_months),
            translation_id,
        }))
    }
}
