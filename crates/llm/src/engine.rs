//! `OpenAiEngine`: a digest engine that asks an OpenAI-compatible model for the headline, summary,
//! takeaways, "why it matters" and FAQ, keeps only sentences that pass the grounding check, and
//! takes every other field — and every field the model left too thin — from the built-in engine.
//!
//! A model server that is slow, down or talking nonsense never costs a story its digest: the
//! built-in digest is always computed first and is what the reader gets when the call fails. Such
//! digests carry `engine = "builtin"`, so the pipeline can re-run them later ("upgrade"); the
//! engine caches successful results by story content, so an unchanged story is not re-sent.
//!
//! Blocking: `digest` waits for the HTTP call. Call it from plain threads or `spawn_blocking`,
//! never from an async task (see [`crate::client`]).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use storyline_core::text::{content_hash, fnv1a64, sentences, words};
use storyline_core::{Cited, Digest, FaqItem, Grounding};
use storyline_digest::{DigestEngine, Doc, Options};

use crate::client::{Client, Outcome};
use crate::config::{ConfigError, LlmConfig};
use crate::ground::{
    check_sentence, citations, strip_inline_ids, Rules, SourceSentence, SourceTable, Tally,
};
use crate::parse::{parse_reply, schema, RawDigest, RawFaq, RawItem};
use crate::prompt::{PromptError, Prompts};

/// Fields the model may write.
pub const LLM_FIELDS: &[&str] = &["headline", "summary", "takeaways", "why_it_matters", "faq"];
/// Fields always written by the built-in engine.
pub const BUILTIN_ONLY_FIELDS: &[&str] = &[
    "timeline",
    "figures",
    "players",
    "perspectives",
    "agreed",
    "category",
];
/// A field the model wrote is used only with at least this many grounded sentences (FAQ: items).
/// The summary also needs a third of the sentences asked for, so that a two-sentence answer to
/// a 300-word brief counts as too thin (see [`min_summary_sentences`]).
pub const MIN_SUMMARY: usize = 2;
pub const MIN_TAKEAWAYS: usize = 2;
pub const MIN_WHY: usize = 1;
pub const MIN_FAQ: usize = 1;
/// Summary length asked for when no word target is given.
const DEFAULT_SUMMARY_WORDS: usize = 60;
/// Source sentences shorter than this (in words) are not shown: captions, bylines, debris.
const MIN_SOURCE_WORDS: usize = 5;
const MAX_SOURCE_WORDS: usize = 80;
/// Bounds on the in-memory cache and call log when nobody drains them.
const MAX_CACHE: usize = 10_000;
const MAX_LOG: usize = 10_000;

/// Errors building the engine.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Prompt(#[from] PromptError),
    #[error("{0}")]
    Client(#[from] crate::client::CallError),
}

/// One model call, as the pipeline stores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallRecord {
    pub at: DateTime<Utc>,
    /// [`OpenAiEngine::story_key`] of the story digested.
    pub story_key: String,
    pub model: String,
    pub prompt_version: String,
    pub tokens_in: Option<u32>,
    pub tokens_out: Option<u32>,
    /// Wall time of the call, retries and waits included.
    pub latency_ms: u64,
    /// Generation time the server reported (llama.cpp `timings`), when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generation_ms: Option<u64>,
    pub attempts: u32,
    pub outcome: Outcome,
    /// Why it failed, or what the grounding check made of the reply.
    pub detail: String,
    /// Grounded sentences checked / removed (0 when there was no reply).
    pub checked: u32,
    pub removed: u32,
    /// Removed sentences per cause (`repeat`, `not_a_question`, `too_long`, or a
    /// [`crate::Failure::kind`] such as `number`, `name`, `overlap`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub removed_by: BTreeMap<String, u32>,
    /// Fields the model's text was used for.
    pub fields_used: Vec<String>,
}

/// How a digest came about.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// From the model (some fields may still be built-in).
    Fresh,
    /// From the cache: the story's articles have not changed.
    Cached,
    /// Built-in only, because the call failed or was skipped; worth retrying later.
    Fallback(String),
}

type Sink = Box<dyn Fn(&CallRecord) + Send + Sync>;

/// The LLM digest engine.
pub struct OpenAiEngine {
    cfg: LlmConfig,
    prompts: Prompts,
    client: Client,
    cache: Mutex<HashMap<String, Digest>>,
    log: Mutex<Vec<CallRecord>>,
    sink: Option<Sink>,
}

