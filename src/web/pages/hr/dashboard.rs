//! `/hr`: the figures at a department (or the whole organisation), its sub-departments
//! rolled up, a chart and the same figures per course.

use actix_web::{HttpResponse, web};
use chrono::Utc;
use serde::Serialize;

use crate::reports::chart;
use crate::web::AppState;
use crate::web::error::WebError;
use crate::web::session::{HrPage, HrReportPage};

use super::{CountsView, Crumb, FilterForm, breadcrumbs, filter_form};

/// `hr_dashboard.hbs`: the figures at one department (or the whole organisation).
#[derive(Serialize)]
struct DashboardPage<'a> {
    wide: bool,
    base: &'static str,
    heading: String,
    breadcrumbs: Vec<Crumb>,
    at_top: bool,
    top_query: String,
    form: FilterForm,
    total: CountsView,
    direct: CountsView,
    has_direct: bool,
    children: Vec<DepartmentRow<'a>>,
    courses: Vec<CourseRow<'a>>,
    chart: String,
    query: String,
}

#[derive(Serialize)]
struct DepartmentRow<'a> {
    name: &'a str,
    query: String,
    has_children: bool,
    counts: CountsView,
}

#[derive(Serialize)]
struct CourseRow<'a> {
    title: &'a str,
    lang: Option<&'a str>,
    query: String,
    counts: CountsView,
}

pub async fn dashboard(
    state: web::Data<AppState>,
    asked: HrReportPage,
) -> Result<HttpResponse, WebError> {
    let HrReportPage { page, filter } = asked;
    let HrPage { viewer, frame, .. } = page;
    let report = state
        .hr(&viewer)
        .dashboard(filter, Utc::now().date_naive())
        .await?;
    let (context, summary) = (&report.context, &report.summary);
    let t = |key: &str| state.templates.text(frame.lang, key);
    let heading = context
        .department()
        .map_or_else(|| t("whole_organisation"), |d| d.name.clone());
    let query_of = |department: Option<i64>| {
        let mut f = context.filter.clone();
        f.department = department;
        f.query()
    };
    let children: Vec<DepartmentRow> = summary
        .children
        .iter()
        .map(|(d, counts)| DepartmentRow {
            name: &d.name,
            query: query_of(Some(d.id)),
            has_children: !context.tree.children(Some(d.id)).is_empty(),
            counts: CountsView::from(counts),
        })
        .collect();
    let mut bars: Vec<(String, crate::reports::Counts)> = summary
        .children
        .iter()
        .filter(|(_, c)| c.enrolled > 0)
        .map(|(d, c)| (d.name.clone(), *c))
        .collect();
    if summary.direct.enrolled > 0 && !bars.is_empty() {
        bars.push((t("directly_here"), summary.direct));
    }
    if bars.is_empty() {
        bars.push((heading.clone(), summary.total));
    }
    let svg = chart::completion_bars(
        &format!("{}: {heading}", t("chart_title")),
        &t("chart_description"),
        &bars,
    );
    let courses: Vec<CourseRow> = summary
        .courses
        .iter()
        .map(|(id, counts)| {
            let (slug, title) = context.course_slug(*id);
            let mut f = context.filter.clone();
            f.course = Some(slug.to_owned());
            CourseRow {
                title,
                lang: context.course_language(*id),
                query: f.query(),
                counts: CountsView::from(counts),
            }
        })
        .collect();
    let data = DashboardPage {
        wide: true,
        base: "/hr",
        breadcrumbs: breadcrumbs(context, &viewer),
        at_top: context.at == viewer.scope.top(),
        top_query: query_of(viewer.scope.top()),
        form: filter_form(&state.templates, frame.lang, context, &viewer),
        total: CountsView::from(&summary.total),
        direct: CountsView::from(&summary.direct),
        has_direct: summary.direct.enrolled > 0 && !children.is_empty(),
        children,
        courses,
        chart: svg,
        query: context.filter.query(),
        heading,
    };
    state
        .templates
        .page("hr_dashboard", &frame, &t("reports_title"), data)
}
