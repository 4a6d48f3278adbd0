//! What the courses folder held at the last publication, course by course: the compile
//! state a trainer sees in their workspace, with the diagnostics as `courses check`
//! prints them.

use chrono::{DateTime, Utc};

use crate::course::{Compilation, CourseSource, Severity};
use crate::domain::{Email, Language};

#[derive(Debug, Default)]
pub struct Workspace {
    /// When the folder was last compiled; `None` before the first publication.
    pub checked_at: Option<DateTime<Utc>>,
    /// Every course folder, in name order.
    pub courses: Vec<FolderCourse>,
}

#[derive(Debug, Clone)]
pub struct FolderCourse {
    /// The folder's name, which is the course's slug.
    pub folder: String,
    /// The title, when the course compiled.
    pub title: Option<String>,
    pub language: Language,
    pub maintainers: Vec<Email>,
    pub errors: usize,
    pub warnings: usize,
    /// Every diagnostic, rendered as `courses check` prints it, in the course's language.
    pub report: Vec<String>,
}

impl FolderCourse {
    fn of(source: &CourseSource, compilation: &Compilation) -> Self {
        let language = compilation.diagnostics_language();
        let count = |severity| {
            compilation
                .diagnostics
                .iter()
                .filter(|d| d.severity == severity)
                .count()
        };
        FolderCourse {
            folder: source.folder.clone(),
            title: compilation.course.as_ref().map(|c| c.title.clone()),
            language,
            maintainers: compilation.maintainers.clone(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            report: compilation
                .diagnostics
                .iter()
                .map(|d| d.render(language))
                .collect(),
        }
    }

    pub fn is_maintained_by(&self, email: &Email) -> bool {
        self.maintainers.contains(email)
    }
}

impl Workspace {
    pub fn of(compiled: &[(CourseSource, Compilation)], now: DateTime<Utc>) -> Self {
        Workspace {
            checked_at: Some(now),
            courses: compiled
                .iter()
                .map(|(source, compilation)| FolderCourse::of(source, compilation))
                .collect(),
        }
    }

    pub fn course(&self, folder: &str) -> Option<&FolderCourse> {
        self.courses.iter().find(|c| c.folder == folder)
    }
}
