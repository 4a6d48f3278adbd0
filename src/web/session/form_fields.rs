//! A form posted by someone signed in, read as its fields in order, with repeated names
//! kept as checkbox groups send them, for forms whose fields are not known in advance
//! (one per question). Its CSRF token is checked and taken out before the handler runs.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};

use crate::web::error::WebError;

use super::{PageUser, SignedIn, check_csrf};

#[derive(Debug)]
pub struct SignedInForm {
    pub user: SignedIn,
    /// Every field but `csrf`, in the order sent.
    pub fields: Vec<(String, String)>,
}

impl FromRequest for SignedInForm {
    /// The body's own errors (too large) keep their status; ours are [`WebError`]s.
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, actix_web::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let user = PageUser::from_request(req, payload);
        let body = web::Bytes::from_request(req, payload);
        let req = req.clone();
        Box::pin(async move {
            let user = user.await?.0;
            let body = body.await?;
            let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&body)
                .map_err(|_| WebError::BadRequest("The form could not be read.".into()))?;
            let (csrf, fields): (Vec<_>, Vec<_>) =
                fields.into_iter().partition(|(key, _)| key == "csrf");
            let token = csrf.first().map_or("", |(_, value)| value.as_str());
            check_csrf(&req, token)?;
            Ok(SignedInForm { user, fields })
        })
    }
}
