//! `POST /api/v1/courses/reload`: the git host's webhook publishes the courses folder, for
//! deployments where the server cannot watch it. Off unless a reload token is configured.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use hmac::{Hmac, KeyInit, Mac};
use serde::Serialize;
use sha2::Sha256;
use utoipa::ToSchema;

use crate::publishing::Trigger;
use crate::web::AppState;
use crate::web::error::{ApiError, WebError};

use super::schema::ErrorBody;

/// A push event of a large repository; what is read is only signed, never parsed.
pub const MAX_EVENT_BYTES: usize = 5 * 1024 * 1024;

/// What the publication did, course folder names in each list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Reloaded {
    /// Courses whose files compiled: published at that version.
    pub published: Vec<String>,
    /// Of those, the ones that got a new version now.
    pub new_versions: Vec<String>,
    /// Courses with errors that stay at their last good version.
    pub kept_last_good: Vec<String>,
    /// Courses with errors and no earlier good version: not published.
    pub rejected: Vec<String>,
    /// Courses whose folder is gone: out of the catalogue, kept for those enrolled.
    pub withdrawn: Vec<String>,
}

#[utoipa::path(post, path = "/api/v1/courses/reload", tag = "operations", security(("reload_token" = [])),
    description = "Send the reload token as `Authorization: Bearer` (Gitea, scripts) or `X-Gitlab-Token` (GitLab), or sign the body with it as GitHub does (`X-Hub-Signature-256`). The body, the git host's event, is not read otherwise.",
    request_body(content = String, description = "Any body, such as the git host's push event", content_type = "application/json"),
    responses((status = 200, description = "The folder was compiled and what changed registered", body = Reloaded),
        (status = 401, description = "No valid reload token or signature", body = ErrorBody),
        (status = 404, description = "No reload token is configured: the webhook is off", body = ErrorBody),
        (status = 503, description = "The courses folder cannot be read; the published versions stay", body = ErrorBody)))]
pub async fn reload(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let Some(expected) = &state.courses_reload_token else {
        return Err(ApiError(WebError::NotFound));
    };
    if !authorised(&req, &body, expected.expose()) {
        return Err(ApiError(WebError::Unauthorized(
            "Send the reload token as a bearer token or X-Gitlab-Token, or sign the body with it (X-Hub-Signature-256).".into(),
        )));
    }
    let done = state.publisher.publish(Trigger::Webhook).await?;
    Ok(HttpResponse::Ok().json(Reloaded {
        published: done.published,
        new_versions: done.new_versions,
        kept_last_good: done.kept_last_good,
        rejected: done.rejected,
        withdrawn: done.withdrawn,
    }))
}

/// The token as a bearer token or GitLab's header, or a valid HMAC-SHA256 of the body
/// keyed with it; every comparison takes the same time whatever matches.
fn authorised(req: &HttpRequest, body: &[u8], token: &str) -> bool {
    let header = |name: header::HeaderName| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let bearer =
        header(header::AUTHORIZATION).and_then(|v| v.strip_prefix("Bearer ").map(str::to_owned));
    let gitlab = header(header::HeaderName::from_static("x-gitlab-token"));
    let given = bearer.or(gitlab);
    if given.is_some_and(|given| crate::auth::csrf::matches(token, &given)) {
        return true;
    }
    header(header::HeaderName::from_static("x-hub-signature-256"))
        .and_then(|v| {
            v.strip_prefix("sha256=")
                .and_then(|hex| hex::decode(hex).ok())
        })
        .is_some_and(|signature| signed_with(token, body, &signature))
}

fn signed_with(token: &str, body: &[u8], signature: &[u8]) -> bool {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(token.as_bytes()) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(signature).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_signed_with_the_token_is_accepted_and_any_other_is_not() {
        let token = "a-reload-token-of-at-least-32-characters";
        let body = br#"{"ref":"refs/heads/main"}"#;
        let mut mac = Hmac::<Sha256>::new_from_slice(token.as_bytes()).unwrap();
        mac.update(body);
        let signature = mac.finalize().into_bytes();
        assert!(signed_with(token, body, &signature));
        assert!(!signed_with(token, b"{}", &signature));
        assert!(!signed_with(
            "another-token-of-at-least-32-chars",
            body,
            &signature
        ));
        assert!(!signed_with(token, body, &signature[..16]));
    }
}
