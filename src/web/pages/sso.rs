//! Single sign-on pages: `/sign-in/oidc` sends the person to the provider, which returns
//! them to `/sign-in/oidc/callback`. Every refusal answers with the sign-in page in the
//! person's language, creates no session and is audited.

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::accounts::sso::{self as sso_accounts, NewcomerPolicy, SsoSignInError};
use crate::auth::random_hex;
use crate::sso::{Provider, SsoError};
use crate::store::sso::{self as sso_store, LOGIN_LIFETIME, PendingLogin};
use crate::web::AppState;
use crate::web::error::WebError;
use crate::web::render::Frame;
use crate::web::return_to::ReturnTo;
use crate::web::session::{self, anonymous_frame};

use super::auth::{SignInPage, sign_in_form};

/// Binds a sign-in under way to the browser that started it.
const BROWSER_COOKIE: &str = "bryggan_sso";
/// The ID token, kept for `id_token_hint` when the person signs out.
pub const ID_TOKEN_COOKIE: &str = "bryggan_sso_id";
/// The label of refusals in the audit log before the person is known.
const WHO: &str = "single sign-on";

#[derive(Debug, Deserialize)]
pub struct StartQuery {
    next: Option<String>,
}

pub async fn start(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<StartQuery>,
) -> Result<HttpResponse, WebError> {
    let provider = provider(&state)?;
    let frame = anonymous_frame(&req);
    let next = ReturnTo::or(query.next.as_deref(), "/courses");
    let now = Utc::now();
    let started = match provider.start().await {
        Ok(started) => started,
        Err(err) => return refused(&state, &frame, &err_page(&err), &err.to_string()),
    };
    let browser = random_hex(32);
    let login = PendingLogin {
        state_hash: sha256(&started.state),
        browser_hash: sha256(&browser),
        nonce: started.nonce,
        pkce_verifier: started.pkce_verifier,
        return_to: next.as_str().to_owned(),
        created_at: now,
    };
    sso_store::save_login(&state.db, login).await?;
    let cookie = Cookie::build(BROWSER_COOKIE, browser)
        .path("/sign-in/oidc")
        .http_only(true)
        .secure(state.secure_cookies)
        .same_site(SameSite::Lax)
        .max_age(CookieDuration::seconds(LOGIN_LIFETIME.num_seconds()))
        .finish();
    let mut response = HttpResponse::Found()
        .insert_header((header::LOCATION, started.url))
        .finish();
    response.add_cookie(&cookie).map_err(WebError::internal)?;
    Ok(response)
}

#[derive(Debug, Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

