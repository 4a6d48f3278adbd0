//! The JSON API under `/api/v1`: the learner's journey and HR's reports for apps and
//! integrations, with bearer tokens. Its OpenAPI document is generated from these handlers.

pub mod assessment;
pub mod auth;
pub mod courses;
pub mod docs;
pub mod feedback;
pub mod hr_reports;
pub mod learner;
pub mod schema;

use actix_web::middleware::from_fn;
use actix_web::web;

use super::error::{ApiError, WebError};

/// Bodies above this are refused with 413: no request of this API needs more.
pub const MAX_JSON_BYTES: usize = 64 * 1024;

const SCOPE: &str = "/api/v1";

fn resource(pattern: &'static str) -> actix_web::Resource {
    super::scoped_resource(SCOPE, pattern)
}

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
    let query = web::QueryConfig::default()
        .error_handler(|err, _| ApiError(super::later_query::bad_query(&err)).into());
    cfg.service(
        web::scope(SCOPE)
            .wrap(from_fn(super::error_pages::as_json))
            .app_data(json)
            .app_data(path)
            .app_data(query)
            .service(resource("/openapi.json").get(docs::openapi))
            .service(resource("/auth/token").post(auth::token))
            .service(resource("/me").get(learner::me))
            .service(resource("/enrolments").get(learner::enrolments))
            .service(
                resource("/courses/reload")
                    .app_data(web::PayloadConfig::new(courses::MAX_EVENT_BYTES))
                    .post(courses::reload),
            )
            .service(resource("/courses/{slug}").get(learner::outline))
            .service(resource("/courses/{slug}/enrolment").post(learner::enrol))
            .service(resource("/courses/{slug}/lessons/{lesson}").get(learner::lesson))
            .service(resource("/courses/{slug}/lessons/{lesson}/progress").put(learner::mark_done))
            .service(
                resource("/courses/{slug}/lessons/{lesson}/attempts").post(learner::submit_quiz),
            )
            .service(
                resource("/courses/{slug}/lessons/{lesson}/feedback")
                    .get(feedback::mine)
                    .put(feedback::give),
            )
            .service(resource("/trainer/courses/{slug}/feedback").get(feedback::course))
            .service(resource("/courses/{slug}/assessment").get(assessment::get))
            .service(resource("/courses/{slug}/assessment/{phase}").post(assessment::submit))
            .service(resource("/reports/dashboard").get(hr_reports::dashboard))
            .service(resource("/reports/people").get(hr_reports::people))
            .service(resource("/reports/export.csv").get(hr_reports::export))
            .default_service(web::to(|| async {
                Err::<actix_web::HttpResponse, ApiError>(ApiError(WebError::NotFound))
            })),
    );
}
