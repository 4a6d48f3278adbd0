//! Staff upload and assignments through the HR pages: checked first, written only when
//! confirmed, refused (with nothing written) outside the officer's scope.

use reqwest::multipart::{Form, Part};
use sea_orm::ConnectionTrait;

use super::app::{TestApp, hidden_field};
use super::org::Org;

async fn upload(app: &TestApp, csv: &[u8], deactivate: bool) -> reqwest::Response {
    let csrf = app.csrf().await;
    let mut form = Form::new()
        .text("csrf", csrf)
        .part("file", Part::bytes(csv.to_vec()).file_name("personal.csv"));
    if deactivate {
        form = form.text("deactivate_missing", "on");
    }
    app.client
        .post(app.url("/hr/import"))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// The token in the preview's "apply" address: `/hr/import/<token>/apply`.
fn upload_token(html: &str) -> &str {
    html.split("/hr/import/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .expect("an apply address")
}

const NEWCOMERS: &str = "e-post;namn;avdelning\n\
dana@malmo.se;Dana Ny;Malmö stad/Soc/Nord\n\
erik@malmo.se;Erik Ny;Malmö stad/Fritid\n";

#[tokio::test]
async fn an_uploaded_staff_file_is_previewed_and_written_only_when_confirmed() {
    let app = TestApp::spawn().await;
    Org::build(&app).await;
    app.sign_in("hr@malmo.se").await;
    let users = app.count("users").await;
    let response = upload(&app, NEWCOMERS.as_bytes(), false).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("<dt>Nya personer</dt><dd>2</dd>"), "{html}");
    assert!(
        html.contains("<li>Malmö stad/Fritid</li>"),
        "the new department is listed"
    );
    assert_eq!(app.count("users").await, users, "a preview writes nobody");

    let token = upload_token(&html);
    let csrf = hidden_field(&html, "csrf");
    let applied = app
        .post_form(&format!("/hr/import/{token}/apply"), &[("csrf", &csrf)])
        .await;
    assert_eq!(applied.status(), 200);
    let done = applied.text().await.unwrap();
    assert!(
        done.contains("<dt>Nyinskrivna genom tilldelningar</dt><dd>2</dd>"),
        "{done}"
    );
    assert_eq!(app.count("users").await, users + 2);
    assert_eq!(app.count("pending_imports").await, 0);
    let again = app
        .post_form(&format!("/hr/import/{token}/apply"), &[("csrf", &csrf)])
        .await;
    assert_eq!(again.status(), 400, "an upload is applied once");
    assert_eq!(
        app.count("audit_log WHERE action = 'staff.import'").await,
        2
    );
}

#[tokio::test]
async fn a_staff_file_with_bad_rows_is_rejected_with_row_numbers_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    Org::build(&app).await;
    app.sign_in("hr@malmo.se").await;
    let (users, departments) = (app.count("users").await, app.count("departments").await);
    let bad = "email,name,department\nok@malmo.se,Ok,Malmö stad/Ny\nnot-an-address,Bad,Malmö stad\nok@malmo.se,Twice,Malmö stad\n";
    let response = upload(&app, bad.as_bytes(), false).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    // The page is in Swedish, and so are its problems.
    assert!(
        html.contains("rad 3: &quot;not-an-address&quot; är inte en e-postadress"),
        "{html}"
    );
    assert!(
        html.contains("rad 4: ok@malmo.se finns redan på rad 2"),
        "{html}"
    );
    assert!(html.contains(r#"aria-invalid="true""#));
    assert_eq!(app.count("users").await, users);
    assert_eq!(app.count("departments").await, departments);
    assert_eq!(app.count("pending_imports").await, 0);
    let empty = upload(&app, b"", false).await;
    assert_eq!(empty.status(), 400);
}

#[tokio::test]
async fn a_staff_upload_refused_comes_back_as_the_form_with_its_problem_and_the_choice_kept() {
    let app = TestApp::spawn().await;
    Org::build(&app).await;
    app.sign_in("hr@malmo.se").await;
    let users = app.count("users").await;
    let bad = "email,name,department\nnot-an-address,Bad,Malmö stad\n";
    let cases: [(&[u8], u16, &str); 2] = [
        (b"", 400, "Välj en fil att ladda upp."),
        (
            bad.as_bytes(),
            422,
            "Filen importerades inte (1 problem, listade vid fältet)",
        ),
    ];
    for (file, status, message) in cases {
        let response = upload(&app, file, true).await;
        assert_eq!(response.status(), status, "{message}");
        let page = response.text().await.unwrap();
        assert!(page.contains("<title>Fel: Importera personal"), "{page}");
        assert!(
            page.contains(&format!(r##"<a href="#f-file">{message}</a>"##)),
            "the summary links to the field: {page}"
        );
        assert!(
            page.contains(r#"aria-describedby="file-hint f-file-error" aria-invalid="true""#),
            "{page}"
        );
        assert!(
            page.contains(r#"name="deactivate_missing" value="on" checked>"#),
            "the choice is kept: {page}"
        );
        assert!(
            page.contains(r#"<a href="/hr/import" aria-current="page">"#),
            "the menu marks the form's page: {page}"
        );
    }
    assert_eq!(app.count("users").await, users);
    assert_eq!(app.count("pending_imports").await, 0);
}

#[tokio::test]
async fn an_upload_can_only_be_confirmed_by_the_officer_who_made_it() {
    let app = TestApp::spawn().await;
    Org::build(&app).await;
    app.sign_in("hr@malmo.se").await;
    let html = upload(&app, NEWCOMERS.as_bytes(), false)
        .await
        .text()
        .await
        .unwrap();
    let token = upload_token(&html).to_owned();
    let admin = app.another_visitor();
    admin.sign_in("admin@malmo.se").await;
    let csrf = admin.csrf().await;
    let users = app.count("users").await;
    let response = admin
        .post_form(&format!("/hr/import/{token}/apply"), &[("csrf", &csrf)])
        .await;
    assert_eq!(response.status(), 400);
    assert_eq!(app.count("users").await, users);
}

#[tokio::test]
async fn a_scoped_officer_cannot_import_staff_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    Org::build(&app).await;
    app.sign_in("hr-soc@malmo.se").await;
    assert_eq!(app.get("/hr/import").await.status(), 403);
    let users = app.count("users").await;
    let response = upload(&app, NEWCOMERS.as_bytes(), true).await;
    assert_eq!(response.status(), 403);
    assert_eq!(app.count("users").await, users);
    assert_eq!(app.count("pending_imports").await, 0);
}

#[tokio::test]
async fn an_upload_without_the_form_token_is_refused_and_writes_nothing() {
    let app = TestApp::spawn().await;
    Org::build(&app).await;
    app.sign_in("hr@malmo.se").await;
    let form = Form::new().part(
        "file",
        Part::bytes(NEWCOMERS.as_bytes().to_vec()).file_name("a.csv"),
    );
    let response = app
        .client
        .post(app.url("/hr/import"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(app.count("pending_imports").await, 0);
}

async fn assign(
    app: &TestApp,
    department: &str,
    kind: &str,
    date: &str,
    days: &str,
) -> reqwest::Response {
    let csrf = app.csrf().await;
    app.post_form(
        "/hr/assignments",
        &[
            ("csrf", &csrf),
            ("course", "provkurs"),
            ("department", department),
            ("due_kind", kind),
            ("due_date", date),
            ("due_days", days),
        ],
    )
    .await
}

/// The organisation without its org-wide assignment and the open enrolments it made, so
/// that an officer's new assignment is the only one that enrols anybody.
async fn without_open_enrolments(app: &TestApp) {
    bryggan::store::assignments::remove(
        &app.db,
        1,
        &bryggan::store::audit::Actor::command_line(),
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    for statement in [
        "DELETE FROM report_counts",
        "DELETE FROM enrolments WHERE completed_at IS NULL",
    ] {
        app.db.execute_unprepared(statement).await.unwrap();
    }
}

#[tokio::test]
async fn an_officer_assigns_a_course_to_their_tree_and_the_people_there_are_enrolled() {
    let app = TestApp::spawn().await;
    let org = Org::build(&app).await;
    without_open_enrolments(&app).await;
    app.sign_in("hr-soc@malmo.se").await;
    let response = assign(&app, &org.nord.to_string(), "days", "", "14").await;
    assert_eq!(response.status(), 303);
    assert_eq!(app.count("assignments WHERE removed_at IS NULL").await, 1);
    assert_eq!(
        app.count("enrolments").await,
        2,
        "Anna's completion stays; Cecilia is enrolled"
    );
    let html = app.get_html("/hr/assignments").await;
    assert!(html.contains("14 dagar efter tilldelning"), "{html}");
    assert!(html.contains("Malmö stad/Soc/Nord"));
}

#[tokio::test]
async fn a_scoped_officer_cannot_assign_or_remove_outside_their_tree_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let org = Org::build(&app).await;
    app.sign_in("hr-soc@malmo.se").await;
    let before = (
        app.count("assignments").await,
        app.count("enrolments").await,
    );
    let future = (chrono::Utc::now().date_naive() + chrono::Days::new(10)).to_string();
    for department in [org.kultur.to_string(), String::new(), "999999".into()] {
        let response = assign(&app, &department, "date", &future, "").await;
        assert_eq!(response.status(), 403, "department {department:?}");
    }
    let csrf = app.csrf().await;
    // Assignment 1 covers all of Malmö stad: above this officer's tree.
    let remove = app
        .post_form("/hr/assignments/1/remove", &[("csrf", &csrf)])
        .await;
    assert_eq!(remove.status(), 403);
    assert_eq!(
        (
            app.count("assignments").await,
            app.count("enrolments").await
        ),
        before
    );
    assert_eq!(
        app.count("assignments WHERE removed_at IS NOT NULL").await,
        0
    );
    assert!(
        !app.get_html("/hr/assignments")
            .await
            .contains("Malmö stad</td>"),
        "not listed"
    );
}

#[tokio::test]
async fn an_assignment_with_a_bad_due_date_is_refused_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let org = Org::build(&app).await;
    app.sign_in("hr@malmo.se").await;
    let before = app.count("assignments").await;
    let dept = org.soc.to_string();
    // The form comes back in the page's language, as it was sent, with a summary that
    // links to the field and the message beside the field.
    let cases = [
        (
            "date",
            "2020-01-01",
            "",
            "due_date",
            "Sista dagen har redan passerat.",
        ),
        (
            "date",
            "31/12/2026",
            "",
            "due_date",
            "till exempel 2026-12-31",
        ),
        ("date", "", "", "due_date", "till exempel 2026-12-31"),
        ("days", "", "0", "due_days", "från 1 till 3650"),
        ("days", "", "", "due_days", "från 1 till 3650"),
        ("days", "", "many", "due_days", "från 1 till 3650"),
        (
            "sometime",
            "",
            "",
            "due_date",
            "Välj ett fast datum eller ett antal dagar.",
        ),
    ];
    for (kind, date, days, field, reason) in cases {
        let response = assign(&app, &dept, kind, date, days).await;
        assert_eq!(response.status(), 400, "{kind} {date} {days}");
        let page = response.text().await.unwrap();
        let case = format!("{kind} {date} {days}: {page}");
        assert!(page.contains("<title>Fel: "), "{case}");
        assert!(page.contains("Det finns ett problem"), "{case}");
        assert!(page.contains(&format!("<a href=\"#f-{field}\">")), "{case}");
        assert!(page.contains(reason), "{case}");
        assert!(
            page.contains(&format!(r#"id="f-{field}" "#))
                && page.contains(&format!(
                    r#"aria-invalid="true" aria-describedby="f-{field}-error""#
                )),
            "{case}"
        );
        assert!(
            page.contains(r#"<header class="site-header">"#)
                && page.contains("form method=\"post\" action=\"/language\""),
            "the whole page with its header and language switch, not a bare error: {case}"
        );
        assert!(
            page.contains(&format!(r#"<option value="{dept}" selected>"#)),
            "what was chosen is kept: {case}"
        );
    }
    let kept = assign(&app, &dept, "days", "", "many")
        .await
        .text()
        .await
        .unwrap();
    assert!(kept.contains(r#"value="many""#), "what was typed is kept");
    assert_eq!(app.count("assignments").await, before);
}

#[tokio::test]
async fn removing_an_assignment_keeps_the_enrolments_it_made() {
    let app = TestApp::spawn().await;
    Org::build(&app).await;
    app.sign_in("hr@malmo.se").await;
    let enrolments = app.count("enrolments").await;
    let csrf = app.csrf().await;
    let response = app
        .post_form("/hr/assignments/1/remove", &[("csrf", &csrf)])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        app.count("assignments WHERE removed_at IS NOT NULL").await,
        1
    );
    assert_eq!(app.count("enrolments").await, enrolments);
    assert_eq!(
        app.count("audit_log WHERE action = 'assignment.remove'")
            .await,
        1
    );
}

#[tokio::test]
async fn the_import_plan_names_each_person_and_says_what_changes_for_them() {
    let app = TestApp::spawn().await;
    Org::build(&app).await;
    app.sign_in("hr@malmo.se").await;
    // Anna moves to Syd and is renamed; Dana is new. Excel on Windows writes CRLF.
    let csv = "e-post;namn;avdelning\r\n\
anna@malmo.se;Anna Söder;Malmö stad/Soc/Syd\r\n\
dana@malmo.se;Dana Ny;Malmö stad/Soc/Nord\r\n";
    let html = upload(&app, csv.as_bytes(), false)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("<li>Dana Ny (dana@malmo.se)</li>"), "{html}");
    assert!(html.contains("Anna Söder (anna@malmo.se)"), "{html}");
    assert!(
        html.contains("<li>Namn: Anna Nord → Anna Söder</li>"),
        "{html}"
    );
    assert!(
        html.contains("<li>Avdelning: Malmö stad/Soc/Nord → Malmö stad/Soc/Syd</li>"),
        "{html}"
    );
}

#[tokio::test]
async fn import_problems_follow_the_page_language_and_binary_files_are_refused_plainly() {
    let app = TestApp::spawn().await;
    Org::build(&app).await;
    app.sign_in("hr@malmo.se").await;
    let users = app.count("users").await;
    let xlsx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00";
    let response = upload(&app, xlsx, false).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("filen är inte en CSV-fil"), "{html}");
    assert!(html.contains("CSV UTF-8"), "{html}");
    assert!(!html.contains("\\0") && !html.contains("PK"), "{html}");

    let csrf = app.csrf().await;
    app.post_form(
        "/language",
        &[("csrf", &csrf), ("lang", "en"), ("back", "/hr/import")],
    )
    .await;
    let crlf = "email,name,department\r\na@malmo.se,A,X\r\nb@malmo.se,B,X\r\nbad,C,X\r\n";
    let html = upload(&app, crlf.as_bytes(), false)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("row 4: &quot;bad&quot; is not an email address"),
        "{html}"
    );
    assert_eq!(app.count("users").await, users);
    assert_eq!(app.count("pending_imports").await, 0);
}

#[tokio::test]
async fn an_assignment_queues_its_notices_at_once_without_waiting_for_the_reminder_run() {
    let app = TestApp::spawn().await;
    let org = Org::build(&app).await;
    without_open_enrolments(&app).await;
    app.sign_in("hr-soc@malmo.se").await;
    let notice_to = |who: &'static str| {
        let app = app.clone();
        async move {
            app.count(&format!(
                "outbox o JOIN enrolments e ON o.dedup_key = 'assigned:' || CAST(e.id AS TEXT) \
                 JOIN users u ON u.id = e.user_id WHERE u.email = '{who}' \
                 AND e.assignment_id = (SELECT MAX(id) FROM assignments)"
            ))
            .await
        }
    };
    assert_eq!(notice_to("cecilia@malmo.se").await, 0);
    let response = assign(&app, &org.nord.to_string(), "days", "", "14").await;
    assert_eq!(response.status(), 303);
    // Cecilia is enrolled (Anna has completed), and her notice is queued with her enrolment.
    assert_eq!(notice_to("cecilia@malmo.se").await, 1);
    assert_eq!(
        notice_to("anna@malmo.se").await,
        0,
        "Anna has completed the course"
    );
}

#[tokio::test]
async fn newcomers_from_an_import_are_told_of_their_assigned_courses_at_once() {
    let app = TestApp::spawn().await;
    Org::build(&app).await;
    app.sign_in("hr@malmo.se").await;
    let html = upload(&app, NEWCOMERS.as_bytes(), false)
        .await
        .text()
        .await
        .unwrap();
    let token = upload_token(&html);
    let csrf = app.csrf().await;
    let done = app
        .post_form(&format!("/hr/import/{token}/apply"), &[("csrf", &csrf)])
        .await;
    assert_eq!(done.status(), 200);
    for newcomer in ["dana@malmo.se", "erik@malmo.se"] {
        assert_eq!(
            app.count(&format!(
                "outbox WHERE recipient = '{newcomer}' AND dedup_key LIKE 'assigned:%'"
            ))
            .await,
            1,
            "{newcomer}"
        );
    }
}
