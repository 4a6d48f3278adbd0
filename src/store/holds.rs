//! Deactivations held back by the mass-deactivation guard, until an admin decides.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use super::StoreError;
use super::entities::{scim_hold, user};

pub use scim_hold::Model as Hold;

pub const PENDING: &str = "pending";
pub const APPROVED: &str = "approved";
pub const REJECTED: &str = "rejected";
/// The directory asked for the account again before anyone decided.
pub const WITHDRAWN: &str = "withdrawn";

/// A held deactivation with the person it is about.
#[derive(Debug, Clone)]
pub struct HeldPerson {
    pub hold: Hold,
    pub person: user::Model,
}

/// Holds a deactivation unless one is already waiting for this person. True when new.
pub async fn hold(
    db: &impl ConnectionTrait,
    user_id: i64,
    via: &str,
    token_name: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let waiting = scim_hold::Entity::find()
        .filter(scim_hold::Column::UserId.eq(user_id))
        .filter(scim_hold::Column::Status.eq(PENDING))
        .one(db)
        .await?;
    match waiting {
        Some(existing) => {
            // A DELETE after a held PATCH asks for more: the link is released on approval.
            if via == "DELETE" && existing.via != "DELETE" {
                scim_hold::Entity::update_many()
                    .col_expr(scim_hold::Column::Via, Expr::value(via))
                    .filter(scim_hold::Column::Id.eq(existing.id))
                    .exec(db)
                    .await?;
            }
            Ok(false)
        }
        None => {
            scim_hold::Entity::insert(scim_hold::ActiveModel {
                user_id: Set(user_id),
                requested_at: Set(now),
                via: Set(via.to_owned()),
                token_name: Set(token_name.to_owned()),
                status: Set(PENDING.to_owned()),
                decided_at: Set(None),
                decided_by: Set(None),
                ..Default::default()
            })
            .exec_without_returning(db)
            .await?;
            Ok(true)
        }
    }
}

pub async fn pending_count(db: &impl ConnectionTrait) -> Result<u64, StoreError> {
    Ok(scim_hold::Entity::find()
        .filter(scim_hold::Column::Status.eq(PENDING))
        .count(db)
        .await?)
}

/// Waiting holds (or, with `ids`, those of them), oldest first, with their people.
pub async fn pending(
    db: &impl ConnectionTrait,
    ids: Option<&[i64]>,
) -> Result<Vec<HeldPerson>, StoreError> {
    let mut query = scim_hold::Entity::find().filter(scim_hold::Column::Status.eq(PENDING));
    if let Some(ids) = ids {
        query = query.filter(scim_hold::Column::Id.is_in(ids.iter().copied()));
    }
    with_people(db, query.order_by_asc(scim_hold::Column::Id).all(db).await?).await
}

/// The latest decided holds, newest first.
pub async fn decided(db: &impl ConnectionTrait, limit: u64) -> Result<Vec<HeldPerson>, StoreError> {
    let holds = scim_hold::Entity::find()
        .filter(scim_hold::Column::Status.ne(PENDING))
        .order_by_desc(scim_hold::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    with_people(db, holds).await
}

async fn with_people(
    db: &impl ConnectionTrait,
    holds: Vec<Hold>,
) -> Result<Vec<HeldPerson>, StoreError> {
    let people: std::collections::HashMap<i64, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(holds.iter().map(|h| h.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    Ok(holds
        .into_iter()
        .filter_map(|hold| {
            let person = people.get(&hold.user_id)?.clone();
            Some(HeldPerson { hold, person })
        })
        .collect())
}

/// Marks holds decided (`status`), only those still waiting.
pub async fn decide(
    db: &impl ConnectionTrait,
    ids: &[i64],
    status: &str,
    by: &str,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let result = scim_hold::Entity::update_many()
        .col_expr(scim_hold::Column::Status, Expr::value(status))
        .col_expr(scim_hold::Column::DecidedAt, Expr::value(now))
        .col_expr(scim_hold::Column::DecidedBy, Expr::value(by))
        .filter(scim_hold::Column::Id.is_in(ids.iter().copied()))
        .filter(scim_hold::Column::Status.eq(PENDING))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// Withdraws a person's waiting hold: the directory wants them active after all.
pub async fn withdraw_for(
    db: &impl ConnectionTrait,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let result = scim_hold::Entity::update_many()
        .col_expr(scim_hold::Column::Status, Expr::value(WITHDRAWN))
        .col_expr(scim_hold::Column::DecidedAt, Expr::value(now))
        .col_expr(scim_hold::Column::DecidedBy, Expr::value("directory"))
        .filter(scim_hold::Column::UserId.eq(user_id))
        .filter(scim_hold::Column::Status.eq(PENDING))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}
