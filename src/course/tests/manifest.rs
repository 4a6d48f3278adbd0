use super::*;
use crate::course::compile;

const LESSON: (&str, &str) = ("01-intro.md", "# Intro\n\nText.\n");

#[test]
fn a_valid_course_toml_gives_its_fields_to_the_course() {
    let toml = "title = \"Kurs\"\nlanguage = \"en\"\nsummary = \"S\"\npass_mark = 70\nestimated_minutes = 30\nvalid_for_months = 12\n";
    let course = course(&[("course.toml", toml), LESSON]);
    assert_eq!(course.title, "Kurs");
    assert_eq!(course.language, crate::domain::Language::En);
    assert_eq!(course.pass_mark.value(), 70);
    assert_eq!(course.estimated_minutes, 30);
    assert_eq!(course.valid_for_months, Some(12));
}

#[test]
fn a_pass_mark_above_100_is_an_error_at_its_value() {
    let toml = MANIFEST.replace("pass_mark = 80", "pass_mark = 120");
    assert_eq!(
        messages(&[("course.toml", &toml), LESSON]),
        [
            "courses/testkurs/course.toml:4:13: error: `pass_mark` is 120, but must be from 0 to 100 percent"
        ]
    );
}

#[test]
fn a_negative_pass_mark_is_an_error() {
    let toml = MANIFEST.replace("pass_mark = 80", "pass_mark = -5");
    assert_eq!(
        messages(&[("course.toml", &toml), LESSON]),
        [
            "courses/testkurs/course.toml:4:13: error: `pass_mark` is -5, but must be from 0 to 100 percent"
        ]
    );
}

#[test]
fn a_pass_mark_in_quotes_is_an_error() {
    let toml = MANIFEST.replace("pass_mark = 80", "pass_mark = \"80\"");
    assert_eq!(
        messages(&[("course.toml", &toml), LESSON]),
        [
            "courses/testkurs/course.toml:4:13: error: `pass_mark` must be a whole number of percent, found string"
        ]
    );
}

#[test]
fn an_unknown_language_is_an_error_naming_the_choices() {
    let toml = MANIFEST.replace("\"sv\"", "\"se\"");
    assert_eq!(
        messages(&[("course.toml", &toml), LESSON]),
        [
            "courses/testkurs/course.toml:2:12: error: unknown language \"se\": use \"sv\" (Swedish) or \"en\" (English)"
        ]
    );
}

#[test]
fn a_missing_title_is_reported_with_an_example() {
    let toml = MANIFEST.replace("title = \"Testkurs\"\n", "");
    assert_eq!(
        messages(&[("course.toml", &toml), LESSON]),
        [
            "courses/testkurs/course.toml:1:1: error: course.toml has no `title`: add a line such as title = \"Möta invånare med tolk\""
        ]
    );
}

#[test]
fn an_empty_course_toml_reports_every_missing_field() {
    let errors = messages(&[("course.toml", ""), LESSON]);
    assert_eq!(errors.len(), 4, "{errors:#?}");
    for key in ["title", "language", "summary", "pass_mark"] {
        assert!(
            errors
                .iter()
                .any(|e| e.contains(&format!("has no `{key}`"))),
            "{key}: {errors:#?}"
        );
    }
}

#[test]
fn an_unknown_key_is_an_error_suggesting_the_closest_known_key() {
    let toml = format!("{MANIFEST}valid_for_month = 12\n");
    assert_eq!(
        messages(&[("course.toml", &toml), LESSON]),
        [
            "courses/testkurs/course.toml:5:1: error: unknown key `valid_for_month` in course.toml; did you mean `valid_for_months`?"
        ]
    );
}

#[test]
fn course_toml_that_is_not_toml_is_an_error_at_the_broken_line() {
    let toml = MANIFEST.replace("summary = \"En kurs för tester.\"", "summary = En kurs");
    let errors = messages(&[("course.toml", &toml), LESSON]);
    assert_eq!(
        errors[0],
        "courses/testkurs/course.toml:3:11: error: put quotes around the text: `summary = \"En kurs\"`"
    );
}

