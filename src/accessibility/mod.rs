//! The accessibility statement's settings ([`statement`]), and reports of accessibility
//! barriers from its form: each goes to the audit log and, by email, to every
//! administrator, in one transaction.

pub mod statement;

use chrono::{DateTime, Utc};
use sea_orm::{DatabaseConnection, TransactionTrait};

use crate::domain::Email;
use crate::mail::templates::{EmailTemplateError, EmailTemplates};
use crate::store::audit::{self, Actor};
use crate::store::outbox;
use crate::store::{StoreError, users};

pub const MAX_TEXT: usize = 4000;
const MAX_PAGE: usize = 500;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("describe what did not work (at most {MAX_TEXT} characters)")]
    Text,
    #[error("the reply address is not an email address")]
    Email,
    #[error(transparent)]
    Template(#[from] EmailTemplateError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A report as the visitor wrote it: a description, and optionally the page and an
/// address to answer to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarrierReport {
    pub text: String,
    pub page: Option<String>,
    pub reply_to: Option<Email>,
}

impl BarrierReport {
    pub fn parse(text: &str, page: &str, reply_to: &str) -> Result<BarrierReport, ReportError> {
        let text = text.trim();
        if text.is_empty() || text.chars().count() > MAX_TEXT {
            return Err(ReportError::Text);
        }
        let reply_to = match reply_to.trim() {
            "" => None,
            address => Some(Email::parse(address).map_err(|_| ReportError::Email)?),
        };
        let page =
            Some(page.trim().chars().take(MAX_PAGE).collect::<String>()).filter(|p| !p.is_empty());
        Ok(BarrierReport {
            text: text.to_owned(),
            page,
            reply_to,
        })
    }
}

/// Mails the report to every admin and records it, with who sent it: the signed-in person,
/// or a visitor.
pub async fn send(
    db: &DatabaseConnection,
    emails: &EmailTemplates,
    report: &BarrierReport,
    sender: Option<&Actor>,
    now: DateTime<Utc>,
) -> Result<(), ReportError> {
    let txn = db.begin().await.map_err(StoreError::from)?;
    let visitor = Actor {
        id: None,
        label: "visitor".into(),
    };
    let visitor = sender.unwrap_or(&visitor);
    let details = serde_json::json!({
        "text": report.text,
        "page": report.page,
        "reply_to": report.reply_to.as_ref().map(|e| e.as_str().to_owned()),
    });
    audit::record(&txn, visitor, "accessibility.report", details, now).await?;
    let id = crate::auth::random_hex(8);
    for admin in users::admins(&txn).await? {
        let to = admin.email.clone();
        let lang = admin.locale;
        let data = serde_json::json!({
            "name": admin.name,
            "text": report.text,
            "page": report.page,
            "reply_to": report.reply_to.as_ref().map(|e| e.as_str().to_owned()),
        });
        let rendered = emails.render("barrier_report", lang, &data)?;
        outbox::enqueue(
            &txn,
            rendered.to(to, format!("barrier:{id}:{}", admin.id)),
            now,
        )
        .await?;
    }
    txn.commit().await.map_err(StoreError::from)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_needs_a_description_and_a_real_reply_address_if_any() {
        assert!(matches!(
            BarrierReport::parse("  ", "", ""),
            Err(ReportError::Text)
        ));
        let long = "x".repeat(MAX_TEXT + 1);
        assert!(matches!(
            BarrierReport::parse(&long, "", ""),
            Err(ReportError::Text)
        ));
        assert!(matches!(
            BarrierReport::parse("Knappen syns inte", "", "inte en adress"),
            Err(ReportError::Email)
        ));
        let ok = BarrierReport::parse(" Knappen syns inte ", " /courses ", "").unwrap();
        assert_eq!(ok.text, "Knappen syns inte");
        assert_eq!(ok.page.as_deref(), Some("/courses"));
        assert_eq!(ok.reply_to, None);
    }
}
