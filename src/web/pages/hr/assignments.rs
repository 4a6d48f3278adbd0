//! `/hr/assignments`: the active assignments in the viewer's scope, a form to add one, and
//! a button to remove one.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use serde::Serialize;

use crate::domain::DueRule;
use crate::domain::format::long_date;
use crate::hr::{AssignmentProblem, HrError, NewAssignment, Viewer};
use crate::reports::Scope;
use crate::store::{courses, report_queries as queries};
use crate::web::AppState;
use crate::web::error::WebError;
use crate::web::form_errors::FormErrors;
use crate::web::pages::see_other;
use crate::web::render::Frame;
use crate::web::session::{self, CsrfForm, HrPage, PageUser, check_csrf};

/// `hr_assignments.hbs`: the assignments, and the form as it was sent.
#[derive(Serialize)]
struct AssignmentsPage<'a> {
    wide: bool,
    rows: Vec<AssignmentRow<'a>>,
    courses: Vec<CourseChoice<'a>>,
    departments: Vec<DepartmentChoice>,
    whole_organisation: bool,
    today: String,
    days_chosen: bool,
    due_date: &'a str,
    due_days: &'a str,
    errors: FormErrors,
}

#[derive(Serialize)]
struct AssignmentRow<'a> {
    id: i64,
    course: &'a str,
    /// The course title's language, where it may not be the page's.
    course_lang: Option<&'a str>,
    department: String,
    due: String,
    created: String,
}

#[derive(Serialize)]
struct CourseChoice<'a> {
    slug: &'a str,
    title: &'a str,
    lang: &'a str,
    selected: bool,
}

#[derive(Serialize)]
struct DepartmentChoice {
    id: i64,
    path: String,
    selected: bool,
}

pub async fn assignments_page(
    state: web::Data<AppState>,
    page: HrPage,
) -> Result<HttpResponse, WebError> {
    let HrPage { viewer, frame, .. } = page;
    render(&state, &viewer, &frame, &NewAssignment::default(), &[]).await
}

/// The page, with the form as it was sent and its problems when there are any.
async fn render(
    state: &AppState,
    viewer: &Viewer,
    frame: &Frame,
    form: &NewAssignment,
    problems: &[AssignmentProblem],
) -> Result<HttpResponse, WebError> {
    let t = |key: &str| state.templates.text(frame.lang, key);
    let list = state.hr(viewer).assignments().await?;
    let published = courses::published(&state.db).await?;
    let tree = queries::departments(&state.db).await?;
    let titles: std::collections::HashMap<&str, (&str, &str)> = published
        .iter()
        .map(|c| (c.slug.as_str(), (c.title.as_str(), c.language.as_str())))
        .collect();
    let rows = list
        .iter()
        .map(|a| {
            let due = match a.assignment.rule() {
                Some(DueRule::Fixed(date)) => {
                    format!("{} {}", t("due_on"), long_date(date, frame.lang))
                }
                Some(DueRule::DaysAfterAssigned(days)) => {
                    format!("{days} {}", t("days_after_assigned"))
                }
                None => t("no_due_date"),
            };
            let title = titles.get(a.course_slug.as_str());
            AssignmentRow {
                id: a.assignment.id,
                course: title.map_or(a.course_slug.as_str(), |c| c.0),
                course_lang: title.map(|c| c.1),
                department: a
                    .department
                    .clone()
                    .unwrap_or_else(|| t("whole_organisation")),
                due,
                created: long_date(a.assignment.created_at.date_naive(), frame.lang),
            }
        })
        .collect();
    let departments = viewer
        .scope
        .departments(&tree)
        .into_iter()
        .map(|d| DepartmentChoice {
            id: d.id,
            selected: form.department.trim() == d.id.to_string(),
            path: d.path.clone(),
        })
        .collect();
    let courses = published
        .iter()
        .map(|c| CourseChoice {
            slug: &c.slug,
            title: &c.title,
            lang: &c.language,
            selected: form.course.trim() == c.slug.as_str(),
        })
        .collect();
    let errors = FormErrors::new(
        &["course", "department", "due_date", "due_days"],
        problems.iter().map(|p| (p.field(), t(problem_text(*p)))),
    );
    let data = AssignmentsPage {
        wide: true,
        rows,
        courses,
        departments,
        whole_organisation: matches!(viewer.scope, Scope::Organisation),
        today: Utc::now().date_naive().to_string(),
        days_chosen: form.due_kind == "days",
        due_date: &form.due_date,
        due_days: &form.due_days,
        errors,
    };
    let (status, title) = if problems.is_empty() {
        (StatusCode::OK, t("assignments_title"))
    } else {
        let prefix = t("error_title_prefix");
        (
            StatusCode::BAD_REQUEST,
            format!("{prefix} {}", t("assignments_title")),
        )
    };
    state
        .templates
        .page_with_status(status, "hr_assignments", frame, &title, data)
}

fn problem_text(problem: AssignmentProblem) -> &'static str {
    match problem {
        AssignmentProblem::NoSuchCourse => "assign_error_course",
        AssignmentProblem::NoSuchDepartment => "assign_error_department",
        AssignmentProblem::NoDueKind => "assign_error_due_kind",
        AssignmentProblem::DateUnreadable => "assign_error_date",
        AssignmentProblem::DatePassed => "assign_error_date_passed",
        AssignmentProblem::DaysOutOfRange => "assign_error_days",
    }
}

#[derive(serde::Deserialize)]
pub struct AssignmentForm {
    csrf: String,
    #[serde(flatten)]
    new: NewAssignment,
}

pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    form: web::Form<AssignmentForm>,
) -> Result<HttpResponse, WebError> {
    check_csrf(&req, &form.csrf)?;
    let viewer = super::viewer(&user.0)?;
    let created = state
        .hr(&viewer)
        .create_assignment(&form.new, Utc::now())
        .await;
    match created {
        Ok(_) => Ok(see_other("/hr/assignments")),
        // A mistake in the form: the form again, as it was sent, with its problems.
        Err(HrError::Assignment(problems)) => {
            let frame = session::frame(&req, &user.0);
            render(&state, &viewer, &frame, &form.new, &problems).await
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn remove(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    path: web::Path<i64>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, WebError> {
    check_csrf(&req, form.csrf())?;
    let viewer = super::viewer(&user.0)?;
    state
        .hr(&viewer)
        .remove_assignment(path.into_inner(), Utc::now())
        .await?;
    Ok(see_other("/hr/assignments"))
}