#[test]
fn a_course_without_course_toml_is_an_error() {
    let source =
        CourseSource::new("testkurs", "courses/testkurs").with_file("01-intro.md", "# Intro\n");
    let compilation = compile(&source, &CompileOptions::default());
    let errors = lines(&compilation);
    assert_eq!(
        errors,
        [
            "courses/testkurs/course.toml: error: course has no course.toml: every course folder needs one with its title, language, summary and pass mark"
        ]
    );
    assert!(compilation.course.is_none());
}

#[test]
fn a_course_folder_name_that_is_not_a_slug_is_an_error() {
    let source = CourseSource::new("Min Kurs", "courses/Min Kurs")
        .with_file("course.toml", MANIFEST)
        .with_file("01-intro.md", "# Intro\n");
    let errors = messages_of(&source);
    assert_eq!(
        errors,
        [
            "courses/Min Kurs: error: course folder name `Min Kurs` is not a valid course id: it may only contain lowercase letters a-z, digits and hyphens (found 'M')"
        ]
    );
}

#[test]
fn estimated_minutes_default_to_the_sum_of_the_lessons() {
    let course = course(&[
        ("01-a.md", "+++\nminutes = 7\n+++\n# A\n"),
        ("02-b.md", "+++\nminutes = 5\n+++\n# B\n"),
    ]);
    assert_eq!(course.estimated_minutes, 12);
}

mod translations {
    use std::path::Path;

    use crate::course::{CompileOptions, compile_all};

    fn write_course(root: &Path, folder: &str, language: &str, translation: Option<&str>) {
        let dir = root.join(folder);
        std::fs::create_dir_all(&dir).unwrap();
        let mut toml = format!(
            "title = \"{folder}\"\nlanguage = \"{language}\"\nsummary = \"S\"\npass_mark = 80\n"
        );
        if let Some(t) = translation {
            toml.push_str(&format!("translation = \"{t}\"\n"));
        }
        std::fs::write(dir.join("course.toml"), toml).unwrap();
        std::fs::write(dir.join("01-intro.md"), "# Intro\n\nText.\n").unwrap();
    }

    fn messages(root: &Path) -> Vec<String> {
        compile_all(root, &CompileOptions::default())
            .unwrap()
            .into_iter()
            .flat_map(|(_, c)| c.diagnostics)
            .map(|d| {
                format!(
                    "{}: {}",
                    d.path,
                    d.message.text(crate::domain::Language::En)
                )
            })
            .collect()
    }

    #[test]
    fn two_courses_naming_each_other_in_two_languages_are_translations() {
        let root = tempfile::tempdir().unwrap();
        write_course(
            root.path(),
            "mota-invanare",
            "sv",
            Some("meeting-residents"),
        );
        write_course(
            root.path(),
            "meeting-residents",
            "en",
            Some("mota-invanare"),
        );
        assert_eq!(messages(root.path()), Vec::<String>::new());
        let compiled = compile_all(root.path(), &CompileOptions::default()).unwrap();
        let sv = compiled
            .iter()
            .find_map(|(_, c)| {
                c.course
                    .as_ref()
                    .filter(|c| c.slug.as_str() == "mota-invanare")
            })
            .unwrap();
        assert_eq!(
            sv.translation.as_ref().map(|t| t.as_str()),
            Some("meeting-residents")
        );
    }

    #[test]
    fn a_translation_that_is_missing_in_the_same_language_or_one_sided_is_reported() {
        let root = tempfile::tempdir().unwrap();
        write_course(root.path(), "a-kurs", "sv", Some("finns-inte"));
        write_course(root.path(), "b-kurs", "sv", Some("c-kurs"));
        write_course(root.path(), "c-kurs", "sv", None);
        write_course(root.path(), "d-kurs", "sv", Some("e-course"));
        write_course(root.path(), "e-course", "en", None);
        write_course(root.path(), "f-kurs", "sv", Some("Inte En Slug"));
        let found = messages(root.path());
        let has = |part: &str| found.iter().any(|m| m.contains(part));
        assert!(
            has(
                "a-kurs/course.toml: `translation = \"finns-inte\"` names no course in this folder"
            ),
            "{found:#?}"
        );
        assert!(
            has("b-kurs/course.toml: `c-kurs` is in the same language as this course"),
            "{found:#?}"
        );
        assert!(
            has("d-kurs/course.toml: `e-course` does not name `d-kurs` as its translation"),
            "{found:#?}"
        );
        assert!(
            has("f-kurs/course.toml: `translation` must name a course folder"),
            "{found:#?}"
        );
        assert_eq!(found.len(), 4, "{found:#?}");
    }
}

