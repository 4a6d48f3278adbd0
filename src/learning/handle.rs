//! The learner's journey as one handle, built once per request from the application's
//! state, so callers name what they do and not the connection, cache and certifier each
//! step needs (the model is lldap's backend handler and loco's context). Its methods
//! live beside their rules: `journey.rs` (courses, lessons, quizzes), `feedback.rs` and
//! `assessment/`.

use sea_orm::DatabaseConnection;

use super::{Certifier, LearningCache};

pub struct Learning<'a> {
    pub db: &'a DatabaseConnection,
    pub cache: &'a LearningCache,
    pub certifier: Certifier<'a>,
}
