//! Single sign-on through the OpenID code flow with PKCE, against a provider on loopback:
//! a person from the staff import signs in and lands on their courses; every forged or
//! invalid answer is refused with a clear page, creates no session, links and creates
//! nobody, and is in the audit log; keys rotate; passwords can be turned off.

mod provider;
mod real_provider;

use std::collections::HashMap;
use std::sync::Arc;

use bryggan::domain::Role;
use bryggan::sso::SsoSettings;
use sea_orm::ConnectionTrait;
use serde_json::json;

use super::app::TestApp;
use provider::{CLIENT_ID, CLIENT_SECRET, Forge, ForgingProvider, Signing, TENANT};

const LINA: &str = "lina@malmo.se";

/// A sign-in that Bryggan sent to the provider: what the provider saw in the redirect.
struct Login {
    state: String,
    nonce: String,
    challenge: String,
    query: HashMap<String, String>,
}

struct Sso {
    app: TestApp,
    provider: ForgingProvider,
}

impl Sso {
    async fn spawn() -> Sso {
        Sso::spawn_with(|_| {}).await
    }

    async fn spawn_with(change: fn(&mut SsoSettings)) -> Sso {
        let provider = ForgingProvider::start().await;
        let issuer = provider.issuer.clone();
        let app = TestApp::spawn_customised(
            None,
            Arc::new(move |settings| {
                let mut sso = sso_settings(&issuer);
                sso.button_label_sv = Some("Logga in med ditt kommunkonto".into());
                change(&mut sso);
                settings.sso = Some(sso);
            }),
        )
        .await;
        Sso { app, provider }
    }

    async fn begin(&self) -> Login {
        let response = self.app.get("/sign-in/oidc").await;
        assert_eq!(response.status(), 302);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        assert!(
            location.starts_with(&format!("{}/authorize?", self.provider.issuer)),
            "{location}"
        );
        let query: HashMap<String, String> = url::Url::parse(&location)
            .unwrap()
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        Login {
            state: query["state"].clone(),
            nonce: query["nonce"].clone(),
            challenge: query["code_challenge"].clone(),
            query,
        }
    }

    async fn callback(&self, query: &str) -> reqwest::Response {
        self.app
            .get(&format!("/sign-in/oidc/callback?{query}"))
            .await
    }

    /// A whole sign-in whose token the provider mints from `forge` (given the nonce).
    async fn sign_in_with(
        &self,
        forge: impl FnOnce(&ForgingProvider, &str) -> Forge,
    ) -> reqwest::Response {
        let login = self.begin().await;
        let code = bryggan::auth::random_hex(8);
        self.provider
            .issue_code(&code, &login.challenge, forge(&self.provider, &login.nonce));
        self.callback(&format!("code={code}&state={}", login.state))
            .await
    }

    /// Rows an accepted sign-in would write, for checking that a refusal wrote none.
    async fn footprint(&self) -> (i64, i64) {
        (
            self.app.count("users").await,
            self.app.count("sso_identities").await,
        )
    }

