//! The report queries. Each request runs a fixed number of statements whatever the size of
//! the organisation: the dashboard reads the pre-counted `report_counts`, the people view
//! one page of a join, and the export one streamed query.

use chrono::{Datelike, NaiveDate};
use futures_util::{Stream, StreamExt};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, EntityTrait, QueryResult, StreamTrait, TransactionTrait,
    Value,
};

use crate::reports::export::PersonRow;
use crate::reports::{CountRow, Department, DepartmentTree, State, Status};

use super::StoreError;
use super::entities::department;
use super::sql::{day_number, placeholders, statement};

/// What the people view and the export select.
#[derive(Debug, Clone, Default)]
pub struct PeopleQuery {
    /// `None`: everyone, also people without a department.
    pub departments: Option<Vec<i64>>,
    pub course_id: Option<i64>,
    pub status: Option<Status>,
    pub due_from: Option<NaiveDate>,
    pub due_to: Option<NaiveDate>,
    pub today: NaiveDate,
}

pub async fn departments(db: &impl ConnectionTrait) -> Result<DepartmentTree, StoreError> {
    let rows = department::Entity::find().all(db).await?;
    Ok(DepartmentTree::new(
        rows.into_iter()
            .map(|d| Department {
                id: d.id,
                parent_id: d.parent_id,
                name: d.name,
                path: d.path,
            })
            .collect(),
    ))
}

pub fn day(date: NaiveDate) -> i32 {
    date.num_days_from_ce()
}

