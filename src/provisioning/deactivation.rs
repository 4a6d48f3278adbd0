//! A deactivation the directory asks for: applied, or held by the guard. Decisions are
//! taken one at a time across instances, so that eight concurrent requests cannot all
//! see room for one more.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbBackend};
use serde_json::json;

use super::guard::Verdict;
use super::{Directory, Provisioning, ProvisioningError, Via};
use crate::domain::Role;
use crate::store::directory::{self, DEACTIVATED};
use crate::store::outbox;
use crate::store::users::{self, User};
use crate::store::{audit, holds, report_queries};

/// Taken by every guard decision on PostgreSQL, until its transaction ends. SQLite's
/// write transaction is already one at a time.
const GUARD_LOCK: i64 = 0x4272_7967_5343_494d; // "BrygSCIM"

pub(super) struct Requested<'a> {
    pub user: &'a User,
    pub via: Via,
    pub directory: &'a Directory,
}

/// Deactivates `request.user` or holds the deactivation for an admin. True when applied.
pub(super) async fn deactivate_or_hold(
    service: &Provisioning<'_>,
    txn: &DatabaseTransaction,
    request: Requested<'_>,
    now: DateTime<Utc>,
) -> Result<bool, ProvisioningError> {
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({GUARD_LOCK})"))
            .await?;
    }
    let user = request.user;
    let guard = service.settings.guard;
    let last_hour = directory::deactivations_since(txn, now - Duration::hours(1)).await?;
    // The staff as the hour began: the run's own deactivations do not shrink its base.
    let active = directory::active_staff(txn).await? + last_hour;
    let held = holds::pending_count(txn).await?;
    let actor = request.directory.actor();
    let via = request.via.as_str();
    match guard.judge(active, last_hour, held, user.role == Role::Admin) {
        Verdict::Apply => {
            report_queries::uncount_person(txn, user.id).await?;
            directory::deactivate(txn, user.id, request.via == Via::Delete, now).await?;
            outbox::cancel_reminders_to(txn, vec![user.email.to_string()]).await?;
            let details = json!({"user": user.email, "id": user.id, "via": via});
            audit::record(txn, &actor, DEACTIVATED, details, now).await?;
            Ok(true)
        }
        Verdict::Hold(reason) => {
            let token = &request.directory.token_name;
            let new = holds::hold(txn, user.id, via, token, now).await?;
            if new {
                let threshold = guard.threshold(active);
                let details = json!({
                    "user": user.email, "id": user.id, "via": via,
                    "reason": reason.code(), "threshold": threshold,
                });
                audit::record(txn, &actor, "scim.deactivation_held", details, now).await?;
                if held == 0 {
                    notify_admins(service, txn, user, token, threshold, now).await?;
                }
            }
            Ok(false)
        }
    }
}

/// Tells every admin once, when the first deactivation of an occasion is held.
async fn notify_admins(
    service: &Provisioning<'_>,
    txn: &DatabaseTransaction,
    first: &User,
    token: &str,
    threshold: u64,
    now: DateTime<Utc>,
) -> Result<(), ProvisioningError> {
    let mut messages = Vec::new();
    for admin in users::admins(txn).await? {
        let data = json!({
            "name": admin.name,
            "token": token,
            "threshold": threshold,
            "first": format!("{} <{}>", first.name, first.email),
            "url": format!("{}/admin/provisioning", service.public_url),
        });
        let rendered = service
            .emails
            .render("deactivations_held", admin.locale, &data)?;
        let key = format!("scim-guard:{}:{}:{}", now.timestamp(), first.id, admin.id);
        messages.push(rendered.to(admin.email.clone(), key));
    }
    outbox::enqueue_many(txn, messages, now).await?;
    Ok(())
}
