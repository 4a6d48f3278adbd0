//! The learner's journey through the pages, with cookies and CSRF tokens.

use bryggan::domain::Role;

use super::app::{PASSWORD, TestApp, hidden_field};

async fn enrolled_learner(app: &TestApp) {
    app.add_user("lina@kommun.se", Role::Learner).await;
    app.sign_in("lina@kommun.se").await;
    let csrf = app.csrf().await;
    let response = app
        .post_form("/courses/provkurs/enrol", &[("csrf", &csrf)])
        .await;
    assert_eq!(response.status(), 303);
}

#[tokio::test]
async fn a_learner_reads_every_lesson_fails_the_quiz_once_passes_it_and_completes_the_course() {
    let app = TestApp::spawn().await;
    enrolled_learner(&app).await;

    let course = app.get_html("/courses/provkurs").await;
    assert!(
        course.contains("Första lektionen") && course.contains("Inte påbörjad"),
        "{course}"
    );

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
    assert_eq!(app.count("lesson_progress").await, 2);

    let quiz = app.get_html("/courses/provkurs/quiz").await;
    let csrf = hidden_field(&quiz, "csrf");
    assert_eq!(hidden_field(&quiz, "attempt"), "1");
    let wrong = app
        .post_form(
            "/courses/provkurs/quiz/answers",
            &[
                ("csrf", &csrf),
                ("attempt", "1"),
                ("q.tolk", "a"),
                ("q.klarsprak", "a"),
            ],
        )
        .await;
    assert_eq!(wrong.status(), 303);
    let result = app.get_html("/courses/provkurs/quiz/attempts/1").await;
    assert!(
        result.contains("Inte godkänt") && result.contains("0%"),
        "{result}"
    );
    assert!(
        result.contains("HEMLIG-FEEDBACK-BARN") && result.contains("HEMLIG-FORKLARING"),
        "feedback after answering"
    );

    let retake = app.get_html("/courses/provkurs/quiz").await;
    assert_eq!(hidden_field(&retake, "attempt"), "2");
    let right = app
        .post_form(
            "/courses/provkurs/quiz/answers",
            &[
                ("csrf", &csrf),
                ("attempt", "2"),
                ("q.tolk", "b"),
                ("q.klarsprak", "a"),
                ("q.klarsprak", "b"),
            ],
        )
        .await;
    assert_eq!(
        right.headers()["location"],
        "/courses/provkurs/quiz/attempts/2"
    );
    let result = app.get_html("/courses/provkurs/quiz/attempts/2").await;
    assert!(
        result.contains("Godkänt") && result.contains("100%"),
        "{result}"
    );

    let course = app.get_html("/courses/provkurs").await;
    assert!(course.contains("Du har slutfört kursen."), "{course}");
    let mine = app.get_html("/courses").await;
    assert!(
        mine.contains("3 av 3 lektioner klara") && mine.contains("Klar"),
        "{mine}"
    );
    assert_eq!(app.count("quiz_attempts").await, 2);
}

#[tokio::test]
async fn the_quiz_page_never_contains_the_correct_answers_or_feedback() {
    let app = TestApp::spawn().await;
    enrolled_learner(&app).await;
    let quiz = app.get_html("/courses/provkurs/quiz").await;
    assert!(
        quiz.contains("En auktoriserad tolk"),
        "the options are shown"
    );
    for secret in ["HEMLIG", "correct", "checked"] {
        assert!(!quiz.contains(secret), "{secret} in the quiz page");
    }
}

#[tokio::test]
async fn pages_without_a_session_redirect_to_sign_in_and_come_back_after() {
    let app = TestApp::spawn().await;
    app.add_user("lina@kommun.se", Role::Learner).await;
    let response = app.get("/courses/provkurs").await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"],
        "/sign-in?next=/courses/provkurs"
    );

    let page = app.get_html("/sign-in?next=/courses/provkurs").await;
    let response = app
        .post_form(
            "/sign-in",
            &[
                ("csrf", &hidden_field(&page, "csrf")),
                ("email", "LINA@kommun.se "),
                ("password", PASSWORD),
                ("next", &hidden_field(&page, "next")),
            ],
        )
        .await;
    assert_eq!(response.headers()["location"], "/courses/provkurs");
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("bryggan_session="))
        .unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
}

