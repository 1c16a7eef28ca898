//! Sending to a real SMTP server (aiosmtpd) on 127.0.0.1: what arrives, and what each refusal
//! says.

mod support;

use chrono::{TimeZone, Utc};
use std::time::Duration;
use storyline_mail::{render, send, subject, Item, MailError, Newsletter, Security, SmtpConfig};
use support::{closed_port, part, SmtpServer, TestCa};

fn newsletter() -> Newsletter {
    Newsletter {
        site_title: "Storyline".into(),
        subject_prefix: "[News]".into(),
        since_hours: 24,
        date: Utc
            .with_ymd_and_hms(2026, 11, 30, 6, 0, 0)
            .single()
            .expect("date"),
        home_url: "https://news.example.org".into(),
        unsubscribe: None,
        items: vec![
            Item {
                headline: "<script>alert(1)</script> Zürich council votes".into(),
                summary: "The council voted 9 to 2 <img src=x onerror=alert(2)> on Tuesday.".into(),
                sources: 3,
                category: Some("Politics".into()),
                url: "https://news.example.org/story/7".into(),
            },
            Item {
                headline: "Alder unveils A7 chip".into(),
                summary: "Alder Semiconductor unveiled the A7.".into(),
                sources: 2,
                category: None,
                url: "https://news.example.org/story/9".into(),
            },
        ],
    }
}

fn smtp(port: u16) -> SmtpConfig {
    SmtpConfig {
        host: "127.0.0.1".into(),
        port,
        security: Security::None,
        username: None,
        password: None,
        timeout: Duration::from_secs(10),
        extra_roots_pem: None,
    }
}

fn recipients(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// The sample newsletter from news@example.org to `to`.
fn message_to(to: &[&str]) -> lettre::Message {
    render(&newsletter(), "news@example.org", &recipients(to)).expect("render")
}

#[test]
fn the_server_receives_one_multipart_message_with_escaped_html() {
    let server = SmtpServer::start(&[]);
    let n = newsletter();
    let to = recipients(&["ann@example.org", "Bob <bob@example.net>"]);
    let msg = render(&n, "Storyline <news@example.org>", &to).expect("render");
    let delivery = send(&smtp(server.port), &msg).expect("send");
    assert_eq!(
        delivery.recipients,
        vec!["ann@example.org", "bob@example.net"]
    );
    assert!(delivery.reply.contains("queued"), "{delivery:?}");

    let got = server.received();
    assert_eq!(got.len(), 1, "one message");
    let m = &got[0];
    assert_eq!(m["mail_from"], "news@example.org");
    assert_eq!(
        m["rcpt_tos"],
        serde_json::json!(["ann@example.org", "bob@example.net"])
    );
    // The decoded subject is the one rendered (RFC 2047 round trip of "Zürich").
    assert_eq!(m["subject"], subject(&n).as_str());
    assert_eq!(
        m["subject"],
        "[News] <script>alert(1)</script> Zürich council votes (+1 more)"
    );
    assert!(m["raw"].as_str().expect("raw").is_ascii());
    // Recipients are on the envelope only.
    assert_eq!(m["to"], "Storyline <news@example.org>");
    assert!(!m["raw"].as_str().expect("raw").contains("ann@example.org"));
    assert_eq!(m["content_type"], "multipart/alternative");

    let text = part(m, "text/plain");
    assert!(
        text.contains("1. <script>alert(1)</script> Zürich council votes"),
        "{text}"
    );
    assert!(text.contains("3 sources · Politics"), "{text}");
    assert!(text.contains("https://news.example.org/story/7"), "{text}");
    assert!(text.contains("2. Alder unveils A7 chip"), "{text}");

    let html = part(m, "text/html");
    assert!(
        !html.contains("<script>") && !html.contains("<img"),
        "{html}"
    );
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt; Zürich council votes"),
        "{html}"
    );
    assert!(
        html.contains("&lt;img src=x onerror=alert(2)&gt;"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"https://news.example.org/story/7\""),
        "{html}"
    );
    assert!(html.contains("2 sources"), "{html}");
}

#[test]
fn one_recipient_is_addressed_directly() {
    let server = SmtpServer::start(&[]);
    let msg = message_to(&["ann@example.org"]);
    send(&smtp(server.port), &msg).expect("send");
    let got = server.received();
    assert_eq!(got[0]["to"], "ann@example.org");
    assert_eq!(got[0]["rcpt_tos"], serde_json::json!(["ann@example.org"]));
}

