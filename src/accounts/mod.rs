//! Signing in: with a password (the one check the sign-in page and the API token endpoint
//! share, with its throttling), or with a [`link`] by email.

pub mod link;
pub mod sso;

use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

use crate::auth::password;
use crate::domain::Email;
use crate::store::StoreError;
use crate::store::users::{self, User};

#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// Unknown address, inactive account or wrong password: deliberately one answer.
    #[error("the email address or password is not right")]
    Invalid,
    #[error("too many failed attempts; try again later")]
    Blocked,
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub async fn check_credentials(
    db: &DatabaseConnection,
    email: &str,
    given: &str,
    now: DateTime<Utc>,
) -> Result<User, SignInError> {
    let user = match Email::parse(email) {
        Ok(email) => users::find_by_email(db, &email).await?,
        Err(_) => None,
    };
    let Some(user) = user.filter(|u| u.active) else {
        password::verify_dummy(given);
        return Err(SignInError::Invalid);
    };
    if user.sign_in_blocked_until.is_some_and(|until| until > now) {
        return Err(SignInError::Blocked);
    }
    let ok = user
        .password_hash
        .as_deref()
        .is_some_and(|hash| password::verify(given, hash));
    if !ok {
        users::record_failed_sign_in(db, &user, now).await?;
        return Err(SignInError::Invalid);
    }
    if user.failed_sign_ins > 0 {
        users::clear_failed_sign_ins(db, user.id).await?;
    }
    Ok(user)
}
