//! The QR code of the verification address, as dark squares for the PDF to draw.

use qrcode::{Color, EcLevel, QrCode};

/// The modules of the QR code: `width` × `width`, row by row, true for dark.
pub(super) struct Modules {
    pub width: usize,
    pub dark: Vec<bool>,
}

/// `None` only if `data` is too long for any QR code (thousands of characters).
pub(super) fn encode(data: &str) -> Option<Modules> {
    // Level M survives a fold or a smudge on a printed certificate.
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M).ok()?;
    Some(Modules {
        width: code.width(),
        dark: code
            .to_colors()
            .into_iter()
            .map(|c| c == Color::Dark)
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verification_address_fits_a_small_code_with_its_finder_patterns() {
        let modules = encode("https://bryggan.malmo.se/verify/7K3M-Q9TR-2XWD").unwrap();
        assert!(modules.width <= 41, "version 6 or lower: {}", modules.width);
        assert_eq!(modules.dark.len(), modules.width * modules.width);
        // The top-left finder pattern: a dark 7×7 ring.
        assert!((0..7).all(|x| modules.dark[x]));
        assert!(!modules.dark[modules.width + 1]);
    }
}
