//! `GET /metrics` for Prometheus: from this host (a scraper beside the server), or with
//! the configured bearer token. A request relayed by a proxy is not from this host, even
//! when the proxy is.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;

use super::AppState;
use super::error::WebError;

pub async fn metrics(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, WebError> {
    if !allowed(&req, &state) {
        return Err(WebError::Forbidden(
            "Metrics are for this host, or for a scraper with the metrics token.".into(),
        ));
    }
    let text = state
        .metrics
        .render(&state.db, Utc::now())
        .await
        .map_err(WebError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(text))
}

fn allowed(req: &HttpRequest, state: &AppState) -> bool {
    let relayed = req.headers().contains_key(header::FORWARDED)
        || req.headers().contains_key("x-forwarded-for");
    let local = req.peer_addr().is_some_and(|a| a.ip().is_loopback()) && !relayed;
    let token = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let with_token = match (&state.metrics_token, token) {
        (Some(expected), Some(given)) => crate::auth::csrf::matches(expected.expose(), given),
        _ => false,
    };
    local || with_token
}
