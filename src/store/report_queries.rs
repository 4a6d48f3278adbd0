//! The report queries. Each request runs a fixed number of statements whatever the size of
//! the organisation: the dashboard reads the pre-counted `report_counts`, the people view
//! one page of a join, and the export one streamed query.

use chrono::{Datelike, NaiveDate};
use futures_util::{Stream, StreamExt};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryResult, StreamTrait, Value,
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

/// The dashboard's figures from `report_counts`, in one statement: per department (for
/// the roll-up) and per course, each grouped by state and lateness, a few hundred rows
/// whatever the number of people. Returns `(by_department, by_course)`.
pub async fn counts(
    db: &impl ConnectionTrait,
    departments: Option<&[i64]>,
    course_id: Option<i64>,
    due_from: Option<NaiveDate>,
    due_to: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(Vec<CountRow>, Vec<CountRow>), StoreError> {
    let mut filter = String::from("n > 0");
    let mut filter_values: Vec<Value> = Vec::new();
    if let Some(ids) = departments {
        filter.push_str(&format!(
            " AND department_id IN ({})",
            placeholders(ids.len().max(1))
        ));
        filter_values.extend(ids.iter().map(|id| Value::from(*id)));
        if ids.is_empty() {
            filter_values.push(Value::from(-1i64));
        }
    }
    if let Some(course) = course_id {
        filter.push_str(" AND course_id = ?");
        filter_values.push(course.into());
    }
    if let Some(from) = due_from {
        filter.push_str(" AND due_day >= ?");
        filter_values.push(day(from).into());
    }
    if let Some(to) = due_to {
        filter.push_str(" AND due_day BETWEEN 1 AND ?");
        filter_values.push(day(to).into());
    }
    let overdue = "CASE WHEN state <> 2 AND due_day BETWEEN 1 AND ? THEN 1 ELSE 0 END";
    let sql = format!(
        "SELECT 0 AS per_course, department_id AS id, state, {overdue} AS overdue, \
         CAST(SUM(n) AS BIGINT) AS n FROM report_counts WHERE {filter} GROUP BY 1, 2, 3, 4 \
         UNION ALL \
         SELECT 1, course_id, state, {overdue}, CAST(SUM(n) AS BIGINT) \
         FROM report_counts WHERE {filter} GROUP BY 1, 2, 3, 4"
    );
    let yesterday: Value = (day(today) - 1).into();
    let mut values = vec![yesterday.clone()];
    values.extend(filter_values.iter().cloned());
    values.push(yesterday);
    values.extend(filter_values);
    let rows = db
        .query_all_raw(statement(db.get_database_backend(), &sql, values))
        .await?;
    let mut by_department = Vec::new();
    let mut by_course = Vec::new();
    for r in &rows {
        let per_course: i32 = r.try_get("", "per_course")?;
        let id: i64 = r.try_get("", "id")?;
        let state: i16 = r.try_get("", "state")?;
        let overdue: i32 = r.try_get("", "overdue")?;
        let n: i64 = r.try_get("", "n")?;
        let row = CountRow {
            department_id: if per_course == 1 { 0 } else { id },
            course_id: if per_course == 1 { id } else { 0 },
            state: State::from_code(state)
                .ok_or_else(|| StoreError::Corrupt(format!("report state {state}")))?,
            overdue: overdue == 1,
            n: u64::try_from(n).unwrap_or(0),
        };
        if per_course == 1 {
            by_course.push(row);
        } else {
            by_department.push(row);
        }
    }
    Ok((by_department, by_course))
}

/// The people view's query. `by_name`: people first, so that a page by name walks the name
/// index and each person's enrolments instead of sorting every enrolment (SQLite keeps the
/// written join order only for CROSS JOIN). Otherwise enrolments first, read front to back.
fn people_sql(query: &PeopleQuery, backend: DbBackend, by_name: bool) -> (String, Vec<Value>) {
    let from = match (by_name, backend) {
        (true, DbBackend::Sqlite) => "users u CROSS JOIN enrolments e ON e.user_id = u.id",
        (true, _) => "users u JOIN enrolments e ON e.user_id = u.id",
        (false, _) => "enrolments e JOIN users u ON u.id = e.user_id",
    };
    let mut sql = format!(
        "SELECT u.id AS user_id, u.name, u.email, u.department_id, e.course_id, e.cycle, \
         e.enrolled_at, e.due_date, e.started_at, e.completed_at \
         FROM {from} WHERE e.is_current = ? AND u.active = ?"
    );
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

/// A row of [`people_sql`], read by position: an export reads a million of them.
fn person(row: &QueryResult, today: NaiveDate) -> Result<PersonRow, StoreError> {
    let started_at: Option<chrono::DateTime<chrono::Utc>> = row.try_get_by_index(8)?;
    let completed_at: Option<chrono::DateTime<chrono::Utc>> = row.try_get_by_index(9)?;
    let due_date: Option<NaiveDate> = row.try_get_by_index(7)?;
    let state = match (completed_at, started_at) {
        (Some(_), _) => State::Completed,
        (None, Some(_)) => State::InProgress,
        (None, None) => State::NotStarted,
    };
    let overdue = state != State::Completed && due_date.is_some_and(|d| d < today);
    Ok(PersonRow {
        user_id: row.try_get_by_index(0)?,
        name: row.try_get_by_index(1)?,
        email: row.try_get_by_index(2)?,
        department_id: row.try_get_by_index(3)?,
        department: None,
        course_id: row.try_get_by_index(4)?,
        cycle: row.try_get_by_index(5)?,
        status: Status::of(state, overdue),
        enrolled_at: row.try_get_by_index(6)?,
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
    let (mut sql, mut values) = people_sql(query, db.get_database_backend(), true);
    sql.push_str(" ORDER BY u.name, u.id, e.course_id LIMIT ? OFFSET ?");
    values.push((limit as i64).into());
    values.push((offset as i64).into());
    let rows = db
        .query_all_raw(statement(db.get_database_backend(), &sql, values))
        .await?;
    rows.iter().map(|r| person(r, query.today)).collect()
}

/// Every row of the people view as one streamed query: memory stays constant whatever
/// the number of rows. In enrolment order, which reads the table front to back; a sort by
/// person would cost a random read per row.
pub async fn stream_people(
    db: &DatabaseConnection,
    query: &PeopleQuery,
) -> Result<impl Stream<Item = Result<PersonRow, StoreError>> + Send + use<>, StoreError> {
    let (mut sql, values) = people_sql(query, db.get_database_backend(), false);
    sql.push_str(" ORDER BY e.id");
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
    let txn = super::begin_write(db).await?;
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

/// Takes one person's current enrolments out of `report_counts` (before they move or are
/// deactivated), in the caller's transaction: one statement, whatever their number.
pub async fn uncount_person(db: &impl ConnectionTrait, user_id: i64) -> Result<(), StoreError> {
    let backend = db.get_database_backend();
    let due = day_number(backend, "e.due_date");
    let sql = format!(
        "UPDATE report_counts SET n = n - (SELECT COUNT(*) FROM enrolments e \
         WHERE e.user_id = ? AND e.is_current = ? AND e.course_id = report_counts.course_id \
         AND {due} = report_counts.due_day \
         AND CASE WHEN e.completed_at IS NOT NULL THEN 2 WHEN e.started_at IS NOT NULL THEN 1 \
         ELSE 0 END = report_counts.state) \
         WHERE department_id = (SELECT COALESCE(department_id, 0) FROM users \
         WHERE id = ? AND active = ?) \
         AND course_id IN (SELECT course_id FROM enrolments WHERE user_id = ? AND is_current = ?)"
    );
    let values = vec![
        user_id.into(),
        true.into(),
        user_id.into(),
        true.into(),
        user_id.into(),
        true.into(),
    ];
    db.execute_raw(statement(backend, &sql, values)).await?;
    Ok(())
}

/// Puts one person's current enrolments into `report_counts` as they now are (after a
/// move or a reactivation), in the caller's transaction.
pub async fn count_person(db: &impl ConnectionTrait, user_id: i64) -> Result<(), StoreError> {
    let backend = db.get_database_backend();
    let due = day_number(backend, "e.due_date");
    let sql = format!(
        "INSERT INTO report_counts (department_id, course_id, due_day, state, n) \
         SELECT COALESCE(u.department_id, 0), e.course_id, {due}, \
         CASE WHEN e.completed_at IS NOT NULL THEN 2 WHEN e.started_at IS NOT NULL THEN 1 ELSE 0 END, \
         COUNT(*) FROM enrolments e JOIN users u ON u.id = e.user_id \
         WHERE e.user_id = ? AND e.is_current = ? AND u.active = ? GROUP BY 1, 2, 3, 4 \
         ON CONFLICT (department_id, course_id, due_day, state) \
         DO UPDATE SET n = report_counts.n + excluded.n"
    );
    let values = vec![user_id.into(), true.into(), true.into()];
    db.execute_raw(statement(backend, &sql, values)).await?;
    Ok(())
}
