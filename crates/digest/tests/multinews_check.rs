//! The citation checker over every digest of the shared Multi-News validation sample (messy real
//! inputs: boilerplate documents, one-document stories, very long ones), with and without a word
//! budget. About 15 s in a debug build, so it runs with the rest of the suite (a digest change
//! that breaks a citation on real text fails here, not in review). Skips when ../shared/data is
//! not present.

use std::io::BufRead;
use storyline_digest::{check::check_digest, digest, Doc, Options};

#[test]
fn every_multinews_digest_is_fully_cited() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/summarization/multinews-val.jsonl"
    );
    let Ok(f) = std::fs::File::open(path) else {
        eprintln!("{path} not found; skipping");
        return;
    };
    let (mut stories, mut items, mut in_band, mut with_budget) = (0, 0, 0, 0);
    for line in std::io::BufReader::new(f).lines() {
        let v: serde_json::Value = serde_json::from_str(&line.expect("line")).expect("json");
        let docs: Vec<Doc> = v["documents"]
            .as_array()
            .expect("documents")
            .iter()
            .enumerate()
            .map(|(k, d)| Doc {
                id: format!("d{k}"),
                text: d.as_str().unwrap_or_default().to_string(),
                ..Doc::default()
            })
            .collect();
        stories += 1;
        for words in [None, Some(300)] {
            let d = digest(&docs, &Options { words });
            let violations = check_digest(&d, &docs);
            assert!(violations.is_empty(), "{}: {:#?}", v["id"], violations);
            items += d.summary.len()
                + d.takeaways.len()
                + d.faq.len()
                + d.figures.len()
                + d.players.len()
                + d.timeline.len();
            assert!(!d.summary.is_empty(), "{}: empty summary", v["id"]);
            if words.is_some() {
                let n: usize = d
                    .summary
                    .iter()
                    .map(|c| c.text.split_whitespace().count())
                    .sum();
                with_budget += 1;
                if (270..=330).contains(&n) {
                    in_band += 1;
                }
            }
        }
    }
    eprintln!("{stories} stories, {items} cited items checked; {in_band}/{with_budget} briefs within 300 words ±10%");
    assert!(
        in_band * 10 >= with_budget * 9,
        "too few briefs in the ±10% band"
    );
}
