//! `/trainer`: for trainers and admins only; every course with its state, version and
//! people; a trainer's own courses first; per course the history of what changed, the
//! item analysis and the feedback.

use bryggan::domain::Role;

use super::super::app::TestApp;
use super::{enrolled_learner, signed_in};

#[tokio::test]
async fn the_workspace_is_for_trainers_and_admins() {
    let app = TestApp::spawn().await;
    let learner = signed_in(&app, "lina@malmo.se", Role::Learner).await;
    let hr = signed_in(&app, "hr@malmo.se", Role::Hr).await;
    for visitor in [&learner, &hr] {
        for path in ["/trainer", "/trainer/courses/provkurs"] {
            assert_eq!(visitor.get(path).await.status(), 403, "{path}");
        }
        assert!(
            !visitor
                .get_html("/courses")
                .await
                .contains("href=\"/trainer\"")
        );
    }
    let anonymous = app.another_visitor();
    assert_eq!(anonymous.get("/trainer").await.status(), 303);
    for role in [Role::Trainer, Role::Admin] {
        let who = signed_in(&app, &format!("{}@malmo.se", role.as_str()), role).await;
        let page = who.get_html("/trainer").await;
        assert!(page.contains("Kursarbete för utbildare"), "{page}");
        assert!(
            page.contains("href=\"/trainer\" aria-current=\"page\""),
            "{page}"
        );
        assert_eq!(who.get("/trainer/courses/okand").await.status(), 404);
    }
}

#[tokio::test]
async fn each_course_shows_its_published_version_and_the_people_on_each_version() {
    let mut app = TestApp::spawn().await;
    enrolled_learner(&app, "lina@malmo.se").await;
    std::fs::write(
        app.courses.join("provkurs/02-andra.md"),
        "# Andra lektionen, omskriven\n\nNy text.\n",
    )
    .unwrap();
    std::fs::write(
        app.courses.join("provkurs/04-ny.md"),
        "# En ny lektion\n\nText.\n",
    )
    .unwrap();
    app.restart().await;
    enrolled_learner(&app, "omar@malmo.se").await;
    enrolled_learner(&app, "sara@malmo.se").await;
    let trainer = signed_in(&app, "trainer@malmo.se", Role::Trainer).await;
    let page = trainer.get_html("/trainer").await;
    let row = page
        .split("<tr>")
        .find(|r| r.contains("/trainer/courses/provkurs"))
        .expect("a row for the course");
    assert!(row.contains("Kompilerar"), "{row}");
    assert!(row.contains("Version 2"), "{row}");
    assert!(
        row.contains("<td>2</td>\n    <td>1</td>"),
        "two on version 2, one on 1: {row}"
    );

    let course = trainer.get_html("/trainer/courses/provkurs").await;
    assert!(course.contains("Första versionen"), "{course}");
    assert!(course.contains("Nya lektioner: ny"), "{course}");
    assert!(course.contains("Ändrade lektioner: andra"), "{course}");
    let newest = course.find("Nya lektioner").unwrap();
    let first = course.find("Första versionen").unwrap();
    assert!(newest < first, "the newest version first");
    assert!(
        course.contains("Frågeanalys") && course.contains("id=\"item-tolk\""),
        "the item analysis of the quiz: {course}"
    );
}

#[tokio::test]
async fn a_trainer_sees_the_courses_they_maintain_first() {
    let mut app = TestApp::spawn().await;
    let second = app.courses.join("annan");
    super::super::app::copy_dir(&app.courses.join("provkurs"), &second);
    std::fs::write(
        second.join("course.toml"),
        "title = \"Annan kurs\"\nlanguage = \"sv\"\nsummary = \"S\"\npass_mark = 80\n\
         maintainers = [\"Trainer@Malmo.se\"]\n",
    )
    .unwrap();
    app.restart().await;
    let trainer = signed_in(&app, "trainer@malmo.se", Role::Trainer).await;
    let page = trainer.get_html("/trainer").await;
    let mine = page.find("Annan kurs").expect("the trainer's course");
    let other = page.find(">Provkurs<").expect("the other course");
    assert!(mine < other, "their own course first, before the alphabet");
    assert!(page.contains("Din kurs"), "{page}");
    let admin = signed_in(&app, "admin@malmo.se", Role::Admin).await;
    let page = admin.get_html("/trainer").await;
    assert!(page.find("Annan kurs").unwrap() < page.find(">Provkurs<").unwrap());
    assert!(!page.contains("Din kurs"), "not the admin's own");
}

#[tokio::test]
async fn the_workspace_is_in_english_for_an_english_reader() {
    let app = TestApp::spawn().await;
    let trainer = signed_in(&app, "trainer@malmo.se", Role::Trainer).await;
    let csrf = trainer.csrf().await;
    trainer
        .post_form(
            "/language",
            &[("csrf", &csrf), ("lang", "en"), ("back", "/trainer")],
        )
        .await;
    let page = trainer.get_html("/trainer/courses/provkurs").await;
    assert!(page.contains("<html lang=\"en\""), "{page}");
    assert!(page.contains("The first version"), "{page}");
    assert!(
        page.contains("Learners' feedback") || page.contains("Learners&#x27;"),
        "{page}"
    );
}
