use sea_orm::entity::prelude::*;

/// A deactivation from the directory that the mass-deactivation guard held back.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "scim_holds")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub requested_at: DateTimeUtc,
    /// `DELETE`, `PATCH` or `PUT`: a held DELETE also releases the directory's link.
    pub via: String,
    pub token_name: String,
    /// `pending`, `approved` or `rejected`.
    pub status: String,
    pub decided_at: Option<DateTimeUtc>,
    pub decided_by: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
