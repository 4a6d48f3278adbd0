//! The server: storage, course registry, keys and the HTTP listener, built once at start-up.

use std::future::Future;
use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use sea_orm::DatabaseConnection;

use crate::auth::{random_hex, token::Keys};
use crate::config::Settings;
use crate::jobs;
use crate::learning::LearningCache;
use crate::mail::Mailer;
use crate::mail::templates::EmailTemplates;
use crate::mail::worker::Worker;
use crate::metrics::Metrics;
use crate::publishing::{self, Publisher, require_course_folder};
use crate::shutdown::Shutdown;
use crate::store::{self, courses::Registration};
use crate::web::{self as routes, AppState, render::Templates};

pub struct Application {
    port: u16,
    server: Server,
    db: DatabaseConnection,
    /// The mail worker and the periodic jobs, stopped after the listener.
    background: Shutdown,
    shutdown_timeout: std::time::Duration,
    /// Names the mail worker's claims, given back if it cannot finish in time.
    mail_worker: String,
    /// This server's claim on its SQLite file, released when it stops.
    _claim: Option<store::startup::SqliteClaim>,
}

impl Application {
    /// Connects and migrates the database, publishes the courses, and binds the listener.
    /// Instances started together on one PostgreSQL database take turns through the
    /// set-up; a second server on a SQLite file is refused.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        // Before anything is opened or written: started from the wrong folder, a relative
        // default would publish nothing and withdraw every course.
        require_course_folder(&settings.courses)?;
        let url = settings.database_url.expose();
        let db = store::open(url).await.context("cannot open the database")?;
        let claim = store::startup::claim_sqlite_file(url)?;
        let lock = store::startup::StartupLock::take(&db).await?;
        lock.migrate(&db)
            .await
            .context("cannot migrate the database")?;
        let metrics = Metrics::new()?;
        let cache = Arc::new(LearningCache::default());
        let publisher = Arc::new(
            Publisher::new(db.clone(), settings.courses.clone(), Some(metrics.clone()))
                .with_learning_cache(cache.clone()),
        );
        publisher.publish_at_start().await?;
        let secret = match &settings.jwt_secret {
            Some(secret) => secret.expose().to_owned(),
            None => store::settings::get_or_insert(&db, "jwt_secret", || random_hex(32)).await?,
        };
        lock.release().await?;
        let listener = TcpListener::bind(&settings.bind)
            .with_context(|| format!("cannot listen on {}", settings.bind))?;
        let address = listener.local_addr()?;
        let public_url = settings
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{address}"))
            .trim_end_matches('/')
            .to_owned();
        let mailer = Arc::new(Mailer::new(&settings.mail).context("cannot set up mail")?);
        tracing::info!(to = %mailer.describe(), "mail delivery");
        let background = Shutdown::default();
        publishing::watch::spawn(publisher.clone(), &background, settings.watch_courses)
            .context("cannot listen for SIGHUP")?;
        let worker = Worker::new(db.clone(), mailer, &settings.mail, &public_url);
        let mail_worker = worker.id().to_owned();
        worker.spawn(&background);
        jobs::spawn_assignment_runs(
            &background,
            db.clone(),
            metrics.clone(),
            settings.recertify_days,
            public_url.clone(),
        )?;
        jobs::spawn_reminder_runs(
            &background,
            db.clone(),
            metrics.clone(),
            settings.reminders,
            public_url.clone(),
        )?;
        // The provider is discovered on first use, so an unreachable one does not stop
        // Bryggan from starting: people with passwords can still sign in.
        let sso = match &settings.sso {
            Some(sso) => {
                let provider = crate::sso::Provider::new(sso.clone(), &public_url)
                    .context("cannot set up single sign-on")?;
                tracing::info!(issuer = %sso.issuer, "single sign-on");
                Some(Arc::new(provider))
            }
            None => None,
        };
        let state = web::Data::new(AppState {
            db: db.clone(),
            learning_cache: cache,
            users: Default::default(),
            keys: Keys::from_secret(secret.as_bytes()),
            templates: Templates::load()?.for_organisation(
                settings.organisation_name.clone(),
                settings.organisation_logo.is_some(),
            ),
            logo: settings.organisation_logo.clone(),
            fragments: Default::default(),
            secure_cookies: settings
                .secure_cookies
                .unwrap_or(!address.ip().is_loopback()),
            due_soon_days: settings.reminders.before_days,
            recertify_days: settings.recertify_days,
            emails: EmailTemplates::load()?,
            public_url,
            issuer: settings.issuer.clone(),
            minimum_group: settings.minimum_group,
            metrics,
            metrics_token: settings.metrics_token.clone(),
            sso,
            password_sign_in: settings.password_sign_in,
            provisioning: settings.provisioning.clone(),
            provisioning_turns: Default::default(),
            accessibility: settings.accessibility.clone(),
            publisher,
            courses_reload_token: settings.courses_reload_token.clone(),
        });
        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .wrap(routes::security_headers())
                .wrap(from_fn(routes::request_log::log_request))
                .wrap(from_fn(routes::error_pages::head_as_get))
                .configure(routes::configure)
        })
        // Signals are handled in `run_until`, which stops the background work as well.
        .disable_signals()
        .shutdown_timeout(settings.shutdown_timeout.as_secs());
        if let Some(workers) = settings.workers {
            server = server.workers(workers);
        }
        let server = server.listen(listener)?.run();
        Ok(Self {
            port: address.port(),
            server,
            db,
            background,
            shutdown_timeout: settings.shutdown_timeout,
            mail_worker,
            _claim: claim,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Stops the server from another task.
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// Serves until the server is stopped through its [`handle`](Self::handle), then
    /// stops the background work.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.run_until(std::future::pending()).await
    }

    /// Serves until `stop` resolves (such as [`crate::shutdown::signal`]) or the handle stops
    /// the server. Then: no new connections; requests in flight and the mail being sent
    /// finish; unsent claimed mail is given back; all within the shutdown timeout.
    pub async fn run_until(self, stop: impl Future<Output = ()>) -> std::io::Result<()> {
        let handle = self.server.handle();
        let mut server = std::pin::pin!(self.server);
        let timeout = self.shutdown_timeout;
        let (result, deadline) = tokio::select! {
            result = &mut server => (result, tokio::time::Instant::now() + timeout),
            () = stop => {
                let deadline = tokio::time::Instant::now() + timeout;
                tracing::info!(timeout = timeout.as_secs(), "stopping: no new connections; finishing requests in flight");
                self.background.begin();
                // The listener closes at once. Each connection closes after its answer in
                // flight (actix drops keep-alive); the workers get `timeout` to finish.
                let stopping = handle.stop(true);
                let (_, result) = tokio::join!(stopping, server);
                (result, deadline)
            }
        };
        self.background.begin();
        if !self.background.finished_by(deadline).await {
            tracing::warn!("stopping: background work did not finish in time");
            if let Err(err) = store::outbox::release(&self.db, &self.mail_worker).await {
                tracing::error!(error = ?err, "cannot give back the claimed messages");
            }
        }
        tracing::info!("stopped");
        result
    }
}

/// Compiles the course folder and registers what compiled, once, for the command line and
/// tests: see [`Publisher`]. Problems in a course leave its last good version published; a
/// folder that cannot be read stops here, since registering nothing would withdraw every
/// course.
pub async fn publish_courses(
    db: &DatabaseConnection,
    folder: &std::path::Path,
) -> anyhow::Result<Registration> {
    require_course_folder(folder)?;
    Ok(Publisher::new(db.clone(), folder.to_owned(), None)
        .publish_at_start()
        .await?)
}
