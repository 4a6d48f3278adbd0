//! Small values the application keeps for itself, such as a generated signing key.

use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, sea_query::OnConflict};

use super::StoreError;
use super::entities::setting;

/// The stored value for `key`, storing `make()` first if there is none. Concurrent callers
/// (several app instances starting at once) all get the one value that won.
pub async fn get_or_insert(
    db: &impl ConnectionTrait,
    key: &str,
    make: impl FnOnce() -> String,
) -> Result<String, StoreError> {
    if let Some(found) = setting::Entity::find_by_id(key.to_owned()).one(db).await? {
        return Ok(found.value);
    }
    let row = setting::ActiveModel {
        key: Set(key.to_owned()),
        value: Set(make()),
    };
    setting::Entity::insert(row)
        .on_conflict(
            OnConflict::column(setting::Column::Key)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    setting::Entity::find_by_id(key.to_owned())
        .one(db)
        .await?
        .map(|s| s.value)
        .ok_or_else(|| StoreError::Corrupt(format!("setting {key} vanished")))
}
