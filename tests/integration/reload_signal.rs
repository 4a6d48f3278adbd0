//! `SIGHUP` publishes the courses folder in the real binary, for deployments where file
//! events do not reach the server; it does not stop the server.

use std::time::Duration;

use crate::helpers::scalar;
use crate::served::{self, Served};

#[tokio::test]
async fn sighup_publishes_a_changed_course_and_the_server_keeps_serving() {
    let (dir, url) = served::folder_and_database().await;
    let server = Served::start_with(
        &url,
        dir.path(),
        "smtp://127.0.0.1:9",
        "info",
        &[("BRYGGAN_WATCH_COURSES", "false")],
    );
    let db = bryggan::store::connect(&url).await.unwrap();
    assert_eq!(scalar(&db, "SELECT COUNT(*) FROM course_versions").await, 1);
    std::fs::write(
        dir.path().join("courses/provkurs/01-forsta.md"),
        "# Omskriven lektion\n\nNy text.\n",
    )
    .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        scalar(&db, "SELECT COUNT(*) FROM course_versions").await,
        1,
        "not watched: nothing until the signal"
    );
    server.signal("HUP");
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while scalar(&db, "SELECT COUNT(*) FROM course_versions").await < 2 {
        assert!(
            std::time::Instant::now() < deadline,
            "SIGHUP published nothing"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let health = crate::server::app::client()
        .get(format!("{}/healthz", server.address))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200, "still serving after the signal");
    assert!(
        server
            .log_lines()
            .iter()
            .any(|l| l["message"] == "courses registered" && l["trigger"] == "sighup"),
        "the log says why"
    );
}
