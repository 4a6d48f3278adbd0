//! Extractors that open a page: who is signed in, with the page's frame, and for HR pages
//! the [`hr::Viewer`] whose scope every HR query is limited to. A handler that takes one
//! starts at its own work; one that is refused never runs.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};

use crate::domain::Role;
use crate::hr;
use crate::web::error::WebError;
use crate::web::render::Frame;

use super::{PageUser, SignedIn, frame};

/// A page for anyone signed in: without a session, a redirect to the sign-in page.
#[derive(Debug)]
pub struct SignedInPage {
    pub user: SignedIn,
    pub frame: Frame,
}

/// An HR page: HR officers and admins only, each within their scope.
#[derive(Debug)]
pub struct HrPage {
    pub user: SignedIn,
    pub viewer: hr::Viewer,
    pub frame: Frame,
}

/// An admin page: admins only. Forms posted from these pages check their CSRF token first
/// and then the role with [`super::require_admin`], so that a forged form is refused as
/// forged whoever sends it.
#[derive(Debug)]
pub struct AdminPage {
    pub user: SignedIn,
    pub frame: Frame,
}

/// A page of the trainer's workspace: trainers and admins only.
#[derive(Debug)]
pub struct TrainerPage {
    pub user: SignedIn,
    pub frame: Frame,
}

impl FromRequest for SignedInPage {
    type Error = WebError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, WebError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let user = PageUser::from_request(req, payload);
        let req = req.clone();
        Box::pin(async move {
            let user = user.await?.0;
            let frame = frame(&req, &user);
            Ok(SignedInPage { user, frame })
        })
    }
}

impl FromRequest for HrPage {
    type Error = WebError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, WebError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let page = SignedInPage::from_request(req, payload);
        Box::pin(async move {
            let SignedInPage { user, frame } = page.await?;
            let viewer = hr::Viewer::of(&user.user, user.role)?;
            Ok(HrPage {
                user,
                viewer,
                frame,
            })
        })
    }
}

impl FromRequest for TrainerPage {
    type Error = WebError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, WebError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let page = SignedInPage::from_request(req, payload);
        Box::pin(async move {
            let SignedInPage { user, frame } = page.await?;
            if !matches!(user.role, Role::Trainer | Role::Admin) {
                return Err(WebError::Forbidden(
                    "The course workspace is for trainers and administrators.".into(),
                ));
            }
            Ok(TrainerPage { user, frame })
        })
    }
}

impl FromRequest for AdminPage {
    type Error = WebError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, WebError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let page = SignedInPage::from_request(req, payload);
        Box::pin(async move {
            let SignedInPage { user, frame } = page.await?;
            let user = super::guards::admin(user)?;
            Ok(AdminPage { user, frame })
        })
    }
}
