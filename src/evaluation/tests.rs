//! The statistics against values worked out by hand for small fixed data sets.

use crate::reports::{Department, DepartmentTree};

use super::items::{Flag, ItemCount, analyse};
use super::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-3
}

/// Five pairs: (40→60), (50→80), (60→70), (20→60), (30→30).
fn five_pairs() -> Sums {
    let mut sums = Sums::default();
    for (pre, post) in [
        (40.0, 60.0),
        (50.0, 80.0),
        (60.0, 70.0),
        (20.0, 60.0),
        (30.0, 30.0),
    ] {
        sums.add(&Sums::pair(pre, post));
    }
    sums
}

#[test]
fn five_pairs_give_the_means_gain_and_interval_worked_out_by_hand() {
    // Changes 20, 30, 10, 40, 0: mean 20; variance (3000 − 100²/5) / 4 = 250;
    // standard error √250 / √5 = 7.0711; t(4) = 2.776; half-width 19.629.
    let m = five_pairs().measures().unwrap();
    assert_eq!(m.n, 5);
    assert!(close(m.mean_pre, 40.0) && close(m.mean_post, 60.0) && close(m.mean_change, 20.0));
    let (low, high) = m.ci.unwrap();
    assert!(close(low, 0.371) && close(high, 39.629), "{low} {high}");
    // (60 − 40) / (100 − 40)
    assert!(close(m.normalized_gain().unwrap(), 1.0 / 3.0));
}

#[test]
fn a_group_that_started_at_full_marks_has_no_normalized_gain() {
    let m = Sums::pair(100.0, 75.0).measures().unwrap();
    assert_eq!(m.normalized_gain(), None);
    assert_eq!(m.ci, None, "one pair has no interval");
    assert_eq!(Sums::default().measures(), None);
}

#[test]
fn t_quantiles_match_the_tables() {
    for (df, t) in [
        (1, 12.706),
        (4, 2.776),
        (29, 2.045),
        (40, 2.021),
        (60, 2.000),
        (120, 1.980),
        (1000, 1.962),
    ] {
        assert!(close(stats::t_975(df), t), "df {df}: {}", stats::t_975(df));
    }
}

/// Socialförvaltningen (1) with Nord (2) and Syd (3); Skola (4) beside it.
fn tree() -> DepartmentTree {
    let d = |id, parent, name: &str| Department {
        id,
        parent_id: parent,
        name: name.to_owned(),
        path: name.to_owned(),
    };
    DepartmentTree::new(vec![
        d(1, None, "Social"),
        d(2, Some(1), "Nord"),
        d(3, Some(1), "Syd"),
        d(4, None, "Skola"),
    ])
}

fn groups(pairs: &[((i64, i32), u64)]) -> Groups {
    Groups::new(&tree(), &pairs.iter().copied().collect(), 5)
}

#[test]
fn a_small_group_is_withheld_and_so_is_its_sibling_that_would_reveal_it() {
    // Syd has 3: withheld. Social (9) minus Nord (6) would give Syd: Nord is withheld too.
    let g = groups(&[((2, 2026), 6), ((3, 2026), 3), ((4, 2026), 10)]);
    for period in [Period::All, Period::Year(2026)] {
        assert!(g.published(None, period));
        assert!(g.published(Some(1), period));
        assert!(g.published(Some(4), period));
        assert!(!g.published(Some(2), period));
        assert!(!g.published(Some(3), period));
    }
    assert_eq!(g.n(Some(1), Period::All), 9);
}

#[test]
fn a_department_differing_from_its_parent_by_fewer_than_the_minimum_is_withheld() {
    // Two people placed directly in Social, ten in Nord: Social (12) − Nord (10) = 2.
    let g = groups(&[((1, 2026), 2), ((2, 2026), 10)]);
    assert!(g.published(Some(1), Period::All));
    assert!(!g.published(Some(2), Period::All));
}

#[test]
fn a_small_year_is_withheld_and_so_is_the_year_that_with_the_total_would_reveal_it() {
    // Skola: 3 in 2025, 8 in 2026, 11 in all. All − 2026 would give 2025.
    let g = groups(&[((4, 2025), 3), ((4, 2026), 8)]);
    assert!(g.published(Some(4), Period::All));
    assert!(!g.published(Some(4), Period::Year(2025)));
    assert!(!g.published(Some(4), Period::Year(2026)));
    assert!(g.published(None, Period::All));
    assert!(!g.published(None, Period::Year(2026)));
    assert_eq!(g.years().collect::<Vec<_>>(), [2025, 2026]);
}

