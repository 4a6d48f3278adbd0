//! The language switch on every page, and the accessibility statement with its form for
//! reporting barriers (tillgänglighetsredogörelse, as the law asks of public bodies).

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use serde::{Deserialize, Serialize};

use crate::accessibility::statement::{Compliance, Method};
use crate::accessibility::{self, BarrierReport, ReportError};
use crate::domain::Language;
use crate::domain::format::long_date;
use crate::store::audit::Actor;
use crate::store::users;
use crate::web::AppState;
use crate::web::error::WebError;
use crate::web::form_errors::FormErrors;
use crate::web::render::Frame;
use crate::web::return_to::ReturnTo;
use crate::web::session::{LANG_COOKIE, anonymous_frame, check_csrf, frame, signed_in};

use super::see_other;

#[derive(Deserialize)]
pub struct LanguageForm {
    csrf: String,
    lang: String,
    /// The page to return to (not `next`, which the sign-in form uses).
    back: Option<String>,
}

/// Switches the interface language: the signed-in person's profile, and a cookie for
/// the pages before sign-in. Back to the same page.
pub async fn switch(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<LanguageForm>,
) -> Result<HttpResponse, WebError> {
    check_csrf(&req, &form.csrf)?;
    let lang: Language = form
        .lang
        .parse()
        .map_err(|e: crate::domain::ParseLanguageError| WebError::BadRequest(e.to_string()))?;
    if let Some(user) = signed_in(&req).await {
        users::set_locale(&state.db, user.id(), lang).await?;
        state.users.remove(&user.id());
    }
    let back = ReturnTo::or(form.back.as_deref(), "/courses");
    let mut response = see_other(back.as_str());
    let cookie = Cookie::build(LANG_COOKIE, lang.code())
        .path("/")
        .http_only(true)
        .secure(state.secure_cookies)
        .same_site(SameSite::Lax)
        .max_age(CookieDuration::days(365))
        .finish();
    response.add_cookie(&cookie).map_err(WebError::internal)?;
    Ok(response)
}

async fn page_frame(req: &HttpRequest) -> Frame {
    match signed_in(req).await {
        Some(user) => frame(req, &user),
        None => anonymous_frame(req),
    }
}

/// `/tillganglighet`: the accessibility statement.
pub async fn statement(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, WebError> {
    let frame = page_frame(&req).await;
    statement_page(&state, &frame, StatusCode::OK, form_state(None, "", "", ""))
}

/// The report form as typed, with its problems.
#[derive(Serialize)]
struct FormState<'a> {
    sent: bool,
    errors: FormErrors,
    text: &'a str,
    page: &'a str,
    reply_to: &'a str,
}

const FIELDS: [&str; 2] = ["text", "reply_to"];

fn form_state<'a>(
    problem: Option<(&'static str, String)>,
    text: &'a str,
    page: &'a str,
    reply_to: &'a str,
) -> FormState<'a> {
    FormState {
        sent: false,
        errors: FormErrors::new(&FIELDS, problem),
        text,
        page,
        reply_to,
    }
}

/// The statement's settings in the page's language.
#[derive(Serialize)]
struct StatementView {
    organisation: String,
    compliance: String,
    issues: Vec<String>,
    exemptions: Vec<String>,
    method: String,
    assessed_on: String,
    reviewed_on: String,
    contact: Option<String>,
}

#[derive(Serialize)]
struct StatementPage<'a> {
    #[serde(flatten)]
    form: FormState<'a>,
    statement: StatementView,
}

fn statement_view(state: &AppState, lang: Language) -> StatementView {
    let s = &state.accessibility;
    let t = |key: &str| state.templates.text(lang, key);
    StatementView {
        organisation: state.issuer.clone(),
        compliance: t(match s.compliance {
            Compliance::Full => "a11y_compliance_full",
            Compliance::Partial => "a11y_compliance_partial",
            Compliance::None => "a11y_compliance_none",
        }),
        issues: s.issues.iter().map(|i| i.get(lang).to_owned()).collect(),
        exemptions: s
            .exemptions
            .iter()
            .map(|e| e.get(lang).to_owned())
            .collect(),
        method: t(match s.method {
            Method::SelfAssessment => "a11y_method_self",
            Method::ThirdParty => "a11y_method_third_party",
        }),
        assessed_on: long_date(s.assessed_on, lang),
        reviewed_on: long_date(s.reviewed_on, lang),
        contact: s.contact.as_ref().map(|c| c.to_string()),
    }
}

fn statement_page(
    state: &AppState,
    frame: &Frame,
    status: StatusCode,
    form: FormState,
) -> Result<HttpResponse, WebError> {
    let t = |key: &str| state.templates.text(frame.lang, key);
    let title = if status == StatusCode::BAD_REQUEST {
        format!("{} {}", t("error_title_prefix"), t("a11y_title"))
    } else {
        t("a11y_title")
    };
    let data = StatementPage {
        form,
        statement: statement_view(state, frame.lang),
    };
    state
        .templates
        .page_with_status(status, "accessibility", frame, &title, data)
}

#[derive(Deserialize)]
pub struct BarrierForm {
    csrf: String,
    text: String,
    #[serde(default)]
    page: String,
    #[serde(default)]
    reply_to: String,
}

/// A reported barrier goes by email to the admins, through the outbox.
pub async fn report(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<BarrierForm>,
) -> Result<HttpResponse, WebError> {
    check_csrf(&req, &form.csrf)?;
    let user = signed_in(&req).await;
    let frame = match &user {
        Some(user) => frame(&req, user),
        None => anonymous_frame(&req),
    };
    let sender = user
        .as_ref()
        .map(|u| Actor::user(u.id(), u.user.email.as_str()));
    let report = BarrierReport::parse(&form.text, &form.page, &form.reply_to);
    let result = match report {
        Ok(report) => {
            accessibility::send(
                &state.db,
                &state.emails,
                &report,
                sender.as_ref(),
                Utc::now(),
            )
            .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => statement_page(
            &state,
            &frame,
            StatusCode::OK,
            FormState {
                sent: true,
                ..form_state(None, "", "", "")
            },
        ),
        Err(ReportError::Text) => {
            let problem = (
                "text",
                state.templates.text(frame.lang, "a11y_report_text_error"),
            );
            statement_page(
                &state,
                &frame,
                StatusCode::BAD_REQUEST,
                form_state(Some(problem), &form.text, &form.page, &form.reply_to),
            )
        }
        Err(ReportError::Email) => {
            let problem = (
                "reply_to",
                state.templates.text(frame.lang, "a11y_report_reply_error"),
            );
            statement_page(
                &state,
                &frame,
                StatusCode::BAD_REQUEST,
                form_state(Some(problem), &form.text, &form.page, &form.reply_to),
            )
        }
        Err(ReportError::Store(err)) => Err(err.into()),
        Err(ReportError::Template(err)) => Err(WebError::internal(err)),
    }
}
