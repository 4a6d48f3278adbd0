//! `EnrolmentSource`: how a person came to be on a course, as stored with the enrolment.

use serde::{Deserialize, Serialize};

use super::coded::coded;

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

coded!(EnrolmentSource, ParseEnrolmentSourceError, as_str {
    SelfEnrolled => "self",
    Assigned => "assigned",
    Recertification => "recertification",
});

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
