//! Settings for `bryggan serve`: defaults, then an optional TOML file, then environment
//! variables and command-line flags (clap reads both; flags win).

use std::path::{Path, PathBuf};

use serde::Deserialize;

pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/bryggan.db?mode=rwc";
/// A new cycle of a course with a validity opens this many days before a completion expires.
pub const DEFAULT_RECERTIFY_DAYS: u16 = 30;
pub const DEFAULT_MAIL_FROM: &str = "Bryggan <no-reply@bryggan.localhost>";
/// The issuer on certificates until the municipality names itself.
pub const DEFAULT_ISSUER: &str = "Bryggan";

/// A secret that never appears in logs or debug output.
#[derive(Clone, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Self {
        Self(value)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Address and port to listen on [default: 127.0.0.1:8080; port 0 picks a free one].
    #[arg(long, env = "BRYGGAN_BIND")]
    pub bind: Option<String>,
    /// Database URL: `sqlite://path?mode=rwc` or `postgres://user:password@host/db`
    /// [default: sqlite://data/bryggan.db?mode=rwc].
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// The folder of courses to compile and publish at start-up [default: courses].
    #[arg(long, env = "BRYGGAN_COURSES")]
    pub courses: Option<PathBuf>,
    /// Secret for signing session tokens, at least 32 characters. Without it, one is
    /// generated once and kept in the database (shared by every instance).
    #[arg(long, env = "BRYGGAN_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,
    /// Mark cookies `Secure` (HTTPS only) [default: true unless listening on loopback].
    #[arg(long, env = "BRYGGAN_SECURE_COOKIES")]
    pub secure_cookies: Option<bool>,
    /// HTTP worker threads [default: one per CPU core].
    #[arg(long, env = "BRYGGAN_WORKERS")]
    pub workers: Option<usize>,
    /// Days before a completion expires that a new cycle opens [default: 30].
    #[arg(long, env = "BRYGGAN_RECERTIFY_DAYS")]
    pub recertify_days: Option<u16>,
    /// A TOML file with any of: bind, database_url, courses, jwt_secret, secure_cookies,
    /// workers, recertify_days, public_url, smtp_url, mail_from, mail_dir, mail_give_up_hours,
    /// mail_rate, issuer, organisation_name, remind_before_days, remind_overdue_every_days, expiry_notice_days,
    /// reminder_run_minutes, minimum_group, metrics_token, shutdown_timeout,
    /// watch_courses, courses_reload_token, password_sign_in, and an `[oidc]` table with
    /// issuer, client_id, client_secret,
    /// allowed_tenants, button_label_sv, button_label_en, scopes, create_accounts and
    /// default_department, a `[scim]` table with department_root, guard_percent and
    /// guard_minimum, a `[retention]` table (read by `bryggan privacy purge`), and an
    /// `[accessibility]` table for the accessibility statement (docs/operations.md).
    #[arg(long, env = "BRYGGAN_CONFIG")]
    pub config: Option<PathBuf>,
    /// Create a demo organisation and accounts, and print their sign-ins.
    #[arg(long)]
    pub demo: bool,
    /// The address people reach Bryggan at, for links in email, such as
    /// `https://bryggan.kommun.se` [default: http:// and the bound address].
    #[arg(long, env = "BRYGGAN_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// The SMTP relay, such as `smtps://user:password@smtp.kommun.se:465` or
    /// `smtp://mailpit:1025`; `?tls=required` asks for STARTTLS. Without it, mail is
    /// written as `.eml` files under --mail-dir.
    #[arg(long, env = "BRYGGAN_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The sender, such as `Bryggan <no-reply@kommun.se>`.
    #[arg(long, env = "BRYGGAN_MAIL_FROM")]
    pub mail_from: Option<String>,
    /// Where mail goes without an SMTP relay [default: data/mail].
    #[arg(long, env = "BRYGGAN_MAIL_DIR")]
    pub mail_dir: Option<PathBuf>,
    /// Hours a message is retried before it is marked failed [default: 48].
    #[arg(long, env = "BRYGGAN_MAIL_GIVE_UP_HOURS")]
    pub mail_give_up_hours: Option<u32>,
    /// At most this many messages per second, for relays that limit senders.
    #[arg(long, env = "BRYGGAN_MAIL_RATE")]
    pub mail_rate: Option<u32>,
    /// The municipality named on certificates, such as `Malmö stad` [default: Bryggan].
    #[arg(long, env = "BRYGGAN_ISSUER")]
    pub issuer: Option<String>,
    /// The organisation named beside "Bryggan" in every page's header, such as
    /// `Malmö stad` [default: none].
    #[arg(long, env = "BRYGGAN_ORGANISATION_NAME")]
    pub organisation_name: Option<String>,
    /// The organisation's logo, shown beside "Bryggan" with the organisation's name as
    /// its text: an .svg, .png, .jpg or .webp file of at most 256 KiB [default: none].
    #[arg(long, env = "BRYGGAN_ORGANISATION_LOGO")]
    pub organisation_logo: Option<PathBuf>,
    /// Evaluation figures of groups smaller than this are withheld [default: 5].
    #[arg(long, env = "BRYGGAN_MINIMUM_GROUP", value_parser = clap::value_parser!(u64).range(1..))]
    pub minimum_group: Option<u64>,
    /// A token of at least 32 characters that lets a scraper on another host read
    /// `/metrics` (as a bearer token); without one, only this host may [default: none].
    #[arg(long, env = "BRYGGAN_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// Seconds a stop (SIGTERM, Ctrl-C) waits for requests in flight and the mail being
    /// sent before the process exits [default: 30].
    #[arg(long, env = "BRYGGAN_SHUTDOWN_TIMEOUT")]
    pub shutdown_timeout: Option<u64>,
    /// Publish course edits while the server runs, as soon as files in the courses folder
    /// change; `false` where file events do not arrive (send SIGHUP or use the webhook
    /// instead) [default: true].
    #[arg(long, env = "BRYGGAN_WATCH_COURSES")]
    pub watch_courses: Option<bool>,
    /// A token of at least 32 characters that lets a git host's webhook publish the
    /// courses (`POST /api/v1/courses/reload` with it as a bearer token) [default: none,
    /// the webhook is off].
    #[arg(long, env = "BRYGGAN_COURSES_RELOAD_TOKEN", hide_env_values = true)]
    pub courses_reload_token: Option<String>,
    #[command(flatten)]
    pub reminders: ReminderArgs,
    #[command(flatten)]
    pub sso: crate::sso::SsoArgs,
    #[command(flatten)]
    pub provisioning: crate::provisioning::ProvisioningArgs,
    #[command(flatten)]
    pub accessibility: crate::accessibility::statement::StatementArgs,
    /// Run the reminders every this many minutes [default: 60; 0: never, for those who
    /// run `bryggan reminders run` from cron].
    #[arg(long, env = "BRYGGAN_REMINDER_RUN_MINUTES")]
    pub reminder_run_minutes: Option<u32>,
}

