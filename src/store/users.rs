//! Accounts: creation, look-up, sign-in throttling and session generations.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait,
};

use crate::domain::{Email, Language, Role};

use super::StoreError;
use super::audit::Actor;
use super::entities::{department, user};

pub use user::Model as User;

#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: Email,
    pub name: String,
    pub role: Role,
    pub locale: Language,
    pub department_id: Option<i64>,
    pub password_hash: Option<String>,
}

pub async fn create(
    db: &impl ConnectionTrait,
    new: NewUser,
    now: DateTime<Utc>,
) -> Result<User, StoreError> {
    let row = user::ActiveModel {
        email: Set(new.email),
        name: Set(new.name),
        role: Set(new.role),
        locale: Set(new.locale),
        department_id: Set(new.department_id),
        password_hash: Set(new.password_hash),
        active: Set(true),
        token_generation: Set(0),
        failed_sign_ins: Set(0),
        sign_in_blocked_until: Set(None),
        created_at: Set(now),
        manager_email: Set(None),
        ..Default::default()
    };
    Ok(row.insert(db).await?)
}

pub async fn count(db: &impl ConnectionTrait) -> Result<u64, StoreError> {
    Ok(user::Entity::find().count(db).await?)
}

pub async fn find(db: &impl ConnectionTrait, id: i64) -> Result<Option<User>, StoreError> {
    Ok(user::Entity::find_by_id(id).one(db).await?)
}

pub async fn find_by_email(
    db: &impl ConnectionTrait,
    email: &Email,
) -> Result<Option<User>, StoreError> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email.clone()))
        .one(db)
        .await?)
}

/// Counts a failed sign-in and blocks further tries for as long as the policy says.
pub async fn record_failed_sign_in(
    db: &impl ConnectionTrait,
    user: &User,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let failures = user.failed_sign_ins + 1;
    let blocked_until = crate::auth::sign_in_block(failures).map(|d| now + d);
    user::Entity::update_many()
        .col_expr(user::Column::FailedSignIns, Expr::value(failures))
        .col_expr(user::Column::SignInBlockedUntil, Expr::value(blocked_until))
        .filter(user::Column::Id.eq(user.id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn clear_failed_sign_ins(
    db: &impl ConnectionTrait,
    user_id: i64,
) -> Result<(), StoreError> {
    user::Entity::update_many()
        .col_expr(user::Column::FailedSignIns, Expr::value(0))
        .col_expr(
            user::Column::SignInBlockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Sets a new password and voids every session token the user holds.
pub async fn set_password(
    db: &impl ConnectionTrait,
    user_id: i64,
    hash: &str,
) -> Result<(), StoreError> {
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(hash))
        .col_expr(
            user::Column::TokenGeneration,
            Expr::col(user::Column::TokenGeneration).add(1),
        )
        .col_expr(user::Column::FailedSignIns, Expr::value(0))
        .col_expr(
            user::Column::SignInBlockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Voids every session token the user holds.
pub async fn bump_token_generation(
    db: &impl ConnectionTrait,
    user_id: i64,
) -> Result<(), StoreError> {
    user::Entity::update_many()
        .col_expr(
            user::Column::TokenGeneration,
            Expr::col(user::Column::TokenGeneration).add(1),
        )
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn find_department(
    db: &impl ConnectionTrait,
    path: &str,
) -> Result<Option<i64>, StoreError> {
    Ok(department::Entity::find()
        .filter(department::Column::Path.eq(path))
        .one(db)
        .await?
        .map(|d| d.id))
}

/// The department with this `/`-separated path, creating it and its parents as needed.
pub async fn ensure_department(db: &impl ConnectionTrait, path: &str) -> Result<i64, StoreError> {
    // Nearly always the department exists already: one look-up by its whole path.
    let whole: Vec<&str> = path
        .split('/')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if let Some(id) = find_department(db, &whole.join("/")).await? {
        return Ok(id);
    }
    let mut parent: Option<i64> = None;
    let mut so_far = String::new();
    for part in path.split('/').map(str::trim).filter(|p| !p.is_empty()) {
        if !so_far.is_empty() {
            so_far.push('/');
        }
        so_far.push_str(part);
        // Two requests may make the same new department at once: the second one's insert
        // does nothing, and both read the one row.
        department::Entity::insert(department::ActiveModel {
            parent_id: Set(parent),
            name: Set(part.to_owned()),
            path: Set(so_far.clone()),
            ..Default::default()
        })
        .on_conflict(
            sea_orm::sea_query::OnConflict::column(department::Column::Path)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
        let id = find_department(db, &so_far)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("department {so_far:?} vanished")))?;
        parent = Some(id);
    }
    parent.ok_or_else(|| StoreError::Corrupt(format!("empty department path {path:?}")))
}

/// Gives a person a role (and, for HR, a department scope: `None` is the whole
/// organisation), recorded in the audit log in the same transaction.
pub async fn set_role(
    db: &DatabaseConnection,
    user: &User,
    role: Role,
    scope_department_id: Option<i64>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let scope = if role == Role::Hr {
        scope_department_id
    } else {
        None
    };
    let txn = db.begin().await?;
    user::Entity::update_many()
        .col_expr(user::Column::Role, Expr::value(role))
        .col_expr(user::Column::ScopeDepartmentId, Expr::value(scope))
        .filter(user::Column::Id.eq(user.id))
        .exec(&txn)
        .await?;
    let details = serde_json::json!({
        "user": user.email,
        "from": user.role,
        "to": role.as_str(),
        "scope_department": scope,
    });
    super::audit::record(&txn, actor, "user.role", details, now).await?;
    txn.commit().await?;
    Ok(())
}

/// The person's interface language, from the language switch.
pub async fn set_locale(
    db: &impl ConnectionTrait,
    user_id: i64,
    locale: crate::domain::Language,
) -> Result<(), StoreError> {
    user::Entity::update_many()
        .col_expr(user::Column::Locale, Expr::value(locale))
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The active administrators.
pub async fn admins(db: &impl ConnectionTrait) -> Result<Vec<User>, StoreError> {
    Ok(user::Entity::find()
        .filter(user::Column::Role.eq(Role::Admin))
        .filter(user::Column::Active.eq(true))
        .all(db)
        .await?)
}
