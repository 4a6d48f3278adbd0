//! Session tokens that must not open anything: each answered 401.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use bryggan::domain::Role;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::{Value, json};

use super::app::{JWT_SECRET, TestApp, client};

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn claims(user_id: i64) -> Value {
    json!({ "sub": user_id.to_string(), "generation": 0, "iss": "bryggan", "aud": "bryggan", "iat": now(), "exp": now() + 600 })
}

fn sign(claims: &Value, secret: &str) -> String {
    encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

async fn status_with(app: &TestApp, token: &str) -> u16 {
    client()
        .get(app.url("/api/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn status_with_cookie(app: &TestApp, token: &str) -> u16 {
    client()
        .get(app.url("/courses"))
        .header("cookie", format!("bryggan_session={token}"))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_correctly_signed_token_opens_the_api_and_the_pages() {
    let app = TestApp::spawn().await;
    let id = app.add_user("lina@kommun.se", Role::Learner).await;
    let token = sign(&claims(id), JWT_SECRET);
    assert_eq!(status_with(&app, &token).await, 200);
    assert_eq!(status_with_cookie(&app, &token).await, 200);
}

#[tokio::test]
async fn a_token_with_alg_none_is_refused() {
    let app = TestApp::spawn().await;
    let id = app.add_user("lina@kommun.se", Role::Learner).await;
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(claims(id).to_string());
    let token = format!("{header}.{payload}.");
    assert_eq!(status_with(&app, &token).await, 401);
    assert_eq!(status_with_cookie(&app, &token).await, 303);
}

#[tokio::test]
async fn a_token_signed_with_another_key_is_refused() {
    let app = TestApp::spawn().await;
    let id = app.add_user("lina@kommun.se", Role::Learner).await;
    assert_eq!(
        status_with(
            &app,
            &sign(&claims(id), "another secret, another secret, another")
        )
        .await,
        401
    );
}

#[tokio::test]
async fn a_token_with_another_algorithm_is_refused() {
    let app = TestApp::spawn().await;
    let id = app.add_user("lina@kommun.se", Role::Learner).await;
    let token = encode(
        &Header::new(Algorithm::HS512),
        &claims(id),
        &EncodingKey::from_secret(JWT_SECRET.as_bytes()),
    )
    .unwrap();
    assert_eq!(status_with(&app, &token).await, 401);
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    let app = TestApp::spawn().await;
    let id = app.add_user("lina@kommun.se", Role::Learner).await;
    let mut expired = claims(id);
    expired["iat"] = json!(now() - 7200);
    expired["exp"] = json!(now() - 3600);
    assert_eq!(status_with(&app, &sign(&expired, JWT_SECRET)).await, 401);
}

#[tokio::test]
async fn a_token_for_another_audience_is_refused() {
    let app = TestApp::spawn().await;
    let id = app.add_user("lina@kommun.se", Role::Learner).await;
    let mut other = claims(id);
    other["aud"] = json!("another-app");
    assert_eq!(status_with(&app, &sign(&other, JWT_SECRET)).await, 401);
}

#[tokio::test]
async fn a_token_from_another_issuer_is_refused() {
    let app = TestApp::spawn().await;
    let id = app.add_user("lina@kommun.se", Role::Learner).await;
    let mut other = claims(id);
    other["iss"] = json!("someone-else");
    assert_eq!(status_with(&app, &sign(&other, JWT_SECRET)).await, 401);
}

#[tokio::test]
async fn a_token_of_a_user_who_no_longer_exists_is_refused() {
    let app = TestApp::spawn().await;
    let id = app.add_user("lina@kommun.se", Role::Learner).await;
    assert_eq!(
        status_with(&app, &sign(&claims(id + 1000), JWT_SECRET)).await,
        401
    );
}

#[tokio::test]
async fn a_token_issued_before_sign_out_is_refused() {
    let app = TestApp::spawn().await;
    let id = app.add_user("lina@kommun.se", Role::Learner).await;
    let token = sign(&claims(id), JWT_SECRET);
    bryggan::store::users::bump_token_generation(&app.db, id)
        .await
        .unwrap();
    assert_eq!(status_with(&app, &token).await, 401);
}

#[tokio::test]
async fn a_token_without_an_expiry_is_refused() {
    let app = TestApp::spawn().await;
    let id = app.add_user("lina@kommun.se", Role::Learner).await;
    let mut forever = claims(id);
    forever.as_object_mut().unwrap().remove("exp");
    assert_eq!(status_with(&app, &sign(&forever, JWT_SECRET)).await, 401);
}

#[tokio::test]
async fn a_session_in_its_second_half_is_renewed_and_a_fresh_one_is_not() {
    let app = TestApp::spawn().await;
    let id = app.add_user("lina@kommun.se", Role::Learner).await;
    let session_cookie = |response: &reqwest::Response| {
        response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("bryggan_session="))
            .map(str::to_owned)
    };
    let mut old = claims(id);
    old["iat"] = json!(now() - 25 * 60);
    old["exp"] = json!(now() + 5 * 60);
    let old = sign(&old, JWT_SECRET);
    let response = client()
        .get(app.url("/courses"))
        .header("cookie", format!("bryggan_session={old}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let renewed = session_cookie(&response).expect("a renewed session cookie");
    assert!(
        !renewed.contains(&old) && renewed.contains("HttpOnly"),
        "{renewed}"
    );

    let mut fresh = claims(id);
    fresh["exp"] = json!(now() + 30 * 60);
    let fresh = sign(&fresh, JWT_SECRET);
    let response = client()
        .get(app.url("/courses"))
        .header("cookie", format!("bryggan_session={fresh}"))
        .send()
        .await
        .unwrap();
    assert_eq!(session_cookie(&response), None);
}
