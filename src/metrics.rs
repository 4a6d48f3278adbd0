//! What operators watch, in the Prometheus text format: requests by route and status with
//! their latency, the database pool, the outbox, each periodic job's runs and duration, and
//! the courses' compile state. One registry per server, encoded by the `prometheus`
//! crate; figures read from the database are read at each scrape.

use chrono::{DateTime, Utc};
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry,
    TextEncoder,
};
use sea_orm::DatabaseConnection;

use crate::store::{self, StoreError, courses::Registration};

/// The periodic jobs, listed so that each appears from the first scrape.
pub const JOBS: [&str; 3] = ["assignments", "recount", "reminders"];

#[derive(Debug, thiserror::Error)]
pub enum MetricsError {
    #[error(transparent)]
    Prometheus(#[from] prometheus::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[derive(Debug, Clone)]
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    jobs: IntCounterVec,
    job_seconds: HistogramVec,
    courses: IntGaugeVec,
    pool: IntGaugeVec,
    outbox: IntGaugeVec,
    oldest_pending: IntGauge,
}

impl Metrics {
    pub fn new() -> Result<Metrics, MetricsError> {
        let registry = Registry::new_custom(Some("bryggan".into()), None)?;
        let requests = IntCounterVec::new(
            Opts::new(
                "http_requests_total",
                "HTTP requests answered, by route template, method and status",
            ),
            &["route", "method", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "http_request_duration_seconds",
                "Time to answer a request, by route template",
            )
            .buckets(vec![
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
            ]),
            &["route"],
        )?;
        let jobs = IntCounterVec::new(
            Opts::new(
                "job_runs_total",
                "Periodic job runs on this instance, by job and outcome",
            ),
            &["job", "outcome"],
        )?;
        let job_seconds = HistogramVec::new(
            HistogramOpts::new("job_duration_seconds", "How long a periodic job ran")
                .buckets(vec![0.01, 0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 300.0]),
            &["job"],
        )?;
        let courses = IntGaugeVec::new(
            Opts::new(
                "courses",
                "Courses by compile state at the last publication",
            ),
            &["state"],
        )?;
        let pool = IntGaugeVec::new(
            Opts::new("db_pool_connections", "Database pool connections, by state"),
            &["state"],
        )?;
        let outbox = IntGaugeVec::new(
            Opts::new("outbox_messages", "Messages in the outbox, by state"),
            &["state"],
        )?;
        let oldest_pending = IntGauge::new(
            "outbox_oldest_pending_age_seconds",
            "Age of the oldest message waiting to be sent; 0 when none waits",
        )?;
        for collector in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(latency.clone()),
            Box::new(jobs.clone()),
            Box::new(job_seconds.clone()),
            Box::new(courses.clone()),
            Box::new(pool.clone()),
            Box::new(outbox.clone()),
            Box::new(oldest_pending.clone()),
        ] {
            registry.register(collector)?;
        }
        for job in JOBS {
            for outcome in ["ok", "failed"] {
                jobs.with_label_values(&[job, outcome]);
            }
        }
        for state in store::outbox::STATES {
            outbox.with_label_values(&[state]);
        }
        Ok(Metrics {
            registry,
            requests,
            latency,
            jobs,
            job_seconds,
            courses,
            pool,
            outbox,
            oldest_pending,
        })
    }

    /// One answered request; `route` is its template (`/courses/{slug}`), never the path,
    /// so that the labels stay few and name nobody.
    pub fn request(&self, route: &str, method: &str, status: u16, seconds: f64) {
        self.requests
            .with_label_values(&[route, method, &status.to_string()])
            .inc();
        self.latency.with_label_values(&[route]).observe(seconds);
    }

    pub fn job(&self, job: &str, ok: bool, seconds: f64) {
        let outcome = if ok { "ok" } else { "failed" };
        self.jobs.with_label_values(&[job, outcome]).inc();
        self.job_seconds.with_label_values(&[job]).observe(seconds);
    }

    pub fn courses(&self, registration: &Registration) {
        for (state, count) in [
            ("published", registration.published.len()),
            ("kept_last_good", registration.kept_last_good.len()),
            ("rejected", registration.rejected.len()),
            ("withdrawn", registration.withdrawn.len()),
        ] {
            self.courses
                .with_label_values(&[state])
                .set(i64::try_from(count).unwrap_or(i64::MAX));
        }
    }

    /// The text a scraper reads, with the database's figures as of `now`.
    pub async fn render(
        &self,
        db: &DatabaseConnection,
        now: DateTime<Utc>,
    ) -> Result<String, MetricsError> {
        let (open, idle) = store::operations::pool(db);
        let idle = i64::try_from(idle).unwrap_or(i64::MAX);
        self.pool.with_label_values(&["idle"]).set(idle);
        self.pool
            .with_label_values(&["in_use"])
            .set(i64::from(open) - idle);
        for state in store::outbox::STATES {
            self.outbox.with_label_values(&[state]).set(0);
        }
        self.oldest_pending.set(0);
        for state in store::operations::outbox(db).await? {
            self.outbox
                .with_label_values(&[&state.status])
                .set(state.messages);
            if state.status == store::outbox::PENDING
                && let Some(oldest) = state.oldest
            {
                self.oldest_pending.set((now - oldest).num_seconds().max(0));
            }
        }
        let mut out = Vec::new();
        TextEncoder::new().encode(&self.registry.gather(), &mut out)?;
        Ok(String::from_utf8_lossy(&out).into_owned())
    }
}