impl std::fmt::Debug for OpenAiEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenAiEngine")
            .field("base_url", &self.cfg.base_url)
            .field("model", &self.cfg.model)
            .field("prompt_version", &self.prompts.version)
            .finish_non_exhaustive()
    }
}

impl OpenAiEngine {
    /// Validates `cfg`, reads the API key and prompts, and sets up the HTTP client.
    pub fn new(cfg: LlmConfig) -> Result<Self, EngineError> {
        cfg.validate()?;
        let api_key = cfg.api_key()?;
        let prompts = Prompts::load(cfg.prompt_dir.as_deref())?;
        let client = Client::new(&cfg, api_key)?;
        Ok(OpenAiEngine {
            cfg,
            prompts,
            client,
            cache: Mutex::new(HashMap::new()),
            log: Mutex::new(Vec::new()),
            sink: None,
        })
    }

    /// Calls `sink` with every call record as it happens (records still go to the log too).
    pub fn with_call_sink(mut self, sink: impl Fn(&CallRecord) + Send + Sync + 'static) -> Self {
        self.sink = Some(Box::new(sink));
        self
    }

    pub fn config(&self) -> &LlmConfig {
        &self.cfg
    }

    pub fn prompt_version(&self) -> &str {
        &self.prompts.version
    }

    /// Drains the call records gathered so far (oldest first).
    pub fn take_call_log(&self) -> Vec<CallRecord> {
        std::mem::take(&mut *self.log.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Content key of a story for this engine: articles (ids, titles, text hashes), options,
    /// model, prompt version and check settings. Same key, same digest.
    pub fn story_key(&self, docs: &[Doc], opts: &Options) -> String {
        let mut parts: Vec<String> = docs
            .iter()
            .map(|d| {
                format!(
                    "{}\u{1}{}\u{1}{}",
                    d.id,
                    d.title.as_deref().unwrap_or(""),
                    content_hash(&d.text)
                )
            })
            .collect();
        parts.sort();
        let head = format!(
            "{}\u{2}{}\u{2}{:?}\u{2}{}\u{2}{}\u{2}{}\u{2}{}",
            self.cfg.model,
            self.prompts.version,
            opts.words,
            self.cfg.max_source_sentences,
            self.cfg.max_source_chars,
            self.cfg.min_overlap,
            self.cfg.max_tokens
        );
        format!(
            "{:016x}",
            fnv1a64(format!("{head}\u{3}{}", parts.join("\u{2}")).as_bytes())
        )
    }

    /// Writes the digest and says how it came about.
    pub fn digest_with_status(&self, docs: &[Doc], opts: &Options) -> (Digest, Status) {
        let key = self.story_key(docs, opts);
        if let Some(d) = self
            .cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&key)
        {
            return (d.clone(), Status::Cached);
        }
        let builtin = storyline_digest::digest(docs, opts);
        let table = source_table(
            docs,
            self.cfg.max_source_sentences,
            self.cfg.max_source_chars,
        );
        if table.is_empty() {
            return (
                builtin,
                Status::Fallback("no usable source sentences".into()),
            );
        }

        let words_target = opts.words.unwrap_or(DEFAULT_SUMMARY_WORDS);
        let (max_summary, sentences_hint) = summary_shape(opts.words);
        let sources: String = table
            .iter()
            .map(|(id, s)| format!("[{id}] {}", s.text))
            .collect::<Vec<_>>()
            .join("\n");
        let user = self
            .prompts
            .render_user(&sources, words_target, &sentences_hint);
        let called = self.client.chat(
            &self.prompts.system,
            &user,
            &schema(max_summary, table.len()),
        );

        let mut record = CallRecord {
            at: Utc::now(),
            story_key: key.clone(),
            model: self.cfg.model.clone(),
            prompt_version: self.prompts.version.clone(),
            tokens_in: None,
            tokens_out: None,
            latency_ms: u64::try_from(called.latency.as_millis()).unwrap_or(u64::MAX),
            generation_ms: None,
            attempts: called.attempts,
            outcome: Outcome::Ok,
            detail: String::new(),
            checked: 0,
            removed: 0,
            removed_by: BTreeMap::new(),
            fields_used: Vec::new(),
        };
        let reply = match called.result {
            Ok(r) => r,
            Err(e) => {
                record.outcome = Outcome::of(&e);
                record.detail = if called.trail.len() > 1 {
                    called.trail.join("; ")
                } else {
                    e.to_string()
                };
                tracing::warn!(
                    story = %key,
                    outcome = ?record.outcome,
                    attempts = record.attempts,
                    error = %record.detail,
                    "llm: no reply; story keeps its built-in digest"
                );
                let why = format!("{:?}: {e}", record.outcome);
                self.push_record(record);
                return (builtin, Status::Fallback(why));
            }
        };
        record.tokens_in = reply.tokens_in;
        record.tokens_out = reply.tokens_out;
        // Rounded up so that a sub-millisecond report still counts as time spent.
        record.generation_ms = reply.generation_ms.map(|ms| ms.ceil() as u64);

        let raw = match parse_reply(&reply.content) {
            Ok(r) => r,
            Err(e) => {
                record.outcome = Outcome::Unusable;
                record.detail = format!(
                    "{e} (finish_reason {:?}): {:?}",
                    reply.finish_reason.as_deref().unwrap_or("?"),
                    reply.content.chars().take(200).collect::<String>()
                );
                tracing::warn!(story = %key, detail = %record.detail, "llm: unusable reply; built-in digest kept");
                self.push_record(record);
                // Cached: the same story would get the same treatment; a changed story re-asks.
                self.remember(key, builtin.clone());
                return (builtin, Status::Fallback("unusable reply".into()));
            }
        };

        let min_summary = min_summary_sentences(max_summary).min(table.len());
        let (digest, tally, used) = self.merge(builtin, &raw, &table, min_summary);
        record.checked = tally.checked;
        record.removed = tally.removed;
        record.removed_by = tally.by_kind.clone();
        record.fields_used = used.iter().map(|s| s.to_string()).collect();
        record.detail = format!(
            "{} of {} generated sentences removed; fields from model: {}",
            tally.removed,
            tally.checked,
            if used.is_empty() {
                "none".to_string()
            } else {
                used.join(", ")
            }
        );
        tracing::info!(story = %key, latency_ms = record.latency_ms, detail = %record.detail, "llm: digest checked");
        self.push_record(record);
        self.remember(key, digest.clone());
        (digest, Status::Fresh)
    }

    /// Digests many stories with up to `max_concurrency` calls in flight; results in input order.
    pub fn digest_many(&self, stories: &[Vec<Doc>], opts: &Options) -> Vec<(Digest, Status)> {
        let next = AtomicUsize::new(0);
        let results: Mutex<Vec<Option<(Digest, Status)>>> = Mutex::new(vec![None; stories.len()]);
        let workers = self.cfg.max_concurrency.min(stories.len()).max(1);
        std::thread::scope(|s| {
            for _ in 0..workers {
                s.spawn(|| loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(docs) = stories.get(i) else {
                        break;
                    };
                    let out = self.digest_with_status(docs, opts);
                    results.lock().unwrap_or_else(|p| p.into_inner())[i] = Some(out);
                });
            }
        });
        results
            .into_inner()
            .unwrap_or_else(|p| p.into_inner())
            .into_iter()
            .zip(stories)
            .map(|(r, docs)| {
                r.unwrap_or_else(|| {
                    (
                        storyline_digest::digest(docs, opts),
                        Status::Fallback("worker failed".into()),
                    )
                })
            })
            .collect()
    }

