//! Periodic jobs across instances: however many instances try at once, one runs each
//! period's job, and the next period's is due again.

use bryggan::store::{self, jobs};
use chrono::{DateTime, Duration, TimeZone, Utc};

fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 5, 10, 0, 0).unwrap() + Duration::minutes(minutes)
}

#[tokio::test]
async fn one_of_several_instances_runs_each_period_s_job() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::server::app::fresh_database(dir.path()).await;
    // Two instances: each its own pool on the same database.
    let first = store::connect(&url).await.unwrap();
    let second = store::connect(&url).await.unwrap();
    let hour = Duration::hours(1);
    let claims = futures_util::future::join_all((0..6).map(|i| {
        let db = if i % 2 == 0 {
            first.clone()
        } else {
            second.clone()
        };
        async move { jobs::claim(&db, "assignments", hour, at(0)).await.unwrap() }
    }))
    .await;
    assert_eq!(claims.iter().filter(|c| **c).count(), 1, "{claims:?}");
    // Within the period nobody runs it again; another job is its own.
    assert!(
        !jobs::claim(&second, "assignments", hour, at(30))
            .await
            .unwrap()
    );
    assert!(
        jobs::claim(&second, "reminders", hour, at(30))
            .await
            .unwrap()
    );
    // A timer a moment early on another instance still gets the next period's run.
    assert!(
        !jobs::claim(&first, "assignments", hour, at(50))
            .await
            .unwrap()
    );
    assert!(
        jobs::claim(&first, "assignments", hour, at(58))
            .await
            .unwrap()
    );
    assert!(
        !jobs::claim(&second, "assignments", hour, at(59))
            .await
            .unwrap()
    );
    jobs::finish(&first, "assignments", "ok", at(59))
        .await
        .unwrap();
}
