//! Access (GDPR Art. 15): "Mina uppgifter" on the page and as JSON, and `privacy export`
//! for a request that comes in by other channels; both hold every row linked to the
//! person, counted against SQL.

use serde_json::Value;

use super::{EMAIL, NAME, args, bryggan, person_with_data_everywhere};
use crate::helpers::{scalar, stderr};
use crate::server::app::TestApp;

/// Rows linked to the person, per table, by SQL written independently of the export.
async fn rows_in_database(app: &TestApp, id: i64) -> Vec<(&'static str, i64)> {
    let enrolments = format!("SELECT id FROM enrolments WHERE user_id = {id}");
    let queries = [
        (
            "users",
            format!("SELECT COUNT(*) FROM users WHERE id = {id}"),
        ),
        (
            "sso_identities",
            format!("SELECT COUNT(*) FROM sso_identities WHERE user_id = {id}"),
        ),
        (
            "department_history",
            format!("SELECT COUNT(*) FROM department_history WHERE user_id = {id}"),
        ),
        (
            "enrolments",
            format!("SELECT COUNT(*) FROM enrolments WHERE user_id = {id}"),
        ),
        (
            "lesson_progress",
            format!("SELECT COUNT(*) FROM lesson_progress WHERE enrolment_id IN ({enrolments})"),
        ),
        (
            "quiz_attempts",
            format!("SELECT COUNT(*) FROM quiz_attempts WHERE enrolment_id IN ({enrolments})"),
        ),
        (
            "lesson_feedback",
            format!("SELECT COUNT(*) FROM lesson_feedback WHERE user_id = {id}"),
        ),
        (
            "assessment_responses",
            format!("SELECT COUNT(*) FROM assessment_responses WHERE user_id = {id}"),
        ),
        (
            "certificates",
            format!("SELECT COUNT(*) FROM certificates WHERE user_id = {id}"),
        ),
        (
            "outbox",
            format!("SELECT COUNT(*) FROM outbox WHERE recipient = '{EMAIL}'"),
        ),
        (
            "audit_log",
            format!(
                "SELECT COUNT(*) FROM audit_log WHERE actor_id = {id} OR LOWER(details) LIKE '%\"{EMAIL}\"%'"
            ),
        ),
        (
            "sign_in_links",
            format!("SELECT COUNT(*) FROM sign_in_links WHERE user_id = {id}"),
        ),
        (
            "scim_holds",
            format!("SELECT COUNT(*) FROM scim_holds WHERE user_id = {id}"),
        ),
        (
            "assignments",
            format!("SELECT COUNT(*) FROM assignments WHERE created_by = {id}"),
        ),
        (
            "pending_imports",
            format!("SELECT COUNT(*) FROM pending_imports WHERE created_by = {id}"),
        ),
    ];
    let mut counts = Vec::new();
    for (table, sql) in queries {
        counts.push((table, scalar(&app.db, &sql).await));
    }
    counts
}

fn section_len(document: &Value, table: &str) -> i64 {
    let key = match table {
        "users" => return 1,
        "assessment_responses" => "assessments",
        "outbox" => "emails",
        "audit_log" => "audit_log",
        "scim_holds" => "deactivations_held",
        "assignments" => "assignments_made",
        "pending_imports" => "staff_uploads",
        other => other,
    };
    document[key]
        .as_array()
        .unwrap_or_else(|| panic!("a section {key}"))
        .len() as i64
}

#[tokio::test]
async fn the_export_holds_every_row_linked_to_the_person_in_every_table() {
    let mut app = TestApp::spawn().await;
    let person = person_with_data_everywhere(&mut app).await;
    let response = person.session.get("/my-data.json").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "private, no-store");
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let document: Value = response.json().await.unwrap();
    let counts = rows_in_database(&app, person.id).await;
    for (table, rows) in &counts {
        assert_eq!(section_len(&document, table), *rows, "rows from {table}");
    }
    // Each kind of data is really there, not just an empty section.
    for (table, rows) in &counts {
        if !["assignments", "pending_imports"].contains(table) {
            assert!(*rows > 0, "the person has rows in {table}");
        }
    }
    assert_eq!(document["profile"]["name"], NAME);
    assert_eq!(document["profile"]["manager_email"], "hr@malmo.se");
    assert_eq!(
        document["department_history"].as_array().unwrap().len(),
        2,
        "moved once"
    );
    let attempts = document["quiz_attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 2);
    assert_eq!(attempts[0]["answers"]["tolk"], serde_json::json!(["a"]));
    assert_eq!(attempts[0]["passed"], false);
    let emails = document["emails"].as_array().unwrap();
    assert!(emails.iter().any(|m| m["reason"] == "certificate"));
    assert!(
        emails.iter().all(|m| m.get("text_body").is_none()),
        "subjects and dates, not bodies"
    );
}

