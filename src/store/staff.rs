//! Applying a checked staff file: an upsert keyed on email, in one transaction, with a
//! bounded number of statements (batches, never a query per person).

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    FromQueryResult, QueryFilter, QuerySelect,
};

use crate::domain::{Email, Language, Role};
use crate::staff::plan::{self, Person, Stored, Updated};
use crate::staff::{StaffFile, StaffRow};

use super::StoreError;
use super::audit::Actor;
use super::entities::{department, user};

/// Rows per INSERT: 13 columns × 1,000 stays under every backend's parameter limit.
const BATCH: usize = 1_000;

#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Deactivate active accounts (other than admins) that the file does not list.
    pub deactivate_missing: bool,
    /// Work everything out, write nothing.
    pub dry_run: bool,
}

pub use crate::staff::plan::ImportPlan;

/// Imports `file`. `progress` is told how many people have been written so far.
pub async fn import(
    db: &DatabaseConnection,
    file: &StaffFile,
    options: ImportOptions,
    actor: &Actor,
    now: DateTime<Utc>,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<ImportPlan, StoreError> {
    let txn = super::begin_write(db).await?;
    let existing = stored_people(&txn).await?;
    let mut departments: HashMap<String, i64> = department::Entity::find()
        .all(&txn)
        .await?
        .into_iter()
        .map(|d| (d.path, d.id))
        .collect();

    let mut plan = ImportPlan {
        new_departments: missing_departments(file, &departments),
        ..ImportPlan::default()
    };
    if !options.dry_run {
        create_departments(&txn, &plan.new_departments, &mut departments).await?;
    }

    let paths: HashMap<i64, &str> = departments
        .iter()
        .map(|(p, id)| (*id, p.as_str()))
        .collect();
    // The rows to write and their locale, built into models a batch at a time.
    let mut writes: Vec<(&StaffRow, Option<Language>)> = Vec::new();
    for row in &file.rows {
        match existing.get(row.email.as_str()) {
            None => {
                plan.created.push(Person {
                    email: row.email.to_string(),
                    name: row.name.clone(),
                });
                writes.push((row, None));
            }
            Some(current) => {
                let locale = row.locale.unwrap_or(current.locale);
                let stored = Stored {
                    name: &current.name,
                    department: current.department_id.and_then(|id| paths.get(&id).copied()),
                    locale: current.locale.code(),
                    manager_email: current.manager_email.as_deref(),
                    active: current.active,
                };
                let changes = plan::changes(&stored, row, locale.code());
                if changes.is_empty() {
                    plan.unchanged += 1;
                } else {
                    plan.updated.push(Updated {
                        email: row.email.to_string(),
                        name: row.name.clone(),
                        changes,
                    });
                    writes.push((row, Some(locale)));
                }
            }
        }
    }
    let listed: HashSet<&str> = file.rows.iter().map(|r| r.email.as_str()).collect();
    let to_deactivate: Vec<(&String, &StoredPerson)> = if options.deactivate_missing {
        existing
            .iter()
            .filter(|(email, u)| {
                u.active && u.role != Role::Admin && !listed.contains(email.as_str())
            })
            .collect()
    } else {
        Vec::new()
    };
    plan.deactivated = to_deactivate
        .iter()
        .map(|(email, u)| Person {
            email: (*email).clone(),
            name: u.name.clone(),
        })
        .collect();
    plan.deactivated.sort_by(|a, b| a.email.cmp(&b.email));

    if options.dry_run {
        txn.rollback().await?;
        return Ok(plan);
    }
    let mut written = 0;
    for batch in writes.chunks(BATCH) {
        let chunk: Vec<user::ActiveModel> = batch
            .iter()
            .map(|(row, locale)| {
                let mut model = new_user(row, departments.get(&row.department).copied(), now);
                if let Some(locale) = locale {
                    model.locale = Set(*locale);
                }
                model
            })
            .collect();
        written += chunk.len();
        user::Entity::insert_many(chunk)
            .on_conflict(
                OnConflict::column(user::Column::Email)
                    .update_columns([
                        user::Column::Name,
                        user::Column::DepartmentId,
                        user::Column::Locale,
                        user::Column::ManagerEmail,
                        user::Column::Active,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
        progress(written);
    }
    for chunk in to_deactivate.chunks(BATCH) {
        user::Entity::update_many()
            .col_expr(user::Column::Active, Expr::value(false))
            .filter(user::Column::Id.is_in(chunk.iter().map(|(_, u)| u.id)))
            .exec(&txn)
            .await?;
    }
    // Nobody who has left is reminded of a course, not even by mail already queued.
    super::outbox::cancel_reminders_to(
        &txn,
        plan.deactivated.iter().map(|p| p.email.clone()).collect(),
    )
    .await?;
    // People moved, joined and left: the report counts follow.
    super::report_queries::rebuild_counts(&txn).await?;
    let details = serde_json::json!({
        "people": file.rows.len(),
        "created": plan.created.len(),
        "updated": plan.updated.len(),
        "unchanged": plan.unchanged,
        "deactivated": plan.deactivated.len(),
        "new_departments": plan.new_departments.len(),
        "deactivate_missing": options.deactivate_missing,
    });
    super::audit::record(&txn, actor, "staff.import", details, now).await?;
    txn.commit().await?;
    Ok(plan)
}

/// What an import compares with a person already stored, keyed by email.
#[derive(Debug, FromQueryResult)]
struct StoredPerson {
    id: i64,
    /// Moved out into the map's key as it is read.
    email: String,
    name: String,
    department_id: Option<i64>,
    locale: Language,
    manager_email: Option<String>,
    active: bool,
    role: Role,
}

/// Everyone stored, by email: only the columns an import compares, read as a stream so
/// that 100,000 people are never held twice (as rows and as models).
async fn stored_people(
    txn: &DatabaseTransaction,
) -> Result<HashMap<String, StoredPerson>, StoreError> {
    let mut rows = user::Entity::find()
        .select_only()
        .columns([
            user::Column::Id,
            user::Column::Email,
            user::Column::Name,
            user::Column::DepartmentId,
            user::Column::Locale,
            user::Column::ManagerEmail,
            user::Column::Active,
            user::Column::Role,
        ])
        .into_model::<StoredPerson>()
        .stream(txn)
        .await?;
    let mut people = HashMap::new();
    while let Some(person) = rows.next().await {
        let mut person = person?;
        people.insert(std::mem::take(&mut person.email), person);
    }
    Ok(people)
}

fn new_user(row: &StaffRow, department_id: Option<i64>, now: DateTime<Utc>) -> user::ActiveModel {
    user::ActiveModel {
        email: Set(row.email.clone()),
        name: Set(row.name.clone()),
        department_id: Set(department_id),
        role: Set(Role::Learner),
        locale: Set(row.locale.unwrap_or(Language::Sv)),
        active: Set(true),
        password_hash: Set(None),
        token_generation: Set(0),
        failed_sign_ins: Set(0),
        sign_in_blocked_until: Set(None),
        created_at: Set(now),
        manager_email: Set(row.manager_email.as_ref().map(Email::to_string)),
        ..Default::default()
    }
}

/// Every department path (and parent path) the file uses that does not exist yet,
/// parents before children.
fn missing_departments(file: &StaffFile, existing: &HashMap<String, i64>) -> Vec<String> {
    let mut missing = BTreeSet::new();
    for row in &file.rows {
        let mut path = String::new();
        for part in row.department.split('/') {
            if !path.is_empty() {
                path.push('/');
            }
            path.push_str(part);
            if !existing.contains_key(&path) {
                missing.insert(path.clone());
            }
        }
    }
    let mut missing: Vec<String> = missing.into_iter().collect();
    missing.sort_by_key(|p| (p.matches('/').count(), p.clone()));
    missing
}

/// Creates departments level by level (a parent's id is needed by its children):
/// one insert and one read per level, at most ten levels.
async fn create_departments(
    db: &impl sea_orm::ConnectionTrait,
    paths: &[String],
    ids: &mut HashMap<String, i64>,
) -> Result<(), StoreError> {
    let mut level = 0;
    loop {
        let this_level: Vec<&String> = paths
            .iter()
            .filter(|p| p.matches('/').count() == level)
            .collect();
        if this_level.is_empty() && paths.iter().all(|p| p.matches('/').count() < level) {
            return Ok(());
        }
        for chunk in this_level.chunks(BATCH) {
            let rows = chunk.iter().map(|path| {
                let (parent, name) = match path.rsplit_once('/') {
                    Some((parent, name)) => (ids.get(parent).copied(), name),
                    None => (None, path.as_str()),
                };
                department::ActiveModel {
                    parent_id: Set(parent),
                    name: Set(name.to_owned()),
                    path: Set((*path).clone()),
                    ..Default::default()
                }
            });
            department::Entity::insert_many(rows.collect::<Vec<_>>())
                .exec_without_returning(db)
                .await?;
            let created = department::Entity::find()
                .filter(department::Column::Path.is_in(chunk.iter().map(|p| p.as_str())))
                .all(db)
                .await?;
            ids.extend(created.into_iter().map(|d| (d.path, d.id)));
        }
        level += 1;
    }
}
