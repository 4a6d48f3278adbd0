//! Who may see HR pages and figures: learners and trainers nothing, a scoped HR officer
//! their department tree only, admins everything. A refusal reveals no counts or names.

use super::app::TestApp;
use super::org::Org;

const PAGES: [&str; 6] = [
    "/hr",
    "/hr/people",
    "/hr/export.csv",
    "/hr/assignments",
    "/hr/import",
    "/admin/audit",
];
const API: [&str; 3] = [
    "/api/v1/reports/dashboard",
    "/api/v1/reports/people",
    "/api/v1/reports/export.csv",
];

/// Names and addresses of the organisation that no refusal may contain.
const SECRETS: [&str; 6] = ["Anna", "anna@", "Kultur", "Nord", "provkurs", "Provkurs"];

async fn refused(app: &TestApp, path: &str, token: Option<&str>) {
    let mut request = app.client.get(app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 403, "GET {path}");
    let body = response.text().await.unwrap();
    for secret in SECRETS {
        assert!(
            !body.contains(secret),
            "GET {path} reveals {secret:?}: {body}"
        );
    }
}

#[tokio::test]
async fn learners_and_trainers_are_refused_every_hr_page_and_report_and_learn_nothing() {
    let app = TestApp::spawn().await;
    Org::build(&app).await;
    app.add_user("tove@malmo.se", bryggan::domain::Role::Trainer)
        .await;
    for email in ["anna@malmo.se", "tove@malmo.se"] {
        let visitor = app.another_visitor();
        visitor.sign_in(email).await;
        let token = visitor.api_token(email).await;
        for path in PAGES {
            refused(&visitor, path, None).await;
        }
        for path in API {
            refused(&visitor, path, Some(&token)).await;
        }
    }
    assert_eq!(
        app.count("audit_log WHERE action = 'report.export'").await,
        0
    );
}

#[tokio::test]
async fn a_scoped_officer_sees_their_department_tree_and_nothing_outside_it() {
    let app = TestApp::spawn().await;
    let org = Org::build(&app).await;
    app.sign_in("hr-soc@malmo.se").await;
    let html = app.get_html("/hr").await;
    assert!(
        html.contains("<h1>Utbildningsrapport: Soc</h1>"),
        "opens at their top"
    );
    assert!(
        !html.contains("Kultur"),
        "no other tree, not even in the department picker"
    );
    assert!(html.contains("Nord"));
    let token = app.api_token("hr-soc@malmo.se").await;
    let outside = [
        format!("department={}", org.kultur),
        // A department that does not exist is refused the same way: nothing to learn.
        "department=999999".to_owned(),
    ];
    for query in &outside {
        for path in ["/hr", "/hr/people", "/hr/export.csv"] {
            refused(&app, &format!("{path}?{query}"), None).await;
        }
        for path in API {
            refused(&app, &format!("{path}?{query}"), Some(&token)).await;
        }
    }
    let csv = app.get("/hr/export.csv").await.text().await.unwrap();
    assert_eq!(csv.lines().count(), 5, "Soc's four people: {csv}");
    assert!(!csv.contains("kim@malmo.se"));
    let nord = app
        .get_html(&format!("/hr/people?department={}", org.nord))
        .await;
    assert!(nord.contains("Anna Nord"));
}

#[tokio::test]
async fn an_admin_asking_for_a_department_that_does_not_exist_gets_404() {
    let app = TestApp::spawn().await;
    Org::build(&app).await;
    app.sign_in("admin@malmo.se").await;
    assert_eq!(app.get("/hr?department=999999").await.status(), 404);
}

#[tokio::test]
async fn bad_report_filters_are_refused_with_the_reason_on_pages_and_the_api() {
    let app = TestApp::spawn().await;
    Org::build(&app).await;
    app.sign_in("hr@malmo.se").await;
    let token = app.api_token("hr@malmo.se").await;
    let cases = [
        ("status=done", "the status \"done\" is unknown"),
        (
            "due_from=31/12/2026",
            "is not a date of the form 2026-12-31",
        ),
        (
            "due_from=2026-12-31&due_to=2026-01-01",
            "ends before it starts",
        ),
        ("department=abc", "is not a department number"),
        ("course=no-such-course", "there is no course"),
        ("page=0", "is not a page number"),
    ];
    for (query, reason) in cases {
        let page = app.get(&format!("/hr?{query}")).await;
        assert_eq!(page.status(), 400, "{query}");
        assert!(
            page.text()
                .await
                .unwrap()
                .contains(&reason.replace('"', "&quot;")),
            "{query}"
        );
        let api = app
            .client
            .get(app.url(&format!("/api/v1/reports/people?{query}")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(api.status(), 400, "{query}");
        let body: serde_json::Value = api.json().await.unwrap();
        assert!(
            body["error"].as_str().unwrap().contains(reason),
            "{query}: {body}"
        );
    }
}

#[tokio::test]
async fn only_admins_read_the_audit_log_which_records_who_did_what() {
    let app = TestApp::spawn().await;
    Org::build(&app).await;
    app.sign_in("hr@malmo.se").await;
    app.get("/hr/export.csv").await.text().await.unwrap();
    assert_eq!(app.get("/admin/audit").await.status(), 403);
    let admin = app.another_visitor();
    admin.sign_in("admin@malmo.se").await;
    let html = admin.get_html("/admin/audit").await;
    // In words on the Swedish page, with each detail named.
    for action in [
        "Personal importerad",
        "Roll ändrad",
        "Tilldelning skapad",
        "Rapport exporterad",
    ] {
        assert!(html.contains(action), "{action} is logged");
    }
    assert!(
        html.contains("<td>hr@malmo.se</td><td>Rapport exporterad</td>"),
        "{html}"
    );
    assert!(html.contains("<li>Personer i filen: 5</li>"), "{html}");
    assert!(
        !html.contains("staff.import") && !html.contains("{&quot;"),
        "{html}"
    );
    assert!(html.contains("<td>command line</td>"));
    // The codes and the stored details stay in the export, for machines.
    let csv = admin.get("/admin/audit.csv").await;
    assert_eq!(csv.status(), 200);
    let csv = csv.text().await.unwrap();
    assert!(
        csv.starts_with("at,actor_id,actor,action,details\n"),
        "{csv}"
    );
    for action in [
        "staff.import",
        "user.role",
        "assignment.create",
        "report.export",
    ] {
        assert!(csv.contains(&format!(",{action},")), "{action}: {csv}");
    }
    assert_eq!(app.get("/admin/audit.csv").await.status(), 403);
}

#[tokio::test]
async fn the_openapi_document_describes_the_report_endpoints() {
    let app = TestApp::spawn().await;
    let doc: serde_json::Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    for path in API {
        assert!(doc["paths"][path]["get"].is_object(), "{path}");
    }
    assert!(doc["components"]["schemas"]["DashboardBody"].is_object());
}
