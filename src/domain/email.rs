//! `Email`: an email address, trimmed and lowercased so it works as a unique key.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an email address")]
pub struct ParseEmailError(pub String);

impl Email {
    /// Accepts `name@domain.tld` with no spaces, one `@`, at most 254 characters.
    pub fn parse(s: &str) -> Result<Self, ParseEmailError> {
        let email = s.trim().to_lowercase();
        let err = || ParseEmailError(s.to_owned());
        if email.len() > 254 || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(err());
        }
        let (local, domain) = email.split_once('@').ok_or_else(err)?;
        let domain_ok = domain.contains('.')
            && !domain.contains('@')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..");
        if local.is_empty() || local.len() > 64 || !domain_ok {
            return Err(err());
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Email {
    type Error = ParseEmailError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Email> for String {
    fn from(e: Email) -> Self {
        e.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_trimmed_and_lowercased() {
        assert_eq!(
            Email::parse("  Anna.Berg@Malmo.SE ").unwrap().as_str(),
            "anna.berg@malmo.se"
        );
    }

    #[test]
    fn things_that_are_not_addresses_are_rejected() {
        for bad in [
            "",
            "anna",
            "anna@",
            "@malmo.se",
            "anna@malmo",
            "an na@malmo.se",
            "a@b@c.se",
            "a@.se",
            "a@b..se",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }
}
