//! Reads flat TOML tables (course.toml, front matter) field by field, so that every
//! problem is reported at its own key or value instead of stopping at the first one.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use crate::domain::Language;

use super::diagnostics::Diagnostics;
use super::message::Message;
use super::source_text::SourceText;

/// The fields of one TOML table, located in `file` at `base` (the table's offset).
pub struct Fields<'a> {
    file: &'a SourceText,
    base: usize,
    entries: Vec<Entry<'a>>,
}

struct Entry<'a> {
    /// Next to a syntax error: present, but its value is not worth a second message.
    broken: bool,
    key: String,
    key_span: Range<usize>,
    value: DeValue<'a>,
    value_span: Range<usize>,
}

impl<'a> Fields<'a> {
    /// Parses `text` (which starts at byte `base` of `file`). Syntax errors are reported and
    /// whatever could be recovered is kept.
    pub fn parse(file: &'a SourceText, base: usize, text: &'a str, sink: &mut Diagnostics) -> Self {
        let (table, errors) = DeTable::parse_recoverable(text);
        for error in &errors {
            let offset = error.span().map_or(0, |s| s.start);
            let detail = error.message().trim().replace('\n', " ");
            let message = syntax_message(text, offset, &detail);
            sink.error(file, base + offset, message);
        }
        // A value next to a syntax error is whatever the parser recovered: not worth a
        // second message.
        let broken = |span: &Range<usize>| {
            errors
                .iter()
                .filter_map(|e| e.span())
                .any(|e| e.start <= span.end && span.start <= e.end)
        };
        let entries = table
            .into_inner()
            .into_iter()
            .map(|(key, value)| Entry {
                broken: broken(&value.span()),
                key_span: key.span(),
                key: key.into_inner().into_owned(),
                value_span: value.span(),
                value: value.into_inner(),
            })
            .collect();
        Self {
            file,
            base,
            entries,
        }
    }

    /// Reports every key not in `known`, suggesting the closest known one.
    pub fn reject_unknown(&self, what: Message, known: &[&str], sink: &mut Diagnostics) {
        for entry in self
            .entries
            .iter()
            .filter(|e| !known.contains(&e.key.as_str()))
        {
            let key = &entry.key;
            let (en, sv) = (what.text(Language::En), what.text(Language::Sv));
            let message = match closest(key, known) {
                Some(k) => Message::new(
                    format!("unknown key `{key}` in {en}; did you mean `{k}`?"),
                    format!("okänt namn `{key}` i {sv}; menade du `{k}`?"),
                ),
                None => Message::new(
                    format!(
                        "unknown key `{key}` in {en} (known keys: {})",
                        known.join(", ")
                    ),
                    format!(
                        "okänt namn `{key}` i {sv} (de som finns: {})",
                        known.join(", ")
                    ),
                ),
            };
            sink.error(self.file, self.base + entry.key_span.start, message);
        }
    }

    /// An error at an offset within the table.
    pub fn error(&self, offset: usize, message: Message, sink: &mut Diagnostics) {
        sink.error(self.file, offset, message);
    }

