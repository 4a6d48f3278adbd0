//! What a verified ID token says about the person, and why a token is refused. The
//! signature, issuer, audience, expiry, issue time and nonce are checked by the
//! `openidconnect` crate before anything here reads the claims.

use base64::Engine;
use openidconnect::core::CoreIdTokenClaims;
use openidconnect::{ClaimsVerificationError, SignatureVerificationError};
use serde::Deserialize;

use crate::domain::Email;

use super::settings::SsoSettings;

/// A person as the provider vouches for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub issuer: String,
    pub subject: String,
    /// The email claim, else Entra's `preferred_username` or `upn`.
    pub email: Email,
    pub name: Option<String>,
    /// Entra's tenant id, when the token has one.
    pub tenant: Option<String>,
    /// The token itself, for `id_token_hint` when the person signs out.
    pub id_token: String,
}

/// Why an ID token was refused; each is logged and audited by name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenProblem {
    #[error("the token answer has no ID token")]
    Missing,
    #[error("the signature does not verify")]
    BadSignature,
    #[error("the token is signed with a key the provider does not publish")]
    UnknownKey,
    #[error("the signing algorithm is not allowed (only RS256, PS256 and ES256)")]
    Algorithm,
    #[error("the issuer is not the configured one")]
    Issuer,
    #[error("the token is not for this client")]
    Audience,
    #[error("the token has expired")]
    Expired,
    #[error("the token is issued in the future")]
    IssuedInFuture,
    #[error("the nonce does not match this sign-in")]
    Nonce,
    #[error("the token's tenant is not allowed")]
    Tenant,
    #[error("the token has no email address")]
    NoEmail,
    #[error("the token is not valid: {0}")]
    Other(String),
}

impl TokenProblem {
    /// A short name for logs and the audit log.
    pub fn code(&self) -> &'static str {
        match self {
            TokenProblem::Missing => "no_id_token",
            TokenProblem::BadSignature => "bad_signature",
            TokenProblem::UnknownKey => "unknown_key",
            TokenProblem::Algorithm => "algorithm",
            TokenProblem::Issuer => "issuer",
            TokenProblem::Audience => "audience",
            TokenProblem::Expired => "expired",
            TokenProblem::IssuedInFuture => "issued_in_future",
            TokenProblem::Nonce => "nonce",
            TokenProblem::Tenant => "tenant",
            TokenProblem::NoEmail => "no_email",
            TokenProblem::Other(_) => "invalid",
        }
    }
}

impl From<ClaimsVerificationError> for TokenProblem {
    fn from(err: ClaimsVerificationError) -> Self {
        match err {
            ClaimsVerificationError::Expired(why) if why.starts_with("issued in the future") => {
                TokenProblem::IssuedInFuture
            }
            ClaimsVerificationError::Expired(_) => TokenProblem::Expired,
            ClaimsVerificationError::InvalidAudience(_) => TokenProblem::Audience,
            ClaimsVerificationError::InvalidIssuer(_) => TokenProblem::Issuer,
            ClaimsVerificationError::InvalidNonce(_) => TokenProblem::Nonce,
            ClaimsVerificationError::SignatureVerification(sig) => match sig {
                SignatureVerificationError::NoMatchingKey => TokenProblem::UnknownKey,
                SignatureVerificationError::DisallowedAlg(_)
                | SignatureVerificationError::UnsupportedAlg(_)
                | SignatureVerificationError::NoSignature => TokenProblem::Algorithm,
                _ => TokenProblem::BadSignature,
            },
            ClaimsVerificationError::Unsupported(why) => TokenProblem::Other(why),
            other => TokenProblem::Other(other.to_string()),
        }
    }
}

/// Claims the core types do not carry: Entra's tenant and user principal name.
#[derive(Debug, Default, Deserialize)]
struct EntraClaims {
    tid: Option<String>,
    upn: Option<String>,
}

/// Reads the person from claims the library has verified. `jwt` is the same token, for the
/// Entra claims; `azp` and the tenant allowlist are checked here.
pub fn from_verified(
    claims: &CoreIdTokenClaims,
    jwt: &str,
    settings: &SsoSettings,
) -> Result<Identity, TokenProblem> {
    let client_id = settings.client_id.as_str();
    let several_audiences = claims.audiences().len() > 1;
    match claims.authorized_party() {
        Some(azp) if azp.as_str() != client_id => return Err(TokenProblem::Audience),
        None if several_audiences => return Err(TokenProblem::Audience),
        _ => {}
    }
    let extra = entra_claims(jwt);
    if !settings.allowed_tenants.is_empty()
        && !extra
            .tid
            .as_ref()
            .is_some_and(|tid| settings.allowed_tenants.contains(tid))
    {
        return Err(TokenProblem::Tenant);
    }
    let candidates = [
        claims.email().map(|e| e.as_str().to_owned()),
        claims.preferred_username().map(|u| u.as_str().to_owned()),
        extra.upn.clone(),
    ];
    let email = candidates
        .into_iter()
        .flatten()
        .find_map(|c| Email::parse(&c).ok())
        .ok_or(TokenProblem::NoEmail)?;
    Ok(Identity {
        issuer: claims.issuer().as_str().to_owned(),
        subject: claims.subject().as_str().to_owned(),
        email,
        name: claims
            .name()
            .and_then(|n| n.get(None))
            .map(|n| n.as_str().to_owned()),
        tenant: extra.tid,
        id_token: jwt.to_owned(),
    })
}

/// The payload's extra claims; a token the library verified always has a payload.
fn entra_claims(jwt: &str) -> EntraClaims {
    jwt.split('.')
        .nth(1)
        .and_then(|payload| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(payload)
                .ok()
        })
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}
