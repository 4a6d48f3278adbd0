//! The assessment before and after a course, and the learner's own change.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use serde::Serialize;

use crate::domain::Language;
use crate::domain::format::decimal;
use crate::domain::grading::AnswerError;
use crate::learning::{
    self, AssessmentAnswers, AssessmentState, LearningError, Phase, RatingError,
};
use crate::web::AppState;
use crate::web::error::WebError;
use crate::web::form_errors::FormErrors;
use crate::web::render::{CourseHeader, Frame};
use crate::web::session::{PageForm, Posted, SignedInPage};

use super::question_form::{QuestionForm, question_forms, unanswered_problems};
use super::see_other;

#[derive(Serialize)]
struct Point<'a> {
    value: usize,
    label: &'a str,
    checked: bool,
}

#[derive(Serialize)]
struct StatementForm<'a> {
    id: &'a str,
    html: &'a str,
    points: Vec<Point<'a>>,
    error: Option<&'a str>,
}

/// A statement's field name in [`FormErrors`]: the summary links to `#f-s-<id>`.
fn statement_field(id: &str) -> String {
    format!("s-{id}")
}

#[derive(Serialize)]
struct StatementChange<'a> {
    html: String,
    before: u8,
    before_label: &'a str,
    after: u8,
    after_label: &'a str,
    change: String,
}

pub async fn page(
    state: web::Data<AppState>,
    page: SignedInPage,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let SignedInPage { user, frame } = page;
    let slug = path.into_inner();
    let s = state.learning().assessment_state(user.id(), &slug).await?;
    if s.course.enrolment.is_none() {
        return Err(learning::LearningError::NotEnrolled.into());
    }
    render(
        &state,
        &frame,
        &s,
        &AssessmentAnswers::default(),
        &FormErrors::default(),
    )
}

/// `assessment.hbs`: the open part's form, the person's own change, or why neither is open.
#[derive(Serialize)]
struct AssessmentPage<'a> {
    course: CourseHeader<'a>,
    open: Option<&'static str>,
    before: bool,
    minimum: u64,
    questions: Vec<QuestionForm<'a>>,
    statements: Vec<StatementForm<'a>>,
    form_intro_html: &'a str,
    self_intro_html: &'a str,
    change: Option<ChangeView<'a>>,
    closed_reason: Option<String>,
    errors: &'a FormErrors,
}

/// The person's change between the two parts.
#[derive(Serialize)]
struct ChangeView<'a> {
    knowledge: Option<KnowledgeChange>,
    statements: Vec<StatementChange<'a>>,
}

#[derive(Serialize)]
struct KnowledgeChange {
    before: String,
    after: String,
    change: String,
}

/// The assessment page; an open form shows `kept` and the problems in `errors` (400).
fn render(
    state: &AppState,
    frame: &Frame,
    s: &AssessmentState,
    kept: &AssessmentAnswers,
    errors: &FormErrors,
) -> Result<HttpResponse, WebError> {
    let course = &s.course.course;
    let t = |key: &str| state.templates.text(frame.lang, key);
    let open = s.open();
    let mut data = AssessmentPage {
        course: CourseHeader::of(course),
        open: open.map(Phase::slug),
        before: open == Some(Phase::Before),
        minimum: state.minimum_group,
        questions: Vec::new(),
        statements: Vec::new(),
        form_intro_html: "",
        self_intro_html: "",
        change: None,
        closed_reason: None,
        errors,
    };
    if let Some(phase) = open {
        fill_form(&mut data, s, phase, kept, errors);
    } else if let Some(change) = change_view(s, frame.lang) {
        data.change = Some(change);
    } else {
        data.closed_reason = [Phase::After, Phase::Before]
            .into_iter()
            .find_map(|p| s.check_open(p).err())
            .map(|e| e.to_string());
    }
    let title = match open {
        Some(Phase::Before) => t("assessment_before"),
        Some(Phase::After) => t("assessment_after"),
        None => t("assessment_your_change"),
    };
    let (status, title) = if errors.any() {
        (
            StatusCode::BAD_REQUEST,
            format!("{} {title} · {}", t("error_title_prefix"), course.title),
        )
    } else {
        (StatusCode::OK, format!("{title} · {}", course.title))
    };
    state
        .templates
        .page_with_status(status, "assessment", frame, &title, data)
}

fn fill_form<'a>(
    data: &mut AssessmentPage<'a>,
    s: &'a AssessmentState,
    phase: Phase,
    kept: &'a AssessmentAnswers,
    errors: &'a FormErrors,
) {
    if let Some((_, quiz)) = s.form(phase) {
        data.questions = question_forms(quiz, &kept.answers, errors);
        data.form_intro_html = &quiz.intro_html;
    }
    if let Some(rated) = s.self_assessment() {
        data.statements = rated
            .statements
            .iter()
            .map(|st| {
                let chosen = kept.ratings.get(st.id.as_str()).map(|v| v.trim());
                StatementForm {
                    id: st.id.as_str(),
                    html: &st.html,
                    points: rated
                        .scale
                        .iter()
                        .enumerate()
                        .map(|(i, label)| Point {
                            value: i + 1,
                            label,
                            checked: chosen == Some((i + 1).to_string().as_str()),
                        })
                        .collect(),
                    error: errors.message(&statement_field(st.id.as_str())),
                }
            })
            .collect();
        data.self_intro_html = &rated.intro_html;
    }
}

