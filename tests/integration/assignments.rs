//! `bryggan assignments`: courses assigned to departments reach everyone in scope, now and
//! when they join, never twice, and removal keeps history.

use std::process::{Command, Output};

use bryggan::course::{CompileOptions, compile_all};
use bryggan::store::{self, staff};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

use crate::helpers::repo_path;

struct Org {
    _dir: tempfile::TempDir,
    url: String,
    db: DatabaseConnection,
}

const STAFF: &str = "email,name,department\nanna@malmo.se,Anna,Malmö stad/Socialförvaltningen/Enhet Nord\nbo@malmo.se,Bo,Malmö stad/Socialförvaltningen\ncilla@malmo.se,Cilla,Malmö stad/Stadskontoret\n";

/// A database with the fixture course published and three people imported.
async fn org() -> Org {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::server::app::fresh_database(dir.path()).await;
    let db = store::connect(&url).await.unwrap();
    let compiled = compile_all(
        &repo_path("tests/fixtures/courses"),
        &CompileOptions::default(),
    )
    .unwrap();
    store::courses::register(&db, &compiled, chrono::Utc::now())
        .await
        .unwrap();
    import(&db, STAFF).await;
    Org { _dir: dir, url, db }
}

async fn import(db: &DatabaseConnection, csv: &str) {
    let file = bryggan::staff::parse(csv.as_bytes()).unwrap();
    staff::import(
        db,
        &file,
        staff::ImportOptions::default(),
        &store::audit::Actor::command_line(),
        chrono::Utc::now(),
        &|_| {},
    )
    .await
    .unwrap();
}

impl Org {
    fn cli(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_bryggan"))
            .arg("assignments")
            .args(args)
            .env("DATABASE_URL", &self.url)
            .output()
            .unwrap()
    }

    async fn scalar(&self, sql: &str) -> i64 {
        let backend = self.db.get_database_backend();
        let row = self
            .db
            .query_one_raw(Statement::from_string(backend, sql.to_owned()))
            .await
            .unwrap()
            .unwrap();
        row.try_get_by_index::<i64>(0).unwrap()
    }

    async fn enrolled(&self, email: &str) -> i64 {
        self.scalar(&format!("SELECT COUNT(*) FROM enrolments e JOIN users u ON u.id = e.user_id WHERE u.email = '{email}'")).await
    }
}

