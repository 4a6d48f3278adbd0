//! The reminder run: each notice and reminder is queued once for its reason, however often
//! the run runs; never for a completed enrolment or to someone who has left; in each
//! recipient's language; managers get one digest a week.

use bryggan::config::ReminderSettings;
use bryggan::course::{CompileOptions, compile_all};
use bryggan::domain::DueRule;
use bryggan::mail::templates::EmailTemplates;
use bryggan::reminders::{Reminders, Summary};
use bryggan::store::{self, audit::Actor, staff};
use chrono::{DateTime, Days, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

use crate::helpers::repo_path;

const STAFF: &str = "email,name,department,manager_email,locale\n\
anna@malmo.se,Anna Berg,Malmö stad/Soc,chef@malmo.se,sv\n\
bo@malmo.se,Bo Ek,Malmö stad/Soc,chef@malmo.se,en\n\
cilla@malmo.se,Cilla Dahl,Malmö stad/Stadskontoret,,sv\n\
chef@malmo.se,Chef Chefsson,Malmö stad/Soc,,sv\n";

struct Org {
    _dir: tempfile::TempDir,
    url: String,
    db: DatabaseConnection,
    emails: EmailTemplates,
    now: DateTime<Utc>,
    due: NaiveDate,
}

/// A fixed calendar, never the real date: the run on a Tuesday assigns a course due on
/// Monday 23 February 2026, so due+1 and due+3 fall in one ISO week and due+9 in the next.
fn start() -> DateTime<Utc> {
    at(NaiveDate::from_ymd_opt(2026, 2, 3).unwrap())
}

/// Four people, the fixture course assigned to everyone, due in 20 days, on the fixed
/// calendar.
async fn org() -> Org {
    org_from(start()).await
}

/// The same, from `now`.
async fn org_from(now: DateTime<Utc>) -> Org {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::server::app::fresh_database(dir.path()).await;
    let db = store::connect(&url).await.unwrap();
    let compiled = compile_all(
        &repo_path("tests/fixtures/courses"),
        &CompileOptions::default(),
    )
    .unwrap();
    store::courses::register(&db, &compiled, now).await.unwrap();
    import(&db, STAFF, false).await;
    let course = store::courses::find_by_slug(&db, "provkurs")
        .await
        .unwrap()
        .unwrap();
    let due = now.date_naive() + Days::new(20);
    let actor = Actor::command_line();
    store::assignments::create(&db, course.id, None, DueRule::Fixed(due), &actor, now)
        .await
        .unwrap();
    bryggan::hr::apply_assignments(&db, now, 30).await.unwrap();
    Org {
        _dir: dir,
        url,
        db,
        emails: EmailTemplates::load().unwrap(),
        now,
        due,
    }
}

async fn import(db: &DatabaseConnection, csv: &str, deactivate_missing: bool) {
    let file = bryggan::staff::parse(csv.as_bytes()).unwrap();
    let options = staff::ImportOptions {
        deactivate_missing,
        ..Default::default()
    };
    staff::import(db, &file, options, &Actor::command_line(), start(), &|_| {})
        .await
        .unwrap();
}

fn at(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(7, 0, 0).unwrap().and_utc()
}

impl Org {
    async fn run(&self, now: DateTime<Utc>) -> Summary {
        let settings = ReminderSettings::default();
        Reminders {
            settings: &settings,
            emails: &self.emails,
            public_url: "https://bryggan.test",
        }
        .run(&self.db, now)
        .await
        .unwrap()
    }

    async fn day(&self, offset_from_due: i64) -> DateTime<Utc> {
        at(self.due + chrono::Duration::days(offset_from_due))
    }

    async fn outbox(&self, condition: &str) -> Vec<(String, String, String, String)> {
        let rows = self
            .db
            .query_all_raw(Statement::from_string(
                self.db.get_database_backend(),
                format!(
                    "SELECT dedup_key, recipient, subject, status FROM outbox WHERE {condition} ORDER BY id"
                ),
            ))
            .await
            .unwrap();
        rows.iter()
            .map(|r| {
                (
                    r.try_get("", "dedup_key").unwrap(),
                    r.try_get("", "recipient").unwrap(),
                    r.try_get("", "subject").unwrap(),
                    r.try_get("", "status").unwrap(),
                )
            })
            .collect()
    }

    async fn enrolment_of(&self, email: &str) -> i64 {
        let row = self
            .db
            .query_one_raw(Statement::from_string(
                self.db.get_database_backend(),
                format!(
                    "SELECT e.id FROM enrolments e JOIN users u ON u.id = e.user_id WHERE u.email = '{email}'"
                ),
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get("", "id").unwrap()
    }
}

/// After a run on `now`, the candidate queries find nothing: the keys they build in SQL
/// match the keys the run wrote.
async fn nothing_left(org: &Org, now: DateTime<Utc>) {
    use bryggan::reminders::{NOTICE_WINDOW, plan};
    use bryggan::store::reminders as candidates;
    let today = now.date_naive();
    let db = &org.db;
    let settings = ReminderSettings::default();
    assert!(
        candidates::newly_assigned(db, now - NOTICE_WINDOW, today)
            .await
            .unwrap()
            .is_empty()
    );
    let horizon = plan::due_soon_horizon(today, &settings);
    let soon = candidates::due_between(db, today, horizon).await.unwrap();
    assert!(soon.iter().all(|e| !plan::owes_due_soon(
        e.enrolled_at,
        e.due_date.unwrap(),
        &settings
    )));
    assert!(
        candidates::overdue(db, today, settings.overdue_every_days)
            .await
            .unwrap()
            .is_empty()
    );
    let week = plan::iso_week(today);
    assert!(
        candidates::overdue_for_digest(db, today, &week)
            .await
            .unwrap()
            .is_empty()
    );
}

fn summary(assigned: u64, due_soon: u64, overdue: u64, digests: u64) -> Summary {
    Summary {
        assigned,
        due_soon,
        overdue,
        digests,
        expiry: 0,
    }
}

#[tokio::test]
async fn each_notice_and_reminder_is_queued_once_however_often_the_run_runs() {
    let org = org().await;
    assert_eq!(org.run(org.now).await, summary(4, 0, 0, 0));
    nothing_left(&org, org.now).await;
    assert_eq!(org.run(org.now).await, Summary::default());

    assert_eq!(org.run(org.day(-5).await).await, summary(0, 4, 0, 0));
    nothing_left(&org, org.day(-5).await).await;
    assert_eq!(org.run(org.day(-3).await).await, Summary::default());

    // Overdue: one reminder a week, and the manager's digest once a week.
    assert_eq!(org.run(org.day(1).await).await, summary(0, 0, 4, 1));
    nothing_left(&org, org.day(1).await).await;
    assert_eq!(org.run(org.day(3).await).await, Summary::default());
    assert_eq!(org.run(org.day(9).await).await, summary(0, 0, 4, 1));
    nothing_left(&org, org.day(9).await).await;
    assert_eq!(org.outbox("1 = 1").await.len(), 4 + 4 + 4 + 1 + 4 + 1);
    let digests = org.outbox("dedup_key LIKE 'digest:%'").await;
    assert!(digests.iter().all(|(_, to, _, _)| to == "chef@malmo.se"));
}

#[tokio::test]
async fn no_reminder_reaches_a_completed_enrolment_or_someone_who_has_left() {
    let org = org().await;
    assert_eq!(org.run(org.now).await.assigned, 4);
    // Anna completes; Cilla leaves (the next staff file does not list her).
    let anna = org.enrolment_of("anna@malmo.se").await;
    assert!(
        bryggan::learning::complete_enrolment(&org.db, anna, org.now)
            .await
            .unwrap()
    );
    let without_cilla: String = STAFF
        .lines()
        .filter(|l| !l.starts_with("cilla"))
        .map(|l| format!("{l}\n"))
        .collect();
    import(&org.db, &without_cilla, true).await;
    // Their notices, still waiting for the relay, are withdrawn.
    let cancelled = org.outbox("status = 'cancelled'").await;
    let mut withdrawn: Vec<&str> = cancelled.iter().map(|(_, to, _, _)| to.as_str()).collect();
    withdrawn.sort();
    assert_eq!(withdrawn, ["anna@malmo.se", "cilla@malmo.se"]);

    let overdue = org.run(org.day(1).await).await;
    assert_eq!(overdue, summary(0, 0, 2, 1));
    let reminded: Vec<String> = org
        .outbox("dedup_key LIKE 'overdue:%'")
        .await
        .into_iter()
        .map(|(_, to, _, _)| to)
        .collect();
    assert_eq!(reminded, ["bo@malmo.se", "chef@malmo.se"]);
    let digest = org
        .db
        .query_one_raw(Statement::from_string(
            org.db.get_database_backend(),
            "SELECT text_body FROM outbox WHERE dedup_key LIKE 'digest:%'",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<String>("", "text_body")
        .unwrap();
    assert!(
        digest.contains("Bo Ek") && !digest.contains("Anna Berg"),
        "{digest}"
    );
}

#[tokio::test]
async fn reminders_are_written_in_each_recipients_language() {
    let org = org().await;
    org.run(org.now).await;
    let notices = org.outbox("dedup_key LIKE 'assigned:%'").await;
    let subject_of = |who: &str| {
        notices
            .iter()
            .find(|(_, to, _, _)| to == who)
            .map(|(_, _, subject, _)| subject.clone())
            .unwrap()
    };
    assert_eq!(subject_of("bo@malmo.se"), "A new course for you: Provkurs");
    assert_eq!(subject_of("anna@malmo.se"), "Ny kurs för dig: Provkurs");
}

#[tokio::test]
async fn a_notice_is_not_sent_for_assignments_older_than_a_week() {
    let org = org().await;
    let later = org.now + chrono::Duration::days(8);
    assert_eq!(org.run(later).await.assigned, 0);
}

#[tokio::test]
async fn reminders_run_from_the_command_line_queue_once_and_say_what_they_queued() {
    // The command runs on the real date, so the course is assigned on it too.
    let org = org_from(Utc::now()).await;
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_bryggan"))
            .args(["reminders", "run", "--public-url", "https://bryggan.test/"])
            .env("DATABASE_URL", &org.url)
            .output()
            .unwrap()
    };
    let first = run();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let said = String::from_utf8_lossy(&first.stdout);
    assert!(
        said.contains("Queued 4 messages") && said.contains("4 assignment notices"),
        "{said}"
    );
    let links = org.outbox("dedup_key LIKE 'assigned:%'").await;
    assert_eq!(links.len(), 4);
    let body = org
        .db
        .query_one_raw(Statement::from_string(
            org.db.get_database_backend(),
            "SELECT text_body FROM outbox ORDER BY id LIMIT 1",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<String>("", "text_body")
        .unwrap();
    assert!(
        body.contains("https://bryggan.test/courses/provkurs\n"),
        "{body}"
    );
    let again = run();
    assert!(String::from_utf8_lossy(&again.stdout).contains("Queued 0 messages"));
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_bryggan"))
        .args(["reminders", "run"])
        .env("DATABASE_URL", &org.url)
        .env_remove("BRYGGAN_PUBLIC_URL")
        .output()
        .unwrap();
    assert!(
        !bad.status.success(),
        "the public URL is required for the links"
    );
    assert_eq!(org.outbox("1 = 1").await.len(), 4);
}
