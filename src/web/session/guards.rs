//! What a page checks before it acts: the admin role, and the CSRF field of a form whose
//! only field it is (see [`super::check_csrf`]).

use serde::Deserialize;

use crate::domain::Role;
use crate::web::error::WebError;

use super::{PageUser, SignedIn};

/// A form whose only field is its CSRF token.
#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

impl CsrfForm {
    pub fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// The signed-in user if they are an admin; anyone else is refused.
pub fn require_admin(user: PageUser) -> Result<SignedIn, WebError> {
    admin(user.0)
}

pub(super) fn admin(user: SignedIn) -> Result<SignedIn, WebError> {
    if user.role == Role::Admin {
        Ok(user)
    } else {
        Err(WebError::Forbidden(
            "You do not have access to this page.".into(),
        ))
    }
}
