use sea_orm::entity::prelude::*;

/// How many current enrolments of active people share a department, course, due day and
/// state. Kept up to date as enrolments change, rebuilt after imports and assignment runs.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "report_counts")]
pub struct Model {
    /// 0: no department.
    #[sea_orm(primary_key, auto_increment = false)]
    pub department_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub course_id: i64,
    /// Days from the common era; 0: no due date.
    #[sea_orm(primary_key, auto_increment = false)]
    pub due_day: i32,
    /// 0 not started, 1 in progress, 2 completed.
    #[sea_orm(primary_key, auto_increment = false)]
    pub state: i16,
    pub n: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
