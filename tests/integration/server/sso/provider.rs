//! A programmable OpenID provider on loopback for the tests that need forged and invalid
//! answers, which a standards-compliant provider never gives: discovery, a JWKS whose keys
//! can rotate, and a token endpoint that mints whatever ID token the test asks for. Codes
//! are single use and checked against their PKCE challenge, as a real provider does. The
//! real provider (npm `oidc-provider`) is exercised by the e2e suite.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::helpers::repo_path;

pub const CLIENT_ID: &str = "bryggan-test";
pub const CLIENT_SECRET: &str = "a-client-secret-for-the-tests-only";
pub const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";

/// How the next ID token is signed.
#[derive(Debug, Clone)]
pub enum Signing {
    /// With this fixture key, naming this key id.
    Key(&'static str, &'static str),
    /// `alg: none`, no signature.
    Unsigned,
    /// HS256 keyed with the client secret.
    ClientSecret,
}

/// The ID token the provider mints for a code: valid unless a test changes a field.
#[derive(Debug, Clone)]
pub struct Forge {
    pub iss: String,
    pub aud: Value,
    pub azp: Option<String>,
    pub sub: String,
    pub email: Option<String>,
    /// Entra's sign-in name, which holds the address when `email` is not released.
    pub preferred_username: Option<String>,
    pub name: Option<String>,
    pub tid: Option<String>,
    pub nonce: String,
    /// Seconds from now.
    pub exp_in: i64,
    pub iat_in: i64,
    pub signing: Signing,
}

#[derive(Default)]
struct State {
    /// Key names published in the JWKS.
    published: Vec<&'static str>,
    jwks_fetches: usize,
    /// Code → (PKCE challenge, token to mint).
    codes: HashMap<String, (String, Forge)>,
}

#[derive(Clone)]
pub struct ForgingProvider {
    pub issuer: String,
    state: Arc<Mutex<State>>,
    handle: actix_web::dev::ServerHandle,
}

impl ForgingProvider {
    pub async fn start() -> ForgingProvider {
        let state = Arc::new(Mutex::new(State {
            published: vec!["key1"],
            ..State::default()
        }));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let issuer = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let data = web::Data::new((state.clone(), issuer.clone()));
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .route(
                    "/.well-known/openid-configuration",
                    web::get().to(discovery),
                )
                .route("/jwks", web::get().to(jwks))
                .route("/token", web::post().to(token))
        })
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
        let handle = server.handle();
        tokio::spawn(server);
        ForgingProvider {
            issuer,
            state,
            handle,
        }
    }

    pub async fn stop(&self) {
        self.handle.stop(false).await;
    }

    /// A valid token for `email` with this sign-in's nonce.
    pub fn valid(&self, nonce: &str, email: &str) -> Forge {
        Forge {
            iss: self.issuer.clone(),
            aud: json!(CLIENT_ID),
            azp: None,
            sub: format!("sub-{email}"),
            email: Some(email.to_owned()),
            preferred_username: None,
            name: Some("Lina Nguyễn".into()),
            tid: Some(TENANT.into()),
            nonce: nonce.to_owned(),
            exp_in: 300,
            iat_in: 0,
            signing: Signing::Key("key1", "key1"),
        }
    }

    /// The next code exchanged with `challenge` mints `forge`.
    pub fn issue_code(&self, code: &str, challenge: &str, forge: Forge) {
        self.lock()
            .codes
            .insert(code.to_owned(), (challenge.to_owned(), forge));
    }

    /// Publishes these keys from now on: a key rotation.
    pub fn publish(&self, keys: &[&'static str]) {
        self.lock().published = keys.to_vec();
    }

    pub fn jwks_fetches(&self) -> usize {
        self.lock().jwks_fetches
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap()
    }
}

type Shared = web::Data<(Arc<Mutex<State>>, String)>;

async fn discovery(data: Shared) -> HttpResponse {
    let issuer = &data.1;
    HttpResponse::Ok().json(json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/authorize"),
        "token_endpoint": format!("{issuer}/token"),
        "jwks_uri": format!("{issuer}/jwks"),
        "end_session_endpoint": format!("{issuer}/logout"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["ES256", "RS256"],
        "code_challenge_methods_supported": ["S256"],
    }))
}

async fn jwks(data: Shared) -> HttpResponse {
    let public: Value = serde_json::from_str(
        &std::fs::read_to_string(repo_path("tests/fixtures/oidc/public-keys.json")).unwrap(),
    )
    .unwrap();
    let mut state = data.0.lock().unwrap();
    state.jwks_fetches += 1;
    let keys: Vec<Value> = state.published.iter().map(|k| public[*k].clone()).collect();
    HttpResponse::Ok().json(json!({ "keys": keys }))
}

async fn token(
    data: Shared,
    req: HttpRequest,
    form: web::Form<HashMap<String, String>>,
) -> HttpResponse {
    let refuse = |error: &str| HttpResponse::BadRequest().json(json!({ "error": error }));
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"))
    );
    let authorised = req
        .headers()
        .get("authorization")
        .is_some_and(|h| h.to_str().ok() == Some(expected.as_str()));
    if !authorised {
        return HttpResponse::Unauthorized().json(json!({ "error": "invalid_client" }));
    }
    let code = form.get("code").cloned().unwrap_or_default();
    // A code works once, as RFC 6749 requires.
    let Some((challenge, forge)) = data.0.lock().unwrap().codes.remove(&code) else {
        return refuse("invalid_grant");
    };
    let verifier = form.get("code_verifier").cloned().unwrap_or_default();
    if URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) != challenge {
        return refuse("invalid_grant");
    }
    HttpResponse::Ok().json(json!({
        "access_token": "an-access-token",
        "token_type": "Bearer",
        "expires_in": 300,
        "id_token": mint(&forge),
    }))
}

fn mint(forge: &Forge) -> String {
    let now = chrono::Utc::now().timestamp();
    let mut claims = json!({
        "iss": forge.iss,
        "aud": forge.aud,
        "sub": forge.sub,
        "nonce": forge.nonce,
        "exp": now + forge.exp_in,
        "iat": now + forge.iat_in,
    });
    for (name, value) in [
        ("email", &forge.email),
        ("preferred_username", &forge.preferred_username),
        ("name", &forge.name),
        ("tid", &forge.tid),
        ("azp", &forge.azp),
    ] {
        if let Some(value) = value {
            claims[name] = json!(value);
        }
    }
    match &forge.signing {
        Signing::Key(key, kid) => {
            let pem = std::fs::read_to_string(repo_path(&format!("tests/fixtures/oidc/{key}.pem")))
                .unwrap();
            let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
            let der = base64::engine::general_purpose::STANDARD
                .decode(body)
                .unwrap();
            let mut header = Header::new(Algorithm::ES256);
            header.kid = Some((*kid).to_owned());
            jsonwebtoken::encode(&header, &claims, &EncodingKey::from_ec_der(&der)).unwrap()
        }
        Signing::ClientSecret => jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(CLIENT_SECRET.as_bytes()),
        )
        .unwrap(),
        Signing::Unsigned => {
            let part = |v: &Value| URL_SAFE_NO_PAD.encode(v.to_string());
            format!(
                "{}.{}.",
                part(&json!({"alg": "none", "typ": "JWT"})),
                part(&claims)
            )
        }
    }
}
