//! The course compiler: a folder of Markdown and TOML in, a typed [`Course`] out, or every
//! problem found, located like a compiler's.
//!
//! This module knows nothing of the web or the database; the CLI, the preview site and the
//! server all call [`compile`].

mod assessment;
mod diagnostics;
mod front_matter;
mod hash;
mod lesson;
mod links;
mod manifest;
mod markdown;
mod model;
mod quiz;
mod source;
mod source_text;
mod toml_fields;

use std::collections::BTreeMap;
use std::path::Path;

pub use diagnostics::{Diagnostic, Diagnostics, Position, Severity};
pub use links::LinkStyle;
pub use markdown::options as markdown_options;
#[cfg(test)]
pub(crate) use model::option_id;
pub use model::{
    Assessment, Choice, Course, Form, LearnerOption, LearnerQuestion, Lesson, LessonContent,
    Question, Quiz, QuizOption, SelfAssessment, Statement,
};
pub use source::{Content, CourseSource, MAX_FILE_BYTES, MAX_TEXT_BYTES, SourceFile};
pub use source_text::SourceText;

use crate::domain::Slug;

use links::LinkTargets;
use markdown::Context;

/// Lesson names that would clash with a course's other addresses (`/courses/x/media/…`,
/// `/courses/x/enrol`, `/courses/x/assessment`).
const RESERVED_LESSON_NAMES: &[&str] = &["media", "enrol", "assessment"];

/// Media files above this size get a warning: learners read on phones.
const LARGE_MEDIA_BYTES: usize = 1024 * 1024;

#[derive(Debug, Clone, Copy, Default)]
pub struct CompileOptions {
    pub link_style: LinkStyle,
    /// The day to judge dates against (an outdated legal status); `None`: not judged.
    pub today: Option<chrono::NaiveDate>,
}

