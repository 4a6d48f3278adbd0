//! The server's periodic jobs: the assignment run, the recount and the reminder run. Each
//! runs once per period across every instance on the database ([`store::jobs`]), and
//! records how it ended.

use std::future::Future;

use chrono::{Duration, Utc};
use sea_orm::DatabaseConnection;
use tracing::Instrument;

use crate::config::ReminderSettings;
use crate::mail::templates::EmailTemplates;
use crate::metrics::Metrics;
use crate::reminders::{Notices, Reminders};
use crate::shutdown::Shutdown;
use crate::store;

/// How often the assignments are applied: people moved by hand and completions entering
/// their recertification window are picked up within this time.
pub const ASSIGNMENT_PERIOD: std::time::Duration = std::time::Duration::from_secs(3600);

/// Runs `job` if no instance has run `name` within `period`, and records its outcome.
/// A job that fails is logged and tried again at its next period.
pub async fn once_per_period<F, T, E>(
    db: &DatabaseConnection,
    metrics: &Metrics,
    name: &str,
    period: std::time::Duration,
    job: impl FnOnce() -> F,
) -> Option<T>
where
    F: Future<Output = Result<T, E>>,
    E: std::fmt::Debug,
{
    let period = Duration::from_std(period).unwrap_or(Duration::hours(1));
    match store::jobs::claim(db, name, period, Utc::now()).await {
        Ok(true) => {}
        Ok(false) => {
            tracing::debug!(job = name, "another instance ran this period's job");
            return None;
        }
        Err(err) => {
            tracing::error!(job = name, error = ?err, "cannot claim the job");
            return None;
        }
    }
    let started = std::time::Instant::now();
    // Tags the job's log lines, its queries included.
    let span = tracing::info_span!("job", job = name, run_id = %crate::auth::random_hex(8));
    let result = job().instrument(span.clone()).await;
    metrics.job(name, result.is_ok(), started.elapsed().as_secs_f64());
    let outcome = span.in_scope(|| match &result {
        Ok(_) => {
            tracing::info!(job = name, "the job ran");
            "ok".to_owned()
        }
        Err(err) => {
            tracing::error!(job = name, error = ?err, "the job failed; it runs again next period");
            format!("failed: {err:?}")
        }
    });
    if let Err(err) = store::jobs::finish(db, name, &outcome, Utc::now()).await {
        tracing::error!(job = name, error = ?err, "cannot record the job's outcome");
    }
    result.ok()
}

/// Applies the assignments every hour, queueing the notices of whoever it enrols, then
/// recounts the report figures. The first run is at once: people who joined while no
/// server ran get their courses now, without holding up start-up. A stop lets a run in
/// progress finish and starts no other.
pub fn spawn_assignment_runs(
    shutdown: &Shutdown,
    db: DatabaseConnection,
    metrics: Metrics,
    recertify_days: u16,
    public_url: String,
) -> anyhow::Result<()> {
    let emails = EmailTemplates::load()?;
    let stop = shutdown.clone();
    shutdown.spawn(async move {
        let notices = Notices {
            emails: &emails,
            public_url: &public_url,
        };
        let mut ticks = tokio::time::interval(ASSIGNMENT_PERIOD);
        while next_tick(&mut ticks, &stop).await {
            let applied = once_per_period(&db, &metrics, "assignments", ASSIGNMENT_PERIOD, || {
                notices.apply_assignments(&db, Utc::now(), recertify_days)
            })
            .await;
            if let Some(applied) = applied.filter(|a| a.enrolled > 0) {
                tracing::info!(
                    enrolled = applied.enrolled,
                    recertifications = applied.recertifications,
                    "assignments applied"
                );
            }
            // The counts move with each change; a recount heals what a race could skew.
            once_per_period(&db, &metrics, "recount", ASSIGNMENT_PERIOD, || {
                store::report_queries::recount(&db)
            })
            .await;
        }
    });
    Ok(())
}

/// Runs the reminders every `run_minutes`, the first a minute after start-up, when the
/// assignment run has enrolled whoever joined. Cron runs beside it are safe too: each
/// message's key makes it once.
pub fn spawn_reminder_runs(
    shutdown: &Shutdown,
    db: DatabaseConnection,
    metrics: Metrics,
    settings: ReminderSettings,
    public_url: String,
) -> anyhow::Result<()> {
    if settings.run_minutes == 0 {
        return Ok(());
    }
    let emails = EmailTemplates::load()?;
    let stop = shutdown.clone();
    shutdown.spawn(async move {
        let every = std::time::Duration::from_secs(u64::from(settings.run_minutes) * 60);
        let mut ticks = tokio::time::interval_at(
            tokio::time::Instant::now() + std::time::Duration::from_secs(60),
            every,
        );
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        while next_tick(&mut ticks, &stop).await {
            let reminders = Reminders {
                settings: &settings,
                emails: &emails,
                public_url: &public_url,
            };
            let summary = once_per_period(&db, &metrics, "reminders", every, || {
                reminders.run(&db, Utc::now())
            })
            .await;
            if let Some(summary) = summary.filter(|s| s.total() > 0) {
                tracing::info!(?summary, "reminders queued");
            }
        }
    });
    Ok(())
}

/// Waits for the next period; `false` once a stop has begun.
async fn next_tick(ticks: &mut tokio::time::Interval, stop: &Shutdown) -> bool {
    tokio::select! {
        _ = ticks.tick() => !stop.begun(),
        () = stop.requested() => false,
    }
}
