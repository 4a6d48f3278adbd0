//! Structured logs: with `BRYGGAN_LOG_FORMAT=json` every line is a JSON object, and the
//! lines of one request, its queries included, carry the id that goes back in its
//! `X-Request-Id`; a job's lines carry the job's run id.

use std::time::Duration;

use serde_json::Value;

use crate::served::{self, Served};
use crate::smtp_sink::SmtpSink;

fn tagged<'a>(lines: &'a [Value], field: &str, id: &str) -> Vec<&'a Value> {
    lines.iter().filter(|l| l["span"][field] == id).collect()
}

#[tokio::test]
async fn json_logs_tag_a_request_and_its_queries_with_the_id_sent_back_in_x_request_id() {
    let (dir, url) = served::folder_and_database().await;
    let sink = SmtpSink::start().await;
    let server = Served::start(&url, dir.path(), &sink.url(), "info,sqlx::query=debug");
    bryggan::sso::install_tls_crypto();
    let client = reqwest::Client::new();

    let res = client
        .get(format!("{}/verify/0000-0000-0000", server.address))
        .send()
        .await
        .unwrap();
    let id = res.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(id.len(), 16, "{id}");
    // A proxy's id is kept, so its logs and ours meet; a forged one is replaced.
    let res = client
        .get(format!("{}/healthz", server.address))
        .header("X-Request-Id", "lb-7f3a.01")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-request-id"], "lb-7f3a.01");
    let res = client
        .get(format!("{}/healthz", server.address))
        .header("X-Request-Id", "a\"}, {\"level\":\"ERROR")
        .send()
        .await
        .unwrap();
    assert_ne!(res.headers()["x-request-id"], "a\"}, {\"level\":\"ERROR");

    // The assignment run starts with the server; wait for its line.
    let waited = std::time::Instant::now();
    let lines = loop {
        let lines = server.log_lines();
        if lines.iter().any(|l| l["message"] == "the job ran") {
            break lines;
        }
        assert!(waited.elapsed() < Duration::from_secs(10), "{lines:#?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    for line in &lines {
        assert!(
            line["timestamp"].is_string() && line["level"].is_string(),
            "{line}"
        );
    }

    let of_request = tagged(&lines, "request_id", &id);
    assert!(
        of_request.iter().any(|l| l["message"] == "request"
            && l["path"] == "/verify/0000-0000-0000"
            && l["status"] == 404),
        "{of_request:#?}"
    );
    assert!(
        of_request.iter().any(|l| l["target"]
            .as_str()
            .is_some_and(|t| t.starts_with("sqlx::query"))),
        "the request's queries carry its id: {of_request:#?}"
    );
    assert!(
        tagged(&lines, "request_id", "lb-7f3a.01")
            .iter()
            .any(|l| l["path"] == "/healthz")
    );

    let job = lines
        .iter()
        .find(|l| l["message"] == "the job ran" && l["span"]["job"] == "assignments")
        .expect("the assignment run is logged");
    let run = job["span"]["run_id"].as_str().unwrap();
    assert!(
        tagged(&lines, "run_id", run).iter().any(|l| l["target"]
            .as_str()
            .is_some_and(|t| t.starts_with("sqlx::query"))),
        "the job's queries carry its run id"
    );
}
