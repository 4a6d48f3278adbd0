//! The directory's requests as Entra ID sends them: create with the enterprise
//! extension, capitalised PATCH operations with string booleans, value-filter paths,
//! a new manager, a department move, DELETE and reactivation.

use bryggan::domain::Language;
use bryggan::store::users;
use reqwest::StatusCode;
use serde_json::json;

use super::{Directory, ENTERPRISE, entra_user};
use crate::server::app::TestApp;

async fn account(app: &TestApp, id: &str) -> users::User {
    users::find(&app.db, id.parse().unwrap())
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn a_create_with_the_enterprise_extension_makes_a_learner_in_that_department() {
    let app = TestApp::spawn().await;
    let directory = Directory::connect(&app).await;
    let body: serde_json::Value =
        serde_json::from_str(include_str!("../../../fixtures/scim/entra_create.json")).unwrap();
    let (status, created) = directory.post("/Users", body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().unwrap();
    assert_eq!(created["userName"], "Anna.Berg@malmo.se");
    assert_eq!(created[ENTERPRISE]["department"], "Socialförvaltningen");
    assert_eq!(created[ENTERPRISE]["employeeNumber"], "701234");
    assert_eq!(
        created["meta"]["location"],
        directory.url(&format!("/Users/{id}"))
    );
    assert!(
        created.get("phoneNumbers").is_none(),
        "unkept attributes are not stored"
    );

    let anna = account(&app, id).await;
    assert_eq!(anna.email.as_str(), "anna.berg@malmo.se");
    assert_eq!(anna.name, "Anna Berg");
    assert_eq!(anna.role, bryggan::domain::Role::Learner);
    assert_eq!(anna.locale, Language::Sv);
    assert!(anna.active);

    let (status, found) = directory
        .get("/Users?filter=userName%20eq%20%22anna.berg%40MALMO.se%22")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        found["totalResults"], 1,
        "userName is matched without regard to case"
    );
    assert_eq!(found["Resources"][0]["id"], id);
}

#[tokio::test]
async fn entras_replace_of_active_with_the_string_false_deactivates_and_cancels_reminders() {
    let app = TestApp::spawn().await;
    let directory = Directory::connect(&app).await;
    let id = directory.create("per@malmo.se", "Fritid").await;
    let (status, body) = directory
        .patch(
            &format!("/Users/{id}"),
            json!([{"op": "Replace", "path": "active", "value": "False"}]),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["active"], false);
    let per = account(&app, &id).await;
    assert!(!per.active);
    assert_eq!(app.count("users").await, 1, "the account is kept");
}

#[tokio::test]
async fn a_patch_of_the_work_address_through_a_value_filter_changes_the_account_address() {
    let app = TestApp::spawn().await;
    let directory = Directory::connect(&app).await;
    let id = directory.create("eva@malmo.se", "Fritid").await;
    let (status, body) = directory
        .patch(
            &format!("/Users/{id}"),
            json!([{"op": "Replace", "path": "emails[type eq \"work\"].value", "value": "eva.lind@malmo.se"}]),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["emails"][0]["value"], "eva.lind@malmo.se");
    assert_eq!(account(&app, &id).await.email.as_str(), "eva.lind@malmo.se");
    assert_eq!(
        body["userName"], "eva@malmo.se",
        "userName is its own attribute"
    );
}

#[tokio::test]
async fn a_new_manager_is_resolved_to_their_address() {
    let app = TestApp::spawn().await;
    let directory = Directory::connect(&app).await;
    let boss = directory.create("chef@malmo.se", "Fritid").await;
    let id = directory.create("ali@malmo.se", "Fritid").await;
    let (status, body) = directory
        .patch(
            &format!("/Users/{id}"),
            json!([{"op": "Add", "path": format!("{ENTERPRISE}:manager"), "value": boss}]),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body[ENTERPRISE]["manager"]["value"], boss.as_str());
    assert_eq!(
        account(&app, &id).await.manager_email.as_deref(),
        Some("chef@malmo.se")
    );

    let (status, body) = directory
        .patch(
            &format!("/Users/{id}"),
            json!([{"op": "Replace", "path": format!("{ENTERPRISE}:manager"), "value": "999999"}]),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["scimType"], "invalidValue");
    assert_eq!(
        account(&app, &id).await.manager_email.as_deref(),
        Some("chef@malmo.se")
    );
}

#[tokio::test]
async fn a_department_move_places_a_flat_name_under_the_configured_root() {
    let app = TestApp::spawn_customised(
        None,
        std::sync::Arc::new(|s| s.provisioning.department_root = Some("Malmö stad".into())),
    )
    .await;
    let directory = Directory::connect(&app).await;
    let id = directory.create("lo@malmo.se", "Fritid").await;
    let (status, body) = directory
        .patch(&format!("/Users/{id}"), json!([{"op": "Replace", "path": format!("{ENTERPRISE}:department"), "value": "Skola"}]))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body[ENTERPRISE]["department"], "Skola",
        "read back as the directory named it"
    );
    let lo = account(&app, &id).await;
    let path = users::find_department(&app.db, "Malmö stad/Skola")
        .await
        .unwrap();
    assert_eq!(lo.department_id, path);

    let (_, body) = directory
        .put(
            &format!("/Users/{id}"),
            entra_user("lo@malmo.se", "Lund/Skola/Nord"),
        )
        .await;
    assert_eq!(
        body[ENTERPRISE]["department"], "Lund/Skola/Nord",
        "a path is used as it is"
    );
}

