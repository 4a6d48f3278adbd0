//! The pages, server-rendered, usable without JavaScript: the learner's, HR's and the
//! admin's.

pub mod admin;
pub mod assessment;
pub mod auth;
pub mod certificates;
pub mod courses;
pub mod hr;
pub mod language;
pub mod lessons;
pub mod media;
pub mod quiz;
pub mod sign_in_link;

use actix_web::HttpResponse;
use actix_web::http::header;

/// The "303 See Other" that follows every successful form post.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location.to_owned()))
        .finish()
}