pub async fn callback(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<CallbackQuery>,
) -> Result<HttpResponse, WebError> {
    let provider = provider(&state)?;
    let frame = anonymous_frame(&req);
    let now = Utc::now();
    // The state is used up whatever follows, so a callback can never be replayed.
    let pending = match query.state.as_deref() {
        Some(s) => sso_store::take_login(&state.db, &sha256(s), now).await?,
        None => None,
    };
    if let Some(error) = &query.error {
        // The provider's error code, such as `access_denied`; nothing else of what it sent.
        let code: String = error
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .take(64)
            .collect();
        let reason = format!("provider_error:{code}");
        return refuse_and_audit(&state, &frame, Page::Cancelled, &reason).await;
    }
    let from_this_browser = |login: &PendingLogin| {
        req.cookie(BROWSER_COOKIE)
            .is_some_and(|c| sha256(c.value()) == login.browser_hash)
    };
    let Some(pending) = pending.filter(from_this_browser) else {
        return refuse_and_audit(&state, &frame, Page::Expired, "state").await;
    };
    let Some(code) = query.code.as_deref() else {
        return refuse_and_audit(&state, &frame, Page::Expired, "no_code").await;
    };
    let identity = match provider
        .finish(code, &pending.nonce, &pending.pkce_verifier, now)
        .await
    {
        Ok(identity) => identity,
        Err(err) => {
            let reason = match &err {
                SsoError::Token(problem) => problem.code().to_owned(),
                SsoError::CodeRefused(_) => "code_refused".to_owned(),
                SsoError::Unreachable(_) => "unreachable".to_owned(),
                SsoError::Misconfigured(_) => "misconfigured".to_owned(),
            };
            tracing::warn!(error = %err, "single sign-on refused");
            return refuse_and_audit(&state, &frame, err_page(&err), &reason).await;
        }
    };
    let settings = provider.settings();
    let newcomers = NewcomerPolicy {
        create_in: settings
            .create_accounts
            .then_some(settings.default_department.as_deref())
            .flatten(),
    };
    let user = match state
        .accounts()
        .sign_in_with_sso(&identity, newcomers, now)
        .await
    {
        Ok(user) => user,
        Err(SsoSignInError::Store(err)) => return Err(err.into()),
        Err(refusal) => {
            let page = match refusal {
                SsoSignInError::Unknown => Page::Unknown,
                SsoSignInError::Deactivated => Page::Deactivated,
                _ => Page::LinkedToAnother,
            };
            return refused(&state, &frame, &page, &refusal.to_string());
        }
    };
    let (token, _) = state
        .keys
        .issue(user.id, user.token_generation, now.timestamp())
        .map_err(WebError::internal)?;
    tracing::info!(user_id = user.id, "signed in with single sign-on");
    let mut done = Cookie::build(BROWSER_COOKIE, "")
        .path("/sign-in/oidc")
        .finish();
    done.make_removal();
    let id_token = Cookie::build(ID_TOKEN_COOKIE, identity.id_token)
        .path("/sign-out")
        .http_only(true)
        .secure(state.secure_cookies)
        .same_site(SameSite::Lax)
        .finish();
    let mut response = super::see_other(&pending.return_to);
    for cookie in [
        session::session_cookie(&token, state.secure_cookies),
        done,
        id_token,
    ] {
        response.add_cookie(&cookie).map_err(WebError::internal)?;
    }
    Ok(response)
}

/// What the sign-in page says after a refusal, and with which status.
enum Page {
    Cancelled,
    Expired,
    Refused,
    Unavailable,
    Unknown,
    Deactivated,
    LinkedToAnother,
}

impl Page {
    fn status_and_text(&self) -> (StatusCode, &'static str) {
        match self {
            Page::Cancelled => (StatusCode::UNAUTHORIZED, "sso_cancelled"),
            Page::Expired => (StatusCode::BAD_REQUEST, "sso_expired"),
            Page::Refused => (StatusCode::UNAUTHORIZED, "sso_refused"),
            Page::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, "sso_unavailable"),
            Page::Unknown => (StatusCode::FORBIDDEN, "sso_unknown"),
            Page::Deactivated => (StatusCode::FORBIDDEN, "sso_deactivated"),
            Page::LinkedToAnother => (StatusCode::FORBIDDEN, "sso_linked_to_another"),
        }
    }
}

fn err_page(err: &SsoError) -> Page {
    match err {
        SsoError::Unreachable(_) | SsoError::Misconfigured(_) => Page::Unavailable,
        SsoError::CodeRefused(_) | SsoError::Token(_) => Page::Refused,
    }
}

async fn refuse_and_audit(
    state: &AppState,
    frame: &Frame,
    page: Page,
    reason: &str,
) -> Result<HttpResponse, WebError> {
    sso_accounts::record_refusal(&state.db, WHO, reason, None, Utc::now()).await?;
    refused(state, frame, &page, reason)
}

fn refused(
    state: &AppState,
    frame: &Frame,
    page: &Page,
    reason: &str,
) -> Result<HttpResponse, WebError> {
    tracing::info!(reason, "single sign-on refused");
    let (status, key) = page.status_and_text();
    let page = SignInPage {
        sso_error: Some(state.templates.text(frame.lang, key)),
        ..SignInPage::blank()
    };
    sign_in_form(state, frame, status, page)
}

fn provider(state: &AppState) -> Result<&Provider, WebError> {
    state.sso.as_deref().ok_or(WebError::NotFound)
}

fn sha256(value: &str) -> String {
    hex::encode(Sha256::digest(value.as_bytes()))
}
