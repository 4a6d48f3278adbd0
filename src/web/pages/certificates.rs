//! Certificates on the web: the public check at `/verify/<code>`, the holder's PDF, and
//! the admin's lookup and revocation.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use serde::{Deserialize, Serialize};

use crate::certificates::{Code, Status, long_date};
use crate::domain::{Language, Role};
use crate::learning::certify::{self, RevokeError};
use crate::mail::attachments::certificate_pdf;
use crate::store::audit::Actor;
use crate::store::certificates::{self, CertificateRow};
use crate::store::courses;
use crate::web::AppState;
use crate::web::error::WebError;
use crate::web::form_errors::FormErrors;
use crate::web::session::{AdminPage, PageUser, anonymous_frame, check_csrf, frame, require_admin};

use super::see_other;

#[derive(Deserialize)]
pub struct CodeQuery {
    code: Option<String>,
}

/// `/verify`: a form for a code read off a printed certificate.
pub async fn verify_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<CodeQuery>,
) -> Result<HttpResponse, WebError> {
    let frame = anonymous_frame(&req);
    let title = state.templates.text(frame.lang, "verify_title");
    match query
        .code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        None => state
            .templates
            .page("verify", &frame, &title, form_data(false, false, "")),
        Some(input) => match Code::parse(input) {
            Ok(code) => Ok(see_other(&format!("/verify/{code}"))),
            Err(_) => state.templates.page_with_status(
                StatusCode::BAD_REQUEST,
                "verify",
                &frame,
                &title,
                form_data(true, false, input),
            ),
        },
    }
}

/// `/verify/<code>`: whether the certificate holds, with its dates, and of the person
/// only the name and the course.
pub async fn verify(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let frame = anonymous_frame(&req);
    let title = state.templates.text(frame.lang, "verify_title");
    let not_found = |bad_code: bool| {
        state.templates.page_with_status(
            if bad_code {
                StatusCode::BAD_REQUEST
            } else {
                StatusCode::NOT_FOUND
            },
            "verify",
            &frame,
            &title,
            form_data(bad_code, !bad_code, ""),
        )
    };
    let Ok(code) = Code::parse(&path) else {
        return not_found(true);
    };
    let Some(row) = certificates::find(&state.db, &code).await? else {
        return not_found(false);
    };
    let course_lang = courses::language_of(&state.db, row.course_id).await?;
    let anonymised = holder_anonymised(&state, &row).await?;
    let data = view(&state, &row, course_lang, frame.lang, anonymised);
    let mut response = state.templates.page("verify", &frame, &title, data)?;
    // The page names a person: not for search engines.
    response.headers_mut().insert(
        header::HeaderName::from_static("x-robots-tag"),
        header::HeaderValue::from_static("noindex"),
    );
    Ok(response)
}

/// `verify.hbs` with the form: the templates are strict, so every key is present.
#[derive(Serialize)]
struct VerifyForm<'a> {
    found: bool,
    form: bool,
    bad_code: bool,
    unknown: bool,
    code: &'a str,
}

fn form_data(bad_code: bool, unknown: bool, code: &str) -> VerifyForm<'_> {
    VerifyForm {
        found: false,
        form: true,
        bad_code,
        unknown,
        code,
    }
}

/// `verify.hbs` with a certificate found, and the certificate on the admin's page.
#[derive(Serialize)]
struct CertificateView<'a> {
    found: bool,
    form: bool,
    code: &'a str,
    status: &'static str,
    status_label: String,
    valid: bool,
    holder: String,
    course: &'a str,
    course_lang: Option<String>,
    issuer: &'a str,
    completed_on: String,
    completed_iso: String,
    valid_until: Option<String>,
    valid_until_iso: Option<String>,
    revoked_on: Option<String>,
}

/// `admin_certificates.hbs`: the look-up form, and what it found.
#[derive(Serialize)]
struct AdminCertificatesPage<'a> {
    input: &'a str,
    bad_code: bool,
    unknown: bool,
    certificate: Option<CertificateView<'a>>,
    reason: Option<&'a str>,
    typed_reason: &'a str,
    errors: FormErrors,
}

/// `course_lang` marks the course title, written in the course's language.
async fn holder_anonymised(state: &AppState, row: &CertificateRow) -> Result<bool, WebError> {
    Ok(crate::store::users::find(&state.db, row.user_id)
        .await?
        .is_some_and(|holder| holder.anonymised_at.is_some()))
}

