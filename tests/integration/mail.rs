//! Email through the outbox to a real SMTP server on loopback: delivered once with both
//! bodies, retried while the relay is down, given up and retried by hand, never sent twice
//! by two workers or after a worker dies.

use std::sync::Arc;

use bryggan::config::{MailSettings, Secret};
use bryggan::domain::Email;
use bryggan::mail::Mailer;
use bryggan::mail::worker::{LEASE, Round, Worker};
use bryggan::store::outbox::{self, NewEmail};
use chrono::{Duration, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

use crate::mime;
use crate::smtp_sink::{SmtpSink, closed_port};

struct Setup {
    _dir: tempfile::TempDir,
    db: DatabaseConnection,
}

async fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::server::app::fresh_database(dir.path()).await;
    let db = bryggan::store::connect(&url).await.unwrap();
    Setup { _dir: dir, db }
}

fn settings(smtp_url: Option<String>, dir: &std::path::Path) -> MailSettings {
    MailSettings {
        smtp_url: smtp_url.map(Secret::new),
        dir: dir.to_owned(),
        retry_base_ms: 1,
        ..MailSettings::default()
    }
}

fn worker(db: &DatabaseConnection, settings: &MailSettings) -> Worker {
    Worker::new(
        db.clone(),
        Arc::new(Mailer::new(settings).unwrap()),
        settings,
        "http://bryggan.test",
    )
}

fn email(key: &str) -> NewEmail {
    NewEmail {
        dedup_key: key.to_owned(),
        to: Email::parse("anna@malmo.se").unwrap(),
        subject: format!("Reminder {key}"),
        text: "Hej Anna!\nYour course is due on Friday.\n".into(),
        html: Some("<p>Hej Anna!</p><p>Your course is due on Friday.</p>".into()),
        attachment: None,
        enrolment_id: None,
    }
}

async fn status_counts(db: &DatabaseConnection) -> (i64, i64, i64) {
    let count = |status: &'static str| async move {
        let row = db
            .query_one_raw(Statement::from_string(
                db.get_database_backend(),
                format!("SELECT COUNT(*) FROM outbox WHERE status = '{status}'"),
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get_by_index::<i64>(0).unwrap()
    };
    (
        count("pending").await,
        count("sent").await,
        count("failed").await,
    )
}

#[tokio::test]
async fn a_queued_message_arrives_over_smtp_once_with_both_bodies() {
    let s = setup().await;
    let sink = SmtpSink::start().await;
    assert!(
        outbox::enqueue(&s.db, email("a"), Utc::now())
            .await
            .unwrap()
    );
    let w = worker(&s.db, &settings(Some(sink.url()), s._dir.path()));
    assert_eq!(
        w.round().await.unwrap(),
        Round {
            sent: 1,
            retrying: 0,
            failed: 0
        }
    );
    assert_eq!(
        w.round().await.unwrap(),
        Round::default(),
        "nothing left to send"
    );
    let received = sink.messages();
    assert_eq!(received.len(), 1);
    let m = &received[0];
    assert_eq!(m.to, ["<anna@malmo.se>"]);
    assert!(m.from.contains("no-reply@bryggan.localhost"), "{}", m.from);
    assert!(m.data.contains("Subject: Reminder a"), "{}", m.data);
    assert!(m.data.contains("multipart/alternative"));
    assert!(m.data.contains("text/plain") && m.data.contains("text/html"));
    assert!(m.data.contains("Your course is due on Friday."));
    assert_eq!(status_counts(&s.db).await, (0, 1, 0));
}

#[tokio::test]
async fn every_message_has_its_own_id_in_the_sender_s_domain_a_date_and_reminders_thread_to_their_notice()
 {
    let s = setup().await;
    let sink = SmtpSink::start().await;
    for key in ["assigned:5", "due-soon:5", "overdue:5:0", "assigned:6"] {
        outbox::enqueue(&s.db, email(key), Utc::now())
            .await
            .unwrap();
    }
    let w = worker(&s.db, &settings(Some(sink.url()), s._dir.path()));
    assert_eq!(w.round().await.unwrap().sent, 4);
    let mut received = sink.messages();
    received.sort_by_key(|m| mime::header(&m.data, "Subject"));
    let header = |i: usize, name: &str| mime::header(&received[i].data, name);
    // Sorted by subject: assigned:5, assigned:6, due-soon:5, overdue:5:0.
    let ids: Vec<String> = (0..4).map(|i| header(i, "Message-ID").unwrap()).collect();
    for id in &ids {
        assert!(
            id.starts_with('<') && id.ends_with("@bryggan.localhost>"),
            "{id}"
        );
    }
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 4, "{ids:?}");
    for i in 0..4 {
        let date = header(i, "Date").unwrap();
        assert!(
            chrono::DateTime::parse_from_rfc2822(&date).is_ok(),
            "{date}"
        );
    }
    assert_eq!(header(0, "In-Reply-To"), None);
    assert_eq!(header(1, "In-Reply-To"), None);
    for reminder in [2, 3] {
        assert_eq!(header(reminder, "In-Reply-To").as_ref(), Some(&ids[0]));
        assert_eq!(header(reminder, "References").as_ref(), Some(&ids[0]));
    }
}

