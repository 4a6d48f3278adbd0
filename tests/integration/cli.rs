use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use crate::helpers::{MANIFEST, bryggan, stderr, write_files};

#[test]
fn courses_check_passes_on_the_shipped_courses() {
    let output = bryggan(&["courses", "check"]);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(err.contains(": 0 fel, 0 varningar"), "{err}");
}

#[test]
fn courses_check_prints_every_located_error_and_exits_with_1() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("trasig/course.toml", &MANIFEST.replace("80", "101")),
            ("trasig/01-a.md", "# A\n\n[B](02-b.md)\n"),
            ("hel/course.toml", MANIFEST),
            ("hel/01-a.md", "# A\n"),
        ],
    );
    let path = dir.path().to_str().unwrap();
    let output = bryggan(&["courses", "check", path, "--lang", "en"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    let root = dir.path().display();
    assert!(
        err.contains(&format!(
            "{root}/trasig/course.toml:4:13: error: `pass_mark` is 101"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{root}/trasig/01-a.md:3:5: error: link to a lesson that does not exist: `02-b.md`"
        )),
        "{err}"
    );
    assert!(
        err.contains("checked 2 courses: 2 errors, 0 warnings"),
        "{err}"
    );
}

#[test]
fn courses_check_speaks_each_course_language_unless_told_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let english = MANIFEST.replace("\"sv\"", "\"en\"");
    write_files(
        dir.path(),
        &[
            ("svensk/course.toml", MANIFEST),
            ("svensk/01-a.md", "# A\n\n[B](02-b.md)\n"),
            ("english/course.toml", &english),
            ("english/01-a.md", "# A\n\n[B](02-b.md)\n"),
        ],
    );
    let root = dir.path().display();
    let output = bryggan(&["courses", "check", dir.path().to_str().unwrap()]);
    let err = stderr(&output);
    assert!(
        err.contains(&format!(
            "{root}/svensk/01-a.md:3:5: error: länken går till en lektion som inte finns: `02-b.md`"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{root}/english/01-a.md:3:5: error: link to a lesson that does not exist: `02-b.md`"
        )),
        "{err}"
    );
    assert!(
        err.contains("kontrollerade 2 kurser: 2 fel, 0 varningar"),
        "{err}"
    );

    let output = bryggan(&[
        "courses",
        "check",
        dir.path().to_str().unwrap(),
        "--lang",
        "sv",
    ]);
    let err = stderr(&output);
    assert!(
        err.contains(&format!(
            "{root}/english/01-a.md:3:5: error: länken går till en lektion som inte finns: `02-b.md`"
        )),
        "{err}"
    );
}

#[test]
fn courses_check_accepts_a_single_course_folder() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[("kurs/course.toml", MANIFEST), ("kurs/01-a.md", "# A\n")],
    );
    let output = bryggan(&[
        "courses",
        "check",
        dir.path().join("kurs").to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("checked 1 course: 0 errors"));
}

#[test]
fn courses_check_on_a_missing_folder_says_so_and_exits_with_2() {
    let output = bryggan(&["courses", "check", "/no/such/folder"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("cannot read /no/such/folder"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn courses_build_writes_a_preview_whose_every_link_resolves() {
    let out = preview_of_the_shipped_courses();

    let index = fs::read_to_string(out.path().join("index.html")).unwrap();
    assert!(index.contains("Möta invånare över språkgränser"), "{index}");
    let quiz = fs::read_to_string(out.path().join("mota-invanare/quiz.html")).unwrap();
    assert!(quiz.contains("✓ Rätt svar"), "reviewers see the answers");
    assert!(quiz.contains("Återkoppling"), "and the feedback");

    let mut pages = 0;
    for page in html_files(out.path()) {
        pages += 1;
        let html = fs::read_to_string(&page).unwrap();
        assert!(
            html.starts_with("<!doctype html>\n<html lang=\""),
            "{}",
            page.display()
        );
        assert_eq!(
            html.matches("<h1").count(),
            1,
            "one h1 in {}",
            page.display()
        );
        for link in links(&html) {
            let target = page.parent().unwrap().join(link.split('#').next().unwrap());
            assert!(
                target.exists(),
                "{} links to missing {link}",
                page.display()
            );
        }
    }
    assert!(pages > 3 * 5, "index, course pages and lessons: {pages}");
}

#[test]
fn courses_build_lists_a_broken_course_with_its_messages_and_exits_with_1() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("trasig/course.toml", "title = \"T\"\n"),
            ("trasig/01-a.md", "# A\n"),
            ("hel/course.toml", MANIFEST),
            ("hel/01-a.md", "# A\n"),
        ],
    );
    let out = dir.path().join("site");
    let output = bryggan(&[
        "courses",
        "build",
        dir.path().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(out.join("hel/a.html").exists());
    assert!(!out.join("trasig").exists(), "a broken course has no pages");
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("<code>trasig</code>"), "{index}");
    assert!(
        index.contains("course.toml saknar <code>language</code>"),
        "{index}"
    );
}

#[test]
fn courses_build_writes_the_assessment_side_by_side_and_what_each_question_needs() {
    let out = preview_of_the_shipped_courses();
    let course = fs::read_to_string(out.path().join("mota-invanare/index.html")).unwrap();
    assert!(
        course.contains("<a href=\"assessment.html\">Kursen har en bedömning före och efter</a>: 2 former med 4 frågor var, självskattning med 5 påståenden."),
        "{course}"
    );
    let assessment = fs::read_to_string(out.path().join("mota-invanare/assessment.html")).unwrap();
    assert!(
        assessment.contains("<h2 id=\"pair-1\">Par 1</h2>"),
        "{assessment}"
    );
    assert!(
        assessment.contains("<p class=\"form-name\">Form B</p>"),
        "{assessment}"
    );
    assert!(assessment.contains("<h3>Skala</h3>"), "{assessment}");
    let quiz = fs::read_to_string(out.path().join("mota-invanare/quiz.html")).unwrap();
    assert!(quiz.contains("Godkänt kräver 5 av 6 rätt."), "{quiz}");
    assert!(
        quiz.contains("Källa: <code>05-quiz.md, rad 11</code>"),
        "{quiz}"
    );
}

/// `courses build` on the shipped courses, which must succeed.
fn preview_of_the_shipped_courses() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let output = bryggan(&[
        "courses",
        "build",
        "courses",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    out
}

fn html_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(html_files(&path));
        } else if path.extension().is_some_and(|e| e == "html") {
            files.push(path);
        }
    }
    files
}

