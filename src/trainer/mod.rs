//! The trainer's workspace: every course in the folder with its compile state now, the
//! version learners get and how many people are on each version; per course, its version
//! history with what changed, the item analysis of its quizzes and the learners' feedback.
//!
//! Trainers and admins see every course; a trainer's own (`maintainers` in `course.toml`)
//! come first. Figures are for the whole organisation, never per department, and withheld
//! below the minimum group, as in the evaluation report.

mod feedback;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

use crate::course::Course;
use crate::course::changes::{self, Changes};
use crate::domain::{Email, Language};
use crate::evaluation::items::{QuestionAnalysis, analyse};
use crate::learning::LearningCache;
use crate::publishing::{FolderCourse, Workspace};
use crate::store::course_versions::{self, VersionRow};
use crate::store::courses::{self, CourseRow};
use crate::store::{StoreError, assessments};

pub use feedback::{CommentView, FeedbackReport, LessonFigure};

/// Comments shown on a course's page, newest first.
pub const COMMENTS_SHOWN: u64 = 200;

#[derive(Debug, thiserror::Error)]
pub enum TrainerError {
    #[error("there is no such course")]
    CourseNotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Whether the folder's files compile now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompileState {
    Compiles,
    Warnings(usize),
    /// Learners stay on the last good version, if there is one.
    Errors(usize),
    /// The folder is gone; the course left the catalogue and stays with those enrolled.
    Withdrawn,
}

/// A registered version, numbered from 1 within its course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionInfo {
    pub id: i64,
    pub number: usize,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct CourseSummary {
    pub slug: String,
    pub title: String,
    pub language: Language,
    pub state: CompileState,
    /// Every diagnostic as `courses check` prints it.
    pub report: Vec<String>,
    /// The version new enrolments get.
    pub published: Option<VersionInfo>,
    pub people_on_published: u64,
    pub people_on_older: u64,
    pub maintainers: Vec<Email>,
    /// The viewer is among its maintainers.
    pub mine: bool,
}

#[derive(Debug, Clone)]
pub struct Overview {
    pub checked_at: Option<DateTime<Utc>>,
    pub courses: Vec<CourseSummary>,
}

/// Every course in the folder, and every withdrawn one still on record; the viewer's own
/// first, then by title.
pub async fn overview(
    db: &DatabaseConnection,
    workspace: &Workspace,
    viewer: &Email,
) -> Result<Overview, TrainerError> {
    let rows = courses::all(db).await?;
    let versions = course_versions::list(db, None).await?;
    let people = course_versions::people(db, None).await?;
    let mut out: Vec<CourseSummary> = workspace
        .courses
        .iter()
        .map(|folder| {
            let row = rows.iter().find(|r| r.slug == folder.folder);
            summary(Some(folder), row, &versions, &people, viewer)
        })
        .collect();
    out.extend(
        rows.iter()
            .filter(|r| workspace.course(&r.slug).is_none())
            .map(|row| summary(None, Some(row), &versions, &people, viewer)),
    );
    out.sort_by(|a, b| b.mine.cmp(&a.mine).then_with(|| a.title.cmp(&b.title)));
    Ok(Overview {
        checked_at: workspace.checked_at,
        courses: out,
    })
}

