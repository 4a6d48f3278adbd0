//! Lesson pages (text or quiz form) and "mark as done".

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use serde::Serialize;

use crate::course::LessonContent;
use crate::learning::{self, LessonState};
use crate::web::AppState;
use crate::web::error::WebError;
use crate::web::fragments::Neighbour;
use crate::web::render::CourseHeader;
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
    let title = format!("{} · {}", lesson.title, course.title);
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
        let data = serde_json::json!({
            "article": parts.article,
            "pager": parts.pager,
            "course_slug": course.slug,
            "lesson_slug": lesson.slug,
            "done": done,
        });
        return state.templates.page_of_json("lesson", &frame, &title, data);
    };
    let questions = question_forms(quiz);
    let data = serde_json::json!({
        "course": CourseHeader::of(course),
        "lesson": { "slug": lesson.slug, "title": lesson.title, "minutes": lesson.minutes },
        "position": lesson_state.index + 1,
        "count": course.lessons.len(),
        "prev": lesson_state.index.checked_sub(1).and_then(|i| Neighbour::at(course, i)),
        "next": Neighbour::at(course, lesson_state.index + 1),
        "done": done,
        "intro_html": quiz.intro_html,
        "questions": questions,
        "attempts": attempt_rows(&lesson_state),
        "next_attempt": lesson_state.attempts.len() + 1,
    });
    state.templates.page_of_json("quiz", &frame, &title, data)
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
