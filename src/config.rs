//! Settings for `bryggan serve`: defaults, then an optional TOML file, then environment
//! variables and command-line flags (clap reads both; flags win).

use std::path::{Path, PathBuf};

use serde::Deserialize;

pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/bryggan.db?mode=rwc";
/// A new cycle of a course with a validity opens this many days before a completion expires.
pub const DEFAULT_RECERTIFY_DAYS: u16 = 30;

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
    /// workers, recertify_days.
    #[arg(long, env = "BRYGGAN_CONFIG")]
    pub config: Option<PathBuf>,
    /// Create a demo organisation and accounts, and print their sign-ins.
    #[arg(long)]
    pub demo: bool,
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
}

impl Settings {
    pub fn resolve(args: &ServeArgs) -> Result<Self, ConfigError> {
        let file = match &args.config {
            Some(path) => read_file(path)?,
            None => FileSettings::default(),
        };
        let jwt_secret = args.jwt_secret.clone().map(Secret).or(file.jwt_secret);
        if jwt_secret.as_ref().is_some_and(|s| s.expose().len() < 32) {
            return Err(ConfigError::ShortSecret);
        }
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
