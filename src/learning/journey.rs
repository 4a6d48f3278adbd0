//! Enrolment, progress, grading and completion, each state change in one transaction.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, TransactionTrait};
use serde::Serialize;

use crate::course::{Course, Lesson};
use crate::domain::grading::{Answers, Grade, grade};
use crate::domain::{EnrolmentSource, Percent};
use crate::store::assessments;
use crate::store::courses::{self, CourseRow};
use crate::store::learning::{self, Attempt, Enrolment, NewAttempt, NewEnrolment};

use super::certify::{self, Certifier};
use super::{GradedOn, Learning, LearningCache, LearningError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    NotStarted,
    InProgress,
    Completed,
}

impl Status {
    fn of(enrolment: &Enrolment) -> Self {
        match (enrolment.started_at, enrolment.completed_at) {
            (_, Some(_)) => Status::Completed,
            (Some(_), None) => Status::InProgress,
            (None, None) => Status::NotStarted,
        }
    }
}

/// A course on the learner's "My courses" list.
#[derive(Debug, Clone)]
pub struct MyCourse {
    pub row: CourseRow,
    pub course: Arc<Course>,
    pub enrolment: Option<Enrolment>,
    pub lessons_done: usize,
    pub status: Option<Status>,
    pub due_date: Option<NaiveDate>,
}

/// A course page: the version the learner is on (or the current one) and their progress.
#[derive(Debug, Clone)]
pub struct CourseState {
    pub row: CourseRow,
    pub course: Arc<Course>,
    pub enrolment: Option<Enrolment>,
    pub done: BTreeSet<String>,
}

impl CourseState {
    pub fn status(&self) -> Option<Status> {
        self.enrolment.as_ref().map(Status::of)
    }

    pub fn lesson_index(&self, slug: &str) -> Option<usize> {
        self.course
            .lessons
            .iter()
            .position(|l| l.slug.as_str() == slug)
    }
}

/// Drops what this process keeps about an enrolment after changing it.
fn forget(cache: &LearningCache, enrolment: &Enrolment) {
    cache
        .enrolments
        .remove(&(enrolment.user_id, enrolment.course_id));
    cache.progress.remove(&enrolment.id);
}

/// A lesson page: the course state, the lesson's index and the quiz attempts so far.
#[derive(Debug, Clone)]
pub struct LessonState {
    pub course: CourseState,
    pub index: usize,
    pub attempts: Vec<Attempt>,
}

impl LessonState {
    pub fn lesson(&self) -> &Lesson {
        &self.course.course.lessons[self.index]
    }

    pub fn enrolment(&self) -> Option<&Enrolment> {
        self.course.enrolment.as_ref()
    }
}

#[derive(Debug, Clone)]
pub struct Submitted {
    pub attempt: Attempt,
    pub grade: Grade,
    pub pass_mark: Percent,
    /// The version graded against, for showing the result without reading it again.
    pub graded_on: GradedOn,
}

/// What a learner sends for a quiz. `attempt_number` is the number the form was shown
/// for: a second submit of the same form finds it taken and changes nothing.
#[derive(Debug, Clone, Copy)]
pub struct QuizSubmission<'a> {
    pub slug: &'a str,
    pub lesson: &'a str,
    pub answers: &'a Answers,
    pub attempt_number: i32,
}

/// Marks `lesson` done, then completes the enrolment when every lesson is done (quizzes
/// count as done once passed), in the caller's transaction.
async fn finish_lesson(
    db: &(impl ConnectionTrait + sea_orm::TransactionTrait),
    certifier: &Certifier<'_>,
    course: &Course,
    enrolment_id: i64,
    lesson: &str,
    now: DateTime<Utc>,
) -> Result<(), LearningError> {
    learning::mark_lesson_done(db, enrolment_id, lesson, now).await?;
    let done: BTreeSet<String> = learning::lessons_done(db, vec![enrolment_id])
        .await?
        .into_iter()
        .map(|(_, s)| s)
        .collect();
    if course
        .lessons
        .iter()
        .all(|l| done.contains(l.slug.as_str()))
        && super::complete_enrolment(db, enrolment_id, now).await?
    {
        certify::issue(db, certifier, course, enrolment_id, now).await?;
        if let Some(translation) = &course.translation {
            complete_translation(db, enrolment_id, translation.as_str(), now).await?;
        }
    }
    Ok(())
}

