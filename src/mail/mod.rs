//! Email: messages leave through the outbox ([`crate::store::outbox`]) and a [`worker`]
//! that hands them to an SMTP relay, or, with none configured, writes each as an `.eml`
//! file so that a fresh `serve --demo` shows its mail without a mail server.

pub mod attachments;
pub mod message_id;
pub mod retry;
pub mod send_again;
pub mod templates;
pub mod worker;

use std::path::{Path, PathBuf};

use lettre::message::{Attachment as Part, Mailbox, MultiPart, SinglePart, header::ContentType};
use lettre::transport::smtp::PoolConfig;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::MailSettings;
use crate::store::outbox::OutboxEmail;

use attachments::Attachment;

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("the sender address {0:?} is invalid")]
    From(String),
    #[error("the SMTP URL is invalid")]
    Url(#[source] lettre::transport::smtp::Error),
    #[error("cannot create the mail folder {0}")]
    Folder(PathBuf, #[source] std::io::Error),
    #[error("the message to {0:?} cannot be built")]
    Build(String, #[source] Box<dyn std::error::Error + Send + Sync>),
    #[error("the SMTP server refused or could not be reached")]
    Smtp(#[source] lettre::transport::smtp::Error),
    #[error("the message could not be written to a file")]
    File(#[source] lettre::transport::file::Error),
}

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>, PathBuf),
}

/// Sends outbox messages: pooled SMTP, or `.eml` files.
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    /// Connections kept open to the relay, and messages sent side by side.
    pub concurrency: usize,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match &self.transport {
            Transport::Smtp(_) => "smtp",
            Transport::Files(..) => "files",
        };
        f.debug_struct("Mailer").field("transport", &kind).finish()
    }
}

impl Mailer {
    pub fn new(settings: &MailSettings) -> Result<Mailer, MailError> {
        let from: Mailbox = settings
            .from
            .parse()
            .map_err(|_| MailError::From(settings.from.clone()))?;
        let concurrency = settings.connections.max(1);
        let transport = match &settings.smtp_url {
            Some(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())
                    .map_err(MailError::Url)?
                    .pool_config(PoolConfig::new().max_size(concurrency as u32))
                    .build(),
            ),
            None => Transport::Files(
                AsyncFileTransport::<Tokio1Executor>::new(ensure_dir(&settings.dir)?),
                settings.dir.clone(),
            ),
        };
        Ok(Mailer {
            transport,
            from,
            concurrency,
        })
    }

    /// Where messages go, for the start-up log (never the SMTP credentials).
    pub fn describe(&self) -> String {
        match &self.transport {
            Transport::Smtp(_) => "SMTP relay".into(),
            Transport::Files(_, dir) => format!("files in {}", dir.display()),
        }
    }

    /// Sends `email` as a message of `site` (the public URL), which names its id.
    pub async fn send(
        &self,
        email: &OutboxEmail,
        attachment: Option<Attachment>,
        site: &str,
    ) -> Result<(), MailError> {
        let message = self.build(email, attachment, site)?;
        match &self.transport {
            Transport::Smtp(smtp) => smtp.send(message).await.map(drop).map_err(MailError::Smtp),
            Transport::Files(files, dir) => {
                let id = files.send(message).await.map_err(MailError::File)?;
                tracing::info!(file = %dir.join(format!("{id}.eml")).display(), "email written");
                Ok(())
            }
        }
    }

    /// The message, with a `Message-ID` in the sender's domain and, for a reminder, the
    /// notice it follows; lettre adds the `Date`.
    fn build(
        &self,
        email: &OutboxEmail,
        attachment: Option<Attachment>,
        site: &str,
    ) -> Result<Message, MailError> {
        let build_error = |e: Box<dyn std::error::Error + Send + Sync>| {
            MailError::Build(email.recipient.clone(), e)
        };
        let to: Mailbox = email
            .recipient
            .parse()
            .map_err(|e: lettre::address::AddressError| build_error(Box::new(e)))?;
        let domain = self.from.email.domain();
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(email.subject.clone())
            .message_id(Some(message_id::for_key(site, &email.dedup_key, domain)));
        if let Some(root) = message_id::thread_root(&email.dedup_key) {
            let parent = message_id::for_key(site, &root, domain);
            builder = builder.in_reply_to(parent.clone()).references(parent);
        }
        let text = SinglePart::builder()
            .header(ContentType::TEXT_PLAIN)
            .body(email.text_body.clone());
        let body = match &email.html_body {
            Some(html) => MultiPart::alternative().singlepart(text).singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_HTML)
                    .body(html.clone()),
            ),
            None => MultiPart::mixed().singlepart(text),
        };
        let message = match attachment {
            Some(file) => {
                let content_type =
                    ContentType::parse(file.content_type).map_err(|e| build_error(Box::new(e)))?;
                builder.multipart(
                    MultiPart::mixed()
                        .multipart(body)
                        .singlepart(Part::new(file.filename).body(file.bytes, content_type)),
                )
            }
            None => builder.multipart(body),
        };
        message.map_err(|e| build_error(Box::new(e)))
    }
}

fn ensure_dir(dir: &Path) -> Result<&Path, MailError> {
    std::fs::create_dir_all(dir).map_err(|e| MailError::Folder(dir.to_owned(), e))?;
    Ok(dir)
}
