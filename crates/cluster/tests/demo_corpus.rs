//! The demo corpus (demo/corpus/stories/*.toml, one file per gold story) must come out of the
//! clusterer exactly: one story per file, syndicated copies linked to their wire original, the
//! same article reached under a second URL linked as a duplicate, and stable ids on a re-run.

use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use storyline_cluster::{Clusterer, Config, Item};

#[derive(Debug, Deserialize)]
struct StoryFile {
    id: String,
    #[serde(default)]
    article: Vec<Article>,
}

#[derive(Debug, Deserialize)]
struct Article {
    outlet: String,
    slug: String,
    published: String,
    title: String,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    syndicates: Option<String>,
    #[serde(default)]
    rewrite_of: Option<String>,
    #[serde(default)]
    feed_link: Option<String>,
    #[serde(default)]
    second_feed: Option<bool>,
}

struct Fed {
    items: Vec<Item>,
    gold: HashMap<String, String>,
    /// Copies that must be found: id -> original id.
    must_dup: Vec<(String, String)>,
    rewrites: Vec<(String, String)>,
}

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../demo/corpus/stories")
}

fn load() -> Option<Fed> {
    let dir = corpus_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut all = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("read story file");
        let story: StoryFile =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        for a in story.article {
            all.push((story.id.clone(), a));
        }
    }
    let bodies: HashMap<String, String> = all
        .iter()
        .filter_map(|(_, a)| {
            a.body
                .clone()
                .map(|b| (format!("{}/{}", a.outlet, a.slug), b))
        })
        .collect();
    let dated: Vec<(chrono::DateTime<chrono::Utc>, usize)> = all
        .iter()
        .enumerate()
        .map(|(i, (_, a))| {
            let d = chrono::DateTime::parse_from_rfc3339(&a.published)
                .unwrap_or_else(|e| panic!("{}/{}: bad date: {e}", a.outlet, a.slug))
                .with_timezone(&chrono::Utc);
            (d, i)
        })
        .collect();
    let mut order = dated;
    order.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.cmp(&y.1)));

    let mut fed = Fed {
        items: Vec::new(),
        gold: HashMap::new(),
        must_dup: Vec::new(),
        rewrites: Vec::new(),
    };
    for (date, i) in order {
        let (gold, a) = &all[i];
        let id = format!("{}/{}", a.outlet, a.slug);
        let body = match (&a.body, &a.syndicates) {
            (Some(b), _) => b.clone(),
            (None, Some(target)) => bodies
                .get(target)
                .cloned()
                .unwrap_or_else(|| panic!("{id}: syndicates unknown {target}")),
            (None, None) => panic!("{id}: no body and no syndicates"),
        };
        if let Some(t) = &a.syndicates {
            fed.must_dup.push((id.clone(), t.clone()));
        }
        if let Some(t) = &a.rewrite_of {
            fed.rewrites.push((id.clone(), t.clone()));
        }
        let path = format!("{}/{}/{}.html", a.outlet, date.format("%Y/%m/%d"), a.slug);
        let (url, canonical) = match a.feed_link.as_deref() {
            Some("utm") => (
                format!("http://127.0.0.1:8080/{path}?utm_source=feed&utm_medium=rss"),
                None,
            ),
            Some("amp") => (
                format!("http://127.0.0.1:8080/{}/amp/{}.html", a.outlet, a.slug),
                Some(format!("http://127.0.0.1:8080/{path}")),
            ),
            _ => (format!("http://127.0.0.1:8080/{path}"), None),
        };
        let item = Item {
            id: id.clone(),
            title: Some(a.title.clone()),
            text: Some(body),
            published: Some(date),
            source: Some(a.outlet.clone()),
            url: Some(url),
            canonical_url: canonical,
        };
        fed.gold.insert(id.clone(), gold.clone());
        fed.items.push(item.clone());
        if a.second_feed == Some(true) {
            // The same article reached again through the outlet's second feed, plain URL.
            let again = Item {
                id: format!("{id}#top"),
                url: Some(format!("http://127.0.0.1:8080/{path}")),
                canonical_url: None,
                ..item
            };
            fed.gold.insert(again.id.clone(), gold.clone());
            fed.must_dup.push((again.id.clone(), id.clone()));
            fed.items.push(again);
        }
    }
    Some(fed)
}

