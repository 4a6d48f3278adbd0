//! sea-orm entities: the tables as the migrations create them, and nothing more.
//! Behaviour lives in the `store` functions beside this module.

pub mod assessment_response;
pub mod assignment;
pub mod audit_entry;
pub mod certificate;
pub mod course;
pub mod course_media;
pub mod course_version;
pub mod department;
pub mod department_history;
pub mod enrolment;
pub mod lesson_feedback;
pub mod lesson_progress;
pub mod outbox_email;
pub mod pending_import;
pub mod quiz_attempt;
pub mod report_count;
pub mod scim_hold;
pub mod scim_token;
pub mod setting;
pub mod sign_in_link;
pub mod sso_identity;
pub mod sso_login;
pub mod user;
