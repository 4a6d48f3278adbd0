//! Certificates as stored: issued with the completion, superseded by a recertification,
//! revoked by an admin. Never deleted.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};

use crate::certificates::{Certificate, Code, Status};
use crate::domain::Language;

use super::StoreError;
use super::entities::certificate;

pub use certificate::Model as CertificateRow;

pub struct NewCertificate<'a> {
    pub code: &'a Code,
    pub enrolment_id: i64,
    pub user_id: i64,
    pub course_id: i64,
    pub certificate: &'a Certificate,
}

/// Stores a certificate for the enrolment; `None` if it already has one.
pub async fn insert(
    db: &impl ConnectionTrait,
    new: NewCertificate<'_>,
    now: DateTime<Utc>,
) -> Result<Option<CertificateRow>, StoreError> {
    let c = new.certificate;
    let inserted = certificate::Entity::insert(certificate::ActiveModel {
        code: Set(new.code.as_str().to_owned()),
        enrolment_id: Set(new.enrolment_id),
        user_id: Set(new.user_id),
        course_id: Set(new.course_id),
        holder_name: Set(c.holder.clone()),
        course_title: Set(c.course.clone()),
        issuer: Set(c.issuer.clone()),
        language: Set(c.language.code().to_owned()),
        completed_on: Set(c.completed_on),
        valid_until: Set(c.valid_until),
        issued_at: Set(now),
        revoked_at: Set(None),
        revoked_reason: Set(None),
        superseded_by: Set(None),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(certificate::Column::EnrolmentId)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    if inserted == 0 {
        return Ok(None);
    }
    find(db, new.code).await
}

/// Marks the person's earlier certificates for the course as replaced by `newest`.
pub async fn supersede_older(
    db: &impl ConnectionTrait,
    newest: &CertificateRow,
) -> Result<u64, StoreError> {
    let result = certificate::Entity::update_many()
        .col_expr(certificate::Column::SupersededBy, Expr::value(newest.id))
        .filter(certificate::Column::UserId.eq(newest.user_id))
        .filter(certificate::Column::CourseId.eq(newest.course_id))
        .filter(certificate::Column::Id.ne(newest.id))
        .filter(certificate::Column::SupersededBy.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

pub async fn find(
    db: &impl ConnectionTrait,
    code: &Code,
) -> Result<Option<CertificateRow>, StoreError> {
    Ok(certificate::Entity::find()
        .filter(certificate::Column::Code.eq(code.as_str()))
        .one(db)
        .await?)
}

/// A person's certificates, newest first.
pub async fn of_user(
    db: &impl ConnectionTrait,
    user_id: i64,
) -> Result<Vec<CertificateRow>, StoreError> {
    Ok(certificate::Entity::find()
        .filter(certificate::Column::UserId.eq(user_id))
        .order_by_desc(certificate::Column::Id)
        .all(db)
        .await?)
}

/// Revokes a certificate; false if it was already revoked (or does not exist).
pub async fn revoke(
    db: &impl ConnectionTrait,
    id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let result = certificate::Entity::update_many()
        .col_expr(certificate::Column::RevokedAt, Expr::value(now))
        .col_expr(certificate::Column::RevokedReason, Expr::value(reason))
        .filter(certificate::Column::Id.eq(id))
        .filter(certificate::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

impl CertificateRow {
    pub fn status(&self, today: NaiveDate) -> Status {
        Status::on(
            today,
            self.valid_until,
            self.revoked_at.is_some(),
            self.superseded_by.is_some(),
        )
    }

    /// What the certificate states, to print it again exactly as issued.
    pub fn certificate(&self) -> Result<Certificate, StoreError> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("certificate {}: {what}", self.id));
        Ok(Certificate {
            code: Code::parse(&self.code).map_err(|_| corrupt("code"))?,
            holder: self.holder_name.clone(),
            course: self.course_title.clone(),
            issuer: self.issuer.clone(),
            language: self
                .language
                .parse::<Language>()
                .map_err(|_| corrupt("language"))?,
            completed_on: self.completed_on,
            valid_until: self.valid_until,
        })
    }
}
