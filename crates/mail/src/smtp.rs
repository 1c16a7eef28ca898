//! Sending over SMTP, one step at a time, so that a failure names the step that failed.

use crate::MailError;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};
use lettre::Message;
use std::time::Duration;

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// Plain text (only for a trusted local server).
    None,
    /// Plain connect, then STARTTLS before anything else (port 587).
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
}

impl Security {
    /// The usual port of this kind of connection.
    pub fn default_port(self) -> u16 {
        match self {
            Security::None => 25,
            Security::StartTls => 587,
            Security::Tls => 465,
        }
    }
}

/// Where and how to send. (`Debug` leaves the password out.)
#[derive(Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub username: Option<String>,
    pub password: Option<String>,
    /// Limit on connecting and on each reply.
    pub timeout: Duration,
    /// PEM certificates of authorities trusted besides the public roots (for a server with a
    /// private or self-signed certificate).
    pub extra_roots_pem: Option<Vec<u8>>,
}

impl std::fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("timeout", &self.timeout)
            .field(
                "extra_roots_pem",
                &self.extra_roots_pem.as_ref().map(Vec::len),
            )
            .finish()
    }
}

/// What the server accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    /// `host:port`
    pub server: String,
    pub recipients: Vec<String>,
    /// The server's reply to the message (often with its queue id).
    pub reply: String,
}

/// The reason behind an SMTP error: the server's reply code and text, or the I/O error.
fn why(e: &lettre::transport::smtp::Error) -> String {
    let inner = std::error::Error::source(e).map(|s| s.to_string());
    match (e.status(), inner) {
        (Some(code), Some(text)) => format!("{code} {}", text.trim()),
        (Some(code), None) => code.to_string(),
        (None, Some(text)) => text,
        (None, None) => e.to_string(),
    }
}

/// Adds what to do about a certificate the public roots do not vouch for.
fn tls_hint(reason: String) -> String {
    if reason.contains("certificate") || reason.contains("UnknownIssuer") {
        format!(
            "{reason} (for a server with a private or self-signed certificate, set `mail.ca_file` \
             to the PEM of the authority that signed it)"
        )
    } else {
        reason
    }
}

/// Certificate checking against the public roots plus `extra_roots_pem`.
fn tls_parameters(cfg: &SmtpConfig) -> Result<TlsParameters, lettre::transport::smtp::Error> {
    let mut b = TlsParameters::builder(cfg.host.clone());
    if let Some(pem) = &cfg.extra_roots_pem {
        b = b.add_root_certificate(Certificate::from_pem(pem)?);
    }
    b.build_rustls()
}

/// Sends `message` to its envelope's recipients in one SMTP session.
///
/// Every recipient must be accepted before the message is transmitted: a refused recipient
/// ends the session with [`MailError::RecipientRejected`] and nothing is sent.
pub fn send(cfg: &SmtpConfig, message: &Message) -> Result<Delivery, MailError> {
    let server = format!("{}:{}", cfg.host, cfg.port);
    let hello = ClientId::default();
    let tls = match cfg.security {
        Security::None => None,
        Security::StartTls | Security::Tls => {
            Some(tls_parameters(cfg).map_err(|e| MailError::Tls {
                server: server.clone(),
                reason: why(&e),
            })?)
        }
    };
    let wrapper = if cfg.security == Security::Tls {
        tls.as_ref()
    } else {
        None
    };
    tracing::info!(%server, security = ?cfg.security, "connecting to the SMTP server");
    let mut conn = SmtpConnection::connect(
        (cfg.host.as_str(), cfg.port),
        Some(cfg.timeout),
        &hello,
        wrapper,
        None,
    )
    .map_err(|e| {
        let reason = why(&e);
        if e.is_tls() {
            MailError::Tls {
                server: server.clone(),
                reason: tls_hint(reason),
            }
        } else if cfg.security == Security::Tls
            && (reason.contains("corrupt message") || reason.contains("InvalidContentType"))
        {
            MailError::Tls {
                server: server.clone(),
                reason: format!(
                    "{reason} (the server does not speak TLS from the first byte on this port; \
                     port 587 usually needs `security = \"starttls\"`)"
                ),
            }
        } else if e.status().is_some() || e.is_response() {
            MailError::Protocol {
                server: server.clone(),
                step: "greeting and EHLO",
                reason: why(&e),
            }
        } else {
            MailError::Connect {
                server: server.clone(),
                reason: why(&e),
            }
        }
    })?;
    let result = session(cfg, &server, &hello, tls.as_ref(), &mut conn, message);
    match &result {
        Ok(_) => {
            let _ = conn.quit();
        }
        Err(_) => conn.abort(),
    }
    result
}

fn session(
    cfg: &SmtpConfig,
    server: &str,
    hello: &ClientId,
    tls: Option<&TlsParameters>,
    conn: &mut SmtpConnection,
    message: &Message,
) -> Result<Delivery, MailError> {
    let server_s = || server.to_string();
    if let (Security::StartTls, Some(tls)) = (cfg.security, tls) {
        if !conn.can_starttls() {
            return Err(MailError::NoStartTls { server: server_s() });
        }
        conn.starttls(tls, hello).map_err(|e| MailError::Tls {
            server: server_s(),
            reason: tls_hint(why(&e)),
        })?;
    }
    if let Some(user) = &cfg.username {
        let password = cfg
            .password
            .clone()
            .ok_or_else(|| MailError::MissingPassword { user: user.clone() })?;
        let creds = Credentials::new(user.clone(), password);
        conn.auth(&[Mechanism::Plain, Mechanism::Login], &creds)
            .map_err(|e| MailError::Auth {
                server: server_s(),
                user: user.clone(),
                reason: if e.is_client() {
                    "the server offers no AUTH PLAIN or LOGIN on this connection (does it require TLS?)".into()
                } else {
                    why(&e)
                },
            })?;
    }

    let envelope = message.envelope();
    let bytes = message.formatted();
    let mut params = Vec::new();
    if !bytes.is_ascii() {
        if !conn.server_info().supports_feature(Extension::EightBitMime) {
            return Err(MailError::Build(
                "the message is not 7-bit and the server does not support 8BITMIME".into(),
            ));
        }
        params.push(MailParameter::Body(MailBodyParameter::EightBitMime));
    }
    let sender = envelope
        .from()
        .map(|a| format!("<{a}>"))
        .unwrap_or_else(|| "<>".into());
    conn.command(Mail::new(envelope.from().cloned(), params))
        .map_err(|e| MailError::SenderRejected {
            server: server_s(),
            sender: sender.clone(),
            reason: why(&e),
        })?;
    let mut recipients = Vec::new();
    for to in envelope.to() {
        conn.command(Rcpt::new(to.clone(), Vec::new()))
            .map_err(|e| MailError::RecipientRejected {
                server: server_s(),
                recipient: format!("<{to}>"),
                reason: why(&e),
            })?;
        recipients.push(to.to_string());
    }
    conn.command(Data).map_err(|e| MailError::Protocol {
        server: server_s(),
        step: "DATA",
        reason: why(&e),
    })?;
    let reply = conn
        .message(&bytes)
        .map_err(|e| MailError::MessageRejected {
            server: server_s(),
            reason: why(&e),
        })?;
    let reply = reply.message().collect::<Vec<_>>().join(" ");
    tracing::info!(server, recipients = recipients.len(), %reply, "newsletter accepted");
    Ok(Delivery {
        server: server_s(),
        recipients,
        reply,
    })
}
