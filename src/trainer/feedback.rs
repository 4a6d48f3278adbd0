//! What trainers read of learners' feedback: the share who found each lesson helpful,
//! withheld below the minimum group, and the comments without names, newest first.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;

use crate::course::Course;
use crate::domain::FeedbackComment;
use crate::store::{StoreError, feedback};

use super::COMMENTS_SHOWN;

#[derive(Debug, Clone, PartialEq)]
pub struct LessonFigure {
    pub slug: String,
    pub title: String,
    pub answers: u64,
    /// The share (0–1) who answered yes; `None` below the minimum group.
    pub helpful: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CommentView {
    pub lesson_title: String,
    /// The number of the course version the learner read.
    pub version: Option<usize>,
    pub helpful: bool,
    pub text: FeedbackComment,
    pub given_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedbackReport {
    /// The current version's lessons, in order.
    pub lessons: Vec<LessonFigure>,
    pub comments: Vec<CommentView>,
    /// Comments in all, of which the newest [`COMMENTS_SHOWN`] are listed.
    pub comments_total: u64,
}

/// `versions`: each version's number within the course, by id.
pub async fn report(
    db: &impl ConnectionTrait,
    course_id: i64,
    course: &Course,
    versions: &HashMap<i64, usize>,
    minimum: u64,
) -> Result<FeedbackReport, StoreError> {
    let tallies: HashMap<String, feedback::LessonTally> = feedback::tallies(db, course_id)
        .await?
        .into_iter()
        .map(|t| (t.lesson_slug.clone(), t))
        .collect();
    let lessons = course
        .lessons
        .iter()
        .map(|lesson| {
            let (answers, helpful) = tallies.get(lesson.slug.as_str()).map_or((0, 0), |t| {
                (non_negative(t.answers), non_negative(t.helpful))
            });
            LessonFigure {
                slug: lesson.slug.to_string(),
                title: lesson.title.clone(),
                answers,
                helpful: (answers >= minimum.max(1)).then(|| helpful as f64 / answers as f64),
            }
        })
        .collect();
    let (rows, comments_total) = feedback::comments(db, course_id, COMMENTS_SHOWN).await?;
    let title_of = |slug: &str| {
        course
            .lessons
            .iter()
            .find(|l| l.slug.as_str() == slug)
            .map_or_else(|| slug.to_owned(), |l| l.title.clone())
    };
    let comments = rows
        .into_iter()
        .filter_map(|row| {
            Some(CommentView {
                lesson_title: title_of(&row.lesson_slug),
                version: versions.get(&row.course_version_id).copied(),
                helpful: row.helpful,
                text: row.comment?,
                given_at: row.given_at,
            })
        })
        .collect();
    Ok(FeedbackReport {
        lessons,
        comments,
        comments_total,
    })
}

fn non_negative(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}