#[tokio::test]
async fn a_message_written_to_a_file_carries_its_id_and_date_too() {
    let s = setup().await;
    let dir = s._dir.path().join("mail");
    outbox::enqueue(&s.db, email("assigned:1"), Utc::now())
        .await
        .unwrap();
    let w = worker(&s.db, &settings(None, &dir));
    assert_eq!(w.round().await.unwrap().sent, 1);
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = std::fs::read_to_string(file).unwrap();
    assert!(
        mime::header(&text, "Message-ID").is_some_and(|id| id.ends_with("@bryggan.localhost>")),
        "{text}"
    );
    assert!(mime::header(&text, "Date").is_some(), "{text}");
}

#[tokio::test]
async fn the_same_reason_is_queued_and_sent_only_once() {
    let s = setup().await;
    let sink = SmtpSink::start().await;
    assert!(
        outbox::enqueue(&s.db, email("same"), Utc::now())
            .await
            .unwrap()
    );
    assert!(
        !outbox::enqueue(&s.db, email("same"), Utc::now())
            .await
            .unwrap()
    );
    worker(&s.db, &settings(Some(sink.url()), s._dir.path()))
        .round()
        .await
        .unwrap();
    assert!(
        !outbox::enqueue(&s.db, email("same"), Utc::now())
            .await
            .unwrap(),
        "also after sending"
    );
    assert_eq!(sink.messages().len(), 1);
}

#[tokio::test]
async fn mail_queued_while_the_relay_is_down_arrives_exactly_once_when_it_is_back() {
    let s = setup().await;
    let port = closed_port().await;
    for key in ["x1", "x2", "x3"] {
        outbox::enqueue(&s.db, email(key), Utc::now())
            .await
            .unwrap();
    }
    let w = worker(
        &s.db,
        &settings(Some(format!("smtp://127.0.0.1:{port}")), s._dir.path()),
    );
    assert_eq!(
        w.round().await.unwrap(),
        Round {
            sent: 0,
            retrying: 3,
            failed: 0
        }
    );
    assert_eq!(status_counts(&s.db).await, (3, 0, 0), "still queued");
    let sink = SmtpSink::start_on(port).await;
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    assert_eq!(w.round().await.unwrap().sent, 3);
    assert_eq!(w.round().await.unwrap(), Round::default());
    let mut subjects: Vec<String> = sink
        .messages()
        .iter()
        .filter_map(|m| {
            m.data
                .lines()
                .find(|l| l.starts_with("Subject:"))
                .map(str::to_owned)
        })
        .collect();
    subjects.sort();
    assert_eq!(
        subjects,
        [
            "Subject: Reminder x1",
            "Subject: Reminder x2",
            "Subject: Reminder x3"
        ]
    );
}

#[tokio::test]
async fn a_message_that_cannot_be_delivered_in_time_is_marked_failed_and_can_be_retried() {
    let s = setup().await;
    let port = closed_port().await;
    outbox::enqueue(&s.db, email("late"), Utc::now() - Duration::hours(49))
        .await
        .unwrap();
    let w = worker(
        &s.db,
        &settings(Some(format!("smtp://127.0.0.1:{port}")), s._dir.path()),
    );
    assert_eq!(
        w.round().await.unwrap(),
        Round {
            sent: 0,
            retrying: 0,
            failed: 1
        }
    );
    let failed = outbox::failed(&s.db, 10).await.unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].attempts, 1);
    assert!(
        failed[0]
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("SMTP")),
        "{failed:?}"
    );
    assert_eq!(
        w.round().await.unwrap(),
        Round::default(),
        "a failed message waits for an admin"
    );

    let sink = SmtpSink::start_on(port).await;
    assert!(
        outbox::retry(&s.db, failed[0].id, Utc::now())
            .await
            .unwrap()
    );
    assert!(
        !outbox::retry(&s.db, failed[0].id, Utc::now())
            .await
            .unwrap(),
        "only failed ones"
    );
    assert_eq!(w.round().await.unwrap().sent, 1);
    assert_eq!(sink.messages().len(), 1);
}

