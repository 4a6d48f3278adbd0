//! Pages: handlebars templates (embedded in the binary) and the interface text catalogues.

use std::collections::BTreeMap;

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::ContentType;
use handlebars::{Context, Handlebars};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::domain::Language;

use super::error::WebError;

pub(super) const TEMPLATES: &[(&str, &str)] = &[
    ("layout", include_str!("../../templates/pages/layout.hbs")),
    ("pager", include_str!("../../templates/pages/pager.hbs")),
    ("sign_in", include_str!("../../templates/pages/sign_in.hbs")),
    (
        "my_courses",
        include_str!("../../templates/pages/my_courses.hbs"),
    ),
    ("my_data", include_str!("../../templates/pages/my_data.hbs")),
    ("course", include_str!("../../templates/pages/course.hbs")),
    ("lesson", include_str!("../../templates/pages/lesson.hbs")),
    (
        "item_analysis",
        include_str!("../../templates/pages/item_analysis.hbs"),
    ),
    (
        "lesson_feedback",
        include_str!("../../templates/pages/lesson_feedback.hbs"),
    ),
    (
        "lesson_article",
        include_str!("../../templates/pages/lesson_article.hbs"),
    ),
    (
        "lesson_pager",
        include_str!("../../templates/pages/lesson_pager.hbs"),
    ),
    ("quiz", include_str!("../../templates/pages/quiz.hbs")),
    ("result", include_str!("../../templates/pages/result.hbs")),
    (
        "assessment",
        include_str!("../../templates/pages/assessment.hbs"),
    ),
    (
        "hr_evaluation",
        include_str!("../../templates/pages/hr_evaluation.hbs"),
    ),
    ("error", include_str!("../../templates/pages/error.hbs")),
    (
        "link_sent",
        include_str!("../../templates/pages/link_sent.hbs"),
    ),
    (
        "link_confirm",
        include_str!("../../templates/pages/link_confirm.hbs"),
    ),
    (
        "hr_filters",
        include_str!("../../templates/pages/hr_filters.hbs"),
    ),
    (
        "error_summary",
        include_str!("../../templates/pages/error_summary.hbs"),
    ),
    (
        "hr_crumbs",
        include_str!("../../templates/pages/hr_crumbs.hbs"),
    ),
    (
        "hr_dashboard",
        include_str!("../../templates/pages/hr_dashboard.hbs"),
    ),
    (
        "hr_people",
        include_str!("../../templates/pages/hr_people.hbs"),
    ),
    (
        "hr_import",
        include_str!("../../templates/pages/hr_import.hbs"),
    ),
    (
        "hr_import_plan",
        include_str!("../../templates/pages/hr_import_plan.hbs"),
    ),
    (
        "hr_import_done",
        include_str!("../../templates/pages/hr_import_done.hbs"),
    ),
    (
        "hr_assignments",
        include_str!("../../templates/pages/hr_assignments.hbs"),
    ),
    (
        "admin_audit",
        include_str!("../../templates/pages/admin_audit.hbs"),
    ),
    (
        "admin_outbox",
        include_str!("../../templates/pages/admin_outbox.hbs"),
    ),
    (
        "admin_certificates",
        include_str!("../../templates/pages/admin_certificates.hbs"),
    ),
    (
        "admin_provisioning",
        include_str!("../../templates/pages/admin_provisioning.hbs"),
    ),
    ("verify", include_str!("../../templates/pages/verify.hbs")),
    ("trainer", include_str!("../../templates/pages/trainer.hbs")),
    (
        "trainer_course",
        include_str!("../../templates/pages/trainer_course.hbs"),
    ),
    (
        "accessibility",
        include_str!("../../templates/pages/accessibility.hbs"),
    ),
];

pub const CATALOG_SV: &str = include_str!("../../templates/i18n/sv.toml");
pub const CATALOG_EN: &str = include_str!("../../templates/i18n/en.toml");

