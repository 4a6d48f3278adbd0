//! `attributes` and `excludedAttributes` (RFC 7644 §3.4.2.5): which attributes a
//! response carries. `id` and `schemas` are always returned.

use serde_json::{Map, Value};

use super::values::key_of;
use super::{ENTERPRISE_SCHEMA, USER_SCHEMA};

const ALWAYS: [&str; 2] = ["id", "schemas"];

/// One attribute named in the parameter: where it lives, and its sub-attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Named {
    in_extension: bool,
    /// `None`: the extension as a whole.
    name: Option<String>,
    sub: Option<String>,
}

/// The comma-separated list of a parameter.
pub fn list(parameter: Option<&str>) -> Vec<String> {
    parameter
        .into_iter()
        .flat_map(|p| p.split(','))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

fn named(text: &str) -> Named {
    let strip = |urn: &str| {
        text.get(..urn.len())
            .filter(|prefix| prefix.eq_ignore_ascii_case(urn))
            .map(|_| text[urn.len()..].trim_start_matches(':'))
    };
    let (in_extension, rest) = match (strip(ENTERPRISE_SCHEMA), strip(USER_SCHEMA)) {
        (Some(rest), _) => (true, rest),
        (None, Some(rest)) => (false, rest),
        (None, None) => (false, text),
    };
    let (name, sub) = match rest.split_once('.') {
        Some((name, sub)) => (name, Some(sub.to_owned())),
        None => (rest, None),
    };
    Named {
        in_extension,
        name: (!name.is_empty()).then(|| name.to_owned()),
        sub,
    }
}

/// Cuts `resource` down to `attributes` (when any), then removes `excluded`.
pub fn project(resource: &mut Value, attributes: &[String], excluded: &[String]) {
    let Some(object) = resource.as_object_mut() else {
        return;
    };
    if !attributes.is_empty() {
        let mut kept = Map::new();
        for key in ALWAYS {
            if let Some(value) = object.get(key) {
                kept.insert(key.to_owned(), value.clone());
            }
        }
        for text in attributes {
            copy(object, &mut kept, &named(text));
        }
        *object = kept;
    }
    for text in excluded {
        remove(object, &named(text));
    }
}

fn extension_key(object: &Map<String, Value>) -> Option<String> {
    key_of(object, ENTERPRISE_SCHEMA)
}

fn copy(from: &Map<String, Value>, to: &mut Map<String, Value>, named: &Named) {
    let (source, target) = if named.in_extension {
        let Some(key) = extension_key(from) else {
            return;
        };
        let Some(source) = from.get(&key).and_then(Value::as_object) else {
            return;
        };
        let target = to
            .entry(key)
            .or_insert_with(|| Value::Object(Map::new()))
            .as_object_mut();
        match (named.name.as_ref(), target) {
            (None, Some(target)) => {
                target.extend(source.clone());
                return;
            }
            (Some(_), Some(target)) => (source, target),
            _ => return,
        }
    } else {
        (from, to)
    };
    let Some(name) = &named.name else {
        return;
    };
    // A bare extension URN without the prefix match lands here as a core name; the
    // extension is then copied whole when its key is named.
    let Some(key) = key_of(source, name) else {
        return;
    };
    let value = &source[&key];
    match &named.sub {
        None => {
            target.insert(key, value.clone());
        }
        Some(sub) => {
            if let Some(part) = sub_value(value, sub) {
                merge(target.entry(key).or_insert(Value::Null), part);
            }
        }
    }
}

/// The sub-attribute of an object, or of every element of a list.
fn sub_value(value: &Value, sub: &str) -> Option<Value> {
    match value {
        Value::Object(object) => {
            let key = key_of(object, sub)?;
            let mut part = Map::new();
            part.insert(key.clone(), object[&key].clone());
            Some(Value::Object(part))
        }
        Value::Array(list) => Some(Value::Array(
            list.iter()
                .map(|element| sub_value(element, sub).unwrap_or(Value::Object(Map::new())))
                .collect(),
        )),
        _ => None,
    }
}

fn merge(target: &mut Value, part: Value) {
    match (target, part) {
        (Value::Object(target), Value::Object(part)) => target.extend(part),
        (Value::Array(target), Value::Array(part)) => {
            for (element, extra) in target.iter_mut().zip(part) {
                merge(element, extra);
            }
        }
        (target, part) => *target = part,
    }
}

fn remove(object: &mut Map<String, Value>, named: &Named) {
    let container = if named.in_extension {
        let Some(key) = extension_key(object) else {
            return;
        };
        if named.name.is_none() {
            object.remove(&key);
            return;
        }
        match object.get_mut(&key).and_then(Value::as_object_mut) {
            Some(extension) => extension,
            None => return,
        }
    } else {
        object
    };
    let Some(name) = &named.name else {
        return;
    };
    if ALWAYS.iter().any(|a| a.eq_ignore_ascii_case(name)) && !named.in_extension {
        return;
    }
    let Some(key) = key_of(container, name) else {
        return;
    };
    match &named.sub {
        None => {
            container.remove(&key);
        }
        Some(sub) => match container.get_mut(&key) {
            Some(Value::Object(inner)) => {
                if let Some(k) = key_of(inner, sub) {
                    inner.remove(&k);
                }
            }
            Some(Value::Array(list)) => {
                for element in list.iter_mut().filter_map(Value::as_object_mut) {
                    if let Some(k) = key_of(element, sub) {
                        element.remove(&k);
                    }
                }
            }
            _ => {}
        },
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn user() -> Value {
        json!({
            "schemas": [USER_SCHEMA, ENTERPRISE_SCHEMA],
            "id": "7",
            "userName": "anna",
            "displayName": "Anna Berg",
            "emails": [{"value": "anna@malmo.se", "type": "work", "primary": true}],
            ENTERPRISE_SCHEMA: {"department": "Soc", "employeeNumber": "42"},
            "meta": {"resourceType": "User"},
        })
    }

    #[test]
    fn attributes_keep_only_what_is_asked_and_the_id() {
        let mut resource = user();
        project(&mut resource, &list(Some("userName, emails.value")), &[]);
        assert_eq!(
            resource,
            json!({
                "schemas": [USER_SCHEMA, ENTERPRISE_SCHEMA],
                "id": "7",
                "userName": "anna",
                "emails": [{"value": "anna@malmo.se"}],
            })
        );
    }

    #[test]
    fn an_extension_attribute_is_named_with_its_urn() {
        let mut resource = user();
        project(
            &mut resource,
            &list(Some(&format!("{ENTERPRISE_SCHEMA}:department"))),
            &[],
        );
        assert_eq!(resource[ENTERPRISE_SCHEMA], json!({"department": "Soc"}));
        assert!(resource.get("userName").is_none());
    }

    #[test]
    fn excluded_attributes_are_removed_but_never_the_id() {
        let mut resource = user();
        project(&mut resource, &[], &list(Some("displayName,id,meta")));
        assert!(resource.get("displayName").is_none());
        assert!(resource.get("meta").is_none());
        assert_eq!(resource["id"], "7");
    }
}
