//! The grounding check: every sentence a model writes must be backed by the source sentences it
//! cites, or it is removed before anyone sees it.
//!
//! Readers' top complaint about AI news products is invented facts and quotes, so the rules are
//! deliberately strict and mechanical (no model judges another model):
//!
//! 1. the sentence cites at least one source sentence id, at most [`MAX_CITATIONS`], and every id
//!    exists in the table the model was given;
//! 2. every number in it appears in a cited sentence (`1,200` and `1200` are the same number);
//! 3. every proper name (capitalised word that is not a sentence opener, or a sentence opener that
//!    the sources only ever use as a name) and so every month or weekday appears in a cited sentence;
//! 4. every quotation of three words or more appears word for word in a cited sentence;
//! 5. at least `min_overlap` of its content words (stop words and numbers aside, lightly stemmed)
//!    appear in its cited sentences.
//!
//! Written-out numbers ("three" for "3") fail rule 2 on purpose: a check that guesses is a check
//! that can be talked past.

use std::collections::{HashMap, HashSet};
use std::fmt;

use storyline_core::text::{is_stopword, words};

/// Most source sentences one generated sentence may cite: a claim that needs more is not traceable.
pub const MAX_CITATIONS: usize = 5;

/// One source sentence as shown to the model.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceSentence {
    /// Article id (as in [`storyline_core::Citation::article`]).
    pub article: String,
    /// Index into `storyline_core::text::sentences(&article.text)`.
    pub sentence: usize,
    pub text: String,
}

/// The numbered source sentences of one story; prompt ids are 1-based positions.
#[derive(Debug, Clone, Default)]
pub struct SourceTable {
    entries: Vec<SourceSentence>,
    /// Lower-cased words that the sources write capitalised somewhere other than a sentence start.
    names: HashSet<String>,
}

impl SourceTable {
    /// Builds the table; ids are `1..=entries.len()` in the given order.
    pub fn new(entries: Vec<SourceSentence>) -> Self {
        let mut names = HashSet::new();
        for e in &entries {
            for tok in tokens(&e.text).iter().filter(|t| !t.initial) {
                if tok.capitalised {
                    names.insert(tok.norm.clone());
                }
            }
        }
        SourceTable { entries, names }
    }

    /// A table of plain sentences (article `"a"`, sentence index = position), for tests and tools.
    pub fn from_texts<S: AsRef<str>>(texts: &[S]) -> Self {
        Self::new(
            texts
                .iter()
                .enumerate()
                .map(|(i, t)| SourceSentence {
                    article: "a".into(),
                    sentence: i,
                    text: t.as_ref().to_string(),
                })
                .collect(),
        )
    }

    /// The sentence with prompt id `id` (1-based).
    pub fn get(&self, id: usize) -> Option<&SourceSentence> {
        id.checked_sub(1).and_then(|i| self.entries.get(i))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// `(id, sentence)` pairs in id order.
    pub fn iter(&self) -> impl Iterator<Item = (usize, &SourceSentence)> {
        self.entries.iter().enumerate().map(|(i, e)| (i + 1, e))
    }
}

/// Why a generated sentence was removed.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// It has no words worth checking.
    Empty,
    /// It cites nothing.
    NoCitation,
    /// It cites more than [`MAX_CITATIONS`] sentences.
    TooManyCitations(usize),
    /// It cites an id the model was never given.
    UnknownId(usize),
    /// A number that no cited sentence has.
    Number(String),
    /// A proper name (or month, weekday) that no cited sentence has.
    Name(String),
    /// A quotation that no cited sentence has word for word.
    Quote(String),
    /// Too few of its content words are in the cited sentences.
    Overlap { got: f64, need: f64 },
}