/// When reminders go out; shared by `serve` and `reminders run`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ReminderArgs {
    /// Remind people this many days before a due date [default: 7; 0: no such reminder].
    #[arg(long, env = "BRYGGAN_REMIND_BEFORE_DAYS")]
    pub remind_before_days: Option<u16>,
    /// Remind people of an overdue course every this many days [default: 7].
    #[arg(long, env = "BRYGGAN_REMIND_OVERDUE_EVERY_DAYS")]
    pub remind_overdue_every_days: Option<u16>,
    /// Tell people this many days before a certificate expires [default: 30].
    #[arg(long, env = "BRYGGAN_EXPIRY_NOTICE_DAYS")]
    pub expiry_notice_days: Option<u16>,
}

/// When reminders go out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReminderSettings {
    pub before_days: u16,
    /// At least 1.
    pub overdue_every_days: u16,
    pub expiry_notice_days: u16,
    /// 0: `serve` runs no reminders itself.
    pub run_minutes: u32,
}

impl Default for ReminderSettings {
    fn default() -> Self {
        ReminderSettings {
            before_days: 7,
            overdue_every_days: 7,
            expiry_notice_days: 30,
            run_minutes: 60,
        }
    }
}

impl ReminderArgs {
    /// The settings, from flags over the file's values over the defaults; `run_minutes`
    /// (a `serve` flag) as given.
    fn resolve(&self, file: &FileSettings, run_minutes: Option<u32>) -> ReminderSettings {
        let defaults = ReminderSettings::default();
        ReminderSettings {
            before_days: self
                .remind_before_days
                .or(file.remind_before_days)
                .unwrap_or(defaults.before_days),
            overdue_every_days: self
                .remind_overdue_every_days
                .or(file.remind_overdue_every_days)
                .unwrap_or(defaults.overdue_every_days)
                .max(1),
            expiry_notice_days: self
                .expiry_notice_days
                .or(file.expiry_notice_days)
                .unwrap_or(defaults.expiry_notice_days),
            run_minutes: run_minutes
                .or(file.reminder_run_minutes)
                .unwrap_or(defaults.run_minutes),
        }
    }

