//! Bryggan's one integration-test binary: the CLI and the shipped courses, tested from the
//! outside.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails by panicking"
)]

mod assignments;
mod cli;
mod data_migrations;
mod governance_cli;
mod helpers;
mod jobs;
mod logs;
mod mail;
mod mime;
mod preview;
mod reload_signal;
mod reminders;
mod sample_courses;
mod served;
mod server;
mod shutdown;
mod smtp_sink;
mod staff;
mod write_transactions;
