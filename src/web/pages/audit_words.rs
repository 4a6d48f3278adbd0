//! Audit entries in words, in the page's language: each action by its name, each detail
//! as "what: value". The stored codes and JSON stay as they are for the CSV export.

use serde_json::Value;

use crate::domain::Language;
use crate::web::render::Templates;

/// The action's name; an action without one is shown by its code.
pub fn action(templates: &Templates, lang: Language, code: &str) -> String {
    templates
        .lookup(lang, &format!("audit_action_{}", code.replace('.', "_")))
        .unwrap_or_else(|| code.to_owned())
}

/// The details as (what, value) pairs, empty values left out.
pub fn details(templates: &Templates, lang: Language, json: &str) -> Vec<(String, String)> {
    let Ok(Value::Object(fields)) = serde_json::from_str::<Value>(json) else {
        return Vec::new();
    };
    fields
        .iter()
        .filter_map(|(key, value)| {
            let shown = match value {
                Value::Null => return None,
                Value::String(s) if s.is_empty() => return None,
                Value::String(s) => s.clone(),
                Value::Bool(true) => templates.text(lang, "yes"),
                Value::Bool(false) => templates.text(lang, "no"),
                other => other.to_string(),
            };
            let name = templates
                .lookup(lang, &format!("audit_field_{key}"))
                .unwrap_or_else(|| key.clone());
            Some((name, shown))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every action the log records (`grep -rn 'audit::record' src`).
    const ACTIONS: &[&str] = &[
        "accessibility.report",
        "assignment.create",
        "assignment.remove",
        "certificate.revoke",
        "courses.published",
        "evaluation.export",
        "mail.retry",
        "privacy.erased",
        "privacy.exported",
        "privacy.purged",
        "report.export",
        "staff.import",
        "user.role",
    ];

    #[test]
    fn every_action_has_a_name_in_both_languages() {
        let templates = Templates::load().unwrap();
        for lang in [Language::Sv, Language::En] {
            for code in ACTIONS {
                assert_ne!(action(&templates, lang, code), *code, "{code} in {lang:?}");
            }
        }
        assert_eq!(
            action(&templates, Language::Sv, "staff.import"),
            "Personal importerad"
        );
    }

    #[test]
    fn details_are_named_in_the_page_s_language_and_empty_ones_left_out() {
        let templates = Templates::load().unwrap();
        let json = r#"{"people":3,"created":1,"deactivate_missing":false,"page":null,"reason":""}"#;
        assert_eq!(
            details(&templates, Language::Sv, json),
            [
                ("Nya".to_owned(), "1".to_owned()),
                ("Inaktivera de som saknas".to_owned(), "Nej".to_owned()),
                ("Personer i filen".to_owned(), "3".to_owned()),
            ]
        );
        assert_eq!(details(&templates, Language::En, "not json"), []);
    }
}
