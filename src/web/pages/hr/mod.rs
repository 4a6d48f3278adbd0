//! HR pages: the dashboard, the people view and its export, staff upload, assignments.
//! Every handler first turns the signed-in user into an [`hr::Viewer`], which refuses
//! learners and trainers, and the `hr` functions check the department scope.

pub mod assignments;
pub mod dashboard;
pub mod evaluation;
pub(crate) mod evaluation_view;
pub mod people;
pub mod upload;

use serde::Serialize;

use crate::domain::Language;
use crate::hr::{self, ReportContext};
use crate::reports::{Counts, Status};
use crate::web::error::WebError;
use crate::web::render::Templates;
use crate::web::session::SignedIn;

pub fn viewer(user: &SignedIn) -> Result<hr::Viewer, WebError> {
    Ok(hr::Viewer::of(&user.user, user.role)?)
}

pub fn status_label(templates: &Templates, lang: Language, status: Status) -> String {
    templates.text(lang, &format!("status_{}", status.as_str()))
}

/// Counts with the rate, as tables show them.
#[derive(Debug, Clone, Serialize)]
pub struct CountsView {
    enrolled: u64,
    completed: u64,
    in_progress: u64,
    not_started: u64,
    overdue: u64,
    rate: u8,
}

impl From<&Counts> for CountsView {
    fn from(c: &Counts) -> Self {
        CountsView {
            enrolled: c.enrolled,
            completed: c.completed,
            in_progress: c.in_progress,
            not_started: c.not_started,
            overdue: c.overdue,
            rate: c.rate().value(),
        }
    }
}

/// One choice of a select box.
#[derive(Debug, Clone, Serialize)]
struct Choice {
    value: String,
    label: String,
    selected: bool,
    /// The label's language where it is not the page's: a course title.
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<String>,
}

impl Choice {
    fn new(value: &str, label: &str, selected: bool) -> Choice {
        Choice {
            value: value.to_owned(),
            label: label.to_owned(),
            selected,
            lang: None,
        }
    }
}

/// The filter form (`hr_filters.hbs`): its choices and values.
#[derive(Debug, Serialize)]
pub struct FilterForm {
    whole_organisation: bool,
    departments: Vec<Choice>,
    courses: Vec<Choice>,
    statuses: Vec<Choice>,
    due_from: String,
    due_to: String,
}

/// One step of the breadcrumbs (`hr_crumbs.hbs`).
#[derive(Debug, Serialize)]
pub struct Crumb {
    id: i64,
    name: String,
}

/// The filter form's choices and values, shared by the dashboard and the people view.
pub fn filter_form(
    templates: &Templates,
    lang: Language,
    context: &ReportContext,
    viewer: &hr::Viewer,
) -> FilterForm {
    let departments: Vec<Choice> = viewer
        .scope
        .departments(&context.tree)
        .into_iter()
        .map(|d| Choice {
            value: d.id.to_string(),
            label: d.path.clone(),
            selected: context.at == Some(d.id),
            lang: None,
        })
        .collect();
    let courses: Vec<Choice> = context
        .courses
        .iter()
        .map(|c| Choice {
            value: c.slug.clone(),
            label: c.title.clone(),
            selected: context.course.as_ref().is_some_and(|s| s.id == c.id),
            lang: Some(c.language.clone()),
        })
        .collect();
    let statuses: Vec<Choice> = Status::ALL
        .into_iter()
        .map(|s| Choice {
            value: s.as_str().to_owned(),
            label: status_label(templates, lang, s),
            selected: context.filter.status == Some(s),
            lang: None,
        })
        .collect();
    FilterForm {
        whole_organisation: matches!(viewer.scope, crate::reports::Scope::Organisation),
        departments,
        courses,
        statuses,
        due_from: context
            .filter
            .due_from
            .map(|d| d.to_string())
            .unwrap_or_default(),
        due_to: context
            .filter
            .due_to
            .map(|d| d.to_string())
            .unwrap_or_default(),
    }
}

/// The departments from the viewer's top down to the one shown, for breadcrumbs.
pub fn breadcrumbs(context: &ReportContext, viewer: &hr::Viewer) -> Vec<Crumb> {
    let Some(at) = context.at else {
        return Vec::new();
    };
    context
        .tree
        .ancestry(at)
        .into_iter()
        .filter(|d| viewer.scope.covers(&context.tree, Some(d.id)))
        .map(|d| Crumb {
            id: d.id,
            name: d.name.clone(),
        })
        .collect()
}