#[test]
fn people_without_a_department_count_for_the_organisation_only() {
    let g = groups(&[((0, 2026), 4), ((4, 2026), 7)]);
    // The organisation (11) minus Skola (7) would give the 4 without one.
    assert!(g.published(None, Period::All));
    assert!(!g.published(Some(4), Period::All));
}

#[test]
fn large_enough_groups_are_all_published() {
    let g = groups(&[
        ((2, 2026), 5),
        ((3, 2026), 5),
        ((4, 2025), 6),
        ((4, 2026), 7),
    ]);
    for node in [None, Some(1), Some(2), Some(3), Some(4)] {
        assert!(g.published(node, Period::All), "{node:?}");
    }
    assert!(g.published(Some(4), Period::Year(2025)));
}

fn course() -> crate::course::Course {
    let source = crate::course::CourseSource::new("kurs", "courses/kurs")
        .with_file("course.toml", "title = \"K\"\nlanguage = \"sv\"\nsummary = \"S\"\npass_mark = 50\n")
        .with_file("01-quiz.md", "+++\nkind = \"quiz\"\n+++\n# Quiz\n\n## Ett {#ett}\n\n- [x] Rätt\n- [ ] Fel\n- [ ] Fel igen\n\n## Två {#tva}\n\n- [x] Rätt\n- [ ] Lockande\n\n## Tre {#tre}\n\n- [x] Rätt\n- [ ] Fel\n")
        .with_file("assessment/form-a.md", "## F {#f}\n\n- [x] Ja\n- [ ] Nej\n")
        .with_file("assessment/self.md", "1. Nej\n2. Ja\n\n- Jag kan. {#kan}\n- Jag vet. {#vet}\n");
    crate::course::compile(&source, &Default::default())
        .course
        .expect("the test course compiles")
}

#[test]
fn an_evaluation_rolls_sums_up_the_tree_and_withholds_what_is_small() {
    let course = course();
    let five = five_pairs();
    let rows = vec![
        SumRow {
            department_id: 2,
            year: 2026,
            measure: String::new(),
            sums: five,
        },
        SumRow {
            department_id: 3,
            year: 2026,
            measure: String::new(),
            sums: Sums::pair(50.0, 100.0),
        },
        // Statement `kan` rated 2→4 by Nord's five: change +2 each, no spread.
        SumRow {
            department_id: 2,
            year: 2026,
            measure: "kan".into(),
            sums: Sums {
                n: 5,
                sum_pre: 10.0,
                sum_post: 20.0,
                sum_d2: 20.0,
            },
        },
        SumRow {
            department_id: 2,
            year: 2026,
            measure: "gone".into(),
            sums: five,
        },
    ];
    let evaluation = Evaluation::new(&tree(), &course, &rows, 5);
    let social = evaluation.row(Some(1), Period::All);
    assert_eq!(social.pairs, Some(6));
    let k = social.knowledge.unwrap();
    // (200 + 50) / 6 and (300 + 100) / 6
    assert!(close(k.mean_pre, 41.667) && close(k.mean_post, 66.667));
    // Statement `kan` has five ratings: published at Social; `vet` has none.
    let kan = social.statements[0].unwrap();
    assert!(close(kan.mean_change, 2.0) && close(kan.ci.unwrap().0, 2.0));
    assert_eq!(social.statements[1], None);
    // Social (6) − Nord (5) = Syd (1): both withheld.
    let nord = evaluation.row(Some(2), Period::All);
    assert!(nord.withheld() && nord.knowledge.is_none() && nord.statements[0].is_none());
    assert!(evaluation.row(Some(3), Period::Year(2026)).withheld());
    let skola = evaluation.row(Some(4), Period::All);
    assert!(!skola.has_pairs && !skola.withheld());
    assert_eq!(evaluation.years(), [2026]);
}

