//! Assignment notices as soon as an assignment enrols people: queued in the transaction
//! that writes the enrolments, so the mail worker sends them within seconds instead of at
//! the next reminder run, and never for enrolments that were rolled back.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection};

use crate::hr::{Applied, apply_assignments_in};
use crate::mail::templates::EmailTemplates;
use crate::store::{begin_write, outbox, reminders as candidates};

use super::compose::Composer;
use super::{NOTICE_WINDOW, ReminderError, plan};

/// What writing a notice needs.
#[derive(Debug, Clone, Copy)]
pub struct Notices<'a> {
    pub emails: &'a EmailTemplates,
    /// Where Bryggan is reached; no trailing `/`.
    pub public_url: &'a str,
}

impl Notices<'_> {
    /// Applies every assignment and queues the notices of the enrolments that made, in
    /// one transaction.
    pub async fn apply_assignments(
        &self,
        db: &DatabaseConnection,
        now: DateTime<Utc>,
        recertify_days: u16,
    ) -> Result<Applied, ReminderError> {
        let txn = begin_write(db).await?;
        let applied = apply_assignments_in(&txn, now, recertify_days).await?;
        if applied.enrolled + applied.recertifications + applied.given_due_dates > 0 {
            self.queue(&txn, now).await?;
        }
        txn.commit().await?;
        Ok(applied)
    }

    /// Queues every notice owed and not yet queued, with the same keys as the reminder
    /// run, so whichever comes first sends it and the other finds it queued.
    pub async fn queue(
        &self,
        conn: &impl ConnectionTrait,
        now: DateTime<Utc>,
    ) -> Result<u64, ReminderError> {
        let compose = Composer::new(self.emails, self.public_url);
        let fresh = candidates::newly_assigned(conn, now - NOTICE_WINDOW, now.date_naive()).await?;
        let mut emails = Vec::with_capacity(fresh.len());
        for enrolment in &fresh {
            if let Some(message) = compose.assigned(enrolment)? {
                emails.push(message.into_email(plan::assigned_key(enrolment.enrolment_id)));
            }
        }
        Ok(outbox::enqueue_many(conn, emails, now).await?)
    }
}
