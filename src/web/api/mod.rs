//! The JSON API under `/api/v1`: the learner's journey and HR's reports for apps and
//! integrations, with bearer tokens. Its OpenAPI document is generated from these handlers.

pub mod assessment;
pub mod auth;
pub mod docs;
pub mod learner;
pub mod reports;
pub mod schema;

use actix_web::web;

use super::error::{ApiError, WebError};

/// Bodies above this are refused with 413: no request of this API needs more.
pub const MAX_JSON_BYTES: usize = 64 * 1024;

pub fn configure(cfg: &mut web::ServiceConfig) {
    let json = web::JsonConfig::default()
        .limit(MAX_JSON_BYTES)
        .error_handler(|err, _| {
            let error = match err {
                actix_web::error::JsonPayloadError::Overflow { .. }
                | actix_web::error::JsonPayloadError::OverflowKnownLength { .. } => {
                    WebError::TooLarge
                }
                actix_web::error::JsonPayloadError::ContentType => {
                    WebError::BadRequest("Send JSON with Content-Type: application/json.".into())
                }
                other => WebError::BadRequest(format!("The JSON body is invalid: {other}")),
            };
            ApiError(error).into()
        });
    let path = web::PathConfig::default()
        .error_handler(|err, _| ApiError(WebError::BadRequest(err.to_string())).into());
    cfg.service(
        web::scope("/api/v1")
            .app_data(json)
            .app_data(path)
            .route("/openapi.json", web::get().to(docs::openapi))
            .route("/auth/token", web::post().to(auth::token))
            .route("/me", web::get().to(learner::me))
            .route("/enrolments", web::get().to(learner::enrolments))
            .route("/courses/{slug}", web::get().to(learner::outline))
            .route("/courses/{slug}/enrolment", web::post().to(learner::enrol))
            .route(
                "/courses/{slug}/lessons/{lesson}",
                web::get().to(learner::lesson),
            )
            .route(
                "/courses/{slug}/lessons/{lesson}/progress",
                web::put().to(learner::mark_done),
            )
            .route(
                "/courses/{slug}/lessons/{lesson}/attempts",
                web::post().to(learner::submit_quiz),
            )
            .route("/courses/{slug}/assessment", web::get().to(assessment::get))
            .route(
                "/courses/{slug}/assessment/{phase}",
                web::post().to(assessment::submit),
            )
            .route("/reports/dashboard", web::get().to(reports::dashboard))
            .route("/reports/people", web::get().to(reports::people))
            .route("/reports/export.csv", web::get().to(reports::export))
            .default_service(web::to(|| async {
                Err::<actix_web::HttpResponse, ApiError>(ApiError(WebError::NotFound))
            })),
    );
}
