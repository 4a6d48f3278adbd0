//! The retention benchmark: a purge that anonymises the people who left, in an
//! organisation of 10,000 with five messages and an audit entry per person in the
//! outbox and the log. Each person takes one transaction that scans the mail and the
//! log for their name and address, so the cost grows with the size of both; this
//! measures it. The baseline, in the same run on the same data, is `privacy export` of
//! the same people: the same look-ups, reading only.
//!
//! `cargo bench --bench privacy` uses SQLite in a temporary folder;
//! `BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432 cargo bench --bench privacy`
//! a fresh PostgreSQL database (dropped afterwards). `BENCH_PEOPLE` (10000) and
//! `BENCH_LEAVERS` (1000) change the sizes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark stops at the first failure"
)]

use std::time::Instant;

use bryggan::domain::Email;
use bryggan::privacy::Privacy;
use bryggan::privacy::purge;
use bryggan::privacy::retention::{Period, RetentionRules, Rule};
use bryggan::store::audit::{self, Actor};
use bryggan::store::entities::user;
use bryggan::store::outbox::{self, NewEmail};
use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

async fn database() -> (String, Option<tempfile::TempDir>, Option<(String, String)>) {
    match std::env::var("BENCH_DATABASE_URL") {
        Ok(server) if !server.is_empty() => {
            let server = server.trim_end_matches('/').to_owned();
            let name = format!("bryggan_bench_{}", bryggan::auth::random_hex(6));
            let admin = sea_orm::Database::connect(format!("{server}/postgres"))
                .await
                .unwrap();
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .unwrap();
            admin.close().await.ok();
            (format!("{server}/{name}"), None, Some((server, name)))
        }
        _ => {
            let dir = tempfile::tempdir().unwrap();
            let url = format!("sqlite://{}/bench.db?mode=rwc", dir.path().display());
            (url, Some(dir), None)
        }
    }
}

#[tokio::main]
async fn main() {
    let people = env_number("BENCH_PEOPLE", 10_000);
    let leavers = env_number("BENCH_LEAVERS", 1_000);
    let (url, _dir, drop) = database().await;
    let db = bryggan::store::connect(&url).await.unwrap();
    let now = Utc::now();
    bryggan::app::publish_courses(&db, std::path::Path::new("courses"))
        .await
        .unwrap();
    let started = Instant::now();
    bryggan::demo::organisation::generate(&db, people, now, &|_| {})
        .await
        .unwrap();
    let staff = user::Entity::find()
        .order_by_asc(user::Column::Id)
        .all(&db)
        .await
        .unwrap();
    let mut mail = Vec::new();
    for person in &staff {
        for kind in ["assigned", "due-soon", "overdue", "certificate", "digest"] {
            mail.push(NewEmail {
                dedup_key: format!("{kind}:{}", person.id),
                to: person.email.clone(),
                subject: format!("Bryggan: {kind}"),
                text: format!(
                    "Hej {}!\n\nDu har en kurs att göra före den 1 mars. Länk: https://bryggan.example/courses\n",
                    person.name
                ),
                html: Some(format!("<p>Hej {}!</p><p>Du har en kurs att göra.</p>", person.name)),
                attachment: None,
                enrolment_id: None,
            });
        }
        audit::record(
            &db,
            &Actor::command_line(),
            "user.role",
            serde_json::json!({"user": person.email.as_str(), "to": "learner"}),
            now,
        )
        .await
        .unwrap();
    }
    outbox::enqueue_many(&db, mail, now).await.unwrap();
    db.execute_unprepared("UPDATE outbox SET status = 'sent'")
        .await
        .unwrap();
    let leaving: Vec<i64> = staff.iter().rev().take(leavers).map(|u| u.id).collect();
    let emails: Vec<Email> = staff
        .iter()
        .rev()
        .take(leavers)
        .map(|u| u.email.clone())
        .collect();
    user::Entity::update_many()
        .col_expr(user::Column::Active, Expr::value(false))
        .filter(user::Column::Id.is_in(leaving.clone()))
        .exec(&db)
        .await
        .unwrap();
    user::Entity::update_many()
        .col_expr(
            user::Column::DeactivatedAt,
            Expr::value(now - Duration::days(3 * 366)),
        )
        .filter(user::Column::Id.is_in(leaving))
        .exec(&db)
        .await
        .unwrap();
    println!(
        "set-up: {people} people, {} messages, {} audit entries, {leavers} who left ({:.1} s)",
        people * 5,
        people,
        started.elapsed().as_secs_f64()
    );

    let actor = Actor::command_line();
    let started = Instant::now();
    for email in &emails {
        Privacy::new(&db)
            .export_by_email(email, &actor, now)
            .await
            .unwrap();
    }
    let baseline = started.elapsed();
    println!(
        "baseline: privacy export of the {leavers}: {:.2} s ({:.1} ms each)",
        baseline.as_secs_f64(),
        baseline.as_secs_f64() * 1000.0 / leavers as f64
    );

    let rules = RetentionRules::new(vec![(Rule::PeopleWhoLeft, Period::Years(2))]);
    let started = Instant::now();
    let outcome = purge::apply(&db, &rules, &actor, now).await.unwrap();
    let took = started.elapsed();
    assert_eq!(outcome[0].count, leavers as u64);
    println!(
        "purge: {leavers} people anonymised in {:.2} s ({:.1} ms each, {:.1}× the export)",
        took.as_secs_f64(),
        took.as_secs_f64() * 1000.0 / leavers as f64,
        took.as_secs_f64() / baseline.as_secs_f64()
    );
    db.close().await.ok();
    if let Some((server, name)) = drop {
        let admin = sea_orm::Database::connect(format!("{server}/postgres"))
            .await
            .unwrap();
        admin
            .execute_unprepared(&format!("DROP DATABASE {name} WITH (FORCE)"))
            .await
            .unwrap();
    }
}
