use sea_orm::entity::prelude::*;

use crate::domain::{Email, Language, Role};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub email: Email,
    pub name: String,
    pub department_id: Option<i64>,
    pub role: Role,
    pub locale: Language,
    pub active: bool,
    pub password_hash: Option<String>,
    /// Bumped on sign-out: every token issued before is void.
    pub token_generation: i32,
    pub failed_sign_ins: i32,
    pub sign_in_blocked_until: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub manager_email: Option<String>,
    /// For HR officers: the department tree they may see; `None` is the whole organisation.
    pub scope_department_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
