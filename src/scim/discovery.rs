//! The discovery documents (RFC 7644 §4): what Bryggan supports, stated exactly, since a
//! directory and the protocol checker act on them. Users only: Bryggan's roles are given
//! in Bryggan, so Groups are not served and no role comes from the directory.

use serde_json::{Value, json};

use super::query::MAX_COUNT;
use super::{ENTERPRISE_SCHEMA, LIST_SCHEMA, USER_SCHEMA};

const SPC_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
const RESOURCE_TYPE_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
const SCHEMA_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Schema";

pub fn service_provider_config(base: &str) -> Value {
    json!({
        "schemas": [SPC_SCHEMA],
        "patch": {"supported": true},
        "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": true, "maxResults": MAX_COUNT},
        "changePassword": {"supported": false},
        "sort": {"supported": false},
        "etag": {"supported": false},
        "authenticationSchemes": [{
            "type": "oauthbearertoken",
            "name": "Bearer token",
            "description": "A token made with `bryggan scim token create`, sent as \
                            Authorization: Bearer.",
            "primary": true,
        }],
        "meta": {
            "resourceType": "ServiceProviderConfig",
            "location": format!("{base}/ServiceProviderConfig"),
        },
    })
}

pub fn user_resource_type(base: &str) -> Value {
    json!({
        "schemas": [RESOURCE_TYPE_SCHEMA],
        "id": "User",
        "name": "User",
        "endpoint": "/Users",
        "description": "A member of staff: the account Bryggan keeps for them.",
        "schema": USER_SCHEMA,
        "schemaExtensions": [{"schema": ENTERPRISE_SCHEMA, "required": false}],
        "meta": {"resourceType": "ResourceType", "location": format!("{base}/ResourceTypes/User")},
    })
}

pub fn resource_types(base: &str) -> Value {
    list(vec![user_resource_type(base)])
}

pub fn schemas(base: &str) -> Value {
    list(vec![user_schema(base), enterprise_schema(base)])
}

/// One schema by its URN.
pub fn schema(base: &str, id: &str) -> Option<Value> {
    if id.eq_ignore_ascii_case(USER_SCHEMA) {
        Some(user_schema(base))
    } else if id.eq_ignore_ascii_case(ENTERPRISE_SCHEMA) {
        Some(enterprise_schema(base))
    } else {
        None
    }
}

fn list(resources: Vec<Value>) -> Value {
    json!({
        "schemas": [LIST_SCHEMA],
        "totalResults": resources.len(),
        "startIndex": 1,
        "itemsPerPage": resources.len(),
        "Resources": resources,
    })
}

/// An attribute definition (RFC 7643 §7).
struct Attr {
    name: &'static str,
    kind: &'static str,
    multi: bool,
    required: bool,
    mutability: &'static str,
    uniqueness: &'static str,
    description: &'static str,
    canonical: &'static [&'static str],
    sub: Vec<Value>,
}

fn attr(name: &'static str, kind: &'static str, description: &'static str) -> Attr {
    Attr {
        name,
        kind,
        multi: false,
        required: false,
        mutability: "readWrite",
        uniqueness: "none",
        description,
        canonical: &[],
        sub: Vec::new(),
    }
}

impl Attr {
    fn json(self) -> Value {
        let mut value = json!({
            "name": self.name,
            "type": self.kind,
            "multiValued": self.multi,
            "description": self.description,
            "required": self.required,
            "caseExact": false,
            "mutability": self.mutability,
            "returned": "default",
            "uniqueness": self.uniqueness,
        });
        if !self.canonical.is_empty() {
            value["canonicalValues"] = json!(self.canonical);
        }
        if self.kind == "reference" {
            value["referenceTypes"] = json!(["User"]);
        }
        if !self.sub.is_empty() {
            value["subAttributes"] = Value::Array(self.sub);
        }
        value
    }
}

fn user_schema(base: &str) -> Value {
    let user_name = Attr {
        required: true,
        uniqueness: "server",
        ..attr(
            "userName",
            "string",
            "The directory's name for the person (Entra: the user principal name); \
             unique without regard to case.",
        )
    };
    let display_name = Attr {
        required: true,
        ..attr(
            "displayName",
            "string",
            "The person's name as shown in Bryggan. When it is absent, name.formatted, \
             or name.givenName and name.familyName, are used.",
        )
    };
    let emails = Attr {
        multi: true,
        required: true,
        sub: vec![
            Attr {
                required: true,
                ..attr(
                    "value",
                    "string",
                    "The address reminders and certificates go to.",
                )
            }
            .json(),
            Attr {
                canonical: &["work", "home", "other"],
                ..attr("type", "string", "The kind of address.")
            }
            .json(),
        ],
        ..attr(
            "emails",
            "complex",
            "The work address. Bryggan keeps one, and returns only it: of several, the one \
             marked primary, else the work one, else the first; without any, a userName \
             that is an address.",
        )
    };
    let active = Attr {
        required: true,
        ..attr(
            "active",
            "boolean",
            "False deactivates the account; its history, certificates and statistics stay.",
        )
    };
    let preferred_language = Attr {
        canonical: &["sv-SE", "en-GB", "sv", "en"],
        ..attr(
            "preferredLanguage",
            "string",
            "A language tag; Swedish and English choose Bryggan's language.",
        )
    };
    json!({
        "schemas": [SCHEMA_SCHEMA],
        "id": USER_SCHEMA,
        "name": "User",
        "description": "A member of staff.",
        "attributes": [
            user_name.json(),
            display_name.json(),
            emails.json(),
            active.json(),
            preferred_language.json(),
        ],
        "meta": {"resourceType": "Schema", "location": format!("{base}/Schemas/{USER_SCHEMA}")},
    })
}

fn enterprise_schema(base: &str) -> Value {
    let manager = Attr {
        sub: vec![
            attr("value", "string", "The id of the manager's User resource.").json(),
            attr("$ref", "reference", "The manager's User resource.").json(),
        ],
        ..attr(
            "manager",
            "complex",
            "The person's manager, who must be provisioned too; Bryggan keeps their address.",
        )
    };
    json!({
        "schemas": [SCHEMA_SCHEMA],
        "id": ENTERPRISE_SCHEMA,
        "name": "EnterpriseUser",
        "description": "The enterprise extension: where the person works.",
        "attributes": [
            attr(
                "department",
                "string",
                "The department: a path such as Malmö stad/Socialförvaltningen is used as \
                 it is; a name without / is placed under the configured root.",
            )
            .json(),
            attr("employeeNumber", "string", "The employee number.").json(),
            manager.json(),
        ],
        "meta": {
            "resourceType": "Schema",
            "location": format!("{base}/Schemas/{ENTERPRISE_SCHEMA}"),
        },
    })
}
