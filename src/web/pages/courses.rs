//! "My courses", a course's page, and self-enrolment.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use serde::Serialize;

use crate::domain::Language;
use crate::learning::{self, Standing, Status};
use crate::store::certificates;
use crate::web::AppState;
use crate::web::error::WebError;
use crate::web::render::CourseHeader;
use crate::web::render::Templates;
use crate::web::session::{CsrfForm, PageUser, SignedInPage, check_csrf};

use super::see_other;

pub fn status_label(templates: &Templates, lang: Language, status: Status) -> String {
    let key = match status {
        Status::NotStarted => "status_not_started",
        Status::InProgress => "status_in_progress",
        Status::Completed => "status_completed",
    };
    templates.text(lang, key)
}

pub async fn home() -> HttpResponse {
    see_other("/courses")
}

/// "Due soon", "Overdue" and so on, as the learner's tag says it.
fn standing_label(templates: &Templates, lang: Language, standing: Standing) -> String {
    templates.text(lang, &format!("status_{}", standing.key()))
}

#[derive(Serialize)]
struct CourseCard {
    slug: String,
    title: String,
    summary: String,
    language: Language,
    minutes: u32,
    lessons_total: usize,
    lessons_done: usize,
    /// Where the learner stands, for an enrolled course.
    standing: Option<&'static str>,
    standing_label: Option<String>,
    started: bool,
    completed: bool,
    overdue: bool,
    due_date: Option<String>,
    /// The code of the newest certificate for the course that still holds.
    certificate: Option<String>,
}

pub async fn my_courses(
    state: web::Data<AppState>,
    page: SignedInPage,
) -> Result<HttpResponse, WebError> {
    let SignedInPage { user, frame } = page;
    let today = Utc::now().date_naive();
    let list = state.learning().my_courses(user.id()).await?;
    let held = certificates::of_user(&state.db, user.id()).await?;
    let certificate_for = |course_id: i64| {
        held.iter()
            .find(|c| {
                c.course_id == course_id && c.revoked_at.is_none() && c.superseded_by.is_none()
            })
            .map(|c| c.code.clone())
    };
    let (enrolled, catalogue): (Vec<_>, Vec<_>) = list
        .into_iter()
        .map(|c| {
            let standing = c
                .status
                .map(|s| Standing::of(s, c.due_date, today, state.due_soon_days));
            let card = CourseCard {
                slug: c.row.slug.clone(),
                title: c.course.title.clone(),
                summary: c.course.summary.clone(),
                language: c.course.language,
                minutes: c.course.estimated_minutes,
                lessons_total: c.course.lessons.len(),
                lessons_done: c.lessons_done,
                standing: standing.map(Standing::key),
                standing_label: standing.map(|s| standing_label(&state.templates, frame.lang, s)),
                started: c.status.is_some_and(|s| s != Status::NotStarted),
                completed: c.status == Some(Status::Completed),
                overdue: standing == Some(Standing::Overdue),
                due_date: c.due_date.map(|d| d.to_string()),
                certificate: certificate_for(c.row.id),
            };
            (c.enrolment.is_some(), card)
        })
        .partition(|(enrolled, _)| *enrolled);
    let data = MyCoursesPage {
        enrolled: enrolled.into_iter().map(|(_, c)| c).collect(),
        catalogue: catalogue.into_iter().map(|(_, c)| c).collect(),
    };
    state.templates.page(
        "my_courses",
        &frame,
        &state.templates.text(frame.lang, "my_courses"),
        data,
    )
}

/// `my_courses.hbs`: the enrolled courses first, then the rest of the catalogue.
#[derive(Serialize)]
struct MyCoursesPage {
    enrolled: Vec<CourseCard>,
    catalogue: Vec<CourseCard>,
}

/// `course.hbs`: a course's page for the person viewing it.
#[derive(Serialize)]
struct CoursePage<'a> {
    assessment_before: bool,
    assessment_after: bool,
    has_change: bool,
    course: CourseHeader<'a>,
    lessons: Vec<LessonRow<'a>>,
    enrolled: bool,
    started: bool,
    completed: bool,
    status: Option<Status>,
    status_label: Option<String>,
    lessons_done: usize,
    lessons_total: usize,
    next_lesson: Option<&'a str>,
    legal_status: Option<String>,
}

#[derive(Serialize)]
struct LessonRow<'a> {
    slug: &'a str,
    title: &'a str,
    minutes: u32,
    is_quiz: bool,
    done: bool,
}

pub async fn course_page(
    state: web::Data<AppState>,
    page: SignedInPage,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let SignedInPage { user, frame } = page;
    let course_state = state.learning().course_state(user.id(), &path).await?;
    let course = &course_state.course;
    let lessons: Vec<LessonRow<'_>> = course
        .lessons
        .iter()
        .map(|l| LessonRow {
            slug: l.slug.as_str(),
            title: &l.title,
            minutes: l.minutes,
            is_quiz: l.quiz().is_some(),
            done: course_state.done.contains(l.slug.as_str()),
        })
        .collect();
    let next_lesson = lessons
        .iter()
        .find(|l| !l.done)
        .or(lessons.first())
        .map(|l| l.slug);
    let status = course_state.status();
    let (assessment_open, has_change) = match (&course.assessment, &course_state.enrolment) {
        (Some(_), Some(_)) => {
            let s = state.learning().assessment_of(course_state.clone()).await?;
            (s.open().map(learning::Phase::slug), s.change().is_some())
        }
        _ => (None, false),
    };
    let data = CoursePage {
        assessment_before: assessment_open == Some("before"),
        assessment_after: assessment_open == Some("after"),
        has_change,
        course: CourseHeader::of(course),
        lessons_done: lessons.iter().filter(|l| l.done).count(),
        lessons_total: lessons.len(),
        lessons,
        enrolled: course_state.enrolment.is_some(),
        started: !course_state.done.is_empty(),
        completed: status == Some(Status::Completed),
        status,
        status_label: status.map(|s| status_label(&state.templates, frame.lang, s)),
        next_lesson,
        legal_status: course.legal_status.map(|m| m.long(frame.lang)),
    };
    state.templates.page("course", &frame, &course.title, data)
}

pub async fn enrol(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    path: web::Path<String>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, WebError> {
    check_csrf(&req, form.csrf())?;
    state
        .learning()
        .enrol(user.0.id(), &path, Utc::now())
        .await?;
    Ok(see_other(&format!("/courses/{path}")))
}
