//! The guard against mass deactivation: a run that would deactivate more than 5 % of
//! active staff in an hour (at least 20) is held after the allowance, the directory is
//! told it succeeded, the admins are told once, and nothing held changes until an admin
//! decides on `/admin/provisioning`.

use bryggan::domain::Role;
use bryggan::store::audit::Actor;
use futures_util::StreamExt;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};
use serde_json::json;

use super::Directory;
use crate::server::app::{TestApp, hidden_field};

/// `n` people imported as HR's file would, in one batch; returns their ids in order.
async fn staff(app: &TestApp, n: usize) -> Vec<i64> {
    let mut csv = String::from("email;name;department\n");
    for i in 0..n {
        csv.push_str(&format!(
            "p{i:04}@malmo.se;Person {i};Malmö stad/Enhet {}\n",
            i % 10
        ));
    }
    let file = bryggan::staff::parse(csv.as_bytes()).unwrap();
    let options = bryggan::store::staff::ImportOptions::default();
    bryggan::store::staff::import(
        &app.db,
        &file,
        options,
        &Actor::command_line(),
        chrono::Utc::now(),
        &|_| {},
    )
    .await
    .unwrap();
    use bryggan::store::entities::user;
    user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::Email.like("p%@malmo.se"))
        .into_tuple::<i64>()
        .all(&app.db)
        .await
        .unwrap()
}

async fn active(app: &TestApp, ids: &[i64]) -> u64 {
    use bryggan::store::entities::user;
    user::Entity::find()
        .filter(user::Column::Id.is_in(ids.iter().copied()))
        .filter(user::Column::Active.eq(true))
        .count(&app.db)
        .await
        .unwrap()
}

async fn deactivate_all(directory: &Directory, ids: &[i64]) {
    // Eight at a time, as Entra sends them.
    let statuses: Vec<StatusCode> = futures_util::stream::iter(ids)
        .map(|id| async move {
            let ops = json!([{"op": "Replace", "path": "active", "value": "False"}]);
            directory.patch(&format!("/Users/{id}"), ops).await.0
        })
        .buffer_unordered(8)
        .collect()
        .await;
    assert!(
        statuses.iter().all(|s| *s == StatusCode::OK),
        "the directory is told it succeeded"
    );
}

#[tokio::test]
async fn a_run_deactivating_100_of_1000_is_held_after_the_allowance_until_an_admin_approves() {
    let app = TestApp::spawn().await;
    app.add_user("admin@malmo.se", Role::Admin).await;
    let people = staff(&app, 1_000).await;
    let directory = Directory::connect(&app).await;
    let leavers = &people[..100];
    let mail_before = app.count("outbox").await;
    deactivate_all(&directory, leavers).await;

    // 5 % of 1,001 active is 51: those went through, the other 49 wait.
    assert_eq!(active(&app, leavers).await, 49);
    assert_eq!(app.count("scim_holds").await, 49);
    assert_eq!(
        app.count("outbox").await - mail_before,
        1,
        "the one admin is told once"
    );
    // The directory asks again on its next run: nothing more is held or sent.
    deactivate_all(&directory, leavers).await;
    assert_eq!(app.count("scim_holds").await, 49);
    assert_eq!(app.count("outbox").await - mail_before, 1);

    app.sign_in("admin@malmo.se").await;
    let page = app.get_html("/admin/provisioning").await;
    assert!(
        page.contains("p0099@malmo.se"),
        "the held people are listed"
    );
    let csrf = hidden_field(&page, "csrf");
    let response = app
        .post_form("/admin/provisioning/all/approve", &[("csrf", &csrf)])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(active(&app, leavers).await, 0);
    assert_eq!(
        active(&app, &people[100..]).await,
        900,
        "nobody else is touched"
    );
}

#[tokio::test]
async fn a_rejected_deactivation_leaves_the_person_active() {
    let app = TestApp::spawn_customised(
        None,
        std::sync::Arc::new(|s| s.provisioning.guard.minimum = 1),
    )
    .await;
    app.add_user("admin@malmo.se", Role::Admin).await;
    let people = staff(&app, 10).await;
    let directory = Directory::connect(&app).await;
    deactivate_all(&directory, &people[..3]).await;
    assert_eq!(
        active(&app, &people[..3]).await,
        2,
        "one went through, two are held"
    );

    app.sign_in("admin@malmo.se").await;
    let page = app.get_html("/admin/provisioning").await;
    let csrf = hidden_field(&page, "csrf");
    app.post_form("/admin/provisioning/all/reject", &[("csrf", &csrf)])
        .await;
    assert_eq!(active(&app, &people[..3]).await, 2);
    let page = app.get_html("/admin/provisioning").await;
    assert!(page.contains("Inga avaktiveringar väntar"), "{page}");
    let actions: Vec<String> = bryggan::store::audit::page(&app.db, 2, 0)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["scim.deactivation_rejected"; 2]);
}

#[tokio::test]
async fn an_administrator_is_never_deactivated_by_the_directory_without_another_admin() {
    let app = TestApp::spawn().await;
    let admin = app.add_user("it-chef@malmo.se", Role::Admin).await;
    let directory = Directory::connect(&app).await;
    let (status, body) = directory.delete(&format!("/Users/{admin}")).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    assert_eq!(active(&app, &[admin]).await, 1);
    assert_eq!(app.count("scim_holds").await, 1);
}

#[tokio::test]
async fn the_directory_asking_to_keep_someone_withdraws_their_held_deactivation() {
    let app = TestApp::spawn_customised(
        None,
        std::sync::Arc::new(|s| s.provisioning.guard.minimum = 0),
    )
    .await;
    let people = staff(&app, 10).await;
    let directory = Directory::connect(&app).await;
    deactivate_all(&directory, &people[..2]).await;
    let (pending, _) = bryggan::provisioning::holds::overview(&app.db)
        .await
        .unwrap();
    let held = pending[0].person.id;
    assert_eq!(active(&app, &[held]).await, 1);
    let ops = json!([{"op": "replace", "path": "active", "value": true}]);
    directory.patch(&format!("/Users/{held}"), ops).await;
    let (pending, _) = bryggan::provisioning::holds::overview(&app.db)
        .await
        .unwrap();
    assert!(pending.is_empty(), "the hold was withdrawn");
}

#[tokio::test]
async fn a_decision_needs_an_admin_and_a_valid_form() {
    let app = TestApp::spawn().await;
    app.add_user("hr@malmo.se", Role::Hr).await;
    app.sign_in("hr@malmo.se").await;
    let csrf = app.csrf().await;
    let response = app
        .post_form("/admin/provisioning/all/approve", &[("csrf", &csrf)])
        .await;
    assert_eq!(response.status(), 403);
    assert_eq!(app.get("/admin/provisioning").await.status(), 403);
    app.add_user("admin@malmo.se", Role::Admin).await;
    let admin = app.another_visitor();
    admin.sign_in("admin@malmo.se").await;
    let csrf = admin.csrf().await;
    for path in [
        "/admin/provisioning/12345/approve",
        "/admin/provisioning/x/approve",
        "/admin/provisioning/all/maybe",
    ] {
        let response = admin.post_form(path, &[("csrf", &csrf)]).await;
        assert_eq!(response.status(), 404, "{path}");
    }
    let response = admin
        .post_form("/admin/provisioning/all/approve", &[("csrf", "forged")])
        .await;
    assert_eq!(response.status(), 403);
    assert_eq!(
        app.count("audit_log").await,
        0,
        "nothing was decided or logged"
    );
}
