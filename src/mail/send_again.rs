//! An admin sends a given-up message again: it goes back in the queue with its retry
//! clock reset, and the audit log records who asked, in the same transaction.

use chrono::{DateTime, Utc};
use sea_orm::{DatabaseConnection, TransactionTrait};

use crate::store::audit::{self, Actor};
use crate::store::{StoreError, outbox};

/// Queues the failed message `id` again. False if there is no failed message `id`
/// (nothing is written then).
pub async fn send_again(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let txn = db.begin().await?;
    if !outbox::retry(&txn, id, now).await? {
        return Ok(false);
    }
    let details = serde_json::json!({ "message": id });
    audit::record(&txn, actor, "mail.retry", details, now).await?;
    txn.commit().await?;
    Ok(true)
}