    /// The settings without a config file, for `reminders run`.
    pub fn settings(&self) -> ReminderSettings {
        self.resolve(&FileSettings::default(), Some(0))
    }
}

/// Where and how email is delivered.
#[derive(Debug, Clone)]
pub struct MailSettings {
    pub smtp_url: Option<Secret>,
    pub from: String,
    pub dir: PathBuf,
    /// Pooled SMTP connections, and messages sent side by side.
    pub connections: usize,
    /// The first retry waits this long; each next one twice as long, up to an hour.
    pub retry_base_ms: u64,
    pub give_up_hours: u32,
    pub rate_per_second: Option<u32>,
}

impl Default for MailSettings {
    fn default() -> Self {
        MailSettings {
            smtp_url: None,
            from: DEFAULT_MAIL_FROM.into(),
            dir: "data/mail".into(),
            connections: 8,
            retry_base_ms: 30_000,
            give_up_hours: 48,
            rate_per_second: None,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    bind: Option<String>,
    database_url: Option<String>,
    courses: Option<PathBuf>,
    jwt_secret: Option<Secret>,
    secure_cookies: Option<bool>,
    workers: Option<usize>,
    recertify_days: Option<u16>,
    public_url: Option<String>,
    smtp_url: Option<Secret>,
    mail_from: Option<String>,
    mail_dir: Option<PathBuf>,
    mail_give_up_hours: Option<u32>,
    mail_rate: Option<u32>,
    issuer: Option<String>,
    organisation_name: Option<String>,
    organisation_logo: Option<PathBuf>,
    minimum_group: Option<u64>,
    metrics_token: Option<Secret>,
    shutdown_timeout: Option<u64>,
    watch_courses: Option<bool>,
    courses_reload_token: Option<Secret>,
    remind_before_days: Option<u16>,
    remind_overdue_every_days: Option<u16>,
    expiry_notice_days: Option<u16>,
    reminder_run_minutes: Option<u32>,
    password_sign_in: Option<bool>,
    oidc: Option<crate::sso::SsoFile>,
    scim: Option<crate::provisioning::ProvisioningFile>,
    /// Read by `bryggan privacy purge`; accepted here so that one file serves both.
    #[allow(dead_code)]
    retention: Option<crate::privacy::RetentionFile>,
    accessibility: Option<crate::accessibility::statement::StatementFile>,
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub bind: String,
    pub database_url: Secret,
    pub courses: PathBuf,
    pub jwt_secret: Option<Secret>,
    pub secure_cookies: Option<bool>,
    pub workers: Option<usize>,
    pub recertify_days: u16,
    /// `None`: `http://` and the address the server is bound to.
    pub public_url: Option<String>,
    pub mail: MailSettings,
    pub issuer: String,
    /// Named beside "Bryggan" in the page header.
    pub organisation_name: Option<String>,
    /// Shown beside "Bryggan" in the page header, with the organisation's name as its text.
    pub organisation_logo: Option<crate::branding::Logo>,
    /// The smallest group whose evaluation figures are shown.
    pub minimum_group: u64,
    /// Lets a scraper on another host read `/metrics`.
    pub metrics_token: Option<Secret>,
    /// How long a stop waits for requests in flight and background work.
    pub shutdown_timeout: std::time::Duration,
    /// Publish course edits when the folder changes.
    pub watch_courses: bool,
    /// Lets the git host's webhook publish the courses.
    pub courses_reload_token: Option<Secret>,
    pub reminders: ReminderSettings,
    /// Single sign-on with the organisation's OpenID provider, when configured.
    pub sso: Option<crate::sso::SsoSettings>,
    /// Passwords and emailed links on the web and the API.
    pub password_sign_in: bool,
    /// Provisioning from the directory (SCIM).
    pub provisioning: crate::provisioning::ProvisioningSettings,
    /// What the accessibility statement says.
    pub accessibility: crate::accessibility::statement::Statement,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the config file {path}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the config file {path} is invalid: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("the JWT secret must be at least 32 characters")]
    ShortSecret,
    #[error("the metrics token must be at least 32 characters")]
    ShortMetricsToken,
    #[error("the courses reload token must be at least 32 characters")]
    ShortReloadToken,
    #[error(transparent)]
    Sso(#[from] crate::sso::SsoConfigError),
    #[error(transparent)]
    Logo(#[from] crate::branding::LogoError),
    #[error(transparent)]
    Accessibility(#[from] crate::accessibility::statement::StatementError),
}

impl Settings {
    pub fn resolve(args: &ServeArgs) -> Result<Self, ConfigError> {
        let file = match &args.config {
            Some(path) => read_file(path)?,
            None => FileSettings::default(),
        };
        let reminders = args.reminders.resolve(&file, args.reminder_run_minutes);
        let (sso, password_sign_in) = args.sso.resolve(file.oidc, file.password_sign_in)?;
        let provisioning = args.provisioning.resolve(file.scim);
        let accessibility = args.accessibility.resolve(file.accessibility)?;
        let jwt_secret = args.jwt_secret.clone().map(Secret).or(file.jwt_secret);
        if jwt_secret.as_ref().is_some_and(|s| s.expose().len() < 32) {
            return Err(ConfigError::ShortSecret);
        }
        let metrics_token = args
            .metrics_token
            .clone()
            .map(Secret)
            .or(file.metrics_token)
            .filter(|t| !t.expose().is_empty());
        if metrics_token
            .as_ref()
            .is_some_and(|t| t.expose().len() < 32)
        {
            return Err(ConfigError::ShortMetricsToken);
        }
        let courses_reload_token = args
            .courses_reload_token
            .clone()
            .map(Secret)
            .or(file.courses_reload_token)
            .filter(|t| !t.expose().is_empty());
        if courses_reload_token
            .as_ref()
            .is_some_and(|t| t.expose().len() < 32)
        {
            return Err(ConfigError::ShortReloadToken);
        }
        let organisation_name = args
            .organisation_name
            .clone()
            .or(file.organisation_name)
            .filter(|n| !n.trim().is_empty());
        let organisation_logo = match args.organisation_logo.clone().or(file.organisation_logo) {
            Some(_) if organisation_name.is_none() => {
                return Err(crate::branding::LogoError::Unnamed.into());
            }
            Some(path) => Some(crate::branding::Logo::read(&path)?),
            None => None,
        };
        Ok(Settings {
            bind: args
                .bind
                .clone()
                .or(file.bind)
                .unwrap_or_else(|| DEFAULT_BIND.into()),
            database_url: Secret(
                args.database_url
                    .clone()
                    .or(file.database_url)
                    .unwrap_or_else(|| DEFAULT_DATABASE_URL.into()),
            ),
            courses: args
                .courses
                .clone()
                .or(file.courses)
                .unwrap_or_else(|| "courses".into()),
            jwt_secret,
            secure_cookies: args.secure_cookies.or(file.secure_cookies),
            workers: args.workers.or(file.workers),
            recertify_days: args
                .recertify_days
                .or(file.recertify_days)
                .unwrap_or(DEFAULT_RECERTIFY_DAYS),
            public_url: args.public_url.clone().or(file.public_url),
            issuer: args
                .issuer
                .clone()
                .or(file.issuer)
                .unwrap_or_else(|| DEFAULT_ISSUER.into()),
            organisation_name,
            organisation_logo,
            minimum_group: args
                .minimum_group
                .or(file.minimum_group)
                .unwrap_or(crate::evaluation::DEFAULT_MINIMUM_GROUP)
                .max(1),
            metrics_token,
            shutdown_timeout: args.shutdown_timeout.or(file.shutdown_timeout).map_or(
                crate::shutdown::DEFAULT_TIMEOUT,
                std::time::Duration::from_secs,
            ),
            watch_courses: args.watch_courses.or(file.watch_courses).unwrap_or(true),
            courses_reload_token,
            reminders,
            sso,
            password_sign_in,
            provisioning,
            accessibility,
            mail: MailSettings {
                smtp_url: args.smtp_url.clone().map(Secret).or(file.smtp_url),
                from: args
                    .mail_from
                    .clone()
                    .or(file.mail_from)
                    .unwrap_or_else(|| DEFAULT_MAIL_FROM.into()),
                dir: args
                    .mail_dir
                    .clone()
                    .or(file.mail_dir)
                    .unwrap_or_else(|| "data/mail".into()),
                give_up_hours: args
                    .mail_give_up_hours
                    .or(file.mail_give_up_hours)
                    .unwrap_or(48),
                rate_per_second: args.mail_rate.or(file.mail_rate),
                ..MailSettings::default()
            },
        })
    }
}

fn read_file(path: &Path) -> Result<FileSettings, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_owned(),
        source,
    })?;
    toml::from_str(&text).map_err(|e| ConfigError::Invalid {
        path: path.to_owned(),
        message: e.to_string(),
    })
}
