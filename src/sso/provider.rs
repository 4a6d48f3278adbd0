//! The organisation's OpenID provider: discovered once, its signing keys fetched again
//! when a token names a key Bryggan has not seen (at most once a minute), and the
//! authorization code flow with PKCE, `state` and `nonce` through the `openidconnect` crate.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreIdToken, CoreJsonWebKeySet, CoreJwsSigningAlgorithm,
};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndSessionUrl, IssuerUrl, LogoutRequest,
    Nonce, PkceCodeChallenge, PkceCodeVerifier, PostLogoutRedirectUrl, ProviderMetadataWithLogout,
    RedirectUrl, Scope, TokenResponse,
};
use tokio::sync::RwLock;

use super::SsoError;
use super::http::Http;
use super::identity::{self, Identity, TokenProblem};
use super::settings::SsoSettings;

/// How far the provider's clock may be from ours, for `exp` and `iat`.
const CLOCK_SKEW: chrono::Duration = chrono::Duration::minutes(2);
/// Signing keys are fetched again for an unknown key id at most this often.
const JWKS_REFRESH_INTERVAL: Duration = Duration::from_secs(60);
/// Asymmetric only: never `none`, and never HS256 keyed with the client secret.
const ALGORITHMS: [CoreJwsSigningAlgorithm; 3] = [
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
    CoreJwsSigningAlgorithm::RsaSsaPssSha256,
    CoreJwsSigningAlgorithm::EcdsaP256Sha256,
];

/// A sign-in to send to the provider, with what the callback needs to finish it.
pub struct Started {
    pub url: String,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

pub struct Provider {
    settings: SsoSettings,
    redirect: RedirectUrl,
    http: Http,
    metadata: RwLock<Option<ProviderMetadataWithLogout>>,
    last_jwks_fetch: Mutex<Option<Instant>>,
}

/// Names the issuer only: the settings hold the client secret.
impl std::fmt::Debug for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Provider")
            .field("issuer", &self.settings.issuer)
            .finish_non_exhaustive()
    }
}

impl Provider {
    /// `public_url` is where people reach Bryggan; the provider returns them to
    /// `public_url/sign-in/oidc/callback`.
    pub fn new(settings: SsoSettings, public_url: &str) -> Result<Self, SsoError> {
        let redirect = RedirectUrl::new(format!("{public_url}/sign-in/oidc/callback"))
            .map_err(|e| SsoError::Misconfigured(format!("the public address: {e}")))?;
        let http = Http::new().map_err(|e| SsoError::Misconfigured(e.to_string()))?;
        Ok(Self {
            settings,
            redirect,
            http,
            metadata: RwLock::new(None),
            last_jwks_fetch: Mutex::new(None),
        })
    }

    pub fn settings(&self) -> &SsoSettings {
        &self.settings
    }

    /// The provider's metadata, discovered on first use and kept. Discovery checks that the
    /// document's `issuer` is exactly the configured one.
    async fn metadata(&self) -> Result<ProviderMetadataWithLogout, SsoError> {
        if let Some(metadata) = self.metadata.read().await.as_ref() {
            return Ok(metadata.clone());
        }
        let issuer = IssuerUrl::new(self.settings.issuer.clone())
            .map_err(|e| SsoError::Misconfigured(format!("the issuer: {e}")))?;
        let discovered = ProviderMetadataWithLogout::discover_async(issuer, &self.http)
            .await
            .map_err(|e| SsoError::Unreachable(e.to_string()))?;
        *self.metadata.write().await = Some(discovered.clone());
        Ok(discovered)
    }

    /// Whether the provider answers: for readiness when it is the only way in.
    pub async fn reachable(&self) -> bool {
        self.metadata().await.is_ok()
    }

