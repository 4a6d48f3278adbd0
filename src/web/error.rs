//! The web layer's one error type, and the one place it is mapped to HTTP.
//!
//! Client mistakes get a clear message; everything else is logged with its cause chain and
//! answered with an opaque 500 or 503.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentType};
use actix_web::{HttpResponse, ResponseError};

use crate::accounts::link::LinkError;
use crate::domain::Language;
use crate::hr::HrError;
use crate::learning::LearningError;
use crate::learning::certify::RevokeError;
use crate::privacy::PrivacyError;
use crate::reports::FilterError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// Pages redirect to the sign-in page and come back to `next`; the API answers 401.
    #[error("sign-in required")]
    SignInRequired { next: String },
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    TooManyRequests(String),
    #[error("the request body is too large")]
    TooLarge,
    #[error("this address does not take that method")]
    MethodNotAllowed,
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
    #[error("service unavailable")]
    Unavailable(#[source] anyhow::Error),
}

impl WebError {
    pub fn internal(err: impl Into<anyhow::Error>) -> Self {
        WebError::Internal(err.into())
    }

    /// The message a client may see: never the text of an internal error.
    pub fn public_message(&self) -> String {
        match self {
            WebError::SignInRequired { .. } => "Sign-in required.".into(),
            WebError::NotFound => "Not found.".into(),
            WebError::Internal(_) => "Internal error.".into(),
            WebError::Unavailable(_) => "The service is unavailable; try again shortly.".into(),
            other => other.to_string(),
        }
    }

    /// An error that answers as this one does, for writing its answer again: an internal
    /// error's cause has been logged and is never shown, so it is not carried over.
    pub fn same_answer(&self) -> WebError {
        match self {
            WebError::SignInRequired { next } => WebError::SignInRequired { next: next.clone() },
            WebError::Unauthorized(m) => WebError::Unauthorized(m.clone()),
            WebError::Forbidden(m) => WebError::Forbidden(m.clone()),
            WebError::NotFound => WebError::NotFound,
            WebError::BadRequest(m) => WebError::BadRequest(m.clone()),
            WebError::Conflict(m) => WebError::Conflict(m.clone()),
            WebError::TooManyRequests(m) => WebError::TooManyRequests(m.clone()),
            WebError::TooLarge => WebError::TooLarge,
            WebError::MethodNotAllowed => WebError::MethodNotAllowed,
            WebError::Internal(_) => WebError::Internal(anyhow::anyhow!("answered")),
            WebError::Unavailable(_) => WebError::Unavailable(anyhow::anyhow!("answered")),
        }
    }

    /// The error page in `lang`: short, plain and self-contained, its words from the
    /// catalogues. A detail written for the client (in English) is marked as such.
    pub fn page(&self, lang: Language) -> HttpResponse {
        if let WebError::SignInRequired { next } = self {
            let location = format!("/sign-in?next={}", urlencode(next));
            return HttpResponse::SeeOther()
                .insert_header((header::LOCATION, location))
                .finish();
        }
        let key = match self.status_code().as_u16() {
            401 => "error_401",
            403 => "error_403",
            404 => "error_404",
            405 => "error_405",
            409 => "error_409",
            413 => "error_413",
            429 => "error_429",
            500..=599 => "error_5xx",
            _ => "error_other",
        };
        let detail = match self {
            WebError::BadRequest(m)
            | WebError::Conflict(m)
            | WebError::Forbidden(m)
            | WebError::TooManyRequests(m) => {
                format!("<p lang=\"en\">{}</p>", super::escape::html(m))
            }
            _ => String::new(),
        };
        let body = format!(
            "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{code} · Bryggan</title><link rel=\"stylesheet\" href=\"/static/app.css\"></head><body><main id=\"main\"><h1>{message}</h1>{detail}<p><a href=\"/courses\">{courses}</a></p></main></body></html>",
            lang = lang.code(),
            code = self.status_code().as_u16(),
            message = text(lang, key),
            courses = text(lang, "nav_courses"),
        );
        HttpResponse::build(self.status_code())
            .content_type(ContentType::html())
            .body(body)
    }

    fn log(&self) {
        match self {
            WebError::Internal(err) | WebError::Unavailable(err) => {
                tracing::error!(error = ?err, "request failed");
            }
            _ => {}
        }
    }
}

impl From<StoreError> for WebError {
    fn from(err: StoreError) -> Self {
        WebError::Internal(err.into())
    }
}

impl From<HrError> for WebError {
    fn from(err: HrError) -> Self {
        match err {
            // Nothing about what exists outside the viewer's scope.
            HrError::Forbidden => {
                WebError::Forbidden("You do not have access to this page.".into())
            }
            HrError::UnknownDepartment(_) | HrError::UnknownAssignment(_) => WebError::NotFound,
            HrError::UnknownCourse(_)
            | HrError::Filter(_)
            | HrError::Invalid(_)
            | HrError::Assignment(_) => WebError::BadRequest(err.to_string()),
            HrError::File(problems) => WebError::BadRequest(format!(
                "The file was not imported: {}",
                problems
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            )),
            HrError::DirectoryOwnsStaff => WebError::Conflict(err.to_string()),
            HrError::Store(err) => err.into(),
            HrError::Notice(err) => WebError::internal(err),
        }
    }
}

