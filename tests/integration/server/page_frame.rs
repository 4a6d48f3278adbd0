//! What every page has around its content: the organisation's name beside "Bryggan", the
//! navigation marking the page the reader is on, and the site's icon.

use bryggan::domain::Role;

use super::app::TestApp;

#[tokio::test]
async fn every_page_names_the_organisation_and_marks_where_the_reader_is() {
    let app = TestApp::spawn().await;
    app.add_user("lina@malmo.se", Role::Learner).await;
    app.sign_in("lina@malmo.se").await;

    let courses = app.get_html("/courses").await;
    assert!(
        courses.contains(
            r#"<a href="/courses">Bryggan</a> <span class="organisation">Malmö stad</span>"#
        ),
        "{courses}"
    );
    assert!(
        courses.contains(r#"<a href="/courses" aria-current="page">"#),
        "{courses}"
    );
    assert_eq!(courses.matches("aria-current").count(), 1);

    let course = app.get_html("/courses/provkurs").await;
    assert!(
        !course.contains("aria-current"),
        "a course is not a menu entry"
    );
    assert!(
        course.contains(r#"<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">"#)
    );
}

#[tokio::test]
async fn the_icon_is_served_as_svg_and_may_be_cached() {
    let app = TestApp::spawn().await;
    let icon = app.get("/static/favicon.svg").await;
    assert_eq!(icon.status(), 200);
    assert_eq!(icon.headers()["content-type"], "image/svg+xml");
    assert_eq!(icon.headers()["cache-control"], "public, max-age=3600");
    assert!(icon.text().await.unwrap().starts_with("<svg"));
}
