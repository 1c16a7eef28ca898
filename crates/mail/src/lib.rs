//! Storyline's email newsletter: the top stories of a time window as one message
//! (`multipart/alternative`: a plain-text part and an HTML part), sent over SMTP.
//!
//! [`render`] builds the message (RFC 5322 with MIME; non-ASCII headers are encoded per RFC 2047
//! by `lettre`'s builder, bodies as quoted-printable or base64, so the message is plain ASCII on
//! the wire). Headlines and summaries come from third-party feeds and are treated as hostile: the
//! HTML part escapes every one of them, and only `http`/`https` URLs become links.
//!
//! [`send`] delivers it in one SMTP session (plain, STARTTLS or implicit TLS, optional AUTH) and
//! reports each step that fails with the server's address and reply, e.g. which recipient the
//! server refused. Nothing is sent unless every recipient is accepted.

mod render;
mod smtp;

pub use lettre::Message;
pub use render::{check_unsubscribe, html_body, render, subject, text_body, Item, Newsletter};
pub use smtp::{send, Delivery, Security, SmtpConfig};

/// What went wrong, naming what failed and where.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("{field}: {value:?} is not an email address ({reason})")]
    Address {
        field: String,
        value: String,
        reason: String,
    },
    #[error("{field}: {value:?} cannot be an unsubscribe link ({reason})")]
    Unsubscribe {
        field: String,
        value: String,
        reason: String,
    },
    #[error("no recipients: pass --to ADDR or set `mail.to` in the config")]
    NoRecipients,
    #[error("building the message: {0}")]
    Build(String),
    #[error("could not connect to the SMTP server {server}: {reason}")]
    Connect { server: String, reason: String },
    #[error("TLS with the SMTP server {server} failed: {reason}")]
    Tls { server: String, reason: String },
    #[error("the SMTP server {server} does not offer STARTTLS (set `mail.security` to \"tls\" for port 465, or \"none\" only for a trusted local server)")]
    NoStartTls { server: String },
    #[error("the SMTP server {server} refused the login of user {user:?}: {reason}")]
    Auth {
        server: String,
        user: String,
        reason: String,
    },
    #[error("a password is needed for SMTP user {user:?}: set `mail.password` or the environment variable named by `mail.password_env`")]
    MissingPassword { user: String },
    #[error("the SMTP server {server} refused the sender {sender}: {reason}")]
    SenderRejected {
        server: String,
        sender: String,
        reason: String,
    },
    #[error(
        "the SMTP server {server} refused the recipient {recipient}: {reason} (nothing was sent)"
    )]
    RecipientRejected {
        server: String,
        recipient: String,
        reason: String,
    },
    #[error("the SMTP server {server} refused the message: {reason}")]
    MessageRejected { server: String, reason: String },
    #[error("talking to the SMTP server {server} ({step}): {reason}")]
    Protocol {
        server: String,
        step: &'static str,
        reason: String,
    },
}

/// Checks that `value` is a mailbox (`a@b.org` or `Name <a@b.org>`); `field` names where it came
/// from in the error.
pub fn check_mailbox(field: &str, value: &str) -> Result<lettre::message::Mailbox, MailError> {
    value
        .trim()
        .parse::<lettre::message::Mailbox>()
        .map_err(|e| MailError::Address {
            field: field.to_string(),
            value: value.to_string(),
            reason: e.to_string(),
        })
}
