//! Personal data and public records: the register of what Bryggan holds ([`register`]),
//! access requests ([`export`]), and retention and erasure by anonymisation ([`purge`],
//! [`Privacy::erase`]). Nothing personal is removed silently: every act is audited, with
//! the rule and the counts, never the person.
//!
//! Anonymisation keeps what the statistics count: the account row with its department,
//! its enrolments, scores, assessments and item counts. Name, address, manager,
//! identifiers, sign-in links and the bodies of mail to the person go, and every other
//! stored text that names them is rewritten with a pseudonym.

pub mod export;
pub mod purge;
pub mod register;
pub mod retention;

use chrono::{DateTime, Utc};
use sea_orm::{DatabaseConnection, TransactionTrait};
use serde_json::json;

use crate::domain::{Email, Role};
use crate::store::anonymise::{self, Anonymised};
use crate::store::audit::{self, Actor};
use crate::store::{StoreError, personal_data, report_queries, users};

pub use export::PersonalData;
pub use retention::{RetentionArgs, RetentionFile, RetentionRules, Rule};

#[derive(Debug, thiserror::Error)]
pub enum PrivacyError {
    #[error("nobody in Bryggan has the address {0}")]
    UnknownPerson(String),
    #[error(
        "{0} is an administrator: give the role to someone else and take it from them first \
         (bryggan users role), so that Bryggan always has an administrator"
    )]
    Administrator(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The privacy service, over one database.
#[derive(Debug, Clone, Copy)]
pub struct Privacy<'a> {
    pub db: &'a DatabaseConnection,
}

impl<'a> Privacy<'a> {
    pub fn new(db: &'a DatabaseConnection) -> Self {
        Privacy { db }
    }

    /// Everything stored about the person with this id.
    pub async fn export(
        &self,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Option<PersonalData>, PrivacyError> {
        let rows = personal_data::of_person(self.db, user_id).await?;
        Ok(rows.map(|rows| export::document(rows, now)))
    }

    /// An access request that came in by other channels, answered by an administrator:
    /// audited, with the person's id only.
    pub async fn export_by_email(
        &self,
        email: &Email,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<PersonalData, PrivacyError> {
        let person = users::find_by_email(self.db, email)
            .await?
            .ok_or_else(|| PrivacyError::UnknownPerson(email.to_string()))?;
        let txn = self.db.begin().await.map_err(StoreError::from)?;
        let rows = personal_data::of_person(&txn, person.id)
            .await?
            .ok_or_else(|| PrivacyError::UnknownPerson(email.to_string()))?;
        let document = export::document(rows, now);
        audit::record(
            &txn,
            actor,
            "privacy.exported",
            json!({"person": person.id}),
            now,
        )
        .await?;
        txn.commit().await.map_err(StoreError::from)?;
        Ok(document)
    }

    /// Erases a person at once, by the same anonymisation a purge applies: for an account
    /// made by mistake, or on a decision. An active person is first deactivated, which
    /// moves the figures exactly as a deactivation by HR would; the anonymisation itself
    /// moves none.
    pub async fn erase(
        &self,
        email: &Email,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Anonymised, PrivacyError> {
        let txn = self.db.begin().await.map_err(StoreError::from)?;
        let person = users::find_by_email(&txn, email)
            .await?
            .ok_or_else(|| PrivacyError::UnknownPerson(email.to_string()))?;
        if person.role == Role::Admin {
            return Err(PrivacyError::Administrator(email.to_string()));
        }
        if person.active {
            report_queries::uncount_person(&txn, person.id).await?;
        }
        let done = anonymise::person(&txn, &person, &spellings(&person), None, now).await?;
        audit::record(
            &txn,
            actor,
            "privacy.erased",
            json!({"person": person.id, "rows": done}),
            now,
        )
        .await?;
        txn.commit().await.map_err(StoreError::from)?;
        Ok(done)
    }
}

/// Every way the person's name or address may be written in stored text: as typed, in
/// HTML (mail bodies) and in JSON (audit details). A name shorter than three characters
/// would match inside other words, so only the address stands for it then.
pub fn spellings(person: &users::User) -> Vec<String> {
    let name = person.name.trim();
    let mut all = vec![person.email.as_str().to_owned()];
    if name.chars().count() >= 3 {
        all.push(name.to_owned());
        all.push(handlebars::html_escape(name));
        all.push(
            serde_json::to_string(name)
                .unwrap_or_default()
                .trim_matches('"')
                .to_owned(),
        );
    }
    all.sort();
    all.dedup();
    all
}
