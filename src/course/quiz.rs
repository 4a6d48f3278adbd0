//! Quiz structure: `##` questions, task-list options, `>` feedback and explanations.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use crate::domain::Slug;

use super::diagnostics::Diagnostics;
use super::markdown::{Spanned, blocks, is_block, plain_text, render};
use super::model::{Choice, Question, Quiz, QuizOption, option_id};
use super::source_text::SourceText;

/// Builds a quiz from a lesson's events (its `#` title already removed).
pub fn build(file: &SourceText, events: &[Spanned<'_>], sink: &mut Diagnostics) -> Option<Quiz> {
    let top = blocks(events);
    let is_question = |b: &Range<usize>| {
        matches!(
            events[b.start].0,
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            })
        )
    };
    let first = top.iter().position(is_question).unwrap_or(top.len());
    let intro = &top[..first];
    for block in intro {
        if let Some(offset) = task_list_at(events, block) {
            sink.error(
                file,
                offset,
                "options before the first question: start each question with a `## ` heading",
            );
        }
    }
    let intro_end = intro.last().map_or(0, |b| b.end);
    let mut quiz = Quiz {
        intro_html: render(&events[..intro_end]),
        questions: Vec::new(),
    };

    let mut seen: HashMap<Slug, usize> = HashMap::new();
    let mut ok = true;
    let mut rest = &top[first..];
    while let Some((heading, after)) = rest.split_first() {
        let next = after.iter().position(is_question).unwrap_or(after.len());
        let (content, remaining) = after.split_at(next);
        rest = remaining;
        let heading_offset = events[heading.start].1.start;
        let Some(question) = question(file, events, heading, content, sink) else {
            ok = false;
            continue;
        };
        let line = file.position(heading_offset).line;
        if let Some(first_line) = seen.insert(question.id.clone(), line) {
            sink.error(
                file,
                heading_offset,
                format!(
                    "question id `{}` is already used on line {first_line}: give one of them another `{{#id}}`",
                    question.id
                ),
            );
            ok = false;
        }
        quiz.questions.push(question);
    }
    if quiz.questions.is_empty() && ok {
        sink.error(
            file,
            events.first().map_or(0, |(_, r)| r.start),
            "quiz has no questions: start each question with a `## ` heading",
        );
        return None;
    }
    ok.then_some(quiz)
}

