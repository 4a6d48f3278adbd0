//! The outbox: emails queued with the event that causes them, claimed by workers, marked
//! sent or retried. Claims are leases, so a worker that dies mid-batch loses nothing.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, QuerySelect,
};

use crate::domain::Email;

use super::StoreError;
use super::entities::outbox_email;
use super::sql::statement;

pub use outbox_email::Model as OutboxEmail;

pub const PENDING: &str = "pending";
pub const SENT: &str = "sent";
pub const FAILED: &str = "failed";
/// Withdrawn before sending: the reminder no longer applied.
pub const CANCELLED: &str = "cancelled";
/// Every state a message can be in.
pub const STATES: [&str; 4] = [PENDING, SENT, FAILED, CANCELLED];

#[derive(Debug, Clone)]
pub struct NewEmail {
    /// Why the message exists; a second message for the same reason is not queued.
    pub dedup_key: String,
    pub to: Email,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    /// A document rendered at sending time, e.g. `certificate:<code>`.
    pub attachment: Option<String>,
    /// The enrolment a reminder is about; completing it cancels the reminder.
    pub enrolment_id: Option<i64>,
}

impl NewEmail {
    /// With a document rendered at sending time, such as `certificate:<code>`.
    pub fn with_attachment(self, attachment: String) -> Self {
        NewEmail {
            attachment: Some(attachment),
            ..self
        }
    }

    /// About an enrolment, so completing it cancels the message.
    pub fn about_enrolment(self, enrolment_id: Option<i64>) -> Self {
        NewEmail {
            enrolment_id,
            ..self
        }
    }
}

/// Queues a message in the caller's transaction. False when one with the same key exists.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    email: NewEmail,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    Ok(enqueue_many(db, vec![email], now).await? == 1)
}

/// Rows per INSERT: 15 columns stay well under SQLite's and PostgreSQL's parameter limits.
const INSERT_BATCH: usize = 1000;

