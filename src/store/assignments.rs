//! Assignments and the run that turns them into enrolments: for everyone in scope who is
//! neither enrolled nor already done, whenever they joined.

use std::collections::HashMap;

use chrono::{DateTime, Days, Months, NaiveDate, NaiveTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, TransactionTrait,
};

use crate::domain::DueRule;
use crate::domain::validity::{expires_on, recertification_due};

use super::StoreError;
use super::assignment_candidates::{self as candidates, Scope};
use super::audit::Actor;
use super::entities::{assignment, course, department, enrolment};

pub use assignment::Model as Assignment;

/// Rows per batched statement.
const BATCH: usize = 1_000;

impl Assignment {
    pub fn rule(&self) -> Option<DueRule> {
        match (self.due_date, self.due_days) {
            (Some(date), _) => Some(DueRule::Fixed(date)),
            (None, Some(days)) => u16::try_from(days).ok().map(DueRule::DaysAfterAssigned),
            (None, None) => None,
        }
    }
}

/// Creates an assignment and records it in the audit log, together.
pub async fn create(
    db: &DatabaseConnection,
    course_id: i64,
    department_id: Option<i64>,
    rule: DueRule,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Assignment, StoreError> {
    let (due_date, due_days) = match rule {
        DueRule::Fixed(date) => (Some(date), None),
        DueRule::DaysAfterAssigned(days) => (None, Some(i32::from(days))),
    };
    let txn = db.begin().await?;
    let created = assignment::ActiveModel {
        course_id: Set(course_id),
        department_id: Set(department_id),
        due_date: Set(due_date),
        due_days: Set(due_days),
        created_by: Set(actor.id),
        created_at: Set(now),
        removed_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let details = serde_json::json!({
        "assignment": created.id,
        "course": course_id,
        "department": department_id,
        "due_date": due_date,
        "due_days": due_days,
    });
    super::audit::record(&txn, actor, "assignment.create", details, now).await?;
    txn.commit().await?;
    Ok(created)
}

/// An active assignment.
pub async fn find(db: &DatabaseConnection, id: i64) -> Result<Option<Assignment>, StoreError> {
    Ok(assignment::Entity::find_by_id(id)
        .filter(assignment::Column::RemovedAt.is_null())
        .one(db)
        .await?)
}

/// Active assignments with their course slug and department path (`None`: everyone).
pub async fn list(
    db: &DatabaseConnection,
) -> Result<Vec<(Assignment, String, Option<String>)>, StoreError> {
    let assignments = assignment::Entity::find()
        .filter(assignment::Column::RemovedAt.is_null())
        .order_by_asc(assignment::Column::Id)
        .all(db)
        .await?;
    let courses: HashMap<i64, String> = course::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.slug))
        .collect();
    let departments: HashMap<i64, String> = department::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d.path))
        .collect();
    Ok(assignments
        .into_iter()
        .map(|a| {
            let slug = courses.get(&a.course_id).cloned().unwrap_or_default();
            let path = a.department_id.and_then(|id| departments.get(&id).cloned());
            (a, slug, path)
        })
        .collect())
}