    fn push_record(&self, record: CallRecord) {
        if let Some(sink) = &self.sink {
            sink(&record);
        }
        let mut log = self.log.lock().unwrap_or_else(|p| p.into_inner());
        if log.len() >= MAX_LOG {
            log.remove(0);
        }
        log.push(record);
    }

    fn remember(&self, key: String, d: Digest) {
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if cache.len() >= MAX_CACHE {
            cache.clear();
        }
        cache.insert(key, d);
    }

    /// The built-in digest with each model field that survived the check put in.
    fn merge(
        &self,
        builtin: Digest,
        raw: &RawDigest,
        table: &SourceTable,
        min_summary: usize,
    ) -> (Digest, Tally, Vec<&'static str>) {
        let rules = Rules::strict(self.cfg.min_overlap);
        let mut tally = Tally::default();
        let mut seen = HashSet::new();
        let mut d = builtin;
        let mut used: Vec<&'static str> = Vec::new();

        if let Some(h) = &raw.headline {
            if let Some(c) = check_headline(h, table, rules, &mut tally) {
                d.headline = c;
                used.push("headline");
            }
        }
        let summary = check_items("summary", &raw.summary, table, rules, &mut tally, &mut seen);
        if summary.len() >= min_summary {
            d.summary = summary;
            used.push("summary");
        }
        let takeaways = check_items(
            "takeaways",
            &raw.takeaways,
            table,
            rules,
            &mut tally,
            &mut seen,
        );
        if takeaways.len() >= MIN_TAKEAWAYS {
            d.takeaways = takeaways;
            used.push("takeaways");
        }
        let why = check_items(
            "why_it_matters",
            &raw.why_it_matters,
            table,
            rules,
            &mut tally,
            &mut seen,
        );
        if why.len() >= MIN_WHY {
            d.why_it_matters = why;
            used.push("why_it_matters");
        }
        let faq = check_faq(&raw.faq, table, rules, &mut tally, &mut seen);
        if faq.len() >= MIN_FAQ {
            d.faq = faq;
            used.push("faq");
        }

        let mut field_engines = BTreeMap::new();
        if used.is_empty() {
            d.engine = "builtin".into();
        } else {
            d.engine = self.name();
            // Only fields with content: an empty timeline was written by nobody.
            for f in LLM_FIELDS.iter().chain(BUILTIN_ONLY_FIELDS) {
                if !used.contains(f) && has_content(&d, f) {
                    field_engines.insert((*f).to_string(), "builtin".to_string());
                }
            }
        }
        d.field_engines = field_engines;
        let mut g = d.grounding.take().unwrap_or_default();
        g.checked += tally.checked;
        g.removed += tally.removed;
        g.reasons.extend(tally.reasons.iter().cloned());
        d.grounding = Some(Grounding {
            checked: g.checked,
            removed: g.removed,
            reasons: g.reasons,
        });
        (d, tally, used)
    }
}

