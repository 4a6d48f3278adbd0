//! A learner's comment on a lesson: plain text, never markup, of a bounded length.

use std::fmt;

use serde::Serialize;

/// A comment that is not empty and at most [`FeedbackComment::MAX_CHARS`] characters long.
/// Line breaks are kept (as `\n`); other control characters, which no one means to send,
/// are dropped. It is shown escaped everywhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct FeedbackComment(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedbackCommentError {
    #[error("the comment is empty")]
    Empty,
    #[error("the comment is {0} characters long; at most 1000 are kept")]
    TooLong(usize),
}

impl FeedbackComment {
    pub const MAX_CHARS: usize = 1000;

    pub fn parse(text: &str) -> Result<Self, FeedbackCommentError> {
        let cleaned: String = text
            .replace("\r\n", "\n")
            .chars()
            .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
            .collect();
        let cleaned = cleaned.trim();
        match cleaned.chars().count() {
            0 => Err(FeedbackCommentError::Empty),
            n if n > Self::MAX_CHARS => Err(FeedbackCommentError::TooLong(n)),
            _ => Ok(FeedbackComment(cleaned.to_owned())),
        }
    }

    /// A comment as typed, where leaving it empty means no comment.
    pub fn optional(text: Option<&str>) -> Result<Option<Self>, FeedbackCommentError> {
        match text.map(Self::parse) {
            None | Some(Err(FeedbackCommentError::Empty)) => Ok(None),
            Some(result) => result.map(Some),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FeedbackComment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comment_is_trimmed_and_keeps_its_line_breaks() {
        let comment = FeedbackComment::parse("  Bra!\r\nMer sånt.\u{7} ").unwrap();
        assert_eq!(comment.as_str(), "Bra!\nMer sånt.");
    }

    #[test]
    fn a_thousand_characters_are_kept_and_one_more_is_refused() {
        assert!(FeedbackComment::parse(&"å".repeat(1000)).is_ok());
        assert_eq!(
            FeedbackComment::parse(&"å".repeat(1001)),
            Err(FeedbackCommentError::TooLong(1001))
        );
    }

    #[test]
    fn an_empty_or_blank_comment_is_no_comment() {
        assert_eq!(FeedbackComment::optional(Some("  \n ")), Ok(None));
        assert_eq!(FeedbackComment::optional(None), Ok(None));
        assert_eq!(
            FeedbackComment::parse(" "),
            Err(FeedbackCommentError::Empty)
        );
    }

    #[test]
    fn markup_is_kept_as_text() {
        let comment = FeedbackComment::parse("<script>alert(1)</script>").unwrap();
        assert_eq!(comment.as_str(), "<script>alert(1)</script>");
    }
}
