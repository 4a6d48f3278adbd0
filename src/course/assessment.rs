//! The pre/post assessment in `assessment/`: knowledge items in quiz syntax as one or two
//! parallel forms (`form-a.md`, `form-b.md`), and statements rated on a scale (`self.md`).

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag};

use crate::domain::{Language, Slug};

use super::diagnostics::Diagnostics;
use super::links::{LinkStyle, LinkTargets};
use super::markdown::{self, Context, Spanned, blocks, is_block, plain_text, render};
use super::message::{self, Message};
use super::model::{Assessment, Quiz, SelfAssessment, Statement};
use super::option_lines;
use super::quiz;
use super::source_text::SourceText;

pub const FORM_A: &str = "assessment/form-a.md";
pub const FORM_B: &str = "assessment/form-b.md";
pub const SELF: &str = "assessment/self.md";
pub const FILES: &[&str] = &[FORM_A, FORM_B, SELF];

/// Points a scale may have: two is a yes/no question, more than eleven is noise.
const SCALE_POINTS: std::ops::RangeInclusive<usize> = 2..=11;

/// The decoded assessment files of a course, any of which may be missing.
#[derive(Default)]
pub struct Sources {
    pub form_a: Option<SourceText>,
    pub form_b: Option<SourceText>,
    pub self_assessment: Option<SourceText>,
}

impl Sources {
    pub fn is_empty(&self) -> bool {
        self.form_a.is_none() && self.form_b.is_none() && self.self_assessment.is_none()
    }
}

/// What the assessment files are read against: the course's files, link style and language.
pub struct Setting<'a> {
    pub targets: &'a LinkTargets,
    pub style: LinkStyle,
    pub language: Language,
}

/// `Ok(None)`: the course has no assessment. `Err(())`: errors were reported.
pub fn compile(
    sources: &Sources,
    setting: &Setting<'_>,
    sink: &mut Diagnostics,
) -> Result<Option<Assessment>, ()> {
    let context = |file| Context {
        file,
        targets: setting.targets,
        style: setting.style,
        language: setting.language,
    };
    if sources.is_empty() {
        return Ok(None);
    }
    let errors_before = sink.error_count();
    let a = sources
        .form_a
        .as_ref()
        .map(|f| (f, form(&context(f), sink)));
    let b = sources
        .form_b
        .as_ref()
        .map(|f| (f, form(&context(f), sink)));
    let rated = sources
        .self_assessment
        .as_ref()
        .map(|f| self_assessment(&context(f), sink));
    match (&a, &b) {
        (None, Some((file, _))) => sink.error(
            file,
            0,
            Message::new(
                "`form-b.md` is the parallel of `form-a.md`, which is missing: name a single form `form-a.md`",
                "`form-b.md` är parallellen till `form-a.md`, som saknas: en enda form heter `form-a.md`",
            ),
        ),
        (Some((file, Some(_))), None) => sink.warning(
            file,
            0,
            Message::new(
                "with one form, learners answer the same questions before and after and may remember them: add `form-b.md` with parallel questions so that memory does not inflate the gain",
                "med en enda form svarar deltagarna på samma frågor före och efter och kan minnas dem: lägg till `form-b.md` med parallella frågor, så att minnet inte blåser upp resultatet",
            ),
        ),
        (Some((_, Some(qa))), Some((file, Some(qb))))
            if qa.questions.len() != qb.questions.len() =>
        {
            let (na, nb) = (qa.questions.len(), qb.questions.len());
            sink.warning(
                file,
                0,
                Message::new(
                    format!("form A has {na} questions and form B {nb}: parallel forms ask as many questions, of the same difficulty"),
                    format!("form A har {na} frågor och form B {nb}: parallella former har lika många frågor, lika svåra"),
                ),
            );
        }
        _ => {}
    }
    if sink.error_count() > errors_before {
        return Err(());
    }
    let forms = [a, b]
        .into_iter()
        .flatten()
        .filter_map(|(_, q)| q)
        .collect();
    Ok(Some(Assessment {
        forms,
        self_assessment: rated.flatten(),
    }))
}

/// Removes a leading `# ` title: the page names the assessment itself.
fn without_title<'a>(mut events: Vec<Spanned<'a>>) -> Vec<Spanned<'a>> {
    if let Some(first) = blocks(&events).first().cloned()
        && matches!(
            events[first.start].0,
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            })
        )
    {
        events.drain(first);
    }
    events
}

