//! `GET /api/v1/openapi.json`, generated from the handlers' annotations.

use actix_web::HttpResponse;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{assessment, auth, learner, reports, schema};

#[derive(OpenApi)]
#[openapi(
    info(title = "Bryggan API", description = "The learner's journey (courses, lessons, progress, quiz attempts) and HR's reports (figures per department, people, CSV export)."),
    paths(
        auth::token,
        learner::me,
        learner::enrolments,
        learner::outline,
        learner::enrol,
        learner::lesson,
        learner::mark_done,
        learner::submit_quiz,
        assessment::get,
        assessment::submit,
        reports::dashboard,
        reports::people,
        reports::export,
    ),
    components(schemas(
        schema::ErrorBody, schema::TokenRequest, schema::TokenResponse, schema::Me, schema::CourseSummary,
        schema::CourseOutline, schema::LessonOutline, schema::LessonView, schema::QuizView, schema::QuestionView,
        schema::OptionView, schema::AttemptRequest, schema::AttemptResult, schema::QuestionResultView,
        assessment::AssessmentView, assessment::AssessmentRequest, assessment::ChangeView,
        assessment::StatementView, assessment::StatementChange,
        reports::DashboardBody, reports::DepartmentFigures, reports::DepartmentRef, reports::CourseFigures,
        reports::PeopleBody, crate::reports::Counts, crate::reports::Status, crate::reports::export::PersonRow,
    )),
    modifiers(&BearerAuth)
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
    }
}

pub async fn openapi() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}
