//! The trainer's workspace (`/trainer`): every course in the folder with its compile state
//! and versions, "Publish now" for admins, and per course its history, item analysis and
//! learners' feedback.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::domain::Role;
use crate::publishing::Trigger;
use crate::store::audit::Actor;
use crate::trainer;
use crate::web::AppState;
use crate::web::error::WebError;
use crate::web::session::{CsrfForm, TrainerPage, check_csrf};

use super::hr::evaluation_view::items_view;
use super::see_other;
use super::trainer_view::{CoursePage, OverviewPage, Words};

#[derive(Debug, Deserialize)]
pub struct OverviewQuery {
    published: Option<String>,
}

pub async fn overview(
    state: web::Data<AppState>,
    page: TrainerPage,
    query: web::Query<OverviewQuery>,
) -> Result<HttpResponse, WebError> {
    let TrainerPage { user, frame } = page;
    let workspace = state.publisher.workspace();
    let overview = trainer::overview(&state.db, &workspace, &user.user.email).await?;
    let words = Words::new(&state.templates, frame.lang);
    let data = OverviewPage::new(
        &overview,
        &words,
        user.role == Role::Admin,
        query.published.is_some(),
    );
    let title = words.t("trainer_title");
    state.templates.page("trainer", &frame, &title, data)
}

/// "Publish now": compile the folder and register what changed, as on a change of files.
pub async fn publish(
    req: HttpRequest,
    state: web::Data<AppState>,
    page: TrainerPage,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, WebError> {
    check_csrf(&req, form.csrf())?;
    if page.user.role != Role::Admin {
        return Err(WebError::Forbidden(
            "Only an administrator can publish the courses.".into(),
        ));
    }
    let actor = Actor::user(page.user.id(), page.user.user.email.as_str());
    state.publisher.publish(Trigger::Button(actor)).await?;
    Ok(see_other("/trainer?published=1"))
}

pub async fn course(
    state: web::Data<AppState>,
    page: TrainerPage,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let TrainerPage { user, frame } = page;
    let found = state.workspace_course(&path, &user.user.email).await?;
    let words = Words::new(&state.templates, frame.lang);
    let t = |key: &str| state.templates.text(frame.lang, key);
    let items = items_view(&found.items, frame.lang, &t);
    let title = format!("{} · {}", found.summary.title, words.t("trainer_title"));
    let data = CoursePage::new(&found, &words, items);
    state.templates.page("trainer_course", &frame, &title, data)
}
