//! Quiz submission and the result page with feedback.

use actix_web::{HttpResponse, web};
use chrono::Utc;
use serde::Serialize;

use crate::domain::grading::AnswerError;
use crate::domain::grading::{self, Answers};
use crate::learning::{self, LearningError, QuizSubmission};
use crate::web::AppState;
use crate::web::error::WebError;
use crate::web::form_errors::FormErrors;
use crate::web::render::CourseHeader;
use crate::web::session::{PageForm, Posted, SignedInPage};

use super::question_form::unanswered_problems;
use super::see_other;

/// A quiz as sent from `/courses/{slug}/{lesson}`.
pub struct QuizForm {
    slug: String,
    lesson: String,
    attempt: i32,
    answers: Answers,
}

impl PageForm for QuizForm {
    fn read(
        (slug, lesson): (String, String),
        fields: Vec<(String, String)>,
    ) -> Result<Self, WebError> {
        let (attempt, answers) = parse_answers(fields)?;
        Ok(QuizForm {
            slug,
            lesson,
            attempt,
            answers,
        })
    }
}

/// Reads `attempt` and `q.<question>=<option>` pairs (repeated for checkboxes). Any
/// other field means the form was not ours.
fn parse_answers(fields: Vec<(String, String)>) -> Result<(i32, Answers), WebError> {
    let mut attempt = None;
    let mut answers = Answers::new();
    for (key, value) in fields {
        match key.as_str() {
            "attempt" => {
                attempt = Some(value.parse().map_err(|_| {
                    WebError::BadRequest("The attempt number is not a number.".into())
                })?);
            }
            _ => match key.strip_prefix("q.") {
                Some(question) => {
                    answers
                        .entry(question.to_owned())
                        .or_default()
                        .insert(value);
                }
                None => {
                    return Err(WebError::BadRequest(format!(
                        "Unexpected form field {key:?}."
                    )));
                }
            },
        }
    }
    let attempt =
        attempt.ok_or_else(|| WebError::BadRequest("The attempt number is missing.".into()))?;
    Ok((attempt, answers))
}

pub async fn submit(
    state: web::Data<AppState>,
    posted: Posted<QuizForm>,
) -> Result<HttpResponse, WebError> {
    let Posted { user, frame, form } = posted;
    let QuizForm {
        slug,
        lesson,
        attempt,
        answers,
    } = form;
    let submission = QuizSubmission {
        slug: &slug,
        lesson: &lesson,
        answers: &answers,
        attempt_number: attempt,
    };
    let sent = state
        .learning()
        .submit_quiz(user.id(), submission, Utc::now())
        .await;
    let submitted = match sent {
        Err(LearningError::Answers(AnswerError::Unanswered(_))) => {
            let lesson_state = state
                .learning()
                .open_lesson(user.id(), &slug, &lesson, Utc::now())
                .await?;
            let quiz = lesson_state.lesson().quiz().ok_or(WebError::NotFound)?;
            let prefix = state.templates.text(frame.lang, "quiz_error_unanswered");
            let errors = FormErrors::new(&[], unanswered_problems(quiz, &answers, &prefix));
            return super::lessons::quiz_with_problems(
                &state,
                &frame,
                &lesson_state,
                &answers,
                &errors,
            )
            .await;
        }
        other => other?,
    };
    Ok(see_other(&format!(
        "/courses/{slug}/{lesson}/attempts/{}",
        submitted.attempt.attempt_number
    )))
}

#[derive(Serialize)]
struct OptionResult<'a> {
    html: &'a str,
    correct: bool,
    chosen: bool,
    feedback_html: Option<&'a str>,
}

#[derive(Serialize)]
struct QuestionResult<'a> {
    number: usize,
    id: &'a str,
    title_html: &'a str,
    body_html: &'a str,
    right: bool,
    /// Nothing was chosen: the result says so plainly.
    left_empty: bool,
    options: Vec<OptionResult<'a>>,
    explanation_html: Option<&'a str>,
}

/// `result.hbs`: one attempt, its summary first, then each question.
#[derive(Serialize)]
struct ResultPage<'a> {
    course: CourseHeader<'a>,
    lesson: ResultLesson<'a>,
    attempt: ResultAttempt,
    correct: usize,
    total: usize,
    questions: Vec<QuestionResult<'a>>,
}

#[derive(Serialize)]
struct ResultLesson<'a> {
    slug: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct ResultAttempt {
    number: i32,
    score: i32,
    passed: bool,
}

pub async fn result(
    state: web::Data<AppState>,
    page: SignedInPage,
    path: web::Path<(String, String, i32)>,
) -> Result<HttpResponse, WebError> {
    let SignedInPage { user, frame } = page;
    let (slug, lesson, number) = path.into_inner();
    let lesson_state = state
        .learning()
        .open_lesson(user.id(), &slug, &lesson, Utc::now())
        .await?;
    let attempt = lesson_state
        .attempts
        .iter()
        .find(|a| a.attempt_number == number)
        .ok_or(WebError::NotFound)?;
    let quiz = lesson_state.lesson().quiz().ok_or(WebError::NotFound)?;
    let answers: Answers = serde_json::from_str(&attempt.answers).map_err(WebError::internal)?;
    // The stored answers were graded against this version when submitted, so they fit.
    let grade = grading::grade(quiz, &answers, lesson_state.course.course.pass_mark)
        .map_err(WebError::internal)?;
    let questions = learning::review(&quiz.questions, &answers, &grade)
        .into_iter()
        .map(|r| QuestionResult {
            number: r.number,
            id: r.question.id.as_str(),
            title_html: &r.question.title_html,
            body_html: &r.question.body_html,
            right: r.right,
            left_empty: r.left_empty(),
            options: r
                .options
                .iter()
                .map(|o| OptionResult {
                    html: &o.option.html,
                    correct: o.option.correct,
                    chosen: o.chosen,
                    feedback_html: o.option.feedback_html.as_deref(),
                })
                .collect(),
            explanation_html: r.question.explanation_html.as_deref(),
        })
        .collect();
    let course = &lesson_state.course.course;
    let lesson = lesson_state.lesson();
    let data = ResultPage {
        course: CourseHeader::of(course),
        lesson: ResultLesson {
            slug: lesson.slug.as_str(),
            title: &lesson.title,
        },
        attempt: ResultAttempt {
            number: attempt.attempt_number,
            score: attempt.score,
            passed: attempt.passed,
        },
        correct: grade.correct,
        total: quiz.questions.len(),
        questions,
    };
    // Each attempt has its own page, so its title says which one.
    let title = format!(
        "{} {} · {}",
        state.templates.text(frame.lang, "attempt"),
        attempt.attempt_number,
        lesson_state.lesson().title
    );
    state.templates.page("result", &frame, &title, data)
}
