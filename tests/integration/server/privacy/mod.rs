//! Personal data: the register against the live schema, access ("Mina uppgifter" and
//! `privacy export`), erasure and retention, each on SQLite and PostgreSQL. The person
//! built here has rows in every table that can hold someone's data.

use std::time::Duration;

mod access;
mod erasure;
mod purge;
mod register;

use bryggan::auth::password;
use bryggan::domain::{Email, Role};
use bryggan::store::audit::{self, Actor};
use bryggan::store::entities::scim_hold;
use bryggan::store::{self, report_queries, users};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, Statement};

use super::app::{PASSWORD, TestApp, hidden_field};
use super::assessment::{answer, with_assessment};
use super::org::{Org, import};
use crate::helpers::scalar;

pub const EMAIL: &str = "zoe.lindqvist@malmo.se";
pub const NAME: &str = "Zoë Lindqvist";
/// Found in the name and the address alike: no trace of either may be left.
pub const TRACE: &str = "lindqvist";

pub struct Person {
    pub id: i64,
    /// Signed in as the person.
    pub session: TestApp,
    pub certificate: String,
}

/// The command line, off the test's runtime, so the server in this process keeps
/// serving while the command waits for the database.
pub async fn bryggan(args: Vec<String>) -> std::process::Output {
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        crate::helpers::bryggan(&args)
    })
    .await
    .unwrap()
}

pub fn args(app: &TestApp, words: &[&str]) -> Vec<String> {
    let mut all: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
    all.push("--database-url".into());
    all.push(app.database_url.clone());
    all
}

pub async fn user_id(app: &TestApp, email: &str) -> i64 {
    users::find_by_email(&app.db, &Email::parse(email).unwrap())
        .await
        .unwrap()
        .unwrap()
        .id
}

