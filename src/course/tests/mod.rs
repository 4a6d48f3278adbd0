//! The course format's rules, one test each, with the exact message and position.

mod assessment;
mod authoring;
mod hostile;
mod lessons;
mod manifest;
mod quiz;
mod snapshots;

use super::{Compilation, CompileOptions, Course, CourseSource, compile};

pub const MANIFEST: &str = r#"title = "Testkurs"
language = "sv"
summary = "En kurs för tester."
pass_mark = 80
"#;

/// A course folder `testkurs` with a valid course.toml unless `files` gives one.
pub fn source(files: &[(&str, &str)]) -> CourseSource {
    let mut source = CourseSource::new("testkurs", "courses/testkurs");
    if !files.iter().any(|(name, _)| *name == "course.toml") {
        source = source.with_file("course.toml", MANIFEST);
    }
    for (name, text) in files {
        source = source.with_file(*name, *text);
    }
    source
}

pub fn compiled(files: &[(&str, &str)]) -> Compilation {
    compile(&source(files), &CompileOptions::default())
}

/// Every diagnostic as printed on its first line.
pub fn lines(compilation: &Compilation) -> Vec<String> {
    compilation
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect()
}

pub fn messages_of(source: &CourseSource) -> Vec<String> {
    lines(&compile(source, &CompileOptions::default()))
}

pub fn messages(files: &[(&str, &str)]) -> Vec<String> {
    lines(&compiled(files))
}

pub fn course(files: &[(&str, &str)]) -> Course {
    let compilation = compiled(files);
    match compilation.course {
        Some(course) => course,
        None => panic!("expected a course, got {:#?}", compilation.diagnostics),
    }
}

/// A one-question quiz lesson around the given question Markdown.
pub fn quiz_file(questions: &str) -> String {
    format!("+++\nkind = \"quiz\"\n+++\n# Quiz\n\n{questions}")
}

/// Every diagnostic's first line with its message in `lang`.
pub fn messages_in(files: &[(&str, &str)], lang: crate::domain::Language) -> Vec<String> {
    compiled(files)
        .diagnostics
        .iter()
        .map(|d| d.line(lang))
        .collect()
}
