//! A synthetic news stream for speed and memory measurements: stories that live for a few days,
//! each with its own names and numbers, articles of about 300 words mixing those with a Zipf-like
//! general vocabulary, plus syndicated copies and the same article under a tracking URL.
//! It is deterministic (fixed seed) and cheap, so the bench can run up to millions of articles.
//! It is for speed; its quality figures are only a sanity check.

#[cfg(doc)]
use crate::Clusterer;
use crate::{Assignment, Item};
use chrono::{DateTime, Utc};
use rustc_hash::FxHashMap;

/// Shape of the synthetic stream.
#[derive(Debug, Clone)]
pub struct StreamConfig {
    pub seed: u64,
    /// Articles per simulated day.
    pub per_day: u32,
    /// Chance that an article starts a new story.
    pub new_story: f64,
    /// How long a story keeps getting articles, in hours.
    pub story_hours: f64,
    /// Body words per article.
    pub body_words: usize,
    /// Chance that an article is a verbatim copy of an earlier one in its story.
    pub syndicated: f64,
    /// Chance that an article is an earlier one seen again under a tracking URL.
    pub url_repeat: f64,
}

impl Default for StreamConfig {
    fn default() -> Self {
        StreamConfig {
            seed: 0x5eed,
            per_day: 20_000,
            new_story: 0.12,
            story_hours: 48.0,
            body_words: 300,
            syndicated: 0.05,
            url_repeat: 0.03,
        }
    }
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// Log-uniform rank in `0..n` (Zipf-like with exponent 1).
    fn zipf(&mut self, n: usize) -> usize {
        let r = ((n as f64 + 1.0).ln() * self.unit()).exp() - 1.0;
        (r as usize).min(n - 1)
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ran", "tes", "vo", "qui", "den", "sar", "po", "lin", "mar", "tu", "bel",
    "cor", "dra", "fen", "gal", "hor", "jun", "kel", "mon", "nor", "pra", "ris", "sol", "tan",
    "ul", "ver", "wen",
];

fn word(mut n: usize, syllables: usize) -> String {
    let mut s = String::new();
    for _ in 0..syllables {
        s.push_str(SYLLABLES[n % SYLLABLES.len()]);
        n /= SYLLABLES.len();
    }
    s
}

struct LiveStory {
    gold: u32,
    names: Vec<String>,
    numbers: Vec<u32>,
    ends: i64,
    /// Article numbers of this story's originals (for copies).
    articles: Vec<u32>,
}

/// The synthetic stream with its gold labels.
pub struct Stream {
    cfg: StreamConfig,
    rng: Rng,
    vocab: Vec<String>,
    live: Vec<LiveStory>,
    next_story: u32,
    time: i64,
    count: u32,
    /// Gold story per article.
    gold: Vec<u32>,
    /// Gold original per copied article.
    gold_dup: FxHashMap<u32, u32>,
    /// Recent originals' bodies and URLs (for copies), by article number.
    bodies: FxHashMap<u32, (String, String)>,
}

impl Stream {
    /// A new stream.
    pub fn new(cfg: StreamConfig) -> Self {
        let vocab = (0..40_000).map(|i| word(i * 7919 + 13, 3)).collect();
        Stream {
            rng: Rng(cfg.seed | 1),
            cfg,
            vocab,
            live: Vec::new(),
            next_story: 0,
            // July 2017: years of stream fit before today, and ingest takes a date ahead of the
            // fetch for a wrong one (the stream began in 2027 before that rule).
            time: 1_500_000_000,
            count: 0,
            gold: Vec::new(),
            gold_dup: FxHashMap::default(),
            bodies: FxHashMap::default(),
        }
    }

