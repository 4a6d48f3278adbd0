//! What the evaluation page shows, as template data: figures written in the page's
//! language, the filter form's choices, the chart, and the item analysis.

use crate::domain::Language;
use crate::domain::format::decimal;
use crate::evaluation::items::Flag;
use crate::evaluation::{Measures, Period, Row};
use crate::hr::{self, EvaluationReport};
use crate::reports::chart;

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

pub fn crumbs(
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

pub fn form(
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
            let mut course = choice(
                row.slug.clone(),
                row.title.clone(),
                Some(row.id) == selected_course,
            );
            course["lang"] = row.language.clone().into();
            course
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

pub fn assessment_view(
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
    // Shown only with two forms: then the halves that started with each tell whether
    // the forms are as hard as each other.
    let forms = report
        .evaluation
        .as_ref()
        .filter(|_| assessment.forms.len() == 2)
        .map(|e| match e.forms() {
            Some([a, b]) => serde_json::json!({
                "published": true,
                "a": { "pairs": a.n, "figures": measures_view(Some(&a), lang, false) },
                "b": { "pairs": b.n, "figures": measures_view(Some(&b), lang, false) },
            }),
            None => serde_json::json!({ "published": false }),
        });
    serde_json::json!({
        "forms": forms,
        "has_knowledge": has_knowledge,
        "groups": groups,
        "chart": svg,
        "statements": statements,
        "scale": scale,
        "language": course.language,
    })
}

pub fn items_view(
    items: &[crate::evaluation::items::QuestionAnalysis],
    lang: Language,
    t: &impl Fn(&str) -> String,
) -> Vec<serde_json::Value> {
    // Swedish puts a (no-break) space before the per cent sign; English does not.
    let sign = match lang {
        Language::Sv => "\u{a0}%",
        Language::En => "%",
    };
    let share = |s: Option<f64>| s.map(|s| format!("{}{sign}", decimal(s * 100.0, 0, false, lang)));
    items
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
