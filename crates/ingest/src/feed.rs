//! RSS 0.9x/1.0/2.0, Atom and JSON Feed, through `feed-rs`, reduced to what the pipeline needs.

use chrono::{DateTime, Utc};

/// One entry of a feed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FeedEntry {
    /// The entry's link (absolute), or empty when the entry has none.
    pub url: String,
    /// The entry's id as the feed gives it (RSS `guid`, Atom `id`, JSON Feed `id`), or empty.
    pub id: String,
    pub title: String,
    pub published: Option<DateTime<Utc>>,
    pub author: Option<String>,
    /// Plain text of the entry's content or summary, when the feed carries one.
    pub text: String,
    /// The outlet an aggregator's entry comes from, as the feed names it (RSS `<source>`, as
    /// Google News and Yahoo write it; Bing's `News:Source`; Atom's `<source><title>`), when that
    /// is not the feed itself.
    pub outlet: Option<String>,
}

/// A parsed feed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParsedFeed {
    pub title: Option<String>,
    pub site_url: Option<String>,
    /// `rss`, `atom` or `json`.
    pub kind: String,
    pub entries: Vec<FeedEntry>,
    /// Entries left out because they could not be read (a feed cut short, an entry broken beyond
    /// repair); the others are read all the same.
    pub skipped: usize,
}

/// Why bytes are not a feed.
#[derive(Debug, thiserror::Error)]
#[error("not a feed ({source_url}): {reason}")]
pub struct FeedError {
    pub source_url: String,
    pub reason: String,
}

/// Parses feed bytes fetched from `url` (used to resolve relative entry links). A feed that is
/// not well-formed XML for the common faults of hand-made feeds is read as a browser would: a
/// bare `&` ("Q&A", "Smith & Sons") is escaped, and HTML written unescaped into a title or text
/// (`<br>`, `5 < 6`) is read as that element's text. A feed still broken after that (cut short
/// in transit, one entry mangled) is read entry by entry: the entries that can be read are kept
/// and the others counted in [`ParsedFeed::skipped`].
pub fn parse_feed(bytes: &[u8], url: &str) -> Result<ParsedFeed, FeedError> {
    // Mislabelled and unlabelled legacy encodings are read as a browser reads a page.
    let utf8 = storyline_extract::feed_as_utf8(bytes);
    let bytes: &[u8] = &utf8;
    let parse = |b: &[u8]| {
        feed_rs::parser::Builder::new()
            .base_uri(Some(url))
            // No made-up ids: an entry without one is told apart by its link, title and text.
            .id_generator(|_, _, _| String::new())
            .build()
            .parse(b)
    };
    let count = |b: &[u8]| parse(b).ok().map(|f| f.entries.len());
    let mut skipped = 0;
    let (feed, read) = match parse(bytes) {
        // The parser is lenient with some faults (a misspelt end tag) and reads on, losing the
        // entries the fault swallowed; the bytes then open more entries than were read.
        Ok(f) if f.entries.len() >= entry_tags(bytes) => (f, std::borrow::Cow::Borrowed(bytes)),
        Ok(f) => match salvage_entries(bytes, count).and_then(|(kept, lost)| {
            let g = parse(&kept)
                .ok()
                .filter(|g| g.entries.len() > f.entries.len())?;
            Some((g, kept, lost))
        }) {
            Some((g, kept, lost)) => {
                skipped = lost;
                (g, kept.into())
            }
            None => (f, std::borrow::Cow::Borrowed(bytes)),
        },
        Err(e) => repairs(bytes)
            .into_iter()
            .find(|b| parse(b).is_ok())
            .or_else(|| {
                let (kept, lost) = salvage_entries(bytes, count)?;
                skipped = lost;
                Some(kept)
            })
            .and_then(|fixed| parse(&fixed).ok().map(|f| (f, fixed.into())))
            .ok_or_else(|| FeedError {
                source_url: url.to_string(),
                reason: web_page_title(bytes).map_or_else(
                    || e.to_string(),
                    |t| format!("it gives a web page (\"{t}\"), not a feed"),
                ),
            })?,
    };
    // Dates the feed parser could not read ("2026-03-03 10:00:00", "... CEST"), read by the
    // page extractor's more forgiving parser.
    let raw_dates = if feed.feed_type != feed_rs::model::FeedType::JSON
        && feed
            .entries
            .iter()
            .any(|e| e.published.is_none() && e.updated.is_none())
    {
        Some(raw_entry_dates(&read)).filter(|d| d.len() == feed.entries.len())
    } else {
        None
    };
    // The outlets of an aggregator's entries, which the feed parser does not read.
    let raw_outlets = (feed.feed_type != feed_rs::model::FeedType::JSON
        && read.windows(6).any(|w| w.eq_ignore_ascii_case(b"source")))
    .then(|| raw_entry_outlets(&read))
    .filter(|o| o.len() == feed.entries.len());
    let feed_title = feed.title.as_ref().map(|t| html_to_text(&t.content));
    let kind = match feed.feed_type {
        feed_rs::model::FeedType::Atom => "atom",
        feed_rs::model::FeedType::JSON => "json",
        _ => "rss",
    }
    .to_string();
    let base = url::Url::parse(url).ok();
    // A link that does not resolve against the feed's address is no link: the entry is kept
    // under an address of its own, not under text that cannot be fetched or shown as a link.
    let resolve = |href: &str| -> Option<String> {
        match &base {
            Some(b) => b.join(href.trim()).ok().map(|u| u.to_string()),
            None => Some(href.to_string()),
        }
    };
    let site_url = feed
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .and_then(|l| resolve(&l.href));
    // An Atom entry without an author has the feed's (RFC 4287, 4.2.1). An RSS channel's
    // people are its editor and webmaster, who are no entry's author.
    let feed_byline = (feed.feed_type == feed_rs::model::FeedType::Atom)
        .then(|| byline(&feed.authors))
        .flatten();
    let entries = feed
        .entries
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            let link = e
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .or_else(|| e.links.first())
                .and_then(|l| resolve(&l.href))
                .or_else(|| e.id.starts_with("http").then(|| resolve(&e.id)).flatten())
                .unwrap_or_default();
            // A video's or an episode's words are its media description (YouTube's
            // media:description, a podcast's itunes:summary) when it has no other.
            let body = e
                .content
                .as_ref()
                .and_then(|c| c.body.clone())
                .or_else(|| e.summary.as_ref().map(|s| s.content.clone()))
                .or_else(|| {
                    e.media
                        .iter()
                        .find_map(|m| m.description.as_ref().map(|d| d.content.clone()))
                })
                .unwrap_or_default();
            let outlet = raw_outlets
                .as_ref()
                .and_then(|o| o[i].clone())
                .filter(|o| feed_title.as_deref() != Some(o.as_str()));
            let title = e
                .title
                .map(|t| html_to_text(&t.content))
                .unwrap_or_default();
            // "Headline - Outlet", as aggregators title an outlet's entry: the outlet is told
            // apart.
            let title = match &outlet {
                Some(o) => without_outlet(&title, o).to_string(),
                None => title,
            };
            let mut text = html_to_text(&body);
            // Google News describes an entry as its headline and its outlet's name, nothing more.
            if let Some(o) = &outlet {
                let words = storyline_core::text::collapse_whitespace;
                if words(&text) == format!("{} {}", words(&title), words(o)) {
                    text = title.clone();
                }
            }
            FeedEntry {
                url: link,
                id: e.id.trim().to_string(),
                title,
                published: e.published.or(e.updated).or_else(|| {
                    raw_dates
                        .as_ref()
                        .and_then(|d| d[i].as_deref())
                        .and_then(storyline_extract::parse_date)
                        .map(|d| d.with_timezone(&Utc))
                }),
                author: byline(&e.authors).or_else(|| feed_byline.clone()),
                text,
                outlet,
            }
        })
        .collect();
    Ok(ParsedFeed {
        title: feed_title,
        site_url,
        kind,
        entries,
        skipped,
    })
}

