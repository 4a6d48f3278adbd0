//! Publishing while the server runs: an edit reaches new learners without a restart, those
//! enrolled stay on their version, a broken edit keeps the last good version, and a version
//! is registered once however many instances see the change.

use std::sync::Arc;

use bryggan::app::Application;
use bryggan::config::Secret;
use bryggan::domain::Role;

use super::super::app::{TestApp, copy_dir, fresh_database, settings};
use super::super::openapi_contract::RELOAD_TOKEN;
use super::{enrolled_learner, eventually, signed_in};
use crate::helpers::{repo_path, scalar};

const REWRITTEN: &str = "# Omskriven lektion\n\nNy text.\n";

#[tokio::test]
async fn a_saved_edit_reaches_new_learners_without_a_restart_and_the_enrolled_stay_on_their_version()
 {
    let app = TestApp::spawn_customised(None, Arc::new(|s| s.watch_courses = true)).await;
    let lina = enrolled_learner(&app, "lina@malmo.se").await;
    std::fs::write(app.courses.join("provkurs/01-forsta.md"), REWRITTEN).unwrap();
    eventually(&app, "SELECT COUNT(*) FROM course_versions", 2).await;
    eventually(
        &app,
        "SELECT COUNT(*) FROM courses WHERE current_version_id = (SELECT MAX(id) FROM course_versions)",
        1,
    )
    .await;

    let lesson = lina.get_html("/courses/provkurs/forsta").await;
    assert!(
        lesson.contains("Första lektionen") && !lesson.contains("Omskriven"),
        "Lina stays on the version she started"
    );
    let omar = enrolled_learner(&app, "omar@malmo.se").await;
    assert!(
        omar.get_html("/courses/provkurs/forsta")
            .await
            .contains("Omskriven lektion")
    );
    assert_eq!(
        scalar(
            &app.db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'courses.published' AND details LIKE '%folder_changed%'"
        )
        .await,
        1,
        "the new version is in the audit trail"
    );
}

