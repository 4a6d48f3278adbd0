//! One lesson file (`NN-name.md`): front matter, title, and text or quiz content.

use pulldown_cmark::{Event, HeadingLevel, Tag};

use crate::domain::Slug;

use super::diagnostics::Diagnostics;
use super::front_matter::{self, Kind};
use super::markdown::{self, Context, blocks, plain_text, render, word_count};
use super::model::{Lesson, LessonContent};
use super::quiz;

/// Words read per minute when a lesson does not say how long it takes: a calm pace, since
/// many readers work in their second language.
const WORDS_PER_MINUTE: usize = 150;

/// `NN-name.md` to its number and slug.
pub fn parse_file_name(name: &str) -> Option<(u16, Slug)> {
    let stem = name.strip_suffix(".md")?;
    let (number, slug) = stem.split_once('-')?;
    if number.is_empty() || number.len() > 3 || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((number.parse().ok()?, Slug::parse(slug).ok()?))
}

pub fn compile(
    ctx: &Context<'_>,
    number: u16,
    slug: Slug,
    sink: &mut Diagnostics,
) -> Option<Lesson> {
    let file = ctx.file;
    if file.text.trim().is_empty() {
        sink.error(
            file,
            0,
            "lesson file is empty: start it with a `# Title` line",
        );
        return None;
    }
    let errors_before = sink.error_count();
    let front = front_matter::parse(file, sink);
    let mut events = markdown::parse(ctx, &file.text[front.body_start..], front.body_start, sink);

    let mut heading_title = None;
    let top = blocks(&events);
    let mut title_block = None;
    for block in &top {
        if let Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            ..
        }) = events[block.start].0
        {
            if title_block.is_none() {
                title_block = Some(block.clone());
                heading_title = Some(plain_text(&events[block.start + 1..block.end - 1]));
            } else {
                sink.error(
                    file,
                    events[block.start].1.start,
                    "a lesson has one `# ` title; use `## ` for its sections",
                );
            }
        }
    }
    if let Some(block) = title_block {
        events.drain(block);
    }
    let title = front.title.or(heading_title.filter(|t| !t.is_empty()));
    if title.is_none() {
        sink.error(file, front.body_start, "lesson has no title: start it with a `# Title` line, or set `title` in the front matter");
    }

    let content = match front.kind {
        Kind::Lesson => {
            if let Some((_, range)) = events
                .iter()
                .find(|(e, _)| matches!(e, Event::TaskListMarker(true)))
            {
                sink.warning(file, range.start, "this lesson has a checklist with `[x]`; if it is a quiz question, add `kind = \"quiz\"` to the front matter");
            }
            Some(LessonContent::Text {
                html: render(&events),
            })
        }
        Kind::Quiz => quiz::build(file, &events, sink).map(LessonContent::Quiz),
    };
    let minutes = front
        .minutes
        .unwrap_or_else(|| word_count(&events).div_ceil(WORDS_PER_MINUTE).max(1) as u32);
    if sink.error_count() > errors_before {
        return None;
    }
    Some(Lesson {
        number,
        slug,
        title: title?,
        minutes,
        content: content?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lesson_file_names_give_number_and_slug() {
        let (number, slug) = parse_file_name("02-arbeta-med-tolk.md").unwrap();
        assert_eq!((number, slug.as_str()), (2, "arbeta-med-tolk"));
        assert_eq!(parse_file_name("2-x.md").map(|(n, _)| n), Some(2));
    }

    #[test]
    fn other_file_names_are_not_lessons() {
        for name in [
            "intro.md",
            "01_intro.md",
            "01-Intro.md",
            "01-.md",
            "1234-x.md",
            "01-x.txt",
            "-x.md",
        ] {
            assert!(parse_file_name(name).is_none(), "{name}");
        }
    }
}
