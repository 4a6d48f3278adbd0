use chrono::NaiveDate;

use super::filter::RawFilter;
use super::*;
use crate::domain::Role;

fn dept(id: i64, parent: Option<i64>, path: &str) -> Department {
    Department {
        id,
        parent_id: parent,
        name: path.rsplit('/').next().unwrap_or(path).to_owned(),
        path: path.to_owned(),
    }
}

/// Soc (1) ─┬─ Nord (2) ── Team A (4)
///          └─ Syd (3)
/// Kultur (5)
fn tree() -> DepartmentTree {
    DepartmentTree::new(vec![
        dept(1, None, "Soc"),
        dept(2, Some(1), "Soc/Nord"),
        dept(3, Some(1), "Soc/Syd"),
        dept(4, Some(2), "Soc/Nord/Team A"),
        dept(5, None, "Kultur"),
    ])
}

fn row(department_id: i64, course_id: i64, state: State, overdue: bool, n: u64) -> CountRow {
    CountRow {
        department_id,
        course_id,
        state,
        overdue,
        n,
    }
}

fn rows() -> Vec<CountRow> {
    vec![
        row(1, 10, State::Completed, false, 1),
        row(2, 10, State::NotStarted, true, 2),
        row(4, 10, State::Completed, false, 3),
        row(4, 11, State::InProgress, false, 4),
        row(3, 10, State::InProgress, true, 5),
        row(5, 10, State::Completed, false, 6),
        row(NO_DEPARTMENT, 10, State::NotStarted, false, 7),
    ]
}

fn counts(
    enrolled: u64,
    completed: u64,
    in_progress: u64,
    not_started: u64,
    overdue: u64,
) -> Counts {
    Counts {
        enrolled,
        completed,
        in_progress,
        not_started,
        overdue,
    }
}

/// The same enrolments per course, as the store counts them for the whole organisation.
fn by_course() -> Vec<CountRow> {
    vec![
        row(0, 10, State::Completed, false, 10),
        row(0, 10, State::InProgress, true, 5),
        row(0, 10, State::NotStarted, true, 2),
        row(0, 10, State::NotStarted, false, 7),
        row(0, 11, State::InProgress, false, 4),
    ]
}

#[test]
fn the_organisation_total_counts_everyone_and_people_without_a_department_directly() {
    let s = tree().summarize(&rows(), &by_course(), None, &Filter::default());
    assert_eq!(s.total, counts(28, 10, 9, 9, 7));
    assert_eq!(s.direct, counts(7, 0, 0, 7, 0));
    let names: Vec<(&str, u64)> = s
        .children
        .iter()
        .map(|(d, c)| (d.name.as_str(), c.enrolled))
        .collect();
    assert_eq!(names, [("Kultur", 6), ("Soc", 15)]);
    assert_eq!(s.courses[&11], counts(4, 0, 4, 0, 0));
}

#[test]
fn a_department_rolls_up_everything_under_it_and_keeps_its_own_people_apart() {
    let s = tree().summarize(&rows(), &by_course(), Some(1), &Filter::default());
    assert_eq!(s.total, counts(15, 4, 9, 2, 7));
    assert_eq!(s.direct, counts(1, 1, 0, 0, 0));
    let nord = &s.children[0];
    assert_eq!(nord.0.name, "Nord");
    assert_eq!(nord.1, counts(9, 3, 4, 2, 2));
    assert_eq!(s.children[1].1, counts(5, 0, 5, 0, 5));
}

#[test]
fn a_leaf_has_no_children_and_counts_only_its_own_people() {
    let s = tree().summarize(&rows(), &by_course(), Some(4), &Filter::default());
    assert!(s.children.is_empty());
    assert_eq!(s.total, counts(7, 3, 4, 0, 0));
    assert_eq!(s.total.rate().value(), 42);
}

#[test]
fn the_status_filter_keeps_only_matching_groups() {
    let filter = Filter {
        status: Some(Status::Overdue),
        ..Filter::default()
    };
    let s = tree().summarize(&rows(), &by_course(), None, &filter);
    assert_eq!(s.total, counts(7, 0, 5, 2, 7));
}

