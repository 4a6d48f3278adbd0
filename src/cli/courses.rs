//! `bryggan courses check|build`: the course compiler for trainers and CI.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;

use crate::course::{self, Compilation, CompileOptions, CourseSource, LinkStyle, Severity};
use crate::domain::Language;
use crate::preview;

#[derive(Debug, Subcommand)]
pub(super) enum CoursesCommand {
    /// Compile every course and report each problem as `path:line:col: error: message`.
    /// Exits with 1 when any course has an error.
    Check {
        /// A folder of courses, or one course folder.
        #[arg(default_value = "courses")]
        dir: PathBuf,
        /// The language of the messages (sv or en); by default each course's own.
        #[arg(long)]
        lang: Option<Language>,
    },
    /// Write a static preview site (with quiz answers shown) for reviewers. A course with
    /// errors is listed in the site's index with its messages.
    Build {
        /// A folder of courses, or one course folder.
        #[arg(default_value = "courses")]
        dir: PathBuf,
        /// Where to write the site.
        #[arg(long, short, default_value = "preview")]
        out: PathBuf,
        /// The language of the messages (sv or en); by default each course's own.
        #[arg(long)]
        lang: Option<Language>,
    },
    /// Serve the preview site on this computer while you write: every save recompiles,
    /// the open page reloads itself, and a course with errors shows them at the top of
    /// its pages. Opens no database.
    Preview {
        /// A folder of courses, or one course folder.
        #[arg(default_value = "courses")]
        dir: PathBuf,
        /// The port on 127.0.0.1 [default: any free one, printed at start].
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// The language of the messages (sv or en); by default each course's own.
        #[arg(long)]
        lang: Option<Language>,
    },
}

fn compile_all(dir: &Path, style: LinkStyle) -> anyhow::Result<Vec<(CourseSource, Compilation)>> {
    let options = CompileOptions {
        link_style: style,
        today: Some(chrono::Utc::now().date_naive()),
    };
    course::compile_all(dir, &options)
        .map_err(|err| anyhow::anyhow!("cannot read {}: {err}", dir.display()))
}

/// Prints every diagnostic, each in its course's language unless `lang` says otherwise,
/// and a summary; true when there were no errors.
fn report(results: &[(CourseSource, Compilation)], lang: Option<Language>) -> bool {
    let mut stderr = std::io::stderr().lock();
    let (mut errors, mut warnings) = (0, 0);
    for (_, compilation) in results {
        let course_lang = lang.unwrap_or_else(|| compilation.diagnostics_language());
        for diagnostic in &compilation.diagnostics {
            match diagnostic.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
            let _ = writeln!(stderr, "{}\n", diagnostic.render(course_lang));
        }
    }
    let _ = writeln!(
        stderr,
        "{}",
        summary(
            results.len(),
            errors,
            warnings,
            summary_language(results, lang)
        )
    );
    errors == 0
}

/// The summary speaks `lang`, else the courses' language when they share one, else Swedish.
fn summary_language(results: &[(CourseSource, Compilation)], lang: Option<Language>) -> Language {
    let mut languages = results.iter().map(|(_, c)| c.diagnostics_language());
    let first = languages.next().unwrap_or(Language::Sv);
    lang.unwrap_or(if languages.all(|l| l == first) {
        first
    } else {
        Language::Sv
    })
}

fn summary(courses: usize, errors: usize, warnings: usize, lang: Language) -> String {
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    match lang {
        Language::En => format!(
            "checked {}: {}, {}",
            count(courses, "course", "courses"),
            count(errors, "error", "errors"),
            count(warnings, "warning", "warnings"),
        ),
        Language::Sv => format!(
            "kontrollerade {}: {}, {}",
            count(courses, "kurs", "kurser"),
            count(errors, "fel", "fel"),
            count(warnings, "varning", "varningar"),
        ),
    }
}

pub(super) fn check(dir: &Path, lang: Option<Language>) -> anyhow::Result<ExitCode> {
    let results = compile_all(dir, LinkStyle::Clean)?;
    if results.is_empty() {
        anyhow::bail!("no course folders in {}", dir.display());
    }
    Ok(if report(&results, lang) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub(super) fn build(dir: &Path, out: &Path, lang: Option<Language>) -> anyhow::Result<ExitCode> {
    let results = compile_all(dir, LinkStyle::HtmlFile)?;
    let clean = report(&results, lang);
    let summary = preview::build_site(&results, out, lang)?;
    println!(
        "wrote {} pages for {} courses to {}",
        summary.pages,
        summary.courses,
        out.join("index.html").display()
    );
    Ok(if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub(super) async fn preview(
    dir: &Path,
    port: u16,
    lang: Option<Language>,
) -> anyhow::Result<ExitCode> {
    preview::live::serve(dir, port, lang).await?;
    Ok(ExitCode::SUCCESS)
}
