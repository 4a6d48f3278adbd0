//! The dashboard, the people view and the export, each scoped to what the viewer may see.

use chrono::NaiveDate;
use futures_util::Stream;
use sea_orm::{ConnectionTrait, DatabaseConnection};

use crate::reports::export::PersonRow;
use crate::reports::tree::Summary;
use crate::reports::{Department, DepartmentTree, Filter};
use crate::store::courses::{self, CourseRow};
use crate::store::report_queries::{self as queries, PeopleQuery};
use crate::store::{StoreError, audit};

use super::{HrError, Viewer};

/// Rows per page in the people view.
pub const PAGE_SIZE: u64 = 50;

/// What every report view works from: the tree, the courses, and the checked filter.
#[derive(Debug, Clone)]
pub struct ReportContext {
    pub tree: DepartmentTree,
    pub courses: Vec<CourseRow>,
    /// The department shown; `None`: the whole organisation.
    pub at: Option<i64>,
    pub course: Option<CourseRow>,
    pub filter: Filter,
}

impl ReportContext {
    pub fn department(&self) -> Option<&Department> {
        self.at.and_then(|id| self.tree.get(id))
    }

    pub fn course_slug(&self, id: i64) -> (&str, &str) {
        self.courses
            .iter()
            .find(|c| c.id == id)
            .map_or(("", ""), |c| (c.slug.as_str(), c.title.as_str()))
    }

    /// The language the course is written in, for marking its title.
    pub fn course_language(&self, id: i64) -> Option<&str> {
        self.courses
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.language.as_str())
    }

    fn path_of(&self, department: Option<i64>) -> Option<String> {
        department
            .and_then(|id| self.tree.get(id))
            .map(|d| d.path.clone())
    }

    fn people_query(&self, today: NaiveDate) -> PeopleQuery {
        PeopleQuery {
            departments: self.at.map(|id| self.tree.subtree(id)),
            course_id: self.course.as_ref().map(|c| c.id),
            status: self.filter.status,
            due_from: self.filter.due_from,
            due_to: self.filter.due_to,
            today,
        }
    }
}

/// Loads the tree and courses and checks the filter against the viewer's scope.
async fn context(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    filter: Filter,
) -> Result<ReportContext, HrError> {
    let tree = queries::departments(db).await?;
    let at = filter.department.or(viewer.scope.top());
    viewer.check_department(&tree, at)?;
    let courses = courses::all(db).await?;
    let course = match &filter.course {
        None => None,
        Some(slug) => Some(
            courses
                .iter()
                .find(|c| &c.slug == slug)
                .cloned()
                .ok_or_else(|| HrError::UnknownCourse(slug.clone()))?,
        ),
    };
    Ok(ReportContext {
        tree,
        courses,
        at,
        course,
        filter,
    })
}

#[derive(Debug, Clone)]
pub struct Dashboard {
    pub context: ReportContext,
    pub summary: Summary,
}

/// The figures at a department (or the whole organisation), rolled up: three statements
/// whatever the size of the organisation.
pub async fn dashboard(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    filter: Filter,
    today: NaiveDate,
) -> Result<Dashboard, HrError> {
    let context = context(db, viewer, filter).await?;
    let departments = context.at.map(|id| context.tree.subtree(id));
    let (rows, by_course) = queries::counts(
        db,
        departments.as_deref(),
        context.course.as_ref().map(|c| c.id),
        context.filter.due_from,
        context.filter.due_to,
        today,
    )
    .await?;
    let summary = context
        .tree
        .summarize(&rows, &by_course, context.at, &context.filter);
    Ok(Dashboard { context, summary })
}

#[derive(Debug, Clone)]
pub struct PeoplePage {
    pub context: ReportContext,
    pub rows: Vec<PersonRow>,
    pub has_next: bool,
}

/// One page of people and their status per course, by name.
pub async fn people(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    filter: Filter,
    today: NaiveDate,
) -> Result<PeoplePage, HrError> {
    let context = context(db, viewer, filter).await?;
    let offset = u64::from(context.filter.page - 1) * PAGE_SIZE;
    let mut rows = queries::people(db, &context.people_query(today), PAGE_SIZE + 1, offset).await?;
    let has_next = rows.len() as u64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    for row in &mut rows {
        row.department = context.path_of(row.department_id);
    }
    Ok(PeoplePage {
        context,
        rows,
        has_next,
    })
}

/// Every row of the people view, streamed (with `department` left empty: look the path up
/// by `department_id`), and the export recorded in the audit log.
pub async fn export(
    db: &DatabaseConnection,
    viewer: &Viewer,
    filter: Filter,
    today: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<
    (
        ReportContext,
        impl Stream<Item = Result<PersonRow, StoreError>> + Send + use<>,
    ),
    HrError,
> {
    let context = context(db, viewer, filter).await?;
    let details = serde_json::json!({
        "department": context.department().map(|d| d.path.clone()),
        "filter": context.filter.query(),
    });
    audit::record(db, &viewer.actor, "report.export", details, now).await?;
    // Rows come without their department's path: the writer looks it up by id rather
    // than copying it into each of a million rows.
    let rows = queries::stream_people(db, &context.people_query(today)).await?;
    Ok((context, rows))
}
