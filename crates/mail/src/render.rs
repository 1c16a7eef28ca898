//! The newsletter as a message: subject, plain-text part, HTML part.

use crate::{check_mailbox, MailError};
use chrono::{DateTime, Utc};
use lettre::address::Envelope;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::Message;
use std::fmt::Write as _;

/// One story in the newsletter.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The digest's headline (third-party text).
    pub headline: String,
    /// The digest's short summary (third-party text).
    pub summary: String,
    /// Distinct outlets that carried the story.
    pub sources: i64,
    pub category: Option<String>,
    /// The story's page on the public site.
    pub url: String,
}

/// What one newsletter says.
#[derive(Debug, Clone, PartialEq)]
pub struct Newsletter {
    /// The site's name (`web.site_title`).
    pub site_title: String,
    /// Put before the subject, e.g. `[Storyline]`; may be empty.
    pub subject_prefix: String,
    /// The window the stories were updated in.
    pub since_hours: u32,
    /// When the newsletter is sent (the `Date` header and the date line).
    pub date: DateTime<Utc>,
    /// The public site's home page.
    pub home_url: String,
    /// Where a reader asks to stop receiving it: a `mailto:` or web URL (checked with
    /// [`check_unsubscribe`]). Sent as the `List-Unsubscribe` header and printed in the footer.
    pub unsubscribe: Option<String>,
    /// Best first.
    pub items: Vec<Item>,
}

/// Longest subject, in characters, before it is cut with an ellipsis.
const SUBJECT_MAX: usize = 140;
/// Width of the plain-text part.
const WIDTH: usize = 72;

/// Removes control characters (a headline could carry CR/LF) and collapses whitespace.
fn one_line(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out = out.trim_end().to_string();
    out.push('…');
    out
}

