//! Bad requests get 400 (or 409, 413, 401) with a SCIM error, and write nothing.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{Directory, entra_user, written};
use crate::server::app::TestApp;

async fn refused(
    directory: &Directory,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let before = written(&directory.app).await;
    let (status, body) = directory.send(method, path, body).await;
    assert_eq!(
        written(&directory.app).await,
        before,
        "nothing was written: {body}"
    );
    assert_eq!(
        body["schemas"][0],
        "urn:ietf:params:scim:api:messages:2.0:Error"
    );
    assert_eq!(body["status"], status.as_u16().to_string());
    (status, body)
}

#[tokio::test]
async fn an_unknown_attribute_is_refused_as_invalid_syntax() {
    let app = TestApp::spawn().await;
    let directory = Directory::connect(&app).await;
    let mut user = entra_user("a@malmo.se", "Fritid");
    user["favouriteColour"] = json!("blå");
    let (status, body) = refused(&directory, reqwest::Method::POST, "/Users", Some(user)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["scimType"], "invalidSyntax");
    assert!(body["detail"].as_str().unwrap().contains("favouriteColour"));
}

#[tokio::test]
async fn a_malformed_or_unsupported_filter_is_refused_as_invalid_filter() {
    let app = TestApp::spawn().await;
    let directory = Directory::connect(&app).await;
    for filter in [
        "userName%20eq",
        "userName%20eq%20%22a%22%20and",
        "title%20eq%20%22Chef%22",
    ] {
        let (status, body) = refused(
            &directory,
            reqwest::Method::GET,
            &format!("/Users?filter={filter}"),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{filter}");
        assert_eq!(body["scimType"], "invalidFilter", "{filter}");
    }
}

#[tokio::test]
async fn an_address_that_is_not_one_is_refused_as_invalid_value() {
    let app = TestApp::spawn().await;
    let directory = Directory::connect(&app).await;
    let mut user = entra_user("b@malmo.se", "Fritid");
    user["emails"][0]["value"] = json!("b på malmo");
    let (status, body) = refused(&directory, reqwest::Method::POST, "/Users", Some(user)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["scimType"], "invalidValue");
}

#[tokio::test]
async fn a_duplicate_user_name_is_a_uniqueness_conflict() {
    let app = TestApp::spawn().await;
    let directory = Directory::connect(&app).await;
    let id = directory.create("c@malmo.se", "Fritid").await;
    let mut again = entra_user("c@malmo.se", "Fritid");
    again["userName"] = json!("C@Malmo.se");
    let (status, body) = refused(&directory, reqwest::Method::POST, "/Users", Some(again)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["scimType"], "uniqueness");

    // A change of address to someone else's is refused the same way.
    directory.create("d@malmo.se", "Fritid").await;
    let ops = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "emails[type eq \"work\"].value", "value": "d@malmo.se"}]});
    let (status, body) = refused(
        &directory,
        reqwest::Method::PATCH,
        &format!("/Users/{id}"),
        Some(ops),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["scimType"], "uniqueness");
}

#[tokio::test]
async fn an_oversized_body_is_refused_with_413() {
    let app = TestApp::spawn().await;
    let directory = Directory::connect(&app).await;
    let mut user = entra_user("e@malmo.se", "Fritid");
    user["title"] = json!("x".repeat(70 * 1024));
    let (status, _) = refused(&directory, reqwest::Method::POST, "/Users", Some(user)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn a_body_that_is_not_json_and_a_bad_patch_are_refused() {
    let app = TestApp::spawn().await;
    let directory = Directory::connect(&app).await;
    let id = directory.create("f@malmo.se", "Fritid").await;
    let response = app
        .client
        .post(directory.url("/Users"))
        .bearer_auth(&directory.token)
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["scimType"], "invalidSyntax");
    for (operations, expected) in [
        (
            json!([{"op": "Move", "path": "active", "value": false}]),
            "invalidSyntax",
        ),
        (json!([{"op": "remove"}]), "noTarget"),
        (
            json!([{"op": "replace", "path": "emails[type", "value": "x"}]),
            "invalidPath",
        ),
        (
            json!([{"op": "replace", "path": "id", "value": "9"}]),
            "mutability",
        ),
        (
            json!([{"op": "replace", "path": "active", "value": "maybe"}]),
            "invalidValue",
        ),
    ] {
        let body = json!({"Operations": operations});
        let (status, answer) = refused(
            &directory,
            reqwest::Method::PATCH,
            &format!("/Users/{id}"),
            Some(body),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{operations}");
        assert_eq!(answer["scimType"], expected, "{operations}");
    }
}

#[tokio::test]
async fn a_missing_revoked_or_wrong_token_gets_401_in_the_scim_format() {
    let app = TestApp::spawn().await;
    let mut directory = Directory::connect(&app).await;
    for token in ["", "bryggan_scim_0000", "Basic dXNlcjpwYXNz"] {
        directory.token = token.to_owned();
        let (status, body) = refused(&directory, reqwest::Method::GET, "/Users", None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{token:?}");
        assert!(body["detail"].as_str().unwrap().contains("bearer token"));
    }
    let directory = Directory::named(&app, "entra-2").await;
    let token = directory.token.clone();
    bryggan::provisioning::tokens::revoke(&app.db, "entra-2", chrono::Utc::now())
        .await
        .unwrap();
    let response = app
        .client
        .get(directory.url("/Users"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        response.headers()["www-authenticate"],
        "Bearer realm=\"scim\""
    );
}

#[tokio::test]
async fn an_unknown_user_or_endpoint_is_a_scim_404_and_a_wrong_method_a_405() {
    let app = TestApp::spawn().await;
    let directory = Directory::connect(&app).await;
    for path in [
        "/Users/999999",
        "/Users/not-a-number",
        "/Groups",
        "/Schemas/urn:example:nothing",
    ] {
        let (status, body) = refused(&directory, reqwest::Method::GET, path, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(body["status"], "404");
    }
    let (status, _) = refused(
        &directory,
        reqwest::Method::DELETE,
        "/ServiceProviderConfig",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
}
