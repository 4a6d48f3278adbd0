//! Admin pages: the audit log, newest first, and email that could not be delivered.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use serde::{Deserialize, Serialize};

use crate::mail::send_again::send_again;
use crate::reports::export::guarded;
use crate::store::audit::{self, Actor};
use crate::store::outbox;
use crate::web::AppState;
use crate::web::error::WebError;
use crate::web::pages::audit_words;
use crate::web::pages::see_other;
use crate::web::session::{AdminPage, CsrfForm, require_admin};
use crate::web::session::{PageUser, check_csrf};

const PAGE: u64 = 100;

/// `admin_audit.hbs`: a page of the log, newest first.
#[derive(Serialize)]
struct AuditPage<'a> {
    wide: bool,
    rows: Vec<AuditRow<'a>>,
    prev: Option<u32>,
    next: Option<u32>,
}

#[derive(Serialize)]
struct AuditRow<'a> {
    at: String,
    actor: &'a str,
    action: String,
    details: Vec<AuditDetail>,
}

/// One detail of an entry, in words.
#[derive(Serialize)]
struct AuditDetail {
    what: String,
    value: String,
}

/// `admin_outbox.hbs`: email given up on.
#[derive(Serialize)]
struct OutboxPage<'a> {
    wide: bool,
    rows: Vec<FailedMail<'a>>,
}

#[derive(Serialize)]
struct FailedMail<'a> {
    id: i64,
    recipient: &'a str,
    subject: &'a str,
    queued: String,
    attempts: i32,
    error: &'a str,
}

#[derive(Deserialize)]
pub struct PageQuery {
    page: Option<u32>,
}

pub async fn audit_log(
    state: web::Data<AppState>,
    page: AdminPage,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, WebError> {
    let AdminPage { frame, .. } = page;
    let page = query.page.unwrap_or(1).clamp(1, 1_000_000);
    let mut entries = audit::page(&state.db, PAGE + 1, u64::from(page - 1) * PAGE).await?;
    let has_next = entries.len() as u64 > PAGE;
    entries.truncate(PAGE as usize);
    let lang = frame.lang;
    let rows = entries
        .iter()
        .map(|e| AuditRow {
            at: e.at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
            actor: &e.actor,
            action: audit_words::action(&state.templates, lang, &e.action),
            details: audit_words::details(&state.templates, lang, &e.details)
                .into_iter()
                .map(|(what, value)| AuditDetail { what, value })
                .collect(),
        })
        .collect();
    let data = AuditPage {
        wide: true,
        rows,
        prev: (page > 1).then(|| page - 1),
        next: has_next.then_some(page + 1),
    };
    let title = state.templates.text(frame.lang, "audit_title");
    state.templates.page("admin_audit", &frame, &title, data)
}

/// Entries read per query for the export.
const EXPORT_CHUNK: u64 = 1_000;

/// `/admin/audit.csv`: the whole log for machines, with the stored codes and JSON details.
pub async fn audit_csv(
    state: web::Data<AppState>,
    _admin: AdminPage,
) -> Result<HttpResponse, WebError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let write = |out: &mut csv::Writer<Vec<u8>>, record: [&str; 5]| {
        out.write_record(record.map(|cell| guarded(cell).into_owned()))
            .map_err(WebError::internal)
    };
    write(&mut out, ["at", "actor_id", "actor", "action", "details"])?;
    let mut offset = 0;
    loop {
        let entries = audit::page(&state.db, EXPORT_CHUNK, offset).await?;
        for e in &entries {
            let actor_id = e.actor_id.map(|id| id.to_string()).unwrap_or_default();
            let at = e.at.to_rfc3339();
            write(&mut out, [&at, &actor_id, &e.actor, &e.action, &e.details])?;
        }
        if (entries.len() as u64) < EXPORT_CHUNK {
            break;
        }
        offset += EXPORT_CHUNK;
    }
    let body = out.into_inner().map_err(WebError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            "attachment; filename=\"audit-log.csv\"",
        ))
        .body(body))
}

/// `/admin/outbox`: email given up after its retry time, with a way to send it again.
pub async fn failed_mail(
    state: web::Data<AppState>,
    page: AdminPage,
) -> Result<HttpResponse, WebError> {
    let AdminPage { frame, .. } = page;
    let failed = outbox::failed(&state.db, 200).await?;
    let rows = failed
        .iter()
        .map(|m| FailedMail {
            id: m.id,
            recipient: &m.recipient,
            subject: &m.subject,
            queued: m.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            attempts: m.attempts,
            error: m.last_error.as_deref().unwrap_or_default(),
        })
        .collect();
    let title = state.templates.text(frame.lang, "outbox_title");
    let data = OutboxPage { wide: true, rows };
    state.templates.page("admin_outbox", &frame, &title, data)
}

pub async fn retry_mail(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    path: web::Path<i64>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, WebError> {
    check_csrf(&req, form.csrf())?;
    let user = require_admin(user)?;
    let actor = Actor::user(user.id(), user.user.email.as_str());
    if !send_again(&state.db, &actor, path.into_inner(), Utc::now()).await? {
        return Err(WebError::NotFound);
    }
    Ok(see_other("/admin/outbox"))
}
