//! Near-duplicate detection on the project's own test corpus (tests/fixtures/near_dup.toml):
//! syndicated copies (verbatim, new headline, dateline or credit line, cut or added paragraph)
//! and light rewrites must be linked to their original; another report on the same event and
//! the same kind of event elsewhere must not. Precision and recall must both reach 0.95.

use serde::Deserialize;
use std::collections::HashMap;
use storyline_cluster::{Clusterer, Config, Item};

#[derive(Debug, Deserialize)]
struct Fixture {
    doc: Vec<Doc>,
    pair: Vec<Pair>,
}

#[derive(Debug, Deserialize)]
struct Doc {
    id: String,
    outlet: String,
    published: String,
    title: String,
    text: String,
}

#[derive(Debug, Deserialize)]
struct Pair {
    a: String,
    b: String,
    kind: String,
    duplicate: bool,
}

fn load() -> Fixture {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/near_dup.toml");
    let text = std::fs::read_to_string(path).expect("read near_dup.toml");
    toml::from_str(&text).expect("parse near_dup.toml")
}

/// The copy group of a document id: its original (`x~syn` and `x~rw` copy `x`).
fn group(id: &str) -> &str {
    match id.split_once('~') {
        Some((orig, "syn" | "rw")) => orig,
        _ => id,
    }
}

#[test]
fn near_duplicates_precision_and_recall() {
    let fx = load();
    assert!(fx.pair.len() >= 60, "corpus should have at least 60 pairs");
    let mut docs: Vec<&Doc> = fx.doc.iter().collect();
    docs.sort_by(|a, b| a.published.cmp(&b.published).then(a.id.cmp(&b.id)));
    let mut c = Clusterer::new(Config::default());
    for d in &docs {
        let published = chrono::DateTime::parse_from_rfc3339(&d.published)
            .expect("date")
            .with_timezone(&chrono::Utc);
        c.add(&Item {
            id: d.id.clone(),
            title: Some(d.title.clone()),
            text: Some(d.text.clone()),
            published: Some(published),
            source: Some(d.outlet.clone()),
            url: Some(format!(
                "https://{}.example/{}",
                d.outlet,
                d.id.replace('~', "-")
            )),
            canonical_url: None,
        });
    }
    let asg: HashMap<String, Option<String>> = c
        .assignments()
        .into_iter()
        .map(|(id, a)| (id, a.duplicate_of))
        .collect();
    let root = |id: &str| asg[id].clone().unwrap_or_else(|| id.to_string());

    // Labelled pairs.
    let (mut tp, mut fp, mut fneg) = (0usize, 0usize, 0usize);
    let mut by_kind: HashMap<&str, (usize, usize)> = HashMap::new();
    for p in &fx.pair {
        let said = root(&p.a) == root(&p.b);
        let e = by_kind.entry(p.kind.as_str()).or_default();
        e.1 += 1;
        if said == p.duplicate {
            e.0 += 1;
        } else {
            eprintln!(
                "wrong: {} vs {} ({}): said duplicate={said}",
                p.a, p.b, p.kind
            );
        }
        match (said, p.duplicate) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fneg += 1,
            (false, false) => {}
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fneg).max(1) as f64;

    // Every link the clusterer made in the stream, labelled or not.
    let links: Vec<(&String, &String)> = asg
        .iter()
        .filter_map(|(id, d)| d.as_ref().map(|d| (id, d)))
        .collect();
    let good_links = links.iter().filter(|(a, b)| group(a) == group(b)).count();
    let link_precision = good_links as f64 / links.len().max(1) as f64;
    let copies = fx.doc.iter().filter(|d| group(&d.id) != d.id).count();

    let mut kinds: Vec<_> = by_kind.into_iter().collect();
    kinds.sort();
    for (k, (ok, n)) in &kinds {
        eprintln!("  {k:<26} {ok}/{n} right");
    }
    eprintln!(
        "near-dup pairs: precision {precision:.3} recall {recall:.3} ({} pairs); \
         stream links: {good_links}/{} right, {} copies in the stream",
        fx.pair.len(),
        links.len(),
        copies
    );
    assert!(precision >= 0.95, "pair precision {precision:.3} < 0.95");
    assert!(recall >= 0.95, "pair recall {recall:.3} < 0.95");
    assert!(
        link_precision >= 0.95,
        "stream link precision {link_precision:.3} < 0.95"
    );
}
