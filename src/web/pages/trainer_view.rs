//! What the trainer's pages show, in the page's language: typed views of
//! [`crate::trainer`]'s overview and course workspace.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::course::changes::Changes;
use crate::domain::Language;
use crate::domain::format::{decimal, long_date};
use crate::trainer::{CompileState, CourseSummary, CourseWorkspace, Overview, VersionInfo};
use crate::web::render::Templates;

use super::hr::evaluation_view::ItemView;

/// The page's texts.
pub struct Words<'a> {
    templates: &'a Templates,
    pub lang: Language,
}

impl<'a> Words<'a> {
    pub fn new(templates: &'a Templates, lang: Language) -> Self {
        Words { templates, lang }
    }

    pub fn t(&self, key: &str) -> String {
        self.templates.text(self.lang, key)
    }

    fn moment(&self, at: DateTime<Utc>) -> String {
        format!(
            "{} {} UTC",
            long_date(at.date_naive(), self.lang),
            at.format("%H:%M")
        )
    }

    fn version(&self, version: &VersionInfo) -> String {
        format!(
            "{} {} · {}",
            self.t("trainer_version"),
            version.number,
            long_date(version.created_at.date_naive(), self.lang)
        )
    }
}

#[derive(Serialize)]
pub struct CourseLine {
    slug: String,
    title: String,
    language: Language,
    /// `ok`, `warning`, `error` or `withdrawn`: the tag's style; its text says the same.
    state: &'static str,
    state_text: String,
    published: Option<String>,
    people_on_published: u64,
    people_on_older: u64,
    mine: bool,
    has_errors: bool,
    /// The diagnostics as `courses check` prints them.
    report: String,
}

impl CourseLine {
    fn new(summary: &CourseSummary, words: &Words<'_>) -> Self {
        let (state, state_text) = match summary.state {
            CompileState::Compiles => ("ok", words.t("trainer_state_ok")),
            CompileState::Warnings(n) => (
                "warning",
                words
                    .t("trainer_state_warnings")
                    .replace("{n}", &n.to_string()),
            ),
            CompileState::Errors(n) => (
                "error",
                words
                    .t("trainer_state_errors")
                    .replace("{n}", &n.to_string()),
            ),
            CompileState::Withdrawn => ("withdrawn", words.t("trainer_state_withdrawn")),
        };
        CourseLine {
            slug: summary.slug.clone(),
            title: summary.title.clone(),
            language: summary.language,
            state,
            state_text,
            published: summary.published.as_ref().map(|v| words.version(v)),
            people_on_published: summary.people_on_published,
            people_on_older: summary.people_on_older,
            mine: summary.mine,
            has_errors: matches!(summary.state, CompileState::Errors(_)),
            report: summary.report.join("\n\n"),
        }
    }
}

#[derive(Serialize)]
pub struct OverviewPage {
    checked_at: Option<String>,
    can_publish: bool,
    published_now: bool,
    courses: Vec<CourseLine>,
    broken: Vec<CourseLine>,
}

impl OverviewPage {
    pub fn new(overview: &Overview, words: &Words<'_>, admin: bool, published: bool) -> Self {
        let lines: Vec<CourseLine> = overview
            .courses
            .iter()
            .map(|c| CourseLine::new(c, words))
            .collect();
        let broken = overview
            .courses
            .iter()
            .filter(|c| matches!(c.state, CompileState::Errors(_)))
            .map(|c| CourseLine::new(c, words))
            .collect();
        OverviewPage {
            checked_at: overview.checked_at.map(|at| words.moment(at)),
            can_publish: admin,
            published_now: published,
            courses: lines,
            broken,
        }
    }
}

#[derive(Serialize)]
struct VersionLine {
    number: usize,
    registered: String,
    people: u64,
    current: bool,
    changes: Vec<String>,
}

#[derive(Serialize)]
struct LessonLine {
    title: String,
    answers: u64,
    share: Option<String>,
}

#[derive(Serialize)]
struct CommentLine {
    lesson: String,
    version: Option<usize>,
    helpful: String,
    text: String,
    given: String,
}

#[derive(Serialize)]
pub struct CoursePage<'a> {
    course: CourseLine,
    course_language: Language,
    maintainers: Vec<String>,
    versions: Vec<VersionLine>,
    items: Vec<ItemView<'a>>,
    lessons: Vec<LessonLine>,
    minimum: u64,
    comments: Vec<CommentLine>,
    comments_total: u64,
    comments_shown: usize,
    comments_more: bool,
}

impl<'a> CoursePage<'a> {
    pub fn new(found: &CourseWorkspace, words: &Words<'_>, items: Vec<ItemView<'a>>) -> Self {
        let sign = match words.lang {
            Language::Sv => "\u{a0}%",
            Language::En => "%",
        };
        let feedback = &found.feedback;
        CoursePage {
            course: CourseLine::new(&found.summary, words),
            course_language: found.summary.language,
            maintainers: found
                .summary
                .maintainers
                .iter()
                .map(ToString::to_string)
                .collect(),
            versions: found
                .versions
                .iter()
                .map(|v| VersionLine {
                    number: v.info.number,
                    registered: words.moment(v.info.created_at),
                    people: v.people,
                    current: v.current,
                    changes: match &v.changes {
                        None => vec![words.t("trainer_changes_first")],
                        Some(changes) => change_lines(changes, words),
                    },
                })
                .collect(),
            items,
            lessons: feedback
                .lessons
                .iter()
                .map(|l| LessonLine {
                    title: l.title.clone(),
                    answers: l.answers,
                    share: l
                        .helpful
                        .map(|s| format!("{}{sign}", decimal(s * 100.0, 0, false, words.lang))),
                })
                .collect(),
            minimum: found.minimum,
            comments: feedback
                .comments
                .iter()
                .map(|c| CommentLine {
                    lesson: c.lesson_title.clone(),
                    version: c.version,
                    helpful: words.t(if c.helpful { "yes" } else { "no" }),
                    text: c.text.to_string(),
                    given: long_date(c.given_at.date_naive(), words.lang),
                })
                .collect(),
            comments_total: feedback.comments_total,
            comments_shown: feedback.comments.len(),
            comments_more: feedback.comments_total > feedback.comments.len() as u64,
        }
    }
}

/// "Lessons added: x, y" and the like, one line per kind of change.
fn change_lines(changes: &Changes, words: &Words<'_>) -> Vec<String> {
    let mut lines = Vec::new();
    for (key, names) in [
        ("trainer_lessons_added", &changes.lessons_added),
        ("trainer_lessons_removed", &changes.lessons_removed),
        ("trainer_lessons_changed", &changes.lessons_changed),
        ("trainer_questions_added", &changes.questions_added),
        ("trainer_questions_removed", &changes.questions_removed),
        ("trainer_questions_changed", &changes.questions_changed),
    ] {
        if !names.is_empty() {
            lines.push(format!("{}: {}", words.t(key), names.join(", ")));
        }
    }
    if changes.settings_changed {
        lines.push(words.t("trainer_settings_changed"));
    }
    if lines.is_empty() {
        lines.push(words.t("trainer_changes_none"));
    }
    lines
}
