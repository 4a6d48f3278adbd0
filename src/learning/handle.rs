//! The learner's journey as one handle, built once per request from the application's
//! state, so callers name what they do and not the connection, cache and certifier each
//! step needs (the model is lldap's backend handler and loco's context).

use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

use super::{
    AssessmentAnswers, AssessmentState, Certifier, CourseState, FeedbackAnswer, LearningCache,
    LearningError, LessonFeedback, LessonState, MyCourse, Phase, QuizSubmission, Submitted,
};
use crate::store::learning::Enrolment;

pub struct Learning<'a> {
    pub db: &'a DatabaseConnection,
    pub cache: &'a LearningCache,
    pub certifier: Certifier<'a>,
}

impl Learning<'_> {
    /// The person's enrolled courses, then the rest of the catalogue.
    pub async fn my_courses(&self, user_id: i64) -> Result<Vec<MyCourse>, LearningError> {
        super::my_courses(self.db, self.cache, user_id).await
    }

    pub async fn course_state(
        &self,
        user_id: i64,
        slug: &str,
    ) -> Result<CourseState, LearningError> {
        super::course_state(self.db, self.cache, user_id, slug).await
    }

    pub async fn enrol(
        &self,
        user_id: i64,
        slug: &str,
        now: DateTime<Utc>,
    ) -> Result<Enrolment, LearningError> {
        super::enrol(self.db, user_id, slug, now).await
    }

    /// Opens a lesson and records that the person has started the course.
    pub async fn open_lesson(
        &self,
        user_id: i64,
        slug: &str,
        lesson: &str,
        now: DateTime<Utc>,
    ) -> Result<LessonState, LearningError> {
        super::open_lesson(self.db, self.cache, user_id, slug, lesson, now).await
    }

    pub async fn mark_lesson_done(
        &self,
        user_id: i64,
        slug: &str,
        lesson: &str,
        now: DateTime<Utc>,
    ) -> Result<CourseState, LearningError> {
        super::mark_lesson_done(
            self.db,
            self.cache,
            &self.certifier,
            user_id,
            slug,
            lesson,
            now,
        )
        .await
    }

    /// Grades and stores an attempt; completes the course and issues its certificate when
    /// it was the last lesson.
    pub async fn submit_quiz(
        &self,
        user_id: i64,
        submission: QuizSubmission<'_>,
        now: DateTime<Utc>,
    ) -> Result<Submitted, LearningError> {
        super::submit_quiz(
            self.db,
            self.cache,
            &self.certifier,
            user_id,
            submission,
            now,
        )
        .await
    }

    pub async fn assessment_state(
        &self,
        user_id: i64,
        slug: &str,
    ) -> Result<AssessmentState, LearningError> {
        super::assessment_state(self.db, self.cache, user_id, slug).await
    }

    /// The assessment of a course state already read.
    pub async fn assessment_of(
        &self,
        course: CourseState,
    ) -> Result<AssessmentState, LearningError> {
        super::assessment_of(self.db, course).await
    }

    pub async fn submit_assessment(
        &self,
        user_id: i64,
        slug: &str,
        phase: Phase,
        submitted: &AssessmentAnswers,
        now: DateTime<Utc>,
    ) -> Result<AssessmentState, LearningError> {
        super::submit_assessment(self.db, self.cache, user_id, slug, phase, submitted, now).await
    }

    /// The person's answer to "was this helpful?" for the lesson open in `state`.
    pub async fn feedback_on(
        &self,
        state: &LessonState,
    ) -> Result<Option<LessonFeedback>, LearningError> {
        super::feedback_on(self.db, self.cache, state).await
    }

    pub async fn my_feedback(
        &self,
        user_id: i64,
        slug: &str,
        lesson: &str,
    ) -> Result<Option<LessonFeedback>, LearningError> {
        super::my_feedback(self.db, self.cache, user_id, slug, lesson).await
    }

    pub async fn give_feedback(
        &self,
        user_id: i64,
        slug: &str,
        lesson: &str,
        answer: FeedbackAnswer,
        now: DateTime<Utc>,
    ) -> Result<LessonFeedback, LearningError> {
        super::give_feedback(self.db, self.cache, user_id, slug, lesson, answer, now).await
    }
}
