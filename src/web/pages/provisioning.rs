//! `/admin/provisioning`: the deactivations the guard held back, for an admin to approve
//! or reject, and the directory's tokens.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::Language;
use crate::provisioning::departments::shown;
use crate::provisioning::holds::{self, Decision};
use crate::provisioning::tokens;
use crate::store::audit::Actor;
use crate::store::directory;
use crate::store::holds::HeldPerson;
use crate::web::AppState;
use crate::web::error::WebError;
use crate::web::pages::see_other;
use crate::web::render::Templates;
use crate::web::session::{AdminPage, CsrfForm, PageUser, check_csrf, require_admin};

#[derive(Serialize)]
struct GuardView {
    threshold: u64,
    active: u64,
    percent: u8,
    minimum: u32,
}

#[derive(Serialize)]
struct HeldView {
    id: i64,
    name: String,
    email: String,
    department: String,
    requested: String,
    via: String,
    token: String,
}

#[derive(Serialize)]
struct DecidedView {
    name: String,
    email: String,
    requested: String,
    decision: String,
    decided: String,
    by: String,
}

#[derive(Serialize)]
struct TokenView {
    name: String,
    made: String,
    used: String,
    state: String,
}

#[derive(Serialize)]
struct PageView {
    wide: bool,
    guard: GuardView,
    held: Vec<HeldView>,
    decided: Vec<DecidedView>,
    tokens: Vec<TokenView>,
}

fn minute(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

fn decided_view(templates: &Templates, lang: Language, held: &HeldPerson) -> DecidedView {
    DecidedView {
        name: held.person.name.clone(),
        email: held.person.email.to_string(),
        requested: minute(held.hold.requested_at),
        decision: templates.text(lang, &format!("provisioning_status_{}", held.hold.status)),
        decided: held.hold.decided_at.map(minute).unwrap_or_default(),
        by: held.hold.decided_by.clone().unwrap_or_default(),
    }
}

pub async fn page(state: web::Data<AppState>, page: AdminPage) -> Result<HttpResponse, WebError> {
    let AdminPage { frame, .. } = page;
    let (waiting, decided) = holds::overview(&state.db).await?;
    let departments = crate::store::report_queries::departments(&state.db).await?;
    let since = Utc::now() - chrono::Duration::hours(1);
    let last_hour = directory::deactivations_since(&state.db, since).await?;
    let active = directory::active_staff(&state.db).await? + last_hour;
    let all_tokens = tokens::list(&state.db).await?;
    let lang = frame.lang;
    let templates = &state.templates;
    let root = state.provisioning.department_root.as_deref();
    let guard = state.provisioning.guard;
    let view = PageView {
        wide: true,
        guard: GuardView {
            threshold: guard.threshold(active),
            active,
            percent: guard.percent,
            minimum: guard.minimum,
        },
        held: waiting
            .iter()
            .map(|h| HeldView {
                id: h.hold.id,
                name: h.person.name.clone(),
                email: h.person.email.to_string(),
                department: h
                    .person
                    .department_id
                    .and_then(|id| departments.get(id))
                    .map(|d| shown(&d.path, root).to_owned())
                    .unwrap_or_default(),
                requested: minute(h.hold.requested_at),
                via: h.hold.via.clone(),
                token: h.hold.token_name.clone(),
            })
            .collect(),
        decided: decided
            .iter()
            .map(|h| decided_view(templates, lang, h))
            .collect(),
        tokens: all_tokens
            .into_iter()
            .map(|t| TokenView {
                name: t.name,
                made: minute(t.created_at),
                used: t
                    .last_used_at
                    .map_or_else(|| templates.text(lang, "provisioning_never"), minute),
                state: match t.revoked_at {
                    Some(at) => format!(
                        "{} {}",
                        templates.text(lang, "provisioning_token_revoked"),
                        minute(at)
                    ),
                    None => templates.text(lang, "provisioning_token_in_use"),
                },
            })
            .collect(),
    };
    let title = templates.text(lang, "provisioning_title");
    templates.page("admin_provisioning", &frame, &title, view)
}

/// `POST /admin/provisioning/{hold}/{decision}`: `hold` is a number or `all`.
pub async fn decide(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    path: web::Path<(String, String)>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, WebError> {
    check_csrf(&req, form.csrf())?;
    let user = require_admin(user)?;
    let (hold, decision) = path.into_inner();
    let decision = match decision.as_str() {
        "approve" => Decision::Approve,
        "reject" => Decision::Reject,
        _ => return Err(WebError::NotFound),
    };
    let ids = match hold.as_str() {
        "all" => None,
        id => Some(vec![id.parse::<i64>().map_err(|_| WebError::NotFound)?]),
    };
    let actor = Actor::user(user.id(), user.user.email.as_str());
    let decided = holds::decide(&state.db, ids.as_deref(), decision, &actor, Utc::now()).await?;
    if decided == 0 && ids.is_some() {
        return Err(WebError::NotFound);
    }
    Ok(see_other("/admin/provisioning"))
}
