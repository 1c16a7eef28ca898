//! OPML subscription lists: import and export.

use quick_xml::events::Event;
use storyline_core::Source;

/// One feed of an OPML file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OpmlFeed {
    pub url: String,
    pub title: Option<String>,
    pub site_url: Option<String>,
}

/// Why an OPML file could not be read.
#[derive(Debug, thiserror::Error)]
#[error("invalid OPML at byte {position}: {reason}")]
pub struct OpmlError {
    pub position: u64,
    pub reason: String,
}

/// The feeds (outlines with an `xmlUrl`) of an OPML document, at any nesting depth.
pub fn parse(xml: &str) -> Result<Vec<OpmlFeed>, OpmlError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut feeds = Vec::new();
    let mut saw_opml = false;
    loop {
        let ev = reader.read_event().map_err(|e| OpmlError {
            position: reader.buffer_position(),
            reason: e.to_string(),
        })?;
        match ev {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.local_name();
                if name.as_ref().eq_ignore_ascii_case(b"opml") {
                    saw_opml = true;
                }
                if !name.as_ref().eq_ignore_ascii_case(b"outline") {
                    continue;
                }
                let mut feed = OpmlFeed::default();
                let mut text = None;
                for attr in e.attributes().flatten() {
                    let value = match attr.decoded_and_normalized_value(
                        quick_xml::XmlVersion::default(),
                        reader.decoder(),
                    ) {
                        Ok(v) => v.trim().to_string(),
                        // A bare `&` ("Smith & Sons", "?a=1&b=2") or an HTML name (`&eacute;`)
                        // breaks XML's rules; exporters write them all the same. Read them as a
                        // browser would.
                        Err(_) => storyline_extract::decode_entities(&String::from_utf8_lossy(
                            &attr.value,
                        ))
                        .trim()
                        .to_string(),
                    };
                    match attr
                        .key
                        .local_name()
                        .as_ref()
                        .to_ascii_lowercase()
                        .as_slice()
                    {
                        b"xmlurl" => feed.url = value,
                        b"title" => feed.title = Some(value).filter(|v| !v.is_empty()),
                        b"text" => text = Some(value).filter(|v| !v.is_empty()),
                        b"htmlurl" => feed.site_url = Some(value).filter(|v| !v.is_empty()),
                        _ => {}
                    }
                }
                if !feed.url.is_empty() {
                    feed.title = feed.title.or(text);
                    feeds.push(feed);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_opml {
        return Err(OpmlError {
            position: 0,
            reason: "no <opml> element".into(),
        });
    }
    Ok(feeds)
}

/// The feeds of an OPML file's bytes, in whatever encoding it declares or is written in (older
/// readers export ISO-8859-1), decoded as a feed is ([`storyline_extract::feed_as_utf8`]).
pub fn parse_bytes(bytes: &[u8]) -> Result<Vec<OpmlFeed>, OpmlError> {
    let utf8 = storyline_extract::feed_as_utf8(bytes);
    parse(&String::from_utf8_lossy(&utf8))
}

fn esc(s: &str) -> String {
    quick_xml::escape::escape(s).into_owned()
}

/// An OPML 2.0 document listing `sources`.
pub fn export(sources: &[Source]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head><title>Storyline subscriptions</title></head>\n  <body>\n",
    );
    for s in sources.iter().filter(|s| s.url.starts_with("http")) {
        let title = if s.title.is_empty() { &s.url } else { &s.title };
        out.push_str(&format!(
            "    <outline type=\"rss\" text=\"{t}\" title=\"{t}\" xmlUrl=\"{u}\"{h}/>\n",
            t = esc(title),
            u = esc(&s.url),
            h = s
                .site_url
                .as_deref()
                .map(|h| format!(" htmlUrl=\"{}\"", esc(h)))
                .unwrap_or_default()
        ));
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A list exported in ISO-8859-1 (declared or not) or UTF-8 reads the same.
    #[test]
    fn an_opml_file_in_a_legacy_encoding_is_read() {
        let doc = |decl: &str| {
            format!(
                "<?xml version=\"1.0\"{decl}?><opml version=\"1.0\"><body>\
                 <outline text=\"Zürich Café Zeitung\" xmlUrl=\"http://z.test/feed\"/></body></opml>"
            )
        };
        let latin1 = |s: String| s.chars().map(|c| c as u32 as u8).collect::<Vec<u8>>();
        for bytes in [
            latin1(doc(" encoding=\"ISO-8859-1\"")),
            latin1(doc("")),
            doc("").into_bytes(),
            doc(" encoding=\"UTF-8\"").into_bytes(),
        ] {
            let feeds = parse_bytes(&bytes).expect("parses");
            assert_eq!(feeds[0].title.as_deref(), Some("Zürich Café Zeitung"));
            assert_eq!(feeds[0].url, "http://z.test/feed");
        }
    }

    /// Exporters write bare `&` and HTML's names in attributes; the list is read all the same.
    #[test]
    fn bare_ampersands_and_html_names_in_attributes_are_read() {
        let xml = r#"<opml version="2.0"><body>
            <outline text="Smith & Sons" xmlUrl="http://s.test/feed?a=1&b=2"/>
            <outline title="Caf&eacute; Daily" xmlUrl="http://c.test/rss" htmlUrl="http://c.test/"/>
            </body></opml>"#;
        let feeds = parse(xml).expect("read");
        assert_eq!(feeds.len(), 2);
        assert_eq!(feeds[0].title.as_deref(), Some("Smith & Sons"));
        assert_eq!(feeds[0].url, "http://s.test/feed?a=1&b=2");
        assert_eq!(feeds[1].title.as_deref(), Some("Caf\u{e9} Daily"));
    }

    #[test]
    fn round_trips_and_reads_nested_outlines() {
        let sources = vec![
            Source {
                url: "http://a.test/feed?x=1&y=2".into(),
                title: "A & \"B\"".into(),
                ..Source::default()
            },
            Source {
                url: "https://b.test/rss".into(),
                title: String::new(),
                site_url: Some("https://b.test/".into()),
                ..Source::default()
            },
        ];
        let xml = export(&sources);
        let feeds = parse(&xml).expect("own export parses");
        assert_eq!(feeds.len(), 2);
        assert_eq!(feeds[0].url, "http://a.test/feed?x=1&y=2");
        assert_eq!(feeds[0].title.as_deref(), Some("A & \"B\""));
        assert_eq!(feeds[1].site_url.as_deref(), Some("https://b.test/"));

        let nested = r#"<opml version="1.0"><body><outline text="News"><outline text="X" xmlUrl="http://x.test/f"/></outline></body></opml>"#;
        assert_eq!(parse(nested).expect("nested").len(), 1);
        assert!(parse("<html/>").is_err());
        assert!(
            parse("<opml><body><outline").is_err()
                || parse("<opml><body><outline").expect("lenient").is_empty()
        );
    }
}