#[test]
fn a_legal_status_is_a_month_and_a_bad_one_is_an_error_at_its_value() {
    let toml = format!("{MANIFEST}legal_status = \"2026-11\"\n");
    let course = course(&[("course.toml", &toml), LESSON]);
    assert_eq!(
        course.legal_status.map(|m| m.to_string()).as_deref(),
        Some("2026-11")
    );
    let bad = format!("{MANIFEST}legal_status = \"november 2026\"\n");
    assert_eq!(
        messages(&[("course.toml", &bad), LESSON]),
        [
            "courses/testkurs/course.toml:5:16: error: `legal_status`: `november 2026` is not a month written as YYYY-MM, such as \"2026-11\""
        ]
    );
}

#[test]
fn a_legal_status_older_than_the_validity_is_a_warning_as_of_the_day_given() {
    let toml = format!("{MANIFEST}valid_for_months = 24\nlegal_status = \"2026-11\"\n");
    let source = source(&[("course.toml", &toml), LESSON]);
    let on = |y, m, d| {
        let options = CompileOptions {
            today: chrono::NaiveDate::from_ymd_opt(y, m, d),
            ..CompileOptions::default()
        };
        lines(&compile(&source, &options))
    };
    assert_eq!(on(2028, 11, 30), Vec::<String>::new());
    assert_eq!(
        on(2028, 12, 1),
        [
            "courses/testkurs/course.toml:6:16: warning: the legal status (2026-11) is older than the course's validity of 24 months: check the law and guidance the course states, then set `legal_status` to this month"
        ]
    );
}

#[test]
fn maintainers_are_read_as_addresses_even_when_the_course_has_errors() {
    let toml = format!("{MANIFEST}maintainers = [\"lina@malmo.se\", \"Omar@Malmo.se\"]\n");
    let good = compiled(&[("course.toml", &toml), LESSON]);
    assert!(good.course.is_some());
    let names: Vec<_> = good.maintainers.iter().map(|m| m.to_string()).collect();
    assert_eq!(names, ["lina@malmo.se", "omar@malmo.se"]);
    let broken = compiled(&[("course.toml", &toml), ("01-intro.md", "")]);
    assert!(broken.course.is_none());
    assert_eq!(broken.maintainers, good.maintainers);
}

#[test]
fn a_maintainer_that_is_not_an_address_is_an_error_at_it() {
    let toml = format!("{MANIFEST}maintainers = [\"lina@malmo.se\", \"Lina\"]\n");
    assert_eq!(
        messages(&[("course.toml", &toml), LESSON]),
        ["courses/testkurs/course.toml:5:33: error: `maintainers`: `Lina` is not an email address"]
    );
    let toml = format!("{MANIFEST}maintainers = \"lina@malmo.se\"\n");
    assert_eq!(
        messages(&[("course.toml", &toml), LESSON]),
        [
            "courses/testkurs/course.toml:5:15: error: `maintainers` must be a list of texts in quotes, such as `maintainers = [\"a\", \"b\"]`"
        ]
    );
}

#[test]
fn a_course_folder_may_not_take_the_name_of_the_reload_address() {
    let source = crate::course::CourseSource::new("reload", "courses/reload")
        .with_file("course.toml", MANIFEST)
        .with_file(LESSON.0, LESSON.1);
    let compilation = compile(&source, &crate::course::CompileOptions::default());
    assert!(compilation.course.is_none());
    assert_eq!(
        compilation.diagnostics[0].to_string(),
        "courses/reload: error: course folder name `reload` is taken by Bryggan's own addresses: choose another name"
    );
}
