//! Email templates: `templates/emails/<name>/{subject,text,html}.<lang>.hbs`, embedded in
//! the binary. Subjects and plain text are rendered unescaped, HTML escaped.

use handlebars::Handlebars;
use serde::Serialize;

use crate::domain::{Email, Language};
use crate::store::outbox::NewEmail;

/// The six files of an email (three parts in two languages), embedded.
macro_rules! email {
    ($name:literal) => {
        (
            $name,
            [
                include_str!(concat!("../../templates/emails/", $name, "/subject.sv.hbs")),
                include_str!(concat!("../../templates/emails/", $name, "/subject.en.hbs")),
                include_str!(concat!("../../templates/emails/", $name, "/text.sv.hbs")),
                include_str!(concat!("../../templates/emails/", $name, "/text.en.hbs")),
                include_str!(concat!("../../templates/emails/", $name, "/html.sv.hbs")),
                include_str!(concat!("../../templates/emails/", $name, "/html.en.hbs")),
            ],
        )
    };
}

/// Every email Bryggan sends.
const TEMPLATES: &[(&str, [&str; 6])] = &[
    email!("sign_in_link"),
    email!("certificate"),
    email!("assigned"),
    email!("due_soon"),
    email!("overdue"),
    email!("manager_digest"),
    email!("expiry"),
    email!("barrier_report"),
    email!("deactivations_held"),
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl Rendered {
    /// The message to queue: this rendering, in both parts, to `to`, once per
    /// `dedup_key`. The one place a rendered template becomes an email.
    pub fn to(self, to: Email, dedup_key: String) -> NewEmail {
        NewEmail {
            dedup_key,
            to,
            subject: self.subject,
            text: self.text,
            html: Some(self.html),
            attachment: None,
            enrolment_id: None,
        }
    }
}

pub struct EmailTemplates {
    plain: Handlebars<'static>,
    html: Handlebars<'static>,
}

impl std::fmt::Debug for EmailTemplates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EmailTemplates")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EmailTemplateError {
    #[error("email template {0} is invalid")]
    Invalid(String, #[source] Box<handlebars::TemplateError>),
    #[error("email {0} cannot be rendered")]
    Render(String, #[source] Box<handlebars::RenderError>),
}

impl EmailTemplates {
    pub fn load() -> Result<EmailTemplates, EmailTemplateError> {
        let mut plain = Handlebars::new();
        plain.set_strict_mode(true);
        plain.register_escape_fn(handlebars::no_escape);
        let mut html = Handlebars::new();
        html.set_strict_mode(true);
        for (name, [subject_sv, subject_en, text_sv, text_en, html_sv, html_en]) in TEMPLATES {
            for (escaped, part, lang, source) in [
                (false, "subject", "sv", subject_sv),
                (false, "subject", "en", subject_en),
                (false, "text", "sv", text_sv),
                (false, "text", "en", text_en),
                (true, "html", "sv", html_sv),
                (true, "html", "en", html_en),
            ] {
                let key = format!("{name}/{part}.{lang}");
                let registry = if escaped { &mut html } else { &mut plain };
                registry
                    .register_template_string(&key, *source)
                    .map_err(|e| EmailTemplateError::Invalid(key.clone(), Box::new(e)))?;
            }
        }
        Ok(EmailTemplates { plain, html })
    }

    /// The email `name` in the recipient's language.
    pub fn render(
        &self,
        name: &str,
        lang: Language,
        data: &impl Serialize,
    ) -> Result<Rendered, EmailTemplateError> {
        let key = |part: &str| format!("{name}/{part}.{}", lang.code());
        let error = |e| EmailTemplateError::Render(name.to_owned(), Box::new(e));
        Ok(Rendered {
            subject: self
                .plain
                .render(&key("subject"), data)
                .map_err(error)?
                .trim()
                .to_owned(),
            text: self.plain.render(&key("text"), data).map_err(error)?,
            html: self.html.render(&key("html"), data).map_err(error)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(lang: Language) -> Rendered {
        let data = serde_json::json!({
            "name": "Zoë <Nguyễn>",
            "link": "https://bryggan.example/sign-in/link/TOKEN",
        });
        EmailTemplates::load()
            .unwrap()
            .render("sign_in_link", lang, &data)
            .unwrap()
    }

    #[test]
    fn the_sign_in_link_email_in_swedish() {
        insta::assert_yaml_snapshot!(render(Language::Sv));
    }

    #[test]
    fn the_sign_in_link_email_in_english() {
        insta::assert_yaml_snapshot!(render(Language::En));
    }

    /// Sample data for every email, with the names people have.
    fn samples() -> Vec<(&'static str, serde_json::Value)> {
        let url = "https://bryggan.malmo.se";
        vec![
            (
                "certificate",
                serde_json::json!({
                    "name": "Şükrü Çelik",
                    "course": "Interkulturellt bemötande",
                    "completed_on": "27 november 2026",
                    "valid_until": "27 november 2027",
                    "issuer": "Malmö stad",
                    "code": "7K3M-Q9TR-2XWD",
                    "verify_url": format!("{url}/verify/7K3M-Q9TR-2XWD"),
                    "download_url": format!("{url}/certificates/7K3M-Q9TR-2XWD.pdf"),
                }),
            ),
            (
                "assigned",
                serde_json::json!({
                    "name": "Łukasz Nowak",
                    "course": "Tolk i mötet",
                    "department": "Socialförvaltningen",
                    "due": "31 januari 2027",
                    "link": format!("{url}/courses/tolk-i-motet"),
                }),
            ),
            (
                "due_soon",
                serde_json::json!({
                    "name": "Anna Berg",
                    "course": "Tolk i mötet",
                    "due": "31 januari 2027",
                    "days": 7,
                    "link": format!("{url}/courses/tolk-i-motet"),
                }),
            ),
            (
                "overdue",
                serde_json::json!({
                    "name": "Anna Berg",
                    "course": "Tolk i mötet",
                    "due": "31 januari 2027",
                    "link": format!("{url}/courses/tolk-i-motet"),
                }),
            ),
            (
                "manager_digest",
                serde_json::json!({
                    "name": "Chef Chefsson",
                    "count": 52,
                    "people": [
                        { "name": "Nguyễn Thị Minh", "course": "Tolk i mötet", "due": "1 december 2026" },
                        { "name": "Øyvind <Ødegård>", "course": "Klarspråk", "due": "15 december 2026" },
                    ],
                    "more": 50,
                }),
            ),
            (
                "barrier_report",
                serde_json::json!({
                    "name": "Admin Adminsson",
                    "text": "Fokus syns inte på <knappen> i quizet.",
                    "page": "/courses/tolk-i-motet/quiz",
                    "reply_to": "besok@example.se",
                }),
            ),
            (
                "deactivations_held",
                serde_json::json!({
                    "name": "Admin Adminsson",
                    "token": "entra",
                    "threshold": 20,
                    "first": "Anna Berg <anna.berg@malmo.se>",
                    "url": format!("{url}/admin/provisioning"),
                }),
            ),
            (
                "expiry",
                serde_json::json!({
                    "name": "Zoë Martin",
                    "course": "Interkulturellt bemötande",
                    "valid_until": "27 november 2027",
                    "link": format!("{url}/courses/interkulturellt-bemotande"),
                }),
            ),
        ]
    }

    #[test]
    fn every_email_in_both_languages() {
        let templates = EmailTemplates::load().unwrap();
        for (name, data) in samples() {
            for lang in [Language::Sv, Language::En] {
                let rendered = templates.render(name, lang, &data).unwrap();
                insta::assert_yaml_snapshot!(format!("{name}_{}", lang.code()), rendered);
            }
        }
    }

    #[test]
    fn every_email_says_in_its_html_which_language_it_is_in() {
        let templates = EmailTemplates::load().unwrap();
        for (name, data) in samples() {
            for lang in [Language::Sv, Language::En] {
                let html = templates.render(name, lang, &data).unwrap().html;
                assert!(
                    html.contains(&format!("<html lang=\"{}\">", lang.code())),
                    "{name}"
                );
            }
        }
    }

    #[test]
    fn names_are_escaped_in_html_and_kept_in_plain_text() {
        let email = render(Language::En);
        assert!(email.html.contains("Zoë &lt;Nguyễn&gt;"));
        assert!(email.text.contains("Zoë <Nguyễn>"));
    }
}