impl DigestEngine for OpenAiEngine {
    fn name(&self) -> String {
        format!("openai:{}", self.cfg.model)
    }

    fn digest(&self, docs: &[Doc], opts: &Options) -> Digest {
        self.digest_with_status(docs, opts).0
    }
}

/// Whether the digest has anything in `field` (one of [`LLM_FIELDS`] or [`BUILTIN_ONLY_FIELDS`]).
fn has_content(d: &Digest, field: &str) -> bool {
    match field {
        "headline" => !d.headline.text.trim().is_empty(),
        "summary" => !d.summary.is_empty(),
        "takeaways" => !d.takeaways.is_empty(),
        "why_it_matters" => !d.why_it_matters.is_empty(),
        "faq" => !d.faq.is_empty(),
        "timeline" => !d.timeline.is_empty(),
        "figures" => !d.figures.is_empty(),
        "players" => !d.players.is_empty(),
        "perspectives" => !d.perspectives.is_empty(),
        "agreed" => !d.agreed.is_empty(),
        "category" => !d.category.trim().is_empty(),
        _ => true,
    }
}

/// Fewest grounded summary sentences the model's summary needs, given the most it may write
/// (from `summary_shape`): [`MIN_SUMMARY`], or a third of what was asked for if more.
pub fn min_summary_sentences(max_summary: usize) -> usize {
    MIN_SUMMARY.max(max_summary.saturating_sub(1).div_ceil(3))
}

/// How many summary items to allow and how to describe it in the prompt.
fn summary_shape(words: Option<usize>) -> (usize, String) {
    match words {
        None => (4, "2 or 3".into()),
        Some(w) => {
            let n = w.div_ceil(22).clamp(2, 14);
            (n + 1, format!("about {n}"))
        }
    }
}

/// The order to visit `n` articles listed oldest first so that any first few of them spread over
/// the story's time span: the newest, the oldest, then the middle of every gap in turn (with 30
/// lead sentences for a story of 300 articles, the model sees how it began, how it stands and
/// the days between, not only its first 30 articles).
fn spread_order(n: usize) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::with_capacity(n);
    if n == 0 {
        return out;
    }
    out.push(n - 1);
    if n > 1 {
        out.push(0);
    }
    // Gaps (exclusive bounds) between articles already visited, widest first within each round.
    let mut gaps = std::collections::VecDeque::from([(0usize, n - 1)]);
    while let Some((lo, hi)) = gaps.pop_front() {
        if hi - lo < 2 {
            continue;
        }
        let mid = lo + (hi - lo) / 2;
        out.push(mid);
        gaps.push_back((lo, mid));
        gaps.push_back((mid, hi));
    }
    out
}

