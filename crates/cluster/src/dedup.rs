//! Duplicate detection: the same article under another URL, an exact copy of its text, or a near
//! copy (syndicated wire text with a new headline, a light rewrite, a cut or added paragraph).
//!
//! Near copies are found with sampled word 3-shingles: every shingle whose hash falls in a fixed
//! residue class is indexed (Broder's mod-m sample), articles sharing at least two sampled
//! shingles become candidates, and each candidate is confirmed with the exact Jaccard (or
//! containment) of the full shingle sets. Only articles inside the dedup window are kept, so the
//! memory is bounded by the window and the work per article by the posting cap.

use crate::features::{self, Tokens};
use crate::url::is_site_root;
use crate::{canonicalize_url, Config, Item};
use rustc_hash::{FxHashMap, FxHasher};
use std::collections::VecDeque;
use std::hash::{Hash, Hasher};

/// Why an article is a duplicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DupKind {
    /// Same canonical URL (tracking parameters, AMP, mobile, `rel=canonical`).
    Url,
    /// Same normalised text.
    Exact,
    /// Near copy by shingle overlap.
    Near,
}

/// Shingle length in words.
const SHINGLE: usize = 3;
/// Index one shingle in this many.
const SAMPLE_MOD: u32 = 8;
/// Candidates confirmed exactly per article.
const MAX_CHECKS: usize = 8;

#[derive(Debug)]
struct Recent {
    seq: u64,
    time: Option<i64>,
    keys: Vec<u64>,
    shingles: Vec<u32>,
}

#[derive(Debug, Default)]
pub(crate) struct Dedup {
    /// Key (canonical URL or text hash) -> the index of the article that brought it.
    keys: FxHashMap<u64, u32>,
    /// Sampled shingle -> the latest original article that has it. One slot per shingle keeps
    /// the table small; a copy shares many sampled shingles with its original, so losing older
    /// holders of a few common shingles does not lose the copy.
    shingle_index: FxHashMap<u32, u32>,
    recent: VecDeque<Recent>,
    /// Article index of `recent[0]`.
    base: u32,
    sweeps: u64,
}

fn key_hash(tag: u8, data: impl Hash) -> u64 {
    let mut h = FxHasher::default();
    tag.hash(&mut h);
    data.hash(&mut h);
    h.finish()
}

impl Dedup {
    pub fn new(_cfg: &Config) -> Self {
        Dedup::default()
    }

    /// Index of the oldest article still in the window.
    pub fn base(&self) -> u32 {
        self.base
    }

    fn recent(&self, idx: u32) -> Option<&Recent> {
        idx.checked_sub(self.base)
            .and_then(|i| self.recent.get(i as usize))
    }

    /// Records article `idx` in the window. Unless `known` already says whether it is a copy
    /// (a stored placement being put back: see the clusterer's `restore`), checks it first and
    /// returns the article it copies (and why) when it is a duplicate: an original, or a copy of
    /// one whose key it shares.
    #[allow(clippy::too_many_arguments)]
    pub fn insert(
        &mut self,
        idx: u32,
        item: &Item,
        toks: &Tokens,
        time: Option<i64>,
        seq: u64,
        cfg: &Config,
        known: Option<bool>,
    ) -> Option<(u32, DupKind)> {
        let mut url_keys = Vec::new();
        for u in [item.url.as_deref(), item.canonical_url.as_deref()]
            .into_iter()
            .flatten()
        {
            // A site's front page is no article's address: a feed that links every item to it
            // would otherwise make all its items copies of the first.
            if let Some(c) = canonicalize_url(u).filter(|c| !is_site_root(c)) {
                let k = key_hash(1, &c);
                if !url_keys.contains(&k) {
                    url_keys.push(k);
                }
            }
        }
        let body = &toks.toks[toks.title_words..];
        let text_key = if toks.body_words >= 1
            && toks.body_words + toks.title_words >= cfg.exact_dup_min_words
        {
            Some(key_hash(
                2,
                body.iter().map(|t| t.exact).collect::<Vec<_>>(),
            ))
        } else if toks.body_words == 0 && toks.title_words >= cfg.exact_dup_min_words {
            Some(key_hash(
                3,
                toks.toks.iter().map(|t| t.exact).collect::<Vec<_>>(),
            ))
        } else {
            None
        };

        let check = known.is_none();
        let mut found: Option<(u32, DupKind)> = None;
        if check {
            found = url_keys
                .iter()
                .find_map(|k| self.keys.get(k).map(|&o| (o, DupKind::Url)));
        }
        if check && found.is_none() {
            found = text_key.and_then(|k| self.keys.get(&k).map(|&o| (o, DupKind::Exact)));
        }

        let (shingles, sampled) = if toks.body_words >= cfg.near_dup_min_words {
            let mut s: Vec<u32> = features::shingles(body, SHINGLE)
                .into_iter()
                .map(|h| (h >> 32) as u32)
                .collect();
            s.sort_unstable();
            s.dedup();
            let sampled: Vec<u32> = s.iter().copied().filter(|h| h % SAMPLE_MOD == 0).collect();
            (s, sampled)
        } else {
            (Vec::new(), Vec::new())
        };
        if check && found.is_none() && !sampled.is_empty() {
            found = self
                .near(&shingles, &sampled, cfg)
                .map(|o| (o, DupKind::Near));
        }

        // A key names the article that brought it, original or copy (the clusterer knows a
        // copy's original), so that every article a key names is inside the window.
        let mut keys = Vec::new();
        for k in url_keys.into_iter().chain(text_key) {
            if let std::collections::hash_map::Entry::Vacant(e) = self.keys.entry(k) {
                e.insert(idx);
                keys.push(k);
            }
        }
        // Copies are not indexed: their original already stands for them.
        let copy = known.unwrap_or(found.is_some());
        if !copy {
            for &h in &sampled {
                self.shingle_index.insert(h, idx);
            }
        }
        if self.recent.is_empty() {
            self.base = idx;
        }
        self.recent.push_back(Recent {
            seq,
            time,
            keys,
            shingles: if !copy { shingles } else { Vec::new() },
        });
        found
    }

