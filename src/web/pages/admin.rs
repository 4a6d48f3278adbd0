//! Admin pages: the audit log, newest first, and email that could not be delivered.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use sea_orm::TransactionTrait;
use serde::Deserialize;

use crate::domain::Role;
use crate::store::audit::{self, Actor};
use crate::store::{StoreError, outbox};
use crate::web::AppState;
use crate::web::error::WebError;
use crate::web::pages::auth::CsrfForm;
use crate::web::pages::see_other;
use crate::web::session::{PageUser, SignedIn, check_csrf, frame};

const PAGE: u64 = 100;

#[derive(Deserialize)]
pub struct PageQuery {
    page: Option<u32>,
}

pub async fn audit_log(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, WebError> {
    let user = admin(user)?;
    let page = query.page.unwrap_or(1).clamp(1, 1_000_000);
    let mut entries = audit::page(&state.db, PAGE + 1, u64::from(page - 1) * PAGE).await?;
    let has_next = entries.len() as u64 > PAGE;
    entries.truncate(PAGE as usize);
    let rows: Vec<serde_json::Value> = entries
        .iter()
        .map(|e| {
            serde_json::json!({
                "at": e.at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
                "actor": e.actor,
                "action": e.action,
                "details": e.details,
            })
        })
        .collect();
    let frame = frame(&req, &user);
    let data = serde_json::json!({
        "wide": true,
        "rows": rows,
        "prev": (page > 1).then(|| page - 1),
        "next": has_next.then_some(page + 1),
    });
    let title = state.templates.text(frame.lang, "audit_title");
    state.templates.page("admin_audit", &frame, &title, data)
}

/// `/admin/outbox`: email given up after its retry time, with a way to send it again.
pub async fn failed_mail(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
) -> Result<HttpResponse, WebError> {
    let user = admin(user)?;
    let failed = outbox::failed(&state.db, 200).await?;
    let rows: Vec<serde_json::Value> = failed
        .iter()
        .map(|m| {
            serde_json::json!({
                "id": m.id,
                "recipient": m.recipient,
                "subject": m.subject,
                "queued": m.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                "attempts": m.attempts,
                "error": m.last_error.clone().unwrap_or_default(),
            })
        })
        .collect();
    let frame = frame(&req, &user);
    let title = state.templates.text(frame.lang, "outbox_title");
    state.templates.page(
        "admin_outbox",
        &frame,
        &title,
        serde_json::json!({ "wide": true, "rows": rows }),
    )
}

pub async fn retry_mail(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    path: web::Path<i64>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, WebError> {
    check_csrf(&req, form.csrf())?;
    let user = admin(user)?;
    let id = path.into_inner();
    let now = Utc::now();
    // The retry and its audit entry are written together or not at all.
    let txn = state.db.begin().await.map_err(StoreError::from)?;
    if !outbox::retry(&txn, id, now).await? {
        return Err(WebError::NotFound);
    }
    let actor = Actor::user(user.id(), &user.user.email);
    let details = serde_json::json!({ "message": id });
    audit::record(&txn, &actor, "mail.retry", details, now).await?;
    txn.commit().await.map_err(StoreError::from)?;
    Ok(see_other("/admin/outbox"))
}

pub(super) fn admin(user: PageUser) -> Result<SignedIn, WebError> {
    if user.0.role == Role::Admin {
        Ok(user.0)
    } else {
        Err(WebError::Forbidden(
            "You do not have access to this page.".into(),
        ))
    }
}
