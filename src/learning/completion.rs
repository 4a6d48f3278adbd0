//! Completing an enrolment, and what completion moves with it: the report counts go from
//! "in progress" (or "not started") to "completed", and the reminders still waiting about
//! the enrolment are withdrawn, all in one transaction.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, TransactionSession, TransactionTrait};

use crate::reports::State;
use crate::store::StoreError;
use crate::store::{learning, outbox, report_queries};

/// Completes the enrolment at `now`, once. True if it completed just now; false if it
/// was already completed (nothing moves then).
pub async fn complete_enrolment(
    db: &(impl ConnectionTrait + TransactionTrait),
    enrolment_id: i64,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let txn = db.begin().await?;
    let Some(done) = learning::set_completed(&txn, enrolment_id, now).await? else {
        txn.rollback().await?;
        return Ok(false);
    };
    // Only the current cycle of a course is counted in the reports.
    if done.is_current {
        let from = if done.started_at.is_some() {
            State::InProgress
        } else {
            State::NotStarted
        };
        report_queries::count_change(
            &txn,
            done.user_id,
            done.course_id,
            done.due_date,
            Some(from),
            Some(State::Completed),
        )
        .await?;
    }
    outbox::cancel_for_enrolment(&txn, enrolment_id).await?;
    txn.commit().await?;
    Ok(true)
}
