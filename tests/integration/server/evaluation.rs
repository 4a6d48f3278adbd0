//! The evaluation report: group figures with small groups withheld, the export for the
//! coordination body, the item analysis, and who may see them.

use sea_orm::ConnectionTrait;

use super::app::TestApp;
use super::assessment::{answer, enrol, take_the_course, with_assessment};
use super::org::Org;

async fn place(app: &TestApp, email: &str, department: i64) {
    let backend = app.db.get_database_backend();
    let sql = "UPDATE users SET department_id = ? WHERE email = ?";
    app.db
        .execute_raw(bryggan::store::sql_statement(
            backend,
            sql,
            vec![department.into(), email.into()],
        ))
        .await
        .unwrap();
}

/// The page without the whitespace between tags.
fn compact(html: &str) -> String {
    html.lines().map(str::trim).collect::<Vec<_>>().join("")
}

/// A learner in `department` who answers 1 of 2 before and 2 of 2 after, and rates
/// `boka` 1 → 3 and `skriva` 2 → 2.
async fn learner_with_a_pair(app: &TestApp, email: &str, department: i64) {
    let learner = app.another_visitor();
    enrol(&learner, email).await;
    place(app, email, department).await;
    assert_eq!(answer(&learner, "before", 1, "1", "2").await.status(), 303);
    take_the_course(&learner).await;
    assert_eq!(answer(&learner, "after", 2, "3", "2").await.status(), 303);
}

/// Five pairs in Nord and two in Syd, both under Soc.
async fn seven_pairs(app: &mut TestApp) -> Org {
    with_assessment(app).await;
    let org = Org::build(app).await;
    let syd = super::org::department(app, "Malmö stad/Soc/Syd").await;
    for i in 0..5 {
        learner_with_a_pair(app, &format!("nord{i}@malmo.se"), org.nord).await;
    }
    for i in 0..2 {
        learner_with_a_pair(app, &format!("syd{i}@malmo.se"), syd).await;
    }
    org
}

#[tokio::test]
async fn hr_sees_the_change_per_department_with_small_groups_and_what_would_reveal_them_withheld() {
    let mut app = TestApp::spawn().await;
    let org = seven_pairs(&mut app).await;
    app.sign_in("hr@malmo.se").await;
    let page = compact(
        &app.get_html(&format!(
            "/hr/evaluation?course=provkurs&department={}",
            org.soc
        ))
        .await,
    );
    // Soc: 7 pairs, 50 → 100, every change the same, gain 1.
    assert!(page.contains("<h1>Utvärdering: Soc</h1>"), "{page}");
    assert!(
        page.contains(
            "<td>7</td><td>50,0</td><td>100,0</td><td>+50,0</td><td>+50,0 – +50,0</td><td>1,00</td>"
        ),
        "{page}"
    );
    // Syd has 2; Nord's 5 would give Syd's by subtraction from Soc: both withheld.
    // And four started with form A, three with B: both halves are withheld too.
    assert_eq!(
        page.matches("Visas inte: för liten grupp").count(),
        3,
        "{page}"
    );
    assert!(
        page.contains("<h3>Parallella former, hela organisationen</h3>"),
        "{page}"
    );
    assert!(
        page.contains("<svg") && page.contains("50,0 → 100,0"),
        "the chart"
    );
    // The statements at Soc: boka +2, skriva 0.
    assert!(
        page.contains("<td>7</td><td>1,0</td><td>3,0</td><td>+2,0</td>"),
        "{page}"
    );
    assert!(
        page.contains("<td>7</td><td>2,0</td><td>2,0</td><td>0,0</td>"),
        "{page}"
    );
    // Nobody's name or address, and no single person's answers.
    assert!(
        !page.contains("nord0@malmo.se") && !page.contains("Person nord0"),
        "{page}"
    );
    // The item analysis: seven first attempts, all passed and all right.
    assert!(
        page.contains("Första försök: 7 godkända, 0 ej godkända"),
        "{page}"
    );
    assert!(page.contains("För lätt"), "{page}");
}

