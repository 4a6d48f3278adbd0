use serde_json::json;

use super::*;
use crate::scim::user;

fn anna() -> Value {
    json!({
        "schemas": [USER_SCHEMA, ENTERPRISE_SCHEMA],
        "id": "7",
        "userName": "anna@malmo.se",
        "displayName": "Anna Berg",
        "emails": [{"value": "anna@malmo.se", "type": "work", "primary": true}],
        "active": true,
        ENTERPRISE_SCHEMA: {"department": "Soc", "manager": {"value": "3"}},
    })
}

fn patched(operations: Value) -> Result<user::UserInput, ScimError> {
    let operations = parse(&json!({"schemas": [PATCH_SCHEMA], "Operations": operations}))?;
    let mut resource = anna();
    apply(&mut resource, &operations)?;
    user::parse(&resource)
}

#[test]
fn entras_capitalised_replace_of_active_with_a_string_deactivates() {
    let user = patched(json!([{"op": "Replace", "path": "active", "value": "False"}])).unwrap();
    assert!(!user.active);
}

#[test]
fn a_replace_without_a_path_sets_each_attribute_of_its_value() {
    let user =
        patched(json!([{"op": "replace", "value": {"active": false, "displayName": "A B"}}]))
            .unwrap();
    assert!(!user.active);
    assert_eq!(user.name, "A B");
}

#[test]
fn the_work_address_is_changed_through_a_value_filter_path() {
    let user = patched(json!([{
        "op": "Replace",
        "path": "emails[type eq \"work\"].value",
        "value": "anna.berg@malmo.se"
    }]))
    .unwrap();
    assert_eq!(user.email.as_str(), "anna.berg@malmo.se");
}

#[test]
fn a_value_filter_that_matches_nothing_adds_the_element_it_describes() {
    let operations = parse(&json!({"Operations": [{
        "op": "Add", "path": "emails[type eq \"work\"].value", "value": "ny@malmo.se"
    }]}))
    .unwrap();
    let mut resource = json!({"userName": "u1", "displayName": "Ny"});
    apply(&mut resource, &operations).unwrap();
    let user = user::parse(&resource).unwrap();
    assert_eq!(user.email.as_str(), "ny@malmo.se");
    assert_eq!(user.email_type, Some(crate::domain::EmailType::Work));
}

#[test]
fn the_manager_is_replaced_with_a_bare_id_as_entra_sends_it() {
    let user = patched(json!([{
        "op": "Replace",
        "path": format!("{ENTERPRISE_SCHEMA}:manager"),
        "value": "12"
    }]))
    .unwrap();
    assert_eq!(user.manager_id.as_deref(), Some("12"));
}

#[test]
fn a_department_is_moved_and_a_manager_removed() {
    let user = patched(json!([
        {"op": "Replace", "path": format!("{ENTERPRISE_SCHEMA}:department"), "value": "Malmö stad/Fritid"},
        {"op": "Remove", "path": format!("{ENTERPRISE_SCHEMA}:manager")}
    ]))
    .unwrap();
    assert_eq!(user.department.as_deref(), Some("Malmö stad/Fritid"));
    assert_eq!(user.manager_id, None);
}

#[test]
fn an_added_primary_address_takes_over_from_the_old_one() {
    let user = patched(json!([{
        "op": "add", "path": "emails", "value": [{"value": "ny@malmo.se", "primary": true}]
    }]))
    .unwrap();
    assert_eq!(user.email.as_str(), "ny@malmo.se");
}

#[test]
fn the_whole_extension_may_be_the_path() {
    let user = patched(json!([{
        "op": "replace", "path": ENTERPRISE_SCHEMA, "value": {"employeeNumber": "9"}
    }]))
    .unwrap();
    assert_eq!(user.department, None);
    assert_eq!(user.employee_number.unwrap().as_str(), "9");
}

#[test]
fn bad_operations_are_refused_with_their_scim_type() {
    let cases = [
        (
            json!([{"op": "move", "path": "active", "value": true}]),
            ScimType::InvalidSyntax,
        ),
        (json!([{"op": "remove"}]), ScimType::NoTarget),
        (
            json!([{"op": "replace", "path": "emails[type eq", "value": "x"}]),
            ScimType::InvalidPath,
        ),
        (
            json!([{"op": "replace", "path": "id", "value": "8"}]),
            ScimType::Mutability,
        ),
        (
            json!([{"op": "replace", "path": "urn:example:x:y", "value": 1}]),
            ScimType::InvalidPath,
        ),
        (json!([]), ScimType::InvalidSyntax),
    ];
    for (operations, expected) in cases {
        let err = patched(operations.clone()).unwrap_err();
        assert_eq!(err.scim_type, Some(expected), "{operations}");
    }
}
