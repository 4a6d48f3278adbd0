//! What operators watch, read at each scrape: the outbox by state, in one statement.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, FromQueryResult, Statement};

use super::StoreError;

#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct OutboxState {
    pub status: String,
    pub messages: i64,
    /// The oldest message in this state.
    pub oldest: Option<DateTime<Utc>>,
}

pub async fn outbox(db: &impl ConnectionTrait) -> Result<Vec<OutboxState>, StoreError> {
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT status, COUNT(*) AS messages, MIN(created_at) AS oldest FROM outbox GROUP BY status",
        ))
        .await?;
    Ok(rows
        .iter()
        .map(|r| OutboxState::from_query_result(r, ""))
        .collect::<Result<_, _>>()?)
}

/// The pool's open connections and how many of them are idle.
pub fn pool(db: &DatabaseConnection) -> (u32, usize) {
    match db.get_database_backend() {
        DbBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (pool.size(), pool.num_idle())
        }
        DbBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle())
        }
        _ => (0, 0),
    }
}