#[tokio::test]
async fn sign_in_never_redirects_to_another_site() {
    let app = TestApp::spawn().await;
    app.add_user("lina@kommun.se", Role::Learner).await;
    let csrf = app.csrf().await;
    for next in [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
    ] {
        let response = app
            .post_form(
                "/sign-in",
                &[
                    ("csrf", &csrf),
                    ("email", "lina@kommun.se"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(response.headers()["location"], "/courses", "{next}");
    }
}

#[tokio::test]
async fn a_wrong_password_is_refused_without_a_session_or_a_hint_which_part_was_wrong() {
    let app = TestApp::spawn().await;
    app.add_user("lina@kommun.se", Role::Learner).await;
    let csrf = app.csrf().await;
    let wrong_password = app
        .post_form(
            "/sign-in",
            &[
                ("csrf", &csrf),
                ("email", "lina@kommun.se"),
                ("password", "fel lösenord!"),
            ],
        )
        .await;
    assert_eq!(wrong_password.status(), 401);
    assert!(
        wrong_password
            .headers()
            .get_all("set-cookie")
            .iter()
            .all(|c| !c.to_str().unwrap().starts_with("bryggan_session="))
    );
    let wrong_password = wrong_password.text().await.unwrap();
    let unknown = app
        .post_form(
            "/sign-in",
            &[
                ("csrf", &csrf),
                ("email", "nobody@kommun.se"),
                ("password", "fel lösenord!"),
            ],
        )
        .await;
    assert_eq!(unknown.status(), 401);
    let message = "E-postadressen eller lösenordet stämmer inte.";
    assert!(wrong_password.contains(message) && unknown.text().await.unwrap().contains(message));
    assert_eq!(app.get("/courses").await.status(), 303, "still signed out");
}

#[tokio::test]
async fn repeated_failed_sign_ins_are_slowed_down() {
    let app = TestApp::spawn().await;
    app.add_user("lina@kommun.se", Role::Learner).await;
    let csrf = app.csrf().await;
    for _ in 0..5 {
        let response = app
            .post_form(
                "/sign-in",
                &[
                    ("csrf", &csrf),
                    ("email", "lina@kommun.se"),
                    ("password", "gissning 12345"),
                ],
            )
            .await;
        assert_eq!(response.status(), 401);
    }
    let blocked = app
        .post_form(
            "/sign-in",
            &[
                ("csrf", &csrf),
                ("email", "lina@kommun.se"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(blocked.status(), 429, "even the right password waits");
    assert!(
        blocked
            .text()
            .await
            .unwrap()
            .contains("För många misslyckade försök")
    );
}

#[tokio::test]
async fn a_form_without_the_right_csrf_token_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    app.add_user("lina@kommun.se", Role::Learner).await;
    app.sign_in("lina@kommun.se").await;
    for token in [
        "",
        "0000000000000000000000000000000000000000000000000000000000000000",
    ] {
        let response = app
            .post_form("/courses/provkurs/enrol", &[("csrf", token)])
            .await;
        assert_eq!(response.status(), 403);
    }
    let missing = app.post_form("/courses/provkurs/enrol", &[]).await;
    assert_eq!(missing.status(), 400);
    assert_eq!(app.count("enrolments").await, 0);
}

#[tokio::test]
async fn signing_out_voids_the_session_and_every_token() {
    let app = TestApp::spawn().await;
    app.add_user("lina@kommun.se", Role::Learner).await;
    app.sign_in("lina@kommun.se").await;
    let token = app.api_token("lina@kommun.se").await;
    let csrf = app.csrf().await;
    let response = app.post_form("/sign-out", &[("csrf", &csrf)]).await;
    assert_eq!(response.headers()["location"], "/sign-in");
    assert_eq!(app.get("/courses").await.status(), 303);
    let api = super::app::client()
        .get(app.url("/api/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 401);
}

#[tokio::test]
async fn a_lesson_of_a_course_the_learner_is_not_enrolled_in_is_forbidden() {
    let app = TestApp::spawn().await;
    app.add_user("lina@kommun.se", Role::Learner).await;
    app.sign_in("lina@kommun.se").await;
    assert_eq!(app.get("/courses/provkurs/forsta").await.status(), 403);
    let csrf = app.csrf().await;
    assert_eq!(
        app.post_form("/courses/provkurs/forsta/done", &[("csrf", &csrf)])
            .await
            .status(),
        403
    );
    assert_eq!(app.get("/courses/finns-inte").await.status(), 404);
    assert_eq!(app.count("lesson_progress").await, 0);
}

#[tokio::test]
async fn enrolling_in_a_course_that_does_not_exist_is_not_found_and_writes_nothing() {
    let app = TestApp::spawn().await;
    app.add_user("lina@kommun.se", Role::Learner).await;
    app.sign_in("lina@kommun.se").await;
    let csrf = app.csrf().await;
    assert_eq!(
        app.post_form("/courses/finns-inte/enrol", &[("csrf", &csrf)])
            .await
            .status(),
        404
    );
    let token = app.api_token("lina@kommun.se").await;
    let api = super::app::client()
        .post(app.url("/api/v1/courses/finns-inte/enrolment"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 404);
    assert_eq!(app.count("enrolments").await, 0);
}
