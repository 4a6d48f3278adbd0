//! Signing in: with a password (the one check the sign-in page and the API token endpoint
//! share, with its throttling), or with a [`link`] by email.

pub mod link;
pub mod sso;

use crate::auth::token::Keys;
use crate::mail::templates::EmailTemplates;

use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

use crate::auth::password;
use crate::domain::Email;
use crate::store::StoreError;
use crate::store::users::{self, User};

/// Signing in, for one request: what the three ways in need, built once from the
/// application's state. Its methods live beside their rules: here (password),
/// `link.rs` and `sso.rs`.
pub struct Accounts<'a> {
    pub db: &'a DatabaseConnection,
    pub keys: &'a Keys,
    pub emails: &'a EmailTemplates,
    /// Where Bryggan is reached, for the links it sends.
    pub public_url: &'a str,
}

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

impl Accounts<'_> {
    pub async fn check_credentials(
        &self,
        email: &str,
        given: &str,
        now: DateTime<Utc>,
    ) -> Result<User, SignInError> {
        let user = match Email::parse(email) {
            Ok(email) => users::find_by_email(self.db, &email).await?,
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
            users::record_failed_sign_in(self.db, &user, now).await?;
            return Err(SignInError::Invalid);
        }
        if user.failed_sign_ins > 0 {
            users::clear_failed_sign_ins(self.db, user.id).await?;
        }
        Ok(user)
    }
}
