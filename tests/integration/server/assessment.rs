//! The assessment before and after a course, as a learner meets it.

use bryggan::domain::Role;

use super::app::{TestApp, copy_dir, hidden_field};

/// Gives the fixture course the assessment in `tests/fixtures/assessment` (two forms and
/// two statements on a three-point scale), as a trainer's commit would, and restarts.
pub async fn with_assessment(app: &mut TestApp) {
    copy_dir(
        &crate::helpers::repo_path("tests/fixtures/assessment"),
        &app.courses.join("provkurs/assessment"),
    );
    app.restart().await;
}

pub async fn enrol(app: &TestApp, email: &str) {
    app.add_user(email, Role::Learner).await;
    app.sign_in(email).await;
    let csrf = app.csrf().await;
    let response = app
        .post_form("/courses/provkurs/enrol", &[("csrf", &csrf)])
        .await;
    assert_eq!(response.status(), 303);
}

/// The knowledge answers of the form on `page`: `right` of them correct.
fn knowledge(page: &str, right: usize) -> Vec<(&'static str, &'static str)> {
    let (first, second) = if page.contains("name=\"q.vem\"") {
        (("q.vem", "b", "a"), ("q.plats", "a", "b"))
    } else {
        (("q.uppdrag", "a", "b"), ("q.anhorig", "b", "a"))
    };
    [first, second]
        .iter()
        .enumerate()
        .map(|(i, (q, good, bad))| (*q, if i < right { *good } else { *bad }))
        .collect()
}

/// Answers the open phase: `right` knowledge questions correct and both statements rated.
pub async fn answer(
    app: &TestApp,
    phase: &str,
    right: usize,
    boka: &str,
    skriva: &str,
) -> reqwest::Response {
    let page = app.get_html("/courses/provkurs/assessment").await;
    let csrf = hidden_field(&page, "csrf");
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("s.boka", boka),
        ("s.skriva", skriva),
    ];
    fields.extend(knowledge(&page, right));
    app.post_form(&format!("/courses/provkurs/assessment/{phase}"), &fields)
        .await
}

