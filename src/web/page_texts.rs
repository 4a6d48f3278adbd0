//! Writes the interface texts into each page template once per language, at start-up.
//! A `{{t "key"}}` in a template becomes the escaped text itself, so a page renders with
//! no helper call, catalogue lookup or escaping for its 20-odd fixed texts; and a key
//! missing from a catalogue stops the start rather than failing a learner's page.

use std::collections::BTreeMap;

const OPEN: &str = "{{t ";

/// A template uses `t` in a form that cannot be resolved in advance, or a key that the
/// catalogue lacks.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("template {template}: `t` takes one quoted key, as in {{{{t \"key\"}}}}: `{usage}`")]
    Usage { template: String, usage: String },
    #[error("template {template}: the {lang} catalogue has no text for {key:?}")]
    Missing {
        template: String,
        lang: &'static str,
        key: String,
    },
}

/// `source` with every `{{t "key"}}` replaced by the HTML-escaped text of `key`.
pub fn resolve(
    template: &str,
    source: &str,
    lang: &'static str,
    texts: &BTreeMap<String, String>,
) -> Result<String, TextError> {
    let mut out = String::with_capacity(source.len() + source.len() / 4);
    let mut rest = source;
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        let after = &rest[at + OPEN.len()..];
        let usage_error = || TextError::Usage {
            template: template.to_owned(),
            usage: format!("{OPEN}{}", after.split("}}").next().unwrap_or_default()),
        };
        let key = after
            .strip_prefix('"')
            .and_then(|a| a.split_once("\"}}"))
            .map(|(key, _)| key)
            .filter(|key| !key.contains(['"', '{', '}']))
            .ok_or_else(usage_error)?;
        let text = texts.get(key).ok_or_else(|| TextError::Missing {
            template: template.to_owned(),
            lang,
            key: key.to_owned(),
        })?;
        out.push_str(&literal(text));
        rest = &after[1 + key.len() + 3..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The text as handlebars' `{{…}}` would write it, and safe to stand in template source:
/// braces and backslashes become character references, which mean the same in HTML.
fn literal(text: &str) -> String {
    super::escape::html(text)
        .replace('\\', "&#92;")
        .replace('{', "&#123;")
        .replace('}', "&#125;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts() -> BTreeMap<String, String> {
        [
            ("greeting", "Hej & välkommen"),
            ("tricky", "{{not}} a \\{{tag}}"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    }

    #[test]
    fn a_key_becomes_its_escaped_text_and_the_rest_stays() {
        let page = resolve(
            "p",
            "<h1>{{t \"greeting\"}}</h1>{{name}}{{t \"greeting\"}}",
            "sv",
            &texts(),
        );
        assert_eq!(
            page.unwrap(),
            "<h1>Hej &amp; välkommen</h1>{{name}}Hej &amp; välkommen"
        );
    }

    #[test]
    fn a_text_with_braces_cannot_become_template_syntax() {
        let page = resolve("p", "{{t \"tricky\"}}", "sv", &texts()).unwrap();
        assert!(!page.contains("{{") && !page.contains('\\'), "{page}");
        let mut registry = handlebars::Handlebars::new();
        registry.set_strict_mode(true);
        let rendered = registry.render_template(&page, &()).unwrap();
        assert_eq!(rendered, page);
    }

    #[test]
    fn a_missing_key_or_a_key_that_is_not_a_literal_is_refused() {
        assert_eq!(
            resolve("p", "{{t \"nowhere\"}}", "en", &texts()),
            Err(TextError::Missing {
                template: "p".into(),
                lang: "en",
                key: "nowhere".into()
            })
        );
        for source in ["{{t key}}", "{{t \"a\" \"b\"}}", "{{t \"open}}"] {
            assert!(
                matches!(
                    resolve("p", source, "sv", &texts()),
                    Err(TextError::Usage { .. })
                ),
                "{source}"
            );
        }
    }
}
