//! Domain types and rules shared by every layer: values that are valid by construction,
//! and pure functions such as grading.
//!
//! Nothing here knows about the web, the database or the file system.

mod coded;
mod directory;
mod due;
mod email;
mod enrolment_source;
mod feedback;
pub mod format;
pub mod grading;
mod language;
mod percent;
mod role;
mod slug;
pub mod validity;
mod year_month;

pub use directory::{
    DirectoryValueError, EmailType, EmployeeNumber, ExternalId, LanguageTag, UserName,
};
pub use due::DueRule;
pub use email::{Email, ParseEmailError};
pub use enrolment_source::{EnrolmentSource, ParseEnrolmentSourceError};
pub use feedback::{FeedbackComment, FeedbackCommentError};
pub use language::{Language, ParseLanguageError};
pub use percent::{ParsePercentError, Percent};
pub use role::{ParseRoleError, Role};
pub use slug::{MAX_SLUG_LEN, ParseSlugError, Slug};
pub use year_month::{ParseYearMonthError, YearMonth};
