//! Issuing a certificate, in the transaction that completes the enrolment: the
//! certificate row, the supersession of the person's older one for the course, and the
//! email carrying the PDF are written together or not at all.

use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;

use crate::certificates::{Certificate, Code, long_date, verify_url};
use crate::course::Course;
use crate::domain::validity::expires_on;
use crate::mail::templates::EmailTemplates;
use crate::store::StoreError;
use crate::store::certificates::{self, CertificateRow, NewCertificate};
use crate::store::users;
use crate::store::{learning, outbox};

use super::LearningError;

/// What issuing needs beyond the database: who issues, where certificates are checked,
/// and the email templates.
#[derive(Debug, Clone, Copy)]
pub struct Certifier<'a> {
    /// The municipality named on the certificate.
    pub issuer: &'a str,
    /// Where Bryggan is reached; no trailing `/`.
    pub public_url: &'a str,
    pub emails: &'a EmailTemplates,
}

/// The attachment reference a certificate email carries; the worker renders the PDF.
pub fn attachment_ref(code: &Code) -> String {
    format!("certificate:{code}")
}

/// Issues the certificate for a just-completed enrolment and queues its email. Does
/// nothing if the enrolment already has one.
pub async fn issue(
    db: &impl ConnectionTrait,
    certifier: &Certifier<'_>,
    course: &Course,
    enrolment_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<CertificateRow>, LearningError> {
    let enrolment = learning::find_enrolment(db, enrolment_id)
        .await?
        .ok_or_else(|| StoreError::Corrupt(format!("enrolment {enrolment_id} vanished")))?;
    let user = users::find(db, enrolment.user_id)
        .await?
        .ok_or_else(|| StoreError::Corrupt(format!("user {} vanished", enrolment.user_id)))?;
    let language = user.locale;
    let completed_on = now.date_naive();
    let code = Code::random();
    let certificate = Certificate {
        code: code.clone(),
        holder: user.name.clone(),
        course: course.title.clone(),
        issuer: certifier.issuer.to_owned(),
        language,
        completed_on,
        valid_until: course.valid_for_months.map(|m| expires_on(completed_on, m)),
    };
    let new = NewCertificate {
        code: &code,
        enrolment_id,
        user_id: user.id,
        course_id: enrolment.course_id,
        certificate: &certificate,
    };
    let Some(row) = certificates::insert(db, new, now).await? else {
        return Ok(None);
    };
    certificates::supersede_older(db, &row).await?;
    if user.active {
        let to = user.email.clone();
        let data = serde_json::json!({
            "name": user.name,
            "course": certificate.course,
            "completed_on": long_date(completed_on, language),
            "valid_until": certificate.valid_until.map(|d| long_date(d, language)),
            "issuer": certificate.issuer,
            "code": code.as_str(),
            "verify_url": verify_url(certifier.public_url, &code),
            "download_url": format!("{}/certificates/{code}.pdf", certifier.public_url),
        });
        let rendered = certifier
            .emails
            .render("certificate", language, &data)
            .map_err(|e| LearningError::Email(Box::new(e)))?;
        outbox::enqueue(
            db,
            rendered
                .to(to, format!("certificate:{code}"))
                .with_attachment(attachment_ref(&code)),
            now,
        )
        .await?;
    }
    Ok(Some(row))
}

#[derive(Debug, thiserror::Error)]
pub enum RevokeError {
    #[error("there is no certificate with that code")]
    NotFound,
    #[error("the certificate was already revoked")]
    AlreadyRevoked,
    #[error("say why the certificate is revoked (at most 500 characters)")]
    Reason,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Revokes a certificate; the revocation and its audit entry are written together.
pub async fn revoke(
    db: &sea_orm::DatabaseConnection,
    actor: &crate::store::audit::Actor,
    code: &Code,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), RevokeError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(RevokeError::Reason);
    }
    let txn = crate::store::begin_write(db)
        .await
        .map_err(StoreError::from)?;
    let row = certificates::find(&txn, code)
        .await?
        .ok_or(RevokeError::NotFound)?;
    if !certificates::revoke(&txn, row.id, reason, now).await? {
        return Err(RevokeError::AlreadyRevoked);
    }
    let details = serde_json::json!({ "certificate": code.as_str(), "reason": reason });
    crate::store::audit::record(&txn, actor, "certificate.revoke", details, now).await?;
    txn.commit().await.map_err(StoreError::from)?;
    Ok(())
}