#[test]
fn a_refused_recipient_names_it_and_nothing_is_sent() {
    let server = SmtpServer::start(&["--reject", "gone@example.org"]);
    let to = recipients(&["ann@example.org", "gone@example.org"]);
    let msg = render(&newsletter(), "news@example.org", &to).expect("render");
    let err = send(&smtp(server.port), &msg).unwrap_err();
    assert!(
        matches!(err, MailError::RecipientRejected { .. }),
        "{err:?}"
    );
    let s = err.to_string();
    assert!(s.contains("<gone@example.org>"), "{s}");
    assert!(s.contains("550"), "{s}");
    assert!(s.contains(&format!("127.0.0.1:{}", server.port)), "{s}");
    assert!(s.contains("nothing was sent"), "{s}");
    assert!(server.received().is_empty());
}

#[test]
fn a_refused_connection_names_the_server() {
    let port = closed_port();
    let msg = message_to(&["a@example.org"]);
    let err = send(&smtp(port), &msg).unwrap_err();
    assert!(matches!(err, MailError::Connect { .. }), "{err:?}");
    let s = err.to_string();
    assert!(
        s.contains(&format!(
            "could not connect to the SMTP server 127.0.0.1:{port}"
        )),
        "{s}"
    );
    assert!(s.to_lowercase().contains("refused"), "{s}");
}

#[test]
fn login_is_checked_and_a_wrong_password_is_an_auth_error() {
    let server = SmtpServer::start(&["--auth", "desk:s3cret"]);
    let msg = message_to(&["a@example.org"]);
    let mut cfg = smtp(server.port);
    cfg.username = Some("desk".into());

    let err = send(&cfg, &msg).unwrap_err();
    assert!(matches!(err, MailError::MissingPassword { .. }), "{err:?}");

    cfg.password = Some("wrong".into());
    let err = send(&cfg, &msg).unwrap_err();
    assert!(matches!(err, MailError::Auth { .. }), "{err:?}");
    let s = err.to_string();
    assert!(s.contains("refused the login of user \"desk\""), "{s}");
    assert!(s.contains("535"), "{s}");
    assert!(!s.contains("wrong"), "the password is never shown: {s}");
    assert!(!format!("{cfg:?}").contains("wrong"));
    assert!(server.received().is_empty());

    cfg.password = Some("s3cret".into());
    send(&cfg, &msg).expect("send with the right password");
    assert_eq!(server.received().len(), 1);
}

#[test]
fn starttls_required_but_not_offered_is_refused_before_anything_is_sent() {
    let server = SmtpServer::start(&[]);
    let msg = message_to(&["a@example.org"]);
    let mut cfg = smtp(server.port);
    cfg.security = Security::StartTls;
    let err = send(&cfg, &msg).unwrap_err();
    assert!(matches!(err, MailError::NoStartTls { .. }), "{err:?}");
    assert!(err.to_string().contains("does not offer STARTTLS"));
    assert!(server.received().is_empty());
}

#[test]
fn starttls_with_a_trusted_certificate_delivers_and_logs_in() {
    let ca = TestCa::new();
    let server = SmtpServer::start(&["--starttls", &ca.cert, &ca.key, "--auth", "desk:s3cret"]);
    let msg = message_to(&["a@example.org"]);
    let mut cfg = smtp(server.port);
    cfg.security = Security::StartTls;
    cfg.username = Some("desk".into());
    cfg.password = Some("s3cret".into());

    // The server's certificate is not from a public authority: refused.
    let err = send(&cfg, &msg).unwrap_err();
    assert!(matches!(err, MailError::Tls { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("TLS with the SMTP server 127.0.0.1:"),
        "{err}"
    );
    assert!(server.received().is_empty());

    // Trusting its authority: delivered over TLS.
    cfg.extra_roots_pem = Some(ca.ca_pem.clone());
    send(&cfg, &msg).expect("send over STARTTLS");
    assert_eq!(server.received().len(), 1);
}

#[test]
fn implicit_tls_delivers() {
    let ca = TestCa::new();
    let server = SmtpServer::start(&["--tls", &ca.cert, &ca.key]);
    let msg = message_to(&["a@example.org"]);
    let mut cfg = smtp(server.port);
    cfg.security = Security::Tls;
    cfg.extra_roots_pem = Some(ca.ca_pem.clone());
    send(&cfg, &msg).expect("send over TLS");
    let got = server.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["rcpt_tos"], serde_json::json!(["a@example.org"]));
}
