//! Where a form may send someone back to: a path on this site, and nothing else.
//!
//! Browsers drop tabs and line breaks from a URL and read `\` as `/`, so `/\t/evil.example`
//! or `/\evil.example` leads off the site although it starts with one slash. A return
//! address is therefore refused when it holds any control character, whitespace or
//! backslash, then parsed as a URL against this site and kept only if it stays here. What
//! is kept is the parsed form, percent-encoded, so it is always a valid `Location` header.

use url::{Position, Url};

/// A stand-in origin: only whether a path stays on it matters.
const THIS_SITE: &str = "https://bryggan.invalid/";

/// A path (with query and fragment) on this site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnTo(String);

impl ReturnTo {
    /// `None` for anything that is not plainly a path on this site.
    pub fn parse(raw: &str) -> Option<Self> {
        let plain = raw.starts_with('/')
            && !raw.starts_with("//")
            && !raw
                .chars()
                .any(|c| c.is_control() || c.is_whitespace() || c == '\\');
        if !plain {
            return None;
        }
        let base = Url::parse(THIS_SITE).ok()?;
        let url = base.join(raw).ok()?;
        (url.origin() == base.origin()).then(|| ReturnTo(url[Position::BeforePath..].to_owned()))
    }

    /// The client's address when it is safe, else `fallback`.
    pub fn or(raw: Option<&str>, fallback: &'static str) -> Self {
        raw.and_then(Self::parse)
            .unwrap_or_else(|| ReturnTo(fallback.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::ReturnTo;

    #[test]
    fn a_path_on_this_site_is_kept_as_the_browser_would_read_it() {
        for (raw, kept) in [
            ("/courses", "/courses"),
            ("/courses/provkurs?x=1#top", "/courses/provkurs?x=1#top"),
            (
                "/hr/people?department=3&q=Å",
                "/hr/people?department=3&q=%C3%85",
            ),
            ("/courses/../hr", "/hr"),
        ] {
            assert_eq!(
                ReturnTo::parse(raw).map(|r| r.0),
                Some(kept.to_owned()),
                "{raw}"
            );
        }
    }

    #[test]
    fn anything_that_could_leave_the_site_or_break_a_header_is_refused() {
        for bad in [
            "//evil.example",
            "///evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            "/\\evil.example",
            "/\t/evil.example",
            "/\t\\evil.example",
            "/\n/x",
            "/\r\n/x",
            "\t//evil.example",
            " /courses",
            "/ /evil.example",
            "/\u{0}/x",
            "/\u{85}/x",
            "/\u{2028}/x",
            "/\u{a0}/x",
            "courses",
            "",
        ] {
            assert_eq!(ReturnTo::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_refused_address_falls_back_to_the_default_page() {
        assert_eq!(
            ReturnTo::or(Some("//evil.example"), "/courses").as_str(),
            "/courses"
        );
        assert_eq!(ReturnTo::or(None, "/courses").as_str(), "/courses");
        assert_eq!(ReturnTo::or(Some("/hr"), "/courses").as_str(), "/hr");
    }
}
