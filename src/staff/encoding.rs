//! Text encodings of HR exports: UTF-8 (with or without a byte-order mark), or the
//! Windows-1252 that Excel's Swedish "CSV (semikolonavgränsad)" still writes.

/// The text of `bytes`, and whether it had to be read as Windows-1252.
pub fn decode(bytes: &[u8]) -> (String, bool) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), false),
        Err(_) => (bytes.iter().map(|b| windows_1252(*b)).collect(), true),
    }
}

/// Windows-1252 is Latin-1 except for 0x80–0x9F, which hold typographic characters.
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_a_byte_order_mark_is_read_as_is() {
        assert_eq!(
            decode("\u{feff}Åsa Öberg".as_bytes()),
            ("Åsa Öberg".to_owned(), false)
        );
    }

    #[test]
    fn windows_1252_is_recognised_and_decoded() {
        // "Åsa Öberg – Malmö" as Excel saves it.
        let bytes = b"\xC5sa \xD6berg \x96 Malm\xF6";
        assert_eq!(decode(bytes), ("Åsa Öberg – Malmö".to_owned(), true));
    }
}
