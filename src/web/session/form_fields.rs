//! A form posted by someone signed in whose fields are not known in advance (one per
//! question), read as its fields in order with repeated names kept, as checkbox groups
//! send them. Its CSRF token is checked and taken out, and the page's own [`PageForm`]
//! reads the rest with the address's two segments, before the handler runs.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};

use crate::web::error::WebError;
use crate::web::render::Frame;

use super::{PageUser, SignedIn, check_csrf, frame};

/// What a page reads from its posted fields; a field it does not expect is a refusal.
pub trait PageForm: Sized + 'static {
    /// `segments` are the address's two parameters (`/courses/{slug}/{lesson}/…`).
    fn read(segments: (String, String), fields: Vec<(String, String)>) -> Result<Self, WebError>;
}

/// A page's form as posted, with who posted it and the frame to show it again in.
#[derive(Debug)]
pub struct Posted<T> {
    pub user: SignedIn,
    pub frame: Frame,
    pub form: T,
}

impl<T: PageForm> FromRequest for Posted<T> {
    /// The body's own errors (too large) keep their status; ours are [`WebError`]s.
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, actix_web::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let user = PageUser::from_request(req, payload);
        let body = web::Bytes::from_request(req, payload);
        let segments = web::Path::<(String, String)>::from_request(req, payload);
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
            let form = T::read(segments.await?.into_inner(), fields)?;
            let frame = frame(&req, &user);
            Ok(Posted { user, frame, form })
        })
    }
}