/// The outcome of compiling one course: the course when there were no errors, and every
/// diagnostic (warnings come with a course too).
#[derive(Debug)]
pub struct Compilation {
    pub course: Option<Course>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Compiles one course held in memory.
pub fn compile(source: &CourseSource, options: &CompileOptions) -> Compilation {
    let mut sink = Diagnostics::default();
    let course = compile_into(source, options, &mut sink);
    Compilation {
        course: course.filter(|_| !sink.has_errors()),
        diagnostics: sink.into_sorted(),
    }
}

/// Reads and compiles the course in `dir`.
pub fn compile_dir(
    dir: &Path,
    display_dir: &str,
    options: &CompileOptions,
) -> (CourseSource, Compilation) {
    let mut sink = Diagnostics::default();
    let source = source::load(dir, display_dir, &mut sink);
    let mut compilation = compile(&source, options);
    compilation.course = compilation.course.filter(|_| !sink.has_errors());
    compilation.diagnostics.extend(sink.into_sorted());
    (source, compilation)
}

/// Compiles every course folder under `root`, in name order; `root` may also be a single
/// course folder (one with a `course.toml`). Hidden folders are skipped.
pub fn compile_all(
    root: &Path,
    options: &CompileOptions,
) -> Result<Vec<(CourseSource, Compilation)>, std::io::Error> {
    let display_root = root.display().to_string();
    let display_root = display_root.trim_end_matches('/');
    if root.join("course.toml").is_file() {
        return Ok(vec![compile_dir(root, display_root, options)]);
    }
    let mut dirs: Vec<_> = std::fs::read_dir(root)?
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir() && !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    let mut compiled: Vec<_> = dirs
        .iter()
        .map(|name| compile_dir(&root.join(name), &format!("{display_root}/{name}"), options))
        .collect();
    check_translations(&mut compiled);
    Ok(compiled)
}

/// A course's `translation` must be another course in the folder, in the other language;
/// it should name this one back, or completing the translation will not count for it.
fn check_translations(compiled: &mut [(CourseSource, Compilation)]) {
    let courses: BTreeMap<String, crate::domain::Language> = compiled
        .iter()
        .filter_map(|(_, c)| c.course.as_ref())
        .map(|c| (c.slug.to_string(), c.language))
        .collect();
    let names_back: BTreeMap<String, Option<String>> = compiled
        .iter()
        .filter_map(|(_, c)| c.course.as_ref())
        .map(|c| {
            (
                c.slug.to_string(),
                c.translation.as_ref().map(|t| t.to_string()),
            )
        })
        .collect();
    for (source, compilation) in compiled.iter_mut() {
        let Some(course) = &compilation.course else {
            continue;
        };
        let Some(other) = course.translation.as_ref().map(|t| t.to_string()) else {
            continue;
        };
        let path = source.display_path("course.toml");
        let (severity, message) = match courses.get(&other) {
            None => (
                Severity::Error,
                format!("`translation = \"{other}\"` names no course in this folder"),
            ),
            Some(_) if other == course.slug.as_str() => (
                Severity::Error,
                "`translation` names the course itself".to_owned(),
            ),
            Some(language) if *language == course.language => (
                Severity::Error,
                format!(
                    "`{other}` is in the same language as this course, so it is no translation"
                ),
            ),
            Some(_)
                if names_back.get(&other).cloned().flatten().as_deref()
                    != Some(course.slug.as_str()) =>
            {
                (
                    Severity::Warning,
                    format!(
                        "`{other}` does not name `{}` as its translation: completing `{other}` will not count for this course",
                        course.slug
                    ),
                )
            }
            Some(_) => continue,
        };
        let mut sink = Diagnostics::default();
        sink.file(severity, path, message);
        compilation.diagnostics.extend(sink.into_sorted());
        if severity == Severity::Error {
            compilation.course = None;
        }
    }
}

fn compile_into(
    source: &CourseSource,
    options: &CompileOptions,
    sink: &mut Diagnostics,
) -> Option<Course> {
    let slug = match Slug::parse(&source.folder) {
        Ok(slug) => Some(slug),
        Err(err) => {
            let message = format!(
                "course folder name `{}` is not a valid course id: it {err}",
                source.folder
            );
            sink.file(Severity::Error, &source.display_dir, message);
            None
        }
    };

    let mut manifest_file = None;
    let mut lesson_files: BTreeMap<String, (u16, Slug, &SourceFile)> = BTreeMap::new();
    let mut targets = LinkTargets::default();
    let mut hashed: Vec<&SourceFile> = Vec::new();
    let mut assessment_files: Vec<&SourceFile> = Vec::new();
    for file in &source.files {
        let path = source.display_path(&file.name);
        if let Content::TooLarge(size) = file.content {
            sink.file(
                Severity::Error,
                path.clone(),
                format!(
                    "file is {} MB; the limit is {} MB",
                    size / 1_000_000,
                    MAX_FILE_BYTES / 1_000_000
                ),
            );
        }
        if file.name == "course.toml" {
            manifest_file = Some(file);
        } else if file.name.starts_with("media/") {
            if let Content::Bytes(bytes) = &file.content
                && bytes.len() > LARGE_MEDIA_BYTES
            {
                sink.file(
                    Severity::Warning,
                    path,
                    "file is over 1 MB: learners on phones wait for it; consider a smaller version",
                );
            }
            targets.media.insert(file.name.clone());
        } else if file.name.starts_with("assessment/") {
            if assessment::FILES.contains(&file.name.as_str()) {
                assessment_files.push(file);
            } else {
                sink.file(
                    Severity::Warning,
                    path,
                    "ignored: `assessment/` holds `form-a.md`, `form-b.md` and `self.md`",
                );
                continue;
            }
        } else if let Some((number, lesson_slug)) = lesson::parse_file_name(&file.name) {
            lesson_files.insert(file.name.clone(), (number, lesson_slug, file));
            continue;
        } else if !file.name.eq_ignore_ascii_case("readme.md") {
            let hint = if file.name.ends_with(".md") {
                "not a lesson, so ignored: lesson files are named `NN-name.md` with lowercase letters, digits and hyphens, as in `01-valkommen.md`"
            } else {
                "ignored: a course holds `course.toml`, lesson files `NN-name.md` and a `media/` folder"
            };
            sink.file(Severity::Warning, path, hint);
            continue;
        } else {
            continue;
        }
        hashed.push(file);
    }

    let manifest = match manifest_file.and_then(|f| decode(source, f, sink)) {
        Some(text) => manifest::parse(&text, options.today, sink),
        None => {
            if manifest_file.is_none() {
                sink.file(Severity::Error, source.display_path("course.toml"), "course has no course.toml: every course folder needs one with its title, language, summary and pass mark");
            }
            None
        }
    };

    // Numbers and names must be unique: one orders the lessons, the other is their URL.
    let mut by_number: BTreeMap<u16, &str> = BTreeMap::new();
    let mut by_slug: BTreeMap<&Slug, &str> = BTreeMap::new();
    for (name, (number, lesson_slug, _)) in &lesson_files {
        let path = source.display_path(name);
        if let Some(other) = by_number.insert(*number, name) {
            sink.file(
                Severity::Error,
                path.clone(),
                format!("lesson number {number:02} is already used by `{other}`"),
            );
        }
        if RESERVED_LESSON_NAMES.contains(&lesson_slug.as_str()) {
            let message = format!(
                "lesson name `{lesson_slug}` is reserved for the course's own pages: rename the file"
            );
            sink.file(Severity::Error, path.clone(), message);
        }
        if let Some(other) = by_slug.insert(lesson_slug, name) {
            sink.file(Severity::Error, path, format!("lesson name `{lesson_slug}` is already used by `{other}`: lesson names must differ, since they are the lessons' addresses"));
        }
        targets.lessons.insert(name.clone(), lesson_slug.clone());
    }
    if lesson_files.is_empty() {
        sink.file(
            Severity::Error,
            source.display_path("course.toml"),
            "course has no lessons: add lesson files named like `01-valkommen.md`",
        );
    }

    let mut lessons = Vec::new();
    for (number, lesson_slug, file) in lesson_files.values() {
        hashed.push(file);
        let Some(text) = decode(source, file, sink) else {
            continue;
        };
        let ctx = Context {
            file: &text,
            targets: &targets,
            style: options.link_style,
        };
        if let Some(lesson) = lesson::compile(&ctx, *number, lesson_slug.clone(), sink) {
            lessons.push(lesson);
        }
    }
    lessons.sort_by_key(|l| l.number);

    let mut sources = assessment::Sources::default();
    for file in assessment_files {
        let text = decode(source, file, sink);
        match file.name.as_str() {
            assessment::FORM_A => sources.form_a = text,
            assessment::FORM_B => sources.form_b = text,
            _ => sources.self_assessment = text,
        }
    }
    let assessment = assessment::compile(&sources, &targets, options.link_style, sink).ok()?;

    let manifest = manifest?;
    hashed.sort_by(|a, b| a.name.cmp(&b.name));
    Some(Course {
        slug: slug?,
        estimated_minutes: manifest
            .estimated_minutes
            .unwrap_or_else(|| lessons.iter().map(|l| l.minutes).sum()),
        title: manifest.title,
        language: manifest.language,
        summary: manifest.summary,
        pass_mark: manifest.pass_mark,
        valid_for_months: manifest.valid_for_months,
        translation: manifest.translation,
        legal_status: manifest.legal_status.map(|(month, _)| month),
        lessons,
        assessment,
        media: targets.media.into_iter().collect(),
        version: hash::content_hash(&hashed),
    })
}

/// A text file's contents, or an error saying why it is not usable text.
fn decode(source: &CourseSource, file: &SourceFile, sink: &mut Diagnostics) -> Option<SourceText> {
    let path = source.display_path(&file.name);
    let Content::Bytes(bytes) = &file.content else {
        return None;
    };
    if bytes.len() > MAX_TEXT_BYTES {
        sink.file(
            Severity::Error,
            path,
            format!(
                "file is {} KB; text files may be at most {} KB: split the lesson",
                bytes.len() / 1024,
                MAX_TEXT_BYTES / 1024
            ),
        );
        return None;
    }
    match SourceText::decode(path.clone(), bytes) {
        Ok(text) => Some(text),
        Err(err) => {
            sink.push(Diagnostic {
                severity: Severity::Error,
                path,
                position: Some(err.position),
                message:
                    "file is not UTF-8 text (saved as Windows-1252 or Latin-1?): save it as UTF-8"
                        .into(),
                source_line: Some(err.line),
            });
            None
        }
    }
}

#[cfg(test)]
mod tests;
