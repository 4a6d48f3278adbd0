//! Periodic jobs run once per period across instances: a job claims its row in
//! `job_runs` with one conditional upsert, which succeeds for one instance only until the
//! period has passed. Works the same on SQLite and PostgreSQL, and needs no lock held while
//! the job runs; a job that dies is simply due again after its period.

use chrono::{DateTime, Duration, Utc};
use sea_orm::ConnectionTrait;

use super::StoreError;
use super::sql::statement;

/// Claims the job `name` for a run at `now`, unless a run started within `period` (less a
/// tenth, so that timers a moment early on another instance do not skip a period).
pub async fn claim(
    db: &impl ConnectionTrait,
    name: &str,
    period: Duration,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let due_if_started_before = now - period + period / 10;
    let sql = "INSERT INTO job_runs (name, started_at) VALUES (?, ?) \
               ON CONFLICT (name) DO UPDATE SET started_at = excluded.started_at, \
               finished_at = NULL, outcome = NULL WHERE job_runs.started_at <= ?";
    let result = db
        .execute_raw(statement(
            db.get_database_backend(),
            sql,
            vec![name.into(), now.into(), due_if_started_before.into()],
        ))
        .await?;
    Ok(result.rows_affected() == 1)
}

/// Records how the run that started last ended: `ok` or the error, for operators.
pub async fn finish(
    db: &impl ConnectionTrait,
    name: &str,
    outcome: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    db.execute_raw(statement(
        db.get_database_backend(),
        "UPDATE job_runs SET finished_at = ?, outcome = ? WHERE name = ?",
        vec![now.into(), outcome.into(), name.into()],
    ))
    .await?;
    Ok(())
}
