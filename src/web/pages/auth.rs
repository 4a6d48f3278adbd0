//! Signing in and out.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use serde::{Deserialize, Serialize};

use actix_web::http::StatusCode;

use crate::accounts::SignInError;
use crate::store::users;
use crate::web::AppState;
use crate::web::error::WebError;
use crate::web::render::Frame;
use crate::web::return_to::ReturnTo;
use crate::web::session::{self, CsrfForm, PageUser, anonymous_frame, check_csrf};

use super::see_other;

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct SignInForm {
    csrf: String,
    email: String,
    password: String,
    #[serde(default)]
    next: String,
}

/// The sign-in page: single sign-on first when it is configured, then the password form
/// and the sign-in link form, each with its problem.
#[derive(Serialize)]
pub(super) struct SignInPage<'a> {
    pub email: &'a str,
    pub next: &'a str,
    pub error: Option<String>,
    /// The sign-in link form's address and problem.
    pub link_email: &'a str,
    pub link_error: Option<String>,
    /// Why a single sign-on was refused.
    pub sso_error: Option<String>,
    /// The single sign-on button's text and address; set by [`sign_in_form`].
    pub sso_label: Option<String>,
    pub sso_href: String,
    /// Passwords and emailed links are offered; set by [`sign_in_form`].
    pub passwords: bool,
}

impl SignInPage<'_> {
    pub fn blank() -> Self {
        SignInPage {
            email: "",
            next: "/courses",
            error: None,
            link_email: "",
            link_error: None,
            sso_error: None,
            sso_label: None,
            sso_href: String::new(),
            passwords: true,
        }
    }
}

/// The sign-in page with `status`: 200, or a refusal showing its problem.
pub(super) fn sign_in_form(
    state: &AppState,
    frame: &Frame,
    status: StatusCode,
    page: SignInPage<'_>,
) -> Result<HttpResponse, WebError> {
    let mut title = state.templates.text(frame.lang, "sign_in");
    // A refused sign-in says so first in the title, which a screen reader reads first.
    if page.error.is_some() || page.link_error.is_some() || page.sso_error.is_some() {
        title = format!(
            "{} {title}",
            state.templates.text(frame.lang, "error_title_prefix")
        );
    }
    let sso_label = state.sso.as_ref().map(|provider| {
        let settings = provider.settings();
        let configured = match frame.lang {
            crate::domain::Language::Sv => settings.button_label_sv.clone(),
            crate::domain::Language::En => settings.button_label_en.clone(),
        };
        configured.unwrap_or_else(|| state.templates.text(frame.lang, "sso_button"))
    });
    let sso_href = match page.next {
        "/courses" => "/sign-in/oidc".to_owned(),
        next => format!(
            "/sign-in/oidc?{}",
            serde_urlencoded::to_string([("next", next)]).unwrap_or_default()
        ),
    };
    let page = SignInPage {
        sso_label,
        sso_href,
        passwords: state.password_sign_in,
        ..page
    };
    state
        .templates
        .page_with_status(status, "sign_in", frame, &title, page)
}

/// The answer to a password or link form when passwords are turned off.
pub(super) fn passwords_off(state: &AppState, frame: &Frame) -> Result<HttpResponse, WebError> {
    let page = SignInPage {
        sso_error: Some(state.templates.text(frame.lang, "sso_passwords_off")),
        ..SignInPage::blank()
    };
    sign_in_form(state, frame, StatusCode::FORBIDDEN, page)
}

pub async fn sign_in_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, WebError> {
    let frame = anonymous_frame(&req);
    let next = ReturnTo::or(query.next.as_deref(), "/courses");
    let page = SignInPage {
        next: next.as_str(),
        ..SignInPage::blank()
    };
    sign_in_form(&state, &frame, StatusCode::OK, page)
}

pub async fn sign_in(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<SignInForm>,
) -> Result<HttpResponse, WebError> {
    check_csrf(&req, &form.csrf)?;
    let frame = anonymous_frame(&req);
    if !state.password_sign_in {
        return passwords_off(&state, &frame);
    }
    let next = ReturnTo::or(Some(&form.next), "/courses");
    let next = next.as_str();
    let now = Utc::now();
    let user = match state
        .accounts()
        .check_credentials(&form.email, &form.password, now)
        .await
    {
        Ok(user) => user,
        Err(SignInError::Invalid) => {
            return refused(
                &state,
                &frame,
                StatusCode::UNAUTHORIZED,
                &form.email,
                next,
                "sign_in_failed",
            );
        }
        Err(SignInError::Blocked) => {
            return refused(
                &state,
                &frame,
                StatusCode::TOO_MANY_REQUESTS,
                &form.email,
                next,
                "sign_in_blocked",
            );
        }
        Err(SignInError::Store(err)) => return Err(err.into()),
    };
    let (token, _) = state
        .keys
        .issue(user.id, user.token_generation, now.timestamp())
        .map_err(WebError::internal)?;
    tracing::info!(user_id = user.id, "signed in");
    let mut response = see_other(next);
    response
        .add_cookie(&session::session_cookie(&token, state.secure_cookies))
        .map_err(WebError::internal)?;
    Ok(response)
}

fn refused(
    state: &AppState,
    frame: &Frame,
    status: StatusCode,
    email: &str,
    next: &str,
    message_key: &str,
) -> Result<HttpResponse, WebError> {
    let page = SignInPage {
        email,
        next,
        error: Some(state.templates.text(frame.lang, message_key)),
        ..SignInPage::blank()
    };
    sign_in_form(state, frame, status, page)
}

/// Signs out everywhere: every token the user holds stops working. Someone who came by
/// single sign-on is sent on to end the provider's session too, when it offers that.
pub async fn sign_out(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, WebError> {
    check_csrf(&req, form.csrf())?;
    users::bump_token_generation(&state.db, user.0.id()).await?;
    state.users.remove(&user.0.id());
    session::drop_renewal(&req);
    let id_token = req.cookie(super::sso::ID_TOKEN_COOKIE);
    let provider_sign_out = match (state.sso.as_deref(), &id_token) {
        (Some(provider), Some(token)) => {
            let after = format!("{}/sign-in", state.public_url);
            provider.sign_out_url(token.value(), &after).await
        }
        _ => None,
    };
    let mut response = see_other(provider_sign_out.as_deref().unwrap_or("/sign-in"));
    response
        .add_cookie(&session::expired_session_cookie(state.secure_cookies))
        .map_err(WebError::internal)?;
    if let Some(mut token) = id_token {
        token.set_path("/sign-out");
        token.make_removal();
        response.add_cookie(&token).map_err(WebError::internal)?;
    }
    Ok(response)
}
