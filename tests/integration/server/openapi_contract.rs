//! The OpenAPI document against the live server: every answer an operation gives while a
//! client walks its successes and its mistakes is listed in the document, error answers
//! are the documented JSON body, and every documented operation is walked. A new answer or
//! operation fails here until the document says so.

use std::collections::{BTreeMap, BTreeSet};

use bryggan::domain::Role;
use reqwest::Method;
use serde_json::{Value, json};

use super::app::TestApp;
use super::assessment::with_assessment;

/// What the walk saw: (method, path template) → statuses.
#[derive(Default)]
struct Seen(BTreeMap<(String, String), BTreeSet<u16>>);

impl Seen {
    /// Sends one request and records its answer under `template`; returns the status and
    /// the JSON body.
    async fn call(
        &mut self,
        app: &TestApp,
        method: Method,
        template: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Body>,
    ) -> (u16, Value) {
        let mut request = app.client.request(method.clone(), app.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request = match body {
            Some(Body::Json(json)) => request.json(&json),
            Some(Body::Raw(raw)) => request.header("content-type", "application/json").body(raw),
            None => request,
        };
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let text = response.text().await.unwrap();
        let json: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        if status >= 400 {
            assert_eq!(content_type, "application/json", "{method} {path}: {text}");
            assert!(json["error"].is_string(), "{method} {path}: {text}");
        }
        self.0
            .entry((method.as_str().to_lowercase(), template.to_owned()))
            .or_default()
            .insert(status);
        (status, json)
    }
}

enum Body {
    Json(Value),
    Raw(String),
}

const COURSE: &str = "/api/v1/courses/{slug}";
const ENROL: &str = "/api/v1/courses/{slug}/enrolment";
const LESSON: &str = "/api/v1/courses/{slug}/lessons/{lesson}";
const PROGRESS: &str = "/api/v1/courses/{slug}/lessons/{lesson}/progress";
const ATTEMPTS: &str = "/api/v1/courses/{slug}/lessons/{lesson}/attempts";
const ASSESSMENT: &str = "/api/v1/courses/{slug}/assessment";
const PHASE: &str = "/api/v1/courses/{slug}/assessment/{phase}";
const FEEDBACK: &str = "/api/v1/courses/{slug}/lessons/{lesson}/feedback";
const COURSE_FEEDBACK: &str = "/api/v1/trainer/courses/{slug}/feedback";
const RELOAD: &str = "/api/v1/courses/reload";
pub const RELOAD_TOKEN: &str = "a-reload-token-of-at-least-32-characters";

/// Lesson feedback (a learner's own, and a course's for trainers) and the courses
/// webhook, with and without its token configured.
async fn walk_feedback_and_reload(seen: &mut Seen) {
    let app = TestApp::spawn_customised(
        None,
        std::sync::Arc::new(|s| {
            s.courses_reload_token = Some(bryggan::config::Secret::new(RELOAD_TOKEN.into()))
        }),
    )
    .await;
    app.add_user("lina@malmo.se", Role::Learner).await;
    app.add_user("trainer@malmo.se", Role::Trainer).await;
    let lina = app.api_token("lina@malmo.se").await;
    let trainer = app.api_token("trainer@malmo.se").await;
    let (lina, trainer) = (Some(lina.as_str()), Some(trainer.as_str()));
    let (get, put, post) = (Method::GET, Method::PUT, Method::POST);
    let forsta = "/api/v1/courses/provkurs/lessons/forsta/feedback";
    let helpful = json!({ "helpful": true, "comment": "Bra exempel." });
    // Not enrolled yet.
    seen.call(&app, get.clone(), FEEDBACK, forsta, lina, None)
        .await;
    seen.call(
        &app,
        put.clone(),
        FEEDBACK,
        forsta,
        lina,
        Some(Body::Json(helpful.clone())),
    )
    .await;
    let enrol = "/api/v1/courses/provkurs/enrolment";
    seen.call(&app, post.clone(), ENROL, enrol, lina, None)
        .await;
    for (path, who) in [
        (forsta, lina),
        ("/api/v1/courses/provkurs/lessons/okand/feedback", lina),
        (forsta, None),
    ] {
        seen.call(&app, get.clone(), FEEDBACK, path, who, None)
            .await;
    }
    let too_long = json!({ "helpful": false, "comment": "x".repeat(1001) });
    for (path, who, body) in [
        (forsta, lina, Body::Json(helpful.clone())),
        (forsta, lina, Body::Json(too_long)),
        (forsta, lina, Body::Raw("{".into())),
        (
            forsta,
            lina,
            Body::Raw(format!("\"{}\"", "x".repeat(70_000))),
        ),
        (
            "/api/v1/courses/provkurs/lessons/okand/feedback",
            lina,
            Body::Json(helpful.clone()),
        ),
        (forsta, None, Body::Json(helpful.clone())),
    ] {
        seen.call(&app, put.clone(), FEEDBACK, path, who, Some(body))
            .await;
    }
    for (path, who) in [
        ("/api/v1/trainer/courses/provkurs/feedback", trainer),
        ("/api/v1/trainer/courses/provkurs/feedback", lina),
        ("/api/v1/trainer/courses/okand/feedback", trainer),
        ("/api/v1/trainer/courses/provkurs/feedback", None),
    ] {
        seen.call(&app, get.clone(), COURSE_FEEDBACK, path, who, None)
            .await;
    }
    for who in [
        Some(RELOAD_TOKEN),
        Some("a-wrong-token-of-at-least-32-characters"),
        None,
    ] {
        seen.call(&app, post.clone(), RELOAD, RELOAD, who, None)
            .await;
    }
    let without_token = TestApp::spawn().await;
    seen.call(
        &without_token,
        post,
        RELOAD,
        RELOAD,
        Some(RELOAD_TOKEN),
        None,
    )
    .await;
}

/// A lesson, its progress and a quiz attempt, asked for while the lessons are closed to
/// the learner (not enrolled, or the assessment comes first).
async fn lessons_while_closed(seen: &mut Seen, app: &TestApp, who: Option<&str>) {
    let lesson = "/api/v1/courses/provkurs/lessons/forsta";
    seen.call(app, Method::GET, LESSON, lesson, who, None).await;
    let progress = "/api/v1/courses/provkurs/lessons/forsta/progress";
    seen.call(app, Method::PUT, PROGRESS, progress, who, None)
        .await;
    let attempt = json!({ "attempt": 1, "answers": { "tolk": ["b"], "klarsprak": ["a", "b"] } });
    let quiz = "/api/v1/courses/provkurs/lessons/quiz/attempts";
    seen.call(
        app,
        Method::POST,
        ATTEMPTS,
        quiz,
        who,
        Some(Body::Json(attempt)),
    )
    .await;
}

async fn walk_without_assessment(seen: &mut Seen) -> Value {
    let app = TestApp::spawn().await;
    app.add_user("lina@malmo.se", Role::Learner).await;
    app.add_user("other@malmo.se", Role::Learner).await;
    app.add_user("hr@malmo.se", Role::Hr).await;
    let (get, post, put) = (Method::GET, Method::POST, Method::PUT);
    let token = "/api/v1/auth/token";
    let credentials = json!({ "email": "lina@malmo.se", "password": super::app::PASSWORD });
    let (_, issued) = seen
        .call(
            &app,
            post.clone(),
            token,
            token,
            None,
            Some(Body::Json(credentials)),
        )
        .await;
    let lina = issued["token"].as_str().unwrap().to_owned();
    let wrong = json!({ "email": "lina@malmo.se", "password": "fel" });
    seen.call(
        &app,
        post.clone(),
        token,
        token,
        None,
        Some(Body::Json(wrong)),
    )
    .await;
    seen.call(
        &app,
        post.clone(),
        token,
        token,
        None,
        Some(Body::Raw("{".into())),
    )
    .await;
    seen.call(
        &app,
        post.clone(),
        token,
        token,
        None,
        Some(Body::Raw(format!("\"{}\"", "x".repeat(70_000)))),
    )
    .await;
    let other = app.api_token("other@malmo.se").await;
    let hr = app.api_token("hr@malmo.se").await;
    let (lina, other, hr) = (Some(lina.as_str()), Some(other.as_str()), Some(hr.as_str()));

    for (path, who) in [
        ("/api/v1/me", lina),
        ("/api/v1/me", None),
        ("/api/v1/enrolments", lina),
        ("/api/v1/enrolments", None),
    ] {
        seen.call(&app, get.clone(), path, path, who, None).await;
    }
    for (path, who) in [
        ("/api/v1/courses/provkurs", lina),
        ("/api/v1/courses/okand", lina),
        ("/api/v1/courses/provkurs", None),
    ] {
        seen.call(&app, get.clone(), COURSE, path, who, None).await;
    }
    // Not enrolled yet.
    lessons_while_closed(seen, &app, lina).await;
    let answers = json!({ "attempt": 1, "answers": { "tolk": ["b"], "klarsprak": ["a", "b"] } });
    seen.call(
        &app,
        get.clone(),
        ASSESSMENT,
        "/api/v1/courses/provkurs/assessment",
        lina,
        None,
    )
    .await;
    for (path, who) in [
        ("/api/v1/courses/provkurs/enrolment", lina),
        ("/api/v1/courses/okand/enrolment", lina),
        ("/api/v1/courses/provkurs/enrolment", None),
    ] {
        seen.call(&app, post.clone(), ENROL, path, who, None).await;
    }
    for (path, who) in [
        ("/api/v1/courses/provkurs/lessons/forsta", lina),
        ("/api/v1/courses/provkurs/lessons/okand", lina),
        ("/api/v1/courses/okand/lessons/forsta", lina),
        ("/api/v1/courses/provkurs/lessons/forsta", None),
    ] {
        seen.call(&app, get.clone(), LESSON, path, who, None).await;
    }
    for (path, who) in [
        ("/api/v1/courses/provkurs/lessons/forsta/progress", lina),
        ("/api/v1/courses/provkurs/lessons/quiz/progress", lina),
        ("/api/v1/courses/provkurs/lessons/okand/progress", lina),
        ("/api/v1/courses/provkurs/lessons/forsta/progress", None),
    ] {
        seen.call(&app, put.clone(), PROGRESS, path, who, None)
            .await;
    }
    let quiz = "/api/v1/courses/provkurs/lessons/quiz/attempts";
    let bad = json!({ "attempt": 1, "answers": { "tolk": ["z"] } });
    for (path, who, body) in [
        (quiz, lina, Body::Json(bad)),
        (quiz, lina, Body::Json(answers.clone())),
        (quiz, lina, Body::Json(answers.clone())),
        (quiz, lina, Body::Raw("[]".into())),
        (quiz, lina, Body::Raw(format!("\"{}\"", "x".repeat(70_000)))),
        (
            "/api/v1/courses/provkurs/lessons/forsta/attempts",
            lina,
            Body::Json(answers.clone()),
        ),
        (
            "/api/v1/courses/provkurs/lessons/okand/attempts",
            lina,
            Body::Json(answers.clone()),
        ),
        (quiz, None, Body::Json(answers.clone())),
    ] {
        seen.call(&app, post.clone(), ATTEMPTS, path, who, Some(body))
            .await;
    }
    for (path, who) in [
        ("/api/v1/courses/provkurs/assessment", lina),
        ("/api/v1/courses/okand/assessment", lina),
        ("/api/v1/courses/provkurs/assessment", None),
    ] {
        seen.call(&app, get.clone(), ASSESSMENT, path, who, None)
            .await;
    }
    let empty = json!({ "answers": {}, "ratings": {} });
    for (path, who) in [
        ("/api/v1/courses/provkurs/assessment/before", lina),
        ("/api/v1/courses/provkurs/assessment/before", None),
    ] {
        seen.call(
            &app,
            post.clone(),
            PHASE,
            path,
            who,
            Some(Body::Json(empty.clone())),
        )
        .await;
    }
    seen.call(
        &app,
        post.clone(),
        PHASE,
        "/api/v1/courses/provkurs/assessment/before",
        other,
        Some(Body::Json(empty.clone())),
    )
    .await;

    for report in [
        "/api/v1/reports/dashboard",
        "/api/v1/reports/people",
        "/api/v1/reports/export.csv",
    ] {
        for (query, who) in [
            ("", hr),
            ("?page=0", hr),
            ("?department=999999", hr),
            ("", lina),
            ("", None),
        ] {
            seen.call(
                &app,
                get.clone(),
                report,
                &format!("{report}{query}"),
                who,
                None,
            )
            .await;
        }
    }
    app.client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn walk_with_assessment(seen: &mut Seen) {
    let mut app = TestApp::spawn().await;
    with_assessment(&mut app).await;
    app.add_user("lina@malmo.se", Role::Learner).await;
    let lina = app.api_token("lina@malmo.se").await;
    let lina = Some(lina.as_str());
    let (get, post) = (Method::GET, Method::POST);
    seen.call(
        &app,
        post.clone(),
        ENROL,
        "/api/v1/courses/provkurs/enrolment",
        lina,
        None,
    )
    .await;
    // The lessons wait for the assessment.
    lessons_while_closed(seen, &app, lina).await;
    let (_, view) = seen
        .call(
            &app,
            get.clone(),
            ASSESSMENT,
            "/api/v1/courses/provkurs/assessment",
            lina,
            None,
        )
        .await;
    let answers: serde_json::Map<String, Value> = view["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                q["id"].as_str().unwrap().to_owned(),
                json!([q["options"][0]["id"]]),
            )
        })
        .collect();
    let good = json!({ "answers": answers, "ratings": { "boka": 1, "skriva": 3 } });
    let bad = json!({ "answers": answers, "ratings": { "boka": 9, "skriva": 1 } });
    let before = "/api/v1/courses/provkurs/assessment/before";
    for (path, body) in [
        (before, Body::Json(bad)),
        (before, Body::Raw("{".into())),
        (before, Body::Raw(format!("\"{}\"", "x".repeat(70_000)))),
        (
            "/api/v1/courses/provkurs/assessment/during",
            Body::Json(good.clone()),
        ),
        (
            "/api/v1/courses/provkurs/assessment/after",
            Body::Json(good.clone()),
        ),
        (before, Body::Json(good.clone())),
        (before, Body::Json(good)),
    ] {
        seen.call(&app, post.clone(), PHASE, path, lina, Some(body))
            .await;
    }
}

