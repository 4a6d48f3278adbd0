//! Lesson feedback: one answer per person, lesson and course version, and what trainers
//! read of it (counts and comments, never who gave them).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::domain::FeedbackComment;

use super::StoreError;
use super::entities::lesson_feedback;

pub use lesson_feedback::Model as FeedbackRow;

/// One person's answer about one lesson of the version they are on.
#[derive(Debug, Clone)]
pub struct NewFeedback {
    pub user_id: i64,
    pub course_id: i64,
    pub course_version_id: i64,
    pub lesson_slug: String,
    pub helpful: bool,
    pub comment: Option<FeedbackComment>,
}

/// Stores the answer, replacing the person's earlier one about the same lesson and version.
pub async fn give(
    db: &impl ConnectionTrait,
    feedback: NewFeedback,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    lesson_feedback::Entity::insert(lesson_feedback::ActiveModel {
        user_id: Set(feedback.user_id),
        course_id: Set(feedback.course_id),
        course_version_id: Set(feedback.course_version_id),
        lesson_slug: Set(feedback.lesson_slug),
        helpful: Set(feedback.helpful),
        comment: Set(feedback.comment),
        given_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            lesson_feedback::Column::UserId,
            lesson_feedback::Column::CourseVersionId,
            lesson_feedback::Column::LessonSlug,
        ])
        .update_columns([
            lesson_feedback::Column::Helpful,
            lesson_feedback::Column::Comment,
            lesson_feedback::Column::GivenAt,
        ])
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The person's answer about a lesson of a version, if they gave one.
pub async fn mine(
    db: &impl ConnectionTrait,
    user_id: i64,
    course_version_id: i64,
    lesson_slug: &str,
) -> Result<Option<FeedbackRow>, StoreError> {
    Ok(lesson_feedback::Entity::find()
        .filter(lesson_feedback::Column::UserId.eq(user_id))
        .filter(lesson_feedback::Column::CourseVersionId.eq(course_version_id))
        .filter(lesson_feedback::Column::LessonSlug.eq(lesson_slug))
        .one(db)
        .await?)
}

/// How many answered about a lesson (over every version), and how many found it helpful.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct LessonTally {
    pub lesson_slug: String,
    pub answers: i64,
    pub helpful: i64,
}

pub async fn tallies(
    db: &impl ConnectionTrait,
    course_id: i64,
) -> Result<Vec<LessonTally>, StoreError> {
    use sea_orm::sea_query::Expr;
    Ok(lesson_feedback::Entity::find()
        .select_only()
        .column(lesson_feedback::Column::LessonSlug)
        .column_as(lesson_feedback::Column::Id.count(), "answers")
        .column_as(
            Expr::cust("SUM(CASE WHEN helpful THEN 1 ELSE 0 END)"),
            "helpful",
        )
        .filter(lesson_feedback::Column::CourseId.eq(course_id))
        .group_by(lesson_feedback::Column::LessonSlug)
        .into_model::<LessonTally>()
        .all(db)
        .await?)
}

/// A comment as trainers see it: no person.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct CommentRow {
    pub lesson_slug: String,
    pub course_version_id: i64,
    pub helpful: bool,
    pub comment: Option<FeedbackComment>,
    pub given_at: DateTime<Utc>,
}

/// The course's newest comments, at most `limit`, and how many there are in all.
pub async fn comments(
    db: &impl ConnectionTrait,
    course_id: i64,
    limit: u64,
) -> Result<(Vec<CommentRow>, u64), StoreError> {
    use sea_orm::PaginatorTrait;
    let with_comment = || {
        lesson_feedback::Entity::find()
            .filter(lesson_feedback::Column::CourseId.eq(course_id))
            .filter(lesson_feedback::Column::Comment.is_not_null())
    };
    let total = with_comment().count(db).await?;
    let rows = with_comment()
        .select_only()
        .columns([
            lesson_feedback::Column::LessonSlug,
            lesson_feedback::Column::CourseVersionId,
            lesson_feedback::Column::Helpful,
            lesson_feedback::Column::Comment,
            lesson_feedback::Column::GivenAt,
        ])
        .order_by_desc(lesson_feedback::Column::GivenAt)
        .order_by_desc(lesson_feedback::Column::Id)
        .limit(limit)
        .into_model::<CommentRow>()
        .all(db)
        .await?;
    Ok((rows, total))
}