#[tokio::test]
async fn a_department_assignment_enrols_everyone_below_it_with_the_due_date() {
    let org = org().await;
    let output = org.cli(&[
        "add",
        "--course",
        "provkurs",
        "--department",
        "Malmö stad/Socialförvaltningen",
        "--due",
        "2027-03-31",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("2 people enrolled"));
    assert_eq!(
        (
            org.enrolled("anna@malmo.se").await,
            org.enrolled("bo@malmo.se").await,
            org.enrolled("cilla@malmo.se").await
        ),
        (1, 1, 0)
    );
    assert_eq!(
        org.scalar(
            "SELECT COUNT(*) FROM enrolments WHERE due_date = '2027-03-31' AND source = 'assigned'"
        )
        .await,
        2
    );
}

#[tokio::test]
async fn people_who_join_later_are_enrolled_with_their_own_due_date_and_nobody_twice() {
    let org = org().await;
    org.cli(&["add", "--course", "provkurs", "--due-days", "30"]);
    assert_eq!(
        org.scalar("SELECT COUNT(*) FROM enrolments").await,
        3,
        "the whole organisation"
    );
    import(
        &org.db,
        &format!("{STAFF}dan@malmo.se,Dan,Malmö stad/Stadskontoret\n"),
    )
    .await;
    bryggan::hr::apply_assignments(&org.db, chrono::Utc::now(), 30)
        .await
        .unwrap();
    assert_eq!(org.enrolled("dan@malmo.se").await, 1);
    assert_eq!(
        org.scalar("SELECT COUNT(*) FROM enrolments").await,
        4,
        "nobody enrolled twice"
    );
}

#[tokio::test]
async fn a_completed_course_is_not_assigned_again_and_a_self_enrolment_gets_the_due_date() {
    let org = org().await;
    let course = org
        .scalar("SELECT current_version_id FROM courses WHERE slug = 'provkurs'")
        .await;
    let id = |email: &str| format!("(SELECT id FROM users WHERE email = '{email}')");
    for (email, completed) in [
        ("anna@malmo.se", "CURRENT_TIMESTAMP"),
        ("bo@malmo.se", "NULL"),
    ] {
        org.db
            .execute_unprepared(&format!(
                "INSERT INTO enrolments (user_id, course_id, course_version_id, cycle, source, enrolled_at, completed_at) \
                 VALUES ({}, (SELECT id FROM courses WHERE slug = 'provkurs'), {course}, 1, 'self', CURRENT_TIMESTAMP, {completed})",
                id(email)
            ))
            .await
            .unwrap();
    }
    let output = org.cli(&["add", "--course", "provkurs", "--due", "2027-01-31"]);
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("1 people enrolled, 1 given a due date"),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert_eq!(org.scalar("SELECT COUNT(*) FROM enrolments").await, 3);
    assert_eq!(
        org.scalar(&format!(
            "SELECT COUNT(*) FROM enrolments WHERE user_id = {} AND due_date IS NULL",
            id("anna@malmo.se")
        ))
        .await,
        1,
        "done: untouched"
    );
}

#[tokio::test]
async fn removing_an_assignment_stops_future_enrolments_and_keeps_history() {
    let org = org().await;
    org.cli(&["add", "--course", "provkurs", "--due-days", "14"]);
    let removed = org.cli(&["remove", "1"]);
    assert!(
        removed.status.success(),
        "{}",
        String::from_utf8_lossy(&removed.stderr)
    );
    import(
        &org.db,
        &format!("{STAFF}dan@malmo.se,Dan,Malmö stad/Stadskontoret\n"),
    )
    .await;
    bryggan::hr::apply_assignments(&org.db, chrono::Utc::now(), 30)
        .await
        .unwrap();
    assert_eq!(org.enrolled("dan@malmo.se").await, 0);
    assert_eq!(
        org.scalar("SELECT COUNT(*) FROM enrolments").await,
        3,
        "earlier enrolments stay"
    );
    assert!(
        !org.cli(&["remove", "1"]).status.success(),
        "already removed"
    );
}

#[tokio::test]
async fn an_unknown_course_or_department_is_refused_and_nothing_is_written() {
    let org = org().await;
    let unknown_course = org.cli(&["add", "--course", "finns-inte", "--due-days", "30"]);
    assert!(
        String::from_utf8_lossy(&unknown_course.stderr)
            .contains("no published course \"finns-inte\"")
    );
    let unknown_department = org.cli(&[
        "add",
        "--course",
        "provkurs",
        "--department",
        "Lund/X",
        "--due-days",
        "30",
    ]);
    assert!(
        String::from_utf8_lossy(&unknown_department.stderr).contains("no department \"Lund/X\"")
    );
    let no_due = org.cli(&["add", "--course", "provkurs"]);
    assert_eq!(no_due.status.code(), Some(2));
    assert_eq!(org.scalar("SELECT COUNT(*) FROM assignments").await, 0);
    assert_eq!(org.scalar("SELECT COUNT(*) FROM enrolments").await, 0);
}

#[tokio::test]
async fn a_completion_about_to_expire_opens_a_new_cycle_and_keeps_the_old_one() {
    let org = org().await;
    org.cli(&["add", "--course", "provkurs", "--due-days", "30"]);
    let enrolment = |email: &'static str| {
        let org = &org;
        async move {
            org.scalar(&format!("SELECT e.id FROM enrolments e JOIN users u ON u.id = e.user_id WHERE u.email = '{email}' AND e.cycle = 1")).await
        }
    };
    let now = chrono::Utc::now();
    // The fixture course is valid for 12 months; a new cycle opens 30 days before expiry.
    bryggan::learning::complete_enrolment(
        &org.db,
        enrolment("anna@malmo.se").await,
        now - chrono::Duration::days(350),
    )
    .await
    .unwrap();
    bryggan::learning::complete_enrolment(
        &org.db,
        enrolment("bo@malmo.se").await,
        now - chrono::Duration::days(60),
    )
    .await
    .unwrap();

    let applied = bryggan::hr::apply_assignments(&org.db, now, 30)
        .await
        .unwrap();
    assert_eq!(applied.recertifications, 1);
    assert_eq!(org.enrolled("anna@malmo.se").await, 2);
    assert_eq!(
        org.enrolled("bo@malmo.se").await,
        1,
        "still valid for ten months"
    );
    assert_eq!(
        org.scalar("SELECT COUNT(*) FROM enrolments e JOIN users u ON u.id = e.user_id WHERE u.email = 'anna@malmo.se' AND e.cycle = 1 AND e.completed_at IS NOT NULL").await,
        1,
        "the earlier completion stays"
    );
    let again = bryggan::hr::apply_assignments(&org.db, now, 30)
        .await
        .unwrap();
    assert_eq!(
        (again.recertifications, again.enrolled),
        (0, 0),
        "never opened twice"
    );
}
