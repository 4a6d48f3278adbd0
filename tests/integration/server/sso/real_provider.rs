//! The same sign-in against a real, OpenID-certified provider (npm `oidc-provider`, the one
//! the e2e suite runs, from `e2e/oidc/`), driven through its own login and consent forms.
//! Needs Node and `npm ci` in `e2e/`; without them the test says so and passes, unless
//! `BRYGGAN_REQUIRE_OIDC_PROVIDER` is set, as CI sets it.

use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use bryggan::domain::Role;
use bryggan::sso::SsoSettings;

use super::super::app::TestApp;
use crate::helpers::repo_path;

const CLIENT_ID: &str = "bryggan-e2e";
const CLIENT_SECRET: &str = "a-client-secret-for-the-e2e-tests";

struct Node(Child);

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.0.kill();
    }
}

fn available() -> bool {
    let installed = repo_path("e2e/node_modules/oidc-provider").is_dir()
        && Command::new("node")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
    if !installed && std::env::var_os("BRYGGAN_REQUIRE_OIDC_PROVIDER").is_some() {
        panic!("the real OpenID provider is required: install Node and run `npm ci` in e2e/");
    }
    if !installed {
        eprintln!("skipped: the real OpenID provider needs Node and `npm ci` in e2e/");
    }
    installed
}

fn start_provider(port: u16, bryggan: &str) -> Node {
    use std::io::BufRead;
    let mut child = Command::new("node")
        .arg(repo_path("e2e/oidc/serve.mjs"))
        .arg(port.to_string())
        .arg(bryggan)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("node starts");
    let stdout = child.stdout.take().unwrap();
    let mut lines = std::io::BufReader::new(stdout).lines();
    assert!(
        lines.any(|l| l.is_ok_and(|l| l == "listening")),
        "the provider started"
    );
    // The provider prints notices as it works; a closed pipe would stop it.
    std::thread::spawn(move || lines.for_each(drop));
    Node(child)
}

/// Follows redirects and submits each form the provider shows (login, then consent) until
/// the browser is back at Bryggan's callback; returns Bryggan's answer to it.
async fn through_the_provider(app: &TestApp, start: &str, login: &str) -> reqwest::Response {
    let mut response = app.client.get(start).send().await.unwrap();
    for _ in 0..20 {
        if let Some(location) = response.headers().get("location") {
            let next = response.url().join(location.to_str().unwrap()).unwrap();
            if next.path() == "/sign-in/oidc/callback" {
                return app.client.get(next).send().await.unwrap();
            }
            response = app.client.get(next).send().await.unwrap();
            continue;
        }
        let page_url = response.url().clone();
        let page = response.text().await.unwrap();
        let action = page_url.join(&attribute(&page, "action")).unwrap();
        let mut fields: Vec<(String, String)> = Vec::new();
        for input in page.split("<input").skip(1) {
            let name = attribute(input, "name");
            let value = match name.as_str() {
                "login" => login.to_owned(),
                "password" => "any password".to_owned(),
                _ => attribute(input, "value"),
            };
            fields.push((name, value));
        }
        response = app.client.post(action).form(&fields).send().await.unwrap();
    }
    panic!("the provider never sent the browser back");
}

fn attribute(html: &str, name: &str) -> String {
    let marker = format!("{name}=\"");
    html.find(&marker)
        .map(|i| {
            let rest = &html[i + marker.len()..];
            rest[..rest.find('"').unwrap_or(rest.len())].replace("&amp;", "&")
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn a_real_openid_provider_signs_a_person_in_through_its_own_login_page() {
    if !available() {
        return;
    }
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let issuer = format!("http://127.0.0.1:{port}");
    let app = TestApp::spawn_customised(None, {
        let issuer = issuer.clone();
        Arc::new(move |settings| {
            settings.sso = Some(SsoSettings {
                issuer: issuer.clone(),
                client_id: CLIENT_ID.into(),
                client_secret: bryggan::config::Secret::new(CLIENT_SECRET.into()),
                allowed_tenants: vec!["72f988bf-86f1-41af-91ab-2d7cd011db47".into()],
                button_label_sv: None,
                button_label_en: None,
                scopes: vec!["openid".into(), "email".into(), "profile".into()],
                create_accounts: false,
                default_department: None,
            });
        })
    })
    .await;
    let _provider = start_provider(port, &app.address);
    let lina = app.add_user("lina@malmo.se", Role::Learner).await;

    let answer = through_the_provider(&app, &app.url("/sign-in/oidc"), "lina@malmo.se").await;
    assert_eq!(answer.status(), 303);
    assert_eq!(answer.headers()["location"], "/courses");
    assert_eq!(app.get("/courses").await.status(), 200);
    let entries = bryggan::store::audit::page(&app.db, 1, 0).await.unwrap();
    assert_eq!(
        (entries[0].action.as_str(), entries[0].actor_id),
        ("sso.linked", Some(lina))
    );

    let stranger = app.another_visitor();
    let refused =
        through_the_provider(&stranger, &stranger.url("/sign-in/oidc"), "okand@malmo.se").await;
    assert_eq!(refused.status(), 403);
    assert_eq!(app.count("sso_identities").await, 1);
}