/// Queues many messages with multi-row inserts; those whose key exists are skipped.
/// Returns how many were queued.
pub async fn enqueue_many(
    db: &impl ConnectionTrait,
    emails: Vec<NewEmail>,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let mut queued = 0;
    let mut emails = emails.into_iter().peekable();
    while emails.peek().is_some() {
        let rows: Vec<outbox_email::ActiveModel> = emails
            .by_ref()
            .take(INSERT_BATCH)
            .map(|email| row(email, now))
            .collect();
        queued += outbox_email::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::column(outbox_email::Column::DedupKey)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    Ok(queued)
}

fn row(email: NewEmail, now: DateTime<Utc>) -> outbox_email::ActiveModel {
    outbox_email::ActiveModel {
        dedup_key: Set(email.dedup_key),
        recipient: Set(email.to.as_str().to_owned()),
        subject: Set(email.subject),
        text_body: Set(email.text),
        html_body: Set(email.html),
        created_at: Set(now),
        status: Set(PENDING.into()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        locked_until: Set(None),
        locked_by: Set(None),
        last_error: Set(None),
        sent_at: Set(None),
        attachment: Set(email.attachment),
        enrolment_id: Set(email.enrolment_id),
        ..Default::default()
    }
}

/// Withdraws the reminders still waiting about an enrolment (it was just completed).
pub async fn cancel_for_enrolment(
    db: &impl ConnectionTrait,
    enrolment_id: i64,
) -> Result<u64, StoreError> {
    let result = outbox_email::Entity::update_many()
        .col_expr(outbox_email::Column::Status, Expr::value(CANCELLED))
        .filter(outbox_email::Column::EnrolmentId.eq(enrolment_id))
        .filter(outbox_email::Column::Status.eq(PENDING))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// Withdraws the reminders still waiting for people who were just deactivated.
pub async fn cancel_reminders_to(
    db: &impl ConnectionTrait,
    recipients: Vec<String>,
) -> Result<u64, StoreError> {
    let mut cancelled = 0;
    for chunk in recipients.chunks(INSERT_BATCH) {
        let result = outbox_email::Entity::update_many()
            .col_expr(outbox_email::Column::Status, Expr::value(CANCELLED))
            .filter(outbox_email::Column::Recipient.is_in(chunk.iter().cloned()))
            .filter(outbox_email::Column::EnrolmentId.is_not_null())
            .filter(outbox_email::Column::Status.eq(PENDING))
            .exec(db)
            .await?;
        cancelled += result.rows_affected;
    }
    Ok(cancelled)
}

/// Claims up to `limit` due messages for `worker` until `now + lease`, in one statement,
/// the longest due first: in the order of `idx_outbox_due`, so a queue of 100,000 is not
/// sorted for every batch.
/// On PostgreSQL, `SKIP LOCKED` lets workers on several instances claim side by side;
/// SQLite runs one writer at a time, so the update is already atomic.
pub async fn claim(
    db: &impl ConnectionTrait,
    worker: &str,
    limit: u64,
    now: DateTime<Utc>,
    lease: Duration,
) -> Result<Vec<OutboxEmail>, StoreError> {
    let backend = db.get_database_backend();
    let skip_locked = match backend {
        DbBackend::Postgres => " FOR UPDATE SKIP LOCKED",
        _ => "",
    };
    let sql = format!(
        "UPDATE outbox SET locked_until = ?, locked_by = ? WHERE id IN (\
         SELECT id FROM outbox WHERE status = ? AND next_attempt_at <= ? \
         AND (locked_until IS NULL OR locked_until < ?) ORDER BY next_attempt_at LIMIT ?{skip_locked}) \
         RETURNING *"
    );
    let rows = db
        .query_all_raw(statement(
            backend,
            &sql,
            vec![
                (now + lease).into(),
                worker.into(),
                PENDING.into(),
                now.into(),
                now.into(),
                (limit as i64).into(),
            ],
        ))
        .await?;
    let mut claimed: Vec<OutboxEmail> = rows
        .iter()
        .map(|r| OutboxEmail::from_query_result(r, ""))
        .collect::<Result<_, _>>()?;
    claimed.sort_by_key(|e| e.id);
    Ok(claimed)
}

/// Marks the messages sent, in one statement; only those `worker` still holds.
pub async fn mark_sent(
    db: &impl ConnectionTrait,
    ids: Vec<i64>,
    worker: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    if ids.is_empty() {
        return Ok(());
    }
    outbox_email::Entity::update_many()
        .col_expr(outbox_email::Column::Status, Expr::value(SENT))
        .col_expr(outbox_email::Column::SentAt, Expr::value(now))
        .col_expr(
            outbox_email::Column::Attempts,
            Expr::col(outbox_email::Column::Attempts).add(1),
        )
        .col_expr(
            outbox_email::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(outbox_email::Column::Id.is_in(ids))
        .filter(outbox_email::Column::LockedBy.eq(worker))
        .exec(db)
        .await?;
    Ok(())
}

/// Gives back the pending messages `worker` still holds, so another worker sends them at
/// once rather than when the lease runs out: a server that stops mid-batch.
pub async fn release(db: &impl ConnectionTrait, worker: &str) -> Result<u64, StoreError> {
    let released = outbox_email::Entity::update_many()
        .col_expr(
            outbox_email::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            outbox_email::Column::LockedBy,
            Expr::value(Option::<String>::None),
        )
        .filter(outbox_email::Column::LockedBy.eq(worker))
        .filter(outbox_email::Column::Status.eq(PENDING))
        .exec(db)
        .await?;
    Ok(released.rows_affected)
}

/// Records a failed attempt: the message is tried again at `retry_at`, or, with `None`,
/// given up and marked failed for an admin to see.
pub async fn mark_attempt_failed(
    db: &impl ConnectionTrait,
    id: i64,
    worker: &str,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> Result<(), StoreError> {
    let mut update = outbox_email::Entity::update_many()
        .col_expr(
            outbox_email::Column::Attempts,
            Expr::col(outbox_email::Column::Attempts).add(1),
        )
        .col_expr(
            outbox_email::Column::LastError,
            Expr::value(error.chars().take(1000).collect::<String>()),
        )
        .col_expr(
            outbox_email::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        );
    update = match retry_at {
        Some(at) => update.col_expr(outbox_email::Column::NextAttemptAt, Expr::value(at)),
        None => update.col_expr(outbox_email::Column::Status, Expr::value(FAILED)),
    };
    update
        .filter(outbox_email::Column::Id.eq(id))
        .filter(outbox_email::Column::LockedBy.eq(worker))
        .exec(db)
        .await?;
    Ok(())
}

/// Messages given up on, newest first.
pub async fn failed(db: &impl ConnectionTrait, limit: u64) -> Result<Vec<OutboxEmail>, StoreError> {
    Ok(outbox_email::Entity::find()
        .filter(outbox_email::Column::Status.eq(FAILED))
        .order_by_desc(outbox_email::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// Puts a failed message back in the queue, due now, with a fresh time budget.
pub async fn retry(
    db: &impl ConnectionTrait,
    id: i64,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let result = outbox_email::Entity::update_many()
        .col_expr(outbox_email::Column::Status, Expr::value(PENDING))
        .col_expr(outbox_email::Column::NextAttemptAt, Expr::value(now))
        .col_expr(outbox_email::Column::CreatedAt, Expr::value(now))
        .filter(outbox_email::Column::Id.eq(id))
        .filter(outbox_email::Column::Status.eq(FAILED))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}