#[tokio::test]
async fn a_broken_edit_keeps_the_last_good_version_and_publish_now_shows_the_diagnostics() {
    let app = TestApp::spawn().await;
    let admin = signed_in(&app, "admin@malmo.se", Role::Admin).await;
    std::fs::write(
        app.courses.join("provkurs/02-andra.md"),
        "+++\nkind = \"quiz\"\n+++\n# Quiz\n\n## Fråga\n\nVad?\n\n- [ ] Ingen rätt\n",
    )
    .unwrap();
    let csrf = admin.csrf().await;
    let published = admin
        .post_form("/trainer/publish", &[("csrf", &csrf)])
        .await;
    assert_eq!(published.status(), 303);
    assert_eq!(
        published.headers()["location"],
        "/trainer?published=1",
        "back to the workspace"
    );
    assert_eq!(app.count("course_versions").await, 1, "no broken version");
    let page = admin.get_html("/trainer?published=1").await;
    assert!(page.contains("Kurserna är publicerade"), "{page}");
    assert!(page.contains("Kurser med fel"), "{page}");
    assert!(
        page.contains("<pre class=\"diagnostics\">courses/provkurs/02-andra.md:"),
        "the diagnostics as `courses check` prints them in the repository: {page}"
    );
    assert!(
        !page.contains(&app.courses.display().to_string()),
        "not where the server has the folder"
    );
    assert!(
        page.contains("Deltagarna går fortfarande den senaste fungerande versionen"),
        "{page}"
    );
    let course = admin.get_html("/trainer/courses/provkurs").await;
    assert!(course.contains("error:"), "{course}");
    assert!(
        course.contains(" | "),
        "the source line under the message: {course}"
    );
    assert_eq!(
        scalar(
            &app.db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'courses.published' AND details LIKE '%button%'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn only_an_admin_publishes_now_and_a_refusal_writes_nothing() {
    let app = TestApp::spawn().await;
    std::fs::write(app.courses.join("provkurs/01-forsta.md"), REWRITTEN).unwrap();
    let trainer = signed_in(&app, "trainer@malmo.se", Role::Trainer).await;
    let csrf = trainer.csrf().await;
    let refused = trainer
        .post_form("/trainer/publish", &[("csrf", &csrf)])
        .await;
    assert_eq!(refused.status(), 403);
    let forged = signed_in(&app, "admin@malmo.se", Role::Admin).await;
    let without_csrf = forged.post_form("/trainer/publish", &[("csrf", "x")]).await;
    assert_eq!(without_csrf.status(), 403);
    assert_eq!(app.count("course_versions").await, 1);
    assert_eq!(app.count("audit_log").await, 0);
    assert!(
        !trainer
            .get_html("/trainer")
            .await
            .contains("action=\"/trainer/publish\""),
        "a trainer is not offered the button"
    );
}

#[tokio::test]
async fn the_webhook_publishes_with_its_token_and_a_deleted_course_stays_with_those_enrolled() {
    let app = TestApp::spawn_customised(
        None,
        Arc::new(|s| s.courses_reload_token = Some(Secret::new(RELOAD_TOKEN.into()))),
    )
    .await;
    let lina = enrolled_learner(&app, "lina@malmo.se").await;
    std::fs::remove_dir_all(app.courses.join("provkurs")).unwrap();
    let reload = |token: &'static str| {
        app.client
            .post(app.url("/api/v1/courses/reload"))
            .bearer_auth(token)
            .send()
    };
    let refused = reload("a-wrong-token-of-at-least-32-characters")
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    assert_eq!(
        scalar(&app.db, "SELECT COUNT(*) FROM courses WHERE published").await,
        1,
        "a refused webhook changes nothing"
    );
    let forged = app
        .client
        .post(app.url("/api/v1/courses/reload"))
        .header("x-hub-signature-256", format!("sha256={}", "0".repeat(64)))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401, "a signature that does not match");
    let done = reload(RELOAD_TOKEN).await.unwrap();
    assert_eq!(done.status(), 200);
    let body: serde_json::Value = done.json().await.unwrap();
    assert_eq!(body["withdrawn"], serde_json::json!(["provkurs"]));
    // GitLab sends the token in its own header; GitHub signs the event with it.
    let gitlab = app
        .client
        .post(app.url("/api/v1/courses/reload"))
        .header("x-gitlab-token", RELOAD_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(gitlab.status(), 200);
    let event = r#"{"ref":"refs/heads/main","commits":[]}"#;
    let signature = {
        use hmac::{Hmac, KeyInit, Mac};
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(RELOAD_TOKEN.as_bytes()).unwrap();
        mac.update(event.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    };
    let github = app
        .client
        .post(app.url("/api/v1/courses/reload"))
        .header("x-hub-signature-256", format!("sha256={signature}"))
        .header("content-type", "application/json")
        .body(event)
        .send()
        .await
        .unwrap();
    assert_eq!(github.status(), 200);
    assert!(
        lina.get_html("/courses/provkurs/forsta")
            .await
            .contains("Första lektionen"),
        "Lina keeps the course she is on"
    );
    let omar = signed_in(&app, "omar@malmo.se", Role::Learner).await;
    assert_eq!(omar.get("/courses/provkurs").await.status(), 404);
    let admin = signed_in(&app, "admin@malmo.se", Role::Admin).await;
    assert!(
        admin
            .get_html("/trainer")
            .await
            .contains("Borttagen ur kursmappen")
    );
}

#[tokio::test]
async fn instances_that_see_the_same_change_register_one_version() {
    let dir = tempfile::tempdir().unwrap();
    let courses = dir.path().join("courses");
    copy_dir(&repo_path("tests/fixtures/courses"), &courses);
    let url = fresh_database(dir.path()).await;
    if !url.starts_with("postgres") {
        // One server per SQLite file: the start-up test says so.
        return;
    }
    let with_token = |url: &str| {
        let mut s = settings(url, &courses, None);
        s.courses_reload_token = Some(Secret::new(RELOAD_TOKEN.into()));
        s
    };
    let first = Application::build(with_token(&url)).await.unwrap();
    let second = Application::build(with_token(&url)).await.unwrap();
    let ports = [first.port(), second.port()];
    let db = first.db().clone();
    tokio::spawn(first.run_until_stopped());
    tokio::spawn(second.run_until_stopped());
    std::fs::write(courses.join("provkurs/01-forsta.md"), REWRITTEN).unwrap();
    let client = super::super::app::client();
    let calls = ports.iter().flat_map(|port| {
        let client = client.clone();
        (0..3).map(move |_| {
            client
                .post(format!("http://127.0.0.1:{port}/api/v1/courses/reload"))
                .bearer_auth(RELOAD_TOKEN)
                .send()
        })
    });
    for answer in futures_util::future::join_all(calls).await {
        assert_eq!(answer.unwrap().status(), 200);
    }
    assert_eq!(
        scalar(&db, "SELECT COUNT(*) FROM course_versions").await,
        2,
        "six publications of one change, on two instances: one new version"
    );
}
