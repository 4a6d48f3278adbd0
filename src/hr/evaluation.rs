//! The evaluation report: per course, the pre/post change at a department and each of its
//! sub-departments with small groups withheld, the item analysis of its quizzes, and the
//! aggregated export for the coordination body. No individual's answers are ever read.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::course::Course;
use crate::evaluation::items::analyse;
use crate::evaluation::{Evaluation, Node, Period, QuestionAnalysis, Row};
use crate::learning::LearningCache;
use crate::reports::{Department, DepartmentTree};
use crate::store::courses::{self, CourseRow};
use crate::store::{assessments, audit, report_queries as queries};

use super::{Hr, HrError};

/// What the report shows; `None`s take the defaults.
#[derive(Debug, Clone, Default)]
pub struct EvaluationQuery {
    /// A course slug; default: the first course with an assessment.
    pub course: Option<String>,
    pub period: Option<Period>,
    pub department: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct EvaluationReport {
    pub tree: DepartmentTree,
    /// Published courses with an assessment or a quiz, by title.
    pub courses: Vec<(CourseRow, Arc<Course>)>,
    pub course: Option<(CourseRow, Arc<Course>)>,
    pub evaluation: Option<Evaluation>,
    /// The department shown; `None`: the whole organisation.
    pub at: Option<i64>,
    pub period: Period,
    /// The node itself first, then its sub-departments by name.
    pub rows: Vec<(Option<Department>, Row)>,
    pub items: Vec<QuestionAnalysis>,
}

impl EvaluationReport {
    pub fn department(&self) -> Option<&Department> {
        self.at.and_then(|id| self.tree.get(id))
    }
}

async fn evaluated_courses(
    db: &DatabaseConnection,
    cache: &LearningCache,
) -> Result<Vec<(CourseRow, Arc<Course>)>, HrError> {
    let mut out = Vec::new();
    for row in courses::all(db).await? {
        let Some(version) = row.current_version_id else {
            continue;
        };
        let course = cache.version(db, version).await?;
        let quizzes = course.lessons.iter().any(|l| l.quiz().is_some());
        if course.assessment.is_some() || quizzes {
            out.push((row, course));
        }
    }
    out.sort_by(|a, b| a.0.title.cmp(&b.0.title));
    Ok(out)
}

/// One line of the export: a group, a period and a measure.
#[derive(Debug, Clone)]
pub struct ExportLine {
    pub department: Option<String>,
    pub period: Period,
    /// `None`: the knowledge score.
    pub statement: Option<(String, String)>,
    pub row: Row,
    pub index: Option<usize>,
}

impl Hr<'_> {
    /// Four statements whatever the number of learners: departments, courses, the course's
    /// sums and its item counts (course versions come from the cache).
    pub async fn evaluation(&self, query: EvaluationQuery) -> Result<EvaluationReport, HrError> {
        let tree = queries::departments(self.db).await?;
        let at = query.department.or(self.viewer.scope.top());
        self.viewer.check_department(&tree, at)?;
        let courses = evaluated_courses(self.db, self.cache).await?;
        let course = match &query.course {
            Some(slug) => Some(
                courses
                    .iter()
                    .find(|(row, _)| &row.slug == slug)
                    .cloned()
                    .ok_or_else(|| HrError::UnknownCourse(slug.clone()))?,
            ),
            None => courses
                .iter()
                .find(|(_, c)| c.assessment.is_some())
                .or(courses.first())
                .cloned(),
        };
        let period = query.period.unwrap_or(Period::All);
        let (evaluation, rows, items) = match &course {
            None => (None, Vec::new(), Vec::new()),
            Some((row, compiled)) => {
                let sums = assessments::sums(self.db, row.id).await?;
                let evaluation = Evaluation::new(&tree, compiled, &sums, self.minimum_group);
                let mut rows = vec![(
                    at.and_then(|id| tree.get(id)).cloned(),
                    evaluation.row(at, period),
                )];
                rows.extend(
                    tree.children(at)
                        .into_iter()
                        .map(|d| (Some(d.clone()), evaluation.row(Some(d.id), period))),
                );
                let counts = assessments::item_counts(self.db, row.id).await?;
                let items = analyse(compiled, &counts, self.minimum_group);
                (Some(evaluation), rows, items)
            }
        };
        Ok(EvaluationReport {
            tree,
            courses,
            course,
            evaluation,
            at,
            period,
            rows,
            items,
        })
    }

    /// Every group in the viewer's scope, for every period and measure, with suppression
    /// applied; the export is recorded in the audit log.
    pub async fn evaluation_export(
        &self,
        course: Option<String>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(EvaluationReport, Vec<ExportLine>), HrError> {
        let query = EvaluationQuery {
            course,
            ..EvaluationQuery::default()
        };
        let report = self.evaluation(query).await?;
        let (Some((row, compiled)), Some(evaluation)) = (&report.course, &report.evaluation) else {
            return Ok((report, Vec::new()));
        };
        let mut nodes: Vec<(Node, Option<String>)> = Vec::new();
        match report.at {
            None => {
                nodes.push((None, None));
                nodes.extend(
                    report
                        .tree
                        .all()
                        .into_iter()
                        .map(|d| (Some(d.id), Some(d.path.clone()))),
                );
            }
            Some(top) => {
                let within: std::collections::HashSet<i64> =
                    report.tree.subtree(top).into_iter().collect();
                nodes.extend(
                    report
                        .tree
                        .all()
                        .into_iter()
                        .filter(|d| within.contains(&d.id))
                        .map(|d| (Some(d.id), Some(d.path.clone()))),
                );
            }
        }
        let mut periods = vec![Period::All];
        periods.extend(evaluation.years().into_iter().map(Period::Year));
        let statements: Vec<(String, String)> = compiled
            .assessment
            .iter()
            .flat_map(|a| a.self_assessment.iter())
            .flat_map(|s| s.statements.iter())
            .map(|s| (s.id.to_string(), s.text.clone()))
            .collect();
        let has_knowledge = compiled
            .assessment
            .as_ref()
            .is_some_and(|a| !a.forms.is_empty());
        let mut lines = Vec::new();
        for (node, path) in &nodes {
            for &period in &periods {
                let group = evaluation.row(*node, period);
                if !group.has_pairs {
                    continue;
                }
                if has_knowledge {
                    lines.push(ExportLine {
                        department: path.clone(),
                        period,
                        statement: None,
                        row: group.clone(),
                        index: None,
                    });
                }
                for (i, statement) in statements.iter().enumerate() {
                    lines.push(ExportLine {
                        department: path.clone(),
                        period,
                        statement: Some(statement.clone()),
                        row: group.clone(),
                        index: Some(i),
                    });
                }
            }
        }
        let details = serde_json::json!({
            "course": row.slug,
            "department": report.department().map(|d| d.path.clone()),
        });
        audit::record(
            self.db,
            &self.viewer.actor,
            "evaluation.export",
            details,
            now,
        )
        .await?;
        Ok((report, lines))
    }
}
