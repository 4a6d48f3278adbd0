//! The User resource: the directory's representation read into what Bryggan keeps, and
//! an account written back in the core schema with the enterprise extension.
//!
//! Bryggan keeps one name, one work address and the enterprise `department`, `manager`
//! and `employeeNumber`. The other attributes of RFC 7643's User (telephone numbers,
//! postal addresses, titles and so on) are accepted and not stored: Entra's default
//! mapping sends them, and the register of personal data has no purpose for them. An
//! attribute that no schema defines is refused, so a misspelt mapping is found at once.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value, json};

use super::values::{boolean, get, object, present, string};
use super::{ENTERPRISE_SCHEMA, ScimError, USER_SCHEMA};
use crate::domain::{
    Email, EmailType, EmployeeNumber, ExternalId, Language, LanguageTag, UserName,
};

/// The longest name Bryggan keeps, as the staff import does.
pub const MAX_NAME_CHARS: usize = 200;

/// A user as the directory sends it, checked: what a POST or PUT asks for, and what a
/// PATCH leaves after its operations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserInput {
    pub user_name: UserName,
    pub name: String,
    pub email: Email,
    pub email_type: Option<EmailType>,
    pub active: bool,
    pub external_id: Option<ExternalId>,
    pub preferred_language: Option<LanguageTag>,
    /// From `preferredLanguage`, else `locale`, when Bryggan has that language.
    pub language: Option<Language>,
    /// The department as the directory names it: a `/` path, or a flat name.
    pub department: Option<String>,
    /// The SCIM id of the manager's resource.
    pub manager_id: Option<String>,
    pub employee_number: Option<EmployeeNumber>,
}

/// Core attributes Bryggan reads.
const KEPT: &[&str] = &[
    "schemas",
    "id",
    "meta",
    "externalId",
    "userName",
    "displayName",
    "name",
    "emails",
    "active",
    "preferredLanguage",
    "locale",
];

/// RFC 7643 §4.1 attributes accepted and not stored.
const NOT_KEPT: &[&str] = &[
    "nickName",
    "profileUrl",
    "title",
    "userType",
    "timezone",
    "password",
    "phoneNumbers",
    "ims",
    "photos",
    "addresses",
    "groups",
    "entitlements",
    "roles",
    "x509Certificates",
];

/// `schemas` inside the extension is what some clients serialise; it says nothing more.
const ENTERPRISE_KEPT: &[&str] = &["department", "manager", "employeeNumber", "schemas"];
const ENTERPRISE_NOT_KEPT: &[&str] = &["costCenter", "organization", "division"];

fn listed(names: &[&str], key: &str) -> bool {
    names.iter().any(|n| n.eq_ignore_ascii_case(key))
}

/// Reads a whole user (POST, PUT, or the result of a PATCH).
pub fn parse(body: &Value) -> Result<UserInput, ScimError> {
    let user = object(body, "the body")?;
    check_schemas(user)?;
    for key in user.keys() {
        let known = listed(KEPT, key)
            || listed(NOT_KEPT, key)
            || key.eq_ignore_ascii_case(ENTERPRISE_SCHEMA);
        if !known {
            return Err(ScimError::invalid_syntax(format!(
                "The attribute {key:?} is not in the User schema or its enterprise extension."
            )));
        }
    }
    let enterprise = match present(get(user, ENTERPRISE_SCHEMA)) {
        Some(value) => Some(object(value, ENTERPRISE_SCHEMA)?),
        None => None,
    };
    if let Some(enterprise) = enterprise {
        for key in enterprise.keys() {
            if !listed(ENTERPRISE_KEPT, key) && !listed(ENTERPRISE_NOT_KEPT, key) {
                return Err(ScimError::invalid_syntax(format!(
                    "The attribute {key:?} is not in the enterprise extension."
                )));
            }
        }
    }
    let user_name = match present(get(user, "userName")) {
        Some(value) => UserName::parse(string(value, "userName")?).map_err(invalid)?,
        None => return Err(ScimError::invalid_value("userName is required.")),
    };
    let (email, email_type) = address(user, &user_name)?;
    let language_tag = |attribute| -> Result<Option<LanguageTag>, ScimError> {
        match present(get(user, attribute)) {
            Some(value) => Ok(Some(
                LanguageTag::parse(string(value, attribute)?).map_err(invalid)?,
            )),
            None => Ok(None),
        }
    };
    let preferred_language = language_tag("preferredLanguage")?;
    let locale = language_tag("locale")?;
    let language = preferred_language
        .as_ref()
        .and_then(LanguageTag::language)
        .or_else(|| locale.as_ref().and_then(LanguageTag::language));
    Ok(UserInput {
        name: name(user)?,
        email,
        email_type,
        active: match present(get(user, "active")) {
            Some(value) => boolean(value, "active")?,
            None => true,
        },
        external_id: text(Some(user), "externalId")?
            .filter(|s| !s.is_empty())
            .map(|s| ExternalId::parse(&s).map_err(invalid))
            .transpose()?,
        preferred_language,
        language,
        department: text(enterprise, "department")?
            .map(|d| department(&d))
            .transpose()?
            .flatten(),
        manager_id: enterprise.map(manager).transpose()?.flatten(),
        employee_number: text(enterprise, "employeeNumber")?
            .filter(|s| !s.is_empty())
            .map(|s| EmployeeNumber::parse(&s).map_err(invalid))
            .transpose()?,
        user_name,
    })
}

