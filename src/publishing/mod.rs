//! Publishing the courses folder: compile it, register what compiled as new versions, and
//! remember what the folder holds now for the trainer's workspace.
//!
//! It runs at start-up and again, while the server runs, when the folder changes
//! ([`watch`]), on `SIGHUP`, on an admin's "Publish now" and on the git host's webhook.
//! Every run is the same as the one at start-up: new enrolments get a new version, existing
//! enrolments stay on theirs, and a broken edit keeps the last good version published.

mod state;
pub mod watch;

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

use crate::course::{self, Compilation, CompileOptions, CourseSource};
use crate::learning::LearningCache;
use crate::metrics::Metrics;
use crate::store::audit::{self, Actor};
use crate::store::courses::Registration;
use crate::store::startup::StartupLock;
use crate::store::{self, StoreError};

pub use state::{FolderCourse, Workspace};

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error(
        "the courses folder {} does not exist. Relative paths are read from the folder Bryggan \
         is started in; start it in the repository, or name the folder with --courses, \
         BRYGGAN_COURSES or `courses` in the settings file.",
        .0.display()
    )]
    Missing(PathBuf),
    /// Registering nothing would withdraw every course, so an unreadable folder stops here.
    #[error("cannot read the courses folder {}", folder.display())]
    Folder {
        folder: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the course compiler stopped")]
    Compiler(#[from] tokio::task::JoinError),
}

/// What set a publication off, for the log and the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trigger {
    Start,
    FolderChanged,
    Signal,
    /// "Publish now", by this admin.
    Button(Actor),
    Webhook,
}

impl Trigger {
    fn code(&self) -> &'static str {
        match self {
            Trigger::Start => "start",
            Trigger::FolderChanged => "folder_changed",
            Trigger::Signal => "sighup",
            Trigger::Button(_) => "button",
            Trigger::Webhook => "webhook",
        }
    }
}

/// Publishes one courses folder into one database; shared by the server's tasks.
#[derive(Debug)]
pub struct Publisher {
    db: DatabaseConnection,
    folder: PathBuf,
    metrics: Option<Metrics>,
    /// The server's copy of the course rows, forgotten after each publication.
    cache: Option<Arc<LearningCache>>,
    /// One publication at a time in this process; the database's lock orders instances.
    turn: tokio::sync::Mutex<()>,
    workspace: RwLock<Arc<Workspace>>,
}

impl Publisher {
    pub fn new(db: DatabaseConnection, folder: PathBuf, metrics: Option<Metrics>) -> Self {
        Publisher {
            db,
            folder,
            metrics,
            cache: None,
            turn: tokio::sync::Mutex::new(()),
            workspace: RwLock::new(Arc::new(Workspace::default())),
        }
    }

    /// The server's catalogue, told when the courses change.
    pub fn with_learning_cache(mut self, cache: Arc<LearningCache>) -> Self {
        self.cache = Some(cache);
        self
    }

    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// What the folder held at the last publication.
    pub fn workspace(&self) -> Arc<Workspace> {
        self.workspace
            .read()
            .map(|w| w.clone())
            .unwrap_or_else(|poisoned| poisoned.into_inner().clone())
    }

    /// Publishes at start-up, while the caller holds the start-up lock.
    pub async fn publish_at_start(&self) -> Result<Registration, PublishError> {
        let _turn = self.turn.lock().await;
        self.compile_and_register(&Trigger::Start, Utc::now()).await
    }

    /// Publishes while the server runs. Instances on one PostgreSQL database take turns
    /// under the start-up lock, so a version is registered once however many see a change.
    pub async fn publish(&self, trigger: Trigger) -> Result<Registration, PublishError> {
        let _turn = self.turn.lock().await;
        let lock = StartupLock::take(&self.db).await?;
        let result = self.compile_and_register(&trigger, Utc::now()).await;
        lock.release().await?;
        result
    }

    async fn compile_and_register(
        &self,
        trigger: &Trigger,
        now: DateTime<Utc>,
    ) -> Result<Registration, PublishError> {
        let folder = self.folder.clone();
        let compiled = tokio::task::spawn_blocking(move || compile(&folder, now)).await??;
        let registration = store::courses::register(&self.db, &compiled, now).await?;
        log(trigger, &compiled, &registration);
        if let Some(metrics) = &self.metrics {
            metrics.courses(&registration);
        }
        if let Some(cache) = &self.cache {
            cache.courses_changed();
        }
        // Start-up is in the server's log; what changes a running catalogue is audited.
        let changed = !(registration.new_versions.is_empty() && registration.withdrawn.is_empty());
        if *trigger != Trigger::Start && (changed || matches!(trigger, Trigger::Button(_))) {
            let actor = match trigger {
                Trigger::Button(actor) => actor.clone(),
                _ => Actor::server(),
            };
            let details = serde_json::json!({
                "trigger": trigger.code(),
                "new_versions": registration.new_versions,
                "kept_last_good": registration.kept_last_good,
                "withdrawn": registration.withdrawn,
            });
            audit::record(&self.db, &actor, "courses.published", details, now).await?;
        }
        let workspace = Arc::new(Workspace::of(&compiled, now));
        match self.workspace.write() {
            Ok(mut current) => *current = workspace,
            Err(poisoned) => *poisoned.into_inner() = workspace,
        }
        Ok(registration)
    }
}

/// Refuses a course folder that is not there, naming it in full and the setting that
/// changes it.
pub fn require_course_folder(folder: &Path) -> Result<(), PublishError> {
    if folder.is_dir() {
        return Ok(());
    }
    Err(PublishError::Missing(
        std::path::absolute(folder).unwrap_or_else(|_| folder.to_owned()),
    ))
}

fn compile(
    folder: &Path,
    now: DateTime<Utc>,
) -> Result<Vec<(CourseSource, Compilation)>, PublishError> {
    require_course_folder(folder)?;
    let options = CompileOptions {
        today: Some(now.date_naive()),
        ..CompileOptions::default()
    };
    // Paths as a trainer sees them in the repository (`courses/provkurs/01-intro.md`), not
    // where the server has the folder mounted.
    let shown = folder.file_name().map_or_else(
        || folder.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    course::compile_all_shown_as(folder, &shown, &options).map_err(|source| PublishError::Folder {
        folder: folder.to_owned(),
        source,
    })
}

fn log(trigger: &Trigger, compiled: &[(CourseSource, Compilation)], report: &Registration) {
    for (_, compilation) in compiled {
        for diagnostic in &compilation.diagnostics {
            tracing::warn!("{diagnostic}");
        }
    }
    tracing::info!(trigger = trigger.code(), published = ?report.published, new_versions = ?report.new_versions, "courses registered");
    for slug in &report.kept_last_good {
        tracing::warn!(course = %slug, "the course has errors; it stays published at its last good version");
    }
    for slug in &report.rejected {
        tracing::warn!(course = %slug, "the course has errors and no earlier good version; it is not published");
    }
    for slug in &report.withdrawn {
        tracing::info!(course = %slug, "the course folder is gone; withdrawn from the catalogue, history kept");
    }
}
