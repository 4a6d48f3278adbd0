//! The SCIM boundary's error, mapped to HTTP here: a SCIM error body for everything, and
//! for failures an opaque 500 after the cause chain is logged.

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpResponse, ResponseError};

use crate::provisioning::ProvisioningError;
use crate::provisioning::tokens::TokenError;
use crate::scim::{CONTENT_TYPE, ScimError};
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ScimFailure {
    #[error(transparent)]
    Refused(#[from] ScimError),
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl ScimFailure {
    pub fn unauthorized() -> Self {
        Self::Refused(ScimError::plain(
            401,
            "A valid bearer token is required: Authorization: Bearer <token from `bryggan scim token create`>.",
        ))
    }

    fn error(&self) -> ScimError {
        match self {
            Self::Refused(err) => err.clone(),
            Self::Internal(_) => ScimError::plain(500, "Internal error."),
        }
    }
}

impl From<ProvisioningError> for ScimFailure {
    fn from(err: ProvisioningError) -> Self {
        match err {
            ProvisioningError::Refused(err) => Self::Refused(err),
            other => Self::Internal(other.into()),
        }
    }
}

impl From<StoreError> for ScimFailure {
    fn from(err: StoreError) -> Self {
        Self::Internal(err.into())
    }
}

impl From<TokenError> for ScimFailure {
    fn from(err: TokenError) -> Self {
        Self::Internal(err.into())
    }
}

impl ResponseError for ScimFailure {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.error().status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::Internal(err) = self {
            tracing::error!(error = ?err, "SCIM request failed");
        }
        let error = self.error();
        let mut response = HttpResponse::build(self.status_code());
        response.content_type(CONTENT_TYPE);
        if error.status == 401 {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer realm=\"scim\""));
        }
        response.body(error.body().to_string())
    }
}
