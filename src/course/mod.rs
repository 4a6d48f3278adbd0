//! The course compiler: a folder of Markdown and TOML in, a typed [`Course`] out, or every
//! problem found, located like a compiler's.
//!
//! This module knows nothing of the web or the database; the CLI, the preview site and the
//! server all call [`compile`].

mod assessment;
pub mod changes;
mod diagnostics;
mod front_matter;
mod hash;
mod lesson;
mod links;
mod manifest;
mod markdown;
mod message;
mod model;
mod option_lines;
mod quiz;
mod source;
mod source_text;
mod toml_fields;

use std::collections::BTreeMap;
use std::path::Path;

pub use assessment::{FORM_A, FORM_B};
pub use diagnostics::{Diagnostic, Diagnostics, Position, Severity};
pub use links::LinkStyle;
pub use markdown::options as markdown_options;
pub use message::Message;
#[cfg(test)]
pub(crate) use model::option_id;
pub use model::{
    Assessment, Choice, Course, Form, LearnerOption, LearnerQuestion, Lesson, LessonContent,
    Question, Quiz, QuizOption, SelfAssessment, Statement,
};
pub use source::{Content, CourseSource, MAX_FILE_BYTES, MAX_TEXT_BYTES, SourceFile};
pub use source_text::{NotText, SourceText};

use crate::domain::{Email, Language, Slug};

use links::LinkTargets;
use markdown::Context;

/// Lesson names that would clash with a course's other addresses (`/courses/x/media/…`,
/// `/courses/x/enrol`, `/courses/x/assessment`).
const RESERVED_LESSON_NAMES: &[&str] = &["media", "enrol", "assessment"];

/// Course names that would clash with other addresses (`/api/v1/courses/reload`).
const RESERVED_COURSE_NAMES: &[&str] = &["reload"];

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
    /// The language `course.toml` declares, when it can be read: the one its trainer reads
    /// the diagnostics in.
    pub language: Option<Language>,
    /// Who `course.toml` names as the course's maintainers, read even when the course has
    /// errors, so that a broken course still reaches the people who look after it.
    pub maintainers: Vec<Email>,
}

impl Compilation {
    /// The language to show this course's diagnostics in: the course's own, else Swedish,
    /// the working language of the municipalities.
    pub fn diagnostics_language(&self) -> Language {
        self.language.unwrap_or(Language::Sv)
    }
}

/// What `course.toml` says about the course, read apart from the rest so that it is known
/// even when the course does not compile.
#[derive(Debug, Default)]
struct Declared {
    language: Option<Language>,
    maintainers: Vec<Email>,
}

