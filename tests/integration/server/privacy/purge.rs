//! Retention (`privacy purge`): a dry run counts and writes nothing; a purge anonymises
//! people who left long enough ago, one transaction each, so that a purge killed halfway
//! leaves nobody half anonymised and a rerun finishes the job; the other rules empty or
//! remove what is older than their period; every step is audited without names.

use std::time::Duration;

use bryggan::domain::Email;
use bryggan::store::audit::{self, Actor};
use bryggan::store::entities::user;
use bryggan::store::users::{self, NewUser};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::{
    TRACE, args, bryggan, dump, figures, hex, leaves, outbox_settled, person_with_data_everywhere,
};
use crate::helpers::{scalar, stderr};
use crate::server::app::TestApp;

/// Puts the person's leaving `years` back.
async fn left_years_ago(app: &TestApp, id: i64, years: i64) {
    user::Entity::update_many()
        .col_expr(
            user::Column::DeactivatedAt,
            Expr::value(Utc::now() - chrono::Duration::days(366 * years)),
        )
        .filter(user::Column::Id.eq(id))
        .exec(&app.db)
        .await
        .unwrap();
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test]
async fn a_dry_run_counts_what_each_rule_would_remove_and_writes_nothing() {
    let mut app = TestApp::spawn().await;
    let person = person_with_data_everywhere(&mut app).await;
    leaves(&app, person.id).await;
    left_years_ago(&app, person.id, 3).await;
    outbox_settled(&app).await;
    let everything = dump(&app).await;
    let expected = [
        ("people-who-left", 1),
        (
            "email-bodies",
            scalar(
                &app.db,
                "SELECT COUNT(*) FROM outbox WHERE status <> 'pending'",
            )
            .await,
        ),
        ("sign-in-links", app.count("sign_in_links").await),
        ("pending-imports", app.count("pending_imports").await),
        ("audit-log", app.count("audit_log").await),
        ("quiz-answers", app.count("quiz_attempts").await),
    ];
    let output = bryggan(args(
        &app,
        &[
            "privacy",
            "purge",
            "--dry-run",
            "--people-who-left-years",
            "2",
            "--email-bodies-days",
            "0",
            "--sign-in-links-days",
            "0",
            "--pending-imports-hours",
            "0",
            "--audit-log-years",
            "0",
            "--quiz-answers-years",
            "0",
        ],
    ))
    .await;
    assert!(output.status.success(), "{}", stderr(&output));
    let printed = stdout(&output);
    for (rule, count) in expected {
        assert!(count > 0, "there is something for {rule}");
        let line = printed
            .lines()
            .find(|l| l.starts_with(rule))
            .unwrap_or_else(|| panic!("a line for {rule}: {printed}"));
        assert!(line.contains("would "), "{line}");
        assert!(
            line.contains(&format!(" {count} ")),
            "{line}: expected {count}"
        );
    }
    assert!(dump(&app).await == everything, "a dry run writes nothing");
}

#[tokio::test]
async fn no_rule_applies_until_it_is_set() {
    let mut app = TestApp::spawn().await;
    person_with_data_everywhere(&mut app).await;
    outbox_settled(&app).await;
    let everything = dump(&app).await;
    let output = bryggan(args(&app, &["privacy", "purge"])).await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("No retention rule is set"));
    assert!(dump(&app).await == everything, "nothing was written");
}

#[tokio::test]
async fn a_purge_anonymises_people_who_left_long_enough_ago_and_keeps_the_figures() {
    let mut app = TestApp::spawn().await;
    let person = person_with_data_everywhere(&mut app).await;
    leaves(&app, person.id).await;
    left_years_ago(&app, person.id, 1).await;
    outbox_settled(&app).await;
    let before = figures(&app).await;

    let purge = args(&app, &["privacy", "purge", "--people-who-left-years", "2"]);
    let output = bryggan(purge.clone()).await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        dump(&app).await.contains(TRACE),
        "one year ago is not yet two"
    );

    left_years_ago(&app, person.id, 3).await;
    let output = bryggan(purge).await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("did anonymise 1 people who left"),
        "{}",
        stdout(&output)
    );
    let everything = dump(&app).await;
    assert!(!everything.contains(TRACE) && !everything.contains(&hex(TRACE)));
    assert_eq!(figures(&app).await, before);
    let verify = app
        .get_html(&format!("/verify/{}", person.certificate))
        .await;
    assert!(verify.contains("Anonymiserad"));
    assert_eq!(
        scalar(
            &app.db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'privacy.purged' \
             AND details LIKE '%\"rule\":\"people-who-left\"%' AND details LIKE '%\"anonymised\":1%'"
        )
        .await,
        1,
        "one entry, with the rule and the counts"
    );
}

