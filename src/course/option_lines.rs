//! Lines that look like quiz options but are not. Markdown reads `-[ ] text` or
//! `- [x]text` as ordinary text, so the option would silently vanish or merge into the one
//! above; this pass reads the lines as a trainer wrote them and says what to type.

use super::diagnostics::Diagnostics;
use super::message::Message;
use super::source_text::SourceText;

/// How an option-like line departs from `- [ ] text`.
#[derive(Debug, PartialEq, Eq)]
enum Shape {
    /// `- [ ] text`, with its list mark.
    Option(char),
    NoSpaceAfterMark,
    NoSpaceAfterBox,
    EmptyBox,
    OddBox(String),
}

/// Checks every line of a quiz or knowledge form from byte `from` (after the front matter).
pub fn check(file: &SourceText, from: usize, sink: &mut Diagnostics) {
    let mut fence: Option<&str> = None;
    // The mark of the question's first option: another mark starts a second list.
    let mut mark: Option<char> = None;
    let mut offset = from;
    for line in file.text[from..].split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
            continue;
        }
        if let Some(open) = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(*f)) {
            fence = Some(open);
            continue;
        }
        if trimmed.starts_with("## ") || trimmed.trim_end() == "##" {
            mark = None;
            continue;
        }
        if indent >= 4 {
            continue;
        }
        let Some(shape) = shape(trimmed.trim_end()) else {
            continue;
        };
        let at = start + indent;
        let message = match shape {
            Shape::Option(m) => match mark {
                None => {
                    mark = Some(m);
                    continue;
                }
                Some(first) if first == m => continue,
                Some(first) => {
                    let fixed = with_mark(trimmed, first);
                    Message::new(
                        format!(
                            "this option starts with `{m}` and the ones above with `{first}`: another mark starts a new list, so write `{fixed}`"
                        ),
                        format!(
                            "det här alternativet börjar med `{m}` och de ovanför med `{first}`: ett annat tecken startar en ny lista, så skriv `{fixed}`"
                        ),
                    )
                }
            },
            Shape::NoSpaceAfterMark => {
                let fixed = example(&format!("{} {}", &trimmed[..1], &trimmed[1..]));
                Message::new(
                    format!(
                        "a space is missing after `{}`, so this is not an option and learners will not see it as one: write `{fixed}`",
                        &trimmed[..1]
                    ),
                    format!(
                        "det saknas ett mellanslag efter `{}`, så det här blir inget svarsalternativ: skriv `{fixed}`",
                        &trimmed[..1]
                    ),
                )
            }
            Shape::NoSpaceAfterBox => {
                let close = trimmed.find(']').map_or(0, |i| i + 1);
                let fixed = example(&format!("{} {}", &trimmed[..close], &trimmed[close..]));
                Message::new(
                    format!(
                        "a space is missing after the box, so this is not an option: write `{fixed}`"
                    ),
                    format!(
                        "det saknas ett mellanslag efter rutan, så det här blir inget svarsalternativ: skriv `{fixed}`"
                    ),
                )
            }
            Shape::EmptyBox => Message::new(
                "the box is empty: write `[ ]` with a space for a wrong option, or `[x]` for a correct one",
                "rutan är tom: skriv `[ ]` med ett mellanslag för ett fel svar, eller `[x]` för ett rätt svar",
            ),
            Shape::OddBox(inside) => Message::new(
                format!(
                    "the box holds `{inside}`: write `[ ]` with one space for a wrong option, or `[x]` for a correct one"
                ),
                format!(
                    "i rutan står `{inside}`: skriv `[ ]` med ett mellanslag för ett fel svar, eller `[x]` för ett rätt svar"
                ),
            ),
        };
        sink.claim_line(file, at, message);
    }
}

/// What an option-like line is, or `None` for any other line.
fn shape(line: &str) -> Option<Shape> {
    let mut chars = line.chars();
    let mark = chars.next().filter(|c| matches!(c, '-' | '*' | '+'))?;
    let rest = chars.as_str();
    if rest.starts_with('[') {
        return boxed(rest).map(|_| Shape::NoSpaceAfterMark);
    }
    let after = rest.trim_start();
    if after.len() == rest.len() {
        return None;
    }
    let (inside, tail) = boxed(after)?;
    match inside {
        " " | "x" | "X" if tail.starts_with(|c: char| !c.is_whitespace()) => {
            Some(Shape::NoSpaceAfterBox)
        }
        " " | "x" | "X" => Some(Shape::Option(mark)),
        "" => Some(Shape::EmptyBox),
        other => Some(Shape::OddBox(other.to_owned())),
    }
}

/// `[…]` at the start, with at most two characters inside and no link after it: the
/// inside and what follows.
fn boxed(text: &str) -> Option<(&str, &str)> {
    let body = text.strip_prefix('[')?;
    let close = body.find(']')?;
    let (inside, tail) = (&body[..close], &body[close + 1..]);
    let short = inside.chars().count() <= 2;
    (short && !tail.starts_with('(') && !tail.starts_with('[')).then_some((inside, tail))
}

fn with_mark(line: &str, mark: char) -> String {
    example(&format!("{mark}{}", &line[1..]))
}

/// The corrected line, shortened to what shows the fix.
fn example(line: &str) -> String {
    let line = line.trim_end();
    match line.char_indices().nth(24) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_like_lines_are_told_apart_from_options_and_other_lists() {
        assert_eq!(shape("- [ ] Ja"), Some(Shape::Option('-')));
        assert_eq!(shape("* [X] Ja"), Some(Shape::Option('*')));
        assert_eq!(shape("-[ ] Ja"), Some(Shape::NoSpaceAfterMark));
        assert_eq!(shape("-[x] Ja"), Some(Shape::NoSpaceAfterMark));
        assert_eq!(shape("- [x]Ja"), Some(Shape::NoSpaceAfterBox));
        assert_eq!(shape("- [] Ja"), Some(Shape::EmptyBox));
        assert_eq!(shape("- [v] Ja"), Some(Shape::OddBox("v".into())));
        assert_eq!(shape("- [en länk](02-a.md)"), None);
        assert_eq!(shape("- vanlig punkt"), None);
        assert_eq!(shape("-- streck"), None);
        assert_eq!(shape("---"), None);
    }
}
