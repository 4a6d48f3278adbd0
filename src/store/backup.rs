//! A consistent copy of a SQLite database while the server runs: `VACUUM INTO` reads
//! one snapshot of the file and writes it compacted to a new file. PostgreSQL has its own
//! tools (`pg_dump`, point-in-time recovery), described in the operations guide.

use std::path::Path;

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};

use super::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "this is a PostgreSQL database: back it up with pg_dump or point-in-time recovery \
         (docs/operations.md, \"Backups\")"
    )]
    Postgres,
    #[error("{0} already exists: name a new file, so that no backup is overwritten")]
    Exists(String),
    #[error("the backup file name {0} holds characters it cannot be written with")]
    Name(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Writes a consistent copy of the database to `target`, which must not exist yet.
pub async fn sqlite_copy(db: &DatabaseConnection, target: &Path) -> Result<(), BackupError> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return Err(BackupError::Postgres);
    }
    let shown = target.display().to_string();
    if target.exists() {
        return Err(BackupError::Exists(shown));
    }
    let name = target
        .to_str()
        .ok_or_else(|| BackupError::Name(shown.clone()))?;
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Sqlite,
        "VACUUM INTO ?",
        [name.into()],
    ))
    .await
    .map_err(StoreError::from)?;
    Ok(())
}
