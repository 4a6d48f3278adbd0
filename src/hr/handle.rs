//! HR work as one viewer, built once per request from the application's state: every
//! call is checked against that viewer's role and department scope, and none repeats
//! the connection, the caches or the settings it needs. The report calls are here; the
//! others live beside their rules (`assign.rs`, `upload.rs`, `evaluation.rs`).

use chrono::{DateTime, NaiveDate, Utc};
use futures_util::Stream;
use sea_orm::DatabaseConnection;

use super::{Dashboard, HrError, PeoplePage, ReportContext, Viewer};
use crate::learning::LearningCache;
use crate::reminders::Notices;
use crate::reports::Filter;
use crate::reports::export::PersonRow;
use crate::store::StoreError;

pub struct Hr<'a> {
    pub db: &'a DatabaseConnection,
    pub cache: &'a LearningCache,
    pub viewer: &'a Viewer,
    /// The assignment notices that new enrolments get.
    pub notices: Notices<'a>,
    /// Days before a completion expires that a new cycle opens.
    pub recertify_days: u16,
    /// The smallest group whose evaluation figures are shown.
    pub minimum_group: u64,
}

impl Hr<'_> {
    pub async fn dashboard(&self, filter: Filter, today: NaiveDate) -> Result<Dashboard, HrError> {
        super::dashboard(self.db, self.viewer, filter, today).await
    }

    pub async fn people(&self, filter: Filter, today: NaiveDate) -> Result<PeoplePage, HrError> {
        super::people(self.db, self.viewer, filter, today).await
    }

    /// Every row of the people view, streamed, with the export audited.
    pub async fn export(
        &self,
        filter: Filter,
        now: DateTime<Utc>,
    ) -> Result<
        (
            ReportContext,
            impl Stream<Item = Result<PersonRow, StoreError>> + Send + use<>,
        ),
        HrError,
    > {
        super::export(self.db, self.viewer, filter, now.date_naive(), now).await
    }
}