    /// The reasons of the audited refusals, oldest first.
    async fn refusals(&self) -> Vec<String> {
        bryggan::store::audit::page(&self.app.db, 100, 0)
            .await
            .unwrap()
            .into_iter()
            .rev()
            .filter(|e| e.action == "sso.refused")
            .map(|e| {
                serde_json::from_str::<serde_json::Value>(&e.details).unwrap()["reason"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    }

    async fn signed_in(&self) -> bool {
        self.app.get("/courses").await.status() == 200
    }
}

fn session_cookie_set(response: &reqwest::Response) -> bool {
    response.headers().get_all("set-cookie").iter().any(|c| {
        c.to_str().unwrap().starts_with("bryggan_session=")
            && !c.to_str().unwrap().starts_with("bryggan_session=;")
    })
}

#[tokio::test]
async fn a_person_from_the_staff_import_signs_in_with_the_provider_and_lands_on_their_courses() {
    let sso = Sso::spawn().await;
    let lina = sso.app.add_user(LINA, Role::Learner).await;

    let page = sso.app.get_html("/sign-in").await;
    let button = page
        .find("Logga in med ditt kommunkonto")
        .expect("the SSO button");
    assert!(
        button < page.find("id=\"password\"").unwrap(),
        "the SSO button comes first"
    );

    let login = sso.begin().await;
    assert_eq!(login.query["response_type"], "code");
    assert_eq!(login.query["client_id"], CLIENT_ID);
    assert_eq!(login.query["code_challenge_method"], "S256");
    assert_eq!(login.query["scope"], "openid email profile");
    assert_eq!(
        login.query["redirect_uri"],
        sso.app.url("/sign-in/oidc/callback")
    );
    let code = "a-code";
    sso.provider.issue_code(
        code,
        &login.challenge,
        sso.provider.valid(&login.nonce, LINA),
    );
    let response = sso
        .callback(&format!("code={code}&state={}", login.state))
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/courses");
    let courses = sso.app.get_html("/courses").await;
    assert!(courses.contains("Mina kurser"), "{courses}");

    let entries = bryggan::store::audit::page(&sso.app.db, 10, 0)
        .await
        .unwrap();
    assert_eq!(entries[0].action, "sso.linked");
    assert_eq!(entries[0].actor_id, Some(lina));
    assert_eq!(sso.app.count("sso_identities").await, 1);
}

#[tokio::test]
async fn a_later_sign_in_finds_the_account_by_its_provider_identity_even_with_a_new_address() {
    let sso = Sso::spawn().await;
    let lina = sso.app.add_user(LINA, Role::Learner).await;
    sso.sign_in_with(|p, nonce| p.valid(nonce, LINA)).await;
    let visitor = Sso {
        app: sso.app.another_visitor(),
        provider: sso.provider.clone(),
    };
    let response = visitor
        .sign_in_with(|p, nonce| Forge {
            email: Some("lina.nguyen@malmo.se".into()),
            ..p.valid(nonce, LINA)
        })
        .await;
    assert_eq!(response.status(), 303);
    let entries = bryggan::store::audit::page(&sso.app.db, 1, 0)
        .await
        .unwrap();
    assert_eq!(
        (entries[0].action.as_str(), entries[0].actor_id),
        ("sso.sign_in", Some(lina))
    );
    assert_eq!(sso.footprint().await, (1, 1));
}

#[tokio::test]
async fn without_an_email_claim_entras_preferred_username_is_the_address() {
    let sso = Sso::spawn().await;
    let lina = sso.app.add_user(LINA, Role::Learner).await;
    let response = sso
        .sign_in_with(|p, n| Forge {
            email: None,
            preferred_username: Some("Lina@Malmo.se".into()),
            ..p.valid(n, LINA)
        })
        .await;
    assert_eq!(response.status(), 303, "matched without regard to case");
    let entries = bryggan::store::audit::page(&sso.app.db, 1, 0)
        .await
        .unwrap();
    assert_eq!(entries[0].actor_id, Some(lina));
}

#[tokio::test]
async fn an_unreachable_provider_gets_a_clear_page_but_leaves_passwords_and_readiness_alone() {
    let sso = Sso::spawn().await;
    sso.provider.stop().await;
    let response = sso.app.get("/sign-in/oidc").await;
    assert_eq!(response.status(), 503);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Din organisations inloggning går inte att nå just nu.")
    );
    assert_eq!(sso.app.get("/readyz").await.status(), 200);
    sso.app.add_user(LINA, Role::Learner).await;
    sso.app.sign_in(LINA).await;
    assert!(sso.signed_in().await, "passwords still work");
}

#[tokio::test]
async fn a_forged_or_invalid_id_token_is_refused_creates_no_session_and_is_audited() {
    type Change = fn(&ForgingProvider, &str) -> Forge;
    let cases: &[(&str, Change)] = &[
        ("issuer", |p, n| Forge {
            iss: "https://login.example.com/other".into(),
            ..p.valid(n, LINA)
        }),
        ("audience", |p, n| Forge {
            aud: json!("another-client"),
            ..p.valid(n, LINA)
        }),
        ("audience", |p, n| Forge {
            aud: json!([CLIENT_ID, "another-client"]),
            ..p.valid(n, LINA)
        }),
        ("audience", |p, n| Forge {
            azp: Some("another-client".into()),
            ..p.valid(n, LINA)
        }),
        ("expired", |p, n| Forge {
            exp_in: -300,
            iat_in: -600,
            ..p.valid(n, LINA)
        }),
        ("issued_in_future", |p, n| Forge {
            iat_in: 600,
            exp_in: 900,
            ..p.valid(n, LINA)
        }),
        ("nonce", |p, _| p.valid("another-nonce", LINA)),
        ("algorithm", |p, n| Forge {
            signing: Signing::Unsigned,
            ..p.valid(n, LINA)
        }),
        ("algorithm", |p, n| Forge {
            signing: Signing::ClientSecret,
            ..p.valid(n, LINA)
        }),
        ("bad_signature", |p, n| Forge {
            signing: Signing::Key("key2", "key1"),
            ..p.valid(n, LINA)
        }),
        ("no_email", |p, n| Forge {
            email: None,
            ..p.valid(n, LINA)
        }),
    ];
    let sso = Sso::spawn().await;
    sso.app.add_user(LINA, Role::Learner).await;
    let before = sso.footprint().await;
    for (reason, forge) in cases {
        let response = sso.sign_in_with(*forge).await;
        assert_eq!(response.status(), 401, "{reason}");
        assert!(!session_cookie_set(&response), "{reason}");
        let page = response.text().await.unwrap();
        assert!(
            page.contains(
                "Din organisations inloggning kunde inte bekräftas, så du är inte inloggad."
            ),
            "{reason}: {page}"
        );
        assert!(!sso.signed_in().await, "{reason}");
        assert_eq!(sso.footprint().await, before, "{reason}");
    }
    let expected: Vec<String> = cases.iter().map(|(r, _)| (*r).to_owned()).collect();
    assert_eq!(sso.refusals().await, expected);
}

#[tokio::test]
async fn a_tenant_outside_the_allowlist_is_refused() {
    let sso = Sso::spawn_with(|s| s.allowed_tenants = vec![TENANT.into()]).await;
    sso.app.add_user(LINA, Role::Learner).await;
    let other = sso
        .sign_in_with(|p, n| Forge {
            tid: Some("another-tenant".into()),
            ..p.valid(n, LINA)
        })
        .await;
    assert_eq!(other.status(), 401);
    let none = sso
        .sign_in_with(|p, n| Forge {
            tid: None,
            ..p.valid(n, LINA)
        })
        .await;
    assert_eq!(none.status(), 401);
    assert_eq!(sso.refusals().await, ["tenant", "tenant"]);
    assert_eq!(
        sso.sign_in_with(|p, n| p.valid(n, LINA)).await.status(),
        303
    );
}

#[tokio::test]
async fn a_replayed_missing_or_foreign_state_and_a_reused_code_are_refused() {
    let sso = Sso::spawn().await;
    sso.app.add_user(LINA, Role::Learner).await;
    let login = sso.begin().await;
    sso.provider.issue_code(
        "c1",
        &login.challenge,
        sso.provider.valid(&login.nonce, LINA),
    );

    // The callback from another browser, which has no cookie for this sign-in.
    let stranger = sso.app.another_visitor();
    let response = stranger
        .get(&format!(
            "/sign-in/oidc/callback?code=c1&state={}",
            login.state
        ))
        .await;
    assert_eq!(response.status(), 400);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Inloggningen tog för lång tid eller har redan använts.")
    );
    // The state was used up by that attempt, so the real browser cannot use it either.
    let replayed = sso
        .callback(&format!("code=c1&state={}", login.state))
        .await;
    assert_eq!(replayed.status(), 400);
    let missing = sso.callback("code=c1").await;
    assert_eq!(missing.status(), 400);

    // A code goes to the provider once: a second callback with it has no state left.
    let login = sso.begin().await;
    sso.provider.issue_code(
        "c2",
        &login.challenge,
        sso.provider.valid(&login.nonce, LINA),
    );
    let first = sso
        .callback(&format!("code=c2&state={}", login.state))
        .await;
    assert_eq!(first.status(), 303);
    let again = sso
        .callback(&format!("code=c2&state={}", login.state))
        .await;
    assert_eq!(again.status(), 400);
    // A code the provider already exchanged is refused by the provider.
    let login = sso.begin().await;
    let refused = sso
        .callback(&format!("code=c2&state={}", login.state))
        .await;
    assert_eq!(refused.status(), 401);

    assert_eq!(
        sso.refusals().await,
        ["state", "state", "state", "state", "code_refused"]
    );
    assert_eq!(sso.footprint().await, (1, 1));
}

#[tokio::test]
async fn a_cancelled_sign_in_at_the_provider_says_so_and_writes_nothing_but_the_audit() {
    let sso = Sso::spawn().await;
    let login = sso.begin().await;
    let response = sso
        .callback(&format!(
            "error=access_denied&error_description=cancelled&state={}",
            login.state
        ))
        .await;
    assert_eq!(response.status(), 401);
    assert!(!session_cookie_set(&response));
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Inloggningen avbröts på din organisations inloggningssida.")
    );
    assert_eq!(sso.refusals().await, ["provider_error:access_denied"]);
    assert_eq!(sso.footprint().await, (0, 0));
}

