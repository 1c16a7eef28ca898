//! Article extraction: a news page's HTML in, the article (metadata and clean body text) out.
//!
//! Everything downstream (dedup, clustering, the digest) reads what this crate returns, so it aims
//! for the body and nothing else: menus, share bars, "related" lists and newsletter prompts are
//! pruned before a readability-style scorer picks the main container. Parsing is html5ever (into a
//! sink of our own, `tree`), copied into a compact arena (`dom`) that the passes walk as plain
//! vectors.

mod content;
mod decode;
mod dom;
mod lang;
mod meta;
mod rawtext;
mod tree;

pub use decode::{decode_html, feed_as_utf8};
pub use meta::clean_byline;
use storyline_core::date;
pub use storyline_core::date::{date_from_url, parse_date};

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// What extraction needs besides the bytes.
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// The page's URL, for resolving relative links and URL date patterns.
    pub url: Option<String>,
    /// The HTTP `Content-Type` header, whose charset wins over `<meta>` declarations.
    pub content_type: Option<String>,
}

/// The article found in a page.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Extracted {
    pub title: String,
    pub byline: Option<String>,
    pub published: Option<DateTime<FixedOffset>>,
    pub site_name: Option<String>,
    pub language: Option<String>,
    pub canonical_url: Option<String>,
    pub image: Option<String>,
    /// Body text: paragraphs separated by blank lines, never hard-wrapped.
    pub text: String,
    /// The page's `<title>` as written, site name and all (where an error page says what it is
    /// when its `<h1>` does not: "Page not found | Wire" over "Sorry, we couldn't find that").
    /// Not part of the `storyline extract` output.
    #[serde(skip)]
    pub page_title: String,
}

/// Why a page gave no article.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("no article text found in the page")]
    NoText,
    #[error(
        "the page nests elements more than {} deep and was not read",
        tree::MAX_DEPTH
    )]
    TooDeep,
    #[error(
        "the page makes far more elements than its size accounts for (formatting tags left \
         open and reopened in every paragraph) and was not read"
    )]
    TooManyNodes,
}

/// A feed advertised by a page through `<link rel="alternate">`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedLink {
    /// Absolute URL.
    pub url: String,
    pub title: Option<String>,
    /// The declared MIME type.
    pub kind: String,
}

/// Extracts the article from a page.
pub fn extract(html: &[u8], opts: &ExtractOptions) -> Result<Extracted, ExtractError> {
    let text = decode::decode_html(html, opts.content_type.as_deref());
    extract_str(&text, opts)
}

/// Extracts the article from already-decoded HTML.
pub fn extract_str(html: &str, opts: &ExtractOptions) -> Result<Extracted, ExtractError> {
    match extract_any(html, opts) {
        (_, Some(err)) => Err(err),
        (e, None) => Ok(e),
    }
}

/// Like [`extract`], but always returns the metadata found, with the error beside it when the
/// page had no article text.
pub fn extract_lenient(html: &[u8], opts: &ExtractOptions) -> (Extracted, Option<ExtractError>) {
    let text = decode::decode_html(html, opts.content_type.as_deref());
    extract_any(&text, opts)
}

/// The article, or the metadata found with the reason there is no article text.
fn extract_any(html: &str, opts: &ExtractOptions) -> (Extracted, Option<ExtractError>) {
    let html = decode::repair_mojibake(html);
    let dom = dom::Dom::parse(&html);
    let m = meta::extract_meta(&dom, opts.url.as_deref());
    // The body of a parse cut short would be a fragment passed off as the article.
    let (text, cut) = match dom.cut {
        Some(tree::Cut::TooDeep) => (String::new(), Some(ExtractError::TooDeep)),
        Some(tree::Cut::TooManyNodes) => (String::new(), Some(ExtractError::TooManyNodes)),
        None => (body_text(&dom, &m), None),
    };
    let e = Extracted {
        title: m.title,
        byline: m.byline,
        published: m.published,
        site_name: m.site_name,
        language: lang::choose(m.language, &text),
        canonical_url: m.canonical_url,
        image: m.image,
        text,
        page_title: dom::collapse(&dom.head.title),
    };
    let err = cut.or_else(|| e.text.trim().is_empty().then_some(ExtractError::NoText));
    (e, err)
}

