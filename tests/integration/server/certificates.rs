//! Certificates end to end, through a real SMTP server on loopback: issued on completion,
//! attached as a PDF that names the person, checked at /verify, downloadable by the
//! holder only, revoked by an admin, superseded by a recertification, and delivered
//! exactly once even when the relay was down at the time.

use std::time::Duration;

use bryggan::auth::password;
use bryggan::domain::{Email, Language, Role};
use bryggan::store::users::{self, NewUser};
use sea_orm::ConnectionTrait;

use super::app::{PASSWORD, TestApp, hidden_field};
use crate::mime;
use crate::smtp_sink::{Received, SmtpSink, closed_port};

pub async fn add_person(app: &TestApp, email: &str, name: &str, locale: Language) -> i64 {
    let new = NewUser {
        email: Email::parse(email).unwrap(),
        name: name.to_owned(),
        role: Role::Learner,
        locale,
        department_id: None,
        password_hash: Some(password::hash(PASSWORD).unwrap()),
    };
    users::create(&app.db, new, chrono::Utc::now())
        .await
        .unwrap()
        .id
}

/// Signs `email` in as a new visitor and takes the fixture course to the end.
pub async fn complete_course(app: &TestApp, email: &str) -> TestApp {
    complete(app, email, "provkurs").await
}

/// The same for a copy of the fixture course under another name.
pub async fn complete(app: &TestApp, email: &str, slug: &str) -> TestApp {
    let learner = app.another_visitor();
    learner.sign_in(email).await;
    let csrf = learner.csrf().await;
    learner
        .post_form(&format!("/courses/{slug}/enrol"), &[("csrf", &csrf)])
        .await;
    for lesson in ["forsta", "andra"] {
        let done = learner
            .post_form(
                &format!("/courses/{slug}/{lesson}/done"),
                &[("csrf", &csrf)],
            )
            .await;
        assert_eq!(done.status(), 303);
    }
    let quiz = learner.get_html(&format!("/courses/{slug}/quiz")).await;
    let attempt = hidden_field(&quiz, "attempt");
    let passed = learner
        .post_form(
            &format!("/courses/{slug}/quiz/answers"),
            &[
                ("csrf", &csrf),
                ("attempt", &attempt),
                ("q.tolk", "b"),
                ("q.klarsprak", "a"),
                ("q.klarsprak", "b"),
            ],
        )
        .await;
    assert_eq!(passed.status(), 303);
    learner
}

pub async fn delivered(sink: &SmtpSink, n: usize) -> Vec<Received> {
    for _ in 0..150 {
        if sink.messages().len() >= n {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    sink.messages()
}

async fn codes(app: &TestApp) -> Vec<String> {
    let rows = app
        .db
        .query_all_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            "SELECT code FROM certificates ORDER BY id",
        ))
        .await
        .unwrap();
    rows.iter()
        .map(|r| r.try_get::<String>("", "code").unwrap())
        .collect()
}

fn pdf_of(message: &Received) -> Vec<u8> {
    mime::parts(&message.data)
        .into_iter()
        .find(|p| p.content_type().starts_with("application/pdf"))
        .expect("a PDF attachment")
        .body
}

/// The message as a reader sees it: its main headers and each part decoded, with what
/// changes from run to run (dates, the code, the server's port, boundaries) redacted and
/// the PDF summarised.
fn readable(message: &Received, code: &str, address: &str) -> String {
    let today = chrono::Utc::now().date_naive();
    let dates = [
        bryggan::certificates::long_date(today, Language::Sv),
        bryggan::certificates::long_date(
            today.checked_add_months(chrono::Months::new(12)).unwrap(),
            Language::Sv,
        ),
    ];
    let redact = |text: &str| {
        let mut text = text
            .replace(code, "[code]")
            .replace(address, "[server]")
            .replace("\r\n", "\n");
        for date in &dates {
            text = text.replace(date.as_str(), "[date]");
        }
        text
    };
    let mut out = String::new();
    for name in ["From", "To", "Subject", "MIME-Version"] {
        let value = mime::header(&message.data, name).unwrap_or_default();
        out.push_str(&format!("{name}: {}\n", redact(&value)));
    }
    for part in mime::parts(&message.data) {
        let content_type = part.content_type();
        out.push_str(&format!(
            "\n--- {}\n",
            content_type.split(';').next().unwrap()
        ));
        if content_type.starts_with("application/pdf") {
            out.push_str(&format!(
                "[PDF, {} bytes]\n",
                if part.body.len() > 10_000 {
                    "over 10 000"
                } else {
                    "under 10 000"
                }
            ));
        } else {
            out.push_str(&redact(&part.text()));
        }
    }
    out
}