#[tokio::test]
async fn every_answer_the_api_gives_is_in_its_openapi_document() {
    let mut seen = Seen::default();
    let doc = walk_without_assessment(&mut seen).await;
    walk_with_assessment(&mut seen).await;
    walk_feedback_and_reload(&mut seen).await;
    let mut missing = Vec::new();
    for ((method, template), statuses) in &seen.0 {
        let responses = &doc["paths"][template][method]["responses"];
        assert!(
            responses.is_object(),
            "{method} {template} is not in the document"
        );
        for status in statuses {
            if responses.get(status.to_string()).is_none() {
                missing.push(format!("{method} {template} answered {status}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "undocumented answers:\n{}",
        missing.join("\n")
    );
    // Every documented operation was walked.
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .map(move |method| (method.clone(), path.clone()))
        })
        .collect();
    let walked: BTreeSet<(String, String)> = seen.0.keys().cloned().collect();
    let unwalked: Vec<_> = documented.difference(&walked).collect();
    assert!(
        unwalked.is_empty(),
        "operations the walk does not reach: {unwalked:?}"
    );
}

#[tokio::test]
async fn documented_parameter_ranges_are_the_ones_the_server_accepts() {
    let app = TestApp::spawn().await;
    app.add_user("hr@malmo.se", Role::Hr).await;
    let hr = app.api_token("hr@malmo.se").await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    for report in [
        "/api/v1/reports/dashboard",
        "/api/v1/reports/people",
        "/api/v1/reports/export.csv",
    ] {
        let page = doc["paths"][report]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "page")
            .unwrap()
            .clone();
        let (min, max) = (
            page["schema"]["minimum"].as_u64().unwrap(),
            page["schema"]["maximum"].as_u64().unwrap(),
        );
        for (value, accepted) in [(min - 1, false), (min, true), (max, true), (max + 1, false)] {
            let response = app
                .client
                .get(app.url(&format!("{report}?page={value}")))
                .bearer_auth(&hr)
                .send()
                .await
                .unwrap();
            assert_eq!(
                response.status().is_success(),
                accepted,
                "{report}?page={value}"
            );
        }
    }
}
