//! Who is asking: the session cookie (pages) or bearer token (API), its renewal, and the
//! CSRF cookie that every state-changing form must echo.

use std::future::Future;
use std::pin::Pin;

use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use chrono::Utc;

use crate::auth::{csrf, token};
use crate::domain::{Language, Role};
use crate::hr;
use crate::reports::{Filter, RawFilter};
use crate::store::users::{self, User};

use super::AppState;
use super::error::{ApiError, WebError};
use super::later_query::LaterQuery;
use super::render::{Frame, UserView};

mod form_fields;
mod guards;
mod pages;

pub use form_fields::{PageForm, Posted};
pub use guards::{CsrfForm, require_admin};
pub use pages::{AdminPage, HrPage, HrReportPage, SignedInPage, TrainerPage};

pub const SESSION_COOKIE: &str = "bryggan_session";
pub const CSRF_COOKIE: &str = "bryggan_csrf";
/// The language chosen with the switch, for pages before sign-in.
pub const LANG_COOKIE: &str = "bryggan_lang";

/// The signed-in user, for pages: without a valid session, a redirect to the sign-in page.
#[derive(Debug, Clone)]
pub struct PageUser(pub SignedIn);

/// The signed-in user, for the API: a valid `Authorization: Bearer` token, else 401.
#[derive(Debug, Clone)]
pub struct ApiUser(pub SignedIn);

#[derive(Debug, Clone)]
pub struct SignedIn {
    pub user: User,
    pub role: Role,
    pub locale: Language,
}

impl SignedIn {
    pub fn id(&self) -> i64 {
        self.user.id
    }
}

/// The CSRF token of this request (set by [`session_cookies`]).
#[derive(Debug, Clone)]
struct CsrfToken(String);

/// A renewed session token to send back with the response.
#[derive(Debug, Clone)]
struct RenewedSession(String);

pub fn session_cookie(token: &str, secure: bool) -> Cookie<'static> {
    Cookie::build(SESSION_COOKIE, token.to_owned())
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .max_age(CookieDuration::seconds(token::LIFETIME.as_secs() as i64))
        .finish()
}

pub fn expired_session_cookie(secure: bool) -> Cookie<'static> {
    let mut cookie = session_cookie("", secure);
    cookie.make_removal();
    cookie
}

async fn authenticate(req: &HttpRequest, from_cookie: bool) -> Option<SignedIn> {
    let state = req.app_data::<web::Data<AppState>>()?;
    let raw = if from_cookie {
        req.cookie(SESSION_COOKIE)?.value().to_owned()
    } else {
        let header = req
            .headers()
            .get(actix_web::http::header::AUTHORIZATION)?
            .to_str()
            .ok()?;
        header.strip_prefix("Bearer ")?.trim().to_owned()
    };
    let claims = state.keys.verify(&raw).ok()?;
    let user_id = claims.user_id()?;
    let user = match state.users.get(&user_id) {
        Some(user) => user,
        None => match users::find(&state.db, user_id).await {
            Ok(user) => {
                let user = user?;
                state.users.insert(user_id, user.clone());
                user
            }
            Err(err) => {
                tracing::error!(error = ?err, "loading the session's user failed");
                return None;
            }
        },
    };
    if !user.active || user.token_generation != claims.generation {
        return None;
    }
    let now = Utc::now().timestamp();
    if from_cookie
        && claims.wants_renewal(now)
        && let Ok((token, _)) = state.keys.issue(user.id, user.token_generation, now)
    {
        req.extensions_mut().insert(RenewedSession(token));
    }
    Some(SignedIn {
        role: user.role,
        locale: user.locale,
        user,
    })
}

impl FromRequest for PageUser {
    type Error = WebError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, WebError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let next = req
                .uri()
                .path_and_query()
                .map_or("/courses", |p| p.as_str())
                .to_owned();
            authenticate(&req, true)
                .await
                .map(PageUser)
                .ok_or(WebError::SignInRequired { next })
        })
    }
}

impl FromRequest for ApiUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            authenticate(&req, false)
                .await
                .map(ApiUser)
                .ok_or(ApiError(WebError::SignInRequired {
                    next: String::new(),
                }))
        })
    }
}

/// An HR report asked for through the API: the viewer, then the filter, read only once
/// the viewer is known (as [`HrReportPage`]).
#[derive(Debug)]
pub struct ApiReport {
    pub viewer: hr::Viewer,
    pub filter: Filter,
}

