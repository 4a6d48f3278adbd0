//! An admin's decision on deactivations the guard held back.

use chrono::{DateTime, Utc};
use sea_orm::{DatabaseConnection, TransactionTrait};
use serde_json::json;

use crate::store::StoreError;
use crate::store::audit::{self, Actor};
use crate::store::holds::{self, APPROVED, HeldPerson, REJECTED};
use crate::store::{directory, outbox, report_queries};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject,
}

/// The waiting holds, and the latest decided ones, for the admin page.
pub async fn overview(
    db: &DatabaseConnection,
) -> Result<(Vec<HeldPerson>, Vec<HeldPerson>), StoreError> {
    Ok((
        holds::pending(db, None).await?,
        holds::decided(db, 50).await?,
    ))
}

/// Approves (deactivates) or rejects the waiting holds `ids` (all waiting with `None`).
/// Returns how many were decided; holds decided meanwhile are left alone.
pub async fn decide(
    db: &DatabaseConnection,
    ids: Option<&[i64]>,
    decision: Decision,
    admin: &Actor,
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    let txn = db.begin().await?;
    let waiting = holds::pending(&txn, ids).await?;
    let hold_ids: Vec<i64> = waiting.iter().map(|h| h.hold.id).collect();
    let (status, action) = match decision {
        Decision::Approve => (APPROVED, "scim.deactivation_approved"),
        Decision::Reject => (REJECTED, "scim.deactivation_rejected"),
    };
    holds::decide(&txn, &hold_ids, status, &admin.label, now).await?;
    if decision == Decision::Approve {
        let ids: Vec<i64> = waiting.iter().map(|h| h.person.id).collect();
        let deleted: Vec<i64> = waiting
            .iter()
            .filter(|h| h.hold.via == "DELETE")
            .map(|h| h.person.id)
            .collect();
        directory::deactivate_many(&txn, &ids, &deleted, now).await?;
        let emails = waiting.iter().map(|h| h.person.email.to_string()).collect();
        outbox::cancel_reminders_to(&txn, emails).await?;
        // People left: the report counts follow, in one statement.
        report_queries::rebuild_counts(&txn).await?;
    }
    let details = waiting
        .iter()
        .map(|h| json!({"user": h.person.email, "id": h.person.id, "via": h.hold.via}))
        .collect();
    audit::record_many(&txn, admin, action, details, now).await?;
    txn.commit().await?;
    Ok(waiting.len())
}
