//! Migrations that carry data forward, run on a database that has it.

use bryggan::domain::{Email, EnrolmentSource, Language, Role};
use bryggan::store::learning::{self, NewAttempt, NewEnrolment};
use bryggan::store::users::NewUser;
use bryggan::store::{assessments, courses};
use migrations::{Migrator, MigratorTrait};

use crate::helpers::repo_path;
use crate::server::app::empty_database;

/// An account written with only the columns the old schema has: `users::create` reads the
/// row back with today's columns.
async fn create_on_old_schema(
    db: &sea_orm::DatabaseConnection,
    new: NewUser,
    now: chrono::DateTime<chrono::Utc>,
) -> Ids {
    use bryggan::store::entities::user;
    use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
    let email = new.email.clone();
    user::Entity::insert(user::ActiveModel {
        email: Set(new.email),
        name: Set(new.name),
        role: Set(new.role),
        locale: Set(new.locale),
        department_id: Set(new.department_id),
        password_hash: Set(new.password_hash),
        active: Set(true),
        token_generation: Set(0),
        failed_sign_ins: Set(0),
        created_at: Set(now),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await
    .unwrap();
    let id = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::Email.eq(email.as_str()))
        .into_tuple::<i64>()
        .one(db)
        .await
        .unwrap()
        .unwrap();
    Ids { id }
}

struct Ids {
    id: i64,
}

#[tokio::test]
async fn first_quiz_attempts_made_before_the_assessment_migration_are_counted_by_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = sea_orm::Database::connect(empty_database(dir.path()).await)
        .await
        .unwrap();
    // The schema before item counts existed, with a course and attempts in it.
    Migrator::up(&db, Some(7)).await.unwrap();
    bryggan::app::publish_courses(&db, &repo_path("tests/fixtures/courses"))
        .await
        .unwrap();
    let course = courses::find_by_slug(&db, "provkurs")
        .await
        .unwrap()
        .unwrap();
    let now = chrono::Utc::now();
    let attempts = [
        (
            "a@kommun.se",
            r#"{"klarsprak":["a","b"],"tolk":["b"]}"#,
            true,
        ),
        ("b@kommun.se", r#"{"klarsprak":["a"],"tolk":["a"]}"#, false),
    ];
    for (email, answers, passed) in attempts {
        let new = NewUser {
            email: Email::parse(email).unwrap(),
            name: email.to_owned(),
            role: Role::Learner,
            locale: Language::Sv,
            department_id: None,
            password_hash: None,
        };
        let user = create_on_old_schema(&db, new, now).await;
        let version = course.current_version_id.unwrap();
        let new = NewEnrolment {
            user_id: user.id,
            course_id: course.id,
            version_id: version,
            cycle: 1,
            source: EnrolmentSource::SelfEnrolled,
            due_date: None,
            assignment_id: None,
        };
        let enrolment = bryggan::learning::enrol_on(&db, new, now).await.unwrap();
        for number in [1, 2] {
            // Only the first attempt counts: the second follows the feedback.
            let answers_json = if number == 1 {
                answers
            } else {
                r#"{"klarsprak":["c"],"tolk":["a"]}"#
            };
            let attempt = NewAttempt {
                enrolment_id: enrolment.id,
                lesson: "quiz",
                number,
                answers_json: answers_json.to_owned(),
                score: if passed { 100 } else { 0 },
                passed,
            };
            learning::insert_attempt(&db, attempt, now)
                .await
                .unwrap()
                .unwrap();
        }
    }

    Migrator::up(&db, None).await.unwrap();

    let mut counts: Vec<(String, String, bool, u64)> = assessments::item_counts(&db, course.id)
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.question, c.option, c.passed, c.n))
        .collect();
    counts.sort();
    let expected: Vec<(String, String, bool, u64)> = [
        ("klarsprak", "", false, 1),
        ("klarsprak", "", true, 1),
        ("klarsprak", "a", false, 1),
        ("klarsprak", "a", true, 1),
        ("klarsprak", "b", true, 1),
        ("tolk", "", false, 1),
        ("tolk", "", true, 1),
        ("tolk", "a", false, 1),
        ("tolk", "b", true, 1),
    ]
    .into_iter()
    .map(|(q, o, p, n)| (q.to_owned(), o.to_owned(), p, n))
    .collect();
    assert_eq!(counts, expected);
}
