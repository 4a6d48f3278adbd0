use sea_orm::entity::prelude::*;

use crate::domain::{
    Email, EmailType, EmployeeNumber, ExternalId, Language, LanguageTag, Role, UserName,
};

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
    /// The directory's `userName` as it sent it; `None` until the directory provisions
    /// the person (their email stands in).
    pub scim_user_name: Option<UserName>,
    /// `scim_user_name` in lower case: userName is unique without regard to case.
    #[sea_orm(unique)]
    pub scim_user_key: Option<String>,
    /// The directory's own id for the person.
    pub external_id: Option<ExternalId>,
    pub employee_number: Option<EmployeeNumber>,
    /// The directory's language tag (such as `sv-SE`), kept so it reads back as sent.
    pub preferred_language: Option<LanguageTag>,
    /// The type the directory gave the address (`work`), kept so it reads back as sent.
    pub email_type: Option<EmailType>,
    /// When the directory deleted the person: the account stays, deactivated, with its
    /// history, but the directory no longer sees it.
    pub scim_deleted_at: Option<DateTimeUtc>,
    /// The last change by the directory.
    pub updated_at: Option<DateTimeUtc>,
    /// When the person was last deactivated; written by the database on every path that
    /// changes `active`, for retention (`privacy purge`).
    pub deactivated_at: Option<DateTimeUtc>,
    /// When the person's name, address and identifiers were replaced by a pseudonym.
    pub anonymised_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
