//! Provisioning from the directory through SCIM 2.0, with requests shaped like Entra ID's:
//! joiners, movers and leavers; nobody is ever deleted; a run of deactivations that looks
//! like a broken sync is held for an admin; bad requests write nothing.

mod bad_input;
mod checker;
mod entra;
mod guard;
mod source_of_staff;

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::app::TestApp;

pub const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
pub const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/// The directory's side: a token, and requests to `/scim/v2`.
pub struct Directory {
    pub app: TestApp,
    pub token: String,
}

impl Directory {
    pub async fn connect(app: &TestApp) -> Directory {
        Directory::named(app, "entra").await
    }

    /// With a token of its own called `name`.
    pub async fn named(app: &TestApp, name: &str) -> Directory {
        let token = bryggan::provisioning::tokens::create(&app.db, name, chrono::Utc::now())
            .await
            .unwrap();
        Directory {
            app: app.clone(),
            token,
        }
    }

    pub fn url(&self, path: &str) -> String {
        self.app.url(&format!("/scim/v2{path}"))
    }

    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self
            .app
            .client
            .request(method, self.url(path))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            request = request
                .header("content-type", "application/scim+json")
                .body(body.to_string());
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        if status != StatusCode::NO_CONTENT {
            let content_type = response.headers()["content-type"]
                .to_str()
                .unwrap()
                .to_owned();
            assert_eq!(content_type, "application/scim+json", "{path}");
        }
        let text = response.text().await.unwrap();
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap()
        };
        (status, body)
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.send(reqwest::Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::PUT, path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, operations: Value) -> (StatusCode, Value) {
        let body = json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": operations,
        });
        self.send(reqwest::Method::PATCH, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> (StatusCode, Value) {
        self.send(reqwest::Method::DELETE, path, None).await
    }

    /// Provisions someone as Entra's create does; returns their SCIM id.
    pub async fn create(&self, user_name: &str, department: &str) -> String {
        let (status, body) = self.post("/Users", entra_user(user_name, department)).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body["id"].as_str().unwrap().to_owned()
    }
}

/// A user as Entra's default attribute mappings send it.
pub fn entra_user(user_name: &str, department: &str) -> Value {
    let (local, _) = user_name.split_once('@').unwrap();
    json!({
        "schemas": [USER, ENTERPRISE],
        "externalId": local,
        "userName": user_name,
        "active": true,
        "displayName": format!("Person {local}"),
        "emails": [{"primary": true, "type": "work", "value": user_name}],
        "preferredLanguage": "sv-SE",
        "name": {"formatted": format!("Person {local}"), "familyName": local, "givenName": "Person"},
        ENTERPRISE: {"department": department, "employeeNumber": format!("E-{local}")},
    })
}

/// What a refused request must leave untouched: people, departments, the log and mail.
pub async fn written(app: &TestApp) -> [i64; 4] {
    [
        app.count("users").await,
        app.count("departments").await,
        app.count("audit_log").await,
        app.count("outbox").await,
    ]
}