#[tokio::test]
async fn rotated_keys_are_fetched_again_once_a_minute_at_most() {
    let sso = Sso::spawn().await;
    sso.app.add_user(LINA, Role::Learner).await;
    assert_eq!(
        sso.sign_in_with(|p, n| p.valid(n, LINA)).await.status(),
        303
    );
    assert_eq!(sso.provider.jwks_fetches(), 1);

    sso.provider.publish(&["key1", "key2"]);
    let other = Sso {
        app: sso.app.another_visitor(),
        provider: sso.provider.clone(),
    };
    let rotated = other
        .sign_in_with(|p, n| Forge {
            signing: Signing::Key("key2", "key2"),
            ..p.valid(n, LINA)
        })
        .await;
    assert_eq!(
        rotated.status(),
        303,
        "a token with the new key is accepted"
    );
    assert_eq!(sso.provider.jwks_fetches(), 2);

    // A key the provider does not publish, even after fetching again: refused, and the
    // keys are not fetched a third time within the minute.
    let unknown = other
        .sign_in_with(|p, n| Forge {
            signing: Signing::Key("key2", "key9"),
            ..p.valid(n, LINA)
        })
        .await;
    assert_eq!(unknown.status(), 401);
    assert_eq!(sso.provider.jwks_fetches(), 2);
    assert_eq!(sso.refusals().await, ["unknown_key"]);
}

