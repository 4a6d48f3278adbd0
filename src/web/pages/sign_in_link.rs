//! "Email me a sign-in link": the request (answered the same whether or not the address
//! has an account), the page the link opens, and the button that uses it. The link opens
//! a page rather than signing in at once, so that a mail scanner following links cannot
//! use it up.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use serde::{Deserialize, Serialize};

use crate::accounts::link::LinkError;
use crate::domain::Email;
use crate::web::AppState;
use crate::web::error::WebError;
use crate::web::pages::auth::{SignInPage, passwords_off, sign_in_form};
use crate::web::pages::see_other;
use crate::web::session::CsrfForm;
use crate::web::session::{self, anonymous_frame, check_csrf};

/// `link_sent.hbs`: a link is on its way, if the address has an account.
#[derive(Serialize)]
struct LinkSent<'a> {
    address: &'a str,
}

/// `link_confirm.hbs`: a button that uses the link, so that a mail scanner opening the
/// address does not.
#[derive(Serialize)]
struct LinkConfirm<'a> {
    token: &'a str,
}

#[derive(Debug, Deserialize)]
pub struct LinkRequest {
    csrf: String,
    email: String,
}

pub async fn request(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<LinkRequest>,
) -> Result<HttpResponse, WebError> {
    check_csrf(&req, &form.csrf)?;
    let frame = anonymous_frame(&req);
    if !state.password_sign_in {
        return passwords_off(&state, &frame);
    }
    let t = |key: &str| state.templates.text(frame.lang, key);
    let Ok(email) = Email::parse(form.email.trim()) else {
        let page = SignInPage {
            link_email: &form.email,
            link_error: Some(t("link_bad_address")),
            ..SignInPage::blank()
        };
        return sign_in_form(&state, &frame, StatusCode::BAD_REQUEST, page);
    };
    state.accounts().request_link(&email, Utc::now()).await?;
    state.templates.page(
        "link_sent",
        &frame,
        &t("link_sent_title"),
        LinkSent {
            address: email.as_str(),
        },
    )
}

pub async fn confirm_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let frame = anonymous_frame(&req);
    let title = state.templates.text(frame.lang, "link_confirm_title");
    state.templates.page(
        "link_confirm",
        &frame,
        &title,
        LinkConfirm {
            token: &path.into_inner(),
        },
    )
}

pub async fn sign_in(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, WebError> {
    check_csrf(&req, form.csrf())?;
    if !state.password_sign_in {
        return passwords_off(&state, &anonymous_frame(&req));
    }
    let now = Utc::now();
    let user = match state.accounts().use_link(&path, now).await {
        Ok(user) => user,
        Err(LinkError::Invalid) => {
            let frame = anonymous_frame(&req);
            let page = SignInPage {
                error: Some(state.templates.text(frame.lang, "link_invalid")),
                ..SignInPage::blank()
            };
            return sign_in_form(&state, &frame, StatusCode::BAD_REQUEST, page);
        }
        Err(other) => return Err(other.into()),
    };
    let (token, _) = state
        .keys
        .issue(user.id, user.token_generation, now.timestamp())
        .map_err(WebError::internal)?;
    tracing::info!(user_id = user.id, "signed in with a link");
    let mut response = see_other("/courses");
    response
        .add_cookie(&session::session_cookie(&token, state.secure_cookies))
        .map_err(WebError::internal)?;
    Ok(response)
}