impl Failure {
    /// A short, stable name for the rule that failed (for counting removals by cause).
    pub fn kind(&self) -> &'static str {
        match self {
            Failure::Empty => "empty",
            Failure::NoCitation => "no_citation",
            Failure::TooManyCitations(_) => "too_many_citations",
            Failure::UnknownId(_) => "unknown_id",
            Failure::Number(_) => "number",
            Failure::Name(_) => "name",
            Failure::Quote(_) => "quote",
            Failure::Overlap { .. } => "overlap",
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Empty => write!(f, "no content words"),
            Failure::NoCitation => write!(f, "cites no source sentence"),
            Failure::TooManyCitations(n) => {
                write!(f, "cites {n} sentences (at most {MAX_CITATIONS})")
            }
            Failure::UnknownId(id) => write!(f, "cites unknown sentence id {id}"),
            Failure::Number(n) => write!(f, "number {n:?} not in cited sentences"),
            Failure::Name(n) => write!(f, "name {n:?} not in cited sentences"),
            Failure::Quote(q) => write!(f, "quote {q:?} not in cited sentences"),
            Failure::Overlap { got, need } => write!(
                f,
                "only {:.0}% of content words in cited sentences (need {:.0}%)",
                got * 100.0,
                need * 100.0
            ),
        }
    }
}

/// Which rules apply to a piece of generated text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rules {
    /// Share of content words that must appear in the cited sentences (rule 5); 0 disables it.
    pub min_overlap: f64,
    /// Whether the text must cite at least one sentence itself (rule 1).
    pub require_citation: bool,
}

impl Rules {
    /// All five rules with the given overlap threshold.
    pub fn strict(min_overlap: f64) -> Self {
        Rules {
            min_overlap,
            require_citation: true,
        }
    }

    /// For FAQ questions: facts must come from the answer's citations; no overlap needed.
    pub fn facts_only() -> Self {
        Rules {
            min_overlap: 0.0,
            require_citation: true,
        }
    }
}

/// Checks one generated sentence against the source sentences it cites (prompt ids).
pub fn check_sentence(
    sentence: &str,
    ids: &[usize],
    table: &SourceTable,
    rules: Rules,
) -> Result<(), Failure> {
    if words(sentence).is_empty() {
        return Err(Failure::Empty);
    }
    if ids.is_empty() && rules.require_citation {
        return Err(Failure::NoCitation);
    }
    let mut distinct: Vec<usize> = ids.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() > MAX_CITATIONS {
        return Err(Failure::TooManyCitations(distinct.len()));
    }
    let mut cited = Vec::with_capacity(distinct.len());
    for &id in &distinct {
        match table.get(id) {
            Some(s) => cited.push(s.text.as_str()),
            None => return Err(Failure::UnknownId(id)),
        }
    }

    // Rule 2: numbers.
    let cited_numbers: HashSet<String> = cited.iter().flat_map(|c| numbers(c)).collect();
    if let Some(n) = numbers(sentence)
        .into_iter()
        .find(|n| !cited_numbers.contains(n))
    {
        return Err(Failure::Number(n));
    }

    // Rule 3: proper names.
    let cited_words: HashSet<String> = cited
        .iter()
        .flat_map(|c| tokens(c).into_iter().map(|t| t.norm))
        .collect();
    for tok in tokens(sentence) {
        if !tok.capitalised || tok.norm.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        let is_name = if tok.initial {
            // A sentence opener is a name only when the sources use it as one.
            table.names.contains(&tok.norm) && !is_stopword(&tok.norm)
        } else {
            !is_stopword(&tok.norm) && tok.norm != "i"
        };
        if is_name && !cited_words.contains(&tok.norm) {
            return Err(Failure::Name(tok.raw));
        }
    }

    // Rule 4: quotations.
    let cited_joined: Vec<String> = cited.iter().map(|c| words(c).join(" ")).collect();
    for q in quotations(sentence) {
        let qw = words(&q);
        if qw.len() < 3 {
            continue;
        }
        let needle = qw.join(" ");
        if !cited_joined.iter().any(|c| contains_words(c, &needle)) {
            return Err(Failure::Quote(q));
        }
    }

    // Rule 5: content-word overlap.
    if rules.min_overlap > 0.0 {
        let content: Vec<String> = content_stems(sentence);
        if content.is_empty() {
            return Err(Failure::Empty);
        }
        let cited_stems: HashSet<String> = cited.iter().flat_map(|c| content_stems(c)).collect();
        let hit = content.iter().filter(|w| cited_stems.contains(*w)).count();
        let got = hit as f64 / content.len() as f64;
        if got + 1e-9 < rules.min_overlap {
            return Err(Failure::Overlap {
                got,
                need: rules.min_overlap,
            });
        }
    }
    Ok(())
}

