//! One source of staff per organisation: while the directory has a token in use, the CSV
//! import is refused on the web and the command line; the tokens are managed from the
//! command line, which prints a new one once, as its last line.

use bryggan::domain::Role;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

use super::Directory;
use crate::helpers::stderr;
use crate::server::app::TestApp;

/// The command line, off the test's runtime: the server in this process must keep
/// serving (and finish its transactions) while the command waits for the database.
async fn bryggan(args: &[&str]) -> std::process::Output {
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        crate::helpers::bryggan(&args)
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn the_csv_import_is_refused_while_the_directory_provisions_staff() {
    let app = TestApp::spawn().await;
    app.add_user("hr@malmo.se", Role::Hr).await;
    app.sign_in("hr@malmo.se").await;
    Directory::connect(&app).await;
    let page = app.get_html("/hr/import").await;
    assert!(
        page.contains("CSV-importen är avstängd"),
        "the page says why"
    );
    assert!(!page.contains("type=\"file\""), "and has no form");
    let before = app.count("users").await;
    let form = Form::new().text("csrf", app.csrf().await).part(
        "file",
        Part::bytes(b"email;name;department\nny@malmo.se;Ny;Soc\n".to_vec()).file_name("p.csv"),
    );
    let response = app
        .client
        .post(app.url("/hr/import"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("CSV-importen är avstängd")
    );
    assert_eq!(app.count("users").await, before, "nothing was imported");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.csv");
    std::fs::write(&file, "email;name;department\nny@malmo.se;Ny;Soc\n").unwrap();
    let output = bryggan(&[
        "staff",
        "import",
        file.to_str().unwrap(),
        "--yes",
        "--database-url",
        &app.database_url,
    ])
    .await;
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("staff come from the directory"),
        "{}",
        stderr(&output)
    );
    assert_eq!(app.count("users").await, before);
}

#[tokio::test]
async fn tokens_are_made_listed_and_revoked_from_the_command_line() {
    let app = TestApp::spawn().await;
    let url = app.database_url.as_str();
    let made = bryggan(&[
        "scim",
        "token",
        "create",
        "--name",
        "entra",
        "--database-url",
        url,
    ])
    .await;
    assert!(made.status.success(), "{}", stderr(&made));
    let stdout = String::from_utf8(made.stdout).unwrap();
    let token = stdout.lines().last().unwrap();
    assert!(token.starts_with("bryggan_scim_"));
    let stored: Vec<String> = bryggan::store::scim_tokens::list(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.token_hash)
        .collect();
    assert!(
        !stored.iter().any(|h| h.contains(token)),
        "only a hash is kept"
    );
    let answer = app
        .client
        .get(app.url("/scim/v2/Users"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);

    let again = bryggan(&[
        "scim",
        "token",
        "create",
        "--name",
        "entra",
        "--database-url",
        url,
    ])
    .await;
    assert_eq!(again.status.code(), Some(1), "a name is used once");
    let listed = bryggan(&["scim", "token", "list", "--database-url", url]).await;
    let listed = String::from_utf8(listed.stdout).unwrap();
    assert!(
        listed.starts_with("entra\t") && listed.contains("in use"),
        "{listed}"
    );
    assert!(!listed.contains(token), "the list never shows a token");

    let revoked = bryggan(&["scim", "token", "revoke", "entra", "--database-url", url]).await;
    assert!(revoked.status.success(), "{}", stderr(&revoked));
    let answer = app
        .client
        .get(app.url("/scim/v2/Users"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    let unknown = bryggan(&["scim", "token", "revoke", "entra", "--database-url", url]).await;
    assert_eq!(unknown.status.code(), Some(1));
}
