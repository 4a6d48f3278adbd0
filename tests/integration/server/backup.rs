//! `bryggan backup`: a consistent copy of the SQLite database while the server runs, and a
//! restore from it that brings the data back.

use bryggan::app::Application;
use bryggan::domain::Role;

use super::app::{TestApp, settings};

fn backup(url: &str, file: &std::path::Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_bryggan"))
        .arg("backup")
        .arg(file)
        .env("DATABASE_URL", url)
        .output()
        .unwrap()
}

#[tokio::test]
async fn a_backup_taken_while_the_server_runs_restores_with_its_data() {
    let app = TestApp::spawn().await;
    app.add_user("lina@malmo.se", Role::Learner).await;
    app.sign_in("lina@malmo.se").await;
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("kopia.db");
    let done = backup(&app.database_url, &copy);
    let said = String::from_utf8_lossy(&done.stdout);
    let err = String::from_utf8_lossy(&done.stderr);
    if !app.database_url.starts_with("sqlite") {
        assert!(!done.status.success());
        assert!(err.contains("pg_dump"), "{err}");
        return;
    }
    assert!(done.status.success(), "{err}");
    assert!(said.contains("Wrote a consistent copy"), "{said}");
    // A second backup to the same file would overwrite the first: refused.
    let again = backup(&app.database_url, &copy);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));

    // Restore: a server started on the copy has the account, and it can sign in.
    let url = format!("sqlite://{}?mode=rwc", copy.display());
    let restored = Application::build(settings(&url, &app.courses, None))
        .await
        .unwrap();
    let address = format!("http://127.0.0.1:{}", restored.port());
    let db = restored.db().clone();
    tokio::spawn(restored.run_until_stopped());
    let lina = bryggan::store::users::find_by_email(
        &db,
        &bryggan::domain::Email::parse("lina@malmo.se").unwrap(),
    )
    .await
    .unwrap();
    assert!(lina.is_some());
    app.visitor_of(address).sign_in("lina@malmo.se").await;
}
