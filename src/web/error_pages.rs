//! Error answers in the reader's terms: a page in the reader's language for the pages, the
//! JSON error body for the API, and for a method a path does not take, 405 with `Allow`.
//!
//! A [`WebError`] becomes a response without the request, so it cannot know the reader's
//! language; these middlewares, which have the request, write the answer again.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, ResponseError};

use super::error::{ApiError, WebError};
use super::session::{anonymous_frame, signed_in};

/// `HEAD` is answered as `GET` (the server sends no body for it), so every page and API
/// operation that reads also answers `HEAD`.
pub async fn head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    next.call(req).await
}

/// Pages: the error page again, in the signed-in person's language or the visitor's.
pub async fn in_readers_language(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let res = next.call(req).await?;
    let Some(error) = answered_error(&res) else {
        return Ok(res.map_into_left_body());
    };
    let lang = match signed_in(res.request()).await {
        Some(user) => user.locale,
        None => anonymous_frame(res.request()).lang,
    };
    Ok(replace(res, |_| error.page(lang)))
}

/// The API: a method the path does not take gets the API's JSON error, like every other.
pub async fn as_json(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let res = next.call(req).await?;
    if res.status() != StatusCode::METHOD_NOT_ALLOWED || res.response().error().is_some() {
        return Ok(res.map_into_left_body());
    }
    Ok(replace(res, |_| {
        ApiError(WebError::MethodNotAllowed).error_response()
    }))
}

/// The error a page answered with: a handler's or an extractor's, or the router's bare 405.
fn answered_error<B>(res: &ServiceResponse<B>) -> Option<WebError> {
    match res.response().error() {
        Some(err) => err.as_error::<WebError>().map(WebError::same_answer),
        None if res.status() == StatusCode::METHOD_NOT_ALLOWED => Some(WebError::MethodNotAllowed),
        None => None,
    }
}

/// The same request answered by `make`, keeping the `Allow` the router set and any cookie
/// the answer carried.
fn replace<B>(
    res: ServiceResponse<B>,
    make: impl FnOnce(&HttpResponse<B>) -> HttpResponse,
) -> ServiceResponse<EitherBody<B>> {
    let (req, old) = res.into_parts();
    let mut new = make(&old);
    for name in [header::ALLOW, header::SET_COOKIE, header::WWW_AUTHENTICATE] {
        for value in old.headers().get_all(&name) {
            new.headers_mut().append(name.clone(), value.clone());
        }
    }
    ServiceResponse::new(req, new).map_into_right_body()
}
