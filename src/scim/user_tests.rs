use serde_json::json;

use super::*;
use crate::scim::ScimType;

fn entra_create() -> Value {
    serde_json::from_str(include_str!("../../tests/fixtures/scim/entra_create.json")).unwrap()
}

#[test]
fn entras_create_with_the_enterprise_extension_is_read() {
    let user = parse(&entra_create()).unwrap();
    assert_eq!(user.user_name.as_str(), "Anna.Berg@malmo.se");
    assert_eq!(user.name, "Anna Berg");
    assert_eq!(user.email.as_str(), "anna.berg@malmo.se");
    assert_eq!(user.email_type, Some(EmailType::Work));
    assert!(user.active);
    assert_eq!(user.external_id.unwrap().as_str(), "anna.berg");
    assert_eq!(user.preferred_language.unwrap().as_str(), "sv-SE");
    assert_eq!(user.language, Some(Language::Sv));
    assert_eq!(user.department.as_deref(), Some("Socialförvaltningen"));
    assert_eq!(user.employee_number.unwrap().as_str(), "701234");
    assert_eq!(user.manager_id, None);
}

#[test]
fn attribute_names_are_read_whatever_their_case_and_active_may_be_a_string() {
    let user = parse(&json!({
        "USERNAME": "per@malmo.se",
        "DisplayName": "Per Holm",
        "Active": "False",
    }))
    .unwrap();
    assert!(!user.active);
    assert_eq!(user.email.as_str(), "per@malmo.se");
    assert_eq!(user.name, "Per Holm");
}

#[test]
fn the_name_falls_back_to_formatted_then_given_and_family() {
    let formatted = json!({"userName": "a@b.se", "name": {"formatted": "Ann Ek"}});
    assert_eq!(parse(&formatted).unwrap().name, "Ann Ek");
    let parts = json!({"userName": "a@b.se", "name": {"givenName": "Ann", "familyName": "Ek"}});
    assert_eq!(parse(&parts).unwrap().name, "Ann Ek");
    let none = json!({"userName": "a@b.se"});
    assert_eq!(
        parse(&none).unwrap_err().scim_type,
        Some(ScimType::InvalidValue)
    );
}

#[test]
fn an_unknown_attribute_is_refused_and_a_known_unkept_one_is_ignored() {
    let mut body = entra_create();
    body["favouriteColour"] = json!("blue");
    let err = parse(&body).unwrap_err();
    assert_eq!(err.scim_type, Some(ScimType::InvalidSyntax));
    assert!(err.detail.contains("favouriteColour"), "{}", err.detail);

    let mut body = entra_create();
    body[ENTERPRISE_SCHEMA]["shoeSize"] = json!(42);
    assert_eq!(
        parse(&body).unwrap_err().scim_type,
        Some(ScimType::InvalidSyntax)
    );
}

#[test]
fn an_address_that_is_not_one_is_an_invalid_value() {
    let mut body = entra_create();
    body["emails"][0]["value"] = json!("anna.berg");
    let err = parse(&body).unwrap_err();
    assert_eq!(err.scim_type, Some(ScimType::InvalidValue));
    assert!(
        err.detail.contains("not an email address"),
        "{}",
        err.detail
    );
}

#[test]
fn a_user_name_that_is_not_an_address_needs_an_email() {
    let body = json!({"userName": "u123", "displayName": "Ann Ek"});
    assert_eq!(
        parse(&body).unwrap_err().scim_type,
        Some(ScimType::InvalidValue)
    );
    let body = json!({"userName": "u123", "displayName": "Ann Ek",
                      "emails": [{"value": "ann@b.se"}]});
    assert_eq!(parse(&body).unwrap().email.as_str(), "ann@b.se");
}

#[test]
fn an_unsupported_schema_is_refused() {
    let mut body = entra_create();
    body["schemas"] = json!([USER_SCHEMA, "urn:example:custom"]);
    assert_eq!(
        parse(&body).unwrap_err().scim_type,
        Some(ScimType::InvalidSyntax)
    );
}

#[test]
fn a_rendered_user_reads_back_as_the_same_input() {
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-30T08:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let view = UserView {
        id: 7,
        user_name: "Anna.Berg@malmo.se",
        name: "Anna Berg",
        email: "anna.berg@malmo.se",
        email_type: Some(EmailType::Work),
        active: true,
        external_id: Some("anna.berg"),
        preferred_language: Some("sv-SE"),
        department: Some("Socialförvaltningen"),
        manager_id: Some(3),
        employee_number: Some("701234"),
        created: at,
        last_modified: at,
    };
    let rendered = render(&view, "https://bryggan.malmo.se/scim/v2");
    assert_eq!(
        rendered["meta"]["location"],
        "https://bryggan.malmo.se/scim/v2/Users/7"
    );
    assert_eq!(
        rendered[ENTERPRISE_SCHEMA]["manager"]["$ref"],
        "https://bryggan.malmo.se/scim/v2/Users/3"
    );
    let mut expected = parse(&entra_create()).unwrap();
    expected.manager_id = Some("3".into());
    assert_eq!(parse(&rendered).unwrap(), expected);
}
