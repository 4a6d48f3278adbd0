//! Session tokens: HS256 JWTs with pinned algorithm, issuer, audience and expiry, tied to
//! the user's token generation so that signing out voids every earlier token.

use std::sync::Arc;
use std::time::Duration;

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};

pub const ISSUER: &str = "bryggan";
pub const AUDIENCE: &str = "bryggan";
/// Sessions are short; a token in its second half is renewed on use.
pub const LIFETIME: Duration = Duration::from_secs(30 * 60);
/// Sign-in links carry their own audience: a link is not a session, nor the reverse.
pub const LINK_AUDIENCE: &str = "bryggan-sign-in-link";
pub const LINK_LIFETIME: Duration = Duration::from_secs(15 * 60);

/// What a sign-in link's token says: whose link, which one (its row, where single use is
/// enforced), and until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkClaims {
    pub sub: String,
    pub jti: String,
    pub iss: String,
    pub aud: String,
    pub iat: i64,
    pub exp: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The user id.
    pub sub: String,
    /// The user's token generation when the token was issued.
    pub generation: i32,
    pub iss: String,
    pub aud: String,
    pub iat: i64,
    pub exp: i64,
}

impl Claims {
    pub fn user_id(&self) -> Option<i64> {
        self.sub.parse().ok()
    }

    /// True when less than half the lifetime is left.
    pub fn wants_renewal(&self, now: i64) -> bool {
        self.exp - now < (LIFETIME.as_secs() / 2) as i64
    }
}

/// The signing key. Its `Debug` never shows the secret.
#[derive(Clone)]
pub struct Keys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    link_validation: Validation,
    /// Session tokens whose signature and claims were checked in the last
    /// [`crate::cache::TTL`]: every page view presents the same token, and checking it
    /// again was a sixth of a lesson view's work. Expiry is still checked on every use.
    verified: Arc<crate::cache::TtlCache<String, Claims>>,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys(..)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("the session token is invalid or expired")]
    Invalid(#[from] jsonwebtoken::errors::Error),
}

impl Keys {
    pub fn from_secret(secret: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 5;
        let mut link_validation = validation.clone();
        link_validation.set_audience(&[LINK_AUDIENCE]);
        link_validation.set_required_spec_claims(&["exp", "iss", "aud", "sub", "jti"]);
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            link_validation,
            verified: Arc::default(),
        }
    }

    pub fn issue(
        &self,
        user_id: i64,
        generation: i32,
        now: i64,
    ) -> Result<(String, Claims), TokenError> {
        let claims = Claims {
            sub: user_id.to_string(),
            generation,
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            iat: now,
            exp: now + LIFETIME.as_secs() as i64,
        };
        let token = encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?;
        Ok((token, claims))
    }

    /// Checks signature, algorithm, expiry, issuer and audience.
    pub fn verify(&self, token: &str) -> Result<Claims, TokenError> {
        let now = jsonwebtoken::get_current_timestamp() as i64;
        if let Some(claims) = self.verified.get(token) {
            // The same test as jsonwebtoken's, with the same leeway.
            if claims.exp >= now - self.validation.leeway as i64 {
                return Ok(claims);
            }
            return Err(TokenError::Invalid(
                jsonwebtoken::errors::ErrorKind::ExpiredSignature.into(),
            ));
        }
        let claims = decode::<Claims>(token, &self.decoding, &self.validation)?.claims;
        self.verified.insert(token.to_owned(), claims.clone());
        Ok(claims)
    }

    pub fn issue_link(&self, user_id: i64, link_id: i64, now: i64) -> Result<String, TokenError> {
        let claims = LinkClaims {
            sub: user_id.to_string(),
            jti: link_id.to_string(),
            iss: ISSUER.into(),
            aud: LINK_AUDIENCE.into(),
            iat: now,
            exp: now + LINK_LIFETIME.as_secs() as i64,
        };
        Ok(encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &self.encoding,
        )?)
    }

    /// The user and link ids of a valid, unexpired sign-in link token.
    pub fn verify_link(&self, token: &str) -> Result<(i64, i64), TokenError> {
        let claims = decode::<LinkClaims>(token, &self.decoding, &self.link_validation)?.claims;
        match (claims.sub.parse(), claims.jti.parse()) {
            (Ok(user), Ok(link)) => Ok((user, link)),
            _ => Err(TokenError::Invalid(
                jsonwebtoken::errors::ErrorKind::InvalidSubject.into(),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> i64 {
        chrono::Utc::now().timestamp()
    }

    #[test]
    fn a_session_token_is_not_a_sign_in_link_nor_the_reverse() {
        let keys = Keys::from_secret(b"0123456789abcdef0123456789abcdef");
        let (session, _) = keys.issue(7, 0, now()).unwrap();
        let link = keys.issue_link(7, 42, now()).unwrap();
        assert_eq!(keys.verify_link(&link).unwrap(), (7, 42));
        assert!(keys.verify_link(&session).is_err());
        assert!(keys.verify(&link).is_err());
        let old = keys.issue_link(7, 42, now() - 16 * 60).unwrap();
        assert!(keys.verify_link(&old).is_err(), "expired after 15 minutes");
    }

    #[test]
    fn an_issued_token_verifies_with_the_same_key_only() {
        let keys = Keys::from_secret(b"0123456789abcdef0123456789abcdef");
        let (token, claims) = keys.issue(7, 3, now()).unwrap();
        assert_eq!(keys.verify(&token).unwrap(), claims);
        let other = Keys::from_secret(b"another key, another key, another");
        assert!(other.verify(&token).is_err());
    }

    #[test]
    fn an_expired_token_is_refused() {
        let keys = Keys::from_secret(b"0123456789abcdef0123456789abcdef");
        let (token, _) = keys.issue(7, 0, now() - 3600).unwrap();
        assert!(keys.verify(&token).is_err());
    }

    #[test]
    fn a_remembered_token_is_still_refused_once_it_expires_and_a_forgery_never_matches_it() {
        let keys = Keys::from_secret(b"0123456789abcdef0123456789abcdef");
        let (token, claims) = keys.issue(7, 0, now()).unwrap();
        assert_eq!(
            keys.verify(&token).unwrap(),
            claims,
            "checked, then remembered"
        );
        let mut forged = token.clone();
        forged.pop();
        forged.push(if token.ends_with('A') { 'B' } else { 'A' });
        assert!(keys.verify(&forged).is_err());
        let expired = Claims {
            exp: now() - 60,
            ..claims
        };
        keys.verified.insert(token.clone(), expired);
        assert!(
            keys.verify(&token).is_err(),
            "expiry is checked on a hit too"
        );
    }
}