/// The counted groups for the dashboard: one statement over `report_counts`.
pub async fn counts(
    db: &impl ConnectionTrait,
    departments: Option<&[i64]>,
    course_id: Option<i64>,
    due_from: Option<NaiveDate>,
    due_to: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Vec<CountRow>, StoreError> {
    let mut sql = String::from(
        "SELECT department_id, course_id, state, \
         CASE WHEN state <> 2 AND due_day BETWEEN 1 AND ? THEN 1 ELSE 0 END AS overdue, \
         CAST(SUM(n) AS BIGINT) AS n FROM report_counts WHERE n > 0",
    );
    let mut values: Vec<Value> = vec![(day(today) - 1).into()];
    if let Some(ids) = departments {
        sql.push_str(&format!(
            " AND department_id IN ({})",
            placeholders(ids.len().max(1))
        ));
        values.extend(ids.iter().map(|id| Value::from(*id)));
        if ids.is_empty() {
            values.push(Value::from(-1i64));
        }
    }
    if let Some(course) = course_id {
        sql.push_str(" AND course_id = ?");
        values.push(course.into());
    }
    if let Some(from) = due_from {
        sql.push_str(" AND due_day >= ?");
        values.push(day(from).into());
    }
    if let Some(to) = due_to {
        sql.push_str(" AND due_day BETWEEN 1 AND ?");
        values.push(day(to).into());
    }
    sql.push_str(" GROUP BY department_id, course_id, state, overdue");
    let rows = db
        .query_all_raw(statement(db.get_database_backend(), &sql, values))
        .await?;
    rows.iter()
        .map(|r| {
            let state: i16 = r.try_get("", "state")?;
            let overdue: i32 = r.try_get("", "overdue")?;
            let n: i64 = r.try_get("", "n")?;
            Ok(CountRow {
                department_id: r.try_get("", "department_id")?,
                course_id: r.try_get("", "course_id")?,
                state: State::from_code(state)
                    .ok_or_else(|| StoreError::Corrupt(format!("report state {state}")))?,
                overdue: overdue == 1,
                n: u64::try_from(n).unwrap_or(0),
            })
        })
        .collect()
}

const PEOPLE_COLUMNS: &str = "SELECT u.id AS user_id, u.name, u.email, d.path, e.course_id, \
    e.cycle, e.enrolled_at, e.due_date, e.started_at, e.completed_at \
    FROM enrolments e JOIN users u ON u.id = e.user_id \
    LEFT JOIN departments d ON d.id = u.department_id";

fn people_sql(query: &PeopleQuery) -> (String, Vec<Value>) {
    let mut sql = format!("{PEOPLE_COLUMNS} WHERE e.is_current = ? AND u.active = ?");
    let mut values: Vec<Value> = vec![true.into(), true.into()];
    if let Some(ids) = &query.departments {
        sql.push_str(&format!(
            " AND u.department_id IN ({})",
            placeholders(ids.len().max(1))
        ));
        values.extend(ids.iter().map(|id| Value::from(*id)));
        if ids.is_empty() {
            values.push(Value::from(-1i64));
        }
    }
    if let Some(course) = query.course_id {
        sql.push_str(" AND e.course_id = ?");
        values.push(course.into());
    }
    match query.status {
        None => {}
        Some(Status::Completed) => sql.push_str(" AND e.completed_at IS NOT NULL"),
        Some(Status::InProgress) => {
            sql.push_str(" AND e.started_at IS NOT NULL AND e.completed_at IS NULL")
        }
        Some(Status::NotStarted) => {
            sql.push_str(" AND e.started_at IS NULL AND e.completed_at IS NULL")
        }
        Some(Status::Overdue) => {
            sql.push_str(" AND e.completed_at IS NULL AND e.due_date < ?");
            values.push(query.today.into());
        }
    }
    if let Some(from) = query.due_from {
        sql.push_str(" AND e.due_date >= ?");
        values.push(from.into());
    }
    if let Some(to) = query.due_to {
        sql.push_str(" AND e.due_date <= ?");
        values.push(to.into());
    }
    (sql, values)
}

fn person(row: &QueryResult, today: NaiveDate) -> Result<PersonRow, StoreError> {
    let started_at: Option<chrono::DateTime<chrono::Utc>> = row.try_get("", "started_at")?;
    let completed_at: Option<chrono::DateTime<chrono::Utc>> = row.try_get("", "completed_at")?;
    let due_date: Option<NaiveDate> = row.try_get("", "due_date")?;
    let state = match (completed_at, started_at) {
        (Some(_), _) => State::Completed,
        (None, Some(_)) => State::InProgress,
        (None, None) => State::NotStarted,
    };
    let overdue = state != State::Completed && due_date.is_some_and(|d| d < today);
    Ok(PersonRow {
        user_id: row.try_get("", "user_id")?,
        name: row.try_get("", "name")?,
        email: row.try_get("", "email")?,
        department: row.try_get("", "path")?,
        course_id: row.try_get("", "course_id")?,
        cycle: row.try_get("", "cycle")?,
        status: Status::of(state, overdue),
        enrolled_at: row.try_get("", "enrolled_at")?,
        due_date,
        started_at,
        completed_at,
    })
}

/// One page of the people view, by name: `limit` rows after skipping `offset`.
pub async fn people(
    db: &impl ConnectionTrait,
    query: &PeopleQuery,
    limit: u64,
    offset: u64,
) -> Result<Vec<PersonRow>, StoreError> {
    let (mut sql, mut values) = people_sql(query);
    sql.push_str(" ORDER BY u.name, u.id, e.course_id LIMIT ? OFFSET ?");
    values.push((limit as i64).into());
    values.push((offset as i64).into());
    let rows = db
        .query_all_raw(statement(db.get_database_backend(), &sql, values))
        .await?;
    rows.iter().map(|r| person(r, query.today)).collect()
}

/// Every row of the people view as one streamed query, in person order: memory stays
/// constant whatever the number of rows.
pub async fn stream_people(
    db: &DatabaseConnection,
    query: &PeopleQuery,
) -> Result<impl Stream<Item = Result<PersonRow, StoreError>> + Send + use<>, StoreError> {
    let (mut sql, values) = people_sql(query);
    sql.push_str(" ORDER BY e.user_id, e.course_id");
    let today = query.today;
    let stream = db
        .stream_raw(statement(db.get_database_backend(), &sql, values))
        .await?;
    Ok(stream.map(move |row| person(&row?, today)))
}

/// Recounts `report_counts` from the enrolments in one statement, in the caller's
/// transaction: after imports (people move and leave) and assignment runs, and hourly to
/// heal any drift.
pub async fn rebuild_counts(db: &impl ConnectionTrait) -> Result<(), StoreError> {
    let backend = db.get_database_backend();
    let due = day_number(backend, "e.due_date");
    db.execute_unprepared("DELETE FROM report_counts").await?;
    let sql = format!(
        "INSERT INTO report_counts (department_id, course_id, due_day, state, n) \
         SELECT COALESCE(u.department_id, 0), e.course_id, {due}, \
         CASE WHEN e.completed_at IS NOT NULL THEN 2 WHEN e.started_at IS NOT NULL THEN 1 ELSE 0 END, \
         COUNT(*) FROM enrolments e JOIN users u ON u.id = e.user_id \
         WHERE e.is_current = ? AND u.active = ? GROUP BY 1, 2, 3, 4"
    );
    db.execute_raw(statement(backend, &sql, vec![true.into(), true.into()]))
        .await?;
    Ok(())
}

/// [`rebuild_counts`] in a transaction of its own.
pub async fn recount(db: &DatabaseConnection) -> Result<(), StoreError> {
    let txn = db.begin().await?;
    rebuild_counts(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// Moves one enrolment of `user_id` from the state `from` to `to` (`None`: not counted) in
/// `report_counts`, in the caller's transaction.
pub async fn count_change(
    db: &impl ConnectionTrait,
    user_id: i64,
    course_id: i64,
    due_date: Option<NaiveDate>,
    from: Option<State>,
    to: Option<State>,
) -> Result<(), StoreError> {
    let backend = db.get_database_backend();
    let due = due_date.map_or(0, day);
    let department = "(SELECT COALESCE(department_id, 0) FROM users WHERE id = ?)";
    if let Some(from) = from {
        let sql = format!(
            "UPDATE report_counts SET n = n - 1 WHERE department_id = {department} \
             AND course_id = ? AND due_day = ? AND state = ? AND n > 0"
        );
        db.execute_raw(statement(
            backend,
            &sql,
            vec![
                user_id.into(),
                course_id.into(),
                due.into(),
                from.code().into(),
            ],
        ))
        .await?;
    }
    if let Some(to) = to {
        let sql = "INSERT INTO report_counts (department_id, course_id, due_day, state, n) \
             SELECT COALESCE(department_id, 0), ?, ?, ?, 1 FROM users WHERE id = ? AND active = ? \
             ON CONFLICT (department_id, course_id, due_day, state) \
             DO UPDATE SET n = report_counts.n + 1";
        db.execute_raw(statement(
            backend,
            sql,
            vec![
                course_id.into(),
                due.into(),
                to.code().into(),
                user_id.into(),
                true.into(),
            ],
        ))
        .await?;
    }
    Ok(())
}
