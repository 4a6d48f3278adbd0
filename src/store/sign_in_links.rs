//! Sign-in links: created with their email, used once.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter,
};

use super::StoreError;
use super::entities::sign_in_link;

pub async fn create(
    db: &impl ConnectionTrait,
    user_id: i64,
    now: DateTime<Utc>,
    lifetime: Duration,
) -> Result<i64, StoreError> {
    Ok(sign_in_link::ActiveModel {
        user_id: Set(user_id),
        created_at: Set(now),
        expires_at: Set(now + lifetime),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?
    .id)
}

/// Links made for the user since `since`, for the rate limit.
pub async fn count_since(
    db: &impl ConnectionTrait,
    user_id: i64,
    since: DateTime<Utc>,
) -> Result<u64, StoreError> {
    Ok(sign_in_link::Entity::find()
        .filter(sign_in_link::Column::UserId.eq(user_id))
        .filter(sign_in_link::Column::CreatedAt.gte(since))
        .count(db)
        .await?)
}

/// Uses the link: true once, while it is unexpired; false ever after.
pub async fn consume(
    db: &impl ConnectionTrait,
    link_id: i64,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let result = sign_in_link::Entity::update_many()
        .col_expr(sign_in_link::Column::UsedAt, Expr::value(now))
        .filter(sign_in_link::Column::Id.eq(link_id))
        .filter(sign_in_link::Column::UserId.eq(user_id))
        .filter(sign_in_link::Column::UsedAt.is_null())
        .filter(sign_in_link::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}
