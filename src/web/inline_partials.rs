//! Puts the layout and the partials into each page template once, at start-up. Handlebars
//! renders `{{#> layout}}…{{/layout}}` and `{{> pager}}` by cloning its render context for
//! every partial, which was half of a lesson view's rendering time; a page composed in
//! advance renders the same text with none of that.

use std::collections::BTreeMap;

const OPEN: &str = "{{#> layout}}";
const CLOSE: &str = "{{/layout}}";
const BLOCK: &str = "{{> @partial-block }}";

/// A template uses a partial in a form this composer does not handle: with parameters,
/// or one that does not exist.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "template {template}: cannot inline `{usage}`; use `{{{{#> layout}}}}` around the page and `{{{{> name}}}}` without parameters"
)]
pub struct InlineError {
    pub template: String,
    pub usage: String,
}

/// Every template in `templates` that is not a partial, with the layout around it (if it
/// opens with `{{#> layout}}`) and its partials inlined. `partials` are the names that
/// are only ever included (`layout` among them).
pub fn compose<'a>(
    templates: &[(&'a str, &'a str)],
    partials: &[&str],
) -> Result<Vec<(&'a str, String)>, InlineError> {
    let sources: BTreeMap<&str, &str> = templates.iter().copied().collect();
    let mut pages = Vec::new();
    for (name, source) in templates {
        if partials.contains(name) {
            continue;
        }
        let mut page = match (source.strip_prefix(OPEN), sources.get("layout")) {
            (Some(rest), Some(layout)) => {
                let body = rest
                    .trim_end()
                    .strip_suffix(CLOSE)
                    .ok_or_else(|| InlineError {
                        template: (*name).to_owned(),
                        usage: OPEN.to_owned(),
                    })?;
                // Both marks stand alone on their lines, which handlebars drops.
                let body = body.strip_prefix('\n').unwrap_or(body);
                layout.replacen(&format!("{BLOCK}\n"), body, 1)
            }
            _ => (*source).to_owned(),
        };
        for partial in partials.iter().filter(|p| **p != "layout") {
            let usage = format!("{{{{> {partial}}}}}\n");
            if let Some(text) = sources.get(partial) {
                page = page.replace(&usage, text);
            }
        }
        if let Some(at) = page.find("{{>").or_else(|| page.find("{{#>")) {
            let usage = page[at..].split("}}").next().unwrap_or_default();
            return Err(InlineError {
                template: (*name).to_owned(),
                usage: format!("{usage}}}}}"),
            });
        }
        pages.push((*name, page));
    }
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAYOUT: &str = "<main>\n{{> @partial-block }}\n</main>\n";

    #[test]
    fn a_page_is_put_inside_the_layout_with_its_partials() {
        let pages = compose(
            &[
                ("layout", LAYOUT),
                ("pager", "<nav>{{next}}</nav>\n"),
                (
                    "lesson",
                    "{{#> layout}}\n<h1>{{title}}</h1>\n{{> pager}}\n{{/layout}}\n",
                ),
            ],
            &["layout", "pager"],
        )
        .unwrap();
        assert_eq!(
            pages,
            [(
                "lesson",
                "<main>\n<h1>{{title}}</h1>\n<nav>{{next}}</nav>\n</main>\n".to_owned()
            )]
        );
    }

    #[test]
    fn a_partial_with_parameters_or_unknown_is_refused() {
        for page in [
            "{{#> layout}}\n{{> pager next=1}}\n{{/layout}}\n",
            "{{#> layout}}\n{{> nowhere}}\n{{/layout}}\n",
            "{{#> layout}}\n<p>no end</p>\n",
        ] {
            let err = compose(&[("layout", LAYOUT), ("page", page)], &["layout"]).unwrap_err();
            assert_eq!(err.template, "page", "{page}");
        }
    }

    #[test]
    fn every_shipped_page_composes() {
        let pages = compose(
            super::super::render::TEMPLATES,
            super::super::render::PARTIALS,
        )
        .expect("every page composes");
        let fragments = super::super::render::FRAGMENTS;
        assert!(
            pages
                .iter()
                .filter(|(name, _)| !fragments.contains(name))
                .all(|(_, page)| page.starts_with("<!doctype html>"))
        );
    }
}
