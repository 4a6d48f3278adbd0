//! Changes to an enrolment and what moves with them, in one transaction each: the report
//! counts follow the enrolment from "not started" to "in progress" to "completed", and
//! completing withdraws the reminders still waiting about it. The store only reads and
//! writes; the rule that these go together lives here.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, TransactionSession, TransactionTrait};

use crate::reports::State;
use crate::store::StoreError;
use crate::store::learning::{Enrolment, NewEnrolment};
use crate::store::{learning, outbox, report_queries};

/// Enrols the person and counts them as "not started"; a second call for the same cycle
/// returns the first enrolment and counts nothing.
pub async fn enrol_on(
    db: &(impl ConnectionTrait + TransactionTrait),
    new: NewEnrolment,
    now: DateTime<Utc>,
) -> Result<Enrolment, StoreError> {
    let txn = db.begin().await?;
    if learning::insert_enrolment(&txn, new, now).await? {
        report_queries::count_change(
            &txn,
            new.user_id,
            new.course_id,
            new.due_date,
            None,
            Some(State::NotStarted),
        )
        .await?;
    }
    let found = learning::enrolment(&txn, new.user_id, new.course_id)
        .await?
        .ok_or_else(|| StoreError::Corrupt("enrolment vanished".into()))?;
    txn.commit().await?;
    Ok(found)
}

/// Records the first lesson opened. A current cycle moves from "not started" to "in
/// progress" in the reports; an earlier cycle is not counted.
pub async fn start_enrolment(
    db: &(impl ConnectionTrait + TransactionTrait),
    enrolment: &Enrolment,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let txn = db.begin().await?;
    if learning::set_started(&txn, enrolment.id, now).await? && enrolment.is_current {
        report_queries::count_change(
            &txn,
            enrolment.user_id,
            enrolment.course_id,
            enrolment.due_date,
            Some(State::NotStarted),
            Some(State::InProgress),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

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
