//! Text encodings of HR exports: UTF-8 (with or without a byte-order mark), the
//! Windows-1252 that Excel's Swedish "CSV (semikolonavgränsad)" still writes, and the
//! UTF-16 of Excel's "Unicode text". Anything else that is not text is refused.

use super::Problem;

/// The text of `bytes`, and whether it had to be read as Windows-1252.
pub fn decode(bytes: &[u8]) -> Result<(String, bool), Problem> {
    if is_binary_format(bytes) {
        return Err(Problem::NotCsv);
    }
    let (text, windows_1252) = if let Some(text) = utf16(bytes) {
        (text, false)
    } else {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match std::str::from_utf8(bytes) {
            Ok(text) => (text.to_owned(), false),
            Err(_) => (bytes.iter().map(|b| windows_1252(*b)).collect(), true),
        }
    };
    // Text files hold no control characters but tab and line breaks.
    if text
        .chars()
        .any(|c| c.is_ascii_control() && !matches!(c, '\t' | '\r' | '\n'))
    {
        return Err(Problem::NotCsv);
    }
    Ok((text, windows_1252))
}

/// Spreadsheets, PDFs and old Excel files, by the bytes they start with.
fn is_binary_format(bytes: &[u8]) -> bool {
    const MAGIC: [&[u8]; 4] = [b"PK\x03\x04", b"%PDF", b"\xD0\xCF\x11\xE0", b"\x89PNG"];
    MAGIC.iter().any(|magic| bytes.starts_with(magic))
}

/// UTF-16 with its byte-order mark, as Excel writes it; without one, a file whose every
/// other byte is zero, as ASCII in UTF-16 little-endian is.
fn utf16(bytes: &[u8]) -> Option<String> {
    let (body, little_endian) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (rest, true),
        [0xFE, 0xFF, rest @ ..] => (rest, false),
        _ if bytes.len() >= 4
            && bytes.len().is_multiple_of(2)
            && bytes.iter().skip(1).step_by(2).all(|b| *b == 0) =>
        {
            (bytes, true)
        }
        _ => return None,
    };
    let units = body.chunks(2).map(|pair| match (pair, little_endian) {
        ([lo, hi], true) => u16::from_le_bytes([*lo, *hi]),
        ([hi, lo], false) => u16::from_be_bytes([*hi, *lo]),
        _ => 0xFFFD,
    });
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect::<String>()
        .into()
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
            Ok(("Åsa Öberg".to_owned(), false))
        );
    }

    #[test]
    fn windows_1252_is_recognised_and_decoded() {
        // "Åsa Öberg – Malmö" as Excel saves it.
        let bytes = b"\xC5sa \xD6berg \x96 Malm\xF6";
        assert_eq!(decode(bytes), Ok(("Åsa Öberg – Malmö".to_owned(), true)));
    }

    #[test]
    fn excel_unicode_text_in_utf16_is_read_in_either_byte_order() {
        let text = "e-post\tnamn\r\nåsa@malmo.se\tÅsa Öberg\r\n";
        let mut little = vec![0xFF, 0xFE];
        let mut big = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            little.extend(unit.to_le_bytes());
            big.extend(unit.to_be_bytes());
        }
        assert_eq!(decode(&little), Ok((text.to_owned(), false)));
        assert_eq!(decode(&big), Ok((text.to_owned(), false)));
        let without_mark: Vec<u8> = "email,name"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(decode(&without_mark), Ok(("email,name".to_owned(), false)));
    }

    #[test]
    fn spreadsheets_pdfs_and_other_binary_files_are_not_csv() {
        for bytes in [
            &b"PK\x03\x04\x14\x00\x06\x00"[..],
            b"%PDF-1.7\n",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            b"email,name\x00\x01\x02",
            b"\x7fELF\x02\x01",
        ] {
            assert_eq!(decode(bytes), Err(Problem::NotCsv), "{bytes:?}");
        }
    }
}
