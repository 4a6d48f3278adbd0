//! Signing in with a link by email: for staff who would rather not have another password.
//! The link is a signed token naming its row in `sign_in_links`, where single use is
//! enforced; the email goes through the outbox in the same transaction as the row.

use chrono::{DateTime, Duration, Utc};
use sea_orm::TransactionTrait;

use crate::accounts::Accounts;
use crate::auth::token::{LINK_LIFETIME, TokenError};
use crate::domain::Email;
use crate::mail::templates::EmailTemplateError;
use crate::store::outbox;
use crate::store::users::{self, User};
use crate::store::{StoreError, sign_in_links};

/// At most this many links per address in [`LINK_WINDOW`]; more requests get the same
/// answer and no mail.
pub const LINKS_PER_WINDOW: u64 = 3;
pub const LINK_WINDOW: Duration = Duration::minutes(15);

#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// Unknown, expired, used or forged: deliberately one answer.
    #[error("the sign-in link has expired or has already been used")]
    Invalid,
    #[error("the sign-in link cannot be made")]
    Token(#[from] TokenError),
    #[error(transparent)]
    Template(#[from] EmailTemplateError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Accounts<'_> {
    /// Queues a sign-in link for `email` if it belongs to an active account and the address
    /// is under its rate limit. Returns nothing either way: the caller's answer must not say
    /// whether the address exists.
    pub async fn request_link(&self, email: &Email, now: DateTime<Utc>) -> Result<(), LinkError> {
        let Some(user) = users::find_by_email(self.db, email)
            .await?
            .filter(|u| u.active)
        else {
            return Ok(());
        };
        if sign_in_links::count_since(self.db, user.id, now - LINK_WINDOW).await?
            >= LINKS_PER_WINDOW
        {
            tracing::info!(user_id = user.id, "sign-in link refused: rate limit");
            return Ok(());
        }
        let lifetime = Duration::seconds(LINK_LIFETIME.as_secs() as i64);
        let txn = self.db.begin().await.map_err(StoreError::from)?;
        let link_id = sign_in_links::create(&txn, user.id, now, lifetime).await?;
        let token = self.keys.issue_link(user.id, link_id, now.timestamp())?;
        let lang = user.locale;
        let data = serde_json::json!({
            "name": user.name,
            "link": format!("{}/sign-in/link/{token}", self.public_url.trim_end_matches('/')),
        });
        let rendered = self.emails.render("sign_in_link", lang, &data)?;
        outbox::enqueue(
            &txn,
            rendered.to(email.clone(), format!("sign-in-link:{link_id}")),
            now,
        )
        .await?;
        txn.commit().await.map_err(StoreError::from)?;
        Ok(())
    }

    /// The account a link signs in, using the link up.
    pub async fn use_link(&self, token: &str, now: DateTime<Utc>) -> Result<User, LinkError> {
        let (user_id, link_id) = self
            .keys
            .verify_link(token)
            .map_err(|_| LinkError::Invalid)?;
        if !sign_in_links::consume(self.db, link_id, user_id, now).await? {
            return Err(LinkError::Invalid);
        }
        users::find(self.db, user_id)
            .await?
            .filter(|u| u.active)
            .ok_or(LinkError::Invalid)
    }
}
