//! Single sign-on with the organisation's OpenID provider (Microsoft Entra ID or any
//! standard one): the relying party, its settings, and the checks on the ID token. It
//! knows nothing of the web layer; `accounts::sso` decides whom a verified identity signs in.

mod http;
mod identity;
mod provider;
mod settings;

pub use http::install_tls_crypto;
pub use identity::{Identity, TokenProblem};
pub use provider::{Provider, Started};
pub use settings::{SsoArgs, SsoConfigError, SsoFile, SsoSettings};

/// Why a single sign-on did not complete.
#[derive(Debug, thiserror::Error)]
pub enum SsoError {
    /// The provider or its keys could not be reached: nobody's fault here, try later.
    #[error("the identity provider cannot be reached: {0}")]
    Unreachable(String),
    #[error("single sign-on is set up wrongly: {0}")]
    Misconfigured(String),
    /// The token endpoint refused the code (used before, expired, or not ours).
    #[error("the identity provider refused the code: {0}")]
    CodeRefused(String),
    #[error("the ID token is refused: {0}")]
    Token(TokenProblem),
}
