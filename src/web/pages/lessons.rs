//! Lesson pages (text or quiz form) and "mark as done".

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use serde::Serialize;

use crate::course::{Choice, LessonContent};
use crate::learning::{self, LessonState};
use crate::web::AppState;
use crate::web::error::WebError;
use crate::web::render::CourseHeader;
use crate::web::session::{PageUser, check_csrf, frame};

use super::auth::CsrfForm;
use super::see_other;

#[derive(Serialize)]
struct Neighbour<'a> {
    slug: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct QuestionForm<'a> {
    number: usize,
    #[serde(flatten)]
    question: crate::course::LearnerQuestion<'a>,
    multiple: bool,
}

#[derive(Serialize)]
struct AttemptRow {
    number: i32,
    score: i32,
    passed: bool,
}

pub async fn lesson_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, WebError> {
    let user = user.0;
    let frame = frame(&req, &user);
    let (slug, lesson) = path.into_inner();
    let found = learning::lesson_state(
        &state.db,
        &state.catalog,
        user.id(),
        &slug,
        &lesson,
        Utc::now(),
    )
    .await;
    let lesson_state = match found {
        Err(learning::LearningError::AssessmentFirst) => {
            return Ok(see_other(&format!("/courses/{slug}/assessment")));
        }
        other => other?,
    };
    let course = &lesson_state.course.course;
    let lesson = lesson_state.lesson();
    let neighbour = |i: usize| {
        course.lessons.get(i).map(|l| Neighbour {
            slug: l.slug.as_str(),
            title: &l.title,
        })
    };
    let mut data = serde_json::json!({
        "course": CourseHeader::of(course),
        "lesson": { "slug": lesson.slug, "title": lesson.title, "minutes": lesson.minutes },
        "position": lesson_state.index + 1,
        "count": course.lessons.len(),
        "prev": lesson_state.index.checked_sub(1).and_then(neighbour),
        "next": neighbour(lesson_state.index + 1),
        "done": lesson_state.course.done.contains(lesson.slug.as_str()),
    });
    let template = match &lesson.content {
        LessonContent::Text { html } => {
            data["html"] = html.as_str().into();
            "lesson"
        }
        LessonContent::Quiz(quiz) => {
            let questions: Vec<_> = quiz
                .questions
                .iter()
                .enumerate()
                .map(|(i, q)| QuestionForm {
                    number: i + 1,
                    question: q.for_learner(),
                    multiple: q.choice == Choice::Multiple,
                })
                .collect();
            data["intro_html"] = quiz.intro_html.as_str().into();
            data["questions"] = serde_json::to_value(questions).map_err(WebError::internal)?;
            data["attempts"] =
                serde_json::to_value(attempt_rows(&lesson_state)).map_err(WebError::internal)?;
            data["next_attempt"] = (lesson_state.attempts.len() + 1).into();
            "quiz"
        }
    };
    state.templates.page(
        template,
        &frame,
        &format!("{} · {}", lesson.title, course.title),
        data,
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
    let course_state = learning::mark_lesson_done(
        &state.db,
        &state.catalog,
        &state.certifier(),
        user.0.id(),
        &slug,
        &lesson,
        Utc::now(),
    )
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
