//! Documents attached at sending time. The outbox row names the document
//! (`certificate:<code>`); it is rendered from the database when the message leaves, so
//! the queue stays small and a resent message carries the same document.

use sea_orm::DatabaseConnection;

use crate::certificates::{Code, pdf, verify_url};
use crate::store::{StoreError, certificates};

/// A file to attach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub filename: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

#[derive(Debug, thiserror::Error)]
pub enum AttachmentError {
    #[error("unknown attachment {0:?}")]
    Unknown(String),
    #[error("the certificate {0} does not exist")]
    NoCertificate(String),
    #[error("the certificate PDF cannot be made")]
    Pdf(#[from] pdf::PdfError),
    #[error("the PDF renderer stopped")]
    Join(#[from] tokio::task::JoinError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[derive(Debug, Clone)]
pub struct Attachments {
    db: DatabaseConnection,
    public_url: String,
}

impl Attachments {
    pub fn new(db: DatabaseConnection, public_url: String) -> Attachments {
        Attachments { db, public_url }
    }

    pub async fn resolve(&self, reference: &str) -> Result<Attachment, AttachmentError> {
        let unknown = || AttachmentError::Unknown(reference.to_owned());
        let code = reference
            .strip_prefix("certificate:")
            .and_then(|c| Code::parse(c).ok())
            .ok_or_else(unknown)?;
        certificate_pdf(&self.db, &self.public_url, &code)
            .await?
            .ok_or_else(|| AttachmentError::NoCertificate(code.to_string()))
    }
}

/// The certificate's PDF, as issued; `None` if there is no such certificate.
pub async fn certificate_pdf(
    db: &DatabaseConnection,
    public_url: &str,
    code: &Code,
) -> Result<Option<Attachment>, AttachmentError> {
    let Some(row) = certificates::find(db, code).await? else {
        return Ok(None);
    };
    let certificate = row.certificate()?;
    let url = verify_url(public_url, code);
    // Shaping and subsetting take milliseconds of CPU: off the async threads.
    let bytes = tokio::task::spawn_blocking(move || pdf::render(&certificate, &url)).await??;
    let prefix = match row.language.as_str() {
        "sv" => "intyg",
        _ => "certificate",
    };
    Ok(Some(Attachment {
        filename: format!("{prefix}-{code}.pdf"),
        content_type: "application/pdf",
        bytes,
    }))
}