fn change_view(s: &AssessmentState, lang: Language) -> Option<ChangeView<'_>> {
    let signed = |x: f64| decimal(x, 0, true, lang);
    let change = s.change()?;
    let scale: &[String] = s.self_assessment().map_or(&[], |r| r.scale.as_slice());
    let label = |v: u8| {
        scale
            .get(usize::from(v).saturating_sub(1))
            .map_or("", String::as_str)
    };
    let statements = change
        .statements
        .into_iter()
        .map(|st| StatementChange {
            html: st.html,
            before: st.before,
            before_label: label(st.before),
            after: st.after,
            after_label: label(st.after),
            change: signed(f64::from(st.after) - f64::from(st.before)),
        })
        .collect();
    let knowledge = change.knowledge.map(|(before, after)| KnowledgeChange {
        before: decimal(before, 0, false, lang),
        after: decimal(after, 0, false, lang),
        change: signed(after - before),
    });
    Some(ChangeView {
        knowledge,
        statements,
    })
}

/// Every knowledge question and statement left unanswered, in the form's order, each
/// with its message.
fn unanswered(
    state: &AppState,
    frame: &Frame,
    s: &AssessmentState,
    phase: Phase,
    submitted: &AssessmentAnswers,
) -> FormErrors {
    let t = |key: &str| state.templates.text(frame.lang, key);
    let mut problems = match s.form(phase) {
        Some((_, quiz)) => {
            unanswered_problems(quiz, &submitted.answers, &t("quiz_error_unanswered"))
        }
        None => Vec::new(),
    };
    if let Some(rated) = s.self_assessment() {
        for id in learning::unrated(rated, &submitted.ratings) {
            let number = rated.statements.iter().position(|st| st.id.as_str() == id);
            let number = number.map_or(0, |i| i + 1);
            problems.push((
                statement_field(id),
                format!("{} {number}.", t("assessment_error_unrated")),
            ));
        }
    }
    FormErrors::new(&[], problems)
}

/// An assessment as sent from `/courses/{slug}/assessment/{phase}`.
pub struct AssessmentForm {
    slug: String,
    phase: Phase,
    submitted: AssessmentAnswers,
}

impl PageForm for AssessmentForm {
    fn read(
        (slug, phase): (String, String),
        fields: Vec<(String, String)>,
    ) -> Result<Self, WebError> {
        let submitted = parse(fields)?;
        let phase = Phase::parse(&phase).ok_or(WebError::NotFound)?;
        Ok(AssessmentForm {
            slug,
            phase,
            submitted,
        })
    }
}

/// Reads `q.<question>=<option>` (repeated for checkboxes) and `s.<statement>=<point>`.
/// Any other field means the form was not ours.
fn parse(fields: Vec<(String, String)>) -> Result<AssessmentAnswers, WebError> {
    let mut submitted = AssessmentAnswers::default();
    for (key, value) in fields {
        if let Some(question) = key.strip_prefix("q.") {
            submitted
                .answers
                .entry(question.to_owned())
                .or_default()
                .insert(value);
        } else if let Some(statement) = key.strip_prefix("s.") {
            if submitted
                .ratings
                .insert(statement.to_owned(), value)
                .is_some()
            {
                return Err(WebError::BadRequest(format!(
                    "Statement {statement:?} is rated twice."
                )));
            }
        } else {
            return Err(WebError::BadRequest(format!(
                "Unexpected form field {key:?}."
            )));
        }
    }
    Ok(submitted)
}

pub async fn submit(
    state: web::Data<AppState>,
    posted: Posted<AssessmentForm>,
) -> Result<HttpResponse, WebError> {
    let Posted { user, frame, form } = posted;
    let AssessmentForm {
        slug,
        phase,
        submitted,
    } = form;
    let sent = state
        .learning()
        .submit_assessment(user.id(), &slug, phase, &submitted, Utc::now())
        .await;
    let s = match sent {
        Err(
            LearningError::Answers(AnswerError::Unanswered(_))
            | LearningError::Ratings(RatingError::Missing(_)),
        ) => {
            let s = state.learning().assessment_state(user.id(), &slug).await?;
            let errors = unanswered(&state, &frame, &s, phase, &submitted);
            return render(&state, &frame, &s, &submitted, &errors);
        }
        other => other?,
    };
    let next = match (phase, s.course.course.lessons.first()) {
        (Phase::Before, Some(first)) => format!("/courses/{slug}/{}", first.slug),
        _ => format!("/courses/{slug}/assessment"),
    };
    Ok(see_other(&next))
}
