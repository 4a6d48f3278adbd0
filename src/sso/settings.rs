//! Single sign-on settings: flags and environment (`BRYGGAN_OIDC_*`), over an `[oidc]`
//! table in the config file.

use serde::Deserialize;

use crate::config::Secret;

/// The scopes asked for when none are configured: an ID token with the person's email.
const DEFAULT_SCOPES: &[&str] = &["openid", "email", "profile"];

#[derive(Debug, Clone, Default, clap::Args)]
pub struct SsoArgs {
    /// The OpenID provider's issuer, exactly as its discovery document states it, such
    /// as `https://login.microsoftonline.com/<tenant-id>/v2.0`. Turns on single sign-on.
    #[arg(long, env = "BRYGGAN_OIDC_ISSUER")]
    pub oidc_issuer: Option<String>,
    /// The client id Bryggan is registered under at the provider.
    #[arg(long, env = "BRYGGAN_OIDC_CLIENT_ID")]
    pub oidc_client_id: Option<String>,
    /// The client secret from the registration.
    #[arg(long, env = "BRYGGAN_OIDC_CLIENT_SECRET", hide_env_values = true)]
    pub oidc_client_secret: Option<String>,
    /// Entra tenant ids (`tid`) whose people may sign in, comma-separated [default: any
    /// the issuer signs for].
    #[arg(long, env = "BRYGGAN_OIDC_ALLOWED_TENANTS", value_delimiter = ',')]
    pub oidc_allowed_tenants: Option<Vec<String>>,
    /// The sign-in button's text in Swedish [default: Logga in med ditt organisationskonto].
    #[arg(long, env = "BRYGGAN_OIDC_BUTTON_LABEL_SV")]
    pub oidc_button_label_sv: Option<String>,
    /// The sign-in button's text in English [default: Sign in with your organisation account].
    #[arg(long, env = "BRYGGAN_OIDC_BUTTON_LABEL_EN")]
    pub oidc_button_label_en: Option<String>,
    /// Scopes to ask for, separated by spaces or commas [default: openid email profile].
    #[arg(long, env = "BRYGGAN_OIDC_SCOPES")]
    pub oidc_scopes: Option<String>,
    /// Create a learner for a person the provider knows and Bryggan does not [default: false].
    #[arg(long, env = "BRYGGAN_OIDC_CREATE_ACCOUNTS")]
    pub oidc_create_accounts: Option<bool>,
    /// The department (`Kommun/Förvaltning`) accounts created at sign-in are placed in.
    #[arg(long, env = "BRYGGAN_OIDC_DEFAULT_DEPARTMENT")]
    pub oidc_default_department: Option<String>,
    /// Passwords and emailed sign-in links on the web and the API [default: true]; turn
    /// them off once single sign-on works. The command line keeps working for admins.
    #[arg(long, env = "BRYGGAN_PASSWORD_SIGN_IN")]
    pub password_sign_in: Option<bool>,
}

/// The `[oidc]` table of the config file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SsoFile {
    issuer: Option<String>,
    client_id: Option<String>,
    client_secret: Option<Secret>,
    allowed_tenants: Option<Vec<String>>,
    button_label_sv: Option<String>,
    button_label_en: Option<String>,
    scopes: Option<String>,
    create_accounts: Option<bool>,
    default_department: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SsoSettings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Secret,
    /// Empty: any tenant the issuer signs for.
    pub allowed_tenants: Vec<String>,
    pub button_label_sv: Option<String>,
    pub button_label_en: Option<String>,
    pub scopes: Vec<String>,
    pub create_accounts: bool,
    pub default_department: Option<String>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SsoConfigError {
    #[error("single sign-on needs {0} as well as the issuer")]
    Missing(&'static str),
    #[error("{0} is set, but single sign-on is not: set BRYGGAN_OIDC_ISSUER too")]
    WithoutIssuer(&'static str),
    #[error(
        "BRYGGAN_OIDC_CREATE_ACCOUNTS needs BRYGGAN_OIDC_DEFAULT_DEPARTMENT for the new accounts"
    )]
    NoDefaultDepartment,
    #[error("BRYGGAN_PASSWORD_SIGN_IN=false needs single sign-on, or nobody could sign in")]
    NoWayIn,
}

