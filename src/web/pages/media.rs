//! A course's images and files, from the version the learner is on.

use actix_web::http::header;
use actix_web::{HttpResponse, web};

use crate::store::courses;
use crate::web::AppState;
use crate::web::error::WebError;
use crate::web::session::PageUser;

pub async fn media(
    state: web::Data<AppState>,
    user: PageUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, WebError> {
    let (slug, file) = path.into_inner();
    let course_state = state.learning().course_state(user.0.id(), &slug).await?;
    let version = course_state
        .enrolment
        .as_ref()
        .map(|e| e.course_version_id)
        .or(course_state.row.current_version_id)
        .ok_or(WebError::NotFound)?;
    let name = format!("media/{file}");
    let bytes = courses::media(&state.db, version, &name)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type(content_type(&name))
        // An SVG or HTML file opened directly must not run script on this origin.
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
        ))
        .insert_header((header::CACHE_CONTROL, "private, max-age=86400, immutable"))
        .body(bytes))
}

fn content_type(name: &str) -> &'static str {
    let extension = name
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    match extension.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "pdf" => "application/pdf",
        "mp3" => "audio/mpeg",
        "mp4" => "video/mp4",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}
