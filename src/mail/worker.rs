//! The delivery worker: claims due messages from the outbox, sends them side by side up to
//! the relay's connection count (and at most at the configured rate), and records each
//! result. Safe to run in several instances at once.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{Duration, Utc};
use futures_util::StreamExt;
use sea_orm::DatabaseConnection;

use crate::config::MailSettings;
use crate::shutdown::Shutdown;
use crate::store::StoreError;
use crate::store::outbox::{self, OutboxEmail};

use super::attachments::{AttachmentError, Attachments};
use super::retry::next_attempt;
use super::{MailError, Mailer};

/// How long a claim holds: a worker that dies leaves its batch to others after this.
pub const LEASE: Duration = Duration::minutes(5);
/// Messages claimed at a time.
const BATCH: u64 = 100;
/// Deliveries recorded per statement.
const MARK_EVERY: usize = 20;
/// How often an idle worker looks for new messages.
const POLL: StdDuration = StdDuration::from_secs(1);

#[derive(Debug)]
pub struct Worker {
    db: DatabaseConnection,
    mailer: Arc<Mailer>,
    attachments: Attachments,
    /// The public URL: message ids are unique to it.
    site: String,
    /// Names this worker's claims.
    id: String,
    retry_base: Duration,
    give_up_after: Duration,
    /// Messages per second at most (relays that limit senders); `None`: as fast as the
    /// connections allow.
    rate: Option<u32>,
    next_send: std::sync::Mutex<tokio::time::Instant>,
    /// Once a stop begins, no new delivery starts.
    stop: Shutdown,
}

/// Why a message did not leave this time.
#[derive(Debug, thiserror::Error)]
enum SendError {
    #[error(transparent)]
    Attachment(#[from] AttachmentError),
    #[error(transparent)]
    Mail(#[from] MailError),
}

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    pub sent: usize,
    pub retrying: usize,
    pub failed: usize,
}

impl Worker {
    pub fn new(
        db: DatabaseConnection,
        mailer: Arc<Mailer>,
        settings: &MailSettings,
        public_url: &str,
    ) -> Worker {
        Worker {
            attachments: Attachments::new(db.clone(), public_url.to_owned()),
            site: public_url.to_owned(),
            db,
            mailer,
            id: format!("worker-{}", crate::auth::random_hex(6)),
            retry_base: Duration::milliseconds(settings.retry_base_ms as i64),
            give_up_after: Duration::hours(i64::from(settings.give_up_hours)),
            rate: settings.rate_per_second.filter(|r| *r > 0),
            next_send: std::sync::Mutex::new(tokio::time::Instant::now()),
            stop: Shutdown::default(),
        }
    }

    /// Claims one batch and delivers it.
    pub async fn round(&self) -> Result<Round, StoreError> {
        let claimed = outbox::claim(&self.db, &self.id, BATCH, Utc::now(), LEASE).await?;
        let mut round = Round::default();
        let mut results = std::pin::pin!(
            futures_util::stream::iter(claimed)
                .map(|email| async move {
                    if let Some(slot) = self.next_slot() {
                        tokio::select! {
                            () = tokio::time::sleep_until(slot) => {}
                            () = self.stop.requested() => {}
                        }
                    }
                    // Not begun when the stop came: left claimed, and given back below.
                    if self.stop.begun() {
                        return (email, None);
                    }
                    let result = self.deliver(&email).await;
                    (email, Some(result))
                })
                .buffer_unordered(self.mailer.concurrency)
        );
        let mut sent = Vec::new();
        while let Some((email, result)) = results.next().await {
            let now = Utc::now();
            let Some(result) = result else {
                continue;
            };
            match result {
                Ok(()) => {
                    sent.push(email.id);
                    round.sent += 1;
                    // Recorded in small groups as they go: a worker killed mid-batch
                    // sends at most a group again once its lease lapses.
                    if sent.len() == MARK_EVERY {
                        outbox::mark_sent(&self.db, std::mem::take(&mut sent), &self.id, now)
                            .await?;
                    }
                }
                Err(err) => {
                    let attempts = u32::try_from(email.attempts).unwrap_or(0) + 1;
                    let retry_at = next_attempt(
                        email.created_at,
                        attempts,
                        now,
                        self.retry_base,
                        self.give_up_after,
                    );
                    let reason = format!("{:#}", anyhow::Error::new(err));
                    tracing::warn!(id = email.id, attempts, error = %reason, "email not delivered");
                    outbox::mark_attempt_failed(&self.db, email.id, &self.id, &reason, retry_at)
                        .await?;
                    if retry_at.is_some() {
                        round.retrying += 1;
                    } else {
                        round.failed += 1;
                    }
                }
            }
        }
        outbox::mark_sent(&self.db, sent, &self.id, Utc::now()).await?;
        Ok(round)
    }

    /// Under a rate cap, the moment the next message may leave: one slot every 1/rate
    /// seconds, kept across rounds so the pause between rounds is not sent in a burst.
    fn next_slot(&self) -> Option<tokio::time::Instant> {
        let spacing = StdDuration::from_secs_f64(1.0 / f64::from(self.rate?));
        let now = tokio::time::Instant::now();
        let mut next = self.next_send.lock().unwrap_or_else(|e| e.into_inner());
        let slot = (*next).max(now);
        *next = slot + spacing;
        Some(slot)
    }

    async fn deliver(&self, email: &OutboxEmail) -> Result<(), SendError> {
        let attachment = match &email.attachment {
            Some(reference) => Some(self.attachments.resolve(reference).await?),
            None => None,
        };
        Ok(self.mailer.send(email, attachment, &self.site).await?)
    }

    /// Delivers until `shutdown` begins: a full batch is followed at once by the next.
    /// Then it finishes the messages in flight and gives back the rest of its claim.
    pub fn spawn(mut self, shutdown: &Shutdown) {
        self.stop = shutdown.clone();
        shutdown.spawn(async move {
            while !self.stop.begun() {
                match self.round().await {
                    Ok(round) if round.sent + round.retrying + round.failed >= BATCH as usize => {}
                    Ok(_) => self.stop.pause(POLL).await,
                    Err(err) => {
                        tracing::error!(error = ?err, "the mail worker cannot reach the outbox");
                        self.stop.pause(POLL * 5).await;
                    }
                }
            }
            match outbox::release(&self.db, &self.id).await {
                Ok(0) => {}
                Ok(released) => tracing::info!(released, "stopping: unsent messages given back"),
                Err(err) => tracing::error!(
                    error = ?err,
                    "stopping: cannot give back the claimed messages; they wait for the lease"
                ),
            }
        });
    }

    /// Names this worker's claims in the outbox.
    pub fn id(&self) -> &str {
        &self.id
    }
}
