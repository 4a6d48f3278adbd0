//! Who an assignment run has work for, asked of the database rather than worked out from
//! every enrolment of the course: people in scope with no enrolment yet, current open
//! enrolments without a due date, and current completions old enough to be near expiry.
//! A run with nothing to do brings no enrolment rows into memory, however many there are.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, Value};

use super::StoreError;
use super::entities::department;
use super::sql::{placeholders, statement};

/// The people an assignment covers: the active people of a department subtree, or
/// everyone active.
#[derive(Debug)]
pub struct Scope {
    /// `None`: everyone, people in no department included.
    subtree: Option<Subtree>,
    backend: DbBackend,
}

#[derive(Debug)]
struct Subtree {
    path: String,
    ids: Vec<i64>,
}

impl Scope {
    /// The scope of an assignment to `department_id`; `None` if the department is gone.
    pub async fn of(
        db: &impl ConnectionTrait,
        department_id: Option<i64>,
    ) -> Result<Option<Scope>, StoreError> {
        let backend = db.get_database_backend();
        let Some(id) = department_id else {
            return Ok(Some(Scope {
                subtree: None,
                backend,
            }));
        };
        let all = department::Entity::find().all(db).await?;
        let Some(top) = all.iter().find(|d| d.id == id) else {
            return Ok(None);
        };
        // Compared here rather than with LIKE, whose `_` and `%` department names may contain.
        let prefix = format!("{}/", top.path);
        let ids = all
            .iter()
            .filter(|d| d.path == top.path || d.path.starts_with(&prefix))
            .map(|d| d.id)
            .collect();
        Ok(Some(Scope {
            subtree: Some(Subtree {
                path: top.path.clone(),
                ids,
            }),
            backend,
        }))
    }

    /// Joins `d`, the person's department, where the condition needs it.
    fn join(&self) -> &'static str {
        match (&self.subtree, self.backend) {
            (Some(_), DbBackend::Sqlite) => " JOIN departments d ON d.id = u.department_id",
            _ => "",
        }
    }

    /// The condition on `u` (users), and its values, written for each planner. SQLite
    /// given `department_id IN (…)` reads the users through the department index one by
    /// one, five times slower than the scan it does for a join on the path (matched with
    /// `substr` rather than LIKE, whose `_` and `%` names may contain). PostgreSQL cannot
    /// estimate that path condition and then probes too, but estimates the list well.
    fn condition(&self) -> (String, Vec<Value>) {
        let active = "u.active = ?".to_owned();
        match (&self.subtree, self.backend) {
            (None, _) => (active, vec![true.into()]),
            (Some(subtree), DbBackend::Sqlite) => {
                let prefix = format!("{}/", subtree.path);
                (
                    format!("{active} AND (d.path = ? OR substr(d.path, 1, ?) = ?)"),
                    vec![
                        true.into(),
                        subtree.path.clone().into(),
                        i64::try_from(prefix.chars().count())
                            .unwrap_or(i64::MAX)
                            .into(),
                        prefix.into(),
                    ],
                )
            }
            (Some(subtree), _) => {
                let mut values: Vec<Value> = vec![true.into()];
                values.extend(subtree.ids.iter().map(|id| Value::from(*id)));
                if subtree.ids.is_empty() {
                    values.push(Value::BigInt(None));
                }
                (
                    format!(
                        "{active} AND u.department_id IN ({})",
                        placeholders(subtree.ids.len().max(1))
                    ),
                    values,
                )
            }
        }
    }
}

impl Scope {
    /// Which of `people` the scope covers, asked a thousand at a time: for the few
    /// enrolments a run has work for, never for everyone.
    async fn members(
        &self,
        db: &impl ConnectionTrait,
        people: impl Iterator<Item = i64>,
    ) -> Result<HashSet<i64>, StoreError> {
        let people: Vec<i64> = people.collect();
        let mut members = HashSet::new();
        for chunk in people.chunks(1_000) {
            let (condition, mut values) = self.condition();
            let sql = format!(
                "SELECT u.id AS id FROM users u{join} WHERE {condition} AND u.id IN ({list})",
                join = self.join(),
                list = placeholders(chunk.len())
            );
            values.extend(chunk.iter().map(|id| Value::from(*id)));
            members.extend(ids(db, &sql, values).await?);
        }
        Ok(members)
    }
}

