//! Everything stored about one person, read table by table (one query each), for an
//! access request (GDPR Art. 15).

use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::StoreError;
use super::entities::{
    assessment_response, assignment, audit_entry, certificate, course, department,
    department_history, enrolment, lesson_feedback, lesson_progress, outbox_email, pending_import,
    quiz_attempt, scim_hold, sign_in_link, sso_identity, user,
};
use super::sql::contains_ignoring_case;

/// The rows that belong to a person, oldest first within each table.
#[derive(Debug, Clone)]
pub struct PersonRows {
    pub user: user::Model,
    pub departments: Vec<department::Model>,
    pub department_history: Vec<department_history::Model>,
    pub sso_identities: Vec<sso_identity::Model>,
    pub courses: Vec<course::Model>,
    pub enrolments: Vec<enrolment::Model>,
    pub lesson_progress: Vec<lesson_progress::Model>,
    pub quiz_attempts: Vec<quiz_attempt::Model>,
    pub lesson_feedback: Vec<lesson_feedback::Model>,
    pub assessments: Vec<assessment_response::Model>,
    pub certificates: Vec<certificate::Model>,
    pub emails: Vec<outbox_email::Model>,
    pub audit_entries: Vec<audit_entry::Model>,
    pub sign_in_links: Vec<sign_in_link::Model>,
    pub scim_holds: Vec<scim_hold::Model>,
    pub assignments_made: Vec<assignment::Model>,
    pub uploads: Vec<pending_import::Model>,
}

pub async fn of_person(
    db: &impl ConnectionTrait,
    user_id: i64,
) -> Result<Option<PersonRows>, StoreError> {
    let Some(user) = user::Entity::find_by_id(user_id).one(db).await? else {
        return Ok(None);
    };
    let department_history = department_history::Entity::find()
        .filter(department_history::Column::UserId.eq(user_id))
        .order_by_asc(department_history::Column::Id)
        .all(db)
        .await?;
    let department_ids: Vec<i64> = department_history
        .iter()
        .filter_map(|h| h.department_id)
        .chain(user.department_id)
        .chain(user.scope_department_id)
        .collect();
    let departments = department::Entity::find()
        .filter(department::Column::Id.is_in(department_ids))
        .all(db)
        .await?;
    let enrolments = enrolment::Entity::find()
        .filter(enrolment::Column::UserId.eq(user_id))
        .order_by_asc(enrolment::Column::Id)
        .all(db)
        .await?;
    let enrolment_ids: Vec<i64> = enrolments.iter().map(|e| e.id).collect();
    let courses = course::Entity::find()
        .filter(course::Column::Id.is_in(enrolments.iter().map(|e| e.course_id)))
        .all(db)
        .await?;
    let email = user.email.as_str();
    Ok(Some(PersonRows {
        departments,
        department_history,
        sso_identities: sso_identity::Entity::find()
            .filter(sso_identity::Column::UserId.eq(user_id))
            .order_by_asc(sso_identity::Column::Id)
            .all(db)
            .await?,
        courses,
        lesson_progress: lesson_progress::Entity::find()
            .filter(lesson_progress::Column::EnrolmentId.is_in(enrolment_ids.clone()))
            .order_by_asc(lesson_progress::Column::Id)
            .all(db)
            .await?,
        quiz_attempts: quiz_attempt::Entity::find()
            .filter(quiz_attempt::Column::EnrolmentId.is_in(enrolment_ids))
            .order_by_asc(quiz_attempt::Column::Id)
            .all(db)
            .await?,
        enrolments,
        lesson_feedback: lesson_feedback::Entity::find()
            .filter(lesson_feedback::Column::UserId.eq(user_id))
            .order_by_asc(lesson_feedback::Column::Id)
            .all(db)
            .await?,
        assessments: assessment_response::Entity::find()
            .filter(assessment_response::Column::UserId.eq(user_id))
            .order_by_asc(assessment_response::Column::Id)
            .all(db)
            .await?,
        certificates: certificate::Entity::find()
            .filter(certificate::Column::UserId.eq(user_id))
            .order_by_asc(certificate::Column::Id)
            .all(db)
            .await?,
        emails: outbox_email::Entity::find()
            .filter(outbox_email::Column::Recipient.eq(email))
            .order_by_asc(outbox_email::Column::Id)
            .all(db)
            .await?,
        audit_entries: audit_entry::Entity::find()
            .filter(
                Condition::any()
                    .add(audit_entry::Column::ActorId.eq(user_id))
                    // A JSON string holding exactly the address: the quotes keep
                    // `anna@x.se` from matching `joanna@x.se`.
                    .add(contains_ignoring_case(
                        audit_entry::Column::Details,
                        &format!("\"{email}\""),
                    )),
            )
            .order_by_asc(audit_entry::Column::Id)
            .all(db)
            .await?,
        sign_in_links: sign_in_link::Entity::find()
            .filter(sign_in_link::Column::UserId.eq(user_id))
            .order_by_asc(sign_in_link::Column::Id)
            .all(db)
            .await?,
        scim_holds: scim_hold::Entity::find()
            .filter(scim_hold::Column::UserId.eq(user_id))
            .order_by_asc(scim_hold::Column::Id)
            .all(db)
            .await?,
        assignments_made: assignment::Entity::find()
            .filter(assignment::Column::CreatedBy.eq(user_id))
            .order_by_asc(assignment::Column::Id)
            .all(db)
            .await?,
        uploads: pending_import::Entity::find()
            .filter(pending_import::Column::CreatedBy.eq(user_id))
            .order_by_asc(pending_import::Column::Id)
            .all(db)
            .await?,
        user,
    }))
}