impl FromRequest for ApiReport {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let user = ApiUser::from_request(req, payload);
        let query = LaterQuery::<RawFilter>::of(req);
        Box::pin(async move {
            let user = user.await?.0;
            let viewer = hr::Viewer::of(&user.user, user.role)?;
            let filter = Filter::parse(&query.parse()?)?;
            Ok(ApiReport { viewer, filter })
        })
    }
}

/// The page frame for a signed-in user.
pub fn frame(req: &HttpRequest, user: &SignedIn) -> Frame {
    Frame {
        here: here(req),
        path: req.path().to_owned(),
        lang: user.locale,
        user: Some(UserView {
            name: user.user.name.clone(),
            hr: matches!(user.role, Role::Hr | Role::Admin),
            admin: user.role == Role::Admin,
            trainer: matches!(user.role, Role::Trainer | Role::Admin),
        }),
        csrf: csrf_token(req),
    }
}

/// The page frame before sign-in: Swedish unless the browser prefers English.
pub fn anonymous_frame(req: &HttpRequest) -> Frame {
    let chosen = req
        .cookie(LANG_COOKIE)
        .and_then(|c| c.value().parse::<Language>().ok());
    let prefers_english = req
        .headers()
        .get(actix_web::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("en"));
    Frame {
        here: here(req),
        path: req.path().to_owned(),
        lang: chosen.unwrap_or(if prefers_english {
            Language::En
        } else {
            Language::Sv
        }),
        user: None,
        csrf: csrf_token(req),
    }
}

/// This page, for coming back to after switching language; a form's target is not a
/// page, so after a post the switch leads to "My courses".
fn here(req: &HttpRequest) -> String {
    if req.method() == actix_web::http::Method::GET {
        req.uri()
            .path_and_query()
            .map_or("/courses", |p| p.as_str())
            .to_owned()
    } else {
        "/courses".into()
    }
}

/// The signed-in user, if any, for pages that anyone may use.
pub async fn signed_in(req: &HttpRequest) -> Option<SignedIn> {
    authenticate(req, true).await
}

fn csrf_token(req: &HttpRequest) -> String {
    req.extensions()
        .get::<CsrfToken>()
        .map(|t| t.0.clone())
        .unwrap_or_default()
}

/// Drops a renewed token this request would send: after sign-out, none is wanted.
pub fn drop_renewal(req: &HttpRequest) {
    req.extensions_mut().remove::<RenewedSession>();
}

/// Refuses a form whose CSRF field does not match the cookie.
pub fn check_csrf(req: &HttpRequest, submitted: &str) -> Result<(), WebError> {
    let cookie = req.cookie(CSRF_COOKIE);
    if cookie.is_some_and(|c| csrf::matches(c.value(), submitted)) {
        Ok(())
    } else {
        Err(WebError::Forbidden(
            "The form has expired or did not come from Bryggan. Go back, reload the page and try again.".into(),
        ))
    }
}

/// Gives every page visitor a CSRF cookie and sends renewed session tokens back.
pub async fn session_cookies(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let secure = req
        .app_data::<web::Data<AppState>>()
        .is_none_or(|s| s.secure_cookies);
    let new_csrf = match req.cookie(CSRF_COOKIE) {
        Some(cookie) if cookie.value().len() == 64 => {
            req.extensions_mut()
                .insert(CsrfToken(cookie.value().to_owned()));
            None
        }
        _ => {
            let token = csrf::new_token();
            req.extensions_mut().insert(CsrfToken(token.clone()));
            Some(token)
        }
    };
    let mut res = next.call(req).await?;
    if let Some(token) = new_csrf {
        let cookie = Cookie::build(CSRF_COOKIE, token)
            .path("/")
            .http_only(true)
            .secure(secure)
            .same_site(SameSite::Strict)
            .finish();
        res.response_mut()
            .add_cookie(&cookie)
            .map_err(actix_web::error::ErrorInternalServerError)?;
    }
    let renewed = res.request().extensions().get::<RenewedSession>().cloned();
    if let Some(RenewedSession(token)) = renewed {
        res.response_mut()
            .add_cookie(&session_cookie(&token, secure))
            .map_err(actix_web::error::ErrorInternalServerError)?;
    }
    Ok(res)
}
