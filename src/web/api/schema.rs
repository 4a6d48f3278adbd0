//! The API's request and response bodies.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::course::Choice;
use crate::domain::Role;
use crate::learning::Status;

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong, for people.
    pub error: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenRequest {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    pub token_type: &'static str,
    /// Unix time in seconds.
    pub expires_at: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub locale: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CourseSummary {
    pub slug: String,
    pub title: String,
    pub language: String,
    pub summary: String,
    pub enrolled: bool,
    pub status: Option<Status>,
    pub lessons_total: usize,
    pub lessons_done: usize,
    /// `YYYY-MM-DD`.
    pub due_date: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LessonOutline {
    pub slug: String,
    pub title: String,
    pub minutes: u32,
    /// `text` or `quiz`.
    pub kind: &'static str,
    pub done: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CourseOutline {
    pub slug: String,
    pub title: String,
    pub language: String,
    pub summary: String,
    pub estimated_minutes: u32,
    pub pass_mark: u8,
    pub enrolled: bool,
    pub status: Option<Status>,
    pub lessons: Vec<LessonOutline>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OptionView {
    pub id: String,
    pub html: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionView {
    pub id: String,
    pub title_html: String,
    pub body_html: String,
    #[schema(value_type = String, example = "single")]
    pub choice: Choice,
    pub options: Vec<OptionView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QuizView {
    pub intro_html: String,
    /// The number to send with the next attempt.
    pub next_attempt: i32,
    pub questions: Vec<QuestionView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LessonView {
    pub slug: String,
    pub title: String,
    pub minutes: u32,
    pub kind: &'static str,
    /// For text lessons.
    pub html: Option<String>,
    /// For quizzes: the questions without their answers.
    pub quiz: Option<QuizView>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AttemptRequest {
    /// The `next_attempt` the quiz was shown with.
    pub attempt: i32,
    /// Option ids chosen per question id.
    pub answers: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionResultView {
    pub id: String,
    pub right: bool,
    pub chosen: Vec<String>,
    pub correct: Vec<String>,
    /// Feedback per option id, for the options that have some.
    pub feedback_html: BTreeMap<String, String>,
    pub explanation_html: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AttemptResult {
    pub attempt: i32,
    pub score: u8,
    pub pass_mark: u8,
    pub passed: bool,
    pub questions: Vec<QuestionResultView>,
}
