//! Lesson pages (text or quiz form), "mark as done" and "was this helpful?".

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use serde::{Deserialize, Serialize};

use crate::course::LessonContent;
use crate::domain::grading::Answers;
use crate::domain::{FeedbackComment, FeedbackCommentError};
use crate::learning::{self, FeedbackAnswer, LessonFeedback, LessonState};
use crate::web::AppState;
use crate::web::error::WebError;
use crate::web::form_errors::FormErrors;
use crate::web::fragments::Neighbour;
use crate::web::render::{CourseHeader, Frame};
use crate::web::session::{CsrfForm, PageUser, SignedInPage, check_csrf};

use super::question_form::question_forms;
use super::see_other;

#[derive(Serialize)]
struct AttemptRow {
    number: i32,
    score: i32,
    passed: bool,
}

pub async fn lesson_page(
    state: web::Data<AppState>,
    page: SignedInPage,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, WebError> {
    let SignedInPage { user, frame } = page;
    let (slug, lesson) = path.into_inner();
    let found = state
        .learning()
        .open_lesson(user.id(), &slug, &lesson, Utc::now())
        .await;
    let lesson_state = match found {
        Err(learning::LearningError::AssessmentFirst) => {
            return Ok(see_other(&format!("/courses/{slug}/assessment")));
        }
        other => other?,
    };
    let given = state.learning().feedback_on(&lesson_state).await?;
    let feedback = FeedbackView::of(&lesson_state, given.as_ref());
    render_lesson(
        &state,
        &frame,
        &lesson_state,
        feedback,
        &FormErrors::default(),
        &Answers::new(),
    )
}

/// A quiz sent with questions left unanswered: the quiz again, with what was chosen and
/// a message beside each of those questions.
pub(super) async fn quiz_with_problems(
    state: &AppState,
    frame: &Frame,
    lesson_state: &LessonState,
    kept: &Answers,
    errors: &FormErrors,
) -> Result<HttpResponse, WebError> {
    let given = state.learning().feedback_on(lesson_state).await?;
    let feedback = FeedbackView::of(lesson_state, given.as_ref());
    render_lesson(state, frame, lesson_state, feedback, errors, kept)
}

/// The lesson page, with its feedback form as given or as typed with its problems, and a
/// quiz's answers as `kept`.
fn render_lesson(
    state: &AppState,
    frame: &Frame,
    lesson_state: &LessonState,
    feedback: FeedbackView,
    errors: &FormErrors,
    kept: &Answers,
) -> Result<HttpResponse, WebError> {
    let course = &lesson_state.course.course;
    let lesson = lesson_state.lesson();
    let t = |key: &str| state.templates.text(frame.lang, key);
    let title = format!("{} · {}", lesson.title, course.title);
    let (status, title) = if errors.any() {
        (
            StatusCode::BAD_REQUEST,
            format!("{} {title}", t("error_title_prefix")),
        )
    } else {
        (StatusCode::OK, title)
    };
    let done = lesson_state.course.done.contains(lesson.slug.as_str());
    let LessonContent::Quiz(quiz) = &lesson.content else {
        let version = lesson_state
            .course
            .enrolment
            .as_ref()
            .map(|e| e.course_version_id)
            .ok_or_else(|| WebError::internal(anyhow::anyhow!("a lesson without enrolment")))?;
        let parts = state.fragments.lesson(
            &state.templates,
            version,
            course,
            lesson_state.index,
            frame.lang,
        )?;
        let data = TextLessonPage {
            article: &parts.article,
            pager: &parts.pager,
            course_slug: course.slug.as_str(),
            lesson_slug: lesson.slug.as_str(),
            done,
            feedback,
            errors,
        };
        return state
            .templates
            .page_with_status(status, "lesson", frame, &title, data);
    };
    let data = QuizPage {
        course: CourseHeader::of(course),
        lesson: LessonHeader {
            slug: lesson.slug.as_str(),
            title: &lesson.title,
            minutes: lesson.minutes,
        },
        position: lesson_state.index + 1,
        count: course.lessons.len(),
        prev: lesson_state
            .index
            .checked_sub(1)
            .and_then(|i| Neighbour::at(course, i)),
        next: Neighbour::at(course, lesson_state.index + 1),
        done,
        intro_html: &quiz.intro_html,
        questions: question_forms(quiz, kept, errors),
        attempts: attempt_rows(lesson_state),
        next_attempt: lesson_state.attempts.len() + 1,
        feedback,
        errors,
    };
    state
        .templates
        .page_with_status(status, "quiz", frame, &title, data)
}

#[derive(Serialize)]
struct TextLessonPage<'a> {
    article: &'a str,
    pager: &'a str,
    course_slug: &'a str,
    lesson_slug: &'a str,
    done: bool,
    feedback: FeedbackView,
    errors: &'a FormErrors,
}

