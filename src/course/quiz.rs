//! Quiz structure: `##` questions, task-list options, `>` feedback and explanations.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use crate::domain::Slug;

use super::diagnostics::Diagnostics;
use super::markdown::{Spanned, blocks, is_block, plain_text, render};
use super::message::Message;
use super::model::{Choice, Question, Quiz, QuizOption, option_id};
use super::source_text::SourceText;

/// Words that open feedback on a choice rather than an explanation for everyone.
const FEEDBACK_WORDS: &[&str] = &[
    "rätt",
    "fel",
    "ja",
    "nej",
    "riktigt",
    "tyvärr",
    "correct",
    "wrong",
    "right",
    "yes",
    "no",
    "incorrect",
];

/// Words that mark a quote after the options as the explanation on purpose.
const EXPLANATION_MARKS: &[&str] = &["förklaring", "explanation"];

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
                Message::new(
                    "options before the first question: start each question with a `## ` heading",
                    "svarsalternativ före första frågan: börja varje fråga med en rubrik `## `",
                ),
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
            let id = &question.id;
            sink.error(
                file,
                heading_offset,
                Message::new(
                    format!("question id `{id}` is already used on line {first_line}: give one of them another `{{#id}}`"),
                    format!("frågans id `{id}` används redan på rad {first_line}: ge en av dem ett annat id, som `## Fråga {{#fraga-2}}`"),
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
            Message::new(
                "quiz has no questions: start each question with a `## ` heading",
                "quizet har inga frågor: börja varje fråga med en rubrik `## `",
            ),
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
            Message::new(
                "question heading is empty: write the question after `## `",
                "frågans rubrik är tom: skriv frågan efter `## `",
            ),
        );
    } else if id.is_none() {
        sink.error(
            file,
            heading_offset,
            Message::new(
                "question heading has no letters to make an id from: add one, as in `## ? {#fraga-1}`",
                "frågans rubrik har inga bokstäver att göra ett id av: lägg till ett, som `## ? {#fraga-1}`",
            ),
        );
    }

    let mut body_end = None;
    let mut options: Option<(usize, Vec<QuizOption>)> = None;
    let mut explanation = String::new();
    // The first quote after the options: its offset and its opening words.
    let mut explanation_start: Option<(usize, String)> = None;
    let mut previous_was_quote = false;
    let mut valid = true;
    for block in content {
        let start_offset = events[block.start].1.start;
        let is_quote = matches!(events[block.start].0, Event::Start(Tag::BlockQuote(_)));
        if let Some(list_offset) = task_list_at(events, block) {
            if options.is_some() {
                match (&explanation_start, previous_was_quote) {
                    (Some((quote_offset, _)), true) => sink.error(
                        file,
                        *quote_offset,
                        Message::new(
                            "this quote ends the list of options, so the options below it are lost: indent the quote two spaces (`  > …`) so that it belongs to the option above",
                            "citatet avslutar listan med svarsalternativ, så alternativen under det försvinner: dra in citatet två mellanslag (`  > …`) så att det hör till alternativet ovanför",
                        ),
                    ),
                    _ => sink.error(
                        file,
                        list_offset,
                        Message::new(
                            "a question has one list of options; start the next question with a `## ` heading",
                            "en fråga har en enda lista med svarsalternativ; börja nästa fråga med en rubrik `## `",
                        ),
                    ),
                }
                valid = false;
            } else {
                let parsed = option_list(file, events, block, sink);
                valid &= parsed.is_some();
                options = Some((list_offset, parsed.unwrap_or_default()));
                body_end.get_or_insert(block.start);
            }
        } else if options.is_none() {
            continue;
        } else if is_quote {
            let inner = &events[block.start + 1..block.end - 1];
            explanation_start.get_or_insert_with(|| (start_offset, plain_text(inner)));
            explanation.push_str(&render(inner));
        } else {
            sink.error(
                file,
                start_offset,
                Message::new(
                    "text after the options is not shown: move it before the list, or quote it with `> ` to make it the explanation shown after answering",
                    "text efter svarsalternativen visas inte: flytta den före listan, eller gör den till ett citat med `> ` så visas den som förklaring efter svaret",
                ),
            );
            valid = false;
        }
        previous_was_quote = is_quote;
    }

    let Some((list_offset, options)) = options else {
        sink.error(
            file,
            heading_offset,
            Message::new(
                format!("question “{title}” has no options: add a list of `- [ ]` and `- [x]` items"),
                format!("frågan ”{title}” har inga svarsalternativ: lägg till en lista med `- [ ]` och `- [x]`"),
            ),
        );
        return None;
    };
    let correct = options.iter().filter(|o| o.correct).count();
    if valid && options.len() < 2 {
        sink.error(
            file,
            list_offset,
            Message::new(
                format!("question “{title}” needs at least two options"),
                format!("frågan ”{title}” behöver minst två svarsalternativ"),
            ),
        );
        valid = false;
    }
    if valid && correct == 0 {
        sink.error(
            file,
            list_offset,
            Message::new(
                format!(
                    "question “{title}” has no correct option: mark the right answer with `[x]`"
                ),
                format!("frågan ”{title}” har inget rätt svar: markera det rätta svaret med `[x]`"),
            ),
        );
        valid = false;
    }
    if valid && correct == options.len() {
        sink.warning(
            file,
            list_offset,
            Message::new(
                "every option is marked correct, so any answer with all of them ticked passes",
                "alla svarsalternativ är markerade som rätt, så den som kryssar i alla får rätt",
            ),
        );
    }
    if valid {
        check_feedback(
            file,
            &options,
            list_offset,
            explanation_start.as_ref(),
            sink,
        );
    }
    let body_start = heading.end;
    let body_end = body_end.unwrap_or(body_start);
    let question = Question {
        line: file.position(heading_offset).line as u32,
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
                sink.error(file, range.start, one_paragraph());
                valid = false;
            }
            _ => label.extend_from_slice(&events[block.clone()]),
        }
    }
    if paragraphs > 1 {
        sink.error(file, item_offset, one_paragraph());
        valid = false;
    }
    let Some(correct) = correct else {
        sink.error(
            file,
            item_offset,
            Message::new(
                "every option starts with `[ ]` (wrong) or `[x]` (correct)",
                "varje svarsalternativ börjar med `[ ]` (fel svar) eller `[x]` (rätt svar)",
            ),
        );
        return None;
    };
    if plain_text(&label).is_empty()
        && !label
            .iter()
            .any(|(e, _)| matches!(e, Event::Start(Tag::Image { .. })))
    {
        sink.error(
            file,
            item_offset,
            Message::new("option has no text", "svarsalternativet har ingen text"),
        );
        valid = false;
    }
    valid.then(|| QuizOption {
        id: option_id(index),
        html: render(&label),
        correct,
        feedback_html: (!feedback.is_empty()).then_some(feedback),
    })
}

