//! HR reports as JSON: the same figures as the dashboard and the people view, with the
//! same role and department-scope checks, and the CSV export.

use actix_web::{HttpResponse, web};
use chrono::Utc;
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

use crate::reports::export::PersonRow;
use crate::reports::{Counts, RawFilter, Status};
use crate::web::AppState;
use crate::web::error::ApiError;
use crate::web::later_query::LaterQuery;
use crate::web::session::{ApiReport, ApiUser};

/// The report filter; every parameter is optional.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ReportQuery {
    /// A department id; default: the viewer's whole scope.
    #[param(minimum = 1)]
    department: Option<i64>,
    /// A course id (its folder name).
    course: Option<String>,
    /// `completed`, `in_progress`, `not_started` or `overdue`.
    status: Option<Status>,
    /// Due on or after, YYYY-MM-DD.
    due_from: Option<String>,
    /// Due on or before, YYYY-MM-DD.
    due_to: Option<String>,
    /// From 1 (people only).
    #[param(minimum = 1, maximum = 100000)]
    page: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DepartmentRef {
    pub id: i64,
    pub name: String,
    pub path: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DepartmentFigures {
    pub department: DepartmentRef,
    pub counts: Counts,
    /// Completed of enrolled, in whole per cent, rounded down.
    pub completion_rate: u8,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CourseFigures {
    pub course: String,
    pub title: String,
    pub counts: Counts,
    pub completion_rate: u8,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DashboardBody {
    /// `null`: the whole organisation.
    pub department: Option<DepartmentRef>,
    pub counts: Counts,
    pub completion_rate: u8,
    /// People placed directly in this department (at the top: without a department).
    pub direct: Counts,
    pub departments: Vec<DepartmentFigures>,
    pub courses: Vec<CourseFigures>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PeopleBody {
    pub page: u32,
    pub has_next: bool,
    pub people: Vec<PersonRow>,
}

fn department_ref(d: &crate::reports::Department) -> DepartmentRef {
    DepartmentRef {
        id: d.id,
        name: d.name.clone(),
        path: d.path.clone(),
    }
}

#[utoipa::path(get, path = "/api/v1/reports/dashboard", tag = "reports", security(("bearer" = [])),
    params(ReportQuery),
    responses((status = 200, body = DashboardBody), (status = 400, description = "A filter that cannot be read", body = crate::web::api::schema::ErrorBody),
        (status = 401, body = crate::web::api::schema::ErrorBody), (status = 403, description = "Not HR, or a department outside the viewer's scope", body = crate::web::api::schema::ErrorBody),
        (status = 404, description = "No such department", body = crate::web::api::schema::ErrorBody)))]
pub async fn dashboard(
    state: web::Data<AppState>,
    asked: ApiReport,
) -> Result<HttpResponse, ApiError> {
    let today = Utc::now().date_naive();
    let report = state
        .hr(&asked.viewer)
        .dashboard(asked.filter, today)
        .await?;
    let (context, summary) = (&report.context, &report.summary);
    let body = DashboardBody {
        department: context.department().map(department_ref),
        counts: summary.total,
        completion_rate: summary.total.rate().value(),
        direct: summary.direct,
        departments: summary
            .children
            .iter()
            .map(|(d, c)| DepartmentFigures {
                department: department_ref(d),
                counts: *c,
                completion_rate: c.rate().value(),
            })
            .collect(),
        courses: summary
            .courses
            .iter()
            .map(|(id, c)| {
                let (slug, title) = context.course_slug(*id);
                CourseFigures {
                    course: slug.to_owned(),
                    title: title.to_owned(),
                    counts: *c,
                    completion_rate: c.rate().value(),
                }
            })
            .collect(),
    };
    Ok(HttpResponse::Ok().json(body))
}

#[utoipa::path(get, path = "/api/v1/reports/people", tag = "reports", security(("bearer" = [])),
    params(ReportQuery),
    responses((status = 200, body = PeopleBody), (status = 400, description = "A filter that cannot be read", body = crate::web::api::schema::ErrorBody),
        (status = 401, body = crate::web::api::schema::ErrorBody), (status = 403, description = "Not HR, or a department outside the viewer's scope", body = crate::web::api::schema::ErrorBody),
        (status = 404, description = "No such department", body = crate::web::api::schema::ErrorBody)))]
pub async fn people(
    state: web::Data<AppState>,
    asked: ApiReport,
) -> Result<HttpResponse, ApiError> {
    let today = Utc::now().date_naive();
    let page = state.hr(&asked.viewer).people(asked.filter, today).await?;
    Ok(HttpResponse::Ok().json(PeopleBody {
        page: page.context.filter.page,
        has_next: page.has_next,
        people: page.rows,
    }))
}

#[utoipa::path(get, path = "/api/v1/reports/export.csv", tag = "reports", security(("bearer" = [])),
    params(ReportQuery),
    responses((status = 200, description = "Every row of the people view as CSV, streamed", content_type = "text/csv"),
        (status = 400, description = "A filter that cannot be read", body = crate::web::api::schema::ErrorBody),
        (status = 401, body = crate::web::api::schema::ErrorBody), (status = 403, description = "Not HR, or a department outside the viewer's scope", body = crate::web::api::schema::ErrorBody),
        (status = 404, description = "No such department", body = crate::web::api::schema::ErrorBody)))]
pub async fn export(
    state: web::Data<AppState>,
    user: ApiUser,
    query: LaterQuery<RawFilter>,
) -> Result<HttpResponse, ApiError> {
    Ok(crate::web::pages::hr::people::csv_response(&state, &user.0, &query).await?)
}
