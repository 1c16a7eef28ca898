//! Sentence salience and selection: which source sentences tell the story.
//!
//! Salience is a linear model over signals that work for extractive multi-document summaries of
//! news: position (reporters put the news first), centrality (cosine to the story's TF-IDF
//! centroid), agreement (how many outlets use the sentence's content words), the centrality of the
//! sentence's document (off-topic pages in a story count less), coverage of the story's repeated
//! bigrams, and surface cues (length, quotes, digits, questions, capitalised headings); see
//! [`SalienceWeights`]. Selection is maximal marginal relevance with a coverage gain: the next
//! sentence is the most salient one that says something the chosen ones do not, until a word
//! budget is met.

use crate::prep::{Prepared, Sent};

/// Weights of the linear salience model: salience is the dot product of these weights with a
/// sentence's features (see [`score`]). The defaults were fitted by ridge regression (least squares)
/// to the share of a sentence's stemmed bigrams found in the reference summary, on the "dev" half of
/// the Multi-News validation sample (stories with an even FNV-1a hash of their id), and checked on
/// the other half (`scripts/score-summaries.sh`).
#[derive(Debug, Clone)]
pub struct SalienceWeights {
    pub bias: f32,
    /// `1 / (1 + rank)^pos_decay`: reporters put the news first.
    pub position: f32,
    /// The document's first kept sentence (often a title or teaser line, less summary-like).
    pub lede: f32,
    /// Rank divided by the document's kept sentences.
    pub rel_position: f32,
    /// Cosine to the story's TF-IDF centroid (scaled to a best of 1).
    pub centroid: f32,
    /// How many other documents use the sentence's terms (scaled to a best of 1).
    pub agreement: f32,
    /// Natural log of the sentence's word count.
    pub log_words: f32,
    /// Weight of the story concepts (repeated bigrams) in the sentence per square-root word.
    pub concepts: f32,
    /// The sentence opens with a quotation mark.
    pub starts_quote: f32,
    /// The sentence contains a quotation mark.
    pub has_quote: f32,
    /// The sentence contains a digit.
    pub has_digit: f32,
    /// The sentence is a question.
    pub question: f32,
    /// Mean centroid score of the sentence's document: off-topic documents count less.
    pub doc_centroid: f32,
    /// Share of words after the first that are capitalised (headings, captions, lists of names).
    pub capitals: f32,
}

impl Default for SalienceWeights {
    fn default() -> Self {
        SalienceWeights {
            bias: 0.028,
            position: 0.262,
            lede: -0.167,
            rel_position: 0.028,
            centroid: 0.042,
            agreement: 0.045,
            log_words: -0.045,
            concepts: 0.012,
            starts_quote: 0.037,
            has_quote: 0.037,
            has_digit: -0.011,
            question: -0.018,
            doc_centroid: 0.168,
            capitals: -0.047,
        }
    }
}

/// Weights of the ranking model (see [`SalienceWeights`] for how they were set).
#[derive(Debug, Clone)]
pub struct RankParams {
    pub weights: SalienceWeights,
    /// Position score is `1 / (1 + rank)^pos_decay`.
    pub pos_decay: f32,
    /// Salience is the model's output times this (puts it on the scale of the MMR terms).
    pub scale: f32,
    /// MMR trade-off: 1.0 ignores redundancy.
    pub lambda: f32,
    /// Aim for this share of the word budget (kept within ±10%).
    pub target_ratio: f32,
    /// Sentences more similar than this to a chosen one are never added.
    pub max_sim: f32,
    /// Weight of the coverage gain: story bigrams (repeated in the story) not yet covered.
    pub w_cover: f32,
    /// Exponent on sentence length dividing the coverage gain.
    pub cover_len_exp: f32,
}

impl Default for RankParams {
    fn default() -> Self {
        RankParams {
            weights: SalienceWeights::default(),
            pos_decay: 0.7,
            scale: 10.0,
            lambda: 0.7,
            target_ratio: 1.0,
            max_sim: 0.6,
            w_cover: 0.5,
            cover_len_exp: 0.5,
        }
    }
}

/// Salience of every sentence (0 for sentences not fit to quote) and the idf table used.
pub struct Scores {
    pub salience: Vec<f32>,
    /// Per sentence: cosine to the story centroid, scaled so the best sentence has 1.
    pub centrality: Vec<f32>,
    /// Per sentence: mean share of the other documents using its terms, scaled to a best of 1.
    pub agreement: Vec<f32>,
    pub idf: Vec<f32>,
    /// Per sentence: the (deduplicated) ids of its story concepts (repeated stemmed bigrams).
    pub concepts: Vec<Vec<u32>>,
    /// Per concept id: its weight (documents using it, plus repeats).
    pub concept_weight: Vec<f32>,
    /// Per sentence: sorted distinct term ids and the squared idf norm of that set.
    pub term_sets: Vec<(Vec<u32>, f32)>,
}

