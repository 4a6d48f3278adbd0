//! Documents attached at sending time. The outbox row names the document
//! (`certificate:<code>`); it is rendered from the database when the message leaves, so
//! the queue stays small and a resent message carries the same document.

use sea_orm::DatabaseConnection;

use crate::certificates::{Code, pdf, verify_url};
use crate::store::StoreError;
use crate::store::certificates::{self, CertificateRow};

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
        let row = certificates::find(&self.db, &code)
            .await?
            .ok_or_else(|| AttachmentError::NoCertificate(code.to_string()))?;
        certificate_pdf(&row, &self.public_url).await
    }
}

/// The certificate's PDF, as issued.
pub async fn certificate_pdf(
    row: &CertificateRow,
    public_url: &str,
) -> Result<Attachment, AttachmentError> {
    let certificate = row.certificate()?;
    let code = certificate.code.clone();
    let url = verify_url(public_url, &code);
    // Shaping and subsetting take milliseconds of CPU: off the async threads.
    let bytes = tokio::task::spawn_blocking(move || pdf::render(&certificate, &url)).await??;
    let prefix = match row.language.as_str() {
        "sv" => "intyg",
        _ => "certificate",
    };
    Ok(Attachment {
        filename: format!("{prefix}-{code}.pdf"),
        content_type: "application/pdf",
        bytes,
    })
}
