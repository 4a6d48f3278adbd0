//! Applying the retention rules: `bryggan privacy purge`. A dry run counts what each rule
//! would remove. A purge applies the people rule one person per transaction, so that an
//! interrupted run leaves nobody half anonymised and a rerun finishes the job, and each
//! other rule in one transaction. Every step writes its audit entry in its own
//! transaction: the rule, the period and the counts, never the people.

use chrono::{DateTime, Utc};
use sea_orm::{DatabaseConnection, TransactionTrait};
use serde_json::json;

use super::retention::{Period, RetentionRules, Rule};
use super::{PrivacyError, spellings};
use crate::store::audit::{self, Actor};
use crate::store::entities::user;
use crate::store::mentions::{self, Sought};
use crate::store::{StoreError, anonymise, retention};

/// What a rule found, or removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub rule: Rule,
    pub period: Period,
    pub cutoff: DateTime<Utc>,
    pub count: u64,
}

/// What each rule in force would remove now, without removing anything.
pub async fn dry_run(
    db: &DatabaseConnection,
    rules: &RetentionRules,
    now: DateTime<Utc>,
) -> Result<Vec<Outcome>, PrivacyError> {
    run(db, rules, None, now).await
}

/// Applies every rule in force.
pub async fn apply(
    db: &DatabaseConnection,
    rules: &RetentionRules,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Vec<Outcome>, PrivacyError> {
    run(db, rules, Some(actor), now).await
}

/// Counts (without an actor) or applies (with one) each rule in turn.
async fn run(
    db: &DatabaseConnection,
    rules: &RetentionRules,
    actor: Option<&Actor>,
    now: DateTime<Utc>,
) -> Result<Vec<Outcome>, PrivacyError> {
    let mut outcomes = Vec::new();
    for &(rule, period) in rules.rules() {
        let cutoff = period.cutoff(now);
        let count = match actor {
            None => count(db, rule, cutoff).await?,
            Some(actor) if rule == Rule::PeopleWhoLeft => {
                people_who_left(db, period, cutoff, actor, now).await?
            }
            Some(actor) => bulk(db, rule, period, cutoff, actor, now).await?,
        };
        outcomes.push(Outcome {
            rule,
            period,
            cutoff,
            count,
        });
    }
    Ok(outcomes)
}

async fn count(
    db: &DatabaseConnection,
    rule: Rule,
    cutoff: DateTime<Utc>,
) -> Result<u64, PrivacyError> {
    Ok(match rule {
        Rule::PeopleWhoLeft => retention::people_who_left(db, cutoff).await?.len() as u64,
        Rule::EmailBodies => retention::count_email_bodies(db, cutoff).await?,
        Rule::SignInLinks => retention::count_sign_in_links(db, cutoff).await?,
        Rule::PendingImports => retention::count_pending_imports(db, cutoff).await?,
        Rule::AuditLog => retention::count_audit_entries(db, cutoff).await?,
        Rule::QuizAnswers => retention::count_quiz_answers(db, cutoff).await?,
    })
}

async fn people_who_left(
    db: &DatabaseConnection,
    period: Period,
    cutoff: DateTime<Utc>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<u64, PrivacyError> {
    let mut done = 0;
    let candidates = retention::people_who_left(db, cutoff).await?;
    // One pass over the outbox and the log for everyone, instead of one per person.
    let sought: Vec<Sought> = candidates
        .iter()
        .map(|p| Sought {
            id: p.id,
            email: p.email.as_str().to_owned(),
            spellings: spellings(p),
        })
        .collect();
    let known = mentions::find(db, &sought).await?;
    for candidate in candidates {
        let txn = db.begin().await.map_err(StoreError::from)?;
        // Read again inside the transaction: they may have come back since the list.
        let still_gone = crate::store::users::find(&txn, candidate.id)
            .await?
            .filter(|p| still_purgeable(p, cutoff));
        let Some(person) = still_gone else {
            continue;
        };
        let rows = anonymise::person(&txn, &person, &spellings(&person), Some(&known), now).await?;
        let details = json!({
            "rule": Rule::PeopleWhoLeft.name(),
            "older_than": period.to_string(),
            "anonymised": 1,
            "rows": rows,
        });
        audit::record(&txn, actor, "privacy.purged", details, now).await?;
        txn.commit().await.map_err(StoreError::from)?;
        done += 1;
    }
    Ok(done)
}

fn still_purgeable(person: &user::Model, cutoff: DateTime<Utc>) -> bool {
    !person.active && person.anonymised_at.is_none() && person.deactivated_at < Some(cutoff)
}

async fn bulk(
    db: &DatabaseConnection,
    rule: Rule,
    period: Period,
    cutoff: DateTime<Utc>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<u64, PrivacyError> {
    let txn = db.begin().await.map_err(StoreError::from)?;
    let count = match rule {
        Rule::EmailBodies => retention::remove_email_bodies(&txn, cutoff).await?,
        Rule::SignInLinks => retention::remove_sign_in_links(&txn, cutoff).await?,
        Rule::PendingImports => retention::remove_pending_imports(&txn, cutoff).await?,
        Rule::AuditLog => retention::remove_audit_entries(&txn, cutoff).await?,
        Rule::QuizAnswers => retention::remove_quiz_answers(&txn, cutoff).await?,
        Rule::PeopleWhoLeft => 0,
    };
    let details = json!({
        "rule": rule.name(),
        "older_than": period.to_string(),
        "rows": count,
    });
    audit::record(&txn, actor, "privacy.purged", details, now).await?;
    txn.commit().await.map_err(StoreError::from)?;
    Ok(count)
}