/// Repeated stemmed bigrams of the story (not both stop words) as the concepts a summary covers.
fn concepts(p: &Prepared<'_>) -> (Vec<Vec<u32>>, Vec<f32>) {
    let mut ids: crate::prep::FxMap<u64, u32> = Default::default();
    let mut per_sent: Vec<Vec<u32>> = Vec::with_capacity(p.sents.len());
    let mut tf: Vec<u32> = Vec::new();
    let mut df: Vec<u32> = Vec::new();
    let mut last_doc: Vec<usize> = Vec::new();
    for s in &p.sents {
        let mut mine = Vec::new();
        // Echoes (wire text another outlet carries) weigh in; only kept sentences get concepts.
        if s.keep || s.echo_of.is_some() {
            for w in s.all.windows(2) {
                if w[0].1 && w[1].1 {
                    continue;
                }
                let key = (u64::from(w[0].0) << 32) | u64::from(w[1].0);
                let next = ids.len() as u32;
                let id = *ids.entry(key).or_insert(next);
                if id as usize == tf.len() {
                    tf.push(0);
                    df.push(0);
                    last_doc.push(usize::MAX);
                }
                tf[id as usize] += 1;
                if last_doc[id as usize] != s.doc {
                    last_doc[id as usize] = s.doc;
                    df[id as usize] += 1;
                }
                mine.push(id);
            }
            mine.sort_unstable();
            mine.dedup();
        }
        per_sent.push(if s.keep { mine } else { Vec::new() });
    }
    let weight = tf
        .iter()
        .zip(&df)
        .map(|(&t, &d)| {
            if t < 2 {
                0.0
            } else {
                d as f32 + 0.5 * (t.min(4) - 1) as f32
            }
        })
        .collect();
    (per_sent, weight)
}

/// Scores every sentence of a prepared story.
pub fn score(p: &Prepared<'_>, params: &RankParams) -> Scores {
    let kept: Vec<usize> = (0..p.sents.len()).filter(|&i| p.sents[i].keep).collect();
    let n_sent = kept.len().max(1) as f32;
    // Sentence-level document frequency for idf.
    let mut sdf = vec![0u32; p.vocab];
    let mut mark = vec![usize::MAX; p.vocab];
    for &i in &kept {
        for &t in &p.sents[i].terms {
            if mark[t as usize] != i {
                mark[t as usize] = i;
                sdf[t as usize] += 1;
            }
        }
    }
    let idf: Vec<f32> = sdf
        .iter()
        .map(|&d| {
            if d == 0 {
                0.0
            } else {
                (1.0 + n_sent / d as f32).ln()
            }
        })
        .collect();
    let centroid: Vec<f32> = (0..p.vocab)
        .map(|t| p.term_freq[t] as f32 * idf[t])
        .collect();
    let cnorm = centroid.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-6);
    let ndocs = p.usable_docs.len().max(1);

    let mut cent = vec![0f32; p.sents.len()];
    let mut agree = vec![0f32; p.sents.len()];
    let mut pos = vec![0f32; p.sents.len()];
    let mut mark = vec![usize::MAX; p.vocab];
    for &i in &kept {
        let s = &p.sents[i];
        let mut dot = 0f32;
        let mut norm = 0f32;
        let mut ag = 0f32;
        let mut uniq = 0usize;
        for &t in &s.terms {
            let t = t as usize;
            if mark[t] == i {
                continue;
            }
            mark[t] = i;
            uniq += 1;
            dot += idf[t] * centroid[t];
            norm += idf[t] * idf[t];
            if ndocs > 1 {
                ag += (p.doc_freq[t].saturating_sub(1)) as f32 / (ndocs - 1) as f32;
            }
        }
        cent[i] = dot / (norm.sqrt().max(1e-6) * cnorm);
        agree[i] = if uniq > 0 { ag / uniq as f32 } else { 0.0 };
        pos[i] = 1.0 / (1.0 + s.rank as f32).powf(params.pos_decay);
    }
    let norm_max = |v: &mut Vec<f32>| {
        let m = v.iter().cloned().fold(0f32, f32::max);
        if m > 0.0 {
            v.iter_mut().for_each(|x| *x /= m);
        }
    };
    norm_max(&mut cent);
    norm_max(&mut agree);
    let (concepts, concept_weight) = concepts(p);
    // Per document: kept sentences and mean centrality.
    let mut doc_kept = vec![0usize; p.usable_docs.iter().max().map_or(0, |&d| d + 1)];
    let mut doc_cent = vec![0f32; doc_kept.len()];
    for &i in &kept {
        let d = p.sents[i].doc;
        if d < doc_kept.len() {
            doc_kept[d] += 1;
            doc_cent[d] += cent[i];
        }
    }
    for (c, &n) in doc_cent.iter_mut().zip(&doc_kept) {
        *c /= n.max(1) as f32;
    }
    let w = &params.weights;
    let salience = (0..p.sents.len())
        .map(|i| {
            let s = &p.sents[i];
            if !s.keep {
                return 0.0;
            }
            let words = s.words.max(1) as f32;
            let text = s.text.trim();
            let flag = |b: bool| if b { 1.0 } else { 0.0 };
            let concept_sum: f32 = concepts[i]
                .iter()
                .map(|&c| concept_weight[c as usize])
                .sum();
            let capitals = s
                .text
                .split_whitespace()
                .skip(1)
                .filter(|x| x.chars().next().is_some_and(char::is_uppercase))
                .count() as f32
                / words;
            let v = w.bias
                + w.position * pos[i]
                + w.lede * flag(s.rank == 0)
                + w.rel_position * s.rank as f32
                    / doc_kept.get(s.doc).copied().unwrap_or(1).max(1) as f32
                + w.centroid * cent[i]
                + w.agreement * agree[i]
                + w.log_words * words.ln()
                + w.concepts * concept_sum / words.sqrt()
                + w.starts_quote * flag(text.starts_with(['"', '“', '\'']))
                + w.has_quote * flag(text.contains(['"', '“', '”']))
                + w.has_digit * flag(text.bytes().any(|b| b.is_ascii_digit()))
                + w.question * flag(text.trim_end_matches(['"', '”', ' ']).ends_with('?'))
                + w.doc_centroid * doc_cent.get(s.doc).copied().unwrap_or(0.0)
                + w.capitals * capitals;
            // Every kept sentence stays a candidate.
            (v * params.scale).max(1e-3)
        })
        .collect();
    let term_sets = p
        .sents
        .iter()
        .map(|s| {
            let mut t = s.terms.clone();
            t.sort_unstable();
            t.dedup();
            let n = t.iter().map(|&x| idf[x as usize] * idf[x as usize]).sum();
            (t, n)
        })
        .collect();
    Scores {
        salience,
        centrality: cent,
        agreement: agree,
        idf,
        concepts,
        concept_weight,
        term_sets,
    }
}

