//! A course in two languages, as two folders that name each other: completing either
//! counts for an assignment of both.

use bryggan::domain::{DueRule, Language};
use bryggan::store::{self, audit::Actor};
use sea_orm::ConnectionTrait;

use super::app::{TestApp, copy_dir};
use super::certificates::{add_person, complete};

/// The fixture course gets an English twin, `provkurs-en`; both name each other.
async fn with_translation() -> TestApp {
    let mut app = TestApp::spawn().await;
    let sv = app.courses.join("provkurs");
    let en = app.courses.join("provkurs-en");
    copy_dir(&sv, &en);
    let toml = std::fs::read_to_string(sv.join("course.toml")).unwrap();
    std::fs::write(
        sv.join("course.toml"),
        format!("{toml}translation = \"provkurs-en\"\n"),
    )
    .unwrap();
    let english = toml
        .replace("title = \"Provkurs\"", "title = \"Trial course\"")
        .replace("language = \"sv\"", "language = \"en\"");
    std::fs::write(
        en.join("course.toml"),
        format!("{english}translation = \"provkurs\"\n"),
    )
    .unwrap();
    app.restart().await;
    app
}

async fn enrolments(app: &TestApp, email: &str) -> Vec<(String, bool)> {
    let rows = app
        .db
        .query_all_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            format!(
                "SELECT c.slug, e.completed_at FROM enrolments e JOIN courses c ON c.id = e.course_id \
                 JOIN users u ON u.id = e.user_id WHERE u.email = '{email}' ORDER BY c.slug"
            ),
        ))
        .await
        .unwrap();
    rows.iter()
        .map(|r| {
            let done: Option<chrono::DateTime<chrono::Utc>> =
                r.try_get("", "completed_at").unwrap();
            (r.try_get("", "slug").unwrap(), done.is_some())
        })
        .collect()
}

#[tokio::test]
async fn completing_the_english_course_counts_for_an_assignment_of_the_swedish_one() {
    let app = with_translation().await;
    add_person(&app, "lina@malmo.se", "Lina Holm", Language::En).await;
    add_person(&app, "omar@malmo.se", "Omar Haddad", Language::En).await;
    // Omar has already taken the English course when the Swedish one is assigned.
    complete(&app, "omar@malmo.se", "provkurs-en").await;

    let course = store::courses::find_by_slug(&app.db, "provkurs")
        .await
        .unwrap()
        .unwrap();
    let now = chrono::Utc::now();
    let due = DueRule::DaysAfterAssigned(30);
    store::assignments::create(&app.db, course.id, None, due, &Actor::command_line(), now)
        .await
        .unwrap();
    bryggan::hr::apply_assignments(&app.db, now, 30)
        .await
        .unwrap();
    assert_eq!(
        enrolments(&app, "omar@malmo.se").await,
        [("provkurs-en".to_owned(), true)]
    );
    assert_eq!(
        enrolments(&app, "lina@malmo.se").await,
        [("provkurs".to_owned(), false)]
    );

    // Lina takes the English one instead: her Swedish assignment is done too.
    complete(&app, "lina@malmo.se", "provkurs-en").await;
    assert_eq!(
        enrolments(&app, "lina@malmo.se").await,
        [
            ("provkurs".to_owned(), true),
            ("provkurs-en".to_owned(), true)
        ]
    );
    // One certificate each, for the course they took.
    assert_eq!(app.count("certificates").await, 2);
}
