//! A form's problems, shown the GOV.UK and DIGG way: a summary at the top that links to
//! each field (and takes the focus), and each message beside its field, tied to it with
//! `aria-describedby`. It works without JavaScript.

use std::collections::BTreeMap;

use serde::Serialize;

/// The problems of one form, by field name.
#[derive(Debug, Default, Serialize)]
pub struct FormErrors {
    /// In the order of the form, for the summary.
    list: Vec<FieldError>,
    /// Every field of the form, with its message or null, for the field itself.
    by_field: BTreeMap<String, Option<String>>,
    any: bool,
}

#[derive(Debug, Serialize)]
struct FieldError {
    field: String,
    message: String,
}

impl FormErrors {
    /// The form's `fields` and its `(field, message)` problems; a field's first message
    /// is the one shown. Every field is named, so a template may ask about any of them.
    /// A field's name is also its anchor: the summary links to `#f-<field>`.
    pub fn new<F: Into<String>>(
        fields: &[&str],
        problems: impl IntoIterator<Item = (F, String)>,
    ) -> Self {
        let mut errors = FormErrors {
            by_field: fields.iter().map(|f| ((*f).to_owned(), None)).collect(),
            ..FormErrors::default()
        };
        for (field, message) in problems {
            let field: String = field.into();
            if errors.by_field.get(&field).is_some_and(Option::is_some) {
                continue;
            }
            errors.by_field.insert(field.clone(), Some(message.clone()));
            errors.list.push(FieldError { field, message });
        }
        errors.any = !errors.list.is_empty();
        errors
    }

    pub fn any(&self) -> bool {
        self.any
    }

    /// The message shown beside `field`, if it has one.
    pub fn message(&self, field: &str) -> Option<&str> {
        self.by_field.get(field).and_then(Option::as_deref)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_shows_its_first_problem_and_the_summary_lists_each_field_once() {
        let errors = FormErrors::new(
            &["course", "due_date"],
            [
                ("due_date", "passed".to_owned()),
                ("due_date", "unreadable".to_owned()),
                ("course", "none".to_owned()),
            ],
        );
        let json = serde_json::to_value(&errors).unwrap();
        assert_eq!(json["by_field"]["due_date"], "passed");
        assert_eq!(json["by_field"]["course"], "none");
        assert_eq!(json["list"].as_array().unwrap().len(), 2);
        assert_eq!(json["any"], true);
    }
}
