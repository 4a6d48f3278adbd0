//! `/admin/audit`: the audit log, newest first, for admins only.

use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;

use crate::domain::Role;
use crate::store::audit;
use crate::web::AppState;
use crate::web::error::WebError;
use crate::web::session::{PageUser, frame};

const PAGE: u64 = 100;

#[derive(Deserialize)]
pub struct PageQuery {
    page: Option<u32>,
}

#[get("/admin/audit")]
pub async fn audit_log(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, WebError> {
    let user = user.0;
    if user.role != Role::Admin {
        return Err(WebError::Forbidden(
            "You do not have access to this page.".into(),
        ));
    }
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