    fn new_story(&mut self) -> usize {
        let names = (0..14)
            .map(|_| {
                let mut w = word(self.rng.below(1 << 24), 4);
                w[..1].make_ascii_uppercase();
                w
            })
            .collect();
        let numbers = (0..3).map(|_| self.rng.below(100_000) as u32).collect();
        let hours = self.cfg.story_hours * (0.5 + self.rng.unit());
        self.live.push(LiveStory {
            gold: self.next_story,
            names,
            numbers,
            ends: self.time + (hours * 3600.0) as i64,
            articles: Vec::new(),
        });
        self.next_story += 1;
        self.live.len() - 1
    }

    fn sentence_words(&mut self, s: usize, n: usize, out: &mut String, event_share: f64) {
        for i in 0..n {
            if i > 0 {
                out.push(' ');
            }
            let r = self.rng.unit();
            if r < event_share {
                let st = &self.live[s];
                if self.rng.unit() < 0.15 {
                    let num = st.numbers[self.rng.below(st.numbers.len())];
                    out.push_str(&num.to_string());
                } else {
                    // Earlier names of a story come up more often.
                    let k = self.rng.zipf(st.names.len());
                    out.push_str(&st.names[k]);
                }
            } else {
                let k = self.rng.zipf(self.vocab.len());
                out.push_str(&self.vocab[k]);
            }
        }
    }

    /// The next article of the stream.
    pub fn next_item(&mut self) -> Item {
        let n = self.count;
        self.count += 1;
        self.time += (86_400 / self.cfg.per_day.max(1)) as i64;
        let now = self.time;
        // Forget finished stories and old bodies.
        if n % 1024 == 0 {
            self.live.retain(|s| s.ends > now);
            let keep_from = n.saturating_sub(self.cfg.per_day / 4);
            self.bodies.retain(|&k, _| k >= keep_from);
        }
        let s = if self.live.is_empty() || self.rng.unit() < self.cfg.new_story {
            self.new_story()
        } else {
            let i = self.rng.below(self.live.len());
            if self.live[i].ends <= now {
                self.new_story()
            } else {
                i
            }
        };
        let published = DateTime::<Utc>::from_timestamp(now, 0);
        let id = format!("a{n}");
        let gold = self.live[s].gold;
        self.gold.push(gold);

        // A copy of an earlier article of this story?
        let r = self.rng.unit();
        let earlier = self.live[s]
            .articles
            .last()
            .copied()
            .filter(|e| self.bodies.contains_key(e));
        if let Some(e) = earlier {
            if r < self.cfg.url_repeat {
                if let Some((body, url)) = self.bodies.get(&e) {
                    self.gold_dup.insert(n, e);
                    return Item {
                        id,
                        title: Some(format!("Update {}", self.live[s].names[0])),
                        text: Some(body.clone()),
                        published,
                        source: Some("second-feed".into()),
                        url: Some(format!("{url}?utm_source=feed&utm_medium=rss")),
                        canonical_url: None,
                    };
                }
            } else if r < self.cfg.url_repeat + self.cfg.syndicated {
                if let Some((body, _)) = self.bodies.get(&e) {
                    let body = body.clone();
                    self.gold_dup.insert(n, e);
                    let mut title = String::new();
                    self.sentence_words(s, 8, &mut title, 0.5);
                    return Item {
                        id: id.clone(),
                        title: Some(title),
                        text: Some(body),
                        published,
                        source: Some(format!("outlet{}", self.rng.below(200))),
                        url: Some(format!(
                            "https://outlet{}.example/{id}.html",
                            self.rng.below(200)
                        )),
                        canonical_url: None,
                    };
                }
            }
        }

        let mut title = String::new();
        self.sentence_words(s, 8, &mut title, 0.5);
        let mut body = String::with_capacity(self.cfg.body_words * 8);
        let mut written = 0;
        while written < self.cfg.body_words {
            let len = 8 + self.rng.below(14);
            if !body.is_empty() {
                body.push(' ');
            }
            let mut sent = String::new();
            self.sentence_words(s, len, &mut sent, 0.2);
            let mut chars = sent.chars();
            if let Some(c) = chars.next() {
                body.push(c.to_ascii_uppercase());
                body.push_str(chars.as_str());
            }
            body.push('.');
            written += len;
        }
        let url = format!(
            "https://outlet{}.example/news/{id}.html",
            self.rng.below(200)
        );
        self.live[s].articles.push(n);
        self.bodies.insert(n, (body.clone(), url.clone()));
        Item {
            id,
            title: Some(title),
            text: Some(body),
            published,
            source: None,
            url: Some(url),
            canonical_url: None,
        }
    }

