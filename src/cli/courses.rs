//! `bryggan courses check|build`: the course compiler for trainers and CI.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;

use crate::course::{self, Compilation, CompileOptions, CourseSource, LinkStyle, Severity};
use crate::preview;

#[derive(Debug, Subcommand)]
pub(super) enum CoursesCommand {
    /// Compile every course and report each problem as `path:line:col: error: message`.
    /// Exits with 1 when any course has an error.
    Check {
        /// A folder of courses, or one course folder.
        #[arg(default_value = "courses")]
        dir: PathBuf,
    },
    /// Write a static preview site (with quiz answers shown) for reviewers.
    /// Courses with errors are reported and left out.
    Build {
        /// A folder of courses, or one course folder.
        #[arg(default_value = "courses")]
        dir: PathBuf,
        /// Where to write the site.
        #[arg(long, short, default_value = "preview")]
        out: PathBuf,
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

/// Prints every diagnostic and a summary; true when there were no errors.
fn report(results: &[(CourseSource, Compilation)]) -> bool {
    let mut stderr = std::io::stderr().lock();
    let (mut errors, mut warnings) = (0, 0);
    for (_, compilation) in results {
        for diagnostic in &compilation.diagnostics {
            match diagnostic.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
            let _ = writeln!(stderr, "{}\n", diagnostic.render());
        }
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let _ = writeln!(
        stderr,
        "checked {}: {}, {}",
        plural(results.len(), "course"),
        plural(errors, "error"),
        plural(warnings, "warning"),
    );
    errors == 0
}

pub(super) fn check(dir: &Path) -> anyhow::Result<ExitCode> {
    let results = compile_all(dir, LinkStyle::Clean)?;
    if results.is_empty() {
        anyhow::bail!("no course folders in {}", dir.display());
    }
    Ok(if report(&results) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub(super) fn build(dir: &Path, out: &Path) -> anyhow::Result<ExitCode> {
    let results = compile_all(dir, LinkStyle::HtmlFile)?;
    let clean = report(&results);
    let courses: Vec<_> = results
        .iter()
        .filter_map(|(source, c)| c.course.as_ref().map(|course| (source, course)))
        .collect();
    let summary = preview::build_site(&courses, out)?;
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