#[tokio::test]
async fn the_other_rules_remove_only_what_is_older_than_their_period() {
    let mut app = TestApp::spawn().await;
    person_with_data_everywhere(&mut app).await;
    outbox_settled(&app).await;
    let before = figures(&app).await;
    let attempts = app.count("quiz_attempts").await;
    let audited = app.count("audit_log").await;
    // Nothing is a day old yet.
    let output = bryggan(args(
        &app,
        &[
            "privacy",
            "purge",
            "--email-bodies-days",
            "1",
            "--sign-in-links-days",
            "1",
            "--pending-imports-hours",
            "24",
            "--audit-log-years",
            "1",
            "--quiz-answers-years",
            "1",
        ],
    ))
    .await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(app.count("sign_in_links").await > 0);
    assert!(app.count("pending_imports").await > 0);
    assert_eq!(
        app.count("audit_log").await,
        audited + 5,
        "five rules, five entries"
    );

    let output = bryggan(args(
        &app,
        &[
            "privacy",
            "purge",
            "--email-bodies-days",
            "0",
            "--sign-in-links-days",
            "0",
            "--pending-imports-hours",
            "0",
            "--quiz-answers-years",
            "0",
        ],
    ))
    .await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        scalar(
            &app.db,
            "SELECT COUNT(*) FROM outbox WHERE text_body <> '' OR html_body IS NOT NULL"
        )
        .await,
        0
    );
    assert_eq!(app.count("sign_in_links").await, 0);
    assert_eq!(app.count("pending_imports").await, 0);
    assert_eq!(app.count("quiz_attempts").await, attempts, "attempts stay");
    assert_eq!(
        scalar(
            &app.db,
            "SELECT COUNT(*) FROM quiz_attempts WHERE answers = '{}' AND score >= 0"
        )
        .await,
        attempts,
        "without their answers, with their scores"
    );
    assert_eq!(figures(&app).await, before);
    let output = bryggan(args(&app, &["privacy", "purge", "--audit-log-years", "0"])).await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        app.count("audit_log").await,
        1,
        "only the purge's own entry"
    );
}

/// People who are either untouched or anonymised in every table: the one audit entry
/// about each names whatever address their row now holds, the old or the pseudonym.
async fn whole(app: &TestApp) -> i64 {
    scalar(
        &app.db,
        "SELECT COUNT(*) FROM users u WHERE \
         ((u.anonymised_at IS NULL AND u.email LIKE 'person%@malmo.se' AND u.name LIKE 'Person Nummer%') \
          OR (u.anonymised_at IS NOT NULL AND u.email LIKE 'anonymised-%' AND u.name LIKE 'Anonymised #%')) \
         AND (SELECT COUNT(*) FROM audit_log a WHERE a.details LIKE '%\"' || u.email || '\"%') = 1",
    )
    .await
}

#[tokio::test]
async fn a_purge_killed_halfway_leaves_nobody_half_anonymised_and_a_rerun_finishes() {
    let app = TestApp::spawn().await;
    let now = Utc::now();
    for n in 0..300 {
        let email = format!("person{n}@malmo.se");
        let new = NewUser {
            email: Email::parse(&email).unwrap(),
            name: format!("Person Nummer{n}"),
            role: bryggan::domain::Role::Learner,
            locale: bryggan::domain::Language::Sv,
            department_id: None,
            password_hash: None,
        };
        users::create(&app.db, new, now).await.unwrap();
        audit::record(
            &app.db,
            &Actor::command_line(),
            "test.about",
            serde_json::json!({"user": email}),
            now,
        )
        .await
        .unwrap();
    }
    user::Entity::update_many()
        .col_expr(user::Column::Active, Expr::value(false))
        .exec(&app.db)
        .await
        .unwrap();
    user::Entity::update_many()
        .col_expr(
            user::Column::DeactivatedAt,
            Expr::value(now - chrono::Duration::days(3 * 366)),
        )
        .exec(&app.db)
        .await
        .unwrap();

    let purge = args(&app, &["privacy", "purge", "--people-who-left-years", "2"]);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_bryggan"))
        .args(&purge)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let anonymised = "SELECT COUNT(*) FROM users WHERE anonymised_at IS NOT NULL";
    loop {
        if scalar(&app.db, anonymised).await >= 1 || child.try_wait().unwrap().is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    child.kill().ok(); // SIGKILL
    child.wait().unwrap();

    assert!(whole(&app).await == 300, "nobody is half anonymised");
    let done = scalar(&app.db, anonymised).await;
    eprintln!("the purge was killed after {done} of 300");

    let output = bryggan(purge).await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        scalar(&app.db, anonymised).await,
        300,
        "the rerun finishes the job"
    );
    assert!(whole(&app).await == 300);
    assert_eq!(
        scalar(
            &app.db,
            "SELECT COUNT(*) FROM audit_log WHERE details LIKE '%person%@malmo.se%'"
        )
        .await,
        0
    );
}
