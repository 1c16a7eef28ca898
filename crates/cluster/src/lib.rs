//! Deduplication and online story clustering.
//!
//! Articles arrive one at a time, in stream order, and each is placed at once: first the
//! duplicate checks (same canonical URL, same normalised text, near-copy by word-shingle Jaccard),
//! then the story search. Stories are term-frequency centroids weighted, when scored, with the
//! current idf of online document frequencies (so early articles' idf is not frozen in); the
//! candidate stories for an article come from an inverted index over the stories still inside the
//! time window, so the work per article does not grow with the store. Besides the whole-text
//! cosine, an article is compared with a story through its names and through its lede (headline
//! and first sentence) against the story's ledes: an angle piece (a painter's room in a reopened
//! gallery, the cameras behind a congestion charge) names its news peg in the lede even when its
//! body wanders off. An article that links two stories strongly merges them; the older story's id
//! survives and the other redirects to it.
//!
//! The clusterer holds only what its windows need: the stories in the candidate window, the
//! articles in the dedup window, and term statistics that are halved as the stream goes on. A
//! story that leaves the window, or is merged away, gives its slot back at the next compaction.
//! The record of every article's placement, which `storyline cluster` prints at the end of a
//! stream, is kept only by a clusterer made with [`Clusterer::new`]; the desk stores each
//! placement as it is made and runs a [`Clusterer::live`] one, whose memory does not grow with
//! the store.
//!
//! Everything is deterministic: the same articles in the same order give the same ids. After a
//! restart the desk does not replay its whole store: it puts the newest stored placements back
//! ([`Clusterer::restore`]) and carries on; it replays everything only when the placements were
//! made with another [`EDITION`] or configuration.

// `u64::is_multiple_of` needs Rust 1.87; the workspace supports 1.85.
#![allow(clippy::manual_is_multiple_of)]

pub mod cli;
mod dedup;
mod features;
mod input;
mod lang;
mod ledger;
mod masthead;
mod short;
pub mod synth;
mod url;

pub use crate::input::{parse_item_line, InputError};
pub use crate::short::HeadlineConfig;
pub use crate::url::{canonicalize_url, is_site_root};

use chrono::{DateTime, Utc};
use dedup::Dedup;
use features::{SparseVec, Stopwords};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::VecDeque;
use std::sync::Arc;
use storyline_core::text::decode_entities;

/// The clusterer's edition. Raise it whenever a change places articles differently: the desk
/// remembers the edition (and configuration) its stored placements were made with, and when
/// either changed it regroups the whole store at its next start instead of carrying on from the
/// stored placements.
///
/// 2: place names in Chinese and Japanese text (before 县, 省, 県, 市) count as names.
/// 3: articles in ten other languages (see `lang`) are told by their function words, which are
/// then stop words for them; German nouns are no names.
/// 4: a word German articles of the stream have written as a noun is no name in the next ones.
/// 5: Korean words are taken without their particles and endings, and give a term per pair of
/// letters; Korean places (before 시, 구, 읍) count as names. Indonesian (and Malay) and
/// Vietnamese articles are told by their function words.
/// 6: a Chinese, Japanese or Korean place the stream has seen with its mark is a name wherever it
/// stands later.
/// 7: Korean compounds that end in a word such as 연구 or 인구 ("공동연구") name no place.
pub const EDITION: u32 = 7;

/// One article as the clusterer sees it. Every field but `id` may be missing.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Item {
    pub id: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub published: Option<DateTime<Utc>>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    /// `<link rel=canonical>` when the page had one.
    #[serde(default)]
    pub canonical_url: Option<String>,
}

impl Item {
    /// Title and text as read, character references decoded ("Fed&#39;s" would otherwise
    /// tokenize to a figure, 39, shared by every escaped headline). A headline-length line of
    /// text with no title is the headline: headline sets come with the headline in either field.
    fn words(&self) -> (Cow<'_, str>, Cow<'_, str>) {
        let title = decode_entities(self.title.as_deref().unwrap_or(""));
        let text = decode_entities(self.text.as_deref().unwrap_or(""));
        if title.trim().is_empty()
            && !text.trim().contains('\n')
            && storyline_core::text::word_count(&text) <= HEADLINE_MAX_WORDS
        {
            return (text, Cow::Borrowed(""));
        }
        (title, text)
    }
}

/// The longest text (in words) that, given without a title, is taken for a headline.
const HEADLINE_MAX_WORDS: usize = 30;

/// Where one article went.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Assignment {
    /// The story id: the id of the article that founded the story.
    pub story: String,
    /// The article this one copies, when it is a duplicate.
    pub duplicate_of: Option<String>,
    /// Stories merged by this article: `(absorbed, into)`.
    pub merged: Vec<(String, String)>,
}

/// Tunables. The defaults serve live news, headline-only and full-text alike: the join threshold
/// moves with the article's length (see [`Config::join_threshold`]).
#[derive(Debug, Clone)]
pub struct Config {
    /// Cosine similarity to join a story, for headline-length articles.
    pub join_short: f32,
    /// Cosine similarity to join a story, for full-length articles.
    pub join_long: f32,
    /// Distinct content terms at or below which an article counts as headline-length.
    pub short_terms: usize,
    /// Distinct content terms at or above which an article counts as full-length.
    pub long_terms: usize,
    /// Centroid cosine at which two stories an article links are merged into one.
    pub merge: f32,
    /// Share of the best single member's cosine in the article-story similarity (the rest is the
    /// centroid's).
    pub item_weight: f32,
    /// The article-story similarity is at least this times the cosine of their names
    /// (capitalised words in running text): articles on one event from different angles share
    /// names more than vocabulary. 0 turns it off.
    pub name_weight: f32,
    /// The article-story similarity is at least this times the cosine of the article's lede
    /// (headline and first `lede_words` words) with the story (0 turns it off): an angle piece
    /// names its news peg in the lede, and its body wanders off.
    pub lede_weight: f32,
    /// The lede counts only for a story whose content cosine reaches this share of the join
    /// threshold: it confirms a story the article already leans to, it does not find one.
    pub lede_floor: f32,
    /// Body words (stop words included) that make the lede.
    pub lede_words: usize,
    /// Share of the similarity lost when none of the headline's names (weighted by idf) occur in
    /// the story: a quake in another town, a ruling on another case.
    pub headline_conflict: f32,
    /// A second candidate story is checked for a merge when its similarity reaches this share of
    /// the join threshold.
    pub merge_trigger: f32,
    /// Centroid cosine at which the periodic merge pass joins two stories in the window (one of
    /// them updated since the last pass). 0 turns the pass off.
    pub merge_pass: f32,
    /// Story centroids keep term frequencies and are weighted with the current idf when they are
    /// scored (instead of the idf each article had when it joined).
    pub idf_at_score: bool,
    /// A story that is still this small `absorb_delay` articles after it was founded joins the
    /// story whose centroid is closest when their cosine reaches `absorb` (0 turns it off): its
    /// first article found nothing close enough, but the stories around it have grown since.
    pub absorb: f32,
    pub absorb_size: u32,
    pub absorb_delay: u64,
    /// Articles between merge passes.
    pub merge_every: u64,
    /// Candidate stories checked per updated story in a merge pass.
    pub merge_candidates: usize,
    /// Stories whose latest article is this long (in published time) before the stream's clock
    /// leave the candidate window.
    pub window_hours: f64,
    /// Stories not updated for this many articles leave the window (for undated streams, and
    /// streams not in published order).
    pub window_items: u64,
    /// A story takes no article published this many hours after its first one (0 turns it
    /// off): a subject covered for months (a war, a trial) becomes a series of stories, linked
    /// as related, instead of one that grows without end. Generous (90 days), because a gold
    /// story of a dated stream may run for weeks, and splitting it costs recall.
    pub max_story_hours: f64,
    /// A gap of `gap` hours between an article and a story's latest article multiplies their
    /// similarity by `exp(-gap / decay_hours)` (only when both have dates; 0 turns it off).
    /// Headline-only articles use [`HeadlineConfig::decay_hours`] instead.
    pub decay_hours: f64,
    /// Duplicates are looked for among articles this recent (hours of published time).
    pub dedup_window_hours: f64,
    /// Duplicates are looked for among this many most recent articles.
    pub dedup_window_items: u64,
    /// Terms kept per article vector.
    pub doc_terms: usize,
    /// Terms kept per story centroid.
    pub story_terms: usize,
    /// An article's strongest terms that are looked up in the story index.
    pub query_terms: usize,
    /// Stories scored exactly per article.
    pub candidates: usize,
    /// Most recent stories kept per index term.
    pub posting_cap: usize,
    /// Weight of a title word relative to a body word.
    pub title_weight: f32,
    /// Extra weight of names and numbers.
    pub salient_weight: f32,
    /// Word-shingle Jaccard at or above which two texts are near-copies.
    pub near_dup_jaccard: f32,
    /// Share of the shorter text's shingles found in the longer one that also makes a near-copy
    /// (a copy with a paragraph added or cut).
    pub near_dup_containment: f32,
    /// Words an article needs before its text is compared for near-copies.
    pub near_dup_min_words: usize,
    /// Words a headline-only article needs before an identical headline counts as a copy.
    pub exact_dup_min_words: usize,
    /// How articles with a headline and no body text are compared with stories.
    pub headline: HeadlineConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            join_short: 0.12,
            join_long: 0.12,
            short_terms: 10,
            long_terms: 120,
            merge: 0.2,
            merge_pass: 0.0,
            merge_every: 32,
            idf_at_score: true,
            absorb: 0.0,
            absorb_size: 1,
            absorb_delay: 256,
            merge_candidates: 8,
            item_weight: 0.0,
            merge_trigger: 0.8,
            headline_conflict: 0.0,
            lede_weight: 0.6,
            lede_words: 40,
            lede_floor: 0.3,
            name_weight: 0.4,
            window_hours: 336.0,
            window_items: 200_000,
            max_story_hours: 2160.0,
            decay_hours: 2000.0,
            dedup_window_hours: 72.0,
            dedup_window_items: 30_000,
            doc_terms: 60,
            story_terms: 100,
            query_terms: 10,
            candidates: 32,
            posting_cap: 64,
            title_weight: 2.0,
            salient_weight: 1.5,
            near_dup_jaccard: 0.35,
            near_dup_containment: 0.6,
            near_dup_min_words: 30,
            exact_dup_min_words: 6,
            headline: HeadlineConfig::default(),
        }
    }
}

impl Config {
    /// The join threshold for an article with `terms` distinct content terms: `join_short` up to
    /// `short_terms`, `join_long` from `long_terms`, interpolated on a log scale in between.
    /// Short texts share few words by chance, so their cosines run noisier and need a higher bar.
    pub fn join_threshold(&self, terms: usize) -> f32 {
        let n = terms.max(1) as f32;
        let lo = self.short_terms.max(1) as f32;
        let hi = (self.long_terms as f32).max(lo + 1.0);
        if n <= lo {
            return self.join_short;
        }
        if n >= hi {
            return self.join_long;
        }
        let f = (n.ln() - lo.ln()) / (hi.ln() - lo.ln());
        self.join_short + f * (self.join_long - self.join_short)
    }
}

