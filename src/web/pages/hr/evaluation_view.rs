//! What the evaluation page shows, as template data: figures written in the page's
//! language, the filter form's choices, the chart, and the item analysis.

use serde::Serialize;

use crate::domain::Language;
use crate::domain::format::decimal;
use crate::evaluation::items::{Flag, QuestionAnalysis};
use crate::evaluation::{Measures, Period, Row};
use crate::hr::{self, EvaluationReport};
use crate::reports::{Department, chart};

use super::Choice;

/// A figure as pages write it: one decimal in the page's language.
#[derive(Serialize)]
pub struct MeasuresView {
    before: String,
    after: String,
    change: String,
    ci: Option<String>,
    gain: Option<String>,
}

impl MeasuresView {
    fn of(m: Option<&Measures>, lang: Language, gain: bool) -> Option<MeasuresView> {
        let m = m?;
        let signed = |x: f64| decimal(x, 1, true, lang);
        Some(MeasuresView {
            before: decimal(m.mean_pre, 1, false, lang),
            after: decimal(m.mean_post, 1, false, lang),
            change: signed(m.mean_change),
            ci: m
                .ci
                .map(|(low, high)| format!("{} – {}", signed(low), signed(high))),
            gain: gain
                .then(|| m.normalized_gain().map(|g| decimal(g, 2, false, lang)))
                .flatten(),
        })
    }
}

/// One step of the breadcrumbs.
#[derive(Serialize)]
pub struct Crumb {
    name: String,
    query: String,
}

pub fn crumbs(
    report: &EvaluationReport,
    viewer: &hr::Viewer,
    link: &impl Fn(Option<i64>) -> String,
) -> Vec<Crumb> {
    let Some(at) = report.at else {
        return Vec::new();
    };
    report
        .tree
        .ancestry(at)
        .into_iter()
        .filter(|d| viewer.scope.covers(&report.tree, Some(d.id)))
        .map(|d| Crumb {
            name: d.name.clone(),
            query: link(Some(d.id)),
        })
        .collect()
}

/// The evaluation's filter form: course, period and department.
#[derive(Serialize)]
pub struct EvaluationForm {
    whole_organisation: bool,
    courses: Vec<Choice>,
    periods: Vec<Choice>,
    departments: Vec<Choice>,
}

pub fn form(
    report: &EvaluationReport,
    viewer: &hr::Viewer,
    t: &impl Fn(&str) -> String,
) -> EvaluationForm {
    let selected_course = report.course.as_ref().map(|(row, _)| row.id);
    let courses = report
        .courses
        .iter()
        .map(|(row, _)| Choice {
            lang: Some(row.language.clone()),
            ..Choice::new(&row.slug, &row.title, Some(row.id) == selected_course)
        })
        .collect();
    let mut periods = vec![Choice::new(
        "all",
        &t("evaluation_all_years"),
        report.period == Period::All,
    )];
    if let Some(evaluation) = &report.evaluation {
        periods.extend(evaluation.years().into_iter().rev().map(|y| {
            let year = y.to_string();
            Choice::new(&year, &year, report.period == Period::Year(y))
        }));
    }
    // A year asked for but without pairs stays selected, so the form says what is shown.
    if let Period::Year(y) = report.period {
        let year = y.to_string();
        if !periods.iter().any(|p| p.value == year) {
            periods.push(Choice::new(&year, &year, true));
        }
    }
    let departments = viewer
        .scope
        .departments(&report.tree)
        .into_iter()
        .map(|d| Choice::new(&d.id.to_string(), &d.path, report.at == Some(d.id)))
        .collect();
    EvaluationForm {
        whole_organisation: matches!(viewer.scope, crate::reports::Scope::Organisation),
        courses,
        periods,
        departments,
    }
}

/// The assessment's figures for the chosen course (`None` without an assessment).
#[derive(Serialize)]
pub struct AssessmentView<'a> {
    forms: Option<FormsView>,
    has_knowledge: bool,
    groups: Vec<GroupView>,
    chart: Option<String>,
    statements: Vec<StatementView<'a>>,
    scale: Option<String>,
    language: Language,
}

/// A department's row: its pairs and the change in the knowledge test.
#[derive(Serialize)]
struct GroupView {
    label: String,
    query: Option<String>,
    pairs: Option<u64>,
    withheld: bool,
    knowledge: Option<MeasuresView>,
}

#[derive(Serialize)]
struct StatementView<'a> {
    html: &'a str,
    pairs: Option<u64>,
    figures: Option<MeasuresView>,
}

