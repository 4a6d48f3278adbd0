//! Replacing a person's name, address and identifiers with a pseudonym, in every table
//! that holds them, inside the caller's transaction. What the statistics count (the
//! account row with its department, enrolments, scores, assessments and item counts)
//! stays, anonymous.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    IntoActiveModel, QueryFilter,
};

use super::StoreError;
use super::entities::{
    audit_entry, certificate, lesson_feedback, outbox_email, pending_import, scim_hold,
    sign_in_link, sso_identity, user,
};
use super::mentions::Mentions;
use super::outbox::{CANCELLED, PENDING};
use super::sql::contains_ignoring_case;
use crate::domain::Email;

/// What stands in for the person afterwards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pseudonym {
    pub name: String,
    pub email: Email,
}

impl Pseudonym {
    /// Derived from the row id alone, which says nothing about the person.
    pub fn for_user(id: i64) -> Result<Pseudonym, StoreError> {
        let email = Email::parse(&format!("anonymised-{id}@anonymised.invalid"))
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Ok(Pseudonym {
            name: format!("Anonymised #{id}"),
            email,
        })
    }
}

/// Rows changed or removed, by table: the audit entry records these, not the person.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Anonymised {
    pub emails: u64,
    pub audit_entries: u64,
    pub certificates: u64,
    pub sign_in_links: u64,
    pub sso_identities: u64,
    pub staff_uploads: u64,
    pub managed: u64,
    /// Lesson comments removed: their words may tell who wrote them. The yes or no stays.
    pub feedback_comments: u64,
}

fn mentions(
    column: impl sea_orm::sea_query::IntoColumnRef + Copy,
    spellings: &[String],
) -> Condition {
    spellings.iter().fold(Condition::any(), |any, s| {
        any.add(contains_ignoring_case(column, s))
    })
}

/// `text` with every spelling replaced, without regard to case.
fn scrub(text: &str, spellings: &[String], with: &str) -> String {
    let mut out = text.to_owned();
    for s in spellings {
        let lower = out.to_lowercase();
        let needle = s.to_lowercase();
        // Lower-casing can change byte lengths outside ASCII; fall back to exact matches.
        if lower.len() != out.len() || needle.len() != s.len() {
            out = out.replace(s.as_str(), with);
            continue;
        }
        let mut result = String::with_capacity(out.len());
        let mut rest = 0;
        for (at, _) in lower.match_indices(&needle) {
            result.push_str(&out[rest..at]);
            result.push_str(with);
            rest = at + needle.len();
        }
        result.push_str(&out[rest..]);
        out = result;
    }
    out
}