#[test]
fn an_hr_scope_covers_its_tree_and_nothing_else() {
    let tree = tree();
    let scope = Scope::of(Role::Hr, Some(2)).expect("HR sees reports");
    assert!(scope.covers(&tree, Some(2)));
    assert!(scope.covers(&tree, Some(4)));
    assert!(!scope.covers(&tree, Some(1)));
    assert!(!scope.covers(&tree, Some(3)));
    assert!(!scope.covers(&tree, None));
    assert_eq!(Scope::of(Role::Learner, None), None);
    assert_eq!(Scope::of(Role::Trainer, Some(2)), None);
    assert!(Scope::of(Role::Admin, None).is_some_and(|s| s.covers(&tree, Some(5))));
}

#[test]
fn a_subtree_lists_a_department_and_everything_under_it() {
    let mut ids = tree().subtree(1);
    ids.sort();
    assert_eq!(ids, [1, 2, 3, 4]);
    assert_eq!(tree().subtree(99), Vec::<i64>::new());
}

fn raw(pairs: &[(&str, &str)]) -> RawFilter {
    let query = serde_urlencoded::to_string(pairs).expect("encodes");
    serde_urlencoded::from_str(&query).expect("decodes")
}

#[test]
fn a_filter_is_parsed_from_the_query_and_written_back() {
    let filter = Filter::parse(&raw(&[
        ("department", "4"),
        ("course", "provkurs"),
        ("status", "in_progress"),
        ("due_from", "2026-01-01"),
        ("due_to", "2026-12-31"),
        ("page", "3"),
    ]))
    .expect("a valid filter");
    assert_eq!(filter.department, Some(4));
    assert_eq!(filter.status, Some(Status::InProgress));
    assert_eq!(filter.due_from, NaiveDate::from_ymd_opt(2026, 1, 1));
    assert_eq!(filter.page, 3);
    assert_eq!(
        filter.query(),
        "department=4&course=provkurs&status=in_progress&due_from=2026-01-01&due_to=2026-12-31"
    );
    assert_eq!(
        Filter::parse(&raw(&[("status", "")])),
        Ok(Filter {
            page: 1,
            ..Filter::default()
        })
    );
}

#[test]
fn bad_filters_are_refused_with_a_reason() {
    let cases = [
        (("department", "-1"), FilterError::Department("-1".into())),
        (("department", "x"), FilterError::Department("x".into())),
        (("status", "done"), FilterError::Status("done".into())),
        (
            ("due_from", "31/12/2026"),
            FilterError::Date("31/12/2026".into()),
        ),
        (("page", "0"), FilterError::Page("0".into())),
    ];
    for ((key, value), expected) in cases {
        assert_eq!(
            Filter::parse(&raw(&[(key, value)])),
            Err(expected),
            "{key}={value}"
        );
    }
    assert_eq!(
        Filter::parse(&raw(&[
            ("due_from", "2026-12-31"),
            ("due_to", "2026-01-01")
        ])),
        Err(FilterError::Range)
    );
}

#[test]
fn the_chart_escapes_department_names_and_writes_each_figure() {
    let svg = chart::completion_bars(
        "Completion",
        "Share completed per department",
        &[("<script>&".to_owned(), counts(4, 1, 1, 2, 0))],
    );
    assert!(svg.contains("&lt;script&gt;&amp;"));
    assert!(!svg.contains("<script>"));
    assert!(svg.contains("25% (1/4)"));
    assert!(svg.contains(r#"role="img""#));
}

#[test]
fn export_cells_that_a_spreadsheet_would_run_are_defused() {
    let row = export::PersonRow {
        user_id: 1,
        name: "=HYPERLINK(\"http://x\")".into(),
        email: "a@b.se".into(),
        department_id: Some(1),
        department: Some("-Soc".into()),
        course_id: 1,
        cycle: 1,
        status: Status::Completed,
        enrolled_at: chrono::DateTime::UNIX_EPOCH,
        due_date: None,
        started_at: None,
        completed_at: Some(chrono::DateTime::UNIX_EPOCH),
    };
    let cells = export::cells(&row, ("provkurs", "@Provkurs"), "-Soc");
    let text = |i: usize| String::from_utf8(cells[i].as_ref().to_vec()).unwrap();
    assert_eq!(text(1), "'=HYPERLINK(\"http://x\")");
    assert_eq!(text(2), "'-Soc");
    assert_eq!(text(3), "provkurs");
    assert_eq!(text(4), "'@Provkurs");
    assert_eq!(text(6), "completed");
    assert_eq!(text(8), "");
    assert_eq!(text(10), "1970-01-01");
}
