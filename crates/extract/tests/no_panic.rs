//! Property test: no input makes extraction panic (the pipeline calls it on every fetched page).

use proptest::prelude::*;
use storyline_extract::{extract, extract_lenient, feed_links, ExtractOptions};

const PIECES: &[&str] = &[
    "<html>",
    "<head>",
    "<body>",
    "<p>",
    "</p>",
    "<div class=\"article-body\">",
    "</div>",
    "<h1>",
    "</h1>",
    "<a href=\"/x\">",
    "</a>",
    "<script type=\"application/ld+json\">",
    "</script>",
    "{\"@type\":\"NewsArticle\",\"author\":[{\"name\":",
    "\"datePublished\":\"2024-02-30T25:61\"",
    "<meta property=\"og:title\" content=\"",
    "<meta charset=\"shift_jis\">",
    "<time datetime=\"",
    "By ",
    "Written by",
    "März 2024",
    "Sept. 31, 2024",
    "é",
    "日本語",
    "\u{0}",
    "&#x110000;",
    "&#8211;",
    "<table><tr><td>",
    "<pre>",
    "<br>",
    "<ul><li>",
    "<nav>",
    "<!--",
    "-->",
    "<![CDATA[",
    "\"",
    "'",
    " ",
    "\n",
    ",",
];

fn html_like() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(PIECES).prop_map(|s| s.as_bytes().to_vec()),
            prop::collection::vec(any::<u8>(), 0..8),
            "[a-zA-Z .,]{0,40}".prop_map(|s| s.into_bytes()),
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn never_panics(bytes in html_like(), url in prop::option::of("https://e\\.com/[0-9/a-z-]{0,30}")) {
        let opts = ExtractOptions { url, content_type: None };
        let _ = extract(&bytes, &opts);
        let (e, err) = extract_lenient(&bytes, &opts);
        prop_assert!(err.is_some() == e.text.trim().is_empty());
        let _ = feed_links(&bytes, "https://e.com/");
    }

    #[test]
    fn never_panics_on_raw_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let _ = extract(&bytes, &ExtractOptions::default());
    }
}

#[test]
fn deep_nesting_does_not_overflow() {
    let html =
        "<div>".repeat(50_000) + "<p>deep text here, long enough to count as a paragraph.</p>";
    let _ = extract(html.as_bytes(), &ExtractOptions::default());
}
