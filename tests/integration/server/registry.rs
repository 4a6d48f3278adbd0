//! Course versions: learners stay on the version they started; courses that break or
//! disappear keep their history.

use bryggan::domain::Role;

use super::app::TestApp;

#[tokio::test]
async fn an_enrolment_stays_on_the_version_it_started_when_the_course_changes() {
    let mut app = TestApp::spawn().await;
    app.add_user("lina@kommun.se", Role::Learner).await;
    app.sign_in("lina@kommun.se").await;
    let csrf = app.csrf().await;
    app.post_form("/courses/provkurs/enrol", &[("csrf", &csrf)])
        .await;

    std::fs::write(
        app.courses.join("provkurs/01-forsta.md"),
        "# Omskriven lektion\n\nNy text.\n",
    )
    .unwrap();
    app.restart().await;
    assert_eq!(app.count("course_versions").await, 2);

    let lesson = app.get_html("/courses/provkurs/forsta").await;
    assert!(
        lesson.contains("Första lektionen") && !lesson.contains("Omskriven"),
        "still the old version"
    );

    let newcomer = app.another_visitor();
    newcomer.add_user("omar@kommun.se", Role::Learner).await;
    newcomer.sign_in("omar@kommun.se").await;
    let csrf = newcomer.csrf().await;
    newcomer
        .post_form("/courses/provkurs/enrol", &[("csrf", &csrf)])
        .await;
    assert!(
        newcomer
            .get_html("/courses/provkurs/forsta")
            .await
            .contains("Omskriven lektion")
    );
}

#[tokio::test]
async fn a_course_removed_from_disk_leaves_the_catalogue_and_keeps_its_history() {
    let mut app = TestApp::spawn().await;
    app.add_user("lina@kommun.se", Role::Learner).await;
    app.sign_in("lina@kommun.se").await;
    let csrf = app.csrf().await;
    app.post_form("/courses/provkurs/enrol", &[("csrf", &csrf)])
        .await;

    std::fs::remove_dir_all(app.courses.join("provkurs")).unwrap();
    app.restart().await;

    assert!(
        app.get_html("/courses").await.contains("Provkurs"),
        "the enrolled learner keeps it"
    );
    assert!(
        app.get_html("/courses/provkurs/forsta")
            .await
            .contains("Första lektionen")
    );
    let newcomer = app.another_visitor();
    newcomer.add_user("omar@kommun.se", Role::Learner).await;
    newcomer.sign_in("omar@kommun.se").await;
    assert!(!newcomer.get_html("/courses").await.contains("Provkurs"));
    assert_eq!(newcomer.get("/courses/provkurs").await.status(), 404);
    assert_eq!(app.count("enrolments").await, 1);
}

#[tokio::test]
async fn a_course_that_breaks_stays_published_at_its_last_good_version() {
    let mut app = TestApp::spawn().await;
    std::fs::write(
        app.courses.join("provkurs/course.toml"),
        "title = \"Trasig\"\npass_mark = 500\n",
    )
    .unwrap();
    app.restart().await;
    app.add_user("omar@kommun.se", Role::Learner).await;
    app.sign_in("omar@kommun.se").await;
    let course = app.get_html("/courses/provkurs").await;
    assert!(
        course.contains("Provkurs") && !course.contains("Trasig"),
        "{course}"
    );
    assert_eq!(app.count("course_versions").await, 1);
}

#[tokio::test]
async fn the_migrations_roll_back_and_forward_cleanly() {
    use migrations::{Migrator, MigratorTrait};
    let app = TestApp::spawn().await;
    Migrator::down(&app.db, None)
        .await
        .expect("every migration has a working down");
    assert!(
        Migrator::get_applied_migrations(&app.db)
            .await
            .unwrap()
            .is_empty()
    );
    Migrator::up(&app.db, None).await.expect("and runs again");
    assert_eq!(app.count("courses").await, 0, "a fresh schema");
}

#[tokio::test]
async fn the_course_page_shows_the_legal_status_in_the_reader_s_language() {
    let mut app = TestApp::spawn().await;
    let manifest = app.courses.join("provkurs/course.toml");
    let toml = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, format!("{toml}legal_status = \"2026-11\"\n")).unwrap();
    app.restart().await;
    app.add_user("lina@malmo.se", Role::Learner).await;
    app.sign_in("lina@malmo.se").await;
    let page = app.get_html("/courses/provkurs").await;
    assert!(page.contains("Rättsläge: november 2026"), "{page}");
}
