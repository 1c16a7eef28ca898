//! The page frame and the small helpers every page uses: safe outbound URLs, path encoding,
//! human times, the stylesheet and the icon.
//!
//! All text goes through `maud`, which escapes it; the only raw HTML we insert is the search
//! snippet, which [`snippet`] re-checks so that nothing but `<mark>` survives.

use crate::cache::Page;
use crate::{Ctx, WebError};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use std::sync::LazyLock;

pub const CSS: &str = include_str!("../static/app.css");
const ICON: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\">\
<rect width=\"32\" height=\"32\" rx=\"7\" fill=\"#9a3412\"/>\
<path d=\"M8 10h16M8 16h16M8 22h10\" stroke=\"#fff\" stroke-width=\"3\" stroke-linecap=\"round\"/></svg>";

static CSS_PAGE: LazyLock<Page> = LazyLock::new(|| {
    Page::new(CSS, "text/css; charset=utf-8").cache_control("public, max-age=31536000, immutable")
});
static ICON_PAGE: LazyLock<Page> = LazyLock::new(|| {
    Page::new(ICON, "image/svg+xml").cache_control("public, max-age=31536000, immutable")
});
/// A short version tag of the stylesheet, so its URL changes when it does.
static CSS_VERSION: LazyLock<String> = LazyLock::new(|| {
    let tag = CSS_PAGE.etag.to_str().unwrap_or("0");
    tag.chars()
        .filter(char::is_ascii_hexdigit)
        .take(10)
        .collect()
});

pub(crate) async fn css(headers: HeaderMap) -> Response {
    CSS_PAGE.respond(&headers)
}

pub(crate) async fn icon(headers: HeaderMap) -> Response {
    ICON_PAGE.respond(&headers)
}

/// The URL if it is safe to link to from our pages (`http` or `https`), else `None`.
pub fn safe_url(url: &str) -> Option<&str> {
    let u = url.trim();
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
        && !u.chars().any(|c| c.is_control());
    ok.then_some(u)
}

