//! Where links and images in a lesson may point, and what they become in HTML.

use std::collections::{BTreeMap, BTreeSet};

use crate::domain::Slug;

use super::message::Message;

/// How links between lessons are written in the compiled HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LinkStyle {
    /// `kommunikation#tolk`: the server's lesson URLs.
    #[default]
    Clean,
    /// `kommunikation.html#tolk`: the static preview's files.
    HtmlFile,
}

/// The files a link inside one course may reach.
#[derive(Debug, Default)]
pub struct LinkTargets {
    /// Lesson file name (`02-tolk.md`) to lesson slug (`tolk`).
    pub lessons: BTreeMap<String, Slug>,
    /// `media/…` paths.
    pub media: BTreeSet<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    Scheme(String),
    Absolute,
    OutsideCourse,
    MissingLesson(String),
    MissingMedia(String),
    NotAFile(String),
    ImageNotInMedia,
    /// `C:\Users\…` or `file:`: a file on the trainer's own computer.
    OwnComputer(String),
    /// The file exists with other capitals: found on Windows and Mac, missing on the server.
    WrongCase {
        written: String,
        actual: String,
    },
}

impl LinkError {
    pub fn message(&self) -> Message {
        match self {
            LinkError::Scheme(scheme) => Message::new(
                format!(
                    "links may use https:, http:, mailto: or tel:, not `{scheme}:`; the link is shown as plain text"
                ),
                format!(
                    "en länk kan börja med https:, http:, mailto: eller tel:, inte `{scheme}:`; länken visas som vanlig text"
                ),
            ),
            LinkError::Absolute => Message::new(
                "link starts with `/`: link to a lesson by its file name (`02-tolk.md`) or to `media/…`",
                "länken börjar med `/`: länka till en lektion med dess filnamn (`02-tolk.md`) eller till `media/…`",
            ),
            LinkError::OutsideCourse => Message::new(
                "link leaves the course folder: a course may link only to its own lessons and media",
                "länken leder ut ur kursmappen: en kurs kan bara länka till sina egna lektioner och filer i `media/`",
            ),
            LinkError::MissingLesson(name) => Message::new(
                format!("link to a lesson that does not exist: `{name}`"),
                format!("länken går till en lektion som inte finns: `{name}`"),
            ),
            LinkError::MissingMedia(path) => Message::new(
                format!("link to a file that does not exist: `{path}`"),
                format!("länken går till en fil som inte finns: `{path}`"),
            ),
            LinkError::NotAFile(path) => Message::new(
                format!(
                    "link to `{path}`: links may point to a lesson (`02-tolk.md`), a file in `media/` or a web address"
                ),
                format!(
                    "länk till `{path}`: en länk kan gå till en lektion (`02-tolk.md`), en fil i `media/` eller en webbadress (https://…)"
                ),
            ),
            LinkError::ImageNotInMedia => Message::new(
                "images must be files in the course's `media/` folder (not web addresses), so pages load fast and learners are not tracked",
                "bilder ska ligga i kursens mapp `media/` (inte på webben), så att sidorna laddas snabbt och ingen annan ser vem som läser",
            ),
            LinkError::OwnComputer(path) => Message::new(
                format!(
                    "`{path}` is a file on your own computer, which learners cannot reach: copy it into the course's `media/` folder and write `media/` and its name"
                ),
                format!(
                    "`{path}` är en fil på din egen dator, som deltagarna inte kommer åt: kopiera den till kursens mapp `media/` och skriv `media/` och filens namn"
                ),
            ),
            LinkError::WrongCase { written, actual } => Message::new(
                format!(
                    "`{written}` does not exist, though it may open on your own computer: names differ in capital letters on the server; did you mean `{actual}`?"
                ),
                format!(
                    "`{written}` finns inte, även om den kanske öppnas på din egen dator: på servern spelar stora och små bokstäver roll; menade du `{actual}`?"
                ),
            ),
        }
    }
}

impl LinkTargets {
    /// The `href` for a link destination, or why it is refused.
    pub fn link(&self, dest: &str, style: LinkStyle) -> Result<String, LinkError> {
        if dest.starts_with('#') {
            return Ok(dest.to_owned());
        }
        own_computer(dest)?;
        if let Some(scheme) = scheme(dest) {
            return match scheme.as_str() {
                "http" | "https" | "mailto" | "tel" => Ok(dest.to_owned()),
                _ => Err(LinkError::Scheme(scheme)),
            };
        }
        if dest.starts_with("//") {
            return Ok(dest.to_owned());
        }
        let (path, fragment) = match dest.find(['#', '?']) {
            Some(i) => (&dest[..i], &dest[i..]),
            None => (dest, ""),
        };
        let path = self.relative_path(path)?;
        if let Some(slug) = self.lessons.get(&path) {
            let suffix = match style {
                LinkStyle::Clean => "",
                LinkStyle::HtmlFile => ".html",
            };
            return Ok(format!("{slug}{suffix}{fragment}"));
        }
        self.media_path(path).map(|p| format!("{p}{fragment}"))
    }

    /// The `src` for an image: only files under `media/`.
    pub fn image(&self, dest: &str) -> Result<String, LinkError> {
        own_computer(dest)?;
        if scheme(dest).is_some() || dest.starts_with("//") {
            return Err(LinkError::ImageNotInMedia);
        }
        let path = self.relative_path(dest)?;
        self.media_path(path)
    }

