//! The server over real HTTP, on SQLite by default or on PostgreSQL when
//! `BRYGGAN_TEST_DATABASE_URL` names a server (a fresh database per test either way).

mod accessibility_statement;
mod admin_outbox;
mod api;
pub mod app;
mod assessment;
mod backup;
mod certificates;
mod evaluation;
mod hr_access;
mod hr_reports;
mod hr_upload;
mod http_semantics;
mod instances;
mod journey;
mod language;
mod language_of_parts;
mod metrics;
mod openapi_contract;
mod org;
mod page_frame;
mod privacy;
mod query_errors;
mod quiz_input;
mod registry;
mod return_addresses;
mod scim;
mod sign_in_link;
mod sso;
mod tokens;
mod trainer;
mod translations;
