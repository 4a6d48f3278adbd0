//! The web layer: routes, sessions, pages and the JSON API. Handlers parse the request,
//! call [`crate::learning`] or [`crate::store`], and render.

pub mod api;
mod assets;
pub mod error;
pub mod error_pages;
mod escape;
pub mod form_errors;
pub mod fragments;
mod health;
mod helpers;
mod inline_partials;
pub mod later_query;
mod page_texts;
pub mod pages;
pub mod render;
pub mod request_log;
pub mod return_to;
mod scim;
mod scrape;
pub mod session;

use actix_web::http::header;
use actix_web::middleware::{DefaultHeaders, from_fn};
use actix_web::{HttpResponse, web};
use sea_orm::DatabaseConnection;

use crate::auth::token::Keys;
use crate::cache::TtlCache;
use crate::learning::LearningCache;
use crate::mail::templates::EmailTemplates;
use crate::store::users::User;

use error::WebError;
use render::Templates;

/// Form bodies above this are refused: a quiz with every box ticked is a few kilobytes.
pub const MAX_FORM_BYTES: usize = 64 * 1024;

#[derive(Debug)]
pub struct AppState {
    pub db: DatabaseConnection,
    /// Shared with the publisher, which tells it when the courses change.
    pub learning_cache: std::sync::Arc<LearningCache>,
    /// Signed-in users by id, for [`crate::cache::TTL`]: a page view needs no query for
    /// its session when warm. Dropped here at sign-out.
    pub users: TtlCache<i64, User>,
    pub keys: Keys,
    pub templates: Templates,
    /// Rendered parts of lesson pages, shared by every learner.
    pub fragments: fragments::Fragments,
    /// Cookies carry `Secure` unless the server is on a loopback address in development.
    pub secure_cookies: bool,
    /// A course due within this many days is marked "due soon" (the reminders' window).
    pub due_soon_days: u16,
    /// Days before a completion expires that a new cycle opens (for assignment runs).
    pub recertify_days: u16,
    pub emails: EmailTemplates,
    /// Where people reach Bryggan, for links in email; no trailing `/`.
    pub public_url: String,
    /// The municipality named on certificates.
    pub issuer: String,
    /// The smallest group whose evaluation figures are shown.
    pub minimum_group: u64,
    pub metrics: crate::metrics::Metrics,
    /// Lets a scraper on another host read `/metrics`.
    pub metrics_token: Option<crate::config::Secret>,
    /// Single sign-on with the organisation's OpenID provider, when configured.
    pub sso: Option<std::sync::Arc<crate::sso::Provider>>,
    /// Passwords and emailed links are offered on the web and the API.
    pub password_sign_in: bool,
    /// Provisioning from the directory (SCIM).
    pub provisioning: crate::provisioning::ProvisioningSettings,
    /// The directory's writes take turns here on SQLite (see [`crate::provisioning::Turns`]).
    pub provisioning_turns: crate::provisioning::Turns,
    /// What the accessibility statement says.
    pub accessibility: crate::accessibility::statement::Statement,
    /// The organisation's logo in the page header, served at `/static/logo`.
    pub logo: Option<crate::branding::Logo>,
    /// Publishes the courses folder on "Publish now" and the webhook; knows what it holds.
    pub publisher: std::sync::Arc<crate::publishing::Publisher>,
    /// Lets the git host's webhook publish the courses (`POST /api/v1/courses/reload`).
    pub courses_reload_token: Option<crate::config::Secret>,
}

