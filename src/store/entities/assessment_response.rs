use sea_orm::entity::prelude::*;

/// A learner's answers to the assessment before the first lesson (phase 0) or after the
/// last (phase 1): the knowledge score and the ratings, not the chosen options.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assessment_responses")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub enrolment_id: i64,
    pub user_id: i64,
    pub course_id: i64,
    pub phase: i16,
    /// `a` or `b`; `None` when the assessment has no knowledge items.
    pub form: Option<String>,
    pub correct: i32,
    pub total: i32,
    /// `{"statement-id": 4, …}`
    #[sea_orm(column_type = "Text")]
    pub ratings: String,
    pub submitted_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
