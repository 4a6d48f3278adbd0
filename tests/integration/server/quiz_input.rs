//! Tampered and doubled quiz forms: a clear 4xx, and not a row written.

use bryggan::domain::Role;

use super::app::{TestApp, hidden_field};

/// An enrolled, signed-in learner on the quiz page; returns the page's CSRF token.
async fn at_the_quiz(app: &TestApp, email: &str) -> String {
    app.add_user(email, Role::Learner).await;
    app.sign_in(email).await;
    let csrf = app.csrf().await;
    app.post_form("/courses/provkurs/enrol", &[("csrf", &csrf)])
        .await;
    hidden_field(&app.get_html("/courses/provkurs/quiz").await, "csrf")
}

async fn submit(app: &TestApp, fields: &[(&str, &str)]) -> (u16, String) {
    let response = app
        .post_form("/courses/provkurs/quiz/answers", fields)
        .await;
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn an_unknown_option_is_rejected_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let csrf = at_the_quiz(&app, "lina@kommun.se").await;
    let (status, body) = submit(
        &app,
        &[
            ("csrf", &csrf),
            ("attempt", "1"),
            ("q.tolk", "z"),
            ("q.klarsprak", "a"),
        ],
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        body.contains("question &quot;tolk&quot; has no option &quot;z&quot;"),
        "{body}"
    );
    assert_eq!(app.count("quiz_attempts").await, 0);
}

#[tokio::test]
async fn a_question_of_another_quiz_is_rejected_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let csrf = at_the_quiz(&app, "lina@kommun.se").await;
    let (status, body) = submit(
        &app,
        &[
            ("csrf", &csrf),
            ("attempt", "1"),
            ("q.tolk", "b"),
            ("q.sju-grunder", "a"),
        ],
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        body.contains("the quiz has no question &quot;sju-grunder&quot;"),
        "{body}"
    );
    assert_eq!(app.count("quiz_attempts").await, 0);
}

