//! `/hr/evaluation`: the pre/post change per department as a chart and tables, the item
//! analysis of the course's quizzes, and `/hr/evaluation.csv` for the coordination body.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::Utc;
use serde::Deserialize;

use crate::domain::Language;
use crate::domain::format::decimal;
use crate::evaluation::items::Flag;
use crate::evaluation::{Measures, Period, Row};
use crate::hr::{self, EvaluationQuery, EvaluationReport};
use crate::reports::chart;
use crate::web::AppState;
use crate::web::error::WebError;
use crate::web::session::{PageUser, frame};

use super::viewer;

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

/// A figure as pages write it: one decimal in the page's language.
fn measures_view(m: Option<&Measures>, lang: Language, gain: bool) -> serde_json::Value {
    let Some(m) = m else {
        return serde_json::Value::Null;
    };
    let d = |x: f64| decimal(x, 1, false, lang);
    serde_json::json!({
        "before": d(m.mean_pre),
        "after": d(m.mean_post),
        "change": decimal(m.mean_change, 1, true, lang),
        "ci": m.ci.map(|(low, high)| format!("{} – {}", decimal(low, 1, true, lang), decimal(high, 1, true, lang))),
        "gain": if gain { m.normalized_gain().map(|g| decimal(g, 2, false, lang)) } else { None },
    })
}

#[get("/hr/evaluation")]
pub async fn page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    query: web::Query<RawQuery>,
) -> Result<HttpResponse, WebError> {
    let user = user.0;
    let viewer = viewer(&user)?;
    let frame = frame(&req, &user);
    let lang = frame.lang;
    let t = |key: &str| state.templates.text(lang, key);
    let query = parse(&query)?;
    let report = hr::evaluation(
        &state.db,
        &state.catalog,
        &viewer,
        query,
        state.minimum_group,
    )
    .await?;
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
    let data = serde_json::json!({
        "wide": true,
        "heading": heading,
        "breadcrumbs": crumbs(&report, &viewer, &link),
        "top_link": (viewer.scope.top().is_none() && report.at.is_some()).then(|| link(None)),
        "form": form(&report, &viewer, &t),
        "has_course": report.course.is_some(),
        "course_title": report.course.as_ref().map(|(row, _)| row.title.clone()),
        "course_language": report.course.as_ref().map(|(_, c)| c.language),
        "minimum": state.minimum_group,
        "export_query": format!("course={slug}"),
        "assessment": assessment_view(&report, lang, &t, &link),
        "items": items_view(&report, lang, &t),
    });
    state.templates.page(
        "hr_evaluation",
        &frame,
        &format!("{}: {heading}", t("evaluation_title")),
        data,
    )
}

fn crumbs(
    report: &EvaluationReport,
    viewer: &hr::Viewer,
    link: &impl Fn(Option<i64>) -> String,
) -> Vec<serde_json::Value> {
    let Some(at) = report.at else {
        return Vec::new();
    };
    report
        .tree
        .ancestry(at)
        .into_iter()
        .filter(|d| viewer.scope.covers(&report.tree, Some(d.id)))
        .map(|d| serde_json::json!({ "name": d.name, "query": link(Some(d.id)) }))
        .collect()
}

fn form(
    report: &EvaluationReport,
    viewer: &hr::Viewer,
    t: &impl Fn(&str) -> String,
) -> serde_json::Value {
    let choice = |value: String, label: String, selected: bool| serde_json::json!({ "value": value, "label": label, "selected": selected });
    let selected_course = report.course.as_ref().map(|(row, _)| row.id);
    let courses: Vec<_> = report
        .courses
        .iter()
        .map(|(row, _)| {
            choice(
                row.slug.clone(),
                row.title.clone(),
                Some(row.id) == selected_course,
            )
        })
        .collect();
    let mut periods = vec![choice(
        "all".into(),
        t("evaluation_all_years"),
        report.period == Period::All,
    )];
    if let Some(evaluation) = &report.evaluation {
        periods.extend(evaluation.years().into_iter().rev().map(|y| {
            choice(
                y.to_string(),
                y.to_string(),
                report.period == Period::Year(y),
            )
        }));
    }
    // A year asked for but without pairs stays selected, so the form says what is shown.
    if let Period::Year(y) = report.period {
        let year = y.to_string();
        if !periods
            .iter()
            .any(|p| p["value"].as_str() == Some(year.as_str()))
        {
            periods.push(choice(year.clone(), year, true));
        }
    }
    let departments: Vec<_> = viewer
        .scope
        .departments(&report.tree)
        .into_iter()
        .map(|d| choice(d.id.to_string(), d.path.clone(), report.at == Some(d.id)))
        .collect();
    serde_json::json!({
        "whole_organisation": matches!(viewer.scope, crate::reports::Scope::Organisation),
        "courses": courses,
        "periods": periods,
        "departments": departments,
    })
}