fn form(ctx: &Context<'_>, sink: &mut Diagnostics) -> Option<Quiz> {
    option_lines::check(ctx.file, 0, sink);
    let events = without_title(markdown::parse(ctx, &ctx.file.text, 0, sink));
    quiz::build(ctx.file, &events, sink)
}

fn self_assessment(ctx: &Context<'_>, sink: &mut Diagnostics) -> Option<SelfAssessment> {
    let file = ctx.file;
    let events = without_title(markdown::parse(ctx, &file.text, 0, sink));
    let mut intro_end = 0;
    let mut scale: Option<Vec<String>> = None;
    let mut statements: Vec<Statement> = Vec::new();
    let mut seen: HashMap<Slug, usize> = HashMap::new();
    let mut ok = true;
    for block in blocks(&events) {
        let (first, range) = &events[block.start];
        match first {
            Event::Start(Tag::List(Some(start))) => {
                if scale.is_some() {
                    sink.error(file, range.start, Message::new(
                        "a second numbered list: the file has one scale, before the statements, and the statements are `- ` items",
                        "en andra numrerad lista: filen har en enda skala, före påståendena, och påståendena skrivs som `- `-punkter",
                    ));
                    ok = false;
                    continue;
                }
                if *start != 1 {
                    sink.error(file, range.start, Message::new(
                        format!("the scale starts at {start}: number its first point `1.`, since answers count from 1"),
                        format!("skalan börjar på {start}: numrera första steget `1.`, eftersom svaren räknas från 1"),
                    ));
                    ok = false;
                }
                let labels: Vec<String> = items(&events, &block)
                    .iter()
                    .map(|item| plain_text(item))
                    .collect();
                if labels.iter().any(String::is_empty) {
                    sink.error(
                        file,
                        range.start,
                        Message::new(
                            "every point of the scale needs a label, as in `1. Stämmer inte alls`",
                            "varje steg på skalan behöver en text, som `1. Stämmer inte alls`",
                        ),
                    );
                    ok = false;
                }
                if !SCALE_POINTS.contains(&labels.len()) {
                    sink.error(
                        file,
                        range.start,
                        Message::new(
                            format!(
                                "the scale has {} points; a scale has from 2 to 11",
                                labels.len()
                            ),
                            format!(
                                "skalan har {} steg; en skala har från 2 till 11",
                                labels.len()
                            ),
                        ),
                    );
                    ok = false;
                }
                scale = Some(labels);
            }
            Event::Start(Tag::List(None)) => {
                if scale.is_none() {
                    sink.error(file, range.start, Message::new(
                        "statements before the scale: write the scale first, as a numbered list (`1. Stämmer inte alls`, `2. …`)",
                        "påståenden före skalan: skriv skalan först, som en numrerad lista (`1. Stämmer inte alls`, `2. …`)",
                    ));
                    ok = false;
                }
                for item in items(&events, &block) {
                    match statement(file, item, sink) {
                        Some(s) => {
                            let line = file.position(item_offset(item, range.start)).line;
                            if let Some(first) = seen.insert(s.id.clone(), line) {
                                let id = &s.id;
                                sink.error(file, item_offset(item, range.start), Message::new(
                                    format!("statement id `{id}` is already used on line {first}: reword one of them or give it another `{{#id}}`"),
                                    format!("påståendets id `{id}` används redan på rad {first}: formulera om ett av dem eller ge det ett annat id med `{{#id}}`"),
                                ));
                                ok = false;
                            }
                            statements.push(s);
                        }
                        None => ok = false,
                    }
                }
            }
            _ if scale.is_none() && statements.is_empty() => intro_end = block.end,
            _ => {
                sink.error(file, range.start, Message::new(
                    "text after the scale is not shown: statements are `- ` items, and other text goes before the scale",
                    "text efter skalan visas inte: påståenden skrivs som `- `-punkter, och annan text före skalan",
                ));
                ok = false;
            }
        }
    }
    let Some(scale) = scale else {
        sink.error(file, 0, Message::new(
            "self-assessment has no scale: write its points as a numbered list, as in `1. Stämmer inte alls` … `5. Stämmer helt`",
            "självskattningen saknar skala: skriv stegen som en numrerad lista, som `1. Stämmer inte alls` … `5. Stämmer helt`",
        ));
        return None;
    };
    if statements.is_empty() && ok {
        sink.error(
            file,
            0,
            Message::new(
                "self-assessment has no statements: write them after the scale as `- ` items",
                "självskattningen saknar påståenden: skriv dem efter skalan som `- `-punkter",
            ),
        );
        return None;
    }
    ok.then(|| SelfAssessment {
        intro_html: render(&events[..intro_end]),
        scale,
        statements,
    })
}

