//! The reminder run: assignment notices, due-soon and overdue reminders, managers' weekly
//! digests and certificate-expiry notices, planned from a handful of set-based queries
//! and queued through the outbox. Run by `serve` on a timer and by
//! `bryggan reminders run`; any number of runs, in any number of instances, queue each
//! message once, because each message's deduplication key names its reason.

mod compose;
mod notices;
pub mod plan;

pub use notices::Notices;

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::DatabaseConnection;

use crate::config::ReminderSettings;
use crate::mail::templates::{EmailTemplateError, EmailTemplates};
use crate::store::outbox::{self, NewEmail};
use crate::store::reminders as candidates;
use crate::store::{StoreError, begin_write};

use compose::Composer;

/// An assignment notice is sent for enrolments made in the last this many days, so a
/// first run after an upgrade does not notify years of old assignments.
pub const NOTICE_WINDOW: Duration = Duration::days(7);
/// Messages queued per transaction: a run that stops halfway keeps what it queued.
const COMMIT_EVERY: usize = 1000;

#[derive(Debug, thiserror::Error)]
pub enum ReminderError {
    #[error(transparent)]
    Template(#[from] EmailTemplateError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("a writer stopped: {0}")]
    Writer(String),
}

impl From<sea_orm::DbErr> for ReminderError {
    fn from(err: sea_orm::DbErr) -> Self {
        ReminderError::Store(err.into())
    }
}

/// What the run needs besides the database.
#[derive(Debug, Clone, Copy)]
pub struct Reminders<'a> {
    pub settings: &'a ReminderSettings,
    pub emails: &'a EmailTemplates,
    /// Where Bryggan is reached; no trailing `/`.
    pub public_url: &'a str,
}

/// How many messages of each kind one run queued.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub assigned: u64,
    pub due_soon: u64,
    pub overdue: u64,
    pub digests: u64,
    pub expiry: u64,
}

impl Summary {
    pub fn total(&self) -> u64 {
        self.assigned + self.due_soon + self.overdue + self.digests + self.expiry
    }
}

impl Reminders<'_> {
    /// Queues every reminder owed at `now`.
    pub async fn run(
        &self,
        db: &DatabaseConnection,
        now: DateTime<Utc>,
    ) -> Result<Summary, ReminderError> {
        let today = now.date_naive();
        let compose = Composer::new(self.emails, self.public_url);
        let mut summary = Summary::default();

        let fresh = candidates::newly_assigned(db, now - NOTICE_WINDOW, today).await?;
        let keyed = fresh
            .into_iter()
            .map(|e| (plan::assigned_key(e.enrolment_id), e))
            .collect();
        summary.assigned = self.queue(db, keyed, now, |e| compose.assigned(e)).await?;

        let horizon = plan::due_soon_horizon(today, self.settings);
        let soon = candidates::due_between(db, today, horizon).await?;
        let keyed = soon
            .into_iter()
            .filter(|e| {
                e.due_date
                    .is_some_and(|due| plan::owes_due_soon(e.enrolled_at, due, self.settings))
            })
            .map(|e| (plan::due_soon_key(e.enrolment_id), e))
            .collect();
        summary.due_soon = self
            .queue(db, keyed, now, |e| compose.due_soon(e, today))
            .await?;

        summary.digests = self.digests(db, &compose, now).await?;
        let every = self.settings.overdue_every_days;
        let overdue = candidates::overdue(db, today, every).await?;
        let keyed = overdue
            .into_iter()
            .filter_map(|e| {
                let due = e.due_date?;
                Some((plan::overdue_key(e.enrolment_id, due, today, every), e))
            })
            .collect();
        summary.overdue = self.queue(db, keyed, now, |e| compose.overdue(e)).await?;

        summary.expiry = self.expiry(db, &compose, now).await?;
        Ok(summary)
    }

    /// Renders and queues the messages (the candidate queries left out those already
    /// queued; a run beside this one is stopped by the unique key).
    async fn queue<T>(
        &self,
        db: &DatabaseConnection,
        keyed: Vec<(String, T)>,
        now: DateTime<Utc>,
        render: impl Fn(&T) -> Result<Draft, EmailTemplateError>,
    ) -> Result<u64, ReminderError> {
        let writers = Writers::start(db, now);
        let mut batch = Vec::with_capacity(COMMIT_EVERY);
        for (key, item) in keyed {
            // An address that no longer parses gets no mail; the import reports it.
            if let Some(draft) = render(&item)? {
                batch.push(draft.into_email(key));
            }
            if batch.len() == COMMIT_EVERY {
                writers.send(std::mem::take(&mut batch)).await;
            }
        }
        writers.send(batch).await;
        writers.finish().await
    }

    async fn digests(
        &self,
        db: &DatabaseConnection,
        compose: &Composer<'_>,
        now: DateTime<Utc>,
    ) -> Result<u64, ReminderError> {
        let today = now.date_naive();
        let overdue = candidates::overdue_for_digest(db, today, &plan::iso_week(today)).await?;
        let groups = plan::by_manager(
            overdue
                .iter()
                .filter_map(|e| Some((e.manager_email.clone()?, e)))
                .collect(),
        );
        let emails: Vec<String> = groups.keys().cloned().collect();
        let managers: HashMap<String, _> = candidates::managers(db, &emails)
            .await?
            .into_iter()
            .map(|m| (m.email.to_lowercase(), m))
            .collect();
        let keyed = groups
            .into_iter()
            // A manager who has left gets no digest; one who is not a user still does.
            .filter(|(email, _)| managers.get(email).is_none_or(|m| m.active))
            .map(|(email, staff)| {
                let key = plan::digest_key(&email, today);
                let manager = managers.get(&email);
                (key, (email, manager, staff))
            })
            .collect();
        self.queue(db, keyed, now, |(email, manager, staff)| {
            compose.digest(email, *manager, staff)
        })
        .await
    }

    async fn expiry(
        &self,
        db: &DatabaseConnection,
        compose: &Composer<'_>,
        now: DateTime<Utc>,
    ) -> Result<u64, ReminderError> {
        let today = now.date_naive();
        let until = today
            .checked_add_days(chrono::Days::new(u64::from(
                self.settings.expiry_notice_days,
            )))
            .unwrap_or(NaiveDate::MAX);
        if self.settings.expiry_notice_days == 0 {
            return Ok(0);
        }
        let expiring = candidates::expiring(db, today, until).await?;
        let keyed = expiring
            .into_iter()
            .map(|c| (plan::expiry_key(c.certificate_id), c))
            .collect();
        self.queue(db, keyed, now, |c| compose.expiry(c)).await
    }
}

