//! A diagnostic's words in the two languages Bryggan speaks.
//!
//! Trainers read the compiler's messages in their course's language. Both texts are
//! written where the problem is found, so no message can exist in one language only.

use serde::Serialize;

use crate::domain::{Language, ParseSlugError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    en: String,
    sv: String,
}

impl Message {
    pub fn new(en: impl Into<String>, sv: impl Into<String>) -> Self {
        Self {
            en: en.into(),
            sv: sv.into(),
        }
    }

    pub fn text(&self, lang: Language) -> &str {
        match lang {
            Language::En => &self.en,
            Language::Sv => &self.sv,
        }
    }
}

/// What is wrong with a name that must be a slug, as a phrase that follows the name.
pub fn slug_problem(err: &ParseSlugError) -> Message {
    match err {
        ParseSlugError::Empty => Message::new("is empty", "är tomt"),
        ParseSlugError::TooLong => Message::new(
            err.to_string(),
            format!("är längre än {} tecken", crate::domain::MAX_SLUG_LEN),
        ),
        ParseSlugError::InvalidCharacter(c) => Message::new(
            err.to_string(),
            format!(
                "får bara innehålla små bokstäver a–z, siffror och bindestreck (här står {c:?})"
            ),
        ),
        ParseSlugError::MisplacedHyphen => Message::new(
            err.to_string(),
            "får inte börja eller sluta med bindestreck, eller ha två bindestreck i rad",
        ),
    }
}
