use sea_orm::entity::prelude::*;

/// A learner's answer to "was this lesson helpful?", with an optional comment; one per
/// person, lesson and course version.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lesson_feedback")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub course_id: i64,
    pub course_version_id: i64,
    pub lesson_slug: String,
    pub helpful: bool,
    /// Plain text of at most [`crate::domain::FeedbackComment::MAX_CHARS`] characters.
    pub comment: Option<crate::domain::FeedbackComment>,
    pub given_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
