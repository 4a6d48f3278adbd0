//! WCAG 3.1.2: a course title is written in its course's language, so wherever it appears
//! on a page in the other language it carries that language.

use super::app::TestApp;
use super::org::Org;

async fn in_english(app: &TestApp) {
    let csrf = app.csrf().await;
    let switched = app
        .post_form(
            "/language",
            &[("csrf", &csrf), ("lang", "en"), ("back", "/courses")],
        )
        .await;
    assert_eq!(switched.status(), 303);
}

#[tokio::test]
async fn a_swedish_course_title_is_marked_as_swedish_on_english_hr_pages() {
    let app = TestApp::spawn().await;
    Org::build(&app).await;
    app.sign_in("admin@malmo.se").await;
    in_english(&app).await;
    let dashboard = app.get_html("/hr").await;
    assert!(dashboard.contains("<html lang=\"en\">"));
    assert!(
        dashboard.contains(" lang=\"sv\">Provkurs</a></th>"),
        "{dashboard}"
    );
    assert!(
        dashboard.contains(" lang=\"sv\">Provkurs</option>"),
        "{dashboard}"
    );
    let people = app.get_html("/hr/people").await;
    assert!(people.contains("<td lang=\"sv\">Provkurs</td>"), "{people}");
    let assignments = app.get_html("/hr/assignments").await;
    assert!(
        assignments.contains("<th scope=\"row\" lang=\"sv\">Provkurs</th>"),
        "{assignments}"
    );
    assert!(
        assignments.contains("<option value=\"provkurs\" lang=\"sv\">Provkurs</option>"),
        "{assignments}"
    );
    let evaluation = app.get_html("/hr/evaluation").await;
    assert!(
        evaluation.contains(" lang=\"sv\">Provkurs</option>"),
        "{evaluation}"
    );
}

#[tokio::test]
async fn a_swedish_course_title_is_marked_as_swedish_on_english_learner_pages() {
    let app = TestApp::spawn().await;
    Org::build(&app).await;
    app.sign_in("kim@malmo.se").await;
    in_english(&app).await;
    for path in ["/courses/provkurs/forsta", "/courses/provkurs/quiz"] {
        let html = app.get_html(path).await;
        assert!(
            html.contains("<a href=\"/courses/provkurs\" lang=\"sv\">Provkurs</a>"),
            "{path}: {html}"
        );
    }
}
