//! `TestApp`: the real server on port 0 with a fresh database, plus a cookie-keeping client.

use std::path::{Path, PathBuf};

use bryggan::app::Application;
use bryggan::auth::password;
use bryggan::config::{MailSettings, ReminderSettings, Secret, Settings};
use bryggan::domain::{Email, Language, Role};
use bryggan::store::users::{self, NewUser};
use reqwest::redirect::Policy;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

use crate::helpers::repo_path;

pub const JWT_SECRET: &str = "test-secret-test-secret-test-secret-0123";
pub const PASSWORD: &str = "ett långt lösenord";

/// Changes a test makes to the settings before the server starts (and restarts).
pub type Customise = std::sync::Arc<dyn Fn(&mut Settings) + Send + Sync>;

#[derive(Clone)]
pub struct TestApp {
    pub address: String,
    pub db: DatabaseConnection,
    pub client: reqwest::Client,
    pub courses: PathBuf,
    pub database_url: String,
    smtp_url: Option<String>,
    customise: Customise,
    /// The server that answers, to stop it before a restart: a SQLite file serves one.
    running: std::sync::Arc<tokio::sync::Mutex<Running>>,
    _dir: std::sync::Arc<tempfile::TempDir>,
}

type Running = (
    actix_web::dev::ServerHandle,
    tokio::task::JoinHandle<std::io::Result<()>>,
);

/// A database URL nobody else uses: a file in `dir`, or a new PostgreSQL database with
/// the schema already migrated (copied from a template migrated once per run, since
/// migrating each test's database took about a second on PostgreSQL). Start-up still
/// runs the migrator over it, which finds nothing to do.
pub async fn fresh_database(dir: &Path) -> String {
    match postgres_server() {
        Some(server) => {
            let template = migrated_template(&server).await;
            new_postgres_database(&server, Some(template)).await
        }
        None => format!("sqlite://{}/bryggan.db?mode=rwc", dir.display()),
    }
}

/// The same, with no schema at all: for the tests of the migrations themselves and of
/// instances that race to run them.
pub async fn empty_database(dir: &Path) -> String {
    match postgres_server() {
        Some(server) => new_postgres_database(&server, None).await,
        None => format!("sqlite://{}/bryggan.db?mode=rwc", dir.display()),
    }
}

fn postgres_server() -> Option<String> {
    std::env::var("BRYGGAN_TEST_DATABASE_URL")
        .ok()
        .filter(|s| !s.is_empty())
        .map(|s| s.trim_end_matches('/').to_owned())
}

async fn new_postgres_database(server: &str, template: Option<&str>) -> String {
    let name = format!("bryggan_test_{}", bryggan::auth::random_hex(8));
    let admin = sea_orm::Database::connect(format!("{server}/postgres"))
        .await
        .expect("PostgreSQL answers");
    let from = template
        .map(|t| format!(" TEMPLATE {t}"))
        .unwrap_or_default();
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}{from}"))
        .await
        .expect("create test database");
    admin.close().await.ok();
    format!("{server}/{name}")
}

/// A database migrated once for this test run, named like the others so that CI drops it.
async fn migrated_template(server: &str) -> &'static str {
    static TEMPLATE: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            let url = new_postgres_database(server, None).await;
            let db = bryggan::store::connect(&url)
                .await
                .expect("the template migrates");
            // A template must have no connections while it is copied.
            db.close().await.ok();
            url.rsplit('/').next().unwrap_or_default().to_owned()
        })
        .await
}

pub fn client() -> reqwest::Client {
    bryggan::sso::install_tls_crypto();
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .expect("a client")
}