/// A string attribute of `object` (when there is one), trimmed.
fn text(object: Option<&Map<String, Value>>, attribute: &str) -> Result<Option<String>, ScimError> {
    match object.and_then(|o| present(get(o, attribute))) {
        Some(value) => Ok(Some(string(value, attribute)?.trim().to_owned())),
        None => Ok(None),
    }
}

fn invalid(err: crate::domain::DirectoryValueError) -> ScimError {
    ScimError::invalid_value(format!("{err}."))
}

fn check_schemas(user: &Map<String, Value>) -> Result<(), ScimError> {
    let Some(schemas) = present(get(user, "schemas")) else {
        return Ok(());
    };
    let schemas = schemas
        .as_array()
        .ok_or_else(|| ScimError::invalid_syntax("schemas must be a list of schema URNs."))?;
    for schema in schemas {
        let urn = string(schema, "schemas")?;
        if !urn.eq_ignore_ascii_case(USER_SCHEMA) && !urn.eq_ignore_ascii_case(ENTERPRISE_SCHEMA) {
            return Err(ScimError::invalid_syntax(format!(
                "The schema {urn:?} is not supported: Bryggan serves the User schema and its \
                 enterprise extension."
            )));
        }
    }
    Ok(())
}

/// `displayName`, else `name.formatted`, else `name.givenName` and `name.familyName`.
fn name(user: &Map<String, Value>) -> Result<String, ScimError> {
    let parts = match present(get(user, "name")) {
        Some(value) => Some(object(value, "name")?),
        None => None,
    };
    let given_and_family = [text(parts, "givenName")?, text(parts, "familyName")?]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let name = [
        text(Some(user), "displayName")?,
        text(parts, "formatted")?,
        Some(given_and_family),
    ]
    .into_iter()
    .flatten()
    .find(|s| !s.is_empty())
    .ok_or_else(|| {
        ScimError::invalid_value("A name is required: displayName or name.formatted.")
    })?;
    if name.chars().count() > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(ScimError::invalid_value(format!(
            "displayName must be one line of at most {MAX_NAME_CHARS} characters."
        )));
    }
    Ok(name)
}

/// The account's address: the primary email, else the `work` one, else the first; else
/// `userName` when it is an address.
fn address(
    user: &Map<String, Value>,
    user_name: &UserName,
) -> Result<(Email, Option<EmailType>), ScimError> {
    let emails = match present(get(user, "emails")) {
        Some(Value::Array(emails)) => emails.as_slice(),
        Some(_) => return Err(ScimError::invalid_syntax("emails must be a list.")),
        None => &[],
    };
    let mut entries = Vec::with_capacity(emails.len());
    for entry in emails {
        let entry = object(entry, "emails")?;
        let primary = match present(get(entry, "primary")) {
            Some(value) => boolean(value, "emails.primary")?,
            None => false,
        };
        let kind = match present(get(entry, "type")) {
            Some(value) => Some(EmailType::parse(string(value, "emails.type")?).map_err(invalid)?),
            None => None,
        };
        let value = match present(get(entry, "value")) {
            Some(value) => string(value, "emails.value")?,
            None => return Err(ScimError::invalid_value("emails.value is required.")),
        };
        entries.push((primary, kind, value));
    }
    let chosen = entries
        .iter()
        .find(|(primary, _, _)| *primary)
        .or_else(|| {
            entries
                .iter()
                .find(|(_, kind, _)| *kind == Some(EmailType::Work))
        })
        .or_else(|| entries.first());
    match chosen {
        Some((_, kind, value)) => Email::parse(value)
            .map(|email| (email, *kind))
            .map_err(|_| ScimError::invalid_value(format!("{value:?} is not an email address."))),
        None => Email::parse(user_name.as_str())
            .map(|email| (email, None))
            .map_err(|_| {
                ScimError::invalid_value(
                    "A work address is required: emails, or a userName that is an address.",
                )
            }),
    }
}

