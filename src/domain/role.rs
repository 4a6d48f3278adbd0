//! `Role`: what a person may do in Bryggan.

use serde::{Deserialize, Serialize};

use super::coded::coded;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Takes courses.
    Learner,
    /// Writes and reviews courses.
    Trainer,
    /// Imports staff, assigns courses, reads reports for their departments.
    Hr,
    /// Everything, including accounts and roles.
    Admin,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role {0:?}: use learner, trainer, hr or admin")]
pub struct ParseRoleError(pub String);

coded!(Role, ParseRoleError, as_str {
    Learner => "learner",
    Trainer => "trainer",
    Hr => "hr",
    Admin => "admin",
});