#[tokio::test]
async fn a_batch_claimed_by_a_worker_that_died_is_sent_by_another_once_its_lease_lapses() {
    let s = setup().await;
    let sink = SmtpSink::start().await;
    for i in 0..4 {
        outbox::enqueue(
            &s.db,
            email(&format!("k{i}")),
            Utc::now() - Duration::hours(1),
        )
        .await
        .unwrap();
    }
    // A worker claimed two messages ten minutes ago and never came back; another holds a
    // live claim on the other two.
    let ten_minutes_ago = Utc::now() - Duration::minutes(10);
    assert_eq!(
        outbox::claim(&s.db, "dead", 2, ten_minutes_ago, LEASE)
            .await
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        outbox::claim(&s.db, "busy", 2, Utc::now(), LEASE)
            .await
            .unwrap()
            .len(),
        2
    );
    let w = worker(&s.db, &settings(Some(sink.url()), s._dir.path()));
    assert_eq!(w.round().await.unwrap().sent, 2, "the lapsed claims only");
    assert_eq!(w.round().await.unwrap(), Round::default());
    assert_eq!(sink.messages().len(), 2);
    assert_eq!(status_counts(&s.db).await, (2, 2, 0));
}

#[tokio::test]
async fn two_workers_on_one_database_never_send_the_same_message() {
    let s = setup().await;
    let sink = SmtpSink::start().await;
    for i in 0..150 {
        outbox::enqueue(&s.db, email(&format!("m{i:03}")), Utc::now())
            .await
            .unwrap();
    }
    let config = settings(Some(sink.url()), s._dir.path());
    let (a, b) = (worker(&s.db, &config), worker(&s.db, &config));
    let mut sent = 0;
    for _ in 0..4 {
        let (ra, rb) = tokio::join!(a.round(), b.round());
        sent += ra.unwrap().sent + rb.unwrap().sent;
    }
    assert_eq!(sent, 150);
    let mut subjects: Vec<String> = sink
        .messages()
        .iter()
        .filter_map(|m| {
            m.data
                .lines()
                .find(|l| l.starts_with("Subject:"))
                .map(str::to_owned)
        })
        .collect();
    assert_eq!(subjects.len(), 150);
    subjects.sort();
    subjects.dedup();
    assert_eq!(subjects.len(), 150, "no message twice");
}

#[tokio::test]
async fn without_a_relay_each_message_is_written_as_an_eml_file() {
    let s = setup().await;
    let dir = s._dir.path().join("mail");
    outbox::enqueue(&s.db, email("file"), Utc::now())
        .await
        .unwrap();
    let w = worker(&s.db, &settings(None, &dir));
    assert_eq!(w.round().await.unwrap().sent, 1);
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].extension().and_then(|e| e.to_str()), Some("eml"));
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert!(text.contains("Subject: Reminder file"));
    assert!(text.contains("To: anna@malmo.se"));
}

#[tokio::test]
async fn a_bad_smtp_url_or_sender_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let bad_url = MailSettings {
        smtp_url: Some(Secret::new("gopher://mail.example".into())),
        ..settings(None, dir.path())
    };
    assert!(Mailer::new(&bad_url).is_err());
    let bad_from = MailSettings {
        from: "not an address".into(),
        ..settings(None, dir.path())
    };
    assert!(Mailer::new(&bad_from).is_err());
}

#[tokio::test]
async fn the_outbox_is_counted_by_state_with_its_oldest_message_for_operators() {
    let s = setup().await;
    let queued_at = Utc::now() - Duration::minutes(30);
    outbox::enqueue(&s.db, email("old"), queued_at)
        .await
        .unwrap();
    outbox::enqueue(&s.db, email("new"), Utc::now())
        .await
        .unwrap();
    let states = bryggan::store::operations::outbox(&s.db).await.unwrap();
    let pending = states.iter().find(|s| s.status == "pending").unwrap();
    assert_eq!(pending.messages, 2);
    let oldest = pending.oldest.unwrap();
    assert!(
        (oldest - queued_at).num_seconds().abs() <= 1,
        "{oldest} {queued_at}"
    );
}