/// Whether the two test forms are as hard as each other, shown only with two forms.
#[derive(Serialize)]
struct FormsView {
    published: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    a: Option<FormFigures>,
    #[serde(skip_serializing_if = "Option::is_none")]
    b: Option<FormFigures>,
}

#[derive(Serialize)]
struct FormFigures {
    pairs: u64,
    figures: Option<MeasuresView>,
}

impl FormFigures {
    fn of(m: &Measures, lang: Language) -> FormFigures {
        FormFigures {
            pairs: m.n,
            figures: MeasuresView::of(Some(m), lang, false),
        }
    }
}

pub fn assessment_view<'a>(
    report: &'a EvaluationReport,
    lang: Language,
    t: &impl Fn(&str) -> String,
    link: &impl Fn(Option<i64>) -> String,
) -> Option<AssessmentView<'a>> {
    let (_, course) = report.course.as_ref()?;
    let assessment = course.assessment.as_ref()?;
    let has_knowledge = !assessment.forms.is_empty();
    let label_of = |department: &Option<Department>| {
        department
            .as_ref()
            .map_or_else(|| t("whole_organisation"), |d| d.name.clone())
    };
    let groups = report
        .rows
        .iter()
        .enumerate()
        .map(|(i, (department, row))| GroupView {
            label: label_of(department),
            query: (i > 0 && row.has_pairs)
                .then(|| department.as_ref().map(|d| link(Some(d.id))))
                .flatten(),
            pairs: row.pairs,
            withheld: row.withheld(),
            knowledge: MeasuresView::of(row.knowledge.as_ref(), lang, true),
        })
        .collect();
    let lines: Vec<chart::Change> = report
        .rows
        .iter()
        .filter_map(|(department, row)| {
            let k = row.knowledge.as_ref()?;
            Some(chart::Change {
                label: label_of(department),
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
    let statements = assessment
        .self_assessment
        .iter()
        .flat_map(|s| s.statements.iter())
        .enumerate()
        .map(|(i, st)| {
            let m = node.and_then(|r: &Row| r.statements.get(i).copied().flatten());
            StatementView {
                html: &st.html,
                pairs: m.map(|m| m.n),
                figures: MeasuresView::of(m.as_ref(), lang, false),
            }
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
            Some([a, b]) => FormsView {
                published: true,
                a: Some(FormFigures::of(&a, lang)),
                b: Some(FormFigures::of(&b, lang)),
            },
            None => FormsView {
                published: false,
                a: None,
                b: None,
            },
        });
    Some(AssessmentView {
        forms,
        has_knowledge,
        groups,
        chart: svg,
        statements,
        scale,
        language: course.language,
    })
}

/// One question of the item analysis, for the HR report and the trainer's course page.
#[derive(Serialize)]
pub struct ItemView<'a> {
    lesson: &'a str,
    id: &'a str,
    title_html: &'a str,
    passed: u64,
    failed: u64,
    flags: Vec<String>,
    options: Vec<ItemOption<'a>>,
}

#[derive(Serialize)]
struct ItemOption<'a> {
    html: &'a str,
    correct: bool,
    all: Option<String>,
    passed: Option<String>,
    failed: Option<String>,
}

pub fn items_view<'a>(
    items: &'a [QuestionAnalysis],
    lang: Language,
    t: &impl Fn(&str) -> String,
) -> Vec<ItemView<'a>> {
    // Swedish puts a (no-break) space before the per cent sign; English does not.
    let sign = match lang {
        Language::Sv => "\u{a0}%",
        Language::En => "%",
    };
    let share = |s: Option<f64>| s.map(|s| format!("{}{sign}", decimal(s * 100.0, 0, false, lang)));
    items
        .iter()
        .map(|q| ItemView {
            lesson: &q.lesson_title,
            id: &q.question_id,
            title_html: &q.title_html,
            passed: q.attempts_passed,
            failed: q.attempts_failed,
            flags: q
                .flags
                .iter()
                .map(|f| {
                    t(match f {
                        Flag::TooEasy => "item_too_easy",
                        Flag::Ambiguous => "item_ambiguous",
                        Flag::DoesNotDiscriminate => "item_does_not_discriminate",
                    })
                })
                .collect(),
            options: q
                .options
                .iter()
                .map(|o| ItemOption {
                    html: &o.html,
                    correct: o.correct,
                    all: share(o.all),
                    passed: share(o.passed),
                    failed: share(o.failed),
                })
                .collect(),
        })
        .collect()
}
