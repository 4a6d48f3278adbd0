//! "Was this helpful?" at the end of a lesson: one answer per person, lesson and course
//! version, which the person may change. Trainers read it without names.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::FeedbackComment;
use crate::store::feedback::{self, FeedbackRow, NewFeedback};

use super::{Learning, LearningError, LessonState};

/// A person's answer about a lesson.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LessonFeedback {
    pub helpful: bool,
    pub comment: Option<FeedbackComment>,
    pub given_at: DateTime<Utc>,
}

impl From<FeedbackRow> for LessonFeedback {
    fn from(row: FeedbackRow) -> Self {
        LessonFeedback {
            helpful: row.helpful,
            comment: row.comment,
            given_at: row.given_at,
        }
    }
}

/// What the person answers; the comment is already parsed by the caller.
#[derive(Debug, Clone)]
pub struct FeedbackAnswer {
    pub helpful: bool,
    pub comment: Option<FeedbackComment>,
}

impl Learning<'_> {
    /// Records (or changes) the person's answer about a lesson of the version they are on.
    pub async fn give_feedback(
        &self,
        user_id: i64,
        slug: &str,
        lesson: &str,
        answer: FeedbackAnswer,
        now: DateTime<Utc>,
    ) -> Result<LessonFeedback, LearningError> {
        let state = self.course_state(user_id, slug).await?;
        let enrolment = state.enrolment.as_ref().ok_or(LearningError::NotEnrolled)?;
        let lesson = state
            .course
            .lessons
            .iter()
            .find(|l| l.slug.as_str() == lesson)
            .ok_or(LearningError::LessonNotFound)?;
        feedback::give(
            self.db,
            NewFeedback {
                user_id,
                course_id: enrolment.course_id,
                course_version_id: enrolment.course_version_id,
                lesson_slug: lesson.slug.to_string(),
                helpful: answer.helpful,
                comment: answer.comment.clone(),
            },
            now,
        )
        .await?;
        self.cache.feedback.remove(&(
            user_id,
            enrolment.course_version_id,
            lesson.slug.to_string(),
        ));
        Ok(LessonFeedback {
            helpful: answer.helpful,
            comment: answer.comment,
            given_at: now,
        })
    }

    /// The person's answer about a lesson, if they gave one on the version they are on.
    pub async fn my_feedback(
        &self,
        user_id: i64,
        slug: &str,
        lesson: &str,
    ) -> Result<Option<LessonFeedback>, LearningError> {
        let state = self.course_state(user_id, slug).await?;
        let enrolment = state.enrolment.as_ref().ok_or(LearningError::NotEnrolled)?;
        if state.lesson_index(lesson).is_none() {
            return Err(LearningError::LessonNotFound);
        }
        Ok(
            feedback::mine(self.db, user_id, enrolment.course_version_id, lesson)
                .await?
                .map(LessonFeedback::from),
        )
    }

    /// The person's answer about the lesson they have open, for its page; kept like the rest
    /// of the journey, so that a lesson view stays free of queries when warm.
    pub async fn feedback_on(
        &self,
        state: &LessonState,
    ) -> Result<Option<LessonFeedback>, LearningError> {
        let Some(enrolment) = state.enrolment() else {
            return Ok(None);
        };
        let key = (
            enrolment.user_id,
            enrolment.course_version_id,
            state.lesson().slug.to_string(),
        );
        if let Some(known) = self.cache.feedback.get(&key) {
            return Ok(known);
        }
        let found = feedback::mine(self.db, key.0, key.1, &key.2)
            .await?
            .map(LessonFeedback::from);
        self.cache.feedback.insert(key, found.clone());
        Ok(found)
    }
}