    /// `(duplicate-link F1, B-cubed F1)` of the placements of exactly this stream.
    pub fn score(&self, tally: &Tally) -> (f64, f64) {
        let pred: Vec<u32> = tally.story.iter().map(|&s| tally.root(s)).collect();
        let b3 = bcubed_f1(&self.gold, &pred);
        let mut tp = 0usize;
        let mut predicted = 0usize;
        for (i, &d) in tally.dup.iter().enumerate() {
            if d != NO_DUP {
                predicted += 1;
                if self.gold_dup.get(&(i as u32)) == Some(&d) {
                    tp += 1;
                }
            }
        }
        let p = tp as f64 / predicted.max(1) as f64;
        let r = tp as f64 / self.gold_dup.len().max(1) as f64;
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (f, b3)
    }
}

const NO_DUP: u32 = u32::MAX;

/// The placements of a synthetic stream, kept compactly (8 bytes an article: this stream's ids
/// are `a` and the article number) by a caller that scores a [`Clusterer::live`] clusterer,
/// which keeps no record of its own.
#[derive(Debug, Default)]
pub struct Tally {
    story: Vec<u32>,
    dup: Vec<u32>,
    /// Absorbed story -> the story it merged into.
    merged: FxHashMap<u32, u32>,
}

fn article_no(id: &str) -> u32 {
    id.strip_prefix('a')
        .and_then(|n| n.parse().ok())
        .unwrap_or(NO_DUP)
}

impl Tally {
    /// Records the next article's placement.
    pub fn add(&mut self, a: &Assignment) {
        self.story.push(article_no(&a.story));
        self.dup
            .push(a.duplicate_of.as_deref().map_or(NO_DUP, article_no));
        for (gone, keep) in &a.merged {
            self.merged.insert(article_no(gone), article_no(keep));
        }
    }

    fn root(&self, mut s: u32) -> u32 {
        while let Some(&p) = self.merged.get(&s) {
            if p == s {
                break;
            }
            s = p;
        }
        s
    }
}

/// B-cubed F1 of a predicted labelling against a gold one (same order, same length).
pub fn bcubed_f1<G: std::hash::Hash + Eq, P: std::hash::Hash + Eq>(gold: &[G], pred: &[P]) -> f64 {
    bcubed(gold, pred).2
}

/// B-cubed precision, recall and F1 of a predicted clustering against gold labels (item `i` of
/// each slice is the same item).
pub fn bcubed<G: std::hash::Hash + Eq, P: std::hash::Hash + Eq>(
    gold: &[G],
    pred: &[P],
) -> (f64, f64, f64) {
    let n = gold.len().min(pred.len());
    if n == 0 {
        return (1.0, 1.0, 1.0);
    }
    let mut joint: FxHashMap<(&G, &P), f64> = FxHashMap::default();
    let mut gsize: FxHashMap<&G, f64> = FxHashMap::default();
    let mut psize: FxHashMap<&P, f64> = FxHashMap::default();
    for i in 0..n {
        *joint.entry((&gold[i], &pred[i])).or_insert(0.0) += 1.0;
        *gsize.entry(&gold[i]).or_insert(0.0) += 1.0;
        *psize.entry(&pred[i]).or_insert(0.0) += 1.0;
    }
    let (mut p, mut r) = (0.0, 0.0);
    for ((g, q), c) in &joint {
        p += c * c / psize[q];
        r += c * c / gsize[g];
    }
    p /= n as f64;
    r /= n as f64;
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}