impl SsoArgs {
    /// The single sign-on settings (`None`: not configured) and whether passwords stay on.
    pub fn resolve(
        &self,
        file: Option<SsoFile>,
        file_password_sign_in: Option<bool>,
    ) -> Result<(Option<SsoSettings>, bool), SsoConfigError> {
        let file = file.unwrap_or_default();
        let password_sign_in = self
            .password_sign_in
            .or(file_password_sign_in)
            .unwrap_or(true);
        let client_id = self.oidc_client_id.clone().or(file.client_id);
        let client_secret = self
            .oidc_client_secret
            .clone()
            .map(Secret::new)
            .or(file.client_secret);
        let Some(issuer) = self.oidc_issuer.clone().or(file.issuer) else {
            if client_id.is_some() {
                return Err(SsoConfigError::WithoutIssuer("BRYGGAN_OIDC_CLIENT_ID"));
            }
            if !password_sign_in {
                return Err(SsoConfigError::NoWayIn);
            }
            return Ok((None, password_sign_in));
        };
        let client_id = client_id.ok_or(SsoConfigError::Missing("BRYGGAN_OIDC_CLIENT_ID"))?;
        let client_secret =
            client_secret.ok_or(SsoConfigError::Missing("BRYGGAN_OIDC_CLIENT_SECRET"))?;
        let create_accounts = self
            .oidc_create_accounts
            .or(file.create_accounts)
            .unwrap_or(false);
        let default_department = self
            .oidc_default_department
            .clone()
            .or(file.default_department);
        if create_accounts && default_department.is_none() {
            return Err(SsoConfigError::NoDefaultDepartment);
        }
        let scopes = self
            .oidc_scopes
            .clone()
            .or(file.scopes)
            .map(|s| {
                s.split([' ', ','])
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| DEFAULT_SCOPES.iter().map(|s| (*s).to_owned()).collect());
        let settings = SsoSettings {
            issuer,
            client_id,
            client_secret,
            allowed_tenants: self
                .oidc_allowed_tenants
                .clone()
                .or(file.allowed_tenants)
                .unwrap_or_default()
                .into_iter()
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty())
                .collect(),
            button_label_sv: self.oidc_button_label_sv.clone().or(file.button_label_sv),
            button_label_en: self.oidc_button_label_en.clone().or(file.button_label_en),
            scopes,
            create_accounts,
            default_department,
        };
        Ok((Some(settings), password_sign_in))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args() -> SsoArgs {
        SsoArgs {
            oidc_issuer: Some("https://login.microsoftonline.com/t/v2.0".into()),
            oidc_client_id: Some("bryggan".into()),
            oidc_client_secret: Some("hemligt".into()),
            ..SsoArgs::default()
        }
    }

    #[test]
    fn an_issuer_with_a_client_turns_single_sign_on_on_with_the_default_scopes() {
        let (sso, passwords) = args().resolve(None, None).unwrap();
        let sso = sso.unwrap();
        assert_eq!(sso.scopes, ["openid", "email", "profile"]);
        assert!(passwords);
    }

    #[test]
    fn half_a_configuration_is_refused_with_what_is_missing() {
        let no_secret = SsoArgs {
            oidc_client_secret: None,
            ..args()
        };
        assert_eq!(
            no_secret.resolve(None, None).unwrap_err(),
            SsoConfigError::Missing("BRYGGAN_OIDC_CLIENT_SECRET")
        );
        let no_department = SsoArgs {
            oidc_create_accounts: Some(true),
            ..args()
        };
        assert_eq!(
            no_department.resolve(None, None).unwrap_err(),
            SsoConfigError::NoDefaultDepartment
        );
    }

    #[test]
    fn passwords_cannot_be_turned_off_without_single_sign_on() {
        let off = SsoArgs {
            password_sign_in: Some(false),
            ..SsoArgs::default()
        };
        assert_eq!(
            off.resolve(None, None).unwrap_err(),
            SsoConfigError::NoWayIn
        );
    }
}