/// Percent-encodes one path segment or query value.
pub fn pct(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// "5 minutes ago", "3 hours ago", "2 days ago", or the date for older times.
pub fn ago(t: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (now - t).num_seconds();
    let plural = |n: i64, unit: &str| {
        if n == 1 {
            format!("1 {unit} ago")
        } else {
            format!("{n} {unit}s ago")
        }
    };
    match secs {
        s if s < 60 => "just now".into(),
        s if s < 3600 => plural(s / 60, "minute"),
        s if s < 86_400 => plural(s / 3600, "hour"),
        s if s < 7 * 86_400 => plural(s / 86_400, "day"),
        _ => t.format("%-d %b %Y").to_string(),
    }
}

/// "in 5 minutes", "in 3 hours", "in 1 day": how long until `t` (a time ahead of `now`).
pub fn until(t: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (t - now).num_seconds().max(0);
    let plural = |n: i64, unit: &str| {
        if n == 1 {
            format!("in 1 {unit}")
        } else {
            format!("in {n} {unit}s")
        }
    };
    match secs {
        s if s < 60 => "in a moment".into(),
        s if s < 3600 => plural(s / 60, "minute"),
        s if s < 86_400 => plural(s / 3600, "hour"),
        s => plural(s / 86_400, "day"),
    }
}

/// A `<time>` element with the full timestamp in its `datetime` and title.
pub fn time_el(t: DateTime<Utc>, text: String) -> Markup {
    let iso = t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let full = t.format("%-d %B %Y, %H:%M UTC").to_string();
    html! { time datetime=(iso) title=(full) { (text) } }
}

/// Search snippets come from the store already escaped with `<mark>` around matches; this keeps
/// exactly those two tags and escapes any other `<`, so a bug elsewhere cannot inject markup.
pub fn snippet(s: &str) -> Markup {
    let mut out = String::with_capacity(s.len() + 8);
    let mut rest = s;
    while let Some(i) = rest.find(['<', '>']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(r) = tail.strip_prefix("<mark>") {
            out.push_str("<mark>");
            rest = r;
        } else if let Some(r) = tail.strip_prefix("</mark>") {
            out.push_str("</mark>");
            rest = r;
        } else if let Some(r) = tail.strip_prefix('<') {
            out.push_str("&lt;");
            rest = r;
        } else {
            out.push_str("&gt;");
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    // Unbalanced marks would only mis-highlight; close any left open.
    let open = out.matches("<mark>").count();
    let close = out.matches("</mark>").count();
    for _ in close..open {
        out.push_str("</mark>");
    }
    PreEscaped(out)
}

/// What the frame around every page shows.
pub struct Chrome<'a> {
    pub site_title: &'a str,
    pub categories: Vec<(String, i64)>,
    pub current_category: Option<String>,
    /// The front page, whose "Top" entry the category list marks as current.
    pub front: bool,
    pub query: &'a str,
    /// Feeds to advertise with `<link rel=alternate>`: (type, href, title).
    pub feeds: Vec<(&'static str, String, String)>,
}

impl<'a> Chrome<'a> {
    /// The frame with the category list read from the store.
    pub fn load(ctx: &'a Ctx) -> Result<Self, WebError> {
        let site_title = ctx.config().site_title.as_str();
        Ok(Self {
            site_title,
            categories: ctx.store().categories()?,
            current_category: None,
            front: false,
            query: "",
            feeds: vec![
                (
                    "application/atom+xml",
                    "/feed.atom".into(),
                    format!("{site_title} (Atom)"),
                ),
                (
                    "application/feed+json",
                    "/feed.json".into(),
                    format!("{site_title} (JSON Feed)"),
                ),
            ],
        })
    }
}

/// A full HTML document around `body`.
pub fn layout(chrome: &Chrome, title: &str, body: Markup) -> String {
    let full_title = if title.is_empty() || title == chrome.site_title {
        chrome.site_title.to_string()
    } else {
        format!("{title} — {}", chrome.site_title)
    };
    let css = format!("/static/app.css?v={}", CSS_VERSION.as_str());
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light dark";
                title { (full_title) }
                link rel="stylesheet" href=(css);
                link rel="icon" href="/static/icon.svg" type="image/svg+xml";
                @for (ty, href, t) in &chrome.feeds {
                    link rel="alternate" type=(ty) href=(href) title=(t);
                }
            }
            body {
                a.skip href="#main" { "Skip to content" }
                header.site {
                    div.bar {
                        a.brand href="/" { (chrome.site_title) }
                        form.search role="search" action="/search" method="get" {
                            label.vh for="q" { "Search stories and articles" }
                            input id="q" type="search" name="q" value=(chrome.query) placeholder="Search stories and articles";
                            button type="submit" { "Search" }
                        }
                    }
                    @if !chrome.categories.is_empty() {
                        nav.cats aria-label="Categories" {
                            a href="/" aria-current=[chrome.front.then_some("page")] { "Top" }
                            @for (c, _) in &chrome.categories {
                                a href={ "/category/" (pct(c)) }
                                    aria-current=[(chrome.current_category.as_deref() == Some(c.as_str())).then_some("page")] { (c) }
                            }
                        }
                    }
                }
                main id="main" { (body) }
                footer.site {
                    a href="/sources" { "Sources" } " · "
                    a href="/feed.atom" { "Atom" } " · "
                    a href="/feed.json" { "JSON Feed" } " · "
                    a href="/api/v1/openapi.json" { "API" } " · "
                    a href="/sources.opml" { "OPML" }
                    p { "Digests are machine-written from the listed sources; every sentence links to where it came from." }
                }
            }
        }
    }
    .into_string()
}

/// An HTML page as a response page with validators.
pub fn page(chrome: &Chrome, title: &str, body: Markup) -> Page {
    Page::new(layout(chrome, title, body), "text/html; charset=utf-8")
}

/// An error as a full HTML page (without the category bar, so it needs no store read).
pub fn error_page(ctx: &Ctx, err: &WebError) -> Response {
    let status = err.status();
    let msg = err.public_message();
    let chrome = Chrome {
        site_title: &ctx.config().site_title,
        categories: Vec::new(),
        current_category: None,
        front: false,
        query: "",
        feeds: Vec::new(),
    };
    let title = status.canonical_reason().unwrap_or("Error");
    let body = layout(
        &chrome,
        title,
        html! { h1 { (title) } p { (msg) } p { a href="/" { "Back to the front page" } } },
    );
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// A plain 404 page without touching the store.
pub fn not_found_page(site_title: &str) -> Response {
    let chrome = Chrome {
        site_title,
        categories: Vec::new(),
        current_category: None,
        front: false,
        query: "",
        feeds: Vec::new(),
    };
    let body = layout(
        &chrome,
        "Not found",
        html! { h1 { "Not found" } p { "There is no page at this address." } p { a href="/" { "Back to the front page" } } },
    );
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}
