//! The certificate as a one-page A4 PDF. DejaVu Sans is embedded (subset to the glyphs
//! used), so every Latin-script name prints as written: Nguyễn, Øyvind, Şükrü, Łukasz.

use std::sync::LazyLock;

use std::num::NonZeroU16;

use krilla::color::rgb;
use krilla::configure::{Accessibility, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, SpanTag, Tag, TagGroup, TagKind, TagTree,
};
use krilla::text::{Font, TextDirection};
use krilla::{Document, SerializeSettings};
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

use super::labels::{labels, long_date};
use super::{Certificate, qr};

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// A4 landscape, in points.
const WIDTH: f32 = 842.0;
const HEIGHT: f32 = 595.0;
const MARGIN: f32 = 48.0;
const INK: (u8, u8, u8) = (0x1f, 0x29, 0x33);
const ACCENT: (u8, u8, u8) = (0x0b, 0x5a, 0x6b);

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the embedded font cannot be read")]
    Font,
    #[error("the verification address is too long for a QR code")]
    Qr,
    #[error("the PDF cannot be written: {0}")]
    Write(String),
}

struct Fonts {
    regular: Font,
    bold: Font,
}

static FONTS: LazyLock<Option<Fonts>> = LazyLock::new(|| {
    Some(Fonts {
        regular: Font::new(REGULAR.into(), 0)?,
        bold: Font::new(BOLD.into(), 0)?,
    })
});

/// Renders the certificate; `verify_url` is printed and encoded in the QR code.
pub fn render(cert: &Certificate, verify_url: &str) -> Result<Vec<u8>, PdfError> {
    let fonts = FONTS.as_ref().ok_or(PdfError::Font)?;
    let words = labels(cert.language);
    let modules = qr::encode(verify_url).ok_or(PdfError::Qr)?;

    // PDF/UA-1: krilla refuses to write the file unless every text is tagged, the
    // figure has a text alternative and the document has a title and a language.
    let configuration = ConfigurationBuilder::new()
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|e| PdfError::Write(format!("{e:?}")))?;
    let mut document = Document::new_with(SerializeSettings {
        configuration,
        ..SerializeSettings::default()
    });
    let title = format!("{} – {}", words.title, cert.course);
    document.set_metadata(
        Metadata::new()
            .title(title.clone())
            .language(cert.language.code().to_owned())
            .creator("Bryggan".to_owned()),
    );
    let settings = PageSettings::from_wh(WIDTH, HEIGHT).ok_or(PdfError::Font)?;
    let mut page = document.start_page_with(settings);
    let mut surface = page.surface();

    frame(&mut surface);
    let mut pen = Pen {
        surface: &mut surface,
        fonts,
    };
    let mut tree = TagTree::new();
    let heading = pen.centred(words.title, true, 40.0, 128.0, ACCENT);
    tree.push(group(Tag::Hn(NonZeroU16::MIN, Some(title)), [heading]));
    // The statement reads as one paragraph: "… att / Name / har genomfört kursen / Course".
    let statement = [
        pen.centred(words.certifies, false, 15.0, 190.0, INK),
        pen.centred(&cert.holder, true, 30.0, 236.0, INK),
        pen.centred(words.completed, false, 15.0, 280.0, INK),
        pen.centred(&cert.course, true, 22.0, 320.0, INK),
    ];
    tree.push(group(Tag::P, statement));
    let completed = format!(
        "{} {}",
        words.on_date,
        long_date(cert.completed_on, cert.language)
    );
    tree.push(group(
        Tag::P,
        [pen.centred(&completed, false, 13.0, 362.0, INK)],
    ));
    if let Some(until) = cert.valid_until {
        let line = format!("{} {}", words.valid_until, long_date(until, cert.language));
        tree.push(group(Tag::P, [pen.centred(&line, false, 13.0, 384.0, INK)]));
    }
    let issuer = format!("{} {}", words.issued_by, cert.issuer);
    tree.push(group(
        Tag::P,
        [pen.centred(&issuer, false, 13.0, 420.0, INK)],
    ));

    let left = MARGIN + 24.0;
    let code = [
        pen.text(words.code, false, 10.0, left, 454.0, ACCENT),
        pen.text(cert.code.as_str(), true, 16.0, left, 476.0, INK),
    ];
    tree.push(group(Tag::P, code));
    let verify = [
        pen.text(words.verify, false, 10.0, left, 500.0, ACCENT),
        pen.text(verify_url, false, 10.0, left, 516.0, INK),
    ];
    tree.push(group(Tag::P, verify));
    let qr = qr_code(
        pen.surface,
        &modules,
        WIDTH - MARGIN - 24.0 - 96.0,
        424.0,
        96.0,
    );
    let alt = format!("{} {verify_url}", words.qr_alt);
    tree.push(group(Tag::Figure(Some(alt)), [qr]));

    surface.finish();
    page.finish();
    document.set_tag_tree(tree);
    // PDF/UA asks for an outline even of a one-page document.
    let mut outline = Outline::new();
    outline.push_child(OutlineNode::new(
        words.title.to_owned(),
        XyzDestination::new(0, Point::from_xy(0.0, 0.0)),
    ));
    document.set_outline(outline);
    document
        .finish()
        .map_err(|e| PdfError::Write(format!("{e:?}")))
}

