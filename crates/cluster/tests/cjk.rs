//! Chinese and Japanese put no spaces between words. Their reports must still form stories:
//! `tests/fixtures/cjk.jsonl` holds eight unrelated Chinese reports as background, then three
//! reports of one earthquake, two of a metro opening, a second earthquake nine days later in
//! another province (its own story), and two Japanese events of two reports each. Each line
//! carries its gold story in `gold`.

use std::collections::{BTreeMap, BTreeSet};
use storyline_cluster::{Clusterer, Item};

fn load() -> Vec<(Item, String)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cjk.jsonl");
    let text = std::fs::read_to_string(path).expect("read cjk fixture");
    text.lines()
        .map(|line| {
            let mut v: serde_json::Value = serde_json::from_str(line).expect("fixture line");
            let gold = v
                .as_object_mut()
                .and_then(|o| o.remove("gold"))
                .and_then(|g| g.as_str().map(str::to_owned))
                .expect("gold story");
            (serde_json::from_value(v).expect("fixture item"), gold)
        })
        .collect()
}

/// Groups of ids, as sets, from (id, label) pairs.
fn partition<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> BTreeSet<BTreeSet<String>> {
    let mut groups: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (id, label) in pairs {
        groups.entry(label).or_default().insert(id.to_owned());
    }
    groups.into_values().collect()
}

#[test]
fn chinese_and_japanese_reports_form_their_gold_stories() {
    let rows = load();
    let mut c = Clusterer::default();
    for (item, _) in &rows {
        c.add(item);
    }
    // Final assignments: a story may have been merged after an article joined it.
    let last: BTreeMap<String, String> = c
        .assignments()
        .into_iter()
        .map(|(id, a)| (id, a.story))
        .collect();
    assert_eq!(rows.len(), last.len());
    let want = partition(rows.iter().map(|(i, g)| (i.id.as_str(), g.as_str())));
    let have = partition(last.iter().map(|(i, s)| (i.as_str(), s.as_str())));
    assert_eq!(have, want);
}
