//! What the organisation's directory says about a person, beyond name and address: its
//! `userName`, its own id, the employee number, the language tag and the address type.
//! Each is bounded text without control characters, so a directory cannot store a
//! megabyte or a line break in a column.

use std::fmt;

use super::Language;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} {value:?} is {why}")]
pub struct DirectoryValueError {
    pub what: &'static str,
    pub value: String,
    pub why: &'static str,
}

/// Trimmed, non-empty, at most `max` characters, no control characters.
fn bounded(what: &'static str, s: &str, max: usize) -> Result<String, DirectoryValueError> {
    let value = s.trim();
    let err = |why| DirectoryValueError {
        what,
        value: s.chars().take(80).collect(),
        why,
    };
    if value.is_empty() {
        return Err(err("empty"));
    }
    if value.chars().count() > max {
        return Err(err("too long"));
    }
    if value.chars().any(char::is_control) {
        return Err(err("not one line of text"));
    }
    Ok(value.to_owned())
}

macro_rules! directory_text {
    ($(#[$doc:meta])* $name:ident, $what:literal, $max:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name(String);

        impl $name {
            pub const MAX_CHARS: usize = $max;

            pub fn parse(s: &str) -> Result<Self, DirectoryValueError> {
                bounded($what, s, $max).map(Self)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

directory_text!(
    /// The directory's `userName` (Entra: the user principal name), unique without
    /// regard to case.
    UserName,
    "userName",
    256
);
directory_text!(
    /// The directory's own id for a person (`externalId`).
    ExternalId,
    "externalId",
    256
);
directory_text!(
    /// The enterprise extension's `employeeNumber`.
    EmployeeNumber,
    "employeeNumber",
    64
);

impl UserName {
    /// The unique key: userName compared without regard to case (RFC 7643 §4.1.1).
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

/// A language tag such as `sv-SE` or `en` (RFC 5646 in shape: letters, then subtags of
/// letters and digits after `-`; Entra and Windows also write `_`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LanguageTag(String);

impl LanguageTag {
    pub fn parse(s: &str) -> Result<Self, DirectoryValueError> {
        let value = bounded("preferredLanguage", s, 35)?;
        let err = || DirectoryValueError {
            what: "preferredLanguage",
            value: value.clone(),
            why: "not a language tag such as sv-SE",
        };
        let mut parts = value.split(['-', '_']);
        let primary = parts.next().unwrap_or_default();
        if !(2..=8).contains(&primary.len()) || !primary.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(err());
        }
        if !parts
            .all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
        {
            return Err(err());
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The interface language this tag asks for, when Bryggan has it.
    pub fn language(&self) -> Option<Language> {
        let primary = self.0.split(['-', '_']).next()?.to_ascii_lowercase();
        primary.parse().ok()
    }
}

/// The type of an email address: `work`, `home` or `other` (RFC 7643 §4.1.2), in lower case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EmailType {
    Work,
    Home,
    Other,
}

impl EmailType {
    pub const ALL: [EmailType; 3] = [Self::Work, Self::Home, Self::Other];

    pub fn parse(s: &str) -> Result<Self, DirectoryValueError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "work" => Ok(Self::Work),
            "home" => Ok(Self::Home),
            "other" => Ok(Self::Other),
            _ => Err(DirectoryValueError {
                what: "emails.type",
                value: s.chars().take(80).collect(),
                why: "not work, home or other",
            }),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Work => "work",
            Self::Home => "home",
            Self::Other => "other",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_name_is_trimmed_and_its_key_ignores_case() {
        let name = UserName::parse("  Anna.Berg@Malmo.se ").unwrap();
        assert_eq!(name.as_str(), "Anna.Berg@Malmo.se");
        assert_eq!(name.key(), "anna.berg@malmo.se");
    }

    #[test]
    fn empty_overlong_and_multi_line_values_are_refused() {
        assert!(UserName::parse("  ").is_err());
        assert!(EmployeeNumber::parse(&"9".repeat(65)).is_err());
        assert!(ExternalId::parse("a\nb").is_err());
    }

    #[test]
    fn a_language_tag_names_its_interface_language_when_bryggan_has_it() {
        assert_eq!(
            LanguageTag::parse("sv-SE").unwrap().language(),
            Some(Language::Sv)
        );
        assert_eq!(
            LanguageTag::parse("en_GB").unwrap().language(),
            Some(Language::En)
        );
        assert_eq!(LanguageTag::parse("fi").unwrap().language(), None);
        assert!(LanguageTag::parse("svenska!").is_err());
        assert!(LanguageTag::parse("s").is_err());
    }

    #[test]
    fn an_email_type_is_one_of_three_in_any_case() {
        assert_eq!(EmailType::parse("Work"), Ok(EmailType::Work));
        assert!(EmailType::parse("office").is_err());
    }
}