#[tokio::test]
async fn mina_uppgifter_shows_each_kind_of_data_in_the_page_s_language() {
    let mut app = TestApp::spawn().await;
    let person = person_with_data_everywhere(&mut app).await;
    let response = person.session.get("/my-data").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let page = response.text().await.unwrap();
    for text in [
        "<title>Mina uppgifter",
        NAME,
        "Malmö stad/Soc/Syd",
        "Avdelningar över tid",
        "Quizförsök",
        "tolk: a",
        "Bedömningar före och efter",
        &person.certificate,
        "E-post till dig",
        "Inloggningslänkar",
        "https://login.example/tenant",
        "Loggade händelser",
        "accessibility.report",
        "href=\"/my-data.json\"",
        "aria-current=\"page\"",
    ] {
        assert!(page.contains(text), "the page shows {text:?}");
    }
    let csrf = person.session.csrf().await;
    person
        .session
        .post_form(
            "/language",
            &[("csrf", &csrf), ("lang", "en"), ("back", "/my-data")],
        )
        .await;
    let page = person.session.get_html("/my-data").await;
    assert!(page.contains("<title>My data") && page.contains("Departments over time"));
}

#[tokio::test]
async fn mina_uppgifter_needs_a_session() {
    let app = TestApp::spawn().await;
    for path in ["/my-data", "/my-data.json"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 303, "{path}");
        assert!(
            response.headers()["location"]
                .to_str()
                .unwrap()
                .starts_with("/sign-in")
        );
    }
}

#[tokio::test]
async fn an_admin_exports_a_person_from_the_command_line_and_the_act_is_audited() {
    let mut app = TestApp::spawn().await;
    let person = person_with_data_everywhere(&mut app).await;
    let audited = app.count("audit_log").await;
    let output = bryggan(args(
        &app,
        &["privacy", "export", "--email", "Zoe.Lindqvist@Malmo.se"],
    ))
    .await;
    assert!(output.status.success(), "{}", stderr(&output));
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["format"], "bryggan-personal-data/1");
    assert_eq!(document["profile"]["id"], person.id);
    for (table, rows) in rows_in_database(&app, person.id).await {
        if table != "audit_log" {
            assert_eq!(section_len(&document, table), rows, "rows from {table}");
        }
    }
    assert_eq!(app.count("audit_log").await, audited + 1);
    let entry = scalar(
        &app.db,
        "SELECT COUNT(*) FROM audit_log WHERE action = 'privacy.exported'",
    )
    .await;
    assert_eq!(entry, 1);
    let details = super::dump(&app).await;
    assert!(
        details.contains(&format!("{{\"person\":{}}}", person.id)),
        "the entry names the person by id only"
    );
}

#[tokio::test]
async fn an_export_for_an_unknown_or_malformed_address_exits_2_and_writes_nothing() {
    let app = TestApp::spawn().await;
    app.add_user("admin@malmo.se", bryggan::domain::Role::Admin)
        .await;
    let audited = app.count("audit_log").await;
    for (address, message) in [
        (
            "ingen@malmo.se",
            "nobody in Bryggan has the address ingen@malmo.se",
        ),
        ("inte en adress", "is not an email address"),
    ] {
        let output = bryggan(args(&app, &["privacy", "export", "--email", address])).await;
        assert_eq!(output.status.code(), Some(2), "{address}");
        assert!(stderr(&output).contains(message), "{}", stderr(&output));
        assert!(output.stdout.is_empty());
    }
    assert_eq!(app.count("audit_log").await, audited);
}
