//! The directory's bearer tokens: made once and shown once, kept as a SHA-256.

use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use sha2::{Digest, Sha256};

use crate::store::StoreError;
use crate::store::scim_tokens::{self, ScimToken};

/// A prefix that tells a leaked token's owner (and secret scanners) what it is.
const PREFIX: &str = "bryggan_scim_";

/// Names are short and plain, so that they read well in the audit log.
pub fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("a token name is 1 to 64 letters, digits, '-', '_' or '.'")]
    BadName,
    #[error("there is already a token named {0}")]
    Taken(String),
    #[error("there is no token in use named {0}")]
    Unknown(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Makes a token named `name` and returns it: the only time it is ever seen.
pub async fn create(
    db: &impl ConnectionTrait,
    name: &str,
    now: DateTime<Utc>,
) -> Result<String, TokenError> {
    if !valid_name(name) {
        return Err(TokenError::BadName);
    }
    let token = format!("{PREFIX}{}", crate::auth::random_hex(32));
    if !scim_tokens::create(db, name, digest(&token), now).await? {
        return Err(TokenError::Taken(name.to_owned()));
    }
    Ok(token)
}

pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<ScimToken>, StoreError> {
    scim_tokens::list(db).await
}

pub async fn revoke(
    db: &impl ConnectionTrait,
    name: &str,
    now: DateTime<Utc>,
) -> Result<(), TokenError> {
    if scim_tokens::revoke(db, name, now).await? {
        Ok(())
    } else {
        Err(TokenError::Unknown(name.to_owned()))
    }
}

/// The token in use that `presented` is, if any.
pub async fn authenticate(
    db: &impl ConnectionTrait,
    presented: &str,
    now: DateTime<Utc>,
) -> Result<Option<ScimToken>, StoreError> {
    if !presented.starts_with(PREFIX) {
        return Ok(None);
    }
    let found = scim_tokens::find_in_use(db, &digest(presented)).await?;
    // "Last used" to the minute is enough, and spares a write on every request.
    let stale = |at: DateTime<Utc>| now - at > chrono::Duration::minutes(1);
    if let Some(token) = found.as_ref().filter(|t| t.last_used_at.is_none_or(stale)) {
        scim_tokens::touch(db, token.id, now).await?;
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_names_are_plain() {
        assert!(valid_name("entra-prod"));
        assert!(!valid_name(""));
        assert!(!valid_name("entra prod"));
        assert!(!valid_name(&"x".repeat(65)));
    }
}