fn plural(n: i64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn window(hours: u32) -> String {
    match hours {
        24 => "the last 24 hours".to_string(),
        h if h % 24 == 0 && h > 24 => format!("the last {} days", h / 24),
        1 => "the last hour".to_string(),
        h => format!("the last {h} hours"),
    }
}

/// `[prefix] first headline (+N more)`, on one line.
pub fn subject(n: &Newsletter) -> String {
    let prefix = one_line(&n.subject_prefix);
    let lead = match n.items.first() {
        Some(first) => {
            let h = cut(&one_line(&first.headline), SUBJECT_MAX);
            match n.items.len() {
                1 => h,
                k => format!("{h} (+{} more)", k - 1),
            }
        }
        None => format!("Top stories of {}", window(n.since_hours)),
    };
    if prefix.is_empty() {
        lead
    } else {
        format!("{prefix} {lead}")
    }
}

/// `3 sources · Science`
fn meta(item: &Item) -> String {
    let mut m = plural(item.sources, "source", "sources");
    if let Some(c) = item.category.as_deref().map(one_line) {
        if !c.is_empty() {
            m.push_str(" · ");
            m.push_str(&c);
        }
    }
    m
}

/// Greedy word wrap at `width` columns with `indent` before every line.
fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() + indent.len() > width {
            out.push_str(indent);
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(indent);
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn date_line(n: &Newsletter) -> String {
    n.date.format("%A, %-d %B %Y").to_string()
}

/// The plain-text part.
pub fn text_body(n: &Newsletter) -> String {
    let mut out = String::new();
    let title = one_line(&n.site_title);
    let _ = writeln!(out, "{title}: top stories of {}", window(n.since_hours));
    let _ = writeln!(out, "{}\n", date_line(n));
    for (i, item) in n.items.iter().enumerate() {
        let number = format!("{}. ", i + 1);
        let indent = " ".repeat(number.len());
        let headline = wrap(&one_line(&item.headline), WIDTH, &indent);
        // The number replaces the first line's indent.
        let _ = write!(out, "{number}{}", headline.trim_start());
        let summary = one_line(&item.summary);
        if !summary.is_empty() {
            out.push_str(&wrap(&summary, WIDTH, &indent));
        }
        let _ = writeln!(out, "{indent}{}", meta(item));
        let _ = writeln!(out, "{indent}{}\n", item.url);
    }
    let _ = writeln!(out, "-- ");
    let _ = writeln!(out, "{title}: {}", n.home_url);
    if let Some(u) = &n.unsubscribe {
        let _ = writeln!(out, "Unsubscribe: {}", one_line(u));
    }
    out
}

/// Escapes text for HTML element content and quoted attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

fn is_web_url(u: &str) -> bool {
    let lower = u.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// `<a href>` for web URLs; anything else is shown as text, never linked.
fn link(url: &str, text: &str, style: &str) -> String {
    if is_web_url(url) {
        format!(
            "<a href=\"{}\" style=\"{style}\">{}</a>",
            escape(url.trim()),
            escape(text)
        )
    } else {
        escape(text)
    }
}

const MUTED: &str = "font-family:Helvetica,Arial,sans-serif;font-size:13px;color:#666666;";

/// The HTML part: one self-contained page with inline styles (mail clients drop style sheets).
pub fn html_body(n: &Newsletter) -> String {
    let title = one_line(&n.site_title);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n</head>\n\
<body style=\"margin:0;padding:0;background:#f5f4f0;\">\n\
<div style=\"max-width:640px;margin:0 auto;padding:24px 16px;background:#ffffff;color:#1a1a1a;font-family:Georgia,'Times New Roman',serif;\">\n\
<p style=\"{MUTED}margin:0 0 4px;\">{} · {}</p>\n\
<h1 style=\"font-size:24px;margin:0 0 24px;\">Top stories of {}</h1>\n<ol style=\"margin:0;padding:0;list-style:none;\">\n",
        escape(&subject(n)),
        link(&n.home_url, &title, "color:#666666;"),
        escape(&date_line(n)),
        escape(&window(n.since_hours)),
    );
    for item in &n.items {
        let headline = one_line(&item.headline);
        let summary = one_line(&item.summary);
        let _ = write!(
            out,
            "<li style=\"margin:0 0 28px;\">\n<h2 style=\"font-size:20px;line-height:1.3;margin:0 0 6px;\">{}</h2>\n",
            link(&item.url, &headline, "color:#1a1a1a;text-decoration:none;")
        );
        if !summary.is_empty() {
            let _ = writeln!(
                out,
                "<p style=\"font-size:16px;line-height:1.5;margin:0 0 6px;\">{}</p>",
                escape(&summary)
            );
        }
        let _ = write!(
            out,
            "<p style=\"{MUTED}margin:0;\">{} · {}</p>\n</li>\n",
            escape(&meta(item)),
            link(&item.url, "Read the cited digest", "color:#1a5fb4;")
        );
    }
    let _ = write!(
        out,
        "</ol>\n<p style=\"{MUTED}border-top:1px solid #dddddd;padding-top:12px;margin:12px 0 0;\">\
Every digest cites its sources on {}.{}</p>\n</div>\n</body>\n</html>\n",
        link(&n.home_url, &title, "color:#666666;"),
        match &n.unsubscribe {
            Some(u) => format!(" {}", unsubscribe_link(u)),
            None => String::new(),
        }
    );
    out
}

/// The footer's unsubscribe link: web and `mailto:` URLs are linked, as [`check_unsubscribe`]
/// allows only those.
fn unsubscribe_link(u: &str) -> String {
    let u = u.trim();
    if is_web_url(u) || u.to_ascii_lowercase().starts_with("mailto:") {
        format!(
            "<a href=\"{}\" style=\"color:#666666;\">Unsubscribe</a>.",
            escape(u)
        )
    } else {
        String::new()
    }
}

/// Checks an unsubscribe address for the `List-Unsubscribe` header (RFC 2369): a `mailto:`,
/// `https:` or `http:` URL of printable ASCII without spaces or angle brackets, so it can neither
/// break out of the header nor of its `<…>`. `key` names the setting in the error.
pub fn check_unsubscribe(key: &str, u: &str) -> Result<(), MailError> {
    let bad = |why: &str| MailError::Unsubscribe {
        field: key.to_string(),
        value: u.to_string(),
        reason: why.to_string(),
    };
    let lower = u.to_ascii_lowercase();
    if !(lower.starts_with("mailto:")
        || lower.starts_with("https://")
        || lower.starts_with("http://"))
    {
        return Err(bad("give a mailto:, https:// or http:// URL"));
    }
    if u.len() > 900 {
        return Err(bad("longer than 900 characters"));
    }
    if !u
        .bytes()
        .all(|b| b.is_ascii_graphic() && b != b'<' && b != b'>')
    {
        return Err(bad(
            "only printable ASCII without spaces or angle brackets (percent-encode the rest)",
        ));
    }
    if lower.starts_with("mailto:") && !u[7..].contains('@') {
        return Err(bad("a mailto: URL needs an address"));
    }
    Ok(())
}

/// Builds the message from `from` to `to`.
///
/// With one recipient it is addressed `To:` them; with several, `To:` is the sender and the
/// recipients are only on the envelope (as Bcc), so readers do not see each other's addresses.
pub fn render(n: &Newsletter, from: &str, to: &[String]) -> Result<Message, MailError> {
    let from: Mailbox = check_mailbox("mail.from", from)?;
    let to: Vec<Mailbox> = to
        .iter()
        .map(|t| check_mailbox("recipient", t))
        .collect::<Result<_, _>>()?;
    if to.is_empty() {
        return Err(MailError::NoRecipients);
    }
    let envelope = Envelope::new(
        Some(from.email.clone()),
        to.iter().map(|m| m.email.clone()).collect(),
    )
    .map_err(|e| MailError::Build(format!("envelope: {e}")))?;
    // The sender's domain, not this machine's (often meaningless) host name.
    let message_id = format!(
        "<storyline.{}.{}@{}>",
        n.date.timestamp_nanos_opt().unwrap_or_default(),
        std::process::id(),
        from.email.domain()
    );
    let head = match to.as_slice() {
        [only] => only.clone(),
        _ => from.clone(),
    };
    let mut builder = Message::builder();
    if let Some(u) = &n.unsubscribe {
        check_unsubscribe("unsubscribe", u)?;
        builder = builder.raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe"),
            format!("<{}>", u.trim()),
        ));
    }
    builder
        .from(from)
        .to(head)
        .subject(subject(n))
        .date(n.date.into())
        .message_id(Some(message_id))
        .user_agent(format!("Storyline/{}", env!("CARGO_PKG_VERSION")))
        .envelope(envelope)
        .multipart(MultiPart::alternative_plain_html(
            text_body(n),
            html_body(n),
        ))
        .map_err(|e| MailError::Build(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn sample() -> Newsletter {
        Newsletter {
            site_title: "Storyline".into(),
            subject_prefix: "[Storyline]".into(),
            since_hours: 24,
            date: Utc
                .with_ymd_and_hms(2026, 11, 30, 6, 0, 0)
                .single()
                .expect("date"),
            home_url: "https://news.example.org".into(),
            unsubscribe: None,
            items: vec![
                Item {
                    headline: "<script>alert(1)</script> Zürich \"vote\"\r\nBcc: evil@example.org"
                        .into(),
                    summary: "Tom & Jerry <b>win</b>. ".repeat(8),
                    sources: 3,
                    category: Some("Politics".into()),
                    url: "https://news.example.org/story/7".into(),
                },
                Item {
                    headline: "Second".into(),
                    summary: String::new(),
                    sources: 1,
                    category: None,
                    url: "javascript:alert(2)".into(),
                },
            ],
        }
    }

    #[test]
    fn html_escapes_third_party_text_and_links_only_web_urls() {
        let html = html_body(&sample());
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; Zürich &quot;vote&quot;"));
        assert!(html.contains("Tom &amp; Jerry &lt;b&gt;win&lt;/b&gt;."));
        assert!(html.contains("href=\"https://news.example.org/story/7\""));
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("3 sources · Politics"));
        assert!(
            html.contains(">1 source · Read the cited digest</p>"),
            "{html}"
        );
    }

    #[test]
    fn subject_is_one_line_with_prefix_and_count() {
        let s = subject(&sample());
        assert!(!s.contains('\n') && !s.contains('\r'), "{s}");
        assert!(
            s.starts_with("[Storyline] <script>alert(1)</script> Zürich"),
            "{s}"
        );
        assert!(s.ends_with("(+1 more)"), "{s}");
    }

    #[test]
    fn text_part_is_wrapped_numbered_and_linked() {
        let t = text_body(&sample());
        assert!(t.lines().all(|l| l.chars().count() <= WIDTH), "{t}");
        assert!(t.contains("\n1. <script>alert(1)</script>"), "{t}");
        assert!(t.contains("   https://news.example.org/story/7\n"), "{t}");
        assert!(t.contains("\n2. Second\n   1 source\n"), "{t}");
    }

    #[test]
    fn unsubscribe_is_a_list_header_and_a_footer_line() {
        let mut n = sample();
        n.unsubscribe = Some("mailto:news@example.org?subject=unsubscribe".into());
        let raw = String::from_utf8(
            render(&n, "news@example.org", &["a@example.org".to_string()])
                .expect("render")
                .formatted(),
        )
        .expect("utf8");
        assert!(
            raw.contains("List-Unsubscribe: <mailto:news@example.org?subject=unsubscribe>\r\n"),
            "{raw}"
        );
        assert!(
            text_body(&n).ends_with("Unsubscribe: mailto:news@example.org?subject=unsubscribe\n")
        );
        assert!(html_body(&n)
            .contains("<a href=\"mailto:news@example.org?subject=unsubscribe\" style=\"color:#666666;\">Unsubscribe</a>."));
        // Without it, no header and no footer line.
        let raw = String::from_utf8(
            render(
                &sample(),
                "news@example.org",
                &["a@example.org".to_string()],
            )
            .expect("render")
            .formatted(),
        )
        .expect("utf8");
        assert!(!raw.contains("List-Unsubscribe") && !raw.contains("Unsubscribe"));
    }

    #[test]
    fn unsubscribe_links_that_could_break_the_header_are_refused() {
        for ok in [
            "mailto:leave@example.org",
            "https://news.example.org/unsubscribe?u=1%202",
            "HTTP://news.example.org/u",
        ] {
            assert!(check_unsubscribe("mail.unsubscribe", ok).is_ok(), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "ftp://example.org/",
            "https://example.org/a b",
            "https://example.org/>\r\nBcc: evil@example.org",
            "mailto:nobody",
            "https://example.org/ü",
        ] {
            let e = check_unsubscribe("mail.unsubscribe", bad).expect_err(bad);
            assert!(e.to_string().starts_with("mail.unsubscribe: "), "{e}");
        }
        let mut n = sample();
        n.unsubscribe = Some("https://x.example/>\r\nBcc: evil@example.org".into());
        assert!(render(&n, "news@example.org", &["a@example.org".to_string()]).is_err());
    }

    #[test]
    fn render_encodes_headers_and_hides_recipients() {
        let to = vec!["a@example.org".to_string(), "B <b@example.org>".to_string()];
        let m = render(&sample(), "Storyline <news@example.org>", &to).expect("render");
        let raw = String::from_utf8(m.formatted()).expect("utf8");
        assert!(raw.is_ascii(), "the message is 7-bit on the wire");
        let subject_line = raw
            .lines()
            .find(|l| l.starts_with("Subject: "))
            .expect("subject");
        assert!(subject_line.contains("=?utf-8?b?"), "{raw}");
        assert!(raw.contains("To: Storyline <news@example.org>"), "{raw}");
        // No recipient in the headers, and the headline's "\r\nBcc:" stays inside the subject.
        assert!(
            !raw.contains("a@example.org") && !raw.contains("b@example.org"),
            "{raw}"
        );
        assert!(!raw.lines().any(|l| l.starts_with("Bcc")), "{raw}");
        assert!(raw.contains("multipart/alternative"), "{raw}");
        assert!(raw.contains("\r\nMessage-ID: <storyline."), "{raw}");
        assert!(raw.contains("@example.org>\r\n"), "{raw}");
        assert_eq!(m.envelope().to().len(), 2);
        let e = render(&sample(), "not an address", &to)
            .unwrap_err()
            .to_string();
        assert!(e.contains("mail.from"), "{e}");
        let e = render(&sample(), "news@example.org", &[])
            .unwrap_err()
            .to_string();
        assert!(e.contains("--to"), "{e}");
    }
}
