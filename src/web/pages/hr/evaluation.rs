//! `/hr/evaluation`: the pre/post change per department as a chart and tables, the item
//! analysis of the course's quizzes, and `/hr/evaluation.csv` for the coordination body.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use serde::{Deserialize, Serialize};

use crate::domain::Language;
use crate::evaluation::Period;
use crate::hr::EvaluationQuery;
use crate::web::AppState;
use crate::web::error::WebError;
use crate::web::later_query::LaterQuery;
use crate::web::session::HrPage;

use super::evaluation_view::{
    AssessmentView, Crumb, EvaluationForm, ItemView, assessment_view, crumbs, form, items_view,
};

/// `hr_evaluation.hbs`: the evaluation of one course at one department.
#[derive(Serialize)]
struct EvaluationPage<'a> {
    wide: bool,
    heading: String,
    breadcrumbs: Vec<Crumb>,
    top_link: Option<String>,
    form: EvaluationForm,
    has_course: bool,
    course_title: Option<&'a str>,
    course_language: Option<Language>,
    minimum: u64,
    export_query: String,
    assessment: Option<AssessmentView<'a>>,
    items: Vec<ItemView<'a>>,
}

#[derive(Debug, Deserialize)]
pub struct RawQuery {
    course: Option<String>,
    period: Option<String>,
    department: Option<String>,
}

fn parse(raw: &RawQuery) -> Result<EvaluationQuery, WebError> {
    let bad = |what: &str| WebError::BadRequest(what.to_owned());
    let period = match raw.period.as_deref().map(str::trim) {
        None | Some("") | Some("all") => None,
        Some(year) => Some(Period::Year(
            year.parse()
                .ok()
                .filter(|y| (2000..=9999).contains(y))
                .ok_or_else(|| bad("The period is a year, such as 2026, or all."))?,
        )),
    };
    let department = match raw.department.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(id) => Some(
            id.parse()
                .map_err(|_| bad("The department is not a department number."))?,
        ),
    };
    Ok(EvaluationQuery {
        course: raw.course.clone().filter(|c| !c.trim().is_empty()),
        period,
        department,
    })
}

fn period_value(period: Period) -> String {
    match period {
        Period::All => "all".into(),
        Period::Year(y) => y.to_string(),
    }
}

pub async fn page(
    state: web::Data<AppState>,
    page: HrPage,
    query: LaterQuery<RawQuery>,
) -> Result<HttpResponse, WebError> {
    let HrPage { viewer, frame, .. } = page;
    let lang = frame.lang;
    let t = |key: &str| state.templates.text(lang, key);
    let query = parse(&query.parse()?)?;
    let report = state.hr(&viewer).evaluation(query).await?;
    let heading = report
        .department()
        .map_or_else(|| t("whole_organisation"), |d| d.name.clone());
    let slug = report
        .course
        .as_ref()
        .map(|(row, _)| row.slug.clone())
        .unwrap_or_default();
    let link = |department: Option<i64>| {
        let mut q = format!("course={slug}&period={}", period_value(report.period));
        if let Some(id) = department {
            q.push_str(&format!("&department={id}"));
        }
        q
    };
    let data = EvaluationPage {
        wide: true,
        heading: heading.clone(),
        breadcrumbs: crumbs(&report, &viewer, &link),
        top_link: (viewer.scope.top().is_none() && report.at.is_some()).then(|| link(None)),
        form: form(&report, &viewer, &t),
        has_course: report.course.is_some(),
        course_title: report.course.as_ref().map(|(row, _)| row.title.as_str()),
        course_language: report.course.as_ref().map(|(_, c)| c.language),
        minimum: state.minimum_group,
        export_query: format!("course={slug}"),
        assessment: assessment_view(&report, lang, &t, &link),
        items: items_view(&report.items, lang, &t),
    };
    state.templates.page(
        "hr_evaluation",
        &frame,
        &format!("{}: {heading}", t("evaluation_title")),
        data,
    )
}

pub async fn export_csv(
    state: web::Data<AppState>,
    page: HrPage,
    query: LaterQuery<RawQuery>,
) -> Result<HttpResponse, WebError> {
    let HrPage { user, viewer, .. } = page;
    let query = parse(&query.parse()?)?;
    let now = Utc::now();
    let (report, lines) = state
        .hr(&viewer)
        .evaluation_export(query.course, now)
        .await?;
    let lang = user.locale;
    let slug = report
        .course
        .as_ref()
        .map(|(row, _)| row.slug.clone())
        .unwrap_or_default();
    let whole = state.templates.text(lang, "whole_organisation");
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(crate::evaluation::export::header(lang));
    for line in &lines {
        let _ = writer.write_record(crate::evaluation::export::cells(
            &slug,
            line.department.as_deref().unwrap_or(&whole),
            line.period,
            line.statement.as_ref(),
            &line.row,
            line.index,
        ));
    }
    // The byte-order mark makes Excel read the file as UTF-8 (å, ä, ö).
    let mut body = b"\xEF\xBB\xBF".to_vec();
    body.extend_from_slice(&writer.into_inner().unwrap_or_default());
    let name = match lang {
        Language::Sv => "bryggan-utvardering",
        Language::En => "bryggan-evaluation",
    };
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"{name}-{slug}-{}.csv\"",
                now.date_naive()
            ),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body))
}
