//! Single sign-on's rows: sign-ins under way (single use, bound to a browser, short-lived)
//! and the provider identities linked to accounts.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::StoreError;
use super::entities::{sso_identity, sso_login};

pub use sso_login::Model as PendingLogin;

/// How long a sign-in may stay at the provider before its `state` is refused.
pub const LOGIN_LIFETIME: Duration = Duration::minutes(10);

pub async fn save_login(db: &impl ConnectionTrait, login: PendingLogin) -> Result<(), StoreError> {
    // Abandoned sign-ins are cleared as new ones start, so the table stays small.
    sso_login::Entity::delete_many()
        .filter(sso_login::Column::CreatedAt.lt(login.created_at - LOGIN_LIFETIME))
        .exec(db)
        .await?;
    sso_login::Entity::insert(sso_login::ActiveModel {
        state_hash: Set(login.state_hash),
        browser_hash: Set(login.browser_hash),
        nonce: Set(login.nonce),
        pkce_verifier: Set(login.pkce_verifier),
        return_to: Set(login.return_to),
        created_at: Set(login.created_at),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Takes the sign-in with this `state` off the table, so that it can be used once only,
/// however many instances see the callback. `None` when it is unknown, already used or
/// older than [`LOGIN_LIFETIME`].
pub async fn take_login(
    db: &impl ConnectionTrait,
    state_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<PendingLogin>, StoreError> {
    let Some(login) = sso_login::Entity::find_by_id(state_hash.to_owned())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let deleted = sso_login::Entity::delete_by_id(state_hash.to_owned())
        .exec(db)
        .await?;
    // Another request that read the same row deleted it first: it is that one's.
    if deleted.rows_affected != 1 || login.created_at < now - LOGIN_LIFETIME {
        return Ok(None);
    }
    Ok(Some(login))
}

/// The account linked to a provider identity.
pub async fn linked_user(
    db: &impl ConnectionTrait,
    issuer: &str,
    subject: &str,
) -> Result<Option<i64>, StoreError> {
    Ok(sso_identity::Entity::find()
        .filter(sso_identity::Column::Issuer.eq(issuer))
        .filter(sso_identity::Column::Subject.eq(subject))
        .one(db)
        .await?
        .map(|row| row.user_id))
}

pub async fn link(
    db: &impl ConnectionTrait,
    issuer: &str,
    subject: &str,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    sso_identity::Entity::insert(sso_identity::ActiveModel {
        issuer: Set(issuer.to_owned()),
        subject: Set(subject.to_owned()),
        user_id: Set(user_id),
        linked_at: Set(now),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The subject an account is already linked to at this issuer, if any.
pub async fn subject_of(
    db: &impl ConnectionTrait,
    user_id: i64,
    issuer: &str,
) -> Result<Option<String>, StoreError> {
    Ok(sso_identity::Entity::find()
        .filter(sso_identity::Column::UserId.eq(user_id))
        .filter(sso_identity::Column::Issuer.eq(issuer))
        .one(db)
        .await?
        .map(|row| row.subject))
}
