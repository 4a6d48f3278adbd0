//! Provisioning from the organisation's directory through SCIM 2.0: joiners appear,
//! movers change department, leavers are deactivated, with no HR upload.
//!
//! The protocol is [`crate::scim`]'s; this service decides what a request does to an
//! account. Nobody is ever deleted: DELETE and `active: false` deactivate, and the guard
//! in [`guard`] holds back a run of deactivations that looks like a broken sync until an
//! admin decides on `/admin/provisioning`.

mod deactivation;
pub mod departments;
pub mod guard;
pub mod holds;
mod people;
pub mod settings;
pub mod tokens;

use sea_orm::DatabaseConnection;

use crate::mail::templates::{EmailTemplateError, EmailTemplates};
use crate::scim::ScimError;
use crate::store::StoreError;
use crate::store::audit::Actor;

pub use people::Change;
pub use settings::{ProvisioningArgs, ProvisioningFile, ProvisioningSettings};

/// What provisioning needs, borrowed from the application state for one request.
#[derive(Debug, Clone, Copy)]
pub struct Provisioning<'a> {
    pub db: &'a DatabaseConnection,
    pub settings: &'a ProvisioningSettings,
    pub turns: &'a Turns,
    pub emails: &'a EmailTemplates,
    /// Where Bryggan is reached, for the link in the guard's email; no trailing `/`.
    pub public_url: &'a str,
}

/// The queue the directory's writes wait in on SQLite. SQLite has one writer at a time,
/// and a writer that finds the lock taken sleeps in growing steps (up to 100 ms) before
/// it tries again: with Entra's eight concurrent requests, one in twenty waited over
/// 100 ms for a lock free long before. Waiting here instead, each takes the lock as the
/// previous one lets go. PostgreSQL writes side by side and does not queue.
#[derive(Debug, Default)]
pub struct Turns(tokio::sync::Mutex<()>);

impl Turns {
    /// Waits for this request's turn to write, on SQLite; held until dropped.
    pub async fn take(&self, db: &DatabaseConnection) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        match db.get_database_backend() {
            sea_orm::DbBackend::Sqlite => Some(self.0.lock().await),
            _ => None,
        }
    }
}

/// The directory making a request: the token it presented.
#[derive(Debug, Clone)]
pub struct Directory {
    pub token_name: String,
}

impl Directory {
    pub fn actor(&self) -> Actor {
        Actor {
            id: None,
            label: format!("scim:{}", self.token_name),
        }
    }
}

/// How the directory asked for a deactivation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Put,
    Patch,
    Delete,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ProvisioningError {
    /// The request is wrong; nothing was written. Answered as a SCIM error.
    #[error(transparent)]
    Refused(#[from] ScimError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Email(#[from] EmailTemplateError),
}

impl From<sea_orm::DbErr> for ProvisioningError {
    fn from(err: sea_orm::DbErr) -> Self {
        Self::Store(err.into())
    }
}

/// The directory is the source of staff while one of its tokens is in use: a CSV import
/// beside it would undo its changes, and its next run would undo the import's.
pub async fn directory_owns_staff(db: &DatabaseConnection) -> Result<bool, StoreError> {
    crate::store::scim_tokens::any_in_use(db).await
}