/// The body text: the scored container's, or JSON-LD's `articleBody` when that is much longer.
fn body_text(dom: &dom::Dom, m: &meta::Meta) -> String {
    let mut text = content::extract_body(dom, &m.heading);
    text = drop_head_lines(&text, &[&m.title, &m.heading], m.byline.as_deref());
    if let Some(body) = &m.ld_body {
        // Script-rendered pages ship the article only in JSON-LD.
        let ld = body.trim();
        if ld.chars().count() > 2 * text.chars().count().max(100) {
            text = ld
                .split('\n')
                .map(dom::collapse)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n\n");
        }
    }
    text
}

/// Drops the headline, byline and date where the body repeats them as its first lines: a page
/// laid out without `<h1>` or a byline element (a table of `<font>` and `<br>`) prints them as
/// lines of text above the first paragraph. At most three lines, from the first two blocks.
fn drop_head_lines(text: &str, titles: &[&str], byline: Option<&str>) -> String {
    fn norm(s: &str) -> String {
        dom::collapse(&s.replace(['\u{2019}', '\u{2018}'], "'"))
            .trim_end_matches(['.', ':', '!'])
            .to_lowercase()
    }
    let titles: Vec<String> = titles
        .iter()
        .map(|t| norm(t))
        .filter(|t| t.chars().count() >= 10)
        .collect();
    let byline = byline.map(norm).filter(|b| b.chars().count() >= 3);
    let is_head = |line: &str| {
        let l = norm(line);
        titles.contains(&l)
            || byline.as_ref().is_some_and(|b| {
                l.strip_prefix("by ")
                    .or_else(|| l.strip_prefix("by:"))
                    .unwrap_or(&l)
                    .trim_start_matches(':')
                    .trim()
                    == b.as_str()
            })
            || content::is_bare_date(line.trim())
            || content::is_dateline(line.trim())
    };
    let mut dropped = 0;
    let mut done = false;
    let mut out: Vec<String> = Vec::new();
    for (i, block) in text.split("\n\n").enumerate() {
        if done || i >= 2 {
            out.push(block.to_string());
            continue;
        }
        let lines: Vec<&str> = block.lines().collect();
        let head = lines
            .iter()
            .take_while(|l| is_head(l))
            .count()
            .min(3 - dropped);
        dropped += head;
        if head < lines.len() {
            out.push(lines[head..].join("\n"));
            done = true;
        }
        done |= dropped >= 3;
    }
    if dropped == 0 || out.iter().all(|b| b.trim().is_empty()) {
        return text.to_string();
    }
    out.join("\n\n")
}

/// Text with HTML character references decoded, every name of HTML's table included
/// (`&eacute;`, `&ouml;`, `&euro;`): feeds and JSON-LD carry them where XML and JSON know none.
pub fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    storyline_core::text::decode_entities_with(s, &|name| {
        html5ever::data::NAMED_ENTITIES.get(name).copied()
    })
}

/// Where a page sends its reader at once: the address of a `<meta http-equiv="refresh"
/// content="0; url=…">` with a delay of ten seconds or less, as written (relative or absolute).
/// Link shorteners and trackers answer clients that run no script with such a page. A page that
/// only reloads itself (no address) gives `None`.
pub fn meta_refresh(html: &[u8]) -> Option<String> {
    // Almost no page has one: a scan for the word spares them the parse.
    if !html.windows(7).any(|w| w.eq_ignore_ascii_case(b"refresh")) {
        return None;
    }
    let text = decode::decode_html(html, None);
    let dom = dom::Dom::parse(&text);
    dom.head
        .metas
        .iter()
        .find(|(k, _)| k == "refresh")
        .and_then(|(_, content)| refresh_target(content))
}

/// The address in a refresh's `content`: "0; url=/next", "0;URL='https://…'", "3, https://…".
fn refresh_target(content: &str) -> Option<String> {
    let (delay, rest) = content.split_once([';', ','])?;
    let delay: f64 = delay.trim().parse().ok()?;
    if !(0.0..=10.0).contains(&delay) {
        return None;
    }
    let rest = rest.trim_start();
    let rest = match rest.get(..3) {
        Some(u) if u.eq_ignore_ascii_case("url") => {
            let after = rest[3..].trim_start();
            after.strip_prefix('=')?.trim_start()
        }
        _ => rest,
    };
    let url = rest.trim().trim_matches(['\'', '"']).trim();
    (!url.is_empty()).then(|| decode_entities(url).into_owned())
}

