//! A query string read only when the handler asks, after it has checked who is asking: a
//! person without access gets 403, not a parse error that tells them about the report.

use std::convert::Infallible;
use std::future::{Ready, ready};
use std::marker::PhantomData;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use serde::de::DeserializeOwned;

use super::error::WebError;

pub struct LaterQuery<T> {
    raw: String,
    parsed: PhantomData<T>,
}

impl<T> FromRequest for LaterQuery<T> {
    type Error = Infallible;
    type Future = Ready<Result<Self, Infallible>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(LaterQuery::of(req)))
    }
}

impl<T> LaterQuery<T> {
    /// The request's query string, kept unread.
    pub fn of(req: &HttpRequest) -> Self {
        LaterQuery {
            raw: req.query_string().to_owned(),
            parsed: PhantomData,
        }
    }
}

impl<T: DeserializeOwned> LaterQuery<T> {
    pub fn parse(&self) -> Result<T, WebError> {
        serde_urlencoded::from_str(&self.raw).map_err(|e| bad_query(&e))
    }
}

/// The answer to a query string that cannot be read, here and from `web::Query`.
pub fn bad_query(err: &dyn std::fmt::Display) -> WebError {
    WebError::BadRequest(format!("The query string cannot be read: {err}."))
}