/// Completing a course counts for its translation: an open enrolment there (say, from
/// an assignment of the Swedish course to someone who took the English one) is completed
/// too, in the same transaction. Its certificate is the one just issued.
async fn complete_translation(
    db: &(impl ConnectionTrait + sea_orm::TransactionTrait),
    enrolment_id: i64,
    translation: &str,
    now: DateTime<Utc>,
) -> Result<(), LearningError> {
    let Some(done) = learning::find_enrolment(db, enrolment_id).await? else {
        return Ok(());
    };
    let Some(other) = courses::find_by_slug(db, translation).await? else {
        return Ok(());
    };
    if let Some(open) = learning::enrolment(db, done.user_id, other.id).await?
        && open.is_current
        && open.completed_at.is_none()
    {
        super::complete_enrolment(db, open.id, now).await?;
    }
    Ok(())
}

impl Learning<'_> {
    /// The user's enrolled courses (assigned first, by due date) and then the rest of the
    /// catalogue. A fixed number of queries whatever the number of courses.
    pub async fn my_courses(&self, user_id: i64) -> Result<Vec<MyCourse>, LearningError> {
        let enrolments = learning::enrolments_of(self.db, user_id).await?;
        let done =
            learning::lessons_done(self.db, enrolments.iter().map(|e| e.id).collect()).await?;
        let mut rows = courses::published(self.db).await?;
        let enrolled_ids: Vec<i64> = enrolments.iter().map(|e| e.course_id).collect();
        let missing: Vec<i64> = enrolled_ids
            .iter()
            .copied()
            .filter(|id| !rows.iter().any(|r| r.id == *id))
            .collect();
        if !missing.is_empty() {
            // Courses withdrawn from the catalogue stay on the list of those enrolled in them.
            rows.extend(courses::by_ids(self.db, missing).await?);
        }
        let mut list = Vec::new();
        for row in rows {
            let enrolment = enrolments
                .iter()
                .filter(|e| e.course_id == row.id)
                .max_by_key(|e| e.cycle)
                .cloned();
            let version = match (&enrolment, row.current_version_id) {
                (Some(e), _) => e.course_version_id,
                (None, Some(v)) => v,
                (None, None) => continue,
            };
            let course = self.cache.version(self.db, version).await?;
            let lessons_done = enrolment
                .as_ref()
                .map_or(0, |e| done.iter().filter(|(id, _)| *id == e.id).count());
            list.push(MyCourse {
                status: enrolment.as_ref().map(Status::of),
                due_date: enrolment.as_ref().and_then(|e| e.due_date),
                row,
                course,
                enrolment,
                lessons_done,
            });
        }
        list.sort_by_key(|c| {
            (
                c.enrolment.is_none(),
                c.due_date.is_none(),
                c.due_date,
                c.row.title.clone(),
            )
        });
        Ok(list)
    }

    pub async fn course_state(
        &self,
        user_id: i64,
        slug: &str,
    ) -> Result<CourseState, LearningError> {
        let row = match self.cache.courses.get(&slug.to_owned()) {
            Some(row) => row,
            None => {
                let row = courses::find_by_slug(self.db, slug)
                    .await?
                    .ok_or(LearningError::CourseNotFound)?;
                self.cache.courses.insert(slug.to_owned(), row.clone());
                row
            }
        };
        let enrolment = match self.cache.enrolments.get(&(user_id, row.id)) {
            Some(e) => Some(e),
            None => {
                let found = learning::enrolment(self.db, user_id, row.id).await?;
                if let Some(e) = &found {
                    self.cache.enrolments.insert((user_id, row.id), e.clone());
                }
                found
            }
        };
        // A withdrawn course is visible only to those enrolled in it.
        if enrolment.is_none() && !row.published {
            return Err(LearningError::CourseNotFound);
        }
        let version = match (&enrolment, row.current_version_id) {
            (Some(e), _) => e.course_version_id,
            (None, Some(v)) => v,
            (None, None) => return Err(LearningError::CourseNotFound),
        };
        let course = self.cache.version(self.db, version).await?;
        let done = match &enrolment {
            Some(e) => match self.cache.progress.get(&e.id) {
                Some(done) => done,
                None => {
                    let done: BTreeSet<String> = learning::lessons_done(self.db, vec![e.id])
                        .await?
                        .into_iter()
                        .map(|(_, s)| s)
                        .collect();
                    self.cache.progress.insert(e.id, done.clone());
                    done
                }
            },
            None => BTreeSet::new(),
        };
        Ok(CourseState {
            row,
            course,
            enrolment,
            done,
        })
    }

    /// Self-enrolment on the current version; enrolling twice returns the first enrolment.
    pub async fn enrol(
        &self,
        user_id: i64,
        slug: &str,
        now: DateTime<Utc>,
    ) -> Result<Enrolment, LearningError> {
        let row = courses::find_by_slug(self.db, slug)
            .await?
            .ok_or(LearningError::CourseNotFound)?;
        let version = row
            .current_version_id
            .filter(|_| row.published)
            .ok_or(LearningError::CourseNotFound)?;
        let new = NewEnrolment {
            user_id,
            course_id: row.id,
            version_id: version,
            cycle: 1,
            source: EnrolmentSource::SelfEnrolled,
            due_date: None,
            assignment_id: None,
        };
        Ok(super::enrol_on(self.db, new, now).await?)
    }

    /// Opens a lesson for an enrolled learner and records that they have started the course.
    pub async fn open_lesson(
        &self,
        user_id: i64,
        slug: &str,
        lesson: &str,
        now: DateTime<Utc>,
    ) -> Result<LessonState, LearningError> {
        let course = self.course_state(user_id, slug).await?;
        let enrolment = course.enrolment.clone().ok_or(LearningError::NotEnrolled)?;
        let index = course
            .lesson_index(lesson)
            .ok_or(LearningError::LessonNotFound)?;
        if self.before_is_due(&course).await? {
            return Err(LearningError::AssessmentFirst);
        }
        if enrolment.started_at.is_none() {
            super::start_enrolment(self.db, &enrolment, now).await?;
            forget(self.cache, &enrolment);
        }
        // Only a quiz page shows attempts: a text lesson costs one query less.
        let attempts = if course.course.lessons[index].quiz().is_some() {
            learning::attempts(self.db, enrolment.id, lesson).await?
        } else {
            Vec::new()
        };
        Ok(LessonState {
            course,
            index,
            attempts,
        })
    }

    pub async fn mark_lesson_done(
        &self,
        user_id: i64,
        slug: &str,
        lesson: &str,
        now: DateTime<Utc>,
    ) -> Result<CourseState, LearningError> {
        let state = self.open_lesson(user_id, slug, lesson, now).await?;
        if state.lesson().quiz().is_some() {
            // A quiz is done by passing it, not by saying so.
            return Err(LearningError::NotAQuiz);
        }
        let enrolment_id = state
            .course
            .enrolment
            .as_ref()
            .map(|e| e.id)
            .ok_or(LearningError::NotEnrolled)?;
        let txn = self.db.begin().await?;
        let course = &state.course.course;
        finish_lesson(&txn, &self.certifier, course, enrolment_id, lesson, now).await?;
        txn.commit().await?;
        if let Some(enrolment) = &state.course.enrolment {
            forget(self.cache, enrolment);
        }
        self.course_state(user_id, slug).await
    }

    /// Grades and stores a quiz attempt; passing marks the quiz done and may complete the course.
    pub async fn submit_quiz(
        &self,
        user_id: i64,
        submission: QuizSubmission<'_>,
        now: DateTime<Utc>,
    ) -> Result<Submitted, LearningError> {
        let QuizSubmission {
            slug,
            lesson,
            answers,
            attempt_number,
        } = submission;
        let state = self.open_lesson(user_id, slug, lesson, now).await?;
        let quiz = state.lesson().quiz().ok_or(LearningError::NotAQuiz)?;
        let pass_mark = state.course.course.pass_mark;
        let grade = grade(quiz, answers, pass_mark)?;
        let expected = state.attempts.len() as i32 + 1;
        if attempt_number != expected {
            return Err(LearningError::AlreadySubmitted);
        }
        let enrolment_id = state
            .enrolment()
            .map(|e| e.id)
            .ok_or(LearningError::NotEnrolled)?;
        let answers_json = serde_json::to_string(answers)
            .map_err(|e| crate::store::StoreError::Corrupt(e.to_string()))?;
        let txn = self.db.begin().await?;
        let new = NewAttempt {
            enrolment_id,
            lesson,
            number: attempt_number,
            answers_json,
            score: i32::from(grade.score.value()),
            passed: grade.passed,
        };
        let Some(attempt) = learning::insert_attempt(&txn, new, now).await? else {
            return Err(LearningError::AlreadySubmitted);
        };
        if attempt_number == 1 {
            // The item analysis reads first attempts only: later ones follow the feedback.
            let chosen: Vec<(&str, Vec<&str>)> = answers
                .iter()
                .map(|(q, options)| (q.as_str(), options.iter().map(String::as_str).collect()))
                .collect();
            let course_id = state.course.row.id;
            assessments::count_first_attempt(&txn, course_id, lesson, &chosen, grade.passed)
                .await?;
        }
        if grade.passed {
            let course = &state.course.course;
            finish_lesson(&txn, &self.certifier, course, enrolment_id, lesson, now).await?;
        }
        txn.commit().await?;
        if let Some(enrolment) = state.enrolment() {
            forget(self.cache, enrolment);
        }
        Ok(Submitted {
            attempt,
            grade,
            pass_mark,
            graded_on: GradedOn {
                course: Arc::clone(&state.course.course),
                lesson_index: state.index,
            },
        })
    }
}