/// The feeds a page advertises, resolved against `base`.
pub fn feed_links(html: &[u8], base: &str) -> Vec<FeedLink> {
    let text = decode::decode_html(html, None);
    let dom = dom::Dom::parse(&text);
    // A <base href> changes what relative links mean.
    let mut out: Vec<FeedLink> = Vec::new();
    for (rel, href, kind, title) in &dom.head.links {
        if !rel.split_whitespace().any(|r| r == "alternate") {
            continue;
        }
        let k = kind.split(';').next().unwrap_or("").trim();
        if !matches!(
            k,
            "application/rss+xml"
                | "application/atom+xml"
                | "application/feed+json"
                | "application/json"
                | "application/rdf+xml"
                | "text/xml"
                | "application/xml"
        ) {
            continue;
        }
        if href.is_empty() {
            continue;
        }
        let url = meta::resolve(Some(base), href);
        if out.iter().any(|f| f.url == url) {
            continue;
        }
        out.push(FeedLink {
            url,
            title: title
                .clone()
                .map(|t| dom::collapse(&t))
                .filter(|t| !t.is_empty()),
            kind: k.to_string(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{decode_entities, drop_head_lines, meta_refresh};

    #[test]
    fn a_page_that_sends_the_reader_on_names_where() {
        let page = |meta: &str| {
            format!("<html><head>{meta}<title>t</title></head><body>Moved</body></html>")
        };
        for (meta, want) in [
            (
                r#"<meta http-equiv="refresh" content="0; url=/article.html">"#,
                Some("/article.html"),
            ),
            (
                r#"<META HTTP-EQUIV="Refresh" CONTENT="0;URL='https://a.test/x?a=1&amp;b=2'">"#,
                Some("https://a.test/x?a=1&b=2"),
            ),
            (
                r#"<meta http-equiv="refresh" content="3, https://a.test/y">"#,
                Some("https://a.test/y"),
            ),
            (
                r#"<meta http-equiv="refresh" content="0; URL = next.html">"#,
                Some("next.html"),
            ),
            // A live page that reloads itself, or moves on only after a while, is read as it is.
            (r#"<meta http-equiv="refresh" content="300">"#, None),
            (
                r#"<meta http-equiv="refresh" content="600; url=/live">"#,
                None,
            ),
            (r#"<meta http-equiv="refresh" content="0; url=">"#, None),
            (
                r#"<noscript><meta http-equiv="refresh" content="0; url=/nojs"></noscript>"#,
                None,
            ),
            (r#"<meta name="description" content="0; url=/x">"#, None),
        ] {
            assert_eq!(
                meta_refresh(page(meta).as_bytes()).as_deref(),
                want,
                "{meta}"
            );
        }
    }

    /// Every name of HTML's table, two-character ones included; a name it lacks, a bare `&` and
    /// an unclosed reference stay as written.
    #[test]
    fn named_references_of_the_whole_html_table_are_decoded() {
        assert_eq!(
            decode_entities("Caf&eacute; &Ouml;l &euro;5 &NotEqualTilde; &amp;&#39;"),
            "Caf\u{e9} \u{d6}l \u{20ac}5 \u{2242}\u{338} &'"
        );
        assert_eq!(
            decode_entities("Q&A &nosuchname; &eacute &"),
            "Q&A &nosuchname; &eacute &"
        );
    }

    /// The headline, byline and date printed above the first paragraph go; the same words
    /// further down, a body that is nothing else, and more than three such lines stay.
    #[test]
    fn head_lines_repeating_the_metadata_are_dropped_only_at_the_top() {
        let titles = ["Bridge to close for repairs", "Bridge to close for repairs"];
        let byline = Some("Martha Keene");
        let cases = [
            (
                "Bridge to close for repairs\nBy Martha Keene\nMarch 14, 2026\n\nThe council voted.",
                "The council voted.",
            ),
            (
                "Bridge to close for repairs\n\nBy: Martha Keene\n\nThe council voted.",
                "The council voted.",
            ),
            (
                "The council voted.\n\nBridge to close for repairs",
                "The council voted.\n\nBridge to close for repairs",
            ),
            ("Bridge to close for repairs", "Bridge to close for repairs"),
            (
                "Bridge to close for repairs\nBridge to close for repairs\nMartha Keene\nMartha Keene\nThe council voted.",
                "Martha Keene\nThe council voted.",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(drop_head_lines(text, &titles, byline), want, "{text:?}");
        }
    }
}
