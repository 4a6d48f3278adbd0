//! HR work as one viewer, built once per request from the application's state: every
//! call is checked against that viewer's role and department scope, and none repeats
//! the connection, the caches or the settings it needs.

use chrono::{DateTime, NaiveDate, Utc};
use futures_util::Stream;
use sea_orm::DatabaseConnection;

use super::Applied;
use super::{
    AssignmentView, Dashboard, EvaluationQuery, EvaluationReport, ExportLine, HrError,
    NewAssignment, PeoplePage, ReportContext, Upload, Viewer,
};
use crate::learning::LearningCache;
use crate::reminders::Notices;
use crate::reports::Filter;
use crate::reports::export::PersonRow;
use crate::staff::plan::ImportPlan;
use crate::store::StoreError;
use crate::store::assignments::Assignment;

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

    pub async fn assignments(&self) -> Result<Vec<AssignmentView>, HrError> {
        super::assignments(self.db, self.viewer).await
    }

    pub async fn create_assignment(
        &self,
        new: &NewAssignment,
        now: DateTime<Utc>,
    ) -> Result<(Assignment, Applied), HrError> {
        super::create_assignment(
            self.db,
            self.viewer,
            new,
            &self.notices,
            self.recertify_days,
            now,
        )
        .await
    }

    pub async fn remove_assignment(&self, id: i64, now: DateTime<Utc>) -> Result<(), HrError> {
        super::remove_assignment(self.db, self.viewer, id, now).await
    }

    /// Checks a staff file and keeps it for confirmation; writes no person.
    pub async fn upload(
        &self,
        file_name: &str,
        content: Vec<u8>,
        deactivate_missing: bool,
        now: DateTime<Utc>,
    ) -> Result<Upload, HrError> {
        super::upload(
            self.db,
            self.viewer,
            file_name,
            content,
            deactivate_missing,
            now,
        )
        .await
    }

    pub async fn apply_upload(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<(ImportPlan, Applied), HrError> {
        super::apply_upload(
            self.db,
            self.viewer,
            token,
            &self.notices,
            self.recertify_days,
            now,
        )
        .await
    }

    pub async fn evaluation(&self, query: EvaluationQuery) -> Result<EvaluationReport, HrError> {
        super::evaluation(self.db, self.cache, self.viewer, query, self.minimum_group).await
    }

    pub async fn evaluation_export(
        &self,
        course: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<(EvaluationReport, Vec<ExportLine>), HrError> {
        super::evaluation_export(
            self.db,
            self.cache,
            self.viewer,
            course,
            self.minimum_group,
            now,
        )
        .await
    }
}
