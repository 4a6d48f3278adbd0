//! Several instances on one database: started together on an empty PostgreSQL database they
//! all become ready and the set-up happens once; a SQLite file serves one server.

use bryggan::app::Application;
use migrations::MigratorTrait;

use super::app::{TestApp, copy_dir, empty_database, settings};
use crate::helpers::{repo_path, scalar};

#[tokio::test]
async fn instances_started_together_on_an_empty_database_set_it_up_once() {
    let dir = tempfile::tempdir().unwrap();
    let courses = dir.path().join("courses");
    copy_dir(&repo_path("tests/fixtures/courses"), &courses);
    let url = empty_database(dir.path()).await;
    let starts = (0..4).map(|_| Application::build(settings(&url, &courses, None)));
    let results = futures_util::future::join_all(starts).await;
    let (ready, refused): (Vec<_>, Vec<_>) = results.into_iter().partition(Result::is_ok);
    let ready: Vec<Application> = ready.into_iter().map(Result::unwrap).collect();
    if url.starts_with("postgres") {
        // Every instance becomes ready; none races another through the migrations.
        assert_eq!(
            refused.len(),
            0,
            "{:?}",
            refused
                .iter()
                .map(|r| r.as_ref().err().map(|e| format!("{e:#}")))
                .collect::<Vec<_>>()
        );
        assert_eq!(ready.len(), 4);
    } else {
        // One server per SQLite file: the others are told why, at once.
        assert_eq!(ready.len(), 1);
        for result in refused {
            let err = format!("{:#}", result.err().unwrap());
            assert!(err.contains("is in use by another Bryggan server"), "{err}");
            assert!(
                err.contains("use PostgreSQL to run several instances"),
                "{err}"
            );
        }
    }
    let db = ready[0].db();
    let count = |sql: &'static str| scalar(db, sql);
    assert_eq!(
        count("SELECT COUNT(*) FROM course_versions").await,
        1,
        "the course is registered once"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM settings WHERE key = 'jwt_secret'").await,
        0,
        "the tests give the secret"
    );
    let migrations = migrations::Migrator::migrations().len() as i64;
    assert_eq!(
        count("SELECT COUNT(*) FROM seaql_migrations").await,
        migrations
    );
}

#[tokio::test]
async fn a_second_server_on_a_sqlite_file_is_refused_until_the_first_stops() {
    let mut app = TestApp::spawn().await;
    if !app.database_url.starts_with("sqlite") {
        return;
    }
    let second = Application::build(settings(&app.database_url, &app.courses, None)).await;
    let err = format!("{:#}", second.err().expect("refused"));
    assert!(err.contains("is in use by another Bryggan server"), "{err}");
    // A restart stops the first server before it starts again.
    app.restart().await;
    assert_eq!(app.get("/sign-in").await.status(), 200);
}
