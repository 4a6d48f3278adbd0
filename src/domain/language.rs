//! `Language`: the languages Bryggan's courses and interface are written in.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Swedish.
    Sv,
    /// English.
    En,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {0:?}: use \"sv\" (Swedish) or \"en\" (English)")]
pub struct ParseLanguageError(pub String);

impl Language {
    /// The BCP 47 tag, for `lang` attributes.
    pub fn code(self) -> &'static str {
        match self {
            Language::Sv => "sv",
            Language::En => "en",
        }
    }
}

impl FromStr for Language {
    type Err = ParseLanguageError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "sv" => Ok(Language::Sv),
            "en" => Ok(Language::En),
            other => Err(ParseLanguageError(other.to_owned())),
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sv_and_en_are_the_languages() {
        assert_eq!("sv".parse(), Ok(Language::Sv));
        assert_eq!("en".parse(), Ok(Language::En));
    }

    #[test]
    fn other_codes_are_rejected_with_the_choices_named() {
        let err = "SV".parse::<Language>().unwrap_err();
        assert!(err.to_string().contains("\"sv\""), "{err}");
    }
}
