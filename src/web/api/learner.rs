//! The learner's journey as JSON: who am I, my courses, a course's outline and lessons,
//! progress and quiz attempts.

use std::collections::{BTreeMap, BTreeSet};

use actix_web::{HttpResponse, web};
use chrono::Utc;

use crate::course::{LessonContent, Question, Quiz};
use crate::domain::grading::{Answers, Grade};
use crate::learning::{self, CourseState, QuizSubmission};
use crate::web::AppState;
use crate::web::error::ApiError;
use crate::web::session::ApiUser;

use super::schema::*;

#[utoipa::path(get, path = "/api/v1/me", tag = "learner", security(("bearer" = [])),
    responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
pub async fn me(user: ApiUser) -> HttpResponse {
    let u = user.0;
    HttpResponse::Ok().json(Me {
        id: u.user.id,
        email: u.user.email.to_string(),
        name: u.user.name.clone(),
        role: u.role,
        locale: u.locale.code().to_owned(),
    })
}

#[utoipa::path(get, path = "/api/v1/enrolments", tag = "learner", security(("bearer" = [])),
    responses((status = 200, description = "Enrolled courses first, then the rest of the catalogue", body = [CourseSummary]), (status = 401, body = ErrorBody)))]
pub async fn enrolments(
    state: web::Data<AppState>,
    user: ApiUser,
) -> Result<HttpResponse, ApiError> {
    let list = state.learning().my_courses(user.0.id()).await?;
    let body: Vec<CourseSummary> = list
        .into_iter()
        .map(|c| CourseSummary {
            slug: c.row.slug.clone(),
            title: c.course.title.clone(),
            language: c.course.language.code().to_owned(),
            summary: c.course.summary.clone(),
            enrolled: c.enrolment.is_some(),
            status: c.status,
            lessons_total: c.course.lessons.len(),
            lessons_done: c.lessons_done,
            due_date: c.due_date.map(|d| d.to_string()),
        })
        .collect();
    Ok(HttpResponse::Ok().json(body))
}

fn outline_of(state: &CourseState) -> CourseOutline {
    let course = &state.course;
    CourseOutline {
        slug: course.slug.to_string(),
        title: course.title.clone(),
        language: course.language.code().to_owned(),
        summary: course.summary.clone(),
        estimated_minutes: course.estimated_minutes,
        pass_mark: course.pass_mark.value(),
        enrolled: state.enrolment.is_some(),
        status: state.status(),
        lessons: course
            .lessons
            .iter()
            .map(|l| LessonOutline {
                slug: l.slug.to_string(),
                title: l.title.clone(),
                minutes: l.minutes,
                kind: if l.quiz().is_some() { "quiz" } else { "text" },
                done: state.done.contains(l.slug.as_str()),
            })
            .collect(),
    }
}

#[utoipa::path(get, path = "/api/v1/courses/{slug}", tag = "learner", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The course id")),
    responses((status = 200, body = CourseOutline), (status = 404, body = ErrorBody)))]
pub async fn outline(
    state: web::Data<AppState>,
    user: ApiUser,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let course_state = state.learning().course_state(user.0.id(), &slug).await?;
    Ok(HttpResponse::Ok().json(outline_of(&course_state)))
}

#[utoipa::path(post, path = "/api/v1/courses/{slug}/enrolment", tag = "learner", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The course id")),
    responses((status = 200, description = "Enrolled (again: no change)", body = CourseOutline), (status = 404, body = ErrorBody)))]
pub async fn enrol(
    state: web::Data<AppState>,
    user: ApiUser,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    state
        .learning()
        .enrol(user.0.id(), &slug, Utc::now())
        .await?;
    let course_state = state.learning().course_state(user.0.id(), &slug).await?;
    Ok(HttpResponse::Ok().json(outline_of(&course_state)))
}

fn quiz_view(quiz: &Quiz, next_attempt: i32) -> QuizView {
    QuizView {
        intro_html: quiz.intro_html.clone(),
        next_attempt,
        questions: questions_view(quiz),
    }
}

/// The option ids an app sends per question, as the grader reads them: repeats count once.
pub fn answers_of(sent: BTreeMap<String, Vec<String>>) -> Answers {
    sent.into_iter()
        .map(|(q, options)| (q, options.into_iter().collect::<BTreeSet<_>>()))
        .collect()
}

/// A quiz's questions as a learner sees them before answering.
pub fn questions_view(quiz: &Quiz) -> Vec<QuestionView> {
    quiz.questions
        .iter()
        .map(|q| {
            let view = q.for_learner();
            QuestionView {
                id: view.id.to_string(),
                title_html: view.title_html.to_owned(),
                body_html: view.body_html.to_owned(),
                choice: view.choice,
                options: view
                    .options
                    .iter()
                    .map(|o| OptionView {
                        id: o.id.to_owned(),
                        html: o.html.to_owned(),
                    })
                    .collect(),
            }
        })
        .collect()
}