#[derive(Debug, FromQueryResult)]
struct Id {
    id: i64,
}

/// People in scope with no enrolment in the course, leaving out those with a current
/// enrolment in its translation. The anti-join is written for each planner: PostgreSQL
/// hashes the course's enrolments once for `NOT IN` (a third of the time of probing the
/// index per person); SQLite probes its index for `NOT EXISTS` faster than it builds
/// the `NOT IN` list.
pub async fn newcomers(
    db: &impl ConnectionTrait,
    scope: &Scope,
    course_id: i64,
    translation_id: Option<i64>,
) -> Result<Vec<i64>, StoreError> {
    let without = |table: &str, extra: &str| match db.get_database_backend() {
        DbBackend::Postgres => {
            format!(
                "u.id NOT IN (SELECT {table}.user_id FROM enrolments {table} WHERE {table}.course_id = ?{extra})"
            )
        }
        _ => format!(
            "NOT EXISTS (SELECT 1 FROM enrolments {table} WHERE {table}.user_id = u.id AND {table}.course_id = ?{extra})"
        ),
    };
    let (condition, mut values) = scope.condition();
    let mut sql = format!(
        "SELECT u.id AS id FROM users u{join} WHERE {condition} AND {enrolled}",
        join = scope.join(),
        enrolled = without("e", "")
    );
    values.push(course_id.into());
    if let Some(translation) = translation_id {
        sql.push_str(&format!(" AND {}", without("t", " AND t.is_current = ?")));
        values.extend([translation.into(), true.into()]);
    }
    sql.push_str(" ORDER BY u.id");
    ids(db, &sql, values).await
}

#[derive(Debug, FromQueryResult)]
struct Undated {
    id: i64,
    user_id: i64,
}

/// Current open enrolments in the course of people in scope that have no due date.
pub async fn undated(
    db: &impl ConnectionTrait,
    scope: &Scope,
    course_id: i64,
) -> Result<Vec<i64>, StoreError> {
    // The conditions of `idx_enrolments_undated`, literally.
    let sql = "SELECT e.id AS id, e.user_id AS user_id FROM enrolments e \
         WHERE e.course_id = ? AND e.is_current = TRUE AND e.completed_at IS NULL \
         AND e.due_date IS NULL ORDER BY e.id";
    let rows: Vec<Undated> = rows(db, sql, vec![course_id.into()]).await?;
    let members = scope.members(db, rows.iter().map(|r| r.user_id)).await?;
    Ok(rows
        .into_iter()
        .filter(|r| members.contains(&r.user_id))
        .map(|r| r.id)
        .collect())
}

/// A current completed enrolment that may be due for recertification.
#[derive(Debug, FromQueryResult)]
pub struct Completed {
    pub id: i64,
    pub user_id: i64,
    pub cycle: i32,
    pub completed_at: DateTime<Utc>,
}

/// Current completions in the course, by people in scope, before `before`.
pub async fn completed_before(
    db: &impl ConnectionTrait,
    scope: &Scope,
    course_id: i64,
    before: DateTime<Utc>,
) -> Result<Vec<Completed>, StoreError> {
    let sql = "SELECT e.id AS id, e.user_id AS user_id, e.cycle AS cycle, \
         e.completed_at AS completed_at FROM enrolments e \
         WHERE e.course_id = ? AND e.is_current = ? AND e.completed_at IS NOT NULL \
         AND e.completed_at < ? ORDER BY e.id";
    let rows: Vec<Completed> =
        rows(db, sql, vec![course_id.into(), true.into(), before.into()]).await?;
    let members = scope.members(db, rows.iter().map(|r| r.user_id)).await?;
    Ok(rows
        .into_iter()
        .filter(|r| members.contains(&r.user_id))
        .collect())
}

async fn rows<T: FromQueryResult>(
    db: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
) -> Result<Vec<T>, StoreError> {
    let backend = db.get_database_backend();
    let rows = db.query_all_raw(statement(backend, sql, values)).await?;
    Ok(rows
        .iter()
        .map(|row| T::from_query_result(row, ""))
        .collect::<Result<_, _>>()?)
}

async fn ids(
    db: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
) -> Result<Vec<i64>, StoreError> {
    let found: Vec<Id> = rows(db, sql, values).await?;
    Ok(found.into_iter().map(|r| r.id).collect())
}