    fn near(&self, shingles: &[u32], sampled: &[u32], cfg: &Config) -> Option<u32> {
        let mut shared: FxHashMap<u32, u32> = FxHashMap::default();
        for h in sampled {
            if let Some(&d) = self.shingle_index.get(h) {
                if d >= self.base {
                    *shared.entry(d).or_insert(0) += 1;
                }
            }
        }
        let need = if sampled.len() >= 6 { 2 } else { 1 };
        let mut cands: Vec<(u32, u32)> = shared.into_iter().filter(|&(_, n)| n >= need).collect();
        cands.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut best: Option<(u32, f32)> = None;
        for &(d, _) in cands.iter().take(MAX_CHECKS) {
            let Some(r) = self.recent(d) else { continue };
            let inter = features::intersection_len(shingles, &r.shingles) as f32;
            let (a, b) = (shingles.len() as f32, r.shingles.len() as f32);
            let jac = inter / (a + b - inter).max(1.0);
            let contain = inter / a.min(b).max(1.0);
            let ok = jac >= cfg.near_dup_jaccard || contain >= cfg.near_dup_containment;
            if ok && best.is_none_or(|(_, j)| jac > j) {
                best = Some((d, jac));
            }
        }
        best.map(|(d, _)| d)
    }

    /// Forgets articles that left the dedup window.
    /// `now` is the stream clock's span (see the clusterer's `Clock`): an article dated more than
    /// `dedup_window_hours` outside it, on either side, has left the window (a copy is close in
    /// time to its original, whichever came first).
    pub fn sweep(&mut self, seq: u64, now: Option<(i64, i64)>, cfg: &Config) {
        let mut popped = false;
        while let Some(front) = self.recent.front() {
            let old_seq = seq.saturating_sub(front.seq) > cfg.dedup_window_items;
            let old_time = match (now, front.time) {
                (Some((lo, hi)), Some(t)) => {
                    let w = cfg.dedup_window_hours;
                    ((lo - t) as f64) / 3600.0 > w || ((t - hi) as f64) / 3600.0 > w
                }
                _ => false,
            };
            if !(old_seq || old_time) {
                break;
            }
            if let Some(r) = self.recent.pop_front() {
                for k in r.keys {
                    self.keys.remove(&k);
                }
            }
            self.base += 1;
            popped = true;
        }
        self.sweeps += 1;
        if popped && self.sweeps % 16 == 0 {
            let base = self.base;
            self.shingle_index.retain(|_, d| *d >= base);
            if self.shingle_index.capacity() > 4 * self.shingle_index.len() + 4096 {
                self.shingle_index.shrink_to_fit();
            }
            if self.keys.capacity() > 4 * self.keys.len() + 4096 {
                self.keys.shrink_to_fit();
            }
        }
    }
}
