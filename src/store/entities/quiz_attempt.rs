use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "quiz_attempts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub enrolment_id: i64,
    pub lesson_slug: String,
    /// 1, 2, 3…: unique per enrolment and quiz, so a double submit cannot count twice.
    pub attempt_number: i32,
    /// The chosen option ids per question id, as JSON.
    #[sea_orm(column_type = "Text")]
    pub answers: String,
    pub score: i32,
    pub passed: bool,
    pub submitted_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
