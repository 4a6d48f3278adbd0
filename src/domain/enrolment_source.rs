//! `EnrolmentSource`: how a person came to be on a course, as stored with the enrolment.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EnrolmentSource {
    /// The person chose the course.
    #[serde(rename = "self")]
    SelfEnrolled,
    /// An HR assignment enrolled them.
    Assigned,
    /// Their completion was about to expire, so an assignment opened a new cycle.
    Recertification,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown enrolment source {0:?}: use self, assigned or recertification")]
pub struct ParseEnrolmentSourceError(pub String);

impl EnrolmentSource {
    pub fn as_str(self) -> &'static str {
        match self {
            EnrolmentSource::SelfEnrolled => "self",
            EnrolmentSource::Assigned => "assigned",
            EnrolmentSource::Recertification => "recertification",
        }
    }
}

impl FromStr for EnrolmentSource {
    type Err = ParseEnrolmentSourceError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "self" => Ok(EnrolmentSource::SelfEnrolled),
            "assigned" => Ok(EnrolmentSource::Assigned),
            "recertification" => Ok(EnrolmentSource::Recertification),
            other => Err(ParseEnrolmentSourceError(other.to_owned())),
        }
    }
}

impl fmt::Display for EnrolmentSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_source_reads_back_as_itself_and_serialises_as_stored() {
        for source in [
            EnrolmentSource::SelfEnrolled,
            EnrolmentSource::Assigned,
            EnrolmentSource::Recertification,
        ] {
            assert_eq!(source.as_str().parse(), Ok(source));
            let json = serde_json::to_string(&source).unwrap();
            assert_eq!(json, format!("\"{}\"", source.as_str()));
        }
        assert!("imported".parse::<EnrolmentSource>().is_err());
    }
}
