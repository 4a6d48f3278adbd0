//! Reading JSON as SCIM does: attribute names without regard to case (RFC 7643 §2.1), and
//! the booleans Entra sends as strings (`"False"`).

use serde_json::{Map, Value};

use super::ScimError;

/// The value under `name` in `object`, whatever its case.
pub fn get<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    object
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value)
}

/// The key under which `object` holds `name`, whatever its case.
pub fn key_of(object: &Map<String, Value>, name: &str) -> Option<String> {
    object
        .keys()
        .find(|key| key.eq_ignore_ascii_case(name))
        .cloned()
}

/// `null` counts as absent: a directory clears an attribute by sending null.
pub fn present(value: Option<&Value>) -> Option<&Value> {
    value.filter(|v| !v.is_null())
}

pub fn string<'a>(value: &'a Value, attribute: &str) -> Result<&'a str, ScimError> {
    value
        .as_str()
        .ok_or_else(|| ScimError::invalid_value(format!("{attribute} must be a string")))
}

/// A boolean, or Entra's `"True"`/`"False"` in any case.
pub fn boolean(value: &Value, attribute: &str) -> Result<bool, ScimError> {
    match value {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(false),
        _ => Err(ScimError::invalid_value(format!(
            "{attribute} must be true or false"
        ))),
    }
}

pub fn object<'a>(value: &'a Value, attribute: &str) -> Result<&'a Map<String, Value>, ScimError> {
    value
        .as_object()
        .ok_or_else(|| ScimError::invalid_syntax(format!("{attribute} must be an object")))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn attribute_names_are_found_whatever_their_case() {
        let body = json!({"UserName": "anna"});
        let object = body.as_object().unwrap();
        assert_eq!(get(object, "userName"), Some(&json!("anna")));
        assert_eq!(key_of(object, "USERNAME").as_deref(), Some("UserName"));
    }

    #[test]
    fn entras_string_booleans_are_read_as_booleans() {
        assert_eq!(boolean(&json!("False"), "active"), Ok(false));
        assert_eq!(boolean(&json!("TRUE"), "active"), Ok(true));
        assert_eq!(boolean(&json!(false), "active"), Ok(false));
        assert!(boolean(&json!("no"), "active").is_err());
    }
}
