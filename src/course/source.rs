//! A course's files in memory, and reading them from a folder.
//!
//! The compiler works on [`CourseSource`] alone, so it can be tested and fuzzed without a
//! file system; [`load`] is the only part that touches the disk.

use std::fs;
use std::path::Path;

use super::diagnostics::{Diagnostics, Severity};
use super::message::Message;

/// Files larger than this are not read: no lesson or image in a course needs more.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// Lesson and `course.toml` files larger than this are refused.
pub const MAX_TEXT_BYTES: usize = 2 * 1024 * 1024;
/// `media/` may nest folders this deep.
const MAX_MEDIA_DEPTH: usize = 4;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    Bytes(Vec<u8>),
    /// Not read: larger than [`MAX_FILE_BYTES`].
    TooLarge(u64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Relative to the course folder, with `/` separators: `course.toml`, `01-a.md`, `media/b.png`.
    pub name: String,
    pub content: Content,
}

#[derive(Debug, Clone, Default)]
pub struct CourseSource {
    /// The folder's name: the course slug, once checked.
    pub folder: String,
    /// How paths are shown in diagnostics (`courses/mota-invanare`).
    pub display_dir: String,
    pub files: Vec<SourceFile>,
}

impl CourseSource {
    pub fn new(folder: impl Into<String>, display_dir: impl Into<String>) -> Self {
        Self {
            folder: folder.into(),
            display_dir: display_dir.into(),
            files: Vec::new(),
        }
    }

    /// Adds a file (for tests, fuzzing and tools that hold courses in memory).
    pub fn with_file(mut self, name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        self.files.push(SourceFile {
            name: name.into(),
            content: Content::Bytes(bytes.into()),
        });
        self
    }

    pub fn display_path(&self, name: &str) -> String {
        format!("{}/{name}", self.display_dir)
    }

    /// Total bytes of text the course is written in (for throughput figures).
    pub fn text_bytes(&self) -> usize {
        self.files
            .iter()
            .filter(|f| f.name.ends_with(".md") || f.name.ends_with(".toml"))
            .map(|f| match &f.content {
                Content::Bytes(b) => b.len(),
                Content::TooLarge(_) => 0,
            })
            .sum()
    }
}

/// Reads a course folder: its top-level files and everything under `media/`. Problems with
/// the file system itself (unreadable files, odd folders) are reported, not returned.
pub fn load(dir: &Path, display_dir: &str, sink: &mut Diagnostics) -> CourseSource {
    let folder = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut source = CourseSource::new(folder, display_dir);
    read_dir(dir, "", 0, &mut source, sink);
    source.files.sort_by(|a, b| a.name.cmp(&b.name));
    source
}

fn read_dir(
    dir: &Path,
    prefix: &str,
    depth: usize,
    source: &mut CourseSource,
    sink: &mut Diagnostics,
) {
    let display_dir = source.display_dir.clone();
    let display = |name: &str| display_path(&display_dir, name);
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            sink.file(
                Severity::Error,
                display(prefix),
                Message::new(
                    format!("cannot read folder: {err}"),
                    format!("mappen går inte att läsa: {err}"),
                ),
            );
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                sink.file(
                    Severity::Error,
                    display(prefix),
                    Message::new(
                        format!("cannot read folder: {err}"),
                        format!("mappen går inte att läsa: {err}"),
                    ),
                );
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let rel = format!("{prefix}{name}");
        let path = entry.path();
        // Symlinks are followed by metadata(); a course is plain files in a repository.
        let meta = match fs::metadata(&path) {
            Ok(meta) => meta,
            Err(err) => {
                sink.file(
                    Severity::Error,
                    display(&rel),
                    Message::new(
                        format!("cannot read: {err}"),
                        format!("filen går inte att läsa: {err}"),
                    ),
                );
                continue;
            }
        };
        if meta.is_dir() {
            let in_media = prefix.starts_with("media/") || (prefix.is_empty() && name == "media");
            if in_media && depth < MAX_MEDIA_DEPTH || prefix.is_empty() && name == "assessment" {
                read_dir(&path, &format!("{rel}/"), depth + 1, source, sink);
            } else {
                sink.file(
                    Severity::Warning,
                    display(&rel),
                    Message::new(
                        "folder ignored: a course holds lesson files, a `media/` folder and an `assessment/` folder",
                        "mappen läses inte: en kurs består av lektionsfiler, en mapp `media/` och en mapp `assessment/`",
                    ),
                );
            }
            continue;
        }
        let content = if meta.len() > MAX_FILE_BYTES {
            Content::TooLarge(meta.len())
        } else {
            match fs::read(&path) {
                Ok(bytes) => Content::Bytes(bytes),
                Err(err) => {
                    sink.file(
                        Severity::Error,
                        display(&rel),
                        Message::new(
                            format!("cannot read: {err}"),
                            format!("filen går inte att läsa: {err}"),
                        ),
                    );
                    continue;
                }
            }
        };
        source.files.push(SourceFile { name: rel, content });
    }
}

fn display_path(dir: &str, name: &str) -> String {
    let name = name.trim_end_matches('/');
    if name.is_empty() {
        dir.to_owned()
    } else {
        format!("{dir}/{name}")
    }
}