/// The events inside each item of the list `block`, without the item's own start and end.
fn items<'e, 'a>(
    events: &'e [Spanned<'a>],
    block: &std::ops::Range<usize>,
) -> Vec<&'e [Spanned<'a>]> {
    let inner = &events[block.start + 1..block.end - 1];
    blocks(inner)
        .into_iter()
        .map(|item| &inner[item.start + 1..item.end - 1])
        .collect()
}

fn item_offset(item: &[Spanned<'_>], fallback: usize) -> usize {
    item.first().map_or(fallback, |(_, r)| r.start)
}

/// One `- ` item: a line of text, maybe ending in `{#id}`.
fn statement(file: &SourceText, item: &[Spanned<'_>], sink: &mut Diagnostics) -> Option<Statement> {
    let offset = item_offset(item, 0);
    let mut inline: Vec<Spanned<'_>> = Vec::new();
    for block in blocks(item) {
        match &item[block.start].0 {
            Event::TaskListMarker(_) => {
                sink.error(file, offset, plain_item());
                return None;
            }
            Event::Start(Tag::Paragraph) if inline.is_empty() => {
                inline.extend_from_slice(&item[block.start + 1..block.end - 1]);
            }
            Event::Start(tag) if is_block(tag) => {
                sink.error(
                    file,
                    item[block.start].1.start,
                    Message::new(
                        "a statement is one paragraph of text: put explanations before the scale",
                        "ett påstående är ett enda stycke text: skriv förklaringar före skalan",
                    ),
                );
                return None;
            }
            _ => inline.extend_from_slice(&item[block.clone()]),
        }
    }
    if inline
        .iter()
        .any(|(e, _)| matches!(e, Event::TaskListMarker(_)))
    {
        sink.error(file, offset, plain_item());
        return None;
    }
    let explicit = explicit_id(&mut inline);
    let text = plain_text(&inline);
    if text.is_empty() {
        sink.error(
            file,
            offset,
            Message::new("statement has no text", "påståendet har ingen text"),
        );
        return None;
    }
    let id = match explicit {
        Some(raw) => match Slug::parse(&raw) {
            Ok(id) => id,
            Err(err) => {
                sink.error(file, offset, {
                    let problem = message::slug_problem(&err);
                    Message::new(
                        format!("statement id `{raw}` {}", problem.text(Language::En)),
                        format!("påståendets id `{raw}` {}", problem.text(Language::Sv)),
                    )
                });
                return None;
            }
        },
        None => match Slug::from_text(&text) {
            Some(id) => id,
            None => {
                sink.error(file, offset, Message::new(
                    "statement has no letters to make an id from: end it with one, as in `{#trygg-med-tolk}`",
                    "påståendet har inga bokstäver att göra ett id av: avsluta det med ett, som `{#trygg-med-tolk}`",
                ));
                return None;
            }
        },
    };
    Some(Statement {
        id,
        text,
        html: render(&inline),
    })
}

/// Takes a trailing `{#id}` off the statement's last text and returns the id.
fn explicit_id(inline: &mut [Spanned<'_>]) -> Option<String> {
    let (Event::Text(text), _) = inline.last_mut()? else {
        return None;
    };
    let trimmed = text.trim_end();
    let open = trimmed.rfind("{#")?;
    if !trimmed.ends_with('}') {
        return None;
    }
    let id = trimmed[open + 2..trimmed.len() - 1].trim().to_owned();
    let rest = trimmed[..open].trim_end().to_owned();
    *text = CowStr::from(rest);
    Some(id)
}

fn plain_item() -> Message {
    Message::new(
        "a statement is a plain `- ` item: `[ ]` marks quiz options, and statements have no right answer",
        "ett påstående är en vanlig `- `-punkt: `[ ]` används för quizalternativ, och påståenden har inget rätt svar",
    )
}
