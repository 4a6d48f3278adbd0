//! Enrolments, lesson progress and quiz attempts.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, SqlErr, UpdateMany,
};

use crate::domain::EnrolmentSource;

use super::StoreError;
use super::entities::{enrolment, lesson_progress, quiz_attempt};

pub use enrolment::Model as Enrolment;
pub use quiz_attempt::Model as Attempt;

/// Rows per batched statement.
const BATCH: usize = 1_000;

/// The user's newest enrolment in a course.
pub async fn enrolment(
    db: &impl ConnectionTrait,
    user_id: i64,
    course_id: i64,
) -> Result<Option<Enrolment>, StoreError> {
    Ok(enrolment::Entity::find()
        .filter(enrolment::Column::UserId.eq(user_id))
        .filter(enrolment::Column::CourseId.eq(course_id))
        .order_by_desc(enrolment::Column::Cycle)
        .one(db)
        .await?)
}

pub async fn find_enrolment(
    db: &impl ConnectionTrait,
    id: i64,
) -> Result<Option<Enrolment>, StoreError> {
    Ok(enrolment::Entity::find_by_id(id).one(db).await?)
}

pub async fn enrolments_of(
    db: &impl ConnectionTrait,
    user_id: i64,
) -> Result<Vec<Enrolment>, StoreError> {
    Ok(enrolment::Entity::find()
        .filter(enrolment::Column::UserId.eq(user_id))
        .order_by_asc(enrolment::Column::EnrolledAt)
        .all(db)
        .await?)
}

/// An enrolment to write: cycle 1 for a first enrolment, the next cycle for a
/// recertification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewEnrolment {
    pub user_id: i64,
    pub course_id: i64,
    pub version_id: i64,
    pub cycle: i32,
    pub source: EnrolmentSource,
    pub due_date: Option<NaiveDate>,
    pub assignment_id: Option<i64>,
}

impl NewEnrolment {
    fn row(self, now: DateTime<Utc>) -> enrolment::ActiveModel {
        enrolment::ActiveModel {
            user_id: Set(self.user_id),
            course_id: Set(self.course_id),
            course_version_id: Set(self.version_id),
            cycle: Set(self.cycle),
            source: Set(self.source),
            due_date: Set(self.due_date),
            enrolled_at: Set(now),
            started_at: Set(None),
            completed_at: Set(None),
            assignment_id: Set(self.assignment_id),
            ..Default::default()
        }
    }
}

/// A person has one enrolment per course and cycle; a second insert is a no-op.
fn once_per_cycle() -> OnConflict {
    OnConflict::columns([
        enrolment::Column::UserId,
        enrolment::Column::CourseId,
        enrolment::Column::Cycle,
    ])
    .do_nothing()
    .to_owned()
}

/// Writes the enrolment unless the person already has that cycle; true if written.
pub async fn insert_enrolment(
    db: &impl ConnectionTrait,
    new: NewEnrolment,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let inserted = enrolment::Entity::insert(new.row(now))
        .on_conflict(once_per_cycle())
        .exec_without_returning(db)
        .await?;
    Ok(inserted == 1)
}