impl AppState {
    /// What an assignment needs to tell the people it enrols.
    pub fn notices(&self) -> crate::reminders::Notices<'_> {
        crate::reminders::Notices {
            emails: &self.emails,
            public_url: &self.public_url,
        }
    }

    /// Provisioning from the directory, for one request.
    pub fn provisioning(&self) -> crate::provisioning::Provisioning<'_> {
        crate::provisioning::Provisioning {
            db: &self.db,
            settings: &self.provisioning,
            turns: &self.provisioning_turns,
            emails: &self.emails,
            public_url: &self.public_url,
        }
    }

    /// A course's page in the trainer's workspace, as `viewer` sees it.
    pub async fn workspace_course(
        &self,
        slug: &str,
        viewer: &crate::domain::Email,
    ) -> Result<crate::trainer::CourseWorkspace, crate::trainer::TrainerError> {
        let workspace = self.publisher.workspace();
        crate::trainer::course(
            &self.db,
            &self.learning_cache,
            &workspace,
            slug,
            viewer,
            self.minimum_group,
        )
        .await
    }

    /// HR work as `viewer`, for one request.
    pub fn hr<'a>(&'a self, viewer: &'a crate::hr::Viewer) -> crate::hr::Hr<'a> {
        crate::hr::Hr {
            db: &self.db,
            cache: &self.learning_cache,
            viewer,
            notices: self.notices(),
            recertify_days: self.recertify_days,
            minimum_group: self.minimum_group,
        }
    }

    /// Signing in, for one request.
    pub fn accounts(&self) -> crate::accounts::Accounts<'_> {
        crate::accounts::Accounts {
            db: &self.db,
            keys: &self.keys,
            emails: &self.emails,
            public_url: &self.public_url,
        }
    }

    /// The learner's journey, for one request.
    pub fn learning(&self) -> crate::learning::Learning<'_> {
        crate::learning::Learning {
            db: &self.db,
            cache: &self.learning_cache,
            certifier: self.certifier(),
        }
    }

    /// What completing a course needs to issue its certificate.
    pub fn certifier(&self) -> crate::learning::Certifier<'_> {
        crate::learning::Certifier {
            issuer: &self.issuer,
            public_url: &self.public_url,
            emails: &self.emails,
        }
    }
}

/// Security headers for every response: no framing, no sniffing, scripts and styles only
/// from this origin, and nothing stored by a browser or proxy unless the response says
/// otherwise (the style sheet and course media do): pages carry names and answers.
pub fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add((
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        ))
        .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .add((header::REFERRER_POLICY, "same-origin"))
        .add((header::X_FRAME_OPTIONS, "DENY"))
        .add((header::CACHE_CONTROL, "no-store"))
}

/// The route template a resource answers for, kept as its data so the request log and
/// the metrics read it without `HttpRequest::match_pattern`, which walks the whole route
/// table again with a regex per dynamic pattern: a tenth of a lesson view's time.
#[derive(Debug, Clone, Copy)]
pub struct RouteTemplate {
    pub scope: &'static str,
    pub pattern: &'static str,
}

/// A resource of the pages or the server's own routes, named by its template.
pub fn resource(pattern: &'static str) -> actix_web::Resource {
    scoped_resource("", pattern)
}

/// A resource inside the scope `scope`, named by its whole template.
pub fn scoped_resource(scope: &'static str, pattern: &'static str) -> actix_web::Resource {
    web::resource(pattern).app_data(RouteTemplate { scope, pattern })
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    let form = web::FormConfig::default()
        .limit(MAX_FORM_BYTES)
        .error_handler(|err, _| {
            match err {
                actix_web::error::UrlencodedError::Overflow { .. } => WebError::TooLarge,
                other => WebError::BadRequest(format!("The form could not be read: {other}")),
            }
            .into()
        });
    let payload = web::PayloadConfig::default().limit(MAX_FORM_BYTES);
    let query =
        web::QueryConfig::default().error_handler(|err, _| later_query::bad_query(&err).into());
    cfg.service(resource("/healthz").get(health::healthz))
        .service(resource("/readyz").get(health::readyz))
        .configure(assets::routes)
        .service(resource("/metrics").get(scrape::metrics))
        .configure(api::configure)
        .configure(scim::configure)
        .service(
            web::scope("")
                .wrap(from_fn(session::session_cookies))
                .wrap(from_fn(error_pages::in_readers_language))
                .app_data(form)
                .app_data(payload)
                .app_data(query)
                .configure(pages::routes)
                .default_service(web::to(|| async {
                    Err::<HttpResponse, WebError>(WebError::NotFound)
                })),
        );
}
