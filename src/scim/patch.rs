//! PATCH (RFC 7644 §3.5.2) applied to a user's JSON representation. The result is read
//! again by [`super::user::parse`], so a PATCH is checked exactly as a PUT is.
//!
//! Entra's departures from the RFC are absorbed here: `"Replace"`/`"Add"`/`"Remove"` in
//! any case, paths with a value filter such as `emails[type eq "work"].value` that match
//! nothing yet (the element is made from the filter), and a manager given as a bare id.

use std::str::FromStr;

use scim_v2::filter::{AttrExp, AttrPath, CompValue, CompareOp, PatchPath, ValFilter};
use serde_json::{Map, Value};

use super::values::{get, key_of, object, string};
use super::{ENTERPRISE_SCHEMA, MAX_OPERATIONS, PATCH_SCHEMA, ScimError, ScimType, USER_SCHEMA};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Add,
    Replace,
    Remove,
}

/// What an operation changes.
#[derive(Debug, Clone)]
pub enum Target {
    /// No path: the value's attributes, each as if it were the path.
    Resource,
    /// The enterprise extension as a whole (its URN as the path).
    Extension,
    Path(PatchPath),
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub op: Op,
    pub target: Target,
    pub value: Option<Value>,
}

/// Reads a PatchOp message.
pub fn parse(body: &Value) -> Result<Vec<Operation>, ScimError> {
    let message = object(body, "the body")?;
    if let Some(schemas) = get(message, "schemas") {
        let ok = schemas
            .as_array()
            .is_some_and(|s| s.iter().any(|u| u.as_str() == Some(PATCH_SCHEMA)));
        if !ok {
            return Err(ScimError::invalid_syntax(format!(
                "A PATCH body names the schema {PATCH_SCHEMA}."
            )));
        }
    }
    let operations = get(message, "Operations")
        .and_then(Value::as_array)
        .ok_or_else(|| ScimError::invalid_syntax("A PATCH body has a list of Operations."))?;
    if operations.is_empty() || operations.len() > MAX_OPERATIONS {
        return Err(ScimError::invalid_syntax(format!(
            "A PATCH body has 1 to {MAX_OPERATIONS} operations."
        )));
    }
    operations.iter().map(operation).collect()
}

fn operation(value: &Value) -> Result<Operation, ScimError> {
    let operation = object(value, "an operation")?;
    let op = match get(operation, "op").map(|op| string(op, "op")) {
        Some(Ok(op)) if op.eq_ignore_ascii_case("add") => Op::Add,
        Some(Ok(op)) if op.eq_ignore_ascii_case("replace") => Op::Replace,
        Some(Ok(op)) if op.eq_ignore_ascii_case("remove") => Op::Remove,
        _ => {
            return Err(ScimError::invalid_syntax(
                "Each operation's op is add, replace or remove.",
            ));
        }
    };
    let target = match get(operation, "path").filter(|p| !p.is_null()) {
        Some(path) => target(string(path, "path")?)?,
        None => Target::Resource,
    };
    let value = get(operation, "value").cloned();
    match (op, &target, &value) {
        (Op::Remove, Target::Resource, _) => Err(ScimError::bad(
            ScimType::NoTarget,
            "A remove operation names a path.",
        )),
        (Op::Add | Op::Replace, _, None) => Err(ScimError::invalid_syntax(
            "An add or replace operation has a value.",
        )),
        _ => Ok(Operation { op, target, value }),
    }
}

fn target(path: &str) -> Result<Target, ScimError> {
    if path.trim().eq_ignore_ascii_case(ENTERPRISE_SCHEMA) {
        return Ok(Target::Extension);
    }
    PatchPath::from_str(path.trim())
        .map(Target::Path)
        .map_err(|_| {
            ScimError::bad(
                ScimType::InvalidPath,
                format!("The path {path:?} cannot be read."),
            )
        })
}

/// Applies `operations` to `resource` (a user as rendered) in order.
pub fn apply(resource: &mut Value, operations: &[Operation]) -> Result<(), ScimError> {
    let root = resource
        .as_object_mut()
        .ok_or_else(|| ScimError::invalid_syntax("The resource is not an object."))?;
    for operation in operations {
        let value = operation.value.as_ref();
        match &operation.target {
            Target::Resource => {
                for (key, value) in value
                    .map(|v| object(v, "value"))
                    .transpose()?
                    .into_iter()
                    .flatten()
                {
                    match target(key)? {
                        Target::Extension => extension(root, operation.op, Some(value))?,
                        Target::Path(path) => at_path(root, operation.op, &path, Some(value))?,
                        Target::Resource => {}
                    }
                }
            }
            Target::Extension => extension(root, operation.op, value)?,
            Target::Path(path) => at_path(root, operation.op, path, value)?,
        }
    }
    Ok(())
}

