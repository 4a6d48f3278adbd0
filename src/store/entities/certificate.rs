use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certificates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub code: String,
    #[sea_orm(unique)]
    pub enrolment_id: i64,
    pub user_id: i64,
    pub course_id: i64,
    pub holder_name: String,
    pub course_title: String,
    pub issuer: String,
    pub language: String,
    pub completed_on: Date,
    pub valid_until: Option<Date>,
    pub issued_at: DateTimeUtc,
    pub revoked_at: Option<DateTimeUtc>,
    pub revoked_reason: Option<String>,
    /// The certificate a recertification issued in this one's place.
    pub superseded_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