fn partition<'a>(labels: impl Iterator<Item = (&'a str, &'a str)>) -> BTreeSet<BTreeSet<String>> {
    let mut groups: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (id, label) in labels {
        groups.entry(label).or_default().insert(id.to_string());
    }
    groups.into_values().collect()
}

fn run(fed: &Fed) -> Vec<(String, storyline_cluster::Assignment)> {
    let mut c = Clusterer::new(Config::default());
    for it in &fed.items {
        c.add(it);
    }
    c.assignments()
}

/// Every gold story comes out as exactly one predicted story, and nothing else: angle pieces
/// (a local painter in the reopened gallery, the congestion charge's cameras) join their event,
/// and the two earthquakes stay apart.
#[test]
fn demo_corpus_forms_gold_stories() {
    let Some(fed) = load() else {
        eprintln!(
            "demo corpus not found at {}; skipping",
            corpus_dir().display()
        );
        return;
    };
    assert!(fed.items.len() > 20, "demo corpus looks incomplete");
    let asg = run(&fed);
    let pred: HashMap<&str, &str> = asg
        .iter()
        .map(|(id, a)| (id.as_str(), a.story.as_str()))
        .collect();
    let gold: Vec<&str> = asg.iter().map(|(id, _)| fed.gold[id].as_str()).collect();
    let predv: Vec<&str> = asg.iter().map(|(_, a)| a.story.as_str()).collect();
    eprintln!(
        "demo corpus B-cubed F1 {:.4}",
        storyline_cluster::synth::bcubed_f1(&gold, &predv)
    );

    let gold_part = partition(fed.gold.iter().map(|(i, g)| (i.as_str(), g.as_str())));
    let pred_part = partition(pred.iter().map(|(i, s)| (*i, *s)));
    if gold_part != pred_part {
        let mut msg = String::new();
        for g in &gold_part {
            if !pred_part.contains(g) {
                let stories: BTreeSet<&str> = g.iter().map(|i| pred[i.as_str()]).collect();
                msg.push_str(&format!("gold {:?} -> predicted {:?}\n", g, stories));
            }
        }
        panic!("demo stories not formed exactly:\n{msg}");
    }
}

/// Syndicated copies, light rewrites and second-feed URLs are linked to their original, nothing
/// else is flagged (precision and recall of duplicate links both 1 on the demo corpus), and the
/// same input gives the same ids.
#[test]
fn demo_corpus_duplicates_and_stable_ids() {
    let Some(fed) = load() else {
        eprintln!(
            "demo corpus not found at {}; skipping",
            corpus_dir().display()
        );
        return;
    };
    let asg = run(&fed);
    let pred: HashMap<&str, &str> = asg
        .iter()
        .map(|(id, a)| (id.as_str(), a.story.as_str()))
        .collect();
    // Copies share their original's story.
    for (copy, orig) in &fed.must_dup {
        assert_eq!(pred[copy.as_str()], pred[orig.as_str()], "{copy} vs {orig}");
    }

    let dup: HashMap<&str, Option<&str>> = asg
        .iter()
        .map(|(id, a)| (id.as_str(), a.duplicate_of.as_deref()))
        .collect();
    for (copy, orig) in &fed.must_dup {
        let got = dup[copy.as_str()];
        // Linked to the original or to the article the original itself copies.
        let orig_root = dup[orig.as_str()].unwrap_or(orig.as_str());
        assert_eq!(
            got,
            Some(orig_root),
            "{copy} should be a duplicate of {orig}"
        );
    }
    for (rw, orig) in &fed.rewrites {
        let got = dup[rw.as_str()];
        let orig_root = dup[orig.as_str()].unwrap_or(orig.as_str());
        assert_eq!(
            got,
            Some(orig_root),
            "light rewrite {rw} should link to {orig}"
        );
    }
    let copies = fed.must_dup.len() + fed.rewrites.len();
    let flagged = dup.values().filter(|d| d.is_some()).count();
    assert_eq!(
        flagged, copies,
        "no other article may be flagged as a duplicate"
    );

    // Same input, same ids.
    assert_eq!(run(&fed), asg);
}
