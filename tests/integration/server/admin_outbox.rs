//! `/admin/outbox`: undelivered email, visible to admins only, sent again on request.

use bryggan::domain::{Email, Role};
use bryggan::store::outbox::{self, NewEmail};
use chrono::{Duration, Utc};
use sea_orm::{ConnectionTrait, TransactionTrait};

use super::app::TestApp;

/// A message given up on, written in one transaction so that the server's worker never
/// sees it pending.
async fn failed_message(app: &TestApp) -> i64 {
    let txn = app.db.begin().await.unwrap();
    outbox::enqueue(
        &txn,
        NewEmail {
            dedup_key: "test:1".into(),
            to: Email::parse("anna@malmo.se").unwrap(),
            subject: "Påminnelse".into(),
            text: "Hej".into(),
            html: None,
            attachment: None,
            enrolment_id: None,
        },
        Utc::now() - Duration::days(3),
    )
    .await
    .unwrap();
    txn.execute_unprepared(
        "UPDATE outbox SET status = 'failed', attempts = 7, last_error = 'relay refused'",
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    outbox::failed(&app.db, 1).await.unwrap()[0].id
}

#[tokio::test]
async fn admins_see_undelivered_email_and_send_it_again_and_others_are_refused() {
    let app = TestApp::spawn().await;
    let id = failed_message(&app).await;
    app.add_user("hr@malmo.se", Role::Hr).await;
    app.add_user("admin@malmo.se", Role::Admin).await;

    app.sign_in("hr@malmo.se").await;
    assert_eq!(app.get("/admin/outbox").await.status(), 403);
    let csrf = app.csrf().await;
    let refused = app
        .post_form(&format!("/admin/outbox/{id}/retry"), &[("csrf", &csrf)])
        .await;
    assert_eq!(refused.status(), 403);
    assert_eq!(app.count("outbox WHERE status = 'failed'").await, 1);

    let admin = app.another_visitor();
    admin.sign_in("admin@malmo.se").await;
    let html = admin.get_html("/admin/outbox").await;
    assert!(
        html.contains("<td>anna@malmo.se</td><td>Påminnelse</td>"),
        "{html}"
    );
    assert!(html.contains("relay refused"));
    let csrf = admin.csrf().await;
    let missing = admin
        .post_form("/admin/outbox/999999/retry", &[("csrf", &csrf)])
        .await;
    assert_eq!(missing.status(), 404);
    assert_eq!(app.count("audit_log WHERE action = 'mail.retry'").await, 0);
    let retried = admin
        .post_form(&format!("/admin/outbox/{id}/retry"), &[("csrf", &csrf)])
        .await;
    assert_eq!(retried.status(), 303);
    // Queued again; the server's worker may already have delivered it.
    assert_eq!(
        app.count("outbox WHERE status IN ('pending', 'sent')")
            .await,
        1
    );
    assert_eq!(app.count("audit_log WHERE action = 'mail.retry'").await, 1);
}