#[tokio::test]
async fn the_export_for_the_coordination_body_carries_group_figures_with_the_suppression_applied() {
    let mut app = TestApp::spawn().await;
    seven_pairs(&mut app).await;
    app.sign_in("hr@malmo.se").await;
    let audit_before = app.count("audit_log").await;
    let response = app.get("/hr/evaluation.csv?course=provkurs").await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("bryggan-utvardering-provkurs")
    );
    let csv = response.text().await.unwrap();
    let year = chrono::Utc::now().format("%Y").to_string();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].ends_with("kurs,avdelning,period,mått,påstående,par,medel före,medel efter,medel förändring,95 % KI låg,95 % KI hög,normaliserad vinst,status"), "{}", lines[0]);
    for expected in [
        "provkurs,Hela organisationen,all,knowledge,,7,50.000,100.000,50.000,50.000,50.000,1.000,published".to_owned(),
        format!("provkurs,Malmö stad/Soc,{year},knowledge,,7,50.000,100.000,50.000,50.000,50.000,1.000,published"),
        "provkurs,Malmö stad/Soc,all,boka,Jag vet hur jag bokar tolk.,7,1.000,3.000,2.000,2.000,2.000,,published".to_owned(),
        "provkurs,Malmö stad/Soc/Nord,all,knowledge,,,,,,,,,withheld".to_owned(),
        "provkurs,Malmö stad/Soc/Syd,all,skriva,Jag skriver begripligt.,,,,,,,,withheld".to_owned(),
    ] {
        assert!(lines.contains(&expected.as_str()), "{expected}\n{csv}");
    }
    assert!(
        !csv.contains("Kultur"),
        "a department without pairs has no lines"
    );
    assert!(!csv.contains("@malmo.se"));
    assert_eq!(
        app.count("audit_log").await,
        audit_before + 1,
        "the export is audited"
    );
}

#[tokio::test]
async fn learners_and_hr_outside_the_department_cannot_see_the_evaluation() {
    let mut app = TestApp::spawn().await;
    with_assessment(&mut app).await;
    let org = Org::build(&app).await;
    app.sign_in("anna@malmo.se").await;
    assert_eq!(app.get("/hr/evaluation").await.status(), 403);
    assert_eq!(app.get("/hr/evaluation.csv").await.status(), 403);
    let scoped = app.another_visitor();
    scoped.sign_in("hr-soc@malmo.se").await;
    assert_eq!(
        scoped
            .get(&format!("/hr/evaluation?department={}", org.kultur))
            .await
            .status(),
        403
    );
    let own = scoped.get_html("/hr/evaluation").await;
    assert!(own.contains("<h1>Utvärdering: Soc</h1>"), "{own}");
    assert!(
        !own.contains("Kultur"),
        "no department outside the scope in the picker"
    );
}

#[tokio::test]
async fn a_bad_period_or_unknown_course_is_a_clear_client_error() {
    let mut app = TestApp::spawn().await;
    with_assessment(&mut app).await;
    Org::build(&app).await;
    app.sign_in("hr@malmo.se").await;
    let bad = app.get("/hr/evaluation?period=förra").await;
    assert_eq!(bad.status(), 400);
    assert!(bad.text().await.unwrap().contains("The period is a year"));
    let bad = app.get("/hr/evaluation?department=soc").await;
    assert_eq!(bad.status(), 400);
    assert!(
        bad.text()
            .await
            .unwrap()
            .contains("not a department number")
    );
    assert_eq!(
        app.get("/hr/evaluation?course=finns-inte").await.status(),
        400
    );
    let audit = app.count("audit_log").await;
    assert_eq!(
        app.get("/hr/evaluation.csv?course=finns-inte")
            .await
            .status(),
        400
    );
    assert_eq!(
        app.count("audit_log").await,
        audit,
        "a refused export is not recorded"
    );
}
