//! "Was this helpful?" at the end of each lesson: given and changed by the learner, refused
//! with the form's problems and nothing written, and read by trainers without names, with
//! no share below the minimum group.

use bryggan::domain::Role;

use super::super::app::{TestApp, hidden_field};
use super::{enrolled_learner, signed_in};
use crate::helpers::scalar;

async fn give(learner: &TestApp, lesson: &str, helpful: &str, comment: &str) -> reqwest::Response {
    let page = learner
        .get_html(&format!("/courses/provkurs/{lesson}"))
        .await;
    learner
        .post_form(
            &format!("/courses/provkurs/{lesson}/feedback"),
            &[
                ("csrf", &hidden_field(&page, "csrf")),
                ("helpful", helpful),
                ("comment", comment),
            ],
        )
        .await
}

#[tokio::test]
async fn a_learner_says_whether_a_lesson_helped_and_may_change_the_answer() {
    let app = TestApp::spawn().await;
    let lina = enrolled_learner(&app, "lina@malmo.se").await;
    let page = lina.get_html("/courses/provkurs/forsta").await;
    assert!(page.contains("Var det här till hjälp?"), "{page}");
    assert!(!page.contains("Tack!"), "nothing given yet");

    let sent = give(&lina, "forsta", "no", "För lång.").await;
    assert_eq!(sent.status(), 303);
    assert_eq!(
        sent.headers()["location"],
        "/courses/provkurs/forsta#feedback"
    );
    let page = lina.get_html("/courses/provkurs/forsta").await;
    assert!(page.contains("inte var till hjälp"), "{page}");
    assert!(page.contains("value=\"no\" required checked"), "{page}");
    assert!(page.contains(">För lång.</textarea>"), "{page}");

    assert_eq!(give(&lina, "forsta", "yes", "").await.status(), 303);
    assert_eq!(app.count("lesson_feedback").await, 1, "changed, not added");
    assert_eq!(
        scalar(
            &app.db,
            "SELECT COUNT(*) FROM lesson_feedback WHERE helpful AND comment IS NULL"
        )
        .await,
        1
    );
    // A quiz lesson asks too.
    let quiz = lina.get_html("/courses/provkurs/quiz").await;
    assert!(quiz.contains("Var det här till hjälp?"), "{quiz}");
}

#[tokio::test]
async fn a_feedback_form_with_problems_comes_back_with_them_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let lina = enrolled_learner(&app, "lina@malmo.se").await;
    let long = "å".repeat(1001);
    let refused = give(&lina, "forsta", "", &long).await;
    assert_eq!(refused.status(), 400);
    let page = refused.text().await.unwrap();
    assert!(page.contains("<title>Fel:"), "{page}");
    assert!(page.contains("href=\"#f-helpful\""), "{page}");
    assert!(page.contains("href=\"#f-comment\""), "{page}");
    assert!(page.contains("Kommentaren är 1001 tecken lång"), "{page}");
    assert!(
        page.contains("aria-describedby=\"f-comment-error f-comment-hint\""),
        "{page}"
    );
    assert!(
        page.contains(&format!(">{long}</textarea>")),
        "what was typed is kept"
    );
    assert!(
        page.contains("Första lektionen"),
        "the lesson itself, not a bare error page"
    );

    let not_enrolled = signed_in(&app, "omar@malmo.se", Role::Learner).await;
    let csrf = not_enrolled.csrf().await;
    let refused = not_enrolled
        .post_form(
            "/courses/provkurs/forsta/feedback",
            &[("csrf", &csrf), ("helpful", "yes"), ("comment", "")],
        )
        .await;
    assert_eq!(refused.status(), 403);
    let csrf = lina.csrf().await;
    let unknown = lina
        .post_form(
            "/courses/provkurs/okand/feedback",
            &[("csrf", &csrf), ("helpful", "yes"), ("comment", "")],
        )
        .await;
    assert_eq!(unknown.status(), 404);
    let forged = lina
        .post_form(
            "/courses/provkurs/forsta/feedback",
            &[("csrf", "forged"), ("helpful", "yes")],
        )
        .await;
    assert_eq!(forged.status(), 403);
    assert_eq!(app.count("lesson_feedback").await, 0, "nothing was written");
}

