//! One lesson file (`NN-name.md`): front matter, title, and text or quiz content.

use pulldown_cmark::{Event, HeadingLevel, Tag};

use crate::domain::Slug;

use super::diagnostics::Diagnostics;
use super::front_matter::{self, Kind};
use super::markdown::{self, Context, blocks, plain_text, render, word_count};
use super::message::Message;
use super::model::{Lesson, LessonContent};
use super::option_lines;
use super::quiz;

/// Words read per minute when a lesson does not say how long it takes: a calm pace, since
/// many readers work in their second language.
const WORDS_PER_MINUTE: usize = 150;

/// `NN-name.md` to its number and slug. The number has two digits, or three in a course
/// with more than 99 lessons.
pub fn parse_file_name(name: &str) -> Option<(u16, Slug)> {
    let stem = name.strip_suffix(".md")?;
    let (number, slug) = stem.split_once('-')?;
    if !(2..=3).contains(&number.len()) || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((number.parse().ok()?, Slug::parse(slug).ok()?))
}

/// Why a `.md` file is not a lesson, with the name it should have.
pub fn misnamed(name: &str) -> Message {
    let rule_en = "a two-digit number, a hyphen, then lowercase letters a-z, digits and hyphens";
    let rule_sv =
        "två siffror, ett bindestreck och sedan små bokstäver a–z, siffror och bindestreck";
    match suggested_name(name) {
        Some(better) => Message::new(
            format!(
                "`{name}` is not named like a lesson, so learners would not see it: rename it `{better}` ({rule_en})"
            ),
            format!(
                "`{name}` har inte ett lektionsnamn, så deltagarna skulle inte se den: döp om den till `{better}` ({rule_sv})"
            ),
        ),
        None => Message::new(
            format!(
                "`{name}` is not named like a lesson, so learners would not see it: name it like `01-valkommen.md` ({rule_en}), or move it out of the course folder"
            ),
            format!(
                "`{name}` har inte ett lektionsnamn, så deltagarna skulle inte se den: döp den som `01-valkommen.md` ({rule_sv}), eller flytta den ur kursmappen"
            ),
        ),
    }
}

/// `02-Under samtalet.md` → `02-under-samtalet.md`, `2-intro.md` → `02-intro.md`,
/// `intro.md` → `NN-intro.md`.
fn suggested_name(name: &str) -> Option<String> {
    let stem = name.strip_suffix(".md")?;
    let digits_end = stem
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(stem.len());
    let (digits, rest) = stem.split_at(digits_end);
    let slug = Slug::from_text(rest)?;
    let number = match digits.trim_start_matches('0').parse::<u16>() {
        Ok(n) if n < 1000 => format!("{n:02}"),
        _ if digits.chars().all(|c| c == '0') && !digits.is_empty() => "00".to_owned(),
        _ => "NN".to_owned(),
    };
    Some(format!("{number}-{slug}.md"))
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
            Message::new(
                "lesson file is empty: start it with a `# Title` line",
                "lektionsfilen är tom: börja den med en rad `# Rubrik`",
            ),
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
                    Message::new(
                        "a lesson has one `# ` title; use `## ` for its sections",
                        "en lektion har en enda rubrik med `# `; använd `## ` för avsnitten",
                    ),
                );
            }
        }
    }
    if let Some(block) = title_block {
        events.drain(block);
    }
    let title = front.title.or(heading_title.filter(|t| !t.is_empty()));
    if title.is_none() {
        sink.error(
            file,
            front.body_start,
            Message::new(
                "lesson has no title: start it with a `# Title` line, or set `title` in the front matter",
                "lektionen saknar rubrik: börja den med en rad `# Rubrik`",
            ),
        );
    }

    let content = match front.kind {
        Kind::Lesson => {
            let checked = events
                .iter()
                .find(|(e, _)| matches!(e, Event::TaskListMarker(true)));
            if let (Some((_, range)), false) = (checked, front.kind_misspelled) {
                sink.warning(
                    file,
                    range.start,
                    Message::new(
                        "this lesson has a checklist with `[x]`; if it is a quiz question, add `kind = \"quiz\"` to the front matter",
                        "lektionen har en checklista med `[x]`; är det en quizfråga, skriv `kind = \"quiz\"` mellan `+++`-raderna överst",
                    ),
                );
            }
            Some(LessonContent::Text {
                html: render(&events),
            })
        }
        Kind::Quiz => {
            option_lines::check(file, front.body_start, sink);
            quiz::build(file, &events, sink).map(LessonContent::Quiz)
        }
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
        file: String::new(),
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
        assert_eq!(parse_file_name("102-x.md").map(|(n, _)| n), Some(102));
    }

    #[test]
    fn a_misnamed_lesson_gets_the_name_it_should_have() {
        for (name, better) in [
            ("02-Under samtalet.md", Some("02-under-samtalet.md")),
            ("2-intro.md", Some("02-intro.md")),
            ("03_tolk.md", Some("03-tolk.md")),
            ("intro.md", Some("NN-intro.md")),
            ("01-Åsikter om tolk.md", Some("01-asikter-om-tolk.md")),
            ("07.md", None),
        ] {
            assert_eq!(suggested_name(name).as_deref(), better, "{name}");
        }
    }

    #[test]
    fn other_file_names_are_not_lessons() {
        for name in [
            "intro.md",
            "2-intro.md",
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
