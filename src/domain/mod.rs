//! Domain types shared by every layer: values that are valid by construction.
//!
//! Nothing here knows about the web, the database or the file system.

mod language;
mod percent;
mod slug;

pub use language::{Language, ParseLanguageError};
pub use percent::{ParsePercentError, Percent};
pub use slug::{ParseSlugError, Slug};
