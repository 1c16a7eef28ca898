//! Analysis aid: per-sentence ranking features of every story as JSON lines
//! (`cargo run --release -p storyline-digest --example digest_features -- IN.jsonl > feats.jsonl`).

use std::io::BufRead;
use storyline_digest::{prep, rank, Doc, RankParams};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let input = std::env::args()
        .nth(1)
        .ok_or("usage: digest_features IN.jsonl")?;
    let f = std::io::BufReader::new(std::fs::File::open(input)?);
    for line in f.lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        let docs: Vec<Doc> = v["documents"]
            .as_array()
            .ok_or("documents")?
            .iter()
            .enumerate()
            .map(|(k, d)| Doc {
                id: format!("d{k}"),
                text: d.as_str().unwrap_or_default().to_string(),
                ..Doc::default()
            })
            .collect();
        let p = prep::prepare(&docs);
        let sc = rank::score(&p, &RankParams::default());
        let mut kept_in_doc = vec![0usize; docs.len()];
        for s in p.sents.iter().filter(|s| s.keep) {
            kept_in_doc[s.doc] += 1;
        }
        let sents: Vec<serde_json::Value> = p
            .sents
            .iter()
            .enumerate()
            .filter(|(_, s)| s.keep)
            .map(|(i, s)| {
                let cw: f32 = sc.concepts[i]
                    .iter()
                    .map(|&c| sc.concept_weight[c as usize])
                    .sum();
                serde_json::json!({
                    "i": i, "doc": s.doc, "rank": s.rank, "words": s.words,
                    "kept_in_doc": kept_in_doc[s.doc],
                    "doc_words": docs[s.doc].text.split_whitespace().count(),
                    "cent": sc.centrality[i], "agree": sc.agreement[i], "sal": sc.salience[i],
                    "concepts": cw, "text": s.text,
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::json!({"id": v["id"], "ndocs": p.usable_docs.len(), "sents": sents})
        );
    }
    Ok(())
}