/// The title of bytes that are a web page rather than a feed (a bot check's "Just a moment...", a
/// "Page not found", the site's front page), as the page extractor reads it, shortened; `None`
/// for anything else.
fn web_page_title(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let start = head.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if !(start.starts_with("<!doctype html") || start.starts_with("<html")) {
        return None;
    }
    let (page, _) =
        storyline_extract::extract_lenient(bytes, &storyline_extract::ExtractOptions::default());
    let title = Some(page.page_title)
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| "untitled".into());
    Some(storyline_core::text::cut_at_word(&title, 80))
}

/// The entry's byline: the first author with a name. `feed-rs` gives an RSS 2.0 `<author>` as a
/// person named "author" whose email is the element's text, which the spec wants as
/// `jo@example.org (Jo Lee)` but feeds mostly fill with the name alone; an address without a name
/// is no byline. The name is cleaned as a page's byline is.
fn byline(authors: &[feed_rs::model::Person]) -> Option<String> {
    authors.iter().find_map(|a| {
        let name = match (a.name.as_str(), a.email.as_deref()) {
            ("author", Some(text)) => rss_author_name(text)?,
            (name, _) => name.trim(),
        };
        // As on pages: "By Jo Lee", "Jo Lee | Staff writer", "Jo Lee, jo@example.org".
        storyline_extract::clean_byline(name)
    })
}

/// `title` without the outlet's name after a dash or bar ("Quake hits coast - Reuters"), as
/// aggregators title an outlet's entry; the title as it is otherwise, or when nothing would be left.
fn without_outlet<'a>(title: &'a str, outlet: &str) -> &'a str {
    let Some(head) = title.trim_end().strip_suffix(outlet.trim()) else {
        return title;
    };
    let head = head.trim_end();
    match head.strip_suffix(['-', '–', '—', '|']) {
        Some(h) if head.len() < title.len() && !h.trim().is_empty() => h.trim_end(),
        _ => title,
    }
}

