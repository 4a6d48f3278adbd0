//! `/metrics`: the Prometheus text format, parsed by a Prometheus parser, with requests by
//! route template, the pool, the outbox, the jobs and the courses; for this host or a
//! scraper with the token only.

use bryggan::app::Application;
use bryggan::config::Secret;
use openmetrics_parser::prometheus::parse_prometheus;
use openmetrics_parser::{MetricsExposition, PrometheusType, PrometheusValue};

use super::app::{TestApp, client, copy_dir, fresh_database, settings};
use crate::helpers::repo_path;

type Scrape = MetricsExposition<PrometheusType, PrometheusValue>;

fn parse(text: &str) -> Scrape {
    parse_prometheus(text).expect("the Prometheus text format")
}

/// The value of the sample of `family` whose labels include `labels`: a counter's or
/// gauge's value, a histogram's count.
fn value(scrape: &Scrape, family: &str, labels: &[(&str, &str)]) -> Option<f64> {
    let family = scrape.families.get(family)?;
    family.iter_samples().find_map(|sample| {
        let set = sample.get_labelset().ok()?;
        labels
            .iter()
            .all(|(k, v)| set.get_label_value(k) == Some(v))
            .then(|| match &sample.value {
                PrometheusValue::Counter(c) => c.value.as_f64(),
                PrometheusValue::Gauge(v) | PrometheusValue::Unknown(v) => v.as_f64(),
                PrometheusValue::Histogram(h) => h.count.unwrap_or(0) as f64,
                PrometheusValue::Summary(_) => f64::NAN,
            })
    })
}

/// Every value a label takes in `family`.
fn label_values(scrape: &Scrape, family: &str, label: &str) -> Vec<String> {
    scrape.families.get(family).map_or_else(Vec::new, |f| {
        f.iter_samples()
            .filter_map(|s| Some(s.get_labelset().ok()?.get_label_value(label)?.to_owned()))
            .collect()
    })
}

#[tokio::test]
async fn metrics_report_requests_pool_outbox_jobs_and_courses_in_the_prometheus_format() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/sign-in").await.status(), 200);
    assert_eq!(app.get("/courses/provkurs").await.status(), 303);
    let response = app.get("/metrics").await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let scrape = parse(&response.text().await.unwrap());
    let requests = "bryggan_http_requests_total";
    assert_eq!(
        value(
            &scrape,
            requests,
            &[("route", "/sign-in"), ("method", "GET"), ("status", "200")]
        ),
        Some(1.0)
    );
    // The route template, never the path: labels stay few and name no one.
    assert_eq!(
        value(
            &scrape,
            requests,
            &[("route", "/courses/{slug}"), ("status", "303")]
        ),
        Some(1.0)
    );
    assert!(!label_values(&scrape, requests, "route").contains(&"/courses/provkurs".to_owned()));
    assert_eq!(
        value(
            &scrape,
            "bryggan_http_request_duration_seconds",
            &[("route", "/sign-in")]
        ),
        Some(1.0)
    );
    assert!(value(&scrape, "bryggan_db_pool_connections", &[("state", "idle")]).is_some());
    assert!(
        value(
            &scrape,
            "bryggan_db_pool_connections",
            &[("state", "in_use")]
        )
        .is_some()
    );
    for state in ["pending", "sent", "failed", "cancelled"] {
        assert!(
            value(&scrape, "bryggan_outbox_messages", &[("state", state)]).is_some(),
            "{state}"
        );
    }
    assert!(value(&scrape, "bryggan_outbox_oldest_pending_age_seconds", &[]).is_some());
    for job in ["assignments", "recount", "reminders"] {
        assert!(
            value(
                &scrape,
                "bryggan_job_runs_total",
                &[("job", job), ("outcome", "failed")]
            ) == Some(0.0),
            "{job}"
        );
    }
    assert_eq!(
        value(&scrape, "bryggan_courses", &[("state", "published")]),
        Some(1.0)
    );
    assert_eq!(
        value(&scrape, "bryggan_courses", &[("state", "rejected")]),
        Some(0.0)
    );
}

#[tokio::test]
async fn metrics_are_refused_through_a_proxy_or_from_afar_without_the_token() {
    let dir = tempfile::tempdir().unwrap();
    let courses = dir.path().join("courses");
    copy_dir(&repo_path("tests/fixtures/courses"), &courses);
    let url = fresh_database(dir.path()).await;
    let token = "metrics-token-metrics-token-0123456789";
    let mut with_token = settings(&url, &courses, None);
    with_token.metrics_token = Some(Secret::new(token.into()));
    let server = Application::build(with_token).await.unwrap();
    let address = format!("http://127.0.0.1:{}/metrics", server.port());
    tokio::spawn(server.run_until_stopped());
    // What a reverse proxy on this host relays is not from this host.
    let scrape = |bearer: Option<&'static str>| {
        let mut request = client()
            .get(&address)
            .header("x-forwarded-for", "203.0.113.7");
        if let Some(bearer) = bearer {
            request = request.bearer_auth(bearer);
        }
        request.send()
    };
    for refused in [None, Some("wrong-token-wrong-token-wrong-token-00")] {
        let response = scrape(refused).await.unwrap();
        assert_eq!(response.status(), 403, "{refused:?}");
        assert!(!response.text().await.unwrap().contains("bryggan_"));
    }
    let allowed = scrape(Some(token)).await.unwrap();
    assert_eq!(allowed.status(), 200);
    assert!(
        allowed
            .text()
            .await
            .unwrap()
            .contains("bryggan_http_requests_total")
    );
}