/// Relative `href`/`src` targets in a page (web addresses and in-page anchors left out).
fn links(html: &str) -> BTreeSet<String> {
    let mut links = BTreeSet::new();
    for attr in ["href=\"", "src=\""] {
        for part in html.split(attr).skip(1) {
            let url = part.split('"').next().unwrap_or_default();
            if !url.is_empty() && !url.starts_with('#') && !url.contains(':') {
                links.insert(url.to_owned());
            }
        }
    }
    links
}

#[test]
fn users_add_creates_an_account_that_can_sign_in_and_refuses_a_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/cli.db?mode=rwc", dir.path().display());
    let add = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_bryggan"))
            .args([
                "users",
                "add",
                "--email",
                "Anna@Kommun.se",
                "--name",
                "Anna Berg",
                "--role",
                "hr",
            ])
            .env("DATABASE_URL", &url)
            .output()
            .unwrap()
    };
    let first = add();
    let out = String::from_utf8_lossy(&first.stdout);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        out.contains("Created anna@kommun.se (hr)") && out.contains("Password (shown once): "),
        "{out}"
    );
    let second = add();
    assert!(!second.status.success());
    assert!(
        stderr(&second).contains("already exists"),
        "{}",
        stderr(&second)
    );
}

#[test]
fn users_add_refuses_an_invalid_address_or_role() {
    let output = bryggan(&["users", "add", "--email", "not-an-address", "--name", "X"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("is not an email address"));
    let output = bryggan(&[
        "users",
        "add",
        "--email",
        "a@kommun.se",
        "--name",
        "X",
        "--role",
        "boss",
    ]);
    assert!(stderr(&output).contains("unknown role"));
}

#[test]
fn serve_started_without_its_courses_folder_stops_with_the_path_and_the_setting_to_change() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("bryggan.db");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_bryggan"))
        .args(["serve", "--bind", "127.0.0.1:0", "--database-url"])
        .arg(format!("sqlite://{}?mode=rwc", database.display()))
        .env_remove("BRYGGAN_COURSES")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let err = stderr(&output);
    assert!(!output.status.success(), "{err}");
    assert!(
        err.contains(&format!(
            "the courses folder {}/courses does not exist",
            dir.path().display()
        )),
        "{err}"
    );
    assert!(
        err.contains("--courses") && err.contains("BRYGGAN_COURSES"),
        "{err}"
    );
    assert!(!database.exists(), "nothing was written");
}

#[test]
fn serve_with_a_logo_it_cannot_use_stops_before_writing_anything_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("bryggan.db");
    std::fs::create_dir(dir.path().join("courses")).unwrap();
    std::fs::write(dir.path().join("logo.svg"), "<svg/>").unwrap();
    std::fs::write(dir.path().join("logo.gif"), "GIF89a").unwrap();
    let serve = |logo: &str, name: Option<&str>| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_bryggan"));
        command
            .args(["serve", "--bind", "127.0.0.1:0", "--database-url"])
            .arg(format!("sqlite://{}?mode=rwc", database.display()))
            .args(["--courses", "courses", "--organisation-logo", logo])
            .env_remove("BRYGGAN_ORGANISATION_NAME")
            .current_dir(dir.path());
        if let Some(name) = name {
            command.args(["--organisation-name", name]);
        }
        command.output().unwrap()
    };
    let cases = [
        ("logo.svg", None, "needs BRYGGAN_ORGANISATION_NAME too"),
        (
            "logo.gif",
            Some("Malmö stad"),
            "must be an .svg, .png, .jpg or .webp file",
        ),
        (
            "saknas.png",
            Some("Malmö stad"),
            "cannot read the logo saknas.png",
        ),
    ];
    for (logo, name, reason) in cases {
        let output = serve(logo, name);
        let err = stderr(&output);
        assert!(!output.status.success(), "{logo}: {err}");
        assert!(err.contains(reason), "{logo}: {err}");
    }
    assert!(!database.exists(), "nothing was written");
}

#[test]
fn serve_demo_says_where_the_database_and_the_mail_are_written() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_bryggan"))
        .args([
            "serve",
            "--demo",
            "--bind",
            "127.0.0.1:0",
            "--reminder-run-minutes",
            "0",
        ])
        .arg("--courses")
        .arg(crate::helpers::repo_path("tests/fixtures/courses"))
        .env("DATABASE_URL", "sqlite://data/bryggan.db?mode=rwc")
        .env_remove("BRYGGAN_SMTP_URL")
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut said = String::new();
    for line in std::io::BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        said.push_str(&line);
        said.push('\n');
        if line.starts_with("Bryggan is listening") {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let root = dir.path().display();
    assert!(
        said.contains(&format!("Database: SQLite file {root}/data/bryggan.db\n")),
        "{said}"
    );
    assert!(
        said.contains(&format!(
            "Mail: written as .eml files to {root}/data/mail\n"
        )),
        "{said}"
    );
}
