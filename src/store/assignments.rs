//! Assignments and the run that turns them into enrolments: for everyone in scope who is
//! neither enrolled nor already done, whenever they joined.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};

use crate::domain::DueRule;

use super::StoreError;
use super::entities::{assignment, course, department, enrolment, user};

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

pub async fn create(
    db: &DatabaseConnection,
    course_id: i64,
    department_id: Option<i64>,
    rule: DueRule,
    created_by: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Assignment, StoreError> {
    let (due_date, due_days) = match rule {
        DueRule::Fixed(date) => (Some(date), None),
        DueRule::DaysAfterAssigned(days) => (None, Some(i32::from(days))),
    };
    Ok(assignment::ActiveModel {
        course_id: Set(course_id),
        department_id: Set(department_id),
        due_date: Set(due_date),
        due_days: Set(due_days),
        created_by: Set(created_by),
        created_at: Set(now),
        removed_at: Set(None),
        ..Default::default()
    }
    .insert(db)
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
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let result = assignment::Entity::update_many()
        .col_expr(assignment::Column::RemovedAt, Expr::value(now))
        .filter(assignment::Column::Id.eq(id))
        .filter(assignment::Column::RemovedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Applied {
    /// New enrolments.
    pub enrolled: usize,
    /// Self-enrolments, not yet completed, that now carry the assignment's due date.
    pub given_due_dates: usize,
}

/// Applies every active assignment, in one transaction, with a bounded number of statements
/// per assignment whatever the number of people.
pub async fn apply_all(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<Applied, StoreError> {
    let txn = db.begin().await?;
    let assignments = assignment::Entity::find()
        .filter(assignment::Column::RemovedAt.is_null())
        .order_by_asc(assignment::Column::Id)
        .all(&txn)
        .await?;
    let mut total = Applied::default();
    for assignment in assignments {
        let Some(rule) = assignment.rule() else {
            continue;
        };
        let Some(course) = course::Entity::find_by_id(assignment.course_id)
            .one(&txn)
            .await?
        else {
            continue;
        };
        let Some(version) = course.current_version_id.filter(|_| course.published) else {
            continue;
        };
        let people = people_in_scope(&txn, assignment.department_id).await?;
        let enrolled: HashMap<i64, enrolment::Model> = enrolment::Entity::find()
            .filter(enrolment::Column::CourseId.eq(course.id))
            .filter(enrolment::Column::Cycle.eq(1))
            .all(&txn)
            .await?
            .into_iter()
            .map(|e| (e.user_id, e))
            .collect();
        let due = rule.due_for(now.date_naive());
        let mut new_rows = Vec::new();
        let mut to_date = Vec::new();
        for person in people {
            match enrolled.get(&person) {
                None => new_rows.push(enrolment::ActiveModel {
                    user_id: Set(person),
                    course_id: Set(course.id),
                    course_version_id: Set(version),
                    cycle: Set(1),
                    source: Set("assigned".into()),
                    due_date: Set(Some(due)),
                    enrolled_at: Set(now),
                    started_at: Set(None),
                    completed_at: Set(None),
                    assignment_id: Set(Some(assignment.id)),
                    ..Default::default()
                }),
                Some(e) if e.completed_at.is_none() && e.due_date.is_none() => to_date.push(e.id),
                Some(_) => {}
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
                .exec_without_returning(&txn)
                .await?;
        }
        for chunk in to_date.chunks(BATCH) {
            enrolment::Entity::update_many()
                .col_expr(enrolment::Column::DueDate, Expr::value(due))
                .col_expr(enrolment::Column::Source, Expr::value("assigned"))
                .col_expr(enrolment::Column::AssignmentId, Expr::value(assignment.id))
                .filter(enrolment::Column::Id.is_in(chunk.iter().copied()))
                .exec(&txn)
                .await?;
        }
    }
    txn.commit().await?;
    Ok(total)
}

/// Active people in a department and everything under it, or everyone.
async fn people_in_scope(
    db: &impl sea_orm::ConnectionTrait,
    department_id: Option<i64>,
) -> Result<Vec<i64>, StoreError> {
    let mut query = user::Entity::find().filter(user::Column::Active.eq(true));
    if let Some(id) = department_id {
        let Some(top) = department::Entity::find_by_id(id).one(db).await? else {
            return Ok(Vec::new());
        };
        // Compared here rather than with LIKE, whose `_` and `%` department names may contain.
        let prefix = format!("{}/", top.path);
        let subtree: Vec<i64> = department::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .filter(|d| d.path == top.path || d.path.starts_with(&prefix))
            .map(|d| d.id)
            .collect();
        query = query.filter(user::Column::DepartmentId.is_in(subtree));
    }
    Ok(query.all(db).await?.into_iter().map(|u| u.id).collect())
}
