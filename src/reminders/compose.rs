//! Each reminder rendered in its recipient's language.

use chrono::NaiveDate;
use serde_json::json;

use crate::certificates::long_date;
use crate::domain::{Email, Language};
use crate::mail::templates::{EmailTemplateError, EmailTemplates, Rendered};
use crate::store::outbox::NewEmail;
use crate::store::reminders::{ExpiringCertificate, Manager, OpenEnrolment};

/// Staff named in a digest at most; the rest are counted.
const DIGEST_LIST: usize = 50;

pub(super) struct Message {
    to: Email,
    rendered: Rendered,
    enrolment_id: Option<i64>,
}

impl Message {
    pub(super) fn into_email(self, dedup_key: String) -> NewEmail {
        self.rendered
            .to(self.to, dedup_key)
            .about_enrolment(self.enrolment_id)
    }
}

pub(super) struct Composer<'a> {
    emails: &'a EmailTemplates,
    public_url: &'a str,
}

fn language(locale: &str) -> Language {
    locale.parse().unwrap_or(Language::Sv)
}

impl<'a> Composer<'a> {
    pub(super) fn new(emails: &'a EmailTemplates, public_url: &'a str) -> Self {
        Composer { emails, public_url }
    }

    fn course_link(&self, slug: &str) -> String {
        format!("{}/courses/{slug}", self.public_url)
    }

    fn about(
        &self,
        e: &OpenEnrolment,
        template: &str,
        data: serde_json::Value,
    ) -> Result<Option<Message>, EmailTemplateError> {
        let Ok(to) = Email::parse(&e.email) else {
            return Ok(None);
        };
        Ok(Some(Message {
            to,
            rendered: self.emails.render(template, language(&e.locale), &data)?,
            enrolment_id: Some(e.enrolment_id),
        }))
    }

    pub(super) fn assigned(
        &self,
        e: &OpenEnrolment,
    ) -> Result<Option<Message>, EmailTemplateError> {
        let lang = language(&e.locale);
        let data = json!({
            "name": e.name,
            "course": e.course_title,
            "department": e.department,
            "due": e.due_date.map(|d| long_date(d, lang)),
            "link": self.course_link(&e.course_slug),
        });
        self.about(e, "assigned", data)
    }

    pub(super) fn due_soon(
        &self,
        e: &OpenEnrolment,
        today: NaiveDate,
    ) -> Result<Option<Message>, EmailTemplateError> {
        let lang = language(&e.locale);
        let Some(due) = e.due_date else {
            return Ok(None);
        };
        let data = json!({
            "name": e.name,
            "course": e.course_title,
            "due": long_date(due, lang),
            "days": (due - today).num_days(),
            "link": self.course_link(&e.course_slug),
        });
        self.about(e, "due_soon", data)
    }

    pub(super) fn overdue(&self, e: &OpenEnrolment) -> Result<Option<Message>, EmailTemplateError> {
        let lang = language(&e.locale);
        let data = json!({
            "name": e.name,
            "course": e.course_title,
            "due": e.due_date.map(|d| long_date(d, lang)),
            "link": self.course_link(&e.course_slug),
        });
        self.about(e, "overdue", data)
    }

    pub(super) fn digest(
        &self,
        email: &str,
        manager: Option<&Manager>,
        staff: &[&OpenEnrolment],
    ) -> Result<Option<Message>, EmailTemplateError> {
        let Ok(to) = Email::parse(email) else {
            return Ok(None);
        };
        let lang = manager.map_or(Language::Sv, |m| language(&m.locale));
        let mut listed: Vec<&&OpenEnrolment> = staff.iter().collect();
        // The longest overdue first, then by name.
        listed.sort_by(|a, b| a.due_date.cmp(&b.due_date).then(a.name.cmp(&b.name)));
        let people: Vec<_> = listed
            .iter()
            .take(DIGEST_LIST)
            .map(|e| {
                json!({
                    "name": e.name,
                    "course": e.course_title,
                    "due": e.due_date.map(|d| long_date(d, lang)),
                })
            })
            .collect();
        let data = json!({
            "name": manager.map(|m| m.name.clone()),
            "count": staff.len(),
            "people": people,
            "more": staff.len().saturating_sub(DIGEST_LIST),
        });
        Ok(Some(Message {
            to,
            rendered: self.emails.render("manager_digest", lang, &data)?,
            enrolment_id: None,
        }))
    }

    pub(super) fn expiry(
        &self,
        c: &ExpiringCertificate,
    ) -> Result<Option<Message>, EmailTemplateError> {
        let Ok(to) = Email::parse(&c.email) else {
            return Ok(None);
        };
        let lang = language(&c.locale);
        let data = json!({
            "name": c.name,
            "course": c.course_title,
            "valid_until": long_date(c.valid_until, lang),
            "link": self.course_link(&c.course_slug),
        });
        Ok(Some(Message {
            to,
            rendered: self.emails.render("expiry", lang, &data)?,
            enrolment_id: None,
        }))
    }
}
