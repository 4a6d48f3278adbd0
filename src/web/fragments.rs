//! Rendered parts of pages that depend only on a course version and the page's language,
//! kept for every learner who sees them: a text lesson's article and its pager. A course
//! version never changes once registered, so a kept part is never stale; the time limit
//! and the bound only keep memory small.

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use crate::cache::TtlCache;
use crate::course::{Course, LessonContent};
use crate::domain::Language;

use super::error::WebError;
use super::render::{CourseHeader, Templates};

const KEEP: Duration = Duration::from_secs(600);
/// Lessons of all versions in both languages; about 5 kB each.
const CAPACITY: usize = 2_000;

/// What a text lesson's page shows of the course, rendered once.
#[derive(Debug)]
pub struct LessonParts {
    pub article: String,
    pub pager: String,
}

#[derive(Debug)]
pub struct Fragments {
    lessons: TtlCache<(i64, usize, Language), Arc<LessonParts>>,
}

impl Default for Fragments {
    fn default() -> Self {
        Self {
            lessons: TtlCache::bounded(KEEP, CAPACITY),
        }
    }
}

/// The lesson before or after, for a pager.
#[derive(Serialize)]
pub struct Neighbour<'a> {
    slug: &'a str,
    title: &'a str,
}

impl<'a> Neighbour<'a> {
    /// Lesson `index` of `course`, if there is one.
    pub fn at(course: &'a Course, index: usize) -> Option<Self> {
        course.lessons.get(index).map(|l| Neighbour {
            slug: l.slug.as_str(),
            title: &l.title,
        })
    }
}

impl Fragments {
    /// The parts of lesson `index` of `course` (registered as `version`), in `lang`.
    pub fn lesson(
        &self,
        templates: &Templates,
        version: i64,
        course: &Course,
        index: usize,
        lang: Language,
    ) -> Result<Arc<LessonParts>, WebError> {
        let key = (version, index, lang);
        if let Some(parts) = self.lessons.get(&key) {
            return Ok(parts);
        }
        let parts = Arc::new(render_lesson(templates, course, index, lang)?);
        self.lessons.insert(key, parts.clone());
        Ok(parts)
    }
}

fn render_lesson(
    templates: &Templates,
    course: &Course,
    index: usize,
    lang: Language,
) -> Result<LessonParts, WebError> {
    let lesson = course.lessons.get(index);
    let Some((lesson, LessonContent::Text { html })) = lesson.map(|l| (l, &l.content)) else {
        return Err(WebError::internal(anyhow::anyhow!(
            "lesson {index} of {} is not a text lesson",
            course.slug.as_str()
        )));
    };
    let header = CourseHeader::of(course);
    let article = templates.fragment(
        "lesson_article",
        lang,
        serde_json::json!({
            "course": header,
            "lesson": { "slug": lesson.slug, "title": lesson.title, "minutes": lesson.minutes },
            "position": index + 1,
            "count": course.lessons.len(),
            "html": html,
        }),
    )?;
    let pager = templates.fragment(
        "lesson_pager",
        lang,
        serde_json::json!({
            "course": header,
            "prev": index.checked_sub(1).and_then(|i| Neighbour::at(course, i)),
            "next": Neighbour::at(course, index + 1),
        }),
    )?;
    Ok(LessonParts { article, pager })
}