#[tokio::test]
async fn completing_a_course_emails_a_certificate_whose_pdf_names_the_learner_and_its_code() {
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with_smtp(Some(sink.url())).await;
    add_person(&app, "zoe@malmo.se", "Zoë Nguyễn", Language::Sv).await;
    complete_course(&app, "zoe@malmo.se").await;

    let messages = delivered(&sink, 1).await;
    assert_eq!(messages.len(), 1);
    let message = &messages[0];
    assert_eq!(message.to, ["<zoe@malmo.se>"]);
    let [code] = codes(&app).await.try_into().expect("one certificate");
    let text = mime::plain_text(&message.data);
    assert!(
        text.contains("Hej Zoë Nguyễn!") && text.contains("Provkurs"),
        "{text}"
    );
    assert!(text.contains(&format!("/verify/{code}")), "{text}");
    let pdf = pdf_of(message);
    assert!(pdf.starts_with(b"%PDF-"));
    let printed = pdf_extract::extract_text_from_mem(&pdf).unwrap();
    for part in ["Zoë Nguyễn", "Provkurs", "Malmö stad", code.as_str()] {
        assert!(printed.contains(part), "{part} not in {printed:?}");
    }
    let disposition = mime::parts(&message.data)
        .into_iter()
        .find(|p| p.content_type().starts_with("application/pdf"))
        .and_then(|p| mime::header(&p.headers, "Content-Disposition"))
        .unwrap();
    assert!(
        disposition.contains(&format!("intyg-{code}.pdf")),
        "{disposition}"
    );

    insta::assert_snapshot!("certificate_email", readable(message, &code, &app.address));

    // The link in the mail works for anyone, and says no more than name and course.
    let link = text
        .split_whitespace()
        .find(|w| w.contains("/verify/"))
        .unwrap();
    bryggan::sso::install_tls_crypto();
    let anyone = reqwest::get(link).await.unwrap();
    assert_eq!(anyone.status(), 200);
    assert_eq!(anyone.headers()["x-robots-tag"], "noindex");
    let page = anyone.text().await.unwrap();
    assert!(
        page.contains("Intyget är giltigt.") && page.contains("Zoë Nguyễn"),
        "{page}"
    );
    assert!(
        !page.contains("zoe@malmo.se"),
        "no email address on the public page"
    );
}