/// A rendered message before it has its key.
type Draft = Option<compose::Message>;

/// Writes batches while the next are rendered: rendering is CPU in this process,
/// writing waits on the database, so the two overlap. PostgreSQL takes two writers side
/// by side; SQLite has one writer at a time anyway.
struct Writers {
    sender: tokio::sync::mpsc::Sender<Vec<NewEmail>>,
    tasks: tokio::task::JoinSet<Result<u64, ReminderError>>,
}

impl Writers {
    fn start(db: &DatabaseConnection, now: DateTime<Utc>) -> Writers {
        let count = match db.get_database_backend() {
            sea_orm::DbBackend::Postgres => 2,
            _ => 1,
        };
        let (sender, receiver) = tokio::sync::mpsc::channel::<Vec<NewEmail>>(count);
        let receiver = std::sync::Arc::new(tokio::sync::Mutex::new(receiver));
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..count {
            let (db, receiver) = (db.clone(), receiver.clone());
            tasks.spawn(async move {
                let mut queued = 0;
                loop {
                    let next = receiver.lock().await.recv().await;
                    let Some(batch) = next else {
                        return Ok(queued);
                    };
                    queued += commit(&db, batch, now).await?;
                }
            });
        }
        Writers { sender, tasks }
    }

    /// Hands a batch over; waits while the writers are busy with earlier ones. A writer
    /// that failed stops taking batches: its error comes out of [`Writers::finish`].
    async fn send(&self, batch: Vec<NewEmail>) {
        if !batch.is_empty() {
            let _ = self.sender.send(batch).await;
        }
    }

    async fn finish(self) -> Result<u64, ReminderError> {
        let Writers { sender, mut tasks } = self;
        drop(sender);
        let mut queued = 0;
        while let Some(result) = tasks.join_next().await {
            queued += result.map_err(|e| ReminderError::Writer(e.to_string()))??;
        }
        Ok(queued)
    }
}

async fn commit(
    db: &DatabaseConnection,
    batch: Vec<NewEmail>,
    now: DateTime<Utc>,
) -> Result<u64, ReminderError> {
    if batch.is_empty() {
        return Ok(0);
    }
    let txn = begin_write(db).await?;
    let queued = outbox::enqueue_many(&txn, batch, now).await?;
    txn.commit().await?;
    Ok(queued)
}
