//! `POST /api/v1/auth/token`: a bearer token for an email and password.

use actix_web::{HttpResponse, web};
use chrono::Utc;

use crate::accounts::SignInError;
use crate::web::AppState;
use crate::web::error::{ApiError, WebError};

use super::schema::{ErrorBody, TokenRequest, TokenResponse};

#[utoipa::path(
    post,
    path = "/api/v1/auth/token",
    tag = "auth",
    request_body = TokenRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenResponse),
        (status = 401, description = "Wrong email address or password", body = ErrorBody),
        (status = 403, description = "Passwords are turned off in favour of single sign-on", body = ErrorBody),
        (status = 429, description = "Too many failed attempts", body = ErrorBody),
    )
)]
pub async fn token(
    state: web::Data<AppState>,
    body: web::Json<TokenRequest>,
) -> Result<HttpResponse, ApiError> {
    if !state.password_sign_in {
        return Err(ApiError(WebError::Forbidden(
            "passwords are turned off: sign in with the organisation's single sign-on".into(),
        )));
    }
    let now = Utc::now();
    let user = match state
        .accounts()
        .check_credentials(&body.email, &body.password, now)
        .await
    {
        Ok(user) => user,
        Err(SignInError::Invalid) => {
            return Err(ApiError(WebError::Unauthorized(
                SignInError::Invalid.to_string(),
            )));
        }
        Err(SignInError::Blocked) => {
            return Err(ApiError(WebError::TooManyRequests(
                SignInError::Blocked.to_string(),
            )));
        }
        Err(SignInError::Store(err)) => return Err(err.into()),
    };
    let (token, claims) = state
        .keys
        .issue(user.id, user.token_generation, now.timestamp())
        .map_err(|e| ApiError(WebError::internal(e)))?;
    Ok(HttpResponse::Ok().json(TokenResponse {
        token,
        token_type: "Bearer",
        expires_at: claims.exp,
    }))
}
