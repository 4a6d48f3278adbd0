use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assignments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub course_id: i64,
    /// `None`: the whole organisation.
    pub department_id: Option<i64>,
    pub due_date: Option<Date>,
    pub due_days: Option<i32>,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    /// Set when HR removes the assignment: no new enrolments, history kept.
    pub removed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
