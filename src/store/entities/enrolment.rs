use sea_orm::entity::prelude::*;

use crate::domain::EnrolmentSource;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enrolments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub course_id: i64,
    /// The version the learner started on; a new version never moves them.
    pub course_version_id: i64,
    pub cycle: i32,
    pub source: EnrolmentSource,
    pub due_date: Option<Date>,
    pub enrolled_at: DateTimeUtc,
    pub started_at: Option<DateTimeUtc>,
    pub completed_at: Option<DateTimeUtc>,
    /// The assignment that enrolled the person, if any.
    pub assignment_id: Option<i64>,
    /// False once a newer cycle exists: reports count the current cycle only.
    pub is_current: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
