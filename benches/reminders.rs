//! The reminder benchmark: one reminder run that plans and queues 100,000 overdue
//! reminders (plus managers' digests), then delivery to an SMTP sink on loopback, with
//! pooled connections and with a rate cap. Each figure is printed beside a baseline
//! measured in the same run on the same database:
//!
//! - queueing: `INSERT … SELECT` of the same number of outbox rows with fixed text, the
//!   floor for writing that many rows;
//! - delivery: lettre sending the same messages straight to the sink, without the outbox.
//!
//! `cargo bench --bench reminders` uses SQLite in a temporary folder;
//! `BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432 cargo bench --bench reminders`
//! runs it on a fresh PostgreSQL database (dropped afterwards). `BENCH_STAFF` (100000)
//! and `BENCH_DELIVER` (20000 messages delivered) change the sizes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark stops at the first failure"
)]

#[path = "../tests/integration/smtp_sink.rs"]
#[allow(dead_code, reason = "shared with the tests, which use more of it")]
mod smtp_sink;

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Instant;

use bryggan::config::{MailSettings, ReminderSettings, Secret};
use bryggan::course::{CompileOptions, compile_all};
use bryggan::domain::DueRule;
use bryggan::mail::templates::EmailTemplates;
use bryggan::mail::worker::Worker;
use bryggan::mail::{Mailer, attachments::Attachment};
use bryggan::reminders::Reminders;
use bryggan::store::{self, audit::Actor, outbox};
use chrono::{Days, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend};

use smtp_sink::SmtpSink;

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let staff = env_number("BENCH_STAFF", 100_000);
    let deliver = env_number("BENCH_DELIVER", 20_000);
    let dir = tempfile::tempdir().unwrap();
    let (url, cleanup) = database(dir.path()).await;
    let db = store::connect(&url).await.unwrap();
    let backend = match db.get_database_backend() {
        DbBackend::Postgres => "PostgreSQL",
        _ => "SQLite",
    };
    println!("reminder benchmark on {backend}: {staff} people, each overdue with one course");

    let started = Instant::now();
    setup(&db, staff).await;
    println!("setup: {:.1} s", started.elapsed().as_secs_f64());

    // Baseline: the same number of rows written by the database alone.
    let started = Instant::now();
    let floor = insert_select(&db, staff).await;
    let baseline = started.elapsed().as_secs_f64();
    db.execute_unprepared("DELETE FROM outbox").await.unwrap();

    let emails = EmailTemplates::load().unwrap();
    let settings = ReminderSettings::default();
    let run_at = Utc::now();
    let started = Instant::now();
    let summary = Reminders {
        settings: &settings,
        emails: &emails,
        public_url: "https://bryggan.example",
    }
    .run(&db, run_at)
    .await
    .unwrap();
    let run = started.elapsed().as_secs_f64();
    assert_eq!(
        summary.overdue as usize, staff,
        "every enrolment is overdue"
    );
    println!(
        "reminder run: {} overdue reminders + {} digests queued in {run:.2} s ({:.0} messages/s); \
         baseline INSERT…SELECT of {floor} rows: {baseline:.2} s; ratio {:.1}x",
        summary.overdue,
        summary.digests,
        summary.total() as f64 / run,
        run / baseline
    );
    let again = Instant::now();
    let second = Reminders {
        settings: &settings,
        emails: &emails,
        public_url: "https://bryggan.example",
    }
    .run(&db, run_at)
    .await
    .unwrap();
    assert_eq!(second.total(), 0);
    println!(
        "a second run the same day queues nothing: {:.2} s",
        again.elapsed().as_secs_f64()
    );

    // Delivery: keep `deliver` messages pending, drop the rest.
    let keep = format!(
        "DELETE FROM outbox WHERE id NOT IN (SELECT id FROM outbox ORDER BY id LIMIT {deliver})"
    );
    db.execute_unprepared(&keep).await.unwrap();
    if db.get_database_backend() == DbBackend::Postgres {
        // What autovacuum would do after a delete that size.
        db.execute_unprepared("VACUUM ANALYZE outbox")
            .await
            .unwrap();
    }
    let sink = SmtpSink::start().await;
    let mail = MailSettings {
        smtp_url: Some(Secret::new(sink.url())),
        ..MailSettings::default()
    };
    let sample = outbox::claim(&db, "bench-sample", 1, Utc::now(), chrono::Duration::zero())
        .await
        .unwrap();
    let raw = raw_lettre(&mail, &sample[0], deliver.min(5_000)).await;
    let before = sink.count();
    let rate = deliver_all(&db, &mail, &sink, before + deliver).await;
    println!(
        "delivery through the outbox: {rate:.0} messages/s with {} pooled connections; \
         baseline lettre straight to the sink: {raw:.0} messages/s",
        mail.connections
    );
    let plain = SmtpSink::start_plain().await;
    let plain_mail = MailSettings {
        smtp_url: Some(Secret::new(plain.url())),
        ..mail.clone()
    };
    let delayed = raw_lettre(&plain_mail, &sample[0], 1_000).await;
    println!(
        "lettre to a sink with the kernel's delayed ACKs (no TCP_QUICKACK): {delayed:.0} messages/s"
    );
    drop(plain);

    // The rate cap: a relay that takes 100 messages a second.
    db.execute_unprepared(
        "UPDATE outbox SET status = 'pending', sent_at = NULL WHERE id IN (SELECT id FROM outbox ORDER BY id LIMIT 500)",
    )
    .await
    .unwrap();
    let capped = MailSettings {
        rate_per_second: Some(100),
        ..mail.clone()
    };
    let before = sink.count();
    let rate = deliver_all(&db, &capped, &sink, 500 + before).await;
    println!("delivery with a cap of 100/s: {rate:.0} messages/s");
    drop(sink);
    cleanup(db).await;
}