    fn media_path(&self, path: String) -> Result<String, LinkError> {
        if self.media.contains(&path) {
            return Ok(path);
        }
        let lowered = path.to_lowercase();
        let same_but_case = self
            .media
            .iter()
            .chain(self.lessons.keys())
            .find(|known| known.to_lowercase() == lowered);
        if let Some(actual) = same_but_case {
            Err(LinkError::WrongCase {
                written: path,
                actual: actual.clone(),
            })
        } else if path.starts_with("media/") {
            Err(LinkError::MissingMedia(path))
        } else if path.ends_with(".md") && !path.contains('/') {
            Err(LinkError::MissingLesson(path))
        } else {
            Err(LinkError::NotAFile(path))
        }
    }

    /// Normalises `./a/../b` forms and decodes `%20`; refuses paths that leave the course.
    fn relative_path(&self, path: &str) -> Result<String, LinkError> {
        if path.starts_with('/') || path.starts_with('\\') {
            return Err(LinkError::Absolute);
        }
        let decoded = percent_decode(path);
        let mut parts: Vec<&str> = Vec::new();
        for part in decoded.split(['/', '\\']) {
            match part {
                "" | "." => {}
                ".." => {
                    parts.pop().ok_or(LinkError::OutsideCourse)?;
                }
                part => parts.push(part),
            }
        }
        Ok(parts.join("/"))
    }
}

/// Refuses `C:\…`, `C:/…`, `\\server\…` and `file:` addresses.
fn own_computer(dest: &str) -> Result<(), LinkError> {
    let bytes = dest.as_bytes();
    let drive = bytes.len() > 2
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && matches!(bytes[2], b'\\' | b'/');
    let unc = dest.starts_with("\\\\");
    let file = dest
        .get(..5)
        .is_some_and(|s| s.eq_ignore_ascii_case("file:"));
    if drive || unc || file {
        Err(LinkError::OwnComputer(dest.to_owned()))
    } else {
        Ok(())
    }
}

/// The lowercased URL scheme, read the way browsers read it: ASCII whitespace and control
/// characters inside it are ignored (`java\tscript:` is `javascript:`).
fn scheme(dest: &str) -> Option<String> {
    let cleaned: String = dest
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .take_while(|c| *c != '/' && *c != '?' && *c != '#')
        .collect();
    let (scheme, _) = cleaned.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> LinkTargets {
        let mut t = LinkTargets::default();
        t.lessons
            .insert("02-tolk.md".into(), Slug::parse("tolk").unwrap());
        t.media.insert("media/bild ett.png".into());
        t
    }

    #[test]
    fn lesson_links_become_lesson_urls_in_either_style() {
        let t = targets();
        assert_eq!(
            t.link("02-tolk.md#boka", LinkStyle::Clean).unwrap(),
            "tolk#boka"
        );
        assert_eq!(
            t.link("./02-tolk.md", LinkStyle::HtmlFile).unwrap(),
            "tolk.html"
        );
    }

    #[test]
    fn web_mail_and_phone_links_pass_unchanged() {
        let t = targets();
        for url in [
            "https://www.do.se",
            "http://x.se",
            "mailto:a@b.se",
            "tel:+4610",
            "#top",
        ] {
            assert_eq!(t.link(url, LinkStyle::Clean).unwrap(), url);
        }
    }

    #[test]
    fn script_and_data_schemes_are_refused_however_they_are_disguised() {
        let t = targets();
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:x",
            "java\tscript:x",
            " javascript:x",
            "data:text/html,x",
            "vbscript:x",
        ] {
            assert!(
                matches!(t.link(url, LinkStyle::Clean), Err(LinkError::Scheme(_))),
                "{url}"
            );
        }
    }

    #[test]
    fn paths_outside_the_course_or_to_missing_files_are_refused() {
        let t = targets();
        assert_eq!(
            t.link("../annan-kurs/01-a.md", LinkStyle::Clean),
            Err(LinkError::OutsideCourse)
        );
        assert_eq!(
            t.link("/etc/passwd", LinkStyle::Clean),
            Err(LinkError::Absolute)
        );
        assert_eq!(
            t.link("03-saknas.md", LinkStyle::Clean),
            Err(LinkError::MissingLesson("03-saknas.md".into()))
        );
        assert_eq!(
            t.image("media/nej.png"),
            Err(LinkError::MissingMedia("media/nej.png".into()))
        );
    }

    #[test]
    fn a_name_that_differs_only_in_capitals_names_the_real_file() {
        let mut t = targets();
        t.media.insert("media/distanstolk.png".into());
        assert_eq!(
            t.image("media/Distanstolk.PNG"),
            Err(LinkError::WrongCase {
                written: "media/Distanstolk.PNG".into(),
                actual: "media/distanstolk.png".into()
            })
        );
        assert!(matches!(
            t.link("02-Tolk.md", LinkStyle::Clean),
            Err(LinkError::WrongCase { .. })
        ));
    }

    #[test]
    fn a_path_on_the_trainers_own_computer_is_called_that() {
        let t = targets();
        for dest in [
            "C:\\Users\\anna\\bild.png",
            "c:/bilder/a.png",
            "\\\\server\\delat\\a.png",
            "file:///home/a.png",
        ] {
            assert!(
                matches!(t.image(dest), Err(LinkError::OwnComputer(_))),
                "{dest}"
            );
            assert!(
                matches!(
                    t.link(dest, LinkStyle::Clean),
                    Err(LinkError::OwnComputer(_))
                ),
                "{dest}"
            );
        }
    }

    #[test]
    fn images_resolve_only_inside_media_and_decode_spaces() {
        let t = targets();
        assert_eq!(
            t.image("media/bild%20ett.png").unwrap(),
            "media/bild ett.png"
        );
        assert_eq!(
            t.image("https://example.org/a.png"),
            Err(LinkError::ImageNotInMedia)
        );
    }
}
