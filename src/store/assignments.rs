//! Assignments: creating, listing and removing them. The run that turns them into
//! enrolments is a service, [`crate::hr::apply_assignments`].

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, TransactionTrait,
};

use crate::domain::DueRule;

use super::StoreError;
use super::audit::Actor;
use super::entities::{assignment, course, department};

pub use assignment::Model as Assignment;

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

/// The assignments not removed, oldest first.
pub async fn active(db: &impl ConnectionTrait) -> Result<Vec<Assignment>, StoreError> {
    Ok(assignment::Entity::find()
        .filter(assignment::Column::RemovedAt.is_null())
        .order_by_asc(assignment::Column::Id)
        .all(db)
        .await?)
}
