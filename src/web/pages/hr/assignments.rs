//! `/hr/assignments`: the active assignments in the viewer's scope, a form to add one, and
//! a button to remove one.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;

use crate::domain::DueRule;
use crate::domain::format::long_date;
use crate::hr::{self, NewAssignment};
use crate::reports::Scope;
use crate::store::{courses, reports as queries};
use crate::web::AppState;
use crate::web::error::WebError;
use crate::web::pages::see_other;
use crate::web::session::{CsrfForm, HrPage, PageUser, check_csrf};

pub async fn assignments_page(
    state: web::Data<AppState>,
    page: HrPage,
) -> Result<HttpResponse, WebError> {
    let HrPage { viewer, frame, .. } = page;
    let t = |key: &str| state.templates.text(frame.lang, key);
    let list = hr::assignments(&state.db, &viewer).await?;
    let published = courses::published(&state.db).await?;
    let tree = queries::departments(&state.db).await?;
    let titles: std::collections::HashMap<&str, (&str, &str)> = published
        .iter()
        .map(|c| (c.slug.as_str(), (c.title.as_str(), c.language.as_str())))
        .collect();
    let rows: Vec<serde_json::Value> = list
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
            serde_json::json!({
                "id": a.assignment.id,
                "course": titles.get(a.course_slug.as_str()).map_or(a.course_slug.as_str(), |c| c.0),
                "course_lang": titles.get(a.course_slug.as_str()).map(|c| c.1),
                "department": a.department.clone().unwrap_or_else(|| t("whole_organisation")),
                "due": due,
                "created": long_date(a.assignment.created_at.date_naive(), frame.lang),
            })
        })
        .collect();
    let departments: Vec<serde_json::Value> = viewer
        .scope
        .departments(&tree)
        .into_iter()
        .map(|d| serde_json::json!({ "id": d.id, "path": d.path }))
        .collect();
    let courses: Vec<serde_json::Value> = published
        .iter()
        .map(|c| serde_json::json!({ "slug": c.slug, "title": c.title, "lang": c.language }))
        .collect();
    let data = serde_json::json!({
        "wide": true,
        "rows": rows,
        "courses": courses,
        "departments": departments,
        "whole_organisation": matches!(viewer.scope, Scope::Organisation),
        "today": Utc::now().date_naive().to_string(),
    });
    state
        .templates
        .page("hr_assignments", &frame, &t("assignments_title"), data)
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
    hr::create_assignment(
        &state.db,
        &viewer,
        &form.new,
        &state.notices(),
        state.recertify_days,
        Utc::now(),
    )
    .await?;
    Ok(see_other("/hr/assignments"))
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
    hr::remove_assignment(&state.db, &viewer, path.into_inner(), Utc::now()).await?;
    Ok(see_other("/hr/assignments"))
}
