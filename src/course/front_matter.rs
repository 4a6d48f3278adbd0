//! A lesson's optional TOML front matter between `+++` lines.

use super::diagnostics::Diagnostics;
use super::message::Message;
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
    /// `kind` was written but is neither "lesson" nor "quiz": already reported, so what
    /// follows from reading the lesson as text is not reported again.
    pub kind_misspelled: bool,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
}

/// Splits off and reads the front matter, if the file starts with a `+++` line.
pub fn parse(file: &SourceText, sink: &mut Diagnostics) -> FrontMatter {
    let text = file.text.as_str();
    let Some(first_line_end) = opening_fence(text, "+++") else {
        if let Some(yaml) = yaml_front_matter(text) {
            return from_yaml(file, yaml, sink);
        }
        return FrontMatter::default();
    };
    let Some((toml_end, body_start)) = closing_fence(text, first_line_end, "+++") else {
        sink.error(
            file,
            0,
            Message::new(
                "front matter is not closed: add a line with only `+++` after it",
                "inledningen mellan `+++`-raderna är inte avslutad: lägg till en rad med bara `+++` efter den",
            ),
        );
        return FrontMatter {
            body_start: text.len(),
            ..FrontMatter::default()
        };
    };

    let fields = Fields::parse(file, first_line_end, &text[first_line_end..toml_end], sink);
    read(&fields, body_start, sink)
}

fn read(fields: &Fields<'_>, body_start: usize, sink: &mut Diagnostics) -> FrontMatter {
    fields.reject_unknown(
        Message::new("front matter", "inledningen mellan `+++`-raderna"),
        KNOWN_KEYS,
        sink,
    );
    let mut kind_misspelled = false;
    let kind = match fields.string("kind", sink) {
        None => Kind::Lesson,
        Some((kind, _)) if kind == "lesson" => Kind::Lesson,
        Some((kind, _)) if kind == "quiz" => Kind::Quiz,
        Some((kind, offset)) => {
            kind_misspelled = true;
            fields.error(
                offset,
                Message::new(
                    format!("unknown kind {kind:?}: use \"lesson\" or \"quiz\""),
                    format!("okänd sort {kind:?}: skriv \"lesson\" (text) eller \"quiz\""),
                ),
                sink,
            );
            Kind::Lesson
        }
    };
    FrontMatter {
        title: fields.string("title", sink).map(|(t, _)| t),
        minutes: fields
            .integer("minutes", 1..=600, Message::new("minutes", "minuter"), sink)
            .map(|m| m as u32),
        kind,
        kind_misspelled,
        body_start,
    }
}

/// YAML front matter: the text between a first `---` line and the next, when its lines
/// look like `key: value`. Learners would see it as a rule and a heading.
struct Yaml<'a> {
    lines: &'a str,
    body_start: usize,
}

fn yaml_front_matter(text: &str) -> Option<Yaml<'_>> {
    let first_line_end = opening_fence(text, "---")?;
    let (yaml_end, body_start) = closing_fence(text, first_line_end, "---")?;
    let lines = &text[first_line_end..yaml_end];
    let looks_like_yaml = lines
        .lines()
        .filter(|l| !l.trim().is_empty())
        .all(|l| l.split_once(':').is_some_and(|(k, _)| is_key(k.trim())));
    (looks_like_yaml && !lines.trim().is_empty()).then_some(Yaml { lines, body_start })
}

fn is_key(key: &str) -> bool {
    !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Reports the YAML with its TOML equivalent, and reads that equivalent so that the rest
/// of the lesson is judged as the trainer meant it.
fn from_yaml(file: &SourceText, yaml: Yaml<'_>, sink: &mut Diagnostics) -> FrontMatter {
    let toml = to_toml(yaml.lines);
    let shown = format!("+++\n{toml}+++");
    sink.error_with_help(
        file,
        0,
        Message::new(
            "front matter between `---` lines is not read, and learners would see it as text: write it between `+++` lines, with `=` and quotes",
            "inledningen mellan `---`-rader läses inte, och deltagarna skulle se den som text: skriv den mellan `+++`-rader, med `=` och citattecken",
        ),
        Message::new(
            format!("replace the lines up to the second `---` with:\n{shown}"),
            format!("byt ut raderna till och med den andra `---` mot:\n{shown}"),
        ),
    );
    let scratch = SourceText::new(file.path.clone(), toml);
    let fields = Fields::parse(&scratch, 0, &scratch.text, &mut Diagnostics::default());
    read(&fields, yaml.body_start, &mut Diagnostics::default())
}

/// `minutes: 5` → `minutes = 5`; text values get quotes.
fn to_toml(yaml: &str) -> String {
    let mut toml = String::new();
    for line in yaml.lines().filter(|l| !l.trim().is_empty()) {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
        let quoted = if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
            value.to_owned()
        } else {
            format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
        };
        toml.push_str(&format!("{} = {quoted}\n", key.trim()));
    }
    toml
}

/// The end of the first line when it is exactly the fence.
fn opening_fence(text: &str, fence: &str) -> Option<usize> {
    let end = text.find('\n').map_or(text.len(), |i| i + 1);
    (text[..end].trim_end() == fence).then_some(end)
}

/// Where the front matter ends and the body begins: the next line that is exactly the fence.
fn closing_fence(text: &str, from: usize, fence: &str) -> Option<(usize, usize)> {
    let mut start = from;
    while start < text.len() {
        let end = text[start..]
            .find('\n')
            .map_or(text.len(), |i| start + i + 1);
        if text[start..end].trim_end() == fence {
            return Some((start, end));
        }
        start = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_becomes_toml_with_numbers_bare_and_text_quoted() {
        assert_eq!(
            to_toml("title: Under samtalet\nminutes: 5\nkind: 'quiz'\n"),
            "title = \"Under samtalet\"\nminutes = 5\nkind = \"quiz\"\n"
        );
    }

    #[test]
    fn a_rule_and_a_heading_are_not_front_matter() {
        assert!(yaml_front_matter("---\n\n# Rubrik\n---\n").is_none());
        assert!(yaml_front_matter("---\nminutes: 5\n---\n# Rubrik").is_some());
    }
}
