//! Threshold tuning helper: clusters a gold set (`{"id","story",...}` JSON lines) with the
//! default config plus `key=value` overrides and prints B-cubed F1 on the full stream and on its
//! dev/test halves (stories split by FNV-1a of the story id, the same split as
//! scripts/score-clustering.sh; each half clustered as its own stream).
//!
//! cargo run --release -p storyline-cluster --example tune -- FILE[:MIN_WORDS] ... [key=value ...]

use storyline_cluster::{parse_item_line, synth::bcubed, Clusterer, Config, Item};

fn set(c: &mut Config, kv: &str) {
    let (k, v) = kv.split_once('=').expect("key=value");
    let f: f64 = v.parse().expect("number");
    match k {
        "join_short" => c.join_short = f as f32,
        "join_long" => c.join_long = f as f32,
        "short_terms" => c.short_terms = f as usize,
        "long_terms" => c.long_terms = f as usize,
        "merge" => c.merge = f as f32,
        "idf_at_score" => c.idf_at_score = f > 0.0,
        "absorb" => c.absorb = f as f32,
        "absorb_size" => c.absorb_size = f as u32,
        "absorb_delay" => c.absorb_delay = f as u64,
        "merge_pass" => c.merge_pass = f as f32,
        "merge_every" => c.merge_every = f as u64,
        "merge_candidates" => c.merge_candidates = f as usize,
        "headline_conflict" => c.headline_conflict = f as f32,
        "name_weight" => c.name_weight = f as f32,
        "lede_weight" => c.lede_weight = f as f32,
        "lede_words" => c.lede_words = f as usize,
        "lede_floor" => c.lede_floor = f as f32,
        "item_weight" => c.item_weight = f as f32,
        "merge_trigger" => c.merge_trigger = f as f32,
        "doc_terms" => c.doc_terms = f as usize,
        "story_terms" => c.story_terms = f as usize,
        "query_terms" => c.query_terms = f as usize,
        "candidates" => c.candidates = f as usize,
        "title_weight" => c.title_weight = f as f32,
        "salient_weight" => c.salient_weight = f as f32,
        "decay_hours" => c.decay_hours = f,
        "window_hours" => c.window_hours = f,
        "headline_pair" => c.headline.pair_weight = f as f32,
        "headline_coverage" => c.headline.coverage = f as f32,
        "headline_unknown" => c.headline.unknown_weight = f as f32,
        "headline_names_only" => c.headline.names_only = f > 0.0,
        "headline_join" => c.headline.join = f as f32,
        "headline_spread" => c.headline.spread = f as f32,
        "headline_merge" => c.headline.merge = f as f32,
        "headline_size" => c.headline.size_prior = f as f32,
        "headline_young" => c.headline.young = f as f32,
        _ => panic!("unknown key {k}"),
    }
}

fn run(items: &[(Item, String)], cfg: &Config) -> (f64, f64, f64) {
    let mut c = Clusterer::new(cfg.clone());
    if std::env::var("PRIME").is_ok() {
        for (it, _) in items {
            c.learn_df(it);
        }
    }
    // MERGES set: prints each merge, `-` when the majority gold stories differ (debug aid).
    let show = std::env::var("MERGES").is_ok();
    let mut members: std::collections::HashMap<String, Vec<String>> = Default::default();
    let major = |v: &[String]| {
        let mut m: std::collections::HashMap<&str, usize> = Default::default();
        for g in v {
            *m.entry(g).or_default() += 1;
        }
        m.into_iter()
            .max_by_key(|x| (x.1, x.0))
            .map(|x| (x.0.to_string(), x.1))
    };
    for (k, (it, g)) in items.iter().enumerate() {
        let a = c.add(it);
        if show {
            for (gone, keep) in &a.merged {
                let gv = members.remove(gone).unwrap_or_default();
                let kv = members.entry(keep.clone()).or_default();
                let (mg, mk) = (major(&gv), major(kv));
                let same = mg.as_ref().map(|x| &x.0) == mk.as_ref().map(|x| &x.0);
                {
                    println!(
                        "MERGE{} at {k} {:?}: {gone} {:?}/{} into {keep} {:?}/{}",
                        if same { "+" } else { "-" },
                        it.title,
                        mg,
                        gv.len(),
                        mk,
                        kv.len()
                    );
                }
                kv.extend(gv);
            }
            members.entry(a.story.clone()).or_default().push(g.clone());
        }
    }
    let pred: Vec<String> = c.assignments().into_iter().map(|(_, a)| a.story).collect();
    if let Ok(dir) = std::env::var("PRED_DIR") {
        // Debug aid: predictions of each run as `id<TAB>gold<TAB>pred` lines.
        let n = std::fs::read_dir(&dir).map_or(0, |d| d.count());
        let mut out = String::new();
        for ((it, g), p) in items.iter().zip(&pred) {
            out.push_str(&format!("{}\t{}\t{}\n", it.id, g, p));
        }
        let _ = std::fs::write(format!("{dir}/{n:02}.tsv"), out);
    }
    let gold: Vec<&str> = items.iter().map(|(_, g)| g.as_str()).collect();
    bcubed(&gold, &pred)
}

