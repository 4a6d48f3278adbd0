//! `GET /api/v1/openapi.json`, generated from the handlers' annotations.

use actix_web::HttpResponse;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{assessment, auth, courses, feedback, hr_reports, learner, schema};

#[derive(OpenApi)]
#[openapi(
    info(title = "Bryggan API", description = "The learner's journey (courses, lessons, progress, quiz attempts, lesson feedback), trainers' course feedback, the courses webhook and HR's reports (figures per department, people, CSV export)."),
    paths(
        auth::token,
        learner::me,
        learner::enrolments,
        learner::outline,
        learner::enrol,
        learner::lesson,
        learner::mark_done,
        learner::submit_quiz,
        feedback::mine,
        feedback::give,
        feedback::course,
        courses::reload,
        assessment::get,
        assessment::submit,
        hr_reports::dashboard,
        hr_reports::people,
        hr_reports::export,
    ),
    components(schemas(
        schema::ErrorBody, schema::TokenRequest, schema::TokenResponse, schema::Me, schema::CourseSummary,
        schema::CourseOutline, schema::LessonOutline, schema::LessonView, schema::QuizView, schema::QuestionView,
        schema::OptionView, schema::AttemptRequest, schema::AttemptResult, schema::QuestionResultView,
        assessment::AssessmentView, assessment::AssessmentRequest, assessment::ChangeView,
        assessment::StatementView, assessment::StatementChange,
        hr_reports::DashboardBody, hr_reports::DepartmentFigures, hr_reports::DepartmentRef, hr_reports::CourseFigures,
        feedback::FeedbackRequest, feedback::FeedbackView, feedback::MyFeedback,
        feedback::LessonFeedbackFigures, feedback::CommentFigures, feedback::CourseFeedback,
        courses::Reloaded,
        hr_reports::PeopleBody, crate::reports::Counts, crate::reports::Status, crate::reports::export::PersonRow,
    )),
    modifiers(&BearerAuth, &CommonAnswers)
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
        components.add_security_scheme(
            "reload_token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The answers every operation of a kind can give, added to each so that none is left
/// out: 401 where a bearer token is needed, 400 and 413 where a JSON body is read.
struct CommonAnswers;

impl Modify for CommonAnswers {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{RefOr, ResponseBuilder, content::Content};
        let error = |description: &str| {
            RefOr::T(
                ResponseBuilder::new()
                    .description(description)
                    .content(
                        "application/json",
                        Content::new(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(
                            "ErrorBody",
                        )))),
                    )
                    .build(),
            )
        };
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                let answers = &mut operation.responses.responses;
                if operation.security.is_some() {
                    answers
                        .entry("401".into())
                        .or_insert_with(|| error("No valid bearer token"));
                }
                if operation.request_body.is_some() {
                    answers
                        .entry("400".into())
                        .or_insert_with(|| error("The body is not JSON of the documented shape"));
                    answers
                        .entry("413".into())
                        .or_insert_with(|| error("The body is larger than 64 KiB"));
                }
            }
        }
    }
}

pub async fn openapi() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}