#[derive(Debug, thiserror::Error)]
pub enum TemplateSetupError {
    #[error("template {0} is invalid")]
    Template(String, #[source] Box<handlebars::TemplateError>),
    #[error(transparent)]
    Partial(#[from] super::inline_partials::InlineError),
    #[error(transparent)]
    Text(#[from] super::page_texts::TextError),
    #[error("the {0} text catalogue is invalid")]
    Catalog(&'static str, #[source] toml::de::Error),
}

/// The templates only ever included in others.
pub(super) const PARTIALS: &[&str] = &[
    "layout",
    "pager",
    "hr_crumbs",
    "hr_filters",
    "error_summary",
    "lesson_feedback",
    "item_analysis",
];

/// The templates rendered on their own as parts of a page, and kept (see
/// [`super::fragments`]).
pub(super) const FRAGMENTS: &[&str] = &["lesson_article", "lesson_pager"];

pub struct Templates {
    registry: Handlebars<'static>,
    catalogs: Catalogs,
    /// The organisation named beside "Bryggan" in every page's header.
    organisation: Option<String>,
    /// Whether the header shows the organisation's logo (`/static/logo`), named by the above.
    logo: bool,
}

/// Both text catalogues: written into the templates at start-up, and for handlers.
#[derive(Debug, Clone)]
struct Catalogs {
    sv: BTreeMap<String, String>,
    en: BTreeMap<String, String>,
}

impl Catalogs {
    fn get(&self, lang: Language, key: &str) -> Option<&str> {
        match lang {
            Language::Sv => &self.sv,
            Language::En => &self.en,
        }
        .get(key)
        .map(String::as_str)
    }
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Templates")
    }
}

/// What every page needs besides its own data.
#[derive(Debug, Clone, Serialize)]
pub struct Frame {
    pub lang: Language,
    pub user: Option<UserView>,
    pub csrf: String,
    /// Where the language switch brings the reader back to.
    pub here: String,
    /// The path asked for, which the menu marks as the page shown: after a form comes
    /// back with its problems this is the form's page, where `here` is "My courses".
    pub path: String,
}

/// What pages show of a course around a lesson: never the whole compiled course, whose
/// every lesson would otherwise be copied into each page's template data.
#[derive(Debug, Clone, Serialize)]
pub struct CourseHeader<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub language: crate::domain::Language,
    pub summary: &'a str,
    pub estimated_minutes: u32,
    pub pass_mark: u8,
}

impl<'a> CourseHeader<'a> {
    pub fn of(course: &'a crate::course::Course) -> Self {
        CourseHeader {
            slug: course.slug.as_str(),
            title: &course.title,
            language: course.language,
            summary: &course.summary,
            estimated_minutes: course.estimated_minutes,
            pass_mark: course.pass_mark.value(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct UserView {
    pub name: String,
    /// Shows the HR menu: reports, staff, assignments.
    pub hr: bool,
    /// Shows the audit log.
    pub admin: bool,
    /// Shows the course workspace.
    pub trainer: bool,
}

impl Templates {
    pub fn load() -> Result<Self, TemplateSetupError> {
        let catalogs = Catalogs {
            sv: catalog("sv", CATALOG_SV)?,
            en: catalog("en", CATALOG_EN)?,
        };
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        for (name, source) in super::inline_partials::compose(TEMPLATES, PARTIALS)? {
            for lang in [Language::Sv, Language::En] {
                let texts = match lang {
                    Language::Sv => &catalogs.sv,
                    Language::En => &catalogs.en,
                };
                let source = super::page_texts::resolve(name, &source, lang.code(), texts)?;
                registry
                    .register_template_string(&registered(name, lang), source)
                    .map_err(|e| TemplateSetupError::Template(name.to_owned(), Box::new(e)))?;
            }
        }
        registry.register_escape_fn(super::escape::html);
        registry.register_helper("date", Box::new(super::helpers::DateHelper));
        registry.register_helper("num", Box::new(super::helpers::NumberHelper));
        registry.register_helper("current", Box::new(super::helpers::CurrentHelper));
        Ok(Self {
            registry,
            catalogs,
            organisation: None,
            logo: false,
        })
    }

    /// Names the organisation in every page's header, beside "Bryggan", with its logo
    /// when it has one (the name is then the logo's text alternative).
    pub fn for_organisation(mut self, name: Option<String>, logo: bool) -> Self {
        self.organisation = name.filter(|n| !n.trim().is_empty());
        self.logo = logo && self.organisation.is_some();
        self
    }

    pub fn text(&self, lang: Language, key: &str) -> String {
        self.catalogs.get(lang, key).unwrap_or(key).to_owned()
    }

    /// The text for `key` if the catalogue has one, for keys built from data.
    pub fn lookup(&self, lang: Language, key: &str) -> Option<String> {
        self.catalogs.get(lang, key).map(str::to_owned)
    }

    /// Renders `template` with the frame, the page title and the page's own data.
    pub fn page(
        &self,
        template: &str,
        frame: &Frame,
        title: &str,
        data: impl Serialize,
    ) -> Result<HttpResponse, WebError> {
        self.page_with_status(StatusCode::OK, template, frame, title, data)
    }

    /// [`Self::page`] with another status: a form shown again with its problems.
    pub fn page_with_status(
        &self,
        status: StatusCode,
        template: &str,
        frame: &Frame,
        title: &str,
        data: impl Serialize,
    ) -> Result<HttpResponse, WebError> {
        let html = self.html(template, frame, title, data)?;
        Ok(HttpResponse::build(status)
            .content_type(ContentType::html())
            .body(html))
    }

    /// A part of a page in `lang`, with no frame: the same for everyone who sees it.
    /// Without its last line break, so that it stands in a page where the template had it.
    pub fn fragment(
        &self,
        template: &str,
        lang: Language,
        data: impl Serialize,
    ) -> Result<String, WebError> {
        if !FRAGMENTS.contains(&template) {
            return Err(WebError::internal(anyhow::anyhow!(
                "{template} is not a fragment"
            )));
        }
        let mut context = match serde_json::to_value(data).map_err(WebError::internal)? {
            Value::Object(map) => map,
            other => {
                return Err(WebError::internal(anyhow::anyhow!(
                    "fragment data must be an object, got {other}"
                )));
            }
        };
        context.insert("lang".into(), Value::String(lang.code().into()));
        let mut html = self
            .registry
            .render_with_context(
                &registered(template, lang),
                &Context::from(Value::Object(context)),
            )
            .map_err(|e| WebError::internal(anyhow::anyhow!("rendering {template}: {e}")))?;
        if html.ends_with('\n') {
            html.pop();
        }
        Ok(html)
    }

    pub fn html(
        &self,
        template: &str,
        frame: &Frame,
        title: &str,
        data: impl Serialize,
    ) -> Result<String, WebError> {
        let data = serde_json::to_value(data).map_err(WebError::internal)?;
        self.html_of_json(template, frame, title, data)
    }

    /// [`Self::page`] for data already built as JSON, which is then not copied again.
    pub fn page_of_json(
        &self,
        template: &str,
        frame: &Frame,
        title: &str,
        data: Value,
    ) -> Result<HttpResponse, WebError> {
        let html = self.html_of_json(template, frame, title, data)?;
        Ok(HttpResponse::Ok()
            .content_type(ContentType::html())
            .body(html))
    }

    fn html_of_json(
        &self,
        template: &str,
        frame: &Frame,
        title: &str,
        data: Value,
    ) -> Result<String, WebError> {
        let mut context = match data {
            Value::Object(map) => map,
            Value::Null => Map::new(),
            other => {
                return Err(WebError::internal(anyhow::anyhow!(
                    "page data must be an object, got {other}"
                )));
            }
        };
        context.insert("lang".into(), Value::String(frame.lang.code().into()));
        context.insert(
            "user".into(),
            serde_json::to_value(&frame.user).map_err(WebError::internal)?,
        );
        context.insert("csrf".into(), Value::String(frame.csrf.clone()));
        context.insert("here".into(), Value::String(frame.here.clone()));
        context.insert("path".into(), Value::String(frame.path.clone()));
        context.insert(
            "organisation".into(),
            self.organisation.clone().map_or(Value::Null, Value::String),
        );
        context.insert("logo".into(), Value::Bool(self.logo));
        context.insert("title".into(), Value::String(title.to_owned()));
        context.entry("wide").or_insert(Value::Bool(false));
        // Hand the map over as it is: `render` would serialize it into a second copy.
        self.registry
            .render_with_context(
                &registered(template, frame.lang),
                &Context::from(Value::Object(context)),
            )
            .map_err(|e| WebError::internal(anyhow::anyhow!("rendering {template}: {e}")))
    }
}

/// The name a page is registered under in one language.
fn registered(template: &str, lang: Language) -> String {
    format!("{template}.{}", lang.code())
}

fn catalog(
    name: &'static str,
    source: &str,
) -> Result<BTreeMap<String, String>, TemplateSetupError> {
    toml::from_str(source).map_err(|e| TemplateSetupError::Catalog(name, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_catalogues_have_the_same_keys() {
        let keys = |source: &str| {
            toml::from_str::<BTreeMap<String, String>>(source)
                .unwrap()
                .into_keys()
                .collect::<Vec<_>>()
        };
        assert_eq!(keys(CATALOG_SV), keys(CATALOG_EN));
    }

    #[test]
    fn every_template_compiles() {
        assert!(Templates::load().is_ok());
    }

    #[test]
    fn every_key_a_template_uses_is_in_the_catalogue() {
        let keys: BTreeMap<String, String> = toml::from_str(CATALOG_SV).unwrap();
        for (name, source) in TEMPLATES {
            for part in source.split("{{t \"").skip(1) {
                let key = part.split('"').next().unwrap();
                assert!(
                    keys.contains_key(key),
                    "{name} uses {key:?}, which no catalogue has"
                );
            }
        }
    }
}
