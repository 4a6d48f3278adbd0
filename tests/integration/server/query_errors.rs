//! A query string that cannot be read: the API's JSON error or an error page, never plain
//! text, and only after the role check, so that someone without access learns nothing.

use bryggan::domain::Role;

use super::app::TestApp;

const TWICE: &str = "status=completed&status=overdue";

#[tokio::test]
async fn an_unreadable_api_query_is_a_json_error_and_comes_after_the_role_check() {
    let app = TestApp::spawn().await;
    app.add_user("hr@malmo.se", Role::Hr).await;
    app.add_user("lina@malmo.se", Role::Learner).await;
    let ask = |token: String, path: &'static str| {
        let app = app.clone();
        async move {
            app.client
                .get(app.url(&format!("{path}?{TWICE}")))
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
        }
    };
    for path in [
        "/api/v1/reports/people",
        "/api/v1/reports/dashboard",
        "/api/v1/reports/export.csv",
    ] {
        let learner = ask(app.api_token("lina@malmo.se").await, path).await;
        assert_eq!(learner.status(), 403, "{path}");
        assert_eq!(
            learner.headers()["content-type"],
            "application/json",
            "{path}"
        );
        let hr = ask(app.api_token("hr@malmo.se").await, path).await;
        assert_eq!(hr.status(), 400, "{path}");
        assert_eq!(hr.headers()["content-type"], "application/json", "{path}");
        let body: serde_json::Value = hr.json().await.unwrap();
        assert!(
            body["error"].as_str().unwrap().contains("duplicate field"),
            "{body}"
        );
    }
}

#[tokio::test]
async fn an_unreadable_page_query_is_an_error_page_after_the_role_check() {
    let app = TestApp::spawn().await;
    app.add_user("hr@malmo.se", Role::Hr).await;
    app.add_user("lina@malmo.se", Role::Learner).await;
    let learner = app.another_visitor();
    learner.sign_in("lina@malmo.se").await;
    app.sign_in("hr@malmo.se").await;
    for path in ["/hr", "/hr/people", "/hr/export.csv"] {
        let refused = learner.get(&format!("{path}?{TWICE}")).await;
        assert_eq!(refused.status(), 403, "{path}");
        let bad = app.get(&format!("{path}?{TWICE}")).await;
        assert_eq!(bad.status(), 400, "{path}");
        assert!(
            bad.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html"),
            "{path}"
        );
    }
    for path in ["/hr/evaluation?course=a&course=b", "/verify?code=a&code=b"] {
        let bad = app.get(path).await;
        assert_eq!(bad.status(), 400, "{path}");
        let html = bad.text().await.unwrap();
        assert!(html.contains("<html lang=\"sv\">"), "{path}: {html}");
    }
}
