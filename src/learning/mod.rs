//! The learner's journey: enrolling, reading lessons, taking quizzes, completing a course.
//!
//! The rules live here; the web layer only parses requests and renders what these return.

pub mod assessment;
mod cache;
pub mod certify;
mod enrolment_changes;
mod feedback;
mod handle;
mod journey;
mod review;
mod standing;

pub use assessment::{AssessmentAnswers, AssessmentState, Phase, RatingError, unrated};
pub use cache::LearningCache;
pub use certify::Certifier;
pub use enrolment_changes::{complete_enrolment, enrol_on, start_enrolment};
pub use feedback::{FeedbackAnswer, LessonFeedback};
pub use handle::Learning;
pub use journey::{CourseState, LessonState, MyCourse, QuizSubmission, Status, Submitted};
pub use review::{GradedOn, OptionReview, QuestionReview, review};
pub use standing::Standing;

use crate::domain::grading::AnswerError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum LearningError {
    #[error("there is no such course")]
    CourseNotFound,
    #[error("the course has no such lesson")]
    LessonNotFound,
    #[error("you are not enrolled in this course")]
    NotEnrolled,
    #[error("this lesson is not a quiz")]
    NotAQuiz,
    #[error("these answers do not fit the quiz: {0}")]
    Answers(#[from] AnswerError),
    #[error("this attempt was already submitted")]
    AlreadySubmitted,
    #[error("this course has no assessment")]
    NoAssessment,
    #[error("{0}")]
    AssessmentClosed(#[from] assessment::Closed),
    #[error("the course starts with a short assessment, before the first lesson")]
    AssessmentFirst,
    #[error("these ratings do not fit the assessment: {0}")]
    Ratings(#[from] assessment::RatingError),
    #[error("the email cannot be written")]
    Email(#[source] Box<crate::mail::templates::EmailTemplateError>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sea_orm::DbErr> for LearningError {
    fn from(err: sea_orm::DbErr) -> Self {
        LearningError::Store(err.into())
    }
}
