//! Template helpers that write values in the page's language: `{{date d}}` for an ISO
//! date (`2026-11-27` → "27 november 2026"), `{{num n}}` for a count ("100 000"); and
//! `{{current "/hr"}}`, which marks the navigation link to the page being shown.

use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext, RenderErrorReason,
};
use serde_json::Value;

use crate::domain::Language;
use crate::domain::format::{long_date, number};

/// The page's language, from `@root.lang`; Swedish unless it says English.
pub(super) fn page_language(ctx: &Context) -> Language {
    match ctx.data().get("lang").and_then(Value::as_str) {
        Some("en") => Language::En,
        _ => Language::Sv,
    }
}

/// `{{date value}}`: an ISO date written out; nothing for null, anything else as it is.
pub struct DateHelper;

impl HelperDef for DateHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let value = h
            .param(0)
            .ok_or(RenderErrorReason::ParamNotFoundForIndex("date", 0))?
            .value();
        let text = match value {
            Value::Null => String::new(),
            Value::String(s) => match s.get(..10).and_then(|d| d.parse().ok()) {
                Some(date) => long_date(date, page_language(ctx)),
                None => s.clone(),
            },
            other => other.to_string(),
        };
        out.write(&super::escape::html(&text))?;
        Ok(())
    }
}

/// `{{current "/path"}}`: ` aria-current="page"` when the page shown (`@root.here`,
/// without its query) is that path, so the navigation says where the reader is.
pub struct CurrentHelper;

impl HelperDef for CurrentHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let target = h
            .param(0)
            .and_then(|p| p.value().as_str())
            .ok_or(RenderErrorReason::ParamNotFoundForIndex("current", 0))?;
        // The path asked for (a form sent back with its problems included), else the page.
        let data = ctx.data();
        let here = data
            .get("path")
            .or_else(|| data.get("here"))
            .and_then(Value::as_str)
            .unwrap_or("");
        if here.split('?').next() == Some(target) {
            out.write(" aria-current=\"page\"")?;
        }
        Ok(())
    }
}

/// `{{num value}}`: a whole number with its thousands grouped.
pub struct NumberHelper;

impl HelperDef for NumberHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let value = h
            .param(0)
            .ok_or(RenderErrorReason::ParamNotFoundForIndex("num", 0))?
            .value();
        let text = match value.as_i64() {
            Some(n) => number(n, page_language(ctx)),
            None => value.to_string(),
        };
        out.write(&text)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &str, data: Value) -> String {
        let mut registry = Handlebars::new();
        registry.register_helper("date", Box::new(DateHelper));
        registry.register_helper("num", Box::new(NumberHelper));
        registry.register_helper("current", Box::new(CurrentHelper));
        registry.render_template(template, &data).unwrap()
    }

    #[test]
    fn the_link_to_the_page_shown_is_marked_current_whatever_its_query() {
        let data = serde_json::json!({ "here": "/hr?course=provkurs" });
        assert_eq!(
            render(
                r#"<a href="/hr"{{current "/hr"}}><a href="/hr/people"{{current "/hr/people"}}>"#,
                data
            ),
            r#"<a href="/hr" aria-current="page"><a href="/hr/people">"#
        );
    }

    #[test]
    fn a_form_sent_back_marks_its_own_page_not_the_language_switchs_target() {
        let data = serde_json::json!({ "here": "/courses", "path": "/hr/assignments" });
        assert_eq!(
            render(
                r#"<a href="/courses"{{current "/courses"}}><a href="/hr/assignments"{{current "/hr/assignments"}}>"#,
                data
            ),
            r#"<a href="/courses"><a href="/hr/assignments" aria-current="page">"#
        );
    }

    #[test]
    fn dates_and_numbers_follow_the_page_language() {
        let data = |lang| serde_json::json!({ "lang": lang, "d": "2026-12-24", "n": 104500, "none": null });
        assert_eq!(
            render("{{date d}} · {{num n}}{{date none}}", data("sv")),
            "24 december 2026 · 104\u{a0}500"
        );
        assert_eq!(
            render("{{date d}} · {{num n}}", data("en")),
            "24 December 2026 · 104,500"
        );
    }

    #[test]
    fn a_timestamp_is_written_as_its_day_and_other_text_is_left_alone() {
        let data = serde_json::json!({ "lang": "sv", "t": "2026-11-27T10:00:00Z", "x": "<b>" });
        assert_eq!(
            render("{{date t}}|{{date x}}", data),
            "27 november 2026|&lt;b&gt;"
        );
    }
}
