//! "Email me a sign-in link", through a real SMTP server on loopback: the link arrives,
//! signs in once, expires, is rate-limited, and the answer never says whether an address
//! has an account.

use std::time::Duration;

use bryggan::domain::Role;
use sea_orm::ConnectionTrait;

use super::app::{TestApp, hidden_field};
use crate::smtp_sink::{Received, SmtpSink};

async fn ask(app: &TestApp, email: &str) -> (u16, String) {
    let csrf = app.csrf().await;
    let response = app
        .post_form("/sign-in/link", &[("csrf", &csrf), ("email", email)])
        .await;
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// Waits for the server's mail worker (it polls every second) to deliver `n` messages.
async fn delivered(sink: &SmtpSink, n: usize) -> Vec<Received> {
    for _ in 0..100 {
        if sink.messages().len() >= n {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    sink.messages()
}

/// The link in the plain-text part (quoted-printable soft breaks undone).
fn link_in(message: &Received) -> String {
    let data = message.data.replace("=\r\n", "");
    let start = data.find("http://").expect("a link in the message");
    data[start..]
        .split(|c: char| c.is_whitespace() || c == '"' || c == '<')
        .next()
        .unwrap()
        .to_owned()
}

async fn use_link(visitor: &TestApp, link: &str) -> reqwest::Response {
    let path = link
        .split_once("127.0.0.1")
        .unwrap()
        .1
        .split_once('/')
        .unwrap()
        .1;
    let page = visitor.get_html(&format!("/{path}")).await;
    let csrf = hidden_field(&page, "csrf");
    visitor
        .post_form(&format!("/{path}"), &[("csrf", &csrf)])
        .await
}

#[tokio::test]
async fn a_sign_in_link_arrives_by_email_and_signs_in_once() {
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with_smtp(Some(sink.url())).await;
    app.add_user("anna@malmo.se", Role::Learner).await;
    let (status, page) = ask(&app, "anna@malmo.se").await;
    assert_eq!(status, 200);
    assert!(page.contains("Titta i din inkorg"));
    let messages = delivered(&sink, 1).await;
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].to, ["<anna@malmo.se>"]);
    let subject = messages[0]
        .data
        .lines()
        .find(|l| l.starts_with("Subject:"))
        .unwrap_or_default();
    assert!(
        subject.to_ascii_lowercase().contains("=?utf-8?"),
        "a Swedish subject, encoded: {subject}"
    );
    let link = link_in(&messages[0]);
    assert!(
        link.starts_with(&format!("{}/sign-in/link/", app.address)),
        "{link}"
    );

    let visitor = app.another_visitor();
    let response = use_link(&visitor, &link).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/courses");
    assert_eq!(visitor.get("/courses").await.status(), 200, "signed in");

    let again = app.another_visitor();
    let response = use_link(&again, &link).await;
    assert_eq!(response.status(), 400, "a link works once");
    assert!(response.text().await.unwrap().contains("redan använts"));
    assert_eq!(again.get("/courses").await.status(), 303, "not signed in");
}

#[tokio::test]
async fn an_unknown_address_gets_the_same_answer_and_nothing_is_written_or_sent() {
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with_smtp(Some(sink.url())).await;
    app.add_user("anna@malmo.se", Role::Learner).await;
    let (known_status, known) = ask(&app, "anna@malmo.se").await;
    let (unknown_status, unknown) = ask(&app, "nobody@malmo.se").await;
    assert_eq!(known_status, unknown_status);
    assert_eq!(
        known.replace("anna@malmo.se", "X"),
        unknown.replace("nobody@malmo.se", "X"),
        "the same page"
    );
    assert_eq!(app.count("sign_in_links").await, 1);
    assert_eq!(app.count("outbox").await, 1);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(delivered(&sink, 1).await.len(), 1);

    let (status, page) = ask(&app, "not an address").await;
    assert_eq!(status, 400);
    assert!(page.contains("Skriv en hel e-postadress"));
    assert_eq!(app.count("outbox").await, 1);
}

#[tokio::test]
async fn links_are_limited_per_address_without_the_answer_saying_so() {
    let app = TestApp::spawn().await;
    app.add_user("anna@malmo.se", Role::Learner).await;
    for _ in 0..5 {
        let (status, page) = ask(&app, "anna@malmo.se").await;
        assert_eq!(status, 200);
        assert!(page.contains("Titta i din inkorg"));
    }
    assert_eq!(app.count("sign_in_links").await, 3);
    assert_eq!(app.count("outbox").await, 3);
}

#[tokio::test]
async fn an_expired_or_forged_link_is_refused_and_signs_nobody_in() {
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with_smtp(Some(sink.url())).await;
    app.add_user("anna@malmo.se", Role::Learner).await;
    ask(&app, "anna@malmo.se").await;
    let link = link_in(&delivered(&sink, 1).await[0]);
    app.db
        .execute_unprepared("UPDATE sign_in_links SET expires_at = created_at")
        .await
        .unwrap();
    let visitor = app.another_visitor();
    assert_eq!(use_link(&visitor, &link).await.status(), 400);
    let forged = format!("{}x", link);
    assert_eq!(use_link(&visitor, &forged).await.status(), 400);
    assert_eq!(visitor.get("/courses").await.status(), 303);
    assert_eq!(
        app.count("sign_in_links WHERE used_at IS NOT NULL").await,
        0
    );
}