/// `spellings` are every way the person's name and address may be written in stored
/// text (the service decides which); each is replaced wherever it occurs. `known` are
/// the mentions a pass over many people found ([`super::mentions`]): then only the rows
/// it named, and those written since, are searched.
pub async fn person(
    db: &impl ConnectionTrait,
    person: &user::Model,
    spellings: &[String],
    known: Option<&Mentions>,
    now: DateTime<Utc>,
) -> Result<Anonymised, StoreError> {
    let pseudonym = Pseudonym::for_user(person.id)?;
    let mut done = Anonymised::default();

    // Mail to them keeps its subject, date and status, and loses its body; mail that
    // mentions them (a manager's digest, an admin's notice) keeps its body, scrubbed.
    let search = Condition::any()
        .add(outbox_email::Column::Recipient.eq(person.email.as_str()))
        .add(mentions(outbox_email::Column::Subject, spellings))
        .add(mentions(outbox_email::Column::TextBody, spellings))
        .add(mentions(outbox_email::Column::HtmlBody, spellings));
    let search = match known {
        None => search,
        Some(known) => Condition::any()
            .add(outbox_email::Column::Id.is_in(known.outbox_rows(person.id)))
            .add(
                Condition::all()
                    .add(outbox_email::Column::Id.gt(known.outbox_up_to))
                    .add(search),
            ),
    };
    let mail = outbox_email::Entity::find().filter(search).all(db).await?;
    for message in mail {
        let to_them = message.recipient == person.email.as_str();
        let mut row = message.clone().into_active_model();
        row.subject = Set(scrub(&message.subject, spellings, &pseudonym.name));
        if to_them {
            row.recipient = Set(pseudonym.email.as_str().to_owned());
            row.text_body = Set(String::new());
            row.html_body = Set(None);
            row.last_error = Set(None);
            if message.status == PENDING {
                row.status = Set(CANCELLED.to_owned());
            }
        } else {
            row.text_body = Set(scrub(&message.text_body, spellings, &pseudonym.name));
            row.html_body = Set(message
                .html_body
                .as_deref()
                .map(|h| scrub(h, spellings, &pseudonym.name)));
        }
        row.update(db).await?;
        done.emails += 1;
    }

    let search = Condition::any()
        .add(audit_entry::Column::ActorId.eq(person.id))
        .add(mentions(audit_entry::Column::Actor, spellings))
        .add(mentions(audit_entry::Column::Details, spellings));
    let search = match known {
        None => search,
        Some(known) => Condition::any()
            .add(audit_entry::Column::Id.is_in(known.audit_rows(person.id)))
            .add(
                Condition::all()
                    .add(audit_entry::Column::Id.gt(known.audit_up_to))
                    .add(search),
            ),
    };
    let entries = audit_entry::Entity::find().filter(search).all(db).await?;
    for entry in entries {
        let mut row = entry.clone().into_active_model();
        row.actor = Set(scrub(&entry.actor, spellings, pseudonym.email.as_str()));
        row.details = Set(scrub(&entry.details, spellings, pseudonym.email.as_str()));
        row.update(db).await?;
        done.audit_entries += 1;
    }

    // A waiting staff file that lists them, or that they uploaded, is dropped whole:
    // it is a working copy, and HR can upload it again.
    let uploads = pending_import::Entity::find().all(db).await?;
    let lowered: Vec<String> = spellings.iter().map(|s| s.to_lowercase()).collect();
    let dropped: Vec<i64> = uploads
        .iter()
        .filter(|u| {
            let content = String::from_utf8_lossy(&u.content).to_lowercase();
            u.created_by == person.id || lowered.iter().any(|s| content.contains(s.as_str()))
        })
        .map(|u| u.id)
        .collect();
    if !dropped.is_empty() {
        done.staff_uploads = pending_import::Entity::delete_many()
            .filter(pending_import::Column::Id.is_in(dropped))
            .exec(db)
            .await?
            .rows_affected;
    }

    // Their certificates keep code and dates; an admin's reason for a revocation may
    // name them too.
    let certificates = certificate::Entity::find()
        .filter(certificate::Column::UserId.eq(person.id))
        .all(db)
        .await?;
    for held in certificates {
        let mut row = held.clone().into_active_model();
        row.holder_name = Set(pseudonym.name.clone());
        row.revoked_reason = Set(held
            .revoked_reason
            .as_deref()
            .map(|r| scrub(r, spellings, &pseudonym.name)));
        row.update(db).await?;
        done.certificates += 1;
    }
    // Someone who once decided on a held deactivation is named by their address there.
    scim_hold::Entity::update_many()
        .col_expr(
            scim_hold::Column::DecidedBy,
            Expr::value(pseudonym.email.as_str()),
        )
        .filter(
            Expr::expr(Func::lower(Expr::col(scim_hold::Column::DecidedBy)))
                .eq(person.email.as_str()),
        )
        .exec(db)
        .await?;
    done.sign_in_links = sign_in_link::Entity::delete_many()
        .filter(sign_in_link::Column::UserId.eq(person.id))
        .exec(db)
        .await?
        .rows_affected;
    done.sso_identities = sso_identity::Entity::delete_many()
        .filter(sso_identity::Column::UserId.eq(person.id))
        .exec(db)
        .await?
        .rows_affected;
    done.feedback_comments = lesson_feedback::Entity::update_many()
        .col_expr(
            lesson_feedback::Column::Comment,
            sea_orm::sea_query::Expr::value(Option::<String>::None),
        )
        .filter(lesson_feedback::Column::UserId.eq(person.id))
        .filter(lesson_feedback::Column::Comment.is_not_null())
        .exec(db)
        .await?
        .rows_affected;
    done.managed = user::Entity::update_many()
        .col_expr(
            user::Column::ManagerEmail,
            Expr::value(Option::<String>::None),
        )
        .filter(
            Expr::expr(Func::lower(Expr::col(user::Column::ManagerEmail)))
                .eq(person.email.as_str()),
        )
        .exec(db)
        .await?
        .rows_affected;

    let mut row = person.clone().into_active_model();
    row.name = Set(pseudonym.name);
    row.email = Set(pseudonym.email);
    row.active = Set(false);
    row.password_hash = Set(None);
    row.token_generation = Set(person.token_generation + 1);
    row.failed_sign_ins = Set(0);
    row.sign_in_blocked_until = Set(None);
    row.manager_email = Set(None);
    row.scope_department_id = Set(None);
    row.scim_user_name = Set(None);
    row.scim_user_key = Set(None);
    row.external_id = Set(None);
    row.employee_number = Set(None);
    row.preferred_language = Set(None);
    row.email_type = Set(None);
    row.anonymised_at = Set(Some(now));
    row.update(db).await?;
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::scrub;

    #[test]
    fn scrubbing_replaces_every_spelling_in_any_case() {
        let spellings = vec!["anna.berg@malmo.se".to_owned(), "Anna Berg".to_owned()];
        assert_eq!(
            scrub(
                "Till ANNA BERG (Anna.Berg@Malmo.se): hej Anna Berg",
                &spellings,
                "X"
            ),
            "Till X (X): hej X"
        );
    }

    #[test]
    fn scrubbing_leaves_text_without_the_person_alone() {
        let spellings = vec!["anna@x.se".to_owned(), "Anna Berg".to_owned()];
        assert_eq!(scrub("Åsa Öberg", &spellings, "X"), "Åsa Öberg");
    }
}
