//! Staff files through the web page: checked and previewed first, applied only when HR
//! confirms the preview.

use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

use super::Applied;
use crate::reports::Scope;
use crate::store::staff::{ImportOptions, ImportPlan, import};
use crate::store::uploads;

use super::{Hr, HrError, Viewer};

/// A checked upload awaiting confirmation, and what it would do.
#[derive(Debug, Clone)]
pub struct Upload {
    pub token: String,
    pub file_name: String,
    pub people: usize,
    pub windows_1252: bool,
    pub deactivate_missing: bool,
    pub plan: ImportPlan,
}

/// A staff file lists the whole organisation, so only a viewer who sees all of it may
/// import one.
fn check(viewer: &Viewer) -> Result<(), HrError> {
    match viewer.scope {
        Scope::Organisation => Ok(()),
        Scope::Tree(_) => Err(HrError::Forbidden),
    }
}

/// One source of staff per organisation: the directory, while one of its tokens is in use.
async fn check_source(db: &DatabaseConnection) -> Result<(), HrError> {
    if crate::provisioning::directory_owns_staff(db).await? {
        return Err(HrError::DirectoryOwnsStaff);
    }
    Ok(())
}

fn parse(content: &[u8]) -> Result<crate::staff::StaffFile, HrError> {
    crate::staff::parse(content).map_err(HrError::File)
}

impl Hr<'_> {
    /// Checks the file in full and works out the plan without writing any staff; the file
    /// waits for confirmation.
    pub async fn upload(
        &self,
        file_name: &str,
        content: Vec<u8>,
        deactivate_missing: bool,
        now: DateTime<Utc>,
    ) -> Result<Upload, HrError> {
        check(self.viewer)?;
        check_source(self.db).await?;
        let file = parse(&content)?;
        let options = ImportOptions {
            deactivate_missing,
            dry_run: true,
        };
        let plan = import(self.db, &file, options, &self.viewer.actor, now, &|_| {}).await?;
        let token = crate::auth::random_hex(16);
        let user_id = self.viewer.actor.id.ok_or(HrError::Forbidden)?;
        uploads::save(
            self.db,
            &token,
            user_id,
            file_name,
            deactivate_missing,
            content,
            now,
        )
        .await?;
        Ok(Upload {
            token,
            file_name: file_name.to_owned(),
            people: file.rows.len(),
            windows_1252: file.windows_1252,
            deactivate_missing,
            plan,
        })
    }

    /// Applies a confirmed upload (only its uploader can), then the assignments, so that
    /// newcomers are enrolled and told at once.
    pub async fn apply_upload(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<(ImportPlan, Applied), HrError> {
        check(self.viewer)?;
        check_source(self.db).await?;
        let user_id = self.viewer.actor.id.ok_or(HrError::Forbidden)?;
        let pending = uploads::find(self.db, token, user_id, now)
            .await?
            .ok_or_else(|| {
                HrError::Invalid(
                    "This upload has expired or was already applied. Upload the file again.".into(),
                )
            })?;
        let file = parse(&pending.content)?;
        let options = ImportOptions {
            deactivate_missing: pending.deactivate_missing,
            dry_run: false,
        };
        let plan = import(self.db, &file, options, &self.viewer.actor, now, &|_| {}).await?;
        uploads::delete(self.db, pending.id).await?;
        let applied = self
            .notices
            .apply_assignments(self.db, now, self.recertify_days)
            .await?;
        Ok((plan, applied))
    }
}
