//! `/hr/people`: who is behind the figures, a page at a time, and `/hr/export.csv`: every
//! row of the same view, streamed.

use std::collections::HashMap;

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use futures_util::StreamExt;
use serde::Serialize;

use crate::domain::Language;
use crate::reports::export::{self, PersonRow};
use crate::reports::{Filter, RawFilter};
use crate::web::AppState;
use crate::web::error::WebError;
use crate::web::later_query::LaterQuery;
use crate::web::session::{HrPage, HrReportPage, PageUser, SignedIn};

use super::{Crumb, FilterForm, breadcrumbs, filter_form, status_label, viewer};

/// `hr_people.hbs`: one page of the people the filter finds.
#[derive(Serialize)]
struct PeoplePageView<'a> {
    wide: bool,
    base: &'static str,
    heading: String,
    breadcrumbs: Vec<Crumb>,
    form: FilterForm,
    rows: Vec<PersonView<'a>>,
    page: u32,
    prev: Option<String>,
    next: Option<String>,
    query: String,
}

#[derive(Serialize)]
struct PersonView<'a> {
    name: &'a str,
    email: &'a str,
    department: &'a str,
    course: &'a str,
    course_lang: Option<&'a str>,
    status: &'static str,
    status_label: String,
    due_date: Option<String>,
    completed: Option<String>,
}

pub async fn people(
    state: web::Data<AppState>,
    asked: HrReportPage,
) -> Result<HttpResponse, WebError> {
    let HrReportPage { page, filter } = asked;
    let HrPage { viewer, frame, .. } = page;
    let page = state
        .hr(&viewer)
        .people(filter, Utc::now().date_naive())
        .await?;
    let t = |key: &str| state.templates.text(frame.lang, key);
    let context = &page.context;
    let rows: Vec<PersonView> = page
        .rows
        .iter()
        .map(|r| PersonView {
            name: &r.name,
            email: r.email.as_str(),
            department: r.department.as_deref().unwrap_or_default(),
            course: context.course_slug(r.course_id).1,
            course_lang: context.course_language(r.course_id),
            status: r.status.as_str(),
            status_label: status_label(&state.templates, frame.lang, r.status),
            due_date: r.due_date.map(|d| d.to_string()),
            completed: r.completed_at.map(|d| d.date_naive().to_string()),
        })
        .collect();
    let mut filter = context.filter.clone();
    filter.department = context.at;
    let query = filter.query();
    let page_link = |n: u32| {
        if query.is_empty() {
            format!("/hr/people?page={n}")
        } else {
            format!("/hr/people?{query}&page={n}")
        }
    };
    let current = context.filter.page;
    let heading = context
        .department()
        .map_or_else(|| t("whole_organisation"), |d| d.name.clone());
    let data = PeoplePageView {
        wide: true,
        base: "/hr/people",
        heading,
        breadcrumbs: breadcrumbs(context, &viewer),
        form: filter_form(&state.templates, frame.lang, context, &viewer),
        rows,
        page: current,
        prev: (current > 1).then(|| page_link(current - 1)),
        next: page.has_next.then(|| page_link(current + 1)),
        query,
    };
    state
        .templates
        .page("hr_people", &frame, &t("people_title"), data)
}

pub async fn export_csv(
    state: web::Data<AppState>,
    user: PageUser,
    query: LaterQuery<RawFilter>,
) -> Result<HttpResponse, WebError> {
    csv_response(&state, &user.0, &query).await
}

/// Rows per chunk of the response body: large enough for few writes, small enough that
/// memory stays flat.
const CHUNK_ROWS: usize = 512;

/// The streamed CSV of the people view, shared by the page and the API.
pub async fn csv_response(
    state: &AppState,
    user: &SignedIn,
    query: &LaterQuery<RawFilter>,
) -> Result<HttpResponse, WebError> {
    let viewer = viewer(user)?;
    let filter = Filter::parse(&query.parse()?)?;
    let now = Utc::now();
    let (context, rows) = state.hr(&viewer).export(filter, now).await?;
    let courses: HashMap<i64, (String, String)> = context
        .courses
        .iter()
        .map(|c| (c.id, (c.slug.clone(), c.title.clone())))
        .collect();
    let paths: HashMap<i64, String> = context
        .tree
        .all()
        .into_iter()
        .map(|d| (d.id, d.path.clone()))
        .collect();
    let lang = user.locale;
    // The byte-order mark makes Excel read the file as UTF-8 (å, ä, ö).
    let mut header_row = b"\xEF\xBB\xBF".to_vec();
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(export::header(lang));
    header_row.extend_from_slice(&writer.into_inner().unwrap_or_default());
    let header_row = web::Bytes::from(header_row);
    let body = futures_util::stream::once(async move { Ok(header_row) }).chain(
        rows.chunks(CHUNK_ROWS).map(move |chunk| {
            let mut writer = csv::Writer::from_writer(Vec::with_capacity(CHUNK_ROWS * 256));
            for row in chunk {
                let row: PersonRow = row.map_err(|e| {
                    tracing::error!(error = ?e, "the export stopped");
                    actix_web::error::ErrorInternalServerError("export failed")
                })?;
                let (slug, title) = courses
                    .get(&row.course_id)
                    .map_or(("", ""), |(s, t)| (s.as_str(), t.as_str()));
                let department = row
                    .department_id
                    .and_then(|id| paths.get(&id))
                    .map_or("", String::as_str);
                // Writing to a Vec cannot fail.
                let _ = writer.write_record(export::cells(&row, (slug, title), department));
            }
            Ok::<_, actix_web::Error>(web::Bytes::from(writer.into_inner().unwrap_or_default()))
        }),
    );
    let name = match lang {
        Language::Sv => "bryggan-rapport",
        Language::En => "bryggan-report",
    };
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}-{}.csv\"", now.date_naive()),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .streaming(body))
}