#[tokio::test]
async fn an_unknown_or_deactivated_person_is_refused_in_their_language_and_nobody_is_created() {
    let sso = Sso::spawn().await;
    let unknown = sso.sign_in_with(|p, n| p.valid(n, LINA)).await;
    assert_eq!(unknown.status(), 403);
    let page = unknown.text().await.unwrap();
    assert!(page.contains("Ditt konto finns inte i Bryggan ännu. Kontakta HR."));
    assert!(page.contains("<title>Fel: Logga in"), "{page}");
    assert_eq!(sso.footprint().await, (0, 0));

    let omar = sso.app.add_user("omar@malmo.se", Role::Learner).await;
    sso.app
        .db
        .execute_unprepared(&format!(
            "UPDATE users SET active = false WHERE id = {omar}"
        ))
        .await
        .unwrap();
    let deactivated = sso.sign_in_with(|p, n| p.valid(n, "omar@malmo.se")).await;
    assert_eq!(deactivated.status(), 403);
    assert!(
        deactivated
            .text()
            .await
            .unwrap()
            .contains("Ditt konto i Bryggan är avaktiverat.")
    );
    assert_eq!(sso.app.count("sso_identities").await, 0);
    assert_eq!(sso.refusals().await, ["unknown_person", "deactivated"]);
}

