//! Text files of a course: decoding (UTF-8, BOM) and mapping byte offsets to lines and columns.

use super::diagnostics::Position;

/// A decoded text file with its display path and an index of line starts.
#[derive(Debug, Clone)]
pub struct SourceText {
    pub path: String,
    pub text: String,
    line_starts: Vec<usize>,
}

/// Why a file's bytes are not UTF-8 text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotText {
    /// Saved as UTF-16 ("Unicode" in Windows' save dialogs): every other byte is zero.
    Utf16,
    /// Another 8-bit encoding, with the position of the first bad byte.
    NotUtf8 { position: Position, line: String },
}

impl SourceText {
    pub fn new(path: impl Into<String>, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            path: path.into(),
            text,
            line_starts,
        }
    }

    /// Decodes UTF-8, dropping a byte-order mark (Windows editors add one).
    pub fn decode(path: impl Into<String>, bytes: &[u8]) -> Result<Self, NotText> {
        if is_utf16(bytes) {
            return Err(NotText::Utf16);
        }
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(Self::new(path, text.to_owned())),
            Err(err) => {
                // Everything before the bad byte is valid, so it can be indexed as text.
                let valid = String::from_utf8_lossy(&bytes[..err.valid_up_to()]).into_owned();
                let prefix = Self::new(String::new(), valid);
                let position = prefix.position(prefix.text.len());
                Err(NotText::NotUtf8 {
                    line: prefix.line_text(position.line).to_owned(),
                    position,
                })
            }
        }
    }

    /// 1-based line and column (in characters) of a byte offset; offsets past the end or
    /// inside a character are clamped to the nearest character boundary before them.
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_index = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line_index];
        let column = self.text[start..offset].chars().count() + 1;
        Position {
            line: line_index + 1,
            column,
        }
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |next| next - 1);
        self.text[start..end.max(start)].trim_end_matches('\r')
    }
}

/// A UTF-16 byte-order mark, or text whose every other byte is zero (UTF-16 without one).
fn is_utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return true;
    }
    let sample = &bytes[..bytes.len().min(512)];
    let zeros = sample.iter().filter(|b| **b == 0).count();
    sample.len() >= 4 && zeros * 3 >= sample.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_one_based_lines_and_character_columns() {
        let src = SourceText::new("a.md", "# Åsa\nöl och bröd\n".to_owned());
        assert_eq!(src.position(0), Position { line: 1, column: 1 });
        let brod = src.text.find("bröd").unwrap();
        assert_eq!(src.position(brod), Position { line: 2, column: 8 });
        assert_eq!(src.line_text(2), "öl och bröd");
    }

    #[test]
    fn an_offset_past_the_end_points_at_the_last_position() {
        let src = SourceText::new("a.md", "ab".to_owned());
        assert_eq!(src.position(99), Position { line: 1, column: 3 });
    }

    #[test]
    fn a_byte_order_mark_is_dropped() {
        let src = SourceText::decode("a.md", b"\xEF\xBB\xBF# Titel").unwrap();
        assert_eq!(src.text, "# Titel");
    }

    #[test]
    fn windows_1252_text_is_rejected_at_its_first_bad_byte() {
        // "Hej\nGöteborg" saved as Windows-1252: ö is the single byte 0xF6.
        let err = SourceText::decode("a.md", b"Hej\nG\xF6teborg").unwrap_err();
        assert_eq!(
            err,
            NotText::NotUtf8 {
                position: Position { line: 2, column: 2 },
                line: "G".to_owned()
            }
        );
    }

    #[test]
    fn utf16_is_recognised_with_or_without_its_byte_order_mark() {
        let utf16: Vec<u8> = "# Hej".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(
            SourceText::decode("a.md", &utf16).err(),
            Some(NotText::Utf16)
        );
        let with_bom = [&[0xFF, 0xFE][..], &utf16].concat();
        assert_eq!(
            SourceText::decode("a.md", &with_bom).err(),
            Some(NotText::Utf16)
        );
    }
}
