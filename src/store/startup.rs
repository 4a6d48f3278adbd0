//! One instance at a time sets the database up. Instances started together on PostgreSQL
//! would otherwise race through the migrations (sea-orm-migration takes no lock) and the
//! first-start writes, and all but one would exit with a duplicate-key error. A SQLite file
//! serves one process: a second server on it is refused at once rather than failing on a
//! lock timeout later.

use std::fs::{File, OpenOptions};
use std::path::PathBuf;

use migrations::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, Statement,
    TransactionTrait,
};

use super::StoreError;

/// The advisory lock's key: "bryggan" and 1, so that it meets no other application's.
const STARTUP_KEY: i64 = 0x6272_7967_6761_6e01;

/// Held while an instance migrates and writes its first-start data; others wait for it.
pub struct StartupLock {
    /// On PostgreSQL, the transaction that holds the lock until it ends.
    held: Option<DatabaseTransaction>,
}

impl StartupLock {
    /// Waits for the lock (PostgreSQL), or takes nothing (SQLite: one process per file).
    pub async fn take(db: &DatabaseConnection) -> Result<Self, StoreError> {
        if db.get_database_backend() != DbBackend::Postgres {
            return Ok(StartupLock { held: None });
        }
        let txn = db.begin().await?;
        txn.query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [STARTUP_KEY.into()],
        ))
        .await?;
        Ok(StartupLock { held: Some(txn) })
    }

    /// Applies the pending migrations, on the pool's other connections.
    pub async fn migrate(&self, db: &DatabaseConnection) -> Result<(), StoreError> {
        Migrator::up(db, None).await?;
        Ok(())
    }

    pub async fn release(self) -> Result<(), StoreError> {
        if let Some(txn) = self.held {
            txn.commit().await?;
        }
        Ok(())
    }
}

/// The claim of one server on a SQLite file, held until it is dropped.
#[derive(Debug)]
pub struct SqliteClaim {
    _file: File,
}

/// Claims the SQLite file of `url` for this process, through a `.lock` file beside it;
/// `None` for PostgreSQL, which any number of instances may share.
pub fn claim_sqlite_file(url: &str) -> Result<Option<SqliteClaim>, StoreError> {
    let Some(path) = super::sqlite_file(url) else {
        return Ok(None);
    };
    let lock = PathBuf::from(format!("{path}.lock"));
    let in_use = |source| StoreError::InUse {
        path: path.to_owned(),
        source,
    };
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock)
        .map_err(in_use)?;
    match file.try_lock() {
        Ok(()) => Ok(Some(SqliteClaim { _file: file })),
        Err(std::fs::TryLockError::WouldBlock) => {
            Err(in_use(std::io::Error::from(std::io::ErrorKind::WouldBlock)))
        }
        Err(std::fs::TryLockError::Error(err)) => Err(in_use(err)),
    }
}