#[tokio::test]
async fn the_holder_downloads_the_pdf_and_nobody_else_can() {
    let app = TestApp::spawn().await;
    add_person(&app, "oyvind@malmo.se", "Øyvind Ødegård", Language::En).await;
    add_person(&app, "other@malmo.se", "Someone Else", Language::Sv).await;
    let holder = complete_course(&app, "oyvind@malmo.se").await;
    let [code] = codes(&app).await.try_into().expect("one certificate");

    let mine = holder.get_html("/courses").await;
    assert!(
        mine.contains(&format!("/certificates/{code}.pdf")),
        "{mine}"
    );
    let response = holder.get(&format!("/certificates/{code}.pdf")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let printed = pdf_extract::extract_text_from_mem(&response.bytes().await.unwrap()).unwrap();
    assert!(
        printed.contains("Øyvind Ødegård") && printed.contains("Certificate"),
        "{printed}"
    );

    let other = app.another_visitor();
    other.sign_in("other@malmo.se").await;
    assert_eq!(
        other
            .get(&format!("/certificates/{code}.pdf"))
            .await
            .status(),
        404
    );
    let anonymous = app.another_visitor();
    assert_eq!(
        anonymous
            .get(&format!("/certificates/{code}.pdf"))
            .await
            .status(),
        303
    );
}

#[tokio::test]
async fn a_malformed_or_unknown_code_is_answered_plainly() {
    let app = TestApp::spawn().await;
    let form = app.get_html("/verify").await;
    assert!(form.contains("name=\"code\""), "{form}");
    let typed_wrong = app.get("/verify?code=fel").await;
    assert_eq!(typed_wrong.status(), 400);
    assert!(
        typed_wrong
            .text()
            .await
            .unwrap()
            .contains("aria-invalid=\"true\"")
    );
    let malformed = app.get("/verify/not-a-code").await;
    assert_eq!(malformed.status(), 400);
    assert!(malformed.text().await.unwrap().contains("tolv bokstäver"));
    let unknown = app.get("/verify/0000-0000-0000").await;
    assert_eq!(unknown.status(), 404);
    assert!(
        unknown
            .text()
            .await
            .unwrap()
            .contains("Det finns inget intyg")
    );
    // A code typed from paper, in lower case and without dashes, finds its page.
    let typed = app.get("/verify?code=7k3m+q9tr+2xwd").await;
    assert_eq!(typed.status(), 303);
    assert_eq!(typed.headers()["location"], "/verify/7K3M-Q9TR-2XWD");
}

#[tokio::test]
async fn an_admin_revokes_a_certificate_with_a_reason_and_the_check_page_says_so() {
    let app = TestApp::spawn().await;
    add_person(&app, "sukru@malmo.se", "Şükrü Çelik", Language::Sv).await;
    let learner = complete_course(&app, "sukru@malmo.se").await;
    let [code] = codes(&app).await.try_into().expect("one certificate");
    app.add_user("admin@malmo.se", Role::Admin).await;
    let admin = app.another_visitor();
    admin.sign_in("admin@malmo.se").await;
    let page = admin
        .get_html(&format!("/admin/certificates?code={code}"))
        .await;
    assert!(
        page.contains("Şükrü Çelik") && page.contains("Återkalla intyget"),
        "{page}"
    );
    let csrf = hidden_field(&page, "csrf");
    let revoke = format!("/admin/certificates/{code}/revoke");

    // A learner may not, a blank reason is refused, and neither writes anything.
    let csrf_learner = learner.csrf().await;
    let refused = learner
        .post_form(&revoke, &[("csrf", &csrf_learner), ("reason", "nej")])
        .await;
    assert_eq!(refused.status(), 403);
    let blank = admin
        .post_form(&revoke, &[("csrf", &csrf), ("reason", "   ")])
        .await;
    assert_eq!(blank.status(), 400);
    // The page again, not a bare error: the summary links to the field with its message.
    let again_page = blank.text().await.unwrap();
    assert!(again_page.contains("<title>Fel: "), "{again_page}");
    assert!(
        again_page.contains(r##"<a href="#f-reason">Skriv varför intyget återkallas"##),
        "{again_page}"
    );
    assert!(
        again_page
            .contains(r#"aria-describedby="f-reason-error f-reason-hint" aria-invalid="true""#),
        "{again_page}"
    );
    let too_long = "x".repeat(501);
    let long = admin
        .post_form(&revoke, &[("csrf", &csrf), ("reason", &too_long)])
        .await;
    assert_eq!(long.status(), 400);
    assert!(
        long.text().await.unwrap().contains(&too_long),
        "what was typed is kept"
    );
    assert_eq!(app.count("audit_log").await, 0);
    assert!(
        app.get_html(&format!("/verify/{code}"))
            .await
            .contains("Intyget är giltigt.")
    );

    let done = admin
        .post_form(
            &revoke,
            &[("csrf", &csrf), ("reason", "Utfärdat till fel person")],
        )
        .await;
    assert_eq!(done.status(), 303);
    let public = app.get_html(&format!("/verify/{code}")).await;
    assert!(public.contains("Intyget har återkallats"), "{public}");
    assert!(!public.contains("fel person"), "the reason stays internal");
    let audit = admin.get_html("/admin/audit").await;
    assert!(
        audit.contains("Intyg återkallat") && audit.contains(&code),
        "{audit}"
    );
    let again = admin
        .post_form(&revoke, &[("csrf", &csrf), ("reason", "igen")])
        .await;
    assert_eq!(again.status(), 409);
    assert_eq!(app.count("audit_log").await, 1);
    // The holder's page no longer offers it.
    assert!(!learner.get_html("/courses").await.contains(&code));
}

#[tokio::test]
async fn certificates_issued_while_the_relay_is_down_arrive_exactly_once_when_it_is_back() {
    let port = closed_port().await;
    let app = TestApp::spawn_with_smtp(Some(format!("smtp://127.0.0.1:{port}"))).await;
    let people = ["lukasz@malmo.se", "anna@malmo.se", "omar@malmo.se"];
    for (email, name) in people
        .iter()
        .zip(["Łukasz Żółć", "Anna Berg", "Omar Haddad"])
    {
        add_person(&app, email, name, Language::Sv).await;
        complete_course(&app, email).await;
    }
    // Wait until the worker has tried (and failed) every message at least once.
    for _ in 0..100 {
        let tried = app
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                app.db.get_database_backend(),
                "SELECT COUNT(*) AS n FROM outbox WHERE attempts > 0 AND status = 'pending'",
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get::<i64>("", "n")
            .unwrap();
        if tried == 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        codes(&app).await.len(),
        3,
        "completions did not wait for the relay"
    );

    let sink = SmtpSink::start_on(port).await;
    let messages = delivered(&sink, 3).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let messages_later = sink.messages();
    assert_eq!(messages.len(), 3);
    assert_eq!(messages_later.len(), 3, "nothing sent twice");
    let mut recipients: Vec<String> = messages_later.iter().map(|m| m.to.join(",")).collect();
    recipients.sort();
    assert_eq!(
        recipients,
        ["<anna@malmo.se>", "<lukasz@malmo.se>", "<omar@malmo.se>"]
    );
    for message in &messages_later {
        let printed = pdf_extract::extract_text_from_mem(&pdf_of(message)).unwrap();
        assert!(printed.contains("Provkurs"));
    }
}

#[tokio::test]
async fn a_recertification_issues_a_new_certificate_and_the_old_one_shows_as_superseded() {
    use bryggan::config::ReminderSettings;
    use bryggan::domain::DueRule;
    use bryggan::mail::templates::EmailTemplates;
    use bryggan::reminders::Reminders;
    use bryggan::store::{self, audit::Actor};

    let app = TestApp::spawn().await;
    add_person(&app, "lina@malmo.se", "Lina Holm", Language::Sv).await;
    complete_course(&app, "lina@malmo.se").await;
    let [first] = codes(&app).await.try_into().expect("one certificate");

    // The course is assigned to everyone; the new cycle opens before expiry.
    let course = store::courses::find_by_slug(&app.db, "provkurs")
        .await
        .unwrap()
        .unwrap();
    let actor = Actor::command_line();
    let now = chrono::Utc::now();
    let later = now + chrono::Duration::days(350);
    store::assignments::create(
        &app.db,
        course.id,
        None,
        DueRule::DaysAfterAssigned(30),
        &actor,
        now,
    )
    .await
    .unwrap();
    let applied = bryggan::hr::apply_assignments(&app.db, later, 30)
        .await
        .unwrap();
    assert_eq!(applied.recertifications, 1);

    let learner = complete_course(&app, "lina@malmo.se").await;
    let all = codes(&app).await;
    assert_eq!(all.len(), 2);
    let second = all[1].clone();
    assert_ne!(first, second);
    let old = app.get_html(&format!("/verify/{first}")).await;
    assert!(old.contains("ersatts av ett nyare intyg"), "{old}");
    let new = app.get_html(&format!("/verify/{second}")).await;
    assert!(new.contains("Intyget är giltigt."), "{new}");
    assert!(new.contains("<dd lang=\"sv\">Provkurs</dd>"), "{new}");
    // The holder's page offers the new one.
    let mine = learner.get_html("/courses").await;
    assert!(mine.contains(&second) && !mine.contains(&first), "{mine}");

    // Eleven months on, the expiry notice goes once, for the newest certificate only: both
    // run out the same day, but the superseded one is no longer the holder's to renew.
    let emails = EmailTemplates::load().unwrap();
    let settings = ReminderSettings::default();
    let reminders = Reminders {
        settings: &settings,
        emails: &emails,
        public_url: &app.address,
    };
    assert_eq!(reminders.run(&app.db, later).await.unwrap().expiry, 1);
    assert_eq!(reminders.run(&app.db, later).await.unwrap().expiry, 0);
    let notice = app
        .db
        .query_one_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            "SELECT k.code FROM outbox o JOIN certificates k ON o.dedup_key = 'expiry:' || CAST(k.id AS TEXT)",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<String>("", "code")
        .unwrap();
    assert_eq!(notice, second);
}

#[tokio::test]
async fn revoking_a_certificate_that_does_not_exist_is_not_found_and_writes_nothing() {
    let app = TestApp::spawn().await;
    app.add_user("admin@malmo.se", Role::Admin).await;
    let admin = app.another_visitor();
    admin.sign_in("admin@malmo.se").await;
    let csrf = admin.csrf().await;
    for code in ["0000-0000-0000", "not-a-code"] {
        let refused = admin
            .post_form(
                &format!("/admin/certificates/{code}/revoke"),
                &[("csrf", &csrf), ("reason", "fel")],
            )
            .await;
        assert_eq!(refused.status(), 404, "{code}");
    }
    assert_eq!(app.count("audit_log").await, 0);
    let page = admin
        .get_html("/admin/certificates?code=0000-0000-0000")
        .await;
    assert!(page.contains("Det finns inget intyg"), "{page}");
}