/// `needle` occurs in `hay` on word boundaries (both are space-joined word lists).
fn contains_words(hay: &str, needle: &str) -> bool {
    let padded = format!(" {hay} ");
    padded.contains(&format!(" {needle} "))
}

/// Stemmed, distinct-in-order content words: lower-case, no stop words, no pure numbers.
pub fn content_stems(text: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    words(text)
        .into_iter()
        .filter(|w| !is_stopword(w) && !w.chars().all(|c| c.is_ascii_digit()) && w.len() > 1)
        .map(|w| stem(&w))
        .filter(|w| seen.insert(w.clone()))
        .collect()
}

/// A light suffix stripper: enough to match "banned"/"bans"/"ban", never clever.
fn stem(w: &str) -> String {
    let n = w.chars().count();
    if n <= 3 {
        return w.to_string();
    }
    for (suffix, repl) in [
        ("ies", "y"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
        ("ly", ""),
    ] {
        if let Some(base) = w.strip_suffix(suffix) {
            if base.chars().count() >= 3 {
                let mut out = format!("{base}{repl}");
                // "banned" -> "bann" -> "ban"
                let b: Vec<char> = out.chars().collect();
                if b.len() >= 2 && b[b.len() - 1] == b[b.len() - 2] && repl.is_empty() {
                    out.pop();
                }
                return out;
            }
        }
    }
    w.to_string()
}

/// The numbers in `text`, normalised: digit runs with inner `.` kept and thousands commas dropped.
pub fn numbers(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut cur = String::new();
        while i < chars.len() {
            let c = chars[i];
            if c.is_ascii_digit() {
                cur.push(c);
                i += 1;
            } else if (c == ',' || c == '.')
                && i + 1 < chars.len()
                && chars[i + 1].is_ascii_digit()
                && !cur.is_empty()
            {
                if c == '.' {
                    cur.push('.');
                }
                i += 1;
            } else {
                break;
            }
        }
        out.push(cur);
    }
    out
}

/// A word token with what the name rule needs to know.
#[derive(Debug, Clone)]
struct Token {
    /// As written, trimmed of punctuation.
    raw: String,
    /// Lower-cased, dots and possessive `'s` removed.
    norm: String,
    capitalised: bool,
    /// First word of the sentence, or first after an opening quote, colon or dash.
    initial: bool,
}

fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut initial = true;
    for raw in
        text.split(|c: char| c.is_whitespace() || c == '-' || c == '–' || c == '—' || c == '/')
    {
        if raw.is_empty() {
            initial = true;
            continue;
        }
        let opens_quote = raw.starts_with(['"', '“', '‘', '\'', '(']);
        let trimmed = raw.trim_matches(|c: char| !c.is_alphanumeric());
        let ends_clause = raw.ends_with([':', ';']) || raw.ends_with(['.', '!', '?']);
        if trimmed.is_empty() {
            initial = true;
            continue;
        }
        let mut norm: String = trimmed
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == '\'' || *c == '’')
            .flat_map(char::to_lowercase)
            .collect();
        for poss in ["'s", "’s"] {
            if let Some(b) = norm.strip_suffix(poss) {
                norm = b.to_string();
            }
        }
        norm.retain(|c| c.is_alphanumeric());
        let capitalised = trimmed.chars().next().is_some_and(char::is_uppercase);
        out.push(Token {
            raw: trimmed.to_string(),
            norm,
            capitalised,
            initial: initial || opens_quote,
        });
        initial = ends_clause;
    }
    out
}

/// Text between double quotes (straight or curly).
fn quotations(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for c in text.chars() {
        match (c, cur.as_mut()) {
            ('“', _) => cur = Some(String::new()),
            ('"', None) => cur = Some(String::new()),
            ('"' | '”', Some(q)) => {
                out.push(std::mem::take(q));
                cur = None;
            }
            (_, Some(q)) => q.push(c),
            _ => {}
        }
    }
    out
}

/// Per-run tally of the check, as stored on the digest.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    pub checked: u32,
    pub removed: u32,
    pub reasons: Vec<String>,
    /// Removals per cause ([`Failure::kind`], or the kind given to [`Tally::remove`]); exact,
    /// unlike `reasons`, which is capped.
    pub by_kind: std::collections::BTreeMap<String, u32>,
}

