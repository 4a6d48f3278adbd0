//! Stopping the real binary with SIGTERM in the middle of a load and a mail batch, as a
//! rolling restart does: every request the server took is answered in full, the messages
//! being sent are recorded as sent, the rest are given back and sent once by the next
//! server, and the process exits 0.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bryggan::domain::Email;
use bryggan::store::{self, outbox, outbox::NewEmail};
use chrono::Utc;

use crate::helpers::scalar;
use crate::served::{self, Served};
use crate::smtp_sink::SmtpSink;

const MESSAGES: usize = 40;

/// What one client saw while it sent requests back to back until the server went away.
#[derive(Debug, Default)]
struct Load {
    answered: usize,
    /// Requests that met a closing connection without an answer, and were asked again as
    /// a browser or load balancer does with a GET. The server's log tells whether it
    /// had taken them.
    retried: Vec<String>,
    /// Wrong answers, or refusals while the server should be up: must stay empty.
    wrong: Vec<String>,
}

async fn keep_asking(address: String, signalled: Arc<AtomicBool>) -> Load {
    bryggan::sso::install_tls_crypto();
    let client = reqwest::Client::new();
    let mut load = Load::default();
    loop {
        let asked_after_signal = signalled.load(Ordering::SeqCst);
        match client.get(format!("{address}/sign-in")).send().await {
            Ok(res) => {
                let status = res.status();
                match res.bytes().await {
                    Ok(body) if status == 200 && body.ends_with(b"</html>\n") => load.answered += 1,
                    Ok(_) => load.wrong.push(format!("{status}, cut short")),
                    Err(err) => load.wrong.push(format!("body cut short: {err:?}")),
                }
            }
            // Refused: the listener is closed, so a load balancer sends it elsewhere. A
            // request that set out just before the signal may meet the closed listener
            // too: the flag is set before the signal is sent, so reading it again tells.
            Err(err)
                if err.is_connect() && (asked_after_signal || signalled.load(Ordering::SeqCst)) =>
            {
                return load;
            }
            Err(err) if err.is_connect() => {
                load.wrong
                    .push(format!("refused before the signal: {err:?}"));
                return load;
            }
            // A kept-alive connection closed as the request went out: the server's count
            // below tells whether it had taken the request.
            Err(err) => load.retried.push(format!("{err:?}")),
        }
    }
}

fn email(n: usize) -> NewEmail {
    NewEmail {
        dedup_key: format!("batch:{n}"),
        to: Email::parse(&format!("person{n}@malmo.se")).unwrap(),
        subject: format!("Meddelande {n}"),
        text: "Hej!\n".into(),
        html: None,
        attachment: None,
        enrolment_id: None,
    }
}

fn keys(sink: &SmtpSink) -> Vec<String> {
    sink.messages()
        .iter()
        .filter_map(|m| {
            m.data
                .lines()
                .find_map(|l| l.strip_prefix("Subject: Meddelande "))
                .map(str::to_owned)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigterm_under_load_answers_every_request_sends_each_message_once_and_exits_0() {
    let (dir, url) = served::folder_and_database().await;
    // Each message takes the relay 300 ms, so the batch is still going when the signal
    // comes.
    let sink = SmtpSink::start_slow(Duration::from_millis(300)).await;
    let server = Served::start(&url, dir.path(), &sink.url(), "info");
    let db = store::connect(&url).await.unwrap();
    outbox::enqueue_many(&db, (0..MESSAGES).map(email).collect(), Utc::now())
        .await
        .unwrap();

    let signalled = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..16)
        .map(|_| tokio::spawn(keep_asking(server.address.clone(), signalled.clone())))
        .collect();
    // The worker polls every second; wait until it has delivered a few.
    let waited = std::time::Instant::now();
    while sink.count() < 3 {
        assert!(waited.elapsed() < Duration::from_secs(20), "no mail left");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    signalled.store(true, Ordering::SeqCst);
    server.terminate();
    let (mut answered, mut retried) = (0, Vec::new());
    for client in clients {
        let load = client.await.unwrap();
        assert!(load.wrong.is_empty(), "{:?}", load.wrong);
        answered += load.answered;
        retried.extend(load.retried);
    }
    assert!(answered > 0);
    // Every request the server took reached its client in full; the ones asked again had
    // never reached it.
    assert_eq!(server.answered(), answered, "asked again: {retried:?}");
    let status = server.exit_status(Duration::from_secs(25)).await;
    assert!(status.success(), "{status:?}");

    // What left before the stop is recorded as sent; the rest waits, claimed by nobody.
    let delivered = keys(&sink);
    assert!(
        delivered.len() < MESSAGES,
        "the stop came mid-batch: {}",
        delivered.len()
    );
    assert_eq!(
        scalar(&db, "SELECT COUNT(*) FROM outbox WHERE status = 'sent'").await,
        delivered.len() as i64
    );
    assert_eq!(
        scalar(
            &db,
            "SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND locked_by IS NULL"
        )
        .await,
        (MESSAGES - delivered.len()) as i64,
        "the unsent messages are given back"
    );

    // The next server sends the rest at once, and nothing twice.
    let next = Served::start(&url, dir.path(), &sink.url(), "info");
    let waited = std::time::Instant::now();
    while sink.count() < MESSAGES {
        assert!(
            waited.elapsed() < Duration::from_secs(30),
            "{} of {MESSAGES} sent",
            sink.count()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut all = keys(&sink);
    all.sort();
    all.dedup();
    assert_eq!(all.len(), MESSAGES);
    assert_eq!(sink.count(), MESSAGES, "no message is sent twice");
    drop(next);
}