fn one_paragraph() -> Message {
    Message::new(
        "an option is a single paragraph: put longer text in the question before the list, or in the option's `> ` feedback",
        "ett svarsalternativ är ett enda stycke: skriv längre text i frågan före listan, eller i alternativets återkoppling med `> `",
    )
}

/// Feedback that went astray: a quote under the last option that is not indented becomes
/// the explanation everyone sees, and options without feedback leave some learners with none.
fn check_feedback(
    file: &SourceText,
    options: &[QuizOption],
    list_offset: usize,
    explanation: Option<&(usize, String)>,
    sink: &mut Diagnostics,
) {
    let missing: Vec<&str> = options
        .iter()
        .filter(|o| o.feedback_html.is_none())
        .map(|o| o.id.as_str())
        .collect();
    let only_last_missing = missing.len() == 1
        && options
            .last()
            .is_some_and(|o| o.feedback_html.is_none() && options.len() > 1);
    let mut astray = false;
    if let Some((offset, text)) = explanation {
        let first_word: String = text
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        let marked = EXPLANATION_MARKS.contains(&first_word.as_str());
        let reads_like_feedback = FEEDBACK_WORDS.contains(&first_word.as_str());
        if !marked && (only_last_missing || reads_like_feedback) {
            astray = true;
            sink.warning(
                file,
                *offset,
                Message::new(
                    "this quote is shown to everyone as the question's explanation, but it reads like feedback on the last option: to make it that option's feedback, indent it two spaces (`  > …`); to keep it as the explanation, start it with `> Explanation:`",
                    "citatet visas för alla som frågans förklaring, men det ser ut som återkoppling på det sista alternativet: dra in det två mellanslag (`  > …`) så hör det till alternativet; ska det vara en förklaring, börja det med `> Förklaring:`",
                ),
            );
        }
    }
    let some_have = missing.len() < options.len();
    if some_have && !missing.is_empty() && !(astray && only_last_missing) {
        let list = missing.join(", ");
        let (en_noun, en_verb, en_it, sv_it) = if missing.len() == 1 {
            ("option", "has", "it", "det")
        } else {
            ("options", "have", "them", "något av dem")
        };
        sink.warning(
            file,
            list_offset,
            Message::new(
                format!("{en_noun} {list} {en_verb} no feedback while the others have: learners who choose {en_it} get none (options are a, b, c… from the top)"),
                format!("alternativ {list} saknar återkoppling, men de andra har: den som väljer {sv_it} får ingen (alternativen är a, b, c … uppifrån)"),
            ),
        );
    }
}
