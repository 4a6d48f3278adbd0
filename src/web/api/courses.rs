//! `POST /api/v1/courses/reload`: the git host's webhook publishes the courses folder, for
//! deployments where the server cannot watch it. Off unless a reload token is configured.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::publishing::Trigger;
use crate::web::AppState;
use crate::web::error::{ApiError, WebError};

use super::schema::ErrorBody;

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
    responses((status = 200, description = "The folder was compiled and what changed registered", body = Reloaded),
        (status = 401, description = "No valid reload token", body = ErrorBody),
        (status = 404, description = "No reload token is configured: the webhook is off", body = ErrorBody),
        (status = 503, description = "The courses folder cannot be read; the published versions stay", body = ErrorBody)))]
pub async fn reload(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let Some(expected) = &state.courses_reload_token else {
        return Err(ApiError(WebError::NotFound));
    };
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if !given.is_some_and(|given| crate::auth::csrf::matches(expected.expose(), given)) {
        return Err(ApiError(WebError::Unauthorized(
            "Send the reload token as a bearer token.".into(),
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
