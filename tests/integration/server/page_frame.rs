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

#[tokio::test]
async fn the_organisations_logo_stands_beside_bryggan_with_its_name_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("malmo.svg");
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>"#;
    std::fs::write(&path, svg).unwrap();
    let logo = bryggan::branding::Logo::read(&path).unwrap();
    let app = TestApp::spawn_customised(
        None,
        std::sync::Arc::new(move |s| s.organisation_logo = Some(logo.clone())),
    )
    .await;
    app.add_user("lina@malmo.se", Role::Learner).await;
    app.sign_in("lina@malmo.se").await;
    let courses = app.get_html("/courses").await;
    assert!(
        courses.contains(
            r#"<span class="organisation"><img class="logo" src="/static/logo" alt="Malmö stad"></span>"#
        ),
        "{courses}"
    );
    let served = app.get("/static/logo").await;
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/svg+xml");
    assert!(
        served.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("sandbox"),
        "an SVG logo runs nothing"
    );
    assert_eq!(served.text().await.unwrap(), svg);
}

#[tokio::test]
async fn without_a_logo_there_is_none_to_fetch() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/static/logo").await.status(), 404);
}

#[tokio::test]
async fn the_menu_is_one_list_that_folds_on_phones_and_keeps_the_name_beside_sign_out() {
    let app = TestApp::spawn().await;
    app.add_user("lina@malmo.se", Role::Learner).await;
    app.sign_in("lina@malmo.se").await;
    let page = app.get_html("/courses").await;
    assert_eq!(page.matches("<nav aria-label=\"Huvudmeny\">").count(), 1);
    assert!(
        page.contains("<details class=\"menu\">\n  <summary>Meny</summary>"),
        "{page}"
    );
    let account = &page[page.find("class=\"account\"").unwrap()..];
    let name = account.find("Inloggad som ").unwrap();
    let sign_out = account.find("Logga ut").unwrap();
    assert!(name < sign_out && sign_out - name < 400, "{account}");
}
