//! Compiler diagnostics: located errors and warnings, printed the way compilers print them.

use std::fmt;

use serde::Serialize;

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
    pub message: String,
    /// The source line the position points into, for the snippet under the message.
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The message line followed by the offending source line and a caret, like gcc and rustc.
    pub fn render(&self) -> String {
        let mut out = self.to_string();
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
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match self.position {
            Some(p) => write!(
                f,
                "{}:{}:{}: {severity}: {}",
                self.path, p.line, p.column, self.message
            ),
            None => write!(f, "{}: {severity}: {}", self.path, self.message),
        }
    }
}

/// Collects diagnostics while a course compiles, so one run reports every problem.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An error at a byte offset of a source file.
    pub fn error(&mut self, file: &SourceText, offset: usize, message: impl Into<String>) {
        self.at(Severity::Error, file, offset, message.into());
    }

    pub fn warning(&mut self, file: &SourceText, offset: usize, message: impl Into<String>) {
        self.at(Severity::Warning, file, offset, message.into());
    }

    /// A problem with a file or folder as a whole (missing, unreadable, too large).
    pub fn file(
        &mut self,
        severity: Severity,
        path: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.items.push(Diagnostic {
            severity,
            path: path.into(),
            position: None,
            message: message.into(),
            source_line: None,
        });
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    fn at(&mut self, severity: Severity, file: &SourceText, offset: usize, message: String) {
        let position = file.position(offset);
        self.items.push(Diagnostic {
            severity,
            path: file.path.clone(),
            position: Some(position),
            message,
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
        sink.error(&file, 10, "question has no correct option");
        let diag = sink.into_sorted().remove(0);
        assert_eq!(
            diag.render(),
            "courses/x/01-a.md:2:3: error: question has no correct option\n 2 | - [ ] Ja\n   |   ^"
        );
    }

    #[test]
    fn a_file_diagnostic_has_no_position() {
        let mut sink = Diagnostics::default();
        sink.file(Severity::Warning, "courses/x/notes.txt", "ignored");
        assert_eq!(
            sink.into_sorted()[0].to_string(),
            "courses/x/notes.txt: warning: ignored"
        );
    }
}
