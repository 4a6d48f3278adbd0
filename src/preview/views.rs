//! The data the index and course templates render.

use serde::Serialize;

use crate::course::{Compilation, Course, CourseSource, Diagnostic, Severity};
use crate::domain::Language;

use super::labels::Labels;

#[derive(Serialize)]
pub struct Page<T: Serialize> {
    pub lang: Language,
    pub page_title: String,
    pub root: &'static str,
    pub course_title: Option<String>,
    pub labels: &'static Labels,
    #[serde(flatten)]
    pub body: T,
}

#[derive(Serialize)]
pub struct IndexBody {
    courses: Vec<CourseCard>,
}

#[derive(Serialize)]
struct CourseCard {
    /// Set for a course that compiled: its folder in the site.
    slug: Option<String>,
    title: String,
    summary: Option<String>,
    language: Option<Language>,
    lessons: usize,
    minutes: u32,
    version: Option<String>,
    warnings: usize,
    /// For a course with errors: every message, since it has no page of its own.
    diagnostics: Vec<DiagnosticView>,
}

/// One compiler message as the preview shows it.
#[derive(Serialize)]
pub struct DiagnosticView {
    lang: Language,
    location: String,
    is_error: bool,
    severity: &'static str,
    /// The message, escaped, with `code` in backticks set as code.
    message_html: String,
    source_line: Option<String>,
    help: Option<String>,
}

pub fn diagnostics(list: &[Diagnostic], lang: Language) -> Vec<DiagnosticView> {
    list.iter()
        .map(|d| DiagnosticView {
            lang,
            location: match d.position {
                Some(p) => format!("{}:{}:{}", d.path, p.line, p.column),
                None => d.path.clone(),
            },
            is_error: d.is_error(),
            severity: match (d.severity, lang) {
                (Severity::Error, Language::Sv) => "fel",
                (Severity::Error, Language::En) => "error",
                (Severity::Warning, Language::Sv) => "varning",
                (Severity::Warning, Language::En) => "warning",
            },
            message_html: with_code(d.message.text(lang)),
            source_line: d.source_line.clone().filter(|l| !l.trim().is_empty()),
            help: d.help.as_ref().map(|h| h.text(lang).to_owned()),
        })
        .collect()
}

/// The index is in Swedish, the working language of the municipalities; each course card
/// carries its own `lang`, and its messages the language they are shown in.
pub fn index(
    results: &[(CourseSource, Compilation)],
    message_lang: impl Fn(&Compilation) -> Language,
) -> Page<IndexBody> {
    let labels = Labels::for_language(Language::Sv);
    let courses = results
        .iter()
        .map(|(source, compilation)| {
            let warnings = compilation
                .diagnostics
                .iter()
                .filter(|d| !d.is_error())
                .count();
            match &compilation.course {
                Some(c) => CourseCard {
                    slug: Some(c.slug.to_string()),
                    title: c.title.clone(),
                    summary: Some(c.summary.clone()),
                    language: Some(c.language),
                    lessons: c.lessons.len(),
                    minutes: c.estimated_minutes,
                    version: Some(short(&c.version)),
                    warnings,
                    diagnostics: Vec::new(),
                },
                None => CourseCard {
                    slug: None,
                    title: source.folder.clone(),
                    summary: None,
                    language: compilation.language,
                    lessons: 0,
                    minutes: 0,
                    version: None,
                    warnings,
                    diagnostics: diagnostics(&compilation.diagnostics, message_lang(compilation)),
                },
            }
        })
        .collect();
    Page {
        lang: Language::Sv,
        page_title: labels.courses.to_owned(),
        root: "",
        course_title: None,
        labels,
        body: IndexBody { courses },
    }
}

#[derive(Serialize)]
pub struct CourseBody<'a> {
    course: &'a Course,
    version: String,
    lessons: Vec<LessonLink>,
    /// What the assessment holds, when the course has one.
    assessment: Option<String>,
    warnings: Vec<DiagnosticView>,
}

#[derive(Serialize)]
struct LessonLink {
    href: String,
    title: String,
    minutes: u32,
    is_quiz: bool,
    questions: usize,
}

/// "2 former med 4 frågor var, självskattning med 5 påståenden".
fn describe_assessment(
    lang: Language,
    forms: usize,
    questions: usize,
    statements: usize,
) -> String {
    let mut parts = Vec::new();
    match (lang, forms) {
        (_, 0) => {}
        (Language::Sv, 1) => parts.push(format!("en form med {questions} frågor")),
        (Language::Sv, n) => parts.push(format!("{n} former med {questions} frågor var")),
        (Language::En, 1) => parts.push(format!("one form of {questions} questions")),
        (Language::En, n) => parts.push(format!("{n} forms of {questions} questions each")),
    }
    match (lang, statements) {
        (_, 0) => {}
        (Language::Sv, n) => parts.push(format!("självskattning med {n} påståenden")),
        (Language::En, n) => parts.push(format!("a self-assessment of {n} statements")),
    }
    parts.join(", ")
}

pub fn course<'a>(
    course: &'a Course,
    warnings: Vec<DiagnosticView>,
    labels: &'static Labels,
) -> Page<CourseBody<'a>> {
    let lessons = course
        .lessons
        .iter()
        .map(|l| LessonLink {
            href: format!("{}.html", l.slug),
            title: l.title.clone(),
            minutes: l.minutes,
            is_quiz: l.quiz().is_some(),
            questions: l.quiz().map_or(0, |q| q.questions.len()),
        })
        .collect();
    let assessment = course.assessment.as_ref().map(|a| {
        describe_assessment(
            course.language,
            a.forms.len(),
            a.forms.first().map_or(0, |f| f.questions.len()),
            a.self_assessment.as_ref().map_or(0, |s| s.statements.len()),
        )
    });
    Page {
        lang: course.language,
        page_title: course.title.clone(),
        root: "../",
        course_title: None,
        labels,
        body: CourseBody {
            course,
            version: short(&course.version),
            lessons,
            assessment,
            warnings,
        },
    }
}

/// Escapes `text` and sets what is between backticks as `<code>`.
fn with_code(text: &str) -> String {
    let mut html = String::new();
    for (i, part) in text.split('`').enumerate() {
        let escaped = handlebars::html_escape(part);
        if i % 2 == 1 {
            html.push_str(&format!("<code>{escaped}</code>"));
        } else {
            html.push_str(&escaped);
        }
    }
    html
}

fn short(version: &str) -> String {
    version.chars().take(12).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backticks_in_a_message_become_code_and_the_rest_is_escaped() {
        assert_eq!(
            with_code("skriv `- [ ] <b>` & gå vidare"),
            "skriv <code>- [ ] &lt;b&gt;</code> &amp; gå vidare"
        );
    }
}
