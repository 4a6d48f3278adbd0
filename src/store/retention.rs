//! The statements behind retention (gallring): what each rule finds before a cut-off, and
//! removing it. Which rules apply, and when, is the privacy service's.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

use super::StoreError;
use super::entities::{
    audit_entry, outbox_email, pending_import, quiz_attempt, sign_in_link, user,
};
use super::outbox::PENDING;

/// Quiz answers once removed: the score and pass stay beside it.
pub const NO_ANSWERS: &str = "{}";

/// People who left before `before` and are not yet anonymised, oldest first.
pub async fn people_who_left(
    db: &impl ConnectionTrait,
    before: DateTime<Utc>,
) -> Result<Vec<user::Model>, StoreError> {
    use sea_orm::QueryOrder;
    Ok(user::Entity::find()
        .filter(user::Column::Active.eq(false))
        .filter(user::Column::AnonymisedAt.is_null())
        .filter(user::Column::DeactivatedAt.lt(before))
        .order_by_asc(user::Column::DeactivatedAt)
        .all(db)
        .await?)
}

fn old_bodies(before: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(outbox_email::Column::Status.ne(PENDING))
        .add(outbox_email::Column::CreatedAt.lt(before))
        .add(
            Condition::any()
                .add(outbox_email::Column::TextBody.ne(""))
                .add(outbox_email::Column::HtmlBody.is_not_null()),
        )
}

fn old_answers(before: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(quiz_attempt::Column::SubmittedAt.lt(before))
        .add(quiz_attempt::Column::Answers.ne(NO_ANSWERS))
}

/// Sent, failed or cancelled messages created before `before` that still have a body.
pub async fn count_email_bodies(
    db: &impl ConnectionTrait,
    before: DateTime<Utc>,
) -> Result<u64, StoreError> {
    Ok(outbox_email::Entity::find()
        .filter(old_bodies(before))
        .count(db)
        .await?)
}

/// Empties those bodies; the subject, recipient, dates and status stay as the record of
/// what was sent. An attachment is a reference rendered at sending, and goes too.
pub async fn remove_email_bodies(
    db: &impl ConnectionTrait,
    before: DateTime<Utc>,
) -> Result<u64, StoreError> {
    Ok(outbox_email::Entity::update_many()
        .col_expr(outbox_email::Column::TextBody, Expr::value(""))
        .col_expr(
            outbox_email::Column::HtmlBody,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            outbox_email::Column::Attachment,
            Expr::value(Option::<String>::None),
        )
        .filter(old_bodies(before))
        .exec(db)
        .await?
        .rows_affected)
}

pub async fn count_sign_in_links(
    db: &impl ConnectionTrait,
    before: DateTime<Utc>,
) -> Result<u64, StoreError> {
    Ok(sign_in_link::Entity::find()
        .filter(sign_in_link::Column::CreatedAt.lt(before))
        .count(db)
        .await?)
}

pub async fn remove_sign_in_links(
    db: &impl ConnectionTrait,
    before: DateTime<Utc>,
) -> Result<u64, StoreError> {
    Ok(sign_in_link::Entity::delete_many()
        .filter(sign_in_link::Column::CreatedAt.lt(before))
        .exec(db)
        .await?
        .rows_affected)
}

pub async fn count_pending_imports(
    db: &impl ConnectionTrait,
    before: DateTime<Utc>,
) -> Result<u64, StoreError> {
    Ok(pending_import::Entity::find()
        .filter(pending_import::Column::CreatedAt.lt(before))
        .count(db)
        .await?)
}

pub async fn remove_pending_imports(
    db: &impl ConnectionTrait,
    before: DateTime<Utc>,
) -> Result<u64, StoreError> {
    Ok(pending_import::Entity::delete_many()
        .filter(pending_import::Column::CreatedAt.lt(before))
        .exec(db)
        .await?
        .rows_affected)
}

pub async fn count_audit_entries(
    db: &impl ConnectionTrait,
    before: DateTime<Utc>,
) -> Result<u64, StoreError> {
    Ok(audit_entry::Entity::find()
        .filter(audit_entry::Column::At.lt(before))
        .count(db)
        .await?)
}

pub async fn remove_audit_entries(
    db: &impl ConnectionTrait,
    before: DateTime<Utc>,
) -> Result<u64, StoreError> {
    Ok(audit_entry::Entity::delete_many()
        .filter(audit_entry::Column::At.lt(before))
        .exec(db)
        .await?
        .rows_affected)
}

pub async fn count_quiz_answers(
    db: &impl ConnectionTrait,
    before: DateTime<Utc>,
) -> Result<u64, StoreError> {
    Ok(quiz_attempt::Entity::find()
        .filter(old_answers(before))
        .count(db)
        .await?)
}

/// The options chosen go; the score and pass stay, and the item analysis was counted when
/// each attempt was stored, so it does not change.
pub async fn remove_quiz_answers(
    db: &impl ConnectionTrait,
    before: DateTime<Utc>,
) -> Result<u64, StoreError> {
    Ok(quiz_attempt::Entity::update_many()
        .col_expr(quiz_attempt::Column::Answers, Expr::value(NO_ANSWERS))
        .filter(old_answers(before))
        .exec(db)
        .await?
        .rows_affected)
}
