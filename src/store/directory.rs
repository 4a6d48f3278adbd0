//! The people the directory provisions (SCIM): look-ups by its unique attributes, one
//! page at a time, with department paths and managers resolved in one query each.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, TryIntoModel,
};

use super::StoreError;
use super::entities::{audit_entry, department, user};
use super::users::User;
use crate::domain::Email;
use crate::scim::query::UserFilter;

/// The audit action the mass-deactivation guard counts.
pub const DEACTIVATED: &str = "scim.user_deactivated";

/// A person as the directory sees them.
#[derive(Debug, Clone)]
pub struct DirectoryPerson {
    pub user: User,
    pub department: Option<String>,
    pub manager_id: Option<i64>,
}

/// Not deleted by the directory: what SCIM may see.
fn visible() -> Condition {
    Condition::all().add(user::Column::ScimDeletedAt.is_null())
}

fn condition(filter: &UserFilter) -> Option<Condition> {
    let visible = visible();
    Some(match filter {
        UserFilter::All => visible,
        UserFilter::Id(id) => visible.add(user::Column::Id.eq(id.trim().parse::<i64>().ok()?)),
        UserFilter::UserName(name) => {
            let key = name.trim().to_lowercase();
            // Accounts the directory has not provisioned yet answer to their address, so
            // that its first run matches staff imported before instead of duplicating them.
            visible.add(
                Condition::any()
                    .add(user::Column::ScimUserKey.eq(key.clone()))
                    .add(
                        Condition::all()
                            .add(user::Column::ScimUserKey.is_null())
                            .add(user::Column::Email.eq(key)),
                    ),
            )
        }
        UserFilter::ExternalId(id) => visible.add(user::Column::ExternalId.eq(id.trim())),
        UserFilter::Email(email) => {
            visible.add(user::Column::Email.eq(email.trim().to_lowercase()))
        }
    })
}

/// One page of the people matching `filter`, in id order, and how many match in all.
pub async fn search(
    db: &impl ConnectionTrait,
    filter: &UserFilter,
    offset: u64,
    limit: u64,
) -> Result<(Vec<DirectoryPerson>, u64), StoreError> {
    let Some(condition) = condition(filter) else {
        return Ok((Vec::new(), 0));
    };
    let query = user::Entity::find().filter(condition);
    let total = query.clone().count(db).await?;
    if limit == 0 {
        return Ok((Vec::new(), total));
    }
    let users = query
        .order_by_asc(user::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    Ok((resolve(db, users).await?, total))
}

/// The person with SCIM id `id`, unless the directory deleted them.
pub async fn find(
    db: &impl ConnectionTrait,
    id: i64,
) -> Result<Option<DirectoryPerson>, StoreError> {
    let user = user::Entity::find_by_id(id)
        .filter(visible())
        .one(db)
        .await?;
    Ok(resolve(db, user.into_iter().collect()).await?.pop())
}

/// `user` (deleted by the directory or not) with its department path and manager.
pub async fn with_details(
    db: &impl ConnectionTrait,
    user: User,
) -> Result<DirectoryPerson, StoreError> {
    let mut people = resolve(db, vec![user.clone()]).await?;
    Ok(people.pop().unwrap_or(DirectoryPerson {
        user,
        department: None,
        manager_id: None,
    }))
}

/// The account that holds `key` as its userName, deleted by the directory or not.
pub async fn by_user_key(db: &impl ConnectionTrait, key: &str) -> Result<Option<User>, StoreError> {
    Ok(user::Entity::find()
        .filter(user::Column::ScimUserKey.eq(key))
        .one(db)
        .await?)
}

pub async fn by_email(
    db: &impl ConnectionTrait,
    email: &Email,
) -> Result<Option<User>, StoreError> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(db)
        .await?)
}

/// Writes `row` (a new account, or changes to one) and reads it back.
pub async fn save(db: &impl ConnectionTrait, row: user::ActiveModel) -> Result<User, StoreError> {
    Ok(row.save(db).await?.try_into_model()?)
}

/// Department paths and manager ids for `users`: two queries, whatever their number.
async fn resolve(
    db: &impl ConnectionTrait,
    users: Vec<User>,
) -> Result<Vec<DirectoryPerson>, StoreError> {
    let department_ids: Vec<i64> = users.iter().filter_map(|u| u.department_id).collect();
    let paths: HashMap<i64, String> = if department_ids.is_empty() {
        HashMap::new()
    } else {
        department::Entity::find()
            .filter(department::Column::Id.is_in(department_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|d| (d.id, d.path))
            .collect()
    };
    let managers: Vec<String> = users
        .iter()
        .filter_map(|u| u.manager_email.clone())
        .collect();
    let manager_ids: HashMap<String, i64> = if managers.is_empty() {
        HashMap::new()
    } else {
        user::Entity::find()
            .select_only()
            .columns([user::Column::Email, user::Column::Id])
            .filter(user::Column::Email.is_in(managers))
            .filter(visible())
            .into_tuple::<(String, i64)>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    Ok(users
        .into_iter()
        .map(|user| DirectoryPerson {
            department: user.department_id.and_then(|id| paths.get(&id).cloned()),
            manager_id: user
                .manager_email
                .as_ref()
                .and_then(|m| manager_ids.get(m).copied()),
            user,
        })
        .collect())
}

/// The address of the visible person with SCIM id `id`.
pub async fn email_of(db: &impl ConnectionTrait, id: i64) -> Result<Option<Email>, StoreError> {
    Ok(user::Entity::find_by_id(id)
        .filter(visible())
        .one(db)
        .await?
        .map(|u| u.email))
}

/// Active accounts: the base of the guard's threshold.
pub async fn active_staff(db: &impl ConnectionTrait) -> Result<u64, StoreError> {
    Ok(user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .count(db)
        .await?)
}

/// The directory's deactivations recorded since `since`.
pub async fn deactivations_since(
    db: &impl ConnectionTrait,
    since: DateTime<Utc>,
) -> Result<u64, StoreError> {
    Ok(audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq(DEACTIVATED))
        .filter(audit_entry::Column::At.gte(since))
        .count(db)
        .await?)
}

/// Deactivates `user_id` (and, for a DELETE, releases it from the directory).
pub async fn deactivate(
    db: &impl ConnectionTrait,
    user_id: i64,
    deleted: bool,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut update = user::Entity::update_many()
        .col_expr(user::Column::Active, Expr::value(false))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(user_id));
    if deleted {
        update = update.col_expr(user::Column::ScimDeletedAt, Expr::value(now));
    }
    update.exec(db).await?;
    Ok(())
}

/// Deactivates `ids` in two statements; those in `deleted` are also released from the
/// directory.
pub async fn deactivate_many(
    db: &impl ConnectionTrait,
    ids: &[i64],
    deleted: &[i64],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    for chunk in ids.chunks(1_000) {
        user::Entity::update_many()
            .col_expr(user::Column::Active, Expr::value(false))
            .col_expr(user::Column::UpdatedAt, Expr::value(now))
            .filter(user::Column::Id.is_in(chunk.iter().copied()))
            .exec(db)
            .await?;
    }
    for chunk in deleted.chunks(1_000) {
        user::Entity::update_many()
            .col_expr(user::Column::ScimDeletedAt, Expr::value(now))
            .filter(user::Column::Id.is_in(chunk.iter().copied()))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Releases an account the directory deleted when it was already deactivated.
pub async fn mark_deleted(
    db: &impl ConnectionTrait,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    user::Entity::update_many()
        .col_expr(user::Column::ScimDeletedAt, Expr::value(now))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}
