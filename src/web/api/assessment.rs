//! The assessment before and after a course as JSON, for apps: what is open, the
//! questions and statements without answers, sending them, and the learner's own change.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, web};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::learning::{self, AssessmentAnswers, AssessmentState, Phase};
use crate::web::AppState;
use crate::web::error::{ApiError, WebError};
use crate::web::session::ApiUser;

use super::learner::{answers_of, questions_view};
use super::schema::{ErrorBody, QuestionView};

#[derive(Debug, Serialize, ToSchema)]
pub struct StatementView {
    pub id: String,
    pub html: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StatementChange {
    pub id: String,
    pub before: u8,
    pub after: u8,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeView {
    /// The knowledge score (0–100) before and after, when the assessment has questions.
    pub knowledge: Option<[f64; 2]>,
    pub statements: Vec<StatementChange>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AssessmentView {
    /// `before` or `after`: the part to answer now; null when none is open.
    pub open: Option<&'static str>,
    /// Why nothing is open, when nothing is and there is no change to show yet.
    pub closed_reason: Option<String>,
    /// The knowledge questions of the open part, without their answers.
    pub questions: Vec<QuestionView>,
    /// The labels of the scale, from 1 up.
    pub scale: Vec<String>,
    pub statements: Vec<StatementView>,
    /// The learner's own change, once both parts are answered.
    pub change: Option<ChangeView>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AssessmentRequest {
    /// Option ids chosen per question id.
    #[serde(default)]
    pub answers: BTreeMap<String, Vec<String>>,
    /// The point chosen per statement id, from 1 to the number of points.
    #[serde(default)]
    pub ratings: BTreeMap<String, i64>,
}

fn view(s: &AssessmentState) -> AssessmentView {
    let open = s.open();
    let rated = s.self_assessment();
    let change = s.change().map(|c| ChangeView {
        knowledge: c.knowledge.map(|(b, a)| [b, a]),
        statements: c
            .statements
            .iter()
            .map(|st| StatementChange {
                id: st.id.clone(),
                before: st.before,
                after: st.after,
            })
            .collect(),
    });
    let closed_reason = (open.is_none() && change.is_none())
        .then(|| {
            [Phase::After, Phase::Before]
                .into_iter()
                .find_map(|p| s.check_open(p).err())
                .map(|e| e.to_string())
        })
        .flatten();
    AssessmentView {
        open: open.map(Phase::slug),
        closed_reason,
        questions: open
            .and_then(|p| s.form(p))
            .map(|(_, quiz)| questions_view(quiz))
            .unwrap_or_default(),
        scale: rated.map(|r| r.scale.clone()).unwrap_or_default(),
        statements: rated
            .map(|r| {
                r.statements
                    .iter()
                    .map(|st| StatementView {
                        id: st.id.to_string(),
                        html: st.html.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        change,
    }
}

#[utoipa::path(get, path = "/api/v1/courses/{slug}/assessment", tag = "learner", security(("bearer" = [])),
    params(("slug" = String, Path)),
    responses(
        (status = 200, body = AssessmentView),
        (status = 403, description = "Not enrolled", body = ErrorBody),
        (status = 404, description = "No such course, or it has no assessment", body = ErrorBody),
    ))]
pub async fn get(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let s = state
        .learning()
        .assessment_state(user.0.id(), &path)
        .await?;
    if s.course.enrolment.is_none() {
        return Err(learning::LearningError::NotEnrolled.into());
    }
    Ok(HttpResponse::Ok().json(view(&s)))
}

#[utoipa::path(post, path = "/api/v1/courses/{slug}/assessment/{phase}", tag = "learner", security(("bearer" = [])),
    params(("slug" = String, Path), ("phase" = String, Path, description = "`before` or `after`")),
    request_body = AssessmentRequest,
    responses(
        (status = 201, description = "Stored; the state after it", body = AssessmentView),
        (status = 400, description = "Answers or ratings that do not fit", body = ErrorBody),
        (status = 403, description = "Not enrolled", body = ErrorBody),
        (status = 404, description = "No such course, it has no assessment, or the phase is not `before` or `after`", body = ErrorBody),
        (status = 409, description = "Already answered, or not open now", body = ErrorBody),
    ))]
pub async fn submit(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(String, String)>,
    body: web::Json<AssessmentRequest>,
) -> Result<HttpResponse, ApiError> {
    let (slug, phase) = path.into_inner();
    let phase = Phase::parse(&phase).ok_or(ApiError(WebError::NotFound))?;
    let body = body.into_inner();
    let submitted = AssessmentAnswers {
        answers: answers_of(body.answers),
        ratings: body
            .ratings
            .into_iter()
            .map(|(id, value)| (id, value.to_string()))
            .collect(),
    };
    let s = state
        .learning()
        .submit_assessment(user.0.id(), &slug, phase, &submitted, Utc::now())
        .await?;
    Ok(HttpResponse::Created().json(view(&s)))
}