/// The enterprise extension as a whole: removed, replaced, or (add) merged into.
fn extension(
    root: &mut Map<String, Value>,
    op: Op,
    value: Option<&Value>,
) -> Result<(), ScimError> {
    let key = key_of(root, ENTERPRISE_SCHEMA).unwrap_or_else(|| ENTERPRISE_SCHEMA.into());
    match op {
        Op::Remove => {
            root.remove(&key);
        }
        Op::Replace => {
            let value = value.cloned().unwrap_or(Value::Null);
            object(&value, ENTERPRISE_SCHEMA)?;
            root.insert(key, value);
        }
        Op::Add => {
            let target = container(root, Some(ENTERPRISE_SCHEMA))?;
            for (name, value) in value
                .map(|v| object(v, ENTERPRISE_SCHEMA))
                .transpose()?
                .into_iter()
                .flatten()
            {
                set(target, name, value.clone(), op);
            }
        }
    }
    Ok(())
}

fn at_path(
    root: &mut Map<String, Value>,
    op: Op,
    path: &PatchPath,
    value: Option<&Value>,
) -> Result<(), ScimError> {
    match path {
        PatchPath::Attr(attr) => {
            let (uri, name, sub) = split(attr);
            refuse_read_only(&name)?;
            let target = container(root, uri.as_deref())?;
            match (sub, op) {
                (None, Op::Remove) => {
                    if let Some(key) = key_of(target, &name) {
                        target.remove(&key);
                    }
                }
                (None, op) => set(target, &name, value.cloned().unwrap_or(Value::Null), op),
                (Some(sub), op) => {
                    let key = key_of(target, &name).unwrap_or(name);
                    let parent = target
                        .entry(key)
                        .or_insert_with(|| Value::Object(Map::new()));
                    if !parent.is_object() {
                        *parent = Value::Object(Map::new());
                    }
                    if let Some(parent) = parent.as_object_mut() {
                        match op {
                            Op::Remove => {
                                if let Some(key) = key_of(parent, &sub) {
                                    parent.remove(&key);
                                }
                            }
                            _ => set(
                                parent,
                                &sub,
                                value.cloned().unwrap_or(Value::Null),
                                Op::Replace,
                            ),
                        }
                    }
                }
            }
        }
        PatchPath::Value(path) => {
            let (uri, name, _) = split(&path.attr);
            let target = container(root, uri.as_deref())?;
            let key = key_of(target, &name).unwrap_or(name);
            let list = target
                .entry(key)
                .or_insert_with(|| Value::Array(Vec::new()));
            if !list.is_array() {
                *list = Value::Array(Vec::new());
            }
            let Some(list) = list.as_array_mut() else {
                return Ok(());
            };
            let matching: Vec<usize> = (0..list.len())
                .filter(|&i| {
                    list[i]
                        .as_object()
                        .is_some_and(|e| matches(&path.filter, e))
                })
                .collect();
            match (op, &path.sub_attr) {
                (Op::Remove, None) => {
                    for i in matching.into_iter().rev() {
                        list.remove(i);
                    }
                }
                (Op::Remove, Some(sub)) => {
                    for i in matching {
                        if let Some(element) = list[i].as_object_mut()
                            && let Some(key) = key_of(element, sub)
                        {
                            element.remove(&key);
                        }
                    }
                }
                (_, sub) => {
                    let value = value.cloned().unwrap_or(Value::Null);
                    let targets = if matching.is_empty() {
                        // Nothing matches yet: make the element the filter describes.
                        list.push(Value::Object(element_from(&path.filter)));
                        vec![list.len() - 1]
                    } else {
                        matching
                    };
                    for i in targets {
                        let Some(element) = list[i].as_object_mut() else {
                            continue;
                        };
                        match sub {
                            Some(sub) => set(element, sub, value.clone(), Op::Replace),
                            None => {
                                for (k, v) in object(&value, "value")? {
                                    set(element, k, v.clone(), Op::Replace);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

/// The schema URN (if the path names one), the attribute and its sub-attribute.
fn split(attr: &AttrPath) -> (Option<String>, String, Option<String>) {
    (attr.uri.clone(), attr.name.clone(), attr.sub_attr.clone())
}

fn refuse_read_only(name: &str) -> Result<(), ScimError> {
    if name.eq_ignore_ascii_case("id") || name.eq_ignore_ascii_case("meta") {
        return Err(ScimError::bad(
            ScimType::Mutability,
            format!("{name} is set by Bryggan and cannot be changed."),
        ));
    }
    Ok(())
}

/// The object a path's attribute lives in: the resource, or the enterprise extension.
fn container<'a>(
    root: &'a mut Map<String, Value>,
    uri: Option<&str>,
) -> Result<&'a mut Map<String, Value>, ScimError> {
    match uri {
        None => Ok(root),
        Some(uri) if uri.eq_ignore_ascii_case(USER_SCHEMA) => Ok(root),
        Some(uri) if uri.eq_ignore_ascii_case(ENTERPRISE_SCHEMA) => {
            let key = key_of(root, ENTERPRISE_SCHEMA).unwrap_or_else(|| ENTERPRISE_SCHEMA.into());
            let extension = root.entry(key).or_insert_with(|| Value::Object(Map::new()));
            if !extension.is_object() {
                *extension = Value::Object(Map::new());
            }
            extension
                .as_object_mut()
                .ok_or_else(|| ScimError::invalid_syntax("The extension is not an object."))
        }
        Some(uri) => Err(ScimError::bad(
            ScimType::InvalidPath,
            format!("The schema {uri:?} is not supported."),
        )),
    }
}

/// Sets `name` in `object`; `add` appends to a list where there is one (RFC 7644 §3.5.2.1).
fn set(object: &mut Map<String, Value>, name: &str, value: Value, op: Op) {
    let key = key_of(object, name).unwrap_or_else(|| name.to_owned());
    match (op, object.get_mut(&key), value) {
        (Op::Add, Some(Value::Array(list)), value) => {
            let values = match value {
                Value::Array(values) => values,
                value => vec![value],
            };
            // One primary value at most (RFC 7643 §2.4): a new primary demotes the old.
            if values.iter().any(is_primary) {
                for element in list.iter_mut().filter_map(Value::as_object_mut) {
                    if let Some(key) = key_of(element, "primary") {
                        element.insert(key, Value::Bool(false));
                    }
                }
            }
            list.extend(values);
        }
        (_, _, value) => {
            object.insert(key, value);
        }
    }
}

fn is_primary(value: &Value) -> bool {
    value
        .as_object()
        .and_then(|v| get(v, "primary"))
        .is_some_and(|p| {
            p == &Value::Bool(true) || p.as_str().is_some_and(|s| s.eq_ignore_ascii_case("true"))
        })
}

/// Whether a list element matches a value filter.
fn matches(filter: &ValFilter, element: &Map<String, Value>) -> bool {
    match filter {
        ValFilter::Attr(AttrExp::Present(path)) => {
            get(element, &path.name).is_some_and(|v| !v.is_null())
        }
        ValFilter::Attr(AttrExp::Comparison(path, op, expected)) => {
            get(element, &path.name).is_some_and(|actual| compare(actual, op, expected))
        }
        ValFilter::Not(inner) => !matches(inner, element),
        ValFilter::And(a, b) => matches(a, element) && matches(b, element),
        ValFilter::Or(a, b) => matches(a, element) || matches(b, element),
    }
}

/// String comparisons ignore case, as every attribute Bryggan keeps in a list is caseExact
/// false.
fn compare(actual: &Value, op: &CompareOp, expected: &CompValue) -> bool {
    match (actual, expected) {
        (Value::String(a), CompValue::Str(e)) => {
            let (a, e) = (a.to_lowercase(), e.to_lowercase());
            match op {
                CompareOp::Eq => a == e,
                CompareOp::Ne => a != e,
                CompareOp::Co => a.contains(&e),
                CompareOp::Sw => a.starts_with(&e),
                CompareOp::Ew => a.ends_with(&e),
                CompareOp::Gt => a > e,
                CompareOp::Lt => a < e,
                CompareOp::Ge => a >= e,
                CompareOp::Le => a <= e,
            }
        }
        (Value::Bool(a), CompValue::True) => *op == CompareOp::Eq && *a,
        (Value::Bool(a), CompValue::False) => *op == CompareOp::Eq && !*a,
        _ => false,
    }
}

/// The element an equality filter describes, such as `{"type": "work"}`.
fn element_from(filter: &ValFilter) -> Map<String, Value> {
    let mut element = Map::new();
    let mut stack = vec![filter];
    while let Some(filter) = stack.pop() {
        match filter {
            ValFilter::Attr(AttrExp::Comparison(path, CompareOp::Eq, value)) => {
                let value = match value {
                    CompValue::Str(s) => Value::String(s.clone()),
                    CompValue::True => Value::Bool(true),
                    CompValue::False => Value::Bool(false),
                    CompValue::Number(n) => Value::Number(n.clone()),
                    CompValue::Null => Value::Null,
                };
                element.insert(path.name.clone(), value);
            }
            ValFilter::And(a, b) => stack.extend([a.as_ref(), b.as_ref()]),
            _ => {}
        }
    }
    element
}

#[cfg(test)]
#[path = "patch_tests.rs"]
mod tests;
