//! The compiled course: what the platform serves, stores and grades against.
//!
//! Correct answers and per-option feedback live only here, on the server; learners get
//! [`LearnerQuestion`]s, which carry neither.

use serde::{Deserialize, Serialize};

use crate::domain::{Language, Percent, Slug, YearMonth};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Course {
    pub slug: Slug,
    pub title: String,
    pub language: Language,
    pub summary: String,
    pub estimated_minutes: u32,
    pub pass_mark: Percent,
    pub valid_for_months: Option<u16>,
    /// The same course in the other language: completing either counts for both.
    #[serde(default)]
    pub translation: Option<Slug>,
    /// The month whose law and guidance the course states ("Rättsläge: november 2026").
    #[serde(default)]
    pub legal_status: Option<YearMonth>,
    pub lessons: Vec<Lesson>,
    /// The pre/post assessment from `assessment/`, when the course has one.
    #[serde(default)]
    pub assessment: Option<Assessment>,
    /// Files under `media/`, relative to the course folder (`media/tolk.png`).
    pub media: Vec<String>,
    /// SHA-256 of every file the course is made of: the course version.
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lesson {
    /// The `NN` of `NN-name.md`: the lesson's place in the course.
    pub number: u16,
    /// The `name` of `NN-name.md`: stable across reordering, used in URLs.
    pub slug: Slug,
    /// The file it was compiled from, within the course folder (`02-tolk.md`), for reviewers;
    /// empty in versions compiled before it was kept.
    #[serde(default)]
    pub file: String,
    pub title: String,
    pub minutes: u32,
    pub content: LessonContent,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum LessonContent {
    Text { html: String },
    Quiz(Quiz),
}

impl Lesson {
    pub fn quiz(&self) -> Option<&Quiz> {
        match &self.content {
            LessonContent::Quiz(quiz) => Some(quiz),
            LessonContent::Text { .. } => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quiz {
    /// Markdown between the title and the first question.
    pub intro_html: String,
    pub questions: Vec<Question>,
}

/// What learners answer before the first lesson and again after the last: it measures what
/// the course changed and counts for nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    /// Knowledge items: none, one form (the same before and after) or two parallel forms,
    /// A and B, of which each learner gets one before and the other after.
    pub forms: Vec<Quiz>,
    pub self_assessment: Option<SelfAssessment>,
}

impl Assessment {
    pub fn form(&self, form: Form) -> Option<&Quiz> {
        self.forms.get(form.index()).or_else(|| self.forms.first())
    }
}

/// One of the two parallel knowledge forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    A,
    B,
}

impl Form {
    pub fn index(self) -> usize {
        match self {
            Form::A => 0,
            Form::B => 1,
        }
    }

    pub fn other(self) -> Form {
        match self {
            Form::A => Form::B,
            Form::B => Form::A,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Form::A => "a",
            Form::B => "b",
        }
    }

    pub fn from_code(code: &str) -> Option<Form> {
        match code {
            "a" => Some(Form::A),
            "b" => Some(Form::B),
            _ => None,
        }
    }
}

/// Statements rated on one scale, from 1 (the first label) to `scale.len()`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelfAssessment {
    pub intro_html: String,
    /// The labels of the points, lowest first.
    pub scale: Vec<String>,
    pub statements: Vec<Statement>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    /// `{#id}` at the end of the line, or made from the text: what pre and post are paired by.
    pub id: Slug,
    pub text: String,
    pub html: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Choice {
    /// One correct option: radio buttons.
    Single,
    /// Several correct options, scored all or nothing: checkboxes.
    Multiple,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// The heading's line in its file, for reviewers; 0 in versions compiled before it was kept.
    #[serde(default)]
    pub line: u32,
    /// Stable within the quiz: `{#id}` after the heading, or the heading's slug.
    pub id: Slug,
    pub title: String,
    /// The heading rendered inline (emphasis, code), for pages.
    pub title_html: String,
    /// The scenario or question text between the heading and the options.
    pub body_html: String,
    pub choice: Choice,
    pub options: Vec<QuizOption>,
    /// Shown after answering, whatever was chosen.
    pub explanation_html: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuizOption {
    /// `a`, `b`, `c`… by position within the question.
    pub id: String,
    /// Inline HTML, fit for a `<label>`.
    pub html: String,
    pub correct: bool,
    /// Shown after answering, for this option.
    pub feedback_html: Option<String>,
}

/// A question as a learner sees it before answering: no correct flags, no feedback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LearnerQuestion<'a> {
    pub id: &'a Slug,
    pub title_html: &'a str,
    pub body_html: &'a str,
    pub choice: Choice,
    pub options: Vec<LearnerOption<'a>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LearnerOption<'a> {
    pub id: &'a str,
    pub html: &'a str,
}

impl Question {
    pub fn for_learner(&self) -> LearnerQuestion<'_> {
        LearnerQuestion {
            id: &self.id,
            title_html: &self.title_html,
            body_html: &self.body_html,
            choice: self.choice,
            options: self
                .options
                .iter()
                .map(|o| LearnerOption {
                    id: &o.id,
                    html: &o.html,
                })
                .collect(),
        }
    }
}

/// `a`…`z`, then `aa`, `ab`…: short, stable ids for options by position.
pub(crate) fn option_id(index: usize) -> String {
    let letter = |i: usize| char::from(b'a' + (i % 26) as u8);
    if index < 26 {
        letter(index).to_string()
    } else {
        format!("{}{}", letter(index / 26 - 1), letter(index))
    }
}