impl TestApp {
    /// The server with the fixture course `provkurs` published; its mail is written as
    /// files.
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with_smtp(None).await
    }

    /// The same, sending its mail to the SMTP server at `smtp_url`.
    pub async fn spawn_with_smtp(smtp_url: Option<String>) -> TestApp {
        TestApp::spawn_customised(smtp_url, std::sync::Arc::new(|_| {})).await
    }

    /// The server with settings changed by `customise`.
    pub async fn spawn_customised(smtp_url: Option<String>, customise: Customise) -> TestApp {
        // `BRYGGAN_TEST_LOG=1` shows the server's log, such as the cause of a 500.
        if std::env::var_os("BRYGGAN_TEST_LOG").is_some() {
            let _ = tracing_subscriber::fmt().with_test_writer().try_init();
        }
        let dir = tempfile::tempdir().expect("a temporary folder");
        let courses = dir.path().join("courses");
        copy_dir(&repo_path("tests/fixtures/courses"), &courses);
        let database_url = fresh_database(dir.path()).await;
        let app = start(&database_url, &courses, smtp_url.clone(), &customise).await;
        let address = format!("http://127.0.0.1:{}", app.port());
        let db = app.db().clone();
        let handle = app.handle();
        let running = (handle, tokio::spawn(app.run_until_stopped()));
        TestApp {
            address,
            db,
            client: client(),
            courses,
            database_url,
            smtp_url,
            customise,
            running: std::sync::Arc::new(tokio::sync::Mutex::new(running)),
            _dir: std::sync::Arc::new(dir),
        }
    }

    /// Stops the server and starts it again on the same database and course folder, as a
    /// restart after the trainers changed the files would; requests go to it from now on.
    pub async fn restart(&mut self) {
        let mut running = self.running.lock().await;
        running.0.stop(true).await;
        let _ = (&mut running.1).await;
        let app = start(
            &self.database_url,
            &self.courses,
            self.smtp_url.clone(),
            &self.customise,
        )
        .await;
        self.address = format!("http://127.0.0.1:{}", app.port());
        let handle = app.handle();
        *running = (handle, tokio::spawn(app.run_until_stopped()));
    }

    /// The same server seen by another browser: its own cookies, nobody signed in.
    pub fn another_visitor(&self) -> TestApp {
        TestApp {
            client: client(),
            ..self.clone()
        }
    }

    /// A new visitor to another server at `address` (such as one started on a restored
    /// copy of this database).
    pub fn visitor_of(&self, address: String) -> TestApp {
        TestApp {
            address,
            ..self.another_visitor()
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn add_user(&self, email: &str, role: Role) -> i64 {
        let new = NewUser {
            email: Email::parse(email).unwrap(),
            name: format!("Person {email}"),
            role,
            locale: Language::Sv,
            department_id: None,
            password_hash: Some(password::hash(PASSWORD).unwrap()),
        };
        users::create(&self.db, new, chrono::Utc::now())
            .await
            .unwrap()
            .id
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn get_html(&self, path: &str) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        response.text().await.unwrap()
    }

    /// The CSRF token the pages carry (the sign-in page works signed in or not).
    pub async fn csrf(&self) -> String {
        let html = self.get("/sign-in").await.text().await.unwrap();
        hidden_field(&html, "csrf")
    }

    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .form(fields)
            .send()
            .await
            .unwrap()
    }

    /// Signs in through the sign-in form; the client keeps the session cookie.
    pub async fn sign_in(&self, email: &str) {
        let csrf = self.csrf().await;
        let response = self
            .post_form(
                "/sign-in",
                &[
                    ("csrf", &csrf),
                    ("email", email),
                    ("password", PASSWORD),
                    ("next", "/courses"),
                ],
            )
            .await;
        assert_eq!(response.status(), 303, "sign-in of {email}");
    }

    pub async fn api_token(&self, email: &str) -> String {
        let response = client()
            .post(self.url("/api/v1/auth/token"))
            .json(&serde_json::json!({ "email": email, "password": PASSWORD }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let body: serde_json::Value = response.json().await.unwrap();
        body["token"].as_str().unwrap().to_owned()
    }

    /// Rows in a table: for checking that a refused request wrote nothing.
    pub async fn count(&self, table: &str) -> i64 {
        let backend = self.db.get_database_backend();
        let row = self
            .db
            .query_one_raw(Statement::from_string(
                backend,
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get::<i64>("", "n").unwrap()
    }
}

async fn start(
    database_url: &str,
    courses: &Path,
    smtp_url: Option<String>,
    customise: &Customise,
) -> Application {
    let mut settings = settings(database_url, courses, smtp_url);
    customise(&mut settings);
    Application::build(settings)
        .await
        .expect("the server starts")
}

/// The settings the tests start servers with.
pub fn settings(database_url: &str, courses: &Path, smtp_url: Option<String>) -> Settings {
    Settings {
        bind: "127.0.0.1:0".into(),
        database_url: Secret::new(database_url.to_owned()),
        courses: courses.to_owned(),
        jwt_secret: Some(Secret::new(JWT_SECRET.into())),
        secure_cookies: Some(false),
        workers: Some(1),
        recertify_days: 30,
        public_url: None,
        mail: MailSettings {
            smtp_url: smtp_url.map(Secret::new),
            dir: courses.with_file_name("mail"),
            // A message that failed is tried again within the test's patience.
            retry_base_ms: 200,
            ..MailSettings::default()
        },
        issuer: "Malmö stad".into(),
        organisation_name: Some("Malmö stad".into()),
        organisation_logo: None,
        minimum_group: 5,
        metrics_token: None,
        shutdown_timeout: std::time::Duration::from_secs(10),
        // Tests that publish while the server runs turn the watching on.
        watch_courses: false,
        courses_reload_token: None,
        // Tests run the reminders themselves, at the day they choose.
        reminders: ReminderSettings {
            run_minutes: 0,
            ..ReminderSettings::default()
        },
        sso: None,
        password_sign_in: true,
        provisioning: Default::default(),
        accessibility: Default::default(),
    }
}

pub fn hidden_field(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} field in {html}"))
        + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