/// Zoë, in the organisation of [`Org`]: imported from the staff file with a manager,
/// moved once, with someone who has her as manager, through the course with its
/// assessments (one failed quiz attempt), certified, sent a sign-in link, linked to an
/// identity provider, once held back by the deactivation guard, the subject of a role
/// change and of a waiting staff upload, and the author of an accessibility report that
/// names her.
pub async fn person_with_data_everywhere(app: &mut TestApp) -> Person {
    with_assessment(app).await;
    Org::build(app).await;
    import(
        app,
        &format!(
            "email,name,department,manager_email\n{EMAIL},{NAME},Malmö stad/Soc/Nord,hr@malmo.se\n\
             kollega@malmo.se,Kim Kollega,Malmö stad/Kultur,{EMAIL}\n"
        ),
    )
    .await;
    import(
        app,
        &format!(
            "email,name,department,manager_email\n{EMAIL},{NAME},Malmö stad/Soc/Syd,hr@malmo.se\n"
        ),
    )
    .await;
    let id = user_id(app, EMAIL).await;
    users::set_password(&app.db, id, &password::hash(PASSWORD).unwrap())
        .await
        .unwrap();
    let now = chrono::Utc::now();
    bryggan::hr::apply_assignments(&app.db, now, 30)
        .await
        .unwrap();

    let session = app.another_visitor();
    session.sign_in(EMAIL).await;
    assert_eq!(answer(&session, "before", 1, "1", "2").await.status(), 303);
    for lesson in ["forsta", "andra"] {
        let page = session
            .get_html(&format!("/courses/provkurs/{lesson}"))
            .await;
        let csrf = hidden_field(&page, "csrf");
        let done = session
            .post_form(
                &format!("/courses/provkurs/{lesson}/done"),
                &[("csrf", &csrf)],
            )
            .await;
        assert_eq!(done.status(), 303);
    }
    let page = session.get_html("/courses/provkurs/forsta").await;
    let feedback = session
        .post_form(
            "/courses/provkurs/forsta/feedback",
            &[
                ("csrf", &hidden_field(&page, "csrf")),
                ("helpful", "yes"),
                ("comment", &format!("Bra lektion, hälsar {NAME}.")),
            ],
        )
        .await;
    assert_eq!(feedback.status(), 303);
    for (attempt, tolk) in [("1", "a"), ("2", "b")] {
        let quiz = session.get_html("/courses/provkurs/quiz").await;
        let csrf = hidden_field(&quiz, "csrf");
        let sent = session
            .post_form(
                "/courses/provkurs/quiz/answers",
                &[
                    ("csrf", &csrf),
                    ("attempt", attempt),
                    ("q.tolk", tolk),
                    ("q.klarsprak", "a"),
                    ("q.klarsprak", "b"),
                ],
            )
            .await;
        assert_eq!(sent.status(), 303, "quiz attempt {attempt}");
    }
    assert_eq!(answer(&session, "after", 2, "3", "2").await.status(), 303);
    let certificate = store::certificates::of_user(&app.db, id)
        .await
        .unwrap()
        .first()
        .expect("a certificate on completion")
        .code
        .clone();

    let visitor = app.another_visitor();
    let csrf = visitor.csrf().await;
    let sent = visitor
        .post_form("/sign-in/link", &[("csrf", &csrf), ("email", EMAIL)])
        .await;
    assert!(sent.status().is_success() || sent.status() == 303);
    store::sso::link(
        &app.db,
        "https://login.example/tenant",
        "sub-zoe-1",
        id,
        now,
    )
    .await
    .unwrap();
    scim_hold::Entity::insert(scim_hold::ActiveModel {
        user_id: Set(id),
        requested_at: Set(now),
        via: Set("patch".into()),
        token_name: Set("entra".into()),
        status: Set("rejected".into()),
        decided_at: Set(Some(now)),
        decided_by: Set(Some("admin@malmo.se".into())),
        ..Default::default()
    })
    .exec_without_returning(&app.db)
    .await
    .unwrap();
    let zoe = users::find(&app.db, id).await.unwrap().unwrap();
    users::set_role(
        &app.db,
        &zoe,
        Role::Trainer,
        None,
        &Actor::command_line(),
        now,
    )
    .await
    .unwrap();
    let csrf = session.csrf().await;
    let reported = session
        .post_form(
            "/tillganglighet",
            &[
                ("csrf", &csrf),
                ("text", &format!("Jag, {NAME}, kan inte läsa diagrammet.")),
                ("page", "/hr"),
                ("reply_to", EMAIL),
            ],
        )
        .await;
    assert!(reported.status().is_success() || reported.status() == 303);
    audit::record(
        &app.db,
        &Actor::command_line(),
        "test.about",
        serde_json::json!({"user": EMAIL}),
        now,
    )
    .await
    .unwrap();
    let hr = app.another_visitor();
    hr.sign_in("hr@malmo.se").await;
    let csrf = hr.csrf().await;
    let form = reqwest::multipart::Form::new().text("csrf", csrf).part(
        "file",
        reqwest::multipart::Part::bytes(
            format!("email,name,department\n{EMAIL},{NAME},Malmö stad/Soc/Syd\n").into_bytes(),
        )
        .file_name("personal.csv"),
    );
    let uploaded = hr
        .client
        .post(hr.url("/hr/import"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.status(), 200, "a staff file waits to be applied");
    Person {
        id,
        session,
        certificate,
    }
}

/// The mail worker has handed every queued message on.
pub async fn outbox_settled(app: &TestApp) {
    for _ in 0..500 {
        if scalar(
            &app.db,
            "SELECT COUNT(*) FROM outbox WHERE status = 'pending'",
        )
        .await
            == 0
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the mail worker never emptied the outbox");
}

/// Deactivates the person as leaving staff are, with the counts rebuilt.
pub async fn leaves(app: &TestApp, id: i64) {
    store::directory::deactivate(&app.db, id, false, chrono::Utc::now())
        .await
        .unwrap();
    report_queries::rebuild_counts(&app.db).await.unwrap();
}

/// What HR and the coordination body see: the dashboard and the evaluation export.
pub async fn figures(app: &TestApp) -> (String, String) {
    let hr = app.another_visitor();
    hr.sign_in("hr@malmo.se").await;
    let dashboard = hr.get_html("/hr").await;
    let csv = hr.get("/hr/evaluation.csv?course=provkurs").await;
    assert_eq!(csv.status(), 200);
    let csv = csv.text().await.unwrap();
    // The page's own form token differs per visitor; the figures are what matter.
    let token = hidden_field(&dashboard, "csrf");
    (dashboard.replace(&token, "[csrf]"), csv)
}

/// Every value of every table as text (blobs decoded), and the database's own dump
/// (`sqlite3 .dump`, `pg_dump`) where the tool is installed, lower-cased.
pub async fn dump(app: &TestApp) -> String {
    let backend = app.db.get_database_backend();
    let mut out = String::new();
    for (table, column) in register::live_columns(app).await {
        // Blobs come out as hexadecimal (`\x…` or `X'…'`) and are decoded too.
        let cast = match backend {
            sea_orm::DbBackend::Postgres => format!("SELECT \"{column}\"::text FROM \"{table}\""),
            _ => format!("SELECT quote(\"{column}\") FROM \"{table}\""),
        };
        for row in app
            .db
            .query_all_raw(Statement::from_string(backend, cast))
            .await
            .unwrap()
        {
            let Ok(Some(value)) = row.try_get_by_index::<Option<String>>(0) else {
                continue;
            };
            let blob = value
                .strip_prefix("\\x")
                .or_else(|| value.strip_prefix("X'").and_then(|v| v.strip_suffix('\'')));
            if let Some(bytes) = blob.and_then(unhex) {
                out.push_str(&String::from_utf8_lossy(&bytes));
                out.push('\n');
            }
            out.push_str(&value);
            out.push('\n');
        }
    }
    let tool = match backend {
        sea_orm::DbBackend::Postgres => std::process::Command::new("pg_dump")
            .arg(&app.database_url)
            .output(),
        _ => {
            let file = app
                .database_url
                .trim_start_matches("sqlite://")
                .split('?')
                .next()
                .unwrap()
                .to_owned();
            std::process::Command::new("sqlite3")
                .arg(file)
                .arg(".dump")
                .output()
        }
    };
    match tool {
        Ok(output) if output.status.success() => {
            // pg_dump guards its output with a key made anew on every run.
            for line in String::from_utf8_lossy(&output.stdout).lines() {
                if !line.starts_with("\\restrict") && !line.starts_with("\\unrestrict") {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        other => {
            // CI installs the tools and requires them; elsewhere the in-process dump of
            // every value stands alone.
            assert!(
                std::env::var_os("BRYGGAN_REQUIRE_DUMP_TOOLS").is_none(),
                "sqlite3 or pg_dump did not run: {other:?}"
            );
            eprintln!("no sqlite3/pg_dump here: the in-process dump stands alone");
        }
    }
    out.to_lowercase()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    text.len()
        .is_multiple_of(2)
        .then(|| {
            (0..text.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
                .collect::<Option<Vec<u8>>>()
        })
        .flatten()
}

/// The hexadecimal spelling of `text`, as dumps write blobs.
pub fn hex(text: &str) -> String {
    text.bytes().map(|b| format!("{b:02x}")).collect()
}
