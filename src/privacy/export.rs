//! An access request (GDPR Art. 15): everything Bryggan holds about one person, as one
//! JSON document. "Mina uppgifter" shows it and offers it for download; `bryggan privacy
//! export` writes it for requests that come in by other channels.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::Value;

use crate::domain::EnrolmentSource;
use crate::store::personal_data::PersonRows;

/// The version of the document's shape, for whoever reads it later.
pub const FORMAT: &str = "bryggan-personal-data/1";

#[derive(Debug, Clone, Serialize)]
pub struct PersonalData {
    pub format: &'static str,
    pub generated_at: DateTime<Utc>,
    pub profile: Profile,
    pub sso_identities: Vec<SsoIdentity>,
    pub department_history: Vec<DepartmentStay>,
    pub enrolments: Vec<Enrolment>,
    pub lesson_progress: Vec<LessonDone>,
    pub quiz_attempts: Vec<QuizAttempt>,
    pub lesson_feedback: Vec<LessonFeedbackGiven>,
    pub assessments: Vec<Assessment>,
    pub certificates: Vec<Certificate>,
    pub emails: Vec<EmailSent>,
    pub audit_log: Vec<AuditEntry>,
    pub sign_in_links: Vec<SignInLink>,
    pub deactivations_held: Vec<HeldDeactivation>,
    pub assignments_made: Vec<AssignmentMade>,
    pub staff_uploads: Vec<StaffUpload>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Profile {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: String,
    pub language: String,
    pub active: bool,
    pub department: Option<String>,
    pub manager_email: Option<String>,
    pub hr_scope: Option<String>,
    pub created_at: DateTime<Utc>,
    pub deactivated_at: Option<DateTime<Utc>>,
    pub has_password: bool,
    pub failed_sign_ins: i32,
    pub sign_in_blocked_until: Option<DateTime<Utc>>,
    pub directory: Option<DirectoryProfile>,
}

/// What the organisation's directory sent (SCIM), when it provisions the person.
#[derive(Debug, Clone, Serialize)]
pub struct DirectoryProfile {
    pub user_name: Option<String>,
    pub external_id: Option<String>,
    pub employee_number: Option<String>,
    pub preferred_language: Option<String>,
    pub email_type: Option<String>,
    pub deleted_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SsoIdentity {
    pub issuer: String,
    pub subject: String,
    pub linked_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DepartmentStay {
    pub department: Option<String>,
    pub since: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Enrolment {
    pub id: i64,
    pub course: String,
    pub course_version: i64,
    pub cycle: i32,
    pub source: EnrolmentSource,
    pub due_date: Option<NaiveDate>,
    pub enrolled_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct LessonDone {
    pub enrolment: i64,
    pub lesson: String,
    pub completed_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuizAttempt {
    pub enrolment: i64,
    pub lesson: String,
    pub attempt: i32,
    /// The options chosen, by question; empty once the quiz-answers retention rule has
    /// removed them (the score stays).
    pub answers: Value,
    pub score: i32,
    pub passed: bool,
    pub submitted_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    pub enrolment: i64,
    pub phase: &'static str,
    pub form: Option<String>,
    pub correct: i32,
    pub total: i32,
    pub ratings: Value,
    pub submitted_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Certificate {
    pub code: String,
    pub course_title: String,
    pub holder_name: String,
    pub issuer: String,
    pub completed_on: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub issued_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoked_reason: Option<String>,
    pub superseded: bool,
}

/// A message queued to the person: what and when, not the body.
#[derive(Debug, Clone, Serialize)]
pub struct EmailSent {
    pub subject: String,
    pub reason: String,
    pub created_at: DateTime<Utc>,
    pub status: String,
    pub sent_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub by_this_person: bool,
    pub action: String,
    pub details: Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct SignInLink {
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HeldDeactivation {
    pub requested_at: DateTime<Utc>,
    pub via: String,
    pub status: String,
    pub decided_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AssignmentMade {
    pub id: i64,
    pub created_at: DateTime<Utc>,
}

/// "Was this helpful?" about a lesson, with the comment if one was given.
#[derive(Debug, Clone, Serialize)]
pub struct LessonFeedbackGiven {
    pub course: String,
    pub course_version: i64,
    pub lesson: String,
    pub helpful: bool,
    pub comment: Option<String>,
    pub given_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StaffUpload {
    pub file_name: String,
    pub created_at: DateTime<Utc>,
}

impl PersonalData {
    /// Rows per section, keyed by the table each comes from.
    pub fn counts(&self) -> BTreeMap<&'static str, usize> {
        BTreeMap::from([
            ("users", 1),
            ("sso_identities", self.sso_identities.len()),
            ("department_history", self.department_history.len()),
            ("enrolments", self.enrolments.len()),
            ("lesson_progress", self.lesson_progress.len()),
            ("quiz_attempts", self.quiz_attempts.len()),
            ("lesson_feedback", self.lesson_feedback.len()),
            ("assessment_responses", self.assessments.len()),
            ("certificates", self.certificates.len()),
            ("outbox", self.emails.len()),
            ("audit_log", self.audit_log.len()),
            ("sign_in_links", self.sign_in_links.len()),
            ("scim_holds", self.deactivations_held.len()),
            ("assignments", self.assignments_made.len()),
            ("pending_imports", self.staff_uploads.len()),
        ])
    }
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))
}

/// The document, from the rows.
pub fn document(rows: PersonRows, now: DateTime<Utc>) -> PersonalData {
    let department = |id: Option<i64>| {
        id.and_then(|id| rows.departments.iter().find(|d| d.id == id))
            .map(|d| d.path.clone())
    };
    let course = |id: i64| {
        rows.courses
            .iter()
            .find(|c| c.id == id)
            .map_or_else(|| id.to_string(), |c| c.slug.clone())
    };
    let user = &rows.user;
    let directory = user.scim_user_name.is_some() || user.external_id.is_some();
    PersonalData {
        format: FORMAT,
        generated_at: now,
        profile: Profile {
            id: user.id,
            name: user.name.clone(),
            email: user.email.to_string(),
            role: user.role.as_str().to_owned(),
            language: user.locale.code().to_owned(),
            active: user.active,
            department: department(user.department_id),
            manager_email: user.manager_email.clone(),
            hr_scope: department(user.scope_department_id),
            created_at: user.created_at,
            deactivated_at: user.deactivated_at,
            has_password: user.password_hash.is_some(),
            failed_sign_ins: user.failed_sign_ins,
            sign_in_blocked_until: user.sign_in_blocked_until,
            directory: directory.then(|| DirectoryProfile {
                user_name: user.scim_user_name.as_ref().map(|v| v.as_str().to_owned()),
                external_id: user.external_id.as_ref().map(|v| v.as_str().to_owned()),
                employee_number: user.employee_number.as_ref().map(|v| v.as_str().to_owned()),
                preferred_language: user
                    .preferred_language
                    .as_ref()
                    .map(|v| v.as_str().to_owned()),
                email_type: user.email_type.as_ref().map(|v| v.as_str().to_owned()),
                deleted_at: user.scim_deleted_at,
                updated_at: user.updated_at,
            }),
        },
        sso_identities: rows
            .sso_identities
            .iter()
            .map(|s| SsoIdentity {
                issuer: s.issuer.clone(),
                subject: s.subject.clone(),
                linked_at: s.linked_at,
            })
            .collect(),
        department_history: rows
            .department_history
            .iter()
            .map(|h| DepartmentStay {
                department: department(h.department_id),
                since: h.since,
            })
            .collect(),
        enrolments: rows
            .enrolments
            .iter()
            .map(|e| Enrolment {
                id: e.id,
                course: course(e.course_id),
                course_version: e.course_version_id,
                cycle: e.cycle,
                source: e.source,
                due_date: e.due_date,
                enrolled_at: e.enrolled_at,
                started_at: e.started_at,
                completed_at: e.completed_at,
                current: e.is_current,
            })
            .collect(),
        lesson_progress: rows
            .lesson_progress
            .iter()
            .map(|p| LessonDone {
                enrolment: p.enrolment_id,
                lesson: p.lesson_slug.clone(),
                completed_at: p.completed_at,
            })
            .collect(),
        lesson_feedback: rows
            .lesson_feedback
            .iter()
            .map(|f| LessonFeedbackGiven {
                course: course(f.course_id),
                course_version: f.course_version_id,
                lesson: f.lesson_slug.clone(),
                helpful: f.helpful,
                comment: f.comment.as_ref().map(|c| c.as_str().to_owned()),
                given_at: f.given_at,
            })
            .collect(),
        quiz_attempts: rows
            .quiz_attempts
            .iter()
            .map(|a| QuizAttempt {
                enrolment: a.enrolment_id,
                lesson: a.lesson_slug.clone(),
                attempt: a.attempt_number,
                answers: json(&a.answers),
                score: a.score,
                passed: a.passed,
                submitted_at: a.submitted_at,
            })
            .collect(),
        assessments: rows
            .assessments
            .iter()
            .map(|a| Assessment {
                enrolment: a.enrolment_id,
                phase: if a.phase == 0 { "before" } else { "after" },
                form: a.form.clone(),
                correct: a.correct,
                total: a.total,
                ratings: json(&a.ratings),
                submitted_at: a.submitted_at,
            })
            .collect(),
        certificates: rows
            .certificates
            .iter()
            .map(|c| Certificate {
                code: c.code.clone(),
                course_title: c.course_title.clone(),
                holder_name: c.holder_name.clone(),
                issuer: c.issuer.clone(),
                completed_on: c.completed_on,
                valid_until: c.valid_until,
                issued_at: c.issued_at,
                revoked_at: c.revoked_at,
                revoked_reason: c.revoked_reason.clone(),
                superseded: c.superseded_by.is_some(),
            })
            .collect(),
        emails: rows
            .emails
            .iter()
            .map(|m| EmailSent {
                subject: m.subject.clone(),
                reason: m.dedup_key.split(':').next().unwrap_or_default().to_owned(),
                created_at: m.created_at,
                status: m.status.clone(),
                sent_at: m.sent_at,
            })
            .collect(),
        audit_log: rows
            .audit_entries
            .iter()
            .map(|a| AuditEntry {
                at: a.at,
                actor: a.actor.clone(),
                by_this_person: a.actor_id == Some(user.id),
                action: a.action.clone(),
                details: json(&a.details),
            })
            .collect(),
        sign_in_links: rows
            .sign_in_links
            .iter()
            .map(|l| SignInLink {
                created_at: l.created_at,
                expires_at: l.expires_at,
                used_at: l.used_at,
            })
            .collect(),
        deactivations_held: rows
            .scim_holds
            .iter()
            .map(|h| HeldDeactivation {
                requested_at: h.requested_at,
                via: h.via.clone(),
                status: h.status.clone(),
                decided_at: h.decided_at,
            })
            .collect(),
        assignments_made: rows
            .assignments_made
            .iter()
            .map(|a| AssignmentMade {
                id: a.id,
                created_at: a.created_at,
            })
            .collect(),
        staff_uploads: rows
            .uploads
            .iter()
            .map(|u| StaffUpload {
                file_name: u.file_name.clone(),
                created_at: u.created_at,
            })
            .collect(),
    }
}