/// Reads both lessons and passes the quiz.
pub async fn take_the_course(app: &TestApp) {
    for lesson in ["forsta", "andra"] {
        let page = app.get_html(&format!("/courses/provkurs/{lesson}")).await;
        let csrf = hidden_field(&page, "csrf");
        let done = app
            .post_form(
                &format!("/courses/provkurs/{lesson}/done"),
                &[("csrf", &csrf)],
            )
            .await;
        assert_eq!(done.status(), 303);
    }
    let quiz = app.get_html("/courses/provkurs/quiz").await;
    let csrf = hidden_field(&quiz, "csrf");
    let passed = app
        .post_form(
            "/courses/provkurs/quiz/answers",
            &[
                ("csrf", &csrf),
                ("attempt", "1"),
                ("q.tolk", "b"),
                ("q.klarsprak", "a"),
                ("q.klarsprak", "b"),
            ],
        )
        .await;
    assert_eq!(passed.status(), 303);
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_learner_answers_before_takes_the_course_answers_after_and_sees_their_own_change() {
    let mut app = TestApp::spawn().await;
    with_assessment(&mut app).await;
    enrol(&app, "lina@kommun.se").await;

    let course = app.get_html("/courses/provkurs").await;
    assert!(course.contains("Börja med frågorna"), "{course}");
    let lesson = app.get("/courses/provkurs/forsta").await;
    assert_eq!(lesson.status(), 303, "the lessons wait for the assessment");
    assert_eq!(location(&lesson), "/courses/provkurs/assessment");

    let before = app.get_html("/courses/provkurs/assessment").await;
    assert!(
        before.contains("Innan du börjar") && before.contains("Stämmer delvis"),
        "{before}"
    );
    assert!(
        !before.contains("HEMLIG"),
        "no quiz feedback on the assessment page"
    );
    let sent = answer(&app, "before", 1, "1", "2").await;
    assert_eq!(sent.status(), 303);
    assert_eq!(location(&sent), "/courses/provkurs/forsta");

    let not_yet = answer(&app, "after", 2, "3", "3").await;
    assert_eq!(
        not_yet.status(),
        409,
        "the after part waits for the last lesson"
    );

    take_the_course(&app).await;
    let course = app.get_html("/courses/provkurs").await;
    assert!(
        course.contains("Svara på frågorna efter kursen"),
        "{course}"
    );
    let after_page = app.get_html("/courses/provkurs/assessment").await;
    let before_form_was_a = before.contains("name=\"q.vem\"");
    assert_eq!(
        after_page.contains("name=\"q.vem\""),
        !before_form_was_a,
        "the other form after"
    );
    let sent = answer(&app, "after", 2, "3", "2").await;
    assert_eq!(sent.status(), 303);

    let change = app.get_html("/courses/provkurs/assessment").await;
    assert!(change.contains("Din förändring"), "{change}");
    // 1 of 2 right before, 2 of 2 after.
    assert!(
        change.contains("<strong>50%</strong>")
            && change.contains("<strong>100%</strong>")
            && change.contains("+50 procentenheter"),
        "{change}"
    );
    assert!(
        change.contains("<td>+2</td>") && change.contains("<td>0</td>"),
        "{change}"
    );
    assert!(change.contains("Stämmer helt"), "{change}");
    assert_eq!(app.count("assessment_responses").await, 2);
    // The pair counts once: the knowledge score, the same by the form it started with,
    // and each statement.
    assert_eq!(app.count("evaluation_sums").await, 4);
}

#[tokio::test]
async fn an_assessment_submitted_twice_is_rejected_and_nothing_more_is_written() {
    let mut app = TestApp::spawn().await;
    with_assessment(&mut app).await;
    enrol(&app, "lina@kommun.se").await;
    let page = app.get_html("/courses/provkurs/assessment").await;
    assert_eq!(answer(&app, "before", 2, "2", "2").await.status(), 303);
    let csrf = hidden_field(&page, "csrf");
    let mut fields = vec![("csrf", csrf.as_str()), ("s.boka", "1"), ("s.skriva", "1")];
    fields.extend(knowledge(&page, 0));
    let again = app
        .post_form("/courses/provkurs/assessment/before", &fields)
        .await;
    assert_eq!(again.status(), 409);
    assert_eq!(app.count("assessment_responses").await, 1);
}

#[tokio::test]
async fn the_assessment_after_the_course_before_the_one_before_is_rejected_and_nothing_is_written()
{
    let mut app = TestApp::spawn().await;
    with_assessment(&mut app).await;
    enrol(&app, "lina@kommun.se").await;
    let response = answer(&app, "after", 2, "3", "3").await;
    assert_eq!(response.status(), 409);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("needs the one before")
    );
    assert_eq!(app.count("assessment_responses").await, 0);
    assert_eq!(app.count("evaluation_sums").await, 0);
}

#[tokio::test]
async fn ratings_out_of_range_missing_or_unknown_are_rejected_and_nothing_is_written() {
    let mut app = TestApp::spawn().await;
    with_assessment(&mut app).await;
    enrol(&app, "lina@kommun.se").await;
    let page = app.get_html("/courses/provkurs/assessment").await;
    let csrf = hidden_field(&page, "csrf");
    let good = knowledge(&page, 2);
    let cases: [(&[(&str, &str)], &str); 5] = [
        (
            &[("s.boka", "4"), ("s.skriva", "2")],
            "is not a point of the scale",
        ),
        (
            &[("s.boka", "0"), ("s.skriva", "2")],
            "is not a point of the scale",
        ),
        (
            &[("s.boka", "två"), ("s.skriva", "2")],
            "is not a point of the scale",
        ),
        // A form mistake, not tampering: the form comes back (see below).
        (
            &[("s.boka", "2")],
            "Välj en punkt på skalan för påstående 2.",
        ),
        (
            &[("s.boka", "2"), ("s.skriva", "2"), ("s.annat", "2")],
            "has no statement",
        ),
    ];
    for (ratings, message) in cases {
        let mut fields = vec![("csrf", csrf.as_str())];
        fields.extend_from_slice(ratings);
        fields.extend(good.iter().copied());
        let response = app
            .post_form("/courses/provkurs/assessment/before", &fields)
            .await;
        assert_eq!(response.status(), 400, "{ratings:?}");
        let body = response.text().await.unwrap();
        assert!(body.contains(message), "{ratings:?}: {body}");
    }
    let mut unanswered = vec![("csrf", csrf.as_str()), ("s.boka", "2"), ("s.skriva", "2")];
    unanswered.push(good[0]);
    let response = app
        .post_form("/courses/provkurs/assessment/before", &unanswered)
        .await;
    assert_eq!(response.status(), 400, "a knowledge question left out");
    assert_eq!(app.count("assessment_responses").await, 0);
}