/// The earlier of two optional times (a missing one does not count).
fn earliest(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

/// A story while it is inside the window.
#[derive(Debug, Default)]
struct Story {
    /// Article index of the founding article.
    founder: u32,
    /// The founding article's id: the story's id.
    id: Arc<str>,
    /// The story's number: stories are numbered in the order they were founded (the slot a
    /// story occupies changes when the slots are compacted, its number does not).
    no: u32,
    centroid: FxHashMap<u64, f32>,
    norm2: f32,
    /// With idf applied at scoring: `(seq, norm)` of the idf-weighted centroid when last
    /// computed (`seq` = `STALE`: must be computed).
    norm_cache: std::cell::Cell<(u64, f32)>,
    /// Centroid of the name vectors (capitalised words in running text).
    ent: FxHashMap<u64, f32>,
    ent_norm2: f32,
    /// Centroid of the members' ledes (tf weights, idf applied at scoring).
    lede: FxHashMap<u64, f32>,
    /// `(seq, norm)` of the idf-weighted lede centroid when last computed.
    lede_norm: std::cell::Cell<(u64, f32)>,
    size: u32,
    last_seq: u64,
    last_time: Option<i64>,
    /// Publication time of the earliest dated member.
    first_time: Option<i64>,
    indexed: FxHashSet<u64>,
    /// The most recent member vectors (for best-item similarity).
    members: Vec<SparseVec>,
    /// Still in the window and not merged away.
    alive: bool,
}

impl Story {
    fn norm(&self) -> f32 {
        self.norm2.max(0.0).sqrt()
    }

    fn add_vec(&mut self, v: &SparseVec) {
        for &(t, w) in &v.terms {
            let c = self.centroid.entry(t).or_insert(0.0);
            self.norm2 += 2.0 * *c * w + w * w;
            *c += w;
        }
        self.norm_cache.set((STALE, 0.0));
    }

    /// Adds tf weights; keeps the cached idf-weighted norm current for the added terms (the
    /// others keep the idf they were weighted with until the cache is refreshed).
    fn add_tf(&mut self, v: &SparseVec, idf: &[f32]) {
        let (at, n) = self.norm_cache.get();
        let mut n2 = n * n;
        for (&(t, w), &i) in v.terms.iter().zip(idf) {
            let c = self.centroid.entry(t).or_insert(0.0);
            n2 += (2.0 * *c * w + w * w) * i * i;
            *c += w;
        }
        self.norm_cache.set((at, n2.max(0.0).sqrt()));
    }

    fn add_centroid(&mut self, other: &Story) {
        for (&t, &w) in &other.centroid {
            *self.centroid.entry(t).or_insert(0.0) += w;
        }
        self.norm2 = self.centroid.values().map(|w| w * w).sum();
        self.norm_cache.set((STALE, 0.0));
        for (&t, &w) in &other.ent {
            *self.ent.entry(t).or_insert(0.0) += w;
        }
        for (&t, &w) in &other.lede {
            *self.lede.entry(t).or_insert(0.0) += w;
        }
        self.lede_norm.set((STALE, 0.0));
        self.ent_norm2 = self.ent.values().map(|w| w * w).sum();
    }

    /// Adds a lede's tf weights; above `2 * keep` terms, keeps the `keep` strongest by
    /// `weight(term, value)` (the current idf-weighted value).
    fn add_lede(&mut self, v: &SparseVec, keep: usize, weight: impl Fn(u64, f32) -> f32) {
        for &(t, w) in &v.terms {
            *self.lede.entry(t).or_insert(0.0) += w;
        }
        self.lede_norm.set((STALE, 0.0));
        if self.lede.len() > 2 * keep {
            let mut all: Vec<(u64, f32, f32)> = self
                .lede
                .drain()
                .map(|(t, c)| (t, c, weight(t, c)))
                .collect();
            all.sort_unstable_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
            all.truncate(keep);
            self.lede.extend(all.into_iter().map(|(t, c, _)| (t, c)));
        }
    }

    fn add_ent(&mut self, v: &SparseVec, story_terms: usize) {
        for &(t, w) in &v.terms {
            let c = self.ent.entry(t).or_insert(0.0);
            self.ent_norm2 += 2.0 * *c * w + w * w;
            *c += w;
        }
        if self.ent.len() > 2 * story_terms {
            let mut all: Vec<(u64, f32)> = self.ent.drain().collect();
            all.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            all.truncate(story_terms);
            self.ent.extend(all);
            self.ent_norm2 = self.ent.values().map(|w| w * w).sum();
        }
    }

    /// Keeps the `keep` terms with the largest `weight(term, value)`; `seq` is the point of the
    /// stream the weights were computed at (for the cached norm of the weighted centroid).
    fn prune(&mut self, keep: usize, seq: u64, weight: impl Fn(u64, f32) -> f32) {
        let mut all: Vec<(u64, f32, f32)> = self
            .centroid
            .drain()
            .map(|(t, c)| (t, c, weight(t, c)))
            .collect();
        if all.len() > keep {
            all.sort_unstable_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
            all.truncate(keep);
        }
        let n = all.iter().map(|x| x.2 * x.2).sum::<f32>().sqrt();
        self.centroid
            .extend(all.into_iter().map(|(t, c, _)| (t, c)));
        self.norm2 = self.centroid.values().map(|w| w * w).sum();
        self.norm_cache.set((seq, n));
    }
}

/// An article as vectors: TF-IDF terms (unit length), the same terms' tf weights on the same
/// scale (for centroids scored with current idf), names, headline names, and the number of
/// distinct content terms.
struct Vectors {
    vec: SparseVec,
    raw: SparseVec,
    /// The idf of each term of `vec`.
    idf: Vec<f32>,
    ents: SparseVec,
    heads: SparseVec,
    /// Headline and lede: tf-idf (unit), tf on the same scale, and idf per term.
    lede: SparseVec,
    lede_raw: SparseVec,
    lede_idf: Vec<f32>,
    distinct: usize,
    /// For a headline-only article: its single words (not word pairs) with their idf.
    headline: Option<(Vec<(u64, f32)>, bool)>,
}

/// Where a recent article went: enough to place a later copy of it.
#[derive(Debug)]
struct Recent {
    id: Arc<str>,
    story: StoryRef,
    /// The original (index and id), when this article is itself a copy.
    orig: Option<(u32, Arc<str>)>,
}

/// A recent article's story: its slot while the story is held, or, once the story has left the
/// window, its number and id (a copy arriving late still joins it, as it is).
#[derive(Debug, Clone)]
enum StoryRef {
    Slot(u32),
    Gone(u32, Arc<str>),
}

/// The online clusterer: feed it articles in stream order.
#[derive(Debug)]
pub struct Clusterer {
    cfg: Config,
    stop: Stopwords,
    /// Articles added so far.
    added: u32,
    /// The articles inside the dedup window (the ones a copy can name as its original), the
    /// first of them being article `recent_base`.
    recent: VecDeque<Recent>,
    recent_base: u32,
    /// Every article's placement, when the caller wants the stream's final assignment
    /// ([`Clusterer::new`]; the live pipeline stores placements instead: [`Clusterer::live`]).
    ledger: Option<ledger::Ledger>,
    /// The stories held: those in the window, and those merged away or evicted since the last
    /// compaction (see [`Clusterer::compact`]). Slots are in order of founding.
    stories: Vec<Story>,
    /// Number of the next story founded.
    next_no: u32,
    /// Union-find parent per story slot (merged stories point to their survivor).
    parent: Vec<u32>,
    /// Stories inside the window.
    active: Vec<u32>,
    /// term -> stories indexed under it, oldest first.
    index: FxHashMap<u64, Vec<u32>>,
    /// Online document frequencies (decayed) and document count.
    df: FxHashMap<u64, f32>,
    docs: f32,
    dedup: Dedup,
    seq: u64,
    /// The stream's clock: the span of published time recent articles fall in.
    clock: Clock,
    sweeps: u64,
    /// `seq` at the last merge pass.
    last_pass: u64,
    /// New stories due for a second look (`seq` due, story), oldest first.
    recheck: std::collections::VecDeque<(u64, u32)>,
    /// Debug tracing of candidate scores to stderr (`STORYLINE_CLUSTER_TRACE` set).
    trace: bool,
    /// Housekeeping every this many articles ([`SWEEP_EVERY`]; tests sweep more often), and
    /// whether it compacts the story slots (tests compare with a clusterer that does not).
    sweep_every: u64,
    compacts: bool,
    trace_id: String,
    /// How each term is spread over stories (for headline-only articles).
    spread: short::Spread,
    /// Outlets' names that end headlines, to drop them before tokenizing.
    mastheads: masthead::Mastheads,
    /// Terms the stream has written capitalised mid-sentence (as names), each with whether it
    /// has since been written in lower case too: the evidence that tells a headline's first
    /// word, capitalised by position, for a name ("Sbarro files for bankruptcy") or not
    /// ("Stocks slip on news from Asia"). Only names are kept, so the map stays small and the
    /// lookup per lower-case word cheap.
    capitalised: FxHashMap<u64, bool>,
    /// Terms German articles of the stream have written as nouns (after an article or a number,
    /// or with a noun's ending): no name in any German article, even where a preposition stands
    /// before it ("nach Angaben") or it opens a clause. Forgotten with the document frequencies.
    german_nouns: FxHashSet<u64>,
    /// Chinese, Japanese and Korean place names the stream has seen written with their mark
    /// ("雅安" of "雅安市", "포항" of "포항시"): names wherever they stand later ("雅安地震",
    /// "포항 지진"), as a headline seldom writes the mark. Forgotten with the document
    /// frequencies.
    places: FxHashSet<u64>,
    /// While stored articles are being put back ([`Clusterer::restore`]): the slot of each
    /// story restored so far, by id. Dropped at the first [`Clusterer::add`].
    restoring: Option<FxHashMap<Box<str>, u32>>,
}

impl Default for Clusterer {
    fn default() -> Self {
        Self::new(Config::default())
    }
}

/// Halve document frequencies every this many documents, so idf follows the news and the table
/// stays bounded.
const DF_HALF_LIFE: u64 = 100_000;
/// Share of the articles seen after which a story's cached idf-weighted norm is recomputed (idf
/// settles as the stream grows, so the refresh gets rarer; in between, the norm is kept current
/// for the terms articles add).
const NORM_REFRESH: f64 = 0.1;
/// A cached norm that must be computed.
const STALE: u64 = u64::MAX;
/// Member vectors kept per story for best-item similarity.
const MEMBER_CAP: usize = 8;
/// Terms a story's lede centroid keeps when it is pruned (it is pruned at twice as many).
const LEDE_TERMS: usize = 32;
/// Housekeeping (window eviction) every this many articles.
const SWEEP_EVERY: u64 = 2048;

/// The stream's clock, read from the published times of the last [`Clock::SAMPLE`] dated
/// articles: the span from the time a tenth of them are older than to the time a tenth are newer
/// than. A story leaves the window when it ended `window_hours` before that span. (A story dated
/// after it, as in a stream read newest first, stays until `window_items` articles have passed:
/// a file that runs source by source, each in time order, comes back to it.)
///
/// Taking the newest time seen instead would let one article dated ahead of the rest, or a
/// stream that is not in published order (a file sorted by id or newest first, or read source
/// by source), push every story out of the window at once, and each later article would start a
/// story of its own. The span's low end follows a stream in published order closely
/// (about 250 articles behind), and stays near the start when the order is random, leaving the
/// window to the article count.
#[derive(Debug, Default)]
struct Clock {
    /// The span as last read; `None` before the first dated article.
    span: Option<(i64, i64)>,
    recent: Vec<i64>,
    next: usize,
    seen: u64,
    scratch: Vec<i64>,
}

impl Clock {
    const SAMPLE: usize = 256;
    /// Once the sample is full, the clock is read again every this many dated articles.
    const EVERY: u64 = 32;

    /// Records one article's published time, and reads the span again when due.
    fn observe(&mut self, t: i64) {
        if self.recent.len() < Self::SAMPLE {
            self.recent.push(t);
        } else {
            self.recent[self.next] = t;
            self.next = (self.next + 1) % Self::SAMPLE;
        }
        self.seen += 1;
        if self.recent.len() == Self::SAMPLE && self.seen % Self::EVERY != 0 {
            return;
        }
        self.scratch.clear();
        self.scratch.extend_from_slice(&self.recent);
        let n = self.scratch.len();
        let lo = Self::low(&mut self.scratch);
        let hi = *self.scratch.select_nth_unstable(n - 1 - n / 10).1;
        self.span = Some((lo, hi));
    }

    /// The span's low end over `times` (not empty): the time a tenth of them are older than.
    fn low(times: &mut [i64]) -> i64 {
        let n = times.len();
        *times.select_nth_unstable(n / 10).1
    }
}

/// Articles the clock reads its span from: a clusterer picking up after a restart
/// ([`restore_cutoff`]) reads the same number of the newest stored ones.
pub const CLOCK_SAMPLE: usize = Clock::SAMPLE;

/// Hours of margin [`restore_cutoff`] adds to the time window.
const RESTORE_MARGIN_HOURS: f64 = 24.0;

/// The time (Unix seconds) before which a stored article no longer matters to a clusterer
/// picking up after a restart, given the published times of the newest [`CLOCK_SAMPLE`]
/// placed articles (`None` for none): a story whose newest article is older than the time
/// window (`window_hours` before the clock's low end, read from those times as the clusterer
/// reads it) takes no more articles, and the dedup window is shorter. A day of margin is added.
pub fn restore_cutoff(cfg: &Config, newest: &mut [i64]) -> Option<i64> {
    if newest.is_empty() {
        return None;
    }
    let hours = cfg.window_hours + RESTORE_MARGIN_HOURS;
    Some(Clock::low(newest).saturating_sub((hours * 3600.0) as i64))
}

impl Clusterer {
    /// A fresh clusterer that also records every article's placement (its id, story number and
    /// original), for [`Clusterer::assignments`] at the end of a stream.
    pub fn new(config: Config) -> Self {
        Clusterer {
            ledger: Some(ledger::Ledger::default()),
            ..Self::live(config)
        }
    }

    /// A fresh clusterer for a stream with no end: it keeps no record of past placements (the
    /// caller stores each [`Assignment`] as it comes), so its memory is bounded by the window.
    pub fn live(config: Config) -> Self {
        Clusterer {
            dedup: Dedup::new(&config),
            cfg: config,
            stop: Stopwords::new(),
            added: 0,
            recent: VecDeque::new(),
            recent_base: 0,
            ledger: None,
            stories: Vec::new(),
            next_no: 0,
            parent: Vec::new(),
            active: Vec::new(),
            index: FxHashMap::default(),
            df: FxHashMap::default(),
            docs: 0.0,
            seq: 0,
            clock: Clock::default(),
            sweeps: 0,
            last_pass: 0,
            recheck: std::collections::VecDeque::new(),
            trace: std::env::var_os("STORYLINE_CLUSTER_TRACE").is_some(),
            sweep_every: SWEEP_EVERY,
            compacts: true,
            trace_id: String::new(),
            spread: short::Spread::default(),
            mastheads: masthead::Mastheads::default(),
            capitalised: FxHashMap::default(),
            german_nouns: FxHashSet::default(),
            places: FxHashSet::default(),
            restoring: None,
        }
    }

    /// Teaches the document frequencies one article without placing it (to prime idf from an
    /// archive before a stream starts).
    pub fn learn_df(&mut self, item: &Item) {
        let (title, text) = item.words();
        let title = self.mastheads.strip(&title, item.source.as_deref());
        let toks = features::tokenize(title, &text, &self.stop);
        let mut seen = FxHashSet::default();
        for t in toks.toks.iter().filter(|t| !t.stop) {
            if seen.insert(t.term) {
                *self.df.entry(t.term).or_insert(0.0) += 1.0;
            }
        }
        self.docs += 1.0;
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.cfg
    }

    /// Number of articles added.
    pub fn len(&self) -> usize {
        self.added as usize
    }

    /// Whether no article was added yet.
    pub fn is_empty(&self) -> bool {
        self.added == 0
    }

    /// Story slots held (in the window, or left since the last compaction).
    pub fn held_stories(&self) -> usize {
        self.stories.len()
    }

    /// Stories currently inside the window.
    pub fn active_stories(&self) -> usize {
        self.active.len()
    }

    fn find(&self, mut s: u32) -> u32 {
        while self.parent[s as usize] != s {
            s = self.parent[s as usize];
        }
        s
    }

    fn find_compress(&mut self, s: u32) -> u32 {
        let root = self.find(s);
        let mut cur = s;
        while self.parent[cur as usize] != root {
            let next = self.parent[cur as usize];
            self.parent[cur as usize] = root;
            cur = next;
        }
        root
    }

    fn story_id(&self, s: u32) -> String {
        self.stories[self.find(s) as usize].id.to_string()
    }

    /// Puts a stored article back where the store says it went, without scoring it: into the
    /// story with id `story`, as a copy of the article with id `duplicate_of` when it is one.
    /// This is how a live clusterer picks up after a restart: the caller restores the newest
    /// stored articles (a window's worth), oldest first, then [adds](Clusterer::add) the new
    /// ones. Each restored article counts in the stream as if it had been added (document
    /// frequencies, the clock, the dedup window, its story's vectors), but nothing is decided:
    /// stories keep the ids and members the store gave them, even when the configuration has
    /// changed since, and no merge happens. A story whose founding article is not restored
    /// counts as older than every restored one (it was founded before them).
    ///
    /// Returns false, and does nothing, once an article has been added, or on a clusterer that
    /// records every placement ([`Clusterer::new`]), whose record could not name the stories
    /// founded before the restored articles.
    pub fn restore(&mut self, item: &Item, story: &str, duplicate_of: Option<&str>) -> bool {
        if self.ledger.is_some() || (self.added > 0 && self.restoring.is_none()) {
            return false;
        }
        let mut slots = self.restoring.take().unwrap_or_default();
        let (idx, time, toks) = self.arrive(item);
        let copy = duplicate_of.is_some();
        self.dedup
            .insert(idx, item, &toks, time, self.seq, &self.cfg, Some(copy));
        let s = match slots.get(story) {
            Some(&s) if self.stories[s as usize].alive => s,
            // New here, or left the window while being restored (it goes on in a new slot).
            _ => {
                let founder = if story == item.id { idx } else { 0 };
                let s = self.found(founder, Arc::from(story));
                slots.insert(story.into(), s);
                s
            }
        };
        let orig = match duplicate_of {
            Some(d) => {
                let st = &mut self.stories[s as usize];
                st.last_seq = self.seq;
                if time.is_some() {
                    st.last_time = time.max(st.last_time);
                    st.first_time = earliest(st.first_time, time);
                }
                // (Only a ledger reads the original's index, and a restoring clusterer has none.)
                Some((u32::MAX, Arc::from(d)))
            }
            None => {
                let v = self.vectorize(&toks);
                self.enter(s, &v, time);
                None
            }
        };
        let id = if story == item.id {
            self.stories[s as usize].id.clone()
        } else {
            Arc::from(item.id.as_str())
        };
        if self.recent.is_empty() {
            self.recent_base = idx;
        }
        self.recent.push_back(Recent {
            id,
            story: StoryRef::Slot(s),
            orig,
        });
        self.restoring = Some(slots);
        if self.seq % self.sweep_every == 0 {
            self.sweep();
        }
        true
    }

    /// Counts `item` into the stream: its index, its published time when plausible (the clock
    /// reads it in any case), and its tokens (the title without an outlet's name ending it).
    fn arrive(&mut self, item: &Item) -> (u32, Option<i64>, features::Tokens) {
        let idx = self.added;
        self.added += 1;
        self.seq += 1;
        let dated = item.published.map(|t| t.timestamp());
        let time = dated.filter(|&t| self.plausible_time(t));
        if let Some(t) = dated {
            self.clock.observe(t);
        }
        let (title, text) = item.words();
        let title = self.mastheads.strip(&title, item.source.as_deref());
        let mut toks = features::tokenize(title, &text, &self.stop);
        if toks.lang == Some(lang::Lang::German) {
            self.learn_german_nouns(&mut toks);
        }
        if toks.toks.iter().any(|t| t.cjk) {
            self.learn_places(&mut toks);
        }
        (idx, time, toks)
    }

    /// Adds a German article's nouns to the stream's memory, and takes the name from the
    /// capitalised words the stream has seen as nouns before.
    fn learn_german_nouns(&mut self, toks: &mut features::Tokens) {
        for t in &toks.toks {
            if t.noun {
                self.german_nouns.insert(t.term);
            }
        }
        for t in &mut toks.toks {
            if t.upper && !t.digit && !t.noun && self.german_nouns.contains(&t.term) {
                t.make_noun();
            }
        }
    }

    /// Adds an article's Chinese, Japanese and Korean place names to the stream's memory, and
    /// makes names of the pairs the stream has seen as places.
    fn learn_places(&mut self, toks: &mut features::Tokens) {
        for t in &toks.toks {
            if t.cjk && t.name {
                self.places.insert(t.term);
            }
        }
        for t in &mut toks.toks {
            if t.cjk && !t.stop && !t.name && self.places.contains(&t.term) {
                t.name = true;
                t.salient = true;
            }
        }
    }

    /// Adds one article and says where it went.
    pub fn add(&mut self, item: &Item) -> Assignment {
        if self.restoring.take().is_some() {
            // Restored stories are not due for a merge pass: the store already says what
            // they are.
            self.last_pass = self.seq;
        }
        if self.trace {
            self.trace_id = item.id.clone();
        }
        let (idx, time, toks) = self.arrive(item);

        let dup = self
            .dedup
            .insert(idx, item, &toks, time, self.seq, &self.cfg, None)
            .and_then(|(d, _kind)| {
                // `recent` holds every article the dedup window does, so it has this one.
                let r = self.recent.get(d.checked_sub(self.recent_base)? as usize)?;
                let orig = r.orig.clone().unwrap_or_else(|| (d, r.id.clone()));
                Some((r.story.clone(), orig))
            });
        let mut merged = Vec::new();
        let (story, orig) = match dup {
            Some((StoryRef::Slot(s), orig)) => {
                let s = self.find_compress(s);
                let st = &mut self.stories[s as usize];
                st.last_seq = self.seq;
                if time.is_some() {
                    st.last_time = time.max(st.last_time);
                    st.first_time = earliest(st.first_time, time);
                }
                (StoryRef::Slot(s), Some(orig))
            }
            Some((gone, orig)) => (gone, Some(orig)),
            None => {
                let (s, m) = self.place(idx, &item.id, &toks, time);
                merged = m;
                (StoryRef::Slot(s), None)
            }
        };
        let (story_no, id) = match &story {
            StoryRef::Slot(s) => {
                let st = &self.stories[*s as usize];
                // A story's founder shares its id with it.
                let id = if st.founder == idx {
                    st.id.clone()
                } else {
                    Arc::from(item.id.as_str())
                };
                (st.no, id)
            }
            StoryRef::Gone(no, _) => (*no, Arc::from(item.id.as_str())),
        };
        if let Some(l) = &mut self.ledger {
            l.push(&item.id, story_no, orig.as_ref().map(|o| o.0));
        }
        let duplicate_of = orig.as_ref().map(|o| o.1.to_string());
        if self.recent.is_empty() {
            self.recent_base = idx;
        }
        self.recent.push_back(Recent {
            id,
            story: story.clone(),
            orig,
        });
        if (self.cfg.merge_pass > 0.0 || self.cfg.absorb > 0.0)
            && self.seq % self.cfg.merge_every.max(1) == 0
        {
            merged.extend(self.merge_pass());
        }
        let asg = Assignment {
            // (After the merge pass, which may have moved the story.)
            story: match story {
                StoryRef::Slot(s) => self.story_id(s),
                StoryRef::Gone(_, id) => id.to_string(),
            },
            duplicate_of,
            merged: merged
                .iter()
                .map(|&(a, b)| (self.story_id_raw(a), self.story_id_raw(b)))
                .collect(),
        };
        if let Some(l) = &mut self.ledger {
            if !merged.is_empty() {
                let pairs = merged
                    .iter()
                    .map(|&(a, b)| (self.stories[a as usize].no, self.stories[b as usize].no))
                    .collect();
                l.caused(idx, pairs);
            }
        }
        if self.seq % self.sweep_every == 0 {
            self.sweep();
        }
        asg
    }

    /// The founding article's id of story `s` itself (not following merges).
    fn story_id_raw(&self, s: u32) -> String {
        self.stories[s as usize].id.to_string()
    }

    /// Term frequencies of content tokens, title words and names weighted up as configured. In a
    /// `title_case` title only figures count as salient: there a capital marks no name.
    fn term_weights(&self, toks: &[features::Token], title_case: bool) -> FxHashMap<u64, f32> {
        let mut tf: FxHashMap<u64, f32> = FxHashMap::default();
        for t in toks.iter().filter(|t| !t.stop) {
            let mut w = if t.in_title {
                self.cfg.title_weight
            } else {
                1.0
            };
            if t.salient && (t.digit || !(title_case && t.in_title)) {
                w *= self.cfg.salient_weight;
            }
            *tf.entry(t.term).or_insert(0.0) += w;
        }
        tf
    }

    /// TF-IDF vector of an article, truncated to its strongest terms; also the number of
    /// distinct content terms before truncation.
    fn vectorize(&mut self, toks: &features::Tokens) -> Vectors {
        // Names: capitalised words in running text. A title counts only when it is not in
        // Title Case (where every word is capitalised and capitals say nothing).
        let title = &toks.toks[..toks.title_words];
        let title_names = toks.body_words == 0 && !toks.title_case;
        // In the same pass, the case evidence for a headline's first word (see `lead_name`;
        // this article's own words count): names from running text (not a Title Case
        // headline, where every word is capitalised), lower case from anywhere.
        let mut ent_tf: FxHashMap<u64, f32> = FxHashMap::default();
        for t in &toks.toks {
            if t.stop || t.digit {
                continue;
            }
            if !t.upper {
                if let Some(lower) = self.capitalised.get_mut(&t.term) {
                    *lower = true;
                }
            } else if t.name && !(toks.title_case && t.in_title) {
                self.capitalised.entry(t.term).or_insert(false);
            }
            if t.salient && t.name && (title_names || !t.in_title) {
                *ent_tf.entry(t.term).or_insert(0.0) += 1.0;
            }
        }
        let mut tf = self.term_weights(&toks.toks, toks.title_case);
        let headline_only = short::is_headline_only(toks);
        let pairs = if headline_only {
            short::add_pairs(toks, self.cfg.headline.pair_weight, &mut tf)
        } else {
            Vec::new()
        };
        let distinct = tf.len();
        let n = self.docs + 1.0;
        // The headline's names: what event this is (where, who). In a sentence-case headline a
        // capital marks a name; in Title Case it does not, so there a headline word counts when
        // the body also capitalises it mid-sentence.
        let title_case = toks.title_case;
        let body_names: FxHashSet<u64> = if title_case {
            toks.toks[toks.title_words..]
                .iter()
                .filter(|t| t.name)
                .map(|t| t.term)
                .collect()
        } else {
            FxHashSet::default()
        };
        // A sentence-case headline's first word is capitalised by position; it is a name when
        // the stream writes it capitalised mid-sentence and never in lower case.
        let lead_name = title
            .first()
            .filter(|t| {
                !title_case
                    && !t.stop
                    && t.upper
                    && !t.digit
                    && self.capitalised.get(&t.term) == Some(&false)
            })
            .map(|t| t.term);
        let mut heads: Vec<(u64, f32)> = Vec::new();
        for t in title {
            let key = if title_case {
                !t.stop && body_names.contains(&t.term)
            } else {
                t.name || Some(t.term) == lead_name
            };
            if key && !heads.iter().any(|h| h.0 == t.term) {
                let df = self.df.get(&t.term).copied().unwrap_or(0.0);
                heads.push((t.term, ((n + 1.0) / (df + 0.5)).ln().max(0.05)));
            }
        }
        // (term, tf-idf, idf)
        let mut scored: Vec<(u64, f32, f32)> = tf
            .iter()
            .map(|(&t, &f)| {
                let df = self.df.get(&t).copied().unwrap_or(0.0);
                let idf = ((n + 1.0) / (df + 0.5)).ln().max(0.05);
                let mut tfw = if f > 1.0 { 1.0 + f.ln() } else { f };
                if headline_only && self.cfg.headline.spread > 0.0 {
                    tfw *= (-self.cfg.headline.spread * self.spread.entropy(t)).exp();
                }
                (t, tfw * idf, idf)
            })
            .collect();
        let mut ents: Vec<(u64, f32)> = ent_tf
            .iter()
            .map(|(&t, &f)| {
                let df = self.df.get(&t).copied().unwrap_or(0.0);
                let idf = ((n + 1.0) / (df + 0.5)).ln().max(0.05);
                (t, (1.0 + f.ln()) * idf)
            })
            .collect();
        ents.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ents.truncate(self.cfg.doc_terms);
        let en: f32 = ents.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if en > 0.0 {
            for t in &mut ents {
                t.1 /= en;
            }
        }
        // Document frequencies learn from every original article (copies would inflate them).
        for &t in tf.keys() {
            *self.df.entry(t).or_insert(0.0) += 1.0;
        }
        self.docs += 1.0;
        if self.seq % DF_HALF_LIFE == 0 {
            self.spread.halve();
            self.docs /= 2.0;
            self.df.retain(|_, v| {
                *v /= 2.0;
                *v >= 0.75
            });
            // The case evidence forgets words the news no longer uses, as the table does.
            let df = &self.df;
            self.capitalised.retain(|t, _| df.contains_key(t));
            self.german_nouns.retain(|t| df.contains_key(t));
            self.places.retain(|t| df.contains_key(t));
        }
        scored.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored.truncate(self.cfg.doc_terms);
        let norm: f32 = scored.iter().map(|t| t.1 * t.1).sum::<f32>().sqrt();
        let inv = if norm > 0.0 { 1.0 / norm } else { 0.0 };
        let terms: Vec<(u64, f32)> = scored.iter().map(|t| (t.0, t.1 * inv)).collect();
        // The tf part on the same scale: tf-idf / idf.
        let raw: Vec<(u64, f32)> = scored.iter().map(|t| (t.0, t.1 * inv / t.2)).collect();
        // Scoring weighs story centroids with the idf as of now (this article counted), and so
        // the article's terms too.
        let idf: Vec<f32> = scored.iter().map(|t| self.idf(t.0)).collect();
        let (lede, lede_raw, lede_idf) = if self.cfg.lede_weight > 0.0 {
            let end = (toks.title_words + self.cfg.lede_words).min(toks.toks.len());
            let ltf = self.term_weights(&toks.toks[..end], toks.title_case);
            let mut l: Vec<(u64, f32, f32)> = ltf
                .into_iter()
                .map(|(t, f)| {
                    let i = self.idf(t);
                    let tfw = if f > 1.0 { 1.0 + f.ln() } else { f };
                    (t, tfw * i, i)
                })
                .collect();
            l.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let n: f32 = l.iter().map(|t| t.1 * t.1).sum::<f32>().sqrt();
            let inv = if n > 0.0 { 1.0 / n } else { 0.0 };
            (
                l.iter().map(|t| (t.0, t.1 * inv)).collect(),
                l.iter().map(|t| (t.0, t.1 * inv / t.2)).collect(),
                l.iter().map(|t| t.2).collect(),
            )
        } else {
            (Vec::new(), Vec::new(), Vec::new())
        };
        let headline = headline_only.then(|| {
            short::coverage_words(
                &terms,
                &idf,
                &pairs,
                &heads,
                &self.spread,
                &self.cfg.headline,
            )
        });
        Vectors {
            vec: SparseVec { terms },
            raw: SparseVec { terms: raw },
            idf,
            ents: SparseVec { terms: ents },
            heads: SparseVec { terms: heads },
            lede: SparseVec { terms: lede },
            lede_raw: SparseVec { terms: lede_raw },
            lede_idf,
            distinct,
            headline,
        }
    }

    /// The current idf of a term.
    fn idf(&self, t: u64) -> f32 {
        let df = self.df.get(&t).copied().unwrap_or(0.0);
        ((self.docs + 2.0) / (df + 0.5)).ln().max(0.05)
    }

    /// Weight of a centroid entry as scored.
    fn cweight(&self, t: u64, c: f32) -> f32 {
        if self.cfg.idf_at_score {
            c * self.idf(t)
        } else {
            c
        }
    }

    /// Norm of a story centroid as scored.
    fn snorm(&self, st: &Story) -> f32 {
        if !self.cfg.idf_at_score {
            return st.norm();
        }
        self.idf_norm(&st.norm_cache, &st.centroid)
    }

    /// Norm of a story's lede centroid as scored (cached like [`Self::snorm`]).
    fn lede_norm(&self, st: &Story) -> f32 {
        self.idf_norm(&st.lede_norm, &st.lede)
    }

    /// The norm of term frequencies weighted with the current idf, cached in `cache` until
    /// `NORM_REFRESH` of the stream has passed since it was computed.
    fn idf_norm(&self, cache: &std::cell::Cell<(u64, f32)>, tf: &FxHashMap<u64, f32>) -> f32 {
        let (at, n) = cache.get();
        if at != STALE && ((self.seq - at) as f64) <= NORM_REFRESH * self.seq as f64 {
            return n;
        }
        let n = tf
            .iter()
            .map(|(&t, &c)| {
                let w = c * self.idf(t);
                w * w
            })
            .sum::<f32>()
            .sqrt();
        cache.set((self.seq, n));
        n
    }

    /// Dot product of an article vector with a story centroid as scored.
    /// (`idf`: the idf of each term of `v`.)
    fn sdot(&self, v: &SparseVec, idf: &[f32], st: &Story) -> f32 {
        if !self.cfg.idf_at_score {
            return v.dot_map(&st.centroid);
        }
        idf_dot(v, idf, &st.centroid)
    }

    fn prune_story(&mut self, s: u32, keep: usize) {
        let mut st = std::mem::take(&mut self.stories[s as usize]);
        st.prune(keep, self.seq, |t, c| self.cweight(t, c));
        self.stories[s as usize] = st;
    }

    /// Whether a published time can be the article's: not before the web carried news, and not
    /// more than a year ahead of the stream's clock. A wrong date ("1970-01-01" from a failed
    /// parse, a year typed as 2099) would keep the article out of every story, and as a
    /// duplicate's date stretch its story past `max_story_hours`; such an article is placed as
    /// if undated. The clock itself still reads every date, so a stream that really resumes a
    /// year later is believed once a tenth of the recent articles are past the gap.
    fn plausible_time(&self, t: i64) -> bool {
        /// 1995-01-01T00:00:00Z.
        const EARLIEST_NEWS: i64 = 788_918_400;
        const YEAR: i64 = 366 * 86_400;
        t >= EARLIEST_NEWS && self.clock.span.is_none_or(|(_, hi)| t - hi <= YEAR)
    }

    /// Whether story `s` is still inside the window at the current point of the stream.
    fn in_window(&self, st: &Story) -> bool {
        if !st.alive {
            return false;
        }
        if self.seq.saturating_sub(st.last_seq) > self.cfg.window_items {
            return false;
        }
        match (self.clock.span, st.last_time) {
            (Some((lo, _)), Some(last)) => ((lo - last) as f64) / 3600.0 <= self.cfg.window_hours,
            _ => true,
        }
    }

    /// How much the published times of story `st` and of an article (or another story) spanning
    /// `first..=last` allow them to be one story: 0 when together they would span more than
    /// `max_story_hours` or lie more than `window_hours` apart, else `exp(-gap / decay_hours)`
    /// (1 when `decay_hours` is 0).
    /// The gap is measured between the spans, so an article arriving late, dated inside a
    /// story's span, is no farther from it than one dated at its end.
    fn time_factor(
        &self,
        st: &Story,
        first: Option<i64>,
        last: Option<i64>,
        decay_hours: f64,
    ) -> f32 {
        let (Some(a0), Some(a1), Some(b0), Some(b1)) = (first, last, st.first_time, st.last_time)
        else {
            return 1.0;
        };
        let span = ((a1.max(b1) - a0.min(b0)) as f64) / 3600.0;
        if self.cfg.max_story_hours > 0.0 && span > self.cfg.max_story_hours {
            return 0.0;
        }
        let gap = ((a0 - b1).max(b0 - a1).max(0) as f64) / 3600.0;
        if gap > self.cfg.window_hours {
            0.0
        } else if decay_hours > 0.0 {
            (-gap / decay_hours).exp() as f32
        } else {
            1.0
        }
    }

    /// Finds or founds the story of a non-duplicate article.
    fn place(
        &mut self,
        idx: u32,
        id: &str,
        toks: &features::Tokens,
        time: Option<i64>,
    ) -> (u32, Vec<(u32, u32)>) {
        let v = self.vectorize(toks);
        let Vectors {
            vec,
            idf,
            ents,
            heads,
            lede,
            lede_idf,
            distinct,
            headline,
            ..
        } = &v;
        let distinct = *distinct;
        let head_mass: f32 = heads.terms.iter().map(|h| h.1).sum();
        let h = &self.cfg.headline;
        let (threshold, decay_hours, size_prior) = match headline {
            // The dated bar and prior rest on the decay: with it off, a dated headline is
            // compared as an undated one.
            Some(_) if time.is_some() && h.decay_hours > 0.0 => {
                (h.join_dated, h.decay_hours, h.size_prior_dated)
            }
            Some(_) => (h.join, h.decay_hours, h.size_prior),
            None => (self.cfg.join_threshold(distinct), self.cfg.decay_hours, 0.0),
        };

        // Candidate stories: those sharing the article's strongest terms that some story is
        // indexed under. (A term no story has cannot find one; early in a stream, the rarest
        // terms of an article are mostly such never-seen words, and the words it shares with an
        // earlier story rank below them.)
        let mut acc: FxHashMap<u32, f32> = FxHashMap::default();
        let mut hits = 0;
        for &(t, w) in &vec.terms {
            if let Some(post) = self.index.get(&t) {
                for &s in post {
                    *acc.entry(s).or_insert(0.0) += w;
                }
                hits += 1;
                if hits >= self.cfg.query_terms {
                    break;
                }
            }
        }
        let mut cands: Vec<(u32, f32)> = Vec::with_capacity(acc.len());
        for (s, a) in acc {
            let root = self.find(s);
            if root == s {
                cands.push((s, a));
            }
        }
        cands.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        cands.truncate(self.cfg.candidates);

        let doc_map: FxHashMap<u64, f32> = if self.cfg.item_weight > 0.0 {
            vec.terms.iter().copied().collect()
        } else {
            FxHashMap::default()
        };
        let mut scored: Vec<(u32, f32)> = Vec::new();
        let mut trace = Vec::new();
        for &(s, _) in &cands {
            let st = &self.stories[s as usize];
            if !self.in_window(st) {
                continue;
            }
            let norm = self.snorm(st);
            if norm <= 0.0 {
                continue;
            }
            let mut sim = self.sdot(vec, idf, st) / norm;
            let (c0, mut e0, mut l0) = (sim, 0.0, 0.0);
            if self.cfg.item_weight > 0.0 {
                let best = st
                    .members
                    .iter()
                    .map(|m| m.dot_map(&doc_map))
                    .fold(0.0f32, f32::max);
                sim = (1.0 - self.cfg.item_weight) * sim + self.cfg.item_weight * best;
            }
            if self.cfg.name_weight > 0.0 && st.ent_norm2 > 0.0 && ents.terms.len() >= 2 {
                let e = ents.dot_map(&st.ent) / st.ent_norm2.sqrt();
                e0 = e;
                sim = sim.max(self.cfg.name_weight * e);
            }
            if self.cfg.lede_weight > 0.0
                && !lede.terms.is_empty()
                && c0 >= self.cfg.lede_floor * threshold
            {
                let n = self.lede_norm(st);
                let l = if n > 0.0 {
                    idf_dot(lede, lede_idf, &st.lede) / n
                } else {
                    0.0
                };
                l0 = l;
                sim = sim.max(self.cfg.lede_weight * l);
            }
            // Headline names the story has never mentioned: another event of the same kind.
            let mut miss = 0.0;
            if head_mass > 0.0 && self.cfg.headline_conflict > 0.0 {
                let missing: f32 = heads
                    .terms
                    .iter()
                    .filter(|(t, _)| !st.centroid.contains_key(t) && !st.ent.contains_key(t))
                    .map(|h| h.1)
                    .sum();
                miss = missing / head_mass;
                sim *= 1.0 - self.cfg.headline_conflict * miss;
            }
            if let Some((words, by_names)) = &headline {
                sim *= short::coverage_factor(&self.cfg.headline, words, st.size, *by_names, |t| {
                    st.centroid.contains_key(&t) || st.ent.contains_key(&t)
                });
                sim *= short::size_factor(size_prior, st.size);
            }
            let sim = sim * self.time_factor(st, time, time, decay_hours);
            if self.trace {
                trace.push((s, sim, c0, e0, l0, miss));
            }
            scored.push((s, sim));
        }
        if self.trace {
            trace.sort_unstable_by(|a, b| b.1.total_cmp(&a.1));
            let parts: Vec<String> = trace
                .iter()
                .take(3)
                .map(|&(s, sim, c, e, l, m)| {
                    format!(
                        "{}={sim:.3}(c{c:.3},e{e:.3},l{l:.3},m{m:.2})",
                        self.story_id(s)
                    )
                })
                .collect();
            eprintln!(
                "TRACE {} thr={threshold:.3} terms={distinct} {}",
                self.trace_id,
                parts.join(" ")
            );
        }
        scored.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));

        let mut merges = Vec::new();
        let target = match scored.first() {
            Some(&(best, sim)) if sim >= threshold && !vec.terms.is_empty() => {
                // A second story this article also belongs to: merge when the two agree.
                for &(other, osim) in scored.iter().skip(1).take(3) {
                    if osim < threshold * self.cfg.merge_trigger {
                        break;
                    }
                    let (a, b) = (self.find(best), self.find(other));
                    if a == b {
                        continue;
                    }
                    let bar = match headline {
                        Some(_) => self.cfg.headline.merge,
                        None => self.cfg.merge,
                    };
                    let cos = match headline {
                        Some(_) if self.cfg.headline.spread > 0.0 => self.centroid_cos_spread(a, b),
                        _ => self.centroid_cos(a, b),
                    };
                    // A headline's time decay holds for the merges it triggers too: otherwise
                    // a headline close to Friday's story and, by its names, to Monday's glues
                    // the two.
                    let cos = if headline.is_some() {
                        let (sa, sb) = (&self.stories[a as usize], &self.stories[b as usize]);
                        cos * self.time_factor(sa, sb.first_time, sb.last_time, decay_hours)
                    } else {
                        cos
                    };
                    if cos >= bar {
                        merges.push(self.merge(a, b));
                    }
                }
                self.find(best)
            }
            _ => {
                let s = self.found(idx, Arc::from(id));
                if self.cfg.absorb > 0.0 {
                    self.recheck
                        .push_back((self.seq + self.cfg.absorb_delay, s));
                }
                s
            }
        };
        self.enter(target, &v, time);
        (target, merges)
    }

    /// Opens a slot for a new story, founded by article `founder` and named `id`.
    fn found(&mut self, founder: u32, id: Arc<str>) -> u32 {
        let s = self.stories.len() as u32;
        let no = self.next_no;
        self.next_no += 1;
        if let Some(l) = &mut self.ledger {
            l.found(no, founder);
        }
        self.stories.push(Story {
            founder,
            id,
            no,
            alive: true,
            norm_cache: std::cell::Cell::new((STALE, 0.0)),
            lede_norm: std::cell::Cell::new((STALE, 0.0)),
            ..Story::default()
        });
        self.parent.push(s);
        self.active.push(s);
        s
    }

    /// Adds an original article (its vectors `v`) to story `s`.
    fn enter(&mut self, s: u32, v: &Vectors, time: Option<i64>) {
        if v.headline.is_some() {
            self.spread
                .join(&self.stories[s as usize].centroid, &v.raw.terms);
        }
        self.join(s, &v.vec, &v.raw, &v.idf, time);
        self.stories[s as usize].add_ent(&v.ents, self.cfg.story_terms);
        if self.cfg.lede_weight > 0.0 {
            let mut st = std::mem::take(&mut self.stories[s as usize]);
            st.add_lede(&v.lede_raw, LEDE_TERMS, |t, c| c * self.idf(t));
            self.stories[s as usize] = st;
        }
    }

    /// Joins stories that grew into one: each story updated since the last pass is compared with
    /// the stories sharing its strongest centroid terms, and pairs at or above
    /// [`Config::merge_pass`] merge, strongest first. The work is bounded by the stories touched
    /// since the last pass, not by the window.
    fn merge_pass(&mut self) -> Vec<(u32, u32)> {
        let since = self.last_pass;
        self.last_pass = self.seq;
        // (story, threshold): stories updated since the last pass, and small stories due for
        // their second look.
        let mut todo: Vec<(u32, f32)> = Vec::new();
        if self.cfg.merge_pass > 0.0 {
            for &s in &self.active {
                let st = &self.stories[s as usize];
                if self.parent[s as usize] == s && st.alive && st.last_seq > since {
                    todo.push((s, self.cfg.merge_pass));
                }
            }
        }
        while let Some(&(due, s)) = self.recheck.front() {
            if due > self.seq {
                break;
            }
            self.recheck.pop_front();
            let st = &self.stories[s as usize];
            if self.parent[s as usize] == s && st.alive && st.size <= self.cfg.absorb_size {
                todo.push((s, self.cfg.absorb));
            }
        }
        let mut pairs: Vec<(f32, u32, u32, f32)> = Vec::new();
        let mut acc: FxHashMap<u32, f32> = FxHashMap::default();
        for (s, thr) in todo {
            let st = &self.stories[s as usize];
            let mut top: Vec<(u64, f32)> = st
                .centroid
                .iter()
                .map(|(&t, &w)| (t, self.cweight(t, w)))
                .collect();
            top.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            top.truncate(self.cfg.query_terms);
            acc.clear();
            for &(t, w) in &top {
                if let Some(post) = self.index.get(&t) {
                    for &o in post {
                        let o = self.find(o);
                        if o != s {
                            *acc.entry(o).or_insert(0.0) += w;
                        }
                    }
                }
            }
            let mut cands: Vec<(u32, f32)> = acc.iter().map(|(&o, &a)| (o, a)).collect();
            cands.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            cands.truncate(self.cfg.merge_candidates);
            let mut best: Option<(f32, u32)> = None;
            for (o, _) in cands {
                let so = &self.stories[o as usize];
                if !self.in_window(so) {
                    continue;
                }
                let cos = self.centroid_cos(s, o)
                    * self.time_factor(so, st.first_time, st.last_time, self.cfg.decay_hours);
                if cos >= thr && best.is_none_or(|b| cos > b.0) {
                    best = Some((cos, o));
                }
            }
            if let Some((cos, o)) = best {
                pairs.push((cos, s.min(o), s.max(o), thr));
            }
        }
        pairs.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        pairs.dedup_by(|a, b| a.1 == b.1 && a.2 == b.2);
        let mut out = Vec::new();
        for (_, a, b, thr) in pairs {
            let (ra, rb) = (self.find(a), self.find(b));
            if ra == rb {
                continue;
            }
            if (ra, rb) != (a, b) && (ra, rb) != (b, a) && self.centroid_cos(ra, rb) < thr {
                continue;
            }
            out.push(self.merge(ra, rb));
        }
        out
    }

    /// Centroid cosine with each term's weight lowered by its spread over stories (as in a
    /// headline's vector): two stories that share only words many stories use are not one.
    fn centroid_cos_spread(&self, a: u32, b: u32) -> f32 {
        let k = self.cfg.headline.spread;
        let w = |t: u64, c: f32| self.cweight(t, c) * (-k * self.spread.entropy(t)).exp();
        let (sa, sb) = (&self.stories[a as usize], &self.stories[b as usize]);
        let norm = |st: &Story| {
            st.centroid
                .iter()
                .map(|(&t, &c)| w(t, c).powi(2))
                .sum::<f32>()
                .sqrt()
        };
        let dot: f32 = sa
            .centroid
            .iter()
            .map(|(&t, &c)| sb.centroid.get(&t).map_or(0.0, |&d| w(t, c) * w(t, d)))
            .sum();
        let n = norm(sa) * norm(sb);
        if n > 0.0 {
            dot / n
        } else {
            0.0
        }
    }

    fn centroid_cos(&self, a: u32, b: u32) -> f32 {
        let (sa, sb) = (&self.stories[a as usize], &self.stories[b as usize]);
        let (small, large) = if sa.centroid.len() <= sb.centroid.len() {
            (sa, sb)
        } else {
            (sb, sa)
        };
        let dot: f32 = small
            .centroid
            .iter()
            .map(|(&t, &w)| {
                large
                    .centroid
                    .get(&t)
                    .map_or(0.0, |&c| self.cweight(t, c) * self.cweight(t, w))
            })
            .sum();
        let n = self.snorm(sa) * self.snorm(sb);
        if n > 0.0 {
            dot / n
        } else {
            0.0
        }
    }

    /// Merges the younger of two stories into the older; returns `(absorbed, into)`. (Two
    /// stories founded before the restored articles, both counted as founded by the first, are
    /// told apart by the order they were restored in.)
    fn merge(&mut self, a: u32, b: u32) -> (u32, u32) {
        let age = |s: u32| {
            (
                self.stories[s as usize].founder,
                self.stories[s as usize].no,
            )
        };
        let (keep, gone) = if age(a) <= age(b) { (a, b) } else { (b, a) };
        let mut old = std::mem::take(&mut self.stories[gone as usize]);
        let g = &mut self.stories[gone as usize];
        g.founder = old.founder;
        g.id = std::mem::take(&mut old.id);
        g.no = old.no;
        self.parent[gone as usize] = keep;
        if let Some(l) = &mut self.ledger {
            l.union(old.no, self.stories[keep as usize].no);
        }
        let cap = self.cfg.posting_cap;
        self.spread
            .merge_stories(&self.stories[keep as usize].centroid, &old.centroid);
        let st = &mut self.stories[keep as usize];
        st.add_centroid(&old);
        st.size += old.size;
        st.members.extend(old.members);
        if st.members.len() > MEMBER_CAP {
            let cut = st.members.len() - MEMBER_CAP;
            st.members.drain(..cut);
        }
        st.last_seq = st.last_seq.max(old.last_seq);
        st.last_time = st.last_time.max(old.last_time);
        st.first_time = earliest(st.first_time, old.first_time);
        let mut terms: Vec<u64> = old.indexed.into_iter().collect();
        terms.sort_unstable();
        for t in terms {
            if st.indexed.insert(t) {
                push_posting(&mut self.index, t, keep, cap);
            }
        }
        self.prune_story(keep, self.cfg.story_terms);
        (gone, keep)
    }

    fn join(&mut self, s: u32, vec: &SparseVec, raw: &SparseVec, idf: &[f32], time: Option<i64>) {
        let cap = self.cfg.posting_cap;
        let keep = self.cfg.story_terms;
        if self.cfg.idf_at_score {
            self.stories[s as usize].add_tf(raw, idf);
        } else {
            self.stories[s as usize].add_vec(vec);
        }
        if self.stories[s as usize].centroid.len() > 2 * keep {
            self.prune_story(s, keep);
        }
        let st = &mut self.stories[s as usize];
        if self.cfg.item_weight > 0.0 {
            if st.members.len() >= MEMBER_CAP {
                st.members.remove(0);
            }
            st.members.push(vec.clone());
        }
        st.size += 1;
        st.last_seq = self.seq;
        if time.is_some() {
            st.last_time = time.max(st.last_time);
            st.first_time = earliest(st.first_time, time);
        }
        for &(t, _) in vec.terms.iter().take(self.cfg.query_terms) {
            if st.indexed.insert(t) {
                push_posting(&mut self.index, t, s, cap);
            }
        }
    }

    /// Drops stories that left the window and cleans the index.
    fn sweep(&mut self) {
        let mut keep = Vec::with_capacity(self.active.len());
        let active = std::mem::take(&mut self.active);
        for s in active {
            let live = self.in_window(&self.stories[s as usize]);
            if live {
                keep.push(s);
            } else {
                let st = &mut self.stories[s as usize];
                *st = Story {
                    founder: st.founder,
                    id: std::mem::take(&mut st.id),
                    no: st.no,
                    ..Story::default()
                };
            }
        }
        self.active = keep;
        self.sweeps += 1;
        self.dedup.sweep(self.seq, self.clock.span, &self.cfg);
        // A copy can only name an article still in the dedup window.
        while self.recent_base < self.dedup.base() && self.recent.pop_front().is_some() {
            self.recent_base += 1;
        }
        if self.recent.capacity() > 4 * self.recent.len() + 4096 {
            self.recent.shrink_to_fit();
        }
        if self.sweeps % 16 == 0 {
            self.clean_index();
            // (Not while restoring: the restored stories' slots are still looked up by id.)
            if self.compacts && self.restoring.is_none() {
                self.compact();
            }
        }
    }

    /// Drops the slots of stories that left the window or were merged away, moving the held
    /// stories down in order (so comparisons by slot still follow the order of founding) and
    /// renumbering every reference to them. A recent article whose story was dropped keeps the
    /// story's number and id. Runs after [`Clusterer::clean_index`], when no posting names a
    /// dropped story; the work is bounded by the window.
    fn compact(&mut self) {
        const DROPPED: u32 = u32::MAX;
        let mut live = vec![false; self.stories.len()];
        for &s in &self.active {
            live[s as usize] = true;
        }
        let mut held = 0u32;
        let slot: Vec<u32> = live
            .iter()
            .map(|&l| {
                if l {
                    held += 1;
                    held - 1
                } else {
                    DROPPED
                }
            })
            .collect();
        if held as usize == self.stories.len() {
            return;
        }
        for i in 0..self.recent.len() {
            if let StoryRef::Slot(s) = self.recent[i].story {
                let root = self.find(s);
                self.recent[i].story = match slot[root as usize] {
                    DROPPED => {
                        let st = &self.stories[root as usize];
                        StoryRef::Gone(st.no, st.id.clone())
                    }
                    n => StoryRef::Slot(n),
                };
            }
        }
        let old = std::mem::take(&mut self.stories);
        self.stories = old
            .into_iter()
            .zip(&slot)
            .filter(|(_, &n)| n != DROPPED)
            .map(|(st, _)| st)
            .collect();
        self.parent = (0..held).collect();
        for s in self.active.iter_mut() {
            *s = slot[*s as usize];
        }
        for post in self.index.values_mut() {
            post.retain(|&s| slot[s as usize] != DROPPED);
            for s in post.iter_mut() {
                *s = slot[*s as usize];
            }
        }
        self.index.retain(|_, post| !post.is_empty());
        self.recheck.retain(|&(_, s)| slot[s as usize] != DROPPED);
        for (_, s) in self.recheck.iter_mut() {
            *s = slot[*s as usize];
        }
    }

    fn clean_index(&mut self) {
        let stories = &self.stories;
        let parent = &self.parent;
        self.index.retain(|_, post| {
            post.retain(|&s| parent[s as usize] == s && stories[s as usize].alive);
            !post.is_empty()
        });
        if self.index.capacity() > 4 * self.index.len() + 1024 {
            self.index.shrink_to_fit();
        }
    }

    /// The final assignment of every article added so far, in insertion order, with merges
    /// resolved (each story id is the surviving story). Empty for a [`Clusterer::live`] one,
    /// which keeps no record of past placements.
    pub fn assignments(&self) -> Vec<(String, Assignment)> {
        self.ledger
            .as_ref()
            .map(|l| l.assignments())
            .unwrap_or_default()
    }

    /// Where the first article added under `id` stands in [`Clusterer::assignments`], if one
    /// was. Always `None` for a [`Clusterer::live`] one, which keeps no record.
    pub fn recorded(&self, id: &str) -> Option<usize> {
        self.ledger.as_ref().and_then(|l| l.position(id))
    }
}

