//! Markdown to safe HTML: parsing with offsets, the sanitizing pass, and rendering.
//!
//! Raw HTML is never passed through: comments are dropped and any other tag is reported and
//! rendered as visible, escaped text. Links are checked against the course's files and a
//! scheme allow-list, and heading attributes other than `{#id}` are dropped. Everything else
//! is pulldown-cmark's own output, which escapes text and attribute values.

use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::domain::{Language, Slug};

use super::diagnostics::Diagnostics;
use super::links::{LinkStyle, LinkTargets};
use super::message::{self, Message};
use super::source_text::SourceText;

/// An event with its byte range in the source file (not just the body).
pub type Spanned<'a> = (Event<'a>, Range<usize>);

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// What the sanitizing pass needs to know about the file it reads.
pub struct Context<'a> {
    pub file: &'a SourceText,
    pub targets: &'a LinkTargets,
    pub style: LinkStyle,
    /// The course's language, for the labels of tip and warning boxes.
    pub language: Language,
}

/// Parses the body (starting at `base` in the file) and returns sanitized events.
pub fn parse<'a>(
    ctx: &Context<'_>,
    body: &'a str,
    base: usize,
    sink: &mut Diagnostics,
) -> Vec<Spanned<'a>> {
    let parsed = Parser::new_ext(body, options())
        .into_offset_iter()
        .map(|(e, r)| (e, r.start + base..r.end + base));
    let mut out = Vec::new();
    let mut dropped_links: Vec<bool> = Vec::new();
    let mut html_block: Option<(usize, String)> = None;
    for (event, range) in parsed {
        if let Some((start, text)) = &mut html_block {
            match event {
                Event::Html(html) => text.push_str(&html),
                Event::End(TagEnd::HtmlBlock) => {
                    let (start, text) = (*start, std::mem::take(text));
                    html_block = None;
                    if !is_only_comments(&text) {
                        report_html(ctx, start, sink);
                        out.push((Event::Start(Tag::Paragraph), range.clone()));
                        out.push((
                            Event::Text(text.trim_end().to_owned().into()),
                            range.clone(),
                        ));
                        out.push((Event::End(TagEnd::Paragraph), range));
                    }
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::HtmlBlock) => html_block = Some((range.start, String::new())),
            Event::Html(html) | Event::InlineHtml(html) => {
                if !is_only_comments(&html) {
                    report_html(ctx, range.start, sink);
                    out.push((Event::Text(html), range));
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let href = if link_type == pulldown_cmark::LinkType::Email {
                    Ok(dest_url.to_string())
                } else {
                    ctx.targets.link(&dest_url, ctx.style)
                };
                match href {
                    Ok(href) => {
                        dropped_links.push(false);
                        let dest_url = CowStr::from(href);
                        let tag = Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            id,
                        };
                        out.push((Event::Start(tag), range));
                    }
                    Err(err) => {
                        dropped_links.push(true);
                        let at = locate_in(ctx.file, &range, &dest_url);
                        sink.error(ctx.file, at, err.message());
                    }
                }
            }
            Event::End(TagEnd::Link) => {
                if !dropped_links.pop().unwrap_or(false) {
                    out.push((Event::End(TagEnd::Link), range));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let at = locate_in(ctx.file, &range, &dest_url);
                let dest_url = match ctx.targets.image(&dest_url) {
                    Ok(src) => CowStr::from(src),
                    Err(err) => {
                        sink.error(ctx.file, at, err.message());
                        CowStr::from("")
                    }
                };
                let tag = Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                };
                out.push((Event::Start(tag), range));
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                if !classes.is_empty() || !attrs.is_empty() {
                    let at = ctx.file.text[range.clone()]
                        .find('{')
                        .map_or(range.start, |i| range.start + i);
                    sink.error(
                        ctx.file,
                        at,
                        Message::new(
                            "only an id may follow a heading, written `{#id}`; classes and other attributes are not allowed",
                            "efter en rubrik får bara ett id stå, skrivet `{#id}`; klasser och andra attribut går inte",
                        ),
                    );
                }
                let id = id.and_then(|id| match Slug::parse(&id) {
                    Ok(_) => Some(id),
                    Err(err) => {
                        let at = locate_in(ctx.file, &range, &id);
                        let problem = message::slug_problem(&err);
                        let message = Message::new(
                            format!("heading id `{id}` {}", problem.text(Language::En)),
                            format!("rubrikens id `{id}` {}", problem.text(Language::Sv)),
                        );
                        sink.error(ctx.file, at, message);
                        None
                    }
                });
                let tag = Tag::Heading {
                    level,
                    id,
                    classes: Vec::new(),
                    attrs: Vec::new(),
                };
                out.push((Event::Start(tag), range));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                out.push((Event::Start(Tag::BlockQuote(Some(kind))), range.clone()));
                let title = format!(
                    "<p class=\"markdown-alert-title\">{}</p>\n",
                    alert_label(kind, ctx.language)
                );
                out.push((Event::Html(title.into()), range));
            }
            event => out.push((event, range)),
        }
    }
    check_image_alt_text(ctx, &out, sink);
    out
}

