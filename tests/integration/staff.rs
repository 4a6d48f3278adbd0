//! `bryggan staff import`: the HR export in, accounts and departments out, all or nothing.

use std::path::Path;
use std::process::{Command, Output};

use sea_orm::{ConnectionTrait, Statement};

fn import(db_url: &str, file: &Path, flags: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bryggan"))
        .args(["staff", "import", file.to_str().unwrap()])
        .args(flags)
        .env("DATABASE_URL", db_url)
        .output()
        .unwrap()
}

async fn count(db_url: &str, sql: &str) -> i64 {
    let db = bryggan::store::connect(db_url).await.unwrap();
    let backend = db.get_database_backend();
    let row = db
        .query_one_raw(Statement::from_string(backend, sql.to_owned()))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

struct Setup {
    dir: tempfile::TempDir,
    url: String,
}

/// A fresh database: SQLite, or PostgreSQL when `BRYGGAN_TEST_DATABASE_URL` is set.
async fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::server::app::fresh_database(dir.path()).await;
    Setup { dir, url }
}

impl Setup {
    fn file(&self, name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

const STAFF: &str = "email,name,department,manager_email\nanna@malmo.se,Anna Berg,Malmö stad/Socialförvaltningen/Enhet Nord,chef@malmo.se\nbo@malmo.se,Bo Ek,Malmö stad/Socialförvaltningen/Enhet Syd,\ncilla@malmo.se,Cilla Ali,Malmö stad/Stadskontoret,\n";

#[tokio::test]
async fn an_import_creates_people_and_the_department_tree_and_a_second_one_updates_them() {
    let s = setup().await;
    let first = import(&s.url, &s.file("a.csv", STAFF.as_bytes()), &[]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(
        String::from_utf8_lossy(&first.stdout)
            .contains("3 people: 3 new, 0 updated, 0 unchanged; 5 new departments; 0 deactivated.")
    );
    assert_eq!(count(&s.url, "SELECT COUNT(*) FROM users").await, 3);
    assert_eq!(count(&s.url, "SELECT COUNT(*) FROM departments").await, 5);
    assert_eq!(
        count(
            &s.url,
            "SELECT COUNT(*) FROM departments WHERE parent_id IS NULL"
        )
        .await,
        1
    );

    let moved = STAFF.replace(
        "Bo Ek,Malmö stad/Socialförvaltningen/Enhet Syd",
        "Bo Ek,Malmö stad/Stadskontoret",
    );
    let second = import(&s.url, &s.file("b.csv", moved.as_bytes()), &[]);
    let out = String::from_utf8_lossy(&second.stdout);
    assert!(
        out.contains("3 people: 0 new, 1 updated, 2 unchanged; 0 new departments"),
        "{out}"
    );
    let department = count(
        &s.url,
        "SELECT department_id FROM users WHERE email = 'bo@malmo.se'",
    )
    .await;
    let stadskontoret = count(
        &s.url,
        "SELECT id FROM departments WHERE path = 'Malmö stad/Stadskontoret'",
    )
    .await;
    assert_eq!(department, stadskontoret);
}

#[tokio::test]
async fn a_file_with_bad_rows_is_rejected_whole_with_row_numbers_and_nothing_is_written() {
    let s = setup().await;
    let bad = format!("{STAFF}not-an-address,Dan,X,\nanna@malmo.se,Anna igen,X,\n");
    let output = import(&s.url, &s.file("bad.csv", bad.as_bytes()), &[]);
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("row 5: \"not-an-address\" is not an email address"),
        "{err}"
    );
    assert!(
        err.contains("row 6: anna@malmo.se is already on row 2"),
        "{err}"
    );
    assert!(err.contains("2 problems; nothing was imported."), "{err}");
    assert_eq!(count(&s.url, "SELECT COUNT(*) FROM users").await, 0);
    assert_eq!(count(&s.url, "SELECT COUNT(*) FROM departments").await, 0);
}

#[tokio::test]
async fn a_dry_run_shows_the_changes_and_writes_nothing() {
    let s = setup().await;
    let output = import(&s.url, &s.file("a.csv", STAFF.as_bytes()), &["--dry-run"]);
    assert!(String::from_utf8_lossy(&output.stdout).contains("3 people: 3 would be new"));
    assert_eq!(count(&s.url, "SELECT COUNT(*) FROM users").await, 0);
    assert_eq!(count(&s.url, "SELECT COUNT(*) FROM departments").await, 0);
}

#[tokio::test]
async fn people_missing_from_a_full_import_are_deactivated_only_when_confirmed_and_never_deleted() {
    let s = setup().await;
    import(&s.url, &s.file("a.csv", STAFF.as_bytes()), &[]);
    let without_cilla = s.file(
        "b.csv",
        STAFF
            .lines()
            .take(3)
            .collect::<Vec<_>>()
            .join("\n")
            .as_bytes(),
    );

    let unconfirmed = import(&s.url, &without_cilla, &["--deactivate-missing"]);
    assert_eq!(unconfirmed.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unconfirmed.stdout).contains("deactivate: cilla@malmo.se"));
    assert_eq!(
        count(&s.url, "SELECT COUNT(*) FROM users WHERE active").await,
        3
    );

    let confirmed = import(&s.url, &without_cilla, &["--deactivate-missing", "--yes"]);
    assert!(confirmed.status.success());
    assert_eq!(
        count(&s.url, "SELECT COUNT(*) FROM users WHERE active").await,
        2
    );
    assert_eq!(
        count(&s.url, "SELECT COUNT(*) FROM users").await,
        3,
        "kept, not deleted"
    );

    let back = import(&s.url, &s.file("c.csv", STAFF.as_bytes()), &[]);
    assert!(
        String::from_utf8_lossy(&back.stdout).contains("1 updated"),
        "re-listed people are active again"
    );
    assert_eq!(
        count(&s.url, "SELECT COUNT(*) FROM users WHERE active").await,
        3
    );
}

#[tokio::test]
async fn a_swedish_excel_export_imports() {
    let s = setup().await;
    let bytes = b"E-post;Namn;Avdelning;Chef;Spr\xe5k\r\n\xf6rjan@malmo.se;\xd6rjan \xc5kesson;Malm\xf6 stad/Socialf\xf6rvaltningen;;en\r\n";
    let output = import(&s.url, &s.file("excel.csv", bytes), &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("read as Windows-1252"));
    assert_eq!(
        count(
            &s.url,
            "SELECT COUNT(*) FROM users WHERE name = 'Örjan Åkesson' AND locale = 'en'"
        )
        .await,
        1
    );
}
