//! The HR dashboard, people view and export: figures rolled up the tree, on pages and the
//! API, with a bounded number of statements whatever the organisation's size.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bryggan::hr::{self, Viewer};
use bryggan::reports::{Filter, Scope};
use bryggan::store::audit::Actor;
use futures_util::StreamExt;
use sea_orm::ConnectionTrait;
use serde_json::Value;

use super::app::TestApp;
use super::org::{Org, import};

async fn api(app: &TestApp, email: &str, path: &str) -> (u16, Value) {
    let token = app.api_token(email).await;
    let response = app
        .client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn counts(v: &Value) -> [u64; 5] {
    [
        "enrolled",
        "completed",
        "in_progress",
        "not_started",
        "overdue",
    ]
    .map(|k| v[k].as_u64().unwrap_or(u64::MAX))
}

#[tokio::test]
async fn the_dashboard_rolls_completions_up_the_department_tree() {
    let app = TestApp::spawn().await;
    let org = Org::build(&app).await;
    let (status, top) = api(&app, "admin@malmo.se", "/api/v1/reports/dashboard").await;
    assert_eq!(status, 200, "{top}");
    assert_eq!(counts(&top["counts"]), [5, 1, 1, 3, 0]);
    assert_eq!(top["completion_rate"], 20);
    assert_eq!(top["departments"][0]["department"]["path"], "Malmö stad");
    assert_eq!(top["courses"][0]["course"], "provkurs", "{top}");

    let path = format!("/api/v1/reports/dashboard?department={}", org.soc);
    let (_, soc) = api(&app, "admin@malmo.se", &path).await;
    assert_eq!(counts(&soc["counts"]), [4, 1, 1, 2, 0]);
    assert_eq!(
        counts(&soc["direct"]),
        [1, 0, 0, 1, 0],
        "Hanna sits in Soc itself"
    );
    let nord = &soc["departments"][0];
    assert_eq!(nord["department"]["name"], "Nord");
    assert_eq!(counts(&nord["counts"]), [2, 1, 1, 0, 0]);
    assert_eq!(nord["completion_rate"], 50);
    assert_eq!(soc["departments"][1]["department"]["name"], "Syd");
}

#[tokio::test]
async fn the_dashboard_page_draws_the_chart_with_its_figures_in_text() {
    let app = TestApp::spawn().await;
    let org = Org::build(&app).await;
    app.sign_in("hr@malmo.se").await;
    let html = app.get_html(&format!("/hr?department={}", org.soc)).await;
    assert!(html.contains("<h1>Utbildningsrapport: Soc</h1>"), "{html}");
    assert!(html.contains(r#"role="img""#));
    assert!(html.contains("Nord: 50% (1/2)"), "the bar's own label");
    assert!(html.contains(
        "<th scope=\"row\">Nord</th><td>2</td><td>1</td><td>1</td><td>0</td><td>0</td><td>50%</td>"
    ));
    assert!(
        !html.contains("Kultur</th>"),
        "only the departments under Soc"
    );
}

#[tokio::test]
async fn overdue_enrolments_are_counted_and_filtered() {
    let app = TestApp::spawn().await;
    Org::build(&app).await;
    let yesterday = chrono::Utc::now().date_naive() - chrono::Days::new(1);
    app.db
        .execute_unprepared(&format!(
            "UPDATE enrolments SET due_date = '{yesterday}' WHERE completed_at IS NULL"
        ))
        .await
        .unwrap();
    bryggan::store::report_queries::recount(&app.db)
        .await
        .unwrap();
    let (_, top) = api(&app, "admin@malmo.se", "/api/v1/reports/dashboard").await;
    assert_eq!(counts(&top["counts"]), [5, 1, 1, 3, 4]);
    let (_, only) = api(
        &app,
        "admin@malmo.se",
        "/api/v1/reports/dashboard?status=overdue",
    )
    .await;
    assert_eq!(counts(&only["counts"]), [4, 0, 1, 3, 4]);
    let (_, people) = api(
        &app,
        "admin@malmo.se",
        "/api/v1/reports/people?status=overdue",
    )
    .await;
    let names: Vec<&str> = people["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Bo Syd", "Cecilia Nord", "Hanna Soc", "Kim Kultur"]);
    assert!(
        people["people"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["status"] == "overdue")
    );
}

#[tokio::test]
async fn the_people_view_lists_each_person_and_course_by_name_a_page_at_a_time() {
    let app = TestApp::spawn().await;
    let org = Org::build(&app).await;
    app.sign_in("hr@malmo.se").await;
    let html = app
        .get_html(&format!("/hr/people?department={}", org.nord))
        .await;
    let anna = html.find("Anna Nord").expect("Anna is listed");
    let cecilia = html.find("Cecilia Nord").expect("Cecilia is listed");
    assert!(anna < cecilia, "by name");
    assert!(!html.contains("Bo Syd"));
    assert!(html.contains("status-completed\">Klar"));
    let (_, page) = api(
        &app,
        "hr@malmo.se",
        "/api/v1/reports/people?status=completed",
    )
    .await;
    assert_eq!(page["people"].as_array().unwrap().len(), 1);
    assert_eq!(page["people"][0]["email"], "anna@malmo.se");
    assert_eq!(page["has_next"], false);
}

#[tokio::test]
async fn the_export_streams_every_row_of_the_view_and_is_audited() {
    let app = TestApp::spawn().await;
    let org = Org::build(&app).await;
    app.sign_in("hr@malmo.se").await;
    let response = app
        .get(&format!("/hr/export.csv?department={}", org.soc))
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let body = response.text().await.unwrap();
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(
        lines[0],
        "\u{feff}e-post,namn,avdelning,kurs,kursnamn,omgång,status,inskriven,sista datum,påbörjad,klar"
    );
    assert_eq!(lines.len(), 5, "a header and Soc's four people: {body}");
    assert!(lines.iter().any(|l| l.starts_with(
        "anna@malmo.se,Anna Nord,Malmö stad/Soc/Nord,provkurs,Provkurs,1,completed,"
    )));
    assert!(!body.contains("kim@malmo.se"));
    assert_eq!(
        app.count("audit_log WHERE action = 'report.export'").await,
        1
    );
}

/// Counts every statement a connection runs.
async fn counting_connection(app: &TestApp) -> (sea_orm::DatabaseConnection, Arc<AtomicUsize>) {
    let mut db = bryggan::store::connect(&app.database_url).await.unwrap();
    let statements = Arc::new(AtomicUsize::new(0));
    let counter = statements.clone();
    db.set_metric_callback(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    (db, statements)
}

async fn statements_per_report(app: &TestApp) -> [usize; 3] {
    let (db, statements) = counting_connection(app).await;
    let viewer = Viewer {
        actor: Actor::command_line(),
        scope: Scope::Organisation,
        admin: true,
    };
    let today = chrono::Utc::now().date_naive();
    let mut used = [0; 3];
    statements.store(0, Ordering::SeqCst);
    let board = hr::dashboard(&db, &viewer, Filter::default(), today)
        .await
        .unwrap();
    assert!(board.summary.total.enrolled > 0);
    used[0] = statements.swap(0, Ordering::SeqCst);
    let page = hr::people(
        &db,
        &viewer,
        Filter {
            page: 1,
            ..Filter::default()
        },
        today,
    )
    .await
    .unwrap();
    assert!(!page.rows.is_empty());
    used[1] = statements.swap(0, Ordering::SeqCst);
    let now = chrono::Utc::now();
    let (_, rows) = hr::export(&db, &viewer, Filter::default(), today, now)
        .await
        .unwrap();
    let exported = rows.count().await;
    assert!(exported > 0);
    used[2] = statements.swap(0, Ordering::SeqCst);
    used
}

#[tokio::test]
async fn reports_run_the_same_few_statements_whatever_the_number_of_people() {
    let app = TestApp::spawn().await;
    Org::build(&app).await;
    let small = statements_per_report(&app).await;
    let mut csv = String::from("email,name,department\n");
    for i in 0..300 {
        csv.push_str(&format!(
            "p{i}@malmo.se,Person {i},Malmö stad/Gren {}/Enhet {}\n",
            i % 7,
            i % 13
        ));
    }
    import(&app, &csv).await;
    bryggan::hr::apply_assignments(&app.db, chrono::Utc::now(), 30)
        .await
        .unwrap();
    let large = statements_per_report(&app).await;
    assert_eq!(small, large, "dashboard, people page, export");
    assert!(large.iter().all(|n| *n <= 4), "{large:?}");
}

#[tokio::test]
async fn counts_kept_with_each_change_match_a_full_recount() {
    let app = TestApp::spawn().await;
    Org::build(&app).await;
    let snapshot = |db: sea_orm::DatabaseConnection| async move {
        let rows = db
            .query_all_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                "SELECT department_id, course_id, due_day, state, n FROM report_counts WHERE n > 0 \
                 ORDER BY department_id, course_id, due_day, state",
            ))
            .await
            .unwrap();
        rows.iter()
            .map(|r| {
                (
                    r.try_get::<i64>("", "department_id").unwrap(),
                    r.try_get::<i16>("", "state").unwrap(),
                    r.try_get::<i64>("", "n").unwrap(),
                )
            })
            .collect::<Vec<_>>()
    };
    let kept = snapshot(app.db.clone()).await;
    bryggan::store::report_queries::recount(&app.db)
        .await
        .unwrap();
    let recounted = snapshot(app.db.clone()).await;
    assert_eq!(kept, recounted);
    assert_eq!(kept.iter().map(|r| r.2).sum::<i64>(), 5);
}