/// Writes many enrolments in batched statements, skipping cycles that exist.
pub async fn insert_enrolments(
    db: &impl ConnectionTrait,
    new: Vec<NewEnrolment>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    for chunk in new.chunks(BATCH) {
        enrolment::Entity::insert_many(chunk.iter().map(|n| n.row(now)))
            .on_conflict(once_per_cycle())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Marks enrolments as no longer the current cycle of their course.
pub async fn supersede(db: &impl ConnectionTrait, ids: &[i64]) -> Result<(), StoreError> {
    let update =
        enrolment::Entity::update_many().col_expr(enrolment::Column::IsCurrent, Expr::value(false));
    update_in_batches(db, update, ids).await
}

/// Gives enrolments the assignment's due date and records them as assigned.
pub async fn give_due_date(
    db: &impl ConnectionTrait,
    ids: &[i64],
    due: NaiveDate,
    assignment_id: i64,
) -> Result<(), StoreError> {
    let update = enrolment::Entity::update_many()
        .col_expr(enrolment::Column::DueDate, Expr::value(due))
        .col_expr(
            enrolment::Column::Source,
            Expr::value(EnrolmentSource::Assigned),
        )
        .col_expr(enrolment::Column::AssignmentId, Expr::value(assignment_id));
    update_in_batches(db, update, ids).await
}

/// Runs `update` on the enrolments `ids`, a batch at a time.
async fn update_in_batches(
    db: &impl ConnectionTrait,
    update: UpdateMany<enrolment::Entity>,
    ids: &[i64],
) -> Result<(), StoreError> {
    for chunk in ids.chunks(BATCH) {
        update
            .clone()
            .filter(enrolment::Column::Id.is_in(chunk.iter().copied()))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Records the first lesson opened, once: true if the enrolment was not started before
/// (and is not completed).
pub async fn set_started(
    db: &impl ConnectionTrait,
    enrolment_id: i64,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let result = enrolment::Entity::update_many()
        .col_expr(enrolment::Column::StartedAt, Expr::value(now))
        .filter(enrolment::Column::Id.eq(enrolment_id))
        .filter(enrolment::Column::StartedAt.is_null())
        .filter(enrolment::Column::CompletedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Marks the enrolment completed at `now`, once, in the caller's transaction: the
/// enrolment as it now is, or `None` when it was already completed or does not exist.
/// What completing moves elsewhere is the caller's ([`crate::learning::complete_enrolment`]).
pub async fn set_completed(
    db: &impl ConnectionTrait,
    enrolment_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<Enrolment>, StoreError> {
    let result = enrolment::Entity::update_many()
        .col_expr(enrolment::Column::CompletedAt, Expr::value(now))
        .filter(enrolment::Column::Id.eq(enrolment_id))
        .filter(enrolment::Column::CompletedAt.is_null())
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Ok(None);
    }
    Ok(enrolment::Entity::find_by_id(enrolment_id).one(db).await?)
}

/// Slugs of the lessons done, per enrolment, for many enrolments in one query.
pub async fn lessons_done(
    db: &impl ConnectionTrait,
    enrolment_ids: Vec<i64>,
) -> Result<Vec<(i64, String)>, StoreError> {
    Ok(lesson_progress::Entity::find()
        .filter(lesson_progress::Column::EnrolmentId.is_in(enrolment_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.enrolment_id, p.lesson_slug))
        .collect())
}

/// Records a lesson as done; doing it again changes nothing.
pub async fn mark_lesson_done(
    db: &impl ConnectionTrait,
    enrolment_id: i64,
    lesson: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let row = lesson_progress::ActiveModel {
        enrolment_id: Set(enrolment_id),
        lesson_slug: Set(lesson.to_owned()),
        completed_at: Set(now),
        ..Default::default()
    };
    lesson_progress::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                lesson_progress::Column::EnrolmentId,
                lesson_progress::Column::LessonSlug,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn attempts(
    db: &impl ConnectionTrait,
    enrolment_id: i64,
    lesson: &str,
) -> Result<Vec<Attempt>, StoreError> {
    Ok(quiz_attempt::Entity::find()
        .filter(quiz_attempt::Column::EnrolmentId.eq(enrolment_id))
        .filter(quiz_attempt::Column::LessonSlug.eq(lesson))
        .order_by_asc(quiz_attempt::Column::AttemptNumber)
        .all(db)
        .await?)
}

pub struct NewAttempt<'a> {
    pub enrolment_id: i64,
    pub lesson: &'a str,
    pub number: i32,
    pub answers_json: String,
    pub score: i32,
    pub passed: bool,
}

/// Stores an attempt; `None` when that attempt number is taken (a double submit).
pub async fn insert_attempt(
    db: &impl ConnectionTrait,
    new: NewAttempt<'_>,
    now: DateTime<Utc>,
) -> Result<Option<Attempt>, StoreError> {
    let row = quiz_attempt::ActiveModel {
        enrolment_id: Set(new.enrolment_id),
        lesson_slug: Set(new.lesson.to_owned()),
        attempt_number: Set(new.number),
        answers: Set(new.answers_json),
        score: Set(new.score),
        passed: Set(new.passed),
        submitted_at: Set(now),
        ..Default::default()
    };
    match row.insert(db).await {
        Ok(attempt) => Ok(Some(attempt)),
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => Ok(None),
        Err(err) => Err(err.into()),
    }
}