    fn client(&self, metadata: ProviderMetadataWithLogout) -> ConfiguredClient {
        CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.settings.client_id.clone()),
            Some(ClientSecret::new(
                self.settings.client_secret.expose().to_owned(),
            )),
        )
        .set_redirect_uri(self.redirect.clone())
    }

    pub async fn start(&self) -> Result<Started, SsoError> {
        let client = self.client(self.metadata().await?);
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            // The library asks for `openid` itself.
            .add_scopes(
                self.settings
                    .scopes
                    .iter()
                    .filter(|s| s.as_str() != "openid")
                    .cloned()
                    .map(Scope::new),
            )
            .set_pkce_challenge(challenge)
            .url();
        Ok(Started {
            url: url.to_string(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
        })
    }

    /// Exchanges the code (once: the `state` it came with is already used up) and checks
    /// the ID token. `now` is the time the token is judged against.
    pub async fn finish(
        &self,
        code: &str,
        nonce: &str,
        pkce_verifier: &str,
        now: DateTime<Utc>,
    ) -> Result<Identity, SsoError> {
        let metadata = self.metadata().await?;
        let client = self.client(metadata.clone());
        let request = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|e| SsoError::Misconfigured(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_owned()));
        let response = request
            .request_async(&self.http)
            .await
            .map_err(|e| match e {
                openidconnect::RequestTokenError::ServerResponse(answer) => {
                    SsoError::CodeRefused(answer.error().to_string())
                }
                other => SsoError::Unreachable(other.to_string()),
            })?;
        let id_token = response
            .id_token()
            .ok_or(SsoError::Token(TokenProblem::Missing))?;
        let nonce = Nonce::new(nonce.to_owned());
        match self.check(&client, id_token, &nonce, now) {
            Err(SsoError::Token(TokenProblem::UnknownKey)) if self.may_refetch_keys() => {
                let metadata = self.refetch_keys(metadata).await?;
                self.check(&self.client(metadata), id_token, &nonce, now)
            }
            checked => checked,
        }
    }

    fn check(
        &self,
        client: &ConfiguredClient,
        id_token: &CoreIdToken,
        nonce: &Nonce,
        now: DateTime<Utc>,
    ) -> Result<Identity, SsoError> {
        let verifier = client
            .id_token_verifier()
            .set_allowed_algs(ALGORITHMS)
            .require_issuer_match(true)
            .require_audience_match(true)
            .set_time_fn(move || now - CLOCK_SKEW)
            .set_issue_time_verifier_fn(move |iat| {
                if iat > now + CLOCK_SKEW {
                    Err(format!("issued in the future, at {iat}"))
                } else {
                    Ok(())
                }
            });
        let claims = id_token
            .claims(&verifier, nonce)
            .map_err(|e| SsoError::Token(TokenProblem::from(e)))?;
        identity::from_verified(claims, &id_token.to_string(), &self.settings)
            .map_err(SsoError::Token)
    }

    /// True at most once a minute, so that tokens naming unknown keys cannot make Bryggan
    /// hammer the provider.
    fn may_refetch_keys(&self) -> bool {
        let Ok(mut last) = self.last_jwks_fetch.lock() else {
            return false;
        };
        let due = last.is_none_or(|at| at.elapsed() >= JWKS_REFRESH_INTERVAL);
        if due {
            *last = Some(Instant::now());
        }
        due
    }

    async fn refetch_keys(
        &self,
        mut metadata: ProviderMetadataWithLogout,
    ) -> Result<ProviderMetadataWithLogout, SsoError> {
        let keys = CoreJsonWebKeySet::fetch_async(metadata.jwks_uri(), &self.http)
            .await
            .map_err(|e| SsoError::Unreachable(e.to_string()))?;
        tracing::info!("fetched the provider's signing keys again for an unknown key id");
        metadata = metadata.set_jwks(keys);
        *self.metadata.write().await = Some(metadata.clone());
        Ok(metadata)
    }

    /// Where to send someone who signs out, when the provider ends sessions too.
    pub async fn sign_out_url(&self, id_token: &str, after: &str) -> Option<String> {
        let metadata = self.metadata().await.ok()?;
        let end: EndSessionUrl = metadata
            .additional_metadata()
            .end_session_endpoint
            .clone()?;
        let token: CoreIdToken = id_token.parse().ok()?;
        let after = PostLogoutRedirectUrl::new(after.to_owned()).ok()?;
        Some(
            LogoutRequest::from(end)
                .set_id_token_hint(&token)
                .set_client_id(ClientId::new(self.settings.client_id.clone()))
                .set_post_logout_redirect_uri(after)
                .http_get_url()
                .to_string(),
        )
    }
}

type ConfiguredClient = CoreClient<
    openidconnect::EndpointSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointMaybeSet,
    openidconnect::EndpointMaybeSet,
>;
