//! Property tests: no article text makes the digest engine panic, and every digest it writes
//! passes the citation checker. The engine slices sentences at byte offsets found by its date,
//! figure and name finders, so the fragments mix news phrasing with multi-byte characters,
//! unpaired quotation marks and stray punctuation.

use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use storyline_core::text;
use storyline_digest::{check::check_digest, dates, digest, entities, figures, prep, Doc, Options};

const PIECES: &[&str] = &[
    "The council voted 7-2 on Monday to approve the plan.",
    "Mayor Lena Ortiz said the $12 charge would start on March 1, 2027.",
    "\"We will not pay,\" said union president Marguerite Ossai.",
    "A magnitude 6.2 earthquake struck the Tarrow Basin, killing at least 12 people.",
    "He said it was the first rise since March.",
    "The owner, Piotr Ansel, said",
    "MERIDIAN CITY (Continental Wire) - ",
    "“",
    "”",
    "\"",
    "’s",
    "é",
    "日本語の記事です。",
    "—",
    "–",
    "…",
    "1,200",
    "4.75 percent",
    "$2.7 billion",
    "last week",
    "next Tuesday",
    "since 1961",
    "will be remembered",
    "promised to",
    "Inc.",
    "Dr.",
    "U.S.",
    ", ",
    ". ",
    "? ",
    "! ",
    ": ",
    "; ",
    "(",
    ")",
    "\n\n",
    " ",
];

fn text_like() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(PIECES).prop_map(str::to_string),
            1 => "[A-Za-z0-9 ,.'\"]{0,30}",
            1 => any::<String>().prop_map(|s| s.chars().take(12).collect::<String>()),
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

fn docs_of(texts: Vec<(String, Option<String>)>) -> Vec<Doc> {
    texts
        .into_iter()
        .enumerate()
        .map(|(k, (text, title))| Doc {
            id: format!("a{k}"),
            title,
            text,
            source: Some(format!("outlet-{}", k % 3)),
            published: Utc
                .with_ymd_and_hms(2026, 11, 9 + (k as u32 % 5), 9, 0, 0)
                .single(),
            duplicate_of: (k == 3).then(|| "a0".to_string()),
            ..Doc::default()
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn a_digest_never_panics_and_is_always_grounded(
        texts in prop::collection::vec((text_like(), prop::option::of(text_like())), 1..6)
    ) {
        let docs = docs_of(texts);
        for words in [None, Some(60)] {
            let d = digest(&docs, &Options { words });
            // With no sentence fit to head the story (no text, or only page furniture), the
            // headline is a title as written; it may carry what no sentence supports.
            let no_sentence = docs.iter().all(|x| {
                prep::is_boilerplate_doc(&x.text)
                    || !text::sentences(&x.text)
                        .iter()
                        .any(|s| text::word_count(s) >= 3 && !prep::is_boilerplate_sentence(s))
            });
            let v: Vec<_> = check_digest(&d, &docs)
                .into_iter()
                .filter(|v| !(v.field == "headline" && no_sentence))
                .collect();
            prop_assert!(v.is_empty(), "{:#?}", v);
        }
    }

    #[test]
    fn the_finders_never_panic(s in text_like()) {
        let published = Utc.with_ymd_and_hms(2026, 11, 10, 9, 0, 0).single();
        for f in dates::find_dates(&s, published) {
            prop_assert!(s.is_char_boundary(f.start));
        }
        let _ = figures::find_figures(&s);
        let _ = entities::find_names(&s);
        let _ = figures::clause_around(&s, "a");
    }
}