#[test]
fn item_analysis_splits_first_attempts_by_pass_and_flags_weak_questions() {
    let course = course();
    let mut counts = Vec::new();
    let mut add = |q: &str, o: &str, passed: bool, n: u64| {
        counts.push(ItemCount {
            lesson: "quiz".into(),
            question: q.into(),
            option: o.into(),
            passed,
            n,
        })
    };
    // Ett: 10 passed (a 9, b 1), 5 failed (a 2, b 3): a good question.
    add("ett", "", true, 10);
    add("ett", "a", true, 9);
    add("ett", "b", true, 1);
    add("ett", "", false, 5);
    add("ett", "a", false, 2);
    add("ett", "b", false, 3);
    // Två: the wrong option draws half of those who passed.
    add("tva", "", true, 10);
    add("tva", "a", true, 5);
    add("tva", "b", true, 5);
    add("tva", "", false, 5);
    add("tva", "a", false, 3);
    add("tva", "b", false, 2);
    // Tre: everyone right, and only three failed attempts.
    add("tre", "", true, 12);
    add("tre", "a", true, 12);
    add("tre", "", false, 3);
    add("tre", "a", false, 3);
    let analysis = analyse(&course, &counts, 5);
    assert_eq!(analysis.len(), 3);
    let ett = &analysis[0];
    assert_eq!((ett.attempts_passed, ett.attempts_failed), (10, 5));
    let a = &ett.options[0];
    assert!(
        a.correct
            && close(a.all.unwrap(), 11.0 / 15.0)
            && close(a.passed.unwrap(), 0.9)
            && close(a.failed.unwrap(), 0.4)
    );
    assert_eq!(ett.options[2].all, Some(0.0));
    assert!(ett.flags.is_empty(), "{:?}", ett.flags);
    assert_eq!(
        analysis[1].flags,
        [Flag::Ambiguous, Flag::DoesNotDiscriminate]
    );
    let tre = &analysis[2];
    assert_eq!(
        tre.options[0].failed, None,
        "three failed attempts are too few to show"
    );
    assert_eq!(tre.flags, [Flag::TooEasy]);
}

#[test]
fn counts_for_a_question_no_longer_in_the_course_are_not_shown() {
    let counts = vec![ItemCount {
        lesson: "quiz".into(),
        question: "borta".into(),
        option: String::new(),
        passed: true,
        n: 9,
    }];
    let analysis = analyse(&course(), &counts, 5);
    assert!(analysis.iter().all(|q| q.attempts_passed == 0));
}

#[test]
fn export_lines_guard_text_a_spreadsheet_would_run_and_leave_withheld_figures_blank() {
    let published = Row {
        node: Some(1),
        pairs: Some(5),
        has_pairs: true,
        knowledge: five_pairs().measures(),
        statements: vec![None],
    };
    let cells = export::cells("kurs", "=Soc", Period::Year(2026), None, &published, None);
    assert_eq!(
        cells,
        [
            "kurs",
            "'=Soc",
            "2026",
            "knowledge",
            "",
            "5",
            "40.000",
            "60.000",
            "20.000",
            "0.371",
            "39.629",
            "0.333",
            "published"
        ]
    );
    let statement = ("kan".to_owned(), "-Jag kan.".to_owned());
    let cells = export::cells(
        "kurs",
        "Soc",
        Period::All,
        Some(&statement),
        &published,
        Some(0),
    );
    assert_eq!(
        cells,
        [
            "kurs",
            "Soc",
            "all",
            "kan",
            "'-Jag kan.",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "withheld"
        ]
    );
}

#[test]
fn the_halves_that_started_with_each_form_are_shown_only_when_both_are_large_enough() {
    let course = course();
    let row = |measure: &str, n: u64, pre: f64, post: f64| SumRow {
        department_id: 2,
        year: 2026,
        measure: measure.into(),
        sums: Sums {
            n,
            sum_pre: pre * n as f64,
            sum_post: post * n as f64,
            sum_d2: 0.0,
        },
    };
    let small = Evaluation::new(
        &tree(),
        &course,
        &[row("form:a", 5, 40.0, 70.0), row("form:b", 4, 50.0, 60.0)],
        5,
    );
    assert_eq!(small.forms(), None, "the total minus A would give B");
    let both = Evaluation::new(
        &tree(),
        &course,
        &[
            row("form:a", 5, 40.0, 70.0),
            row("form:b", 6, 50.0, 60.0),
            row("", 11, 45.0, 65.0),
        ],
        5,
    );
    let [a, b] = both.forms().unwrap();
    assert_eq!((a.n, b.n), (5, 6));
    assert!(close(a.mean_pre, 40.0) && close(b.mean_post, 60.0));
    // The form rows are not knowledge rows: the pairs come from the knowledge row only.
    assert_eq!(both.row(None, Period::All).pairs, Some(11));
}