#[tokio::test]
async fn with_account_creation_on_a_newcomer_becomes_a_learner_in_the_default_department() {
    let sso = Sso::spawn_with(|s| {
        s.create_accounts = true;
        s.default_department = Some("Malmö stad/Nyanställda".into());
    })
    .await;
    let response = sso.sign_in_with(|p, n| p.valid(n, LINA)).await;
    assert_eq!(response.status(), 303);
    let user = bryggan::store::users::find_by_email(
        &sso.app.db,
        &bryggan::domain::Email::parse(LINA).unwrap(),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(
        (user.role, user.name.as_str()),
        (Role::Learner, "Lina Nguyễn")
    );
    let department = bryggan::store::users::find_department(&sso.app.db, "Malmö stad/Nyanställda")
        .await
        .unwrap();
    assert_eq!(user.department_id, department);
    let entries = bryggan::store::audit::page(&sso.app.db, 1, 0)
        .await
        .unwrap();
    assert_eq!(entries[0].action, "sso.account_created");
}

#[tokio::test]
async fn signing_out_ends_the_provider_session_too_with_the_id_token_as_hint() {
    let sso = Sso::spawn().await;
    sso.app.add_user(LINA, Role::Learner).await;
    sso.sign_in_with(|p, n| p.valid(n, LINA)).await;
    let csrf = sso.app.csrf().await;
    let response = sso.app.post_form("/sign-out", &[("csrf", &csrf)]).await;
    assert_eq!(response.status(), 303);
    let location = url::Url::parse(response.headers()["location"].to_str().unwrap()).unwrap();
    assert_eq!(location.path(), "/logout");
    let query: HashMap<_, _> = location.query_pairs().into_owned().collect();
    assert_eq!(query["post_logout_redirect_uri"], sso.app.url("/sign-in"));
    assert_eq!(query["id_token_hint"].split('.').count(), 3);
    assert!(!sso.signed_in().await);
}

#[tokio::test]
async fn with_passwords_turned_off_only_single_sign_on_is_offered_and_accepted() {
    let provider = ForgingProvider::start().await;
    let app = passwords_off(&provider.issuer).await;
    app.add_user(LINA, Role::Learner).await;
    let page = app.get_html("/sign-in").await;
    assert!(
        page.contains("Logga in med ditt organisationskonto"),
        "{page}"
    );
    assert!(!page.contains("id=\"password\""), "{page}");

    let csrf = app.csrf().await;
    let response = app
        .post_form(
            "/sign-in",
            &[
                ("csrf", &csrf),
                ("email", LINA),
                ("password", super::app::PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.status(), 403);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Inloggning med lösenord eller länk via e-post är avstängd.")
    );
    let api = app
        .client
        .post(app.url("/api/v1/auth/token"))
        .json(&json!({"email": LINA, "password": super::app::PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 403);
    assert_eq!(app.get("/readyz").await.status(), 200);

    // SSO is the only way in: a provider that stops answering makes an instance unready.
    provider.stop().await;
    let fresh = passwords_off(&provider.issuer).await;
    assert_eq!(fresh.get("/readyz").await.status(), 503);
    let start = fresh.get("/sign-in/oidc").await;
    assert_eq!(start.status(), 503);
    assert!(
        start
            .text()
            .await
            .unwrap()
            .contains("Din organisations inloggning går inte att nå just nu.")
    );
}

/// A server whose only way in is single sign-on with the provider at `issuer`.
async fn passwords_off(issuer: &str) -> TestApp {
    let issuer = issuer.to_owned();
    TestApp::spawn_customised(
        None,
        Arc::new(move |settings| {
            settings.sso = Some(sso_settings(&issuer));
            settings.password_sign_in = false;
        }),
    )
    .await
}

/// Single sign-on with the test client at the provider at `issuer`.
fn sso_settings(issuer: &str) -> SsoSettings {
    SsoSettings {
        issuer: issuer.to_owned(),
        client_id: CLIENT_ID.into(),
        client_secret: bryggan::config::Secret::new(CLIENT_SECRET.into()),
        allowed_tenants: Vec::new(),
        button_label_sv: None,
        button_label_en: None,
        scopes: vec!["openid".into(), "email".into(), "profile".into()],
        create_accounts: false,
        default_department: None,
    }
}
