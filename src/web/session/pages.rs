//! Extractors that open a page: who is signed in, with the page's frame, and for HR pages
//! the [`hr::Viewer`] whose scope every HR query is limited to. A handler that takes one
//! starts at its own work; one that is refused never runs.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};

use crate::domain::Role;
use crate::hr;
use crate::reports::{Filter, RawFilter};
use crate::web::error::WebError;
use crate::web::later_query::LaterQuery;
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

/// An HR report page: an [`HrPage`], then the report filter from the query string. The
/// filter is read only once the viewer is known, so a person without access gets 403 and
/// not a parse error about the report.
#[derive(Debug)]
pub struct HrReportPage {
    pub page: HrPage,
    pub filter: Filter,
}

type PageFuture<T> = Pin<Box<dyn Future<Output = Result<T, WebError>>>>;

/// A page for anyone signed in, then `admit`: who else may see it.
fn signed_in_then<T: 'static>(
    req: &HttpRequest,
    payload: &mut Payload,
    admit: fn(SignedInPage) -> Result<T, WebError>,
) -> PageFuture<T> {
    let page = SignedInPage::from_request(req, payload);
    Box::pin(async move { admit(page.await?) })
}

impl FromRequest for SignedInPage {
    type Error = WebError;
    type Future = PageFuture<Self>;

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
    type Future = PageFuture<Self>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        signed_in_then(req, payload, |SignedInPage { user, frame }| {
            let viewer = hr::Viewer::of(&user.user, user.role)?;
            Ok(HrPage {
                user,
                viewer,
                frame,
            })
        })
    }
}

impl FromRequest for HrReportPage {
    type Error = WebError;
    type Future = PageFuture<Self>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let page = HrPage::from_request(req, payload);
        let query = LaterQuery::<RawFilter>::of(req);
        Box::pin(async move {
            let page = page.await?;
            let filter = Filter::parse(&query.parse()?)?;
            Ok(HrReportPage { page, filter })
        })
    }
}

impl FromRequest for TrainerPage {
    type Error = WebError;
    type Future = PageFuture<Self>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        signed_in_then(req, payload, |SignedInPage { user, frame }| {
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
    type Future = PageFuture<Self>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        signed_in_then(req, payload, |SignedInPage { user, frame }| {
            let user = super::guards::admin(user)?;
            Ok(AdminPage { user, frame })
        })
    }
}