    /// A usable entry: present and not broken by a syntax error.
    fn entry(&self, key: &str) -> Option<&Entry<'a>> {
        self.entries.iter().find(|e| e.key == key && !e.broken)
    }

    /// Whether the key is written at all, even with a broken value.
    pub fn contains(&self, key: &str) -> bool {
        self.entries.iter().any(|e| e.key == key)
    }

    pub fn string(&self, key: &str, sink: &mut Diagnostics) -> Option<(String, usize)> {
        let entry = self.entry(key)?;
        let offset = self.base + entry.value_span.start;
        match entry.value.as_str() {
            Some(s) if s.trim().is_empty() => {
                let message = Message::new(format!("`{key}` is empty"), format!("`{key}` är tomt"));
                sink.error(self.file, offset, message);
                None
            }
            Some(s) => Some((s.trim().to_owned(), offset)),
            None => {
                let message = Message::new(
                    format!(
                        "`{key}` must be text in quotes, found {}",
                        entry.value.type_str()
                    ),
                    format!("`{key}` ska vara text inom citattecken, som `{key} = \"…\"`"),
                );
                sink.error(self.file, offset, message);
                None
            }
        }
    }

    /// A list of texts in quotes (`key = ["a", "b"]`), each with its offset; a value that is
    /// not such a list is reported and gives none.
    pub fn strings(&self, key: &str, sink: &mut Diagnostics) -> Vec<(String, usize)> {
        let Some(entry) = self.entry(key) else {
            return Vec::new();
        };
        let offset = self.base + entry.value_span.start;
        let not_a_list = || {
            Message::new(
                format!(
                    "`{key}` must be a list of texts in quotes, such as `{key} = [\"a\", \"b\"]`"
                ),
                format!(
                    "`{key}` ska vara en lista med text inom citattecken, som `{key} = [\"a\", \"b\"]`"
                ),
            )
        };
        let Some(items) = entry.value.as_array() else {
            sink.error(self.file, offset, not_a_list());
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            let at = self.base + item.span().start;
            match item.get_ref().as_str() {
                Some(text) => out.push((text.trim().to_owned(), at)),
                None => sink.error(self.file, at, not_a_list()),
            }
        }
        out
    }

    /// A whole number in `range`, with `unit` naming what it counts in the message.
    pub fn integer(
        &self,
        key: &str,
        range: std::ops::RangeInclusive<i64>,
        unit: Message,
        sink: &mut Diagnostics,
    ) -> Option<i64> {
        let entry = self.entry(key)?;
        let offset = self.base + entry.value_span.start;
        let parsed = entry.value.as_integer().and_then(|i| {
            let digits = i.as_str().replace('_', "");
            i64::from_str_radix(&digits, i.radix()).ok()
        });
        let (en, sv) = (unit.text(Language::En), unit.text(Language::Sv));
        let (low, high) = (range.start(), range.end());
        match parsed {
            Some(n) if range.contains(&n) => Some(n),
            Some(n) => {
                let message = Message::new(
                    format!("`{key}` is {n}, but must be from {low} to {high} {en}"),
                    format!("`{key}` är {n}, men ska vara från {low} till {high} {sv}"),
                );
                sink.error(self.file, offset, message);
                None
            }
            None => {
                let message = Message::new(
                    format!(
                        "`{key}` must be a whole number of {en}, found {}",
                        entry.value.type_str()
                    ),
                    format!(
                        "`{key}` ska vara ett heltal ({sv}) utan citattecken, som `{key} = {low}`"
                    ),
                );
                sink.error(self.file, offset, message);
                None
            }
        }
    }
}

/// A syntax error in words a trainer knows. The parser's own wording is kept in English,
/// where it is the detail a developer would search for.
fn syntax_message(text: &str, offset: usize, detail: &str) -> Message {
    let line_start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next().unwrap_or("");
    if let Some((key, value)) = line.split_once('=') {
        let (key, value) = (key.trim(), value.trim());
        if is_bare_key(key) && value.is_empty() {
            return Message::new(
                format!("`{key}` has no value after `=`: write `{key} = \"…\"`"),
                format!("`{key}` saknar värde efter `=`: skriv `{key} = \"…\"`"),
            );
        }
        let bare_word = value.chars().next().is_some_and(|c| c.is_alphabetic())
            && !matches!(value, "true" | "false");
        if is_bare_key(key) && bare_word {
            let fixed = format!("{key} = \"{value}\"");
            return Message::new(
                format!("put quotes around the text: `{fixed}`"),
                format!("skriv citattecken runt texten: `{fixed}`"),
            );
        }
        if value.starts_with('"') && value[1..].find('"').is_none() {
            return Message::new(
                format!(
                    "the text has no closing quote: end it with `\"` on the same line ({detail})"
                ),
                "texten saknar avslutande citattecken: avsluta den med `\"` på samma rad",
            );
        }
    }
    if detail.contains("duplicate key") {
        return Message::new(
            format!("this name is written twice ({detail})"),
            "det här namnet står redan en gång: ta bort den ena raden",
        );
    }
    Message::new(
        format!("this line cannot be read ({detail}): write it as `name = \"text\"` or `name = 5`"),
        "raden går inte att läsa: skriv den som `namn = \"text\"` eller `namn = 5`",
    )
}

fn is_bare_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// The known key within edit distance 2 of `key`, if any.
fn closest<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (edit_distance(key, k), *k))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_character_edits() {
        assert_eq!(edit_distance("pasmark", "pass_mark"), 2);
        assert_eq!(edit_distance("title", "title"), 0);
        assert_eq!(closest("titel", &["title", "summary"]), Some("title"));
        assert_eq!(closest("colour", &["title", "summary"]), None);
    }
}