#[tokio::test]
async fn two_answers_to_a_single_choice_question_are_rejected() {
    let app = TestApp::spawn().await;
    let csrf = at_the_quiz(&app, "lina@kommun.se").await;
    let (status, _) = submit(
        &app,
        &[
            ("csrf", &csrf),
            ("attempt", "1"),
            ("q.tolk", "a"),
            ("q.tolk", "b"),
        ],
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(app.count("quiz_attempts").await, 0);
}

#[tokio::test]
async fn a_quiz_sent_with_a_question_unanswered_comes_back_with_the_choices_kept_and_nothing_is_written()
 {
    // A browser that ignores `required` (or an old one) can send this.
    let app = TestApp::spawn().await;
    let csrf = at_the_quiz(&app, "lina@kommun.se").await;
    let (status, page) = submit(
        &app,
        &[("csrf", &csrf), ("attempt", "1"), ("q.klarsprak", "b")],
    )
    .await;
    assert_eq!(status, 400);
    assert!(page.contains("<title>Fel: "), "{page}");
    assert!(page.contains("Det finns ett problem"), "{page}");
    assert!(
        page.contains(r##"<a href="#f-q-tolk">Välj ett svar på fråga 1.</a>"##),
        "the summary links to the question: {page}"
    );
    assert!(
        page.contains(r#"<fieldset class="question" id="f-q-tolk" lang="sv" aria-describedby="f-q-tolk-error">"#),
        "{page}"
    );
    assert!(
        page.contains(r#"id="q-klarsprak-b" name="q.klarsprak" value="b" checked>"#),
        "what was chosen is kept: {page}"
    );
    assert!(
        page.contains(r#"id="q-tolk-a" name="q.tolk" value="a" required aria-invalid="true">"#),
        "{page}"
    );
    assert_eq!(app.count("quiz_attempts").await, 0);
}

#[tokio::test]
async fn a_check_all_question_left_empty_is_graded_and_the_result_says_it_was_left_empty() {
    let app = TestApp::spawn().await;
    let csrf = at_the_quiz(&app, "lina@kommun.se").await;
    let (status, _) = submit(&app, &[("csrf", &csrf), ("attempt", "1"), ("q.tolk", "b")]).await;
    assert_eq!(status, 303);
    let result = app.get_html("/courses/provkurs/quiz/attempts/1").await;
    assert!(
        result.contains("1 av 2 rätt"),
        "the summary comes first: {result}"
    );
    assert!(
        result.contains("Du lämnade frågan obesvarad: inget alternativ var valt."),
        "{result}"
    );
    assert_eq!(result.matches("(obesvarad)").count(), 1, "{result}");
}

#[tokio::test]
async fn an_unexpected_field_or_a_missing_attempt_number_is_rejected() {
    let app = TestApp::spawn().await;
    let csrf = at_the_quiz(&app, "lina@kommun.se").await;
    assert_eq!(
        submit(
            &app,
            &[
                ("csrf", &csrf),
                ("attempt", "1"),
                ("q.tolk", "b"),
                ("score", "100")
            ]
        )
        .await
        .0,
        400
    );
    assert_eq!(
        submit(&app, &[("csrf", &csrf), ("q.tolk", "b")]).await.0,
        400
    );
    assert_eq!(
        submit(
            &app,
            &[("csrf", &csrf), ("attempt", "ett"), ("q.tolk", "b")]
        )
        .await
        .0,
        400
    );
    assert_eq!(app.count("quiz_attempts").await, 0);
}

#[tokio::test]
async fn a_double_submitted_quiz_form_counts_once() {
    let app = TestApp::spawn().await;
    let csrf = at_the_quiz(&app, "lina@kommun.se").await;
    let fields = [
        ("csrf", csrf.as_str()),
        ("attempt", "1"),
        ("q.tolk", "a"),
        ("q.klarsprak", "c"),
    ];
    assert_eq!(submit(&app, &fields).await.0, 303);
    let (status, body) = submit(&app, &fields).await;
    assert_eq!(status, 409);
    assert!(body.contains("already submitted"), "{body}");
    assert_eq!(app.count("quiz_attempts").await, 1);
}

#[tokio::test]
async fn answers_from_someone_not_enrolled_are_forbidden_and_touch_no_one_elses_attempts() {
    let app = TestApp::spawn().await;
    at_the_quiz(&app, "lina@kommun.se").await;
    // A second learner, signed in on their own client, not enrolled.
    let other = app.another_visitor();
    other.add_user("omar@kommun.se", Role::Learner).await;
    other.sign_in("omar@kommun.se").await;
    let csrf = other.csrf().await;
    let response = other
        .post_form(
            "/courses/provkurs/quiz/answers",
            &[("csrf", &csrf), ("attempt", "1"), ("q.tolk", "b")],
        )
        .await;
    assert_eq!(response.status(), 403);
    assert_eq!(app.count("quiz_attempts").await, 0);
    assert_eq!(app.count("enrolments").await, 1);
}

#[tokio::test]
async fn another_learners_result_page_is_not_found() {
    let app = TestApp::spawn().await;
    let csrf = at_the_quiz(&app, "lina@kommun.se").await;
    submit(
        &app,
        &[
            ("csrf", &csrf),
            ("attempt", "1"),
            ("q.tolk", "b"),
            ("q.klarsprak", "a"),
        ],
    )
    .await;
    let other = app.another_visitor();
    other.add_user("omar@kommun.se", Role::Learner).await;
    other.sign_in("omar@kommun.se").await;
    let csrf = other.csrf().await;
    other
        .post_form("/courses/provkurs/enrol", &[("csrf", &csrf)])
        .await;
    assert_eq!(
        other
            .get("/courses/provkurs/quiz/attempts/1")
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn an_oversized_form_is_refused_with_413_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let csrf = at_the_quiz(&app, "lina@kommun.se").await;
    let big = "b".repeat(200 * 1024);
    let (status, _) = submit(&app, &[("csrf", &csrf), ("attempt", "1"), ("q.tolk", &big)]).await;
    assert_eq!(status, 413);
    assert_eq!(app.count("quiz_attempts").await, 0);
}