#[tokio::test]
async fn trainers_read_shares_from_the_minimum_group_and_comments_without_names() {
    let app = TestApp::spawn().await;
    // Five answers about the first lesson (the minimum group), four about the second.
    for n in 0..5 {
        let learner = enrolled_learner(&app, &format!("person{n}@malmo.se")).await;
        let helpful = if n < 4 { "yes" } else { "no" };
        let comment = if n == 0 {
            "<script>alert('x')</script> Bra!"
        } else {
            ""
        };
        assert_eq!(
            give(&learner, "forsta", helpful, comment).await.status(),
            303
        );
        if n < 4 {
            assert_eq!(give(&learner, "andra", "yes", "").await.status(), 303);
        }
    }
    let trainer = signed_in(&app, "trainer@malmo.se", Role::Trainer).await;
    let page = trainer.get_html("/trainer/courses/provkurs").await;
    let row = |title: &str| {
        page.split("<tr>")
            .find(|r| r.contains(title) && r.contains("<td>"))
            .unwrap_or_else(|| panic!("a row for {title}: {page}"))
            .to_owned()
    };
    assert!(
        row("Första lektionen").contains("80\u{a0}%"),
        "{}",
        row("Första lektionen")
    );
    assert!(
        row("Andra lektionen").contains("för få svar"),
        "{}",
        row("Andra lektionen")
    );
    assert!(
        page.contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Bra!"),
        "the comment, escaped: {page}"
    );
    assert!(!page.contains("<script>alert"), "never as markup");
    assert!(!page.contains("person0"), "no names or addresses");

    let token = app.api_token("trainer@malmo.se").await;
    let body: serde_json::Value = app
        .client
        .get(app.url("/api/v1/trainer/courses/provkurs/feedback"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["lessons"][0]["helpful_share"], 0.8);
    assert_eq!(body["lessons"][1]["helpful_share"], serde_json::Value::Null);
    assert_eq!(body["lessons"][1]["answers"], 4);
    assert_eq!(
        body["comments"][0]["comment"],
        "<script>alert('x')</script> Bra!"
    );
    assert!(!body.to_string().contains("person0"));
}

#[tokio::test]
async fn the_api_stores_and_changes_feedback_and_refuses_a_long_comment_without_writing() {
    let app = TestApp::spawn().await;
    enrolled_learner(&app, "lina@malmo.se").await;
    let token = app.api_token("lina@malmo.se").await;
    let path = app.url("/api/v1/courses/provkurs/lessons/forsta/feedback");
    let put = |body: serde_json::Value| {
        app.client
            .put(path.clone())
            .bearer_auth(token.clone())
            .json(&body)
            .send()
    };
    let refused = put(serde_json::json!({ "helpful": true, "comment": "x".repeat(1001) }))
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
    let error: serde_json::Value = refused.json().await.unwrap();
    assert!(error["error"].as_str().unwrap().contains("1001 characters"));
    let unknown_field = put(serde_json::json!({ "helpful": true, "name": "Lina" }))
        .await
        .unwrap();
    assert_eq!(unknown_field.status(), 400);
    assert_eq!(app.count("lesson_feedback").await, 0, "nothing was written");

    let given = put(serde_json::json!({ "helpful": false, "comment": " Svår. " }))
        .await
        .unwrap();
    assert_eq!(given.status(), 200);
    let given: serde_json::Value = given.json().await.unwrap();
    assert_eq!(given["comment"], "Svår.");
    put(serde_json::json!({ "helpful": true })).await.unwrap();
    let mine: serde_json::Value = app
        .client
        .get(path.clone())
        .bearer_auth(token.clone())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(mine["feedback"]["helpful"], true);
    assert_eq!(mine["feedback"]["comment"], serde_json::Value::Null);
    assert_eq!(app.count("lesson_feedback").await, 1);
}