impl From<HrError> for ApiError {
    fn from(err: HrError) -> Self {
        ApiError(err.into())
    }
}

impl From<crate::trainer::TrainerError> for WebError {
    fn from(err: crate::trainer::TrainerError) -> Self {
        match err {
            crate::trainer::TrainerError::CourseNotFound => WebError::NotFound,
            crate::trainer::TrainerError::Store(err) => err.into(),
        }
    }
}

/// A folder that cannot be read is the server's problem, not the requester's: the last
/// published versions stay, and it can be tried again.
impl From<crate::publishing::PublishError> for WebError {
    fn from(err: crate::publishing::PublishError) -> Self {
        match err {
            crate::publishing::PublishError::Store(err) => err.into(),
            other => WebError::Unavailable(other.into()),
        }
    }
}

impl From<LearningError> for WebError {
    fn from(err: LearningError) -> Self {
        match err {
            LearningError::CourseNotFound | LearningError::LessonNotFound => WebError::NotFound,
            LearningError::NotEnrolled => WebError::Forbidden(err.to_string()),
            LearningError::NotAQuiz | LearningError::Answers(_) | LearningError::Ratings(_) => {
                WebError::BadRequest(err.to_string())
            }
            LearningError::NoAssessment => WebError::NotFound,
            LearningError::AlreadySubmitted
            | LearningError::AssessmentClosed(_)
            | LearningError::AssessmentFirst => WebError::Conflict(err.to_string()),
            LearningError::Email(err) => WebError::internal(err),
            LearningError::Store(err) => err.into(),
        }
    }
}

impl ResponseError for WebError {
    fn status_code(&self) -> StatusCode {
        match self {
            WebError::SignInRequired { .. } => StatusCode::SEE_OTHER,
            WebError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            WebError::Forbidden(_) => StatusCode::FORBIDDEN,
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Conflict(_) => StatusCode::CONFLICT,
            WebError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            WebError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            WebError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// Pages: the error page in Swedish, which [`super::error_pages`] writes again in the
    /// reader's language where it knows the request.
    fn error_response(&self) -> HttpResponse {
        self.log();
        self.page(Language::Sv)
    }
}

/// The interface text for an error page, which is rendered without the app state: from
/// the same catalogues as every page.
fn text(lang: Language, key: &str) -> String {
    static CATALOGS: LazyLock<[BTreeMap<String, String>; 2]> = LazyLock::new(|| {
        let read = |source| toml::from_str(source).unwrap_or_default();
        [
            read(super::render::CATALOG_SV),
            read(super::render::CATALOG_EN),
        ]
    });
    let catalog = &CATALOGS[usize::from(lang == Language::En)];
    super::escape::html(catalog.get(key).map_or(key, String::as_str))
}

/// The same errors as JSON, for the API: `{"error": "…"}`.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct ApiError(#[from] pub WebError);

impl From<FilterError> for WebError {
    fn from(err: FilterError) -> Self {
        WebError::BadRequest(err.to_string())
    }
}

impl From<FilterError> for ApiError {
    fn from(err: FilterError) -> Self {
        ApiError(err.into())
    }
}

impl From<RevokeError> for WebError {
    fn from(err: RevokeError) -> Self {
        match err {
            RevokeError::NotFound => WebError::NotFound,
            RevokeError::AlreadyRevoked => WebError::Conflict(err.to_string()),
            RevokeError::Reason => WebError::BadRequest(err.to_string()),
            RevokeError::Store(err) => err.into(),
        }
    }
}

impl From<PrivacyError> for WebError {
    fn from(err: PrivacyError) -> Self {
        match err {
            PrivacyError::UnknownPerson(_) => WebError::NotFound,
            PrivacyError::Administrator(_) => WebError::Conflict(err.to_string()),
            PrivacyError::Store(err) => err.into(),
        }
    }
}

impl From<LinkError> for WebError {
    fn from(err: LinkError) -> Self {
        match err {
            LinkError::Invalid => WebError::BadRequest(err.to_string()),
            LinkError::Store(e) => e.into(),
            other => WebError::internal(other),
        }
    }
}

impl From<LearningError> for ApiError {
    fn from(err: LearningError) -> Self {
        ApiError(err.into())
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        ApiError(err.into())
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match &self.0 {
            WebError::SignInRequired { .. } => StatusCode::UNAUTHORIZED,
            other => other.status_code(),
        }
    }

    fn error_response(&self) -> HttpResponse {
        self.0.log();
        let mut response = HttpResponse::build(self.status_code());
        if matches!(self.0, WebError::SignInRequired { .. }) {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer realm=\"bryggan\""));
        }
        response.json(serde_json::json!({ "error": self.0.public_message() }))
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl From<crate::trainer::TrainerError> for ApiError {
    fn from(err: crate::trainer::TrainerError) -> Self {
        ApiError(err.into())
    }
}

impl From<crate::publishing::PublishError> for ApiError {
    fn from(err: crate::publishing::PublishError) -> Self {
        ApiError(err.into())
    }
}
