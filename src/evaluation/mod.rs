//! Evaluation: what the pre/post assessments show per course, department and year, with
//! small groups withheld, and the item analysis of a course's quizzes.
//!
//! Nothing here knows about the web or the database: the store hands over running sums
//! and counts, this module turns them into figures.

pub mod export;
pub mod items;
mod report;
pub mod stats;
mod suppress;

pub use items::{ItemCount, QuestionAnalysis};
pub use report::{Evaluation, KNOWLEDGE, Row, SumRow, form_measure};
pub use stats::{Measures, Sums};
pub use suppress::{Groups, Node, Period};

/// The default smallest group whose figures are shown.
pub const DEFAULT_MINIMUM_GROUP: u64 = 5;

#[cfg(test)]
mod tests;
