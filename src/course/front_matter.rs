//! A lesson's optional TOML front matter between `+++` lines.

use super::diagnostics::Diagnostics;
use super::source_text::SourceText;
use super::toml_fields::Fields;

pub const KNOWN_KEYS: &[&str] = &["title", "minutes", "kind"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    #[default]
    Lesson,
    Quiz,
}

#[derive(Debug, Default)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub minutes: Option<u32>,
    pub kind: Kind,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
}

/// Splits off and reads the front matter, if the file starts with a `+++` line.
pub fn parse(file: &SourceText, sink: &mut Diagnostics) -> FrontMatter {
    let text = file.text.as_str();
    let Some(first_line_end) = opening_fence(text) else {
        if text.starts_with("---") && text.lines().nth(1).is_some_and(|l| l.contains(':')) {
            sink.warning(
                file,
                0,
                "this looks like YAML front matter; Bryggan reads TOML between `+++` lines",
            );
        }
        return FrontMatter::default();
    };
    let Some((toml_end, body_start)) = closing_fence(text, first_line_end) else {
        sink.error(
            file,
            0,
            "front matter is not closed: add a line with only `+++` after it",
        );
        return FrontMatter {
            body_start: text.len(),
            ..FrontMatter::default()
        };
    };

    let fields = Fields::parse(file, first_line_end, &text[first_line_end..toml_end], sink);
    fields.reject_unknown("front matter", KNOWN_KEYS, sink);
    let kind = match fields.string("kind", sink) {
        None => Kind::Lesson,
        Some((kind, _)) if kind == "lesson" => Kind::Lesson,
        Some((kind, _)) if kind == "quiz" => Kind::Quiz,
        Some((kind, offset)) => {
            sink.error(
                file,
                offset,
                format!("unknown kind {kind:?}: use \"lesson\" or \"quiz\""),
            );
            Kind::Lesson
        }
    };
    FrontMatter {
        title: fields.string("title", sink).map(|(t, _)| t),
        minutes: fields
            .integer("minutes", 1..=600, "minutes", sink)
            .map(|m| m as u32),
        kind,
        body_start,
    }
}

/// The end of the first line when it is exactly `+++`.
fn opening_fence(text: &str) -> Option<usize> {
    let end = text.find('\n').map_or(text.len(), |i| i + 1);
    (text[..end].trim_end() == "+++").then_some(end)
}

/// Where the TOML ends and the body begins: the next line that is exactly `+++`.
fn closing_fence(text: &str, from: usize) -> Option<(usize, usize)> {
    let mut start = from;
    while start < text.len() {
        let end = text[start..]
            .find('\n')
            .map_or(text.len(), |i| start + i + 1);
        if text[start..end].trim_end() == "+++" {
            return Some((start, end));
        }
        start = end;
    }
    None
}