#[tokio::test]
async fn delete_deactivates_keeps_the_account_and_hides_it_from_the_directory() {
    let app = TestApp::spawn().await;
    let directory = Directory::connect(&app).await;
    let id = directory.create("kim@malmo.se", "Fritid").await;
    let (status, _) = directory.delete(&format!("/Users/{id}")).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = directory.get(&format!("/Users/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["status"], "404");
    let kim = account(&app, &id).await;
    assert!(!kim.active, "deactivated, not deleted");
    assert_eq!(app.count("users").await, 1);
    let (status, _) = directory.delete(&format!("/Users/{id}")).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a second DELETE finds nothing"
    );
}

#[tokio::test]
async fn reactivation_restores_the_same_account_with_its_history() {
    let app = TestApp::spawn().await;
    let directory = Directory::connect(&app).await;
    let id = directory.create("mo@malmo.se", "Fritid").await;
    directory
        .patch(
            &format!("/Users/{id}"),
            json!([{"op": "Replace", "path": "active", "value": false}]),
        )
        .await;
    let (status, body) = directory
        .patch(
            &format!("/Users/{id}"),
            json!([{"op": "Replace", "path": "active", "value": "True"}]),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["active"], true);
    assert!(account(&app, &id).await.active);

    // Deleted in the directory and created again: the same account comes back.
    directory.delete(&format!("/Users/{id}")).await;
    let again = directory.create("mo@malmo.se", "Fritid").await;
    assert_eq!(again, id);
    assert!(account(&app, &id).await.active);
    assert_eq!(app.count("users").await, 1);
}

#[tokio::test]
async fn staff_imported_before_are_matched_by_user_name_and_linked_not_duplicated() {
    let app = TestApp::spawn().await;
    let existing = app
        .add_user("sara@malmo.se", bryggan::domain::Role::Learner)
        .await;
    let directory = Directory::connect(&app).await;
    let (_, found) = directory
        .get("/Users?filter=userName%20eq%20%22sara%40malmo.se%22")
        .await;
    assert_eq!(found["Resources"][0]["id"], existing.to_string());
    let id = directory.create("sara@malmo.se", "Fritid").await;
    assert_eq!(
        id,
        existing.to_string(),
        "the account is linked, not duplicated"
    );
    assert_eq!(app.count("users").await, 1);
}

#[tokio::test]
async fn every_change_by_the_directory_is_in_the_audit_log() {
    let app = TestApp::spawn().await;
    let directory = Directory::connect(&app).await;
    let id = directory.create("ur@malmo.se", "Fritid").await;
    directory
        .patch(
            &format!("/Users/{id}"),
            json!([{"op": "replace", "path": "displayName", "value": "Ur Ek"}]),
        )
        .await;
    directory.delete(&format!("/Users/{id}")).await;
    let actions: Vec<String> = bryggan::store::audit::page(&app.db, 10, 0)
        .await
        .unwrap()
        .into_iter()
        .map(|e| format!("{} {}", e.actor, e.action))
        .collect();
    assert_eq!(
        actions,
        [
            "scim:entra scim.user_deactivated",
            "scim:entra scim.user_updated",
            "scim:entra scim.user_created",
        ]
    );
}
