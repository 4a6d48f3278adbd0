//! Bryggan's database migrations, run at start-up by the server and by the tests.
//!
//! Steps are append-only (`mYYYYMMDD_HHMMSS_what.rs`), each with a `down`, and use only
//! the backend-neutral schema builder so the same files run on SQLite and PostgreSQL.

pub use sea_orm_migration::prelude::*;

mod m20261127_000001_learner_platform;
mod m20261127_000002_staff_manager;
mod m20261127_000003_assignments;
mod m20261127_000004_reports;
mod m20261127_000005_outbox;
mod m20261127_000006_sign_in_links;
mod m20261127_000007_certificates;
mod m20261127_000008_assessments;
mod m20261129_000009_job_runs;
mod m20261130_000010_assignment_run_indexes;
mod m20261130_000011_single_sign_on;
mod m20261130_000012_provisioning;
mod m20261130_000013_privacy;
mod m20261201_000014_lesson_feedback;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261127_000001_learner_platform::Migration),
            Box::new(m20261127_000002_staff_manager::Migration),
            Box::new(m20261127_000003_assignments::Migration),
            Box::new(m20261127_000004_reports::Migration),
            Box::new(m20261127_000005_outbox::Migration),
            Box::new(m20261127_000006_sign_in_links::Migration),
            Box::new(m20261127_000007_certificates::Migration),
            Box::new(m20261127_000008_assessments::Migration),
            Box::new(m20261129_000009_job_runs::Migration),
            Box::new(m20261130_000010_assignment_run_indexes::Migration),
            Box::new(m20261130_000011_single_sign_on::Migration),
            Box::new(m20261130_000012_provisioning::Migration),
            Box::new(m20261130_000013_privacy::Migration),
            Box::new(m20261201_000014_lesson_feedback::Migration),
        ]
    }
}
