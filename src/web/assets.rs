//! The design system's files (`assets/design/`) and the organisation's logo: the same for
//! everyone, so they may be cached. The style sheet is the tokens, the base and the layout,
//! then one file per component, in that order.

use actix_web::http::header;
use actix_web::{HttpResponse, web};

use super::error::WebError;
use super::{AppState, resource};

const STYLE: &str = concat!(
    include_str!("../../assets/design/tokens.css"),
    include_str!("../../assets/design/base.css"),
    include_str!("../../assets/design/layout.css"),
    include_str!("../../assets/design/components/buttons.css"),
    include_str!("../../assets/design/components/forms.css"),
    include_str!("../../assets/design/components/options.css"),
    include_str!("../../assets/design/components/status.css"),
    include_str!("../../assets/design/components/alerts.css"),
    include_str!("../../assets/design/components/cards.css"),
    include_str!("../../assets/design/components/tables.css"),
    include_str!("../../assets/design/components/charts.css"),
    include_str!("../../assets/design/components/results.css"),
    include_str!("../../assets/design/components/content.css"),
    include_str!("../../assets/design/components/trainer.css"),
);
const ICON: &str = include_str!("../../assets/design/favicon.svg");

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(resource("/static/app.css").get(style))
        .service(resource("/static/favicon.svg").get(icon))
        .service(resource("/static/logo").get(logo));
}

fn cached(content_type: &'static str) -> actix_web::HttpResponseBuilder {
    let mut response = HttpResponse::Ok();
    response
        .content_type(content_type)
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"));
    response
}

async fn style() -> HttpResponse {
    cached("text/css; charset=utf-8").body(STYLE)
}

async fn icon() -> HttpResponse {
    cached("image/svg+xml").body(ICON)
}

/// The logo; an SVG one may not run scripts or load anything, whoever made it.
async fn logo(state: web::Data<AppState>) -> Result<HttpResponse, WebError> {
    let logo = state.logo.as_ref().ok_or(WebError::NotFound)?;
    Ok(cached(logo.content_type())
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        ))
        .body(logo.bytes().to_vec()))
}
