//! Bryggan: intercultural-competence training for municipal staff.
//!
//! Trainers write courses as Markdown in git ([`course`]); the platform serves them to staff
//! and reports on who is trained.

pub mod auth;
pub mod cli;
pub mod course;
pub mod domain;
pub mod preview;
pub mod store;
