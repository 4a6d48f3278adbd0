//! `bryggan courses build` and `courses preview`: a preview site of compiled courses for reviewers, with
//! quiz answers and feedback shown (reviewers check them; learners never get this site).

mod assessment;
mod labels;
pub mod live;
mod questions;
mod views;

use std::collections::BTreeMap;
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
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SiteSummary {
    pub courses: usize,
    pub pages: usize,
    pub media_files: usize,
}

/// Every file of the preview site, by its path within the site (`index.html`,
/// `provkurs/forsta.html`, `provkurs/media/tolk.png`).
#[derive(Debug, Default, Clone)]
pub struct Site {
    pub files: BTreeMap<String, Vec<u8>>,
    pub summary: SiteSummary,
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
    let site = render_site(results, lang)?;
    for (path, bytes) in &site.files {
        write(&out.join(path), bytes)?;
    }
    Ok(site.summary)
}

/// The site of [`build_site`], in memory: for `courses preview`, which serves it.
pub fn render_site(
    results: &[(CourseSource, Compilation)],
    lang: Option<Language>,
) -> Result<Site, PreviewError> {
    let templates = templates()?;
    let mut site = Site::default();
    site.files
        .insert("style.css".into(), STYLE.as_bytes().to_vec());
    let message_lang = |c: &Compilation| lang.unwrap_or_else(|| c.diagnostics_language());

    let index = views::index(results, message_lang);
    site.page(&templates, "index", &index, "index.html".into())?;

    for (source, compilation) in results {
        let Some(course) = &compilation.course else {
            continue;
        };
        let dir = course.slug.as_str();
        let labels = Labels::for_language(course.language);
        let warnings = views::diagnostics(&compilation.diagnostics, message_lang(compilation));
        site.page(
            &templates,
            "course",
            &views::course(course, warnings, labels),
            format!("{dir}/index.html"),
        )?;
        if let Some(page) = assessment::page(course, labels) {
            site.page(
                &templates,
                "assessment",
                &page,
                format!("{dir}/assessment.html"),
            )?;
        }
        for (i, lesson) in course.lessons.iter().enumerate() {
            let view = questions::lesson(course, i, labels);
            site.page(
                &templates,
                "lesson",
                &view,
                format!("{dir}/{}.html", lesson.slug),
            )?;
        }
        for file in source
            .files
            .iter()
            .filter(|f| course.media.contains(&f.name))
        {
            if let Content::Bytes(bytes) = &file.content {
                site.files
                    .insert(format!("{dir}/{}", file.name), bytes.clone());
                site.summary.media_files += 1;
            }
        }
        site.summary.courses += 1;
    }
    Ok(site)
}

impl Site {
    fn page<T: Serialize>(
        &mut self,
        hb: &Handlebars<'_>,
        template: &str,
        data: &T,
        path: String,
    ) -> Result<(), PreviewError> {
        let html = hb
            .render(template, data)
            .map_err(|source| PreviewError::Render {
                page: path.clone(),
                source: Box::new(source),
            })?;
        self.files.insert(path, html.into_bytes());
        self.summary.pages += 1;
        Ok(())
    }
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
