//! `bryggan courses build`: a static preview site of compiled courses for reviewers, with
//! quiz answers and feedback shown (reviewers check them; learners never get this site).

mod assessment;
mod labels;
mod questions;
mod views;

use std::fs;
use std::path::{Path, PathBuf};

use handlebars::Handlebars;
use serde::Serialize;

use crate::course::{Compilation, Content, CourseSource};
use crate::domain::Language;

use labels::Labels;

const STYLE: &str = include_str!("../../templates/preview/style.css");

#[derive(Debug, thiserror::Error)]
pub enum PreviewError {
    #[error("a preview template is invalid")]
    Template(#[from] Box<handlebars::TemplateError>),
    #[error("failed to render {page}")]
    Render {
        page: String,
        #[source]
        source: Box<handlebars::RenderError>,
    },
    #[error("failed to write {}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// What a build wrote.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SiteSummary {
    pub courses: usize,
    pub pages: usize,
    pub media_files: usize,
}

/// Writes `out/index.html`, `out/style.css` and for each course that compiled
/// `out/<slug>/index.html`, one page per lesson, the assessment and its media; a course with
/// errors is listed in the index with its messages. Courses must be compiled with
/// [`crate::course::LinkStyle::HtmlFile`]. Messages are in `lang`, else in each course's.
pub fn build_site(
    results: &[(CourseSource, Compilation)],
    out: &Path,
    lang: Option<Language>,
) -> Result<SiteSummary, PreviewError> {
    let templates = templates()?;
    let mut summary = SiteSummary::default();
    write(&out.join("style.css"), STYLE.as_bytes())?;
    let message_lang = |c: &Compilation| lang.unwrap_or_else(|| c.diagnostics_language());

    let index = views::index(results, message_lang);
    write_page(&templates, "index", &index, &out.join("index.html"))?;
    summary.pages += 1;

    for (source, compilation) in results {
        let Some(course) = &compilation.course else {
            continue;
        };
        let dir = out.join(course.slug.as_str());
        let labels = Labels::for_language(course.language);
        let warnings = views::diagnostics(&compilation.diagnostics, message_lang(compilation));
        write_page(
            &templates,
            "course",
            &views::course(course, warnings, labels),
            &dir.join("index.html"),
        )?;
        summary.pages += 1;
        if let Some(page) = assessment::page(course, labels) {
            write_page(
                &templates,
                "assessment",
                &page,
                &dir.join("assessment.html"),
            )?;
            summary.pages += 1;
        }
        for (i, lesson) in course.lessons.iter().enumerate() {
            let view = questions::lesson(course, i, labels);
            write_page(
                &templates,
                "lesson",
                &view,
                &dir.join(format!("{}.html", lesson.slug)),
            )?;
            summary.pages += 1;
        }
        for file in source
            .files
            .iter()
            .filter(|f| course.media.contains(&f.name))
        {
            if let Content::Bytes(bytes) = &file.content {
                write(&dir.join(&file.name), bytes)?;
                summary.media_files += 1;
            }
        }
        summary.courses += 1;
    }
    Ok(summary)
}

fn templates() -> Result<Handlebars<'static>, PreviewError> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    let sources = [
        ("layout", include_str!("../../templates/preview/layout.hbs")),
        ("index", include_str!("../../templates/preview/index.hbs")),
        ("course", include_str!("../../templates/preview/course.hbs")),
        ("lesson", include_str!("../../templates/preview/lesson.hbs")),
        (
            "assessment",
            include_str!("../../templates/preview/assessment.hbs"),
        ),
        (
            "question",
            include_str!("../../templates/preview/question.hbs"),
        ),
        (
            "diagnostics",
            include_str!("../../templates/preview/diagnostics.hbs"),
        ),
    ];
    for (name, source) in sources {
        hb.register_template_string(name, source)
            .map_err(Box::new)?;
    }
    Ok(hb)
}

fn write_page<T: Serialize>(
    hb: &Handlebars<'_>,
    template: &str,
    data: &T,
    path: &Path,
) -> Result<(), PreviewError> {
    let html = hb
        .render(template, data)
        .map_err(|source| PreviewError::Render {
            page: path.display().to_string(),
            source: Box::new(source),
        })?;
    write(path, html.as_bytes())
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), PreviewError> {
    let io = |source| PreviewError::Write {
        path: path.to_owned(),
        source,
    };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(io)?;
    }
    fs::write(path, bytes).map_err(io)
}
