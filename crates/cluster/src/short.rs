//! The headline-only path: how an article with no body text is compared with stories.
//!
//! A headline has six or seven content words, so one shared word of a common topic ("black",
//! "google", "launch") gives it a cosine with a big story's centroid that a full text never gets
//! by chance. These make the comparison of a headline sharper:
//!
//! - **Word pairs.** Adjacent content words of the headline are extra terms ("black nativity" is
//!   not "black friday"; "google glass" is not "google chrome"), at a fraction of a word's weight.
//! - **Spread.** A word whose weight is spread over many stories (the entropy of its story
//!   distribution) counts for less in the headline's vector than one a single story owns.
//! - **Coverage.** The idf-weighted share of the headline's words that the story has never used
//!   lowers the similarity, as in a Dirichlet multinomial mixture (GSDMM, MStream), where every
//!   word of a short text must be likely under the cluster it joins, not just the ones it
//!   shares. Words no story has used yet count less (they are no evidence against one story
//!   more than another), and when a sentence-case headline shows names, only the names count:
//!   outlets word one event differently but name the same places and people.
//! - **Story size.** A big story is the likelier home of the next headline (a rich-get-richer
//!   prior, the `m_z` term of a Dirichlet-process mixture), although a short text's cosine with
//!   a centroid of many reworded headlines falls as the story grows; and a young story, whose
//!   first joins decide what it is about, asks for more of the headline to be covered.
//! - **Time.** A dated headline's similarity to a story decays with the days between them
//!   (48 hours' scale, against the body path's months): six words cannot tell this Monday's
//!   market close from last Monday's, and a story still being covered stays fresh. With the
//!   stale stories so discounted, a dated headline joins on a lower bar and leans more to big
//!   stories.
//! - **Own thresholds** to join a story (lower for a dated headline, whose stale candidates the
//!   time decay has already discounted) and to merge two stories a headline links; the merge
//!   weighs the stories' shared terms by their spread too, so that two stories sharing only a
//!   word many stories use ("star", "storm") are not merged.
//!
//! Articles with body text never take this path, so full-text clustering is unchanged by it.

use crate::features::Tokens;
use rustc_hash::FxHashMap;

/// Tunables of the headline-only path (see the module docs).
#[derive(Debug, Clone)]
pub struct HeadlineConfig {
    /// Weight of an adjacent pair of content words relative to a single word (0 turns pairs off).
    pub pair_weight: f32,
    /// Share of the similarity lost when none of the headline's words occur in the story; a
    /// partial miss loses its idf-weighted share of this (0 turns it off).
    pub coverage: f32,
    /// Weight in the coverage of a word no story has used yet (1: as any word; 0: not counted,
    /// as it is no evidence against one story more than another).
    pub unknown_weight: f32,
    /// When the headline shows names (capitalised words in a sentence-case headline), coverage
    /// counts only them: outlets word one event differently but name the same places and people.
    pub names_only: bool,
    /// Similarity a headline-only article needs to join a story.
    pub join: f32,
    /// The same for a dated headline-only article (when `decay_hours` is not 0). Lower: the time
    /// decay has already discounted the stories that went quiet, and a weak match with a story
    /// covered in the same hours is likelier the same event than one with any story of the
    /// stream.
    pub join_dated: f32,
    /// A headline word's weight is multiplied by `exp(-spread * entropy)`, the entropy (nats) of
    /// its weight over stories (0 turns it off); so is a term's weight in the centroid cosine
    /// that decides a merge a headline triggers (two stories that share only words many stories
    /// use, "star" or "storm", are two events).
    pub spread: f32,
    /// Centroid cosine at which two stories a headline links are merged (`Config::merge` for
    /// the others). Headlines link stories with fewer words, and the coverage check makes each
    /// link surer, so the bar is lower. The cosine weighs terms by their spread (see `spread`).
    pub merge: f32,
    /// Rich get richer: the similarity to a story of `n` articles is multiplied by
    /// `1 + size_prior * ln n` (0 turns it off). The cosine of a six-word headline with the
    /// centroid of many reworded headlines falls as the story grows, although a big story is the
    /// likelier home of the next headline (the `m_z` term of a Dirichlet-process mixture).
    pub size_prior: f32,
    /// The same for a dated headline-only article (when `decay_hours` is not 0). Stronger: the
    /// time decay has already discounted the big stories that went quiet, so a big story among
    /// the ones still being covered is a surer home than a big story of any time.
    pub size_prior_dated: f32,
    /// A story of `n` articles checks a headline's coverage at `coverage + young / n`: a story's
    /// first joins decide what it is about, so they must cover more of the headline (one shared
    /// word of a topic, "star" or "black", must not start gluing two events). Only when coverage
    /// is checked on all the headline's words: names already demand the event's places and
    /// people. 0 turns it off.
    pub young: f32,
    /// A gap of `gap` hours between a headline-only article and a story's span multiplies their
    /// similarity by `exp(-gap / decay_hours)` (`Config::decay_hours` for the others, which is
    /// far longer). Six words of a headline cannot tell Monday's "stocks end lower on China
    /// worries" from Tuesday's, or this week's storm warning from last week's; a body can, by
    /// its figures, days and quotes. So a headline leans on time: a story quiet for two days
    /// (a news cycle) takes a new headline only on a much closer match. A story still being
    /// covered keeps its latest date fresh, so a developing story goes on taking headlines.
    /// 0 turns it off.
    pub decay_hours: f64,
}

