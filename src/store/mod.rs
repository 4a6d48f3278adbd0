//! Storage: sea-orm on SQLite (the embedded default) or PostgreSQL.
//!
//! Entities are in [`entities`]; the functions in the other modules are the only queries the
//! application runs.

pub mod anonymise;
pub mod assessments;
pub mod assignment_candidates;
pub mod assignments;
pub mod audit;
pub mod backup;
pub mod certificates;
mod columns;
pub mod course_versions;
pub mod courses;
pub mod directory;
pub mod entities;
pub mod feedback;
pub mod holds;
pub mod jobs;
pub mod learning;
pub mod mentions;
pub mod operations;
pub mod outbox;
pub mod personal_data;
pub mod reminders;
pub mod report_queries;
pub mod retention;
pub mod scim_tokens;
pub mod settings;
pub mod sign_in_links;
mod sql;
pub mod sso;
pub mod staff;
pub mod startup;
pub mod uploads;
pub mod users;

pub use sql::statement as sql_statement;

use std::time::Duration;

use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the database folder {path}")]
    Folder {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("database error")]
    Db(#[from] DbErr),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error(
        "the SQLite database {path} is in use by another Bryggan server: a SQLite file serves \
         one process. Stop the other server, or use PostgreSQL to run several instances"
    )]
    InUse {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// Connects and runs pending migrations, one instance at a time.
pub async fn connect(url: &str) -> Result<DatabaseConnection, StoreError> {
    let db = open(url).await?;
    let lock = startup::StartupLock::take(&db).await?;
    lock.migrate(&db).await?;
    lock.release().await?;
    Ok(db)
}

/// Connects and switches SQLite to write-ahead logging; migrating is the caller's, under
/// [`startup::StartupLock`].
pub async fn open(url: &str) -> Result<DatabaseConnection, StoreError> {
    if let Some(path) = sqlite_file(url)
        && let Some(parent) = std::path::Path::new(path).parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).map_err(|source| StoreError::Folder {
            path: parent.display().to_string(),
            source,
        })?;
    }
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(if url.starts_with("sqlite") { 8 } else { 16 })
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(5))
        // Each statement at debug (`BRYGGAN_LOG=info,sqlx::query=debug`), tagged with its
        // request or job; statements slower than a second as warnings.
        .sqlx_logging(true)
        .sqlx_logging_level(log::LevelFilter::Debug)
        .sqlx_slow_statements_logging_settings(log::LevelFilter::Warn, Duration::from_secs(1))
        // With write-ahead logging, NORMAL syncs at checkpoints instead of at every
        // commit: the database cannot be corrupted, and only a power cut (not a crash of
        // Bryggan) can lose the last commits. FULL made each write wait for the disk.
        .map_sqlx_sqlite_opts(|sqlite| {
            sqlite.synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
        });
    let db = Database::connect(options).await?;
    if db.get_database_backend() == DbBackend::Sqlite {
        // WAL lets readers run beside the one writer; it persists in the file.
        db.execute_unprepared("PRAGMA journal_mode=WAL").await?;
        db.execute_unprepared("PRAGMA foreign_keys=ON").await?;
    }
    Ok(db)
}

/// The file of a `sqlite://path?…` URL, if it names one.
fn sqlite_file(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && !path.starts_with(":memory:")).then_some(path)
}

/// Begins a transaction that reads and then writes. On SQLite it takes the write lock at
/// once (`BEGIN IMMEDIATE`): a deferred one fails with "database is locked" when another
/// connection (the mail worker, a learner) commits between its first read and its first
/// write. Other writers wait for it instead. PostgreSQL ignores the mode.
pub async fn begin_write<C: TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}

/// True when the database answers: for `/readyz`.
pub async fn ping(db: &DatabaseConnection) -> bool {
    db.ping().await.is_ok()
}