/// Compiles one course held in memory.
pub fn compile(source: &CourseSource, options: &CompileOptions) -> Compilation {
    let mut sink = Diagnostics::default();
    let mut declared = Declared::default();
    let course = compile_into(source, options, &mut sink, &mut declared);
    Compilation {
        course: course.filter(|_| !sink.has_errors()),
        diagnostics: sink.into_sorted(),
        language: declared.language,
        maintainers: declared.maintainers,
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
    compile_all_shown_as(root, &root.display().to_string(), options)
}

/// [`compile_all`], with paths in diagnostics starting at `display_root` instead of
/// `root`: the server shows `courses/…`, as `courses check` run in the repository does,
/// wherever the folder is mounted.
pub fn compile_all_shown_as(
    root: &Path,
    display_root: &str,
    options: &CompileOptions,
) -> Result<Vec<(CourseSource, Compilation)>, std::io::Error> {
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
                Message::new(
                    format!("`translation = \"{other}\"` names no course in this folder"),
                    format!(
                        "`translation = \"{other}\"`: det finns ingen kurs med det namnet i mappen"
                    ),
                ),
            ),
            Some(_) if other == course.slug.as_str() => (
                Severity::Error,
                Message::new(
                    "`translation` names the course itself",
                    "`translation` pekar på kursen själv",
                ),
            ),
            Some(language) if *language == course.language => (
                Severity::Error,
                Message::new(
                    format!(
                        "`{other}` is in the same language as this course, so it is no translation"
                    ),
                    format!(
                        "`{other}` är på samma språk som den här kursen och är alltså ingen översättning"
                    ),
                ),
            ),
            Some(_)
                if names_back.get(&other).cloned().flatten().as_deref()
                    != Some(course.slug.as_str()) =>
            {
                (
                    Severity::Warning,
                    Message::new(
                        format!(
                            "`{other}` does not name `{}` as its translation: completing `{other}` will not count for this course",
                            course.slug
                        ),
                        format!(
                            "`{other}` anger inte `{}` som sin översättning: den som går klart `{other}` får inte den här kursen räknad",
                            course.slug
                        ),
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
    declared: &mut Declared,
) -> Option<Course> {
    let slug = match Slug::parse(&source.folder) {
        Ok(slug) if RESERVED_COURSE_NAMES.contains(&slug.as_str()) => {
            let message = Message::new(
                format!(
                    "course folder name `{}` is taken by Bryggan's own addresses: choose another name",
                    source.folder
                ),
                format!(
                    "kursmappens namn `{}` används redan av Bryggans egna adresser: välj ett annat namn",
                    source.folder
                ),
            );
            sink.file(Severity::Error, &source.display_dir, message);
            None
        }
        Ok(slug) => Some(slug),
        Err(err) => {
            let problem = message::slug_problem(&err);
            let message = Message::new(
                format!(
                    "course folder name `{}` is not a valid course id: it {}",
                    source.folder,
                    problem.text(Language::En)
                ),
                format!(
                    "kursmappens namn `{}` kan inte bli kursens adress: det {}",
                    source.folder,
                    problem.text(Language::Sv)
                ),
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
            let (mb, limit) = (size / 1_000_000, MAX_FILE_BYTES / 1_000_000);
            sink.file(
                Severity::Error,
                path.clone(),
                Message::new(
                    format!("file is {mb} MB; the limit is {limit} MB"),
                    format!("filen är {mb} MB; gränsen är {limit} MB"),
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
                    Message::new(
                        "file is over 1 MB: learners on phones wait for it; consider a smaller version",
                        "filen är större än 1 MB: den som läser i mobilen får vänta; spara gärna en mindre version",
                    ),
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
                    Message::new(
                        "ignored: `assessment/` holds `form-a.md`, `form-b.md` and `self.md`",
                        "läses inte: i `assessment/` finns bara `form-a.md`, `form-b.md` och `self.md`",
                    ),
                );
                continue;
            }
        } else if let Some((number, lesson_slug)) = lesson::parse_file_name(&file.name) {
            lesson_files.insert(file.name.clone(), (number, lesson_slug, file));
            continue;
        } else if !file.name.eq_ignore_ascii_case("readme.md") {
            // A lesson whose name breaks the pattern would vanish from the course unnoticed.
            if file.name.ends_with(".md") {
                sink.file(Severity::Error, path, lesson::misnamed(&file.name));
            } else {
                sink.file(
                    Severity::Warning,
                    path,
                    Message::new(
                        "ignored: a course holds `course.toml`, lesson files `NN-name.md` and a `media/` folder",
                        "läses inte: en kurs består av `course.toml`, lektionsfiler `NN-namn.md` och en mapp `media/`",
                    ),
                );
            }
            continue;
        } else {
            continue;
        }
        hashed.push(file);
    }

    let manifest = match manifest_file.and_then(|f| decode(source, f, sink)) {
        Some(text) => {
            declared.language = manifest::declared_language(&text);
            declared.maintainers = manifest::declared_maintainers(&text);
            manifest::parse(&text, options.today, sink)
        }
        None => {
            if manifest_file.is_none() {
                sink.file(
                    Severity::Error,
                    source.display_path("course.toml"),
                    Message::new(
                        "course has no course.toml: every course folder needs one with its title, language, summary and pass mark",
                        "kursen saknar course.toml: varje kursmapp behöver en, med titel, språk, sammanfattning och gräns för godkänt",
                    ),
                );
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
                Message::new(
                    format!("lesson number {number:02} is already used by `{other}`"),
                    format!("lektionsnummer {number:02} används redan av `{other}`"),
                ),
            );
        }
        if RESERVED_LESSON_NAMES.contains(&lesson_slug.as_str()) {
            let message = Message::new(
                format!(
                    "lesson name `{lesson_slug}` is reserved for the course's own pages: rename the file"
                ),
                format!(
                    "lektionsnamnet `{lesson_slug}` är upptaget av kursens egna sidor: byt namn på filen"
                ),
            );
            sink.file(Severity::Error, path.clone(), message);
        }
        if let Some(other) = by_slug.insert(lesson_slug, name) {
            sink.file(
                Severity::Error,
                path,
                Message::new(
                    format!("lesson name `{lesson_slug}` is already used by `{other}`: lesson names must differ, since they are the lessons' addresses"),
                    format!("lektionsnamnet `{lesson_slug}` används redan av `{other}`: namnen måste skilja sig åt, eftersom de är lektionernas adresser"),
                ),
            );
        }
        targets.lessons.insert(name.clone(), lesson_slug.clone());
    }
    if lesson_files.is_empty() {
        sink.file(
            Severity::Error,
            source.display_path("course.toml"),
            Message::new(
                "course has no lessons: add lesson files named like `01-valkommen.md`",
                "kursen har inga lektioner: lägg till lektionsfiler med namn som `01-valkommen.md`",
            ),
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
            language: declared.language.unwrap_or(Language::Sv),
        };
        if let Some(mut lesson) = lesson::compile(&ctx, *number, lesson_slug.clone(), sink) {
            lesson.file = file.name.clone();
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
    let context = assessment::Setting {
        targets: &targets,
        style: options.link_style,
        language: declared.language.unwrap_or(Language::Sv),
    };
    let assessment = assessment::compile(&sources, &context, sink).ok()?;

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
        let (kb, limit) = (bytes.len() / 1024, MAX_TEXT_BYTES / 1024);
        sink.file(
            Severity::Error,
            path,
            Message::new(
                format!("file is {kb} KB; text files may be at most {limit} KB: split the lesson"),
                format!(
                    "filen är {kb} KB; en textfil får vara högst {limit} KB: dela lektionen i två"
                ),
            ),
        );
        return None;
    }
    match SourceText::decode(path.clone(), bytes) {
        Ok(text) => Some(text),
        Err(err) => {
            let (message, position, source_line) = match err {
                NotText::Utf16 => (
                    Message::new(
                        "file is saved as UTF-16 (\"Unicode\"), not UTF-8",
                        "filen är sparad som UTF-16 (”Unicode”), inte som UTF-8",
                    ),
                    None,
                    None,
                ),
                NotText::NotUtf8 { position, line } => (
                    Message::new(
                        "file is not UTF-8 text: it was probably saved as Windows-1252 or Latin-1 (\"ANSI\")",
                        "filen är inte sparad som UTF-8: troligen som Windows-1252 eller Latin-1 (”ANSI”), så å, ä och ö blir fel",
                    ),
                    Some(position),
                    Some(line),
                ),
            };
            sink.push(Diagnostic {
                severity: Severity::Error,
                path,
                position,
                message,
                help: Some(save_as_utf8()),
                source_line,
            });
            None
        }
    }
}

/// How to save a file as UTF-8 in the editors trainers have.
fn save_as_utf8() -> Message {
    Message::new(
        "save it again as UTF-8:\n\
         Notepad (Windows): File > Save as, Encoding: UTF-8\n\
         TextEdit (Mac): Format > Make Plain Text, then File > Save, Plain Text Encoding: Unicode (UTF-8)\n\
         Word: File > Save as, Plain Text (.txt), then Other encoding: Unicode (UTF-8), and rename the file to .md",
        "spara filen igen som UTF-8:\n\
         Anteckningar (Windows): Arkiv > Spara som, Kodning: UTF-8\n\
         TextEdit (Mac): Format > Gör till oformaterad text, sedan Arkiv > Spara, Textkodning: Unicode (UTF-8)\n\
         Word: Arkiv > Spara som, Oformaterad text (.txt), sedan Annan kodning: Unicode (UTF-8), och byt filändelsen till .md",
    )
}

#[cfg(test)]
pub(crate) mod tests;
