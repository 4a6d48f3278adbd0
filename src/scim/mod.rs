//! SCIM 2.0 (RFC 7643, RFC 7644) as Bryggan speaks it: reading the directory's user
//! representations and PATCH operations, writing its own, and the discovery documents.
//! Pure protocol rules: no actix, no sea-orm. The filter and PATCH-path grammar come from
//! the `scim_v2` crate; [`crate::provisioning`] decides what a request does to an account.

pub mod discovery;
pub mod error;
pub mod list;
pub mod patch;
pub mod projection;
pub mod query;
pub mod user;
pub mod values;

pub use error::{ScimError, ScimType};

/// The media type of every SCIM body (RFC 7644 §3.1).
pub const CONTENT_TYPE: &str = "application/scim+json";
pub const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
pub const ENTERPRISE_SCHEMA: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
pub const LIST_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
pub const ERROR_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
pub const PATCH_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
pub const SEARCH_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

/// Bodies above this are refused with 413: a user with every attribute is a few kilobytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Operations in one PATCH request; Entra sends a handful.
pub const MAX_OPERATIONS: usize = 100;
