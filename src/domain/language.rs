//! `Language`: the languages Bryggan's courses and interface are written in.

use serde::{Deserialize, Serialize};

use super::coded::coded;

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

coded!(Language, ParseLanguageError,
    /// The BCP 47 tag, for `lang` attributes.
    code {
        Sv => "sv",
        En => "en",
    }
);

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
