use sea_orm::entity::prelude::*;

/// A staff file uploaded through the web page, checked and shown as a plan, waiting for
/// HR to confirm it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pending_imports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub token: String,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
    pub file_name: String,
    pub deactivate_missing: bool,
    pub content: Vec<u8>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
