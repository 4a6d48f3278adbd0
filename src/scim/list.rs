//! The ListResponse message (RFC 7644 §3.4.2).

use serde_json::{Value, json};

use super::LIST_SCHEMA;

/// A page of resources: `total` matched, this page starts at `start_index` (1-based).
pub fn response(resources: Vec<Value>, total: u64, start_index: u64) -> Value {
    json!({
        "schemas": [LIST_SCHEMA],
        "totalResults": total,
        "startIndex": start_index,
        "itemsPerPage": resources.len(),
        "Resources": resources,
    })
}