fn load(path: &str, min_words: usize) -> Vec<(Item, String)> {
    let text = std::fs::read_to_string(path).expect("read");
    let mut all = Vec::new();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("json");
        let story = v["story"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| v["story"].to_string());
        let (it, _) = parse_item_line(line).expect("item");
        let words = it
            .title
            .as_deref()
            .map_or(0, |t| t.split_whitespace().count())
            + it.text
                .as_deref()
                .map_or(0, |t| t.split_whitespace().count());
        if words >= min_words {
            all.push((it, story));
        }
    }
    all
}

/// The items in a pseudo-random order (Fisher-Yates with a xorshift generator seeded by `seed`).
fn shuffled(items: &[(Item, String)], seed: u64) -> Vec<(Item, String)> {
    let mut v = items.to_vec();
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    for i in (1..v.len()).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        v.swap(i, (x % (i as u64 + 1)) as usize);
    }
    v
}

/// Arguments: `FILE:MIN_WORDS ...` then `key=value ...`.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut cfg = Config::default();
    let mut sets = Vec::new();
    for a in &args {
        if a.contains('=') {
            set(&mut cfg, a);
        } else {
            let (f, m) = a.rsplit_once(':').unwrap_or((a.as_str(), "0"));
            sets.push((f.to_string(), m.parse::<usize>().expect("min words")));
        }
    }
    let half = |s: &str| storyline_core::text::fnv1a64(s.as_bytes()) & 1 == 0;
    let fmt = |(p, r, f): (f64, f64, f64)| format!("{f:.4} (P {p:.3} R {r:.3})");
    for (path, min) in sets {
        let all = load(&path, min);
        let dev: Vec<_> = all.iter().filter(|(_, s)| half(s)).cloned().collect();
        let test: Vec<_> = all.iter().filter(|(_, s)| !half(s)).cloned().collect();
        let name = std::path::Path::new(&path)
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        println!(
            "{name:<24} full {}  dev {}  test {}",
            fmt(run(&all, &cfg)),
            fmt(run(&dev, &cfg)),
            fmt(run(&test, &cfg)),
        );
        // SHUFFLES=n: also the mean over n seeded reorderings of each stream (the online result
        // depends on the order; the mean is a steadier guide for choosing settings).
        let n: u64 = std::env::var("SHUFFLES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        if n > 0 {
            let mean = |items: &[(Item, String)]| {
                let mut acc = (0.0, 0.0, 0.0);
                for seed in 1..=n {
                    let r = run(&shuffled(items, seed), &cfg);
                    acc = (acc.0 + r.0, acc.1 + r.1, acc.2 + r.2);
                }
                let k = n as f64;
                (acc.0 / k, acc.1 / k, acc.2 / k)
            };
            println!(
                "{:<24} full {}  dev {}  test {}",
                format!("  mean of {n} orders"),
                fmt(mean(&all)),
                fmt(mean(&dev)),
                fmt(mean(&test)),
            );
        }
    }
}
