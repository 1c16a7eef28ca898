//! Property tests: no feed, OPML file or feed HTML fragment makes parsing panic. Feeds are
//! third-party content; a broken one must come back as an error on its source, never take the
//! run down.

use proptest::prelude::*;
use storyline_ingest::{feed::html_to_text, opml, parse_feed};

const PIECES: &[&str] = &[
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
    "<rss version=\"2.0\"><channel>",
    "</channel></rss>",
    "<feed xmlns=\"http://www.w3.org/2005/Atom\">",
    "</feed>",
    "<item>",
    "</item>",
    "<item rdf:about=\"/a\">",
    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">",
    "</rdf:RDF>",
    "<entry>",
    "</entry>",
    "<title>",
    "</title>",
    "<link>",
    "</link>",
    "<link href=\"/a/1\" rel=\"alternate\"/>",
    "<description><![CDATA[",
    "]]></description>",
    "<pubDate>Tue, 31 Feb 2026 25:61:00 +0000</pubDate>",
    "<updated>2026-13-45T00:00:00Z</updated>",
    "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[",
    "{\"id\":\"1\",\"url\":\"/x\",\"content_html\":\"<p>",
    "\"}]}",
    "<opml version=\"2.0\"><body>",
    "<outline text=\"A\" type=\"rss\" xmlUrl=\"http://example.org/feed\">",
    "</outline></body></opml>",
    "<source url=\"https://www.reuters.com\">",
    "</source>",
    "<News:Source>",
    "</News:Source>",
    "<media:group><media:description>",
    "</media:description></media:group>",
    "<!DOCTYPE html><html><head><title>",
    "</title></head><body>",
    "&amp;",
    "&nbsp;",
    "<p>",
    "</p>",
    "<br>",
    "<script>",
    "é",
    "日本語",
    "\u{0}",
    "\"",
    "<",
    ">",
    " ",
];

fn xml_like() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(PIECES).prop_map(|s| s.as_bytes().to_vec()),
            1 => prop::collection::vec(any::<u8>(), 0..8),
            1 => "[a-zA-Z .,:/]{0,30}".prop_map(String::into_bytes),
        ],
        0..50,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Entries may lack a link (the pipeline gives those an address of its own), but a link
    /// that is there is absolute.
    #[test]
    fn feed_parsing_never_panics(bytes in xml_like()) {
        if let Ok(feed) = parse_feed(&bytes, "https://example.org/feed.xml") {
            for e in &feed.entries {
                prop_assert!(e.url.is_empty() || url::Url::parse(&e.url).is_ok(), "{:?}", e.url);
            }
        }
    }

    #[test]
    fn opml_parsing_never_panics(bytes in xml_like()) {
        let _ = opml::parse(&String::from_utf8_lossy(&bytes));
    }

    /// Any robots.txt reads and answers any path; robots.txt itself is always allowed.
    #[test]
    fn robots_txt_never_panics(
        lines in prop::collection::vec(
            prop_oneof![
                "(User-agent|user-agent|Allow|Disallow|Sitemap|Crawl-delay): ?[a-z*/$?=.é]{0,12}",
                ".{0,20}",
            ],
            0..20,
        ),
        path in "/[a-z*/$?=.é]{0,16}",
    ) {
        let r = storyline_ingest::robots::Robots::parse(&lines.join("\n"), "storyline");
        let _ = r.allowed(&path);
        prop_assert!(r.allowed("/robots.txt"));
    }

    #[test]
    fn feed_html_becomes_text_without_tags(bytes in xml_like()) {
        let html = String::from_utf8_lossy(&bytes);
        // An escaped tag ("&lt;p&gt;") is text that reads as a tag once decoded.
        prop_assume!(!html.contains("&lt") && !html.contains("&#"));
        let text = html_to_text(&html);
        prop_assert!(!text.contains("<p>") && !text.contains("<br>"), "{text:?}");
    }
}
