//! The course version: a SHA-256 over every file the course is made of.

use sha2::{Digest, Sha256};

use super::source::{Content, SourceFile};

/// Hex SHA-256 over each file's name, length and bytes, in the order given (sorted by
/// name), so that renaming, moving or editing any file gives a new version and nothing else
/// does.
pub fn content_hash(files: &[&SourceFile]) -> String {
    let mut hasher = Sha256::new();
    for file in files {
        let Content::Bytes(bytes) = &file.content else {
            continue;
        };
        hasher.update(file.name.as_bytes());
        hasher.update([0]);
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