struct Pen<'s, 'p> {
    surface: &'s mut Surface<'p>,
    fonts: &'static Fonts,
}

impl Pen<'_, '_> {
    /// One line, centred; long names and titles shrink to fit between the margins.
    fn centred(
        &mut self,
        text: &str,
        bold: bool,
        size: f32,
        baseline: f32,
        colour: (u8, u8, u8),
    ) -> Identifier {
        let room = WIDTH - 2.0 * (MARGIN + 24.0);
        let (width, size) = fit(text, bold, size, room);
        self.text(text, bold, size, (WIDTH - width) / 2.0, baseline, colour)
    }

    /// One line of text, tagged as a span for the structure tree.
    fn text(
        &mut self,
        text: &str,
        bold: bool,
        size: f32,
        x: f32,
        y: f32,
        colour: (u8, u8, u8),
    ) -> Identifier {
        let id = self
            .surface
            .start_tagged(ContentTag::Span(SpanTag::empty()));
        let font = if bold {
            &self.fonts.bold
        } else {
            &self.fonts.regular
        };
        self.surface.set_fill(Some(fill(colour)));
        self.surface.draw_text(
            Point::from_xy(x, y),
            font.clone(),
            size,
            text,
            false,
            TextDirection::Auto,
        );
        self.surface.end_tagged();
        id
    }
}

/// A structure element holding the given marked content.
fn group<const N: usize>(tag: impl Into<TagKind>, children: [Identifier; N]) -> TagGroup {
    let mut group = TagGroup::new(tag);
    for child in children {
        group.push(child);
    }
    group
}

/// The text's width at `size`, or a smaller size at which it fits `room`.
fn fit(text: &str, bold: bool, size: f32, room: f32) -> (f32, f32) {
    let width = measure(text, bold, size);
    if width <= room || width == 0.0 {
        (width, size)
    } else {
        let smaller = (size * room / width).max(8.0);
        (measure(text, bold, smaller), smaller)
    }
}

fn measure(text: &str, bold: bool, size: f32) -> f32 {
    let Ok(font) = FontRef::new(if bold { BOLD } else { REGULAR }) else {
        return 0.0;
    };
    let charmap = font.charmap();
    let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
    text.chars()
        .filter_map(|c| charmap.map(c))
        .filter_map(|g| metrics.advance_width(g))
        .sum()
}

fn fill((r, g, b): (u8, u8, u8)) -> Fill {
    Fill {
        paint: rgb::Color::new(r, g, b).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

/// The border: decoration, kept out of the structure tree.
fn frame(surface: &mut Surface<'_>) {
    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
        ArtifactType::Layout,
    )));
    let mut path = PathBuilder::new();
    if let Some(rect) = Rect::from_xywh(MARGIN, MARGIN, WIDTH - 2.0 * MARGIN, HEIGHT - 2.0 * MARGIN)
    {
        path.push_rect(rect);
    }
    if let Some(path) = path.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke {
            paint: rgb::Color::new(ACCENT.0, ACCENT.1, ACCENT.2).into(),
            width: 2.0,
            ..Default::default()
        }));
        surface.draw_path(&path);
        surface.set_stroke(None);
    }
    surface.end_tagged();
}

