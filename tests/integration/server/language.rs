//! The language switch on every page, and the accessibility statement's report form.

use bryggan::domain::Role;
use sea_orm::ConnectionTrait;

use super::app::{TestApp, hidden_field};

#[tokio::test]
async fn switching_language_saves_it_in_the_profile_and_brings_the_page_back_in_english() {
    let app = TestApp::spawn().await;
    app.add_user("lina@malmo.se", Role::Learner).await;
    app.sign_in("lina@malmo.se").await;
    let page = app.get_html("/courses/provkurs").await;
    assert!(page.contains("<html lang=\"sv\">"));
    assert_eq!(hidden_field(&page, "back"), "/courses/provkurs");
    let csrf = hidden_field(&page, "csrf");
    let switched = app
        .post_form(
            "/language",
            &[
                ("csrf", &csrf),
                ("lang", "en"),
                ("back", "/courses/provkurs"),
            ],
        )
        .await;
    assert_eq!(switched.status(), 303);
    assert_eq!(switched.headers()["location"], "/courses/provkurs");
    let page = app.get_html("/courses").await;
    assert!(
        page.contains("<html lang=\"en\">") && page.contains("My courses"),
        "{page}"
    );
    let locale = app
        .db
        .query_one_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            "SELECT locale FROM users WHERE email = 'lina@malmo.se'",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<String>("", "locale")
        .unwrap();
    assert_eq!(locale, "en");
}

#[tokio::test]
async fn a_visitor_switches_before_signing_in_and_is_never_sent_to_another_site() {
    let app = TestApp::spawn().await;
    assert!(app.get_html("/sign-in").await.contains("Logga in"));
    let csrf = app.csrf().await;
    for next in ["//evil.example/", "https://evil.example/"] {
        let switched = app
            .post_form(
                "/language",
                &[("csrf", &csrf), ("lang", "en"), ("back", next)],
            )
            .await;
        assert_eq!(switched.headers()["location"], "/courses", "{next}");
    }
    let page = app.get_html("/sign-in").await;
    assert!(
        page.contains("<html lang=\"en\">") && page.contains("Sign in"),
        "{page}"
    );
    let unknown = app
        .post_form("/language", &[("csrf", &csrf), ("lang", "fi")])
        .await;
    assert_eq!(unknown.status(), 400);
}

#[tokio::test]
async fn a_reported_barrier_reaches_the_admins_and_the_audit_log_and_bad_reports_write_nothing() {
    let app = TestApp::spawn().await;
    app.add_user("admin@malmo.se", Role::Admin).await;
    let page = app.get_html("/tillganglighet").await;
    assert!(
        page.contains("Tillgänglighetsredogörelse") && page.contains("DIGG"),
        "{page}"
    );
    let csrf = hidden_field(&page, "csrf");

    for (text, reply_to, message) in [
        ("   ", "", "Beskriv problemet"),
        (
            "Knappen syns inte",
            "inte-en-adress",
            "Skriv en hel e-postadress",
        ),
    ] {
        let refused = app
            .post_form(
                "/tillganglighet",
                &[
                    ("csrf", &csrf),
                    ("text", text),
                    ("page", ""),
                    ("reply_to", reply_to),
                ],
            )
            .await;
        assert_eq!(refused.status(), 400);
        let body = refused.text().await.unwrap();
        assert!(
            body.contains(message) && body.contains("aria-invalid=\"true\""),
            "{body}"
        );
    }
    assert_eq!(app.count("outbox").await, 0);
    assert_eq!(app.count("audit_log").await, 0);

    let sent = app
        .post_form(
            "/tillganglighet",
            &[
                ("csrf", &csrf),
                ("text", "Fokus syns inte på quizknappen"),
                ("page", "/courses/provkurs/quiz"),
                ("reply_to", "besok@example.se"),
            ],
        )
        .await;
    assert_eq!(sent.status(), 200);
    assert!(sent.text().await.unwrap().contains("Tack!"));
    assert_eq!(app.count("outbox").await, 1);
    assert_eq!(app.count("audit_log").await, 1);
}

#[tokio::test]
async fn an_unknown_language_is_refused_and_leaves_the_profile_as_it_was() {
    let app = TestApp::spawn().await;
    app.add_user("lina@malmo.se", Role::Learner).await;
    app.sign_in("lina@malmo.se").await;
    let csrf = app.csrf().await;
    let refused = app
        .post_form(
            "/language",
            &[("csrf", &csrf), ("lang", "fi"), ("back", "/courses")],
        )
        .await;
    assert_eq!(refused.status(), 400);
    assert!(
        !refused
            .headers()
            .get_all("set-cookie")
            .iter()
            .any(|c| c.to_str().unwrap().starts_with("bryggan_lang="))
    );
    let page = app.get_html("/courses").await;
    assert!(page.contains("<html lang=\"sv\">"), "{page}");
    let locale = app
        .db
        .query_one_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            "SELECT locale FROM users WHERE email = 'lina@malmo.se'",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<String>("", "locale")
        .unwrap();
    assert_eq!(locale, "sv");
}

#[tokio::test]
async fn a_barrier_report_from_a_signed_in_person_is_recorded_as_theirs() {
    let app = TestApp::spawn().await;
    app.add_user("admin@malmo.se", Role::Admin).await;
    app.add_user("lina@malmo.se", Role::Learner).await;
    app.sign_in("lina@malmo.se").await;
    let csrf = app.csrf().await;
    let sent = app
        .post_form(
            "/tillganglighet",
            &[
                ("csrf", &csrf),
                ("text", "Kontrasten är för låg"),
                ("page", ""),
                ("reply_to", ""),
            ],
        )
        .await;
    assert_eq!(sent.status(), 200);
    let actor = app
        .db
        .query_one_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            "SELECT actor, actor_id FROM audit_log WHERE action = 'accessibility.report'",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        actor.try_get::<String>("", "actor").unwrap(),
        "lina@malmo.se"
    );
    assert!(
        actor
            .try_get::<Option<i64>>("", "actor_id")
            .unwrap()
            .is_some()
    );
}
