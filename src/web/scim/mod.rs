//! SCIM 2.0 at `/scim/v2`, for the organisation's directory (Entra ID and others), with
//! its own bearer tokens and its own error format.

mod auth;
mod discovery;
pub mod error;
mod request;
mod users;

use actix_web::web;

const SCOPE: &str = "/scim/v2";

fn resource(pattern: &'static str) -> actix_web::Resource {
    super::scoped_resource(SCOPE, pattern).default_service(web::to(discovery::method_not_allowed))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope(SCOPE)
            .service(resource("/ServiceProviderConfig").get(discovery::service_provider_config))
            .service(resource("/ResourceTypes").get(discovery::resource_types))
            .service(resource("/ResourceTypes/{id}").get(discovery::resource_type))
            .service(resource("/Schemas").get(discovery::schemas))
            .service(resource("/Schemas/{id}").get(discovery::schema))
            .service(resource("/.search").post(discovery::search_everything))
            .service(
                resource("/Users")
                    .get(users::list_users)
                    .post(users::create_user),
            )
            .service(resource("/Users/.search").post(users::search_users))
            .service(
                resource("/Users/{id}")
                    .get(users::get_user)
                    .put(users::replace_user)
                    .patch(users::patch_user)
                    .delete(users::delete_user),
            )
            .default_service(web::to(discovery::not_found)),
    );
}