/// Picks the source sentences shown to the model: lead sentences first, round-robin over the
/// story's original articles (copies skipped) in [`spread_order`] of their publication, within
/// the sentence and character budgets; then listed in reading order (article by article).
pub fn source_table(docs: &[Doc], max_sentences: usize, max_chars: usize) -> SourceTable {
    let per_doc: Vec<Vec<(usize, &str)>> = docs
        .iter()
        .map(|d| {
            if d.duplicate_of.is_some() {
                return Vec::new();
            }
            sentences(&d.text)
                .into_iter()
                .enumerate()
                .filter(|(_, s)| {
                    let n = words(s).len();
                    (MIN_SOURCE_WORDS..=MAX_SOURCE_WORDS).contains(&n) && !s.contains("http")
                })
                .collect()
        })
        .collect();
    let mut picked: Vec<(usize, usize, usize)> = Vec::new(); // (doc, rank, sentence index)
    let mut seen_text = HashSet::new();
    let mut chars = 0usize;
    let deepest = per_doc.iter().map(Vec::len).max().unwrap_or(0);
    let mut by_time: Vec<usize> = (0..docs.len())
        .filter(|&i| docs[i].duplicate_of.is_none())
        .collect();
    by_time.sort_by_key(|&i| (docs[i].published, i));
    let visit: Vec<usize> = spread_order(by_time.len())
        .into_iter()
        .map(|k| by_time[k])
        .collect();
    'outer: for rank in 0..deepest {
        for &di in &visit {
            let list = &per_doc[di];
            let Some(&(si, s)) = list.get(rank) else {
                continue;
            };
            if picked.len() >= max_sentences {
                break 'outer;
            }
            if chars + s.len() > max_chars {
                if picked.is_empty() {
                    continue;
                }
                break 'outer;
            }
            if !seen_text.insert(content_hash(s)) {
                continue;
            }
            chars += s.len();
            picked.push((di, rank, si));
        }
    }
    picked.sort_by_key(|&(d, r, _)| (d, r));
    SourceTable::new(
        picked
            .into_iter()
            .filter_map(|(di, _, si)| {
                let d = docs.get(di)?;
                let text = sentences(&d.text).get(si)?.to_string();
                Some(SourceSentence {
                    article: d.id.clone(),
                    sentence: si,
                    text,
                })
            })
            .collect(),
    )
}

/// Sentences of an item with the ids each one claims (inline markers plus the item's ids).
fn item_sentences(text: &str, item_ids: &[usize]) -> Vec<(String, Vec<usize>)> {
    sentences(text)
        .into_iter()
        .map(|s| {
            let (clean, mut ids) = strip_inline_ids(s);
            ids.extend_from_slice(item_ids);
            (clean, ids)
        })
        .filter(|(s, _)| !s.is_empty())
        .collect()
}

fn norm_sentence(s: &str) -> String {
    words(s).join(" ")
}

fn check_headline(
    h: &RawItem,
    table: &SourceTable,
    rules: Rules,
    tally: &mut Tally,
) -> Option<Cited> {
    let (text, ids) = item_sentences(&h.text, &h.ids).into_iter().next()?;
    let text = text.trim_end_matches('.').trim().to_string();
    let n = words(&text).len();
    if n > 20 {
        tally.remove("headline", &text, "too_long", "longer than 20 words");
        return None;
    }
    let ok = tally.record("headline", &text, check_sentence(&text, &ids, table, rules));
    ok.then(|| Cited {
        citations: citations(&ids, table),
        text,
    })
}

/// Checks each sentence of each item; every surviving sentence becomes one `Cited`.
fn check_items(
    field: &str,
    items: &[RawItem],
    table: &SourceTable,
    rules: Rules,
    tally: &mut Tally,
    seen: &mut HashSet<String>,
) -> Vec<Cited> {
    let mut out = Vec::new();
    for item in items {
        for (s, ids) in item_sentences(&item.text, &item.ids) {
            if !seen.insert(norm_sentence(&s)) {
                tally.remove(field, &s, "repeat", "repeats an earlier sentence");
                continue;
            }
            if tally.record(field, &s, check_sentence(&s, &ids, table, rules)) {
                out.push(Cited {
                    citations: citations(&ids, table),
                    text: s,
                });
            }
        }
    }
    out
}