#[derive(Serialize)]
struct LessonHeader<'a> {
    slug: &'a str,
    title: &'a str,
    minutes: u32,
}

#[derive(Serialize)]
struct QuizPage<'a> {
    course: CourseHeader<'a>,
    lesson: LessonHeader<'a>,
    position: usize,
    count: usize,
    prev: Option<Neighbour<'a>>,
    next: Option<Neighbour<'a>>,
    done: bool,
    intro_html: &'a str,
    questions: Vec<super::question_form::QuestionForm<'a>>,
    attempts: Vec<AttemptRow>,
    next_attempt: usize,
    feedback: FeedbackView,
    errors: &'a FormErrors,
}

/// The "was this helpful?" form: the person's answer so far, or what they just typed.
#[derive(Serialize)]
struct FeedbackView {
    action: String,
    /// An answer is stored: say so, and that it can be changed.
    given: bool,
    was_helpful: bool,
    yes: bool,
    no: bool,
    comment: String,
}

impl FeedbackView {
    fn of(state: &LessonState, given: Option<&LessonFeedback>) -> Self {
        FeedbackView {
            action: action(state),
            given: given.is_some(),
            was_helpful: given.is_some_and(|f| f.helpful),
            yes: given.is_some_and(|f| f.helpful),
            no: given.is_some_and(|f| !f.helpful),
            comment: given
                .and_then(|f| f.comment.as_ref())
                .map(|c| c.as_str().to_owned())
                .unwrap_or_default(),
        }
    }

    fn as_typed(state: &LessonState, given: Option<&LessonFeedback>, form: &FeedbackForm) -> Self {
        FeedbackView {
            yes: form.helpful == "yes",
            no: form.helpful == "no",
            comment: form.comment.clone(),
            ..FeedbackView::of(state, given)
        }
    }
}

fn action(state: &LessonState) -> String {
    format!(
        "/courses/{}/{}/feedback",
        state.course.course.slug,
        state.lesson().slug
    )
}

#[derive(Debug, Deserialize)]
pub struct FeedbackForm {
    csrf: String,
    #[serde(default)]
    helpful: String,
    #[serde(default)]
    comment: String,
}

/// "Was this helpful?": stored and back to the lesson, or the lesson again with the
/// form's problems and what was typed.
pub async fn give_feedback(
    req: HttpRequest,
    state: web::Data<AppState>,
    page: SignedInPage,
    path: web::Path<(String, String)>,
    form: web::Form<FeedbackForm>,
) -> Result<HttpResponse, WebError> {
    check_csrf(&req, &form.csrf)?;
    let SignedInPage { user, frame } = page;
    let (slug, lesson) = path.into_inner();
    let helpful = match form.helpful.as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    let comment = FeedbackComment::optional(Some(&form.comment));
    if let (Some(helpful), Ok(comment)) = (helpful, &comment) {
        let answer = FeedbackAnswer {
            helpful,
            comment: comment.clone(),
        };
        state
            .learning()
            .give_feedback(user.id(), &slug, &lesson, answer, Utc::now())
            .await?;
        return Ok(see_other(&format!("/courses/{slug}/{lesson}#feedback")));
    }
    let t = |key: &str| state.templates.text(frame.lang, key);
    let mut problems = Vec::new();
    if helpful.is_none() {
        problems.push(("helpful", t("feedback_helpful_error")));
    }
    if let Err(FeedbackCommentError::TooLong(n)) = comment {
        problems.push((
            "comment",
            t("feedback_comment_too_long").replace("{n}", &n.to_string()),
        ));
    }
    let lesson_state = state
        .learning()
        .open_lesson(user.id(), &slug, &lesson, Utc::now())
        .await?;
    let errors = FormErrors::new(&["helpful", "comment"], problems);
    let given = state.learning().feedback_on(&lesson_state).await?;
    let view = FeedbackView::as_typed(&lesson_state, given.as_ref(), &form);
    render_lesson(
        &state,
        &frame,
        &lesson_state,
        view,
        &errors,
        &Answers::new(),
    )
}

fn attempt_rows(state: &LessonState) -> Vec<AttemptRow> {
    state
        .attempts
        .iter()
        .map(|a| AttemptRow {
            number: a.attempt_number,
            score: a.score,
            passed: a.passed,
        })
        .collect()
}

pub async fn mark_done(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    path: web::Path<(String, String)>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, WebError> {
    check_csrf(&req, form.csrf())?;
    let (slug, lesson) = path.into_inner();
    let course_state = state
        .learning()
        .mark_lesson_done(user.0.id(), &slug, &lesson, Utc::now())
        .await?;
    let next = course_state
        .lesson_index(&lesson)
        .and_then(|i| course_state.course.lessons.get(i + 1))
        .map_or_else(
            || format!("/courses/{slug}"),
            |l| format!("/courses/{slug}/{}", l.slug),
        );
    Ok(see_other(&next))
}