async fn database(dir: &std::path::Path) -> (String, Cleanup) {
    match std::env::var("BENCH_DATABASE_URL") {
        Ok(server) if server.starts_with("postgres") => {
            let server = server.trim_end_matches('/').to_owned();
            let name = format!("bryggan_bench_reminders_{}", bryggan::auth::random_hex(4));
            let admin = sea_orm::Database::connect(format!("{server}/postgres"))
                .await
                .unwrap();
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .unwrap();
            let url = format!("{server}/{name}");
            let cleanup: Cleanup = Box::new(move |db: DatabaseConnection| {
                Box::pin(async move {
                    db.close().await.ok();
                    admin
                        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
                        .await
                        .ok();
                })
            });
            (url, cleanup)
        }
        _ => (
            format!("sqlite://{}/bench.db?mode=rwc", dir.display()),
            Box::new(|_| Box::pin(async {})),
        ),
    }
}

type Cleanup =
    Box<dyn FnOnce(DatabaseConnection) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>>;

/// `staff` people in 100 departments, a manager for every 20, the fixture course assigned
/// to everyone with a due date that has passed.
async fn setup(db: &DatabaseConnection, staff: usize) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let compiled = compile_all(
        &root.join("tests/fixtures/courses"),
        &CompileOptions::default(),
    )
    .unwrap();
    let now = Utc::now();
    store::courses::register(db, &compiled, now).await.unwrap();
    let mut csv = String::from("email,name,department,manager_email,locale\n");
    for i in 0..staff {
        let locale = if i % 5 == 0 { "en" } else { "sv" };
        writeln!(
            csv,
            "person{i}@kommun.se,Person Nummer {i},Kommunen/Förvaltning {}/Enhet {},chef{}@kommun.se,{locale}",
            i % 10,
            i % 100,
            i / 20
        )
        .unwrap();
    }
    let file = bryggan::staff::parse(csv.as_bytes()).unwrap();
    store::staff::import(
        db,
        &file,
        store::staff::ImportOptions::default(),
        &Actor::command_line(),
        now,
        &|_| {},
    )
    .await
    .unwrap();
    let course = store::courses::find_by_slug(db, "provkurs")
        .await
        .unwrap()
        .unwrap();
    // Everyone was assigned two months ago, due a month ago.
    let then = now - chrono::Duration::days(60);
    let due = then.date_naive() + Days::new(30);
    store::assignments::create(
        db,
        course.id,
        None,
        DueRule::Fixed(due),
        &Actor::command_line(),
        then,
    )
    .await
    .unwrap();
    bryggan::hr::apply_assignments(db, then, 30).await.unwrap();
}

/// The database's own floor: as many outbox rows, with bodies of the same size, in one
/// statement.
async fn insert_select(db: &DatabaseConnection, staff: usize) -> usize {
    let body = "x".repeat(1500);
    let sql = format!(
        "INSERT INTO outbox (dedup_key, recipient, subject, text_body, html_body, created_at, status, attempts, next_attempt_at) \
         SELECT 'floor:' || CAST(e.id AS TEXT), u.email, 'Försenad kurs', '{body}', '{body}', e.enrolled_at, 'pending', 0, e.enrolled_at \
         FROM enrolments e JOIN users u ON u.id = e.user_id"
    );
    db.execute_unprepared(&sql).await.unwrap();
    staff
}

/// Runs worker rounds until the sink holds `total` messages; the rate over that time.
async fn deliver_all(
    db: &DatabaseConnection,
    mail: &MailSettings,
    sink: &SmtpSink,
    total: usize,
) -> f64 {
    let mailer = Arc::new(Mailer::new(mail).unwrap());
    let worker = Worker::new(db.clone(), mailer, mail, "https://bryggan.example");
    let before = sink.count();
    let started = Instant::now();
    while sink.count() < total {
        let round = worker.round().await.unwrap();
        assert_eq!(
            round.failed + round.retrying,
            0,
            "the sink accepts everything"
        );
        if round.sent == 0 {
            break;
        }
    }
    (sink.count() - before) as f64 / started.elapsed().as_secs_f64()
}

/// lettre alone: `n` copies of one message, `connections` at a time, pooled.
async fn raw_lettre(mail: &MailSettings, sample: &outbox::OutboxEmail, n: usize) -> f64 {
    use futures_util::StreamExt;
    let mailer = Arc::new(Mailer::new(mail).unwrap());
    let started = Instant::now();
    futures_util::stream::iter(0..n)
        .map(|_| {
            let mailer = mailer.clone();
            async move {
                mailer
                    .send(sample, None::<Attachment>, "https://bryggan.bench")
                    .await
                    .unwrap()
            }
        })
        .buffer_unordered(mail.connections)
        .collect::<Vec<()>>()
        .await;
    n as f64 / started.elapsed().as_secs_f64()
}