/// An FAQ item survives when its question brings no unsupported fact and at least one sentence
/// of its answer passes.
fn check_faq(
    items: &[RawFaq],
    table: &SourceTable,
    rules: Rules,
    tally: &mut Tally,
    seen: &mut HashSet<String>,
) -> Vec<FaqItem> {
    let mut out = Vec::new();
    for f in items {
        let (question, mut q_ids) = strip_inline_ids(&f.question);
        q_ids.extend_from_slice(&f.ids);
        if question.is_empty() || !question.ends_with('?') {
            tally.remove(
                "faq",
                &question,
                "not_a_question",
                "question is not a question",
            );
            continue;
        }
        let mut kept = Vec::new();
        let mut kept_ids = Vec::new();
        for (s, ids) in item_sentences(&f.answer, &f.ids) {
            if !seen.insert(norm_sentence(&s)) {
                tally.remove("faq", &s, "repeat", "repeats an earlier sentence");
                continue;
            }
            if tally.record("faq", &s, check_sentence(&s, &ids, table, rules)) {
                kept.push(s);
                kept_ids.extend(ids);
            }
        }
        if kept.is_empty() {
            continue;
        }
        // The question may only use facts from what the kept answer cites.
        let mut all_ids = kept_ids.clone();
        all_ids.extend(q_ids);
        all_ids.sort_unstable();
        all_ids.dedup();
        let cited_ids: Vec<usize> = all_ids
            .into_iter()
            .take(crate::ground::MAX_CITATIONS)
            .collect();
        if !tally.record(
            "faq",
            &question,
            check_sentence(&question, &cited_ids, table, Rules::facts_only()),
        ) {
            continue;
        }
        out.push(FaqItem {
            question,
            answer: kept.join(" "),
            citations: citations(&kept_ids, table),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, text: &str) -> Doc {
        Doc {
            id: id.into(),
            text: text.into(),
            ..Doc::default()
        }
    }

    #[test]
    fn source_table_round_robins_and_skips_copies() {
        let docs = vec![
            doc(
                "a",
                "Alpha one is a long enough sentence. Alpha two is also long enough here.",
            ),
            doc(
                "b",
                "Beta one is a long enough sentence too. Beta two follows it right here.",
            ),
            Doc {
                duplicate_of: Some("a".into()),
                ..doc("c", "Alpha one is a long enough sentence.")
            },
        ];
        let t = source_table(&docs, 3, 10_000);
        let got: Vec<(String, usize)> = t
            .iter()
            .map(|(_, s)| (s.article.clone(), s.sentence))
            .collect();
        // The newer article first: both leads, then its second sentence.
        assert_eq!(got, vec![("a".into(), 0), ("b".into(), 0), ("b".into(), 1)]);
        assert_eq!(source_table(&docs, 10, 60).len(), 1);
    }

    #[test]
    fn spread_order_visits_every_article_once_covering_the_span_early() {
        for n in 0..40 {
            let mut o = spread_order(n);
            if n > 1 {
                assert_eq!(&o[..2], &[n - 1, 0]);
            }
            // Any first k visited leave no gap wider than about n / (k / 2).
            if n >= 8 {
                let mut first: Vec<usize> = o[..n / 2].to_vec();
                first.sort_unstable();
                assert!(first.windows(2).all(|w| w[1] - w[0] <= 4), "{n}: {first:?}");
            }
            o.sort_unstable();
            assert_eq!(o, (0..n).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_long_story_shows_the_model_its_whole_span() {
        use chrono::TimeZone;
        let start = chrono::Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).single();
        let docs: Vec<Doc> = (0..300)
            .map(|i| Doc {
                published: start.map(|t| t + chrono::Duration::hours(i)),
                ..doc(
                    &format!("a{i}"),
                    &format!("Update number {i} on the rail strike came in at this hour."),
                )
            })
            .collect();
        let t = source_table(&docs, 30, 10_000);
        let hours: Vec<i64> = t
            .iter()
            .filter_map(|(_, s)| s.article[1..].parse().ok())
            .collect();
        assert_eq!(hours.len(), 30);
        assert_eq!(hours.first(), Some(&0));
        assert_eq!(hours.last(), Some(&299));
        assert!(hours.windows(2).all(|w| w[1] - w[0] <= 19), "{hours:?}");
    }

    #[test]
    fn summary_shape_scales_with_words() {
        assert_eq!(summary_shape(None).0, 4);
        assert_eq!(summary_shape(Some(230)).1, "about 11");
        assert_eq!(min_summary_sentences(summary_shape(None).0), 2);
        assert_eq!(min_summary_sentences(summary_shape(Some(60)).0), 2);
        assert_eq!(min_summary_sentences(summary_shape(Some(300)).0), 5);
    }
}
