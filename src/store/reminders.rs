//! What the reminder run reads: the open enrolments and expiring certificates that may
//! need a message, each kind in one query, and which messages already exist.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult};

use super::StoreError;
use super::sql::{placeholders, statement};

/// An open, current enrolment of an active person.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct OpenEnrolment {
    pub enrolment_id: i64,
    pub due_date: Option<NaiveDate>,
    pub enrolled_at: DateTime<Utc>,
    pub assignment_id: Option<i64>,
    pub name: String,
    pub email: String,
    pub locale: String,
    pub manager_email: Option<String>,
    pub course_slug: String,
    pub course_title: String,
    /// The department the course is assigned to; `None` for the whole organisation.
    pub department: Option<String>,
}

const OPEN: &str = "SELECT e.id AS enrolment_id, e.due_date, e.enrolled_at, e.assignment_id, \
     u.name, u.email, u.locale, u.manager_email, c.slug AS course_slug, \
     c.title AS course_title, d.name AS department \
     FROM enrolments e \
     JOIN users u ON u.id = e.user_id \
     JOIN courses c ON c.id = e.course_id \
     LEFT JOIN assignments a ON a.id = e.assignment_id \
     LEFT JOIN departments d ON d.id = a.department_id \
     WHERE e.is_current = ? AND e.completed_at IS NULL AND u.active = ? ";

/// Leaves out the rows whose message (by its key, built in SQL exactly as
/// [`crate::reminders::plan`] builds it in Rust) is already in the outbox: a run after a
/// run reads nothing it would not send.
fn not_sent(key: &str) -> String {
    format!("AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.dedup_key = {key}) ")
}

/// Assigned enrolments made since `since`, whose due date (if any) has not passed, and
/// whose notice has not been queued.
pub async fn newly_assigned(
    db: &impl ConnectionTrait,
    since: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Vec<OpenEnrolment>, StoreError> {
    let sql = format!(
        "{OPEN}AND e.assignment_id IS NOT NULL AND e.enrolled_at >= ? \
         AND (e.due_date IS NULL OR e.due_date >= ?) {}ORDER BY e.id",
        not_sent("'assigned:' || CAST(e.id AS TEXT)")
    );
    open(db, &sql, vec![since.into(), today.into()]).await
}

/// Enrolments due between `from` and `to`, both included, not reminded yet.
pub async fn due_between(
    db: &impl ConnectionTrait,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<OpenEnrolment>, StoreError> {
    let sql = format!(
        "{OPEN}AND e.due_date >= ? AND e.due_date <= ? {}ORDER BY e.id",
        not_sent("'due-soon:' || CAST(e.id AS TEXT)")
    );
    open(db, &sql, vec![from.into(), to.into()]).await
}

/// Enrolments whose due date is before `today` and whose reminder for the current
/// interval of `every` days has not been queued.
pub async fn overdue(
    db: &impl ConnectionTrait,
    today: NaiveDate,
    every: u16,
) -> Result<Vec<OpenEnrolment>, StoreError> {
    let days_over = match db.get_database_backend() {
        DbBackend::Postgres => "(CAST(? AS DATE) - e.due_date)",
        _ => "CAST(julianday(?) - julianday(e.due_date) AS INTEGER)",
    };
    let key =
        format!("'overdue:' || CAST(e.id AS TEXT) || ':' || CAST(({days_over} - 1) / ? AS TEXT)");
    let sql = format!("{OPEN}AND e.due_date < ? {}ORDER BY e.id", not_sent(&key));
    let every = i32::from(every.max(1));
    open(db, &sql, vec![today.into(), today.into(), every.into()]).await
}

async fn open(
    db: &impl ConnectionTrait,
    sql: &str,
    mut values: Vec<sea_orm::Value>,
) -> Result<Vec<OpenEnrolment>, StoreError> {
    // The WHERE's values come in the order of their placeholders: the two flags of
    // `OPEN`, then the caller's.
    let mut all = vec![true.into(), true.into()];
    all.append(&mut values);
    let rows = db
        .query_all_raw(statement(db.get_database_backend(), sql, all))
        .await?;
    Ok(rows
        .iter()
        .map(|r| OpenEnrolment::from_query_result(r, ""))
        .collect::<Result<_, _>>()?)
}

/// Overdue enrolments of people with a manager whose digest for `week` (as
/// [`crate::reminders::plan::iso_week`] writes it) has not been queued.
pub async fn overdue_for_digest(
    db: &impl ConnectionTrait,
    today: NaiveDate,
    week: &str,
) -> Result<Vec<OpenEnrolment>, StoreError> {
    let key = "'digest:' || LOWER(u.manager_email) || ':' || ?";
    let sql = format!(
        "{OPEN}AND e.due_date < ? AND u.manager_email IS NOT NULL {}ORDER BY e.id",
        not_sent(key)
    );
    open(db, &sql, vec![today.into(), week.into()]).await
}

/// A valid certificate of an active person that runs out soon.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct ExpiringCertificate {
    pub certificate_id: i64,
    pub valid_until: NaiveDate,
    pub name: String,
    pub email: String,
    pub locale: String,
    pub course_slug: String,
    pub course_title: String,
}

/// Certificates neither revoked nor superseded whose last valid day is in `from..=to`,
/// whose holder has not been told yet.
pub async fn expiring(
    db: &impl ConnectionTrait,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<ExpiringCertificate>, StoreError> {
    let sql = "SELECT k.id AS certificate_id, k.valid_until, u.name, u.email, u.locale, \
         c.slug AS course_slug, c.title AS course_title \
         FROM certificates k \
         JOIN users u ON u.id = k.user_id \
         JOIN courses c ON c.id = k.course_id \
         WHERE k.revoked_at IS NULL AND k.superseded_by IS NULL AND u.active = ? \
         AND k.valid_until >= ? AND k.valid_until <= ? \
         AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.dedup_key = 'expiry:' || CAST(k.id AS TEXT)) \
         ORDER BY k.id";
    let rows = db
        .query_all_raw(statement(
            db.get_database_backend(),
            sql,
            vec![true.into(), from.into(), to.into()],
        ))
        .await?;
    Ok(rows
        .iter()
        .map(|r| ExpiringCertificate::from_query_result(r, ""))
        .collect::<Result<_, _>>()?)
}

/// Names and locales of the managers who are Bryggan users, by email.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Manager {
    pub email: String,
    pub name: String,
    pub locale: String,
    pub active: bool,
}

pub async fn managers(
    db: &impl ConnectionTrait,
    emails: &[String],
) -> Result<Vec<Manager>, StoreError> {
    let mut found = Vec::new();
    for chunk in emails.chunks(LOOKUP_BATCH) {
        let sql = format!(
            "SELECT email, name, locale, active FROM users WHERE email IN ({})",
            placeholders(chunk.len())
        );
        let values = chunk.iter().map(|e| e.as_str().into()).collect();
        let rows = db
            .query_all_raw(statement(db.get_database_backend(), &sql, values))
            .await?;
        for row in &rows {
            found.push(Manager::from_query_result(row, "")?);
        }
    }
    Ok(found)
}

/// Keys per lookup: far under both backends' parameter limits.
const LOOKUP_BATCH: usize = 1000;
