//! Pages: handlebars templates (embedded in the binary) and the interface text catalogues.

use std::collections::BTreeMap;

use actix_web::HttpResponse;
use actix_web::http::header::ContentType;
use handlebars::Handlebars;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::domain::Language;

use super::error::WebError;

const TEMPLATES: &[(&str, &str)] = &[
    ("layout", include_str!("../../templates/pages/layout.hbs")),
    ("pager", include_str!("../../templates/pages/pager.hbs")),
    ("sign_in", include_str!("../../templates/pages/sign_in.hbs")),
    (
        "my_courses",
        include_str!("../../templates/pages/my_courses.hbs"),
    ),
    ("course", include_str!("../../templates/pages/course.hbs")),
    ("lesson", include_str!("../../templates/pages/lesson.hbs")),
    ("quiz", include_str!("../../templates/pages/quiz.hbs")),
    ("result", include_str!("../../templates/pages/result.hbs")),
    ("error", include_str!("../../templates/pages/error.hbs")),
];

pub const CATALOG_SV: &str = include_str!("../../templates/i18n/sv.toml");
pub const CATALOG_EN: &str = include_str!("../../templates/i18n/en.toml");

#[derive(Debug, thiserror::Error)]
pub enum TemplateSetupError {
    #[error("template {0} is invalid")]
    Template(String, #[source] Box<handlebars::TemplateError>),
    #[error("the {0} text catalogue is invalid")]
    Catalog(&'static str, #[source] toml::de::Error),
}

pub struct Templates {
    registry: Handlebars<'static>,
    sv: Value,
    en: Value,
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
}

#[derive(Debug, Clone, Serialize)]
pub struct UserView {
    pub name: String,
}

impl Templates {
    pub fn load() -> Result<Self, TemplateSetupError> {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        for (name, source) in TEMPLATES {
            registry
                .register_template_string(name, *source)
                .map_err(|e| TemplateSetupError::Template((*name).to_owned(), Box::new(e)))?;
        }
        Ok(Self {
            registry,
            sv: catalog("sv", CATALOG_SV)?,
            en: catalog("en", CATALOG_EN)?,
        })
    }

    pub fn text(&self, lang: Language, key: &str) -> String {
        self.catalog(lang)
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or(key)
            .to_owned()
    }

    fn catalog(&self, lang: Language) -> &Value {
        match lang {
            Language::Sv => &self.sv,
            Language::En => &self.en,
        }
    }

    /// Renders `template` with the frame, the page title and the page's own data.
    pub fn page(
        &self,
        template: &str,
        frame: &Frame,
        title: &str,
        data: impl Serialize,
    ) -> Result<HttpResponse, WebError> {
        let html = self.html(template, frame, title, data)?;
        Ok(HttpResponse::Ok()
            .content_type(ContentType::html())
            .body(html))
    }

    pub fn html(
        &self,
        template: &str,
        frame: &Frame,
        title: &str,
        data: impl Serialize,
    ) -> Result<String, WebError> {
        let mut context = match serde_json::to_value(data).map_err(WebError::internal)? {
            Value::Object(map) => map,
            Value::Null => Map::new(),
            other => {
                return Err(WebError::internal(anyhow::anyhow!(
                    "page data must be an object, got {other}"
                )));
            }
        };
        context.insert("t".into(), self.catalog(frame.lang).clone());
        context.insert("lang".into(), Value::String(frame.lang.code().into()));
        context.insert(
            "user".into(),
            serde_json::to_value(&frame.user).map_err(WebError::internal)?,
        );
        context.insert("csrf".into(), Value::String(frame.csrf.clone()));
        context.insert("title".into(), Value::String(title.to_owned()));
        self.registry
            .render(template, &context)
            .map_err(|e| WebError::internal(anyhow::anyhow!("rendering {template}: {e}")))
    }
}

fn catalog(name: &'static str, source: &str) -> Result<Value, TemplateSetupError> {
    let table: BTreeMap<String, String> =
        toml::from_str(source).map_err(|e| TemplateSetupError::Catalog(name, e))?;
    Ok(Value::Object(
        table
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect(),
    ))
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
}
