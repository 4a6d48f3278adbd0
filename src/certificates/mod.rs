//! Certificates: the proof of a completion that anyone can check at `/verify/<code>`.
//!
//! This module is pure: the verification code, a certificate's status on a given day and
//! the PDF. Issuing, in the completion's transaction, is [`crate::learning::certify`];
//! storage is [`crate::store::certificates`].

mod code;
mod labels;
pub mod pdf;
mod qr;
mod status;

pub use code::{Code, ParseCodeError};
pub use labels::long_date;
pub use status::Status;

use chrono::NaiveDate;

use crate::domain::Language;

/// What a certificate states, as issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    pub code: Code,
    pub holder: String,
    pub course: String,
    pub issuer: String,
    pub language: Language,
    pub completed_on: NaiveDate,
    pub valid_until: Option<NaiveDate>,
}

/// The public address where a certificate is checked.
pub fn verify_url(base_url: &str, code: &Code) -> String {
    format!("{}/verify/{code}", base_url.trim_end_matches('/'))
}
