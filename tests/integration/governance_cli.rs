//! `bryggan users role` and `bryggan demo`: role changes with a department scope, in the
//! audit log; the generated organisation for benchmarks.

use std::process::{Command, Output};

use sea_orm::{ConnectionTrait, Statement};

use crate::helpers::repo_path;

fn run(url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bryggan"))
        .args(args)
        .env("DATABASE_URL", url)
        .env("BRYGGAN_COURSES", repo_path("courses"))
        .output()
        .unwrap()
}

async fn scalar(url: &str, sql: &str) -> i64 {
    let db = bryggan::store::connect(url).await.unwrap();
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            sql.to_owned(),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[tokio::test]
async fn a_role_change_with_a_scope_is_applied_and_audited_and_bad_ones_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::server::app::fresh_database(dir.path()).await;
    let staff = dir.path().join("staff.csv");
    std::fs::write(
        &staff,
        "email,name,department\nhanna@malmo.se,Hanna,Malmö stad/Soc\n",
    )
    .unwrap();
    assert!(
        run(&url, &["staff", "import", staff.to_str().unwrap()])
            .status
            .success()
    );
    let audited = scalar(&url, "SELECT COUNT(*) FROM audit_log").await;

    let bad = [
        (
            vec!["users", "role", "nobody@malmo.se", "hr"],
            "no account for nobody@malmo.se",
        ),
        (
            vec!["users", "role", "hanna@malmo.se", "boss"],
            "unknown role \"boss\"",
        ),
        (
            vec![
                "users",
                "role",
                "hanna@malmo.se",
                "hr",
                "--scope",
                "Malmö stad/Kultur",
            ],
            "no department",
        ),
        (
            vec![
                "users",
                "role",
                "hanna@malmo.se",
                "learner",
                "--scope",
                "Malmö stad",
            ],
            "only for the hr role",
        ),
    ];
    for (args, message) in bad {
        let output = run(&url, &args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            text(&output).contains(message),
            "{args:?}: {}",
            text(&output)
        );
    }
    assert_eq!(
        scalar(&url, "SELECT COUNT(*) FROM audit_log").await,
        audited
    );
    assert_eq!(
        scalar(&url, "SELECT COUNT(*) FROM users WHERE role <> 'learner'").await,
        0
    );

    let output = run(
        &url,
        &[
            "users",
            "role",
            "hanna@malmo.se",
            "hr",
            "--scope",
            "Malmö stad/Soc",
        ],
    );
    assert!(output.status.success(), "{}", text(&output));
    assert!(text(&output).contains("hanna@malmo.se is now hr for Malmö stad/Soc and below."));
    assert_eq!(
        scalar(&url, "SELECT COUNT(*) FROM users u JOIN departments d ON d.id = u.scope_department_id WHERE u.role = 'hr' AND d.path = 'Malmö stad/Soc'").await,
        1
    );
    assert_eq!(
        scalar(
            &url,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'user.role'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn demo_generates_an_organisation_with_every_course_assigned_and_refuses_a_used_database() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::server::app::fresh_database(dir.path()).await;
    let output = run(&url, &["demo", "--staff", "40"]);
    assert!(output.status.success(), "{}", text(&output));
    let courses = scalar(&url, "SELECT COUNT(*) FROM courses").await;
    assert_eq!(scalar(&url, "SELECT COUNT(*) FROM users").await, 40);
    assert_eq!(
        scalar(&url, "SELECT COUNT(*) FROM enrolments").await,
        40 * courses
    );
    let completed = scalar(
        &url,
        "SELECT COUNT(*) FROM enrolments WHERE completed_at IS NOT NULL",
    )
    .await;
    let started = scalar(
        &url,
        "SELECT COUNT(*) FROM enrolments WHERE started_at IS NOT NULL AND completed_at IS NULL",
    )
    .await;
    assert!(
        completed > 0 && started > 0 && completed + started < 40 * courses,
        "{completed} {started}"
    );
    assert_eq!(
        scalar(&url, "SELECT CAST(SUM(n) AS BIGINT) FROM report_counts").await,
        40 * courses,
        "the report counts are ready"
    );
    let again = run(&url, &["demo", "--staff", "40"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again).contains("already has accounts"));
    assert_eq!(scalar(&url, "SELECT COUNT(*) FROM users").await, 40);
}