impl Default for HeadlineConfig {
    fn default() -> Self {
        HeadlineConfig {
            pair_weight: 0.5,
            coverage: 0.7,
            unknown_weight: 0.3,
            names_only: true,
            join: 0.07,
            join_dated: 0.06,
            spread: 0.15,
            merge: 0.13,
            size_prior: 0.1,
            size_prior_dated: 0.16,
            young: 0.1,
            decay_hours: 48.0,
        }
    }
}

/// How a term's weight is spread over stories: for each term, the sum of its centroid weights
/// over stories `s1` and the sum of `w ln w` over stories `s2`, so that the entropy of its
/// story distribution is `ln s1 - s2 / s1`. A word that many stories use ("black", "google")
/// says less about which story a headline belongs to than one that one story owns. Only
/// headline-only articles add to it (full-text streams pay nothing for it); merges of stories
/// update the terms it has.
#[derive(Debug, Default)]
pub(crate) struct Spread {
    terms: FxHashMap<u64, (f32, f32)>,
}

fn xlnx(x: f32) -> f32 {
    if x > 0.0 {
        x * x.ln()
    } else {
        0.0
    }
}

impl Spread {
    /// A story's weight for `t` goes from `old` to `old + w`.
    pub fn add(&mut self, t: u64, old: f32, w: f32) {
        let e = self.terms.entry(t).or_insert((0.0, 0.0));
        e.0 += w;
        e.1 += xlnx(old + w) - xlnx(old);
    }

    /// An article's term weights `raw` join a story whose centroid is `centroid` (before).
    pub fn join(&mut self, centroid: &FxHashMap<u64, f32>, raw: &[(u64, f32)]) {
        for &(t, w) in raw {
            self.add(t, centroid.get(&t).copied().unwrap_or(0.0), w);
        }
    }

    /// Two stories' weights `a` and `b` for `t` become one.
    pub fn merge(&mut self, t: u64, a: f32, b: f32) {
        if let Some(e) = self.terms.get_mut(&t) {
            e.1 += xlnx(a + b) - xlnx(a) - xlnx(b);
        }
    }

    /// Story `gone` (its centroid) is merged into story `keep`.
    pub fn merge_stories(&mut self, keep: &FxHashMap<u64, f32>, gone: &FxHashMap<u64, f32>) {
        for (&t, &b) in gone {
            self.merge(t, keep.get(&t).copied().unwrap_or(0.0), b);
        }
    }

    /// Whether some story has used `t`.
    pub fn has(&self, t: u64) -> bool {
        self.terms.get(&t).is_some_and(|e| e.0 > 0.0)
    }

    /// Entropy (nats) of `t`'s distribution over stories; 0 for an unseen term.
    pub fn entropy(&self, t: u64) -> f32 {
        match self.terms.get(&t) {
            Some(&(s1, s2)) if s1 > 0.0 => (s1.ln() - s2 / s1).max(0.0),
            _ => 0.0,
        }
    }

    /// Halves every weight (with the document frequencies), dropping terms that fade out.
    pub fn halve(&mut self) {
        let ln2 = std::f32::consts::LN_2;
        self.terms.retain(|_, e| {
            e.1 = (e.1 - e.0 * ln2) / 2.0;
            e.0 /= 2.0;
            e.0 >= 0.05
        });
    }
}

/// Whether an article takes the headline-only path: it has a headline and no body words.
pub(crate) fn is_headline_only(toks: &Tokens) -> bool {
    toks.body_words == 0 && toks.title_words > 0
}

/// Hash of an adjacent pair of terms (order matters: "court rule" is not "rule court").
fn pair_term(a: u64, b: u64) -> u64 {
    let h = (a.rotate_left(17) ^ b).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h ^ (h >> 31)
}

