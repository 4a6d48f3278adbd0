//! Bryggan: intercultural-competence training for municipal staff.
//!
//! Trainers write courses as Markdown in git ([`course`]); the platform serves them to staff
//! and reports on who is trained.

pub mod accessibility;
pub mod accounts;
pub mod app;
pub mod auth;
pub mod branding;
pub mod cache;
pub mod certificates;
pub mod cli;
pub mod config;
pub mod course;
pub mod demo;
pub mod domain;
pub mod evaluation;
pub mod hr;
pub mod jobs;
pub mod learning;
pub mod mail;
pub mod metrics;
pub mod preview;
pub mod privacy;
pub mod provisioning;
pub mod publishing;
pub mod reminders;
pub mod reports;
pub mod scim;
pub mod shutdown;
pub mod sso;
pub mod staff;
pub mod store;
pub mod trainer;
pub mod web;
