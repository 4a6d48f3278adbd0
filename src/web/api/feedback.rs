//! Lesson feedback as JSON: a learner's own answer to "was this helpful?", and for trainers
//! a course's figures per lesson and its comments, without names.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::{FeedbackComment, FeedbackCommentError, Role};
use crate::learning::{FeedbackAnswer, LessonFeedback};
use crate::web::AppState;
use crate::web::error::{ApiError, WebError};
use crate::web::session::ApiUser;

use super::schema::ErrorBody;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedbackRequest {
    /// Was the lesson helpful?
    pub helpful: bool,
    /// Plain text, at most 1000 characters; empty or left out: no comment.
    pub comment: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FeedbackView {
    pub helpful: bool,
    pub comment: Option<String>,
    pub given_at: DateTime<Utc>,
}

/// The person's answer about the lesson, if they gave one on the version they are on.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyFeedback {
    pub feedback: Option<FeedbackView>,
}

impl From<LessonFeedback> for FeedbackView {
    fn from(f: LessonFeedback) -> Self {
        FeedbackView {
            helpful: f.helpful,
            comment: f.comment.map(|c| c.as_str().to_owned()),
            given_at: f.given_at,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/courses/{slug}/lessons/{lesson}/feedback", tag = "learner", security(("bearer" = [])),
    params(("slug" = String, Path), ("lesson" = String, Path)),
    responses((status = 200, body = MyFeedback), (status = 403, description = "Not enrolled", body = ErrorBody),
        (status = 404, description = "No such course or lesson", body = ErrorBody)))]
pub async fn mine(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (slug, lesson) = path.into_inner();
    let found = state
        .learning()
        .my_feedback(user.0.id(), &slug, &lesson)
        .await?;
    Ok(HttpResponse::Ok().json(MyFeedback {
        feedback: found.map(FeedbackView::from),
    }))
}

#[utoipa::path(put, path = "/api/v1/courses/{slug}/lessons/{lesson}/feedback", tag = "learner", security(("bearer" = [])),
    params(("slug" = String, Path), ("lesson" = String, Path)),
    request_body = FeedbackRequest,
    responses((status = 200, description = "Stored, replacing any earlier answer about this lesson", body = FeedbackView),
        (status = 400, description = "The comment is longer than 1000 characters", body = ErrorBody),
        (status = 403, description = "Not enrolled", body = ErrorBody), (status = 404, description = "No such course or lesson", body = ErrorBody)))]
pub async fn give(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(String, String)>,
    body: web::Json<FeedbackRequest>,
) -> Result<HttpResponse, ApiError> {
    let (slug, lesson) = path.into_inner();
    let body = body.into_inner();
    let comment = FeedbackComment::optional(body.comment.as_deref()).map_err(|err| match err {
        FeedbackCommentError::TooLong(n) => ApiError(WebError::BadRequest(format!(
            "The comment is {n} characters long; at most {} are accepted.",
            FeedbackComment::MAX_CHARS
        ))),
        FeedbackCommentError::Empty => ApiError(WebError::BadRequest(err.to_string())),
    })?;
    let answer = FeedbackAnswer {
        helpful: body.helpful,
        comment,
    };
    let given = state
        .learning()
        .give_feedback(user.0.id(), &slug, &lesson, answer, Utc::now())
        .await?;
    Ok(HttpResponse::Ok().json(FeedbackView::from(given)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LessonFeedbackFigures {
    pub lesson: String,
    pub title: String,
    pub answers: u64,
    /// The share (0–1) who found it helpful; null below the minimum group.
    pub helpful_share: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CommentFigures {
    pub lesson_title: String,
    /// The number of the course version the learner read, from 1.
    pub version: Option<usize>,
    pub helpful: bool,
    pub comment: String,
    pub given_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CourseFeedback {
    pub course: String,
    pub minimum_group: u64,
    /// The published version's lessons, in order.
    pub lessons: Vec<LessonFeedbackFigures>,
    /// The newest comments, without names.
    pub comments: Vec<CommentFigures>,
    pub comments_total: u64,
}

#[utoipa::path(get, path = "/api/v1/trainer/courses/{slug}/feedback", tag = "trainer", security(("bearer" = [])),
    params(("slug" = String, Path)),
    responses((status = 200, body = CourseFeedback), (status = 403, description = "Not a trainer or administrator", body = ErrorBody),
        (status = 404, description = "No such course", body = ErrorBody)))]
pub async fn course(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    if !matches!(user.0.role, Role::Trainer | Role::Admin) {
        return Err(ApiError(WebError::Forbidden(
            "Course feedback is for trainers and administrators.".into(),
        )));
    }
    let found = state.workspace_course(&path, &user.0.user.email).await?;
    let feedback = found.feedback;
    Ok(HttpResponse::Ok().json(CourseFeedback {
        course: found.summary.slug,
        minimum_group: found.minimum,
        lessons: feedback
            .lessons
            .into_iter()
            .map(|l| LessonFeedbackFigures {
                lesson: l.slug,
                title: l.title,
                answers: l.answers,
                helpful_share: l.helpful,
            })
            .collect(),
        comments: feedback
            .comments
            .into_iter()
            .map(|c| CommentFigures {
                lesson_title: c.lesson_title,
                version: c.version,
                helpful: c.helpful,
                comment: c.text.as_str().to_owned(),
                given_at: c.given_at,
            })
            .collect(),
        comments_total: feedback.comments_total,
    }))
}