/// Draws the QR code as one path of dark squares, `size` points wide at (`x`, `y`).
fn qr_code(
    surface: &mut Surface<'_>,
    modules: &qr::Modules,
    x: f32,
    y: f32,
    size: f32,
) -> Identifier {
    let id = surface.start_tagged(ContentTag::Other);
    let cell = size / modules.width as f32;
    let mut path = PathBuilder::new();
    for (i, _) in modules.dark.iter().enumerate().filter(|(_, dark)| **dark) {
        let (row, col) = (i / modules.width, i % modules.width);
        if let Some(rect) =
            Rect::from_xywh(x + col as f32 * cell, y + row as f32 * cell, cell, cell)
        {
            path.push_rect(rect);
        }
    }
    if let Some(path) = path.finish() {
        surface.set_fill(Some(fill(INK)));
        surface.draw_path(&path);
    }
    surface.end_tagged();
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certificates::Code;
    use crate::domain::Language;

    fn certificate(holder: &str, language: Language) -> Certificate {
        Certificate {
            code: Code::parse("7K3M-Q9TR-2XWD").unwrap(),
            holder: holder.to_owned(),
            course: "Interkulturellt bemötande".to_owned(),
            issuer: "Malmö stad".to_owned(),
            language,
            completed_on: "2026-11-27".parse().unwrap(),
            valid_until: Some("2027-11-27".parse().unwrap()),
        }
    }

    fn text_of(pdf: &[u8]) -> String {
        pdf_extract::extract_text_from_mem(pdf).expect("the PDF reads back")
    }

    #[test]
    fn every_latin_script_name_reads_back_from_the_pdf_as_written() {
        for name in [
            "Nguyễn Thị Minh",
            "Øyvind Ødegård",
            "Zoë Saldaña",
            "Şükrü Çelik",
            "Łukasz Żółć",
        ] {
            let pdf = render(
                &certificate(name, Language::Sv),
                "https://b.example/verify/7K3M-Q9TR-2XWD",
            )
            .unwrap();
            assert!(pdf.starts_with(b"%PDF-"));
            let text = text_of(&pdf);
            assert!(text.contains(name), "{name} not in {text:?}");
        }
    }

    #[test]
    fn the_pdf_states_course_dates_issuer_code_and_address_in_the_holders_language() {
        let url = "https://b.example/verify/7K3M-Q9TR-2XWD";
        let sv = text_of(&render(&certificate("Anna", Language::Sv), url).unwrap());
        for part in [
            "Intyg",
            "Interkulturellt bemötande",
            "27 november 2026",
            "Giltigt till och med 27 november 2027",
            "Malmö stad",
            "7K3M-Q9TR-2XWD",
            url,
        ] {
            assert!(sv.contains(part), "{part} not in {sv:?}");
        }
        let en = text_of(&render(&certificate("Anna", Language::En), url).unwrap());
        assert!(en.contains("Valid until 27 November 2027"), "{en:?}");
    }

    #[test]
    fn the_font_is_subset_so_a_certificate_stays_small() {
        let pdf = render(
            &certificate("Anna", Language::Sv),
            "https://b.example/verify/X",
        )
        .unwrap();
        assert!(pdf.len() < 120_000, "{} bytes", pdf.len());
    }

    #[test]
    fn the_pdf_is_tagged_for_screen_readers_as_pdf_ua() {
        let pdf = render(
            &certificate("Anna", Language::Sv),
            "https://b.example/verify/X",
        )
        .unwrap();
        let raw = String::from_utf8_lossy(&pdf);
        for marker in [
            "/StructTreeRoot",
            "/Marked true",
            "pdfuaid:part",
            "/Lang(sv)",
        ] {
            assert!(raw.contains(marker), "{marker} missing");
        }
    }

    #[test]
    fn a_very_long_name_shrinks_to_fit_the_page() {
        let name = "Maria Fernanda de los Ángeles Rodríguez-Villanueva Håkansson Ødegård";
        let (width, size) = fit(name, true, 30.0, WIDTH - 2.0 * (MARGIN + 24.0));
        assert!(size < 30.0);
        assert!(width <= WIDTH - 2.0 * (MARGIN + 24.0) + 1.0);
    }
}
