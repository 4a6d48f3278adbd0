//! The directory's bearer tokens: only a SHA-256 of each is stored.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};

use super::StoreError;
use super::entities::scim_token;

pub use scim_token::Model as ScimToken;

/// Stores a token by its hash. False when the name is taken.
pub async fn create(
    db: &impl ConnectionTrait,
    name: &str,
    token_hash: String,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let taken = scim_token::Entity::find()
        .filter(scim_token::Column::Name.eq(name))
        .count(db)
        .await?
        > 0;
    if taken {
        return Ok(false);
    }
    scim_token::Entity::insert(scim_token::ActiveModel {
        name: Set(name.to_owned()),
        token_hash: Set(token_hash),
        created_at: Set(now),
        last_used_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;
    Ok(true)
}

pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<ScimToken>, StoreError> {
    Ok(scim_token::Entity::find()
        .order_by_asc(scim_token::Column::Name)
        .all(db)
        .await?)
}

/// Revokes the token named `name`. False when there is no such token in use.
pub async fn revoke(
    db: &impl ConnectionTrait,
    name: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let result = scim_token::Entity::update_many()
        .col_expr(scim_token::Column::RevokedAt, Expr::value(now))
        .filter(scim_token::Column::Name.eq(name))
        .filter(scim_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

/// The token in use with this hash.
pub async fn find_in_use(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<ScimToken>, StoreError> {
    Ok(scim_token::Entity::find()
        .filter(scim_token::Column::TokenHash.eq(token_hash))
        .filter(scim_token::Column::RevokedAt.is_null())
        .one(db)
        .await?)
}

/// Whether any token is in use: the directory is then the source of staff.
pub async fn any_in_use(db: &impl ConnectionTrait) -> Result<bool, StoreError> {
    Ok(scim_token::Entity::find()
        .filter(scim_token::Column::RevokedAt.is_null())
        .count(db)
        .await?
        > 0)
}

/// Notes that a token was used; a second request within the minute changes nothing.
pub async fn touch(
    db: &impl ConnectionTrait,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    scim_token::Entity::update_many()
        .col_expr(scim_token::Column::LastUsedAt, Expr::value(now))
        .filter(scim_token::Column::Id.eq(id))
        .filter(
            sea_orm::Condition::any()
                .add(scim_token::Column::LastUsedAt.is_null())
                .add(scim_token::Column::LastUsedAt.lt(now - chrono::Duration::minutes(1))),
        )
        .exec(db)
        .await?;
    Ok(())
}