/// The visible label of a `> [!TIP]` box, so that its meaning is not carried by colour.
fn alert_label(kind: BlockQuoteKind, language: Language) -> &'static str {
    match (kind, language) {
        (BlockQuoteKind::Note, Language::Sv) => "Obs",
        (BlockQuoteKind::Note, Language::En) => "Note",
        (BlockQuoteKind::Tip, Language::Sv) => "Tips",
        (BlockQuoteKind::Tip, Language::En) => "Tip",
        (BlockQuoteKind::Important, Language::Sv) => "Viktigt",
        (BlockQuoteKind::Important, Language::En) => "Important",
        (BlockQuoteKind::Warning, Language::Sv) => "Varning",
        (BlockQuoteKind::Warning, Language::En) => "Warning",
        (BlockQuoteKind::Caution, Language::Sv) => "Se upp",
        (BlockQuoteKind::Caution, Language::En) => "Caution",
    }
}

fn report_html(ctx: &Context<'_>, at: usize, sink: &mut Diagnostics) {
    sink.error(
        ctx.file,
        at,
        Message::new(
            "raw HTML is not allowed in course files (it would be shown as text); use Markdown instead",
            "HTML går inte att använda i kursfiler (det skulle visas som text); skriv med Markdown i stället",
        ),
    );
}

/// True when the HTML is nothing but `<!-- … -->` comments and white space.
fn is_only_comments(html: &str) -> bool {
    let mut rest = html.trim();
    while let Some(after) = rest.strip_prefix("<!--") {
        match after.find("-->") {
            Some(end) => rest = after[end + 3..].trim_start(),
            None => return false,
        }
    }
    rest.is_empty()
}

/// Every image needs alt text (WCAG 2.1 success criterion 1.1.1).
fn check_image_alt_text(ctx: &Context<'_>, events: &[Spanned<'_>], sink: &mut Diagnostics) {
    let mut open: Option<(usize, String)> = None;
    for (event, range) in events {
        match event {
            Event::Start(Tag::Image { .. }) if open.is_none() => {
                open = Some((range.start, String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, alt)) = &mut open {
                    alt.push_str(t);
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((start, alt)) = open.take()
                    && alt.trim().is_empty()
                {
                    sink.error(
                        ctx.file,
                        start,
                        Message::new(
                            "image has no alt text: describe it between the brackets, as in ![An interpreter and a resident at a desk](media/tolk.png)",
                            "bilden saknar beskrivning för den som inte ser den: skriv den mellan hakparenteserna, som ![En tolk och en invånare vid ett skrivbord](media/tolk.png)",
                        ),
                    );
                }
            }
            _ => {}
        }
    }
}

/// The offset of `needle` inside the source range, or the range's start.
pub fn locate_in(file: &SourceText, range: &Range<usize>, needle: &str) -> usize {
    file.text
        .get(range.clone())
        .and_then(|s| s.find(needle))
        .map_or(range.start, |i| range.start + i)
}

pub fn render(events: &[Spanned<'_>]) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.iter().map(|(e, _)| e.clone()));
    html
}

/// The text of inline events, without markup: for titles.
pub fn plain_text(events: &[Spanned<'_>]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_owned()
}

/// Splits events into top-level blocks: index ranges into `events`, each a whole block.
pub fn blocks(events: &[Spanned<'_>]) -> Vec<Range<usize>> {
    let mut blocks = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(_) => {
                if depth == 0 {
                    start = i;
                }
                depth += 1;
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    blocks.push(start..i + 1);
                }
            }
            _ if depth == 0 => blocks.push(i..i + 1),
            _ => {}
        }
    }
    blocks
}

/// Words in text events, for estimating reading time. Words are split at ASCII white
/// space only: close enough for an estimate, and much cheaper than Unicode segmentation.
pub fn word_count(events: &[Spanned<'_>]) -> usize {
    let mut words = 0;
    for (event, _) in events {
        if let Event::Text(text) = event {
            let mut in_word = false;
            for byte in text.bytes() {
                let space = byte.is_ascii_whitespace();
                words += usize::from(!space && !in_word);
                in_word = !space;
            }
        }
    }
    words
}

/// Whether a tag opens a block (as opposed to inline markup such as emphasis or links).
pub fn is_block(tag: &Tag<'_>) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}