/// Idf-weighted cosine of two precomputed term sets (see [`Scores::term_sets`]).
pub fn set_similarity(a: &(Vec<u32>, f32), b: &(Vec<u32>, f32), idf: &[f32]) -> f32 {
    if a.1 <= 0.0 || b.1 <= 0.0 {
        return 0.0;
    }
    let (sa, sb) = (&a.0, &b.0);
    let (mut i, mut j, mut dot) = (0, 0, 0f32);
    while i < sa.len() && j < sb.len() {
        match sa[i].cmp(&sb[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                let w = idf.get(sa[i] as usize).copied().unwrap_or(0.0);
                dot += w * w;
                i += 1;
                j += 1;
            }
        }
    }
    dot / (a.1.sqrt() * b.1.sqrt())
}

/// Idf-weighted cosine between two sentences' term sets.
pub fn similarity(a: &Sent<'_>, b: &Sent<'_>, idf: &[f32]) -> f32 {
    let mut sa: Vec<u32> = a.terms.clone();
    sa.sort_unstable();
    sa.dedup();
    let mut sb: Vec<u32> = b.terms.clone();
    sb.sort_unstable();
    sb.dedup();
    let w = |t: u32| idf.get(t as usize).copied().unwrap_or(0.0);
    let na: f32 = sa.iter().map(|&t| w(t) * w(t)).sum();
    let nb: f32 = sb.iter().map(|&t| w(t) * w(t)).sum();
    if na <= 0.0 || nb <= 0.0 {
        return 0.0;
    }
    let (mut i, mut j, mut dot) = (0, 0, 0f32);
    while i < sa.len() && j < sb.len() {
        match sa[i].cmp(&sb[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += w(sa[i]) * w(sa[i]);
                i += 1;
                j += 1;
            }
        }
    }
    dot / (na.sqrt() * nb.sqrt())
}

