//! The pages, server-rendered, usable without JavaScript: the learner's, HR's and the
//! admin's.

pub mod admin;
pub mod assessment;
mod audit_words;
pub mod auth;
pub mod certificates;
pub mod courses;
pub mod hr;
pub mod language;
pub mod lessons;
pub mod media;
pub mod my_data;
pub mod provisioning;
mod question_form;
pub mod quiz;
pub mod sign_in_link;
mod sso;
pub mod trainer;
mod trainer_view;

use actix_web::http::header;
use actix_web::{HttpResponse, web};

use super::resource;

/// The "303 See Other" that follows every successful form post.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location.to_owned()))
        .finish()
}

/// Every page, one resource per path with a handler per method, so that a path asked for
/// with another method answers 405 with `Allow`. A path is matched against the resources in
/// this order and the first match answers, so a literal segment (`enrol`, `assessment`,
/// `media`) comes before the `{lesson}` it would otherwise fall into; the compiler reserves
/// those names. Lessons are most of the traffic and are matched early, since every
/// dynamic pattern tried before them costs a regex match.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(resource("/").get(courses::home))
        .service(
            resource("/sign-in")
                .get(auth::sign_in_page)
                .post(auth::sign_in),
        )
        .service(resource("/sign-out").post(auth::sign_out))
        .service(resource("/sign-in/oidc").get(sso::start))
        .service(resource("/sign-in/oidc/callback").get(sso::callback))
        .service(resource("/sign-in/link").post(sign_in_link::request))
        .service(
            resource("/sign-in/link/{token}")
                .get(sign_in_link::confirm_page)
                .post(sign_in_link::sign_in),
        )
        .service(resource("/courses").get(courses::my_courses))
        .service(resource("/my-data").get(my_data::page))
        .service(resource("/my-data.json").get(my_data::download))
        .service(resource("/courses/{slug}/assessment").get(assessment::page))
        .service(resource("/courses/{slug}/enrol").post(courses::enrol))
        .service(resource("/courses/{slug}/{lesson}").get(lessons::lesson_page))
        .service(resource("/courses/{slug}").get(courses::course_page))
        .service(resource("/courses/{slug}/media/{path:.*}").get(media::media))
        .service(resource("/courses/{slug}/assessment/{phase}").post(assessment::submit))
        .service(resource("/courses/{slug}/{lesson}/answers").post(quiz::submit))
        .service(resource("/courses/{slug}/{lesson}/done").post(lessons::mark_done))
        .service(resource("/courses/{slug}/{lesson}/feedback").post(lessons::give_feedback))
        .service(resource("/courses/{slug}/{lesson}/attempts/{number}").get(quiz::result))
        .service(resource("/hr").get(hr::dashboard::dashboard))
        .service(resource("/hr/evaluation").get(hr::evaluation::page))
        .service(resource("/hr/evaluation.csv").get(hr::evaluation::export_csv))
        .service(resource("/hr/people").get(hr::people::people))
        .service(resource("/hr/export.csv").get(hr::people::export_csv))
        .service(
            resource("/hr/assignments")
                .get(hr::assignments::assignments_page)
                .post(hr::assignments::create),
        )
        .service(resource("/hr/assignments/{id}/remove").post(hr::assignments::remove))
        .service(
            resource("/hr/import")
                .get(hr::upload::import_page)
                .post(hr::upload::upload),
        )
        .service(resource("/hr/import/{token}/apply").post(hr::upload::apply))
        .service(resource("/admin/audit").get(admin::audit_log))
        .service(resource("/admin/audit.csv").get(admin::audit_csv))
        .service(resource("/admin/outbox").get(admin::failed_mail))
        .service(resource("/admin/outbox/{id}/retry").post(admin::retry_mail))
        .service(resource("/verify").get(certificates::verify_form))
        .service(resource("/verify/{code}").get(certificates::verify))
        .service(resource("/certificates/{file}").get(certificates::download))
        .service(resource("/admin/provisioning").get(provisioning::page))
        .service(resource("/admin/provisioning/{hold}/{decision}").post(provisioning::decide))
        .service(resource("/admin/certificates").get(certificates::admin_page))
        .service(resource("/admin/certificates/{code}/revoke").post(certificates::revoke))
        .service(resource("/trainer").get(trainer::overview))
        .service(resource("/trainer/publish").post(trainer::publish))
        .service(resource("/trainer/courses/{slug}").get(trainer::course))
        .service(resource("/language").post(language::switch))
        .service(
            resource("/tillganglighet")
                .get(language::statement)
                .post(language::report),
        );
}
