//! Staff files uploaded through the web page, kept between the preview and HR's
//! confirmation (which may reach another instance of the server).

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::StoreError;
use super::entities::pending_import;

pub use pending_import::Model as PendingImport;

/// How long a preview can be confirmed.
pub const VALID_FOR: Duration = Duration::hours(1);

pub async fn save(
    db: &impl ConnectionTrait,
    token: &str,
    created_by: i64,
    file_name: &str,
    deactivate_missing: bool,
    content: Vec<u8>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    // Uploads nobody confirmed are dropped here rather than by a timer.
    pending_import::Entity::delete_many()
        .filter(pending_import::Column::CreatedAt.lt(now - VALID_FOR))
        .exec(db)
        .await?;
    pending_import::Entity::insert(pending_import::ActiveModel {
        token: Set(token.to_owned()),
        created_by: Set(created_by),
        created_at: Set(now),
        file_name: Set(file_name.to_owned()),
        deactivate_missing: Set(deactivate_missing),
        content: Set(content),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The upload with this token, if `user_id` made it and it has not expired.
pub async fn find(
    db: &impl ConnectionTrait,
    token: &str,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<PendingImport>, StoreError> {
    Ok(pending_import::Entity::find()
        .filter(pending_import::Column::Token.eq(token))
        .filter(pending_import::Column::CreatedBy.eq(user_id))
        .filter(pending_import::Column::CreatedAt.gte(now - VALID_FOR))
        .one(db)
        .await?)
}

pub async fn delete(db: &impl ConnectionTrait, id: i64) -> Result<(), StoreError> {
    pending_import::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}