fn summary(
    folder: Option<&FolderCourse>,
    row: Option<&CourseRow>,
    versions: &[VersionRow],
    people: &HashMap<i64, u64>,
    viewer: &Email,
) -> CourseSummary {
    let slug = folder
        .map(|f| f.folder.clone())
        .or_else(|| row.map(|r| r.slug.clone()))
        .unwrap_or_default();
    let title = folder
        .and_then(|f| f.title.clone())
        .or_else(|| row.map(|r| r.title.clone()))
        .unwrap_or_else(|| slug.clone());
    let language = folder.map(|f| f.language).unwrap_or_else(|| {
        row.and_then(|r| r.language.parse().ok())
            .unwrap_or(Language::Sv)
    });
    let state = match folder {
        None => CompileState::Withdrawn,
        Some(f) if f.errors > 0 => CompileState::Errors(f.errors),
        Some(f) if f.warnings > 0 => CompileState::Warnings(f.warnings),
        Some(_) => CompileState::Compiles,
    };
    let own: Vec<&VersionRow> = row.map_or_else(Vec::new, |r| {
        versions.iter().filter(|v| v.course_id == r.id).collect()
    });
    let current = row.and_then(|r| r.current_version_id);
    let published = current.and_then(|id| numbered(&own).into_iter().find(|v| v.id == id));
    let on = |v: &&VersionRow| people.get(&v.id).copied().unwrap_or(0);
    let people_on_published = own.iter().filter(|v| Some(v.id) == current).map(on).sum();
    let people_on_older = own.iter().filter(|v| Some(v.id) != current).map(on).sum();
    let maintainers = folder.map(|f| f.maintainers.clone()).unwrap_or_default();
    CourseSummary {
        mine: maintainers.contains(viewer),
        slug,
        title,
        language,
        state,
        report: folder.map(|f| f.report.clone()).unwrap_or_default(),
        published: published.filter(|_| folder.is_some() || row.is_some_and(|r| r.published)),
        people_on_published,
        people_on_older,
        maintainers,
    }
}

fn numbered(versions: &[&VersionRow]) -> Vec<VersionInfo> {
    versions
        .iter()
        .enumerate()
        .map(|(i, v)| VersionInfo {
            id: v.id,
            number: i + 1,
            created_at: v.created_at,
        })
        .collect()
}

/// A version in a course's history: when it came, who is on it, and what it changed.
#[derive(Debug, Clone)]
pub struct VersionEntry {
    pub info: VersionInfo,
    pub people: u64,
    pub current: bool,
    /// What changed since the version before; `None` for the first.
    pub changes: Option<Changes>,
}

#[derive(Debug, Clone)]
pub struct CourseWorkspace {
    pub summary: CourseSummary,
    /// Newest first.
    pub versions: Vec<VersionEntry>,
    /// The current version, when one is published.
    pub course: Option<Arc<Course>>,
    pub items: Vec<QuestionAnalysis>,
    pub feedback: FeedbackReport,
    pub minimum: u64,
}

/// One course's page in the workspace.
pub async fn course(
    db: &DatabaseConnection,
    cache: &LearningCache,
    workspace: &Workspace,
    slug: &str,
    viewer: &Email,
    minimum: u64,
) -> Result<CourseWorkspace, TrainerError> {
    let row = courses::find_by_slug(db, slug).await?;
    let folder = workspace.course(slug);
    if row.is_none() && folder.is_none() {
        return Err(TrainerError::CourseNotFound);
    }
    let (versions, people) = match &row {
        Some(r) => (
            course_versions::list(db, Some(r.id)).await?,
            course_versions::people(db, Some(r.id)).await?,
        ),
        None => Default::default(),
    };
    let summary = summary(folder, row.as_ref(), &versions, &people, viewer);
    let own: Vec<&VersionRow> = versions.iter().collect();
    let mut history = Vec::new();
    let current_id = row.as_ref().and_then(|r| r.current_version_id);
    let mut current = None;
    let mut before: Option<Arc<Course>> = None;
    for info in numbered(&own) {
        let compiled = cache.version(db, info.id).await?;
        if current_id == Some(info.id) {
            current = Some(compiled.clone());
        }
        history.push(VersionEntry {
            people: people.get(&info.id).copied().unwrap_or(0),
            current: current_id == Some(info.id),
            changes: before.as_ref().map(|b| changes::between(b, &compiled)),
            info,
        });
        before = Some(compiled);
    }
    let (items, feedback) = match (&row, &current) {
        (Some(r), Some(course)) => {
            let counts = assessments::item_counts(db, r.id).await?;
            let numbers: HashMap<i64, usize> =
                history.iter().map(|v| (v.info.id, v.info.number)).collect();
            (
                analyse(course, &counts, minimum),
                feedback::report(db, r.id, course, &numbers, minimum).await?,
            )
        }
        _ => (Vec::new(), FeedbackReport::default()),
    };
    history.reverse();
    Ok(CourseWorkspace {
        summary,
        versions: history,
        course: current,
        items,
        feedback,
        minimum,
    })
}
