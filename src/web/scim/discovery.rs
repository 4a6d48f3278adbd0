//! The discovery endpoints (RFC 7644 §4), read-only.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::auth::DirectoryClient;
use super::error::ScimFailure;
use super::request::respond;
use crate::scim::{ScimError, discovery};
use crate::web::AppState;

type Reply = Result<HttpResponse, ScimFailure>;

fn base(state: &AppState) -> String {
    format!("{}/scim/v2", state.public_url)
}

pub async fn service_provider_config(
    state: web::Data<AppState>,
    _client: DirectoryClient,
) -> Reply {
    let body = discovery::service_provider_config(&base(&state));
    Ok(respond(StatusCode::OK, &body))
}

pub async fn resource_types(state: web::Data<AppState>, _client: DirectoryClient) -> Reply {
    Ok(respond(
        StatusCode::OK,
        &discovery::resource_types(&base(&state)),
    ))
}

pub async fn resource_type(
    state: web::Data<AppState>,
    _client: DirectoryClient,
    id: web::Path<String>,
) -> Reply {
    if !id.eq_ignore_ascii_case("User") {
        return Err(ScimError::not_found(format!("There is no resource type {id:?}.")).into());
    }
    Ok(respond(
        StatusCode::OK,
        &discovery::user_resource_type(&base(&state)),
    ))
}

pub async fn schemas(state: web::Data<AppState>, _client: DirectoryClient) -> Reply {
    Ok(respond(StatusCode::OK, &discovery::schemas(&base(&state))))
}

pub async fn schema(
    state: web::Data<AppState>,
    _client: DirectoryClient,
    id: web::Path<String>,
) -> Reply {
    match discovery::schema(&base(&state), &id) {
        Some(schema) => Ok(respond(StatusCode::OK, &schema)),
        None => Err(ScimError::not_found(format!("There is no schema {id:?}.")).into()),
    }
}

/// A search across resource types: Bryggan serves one, so it is not implemented.
pub async fn search_everything(_client: DirectoryClient) -> Reply {
    Err(ScimError::plain(501, "Search Users at /Users/.search.").into())
}

pub async fn method_not_allowed() -> Reply {
    Err(ScimError::plain(405, "This endpoint does not take that method.").into())
}

pub async fn not_found() -> Reply {
    Err(ScimError::not_found("There is no such SCIM endpoint.").into())
}