/// Adds the headline's adjacent content-word pairs to its term weights (stop words are skipped,
/// so "signs with Lakers" gives "sign laker"). Returns the pair terms added.
pub(crate) fn add_pairs(toks: &Tokens, weight: f32, tf: &mut FxHashMap<u64, f32>) -> Vec<u64> {
    if weight <= 0.0 {
        return Vec::new();
    }
    let words: Vec<u64> = toks.toks[..toks.title_words]
        .iter()
        .filter(|t| !t.stop)
        .map(|t| t.term)
        .collect();
    let mut pairs = Vec::with_capacity(words.len());
    for w in words.windows(2) {
        if w[0] == w[1] {
            continue;
        }
        let p = pair_term(w[0], w[1]);
        *tf.entry(p).or_insert(0.0) += weight;
        if !pairs.contains(&p) {
            pairs.push(p);
        }
    }
    pairs
}

/// The words a headline's coverage is checked on, with their weights: its names (with
/// [`HeadlineConfig::names_only`], when it has some), or else its single words (not its pairs)
/// by idf, the words no story has used yet down-weighted by [`HeadlineConfig::unknown_weight`];
/// and whether they are the names.
pub(crate) fn coverage_words(
    terms: &[(u64, f32)],
    idf: &[f32],
    pairs: &[u64],
    names: &[(u64, f32)],
    spread: &Spread,
    cfg: &HeadlineConfig,
) -> (Vec<(u64, f32)>, bool) {
    if cfg.names_only && !names.is_empty() {
        return (names.to_vec(), true);
    }
    let w = terms
        .iter()
        .zip(idf)
        .filter(|(t, _)| !pairs.contains(&t.0))
        .map(|(t, &i)| {
            let w = if spread.has(t.0) {
                1.0
            } else {
                cfg.unknown_weight
            };
            (t.0, i * w)
        })
        .filter(|w| w.1 > 0.0)
        .collect();
    (w, false)
}

/// The size prior of a story of `size` articles: `1 + prior * ln size`
/// ([`HeadlineConfig::size_prior`] or [`HeadlineConfig::size_prior_dated`]).
pub(crate) fn size_factor(prior: f32, size: u32) -> f32 {
    if prior <= 0.0 {
        return 1.0;
    }
    1.0 + prior * (size.max(1) as f32).ln()
}

