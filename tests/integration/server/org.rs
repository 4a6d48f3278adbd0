//! A small organisation for the HR tests: two department trees, people with sign-in,
//! a scoped and an unscoped HR officer, an admin, and the fixture course assigned to all.
//!
//! ```text
//! Malmö stad ─┬─ Soc ─┬─ Nord   anna (completed), cecilia (in progress)
//!             │       └─ Syd    bo (not started)
//!             └─ Kultur         kim (not started)
//! ```

use bryggan::domain::{DueRule, Role};
use bryggan::store::audit::Actor;
use bryggan::store::{self, assignments, learning, staff, users};

use super::app::TestApp;

pub const STAFF: &str = "email,name,department\n\
hr-soc@malmo.se,Hanna Soc,Malmö stad/Soc\n\
anna@malmo.se,Anna Nord,Malmö stad/Soc/Nord\n\
cecilia@malmo.se,Cecilia Nord,Malmö stad/Soc/Nord\n\
bo@malmo.se,Bo Syd,Malmö stad/Soc/Syd\n\
kim@malmo.se,Kim Kultur,Malmö stad/Kultur\n";

pub struct Org {
    pub soc: i64,
    pub nord: i64,
    pub kultur: i64,
}

pub async fn department(app: &TestApp, path: &str) -> i64 {
    users::find_department(&app.db, path)
        .await
        .unwrap()
        .unwrap()
}

pub async fn import(app: &TestApp, csv: &str) {
    let file = bryggan::staff::parse(csv.as_bytes()).unwrap();
    staff::import(
        &app.db,
        &file,
        staff::ImportOptions::default(),
        &Actor::command_line(),
        chrono::Utc::now(),
        &|_| {},
    )
    .await
    .unwrap();
}

pub async fn enrolment_of(app: &TestApp, email: &str) -> learning::Enrolment {
    let user = users::find_by_email(&app.db, &bryggan::domain::Email::parse(email).unwrap())
        .await
        .unwrap()
        .unwrap();
    let course = store::courses::find_by_slug(&app.db, "provkurs")
        .await
        .unwrap()
        .unwrap();
    learning::enrolment(&app.db, user.id, course.id)
        .await
        .unwrap()
        .unwrap()
}

impl Org {
    pub async fn build(app: &TestApp) -> Org {
        for (email, role) in [
            ("hr-soc@malmo.se", Role::Hr),
            ("hr@malmo.se", Role::Hr),
            ("admin@malmo.se", Role::Admin),
            ("anna@malmo.se", Role::Learner),
            ("kim@malmo.se", Role::Learner),
        ] {
            app.add_user(email, role).await;
        }
        import(app, STAFF).await;
        let soc = department(app, "Malmö stad/Soc").await;
        let nord = department(app, "Malmö stad/Soc/Nord").await;
        let kultur = department(app, "Malmö stad/Kultur").await;
        let hr_soc = users::find_by_email(
            &app.db,
            &bryggan::domain::Email::parse("hr-soc@malmo.se").unwrap(),
        )
        .await
        .unwrap()
        .unwrap();
        let now = chrono::Utc::now();
        users::set_role(
            &app.db,
            &hr_soc,
            Role::Hr,
            Some(soc),
            &Actor::command_line(),
            now,
        )
        .await
        .unwrap();
        let course = store::courses::find_by_slug(&app.db, "provkurs")
            .await
            .unwrap()
            .unwrap();
        let due = now.date_naive() + chrono::Days::new(30);
        assignments::create(
            &app.db,
            course.id,
            Some(department(app, "Malmö stad").await),
            DueRule::Fixed(due),
            &Actor::command_line(),
            now,
        )
        .await
        .unwrap();
        bryggan::hr::apply_assignments(&app.db, now, 30)
            .await
            .unwrap();
        let anna = enrolment_of(app, "anna@malmo.se").await;
        bryggan::learning::start_enrolment(&app.db, &anna, now)
            .await
            .unwrap();
        bryggan::learning::complete_enrolment(&app.db, anna.id, now)
            .await
            .unwrap();
        let cecilia = enrolment_of(app, "cecilia@malmo.se").await;
        bryggan::learning::start_enrolment(&app.db, &cecilia, now)
            .await
            .unwrap();
        Org { soc, nord, kultur }
    }
}
