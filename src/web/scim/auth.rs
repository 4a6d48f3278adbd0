//! The directory's bearer token, checked before any SCIM handler runs.

use std::future::Future;
use std::pin::Pin;

use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};

use super::error::ScimFailure;
use crate::provisioning::{Directory, tokens};
use crate::web::AppState;

/// A request from a directory that presented a token in use.
pub struct DirectoryClient(pub Directory);

impl FromRequest for DirectoryClient {
    type Error = ScimFailure;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let presented = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                let (scheme, token) = v.trim().split_once(' ')?;
                scheme
                    .eq_ignore_ascii_case("bearer")
                    .then(|| token.trim().to_owned())
            });
        Box::pin(async move {
            let (Some(state), Some(presented)) = (state, presented) else {
                return Err(ScimFailure::unauthorized());
            };
            let now = chrono::Utc::now();
            match tokens::authenticate(&state.db, &presented, now).await? {
                Some(token) => Ok(Self(Directory {
                    token_name: token.name,
                })),
                None => Err(ScimFailure::unauthorized()),
            }
        })
    }
}
