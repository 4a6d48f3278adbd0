//! Liveness and readiness for load balancers and orchestrators.

use actix_web::{HttpResponse, web};

use super::AppState;

/// The process is up.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

/// The process can serve: the database answers, and, when single sign-on is the only
/// way in, the identity provider does too.
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    if !crate::store::ping(&state.db).await {
        tracing::warn!("readiness check: the database does not answer");
        return HttpResponse::ServiceUnavailable()
            .json(serde_json::json!({ "status": "database unavailable" }));
    }
    if let (Some(provider), false) = (state.sso.as_deref(), state.password_sign_in)
        && !provider.reachable().await
    {
        tracing::warn!("readiness check: the identity provider does not answer");
        return HttpResponse::ServiceUnavailable()
            .json(serde_json::json!({ "status": "identity provider unavailable" }));
    }
    HttpResponse::Ok().json(serde_json::json!({ "status": "ready" }))
}