fn group_view(
    label: String,
    query: Option<String>,
    row: &Row,
    lang: Language,
) -> serde_json::Value {
    serde_json::json!({
        "label": label,
        "query": query,
        "pairs": row.pairs,
        "withheld": row.withheld(),
        "knowledge": measures_view(row.knowledge.as_ref(), lang, true),
    })
}

fn assessment_view(
    report: &EvaluationReport,
    lang: Language,
    t: &impl Fn(&str) -> String,
    link: &impl Fn(Option<i64>) -> String,
) -> serde_json::Value {
    let Some((_, course)) = &report.course else {
        return serde_json::Value::Null;
    };
    let Some(assessment) = &course.assessment else {
        return serde_json::Value::Null;
    };
    let has_knowledge = !assessment.forms.is_empty();
    let groups: Vec<_> = report
        .rows
        .iter()
        .enumerate()
        .map(|(i, (department, row))| {
            let label = department
                .as_ref()
                .map_or_else(|| t("whole_organisation"), |d| d.name.clone());
            let drill = (i > 0 && row.has_pairs)
                .then(|| department.as_ref().map(|d| link(Some(d.id))))
                .flatten();
            group_view(label, drill, row, lang)
        })
        .collect();
    let lines: Vec<chart::Change> = report
        .rows
        .iter()
        .filter_map(|(department, row)| {
            let k = row.knowledge.as_ref()?;
            Some(chart::Change {
                label: department
                    .as_ref()
                    .map_or_else(|| t("whole_organisation"), |d| d.name.clone()),
                before: k.mean_pre,
                after: k.mean_post,
                figure: format!(
                    "{} → {}",
                    decimal(k.mean_pre, 1, false, lang),
                    decimal(k.mean_post, 1, false, lang)
                ),
            })
        })
        .collect();
    let svg = (has_knowledge && !lines.is_empty()).then(|| {
        chart::change_lines(
            &t("evaluation_chart_title"),
            &t("evaluation_chart_description"),
            &lines,
        )
    });
    let node = report.rows.first().map(|(_, row)| row);
    let statements: Vec<_> = assessment
        .self_assessment
        .iter()
        .flat_map(|s| s.statements.iter())
        .enumerate()
        .map(|(i, st)| {
            let m = node.and_then(|r| r.statements.get(i).copied().flatten());
            serde_json::json!({
                "html": st.html,
                "pairs": m.map(|m| m.n),
                "figures": measures_view(m.as_ref(), lang, false),
            })
        })
        .collect();
    let scale = assessment.self_assessment.as_ref().map(|s| {
        format!(
            "1 = {}, {} = {}",
            s.scale.first().cloned().unwrap_or_default(),
            s.scale.len(),
            s.scale.last().cloned().unwrap_or_default()
        )
    });
    serde_json::json!({
        "has_knowledge": has_knowledge,
        "groups": groups,
        "chart": svg,
        "statements": statements,
        "scale": scale,
        "language": course.language,
    })
}

fn items_view(
    report: &EvaluationReport,
    lang: Language,
    t: &impl Fn(&str) -> String,
) -> Vec<serde_json::Value> {
    // Swedish puts a (no-break) space before the per cent sign; English does not.
    let sign = match lang {
        Language::Sv => "\u{a0}%",
        Language::En => "%",
    };
    let share = |s: Option<f64>| s.map(|s| format!("{}{sign}", decimal(s * 100.0, 0, false, lang)));
    report
        .items
        .iter()
        .map(|q| {
            let flags: Vec<String> = q
                .flags
                .iter()
                .map(|f| {
                    t(match f {
                        Flag::TooEasy => "item_too_easy",
                        Flag::Ambiguous => "item_ambiguous",
                        Flag::DoesNotDiscriminate => "item_does_not_discriminate",
                    })
                })
                .collect();
            let options: Vec<_> = q
                .options
                .iter()
                .map(|o| {
                    serde_json::json!({
                        "html": o.html,
                        "correct": o.correct,
                        "all": share(o.all),
                        "passed": share(o.passed),
                        "failed": share(o.failed),
                    })
                })
                .collect();
            serde_json::json!({
                "lesson": q.lesson_title,
                "id": q.question_id,
                "title_html": q.title_html,
                "passed": q.attempts_passed,
                "failed": q.attempts_failed,
                "flags": flags,
                "options": options,
            })
        })
        .collect()
}

#[get("/hr/evaluation.csv")]
pub async fn export_csv(
    state: web::Data<AppState>,
    user: PageUser,
    query: web::Query<RawQuery>,
) -> Result<HttpResponse, WebError> {
    let user = user.0;
    let viewer = viewer(&user)?;
    let query = parse(&query)?;
    let now = Utc::now();
    let (report, lines) = hr::evaluation_export(
        &state.db,
        &state.catalog,
        &viewer,
        query.course,
        state.minimum_group,
        now,
    )
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