#[utoipa::path(get, path = "/api/v1/courses/{slug}/lessons/{lesson}", tag = "learner", security(("bearer" = [])),
    params(("slug" = String, Path), ("lesson" = String, Path)),
    responses((status = 200, description = "The lesson; quizzes come without their answers", body = LessonView), (status = 403, description = "Not enrolled", body = ErrorBody),
        (status = 404, description = "No such course or lesson", body = ErrorBody),
        (status = 409, description = "The course's assessment comes before its lessons", body = ErrorBody)))]
pub async fn lesson(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (slug, lesson) = path.into_inner();
    let lesson_state = state
        .learning()
        .open_lesson(user.0.id(), &slug, &lesson, Utc::now())
        .await?;
    let l = lesson_state.lesson();
    let (kind, html, quiz) = match &l.content {
        LessonContent::Text { html } => ("text", Some(html.clone()), None),
        LessonContent::Quiz(quiz) => (
            "quiz",
            None,
            Some(quiz_view(quiz, lesson_state.attempts.len() as i32 + 1)),
        ),
    };
    Ok(HttpResponse::Ok().json(LessonView {
        slug: l.slug.to_string(),
        title: l.title.clone(),
        minutes: l.minutes,
        kind,
        html,
        quiz,
    }))
}

#[utoipa::path(put, path = "/api/v1/courses/{slug}/lessons/{lesson}/progress", tag = "learner", security(("bearer" = [])),
    params(("slug" = String, Path), ("lesson" = String, Path)),
    responses((status = 200, description = "Marked as done (again: no change)", body = CourseOutline), (status = 400, description = "A quiz is done by passing it", body = ErrorBody),
        (status = 403, description = "Not enrolled", body = ErrorBody), (status = 404, description = "No such course or lesson", body = ErrorBody),
        (status = 409, description = "The course's assessment comes before its lessons", body = ErrorBody)))]
pub async fn mark_done(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (slug, lesson) = path.into_inner();
    let course_state = state
        .learning()
        .mark_lesson_done(user.0.id(), &slug, &lesson, Utc::now())
        .await?;
    Ok(HttpResponse::Ok().json(outline_of(&course_state)))
}

fn result_view(
    questions: &[Question],
    answers: &Answers,
    grade: &Grade,
    attempt: i32,
    pass_mark: u8,
) -> AttemptResult {
    AttemptResult {
        attempt,
        score: grade.score.value(),
        pass_mark,
        passed: grade.passed,
        questions: learning::review(questions, answers, grade)
            .into_iter()
            .map(|r| QuestionResultView {
                id: r.question.id.to_string(),
                right: r.right,
                chosen: r.chosen.iter().map(|&c| c.to_owned()).collect(),
                correct: r
                    .options
                    .iter()
                    .filter(|o| o.option.correct)
                    .map(|o| o.option.id.clone())
                    .collect(),
                feedback_html: r
                    .options
                    .iter()
                    .filter_map(|o| {
                        let feedback = o.option.feedback_html.clone()?;
                        Some((o.option.id.clone(), feedback))
                    })
                    .collect::<BTreeMap<_, _>>(),
                explanation_html: r.question.explanation_html.clone(),
            })
            .collect(),
    }
}

#[utoipa::path(post, path = "/api/v1/courses/{slug}/lessons/{lesson}/attempts", tag = "learner", security(("bearer" = [])),
    params(("slug" = String, Path), ("lesson" = String, Path)),
    request_body = AttemptRequest,
    responses(
        (status = 201, description = "Graded and stored", body = AttemptResult),
        (status = 400, description = "Answers that do not fit the quiz", body = ErrorBody),
        (status = 403, description = "Not enrolled", body = ErrorBody),
        (status = 404, description = "No such course, lesson or quiz", body = ErrorBody),
        (status = 409, description = "This attempt number was already submitted, or the assessment comes first", body = ErrorBody),
    ))]
pub async fn submit_quiz(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(String, String)>,
    body: web::Json<AttemptRequest>,
) -> Result<HttpResponse, ApiError> {
    let (slug, lesson) = path.into_inner();
    let body = body.into_inner();
    let answers = answers_of(body.answers);
    let submission = QuizSubmission {
        slug: &slug,
        lesson: &lesson,
        answers: &answers,
        attempt_number: body.attempt,
    };
    let submitted = state
        .learning()
        .submit_quiz(user.0.id(), submission, Utc::now())
        .await?;
    let view = result_view(
        submitted.graded_on.questions(),
        &answers,
        &submitted.grade,
        submitted.attempt.attempt_number,
        submitted.pass_mark.value(),
    );
    Ok(HttpResponse::Created().json(view))
}