/// Per entry (`item` or `entry`, in order), the outlet it is from: the text of its RSS
/// `<source>` (or Bing's `News:Source`), or the `<title>` inside its Atom `<source>`.
fn raw_entry_outlets(bytes: &[u8]) -> Vec<Option<String>> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let mut out: Vec<Option<String>> = Vec::new();
    // Depth inside an entry's <source> (0: outside), and whether inside its <title>.
    let (mut in_entry, mut depth, mut in_title) = (false, 0usize, false);
    let (mut text, mut title) = (String::new(), String::new());
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                let name = e.local_name().as_ref().to_ascii_lowercase();
                match name.as_slice() {
                    b"item" | b"entry" if depth == 0 => {
                        out.push(None);
                        in_entry = true;
                    }
                    b"source" if in_entry && depth == 0 => {
                        depth = 1;
                        text.clear();
                        title.clear();
                    }
                    b"title" if depth == 1 => {
                        depth = 2;
                        in_title = true;
                    }
                    _ if depth > 0 => depth += 1,
                    _ => {}
                }
            }
            // Text directly in <source>, or in its <title>; not in its other children.
            Ok(ev @ (Event::Text(_) | Event::GeneralRef(_) | Event::CData(_)))
                if depth == 1 || in_title =>
            {
                let piece = match &ev {
                    Event::GeneralRef(r) => storyline_extract::decode_entities(&format!(
                        "&{};",
                        String::from_utf8_lossy(r)
                    ))
                    .into_owned(),
                    Event::Text(t) => String::from_utf8_lossy(t).into_owned(),
                    Event::CData(t) => String::from_utf8_lossy(t).into_owned(),
                    _ => String::new(),
                };
                if in_title { &mut title } else { &mut text }.push_str(&piece);
            }
            Ok(Event::End(e)) => {
                let name = e.local_name().as_ref().to_ascii_lowercase();
                if depth > 0 {
                    depth -= 1;
                    if in_title && depth == 1 {
                        in_title = false;
                    }
                    if depth == 0 {
                        let name = if title.trim().is_empty() {
                            &text
                        } else {
                            &title
                        };
                        let name = storyline_core::text::collapse_whitespace(name);
                        if let Some(slot) = out.last_mut() {
                            *slot = Some(name).filter(|n| !n.is_empty());
                        }
                    }
                } else if matches!(name.as_slice(), b"item" | b"entry") {
                    in_entry = false;
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

/// The name in an RSS `<author>` value: `jo@example.org (Jo Lee)`, `Jo Lee <jo@example.org>`, or
/// `Jo Lee`. A bare address gives none.
fn rss_author_name(text: &str) -> Option<&str> {
    let text = text.trim();
    if let (Some(open), Some(inner)) = (text.find('('), text.strip_suffix(')')) {
        if text[..open].contains('@') {
            return Some(inner[open + 1..].trim());
        }
    }
    if let (Some(open), Some(_)) = (text.find('<'), text.strip_suffix('>')) {
        if text[open..].contains('@') {
            return Some(text[..open].trim());
        }
    }
    (!text.contains('@') || text.contains(char::is_whitespace)).then_some(text)
}

/// The repairs to try on (part of) a feed, mildest first: bare `&` escaped, then markup in text
/// elements wrapped as well.
fn repairs(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    if let Some(fixed) = escape_bare_ampersands(bytes) {
        out.push(fixed);
    }
    if let Some(wrapped) = wrap_unescaped_markup(bytes) {
        out.push(escape_bare_ampersands(&wrapped).unwrap_or(wrapped));
    }
    out
}

/// How far into a feed its root element is looked for.
const ROOT_WITHIN: usize = 16 * 1024;

/// The most entries a broken feed is read for, one by one.
const SALVAGE_MAX_ENTRIES: usize = 2_000;

/// A feed that stays broken after its [`repairs`], or whose parse lost entries to a broken tag,
/// rebuilt from its parts that read: the root element, the channel's head (or nothing, when that
/// is what is broken) and each `item` or `entry` that reads on its own (repaired if need be). An
/// entry never closed (a feed cut short) or broken beyond repair is left out and counted.
/// `entries` parses bytes into their number of entries (`None` when they do not parse). `None`
/// when no entry can be read.
fn salvage_entries(
    bytes: &[u8],
    entries: impl Fn(&[u8]) -> Option<usize>,
) -> Option<(Vec<u8>, usize)> {
    let (open, item, closer) = feed_frame(bytes)?;
    let first = start_tag(bytes, item, open.len())?;
    let open = &bytes[..open.len()];
    let mut end_tag = b"</".to_vec();
    end_tag.extend_from_slice(&item[1..]);
    end_tag.push(b'>');
    let doc = |head: &[u8], entry: &[u8]| {
        let mut d = Vec::with_capacity(open.len() + head.len() + entry.len() + closer.len());
        d.extend_from_slice(open);
        d.extend_from_slice(head);
        d.extend_from_slice(entry);
        d.extend_from_slice(closer);
        d
    };
    let one = |head: &[u8], entry: &[u8]| entries(&doc(head, entry)) == Some(1);
    // Each entry's bytes, or `None` for one never closed before the next begins (or the end).
    let mut blocks: Vec<Option<&[u8]>> = Vec::new();
    let mut at = first;
    while let Some(s) = start_tag(bytes, item, at) {
        let next = start_tag(bytes, item, s + 1);
        let end = find_bytes(bytes, &end_tag, s).filter(|&e| next.is_none_or(|n| e < n));
        blocks.push(end.map(|e| &bytes[s..e + end_tag.len()]));
        at = next.unwrap_or(bytes.len());
    }
    let skipped_over = blocks.len().saturating_sub(SALVAGE_MAX_ENTRIES);
    blocks.truncate(SALVAGE_MAX_ENTRIES);
    // The channel's head as written, else repaired, else the bare minimum: whichever lets the
    // first entry that reads at all be read.
    let bare: &[u8] = if item == b"<item" && closer.starts_with(b"</channel>") {
        b"<channel>"
    } else {
        b""
    };
    let written = &bytes[open.len()..first];
    let probe = blocks.iter().flatten().find(|b| one(bare, b))?;
    let head = std::iter::once(written.to_vec())
        .chain(repairs(written))
        .find(|h| one(h, probe))
        .unwrap_or_else(|| bare.to_vec());
    let mut kept = Vec::new();
    let mut skipped = skipped_over;
    for block in blocks {
        let Some(b) = block else {
            skipped += 1;
            continue;
        };
        if one(&head, b) {
            kept.extend_from_slice(b);
        } else if let Some(f) = repairs(b).into_iter().find(|f| one(&head, f)) {
            kept.extend_from_slice(&f);
        } else {
            skipped += 1;
        }
    }
    Some((doc(&head, &kept), skipped))
}

/// The frame of an RSS, RDF or Atom document: its root start tag (and what precedes it), the
/// start of its entries' tag, and what closes the document after the last entry.
fn feed_frame(bytes: &[u8]) -> Option<(&[u8], &'static [u8], &'static [u8])> {
    // The root comes first, after at most a declaration, a stylesheet and comments.
    let lead = &bytes[..bytes.len().min(ROOT_WITHIN)];
    let (root, item, closer): (&[u8], &'static [u8], &'static [u8]) =
        if start_tag(lead, b"<feed", 0).is_some() {
            (b"<feed", b"<entry", b"</feed>")
        } else if start_tag(lead, b"<rdf:RDF", 0).is_some() {
            (b"<rdf:RDF", b"<item", b"</rdf:RDF>")
        } else if start_tag(lead, b"<rss", 0).is_some() {
            (b"<rss", b"<item", b"</channel></rss>")
        } else {
            return None;
        };
    let at = start_tag(lead, root, 0)?;
    let end = find_bytes(bytes, b">", at)? + 1;
    Some((&bytes[..end], item, closer))
}

/// How many entries (`item`, `entry`) the bytes open.
fn entry_tags(bytes: &[u8]) -> usize {
    let Some((open, item, _)) = feed_frame(bytes) else {
        return 0;
    };
    let mut n = 0;
    let mut at = open.len();
    while let Some(s) = start_tag(bytes, item, at) {
        n += 1;
        at = s + 1;
    }
    n
}

/// Where the next start tag `tag` (given as `<name`) begins at or after `from`: `<item>` or
/// `<item attr…>`, not `<items>` or `<item/>`.
fn start_tag(bytes: &[u8], tag: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(p) = find_bytes(bytes, tag, at) {
        if ends_tag_name(bytes.get(p + tag.len())) {
            return Some(p);
        }
        at = p + 1;
    }
    None
}

/// Whether the byte after a tag's name ends the name (`>` or white space), so that `<title`
/// is not read in `<titles>`.
fn ends_tag_name(b: Option<&u8>) -> bool {
    matches!(b, Some(b'>' | b' ' | b'\t' | b'\r' | b'\n'))
}

fn find_bytes(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// The date text of each RSS `item` or Atom `entry`, in document order: its first publication
/// date (`pubDate`, `published`, `dc:date`, `issued`, `created`), else its first update date
/// (`updated`, `modified`). The scan stops at the first XML error.
fn raw_entry_dates(bytes: &[u8]) -> Vec<Option<String>> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let mut out: Vec<Option<String>> = Vec::new();
    let (mut in_entry, mut field, mut text) = (false, None::<bool>, String::new());
    let mut updated: Option<String> = None;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                let name = e.local_name().as_ref().to_ascii_lowercase();
                match name.as_slice() {
                    b"item" | b"entry" => {
                        out.push(None);
                        in_entry = true;
                        updated = None;
                    }
                    b"pubdate" | b"published" | b"date" | b"issued" | b"created" if in_entry => {
                        field = Some(true);
                        text.clear();
                    }
                    b"updated" | b"modified" if in_entry => {
                        field = Some(false);
                        text.clear();
                    }
                    _ => {}
                }
            }
            Ok(Event::Text(t)) if field.is_some() => text.push_str(&String::from_utf8_lossy(&t)),
            Ok(Event::CData(t)) if field.is_some() => {
                text.push_str(&String::from_utf8_lossy(&t));
            }
            Ok(Event::End(e)) => {
                let name = e.local_name().as_ref().to_ascii_lowercase();
                if matches!(name.as_slice(), b"item" | b"entry") {
                    if let Some(last) = out.last_mut() {
                        if last.is_none() {
                            *last = updated.take();
                        }
                    }
                    in_entry = false;
                } else if let Some(published) = field.take() {
                    let t = text.trim().to_string();
                    match out.last_mut() {
                        Some(slot) if published && slot.is_none() && !t.is_empty() => {
                            *slot = Some(t);
                        }
                        _ if !published && updated.is_none() && !t.is_empty() => {
                            updated = Some(t);
                        }
                        _ => {}
                    }
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

/// Elements whose content is text (or HTML as text), where hand-made feeds paste markup unescaped.
const TEXT_ELEMENTS: [&[u8]; 9] = [
    b"title",
    b"description",
    b"summary",
    b"subtitle",
    b"content",
    b"content:encoded",
    b"itunes:summary",
    b"media:title",
    b"media:description",
];

/// The bytes with the content of each text element ([`TEXT_ELEMENTS`]) that holds a `<` outside
/// a CDATA section wrapped in one, so that `<description>One<br>two</description>` and
/// `<title>5 < 6</title>` read as the text they were meant to be; `None` when nothing was
/// wrapped (or the bytes are JSON).
fn wrap_unescaped_markup(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() + 256);
    let mut changed = false;
    let mut i = 0;
    while let Some(lt) = bytes[i..].iter().position(|&b| b == b'<').map(|p| i + p) {
        let name_len = bytes[lt + 1..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'_' | b'-' | b'.'))
            .count();
        let name = &bytes[lt + 1..lt + 1 + name_len];
        let open_end = (name_len > 0 && TEXT_ELEMENTS.contains(&name))
            .then(|| bytes[lt + 1 + name_len..].iter().position(|&b| b == b'>'))
            .flatten()
            .map(|p| lt + 1 + name_len + p + 1)
            // `<titles>` or `<title/>`: not this element's content.
            .filter(|&end| ends_tag_name(bytes.get(lt + 1 + name_len)) && bytes[end - 2] != b'/');
        let Some(open_end) = open_end else {
            out.extend_from_slice(&bytes[i..=lt]);
            i = lt + 1;
            continue;
        };
        let mut close = Vec::with_capacity(name_len + 3);
        close.extend_from_slice(b"</");
        close.extend_from_slice(name);
        close.push(b'>');
        let Some(inner_len) = find_bytes(bytes, &close, open_end).map(|p| p - open_end) else {
            out.extend_from_slice(&bytes[i..=lt]);
            i = lt + 1;
            continue;
        };
        let inner = &bytes[open_end..open_end + inner_len];
        let trimmed = inner.trim_ascii_start();
        out.extend_from_slice(&bytes[i..open_end]);
        if inner.contains(&b'<') && !trimmed.starts_with(b"<![CDATA[") {
            out.extend_from_slice(b"<![CDATA[");
            let mut rest = inner;
            while let Some(p) = find_bytes(rest, b"]]>", 0) {
                out.extend_from_slice(&rest[..p]);
                out.extend_from_slice(b"]]]]><![CDATA[>");
                rest = &rest[p + 3..];
            }
            out.extend_from_slice(rest);
            out.extend_from_slice(b"]]>");
            changed = true;
        } else {
            out.extend_from_slice(inner);
        }
        out.extend_from_slice(&close);
        i = open_end + inner_len + close.len();
    }
    out.extend_from_slice(&bytes[i..]);
    changed.then_some(out)
}

/// The bytes with each `&` that starts no character reference (`&amp;`, `&#38;`, `&eacute;`)
/// written as `&amp;`, CDATA sections left as they are; `None` when there is none (or the bytes
/// are JSON).
fn escape_bare_ampersands(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
        return None;
    }
    let starts_reference = |rest: &[u8]| {
        let name = match rest.first() {
            Some(b'#') => match rest.get(1) {
                Some(b'x' | b'X') => &rest[2..],
                _ => &rest[1..],
            },
            _ => rest,
        };
        let len = name
            .iter()
            .take(33)
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        len > 0 && name.get(len) == Some(&b';')
    };
    let mut out = Vec::with_capacity(bytes.len() + 64);
    let mut changed = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'<' && bytes[i..].starts_with(b"<![CDATA[") {
            let end = find_bytes(bytes, b"]]>", i).map_or(bytes.len(), |p| p + 3);
            out.extend_from_slice(&bytes[i..end]);
            i = end;
            continue;
        }
        out.push(b);
        if b == b'&' && !starts_reference(&bytes[i + 1..]) {
            out.extend_from_slice(b"amp;");
            changed = true;
        }
        i += 1;
    }
    changed.then_some(out)
}