fn question(
    file: &SourceText,
    events: &[Spanned<'_>],
    heading: &Range<usize>,
    content: &[Range<usize>],
    sink: &mut Diagnostics,
) -> Option<Question> {
    let heading_offset = events[heading.start].1.start;
    let title_events = &events[heading.start + 1..heading.end - 1];
    let title = plain_text(title_events);
    let explicit_id = match &events[heading.start].0 {
        Event::Start(Tag::Heading { id: Some(id), .. }) => Slug::parse(id).ok(),
        _ => None,
    };
    let id = explicit_id.or_else(|| Slug::from_text(&title));
    if title.is_empty() {
        sink.error(
            file,
            heading_offset,
            "question heading is empty: write the question after `## `",
        );
    } else if id.is_none() {
        sink.error(
            file,
            heading_offset,
            "question heading has no letters to make an id from: add one, as in `## ? {#fraga-1}`",
        );
    }

    let mut body_end = None;
    let mut options: Option<(usize, Vec<QuizOption>)> = None;
    let mut explanation = String::new();
    let mut valid = true;
    for block in content {
        let start_offset = events[block.start].1.start;
        if let Some(list_offset) = task_list_at(events, block) {
            if options.is_some() {
                sink.error(file, list_offset, "a question has one list of options; start the next question with a `## ` heading");
                valid = false;
            } else {
                let parsed = option_list(file, events, block, sink);
                valid &= parsed.is_some();
                options = Some((list_offset, parsed.unwrap_or_default()));
                body_end.get_or_insert(block.start);
            }
        } else if options.is_none() {
            continue;
        } else if matches!(events[block.start].0, Event::Start(Tag::BlockQuote(_))) {
            explanation.push_str(&render(&events[block.start + 1..block.end - 1]));
        } else {
            sink.error(file, start_offset, "text after the options is not shown: move it before the list, or quote it with `> ` to make it the explanation shown after answering");
            valid = false;
        }
    }

    let Some((list_offset, options)) = options else {
        sink.error(
            file,
            heading_offset,
            "question has no options: add a list of `- [ ]` and `- [x]` items",
        );
        return None;
    };
    let correct = options.iter().filter(|o| o.correct).count();
    if valid && options.len() < 2 {
        sink.error(file, list_offset, "a question needs at least two options");
        valid = false;
    }
    if valid && correct == 0 {
        sink.error(
            file,
            list_offset,
            "question has no correct option: mark the right answer with `[x]`",
        );
        valid = false;
    }
    if valid && correct == options.len() {
        sink.warning(
            file,
            list_offset,
            "every option is marked correct, so any answer with all of them ticked passes",
        );
    }
    let body_start = heading.end;
    let body_end = body_end.unwrap_or(body_start);
    let question = Question {
        id: id?,
        title_html: render(title_events),
        title,
        body_html: render(&events[body_start..body_end]),
        choice: if correct > 1 {
            Choice::Multiple
        } else {
            Choice::Single
        },
        options,
        explanation_html: (!explanation.is_empty()).then_some(explanation),
    };
    valid.then_some(question)
}

/// The offset of a list block whose first item is a task (`- [ ]`/`- [x]`).
fn task_list_at(events: &[Spanned<'_>], block: &Range<usize>) -> Option<usize> {
    if !matches!(events[block.start].0, Event::Start(Tag::List(_))) {
        return None;
    }
    let first_item_has_marker = events[block.start + 1..block.end]
        .iter()
        .take_while(|(e, _)| !matches!(e, Event::End(TagEnd::Item)))
        .any(|(e, _)| matches!(e, Event::TaskListMarker(_)));
    first_item_has_marker.then_some(events[block.start].1.start)
}

fn option_list(
    file: &SourceText,
    events: &[Spanned<'_>],
    list: &Range<usize>,
    sink: &mut Diagnostics,
) -> Option<Vec<QuizOption>> {
    let inner = &events[list.start + 1..list.end - 1];
    let mut options = Vec::new();
    let mut valid = true;
    for (index, item) in blocks(inner).into_iter().enumerate() {
        let item_events = &inner[item.start + 1..item.end - 1];
        let item_offset = inner[item.start].1.start;
        match option(file, item_events, item_offset, index, sink) {
            Some(option) => options.push(option),
            None => valid = false,
        }
    }
    valid.then_some(options)
}

fn option(
    file: &SourceText,
    events: &[Spanned<'_>],
    item_offset: usize,
    index: usize,
    sink: &mut Diagnostics,
) -> Option<QuizOption> {
    let mut correct = None;
    let mut label: Vec<Spanned<'_>> = Vec::new();
    let mut paragraphs = 0;
    let mut feedback = String::new();
    let mut valid = true;
    for block in blocks(events) {
        let (first, range) = &events[block.start];
        match first {
            Event::TaskListMarker(checked) => correct = Some(*checked),
            Event::Start(Tag::Paragraph) => {
                paragraphs += 1;
                for (event, r) in &events[block.start + 1..block.end - 1] {
                    match event {
                        Event::TaskListMarker(checked) => correct = Some(*checked),
                        e => label.push((e.clone(), r.clone())),
                    }
                }
            }
            Event::Start(Tag::BlockQuote(_)) => {
                feedback.push_str(&render(&events[block.start + 1..block.end - 1]));
            }
            Event::Start(tag) if is_block(tag) => {
                sink.error(file, range.start, "an option is a single paragraph: put longer text in the question before the list, or in the option's `> ` feedback");
                valid = false;
            }
            _ => label.extend_from_slice(&events[block.clone()]),
        }
    }
    if paragraphs > 1 {
        sink.error(file, item_offset, "an option is a single paragraph: put longer text in the question before the list, or in the option's `> ` feedback");
        valid = false;
    }
    let Some(correct) = correct else {
        sink.error(
            file,
            item_offset,
            "every option starts with `[ ]` (wrong) or `[x]` (correct)",
        );
        return None;
    };
    if plain_text(&label).is_empty()
        && !label
            .iter()
            .any(|(e, _)| matches!(e, Event::Start(Tag::Image { .. })))
    {
        sink.error(file, item_offset, "option has no text");
        valid = false;
    }
    valid.then(|| QuizOption {
        id: option_id(index),
        html: render(&label),
        correct,
        feedback_html: (!feedback.is_empty()).then_some(feedback),
    })
}