/// Dot product of an article vector with term frequencies weighted by the current idf (`idf`:
/// the idf of each term of `v`).
fn idf_dot(v: &SparseVec, idf: &[f32], tf: &FxHashMap<u64, f32>) -> f32 {
    v.terms
        .iter()
        .zip(idf)
        .map(|(&(t, w), &i)| tf.get(&t).map_or(0.0, |&c| c * w * i))
        .sum()
}

fn push_posting(index: &mut FxHashMap<u64, Vec<u32>>, t: u64, s: u32, cap: usize) {
    let post = index.entry(t).or_default();
    post.push(s);
    if post.len() > 2 * cap {
        let cut = post.len() - cap;
        post.drain(..cut);
    }
}

pub use dedup::DupKind as DuplicateKind;

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, title: &str, text: &str) -> Item {
        Item {
            id: id.into(),
            title: Some(title.into()),
            text: Some(text.into()),
            ..Item::default()
        }
    }

    /// Adds a stream of (id, title, text) articles and returns each one's story on arrival.
    fn story_ids(c: &mut Clusterer, stream: &[(&str, &str, &str)]) -> Vec<String> {
        stream
            .iter()
            .map(|(id, title, text)| c.add(&item(id, title, text)).story)
            .collect()
    }

    #[test]
    fn merged_story_redirects_to_older_id() {
        let mut c = Clusterer::default();
        c.add(&item(
            "a",
            "Harbor port expansion approved",
            "The port board approved the Eastquay expansion.",
        ));
        c.add(&item(
            "b",
            "Flu vaccine delivery delayed",
            "Clinics cancel appointments as vaccine shipments slip.",
        ));
        let slot = |c: &Clusterer, i: usize| match c.recent[i].story {
            StoryRef::Slot(s) => s,
            StoryRef::Gone(..) => u32::MAX,
        };
        let (sa, sb) = (slot(&c, 0), slot(&c, 1));
        assert!(
            sa != u32::MAX && sb != u32::MAX,
            "both stories are in the window"
        );
        assert_ne!(sa, sb);
        assert_eq!(c.merge(sb, sa), (sb, sa), "the younger story is absorbed");
        let asg = c.assignments();
        assert_eq!(asg[0].1.story, "a");
        assert_eq!(asg[1].1.story, "a");
        // Later articles joining either side report the surviving id.
        let d = c.add(&item(
            "d",
            "Flu vaccine delivery delayed again",
            "Clinics cancel appointments as vaccine shipments slip again.",
        ));
        assert_eq!(d.story, "a");
        assert_eq!(c.assignments()[2].1.story, "a");
    }

    /// A synthetic stream of short articles, 1,000 a day, with many copies, its stories running
    /// for `story_hours`.
    fn short_stream(story_hours: f64) -> synth::Stream {
        synth::Stream::new(synth::StreamConfig {
            per_day: 1_000,
            body_words: 40,
            story_hours,
            syndicated: 0.1,
            url_repeat: 0.1,
            ..synth::StreamConfig::default()
        })
    }

    /// Compacting the story slots changes nothing but memory: a stream whose stories leave the
    /// window (and whose copies arrive after their story left) gets the same placements from a
    /// clusterer that compacts as from one that holds every story, and the compacting one holds
    /// only the window's stories.
    #[test]
    fn compaction_keeps_placements_and_bounds_the_stories_held() {
        let cfg = Config {
            window_items: 60,
            dedup_window_items: 2_000,
            ..Config::default()
        };
        let mut stream = short_stream(6.0);
        let mut whole = Clusterer::new(cfg.clone());
        let mut live = Clusterer::live(cfg.clone());
        let mut recorded = Clusterer::new(cfg);
        for c in [&mut whole, &mut live, &mut recorded] {
            c.sweep_every = 64;
        }
        whole.compacts = false;
        let (mut gone_copies, mut most_held) = (0, 0);
        for _ in 0..6_000 {
            let it = stream.next_item();
            let a = whole.add(&it);
            let b = live.add(&it);
            assert_eq!(recorded.add(&it), b, "{}", it.id);
            assert_eq!(a, b, "{}", it.id);
            if let Some(r) = live.recent.back() {
                if matches!(r.story, StoryRef::Gone(..)) {
                    gone_copies += 1;
                }
            }
            most_held = most_held.max(live.held_stories());
        }
        assert_eq!(whole.assignments(), recorded.assignments());
        assert!(
            live.assignments().is_empty(),
            "a live clusterer keeps no record"
        );
        assert!(
            gone_copies > 0,
            "some copies arrived after their story left"
        );
        let founded = whole.held_stories();
        assert!(
            most_held * 3 < founded,
            "held at most {most_held} of {founded} stories"
        );
    }

    /// A stream cut at `cut`, as the desk stores it there: per article, its story (merges
    /// resolved) and original.
    fn stored_at(placed: &[Assignment], cut: usize) -> Vec<(String, Option<String>)> {
        let mut stored: Vec<(String, Option<String>)> = Vec::new();
        for a in &placed[..cut] {
            for (from, into) in &a.merged {
                for p in stored.iter_mut().filter(|p| &p.0 == from) {
                    p.0 = into.clone();
                }
            }
            stored.push((a.story.clone(), a.duplicate_of.clone()));
        }
        stored
    }

    /// A live clusterer that restores the stored placements carries on as if it had never
    /// stopped: restored in full, it places the rest of the stream exactly as an uninterrupted
    /// run does; restored from a short window, the stories it continues keep their stored ids
    /// (those founded before the window too) and copies still name their originals.
    #[test]
    fn a_restored_clusterer_carries_on_the_stream() {
        let cfg = Config {
            dedup_window_items: 2_000,
            ..Config::default()
        };
        let mut stream = short_stream(24.0);
        let items: Vec<Item> = (0..5_000).map(|_| stream.next_item()).collect();
        let mut whole = Clusterer::live(cfg.clone());
        whole.sweep_every = 64;
        let placed: Vec<Assignment> = items.iter().map(|it| whole.add(it)).collect();
        let merges: usize = placed.iter().map(|a| a.merged.len()).sum();
        let cut = 3_000;
        let stored = stored_at(&placed, cut);
        assert!(merges > 0, "the stream has merges for the store to resolve");
        // Restored in full: the same placements, merges included.
        let mut c = Clusterer::live(cfg.clone());
        c.sweep_every = 64;
        for (it, (story, dup)) in items[..cut].iter().zip(&stored) {
            assert!(c.restore(it, story, dup.as_deref()));
        }
        for (it, a) in items[cut..].iter().zip(&placed[cut..]) {
            assert_eq!(&c.add(it), a, "{}", it.id);
        }
        assert!(
            !c.restore(&items[0], "a0", None),
            "no restoring after an add"
        );
        assert!(!Clusterer::new(cfg.clone()).restore(&items[0], "a0", None));

        // Restored from the last 400 articles only.
        let from = cut - 400;
        let mut c = Clusterer::live(cfg.clone());
        c.sweep_every = 64;
        for (it, (story, dup)) in items[from..cut].iter().zip(&stored[from..]) {
            assert!(c.restore(it, story, dup.as_deref()));
        }
        let number = |id: &str| id[1..].parse::<usize>().unwrap_or(usize::MAX);
        let (mut same, mut older, mut copies) = (0, 0, 0);
        for (it, a) in items[cut..].iter().zip(&placed[cut..]) {
            let b = c.add(it);
            same += usize::from(b.story == a.story && b.duplicate_of == a.duplicate_of);
            older += usize::from(b.story == a.story && number(&b.story) < from);
            if let Some(d) = &b.duplicate_of {
                copies += usize::from(number(d) < cut);
                assert_eq!(b.duplicate_of, a.duplicate_of, "{}", it.id);
            }
        }
        let n = items.len() - cut;
        // (Stories here run for about 1,000 articles, longer than the 400 restored: some of
        // the difference is stories the restore never saw.)
        assert!(
            same * 100 >= n * 94,
            "{same} of {n} placed as without a restart"
        );
        assert!(
            older > 0,
            "stories founded before the window go on under their ids"
        );
        assert!(
            copies > 0,
            "copies of restored articles name their originals"
        );
    }

    /// Five daily reports on one inquiry, each telling a different day's evidence.
    fn daily_reports() -> Vec<Item> {
        let days = [
            ("Velmont dam inquiry opens with minute of silence for victims",
             "The public inquiry into the collapse of the Velmont dam opened on Monday with a minute of silence for the eleven people who died. Judge Anouk Brenner said the Velmont dam inquiry would hear sixty witnesses over six weeks."),
            ("Engineer tells Velmont dam inquiry spillway cracks were patched",
             "A retired engineer told the Velmont dam inquiry that cracks in the spillway were patched with cheap grout in 2019. Judge Anouk Brenner asked why the Tessel Water Board never ordered a full survey of the Velmont dam."),
            ("Velmont dam sensors were switched off, inquiry hears",
             "Warning sensors on the Velmont dam were switched off two years before the collapse to save money, the site foreman told the inquiry. The Tessel Water Board had approved the cut, documents shown to Judge Anouk Brenner revealed."),
            ("Former chairman denies ignoring Velmont dam warnings",
             "The former chairman of the Tessel Water Board denied at the Velmont dam inquiry that he ignored a consultant's letter about seepage. Judge Anouk Brenner read the letter aloud, dated fourteen months before the dam failed."),
            ("Velmont dam inquiry hears insurers refused cover in 2024",
             "Insurers refused to cover the Velmont dam in 2024 after an assessor found loose stones at its base, the inquiry heard. Judge Anouk Brenner said the Tessel Water Board never told residents downstream of the Velmont dam."),
        ];
        let start = chrono::DateTime::parse_from_rfc3339("2026-01-05T09:00:00Z")
            .map(|t| t.timestamp())
            .unwrap_or(0);
        days.iter()
            .zip(0i64..)
            .map(|((title, text), d)| Item {
                published: chrono::DateTime::from_timestamp(start + d * 86_400, 0),
                ..item(&format!("day{d}"), title, text)
            })
            .collect()
    }

    /// Four events three weeks apart, three different dated reports each (ids
    /// "e{event}-{report}").
    fn events_weeks_apart() -> Vec<Item> {
        let events: [[(&str, &str); 3]; 4] = [
            [
                ("Harbour crane collapses at Port Ellery, two dockers injured",
                 "A container crane collapsed at Port Ellery on Tuesday, injuring two dockers. The harbour authority halted loading."),
                ("Port Ellery halts loading after crane collapse",
                 "Loading stopped at Port Ellery after a crane fell onto a quay. Two dockers were taken to hospital with injuries."),
                ("Crane inspectors called to Port Ellery after collapse",
                 "Inspectors arrived at Port Ellery to examine the collapsed crane. The dockers' union said two injured members were recovering."),
            ],
            [
                ("Valmora orchestra cancels tour as violinists strike",
                 "The Valmora Philharmonic cancelled its spring tour after its violinists went on strike over pay."),
                ("Striking violinists force Valmora Philharmonic to scrap tour",
                 "A pay strike by violinists has forced the Valmora Philharmonic to scrap its spring tour, the orchestra's board said."),
                ("Valmora Philharmonic board to resume talks with striking violinists",
                 "The board of the Valmora Philharmonic will resume pay talks with its striking violinists after the tour was cancelled."),
            ],
            [
                ("Wildfire near Carrow forces evacuation of hillside villages",
                 "A wildfire near Carrow forced the evacuation of four hillside villages overnight."),
                ("Carrow wildfire spreads toward reservoir, villages evacuated",
                 "Firefighters said dry wind pushed the Carrow wildfire toward the reservoir as villagers were evacuated."),
                ("Evacuated Carrow villagers wait as firefighters fight wildfire",
                 "Residents of four villages evacuated from the Carrow hills waited in a school hall while firefighters fought the wildfire."),
            ],
            [
                ("Tiernau glassmakers win patent case over tempered panes",
                 "A court ruled for the Tiernau glassmakers in their patent case over tempered panes."),
                ("Court backs Tiernau glassmakers in tempered pane patent fight",
                 "The Tiernau glassmakers' guild won its patent fight over tempered panes, the court said on Friday."),
                ("Tiernau guild says patent ruling protects its tempered glass method",
                 "The guild of Tiernau glassmakers said the patent ruling protects the furnace method behind its tempered panes."),
            ],
        ];
        let start = chrono::DateTime::parse_from_rfc3339("2026-03-02T08:00:00Z")
            .map(|t| t.timestamp())
            .unwrap_or(0);
        let mut out = Vec::new();
        for (reports, e) in events.iter().zip(0i64..) {
            for ((title, text), r) in reports.iter().zip(0i64..) {
                out.push(Item {
                    published: chrono::DateTime::from_timestamp(
                        start + e * 21 * 86_400 + r * 5 * 3600,
                        0,
                    ),
                    ..item(&format!("e{e}-{r}"), title, text)
                });
            }
        }
        out
    }

    #[test]
    fn a_dated_stream_in_any_order_forms_the_same_stories() {
        // Each article's story, keyed by article id, as the set of ids in that story.
        let partition = |items: &[Item]| -> Vec<Vec<String>> {
            let mut c = Clusterer::default();
            let mut by_story: std::collections::BTreeMap<String, Vec<String>> = Default::default();
            for it in items {
                let story = c.add(it).story;
                by_story.entry(story).or_default().push(it.id.clone());
            }
            let mut groups: Vec<Vec<String>> = by_story
                .into_values()
                .map(|mut g| {
                    g.sort();
                    g
                })
                .collect();
            groups.sort();
            groups
        };
        let items = events_weeks_apart();
        let want: Vec<Vec<String>> = (0..4)
            .map(|e| (0..3).map(|r| format!("e{e}-{r}")).collect())
            .collect();
        assert_eq!(partition(&items), want, "published order");
        // Newest first, as feeds list and many files are sorted: the newest report must not push
        // the older stories out of the window before their reports arrive.
        let mut newest_first = items.clone();
        newest_first.reverse();
        assert_eq!(partition(&newest_first), want, "newest first");
        // Neither order: each report in turn from the events, oldest event last.
        let mut mixed = Vec::new();
        for r in 0..3 {
            for e in (0..4).rev() {
                mixed.push(items[e * 3 + r].clone());
            }
        }
        assert_eq!(partition(&mixed), want, "mixed order");
    }

    #[test]
    fn a_wrong_date_does_not_keep_an_article_out_of_its_story() {
        let mut items = events_weeks_apart();
        for (i, date) in [(4, "2099-01-01T00:00:00Z"), (7, "1970-01-01T00:00:00Z")] {
            items[i].published = chrono::DateTime::parse_from_rfc3339(date)
                .ok()
                .map(|t| t.with_timezone(&chrono::Utc));
        }
        let mut c = Clusterer::default();
        let stories: Vec<String> = items.iter().map(|it| c.add(it).story).collect();
        let want: Vec<String> = (0..4)
            .flat_map(|e| std::iter::repeat_n(format!("e{e}-0"), 3))
            .collect();
        assert_eq!(stories, want);
    }

    #[test]
    fn a_front_page_address_makes_no_duplicates() {
        let with_url = |id: &str, title: &str, url: &str| Item {
            id: id.into(),
            title: Some(title.into()),
            url: Some(url.into()),
            ..Item::default()
        };
        let mut c = Clusterer::default();
        let [a, b, c1, c2] = [
            (
                "a",
                "Earthquake strikes northern Chile, no tsunami warning",
                "https://www.reuters.com/",
            ),
            (
                "b",
                "Central bank raises interest rates by half a point",
                "https://reuters.com/?utm_source=feed",
            ),
            // An article's own address still makes its copy a duplicate.
            (
                "c",
                "Quake in Chile",
                "https://www.reuters.com/world/quake-chile",
            ),
            (
                "d",
                "Chile quake: what we know",
                "https://reuters.com/world/quake-chile?utm_source=x",
            ),
        ]
        .map(|(id, title, url)| c.add(&with_url(id, title, url)));
        assert_eq!((a.duplicate_of, b.duplicate_of), (None, None));
        assert_ne!(a.story, b.story);
        assert_eq!(c1.duplicate_of, None);
        assert_eq!(c2.duplicate_of.as_deref(), Some("c"));
    }

    #[test]
    fn the_clock_follows_the_stream_in_either_order() {
        let minute = 60i64;
        let read = |times: &[i64]| {
            let mut clock = Clock::default();
            for &t in times {
                clock.observe(t);
            }
            clock.span
        };
        let forward: Vec<i64> = (0..1000).map(|i| i * minute).collect();
        let Some((lo, hi)) = read(&forward) else {
            panic!("no clock");
        };
        // About 230 articles behind the newest at the low end (a tenth of the sample from its
        // far end, plus up to 32 not yet read), within 60 at the high end.
        assert!(
            lo >= 700 * minute && hi >= 940 * minute && hi <= 999 * minute,
            "{lo} {hi}"
        );
        // One article dated years ahead does not move it.
        let mut ahead = forward.clone();
        ahead.insert(990, 100_000_000 * minute);
        assert_eq!(read(&ahead).map(|c| c.1 <= 999 * minute), Some(true));
        let backward: Vec<i64> = forward.iter().rev().copied().collect();
        let Some((lo, hi)) = read(&backward) else {
            panic!("no clock");
        };
        assert!(lo <= 60 * minute && hi <= 300 * minute, "{lo} {hi}");
        // In no order, the span covers most of the stream.
        let shuffled: Vec<i64> = (0..1000).map(|i| (i * 379 % 1000) * minute).collect();
        let Some((lo, hi)) = read(&shuffled) else {
            panic!("no clock");
        };
        assert!(lo <= 200 * minute && hi >= 800 * minute, "{lo} {hi}");
    }

    #[test]
    fn a_subject_covered_for_long_becomes_a_series_of_stories() {
        let stories = |max_story_hours: f64| -> Vec<String> {
            let mut c = Clusterer::new(Config {
                max_story_hours,
                ..Config::default()
            });
            daily_reports().iter().map(|it| c.add(it).story).collect()
        };
        // Uncapped (and with the default cap of 90 days), the five days are one story.
        assert_eq!(stories(0.0), vec!["day0"; 5]);
        assert_eq!(stories(Config::default().max_story_hours), vec!["day0"; 5]);
        // With a cap of two days, the fourth day (72 hours after the first) starts a new story,
        // and nothing after it joins the first.
        let capped = stories(48.0);
        assert_eq!(capped[..4], ["day0", "day0", "day0", "day3"], "{capped:?}");
        assert_ne!(capped[4], "day0", "{capped:?}");
    }

    /// Headlines of unrelated events, the background of a headline stream.
    fn other_news() -> [&'static str; 14] {
        [
            "Parliament passes budget after late night vote",
            "Film festival opens with premiere of space drama",
            "Central bank holds interest rates steady",
            "Football club sacks manager after cup defeat",
            "Tech firm unveils folding phone at launch event",
            "Teachers strike over pay closes schools",
            "Hospital waiting lists reach record high",
            "Airline cancels flights as pilots walk out",
            "Museum returns looted bronzes to Nigeria",
            "Scientists find water ice on distant moon",
            "Carmaker recalls electric cars over battery fires",
            "Court jails former mayor for bribery",
            "Wildfire forces evacuation of mountain villages",
            "Singer announces farewell world tour",
        ]
    }

    #[test]
    fn the_same_headline_days_later_is_another_story_while_coverage_that_goes_on_stays_one() {
        // Five days of headlines: a flood covered every half day, Monday's and Friday's market
        // closes worded alike, and the other news of those days.
        let flood = [
            "Flood warning issued as river Tessel rises near Velmont",
            "River Tessel floods Velmont streets, residents evacuated",
            "Velmont flood: river Tessel still rising, more evacuated",
            "Army called in as river Tessel flood spreads beyond Velmont",
            "River Tessel flood waters begin to fall in Velmont",
            "Velmont counts flood damage as river Tessel recedes",
            "Velmont residents return home after river Tessel flood",
            "Insurers tally river Tessel flood claims in Velmont",
        ];
        let other = other_news();
        let mut rows: Vec<(i64, String, &str)> = vec![
            (
                0,
                "mon1".into(),
                "Wall Street stocks end lower on China trade worries",
            ),
            (
                1,
                "mon2".into(),
                "Stocks close lower as China trade data worries investors",
            ),
            (
                2,
                "mon3".into(),
                "US stocks end lower on weak China trade data",
            ),
            (
                96,
                "fri1".into(),
                "Stocks slide as worries over China growth return",
            ),
            (
                97,
                "fri2".into(),
                "Wall Street falls on China growth worries",
            ),
        ];
        rows.extend(
            flood
                .iter()
                .zip(0i64..)
                .map(|(h, i)| (i * 12, format!("f{i}"), *h)),
        );
        rows.extend(
            other
                .iter()
                .zip(0i64..)
                .map(|(h, i)| (i * 7 + 3, format!("o{i}"), *h)),
        );
        rows.sort();
        let start = chrono::DateTime::parse_from_rfc3339("2026-03-02T08:00:00Z")
            .map(|t| t.timestamp())
            .unwrap_or(0);
        let stories = |decay_hours: f64| -> FxHashMap<String, String> {
            let mut c = Clusterer::new(Config {
                headline: HeadlineConfig {
                    decay_hours,
                    ..HeadlineConfig::default()
                },
                ..Config::default()
            });
            rows.iter()
                .map(|(hours, id, title)| {
                    let it = Item {
                        id: id.clone(),
                        title: Some((*title).into()),
                        published: chrono::DateTime::from_timestamp(start + hours * 3600, 0),
                        ..Item::default()
                    };
                    (id.clone(), c.add(&it).story)
                })
                .collect()
        };
        let of = |m: &FxHashMap<String, String>, ids: &[&str]| -> Vec<String> {
            ids.iter().map(|id| m[*id].clone()).collect()
        };
        let market = ["mon1", "mon2", "mon3", "fri1", "fri2"];
        let flood_ids: Vec<String> = (0..flood.len()).map(|i| format!("f{i}")).collect();
        let flood_ids: Vec<&str> = flood_ids.iter().map(String::as_str).collect();
        // Six words cannot tell Monday's close from Friday's; the four quiet days between them
        // can.
        let decayed = stories(HeadlineConfig::default().decay_hours);
        assert_eq!(
            of(&decayed, &market),
            ["mon1", "mon1", "mon1", "fri1", "fri1"]
        );
        // Without the decay, Friday's close joins Monday's story.
        let undecayed = stories(2000.0);
        assert_eq!(undecayed["fri1"], "mon1");
        // A story covered every half day keeps its latest date fresh, so the decay never bites:
        // four days of headlines on one flood stay one story, with or without it.
        assert_eq!(of(&decayed, &flood_ids), vec!["f0"; flood.len()]);
        assert_eq!(of(&undecayed, &flood_ids), vec!["f0"; flood.len()]);
    }

    /// Runs headline-only `(id, title)` rows through a clusterer with `headline` settings, dated
    /// `step` seconds apart (undated when `None`), and gives the last row's story.
    fn last_story(headline: HeadlineConfig, rows: &[(String, &str)], step: Option<i64>) -> String {
        let start = chrono::DateTime::parse_from_rfc3339("2026-03-02T08:00:00Z")
            .map(|t| t.timestamp())
            .unwrap_or(0);
        let mut c = Clusterer::new(Config {
            headline,
            ..Config::default()
        });
        let mut story = String::new();
        for ((id, title), i) in rows.iter().zip(0i64..) {
            story = c
                .add(&Item {
                    id: id.clone(),
                    title: Some((*title).into()),
                    published: step
                        .and_then(|s| chrono::DateTime::from_timestamp(start + i * s, 0)),
                    ..Item::default()
                })
                .story;
        }
        story
    }

    #[test]
    fn a_dated_headline_joins_a_story_of_the_same_hours_on_a_weaker_match() {
        let other = &other_news()[..8];
        let mut rows: Vec<(String, &str)> = other
            .iter()
            .zip(0..)
            .map(|(h, i)| (format!("o{i}"), *h))
            .collect();
        // One word in common ("tram"): a cosine of about 0.057 here.
        rows.push(("t1".into(), "Velmont council approves new tram line"));
        rows.push((
            "t2".into(),
            "Residents divided over the cost of new tram plan",
        ));
        let last = |dated: bool, join_dated: f32| -> String {
            let cfg = HeadlineConfig {
                join: 0.07,
                join_dated,
                ..HeadlineConfig::default()
            };
            last_story(cfg, &rows, dated.then_some(3600))
        };
        assert_eq!(last(true, 0.05), "t1", "dated, an hour apart: one story");
        assert_eq!(last(false, 0.05), "t2", "undated: the match is too weak");
        assert_eq!(
            last(true, 0.07),
            "t2",
            "dated with the undated bar: too weak"
        );
        // The dated bar rests on the decay: with the decay off, the undated bar holds.
        let no_decay = HeadlineConfig {
            join: 0.07,
            join_dated: 0.05,
            decay_hours: 0.0,
            ..HeadlineConfig::default()
        };
        assert_eq!(last_story(no_decay, &rows, Some(3600)), "t2");
    }

    #[test]
    fn a_dated_headline_leans_more_to_the_bigger_of_two_fresh_stories() {
        let mut rows: Vec<(String, &str)> = other_news()
            .iter()
            .zip(0..)
            .map(|(h, i)| (format!("o{i}"), *h))
            .collect();
        for (i, h) in [
            "River Tessel floods Velmont streets, residents evacuated",
            "Velmont flood: river Tessel still rising, more evacuated",
            "Army called in as river Tessel flood spreads beyond Velmont",
            "River Tessel flood waters begin to fall in Velmont",
            "Velmont counts flood damage as river Tessel recedes",
        ]
        .iter()
        .enumerate()
        {
            rows.push((format!("big{i}"), h));
        }
        rows.push((
            "small".into(),
            "Saltmere council approves budget for new sea wall",
        ));
        rows.push((
            "new".into(),
            "Velmont flood renews calls for Saltmere sea wall",
        ));
        let last = |dated: bool, size_prior_dated: f32| -> String {
            let cfg = HeadlineConfig {
                size_prior: 0.0,
                size_prior_dated,
                ..HeadlineConfig::default()
            };
            last_story(cfg, &rows, dated.then_some(600))
        };
        // The new headline is closer to the one-headline story (cosine about 0.40 against 0.13),
        // so only a strong prior takes it to the five-headline one, and only when it is dated.
        assert_eq!(last(true, 0.0), "small");
        assert_eq!(last(true, 3.0), "big0");
        assert_eq!(
            last(false, 3.0),
            "small",
            "undated: the undated prior (0 here)"
        );
    }

    #[test]
    fn a_headline_s_first_word_is_a_name_when_the_stream_writes_it_as_one() {
        let mut c = Clusterer::default();
        let heads = |c: &mut Clusterer, h: &str| {
            let toks = features::tokenize(h, "", &c.stop);
            c.vectorize(&toks).heads.terms.len()
        };
        // Nothing seen yet: a first word's capital is only its position.
        assert_eq!(heads(&mut c, "Sbarro files for bankruptcy again"), 0);
        for (i, h) in [
            "Pizza chain Sbarro files for bankruptcy",
            "Falling Stocks worry investors in Asia",
            "Investors sell stocks after weak trade data",
        ]
        .iter()
        .enumerate()
        {
            c.add(&Item {
                id: format!("{i}"),
                title: Some((*h).into()),
                ..Item::default()
            });
        }
        // Written capitalised mid-sentence and never in lower case: a name.
        assert_eq!(heads(&mut c, "Sbarro files for bankruptcy again"), 1);
        // Capitalised mid-sentence once, but also written in lower case: capitalised here by
        // position only.
        assert_eq!(heads(&mut c, "Stocks slip after weak trade data"), 0);
    }

    #[test]
    fn headline_merges_discount_widely_used_words() {
        let mut c = Clusterer::default();
        let heads = [
            "black friday deals draw shoppers",
            "black nativity musical opens",
            "black hole image from telescope",
            "black sea ferry sinks in storm",
        ];
        for (i, h) in heads.iter().enumerate() {
            c.add(&Item {
                id: format!("{i}"),
                title: Some((*h).into()),
                ..Item::default()
            });
        }
        let s: Vec<u32> = c
            .recent
            .iter()
            .filter_map(|r| match r.story {
                StoryRef::Slot(s) => Some(s),
                StoryRef::Gone(..) => None,
            })
            .collect();
        assert_eq!(s.len(), 4);
        assert!(s.windows(2).all(|w| w[0] != w[1]), "four stories: {s:?}");
        // 'black' is spread over four stories: it counts for less when a merge is weighed.
        let (plain, spread) = (
            c.centroid_cos(s[0], s[1]),
            c.centroid_cos_spread(s[0], s[1]),
        );
        assert!(plain > 0.0 && spread < plain, "{spread} vs {plain}");
    }

    #[test]
    fn a_headline_given_as_text_is_clustered_as_a_headline() {
        let heads = [
            "Quake of magnitude 7 strikes central Chile",
            "Senate passes budget bill after late night vote",
            "Chile quake: magnitude 7 tremor strikes central region",
            "Budget bill clears Senate in late vote",
            "Storm closes schools across northern Ohio",
            "Ohio schools shut as storm hits north",
        ];
        let run = |as_text: bool| {
            let mut c = Clusterer::default();
            heads
                .iter()
                .enumerate()
                .map(|(i, h)| {
                    let id = i.to_string();
                    let it = if as_text {
                        item(&id, "", h)
                    } else {
                        item(&id, h, "")
                    };
                    let a = c.add(&it);
                    (a.story, a.duplicate_of)
                })
                .collect::<Vec<_>>()
        };
        let titles = run(false);
        assert_eq!(titles[2].0, titles[0].0, "{titles:?}");
        assert_ne!(titles[1].0, titles[0].0, "{titles:?}");
        assert_eq!(run(true), titles);
        let it = item("h", "", heads[0]);
        let (title, text) = it.words();
        assert_eq!((title.as_ref(), text.as_ref()), (heads[0], ""));
        // Longer text stays a body.
        let long = format!("{} {}", heads[0], "and more words follow here ".repeat(6));
        let it = item("x", "", &long);
        let (title, text) = it.words();
        assert_eq!((title.as_ref(), text.as_ref()), ("", long.as_str()));
    }

    #[test]
    fn an_escaped_copy_is_a_duplicate() {
        // One feed escapes its characters, another does not: the same article either way.
        let mut c = Clusterer::default();
        c.add(&item(
            "a1",
            "Fed chair&#39;s remarks send markets &amp; the dollar lower",
            "The Fed chair&#39;s remarks on Tuesday sent markets &amp; the dollar lower as \
             traders priced in a longer pause. Analysts said the bank&#x2019;s message was clear.",
        ));
        let copy = c.add(&item(
            "a2",
            "Fed chair's remarks send markets & the dollar lower",
            "The Fed chair's remarks on Tuesday sent markets & the dollar lower as traders \
             priced in a longer pause. Analysts said the bank\u{2019}s message was clear.",
        ));
        assert_eq!(copy.duplicate_of.as_deref(), Some("a1"));
    }

    #[test]
    fn an_outlet_name_ending_its_headlines_glues_no_stories() {
        // Two outlets' headlines about five events, each ending with the outlet's name (as
        // aggregator feeds give them), no source field: the names must not make one story.
        let titles = [
            (
                "a1",
                "Quake of magnitude 7 strikes central Chile - Daily Planet Herald",
            ),
            (
                "b1",
                "Senate passes budget bill after late night vote - Daily Planet Herald",
            ),
            (
                "c1",
                "Storm closes schools across northern Ohio - Daily Planet Herald",
            ),
            (
                "a2",
                "Chile quake: magnitude 7 tremor strikes central region - Morning Ledger",
            ),
            (
                "b2",
                "Budget bill clears Senate in late vote - Morning Ledger",
            ),
            (
                "c2",
                "Ohio schools shut as storm hits north - Morning Ledger",
            ),
            (
                "d1",
                "Mayor opens new bridge over river - Daily Planet Herald",
            ),
            (
                "e1",
                "Teachers strike over pay in city - Daily Planet Herald",
            ),
        ];
        let mut c = Clusterer::default();
        let stories: Vec<(&str, String)> = titles
            .iter()
            .map(|(id, title)| (*id, c.add(&item(id, title, "")).story))
            .collect();
        for (a, sa) in &stories {
            for (b, sb) in &stories {
                let same_event = a[..1] == b[..1];
                assert_eq!(sa == sb, same_event, "{a} ({sa}) and {b} ({sb})");
            }
        }
    }

    #[test]
    fn title_case_capitals_weigh_nothing() {
        // In Title Case or capitals every word is capitalised: only the figure stands out, as
        // in the same headline lower-cased.
        let c = Clusterer::default();
        let stop = Stopwords::new();
        let weights = |title: &str| {
            let toks = features::tokenize(title, "", &stop);
            let tf = c.term_weights(&toks.toks, toks.title_case);
            toks.toks
                .iter()
                .filter(|t| !t.stop)
                .map(|t| tf[&t.term])
                .collect::<Vec<f32>>()
        };
        let lower = weights("quake hits northern town of 2000 people");
        assert_eq!(lower, vec![2.0, 2.0, 2.0, 2.0, 3.0, 2.0]);
        assert_eq!(weights("Quake Hits Northern Town Of 2000 People"), lower);
        assert_eq!(weights("QUAKE HITS NORTHERN TOWN OF 2000 PEOPLE"), lower);
        // In sentence case a capital still marks a name.
        assert_eq!(
            weights("Quake hits northern Velmont, 2000 people"),
            vec![2.0, 2.0, 2.0, 3.0, 3.0, 2.0]
        );
    }

    #[test]
    fn headline_length_counts_chinese_letter_pairs() {
        let text = |t: &str| Item {
            id: "x".into(),
            text: Some(t.into()),
            ..Item::default()
        };
        // A Chinese headline has no spaces: it is one "word" to split_whitespace.
        let head = text("四川雅安发生6.1级地震");
        assert_eq!(head.words().0, "四川雅安发生6.1级地震");
        // A paragraph of 80 letters (about 40 words) is body text, not a headline.
        let body = text(&"救援人员连夜搜救被困群众部分房屋倒塌道路中断".repeat(4));
        let (title, text) = body.words();
        assert_eq!(title, "");
        assert!(!text.is_empty());
    }

    #[test]
    fn threshold_moves_with_length() {
        let c = Config {
            join_short: 0.2,
            join_long: 0.1,
            ..Config::default()
        };
        assert_eq!(c.join_threshold(3), c.join_short);
        assert_eq!(c.join_threshold(1000), c.join_long);
        let mid = c.join_threshold(40);
        let (lo, hi) = (c.join_short.min(c.join_long), c.join_short.max(c.join_long));
        assert!(
            mid > lo && mid < hi,
            "{mid} not strictly between {lo} and {hi}"
        );
    }

    /// Chinese has no capitals to mark names: two quakes reported in the same words are told
    /// apart by their places (county and city names), and a later report of the first quake
    /// that shares its places but little of its wording still joins it.
    #[test]
    fn two_chinese_quakes_are_two_stories() {
        let mut c = Clusterer::default();
        let stream = [
            ("a1", "四川雅安发生6.1级地震", "6月1日17时，四川雅安市芦山县发生6.1级地震，震源深度17千米。据当地应急管理局消息，地震已造成4人死亡，14人受伤。成都等地震感强烈。国家地震局已派出工作组赶赴灾区。"),
            ("a2", "芦山6.1级地震已致4人遇难", "四川雅安芦山县6.1级地震发生后，救援人员连夜搜救被困群众。截至目前，地震已造成4人遇难、14人受伤，部分房屋倒塌，道路中断。应急管理部启动四级应急响应。"),
            ("a3", "雅安地震：救援持续进行", "雅安市芦山县地震灾区的救援工作持续进行。地震造成4人死亡，数千名群众被紧急转移安置。专家表示，余震可能持续数日，提醒民众注意安全。"),
            ("b1", "云南大理发生5.2级地震", "6月3日8时，云南大理州漾濞县发生5.2级地震，震源深度10千米。据当地消息，地震造成部分房屋受损，暂无人员伤亡报告。大理、保山等地震感明显。云南省地震局已启动应急响应。"),
            ("b2", "漾濞5.2级地震暂无人员伤亡", "云南大理漾濞县5.2级地震发生后，当地组织人员排查灾情。截至目前，地震未造成人员伤亡，部分老旧房屋出现裂缝。"),
        ];
        let stories = story_ids(&mut c, &stream);
        assert_eq!(stories, ["a1", "a1", "a1", "b1", "b1"]);
    }

    /// The same with floods in two provinces, between market reports whose words end in 市
    /// ("股市", "上市"), which name no city.
    #[test]
    fn chinese_floods_in_two_provinces_are_two_stories() {
        let mut c = Clusterer::default();
        let stream = [
            ("f1", "广东省多地遭遇强降雨", "受台风影响，广东省清远市、韶关市多地遭遇强降雨，部分河流水位超过警戒线。清远市已转移群众一万余人。气象部门预计，强降雨将持续到周末。"),
            ("f2", "清远洪水：转移群众超万人", "清远市英德市等地出现洪涝灾害，当地已转移群众超过一万人。广东省水利厅启动防汛三级应急响应，救援队伍正在受灾村镇排查险情。"),
            ("s1", "A股三大指数集体收跌", "周五，A股三大指数集体收跌，沪指跌1.2%，深成指跌1.5%。两市成交额不足八千亿元。分析人士认为，股市短期仍将震荡，市场情绪偏谨慎。"),
            ("p1", "某科技公司今日在科创板上市", "某科技公司今日在科创板上市，开盘大涨120%。公司表示，募集资金将用于芯片研发。市场人士认为，新股上市首日表现强劲反映投资者对科技板块的信心。"),
            ("p2", "科创板新股首日大涨", "今日在科创板上市的某科技公司股价首日大涨，收盘涨幅超过100%。该公司主营芯片设计，此次上市募集资金约二十亿元。"),
            ("f3", "江西省九江市遭遇洪水", "江西省九江市修水县遭遇洪水，县城部分街道被淹。当地已转移群众三千余人。江西省防汛指挥部派出工作组赶赴灾区指导救灾。"),
            ("f4", "修水县洪水致两人失踪", "九江市修水县洪水已造成两人失踪，救援人员正在全力搜救。修水县城积水逐步消退，受灾群众得到妥善安置。"),
            ("s2", "股市震荡 成交萎缩", "本周股市持续震荡，沪指全周下跌2.1%，两市成交额明显萎缩。分析人士表示，市场等待更多政策信号，短期指数或维持区间波动。"),
        ];
        let stories = story_ids(&mut c, &stream);
        assert_eq!(stories, ["f1", "f1", "s1", "p1", "p1", "f3", "f3", "s1"]);
    }

    /// A headline seldom writes a place's mark ("雅安地震", not "雅安市地震"): a place the stream
    /// has seen with its mark is a name wherever it stands later, and a headline about the
    /// quake then joins the story its first full report started, as an English headline does by
    /// its capitalised names.
    #[test]
    fn a_place_the_stream_has_seen_is_a_name_in_later_headlines() {
        let at = |id: &str, title: &str, text: Option<&str>, hour: u32| Item {
            id: id.into(),
            title: Some(title.into()),
            text: text.map(str::to_string),
            published: chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2022, 6, 1, hour, 0, 0)
                .single(),
            ..Item::default()
        };
        let mut c = Clusterer::default();
        let stream = [
            at("a1", "四川雅安发生6.1级地震", Some("6月1日17时，四川雅安市芦山县发生6.1级地震，震源深度17千米。据当地应急管理局消息，地震已造成4人死亡，14人受伤。成都等地震感强烈。国家地震局已派出工作组赶赴灾区。"), 9),
            at("x1", "A股三大指数集体收跌", None, 10),
            at("x2", "某科技公司今日在科创板上市", None, 11),
            at("a3", "雅安地震：救援持续进行", None, 14),
            at("b1", "云南大理漾濞发生5.2级地震", None, 23),
        ];
        let stories: Vec<String> = stream.iter().map(|it| c.add(it).story).collect();
        assert_eq!(stories, ["a1", "x1", "x2", "a1", "b1"]);
    }

    /// Korean writes a noun with its particle in one word ("포항시에서", "포항시를"): two reports
    /// of one quake share their nouns only once the particles are taken off and the words split
    /// into letter pairs, as Chinese is; a second quake, reported in much the same words, stays
    /// apart. Four other Korean articles come first, as in a desk's stream.
    #[test]
    fn two_korean_quakes_are_two_stories() {
        let mut c = Clusterer::default();
        let stream = [
            ("n1", "손흥민, 북런던 더비서 결승골", "손흥민이 토트넘과 아스널의 북런던 더비에서 결승골을 넣었다. 손흥민은 후반 20분 페널티 지역 오른쪽에서 오른발 슛으로 골망을 흔들었다. 토트넘은 이날 승리로 리그 4위로 올라섰다. 감독은 경기 후 손흥민의 활약을 칭찬했다."),
            ("n2", "정부, 656조원 규모 내년 예산안 제출", "정부가 내년도 예산안을 656조원 규모로 편성해 국회에 제출했다. 기획재정부는 이번 예산안이 경기 회복과 일자리 창출에 중점을 뒀다고 밝혔다. 야당은 예산안이 재정 건전성을 해친다며 대폭 삭감을 예고했다. 국회는 다음 달 예산안 심사에 들어간다."),
            ("n3", "서울 아파트값 3주 연속 상승", "서울 아파트값이 3주 연속 올랐다. 한국부동산원에 따르면 이번 주 서울 아파트 매매가격은 0.05% 상승했다. 강남구와 서초구 등 강남 지역이 상승세를 이끌었다. 전문가들은 금리 인하 기대감이 매수 심리를 자극했다고 분석했다."),
            ("n4", "내일 전국에 비…강원 산지 최대 80㎜", "내일은 전국이 흐리고 비가 내리겠다. 기상청은 강원 산지에 최대 80㎜의 많은 비가 내릴 것으로 내다봤다. 비는 모레 오전 대부분 그치겠으며, 기온은 평년보다 조금 낮겠다. 해안 지역에는 강한 바람이 불겠다."),
            ("k1", "포항서 규모 5.4 지진…주민 수십 명 부상", "경북 포항시 북구에서 15일 오후 규모 5.4의 지진이 발생했다. 기상청은 이번 지진이 포항시 북구 북쪽 9㎞ 지역에서 일어났다고 밝혔다. 포항시에서는 건물 외벽이 무너지고 주민 수십 명이 다쳤다. 포항 지역 학교들은 휴교에 들어갔으며 수능 시험은 일주일 연기됐다. 정부는 포항시를 특별재난지역으로 선포하는 방안을 검토하고 있다."),
            ("k2", "포항 지진 복구 사흘째…이재민 천여 명 대피소 생활", "포항 지진 피해 복구 작업이 사흘째 이어지고 있다. 포항시 흥해읍 대피소에는 이재민 천여 명이 머물고 있으며 군과 소방 인력이 무너진 건물 잔해를 치우고 있다. 행정안전부는 포항시에 특별교부세를 지원하기로 했다. 포항 주민들은 여진이 계속되자 불안을 호소했다."),
            ("g1", "경주서 규모 5.8 지진…관측 이래 최대", "12일 오후 8시 32분께 경북 경주시 남남서쪽 8㎞ 지역에서 규모 5.8의 지진이 발생했다. 기상청은 1978년 관측 이래 한반도에서 일어난 가장 강한 지진이라고 밝혔다. 서울과 부산 등 전국에서 흔들림이 감지됐고, 경주시에서는 주택 지붕이 부서지고 부상자가 잇따랐다. 월성 원자력발전소는 수동 정지됐다."),
            ("g2", "경주 지진 피해 신고 잇따라", "경주시 지진 피해 신고가 잇따르고 있다. 경주시에 따르면 주택 지붕과 담장이 부서졌다는 신고가 200건을 넘었다. 경주 불국사와 첨성대 등 문화재도 일부 피해를 입었다. 경상북도는 경주시에 응급 복구 인력을 보냈다."),
        ];
        let stories = story_ids(&mut c, &stream);
        assert_eq!(stories, ["n1", "n2", "n3", "n4", "k1", "k1", "g1", "g1"]);
    }

    /// German capitalises every noun, and a bare one ("Nach Angaben der Polizei", "mussten
    /// Anwohner") looks like a name to the article alone: once German articles of the stream
    /// have written it after an article, it is no name in the next ones either.
    #[test]
    fn a_noun_the_stream_has_seen_is_no_name_in_later_german_articles() {
        let later = "Nach Angaben der Polizei mussten Anwohner in Köln ihre Häuser verlassen, \
                     Tausende Gäste warteten. Die Feuerwehr war die ganze Nacht im Einsatz.";
        let names = |c: &mut Clusterer, text: &str| -> Vec<String> {
            let (_, _, toks) = c.arrive(&item("x", "", text));
            let words = text
                .split(|ch: char| !ch.is_alphanumeric())
                .filter(|w| !w.is_empty());
            words
                .zip(&toks.toks)
                .filter(|(_, t)| t.name)
                .map(|(w, _)| w.to_string())
                .collect()
        };
        let mut fresh = Clusterer::default();
        assert_eq!(
            names(&mut fresh, later),
            ["Angaben", "Anwohner", "Köln", "Tausende"]
        );
        let mut taught = Clusterer::default();
        taught.add(&item(
            "a",
            "Streit um Angaben",
            "Die Stadt prüft die Angaben der Firma. Die Anwohner sind wütend, sagte der \
             Bürgermeister von Köln, und auch die Tausende Gäste des Festes.",
        ));
        assert_eq!(names(&mut taught, later), ["Köln"]);
    }

    /// In a stream of English articles, the function words of a German or French one ("der",
    /// "und", "les") are rare, so without their languages' stop words every such article would
    /// share its strongest terms with the others: a quake, a football match and a budget were
    /// one story.
    #[test]
    fn foreign_articles_in_an_english_stream_are_not_glued_by_their_function_words() {
        let mut c = Clusterer::default();
        let mut stream = synth::Stream::new(synth::StreamConfig {
            per_day: 2_000,
            ..synth::StreamConfig::default()
        });
        let foreign = [
            ("d1", "Erdbeben erschüttert Provinz Sichuan", "Ein Erdbeben der Stärke 6,1 hat am Montag den Kreis Lushan in der Provinz Sichuan erschüttert. Nach Angaben der Behörden kamen vier Menschen ums Leben, und die Schäden an den Häusern sind noch nicht erfasst."),
            ("f1", "Grève dans les transports à Paris", "Une grève des conducteurs de métro a perturbé mardi les transports à Paris, où la plupart des lignes n'ont fonctionné qu'aux heures de pointe. Les syndicats demandent une hausse des salaires et l'embauche de personnel."),
            ("d2", "Bayern gewinnt das Spitzenspiel gegen Dortmund", "Der FC Bayern hat das Spitzenspiel der Bundesliga gegen Borussia Dortmund mit 3:1 gewonnen. Die Münchner bauten ihren Vorsprung an der Tabellenspitze aus, und für Dortmund ist es die zweite Niederlage in Folge."),
            ("f2", "Le gouvernement présente son budget", "Le gouvernement a présenté mercredi le budget de l'année prochaine, qui prévoit une baisse des dépenses de l'État et une hausse des crédits pour l'armée et pour l'école."),
            ("k1", "손흥민, 북런던 더비서 결승골", "손흥민이 토트넘과 아스널의 북런던 더비에서 결승골을 넣었다. 손흥민은 후반 20분 페널티 지역 오른쪽에서 오른발 슛으로 골망을 흔들었다. 토트넘은 이날 승리로 리그 4위로 올라섰다. 감독은 경기 후 손흥민의 활약을 칭찬했다고 밝혔다."),
            ("k2", "정부, 656조원 규모 내년 예산안 제출", "정부가 내년도 예산안을 656조원 규모로 편성해 국회에 제출했다. 기획재정부는 이번 예산안이 경기 회복과 일자리 창출에 중점을 뒀다고 밝혔다. 야당은 예산안이 재정 건전성을 해친다며 대폭 삭감을 예고했다. 국회는 다음 달 예산안 심사에 들어간다고 밝혔다."),
            ("k3", "서울 아파트값 3주 연속 상승", "서울 아파트값이 3주 연속 올랐다고 밝혔다. 한국부동산원에 따르면 이번 주 서울 아파트 매매가격은 0.05% 상승했다. 강남구와 서초구 등 강남 지역이 상승세를 이끌고 있다. 전문가들은 금리 인하 기대감이 매수 심리를 자극했다고 분석했다."),
            ("k4", "내일 전국에 비…강원 산지 최대 80㎜", "내일은 전국이 흐리고 비가 내리겠다고 밝혔다. 기상청은 이번 비가 강원 산지에 최대 80㎜ 내릴 것으로 내다봤다. 비는 모레 오전 대부분 그치겠으며, 기온은 평년보다 조금 낮겠다. 해안 지역에는 강한 바람이 불고 있다."),
            ("d3", "Regierung legt Haushalt vor", "Die Bundesregierung hat den Entwurf für den Haushalt des kommenden Jahres vorgelegt. Die Ausgaben für Verteidigung und Bildung sollen steigen, und die Opposition kritisierte den Entwurf als einen Haushalt ohne klare Linie."),
        ];
        let mut stories = Vec::new();
        for (k, (id, title, text)) in foreign.iter().enumerate() {
            for _ in 0..60 {
                let mut it = stream.next_item();
                it.published = None;
                c.add(&it);
            }
            stories.push(c.add(&item(id, title, text)).story);
            assert_eq!(stories[k], *id, "{id} joined another story");
        }
    }

    #[test]
    fn groups_and_separates() {
        let mut c = Clusterer::default();
        let a = c.add(&item("a", "Earthquake of magnitude 7.1 strikes Chile", "A strong earthquake struck northern Chile on Monday, damaging buildings in Antofagasta."));
        let b = c.add(&item(
            "b",
            "Chile earthquake: buildings damaged in Antofagasta",
            "The magnitude 7.1 earthquake hit Antofagasta in northern Chile, officials said.",
        ));
        let d = c.add(&item(
            "d",
            "Central bank raises interest rates",
            "The central bank raised its benchmark rate by a quarter point to fight inflation.",
        ));
        assert_eq!(a.story, "a");
        assert_eq!(b.story, "a");
        assert_eq!(d.story, "d");
    }
}
