//! One log line and one metrics sample per request, under a request id. The id is the
//! proxy's `X-Request-Id` when it sent a plausible one, or a new one; it goes back in the
//! answer's `X-Request-Id` and tags every log line written while the request is handled,
//! its queries included, so one support ticket finds them all.

use std::borrow::Cow;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;
use tracing::Instrument;

use super::{AppState, RouteTemplate};

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

pub async fn log_request(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let id = request_id(req.headers().get(&REQUEST_ID));
    let method = req.method().clone();
    let path = req.path().to_owned();
    let span = tracing::info_span!("request", request_id = %id);
    let mut res = next.call(req).instrument(span.clone()).await?;
    let status = res.status().as_u16();
    let elapsed = started.elapsed();
    span.in_scope(|| {
        tracing::info!(%method, %path, status, micros = elapsed.as_micros() as u64, "request");
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID, value);
    }
    if let Some(state) = res.request().app_data::<web::Data<AppState>>() {
        let route = match res.request().app_data::<RouteTemplate>() {
            Some(RouteTemplate { scope: "", pattern }) => Cow::Borrowed(*pattern),
            Some(RouteTemplate { scope, pattern }) => Cow::Owned(format!("{scope}{pattern}")),
            None => Cow::Borrowed("unmatched"),
        };
        state
            .metrics
            .request(&route, method.as_str(), status, elapsed.as_secs_f64());
    }
    Ok(res)
}

/// The proxy's id if it is 1–64 characters of letters, digits, `-`, `_` and `.`
/// (anything else could forge log lines), else 16 random hex digits.
fn request_id(given: Option<&HeaderValue>) -> String {
    given
        .and_then(|value| value.to_str().ok())
        .filter(|id| {
            (1..=64).contains(&id.len())
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        })
        .map_or_else(|| crate::auth::random_hex(8), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plausible_id_from_the_proxy_is_kept() {
        let given = HeaderValue::from_static("3f2a-b9.c_1");
        assert_eq!(request_id(Some(&given)), "3f2a-b9.c_1");
    }

    #[test]
    fn an_id_that_could_forge_log_lines_is_replaced() {
        for bad in ["a b", "a\"b", "", &"x".repeat(65), "a}\n{"] {
            let given = HeaderValue::from_bytes(bad.as_bytes()).ok();
            let id = request_id(given.as_ref());
            assert_eq!(id.len(), 16, "{bad:?}");
            assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
        }
    }

    #[test]
    fn without_an_id_a_new_one_is_made() {
        assert_ne!(request_id(None), request_id(None));
    }
}
