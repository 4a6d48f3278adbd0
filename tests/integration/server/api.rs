//! The JSON API: the same journey with a bearer token, and its bad-input answers.

use bryggan::domain::Role;
use serde_json::{Value, json};

use super::app::{TestApp, client};

async fn learner_token(app: &TestApp) -> String {
    app.add_user("lina@kommun.se", Role::Learner).await;
    app.api_token("lina@kommun.se").await
}

async fn call(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = client().request(method, app.url(path)).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_api_walks_the_learner_journey_with_a_bearer_token() {
    let app = TestApp::spawn().await;
    let token = learner_token(&app).await;
    use reqwest::Method;

    let (status, me) = call(&app, Method::GET, "/api/v1/me", &token, None).await;
    assert_eq!(
        (status, me["email"].as_str(), me["role"].as_str()),
        (200, Some("lina@kommun.se"), Some("learner"))
    );

    let (status, outline) = call(
        &app,
        Method::POST,
        "/api/v1/courses/provkurs/enrolment",
        &token,
        None,
    )
    .await;
    assert_eq!((status, outline["enrolled"].as_bool()), (200, Some(true)));
    assert_eq!(outline["lessons"].as_array().unwrap().len(), 3);

    for lesson in ["forsta", "andra"] {
        let (status, _) = call(
            &app,
            Method::PUT,
            &format!("/api/v1/courses/provkurs/lessons/{lesson}/progress"),
            &token,
            None,
        )
        .await;
        assert_eq!(status, 200);
    }
    let (status, quiz) = call(
        &app,
        Method::GET,
        "/api/v1/courses/provkurs/lessons/quiz",
        &token,
        None,
    )
    .await;
    assert_eq!(status, 200);
    let text = quiz.to_string();
    assert!(
        !text.contains("HEMLIG") && !text.contains("\"correct\""),
        "no answers before submitting: {text}"
    );
    assert_eq!(quiz["quiz"]["next_attempt"], 1);

    let answers = json!({ "attempt": 1, "answers": { "tolk": ["b"], "klarsprak": ["a", "b"] } });
    let (status, result) = call(
        &app,
        Method::POST,
        "/api/v1/courses/provkurs/lessons/quiz/attempts",
        &token,
        Some(answers),
    )
    .await;
    assert_eq!(status, 201, "{result}");
    assert_eq!(
        (result["score"].as_u64(), result["passed"].as_bool()),
        (Some(100), Some(true))
    );
    assert_eq!(
        result["questions"][0]["feedback_html"]["a"],
        "<p>HEMLIG-FEEDBACK-BARN</p>\n"
    );

    let (_, outline) = call(&app, Method::GET, "/api/v1/courses/provkurs", &token, None).await;
    assert_eq!(outline["status"], "completed");
    let (_, list) = call(&app, Method::GET, "/api/v1/enrolments", &token, None).await;
    assert_eq!(list[0]["lessons_done"], 3);
}

#[tokio::test]
async fn malformed_json_gets_a_clear_400_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let token = learner_token(&app).await;
    client()
        .post(app.url("/api/v1/courses/provkurs/enrolment"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let response = client()
        .post(app.url("/api/v1/courses/provkurs/lessons/quiz/attempts"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{\"attempt\": 1, \"answers\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .starts_with("The JSON body is invalid"),
        "{body}"
    );
    assert_eq!(app.count("quiz_attempts").await, 0);
}

#[tokio::test]
async fn an_oversized_json_body_is_refused_with_413() {
    let app = TestApp::spawn().await;
    let token = learner_token(&app).await;
    let big = json!({ "attempt": 1, "answers": { "tolk": ["x".repeat(100 * 1024)] } });
    let (status, body) = call(
        &app,
        reqwest::Method::POST,
        "/api/v1/courses/provkurs/lessons/quiz/attempts",
        &token,
        Some(big),
    )
    .await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(app.count("quiz_attempts").await, 0);
}

#[tokio::test]
async fn api_answers_that_do_not_fit_the_quiz_are_rejected_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let token = learner_token(&app).await;
    call(
        &app,
        reqwest::Method::POST,
        "/api/v1/courses/provkurs/enrolment",
        &token,
        None,
    )
    .await;
    for answers in [
        json!({ "tolk": ["q"] }),
        json!({ "annan-fraga": ["a"] }),
        json!({ "tolk": ["a", "b"] }),
    ] {
        let body = json!({ "attempt": 1, "answers": answers });
        let (status, error) = call(
            &app,
            reqwest::Method::POST,
            "/api/v1/courses/provkurs/lessons/quiz/attempts",
            &token,
            Some(body),
        )
        .await;
        assert_eq!(status, 400, "{error}");
    }
    let (status, _) = call(
        &app,
        reqwest::Method::PUT,
        "/api/v1/courses/provkurs/lessons/quiz/progress",
        &token,
        None,
    )
    .await;
    assert_eq!(status, 400, "a quiz is done by passing it");
    assert_eq!(app.count("quiz_attempts").await, 0);
    assert_eq!(app.count("lesson_progress").await, 0);
}

#[tokio::test]
async fn another_users_course_data_is_not_reachable_through_the_api() {
    let app = TestApp::spawn().await;
    let token = learner_token(&app).await;
    call(
        &app,
        reqwest::Method::POST,
        "/api/v1/courses/provkurs/enrolment",
        &token,
        None,
    )
    .await;
    app.add_user("omar@kommun.se", Role::Learner).await;
    let other = app.api_token("omar@kommun.se").await;
    let (status, _) = call(
        &app,
        reqwest::Method::GET,
        "/api/v1/courses/provkurs/lessons/forsta",
        &other,
        None,
    )
    .await;
    assert_eq!(status, 403);
    let (_, outline) = call(
        &app,
        reqwest::Method::GET,
        "/api/v1/courses/provkurs",
        &other,
        None,
    )
    .await;
    assert_eq!(outline["enrolled"], false);
}

#[tokio::test]
async fn wrong_credentials_for_a_token_get_401() {
    let app = TestApp::spawn().await;
    app.add_user("lina@kommun.se", Role::Learner).await;
    let response = client()
        .post(app.url("/api/v1/auth/token"))
        .json(&json!({ "email": "lina@kommun.se", "password": "fel fel fel fel" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn the_openapi_document_describes_every_api_path() {
    let app = TestApp::spawn().await;
    let doc: Value = client()
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/auth/token",
        "/api/v1/me",
        "/api/v1/enrolments",
        "/api/v1/courses/{slug}",
        "/api/v1/courses/{slug}/enrolment",
        "/api/v1/courses/{slug}/lessons/{lesson}",
        "/api/v1/courses/{slug}/lessons/{lesson}/progress",
        "/api/v1/courses/{slug}/lessons/{lesson}/attempts",
    ] {
        assert!(
            paths.contains_key(path),
            "{path} missing from {:?}",
            paths.keys()
        );
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
}

#[tokio::test]
async fn health_and_readiness_answer() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/healthz").await.status(), 200);
    let ready: Value = app.get("/readyz").await.json().await.unwrap();
    assert_eq!(ready["status"], "ready");
}

#[tokio::test]
async fn a_database_error_is_answered_with_an_opaque_500_on_pages_and_api() {
    use sea_orm::ConnectionTrait;
    let app = TestApp::spawn().await;
    let token = learner_token(&app).await;
    app.sign_in("lina@kommun.se").await;
    app.db
        .execute_unprepared("DROP TABLE lesson_progress")
        .await
        .unwrap();

    let page = app.get("/courses").await;
    assert_eq!(page.status(), 500);
    let page = page.text().await.unwrap();
    let (status, body) = call(
        &app,
        reqwest::Method::GET,
        "/api/v1/enrolments",
        &token,
        None,
    )
    .await;
    assert_eq!(status, 500);
    assert_eq!(body["error"], "Internal error.");
    for text in [page, body.to_string()] {
        assert!(
            !text.contains("lesson_progress") && !text.to_lowercase().contains("table"),
            "{text}"
        );
    }
}