/// The factor that scales a headline's similarity to a story of `size` articles:
/// `1 - c * missed`, where `missed` is the idf-weighted share of the headline's coverage words
/// (`(term, weight)`, from [`coverage_words`]; `names` when they are its names) that the story
/// has not used, and `c` is [`HeadlineConfig::coverage`], raised by
/// [`HeadlineConfig::young`]` / size` when the words are not names. `has` tells whether the
/// story has a term.
pub(crate) fn coverage_factor(
    cfg: &HeadlineConfig,
    words: &[(u64, f32)],
    size: u32,
    names: bool,
    has: impl Fn(u64) -> bool,
) -> f32 {
    let young = if names { 0.0 } else { cfg.young };
    let coverage = (cfg.coverage + young / size.max(1) as f32).min(1.0);
    if coverage <= 0.0 {
        return 1.0;
    }
    let total: f32 = words.iter().map(|w| w.1).sum();
    if total <= 0.0 {
        return 1.0;
    }
    let missed: f32 = words.iter().filter(|w| !has(w.0)).map(|w| w.1).sum();
    1.0 - coverage * (missed / total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::{tokenize, Stopwords};
    use crate::{Clusterer, Item};

    fn headline(id: &str, title: &str) -> Item {
        Item {
            id: id.into(),
            title: Some(title.into()),
            ..Item::default()
        }
    }

    #[test]
    fn pairs_skip_stop_words_and_keep_order() {
        let sw = Stopwords::new();
        let t = tokenize("Bryant signs with the Lakers", "", &sw);
        assert!(is_headline_only(&t));
        let mut tf = FxHashMap::default();
        let pairs = add_pairs(&t, 0.5, &mut tf);
        // bryant-sign, sign-laker
        assert_eq!(pairs.len(), 2);
        let u = tokenize("Lakers signs Bryant", "", &sw);
        let mut tf2 = FxHashMap::default();
        let other = add_pairs(&u, 0.5, &mut tf2);
        assert!(other.iter().all(|p| !pairs.contains(p)), "order matters");
        let body = tokenize("Bryant signs", "He signed on Monday.", &sw);
        assert!(!is_headline_only(&body));
    }

    #[test]
    fn coverage_scales_with_missed_idf() {
        let cfg = HeadlineConfig {
            coverage: 0.5,
            young: 0.0,
            ..HeadlineConfig::default()
        };
        let words = [(1, 1.0), (2, 3.0)];
        assert_eq!(coverage_factor(&cfg, &words, 1, false, |_| true), 1.0);
        assert_eq!(coverage_factor(&cfg, &words, 1, false, |_| false), 0.5);
        assert_eq!(
            coverage_factor(&cfg, &words, 1, false, |t| t == 1),
            1.0 - 0.5 * 0.75
        );
    }

    #[test]
    fn young_stories_and_size_prior() {
        let cfg = HeadlineConfig {
            coverage: 0.5,
            young: 0.2,
            size_prior: 0.1,
            ..HeadlineConfig::default()
        };
        let words = [(1, 1.0), (2, 1.0)];
        // A one-article story asks for more coverage than a big one; names are exempt.
        let young = coverage_factor(&cfg, &words, 1, false, |t| t == 1);
        let old = coverage_factor(&cfg, &words, 100, false, |t| t == 1);
        assert!((young - (1.0 - 0.7 * 0.5)).abs() < 1e-6);
        assert!((old - (1.0 - 0.502 * 0.5)).abs() < 1e-6);
        assert_eq!(coverage_factor(&cfg, &words, 1, true, |t| t == 1), 0.75);
        assert_eq!(size_factor(cfg.size_prior, 1), 1.0);
        assert!(size_factor(cfg.size_prior, 100) > size_factor(cfg.size_prior, 10));
        assert_eq!(size_factor(0.0, 100), 1.0);
    }

    #[test]
    fn spread_is_the_entropy_over_stories() {
        let mut sp = Spread::default();
        sp.add(7, 0.0, 2.0); // story A
        assert!(sp.entropy(7).abs() < 1e-6, "one story: no spread");
        sp.add(7, 0.0, 1.0); // story B
        sp.add(7, 1.0, 1.0); // story B again
        assert!((sp.entropy(7) - std::f32::consts::LN_2).abs() < 1e-5);
        sp.halve();
        assert!((sp.entropy(7) - std::f32::consts::LN_2).abs() < 1e-5);
        sp.merge(7, 1.0, 1.0); // A and B become one
        assert!(sp.entropy(7).abs() < 1e-5);
        assert_eq!(sp.entropy(8), 0.0);
    }

    /// A hand-written headline-only stream, with the gold story of each headline. Shared topic
    /// words ("black", "google", "launch", "lakers") must not glue different stories, and
    /// reworded headlines of one story must still meet.
    #[test]
    fn headline_table() {
        let stream: &[(&str, &str)] = &[
            ("senate passes budget bill after long debate", "b0"),
            ("storm brings snow and cold air to the east", "b1"),
            ("new phone launch draws crowds to stores", "b2"),
            ("court rules on immigration case", "b3"),
            ("team wins title in overtime thriller", "b4"),
            ("stocks fall as oil prices climb", "b5"),
            ("film review: a quiet drama about family", "b6"),
            ("holiday travel expected to break records", "b7"),
            ("black friday deals draw early shoppers to malls", "bf"),
            (
                "black friday deals: retailers open doors early for shoppers",
                "bf",
            ),
            ("black friday shoppers crowd malls for early deals", "bf"),
            ("best black friday deals on tvs and tablets", "bf"),
            ("black friday: shoppers line up overnight", "bf"),
            ("black nativity review: whitaker and bassett soar", "bn"),
            (
                "black nativity a musical gift for the holidays review",
                "bn",
            ),
            ("google glass explorer edition opens to developers", "gg"),
            ("developers get google glass explorer invites", "gg"),
            ("google glass invites go out to more explorers", "gg"),
            ("google glass gets a developer kit", "gg"),
            ("google launches voice search extension for chrome", "gc"),
            (
                "chrome extension brings google voice search to desktop",
                "gc",
            ),
            ("kobe bryant signs contract extension with lakers", "kb"),
            ("lakers give kobe bryant two year extension", "kb"),
            ("wizards beat lakers as wall scores 31", "wz"),
            ("bryant extension contract worth 48 million", "kb"),
        ];
        let mut c = Clusterer::default();
        let got: Vec<String> = stream
            .iter()
            .enumerate()
            .map(|(i, (h, _))| c.add(&headline(&format!("{i}"), h)).story)
            .collect();
        for i in 0..stream.len() {
            for j in 0..i {
                let same_gold = stream[i].1 == stream[j].1;
                let same_pred = got[i] == got[j];
                assert_eq!(
                    same_gold, same_pred,
                    "{:?} vs {:?}: gold together {same_gold}, predicted {same_pred} ({got:?})",
                    stream[j].0, stream[i].0
                );
            }
        }
    }
}
