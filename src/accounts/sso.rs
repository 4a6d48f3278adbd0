//! Whom a verified single sign-on lets in. The first sign-in links the provider's
//! `(iss, sub)` to the active account with the same email (made by staff import or SCIM);
//! later ones find the account by `(iss, sub)` alone, so a changed address keeps its
//! history. Nobody is created unless the settings say so. Every outcome is audited.

use chrono::{DateTime, Utc};
use sea_orm::TransactionTrait;
use serde_json::json;

use crate::accounts::Accounts;
use crate::domain::{Language, Role};
use crate::sso::Identity;
use crate::store::StoreError;
use crate::store::audit::{self, Actor};
use crate::store::sso;
use crate::store::users::{self, NewUser, User};

/// What the settings allow for people the provider knows and Bryggan does not.
#[derive(Debug, Clone, Copy)]
pub struct NewcomerPolicy<'a> {
    /// `Some(department)`: create a learner there.
    pub create_in: Option<&'a str>,
}

#[derive(Debug, thiserror::Error)]
pub enum SsoSignInError {
    #[error("the person has no account in Bryggan")]
    Unknown,
    #[error("the account is deactivated")]
    Deactivated,
    /// The account is already linked to another person at this provider: an address
    /// given to someone new must not open the previous holder's history.
    #[error("the account is linked to another identity at this provider")]
    LinkedToAnother,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The account and the audit action, or the refusal; writes the link or the new account.
async fn decide(
    txn: &sea_orm::DatabaseTransaction,
    identity: &Identity,
    newcomers: NewcomerPolicy<'_>,
    now: DateTime<Utc>,
) -> Result<Result<(&'static str, User), SsoSignInError>, StoreError> {
    if let Some(user_id) = sso::linked_user(txn, &identity.issuer, &identity.subject).await? {
        return Ok(match users::find(txn, user_id).await? {
            Some(user) if user.active => Ok(("sso.sign_in", user)),
            _ => Err(SsoSignInError::Deactivated),
        });
    }
    match users::find_by_email(txn, &identity.email).await? {
        Some(user) if !user.active => Ok(Err(SsoSignInError::Deactivated)),
        Some(user) => {
            if sso::subject_of(txn, user.id, &identity.issuer)
                .await?
                .is_some()
            {
                return Ok(Err(SsoSignInError::LinkedToAnother));
            }
            sso::link(txn, &identity.issuer, &identity.subject, user.id, now).await?;
            Ok(Ok(("sso.linked", user)))
        }
        None => {
            let Some(department) = newcomers.create_in else {
                return Ok(Err(SsoSignInError::Unknown));
            };
            let department_id = users::ensure_department(txn, department).await?;
            let new = NewUser {
                email: identity.email.clone(),
                name: identity
                    .name
                    .clone()
                    .unwrap_or_else(|| identity.email.to_string()),
                role: Role::Learner,
                locale: Language::Sv,
                department_id: Some(department_id),
                password_hash: None,
            };
            let user = users::create(txn, new, now).await?;
            sso::link(txn, &identity.issuer, &identity.subject, user.id, now).await?;
            Ok(Ok(("sso.account_created", user)))
        }
    }
}

/// Audits a refused single sign-on: by the account's rules, or because the provider's
/// answer or token did not pass (`identity` is `None` then).
pub async fn record_refusal(
    db: &impl sea_orm::ConnectionTrait,
    who: &str,
    reason: &str,
    identity: Option<&Identity>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let actor = Actor {
        id: None,
        label: who.to_owned(),
    };
    let details = match identity {
        Some(i) => json!({"reason": reason, "issuer": i.issuer, "subject": i.subject}),
        None => json!({"reason": reason}),
    };
    audit::record(db, &actor, "sso.refused", details, now).await
}

impl Accounts<'_> {
    pub async fn sign_in_with_sso(
        &self,
        identity: &Identity,
        newcomers: NewcomerPolicy<'_>,
        now: DateTime<Utc>,
    ) -> Result<User, SsoSignInError> {
        let txn = self.db.begin().await.map_err(StoreError::from)?;
        let outcome = decide(&txn, identity, newcomers, now).await?;
        let (action, user) = match outcome {
            Ok(found) => found,
            Err(refusal) => {
                let reason = match refusal {
                    SsoSignInError::Unknown => "unknown_person",
                    SsoSignInError::Deactivated => "deactivated",
                    _ => "linked_to_another",
                };
                record_refusal(&txn, identity.email.as_str(), reason, Some(identity), now).await?;
                txn.commit().await.map_err(StoreError::from)?;
                return Err(refusal);
            }
        };
        let actor = Actor::user(user.id, user.email.as_str());
        let details = json!({"issuer": identity.issuer, "subject": identity.subject});
        audit::record(&txn, &actor, action, details, now).await?;
        txn.commit().await.map_err(StoreError::from)?;
        Ok(user)
    }
}