/// Most reasons kept on one digest; the count stays exact.
pub const MAX_REASONS: usize = 20;

impl Tally {
    /// Records one check's outcome for `field`; returns whether it passed.
    pub fn record(&mut self, field: &str, text: &str, result: Result<(), Failure>) -> bool {
        self.checked += 1;
        match result {
            Ok(()) => true,
            Err(f) => {
                self.removed += 1;
                *self.by_kind.entry(f.kind().to_string()).or_default() += 1;
                self.note(field, text, &f.to_string());
                false
            }
        }
    }

    /// Adds a removal that is not a rule failure (a duplicate, say), counted under `kind`.
    pub fn remove(&mut self, field: &str, text: &str, kind: &str, why: &str) {
        self.checked += 1;
        self.removed += 1;
        *self.by_kind.entry(kind.to_string()).or_default() += 1;
        self.note(field, text, why);
    }

    fn note(&mut self, field: &str, text: &str, why: &str) {
        if self.reasons.len() < MAX_REASONS {
            let mut short: String = text.chars().take(80).collect();
            if short.len() < text.len() {
                short.push('…');
            }
            self.reasons.push(format!("{field}: \"{short}\": {why}"));
        }
    }
}

/// Source-sentence ids cited inline as `[3]`, `[3, 4]` or `[S3]`, and the text without them.
pub fn strip_inline_ids(text: &str) -> (String, Vec<usize>) {
    let mut ids = Vec::new();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(close_rel) = rest[open..].find(']') else {
            break;
        };
        let inner = &rest[open + 1..open + close_rel];
        let parsed: Option<Vec<usize>> = inner
            .split([',', ';', ' '])
            .filter(|p| !p.is_empty())
            .map(|p| p.trim_start_matches(['S', 's', '#']).parse::<usize>().ok())
            .collect();
        match parsed {
            Some(v) if !v.is_empty() => {
                out.push_str(rest[..open].trim_end());
                ids.extend(v);
            }
            _ => out.push_str(&rest[..=open + close_rel]),
        }
        rest = &rest[open + close_rel + 1..];
    }
    out.push_str(rest);
    (out.trim().to_string(), ids)
}