#[tokio::test]
async fn an_assessment_sent_with_gaps_comes_back_naming_each_with_the_answers_kept() {
    let mut app = TestApp::spawn().await;
    with_assessment(&mut app).await;
    enrol(&app, "lina@kommun.se").await;
    let page = app.get_html("/courses/provkurs/assessment").await;
    let csrf = hidden_field(&page, "csrf");
    let good = knowledge(&page, 2);
    let mut fields = vec![("csrf", csrf.as_str()), ("s.boka", "3")];
    fields.push(good[0]);
    let response = app
        .post_form("/courses/provkurs/assessment/before", &fields)
        .await;
    assert_eq!(response.status(), 400);
    let page = response.text().await.unwrap();
    assert!(page.contains("<title>Fel: "), "{page}");
    assert!(
        page.contains(r#"class="error-summary" role="alert" tabindex="-1" autofocus"#),
        "{page}"
    );
    // The second knowledge question and the second statement, each linked and explained.
    assert_eq!(page.matches(r##"<li><a href="#f-q-"##).count(), 1, "{page}");
    assert!(
        page.contains(r##"<a href="#f-s-skriva">Välj en punkt på skalan för påstående 2.</a>"##),
        "{page}"
    );
    assert!(page.contains(r#"id="f-s-skriva-error""#), "{page}");
    assert!(
        page.contains(r#"id="s-boka-3" name="s.boka" value="3" required checked>"#),
        "the rating given is kept: {page}"
    );
    let (question, option) = good[0];
    let kept = format!(r#"name="{question}" value="{option}" required checked"#);
    assert!(page.contains(&kept), "the answer given is kept: {page}");
    assert_eq!(app.count("assessment_responses").await, 0);
}

#[tokio::test]
async fn another_learners_assessment_cannot_be_answered_without_enrolling() {
    let mut app = TestApp::spawn().await;
    with_assessment(&mut app).await;
    enrol(&app, "lina@kommun.se").await;
    let page = app.get_html("/courses/provkurs/assessment").await;
    let other = app.another_visitor();
    other.add_user("omar@kommun.se", Role::Learner).await;
    other.sign_in("omar@kommun.se").await;
    let csrf = other.csrf().await;
    let mut fields = vec![("csrf", csrf.as_str()), ("s.boka", "2"), ("s.skriva", "2")];
    fields.extend(knowledge(&page, 2));
    let response = other
        .post_form("/courses/provkurs/assessment/before", &fields)
        .await;
    assert_eq!(response.status(), 403);
    assert_eq!(
        other.get("/courses/provkurs/assessment").await.status(),
        403
    );
    assert_eq!(app.count("assessment_responses").await, 0);
}

#[tokio::test]
async fn learners_enrolled_one_after_another_start_with_opposite_forms() {
    let mut app = TestApp::spawn().await;
    with_assessment(&mut app).await;
    let mut first_forms = Vec::new();
    for email in ["a@kommun.se", "b@kommun.se", "c@kommun.se", "d@kommun.se"] {
        let learner = app.another_visitor();
        enrol(&learner, email).await;
        let page = learner.get_html("/courses/provkurs/assessment").await;
        first_forms.push(page.contains("name=\"q.vem\""));
    }
    assert_eq!(
        first_forms.iter().filter(|a| **a).count(),
        2,
        "{first_forms:?}"
    );
    assert_ne!(first_forms[0], first_forms[1]);
}

#[tokio::test]
async fn a_course_without_an_assessment_has_no_assessment_page_and_open_lessons() {
    let app = TestApp::spawn().await;
    enrol(&app, "lina@kommun.se").await;
    assert_eq!(app.get("/courses/provkurs/assessment").await.status(), 404);
    assert_eq!(app.get("/courses/provkurs/forsta").await.status(), 200);
}

async fn api(
    app: &TestApp,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    let mut request = super::app::client()
        .request(method, app.url(path))
        .bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (
        status,
        response.json().await.unwrap_or(serde_json::Value::Null),
    )
}

#[tokio::test]
async fn an_app_answers_the_assessment_through_the_api_before_the_lessons_open() {
    let mut app = TestApp::spawn().await;
    with_assessment(&mut app).await;
    app.add_user("lina@kommun.se", Role::Learner).await;
    let token = app.api_token("lina@kommun.se").await;
    let post = reqwest::Method::POST;
    let get = reqwest::Method::GET;
    let (status, _) = api(
        &app,
        &token,
        post.clone(),
        "/api/v1/courses/provkurs/enrolment",
        None,
    )
    .await;
    assert_eq!(status, 200);
    let (status, body) = api(
        &app,
        &token,
        get.clone(),
        "/api/v1/courses/provkurs/lessons/forsta",
        None,
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body["error"].as_str().unwrap().contains("assessment"),
        "{body}"
    );

    let (status, view) = api(
        &app,
        &token,
        get.clone(),
        "/api/v1/courses/provkurs/assessment",
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(view["open"], "before");
    assert_eq!(view["scale"].as_array().unwrap().len(), 3);
    assert_eq!(view["statements"][0]["id"], "boka");
    let questions = view["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 2);
    assert!(
        questions[0]["options"][0].get("correct").is_none(),
        "no answers to the app"
    );
    let answers: serde_json::Map<String, serde_json::Value> = questions
        .iter()
        .map(|q| {
            (
                q["id"].as_str().unwrap().to_owned(),
                serde_json::json!([q["options"][0]["id"]]),
            )
        })
        .collect();

    let bad = serde_json::json!({ "answers": answers, "ratings": { "boka": 9, "skriva": 1 } });
    let (status, body) = api(
        &app,
        &token,
        post.clone(),
        "/api/v1/courses/provkurs/assessment/before",
        Some(bad),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(app.count("assessment_responses").await, 0);

    let good = serde_json::json!({ "answers": answers, "ratings": { "boka": 1, "skriva": 3 } });
    let (status, view) = api(
        &app,
        &token,
        post.clone(),
        "/api/v1/courses/provkurs/assessment/before",
        Some(good.clone()),
    )
    .await;
    assert_eq!(status, 201, "{view}");
    assert_eq!(view["open"], serde_json::Value::Null);
    assert!(
        view["closed_reason"]
            .as_str()
            .unwrap()
            .contains("every lesson"),
        "{view}"
    );
    let (status, _) = api(
        &app,
        &token,
        post,
        "/api/v1/courses/provkurs/assessment/before",
        Some(good),
    )
    .await;
    assert_eq!(status, 409);
    assert_eq!(app.count("assessment_responses").await, 1);
    let (status, _) = api(
        &app,
        &token,
        get,
        "/api/v1/courses/provkurs/lessons/forsta",
        None,
    )
    .await;
    assert_eq!(status, 200, "the lessons open");
}

#[tokio::test]
async fn an_unknown_part_of_the_assessment_is_not_found_and_nothing_is_written() {
    let mut app = TestApp::spawn().await;
    with_assessment(&mut app).await;
    enrol(&app, "lina@kommun.se").await;
    let page = app.get_html("/courses/provkurs/assessment").await;
    let csrf = hidden_field(&page, "csrf");
    let mut fields = vec![("csrf", csrf.as_str()), ("s.boka", "2"), ("s.skriva", "2")];
    fields.extend(knowledge(&page, 2));
    let response = app
        .post_form("/courses/provkurs/assessment/during", &fields)
        .await;
    assert_eq!(response.status(), 404);
    let stray = app
        .post_form(
            "/courses/provkurs/assessment/before",
            &[("csrf", &csrf), ("x", "1")],
        )
        .await;
    assert_eq!(stray.status(), 400, "a field the form does not have");
    assert_eq!(app.count("assessment_responses").await, 0);
}
