//! Property tests: no stream of articles makes deduplication and clustering panic, and what comes
//! out is consistent: every article has a story, a story id is the id of an article that came
//! before (or is the article itself), and a duplicate points at an earlier article. Input lines
//! of any shape give an item or a clear error, never a crash.

use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use storyline_cluster::{parse_item_line, Clusterer, Config, Item};

const PIECES: &[&str] = &[
    "Magnitude 6.2 earthquake strikes Tarrow Basin",
    "The council voted 7-2 on Monday to approve the $480 million plan.",
    "Halvard Motors recalls 41,000 electric cars after seven fires",
    "Mayor Lena Ortiz said",
    "日本語の記事です。",
    // Enough function words for an article to be read as German, French or Russian, and
    // Chinese and Korean place names, and Korean particles: the language-aware tokenizer runs
    // too.
    "Der Zug ist nicht in der Stadt, und die Behörden sagten, dass ",
    "L'armée a dit qu'elle n'est pas dans les rues et ",
    "Он сказал, что это не так и ",
    "四川雅安市芦山县",
    "경북 포항시에서는 지진이 발생했다. ",
    "北미사일",
    "é",
    "\u{0}",
    "“",
    "'",
    " ",
    ". ",
    "\n\n",
    "https://example.org/a?utm_source=x",
];

fn text_like() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(PIECES).prop_map(str::to_string),
            1 => any::<String>().prop_map(|s| s.chars().take(10).collect::<String>()),
        ],
        0..12,
    )
    .prop_map(|parts| parts.concat())
}

fn item_like() -> impl Strategy<Value = (Option<String>, Option<String>, Option<u32>, u8, u8)> {
    (
        prop::option::of(text_like()),
        prop::option::of(text_like()),
        prop::option::of(0u32..2_000_000),
        0u8..4,
        0u8..6,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, ..ProptestConfig::default() })]

    #[test]
    fn clustering_never_panics_and_stays_consistent(items in prop::collection::vec(item_like(), 1..30)) {
        let mut c = Clusterer::new(Config::default());
        let mut ids = Vec::new();
        for (k, (title, text, minutes, source, url)) in items.into_iter().enumerate() {
            let item = Item {
                id: format!("a{k}"),
                title,
                text,
                published: minutes.and_then(|m| {
                    Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0)
                        .single()
                        .map(|t| t + chrono::Duration::minutes(i64::from(m)))
                }),
                source: Some(format!("outlet-{source}")),
                // Some articles share an address: the same page under two URLs.
                url: Some(format!("https://example.org/story/{url}?utm_medium=feed")),
                canonical_url: None,
            };
            c.add(&item);
            ids.push(item.id);
        }
        let out = c.assignments();
        prop_assert_eq!(out.len(), ids.len());
        for (k, (id, a)) in out.iter().enumerate() {
            prop_assert_eq!(id, &ids[k]);
            let story_at = ids.iter().position(|x| *x == a.story);
            prop_assert!(story_at.is_some(), "{} is in unknown story {}", id, a.story);
            if let Some(d) = &a.duplicate_of {
                let at = ids.iter().position(|x| x == d);
                prop_assert!(at.is_some_and(|at| at < k), "{} copies {} which is not earlier", id, d);
            }
        }
    }

    #[test]
    fn any_input_line_is_an_item_or_an_error(line in any::<String>()) {
        let _ = parse_item_line(&line);
    }

    #[test]
    fn json_lines_with_odd_fields_are_an_item_or_an_error(
        title in text_like(),
        published in "[0-9T:Z+-]{0,30}",
    ) {
        let line = serde_json::json!({"id": "x", "title": title, "published": published}).to_string();
        let _ = parse_item_line(&line);
    }
}