/// Maps prompt ids to citations, dropping unknown ids and duplicates.
pub fn citations(ids: &[usize], table: &SourceTable) -> Vec<storyline_core::Citation> {
    let mut seen = HashMap::new();
    let mut out = Vec::new();
    for &id in ids {
        if let Some(s) = table.get(id) {
            if seen.insert(id, ()).is_none() {
                out.push(storyline_core::Citation {
                    article: s.article.clone(),
                    sentence: s.sentence,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> SourceTable {
        SourceTable::from_texts(&[
            "The Springfield city council voted 7-2 on Monday to ban plastic bags.",
            "Mayor Jane Doe said the ban takes effect in March 2025.",
            "Shop owners said the rule would raise their costs by $1,200 a year.",
            "\"We will not go back to the old ways,\" Doe told reporters.",
            "Residents were divided.",
            "Critics say the ban is symbolic.",
        ])
    }

    #[test]
    fn sentences_that_pass() {
        let t = table();
        let r = Rules::strict(0.5);
        let cases: &[(&str, &[usize])] = &[
            ("Springfield's council voted 7-2 to ban plastic bags.", &[1]),
            (
                "The ban takes effect in March 2025, Mayor Jane Doe said.",
                &[2],
            ),
            ("Shop owners expect costs to rise by $1200 a year.", &[3]),
            ("Doe said: \"We will not go back to the old ways.\"", &[4]),
            (
                "The council banned plastic bags on Monday; the mayor said it starts in March.",
                &[1, 2],
            ),
            // Sentence openers are not names unless the sources use them as names.
            ("Critics say the ban is symbolic.", &[6]),
            ("Residents were divided over the ban.", &[5, 1]),
            // Duplicate ids are fine.
            ("Residents were divided.", &[5, 5]),
        ];
        for (s, ids) in cases {
            assert_eq!(check_sentence(s, ids, &t, r), Ok(()), "{s}");
        }
    }

    #[test]
    fn sentences_that_fail() {
        let t = table();
        let r = Rules::strict(0.5);
        let cases: &[(&str, &[usize], Failure)] = &[
            ("The council voted to ban bags.", &[], Failure::NoCitation),
            (
                "The council voted to ban bags.",
                &[9],
                Failure::UnknownId(9),
            ),
            (
                "The council voted to ban bags.",
                &[0],
                Failure::UnknownId(0),
            ),
            (
                "The council voted to ban bags.",
                &[1, 2, 3, 4, 5, 6],
                Failure::TooManyCitations(6),
            ),
            (
                "The council voted 8-1 to ban plastic bags.",
                &[1],
                Failure::Number("8".into()),
            ),
            // Right number, wrong citation.
            (
                "The ban takes effect in 2025.",
                &[1],
                Failure::Number("2025".into()),
            ),
            (
                "Mayor John Doe backed the ban.",
                &[2],
                Failure::Name("John".into()),
            ),
            (
                "The ban takes effect in April, the mayor said.",
                &[2],
                Failure::Name("April".into()),
            ),
            // A sentence-initial name the sources use as a name still needs its citation.
            (
                "Doe said the ban takes effect in March.",
                &[1],
                Failure::Name("Doe".into()),
            ),
            (
                "Doe said \"we will never return to the past\" to reporters.",
                &[4],
                Failure::Quote("we will never return to the past".into()),
            ),
            (
                "Economists predict a sharp recession across regional supermarkets.",
                &[1],
                Failure::Overlap {
                    got: 0.0,
                    need: 0.5,
                },
            ),
            ("It is what it is.", &[5], Failure::Empty),
            ("", &[1], Failure::Empty),
        ];
        for (s, ids, want) in cases {
            assert_eq!(check_sentence(s, ids, &t, r).as_ref(), Err(want), "{s}");
        }
    }

    #[test]
    fn facts_only_rules_skip_overlap() {
        let t = table();
        let q = "What did the mayor say about the timing?";
        assert_eq!(check_sentence(q, &[2], &t, Rules::facts_only()), Ok(()));
        let q = "What did Governor Smith say?";
        assert_eq!(
            check_sentence(q, &[2], &t, Rules::facts_only()),
            Err(Failure::Name("Governor".into()))
        );
    }

    #[test]
    fn numbers_are_normalised() {
        assert_eq!(
            numbers("$1,200 and 3.5% in 2025."),
            vec!["1200", "3.5", "2025"]
        );
        assert_eq!(numbers("the 21st, 7-2"), vec!["21", "7", "2"]);
        assert!(numbers("no digits").is_empty());
    }

    #[test]
    fn inline_ids_are_stripped() {
        assert_eq!(
            strip_inline_ids("The ban passed [1]. It starts in March [2, 3]."),
            (
                "The ban passed. It starts in March.".to_string(),
                vec![1, 2, 3]
            )
        );
        assert_eq!(
            strip_inline_ids("A [note] stays [S4]"),
            ("A [note] stays".to_string(), vec![4])
        );
    }

    #[test]
    fn stems_match_inflections() {
        assert_eq!(stem("banned"), "ban");
        assert_eq!(stem("bans"), "ban");
        assert_eq!(stem("policies"), "policy");
        assert_eq!(stem("voting"), "vot");
        assert_eq!(stem("voted"), "vot");
    }

    #[test]
    fn tally_counts_and_caps_reasons() {
        let mut t = Tally::default();
        for i in 0..30 {
            t.record(
                "summary",
                "x",
                if i % 2 == 0 {
                    Ok(())
                } else {
                    Err(Failure::Empty)
                },
            );
        }
        assert_eq!((t.checked, t.removed), (30, 15));
        assert_eq!(t.reasons.len(), 15);
        for _ in 0..10 {
            t.remove("faq", "y", "repeat", "duplicate");
        }
        assert_eq!(t.reasons.len(), MAX_REASONS);
        assert_eq!(t.removed, 25);
        assert_eq!(t.by_kind.get("empty"), Some(&15));
        assert_eq!(t.by_kind.get("repeat"), Some(&10));
    }
}
