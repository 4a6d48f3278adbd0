//! Compiler diagnostics: located errors and warnings, printed the way compilers print them.

use std::collections::BTreeSet;
use std::fmt;

use serde::Serialize;

use crate::domain::Language;

use super::message::Message;
use super::source_text::SourceText;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// One problem in a course, as `path:line:col: error: message`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: String,
    pub position: Option<Position>,
    pub message: Message,
    /// What to type instead, when it takes more than the message can say in a line.
    pub help: Option<Message>,
    /// The source line the position points into, for the snippet under the message.
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The first line, `path:line:col: error: message`, with the message in `lang`. The
    /// prefix stays English, for editors and CI tools that read it.
    pub fn line(&self, lang: Language) -> String {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let message = self.message.text(lang);
        match self.position {
            Some(p) => format!(
                "{}:{}:{}: {severity}: {message}",
                self.path, p.line, p.column
            ),
            None => format!("{}: {severity}: {message}", self.path),
        }
    }

    /// The message line followed by the offending source line and a caret, like gcc and
    /// rustc, then any help.
    pub fn render(&self, lang: Language) -> String {
        let mut out = self.line(lang);
        if let (Some(pos), Some(line)) = (self.position, &self.source_line) {
            let number = pos.line.to_string();
            let pad = " ".repeat(number.len());
            // Tabs keep their width so the caret lines up under the text.
            let indent: String = line
                .chars()
                .take(pos.column - 1)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let shown: String = line.chars().take(200).collect();
            out.push_str(&format!("\n {number} | {shown}\n {pad} | {indent}^"));
        }
        if let Some(help) = &self.help {
            let label = match lang {
                Language::En => "help:",
                Language::Sv => "så här:",
            };
            for (i, line) in help.text(lang).lines().enumerate() {
                let lead = if i == 0 { label } else { "" };
                out.push_str(&format!(
                    "\n = {lead:width$} {line}",
                    width = label.chars().count()
                ));
            }
        }
        out
    }
}

/// In English, for logs read by operators.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.line(Language::En))
    }
}

/// Collects diagnostics while a course compiles, so one run reports every problem.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Lines whose shape was already explained (`-[ ]` for `- [ ]`): the structural
    /// errors the same mistake causes there would only confuse.
    claimed: BTreeSet<(String, usize)>,
}

impl Diagnostics {
    /// An error at a byte offset of a source file.
    pub fn error(&mut self, file: &SourceText, offset: usize, message: Message) {
        self.at(Severity::Error, file, offset, message, None);
    }

    pub fn warning(&mut self, file: &SourceText, offset: usize, message: Message) {
        self.at(Severity::Warning, file, offset, message, None);
    }

    pub fn error_with_help(
        &mut self,
        file: &SourceText,
        offset: usize,
        message: Message,
        help: Message,
    ) {
        self.at(Severity::Error, file, offset, message, Some(help));
    }

    /// An error that explains everything wrong on its line: later errors there are dropped.
    pub fn claim_line(&mut self, file: &SourceText, offset: usize, message: Message) {
        self.error(file, offset, message);
        let line = file.position(offset).line;
        self.claimed.insert((file.path.clone(), line));
    }

    /// A problem with a file or folder as a whole (missing, unreadable, too large).
    pub fn file(&mut self, severity: Severity, path: impl Into<String>, message: Message) {
        self.items.push(Diagnostic {
            severity,
            path: path.into(),
            position: None,
            message,
            help: None,
            source_line: None,
        });
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    fn at(
        &mut self,
        severity: Severity,
        file: &SourceText,
        offset: usize,
        message: Message,
        help: Option<Message>,
    ) {
        let position = file.position(offset);
        if self.claimed.contains(&(file.path.clone(), position.line)) {
            return;
        }
        self.items.push(Diagnostic {
            severity,
            path: file.path.clone(),
            position: Some(position),
            message,
            help,
            source_line: Some(file.line_text(position.line).to_owned()),
        });
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Sorted by file and position, so the output reads top to bottom.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.path, a.position, a.severity).cmp(&(&b.path, b.position, b.severity))
        });
        self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_located_diagnostic_prints_path_line_column_and_a_caret() {
        let file = SourceText::new("courses/x/01-a.md", "# Titel\n- [ ] Ja\n".to_owned());
        let mut sink = Diagnostics::default();
        sink.error(
            &file,
            10,
            Message::new("question has no correct option", "frågan saknar rätt svar"),
        );
        let diag = sink.into_sorted().remove(0);
        assert_eq!(
            diag.render(Language::En),
            "courses/x/01-a.md:2:3: error: question has no correct option\n 2 | - [ ] Ja\n   |   ^"
        );
        assert_eq!(
            diag.render(Language::Sv),
            "courses/x/01-a.md:2:3: error: frågan saknar rätt svar\n 2 | - [ ] Ja\n   |   ^"
        );
    }

    #[test]
    fn a_file_diagnostic_has_no_position() {
        let mut sink = Diagnostics::default();
        sink.file(
            Severity::Warning,
            "courses/x/notes.txt",
            Message::new("ignored", "läses inte"),
        );
        assert_eq!(
            sink.into_sorted()[0].to_string(),
            "courses/x/notes.txt: warning: ignored"
        );
    }

    #[test]
    fn help_follows_the_snippet_on_lines_of_its_own() {
        let file = SourceText::new("courses/x/01-a.md", "---\nminutes: 5\n---\n".to_owned());
        let mut sink = Diagnostics::default();
        sink.error_with_help(
            &file,
            0,
            Message::new("YAML", "YAML"),
            Message::new("+++\nminutes = 5\n+++", "+++\nminutes = 5\n+++"),
        );
        assert_eq!(
            sink.into_sorted()[0].render(Language::Sv),
            "courses/x/01-a.md:1:1: error: YAML\n 1 | ---\n   | ^\n = så här: +++\n =         minutes = 5\n =         +++"
        );
    }

    #[test]
    fn a_claimed_line_keeps_only_the_error_that_explains_it() {
        let file = SourceText::new("a.md", "-[ ] Nej\n".to_owned());
        let mut sink = Diagnostics::default();
        sink.claim_line(&file, 0, Message::new("space", "mellanslag"));
        sink.error(&file, 2, Message::new("other", "annat"));
        assert_eq!(sink.error_count(), 1);
    }
}