/// A department path with its parts trimmed; empty means none.
fn department(text: &str) -> Result<Option<String>, ScimError> {
    if text.is_empty() {
        return Ok(None);
    }
    let parts: Vec<&str> = text.split('/').map(str::trim).collect();
    let bad = parts.len() > 10
        || parts
            .iter()
            .any(|p| p.is_empty() || p.chars().count() > 100 || p.chars().any(char::is_control));
    if bad {
        return Err(ScimError::invalid_value(format!(
            "department {text:?} must be a name or a path of at most 10 names separated by /."
        )));
    }
    Ok(Some(parts.join("/")))
}

/// `manager` as an object with `value`, or (as Entra's PATCH sends it) a bare id.
fn manager(enterprise: &Map<String, Value>) -> Result<Option<String>, ScimError> {
    let id = match present(get(enterprise, "manager")) {
        None => return Ok(None),
        Some(Value::String(id)) => id.as_str(),
        Some(Value::Object(manager)) => match present(get(manager, "value")) {
            Some(value) => string(value, "manager.value")?,
            None => return Ok(None),
        },
        Some(_) => return Err(ScimError::invalid_syntax("manager must be an object.")),
    };
    Ok(Some(id.trim().to_owned()).filter(|id| !id.is_empty()))
}

/// An account as the directory sees it.
#[derive(Debug, Clone)]
pub struct UserView<'a> {
    pub id: i64,
    pub user_name: &'a str,
    pub name: &'a str,
    pub email: &'a str,
    pub email_type: Option<EmailType>,
    pub active: bool,
    pub external_id: Option<&'a str>,
    pub preferred_language: Option<&'a str>,
    pub department: Option<&'a str>,
    pub manager_id: Option<i64>,
    pub employee_number: Option<&'a str>,
    pub created: DateTime<Utc>,
    pub last_modified: DateTime<Utc>,
}

/// The resource, with `meta.location` under `base` (`…/scim/v2`).
pub fn render(user: &UserView<'_>, base: &str) -> Value {
    let location = format!("{base}/Users/{}", user.id);
    let mut email = json!({"value": user.email});
    if let Some(kind) = user.email_type {
        email["type"] = kind.as_str().into();
    }
    let mut resource = json!({
        "schemas": [USER_SCHEMA],
        "id": user.id.to_string(),
        "userName": user.user_name,
        "displayName": user.name,
        "emails": [email],
        "active": user.active,
        "meta": {
            "resourceType": "User",
            "created": timestamp(user.created),
            "lastModified": timestamp(user.last_modified),
            "location": location,
        },
    });
    if let Some(external_id) = user.external_id {
        resource["externalId"] = external_id.into();
    }
    if let Some(tag) = user.preferred_language {
        resource["preferredLanguage"] = tag.into();
    }
    let mut enterprise = Map::new();
    if let Some(department) = user.department {
        enterprise.insert("department".into(), department.into());
    }
    if let Some(number) = user.employee_number {
        enterprise.insert("employeeNumber".into(), number.into());
    }
    if let Some(manager) = user.manager_id {
        enterprise.insert(
            "manager".into(),
            json!({"value": manager.to_string(), "$ref": format!("{base}/Users/{manager}")}),
        );
    }
    if !enterprise.is_empty() {
        resource["schemas"] = json!([USER_SCHEMA, ENTERPRISE_SCHEMA]);
        resource[ENTERPRISE_SCHEMA] = Value::Object(enterprise);
    }
    resource
}

fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[cfg(test)]
#[path = "user_tests.rs"]
mod tests;
