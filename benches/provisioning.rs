//! The provisioning benchmark: 10,000 people created through SCIM, one POST each from 8
//! concurrent clients as Entra sends them, then 2,000 PATCHes (department moves and
//! renames) with their latency percentiles. The baseline, in the same run on the same
//! database, is the CSV staff import of another 10,000 people in one batch: the floor
//! for writing that many accounts.
//!
//! `cargo bench --bench provisioning` uses SQLite in a temporary folder;
//! `BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432 cargo bench --bench provisioning`
//! a fresh PostgreSQL database (dropped afterwards). `BENCH_PEOPLE` (10000) and
//! `BENCH_PATCHES` (2000) change the sizes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark stops at the first failure"
)]

use std::time::{Duration, Instant};

use bryggan::app::Application;
use bryggan::config::{ServeArgs, Settings};
use bryggan::store::audit::Actor;
use clap::Parser;
use futures_util::StreamExt;
use sea_orm::ConnectionTrait;
use serde_json::json;

const CLIENTS: usize = 8;

#[derive(Parser)]
struct Args {
    #[command(flatten)]
    serve: ServeArgs,
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn person(i: usize) -> serde_json::Value {
    json!({
        "schemas": [
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
        ],
        "externalId": format!("ext-{i}"),
        "userName": format!("s{i:05}@malmo.se"),
        "active": true,
        "displayName": format!("Person {i}"),
        "emails": [{"primary": true, "type": "work", "value": format!("s{i:05}@malmo.se")}],
        "preferredLanguage": "sv-SE",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
            "department": format!("Malmö stad/Förvaltning {}/Enhet {}", i % 12, i % 300),
            "employeeNumber": format!("{i}")
        }
    })
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[index].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    bryggan::sso::install_tls_crypto();
    let people = env_number("BENCH_PEOPLE", 10_000);
    let patches = env_number("BENCH_PATCHES", 2_000);
    let dir = tempfile::tempdir().unwrap();
    let (url, admin) = database(dir.path()).await;
    let courses = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/courses");
    let args = Args::parse_from([
        "bench",
        "--bind",
        "127.0.0.1:0",
        "--database-url",
        &url,
        "--courses",
        courses,
        "--jwt-secret",
        "bench-secret-bench-secret-bench-secret-0",
        "--reminder-run-minutes",
        "0",
    ]);
    let mut settings = Settings::resolve(&args.serve).unwrap();
    settings.mail.dir = dir.path().join("mail");
    let app = Application::build(settings).await.unwrap();
    let base = format!("http://127.0.0.1:{}/scim/v2", app.port());
    let db = app.db().clone();
    let backend = format!("{:?}", db.get_database_backend());
    tokio::spawn(app.run_until_stopped());
    let token = bryggan::provisioning::tokens::create(&db, "bench", chrono::Utc::now())
        .await
        .unwrap();
    let client = reqwest::Client::new();
    println!("provisioning benchmark on {backend}: {people} people, {CLIENTS} clients");

    let started = Instant::now();
    let ids: Vec<String> = futures_util::stream::iter(0..people)
        .map(|i| {
            let (client, base, token) = (client.clone(), base.clone(), token.clone());
            async move {
                let response = client
                    .post(format!("{base}/Users"))
                    .bearer_auth(token)
                    .header("content-type", "application/scim+json")
                    .body(person(i).to_string())
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), 201);
                let body: serde_json::Value = response.json().await.unwrap();
                body["id"].as_str().unwrap().to_owned()
            }
        })
        .buffer_unordered(CLIENTS)
        .collect()
        .await;
    let created = started.elapsed().as_secs_f64();

    let started = Instant::now();
    let mut latencies = patch_all(&client, &base, &token, &ids, patches, CLIENTS).await;
    let patched = started.elapsed().as_secs_f64();
    latencies.sort();
    // The same PATCHes one at a time: the time a request takes with nothing before it.
    let mut alone = patch_all(&client, &base, &token, &ids, patches / 4, 1).await;
    alone.sort();

    // Baseline: another 10,000 people through the CSV import, in one batch.
    let mut csv = String::from("email;name;department\n");
    for i in 0..people {
        csv.push_str(&format!(
            "c{i:05}@malmo.se;Person {i};Malmö stad/Förvaltning {}/Enhet {}\n",
            i % 12,
            i % 300
        ));
    }
    let file = bryggan::staff::parse(csv.as_bytes()).unwrap();
    let started = Instant::now();
    bryggan::store::staff::import(
        &db,
        &file,
        Default::default(),
        &Actor::command_line(),
        chrono::Utc::now(),
        &|_| {},
    )
    .await
    .unwrap();
    let imported = started.elapsed().as_secs_f64();

    println!("| what | time | rate |");
    println!("| --- | --- | --- |");
    println!(
        "| {people} SCIM creates, {CLIENTS} clients | {created:.1} s | {:.0} people/s |",
        people as f64 / created
    );
    println!(
        "| baseline: CSV import of {people}, one batch | {imported:.1} s | {:.0} people/s |",
        people as f64 / imported
    );
    println!(
        "| {patches} SCIM PATCHes, {CLIENTS} clients | {patched:.1} s | {:.0} req/s |",
        patches as f64 / patched
    );
    println!(
        "PATCH latency, {CLIENTS} clients: p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.95),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0),
    );
    println!(
        "PATCH latency, one client: p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms",
        percentile(&alone, 0.50),
        percentile(&alone, 0.95),
        percentile(&alone, 0.99),
    );
    println!(
        "SCIM creates take {:.1}× the CSV import's time",
        created / imported
    );
    if let Some((admin, name)) = admin {
        db.close().await.ok();
        admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .await
            .ok();
    }
}

/// `count` PATCHes (department moves and renames) from `clients` concurrent clients;
/// the latency of each.
async fn patch_all(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    ids: &[String],
    count: usize,
    clients: usize,
) -> Vec<Duration> {
    futures_util::stream::iter(0..count)
        .map(|n| {
            let (client, base, token) = (client.clone(), base.to_owned(), token.to_owned());
            let id = ids[n % ids.len()].clone();
            async move {
                let operations = if n % 2 == 0 {
                    json!([{"op": "Replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "value": format!("Malmö stad/Ny enhet {}", n % 50)}])
                } else {
                    json!([{"op": "Replace", "path": "displayName", "value": format!("Nytt namn {n}")}])
                };
                let body = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": operations});
                let sent = Instant::now();
                let response = client
                    .patch(format!("{base}/Users/{id}"))
                    .bearer_auth(token)
                    .header("content-type", "application/scim+json")
                    .body(body.to_string())
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), 200);
                response.bytes().await.unwrap();
                sent.elapsed()
            }
        })
        .buffer_unordered(clients)
        .collect()
        .await
}

async fn database(
    dir: &std::path::Path,
) -> (String, Option<(sea_orm::DatabaseConnection, String)>) {
    match std::env::var("BENCH_DATABASE_URL") {
        Ok(server) if server.starts_with("postgres") => {
            let server = server.trim_end_matches('/').to_owned();
            let name = format!("bryggan_bench_scim_{}", bryggan::auth::random_hex(4));
            let admin = sea_orm::Database::connect(format!("{server}/postgres"))
                .await
                .unwrap();
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .unwrap();
            (format!("{server}/{name}"), Some((admin, name)))
        }
        _ => (
            format!("sqlite://{}/bench.db?mode=rwc", dir.display()),
            None,
        ),
    }
}