/// Picks sentences (indexes into `p.sents`) by MMR until about `budget` words, in reading order
/// (ledes first, then by document).
///
/// With `budget = None` it picks `max_sents` sentences instead.
pub fn select(
    p: &Prepared<'_>,
    sc: &Scores,
    params: &RankParams,
    budget: Option<usize>,
    max_sents: usize,
    shown: &[bool],
) -> Vec<usize> {
    let mut chosen = pick(p, sc, params, budget, max_sents, shown);
    chosen.sort_by_key(|&i| (p.sents[i].rank, p.sents[i].doc, p.sents[i].idx));
    chosen
}

/// As [`select`], in the order picked (most important first).
pub fn pick(
    p: &Prepared<'_>,
    sc: &Scores,
    params: &RankParams,
    budget: Option<usize>,
    max_sents: usize,
    shown: &[bool],
) -> Vec<usize> {
    let cand: Vec<usize> = (0..p.sents.len())
        .filter(|&i| p.sents[i].keep && sc.salience[i] > 0.0)
        .filter(|&i| shown.get(i).copied().unwrap_or(true))
        .collect();
    let (lo, hi, target) = match budget {
        Some(n) => {
            let lo = (n as f32 * 0.9).ceil() as usize;
            let hi = (n as f32 * 1.1).floor() as usize;
            let t = ((n as f32 * params.target_ratio) as usize).clamp(lo, hi);
            (lo, hi, t)
        }
        None => (0, usize::MAX, usize::MAX),
    };
    let mut chosen: Vec<usize> = Vec::new();
    let mut max_sim_to_chosen = vec![0f32; p.sents.len()];
    let mut used = vec![false; p.sents.len()];
    let mut total = 0usize;
    // Coverage gain of each candidate: the weight of its concepts not yet covered, kept up to date
    // through an inverted index (concept -> sentences) as sentences are chosen.
    let mut covered = vec![false; sc.concept_weight.len()];
    let mut remaining: Vec<f32> = vec![0.0; p.sents.len()];
    let mut len_div: Vec<f32> = vec![1.0; p.sents.len()];
    let mut holders: Vec<Vec<u32>> = Vec::new();
    if params.w_cover > 0.0 {
        holders = vec![Vec::new(); sc.concept_weight.len()];
        for &i in &cand {
            remaining[i] = sc.concepts[i]
                .iter()
                .map(|&c| sc.concept_weight[c as usize])
                .sum();
            len_div[i] = (p.sents[i].words.max(1) as f32).powf(params.cover_len_exp);
            for &c in &sc.concepts[i] {
                if sc.concept_weight[c as usize] > 0.0 {
                    holders[c as usize].push(i as u32);
                }
            }
        }
    }
    let gain_norm = if params.w_cover > 0.0 {
        cand.iter()
            .map(|&i| remaining[i] / len_div[i])
            .fold(0f32, f32::max)
            .max(1e-6)
    } else {
        1.0
    };
    loop {
        if budget.is_none() && chosen.len() >= max_sents {
            break;
        }
        if budget.is_some() && total >= target {
            break;
        }
        let mut best: Option<(usize, f32)> = None;
        for &i in &cand {
            if used[i] || max_sim_to_chosen[i] > params.max_sim {
                continue;
            }
            if budget.is_some() && total + p.sents[i].words > hi {
                continue;
            }
            let mut v =
                params.lambda * sc.salience[i] - (1.0 - params.lambda) * max_sim_to_chosen[i];
            if params.w_cover > 0.0 {
                v += params.w_cover * remaining[i] / len_div[i] / gain_norm;
            }
            if best.is_none_or(|(_, bv)| v > bv) {
                best = Some((i, v));
            }
        }
        let Some((b, _)) = best else { break };
        used[b] = true;
        chosen.push(b);
        total += p.sents[b].words;
        for &c in &sc.concepts[b] {
            let c = c as usize;
            if !covered[c] {
                covered[c] = true;
                if let Some(h) = holders.get(c) {
                    for &j in h {
                        remaining[j as usize] -= sc.concept_weight[c];
                    }
                }
            }
        }
        for &i in &cand {
            if !used[i] {
                let s = set_similarity(&sc.term_sets[i], &sc.term_sets[b], &sc.idf);
                if s > max_sim_to_chosen[i] {
                    max_sim_to_chosen[i] = s;
                }
            }
        }
    }
    // Under the floor (all fitting sentences were near-duplicates): relax redundancy.
    if budget.is_some() && total < lo {
        let mut rest: Vec<usize> = cand.iter().copied().filter(|&i| !used[i]).collect();
        rest.sort_by(|&a, &b| sc.salience[b].total_cmp(&sc.salience[a]));
        for i in rest {
            if total >= lo {
                break;
            }
            if total + p.sents[i].words <= hi {
                chosen.push(i);
                total += p.sents[i].words;
            }
        }
    }
    chosen
}