/// Stops an assignment from enrolling anyone else; enrolments it made stay.
pub async fn remove(
    db: &DatabaseConnection,
    id: i64,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let txn = db.begin().await?;
    let result = assignment::Entity::update_many()
        .col_expr(assignment::Column::RemovedAt, Expr::value(now))
        .filter(assignment::Column::Id.eq(id))
        .filter(assignment::Column::RemovedAt.is_null())
        .exec(&txn)
        .await?;
    if result.rows_affected != 1 {
        txn.rollback().await?;
        return Ok(false);
    }
    let details = serde_json::json!({ "assignment": id });
    super::audit::record(&txn, actor, "assignment.remove", details, now).await?;
    txn.commit().await?;
    Ok(true)
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Applied {
    /// New enrolments.
    pub enrolled: usize,
    /// Self-enrolments, not yet completed, that now carry the assignment's due date.
    pub given_due_dates: usize,
    /// New cycles opened because a completion is about to expire.
    pub recertifications: usize,
}

/// Applies every active assignment, in one transaction, with a bounded number of statements
/// per assignment whatever the number of people. For courses with a validity, a person whose
/// completion expires within `recertify_window_days` gets a new cycle, due on the expiry
/// day; the earlier cycle and its completion stay as they are.
pub async fn apply_all(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    recertify_window_days: u16,
) -> Result<Applied, StoreError> {
    let txn = super::begin_write(db).await?;
    let applied = apply_all_in(&txn, now, recertify_window_days).await?;
    txn.commit().await?;
    Ok(applied)
}

/// [`apply_all`] inside the caller's transaction, so that what follows from the new
/// enrolments (their notices) is written with them or not at all.
pub async fn apply_all_in(
    txn: &DatabaseTransaction,
    now: DateTime<Utc>,
    recertify_window_days: u16,
) -> Result<Applied, StoreError> {
    let assignments = assignment::Entity::find()
        .filter(assignment::Column::RemovedAt.is_null())
        .order_by_asc(assignment::Column::Id)
        .all(txn)
        .await?;
    let mut total = Applied::default();
    for assignment in assignments {
        let Some(rule) = assignment.rule() else {
            continue;
        };
        let Some(course) = course::Entity::find_by_id(assignment.course_id)
            .one(txn)
            .await?
        else {
            continue;
        };
        let Some(version) = course.current_version_id.filter(|_| course.published) else {
            continue;
        };
        let compiled = super::courses::load_version(txn, version).await?;
        let valid_for_months = compiled.as_ref().and_then(|c| c.valid_for_months);
        let Some(scope) = Scope::of(txn, assignment.department_id).await? else {
            continue;
        };
        // People taking or done with the course's translation are not enrolled again.
        let translation_id = match compiled.as_ref().and_then(|c| c.translation.as_ref()) {
            Some(slug) => course::Entity::find()
                .filter(course::Column::Slug.eq(slug.as_str()))
                .one(txn)
                .await?
                .map(|c| c.id),
            None => None,
        };
        let today = now.date_naive();
        let due = rule.due_for(today);
        let new_enrolment = |person: i64, cycle: i32, due: chrono::NaiveDate, source: &str| {
            enrolment::ActiveModel {
                user_id: Set(person),
                course_id: Set(course.id),
                course_version_id: Set(version),
                cycle: Set(cycle),
                source: Set(source.to_owned()),
                due_date: Set(Some(due)),
                enrolled_at: Set(now),
                started_at: Set(None),
                completed_at: Set(None),
                assignment_id: Set(Some(assignment.id)),
                ..Default::default()
            }
        };
        let mut new_rows: Vec<_> = candidates::newcomers(txn, &scope, course.id, translation_id)
            .await?
            .into_iter()
            .map(|person| new_enrolment(person, 1, due, "assigned"))
            .collect();
        let to_date = candidates::undated(txn, &scope, course.id).await?;
        let mut superseded = Vec::new();
        if let Some(months) = valid_for_months {
            for e in candidates::completed_before(
                txn,
                &scope,
                course.id,
                recertification_bound(today, months, recertify_window_days),
            )
            .await?
            {
                let done = e.completed_at.date_naive();
                if recertification_due(done, months, recertify_window_days, today) {
                    total.recertifications += 1;
                    superseded.push(e.id);
                    new_rows.push(new_enrolment(
                        e.user_id,
                        e.cycle + 1,
                        expires_on(done, months),
                        "recertification",
                    ));
                }
            }
        }
        total.enrolled += new_rows.len();
        total.given_due_dates += to_date.len();
        let mut rows = new_rows.into_iter().peekable();
        while rows.peek().is_some() {
            let chunk: Vec<_> = rows.by_ref().take(BATCH).collect();
            enrolment::Entity::insert_many(chunk)
                .on_conflict(
                    OnConflict::columns([
                        enrolment::Column::UserId,
                        enrolment::Column::CourseId,
                        enrolment::Column::Cycle,
                    ])
                    .do_nothing()
                    .to_owned(),
                )
                .exec_without_returning(txn)
                .await?;
        }
        for chunk in superseded.chunks(BATCH) {
            enrolment::Entity::update_many()
                .col_expr(enrolment::Column::IsCurrent, Expr::value(false))
                .filter(enrolment::Column::Id.is_in(chunk.iter().copied()))
                .exec(txn)
                .await?;
        }
        for chunk in to_date.chunks(BATCH) {
            enrolment::Entity::update_many()
                .col_expr(enrolment::Column::DueDate, Expr::value(due))
                .col_expr(enrolment::Column::Source, Expr::value("assigned"))
                .col_expr(enrolment::Column::AssignmentId, Expr::value(assignment.id))
                .filter(enrolment::Column::Id.is_in(chunk.iter().copied()))
                .exec(txn)
                .await?;
        }
    }
    if total != Applied::default() {
        super::report_queries::rebuild_counts(txn).await?;
    }
    Ok(total)
}

/// Completions before this moment may be due for a new cycle today: a bound for the
/// database, a few days wide of the exact rule, which is then applied to each.
fn recertification_bound(today: NaiveDate, months: u16, window_days: u16) -> DateTime<Utc> {
    let latest = today
        .checked_add_days(Days::new(u64::from(window_days) + 4))
        .and_then(|d| d.checked_sub_months(Months::new(u32::from(months))))
        .unwrap_or(NaiveDate::MAX);
    latest.and_time(NaiveTime::MIN).and_utc()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_bound_lets_through_every_completion_due_for_a_new_cycle() {
        let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        for today_offset in (0..800).step_by(7) {
            let today = start + Days::new(today_offset);
            for months in [1, 6, 12, 13, 24, 36] {
                for window in [0, 1, 30, 90] {
                    let bound = recertification_bound(today, months, window);
                    for back in 0..(u64::from(months) * 31 + 120) {
                        let Some(done) = today.checked_sub_days(Days::new(back)) else {
                            continue;
                        };
                        if recertification_due(done, months, window, today) {
                            let at = done.and_time(NaiveTime::MIN).and_utc();
                            assert!(
                                at + chrono::Duration::hours(23) < bound,
                                "{done} due on {today} ({months} months, {window} days)"
                            );
                        }
                    }
                }
            }
        }
    }
}
