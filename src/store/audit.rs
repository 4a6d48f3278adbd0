//! The audit log: who did what and when, for every HR and admin action. Append-only.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ConnectionTrait, EntityTrait, PaginatorTrait, QueryOrder, QuerySelect,
};

use super::StoreError;
use super::entities::audit_entry;

pub use audit_entry::Model as AuditEntry;

/// Who acted: a signed-in user, or the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: Option<i64>,
    pub label: String,
}

impl Actor {
    pub fn command_line() -> Actor {
        Actor {
            id: None,
            label: "command line".into(),
        }
    }

    /// The server itself, acting on what it noticed (a changed courses folder, a signal).
    pub fn server() -> Actor {
        Actor {
            id: None,
            label: "server".into(),
        }
    }

    pub fn user(id: i64, email: &str) -> Actor {
        Actor {
            id: Some(id),
            label: email.to_owned(),
        }
    }
}

/// Records an action, in the caller's transaction where there is one, so that an action
/// and its entry are written together or not at all.
pub async fn record(
    db: &impl ConnectionTrait,
    actor: &Actor,
    action: &str,
    details: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    audit_entry::Entity::insert(audit_entry::ActiveModel {
        at: Set(now),
        actor_id: Set(actor.id),
        actor: Set(actor.label.clone()),
        action: Set(action.to_owned()),
        details: Set(details.to_string()),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Records one action about many things at once (`details` each), in batches.
pub async fn record_many(
    db: &impl ConnectionTrait,
    actor: &Actor,
    action: &str,
    details: Vec<serde_json::Value>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut details = details.into_iter().peekable();
    while details.peek().is_some() {
        let rows: Vec<audit_entry::ActiveModel> = details
            .by_ref()
            .take(1_000)
            .map(|details| audit_entry::ActiveModel {
                at: Set(now),
                actor_id: Set(actor.id),
                actor: Set(actor.label.clone()),
                action: Set(action.to_owned()),
                details: Set(details.to_string()),
                ..Default::default()
            })
            .collect();
        audit_entry::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// The newest entries first: `limit` after skipping `offset`.
pub async fn page(
    db: &impl ConnectionTrait,
    limit: u64,
    offset: u64,
) -> Result<Vec<AuditEntry>, StoreError> {
    Ok(audit_entry::Entity::find()
        .order_by_desc(audit_entry::Column::Id)
        .limit(limit)
        .offset(offset)
        .all(db)
        .await?)
}

pub async fn count(db: &impl ConnectionTrait) -> Result<u64, StoreError> {
    Ok(audit_entry::Entity::find().count(db).await?)
}
