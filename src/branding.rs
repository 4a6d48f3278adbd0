//! The organisation's own mark in the page header: its name, and optionally its logo,
//! read once at start so a missing or unsuitable file stops `serve` with a clear message.

use std::path::{Path, PathBuf};

/// The largest logo accepted: a header logo is a few kilobytes; more is a mistake.
pub const MAX_LOGO_BYTES: usize = 256 * 1024;

/// A logo file that a browser can show: SVG, PNG, JPEG or WebP, at most 256 KiB.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    bytes: Vec<u8>,
    content_type: &'static str,
}

#[derive(Debug, thiserror::Error)]
pub enum LogoError {
    #[error("cannot read the logo {path}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the logo {0} must be an .svg, .png, .jpg or .webp file")]
    Kind(PathBuf),
    #[error("the logo {path} is {size} bytes; at most {MAX_LOGO_BYTES} are accepted")]
    TooLarge { path: PathBuf, size: usize },
    #[error("a logo needs BRYGGAN_ORGANISATION_NAME too: it is the logo's text alternative")]
    Unnamed,
}

impl Logo {
    /// Reads and checks the file at `path`.
    pub fn read(path: &Path) -> Result<Self, LogoError> {
        let content_type = content_type(path).ok_or_else(|| LogoError::Kind(path.into()))?;
        let bytes = std::fs::read(path).map_err(|source| LogoError::Read {
            path: path.into(),
            source,
        })?;
        Self::from_bytes(path, bytes, content_type)
    }

    fn from_bytes(
        path: &Path,
        bytes: Vec<u8>,
        content_type: &'static str,
    ) -> Result<Self, LogoError> {
        if bytes.len() > MAX_LOGO_BYTES {
            return Err(LogoError::TooLarge {
                path: path.into(),
                size: bytes.len(),
            });
        }
        Ok(Self {
            bytes,
            content_type,
        })
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn content_type(&self) -> &'static str {
        self.content_type
    }
}

fn content_type(path: &Path) -> Option<&'static str> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match extension.as_str() {
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_logo_is_known_by_its_extension_whatever_its_case() {
        assert_eq!(
            content_type(Path::new("a/Malmo.SVG")),
            Some("image/svg+xml")
        );
        assert_eq!(content_type(Path::new("logo.jpeg")), Some("image/jpeg"));
        assert_eq!(content_type(Path::new("logo.gif")), None);
        assert_eq!(content_type(Path::new("logo")), None);
    }

    #[test]
    fn a_logo_larger_than_the_limit_is_refused_and_one_at_the_limit_is_kept() {
        let path = Path::new("logo.png");
        let at_limit = Logo::from_bytes(path, vec![0; MAX_LOGO_BYTES], "image/png");
        assert!(at_limit.is_ok());
        let over = Logo::from_bytes(path, vec![0; MAX_LOGO_BYTES + 1], "image/png");
        assert!(
            matches!(over, Err(LogoError::TooLarge { size, .. }) if size == MAX_LOGO_BYTES + 1)
        );
    }

    #[test]
    fn a_missing_logo_file_names_its_path() {
        let err = Logo::read(Path::new("/nowhere/logo.svg")).unwrap_err();
        assert!(err.to_string().contains("/nowhere/logo.svg"), "{err}");
    }
}