fn view<'a>(
    state: &AppState,
    row: &'a CertificateRow,
    course_lang: Option<String>,
    lang: Language,
    anonymised: bool,
) -> CertificateView<'a> {
    let status = row.status(Utc::now().date_naive());
    // An anonymised holder is not named, not even by their pseudonym.
    let holder = if anonymised {
        state.templates.text(lang, "verify_anonymised")
    } else {
        row.holder_name.clone()
    };
    CertificateView {
        found: true,
        form: false,
        code: &row.code,
        status: status.key(),
        status_label: state
            .templates
            .text(lang, &format!("verify_{}", status.key())),
        valid: status == Status::Valid,
        holder,
        course: &row.course_title,
        course_lang,
        issuer: &row.issuer,
        completed_on: long_date(row.completed_on, lang),
        completed_iso: row.completed_on.to_string(),
        valid_until: row.valid_until.map(|d| long_date(d, lang)),
        valid_until_iso: row.valid_until.map(|d| d.to_string()),
        revoked_on: row.revoked_at.map(|t| long_date(t.date_naive(), lang)),
    }
}

/// `/certificates/<code>.pdf`: the certificate as issued, for its holder and for admins.
pub async fn download(
    state: web::Data<AppState>,
    user: PageUser,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let code = path
        .strip_suffix(".pdf")
        .and_then(|c| Code::parse(c).ok())
        .ok_or(WebError::NotFound)?;
    let row = certificates::find(&state.db, &code)
        .await?
        .ok_or(WebError::NotFound)?;
    // Someone else's certificate is answered as if it did not exist.
    if row.user_id != user.0.id() && user.0.role != Role::Admin {
        return Err(WebError::NotFound);
    }
    let pdf = certificate_pdf(&row, &state.public_url)
        .await
        .map_err(WebError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type(pdf.content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", pdf.filename),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(pdf.bytes))
}

/// `/admin/certificates?code=`: look a certificate up to revoke it.
pub async fn admin_page(
    state: web::Data<AppState>,
    page: AdminPage,
    query: web::Query<CodeQuery>,
) -> Result<HttpResponse, WebError> {
    let AdminPage { frame, .. } = page;
    let input = query.code.as_deref().map(str::trim).unwrap_or("");
    admin_certificate(&state, &frame, input, None).await
}

/// The look-up page for `input`; `refused_reason` is a revocation reason that was refused,
/// shown again in the form with its problem.
async fn admin_certificate(
    state: &AppState,
    frame: &crate::web::render::Frame,
    input: &str,
    refused_reason: Option<&str>,
) -> Result<HttpResponse, WebError> {
    let t = |key: &str| state.templates.text(frame.lang, key);
    let errors = FormErrors::new(
        &["reason"],
        refused_reason.map(|_| ("reason", t("certs_reason_missing"))),
    );
    let code = (!input.is_empty()).then(|| Code::parse(input));
    let found = match &code {
        Some(Ok(code)) => certificates::find(&state.db, code).await?,
        _ => None,
    };
    let certificate = match &found {
        Some(row) => {
            let course_lang = courses::language_of(&state.db, row.course_id).await?;
            let anonymised = holder_anonymised(state, row).await?;
            Some(view(state, row, course_lang, frame.lang, anonymised))
        }
        None => None,
    };
    let data = AdminCertificatesPage {
        input,
        bad_code: matches!(code, Some(Err(_))),
        unknown: matches!(code, Some(Ok(_))) && found.is_none(),
        certificate,
        reason: found.as_ref().and_then(|row| row.revoked_reason.as_deref()),
        typed_reason: refused_reason.unwrap_or(""),
        errors,
    };
    let (status, title) = match refused_reason {
        None => (StatusCode::OK, t("certs_title")),
        Some(_) => (
            StatusCode::BAD_REQUEST,
            format!("{} {}", t("error_title_prefix"), t("certs_title")),
        ),
    };
    state
        .templates
        .page_with_status(status, "admin_certificates", frame, &title, data)
}

#[derive(Deserialize)]
pub struct RevokeForm {
    csrf: String,
    reason: String,
}

pub async fn revoke(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    path: web::Path<String>,
    form: web::Form<RevokeForm>,
) -> Result<HttpResponse, WebError> {
    check_csrf(&req, &form.csrf)?;
    let user = require_admin(user)?;
    let code = Code::parse(&path).map_err(|_| WebError::NotFound)?;
    let actor = Actor::user(user.id(), user.user.email.as_str());
    match certify::revoke(&state.db, &actor, &code, &form.reason, Utc::now()).await {
        Ok(()) => Ok(see_other(&format!("/admin/certificates?code={code}"))),
        // A missing or too long reason: the page again, with what was typed and why.
        Err(RevokeError::Reason) => {
            let frame = frame(&req, &user);
            admin_certificate(&state, &frame, &code.to_string(), Some(&form.reason)).await
        }
        Err(other) => Err(other.into()),
    }
}
