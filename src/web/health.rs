//! Liveness and readiness for load balancers and orchestrators.

use actix_web::{HttpResponse, web};

use super::AppState;

/// The process is up.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

/// The process can serve: the database answers.
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    if crate::store::ping(&state.db).await {
        HttpResponse::Ok().json(serde_json::json!({ "status": "ready" }))
    } else {
        tracing::warn!("readiness check: the database does not answer");
        HttpResponse::ServiceUnavailable()
            .json(serde_json::json!({ "status": "database unavailable" }))
    }
}
