//! What every answer says about itself: personal pages are never stored by a browser or
//! proxy, a method a path does not take gets 405 with `Allow`, and error pages are in the
//! reader's language.

use bryggan::domain::Role;
use reqwest::Method;

use super::app::TestApp;

#[tokio::test]
async fn signed_in_pages_and_api_answers_are_never_stored_while_assets_keep_their_caching() {
    let app = TestApp::spawn().await;
    app.add_user("hr@malmo.se", Role::Hr).await;
    app.sign_in("hr@malmo.se").await;
    for path in [
        "/courses",
        "/hr",
        "/hr/people",
        "/hr/export.csv",
        "/sign-in",
        "/nowhere",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
    }
    let token = app.api_token("hr@malmo.se").await;
    let me = app
        .client
        .get(app.url("/api/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    assert_eq!(me.headers()["cache-control"], "no-store");
    let style = app.get("/static/app.css").await;
    assert_eq!(style.headers()["cache-control"], "public, max-age=3600");
}

#[tokio::test]
async fn a_method_a_path_does_not_take_gets_405_with_the_methods_it_does() {
    let app = TestApp::spawn().await;
    for (method, path, allow) in [
        ("TRACE", "/sign-in", "GET, POST"),
        ("DELETE", "/courses", "GET"),
        ("PUT", "/tillganglighet", "GET, POST"),
        ("GET", "/sign-out", "POST"),
        ("GET", "/courses/provkurs/enrol", "POST"),
        ("TRACE", "/api/v1/me", "GET"),
        ("GET", "/api/v1/auth/token", "POST"),
    ] {
        let response = app
            .client
            .request(
                Method::from_bytes(method.as_bytes()).unwrap(),
                app.url(path),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 405, "{method} {path}");
        let mut allowed: Vec<String> = response.headers()["allow"]
            .to_str()
            .unwrap()
            .split(',')
            .map(|m| m.trim().to_owned())
            .collect();
        allowed.sort();
        assert_eq!(allowed.join(", "), allow, "{method} {path}");
        let body = response.text().await.unwrap();
        if path.starts_with("/api/") {
            let json: serde_json::Value = serde_json::from_str(&body).unwrap();
            assert!(json["error"].is_string(), "{body}");
        } else {
            assert!(
                body.contains("<h1>Adressen går inte att använda på det sättet.</h1>"),
                "{body}"
            );
        }
    }
    // HEAD is answered wherever GET is, without a body.
    let head = app.client.head(app.url("/sign-in")).send().await.unwrap();
    assert_eq!(head.status(), 200);
    assert!(head.text().await.unwrap().is_empty());
    // A path nobody serves stays 404, whatever the method.
    let trace = app
        .client
        .request(Method::TRACE, app.url("/nowhere"))
        .send()
        .await
        .unwrap();
    assert_eq!(trace.status(), 404);
}

#[tokio::test]
async fn error_pages_are_in_the_reader_s_language() {
    let app = TestApp::spawn().await;
    let swedish = app.get("/nowhere").await;
    assert_eq!(swedish.status(), 404);
    let html = swedish.text().await.unwrap();
    assert!(
        html.contains("<html lang=\"sv\">") && html.contains("Sidan finns inte."),
        "{html}"
    );

    // A visitor whose browser prefers English.
    let english = app
        .client
        .get(app.url("/nowhere"))
        .header("accept-language", "en-GB,en;q=0.9")
        .send()
        .await
        .unwrap();
    let html = english.text().await.unwrap();
    assert!(
        html.contains("<html lang=\"en\">") && html.contains("The page does not exist."),
        "{html}"
    );
    assert!(!html.contains("Sidan finns inte"), "{html}");

    // A signed-in person who chose English, on a page they may not see.
    app.add_user("lina@malmo.se", Role::Learner).await;
    app.sign_in("lina@malmo.se").await;
    let csrf = app.csrf().await;
    app.post_form(
        "/language",
        &[("csrf", &csrf), ("lang", "en"), ("back", "/courses")],
    )
    .await;
    let forbidden = app.get("/hr").await;
    assert_eq!(forbidden.status(), 403);
    let html = forbidden.text().await.unwrap();
    assert!(
        html.contains("<html lang=\"en\">")
            && html.contains("You do not have access to this page."),
        "{html}"
    );
}
