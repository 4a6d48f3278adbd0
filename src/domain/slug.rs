//! `Slug`: the stable, URL-safe name of a course, lesson or question.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Lowercase ASCII letters and digits in groups joined by single hyphens (`mota-invanare`).
///
/// Slugs appear in URLs and are stored as keys, so they never change meaning and never
/// need escaping.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

pub const MAX_SLUG_LEN: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseSlugError {
    #[error("is empty")]
    Empty,
    #[error("is longer than {MAX_SLUG_LEN} characters")]
    TooLong,
    #[error("may only contain lowercase letters a-z, digits and hyphens (found {0:?})")]
    InvalidCharacter(char),
    #[error("may not start or end with a hyphen, or contain two hyphens in a row")]
    MisplacedHyphen,
}

impl Slug {
    pub fn parse(s: &str) -> Result<Self, ParseSlugError> {
        if s.is_empty() {
            return Err(ParseSlugError::Empty);
        }
        if s.len() > MAX_SLUG_LEN {
            return Err(ParseSlugError::TooLong);
        }
        if let Some(c) = s
            .chars()
            .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
        {
            return Err(ParseSlugError::InvalidCharacter(c));
        }
        if s.starts_with('-') || s.ends_with('-') || s.contains("--") {
            return Err(ParseSlugError::MisplacedHyphen);
        }
        Ok(Self(s.to_owned()))
    }

    /// Derives a slug from free text: transliterates to ASCII (`Är tolken neutral?` gives
    /// `ar-tolken-neutral`) and joins the words with hyphens. `None` when no letter or digit
    /// is left.
    pub fn from_text(text: &str) -> Option<Self> {
        let ascii = deunicode::deunicode(text).to_ascii_lowercase();
        let mut slug = String::with_capacity(ascii.len());
        for word in ascii.split(|c: char| !c.is_ascii_alphanumeric()) {
            if word.is_empty() {
                continue;
            }
            if slug.len() + word.len() + 1 > MAX_SLUG_LEN {
                break;
            }
            if !slug.is_empty() {
                slug.push('-');
            }
            slug.push_str(word);
        }
        Self::parse(&slug).ok()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Slug {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Slug {
    type Error = ParseSlugError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Slug> for String {
    fn from(s: Slug) -> Self {
        s.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_words_joined_by_hyphens_are_slugs() {
        assert_eq!(
            Slug::parse("mota-invanare-2").map(String::from).as_deref(),
            Ok("mota-invanare-2")
        );
    }

    #[test]
    fn uppercase_spaces_and_stray_hyphens_are_rejected() {
        assert_eq!(
            Slug::parse("Kurs"),
            Err(ParseSlugError::InvalidCharacter('K'))
        );
        assert_eq!(
            Slug::parse("a b"),
            Err(ParseSlugError::InvalidCharacter(' '))
        );
        assert_eq!(Slug::parse("-a"), Err(ParseSlugError::MisplacedHyphen));
        assert_eq!(Slug::parse("a--b"), Err(ParseSlugError::MisplacedHyphen));
        assert_eq!(Slug::parse(""), Err(ParseSlugError::Empty));
        assert_eq!(Slug::parse(&"a".repeat(65)), Err(ParseSlugError::TooLong));
    }

    #[test]
    fn swedish_text_becomes_an_ascii_slug() {
        let slug = Slug::from_text("Är tolken neutral? Ödmjukhet & Åsikter").map(String::from);
        assert_eq!(slug.as_deref(), Some("ar-tolken-neutral-odmjukhet-asikter"));
    }

    #[test]
    fn text_without_letters_has_no_slug() {
        assert_eq!(Slug::from_text("?!"), None);
    }

    #[test]
    fn deserializing_an_invalid_slug_fails() {
        assert!(serde_json::from_str::<Slug>("\"Not A Slug\"").is_err());
    }
}