/// Plain text from a feed's HTML fragment: tags dropped, block ends become paragraph breaks,
/// common entities decoded. Feed fragments are small; the page extractor handles full pages.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        // As in HTML, a `<` that starts no tag ("5 < 6", "<3") is text.
        if !rest[lt + 1..]
            .starts_with(|c: char| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'))
        {
            out.push('<');
            rest = &rest[lt + 1..];
            continue;
        }
        let Some(gt) = rest[lt..].find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if matches!(
            name.as_str(),
            "p" | "br" | "div" | "li" | "h1" | "h2" | "h3" | "h4" | "blockquote"
        ) {
            out.push_str("\n\n");
        }
        rest = &rest[lt + gt + 1..];
        if !closing && matches!(name.as_str(), "script" | "style") {
            // The body ends at the first closing tag, in any case; without one it runs to the end.
            let end = format!("</{name}");
            rest = rest
                .as_bytes()
                .windows(end.len())
                .position(|w| w.eq_ignore_ascii_case(end.as_bytes()))
                .map_or("", |at| &rest[at..]);
        }
    }
    out.push_str(rest);
    let decoded = storyline_extract::decode_entities(&out);
    decoded
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rss_atom_and_json_feed() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Herald</title>
            <link>http://h.test/</link>
            <item><title>Port &amp; harbour</title><link>/2026/11/03/port.html</link>
            <pubDate>Tue, 03 Nov 2026 08:30:00 GMT</pubDate><description>&lt;p&gt;One.&lt;/p&gt;&lt;p&gt;Two &amp;amp; three.&lt;/p&gt;</description></item>
            </channel></rss>"#;
        let f = parse_feed(rss, "http://h.test/feed.xml").expect("rss parses");
        assert_eq!(f.kind, "rss");
        assert_eq!(f.title.as_deref(), Some("Herald"));
        assert_eq!(f.entries.len(), 1);
        assert_eq!(f.entries[0].url, "http://h.test/2026/11/03/port.html");
        assert_eq!(f.entries[0].title, "Port & harbour");
        assert_eq!(f.entries[0].text, "One.\n\nTwo & three.");
        assert!(f.entries[0].published.is_some());
        assert_eq!(f.entries[0].id, "", "no guid, and none made up");

        let atom = br#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
            <title>Ledger</title><id>urn:x</id><updated>2026-11-03T08:30:00Z</updated>
            <entry><title>Rates</title><id>urn:y</id><link href="http://l.test/rates"/><updated>2026-11-03T08:30:00Z</updated>
            <author><name>Ann Lee</name></author><summary>Rates rose.</summary></entry></feed>"#;
        let f = parse_feed(atom, "http://l.test/feed.xml").expect("atom parses");
        assert_eq!(f.kind, "atom");
        assert_eq!(f.entries[0].author.as_deref(), Some("Ann Lee"));
        assert_eq!(f.entries[0].id, "urn:y");

        let json = br#"{"version":"https://jsonfeed.org/version/1.1","title":"Daily","items":[
            {"id":"1","url":"http://d.test/a","title":"A","content_text":"Text.","date_published":"2026-11-03T08:30:00Z"}]}"#;
        let f = parse_feed(json, "http://d.test/feed.json").expect("json parses");
        assert_eq!(f.kind, "json");
        assert_eq!(f.entries[0].text, "Text.");
        assert_eq!(f.entries[0].id, "1");
    }

    /// A feed in a legacy encoding is read whether it says so, says nothing, or says so while
    /// being UTF-8 (a CMS's stale label); a UTF-16 feed with its byte-order mark too.
    #[test]
    fn feeds_in_any_encoding_label_are_read() {
        let body = "<rss version=\"2.0\"><channel><title>Café Zeitung</title><link>http://z.test/</link>\
            <item><title>Müller wird Bürgermeister in Zürich</title><link>http://z.test/a</link>\
            <description>Der neue Bürgermeister heißt Müller – sagt die Stadt.</description></item></channel></rss>";
        let latin1 = |s: &str| -> Vec<u8> {
            let (b, _, bad) = encoding_rs::WINDOWS_1252.encode(s);
            assert!(!bad);
            b.into_owned()
        };
        let declared = |enc: &str| format!("<?xml version=\"1.0\" encoding=\"{enc}\"?>\n{body}");
        let mut utf16 = vec![0xFF, 0xFE];
        for u in declared("UTF-16").encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        for (name, bytes) in [
            ("UTF-8", declared("UTF-8").into_bytes()),
            ("latin-1, declared", latin1(&declared("ISO-8859-1"))),
            ("windows-1252, undeclared", latin1(body)),
            ("windows-1252, declared UTF-8", latin1(&declared("utf-8"))),
            (
                "UTF-8, declared ISO-8859-1",
                declared("ISO-8859-1").into_bytes(),
            ),
            ("UTF-16 with a byte-order mark", utf16),
        ] {
            let f = parse_feed(&bytes, "http://z.test/feed.xml")
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(f.title.as_deref(), Some("Café Zeitung"), "{name}");
            assert_eq!(
                f.entries[0].title, "Müller wird Bürgermeister in Zürich",
                "{name}"
            );
            assert!(f.entries[0].text.contains("heißt Müller – sagt"), "{name}");
        }
    }

    /// An Atom entry without an author takes the feed's; an RSS channel's editor is no author.
    #[test]
    fn an_atom_entry_inherits_the_feed_author() {
        let atom = br#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
            <title>Ledger</title><id>urn:x</id><updated>2026-11-03T08:30:00Z</updated>
            <author><name>Ledger staff</name></author>
            <entry><title>Rates</title><id>urn:y</id><link href="http://l.test/rates"/><updated>2026-11-03T08:30:00Z</updated></entry>
            <entry><title>Port</title><id>urn:z</id><link href="http://l.test/port"/><updated>2026-11-03T08:30:00Z</updated>
            <author><name>Ann Lee</name></author></entry></feed>"#;
        let f = parse_feed(atom, "http://l.test/feed.xml").expect("atom parses");
        let authors: Vec<Option<&str>> = f.entries.iter().map(|e| e.author.as_deref()).collect();
        assert_eq!(authors, [Some("Ledger staff"), Some("Ann Lee")]);

        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Herald</title>
            <link>http://h.test/</link><managingEditor>ed@h.test (Ed Itor)</managingEditor>
            <item><title>Port</title><link>http://h.test/port</link></item></channel></rss>"#;
        let f = parse_feed(rss, "http://h.test/feed.xml").expect("rss parses");
        assert_eq!(f.entries[0].author, None);
    }

    /// A web page where a feed was expected (a bot check, a moved feed's "Page not found") is
    /// named as one, by its title.
    #[test]
    fn a_web_page_is_no_feed_and_is_named() {
        let err = |b: &[u8]| {
            parse_feed(b, "http://h.test/feed")
                .expect_err("no feed")
                .to_string()
        };
        assert_eq!(
            err(b"\xef\xbb\xbf <!DOCTYPE html><html><head><title>Just a\n moment&#8230;</title></head>\
                  <body>Checking your browser</body></html>"),
            "not a feed (http://h.test/feed): it gives a web page (\"Just a moment\u{2026}\"), not a feed"
        );
        assert!(err(b"<html><body>Gone</body></html>").contains("web page (\"untitled\")"));
        let other = err(b"{\"not\": \"a feed\"}");
        assert!(!other.contains("web page"), "{other}");
    }

    /// A video's or a podcast episode's text is its media description when it has no other.
    #[test]
    fn a_video_or_an_episode_is_told_by_its_media_description() {
        let youtube = br#"<?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom">
            <id>yt:channel:UC1</id><title>Harbour TV</title><updated>2026-12-07T10:05:00+00:00</updated>
            <entry><id>yt:video:abc</id><title>North quay closes</title>
            <link rel="alternate" href="https://www.youtube.com/watch?v=abc"/><updated>2026-12-07T10:05:00+00:00</updated>
            <media:group><media:title>North quay closes</media:title>
            <media:description>The harbour authority closed the north quay on Monday.</media:description>
            </media:group></entry></feed>"#;
        let f = parse_feed(
            youtube,
            "https://www.youtube.com/feeds/videos.xml?channel_id=UC1",
        )
        .expect("atom");
        assert_eq!(
            f.entries[0].text,
            "The harbour authority closed the north quay on Monday."
        );
        let podcast = br#"<?xml version="1.0"?><rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
            <channel><title>Harbour Pod</title><link>https://pod.test/</link>
            <item><title>Episode 12</title><guid>ep12</guid>
            <enclosure url="https://pod.test/ep12.mp3" length="1000" type="audio/mpeg"/>
            <itunes:summary>We talk to the harbour master.</itunes:summary></item>
            <item><title>Episode 13</title><guid>ep13</guid><description>Show notes.</description>
            <itunes:summary>Not this one.</itunes:summary></item></channel></rss>"#;
        let f = parse_feed(podcast, "https://pod.test/feed").expect("rss");
        let texts: Vec<&str> = f.entries.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(texts, ["We talk to the harbour master.", "Show notes."]);
    }

    /// An aggregator's entries (Google News, Yahoo, Bing, an Atom planet) name the outlet each
    /// comes from; the entry is that outlet's, and its title loses the outlet's name.
    #[test]
    fn an_aggregators_entries_name_their_outlets() {
        let google = r##"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
            <title>"earthquake" - Google News</title><link>https://news.google.com/</link>
            <item><title>Quake of magnitude 5.7 hits off Kelvane coast - Reuters</title>
            <link>https://news.google.com/rss/articles/CBMiAAA?oc=5</link><guid isPermaLink="false">CBMiAAA</guid>
            <description>&lt;a href="https://news.google.com/rss/articles/CBMiAAA?oc=5"&gt;Quake of magnitude 5.7 hits off Kelvane coast&lt;/a&gt;&amp;nbsp;&lt;font color="#6f6f6f"&gt;Reuters&lt;/font&gt;</description>
            <source url="https://www.reuters.com">Reuters</source></item>
            <item><title>Tsunami warning lifted – Smith &amp; Sons Gazette</title>
            <link>https://news.google.com/rss/articles/CBMiBBB?oc=5</link>
            <source url="https://gazette.test"><![CDATA[Smith & Sons Gazette]]></source></item>
            <item><title>Reuters</title><link>https://news.google.com/rss/articles/C</link>
            <source url="https://www.reuters.com">Reuters</source></item>
            <item><title>No outlet named</title><link>https://news.google.com/rss/articles/D</link></item>
            <item><title>Aftershocks - "earthquake" - Google News</title><link>https://news.google.com/rss/articles/E</link>
            <source url="https://news.google.com">"earthquake" - Google News</source></item>
            </channel></rss>"##;
        let f = parse_feed(
            google.as_bytes(),
            "https://news.google.com/rss/search?q=earthquake",
        )
        .expect("rss");
        // The description, the headline and the outlet's name, is the headline.
        assert_eq!(
            f.entries[0].text,
            "Quake of magnitude 5.7 hits off Kelvane coast"
        );
        let got: Vec<(&str, Option<&str>)> = f
            .entries
            .iter()
            .map(|e| (e.title.as_str(), e.outlet.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "Quake of magnitude 5.7 hits off Kelvane coast",
                    Some("Reuters")
                ),
                ("Tsunami warning lifted", Some("Smith & Sons Gazette")),
                // Nothing would be left.
                ("Reuters", Some("Reuters")),
                ("No outlet named", None),
                // The feed naming itself names no other outlet.
                ("Aftershocks - \"earthquake\" - Google News", None),
            ]
        );

        let bing = br#"<?xml version="1.0"?><rss version="2.0" xmlns:News="https://www.bing.com/news/search?q=x&amp;format=rss"><channel>
            <title>Bing: quake</title><link>https://www.bing.com/news</link>
            <item><title>Quake hits</title><link>https://www.bing.com/news/apiclick.aspx?a=1</link>
            <News:Source>Harbor Herald</News:Source></item></channel></rss>"#;
        let f = parse_feed(bing, "https://www.bing.com/news/search?format=rss").expect("rss");
        assert_eq!(f.entries[0].outlet.as_deref(), Some("Harbor Herald"));

        let planet = br#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
            <title>Planet Harbour</title><id>urn:p</id><updated>2026-11-03T08:30:00Z</updated>
            <entry><title>Ferry news</title><id>urn:e1</id><link href="http://l.test/ferry"/><updated>2026-11-03T08:30:00Z</updated>
            <source><id>urn:l</id><title type="text">Lakeside &amp; Co Ledger</title><link rel="self" href="http://l.test/feed"/></source></entry>
            <entry><title>Port</title><id>urn:e2</id><link href="http://l.test/port"/><updated>2026-11-03T08:30:00Z</updated></entry>
            </feed>"#;
        let f = parse_feed(planet, "http://p.test/atom.xml").expect("atom");
        let outlets: Vec<Option<&str>> = f.entries.iter().map(|e| e.outlet.as_deref()).collect();
        assert_eq!(outlets, [Some("Lakeside & Co Ledger"), None]);
    }

    /// RSS 2.0 `<author>` in the forms feeds write, and `dc:creator`: the byline is the name.
    #[test]
    fn rss_authors_give_names() {
        let cases: &[(&str, Option<&str>)] = &[
            ("<author>Dana Whitcombe</author>", Some("Dana Whitcombe")),
            (
                "<author>dana@herald.test (Dana Whitcombe)</author>",
                Some("Dana Whitcombe"),
            ),
            (
                "<author>Dana Whitcombe &lt;dana@herald.test&gt;</author>",
                Some("Dana Whitcombe"),
            ),
            (
                "<author>Jo Lee (Reuters)</author>",
                Some("Jo Lee (Reuters)"),
            ),
            ("<author>  Jo \n Lee </author>", Some("Jo Lee")),
            ("<author>dana@herald.test</author>", None),
            ("<author>dana@herald.test ()</author>", None),
            ("<author></author>", None),
            ("<dc:creator>Ann Lee</dc:creator>", Some("Ann Lee")),
            ("<dc:creator>By Ann Lee</dc:creator>", Some("Ann Lee")),
            (
                "<dc:creator><![CDATA[By Ann Lee | Staff writer]]></dc:creator>",
                Some("Ann Lee"),
            ),
            (
                "<author>Continental Wire staff</author>",
                Some("Continental Wire staff"),
            ),
            (
                "<author>desk@herald.test</author><dc:creator>Ann Lee</dc:creator>",
                Some("Ann Lee"),
            ),
        ];
        for (author, want) in cases {
            let rss = format!(
                r#"<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
                <channel><title>Herald</title><link>http://h.test/</link>
                <item><title>Port</title><link>http://h.test/port</link>{author}</item>
                </channel></rss>"#
            );
            let f = parse_feed(rss.as_bytes(), "http://h.test/feed.xml").expect("rss parses");
            assert_eq!(f.entries[0].author.as_deref(), *want, "{author}");
        }
    }

    /// An entry with no link (or a broken one) is kept with its id and text: the pipeline gives it
    /// an address.
    #[test]
    fn an_entry_without_a_link_is_kept() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
            <link>http://w.test/</link>
            <item><title>Mayor resigns</title><guid isPermaLink="false">tag:w,2026:4</guid>
            <description>The mayor stepped down.</description></item>
            <item><guid>http://w.test/2026/rates</guid><title>Rates</title></item>
            <item><title>Tram</title><link>http://[w.test/2026/tram</link></item>
            </channel></rss>"#;
        let f = parse_feed(rss, "http://w.test/feed.xml").expect("rss parses");
        assert_eq!(f.entries.len(), 3);
        // A link that does not parse is no link at all, not text stored as an address.
        assert_eq!(f.entries[2].url, "");
        assert_eq!(f.entries[0].url, "");
        assert_eq!(f.entries[0].id, "tag:w,2026:4");
        assert_eq!(f.entries[0].text, "The mayor stepped down.");
        assert_eq!(f.entries[1].url, "http://w.test/2026/rates");
    }

    /// Hand-made feeds break XML's rules in two common ways: a bare `&` and HTML's named
    /// references. Both are read as a browser would; a feed broken otherwise is still an error.
    #[test]
    fn bare_ampersands_and_html_entities_are_read() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Caf&eacute; Q&A</title>
            <link>http://c.test/</link>
            <item><title>Smith & Sons close caf&eacute;s &#8212; &amp; more</title><link>http://c.test/a?x=1&y=2</link>
            <description>Prices &euro;5 & up&nbsp;now.</description></item>
            </channel></rss>"#;
        let f = parse_feed(rss, "http://c.test/feed.xml").expect("read with the & escaped");
        assert_eq!(f.title.as_deref(), Some("Caf\u{e9} Q&A"));
        assert_eq!(
            f.entries[0].title,
            "Smith & Sons close caf\u{e9}s \u{2014} & more"
        );
        assert_eq!(f.entries[0].url, "http://c.test/a?x=1&y=2");
        assert_eq!(f.entries[0].text, "Prices \u{20ac}5 & up now.");
        // Escaping mends only the ampersand: a feed whose elements are also crossed still fails
        // (a versioned <rss>, so that it fails for the crossing, not as no feed at all).
        let broken = parse_feed(
            b"<rss version=\"2.0\"><channel><title>A & B</title></rss></channel>",
            "http://c.test/",
        );
        assert!(broken.is_err(), "{broken:?}");
        assert_eq!(
            escape_bare_ampersands(b"a &amp; b &#38; &#x26; &eacute;"),
            None
        );
        assert_eq!(
            escape_bare_ampersands(b"a & b &; &#; &"),
            Some(b"a &amp; b &amp;; &amp;#; &amp;".to_vec())
        );
    }

    /// HTML pasted unescaped into a title or an entry's text (an unclosed `<br>`, a bare `<`) is
    /// read as that element's text, as a browser would; the rest of the feed is read as written.
    #[test]
    fn unescaped_markup_in_text_is_read_as_text() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>
            <link>http://d.test/</link>
            <item><title>Rates: 5 < 6 & falling</title><link>http://d.test/a</link>
            <description><p>First line.<br>Second line.</p><img src="x.jpg"></description></item>
            <item><title>Kept</title><link>http://d.test/b</link>
            <description><![CDATA[<p>Already <b>safe</b> & sound.</p>]]></description></item>
            <item><title>Odd</title><link>http://d.test/c</link>
            <description>Ends ]]> here<br></description></item>
            </channel></rss>"#;
        let f = parse_feed(rss, "http://d.test/feed.xml").expect("read with the markup as text");
        assert_eq!(f.entries.len(), 3);
        assert_eq!(f.entries[0].title, "Rates: 5 < 6 & falling");
        assert_eq!(f.entries[0].text, "First line.\n\nSecond line.");
        assert_eq!(f.entries[1].text, "Already safe & sound.");
        assert_eq!(f.entries[2].text, "Ends ]]> here");
        let atom =
            br#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>L</title>
            <id>urn:l</id><updated>2026-11-03T08:30:00Z</updated>
            <entry><title>A</title><id>urn:a</id><link href="http://l.test/a"/>
            <updated>2026-11-03T08:30:00Z</updated><summary>Line<br>two</summary></entry></feed>"#;
        let f = parse_feed(atom, "http://l.test/feed.xml").expect("atom with markup");
        assert_eq!(f.entries[0].text, "Line\n\ntwo");
        // Only text elements are repaired: a feed whose only entry is broken in its structure is
        // still an error.
        assert!(parse_feed(
            b"<rss version=\"2.0\"><channel><title>A</title><item><link>x</item></channel></rss>",
            "http://d.test/"
        )
        .is_err());
        assert_eq!(
            wrap_unescaped_markup(b"<title>plain</title><titles><x/></titles>"),
            None
        );
    }

    /// A feed cut short in transit, or with one entry broken beyond repair, is read entry by
    /// entry: what can be read is kept, the rest counted; a feed with no readable entry is still
    /// an error.
    #[test]
    fn a_broken_feed_keeps_the_entries_that_read() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Wire</title>
            <link>http://w.test/</link>
            <item><title>One</title><link>http://w.test/1</link><dc:creator>Ann Lee</dc:creator></item>
            <item><title>Two</title><link>http://w.test/2</item>
            <item><title>Three & more</title><link>http://w.test/3</link><description>a<br>b</description></item>
            <item><title>Four</title><link>http://w.test/4</link><descrip"#;
        let f = parse_feed(rss, "http://w.test/feed.xml").expect("the entries that read");
        let titles: Vec<&str> = f.entries.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles, ["One", "Three & more"]);
        assert_eq!(f.skipped, 2, "the unclosed <link> and the cut-off entry");
        assert_eq!(f.title.as_deref(), Some("Wire"));
        assert_eq!(f.entries[0].author.as_deref(), Some("Ann Lee"));
        assert_eq!(f.entries[1].text, "a\n\nb");

        let atom = br#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>L</title>
            <id>urn:l</id><updated>2026-11-03T08:30:00Z</updated>
            <entry><title>A</title><id>urn:a</id><link href="http://l.test/a"/><updated>2026-11-03T08:30:00Z</updated></entry>
            <entry><title>B</title><id>urn:b</id><link href="http://l.test/b"></entry>
            <entry><title>C</title><id>urn:c</id><link href="http://l.test/c"/><updated>2026-11-03T09:30:00Z</updated></entry>
            </feed>"#;
        let f = parse_feed(atom, "http://l.test/feed.xml").expect("atom with a broken entry");
        let urls: Vec<&str> = f.entries.iter().map(|e| e.url.as_str()).collect();
        assert_eq!(urls, ["http://l.test/a", "http://l.test/c"]);
        assert_eq!(f.skipped, 1);

        // A broken channel head loses the feed's title, not its entries.
        let head = br#"<rss version="2.0"><channel><title>Desk</titel><link>http://d.test/</link>
            <item><title>Kept</title><link>http://d.test/k</link></item></channel></rss>"#;
        let f = parse_feed(head, "http://d.test/feed.xml").expect("entries under a broken head");
        assert_eq!(f.entries.len(), 1);
        assert_eq!(f.title, None);

        let whole = parse_feed(
            b"<rss version=\"2.0\"><channel><title>W</title><item><title>A</title></item></channel></rss>",
            "http://w.test/",
        )
        .expect("a well-formed feed");
        assert_eq!(whole.skipped, 0);
    }

    /// Dates the feed parser cannot read are read as a page's dates are; an entry with none
    /// stays without one, and the others keep theirs.
    #[test]
    fn dates_in_loose_formats_are_read() {
        let cases = [
            ("2026-03-03 10:00:00", "2026-03-03T10:00:00+00:00"),
            ("2026-03-03T10:00:00", "2026-03-03T10:00:00+00:00"),
            ("Mar 3, 2026", "2026-03-03T00:00:00+00:00"),
            ("Tue, 03 Mar 2026 10:00:00 GMT", "2026-03-03T10:00:00+00:00"),
            ("", ""),
        ];
        let items: String = cases
            .iter()
            .enumerate()
            .map(|(i, (d, _))| {
                let date = if d.is_empty() {
                    String::new()
                } else {
                    format!("<pubDate>{d}</pubDate>")
                };
                format!("<item><title>T{i}</title><link>http://d.test/{i}</link>{date}</item>")
            })
            .collect();
        let rss = format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>D</title>{items}\
             </channel></rss>"
        );
        let f = parse_feed(rss.as_bytes(), "http://d.test/feed.xml").expect("parses");
        let got: Vec<String> = f
            .entries
            .iter()
            .map(|e| e.published.map(|d| d.to_rfc3339()).unwrap_or_default())
            .collect();
        assert_eq!(got, cases.map(|(_, want)| want));
        // An Atom entry's loose `updated` stands in when it has nothing else.
        let atom =
            br#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
            <entry><title>X</title><id>x</id><updated>2026-03-04 08:00</updated></entry></feed>"#;
        let f = parse_feed(atom, "http://d.test/atom.xml").expect("parses");
        assert_eq!(
            f.entries[0].published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2026-03-04T08:00:00+00:00")
        );
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(parse_feed(b"<html><body>no feed</body></html>", "http://x.test/").is_err());
        assert!(parse_feed(b"", "http://x.test/").is_err());
    }

    #[test]
    fn strips_html() {
        assert_eq!(
            html_to_text("<script>alert(1)</script><b>Hi</b> &#8212; &#x41;"),
            "Hi — A"
        );
        // Text between two scripts is kept (a closing tag was once read as another opening).
        assert_eq!(
            html_to_text("<script>a</script><p>Between</p><script>b</script>"),
            "Between"
        );
        // Script bodies end at the first closing tag in any case; an unclosed one runs to the
        // end, as in a browser.
        assert_eq!(
            html_to_text("<p>a</p><SCRIPT>x<p>y</p></Script ><p>b</p><style>z"),
            "a\n\nb"
        );
    }

    /// Feed fragments are third-party input up to the fetch cap: many scripts, closed or not,
    /// are read in one pass (each used to copy the rest of the fragment to search it).
    #[test]
    fn many_scripts_are_stripped_in_linear_time() {
        let start = std::time::Instant::now();
        let closed = "<script>s</script><p>t</p>".repeat(100_000);
        assert_eq!(html_to_text(&closed).len(), 100_000 * 3 - 2);
        let open = format!("<p>kept</p>{}", "<script>".repeat(200_000));
        assert_eq!(html_to_text(&open), "kept");
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    }
}
