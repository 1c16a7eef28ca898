//! The built-in, model-free digest engine.
//!
//! A digest is assembled from source sentences, never from generated prose, so that every sentence a
//! reader sees can be traced to an outlet's words: each field item carries [`Citation`]s (article id
//! and index into [`storyline_core::text::sentences`] of the article's text). [`check::check_digest`]
//! verifies that property and is used by tests, the demo and the LLM engine.
//!
//! Titles are not part of an article's text. Convention: a headline taken from a title cites the
//! lede sentence(s) of that article whose text contains every number and name of the title; a title
//! without such support is not used.
//!
//! The short summary opens with the lede (what happened) and, for a story whose articles span more
//! than a day, follows it with the opening sentence of its latest news, so that a developing story
//! is not summarised by how it began. A lede that later reports overtook (a preview of a vote whose
//! result is in) gives way to that news, headline and all. Nor do the summary and the takeaways
//! repeat a figure a later report gave anew (the board's first offer after the deal; [`updates`]).
//!
//! Sentences shown apart from their article stand alone: takeaways, why it matters, the FAQ's
//! answers and an outlet's own claims never open with a pronoun pointing back ("He said …"), and a
//! quotation among them names its speaker. Takeaways hold at most one quotation. Why it matters
//! speaks of consequence or scale, or is left out: a plan is not a reason, nor is a detail's cause.
//!
//! `reading_minutes` is the time to read the distinct source text (copies and boilerplate documents
//! excluded) at 230 words a minute. `category` comes from the keyword lexicon in [`lexicon`].

pub mod check;
pub mod dates;
pub mod entities;
pub mod figures;
pub mod jsonl;
pub mod lexicon;
pub mod prep;
pub mod rank;
pub mod updates;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use storyline_core::{
    Citation, Cited, Digest, FaqItem, Figure, Perspective, Player, SourceRef, TimelineEvent,
};

pub use rank::RankParams;

/// The built-in engine's edition. Raise it whenever a change makes the engine write a different
/// digest for the same articles (or sentence numbering changes): the pipeline keys stored
/// digests by it, so a store written by an older build has every digest rewritten on the first
/// run after an upgrade instead of keeping the old one until its story next changes.
pub const ENGINE_VERSION: u32 = 95;

/// One source document of a story.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Doc {
    /// Article id; citations name it.
    pub id: String,
    pub title: Option<String>,
    pub text: String,
    pub source: Option<String>,
    pub url: Option<String>,
    pub published: Option<DateTime<Utc>>,
    /// Set when this article copies another doc of the story.
    pub duplicate_of: Option<String>,
}

/// Options for one digest.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// When set, `summary` is an extractive brief of about this many words (for evaluation).
    pub words: Option<usize>,
}

/// Something that writes digests: the built-in engine or an LLM.
pub trait DigestEngine: Send + Sync {
    /// Short name shown to readers (`builtin`, `openai:MODEL`).
    fn name(&self) -> String;
    fn digest(&self, docs: &[Doc], opts: &Options) -> Digest;
}

/// The built-in engine.
#[derive(Debug, Clone, Default)]
pub struct Builtin;

impl DigestEngine for Builtin {
    fn name(&self) -> String {
        "builtin".into()
    }
    fn digest(&self, docs: &[Doc], opts: &Options) -> Digest {
        digest(docs, opts)
    }
}

/// Writes the digest of a story.
pub fn digest(docs: &[Doc], opts: &Options) -> Digest {
    digest_with(docs, opts, &RankParams::default())
}

/// Original articles a digest reads at most. A story that thousands of outlets carried reads as
/// well from a few hundred of them spread over its time span, and comparing every outlet's
/// sentences with every other's costs the square of the articles read: a story of 5,000 took
/// 16 s to digest, and 0.15 s reading 300.
pub const MAX_READ: usize = 300;

/// The articles a digest of `docs` reads when there are more than [`MAX_READ`] originals
/// (`None` when it reads them all): originals evenly spaced in publication order, the first and
/// the last among them, with up to two copies of each (a headline carried word for word is the
/// wire's), in the story's order.
fn reading_sample(docs: &[Doc]) -> Option<Vec<Doc>> {
    let mut originals: Vec<usize> = (0..docs.len())
        .filter(|&i| docs[i].duplicate_of.is_none())
        .collect();
    let n = originals.len();
    if n <= MAX_READ {
        return None;
    }
    originals.sort_by_key(|&i| (docs[i].published, i));
    let mut read = vec![false; docs.len()];
    for k in 0..MAX_READ {
        read[originals[k * (n - 1) / (MAX_READ - 1)]] = true;
    }
    let chosen: std::collections::HashSet<&str> = (0..docs.len())
        .filter(|&i| read[i])
        .map(|i| docs[i].id.as_str())
        .collect();
    let mut copies: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        if let Some(o) = d.duplicate_of.as_deref().filter(|o| chosen.contains(o)) {
            let c = copies.entry(o).or_default();
            *c += 1;
            read[i] = *c <= 2;
        }
    }
    Some(
        docs.iter()
            .zip(&read)
            .filter(|(_, &r)| r)
            .map(|(d, _)| d.clone())
            .collect(),
    )
}

/// Writes the digest of a story with explicit ranking weights (for tuning). A story of more than
/// [`MAX_READ`] original articles is written from a sample of them ([`reading_sample`]); its
/// `sources` still lists every article.
pub fn digest_with(docs: &[Doc], opts: &Options, params: &RankParams) -> Digest {
    match reading_sample(docs) {
        None => digest_read(docs, opts, params),
        Some(read) => Digest {
            sources: source_refs(docs),
            ..digest_read(&read, opts, params)
        },
    }
}

/// Every article of a story as the digest lists it.
fn source_refs(docs: &[Doc]) -> Vec<SourceRef> {
    docs.iter()
        .map(|x| SourceRef {
            article: x.id.clone(),
            source: x.source.clone().unwrap_or_default(),
            title: x.title.clone().unwrap_or_default(),
            url: x.url.clone().unwrap_or_default(),
            published: x.published,
            duplicate_of: x.duplicate_of.clone(),
        })
        .collect()
}

/// The digest of the articles it reads.
fn digest_read(docs: &[Doc], opts: &Options, params: &RankParams) -> Digest {
    let p = prep::prepare(docs);
    let sc = rank::score(&p, params);
    let mut d = Digest {
        engine: "builtin".into(),
        ..Digest::default()
    };
    // The most important sentences, most important first.
    let ranked = rank::pick(&p, &sc, params, None, 16, &[]);
    let top: Vec<usize> = ranked.iter().copied().take(8).collect();
    d.headline = headline(docs, &p, &sc, &top);
    // The lede that tells the story: news puts what happened in its first sentence, so the first
    // sentence of the article the headline comes from (else the most salient first sentence)
    // answers "what happened?" and opens the short summary.
    let first_sentence = |i: usize| p.sents[i].keep && p.sents[i].rank == 0 && sc.salience[i] > 0.0;
    // A first sentence that leans on what came before ("Because it may be time we all moved to
    // Sweden.", the answer to a heading's question) gives way to the next of the first three
    // that stands alone; one that only speaks to the reader ("If you've ever eaten a McRib, …")
    // still opens its story.
    let opening = |doc: usize| {
        let early = |i: usize| {
            p.sents[i].doc == doc && p.sents[i].keep && p.sents[i].rank < 3 && sc.salience[i] > 0.0
        };
        let first = (0..p.sents.len()).find(|&i| first_sentence(i) && p.sents[i].doc == doc)?;
        if stands_alone_in_context(p.sents[first].text) {
            return Some(first);
        }
        (0..p.sents.len())
            .filter(|&i| early(i) && i != first && standing(p.sents[i].text).alone)
            .min_by_key(|&i| p.sents[i].rank)
            .or(Some(first))
    };
    let lede = d
        .headline
        .citations
        .first()
        .and_then(|c| {
            let doc = docs.iter().position(|x| x.id == c.article)?;
            opening(doc)
        })
        .or_else(|| {
            (0..p.sents.len())
                .filter(|&i| first_sentence(i))
                .max_by(|&a, &b| sc.salience[a].total_cmp(&sc.salience[b]))
        });
    let stale = overtaken(docs, &p);
    // Sentences whose figure a later report gives differently (the offer before the deal).
    let replaced = updates::superseded(docs, &p);
    // Either: what the short summary, the takeaways, the figures and the players leave behind.
    let outdated: Vec<bool> = stale.iter().zip(&replaced).map(|(a, b)| *a || *b).collect();
    let latest = latest_news(docs, &p, &sc, &stale, lede);
    // A lede that later reports overtook ("the council will decide on Tuesday") gives way to the
    // latest news when that retells the same event with its outcome ("the council on Tuesday
    // approved …"); latest news of something else (the rain after a ban began) leaves it.
    // Its headline goes with it: the same event, so no words in common need be checked.
    let overtaken_lede = match (lede, latest) {
        (Some(l), Some(n)) => {
            stale[l] && novelty(&sc.term_sets[n], &said_by(&[l], &sc), &sc.idf) < MIN_NOVELTY
        }
        _ => false,
    };
    let lede = if overtaken_lede { latest } else { lede };
    // The headline may move on to the latest news; the lede, chosen above from the first
    // headline's article, still opens the summary with how the story began.
    let current = if overtaken_lede {
        ""
    } else {
        d.headline.text.as_str()
    };
    if let Some(h) = latest.and_then(|i| latest_headline(docs, &p, p.sents[i].doc, current)) {
        d.headline = h;
    }
    // A higher toll than the headline's is the latest news too: its report's first sentence
    // follows the lede ("The death toll … rose to 14 on Tuesday").
    let mut latest = latest;
    if let Some(h) = higher_toll_headline(docs, &p, &d.headline) {
        let opening = h.citations.first().and_then(|c| {
            (0..p.sents.len()).find(|&i| first_sentence(i) && docs[p.sents[i].doc].id == c.article)
        });
        if opening.is_some() && opening != lede {
            latest = opening;
        }
        d.headline = h;
    }
    let side = side_references(&p);
    // Whether each sentence can be shown on its own, whether it leans on the one before, and
    // whether it speaks in its writer's voice: many parts of the digest ask, so each is found
    // once, for the kept sentences (the only ones ever shown).
    let standings: Vec<Standing> = p
        .sents
        .iter()
        .map(|s| {
            if s.keep {
                standing(s.text)
            } else {
                Standing::default()
            }
        })
        .collect();
    let alone: Vec<bool> = standings.iter().map(|s| s.alone).collect();
    let leaning: Vec<bool> = standings.iter().map(|s| s.leaning).collect();
    // Lower-cased, space-padded kept sentences for cue matching.
    let lower: Vec<String> = p
        .sents
        .iter()
        .map(|s| {
            if s.keep {
                format!(" {} ", s.text.to_lowercase())
            } else {
                String::new()
            }
        })
        .collect();
    // A story that reports dead says so in its short summary: when neither the headline, the lede
    // nor the latest news gives a toll, the stand-alone sentence with the highest toll about the
    // same event follows them: a word in common with the lede, and nothing that sets it at
    // another time (a year: "the 1985 earthquake killed 31 people in the same valley"; "Early
    // last month, a building … collapsed, killing six"; "killing over 600,000 people a year").
    let toll_news = match lede {
        Some(l)
            if toll(&d.headline.text).is_none()
                && lede
                    .iter()
                    .chain(latest.iter())
                    .all(|&i| sentence_toll(p.sents[i].text).is_none()) =>
        {
            (0..p.sents.len())
                .filter(|&i| p.sents[i].keep && alone[i] && !side[i] && !outdated[i])
                .filter(|&i| {
                    ["dead", "kill", "death", "toll", "die"]
                        .iter()
                        .any(|c| lower[i].contains(c))
                })
                .filter_map(|i| sentence_toll(p.sents[i].text).map(|n| (n, sc.salience[i], i)))
                .filter(|&(_, _, i)| {
                    let text = p.sents[i].text;
                    let (mine, _) = &sc.term_sets[i];
                    !is_quotation(text)
                        && !names_a_year(text)
                        && !tells_another_time(&lower[i])
                        && sc.term_sets[l].0.iter().any(|t| mine.contains(t))
                })
                .max_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)))
                .map(|(_, _, i)| i)
        }
        _ => None,
    };
    let short_summary: Vec<usize> = {
        let mut picks: Vec<usize> = Vec::new();
        let mut words = 0;
        // The lede is considered first, so that what follows it is judged against it; then the
        // latest news of a story that has run for days, and its toll.
        let firsts: Vec<usize> = lede
            .iter()
            .chain(latest.iter())
            .chain(toll_news.iter())
            .copied()
            .collect();
        for &i in firsts
            .iter()
            .chain(top.iter().filter(|i| !firsts.contains(i)))
        {
            if picks.len() >= 3 || (picks.len() >= 2 && words + p.sents[i].words > 90) {
                break;
            }
            if outdated[i] && Some(i) != lede {
                continue;
            }
            // A card's second and third sentences come from anywhere in the story: one leaning
            // on a sentence the card does not show ("His case worker was killed", "…," she said)
            // is left out.
            if Some(i) != lede && (!alone[i] || side[i]) {
                continue;
            }
            // Not a second sentence saying the same as the lede, nor one that mostly repeats
            // what the sentences before it said (two outlets' wordings of one fact).
            if lede.is_some_and(|l| {
                l != i
                    && rank::set_similarity(&sc.term_sets[l], &sc.term_sets[i], &sc.idf)
                        > params.max_sim
            }) {
                continue;
            }
            if !picks.is_empty()
                && (novelty(&sc.term_sets[i], &said_by(&picks, &sc), &sc.idf) < MIN_NOVELTY
                    || retells_figures(p.sents[i].text, picks.iter().map(|&j| p.sents[j].text)))
            {
                continue;
            }
            // A picked sentence (not the lede, which opens the summary, nor the latest news)
            // that this one says in full gives way to it.
            let mine = said_by(&[i], &sc);
            if let Some(k) = picks.iter().position(|&j| {
                !firsts.contains(&j) && novelty(&sc.term_sets[j], &mine, &sc.idf) < MIN_NOVELTY
            }) {
                words -= p.sents[picks[k]].words;
                picks.remove(k);
            }
            picks.push(i);
            words += p.sents[i].words;
        }
        // The lede first, the latest news second, the toll next, then reading order.
        picks.sort_by_key(|&i| {
            (
                Some(i) != lede,
                Some(i) != latest,
                Some(i) != toll_news,
                p.sents[i].rank,
                p.sents[i].doc,
                p.sents[i].idx,
            )
        });
        picks
    };
    let summary = match opts.words {
        Some(n) => {
            // The long summary reads as prose, so a pronoun may lean on the sentence before; but
            // a transcript's turn ("A: Sign the back of the ticket", "MARTIN: …") or the tail of
            // a split sentence is never prose of its own.
            let shown: Vec<bool> = p
                .sents
                .iter()
                .map(|s| {
                    let t = shown_text(s.text);
                    !(labelled_line(&t) || split_tail(&t))
                })
                .collect();
            rank::select(&p, &sc, params, Some(n), 0, &shown)
        }
        None => short_summary.clone(),
    };
    d.summary = summary
        .iter()
        .map(|&i| cited_sentence(docs, &p.sents[i]))
        .collect();
    let mut used: Vec<usize> = short_summary.clone();
    // Takeaways: the next most important sentences that each add something the summary and the
    // takeaways before them have not said (a second outlet's rewording of a point is left out).
    let mut said = said_by(&short_summary, &sc);
    let opens_quote = |i: usize| is_quotation(p.sents[i].text);
    let mut quoted = false;
    for &i in ranked.iter().filter(|i| !short_summary.contains(i)) {
        if d.takeaways.len() >= 5 {
            break;
        }
        // Takeaways are what happened; one quotation gives a voice, more crowd the facts out.
        // Each stands alone: "He said the company would review its plans" does not, nor does
        // "…," she said.
        // Nor does a question ask one ("Who else but Fey could coin a term like lizzing?").
        if outdated[i] || quoted && opens_quote(i) || !alone[i] || side[i] || asks(p.sents[i].text)
        {
            continue;
        }
        if novelty(&sc.term_sets[i], &said, &sc.idf) < MIN_NOVELTY {
            continue;
        }
        if retells_figures(p.sents[i].text, used.iter().map(|&j| p.sents[j].text)) {
            continue;
        }
        said.extend(sc.term_sets[i].0.iter().copied());
        quoted |= opens_quote(i);
        used.push(i);
        d.takeaways.push(cited_sentence(docs, &p.sents[i]));
    }
    // Too few distinct sentences for takeaways of their own: restate the summary's points.
    if d.takeaways.len() < 3 {
        for &i in &short_summary {
            if d.takeaways.len() >= 3 {
                break;
            }
            d.takeaways.push(cited_sentence(docs, &p.sents[i]));
        }
    }
    // Why it matters says something new too.
    let said_before_why: Vec<usize> = used
        .iter()
        .copied()
        .chain((0..p.sents.len()).filter(|&i| {
            stale[i]
                || side[i]
                || p.sents[i].keep && novelty(&sc.term_sets[i], &said, &sc.idf) < MIN_NOVELTY
        }))
        .collect();
    let why = why_it_matters(&p, &sc, &lower, &said_before_why, &leaning);
    if let Some(i) = why {
        used.push(i);
        d.why_it_matters.push(cited_sentence(docs, &p.sents[i]));
    }
    // Each kept sentence's event date, found once: the timeline and the FAQ both ask.
    let event_dates: Vec<Option<dates::FoundDate>> = p
        .sents
        .iter()
        .map(|s| if s.keep { event_date(docs, s) } else { None })
        .collect();
    d.timeline = timeline(
        docs,
        &p,
        &sc,
        &event_dates,
        &alone,
        lede.or(top.first().copied()),
    );
    d.figures = figures(docs, &p, &sc, &outdated);
    d.players = players(docs, &p, &sc, &outdated);
    let (perspectives, agreed) = perspectives(docs, &p, &sc, &alone, &outdated);
    d.perspectives = perspectives;
    d.agreed = agreed;
    // The FAQ answers "what happened?" with the lede.
    let faq_top: Vec<usize> = lede
        .into_iter()
        .chain(top.iter().copied().filter(|&i| Some(i) != lede))
        .collect();
    let chosen = Chosen {
        top: &faq_top,
        why,
        stale: &stale,
        side: &side,
        leaning: &leaning,
        event_dates: &event_dates,
    };
    d.faq = faq(docs, &p, &sc, &lower, &d, &chosen);
    let titles: Vec<&str> = docs.iter().filter_map(|x| x.title.as_deref()).collect();
    let ledes: Vec<&str> = p
        .sents
        .iter()
        .filter(|s| s.keep && s.rank < 3)
        .map(|s| s.text)
        .collect();
    d.category = lexicon::category(&titles, &ledes).to_string();
    // Reading time of the distinct source text (copies and boilerplate documents excluded).
    let distinct_words: usize = p
        .sents
        .iter()
        .filter(|s| p.usable_docs.contains(&s.doc))
        .map(|s| s.words)
        .sum();
    d.reading_minutes = distinct_words.div_ceil(230).max(1) as u32;
    d.sources = source_refs(docs);
    d
}

/// The least share of a takeaway's content (idf²-weighted terms) that must be new.
const MIN_NOVELTY: f32 = 0.6;

/// The opening sentence of a developing story's latest news: when the story's articles span more
/// than a day, the most salient first sentence among the articles of its last day that is about
/// the story (see the floor below), else of the day before that, and so on. A summary that stops
/// at how a story began misinforms (a strike begins; two days later a deal ends it). `None` when
/// the lede already comes from the day looked at, or that day is within a day of the first.
fn latest_news(
    docs: &[Doc],
    p: &prep::Prepared<'_>,
    sc: &rank::Scores,
    stale: &[bool],
    lede: Option<usize>,
) -> Option<usize> {
    let dated: Vec<(usize, DateTime<Utc>)> = p
        .usable_docs
        .iter()
        .filter_map(|&d| docs[d].published.map(|t| (d, t)))
        .collect();
    let oldest = dated.iter().map(|&(_, t)| t).min()?;
    let day = chrono::Duration::hours(24);
    // A side story published last ("a mobile clinic will visit six villages", "the parade cost
    // taxpayers $1.1 million") is no development of the story: the latest news is the newest
    // day's lead whose words the other articles use at least half as much as the lede's, looking
    // back a day at a time.
    let floor = lede.map_or(0.0, |l| sc.agreement[l] / 2.0);
    let mut times: Vec<DateTime<Utc>> = dated.iter().map(|&(_, t)| t).collect();
    times.sort_unstable_by(|a, b| b.cmp(a));
    times.dedup();
    let mut window_end = *times.first()?;
    loop {
        if window_end - oldest <= day {
            return None;
        }
        let recent: Vec<usize> = dated
            .iter()
            .filter(|&&(_, t)| t <= window_end && window_end - t <= day)
            .map(|&(d, _)| d)
            .collect();
        if lede.is_some_and(|l| recent.contains(&p.sents[l].doc)) {
            return None;
        }
        let best = (0..p.sents.len())
            .filter(|&i| {
                let s = &p.sents[i];
                s.keep
                    && s.rank == 0
                    && sc.salience[i] > 0.0
                    && !stale[i]
                    && recent.contains(&s.doc)
            })
            .max_by(|&a, &b| sc.salience[a].total_cmp(&sc.salience[b]));
        if best.is_some_and(|i| sc.agreement[i] >= floor) {
            return best;
        }
        // The next window ends at the newest article before this one.
        window_end = *times.iter().find(|&&t| window_end - t > day)?;
    }
}

/// Per sentence: whether later reports have overtaken it — it announces something ("the board
/// will vote on Monday") for a day that had come when the story's newest (later) article was
/// published, so that article tells what happened instead: a vote's report is often out the
/// evening of the vote. Such sentences stay quotable in
/// the timeline and as citations, but the summary, takeaways and why-it-matters leave them out.
fn overtaken(docs: &[Doc], p: &prep::Prepared<'_>) -> Vec<bool> {
    let Some(newest) = docs.iter().filter_map(|d| d.published).max() else {
        return vec![false; p.sents.len()];
    };
    let newest = newest.date_naive();
    p.sents
        .iter()
        .map(|s| {
            let Some(published) = docs.get(s.doc).and_then(|d| d.published) else {
                return false;
            };
            if !s.keep || published.date_naive() >= newest {
                return false;
            }
            let lower = format!(" {} ", s.text.to_lowercase());
            let Some(cue) = dates::FUTURE_CUES
                .iter()
                .filter_map(|c| lower.find(c))
                .min()
            else {
                return false;
            };
            // The dates after the announcing words: one still ahead when the article was
            // published but past by the newest article, and none still ahead then. (`lower`
            // has one extra leading byte.)
            let day = published.date_naive();
            let ahead: Vec<chrono::NaiveDate> = dates::find_dates(s.text, Some(published))
                .iter()
                .filter(|f| f.start + 1 >= cue)
                .filter_map(|f| dates::period(&f.iso))
                .map(|(_, end)| end)
                .filter(|&end| end > day)
                .collect();
            !ahead.is_empty() && ahead.iter().all(|&end| end <= newest)
        })
        .collect()
}

/// Whether a sentence has two or more figures, all of them in one of the sentences shown already:
/// the same fact told again with a detail ("The magnitude 5.7 quake damaged 30 boats and cracked
/// the old lighthouse" after "… damaged at least 30 fishing boats in Saltmere's harbour …").
fn retells_figures<'a>(text: &str, shown: impl Iterator<Item = &'a str>) -> bool {
    let mine = numbers_in(text);
    mine.len() >= 2
        && shown
            .map(numbers_in)
            .any(|theirs| mine.iter().all(|n| theirs.contains(n)))
}

/// The figures written in digits in a sentence, as words of their own ("2.3 million" gives "2.3",
/// "$4,100" gives "4100", "17%" gives "17"); years and labels such as "2D:4D" are not figures.
fn numbers_in(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.trim_start_matches(['$', '€', '£', '(', '"', '\u{201c}'])
                .trim_end_matches(|c: char| !c.is_ascii_digit())
        })
        .filter(|w| {
            w.starts_with(|c: char| c.is_ascii_digit())
                && w.chars()
                    .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
                && dates::year_of(w).is_none()
        })
        .map(|w| w.replace(',', ""))
        .collect()
}

/// The terms of these sentences.
fn said_by(sents: &[usize], sc: &rank::Scores) -> std::collections::HashSet<u32> {
    sents
        .iter()
        .flat_map(|&i| sc.term_sets[i].0.iter().copied())
        .collect()
}

/// The idf²-weighted share of a sentence's terms not in `said`.
fn novelty(terms: &(Vec<u32>, f32), said: &std::collections::HashSet<u32>, idf: &[f32]) -> f32 {
    if terms.1 <= 0.0 {
        return 0.0;
    }
    let new: f32 = terms
        .0
        .iter()
        .filter(|t| !said.contains(t))
        .map(|&t| idf.get(t as usize).map_or(0.0, |w| w * w))
        .sum();
    new / terms.1
}

/// [`novelty`] against one sentence's sorted term set, without building a set (a plan is checked
/// against every later sentence of the story).
fn novelty_against(terms: &(Vec<u32>, f32), other: &[u32], idf: &[f32]) -> f32 {
    if terms.1 <= 0.0 {
        return 0.0;
    }
    let new: f32 = terms
        .0
        .iter()
        .filter(|t| other.binary_search(t).is_err())
        .map(|&t| idf.get(t as usize).map_or(0.0, |w| w * w))
        .sum();
    new / terms.1
}

/// "Impact" as a consequence, a cue of both [`WHY_CUES`] and [`WHY_STRONG`]; not the blow ("The
/// impact killed the baby", "an impact velocity of 6.25 m/s").
const IMPACT_CUES: &[&str] = &[
    " impact on ",
    " impact of ",
    " impacts ",
    " impacted ",
    " impacting ",
    " could impact ",
    " would impact ",
    " will impact ",
    " may impact ",
    " impact will ",
];
/// Cue words of a sentence that says why the story matters (lower-case, matched with spaces).
const WHY_CUES: &[&str] = &[
    " because ",
    " means ",
    " could ",
    " would ",
    " affect",
    " expected to ",
    " first time ",
    " largest ",
    " biggest ",
    " significant ",
    " so that ",
    " in order to ",
    " aims to ",
    " will ",
    " risk",
    " consequences ",
];
/// The cues of [`WHY_CUES`] that speak of consequence or scale rather than of plans. Not
/// "because": a cause explains a detail ("failed because of bad weather", "is not named because
/// he has not been charged") far more often than it tells what is at stake.
const WHY_STRONG: &[&str] = &[
    " means ",
    " meaning ",
    " implications",
    " affect ",
    " affects ",
    " affecting ",
    " affected by ",
    " first time ",
    " first since ",
    " first increase since ",
    " largest ",
    " biggest ",
    " strongest ",
    " deadliest ",
    " worst ",
    " significant ",
    " risk",
    " consequences ",
    // A threat to something, not "non-life threatening injuries" or a "threatened" listing.
    " threat ",
    " threats ",
    " threatens ",
    " record ",
    // "…, leaving 5,000 homes without power"; not "After leaving the elevator".
    ", leaving ",
    " leaves ",
    " shortage",
    " at stake",
    " hardest ",
    " vulnerable ",
    " market share",
    " one in ",
    " in every ",
];
const NEXT_CUES: &[&str] = &[
    " will ",
    " next ",
    " plans to ",
    " expected to ",
    " scheduled ",
    " is due ",
    " set to ",
    " upcoming ",
    " deadline ",
];
/// Whether a (lower-cased) sentence states a plan or a date ahead: one of [`NEXT_CUES`] used
/// as such. "Next" as a place ("next door", "next to the Zimmermans") or a rank ("next on the
/// track") looks nowhere, and a question asks rather than tells. A plan told in the past tense
/// ("autopsies were scheduled for Monday") still lies ahead of the report.
fn looks_ahead(lower: &str) -> bool {
    if lower
        .trim_end_matches(['"', '\u{201d}', ' '])
        .ends_with('?')
    {
        return false;
    }
    NEXT_CUES.iter().any(|c| {
        occurrences(lower, c).any(|at| {
            let after = &lower[at + c.len()..];
            match *c {
                " next " => {
                    !["door", "to ", "on ", "in line", "of kin"]
                        .iter()
                        .any(|w| after.starts_with(w))
                        && !narrates_the_next(lower, at)
                }
                // "The vote is set to take place", not "Phones set to 'do not disturb' mode".
                " set to " => lower[..at].split_whitespace().last().is_some_and(|w| {
                    matches!(
                        w,
                        "is" | "are" | "was" | "were" | "be" | "been" | "now" | "also"
                    ) || w.ends_with("'s")
                        || w.ends_with("\u{2019}s")
                }),
                _ => true,
            }
        })
    })
}

/// Whether a sentence is a question in the writer's voice (a question quoted and attributed,
/// "\"Why now?\" she asked.", ends on its speaker, not on the question mark).
fn asks(text: &str) -> bool {
    text.trim_end().ends_with('?')
}

/// Whether the " next " at `at` of a lower-cased sentence tells what followed in a story told in
/// the past ("By the next afternoon his temperature had shot to 104.6", "Over the next several
/// months, Farrow collected evidence"): "the next …" in a sentence with nothing ahead in it (no
/// "will", "would", "is to", plan or schedule).
fn narrates_the_next(lower: &str, at: usize) -> bool {
    const AHEAD: &[&str] = &[
        " will ",
        " would ",
        " is to ",
        " are to ",
        " plan",
        " expect",
        " schedul",
        " set to ",
        " due ",
        "'ll ",
        "\u{2019}ll ",
    ];
    lower[..at].ends_with(" the") && !AHEAD.iter().any(|c| lower.contains(c))
}

/// Whether a (lower-cased) sentence's look ahead is someone's argument rather than a plan: "The
/// companies argue that scale will help them negotiate lower prices" is a claim about the future,
/// not what comes next.
fn argues_ahead(lower: &str) -> bool {
    let Some(will) = lower.find(" will ") else {
        return false;
    };
    [
        " argue",
        " claim",
        " believe",
        " insist",
        " contend",
        " predict",
        " hope",
        " think",
        " expect that",
    ]
    .iter()
    .any(|c| lower[..will].contains(c))
}

/// Whether a (lower-cased) sentence tells a plan in the past tense: "were scheduled", "was
/// expected to", "had planned".
fn planned_before(lower: &str) -> bool {
    [
        " was scheduled",
        " were scheduled",
        " had been scheduled",
        " was expected to ",
        " were expected to ",
        " was due ",
        " were due ",
        " was set to ",
        " were set to ",
        " had planned",
    ]
    .iter()
    .any(|c| lower.contains(c))
}

/// Words that voice criticism or doubt, as whole words ("concerns", not "concerning"; "critics",
/// not "critical to"; "opposed the plan", not "as opposed to"); a trailing `*` takes any ending
/// ("condemn*": "condemned", "condemnation").
const CRITIC_CUES: &[&str] = &[
    "critic",
    "critics",
    "criticism*",
    "criticis*",
    "criticiz*",
    "critical of",
    "oppose",
    "opposes",
    "opposing",
    "opposition",
    "opponent*",
    "opposed the",
    "opposed by",
    "is opposed",
    "are opposed",
    "was opposed",
    "were opposed",
    "strongly opposed",
    "concerns",
    "concern about",
    "concern over",
    "concern that",
    "concern among",
    "concerned about",
    "concerned that",
    "of concern",
    "warned",
    "warns",
    "warn that",
    "warn of",
    "warning that",
    "warnings that",
    "warning of",
    "warning against",
    "objected",
    "object to",
    "objects to",
    "objection",
    "objections",
    "argue",
    "argued",
    "argues",
    "question whether",
    "questioned whether",
    "called into question",
    "questions over",
    "raised questions",
    "raises questions",
    "raising questions",
    "skeptic*",
    "sceptic*",
    "condemn*",
    "denounc*",
    "decried",
    "decries",
    "backlash",
    "outcry",
    "lambast*",
];

/// Whether a lower-cased sentence voices criticism or doubt: one of [`CRITIC_CUES`] as whole
/// words.
fn voices_criticism(lower: &str) -> bool {
    let word = |c: char| c.is_alphanumeric();
    CRITIC_CUES.iter().any(|cue| {
        let (stem, open) = match cue.strip_suffix('*') {
            Some(s) => (s, true),
            None => (*cue, false),
        };
        occurrences(lower, stem).any(|at| {
            let before = lower[..at].chars().next_back().is_none_or(|c| !word(c));
            let after = open
                || lower[at + stem.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !word(c));
            before && after
        })
    })
}

/// The most salient unused sentence containing one of `cues`.
fn best_with_cue(
    p: &prep::Prepared<'_>,
    sc: &rank::Scores,
    lower: &[String],
    used: &[usize],
    cues: &[&str],
) -> Option<usize> {
    let used: std::collections::HashSet<usize> = used.iter().copied().collect();
    (0..p.sents.len())
        .filter(|&i| p.sents[i].keep && !used.contains(&i))
        .filter(|&i| cues.iter().any(|c| lower[i].contains(c)))
        .max_by(|&a, &b| sc.salience[a].total_cmp(&sc.salience[b]))
}

/// The sentence that says why the story matters: the most salient unused sentence about
/// consequences or scale ("the first rise since March", "affects about 64,000 people").
/// A quotation is a speaker's view, not the stakes.
fn why_it_matters(
    p: &prep::Prepared<'_>,
    sc: &rank::Scores,
    lower: &[String],
    used: &[usize],
    leaning: &[bool],
) -> Option<usize> {
    // A speaker's line ("Today's decision is a measured step") is a view, not the stakes; a
    // sentence opening with a pronoun ("He said …") needs the one before it.
    let reported: Vec<usize> = used
        .iter()
        .copied()
        .chain((0..p.sents.len()).filter(|&i| is_quotation(p.sents[i].text) || leaning[i]))
        .collect();
    let cues: Vec<&str> = WHY_CUES.iter().chain(IMPACT_CUES).copied().collect();
    let plain = best_with_cue(p, sc, lower, &reported, &cues)?;
    let reported: std::collections::HashSet<usize> = reported.into_iter().collect();
    let strong = (0..p.sents.len())
        .filter(|&i| p.sents[i].keep && !reported.contains(&i))
        .filter(|&i| !p.sents[i].text.contains(['"', '\u{201c}', '\u{201d}']))
        .filter(|&i| speaks_of_stakes(&lower[i]))
        .max_by(|&a, &b| sc.salience[a].total_cmp(&sc.salience[b]));
    // The most salient cue sentence when it speaks of consequence or scale; else the most
    // salient sentence that does. A plan alone ("assessments would begin at first light") is not
    // why a story matters: better no answer than that one.
    if speaks_of_stakes(&lower[plain]) {
        return Some(plain);
    }
    strong
}

/// The byte offsets of `needle` in `hay`. `contains` runs first: its short-needle search is far
/// cheaper than building the searcher `match_indices` needs, and most sentences lack the needle
/// (this alone was 8 % of `summarize` on Multi-News).
fn occurrences<'a>(hay: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    hay.contains(needle)
        .then(|| hay.match_indices(needle).map(|(at, _)| at))
        .into_iter()
        .flatten()
}

/// Whether a lower-cased, space-padded sentence has a cue of [`WHY_STRONG`]. A superlative that
/// picks one of a set ("More than 40 aftershocks followed, the largest of magnitude 4.8") says
/// nothing of the story's scale, so it does not count; nor does "strongest", "deadliest" or
/// "worst" without a measure to compare by ("the strongest in the region since 1954", "the
/// deadliest on record", not "before the strongest shaking reached the town").
fn speaks_of_stakes(lower: &str) -> bool {
    const MEASURED: &[&str] = &[" strongest ", " deadliest ", " worst "];
    WHY_STRONG.iter().chain(IMPACT_CUES).any(|c| {
        occurrences(lower, c).any(|at| {
            let rest = &lower[at + c.len()..];
            let superlative = c.ends_with("est ") || *c == " worst ";
            if superlative && rest.starts_with("of ") {
                return false;
            }
            // "He leaves behind his wife and two sons": an obituary's survivors, not a stake.
            if (*c == " leaves " || *c == ", leaving ") && rest.starts_with("behind ") {
                return false;
            }
            !MEASURED.contains(c)
                || rest.split_whitespace().take(4).any(|w| {
                    matches!(
                        w.trim_matches(|ch: char| !ch.is_alphanumeric()),
                        "since" | "in" | "ever" | "recorded" | "record" | "for"
                    )
                })
        })
    })
}

/// Per sentence: whether it opens with a definite reference to something only the sentence before
/// it introduced, a side detail of one article ("A mobile vaccination van will visit six
/// villages …" then "The van, run by the regional health board, will carry 1,500 doses …"). Shown
/// alone it leaves the reader asking "which van?". A thing many articles name ("The earthquake
/// killed …") needs no introduction, so only a term no other article uses counts, and only in a
/// story of three articles or more.
fn side_references(p: &prep::Prepared<'_>) -> Vec<bool> {
    let mut out = vec![false; p.sents.len()];
    if p.usable_docs.len() < 3 {
        return out;
    }
    for (k, pair) in p.sents.windows(2).enumerate() {
        let (prev, s) = (&pair[0], &pair[1]);
        if prev.doc != s.doc || prev.idx + 1 != s.idx {
            continue;
        }
        let text = prep::strip_dateline(s.text);
        let Some(rest) = text.strip_prefix("The ") else {
            continue;
        };
        if !rest.starts_with(|c: char| c.is_lowercase()) {
            continue;
        }
        out[k + 1] = s
            .terms
            .first()
            .is_some_and(|&t| p.doc_freq.get(t as usize) == Some(&1) && prev.terms.contains(&t));
    }
    out
}

/// Whether a sentence opens by leaning on an earlier one, so that it does not stand alone: a
/// pronoun pointing back ("He said", "This is", "But they added"), a reply ("Not yet, said …",
/// "Yes, …") or an interview's answer label ("A: Sign the back of the ticket."); or speaks in
/// its writer's voice (`in_writers_voice`).
fn leans_back(text: &str) -> bool {
    leans_on_context(text) || in_writers_voice(text.trim_start())
}

/// [`leans_back`] without the writer's-voice test, which a caller asking per sentence runs once.
fn leans_on_context(text: &str) -> bool {
    let t = text.trim_start();
    // "But they added …": a pronoun after a conjunction points back just the same ("But the
    // board said …" only contrasts, and stands); so does a reply ("So yes, …").
    let after_conjunction = [
        "But ",
        "And ",
        "Yet ",
        "So ",
        "Still, ",
        "However, ",
        "Also, ",
    ]
    .iter()
    .find_map(|c| t.strip_prefix(c));
    let rest = after_conjunction.unwrap_or(t);
    let head: String = rest.chars().take(12).collect::<String>().to_lowercase();
    let reply = [
        "yes,",
        "no,",
        "not yet,",
        "not really,",
        "not quite,",
        "a:",
        "q:",
    ]
    .iter()
    .any(|r| head.starts_with(r));
    // "MARTIN: And she says …", "WATCH: How to make …": a transcript's turn or a link's label.
    // "Thus …", "As a result, …": a conclusion drawn from the sentence before.
    let concludes = [
        "Thus ",
        "Thus, ",
        "Therefore ",
        "Therefore, ",
        "Hence ",
        "Hence, ",
        "As a result, ",
        "Consequently, ",
        "In other words, ",
        "Instead, ",
    ]
    .iter()
    .any(|c| t.starts_with(c));
    // "Because it may be time we all moved to Sweden.", "Except seven of those ten children all
    // went to college.": a subordinate clause with no main clause of its own (no comma or dash
    // to end it) answers or qualifies the sentence before.
    let answers = ["Because ", "Though ", "Although ", "Except ", "Whereas "]
        .iter()
        .any(|c| t.starts_with(c))
        && !t.contains([',', ';', '\u{2014}', '\u{2013}']);
    if reply || concludes || answers || labelled_line(rest) {
        return true;
    }
    if split_tail(t) || connective_points_back(t) || names_what_was_said_before(t) {
        return true;
    }
    let first = rest.split_whitespace().next().unwrap_or("");
    // "It's", "She's", "They're": the pronoun before the contraction.
    let first = first
        .split(['\'', '\u{2019}'])
        .next()
        .unwrap_or(first)
        .trim_end_matches([',', ':']);
    let mut c = first.chars();
    let first: String = match c.next() {
        Some(f) if after_conjunction.is_some() => f.to_uppercase().chain(c).collect(),
        _ => first.to_string(),
    };
    // "This week", "That summer": a demonstrative before a time points at the calendar.
    let timed = matches!(first.as_str(), "This" | "That" | "These" | "Those")
        && rest.split_whitespace().nth(1).is_some_and(|w| {
            let raw = w.trim_matches(|c: char| !c.is_alphanumeric());
            let w = raw.to_lowercase();
            // "That May": the month; "That may sound like a lot": the verb.
            let month = storyline_core::text::month_number(&w).is_some()
                && (w != "may" || raw.starts_with('M'));
            month
                || matches!(
                    w.as_str(),
                    "week"
                        | "weekend"
                        | "month"
                        | "year"
                        | "morning"
                        | "afternoon"
                        | "evening"
                        | "season"
                        | "spring"
                        | "summer"
                        | "autumn"
                        | "fall"
                        | "winter"
                        | "time"
                )
        });
    if timed {
        // … unless a pronoun follows it ("This week it put the valley on the front pages").
        return rest.split_whitespace().nth(2).is_some_and(|w| {
            matches!(
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
                    .as_str(),
                "it" | "he" | "she" | "they" | "its" | "his" | "her" | "their"
            )
        });
    }
    matches!(
        first.as_str(),
        "He" | "She"
            | "They"
            | "It"
            | "This"
            | "These"
            | "That"
            | "Those"
            | "His"
            | "Her"
            | "Their"
            | "Its"
            | "Him"
            | "Them"
    ) || points_back_inside(rest)
}

/// Whether a sentence refers to something only the sentence before said, by a noun that stands
/// for it: "The Lakeside Water Board announced the figure on Thursday", "The Port Authority said
/// it welcomed the ruling." A noun the sentence defines ("the decision to raise rates", "the
/// figure of 12 percent") or uses as a modifier ("the ruling party") does not lean.
fn names_what_was_said_before(text: &str) -> bool {
    const STANDS_FOR: &[&str] = &[
        "figure",
        "figures",
        "ruling",
        "decision",
        "move",
        "announcement",
        "remarks",
        "comments",
        "findings",
        "incident",
    ];
    // What may follow such a noun when it is the whole reference: the sentence's end, a
    // preposition of time or place, a conjunction or a verb.
    const AFTER: &[&str] = &[
        "on", "in", "at", "and", "but", "as", "after", "last", "this", "with", "was", "is", "were",
        "are", "would", "will", "has", "had", "could", "came", "comes", "drew",
    ];
    // "The volunteers hope winter rain will change that.": a demonstrative ends it, pointing back;
    // so does an addition to what was said ("There is good news from the government too.").
    // "… is likely to be one of them.": the people or things the sentence before named.
    let mut tail = text.split_whitespace().rev();
    let last = tail.next().unwrap_or("");
    let before_last = tail.next().unwrap_or("");
    if matches!(last, "that." | "this." | "those." | "these." | "too.") && tail.next().is_some()
        || matches!(last, "them." | "those.") && before_last == "of"
    {
        return true;
    }
    // "the" with its noun, then what follows; most sentences have few "the"s to look behind.
    let mut words = text.split_whitespace().peekable();
    while let Some(the) = words.next() {
        if !the.eq_ignore_ascii_case("the") {
            continue;
        }
        let Some(&noun) = words.peek() else {
            return false;
        };
        let bare = noun.trim_end_matches(['.', ',', ';', ':', '!', '?', '"', '\u{201d}']);
        if !STANDS_FOR.contains(&bare) {
            continue;
        }
        words.next();
        // "the ruling." / "the ruling, …" end the reference; else the next word says.
        let ends = bare.len() < noun.len();
        let next_says = words.peek().is_some_and(|next| {
            AFTER.contains(
                &next
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
                    .as_str(),
            )
        });
        if ends || next_says {
            return true;
        }
    }
    false
}

/// Whether a sentence opening with a connective ("But …", "However, …") has a pronoun before any
/// name, outside quotation marks: "But two members of the committee voted against it" answers
/// the sentence before it. "But the Water Board said the restrictions would stay" stands once
/// shown without its "But", and so does "But Ms. Stinson later said she …".
fn connective_points_back(text: &str) -> bool {
    let Some(rest) = without_connective(text) else {
        return false;
    };
    let mut quoted = false;
    let mut before = "";
    for (k, raw) in rest.split_whitespace().enumerate() {
        let opens_quote = raw.starts_with(['"', '\u{201c}']);
        let w = raw.trim_matches(|c: char| !c.is_alphanumeric());
        let w = w.split(['\'', '\u{2019}']).next().unwrap_or(w);
        if !(quoted || opens_quote) {
            if k > 0 && w.chars().next().is_some_and(char::is_uppercase) && w != "I" {
                return false;
            }
            let lower = w.to_lowercase();
            // The subject of a reported clause is the sentence's own ("the board said it would
            // appeal", "a one-in-740 chance that it is a fluke").
            let reported = matches!(lower.as_str(), "it" | "he" | "she" | "they")
                && matches!(
                    before,
                    "that" | "said" | "says" | "if" | "whether" | "because" | "when"
                );
            if !reported
                && matches!(
                    lower.as_str(),
                    "it" | "its" | "he" | "him" | "his" | "she" | "her" | "they" | "them" | "their"
                )
            {
                return true;
            }
        }
        before = w;
        let marks = raw.matches(['"', '\u{201c}', '\u{201d}']).count();
        if marks % 2 == 1 {
            quoted = !quoted;
        }
    }
    false
}

/// Whether a sentence is the lower-case tail of one split before it ("improving
/// information-sharing between …"; not "iPhone sales rose …").
fn split_tail(text: &str) -> bool {
    let opening = text.split_whitespace().next().unwrap_or("");
    opening.chars().next().is_some_and(char::is_lowercase)
        && !opening.chars().skip(1).any(char::is_uppercase)
}

/// Whether a sentence opens with a label in capitals and a colon: a transcript's speaker
/// ("GEORGE STEPHANOPOULOS: …") or a link's kind ("WATCH: …", "BLOG: …"). An editor's
/// "UPDATE:" introduces a statement of its own.
fn labelled_line(text: &str) -> bool {
    let t = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    // A label is short: look only at the sentence's start.
    let head = match t.char_indices().nth(48) {
        Some((at, _)) => &t[..at],
        None => t,
    };
    let Some((label, _)) = head.split_once(": ") else {
        return false;
    };
    let words: Vec<&str> = label.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 3
        && words.iter().all(|w| {
            w.chars().any(char::is_alphabetic)
                && w.chars()
                    .all(|c| c.is_uppercase() || matches!(c, '.' | '-' | '\'' | '\u{2019}'))
        })
        && !matches!(label, "UPDATE" | "UPDATED")
}

/// Whether a sentence speaks in its writer's own voice: "I", "we" or "you" outside quotation
/// marks ("We hope these results will encourage you to …", "If you drive a Halvard Aster, …").
/// A digest cannot repeat a columnist's first person or an explainer's advice to its reader as
/// a fact of the story. A title's capitals ("How to Train Your Dragon") are no address.
fn in_writers_voice(text: &str) -> bool {
    let shown = shown_text(text);
    if tells_the_reader(&shown) {
        return true;
    }
    let voice = |l: &str| {
        matches!(
            l,
            "you"
                | "your"
                | "yours"
                | "yourself"
                | "yourselves"
                | "we"
                | "our"
                | "ours"
                | "ourselves"
                | "us"
                | "me"
                | "my"
                | "myself"
        )
    };
    // One word outside quotation marks: whether it opens the sentence, and the word before it.
    let speaks = |w: &str, opens: bool, prev: Option<(&str, bool)>| {
        let base = w.split(['\'', '\u{2019}']).next().unwrap_or(w);
        // Only the sentence's first word may be capitalised ("You can expect …", "We hope …"),
        // and not in full ("US airlines").
        let capitalised = base.chars().skip(1).all(char::is_lowercase);
        let addressed =
            voice(base) || opens && capitalised && base.len() <= 10 && voice(&base.to_lowercase());
        // "I", but not a numeral after a name ("World War I", "Phase I").
        let after_name = prev.is_some_and(|(p, p_opens)| {
            !p_opens && p.chars().next().is_some_and(char::is_uppercase)
        });
        addressed || base == "I" && !after_name
    };
    let mut quoted = false;
    let mut start: Option<usize> = None;
    let mut prev: Option<(&str, bool)> = None;
    let mut first = true;
    let bytes_end = shown.len();
    for (at, c) in shown
        .char_indices()
        .chain(std::iter::once((bytes_end, ' ')))
    {
        let in_word =
            at < bytes_end && (c.is_alphanumeric() || matches!(c, '\'' | '\u{2019}' | '-'));
        if in_word {
            start.get_or_insert(at);
            continue;
        }
        if let Some(b) = start.take() {
            let w = &shown[b..at];
            // Every voice word starts with one of these letters: most words need no closer look.
            let may_speak = matches!(
                w.as_bytes()[0],
                b'y' | b'Y' | b'w' | b'W' | b'o' | b'O' | b'u' | b'U' | b'I' | b'm' | b'M'
            );
            if !quoted && may_speak && speaks(w, first, prev) {
                return true;
            }
            prev = (!quoted).then_some((w, first));
            first = false;
        }
        match c {
            '"' => quoted = !quoted,
            '\u{201c}' => quoted = true,
            '\u{201d}' => quoted = false,
            _ => {}
        }
    }
    false
}

/// Whether a sentence tells its reader what to do ("Go to the Coursera website and create an
/// account", "Click on the Enroll button", "Call 911 if you see it"): a verb of a call to action
/// opening it, before its object or direction ("Visit Britain" is a name, "Share prices" a
/// noun's).
fn tells_the_reader(shown: &str) -> bool {
    const CALLS: &[&str] = &[
        "Go",
        "Click",
        "Visit",
        "Call",
        "Email",
        "Text",
        "Send",
        "Follow",
        "Search",
        "Enter",
        "Download",
        "Subscribe",
        "Join",
        "Donate",
        "Register",
        "Sign",
        "Tap",
        "Scroll",
        "Check",
        "Watch",
        "Listen",
        "Share",
        "Contact",
        "Submit",
    ];
    let mut words = shown.split_whitespace();
    let first = words.next().unwrap_or("");
    let next = words.next().unwrap_or("");
    // The call's object or direction, not a noun it qualifies ("Watch parties", "Share prices").
    CALLS.contains(&first)
        && (next.starts_with(|c: char| c.is_ascii_digit())
            || matches!(
                next,
                "the"
                    | "a"
                    | "an"
                    | "to"
                    | "on"
                    | "here"
                    | "our"
                    | "your"
                    | "this"
                    | "these"
                    | "out"
                    | "us"
                    | "up"
                    | "in"
                    | "for"
                    | "with"
            ))
}

/// Whether a sentence that does not open with a pronoun still leans on the one before: a
/// pronoun right after an opening preposition ("Among them is …", "For him it will be …"), after
/// a noun and its preposition ("Stories like hers are …", "One of his first acts …"), or opening
/// the main clause after a short introductory phrase that names no one ("On Sunday, he toured …",
/// "Shortly after his release, he published …"). A name in that phrase is the pronoun's
/// ("In Pope Francis' address to Congress, he praised …"), and so is a name after a possessive
/// ("Hours after her arrest, Jane Doe …"), so those stand.
fn points_back_inside(rest: &str) -> bool {
    const QUANTIFIERS: &[&str] = &[
        "none", "neither", "both", "each", "either", "several", "many", "most", "some", "others",
        "all", "few",
    ];
    const PREPOSITIONS: &[&str] = &[
        "like", "unlike", "of", "for", "to", "with", "among", "about", "from", "besides",
        "despite", "after", "before", "without",
    ];
    const OBJECTS: &[&str] = &["him", "hers", "them", "theirs", "it"];
    const POSSESSIVES: &[&str] = &["his", "her", "its", "their"];
    const SUBJECTS: &[&str] = &["he", "she", "they"];
    const SUBORDINATORS: &[&str] = &[
        "if", "when", "while", "because", "although", "though", "as", "once", "unless", "until",
        "since",
    ];
    // Time and degree words before a preposition introduce, they do not refer ("Hours after
    // her arrest, …", "Just like him, …" still leans but is rare).
    const LEADS: &[&str] = &[
        "hours", "days", "weeks", "months", "years", "decades", "minutes", "moments", "seconds",
        "shortly", "soon", "just", "long", "only", "even", "not",
    ];
    let is = |w: &str, list: &[&str]| list.iter().any(|x| x.eq_ignore_ascii_case(w));
    let mut raw = rest.split_whitespace();
    let raw: [&str; 4] = std::array::from_fn(|_| raw.next().unwrap_or(""));
    let w = raw.map(|x| x.trim_matches(|c: char| !c.is_alphanumeric()));
    // "On Monday it said …", "On Tuesday they voted …": a day without a comma, then a pronoun
    // subject (not the "it" of "On Monday it was announced that …").
    if w[0].eq_ignore_ascii_case("on") && dates::is_weekday(w[1]) && !raw[1].ends_with(',') {
        let it_acts = w[2].eq_ignore_ascii_case("it")
            && !AUXILIARIES.contains(&w[3].to_lowercase().as_str())
            && !matches!(
                w[3].to_lowercase().as_str(),
                "seems" | "seemed" | "appears" | "appeared"
            )
            && (is(w[3], CLAUSE_VERBS) || w[3].len() > 4 && w[3].ends_with("ed"));
        if is(w[2], SUBJECTS) || it_acts {
            return true;
        }
    }
    // What people think or say: "Others think …", "Many fear …".
    const OPINIONS: &[&str] = &[
        "think", "say", "believe", "argue", "fear", "worry", "feel", "want", "expect", "agree",
        "disagree", "warn", "doubt", "hope", "insist", "claim", "contend", "predict", "suggest",
    ];
    // "None announced …", "Both were diagnosed …", "Others think …": a quantifier standing for
    // people named before (not "Both banks said …", "Some of the residents …").
    if is(w[0], QUANTIFIERS)
        && (is(w[1], CLAUSE_VERBS)
            || is(w[1], OPINIONS)
            || w[1].len() > 4 && w[1].ends_with("ed")
            || w[1].ends_with("n't"))
    {
        return true;
    }
    // "Among them …", "For him …", "For her, …" (not "After her ratings bonanza, Betty White …").
    if is(w[0], PREPOSITIONS)
        && (is(w[1], OBJECTS) || w[1].eq_ignore_ascii_case("her") && raw[1].ends_with(','))
    {
        return true;
    }
    if !is(w[0], LEADS) && is(w[1], PREPOSITIONS) && (is(w[2], OBJECTS) || is(w[2], POSSESSIVES)) {
        return true;
    }
    // "If they are forced to pay …", "When she arrived they …"; not when a noun opens the main
    // clause the pronoun looks ahead to ("Although he has not been apprehended, the gunman …").
    if is(w[0], SUBORDINATORS) && is(w[1], SUBJECTS) {
        return rest.split_once(',').is_none_or(|(_, main)| {
            let next = main.split_whitespace().next().unwrap_or("");
            is(next, SUBJECTS) || next.starts_with(['"', '\u{201c}'])
        });
    }
    // "On Sunday, he …": a short phrase without a name, then the subject pronoun. The phrase
    // is at most eight words, so only the sentence's start is looked at.
    if rest.starts_with(['"', '\u{201c}']) {
        return false;
    }
    let head = match rest.char_indices().nth(120) {
        Some((at, _)) => &rest[..at],
        None => rest,
    };
    let Some((intro, main)) = head.split_once(',') else {
        return false;
    };
    if intro.split_whitespace().nth(8).is_some() {
        return false;
    }
    // A name, or anyone's possession ("In the couple's case, they …"), is the pronoun's.
    let names_someone = intro.split_whitespace().enumerate().any(|(k, x)| {
        let t = x.trim_matches(|c: char| !c.is_alphanumeric());
        let name = k > 0
            && t.chars().next().is_some_and(char::is_uppercase)
            && storyline_core::text::month_number(&t.to_lowercase()).is_none()
            && !dates::is_weekday(t);
        name || x.ends_with("'s") || x.ends_with("\u{2019}s")
    });
    let subject = main.split_whitespace().next().unwrap_or("");
    let subject = subject.split(['\'', '\u{2019}']).next().unwrap_or(subject);
    // "On Monday, its board approved …": after a phrase of time or place, a possessive opens the
    // subject the same way (not a speech tag: "The cause was a heart attack, his friend said").
    let adverbial = intro.split_whitespace().next().is_some_and(|w| {
        is(
            w,
            &[
                "on",
                "in",
                "at",
                "after",
                "before",
                "by",
                "during",
                "since",
                "last",
                "earlier",
                "later",
                "then",
                "now",
                "today",
                "yesterday",
                "until",
            ],
        )
    });
    !intro.trim().is_empty()
        && !names_someone
        && (is(subject, SUBJECTS) || adverbial && is(subject, POSSESSIVES))
}

/// Whether a sentence, as shown, opens with a quotation mark (a quotation continued from the
/// sentence before gets its mark back when shown).
fn is_quotation(text: &str) -> bool {
    shown_text(text).trim_start().starts_with(['"', '\u{201c}'])
}

/// How a sentence stands when shown apart from its article.
#[derive(Debug, Clone, Copy, Default)]
struct Standing {
    /// It can be shown on its own: it does not lean back (see [`leans_back`]) once shown, and a
    /// quotation names who said it ("…," said Dr. Kasia Brennan) rather than leaning on the
    /// sentence before ("…," she said; a bare quotation).
    alone: bool,
    /// It leans on the sentence before, as written ([`leans_back`]).
    leaning: bool,
}

/// A sentence's [`Standing`], with the writer's-voice test (the costly part) run once for both.
fn standing(text: &str) -> Standing {
    let voice = in_writers_voice(text);
    Standing {
        alone: !voice && stands_alone_in_context(text),
        leaning: voice || leans_on_context(text),
    }
}

/// Whether a sentence stands alone apart from its writer's voice (see [`Standing::alone`]).
fn stands_alone_in_context(text: &str) -> bool {
    // As shown: a quotation continued from the sentence before gets its opening mark back.
    let shown = shown_text(text);
    let t = shown.trim_start();
    // Debris of a page: a sentence opening with punctuation (", average spend …", where the
    // page's words were lost) or ending on a bracketed credit ("Jack The Cat is Lost in AA
    // Baggage at JFK [Facebook]", a link's caption).
    let credit = t
        .strip_suffix(']')
        .and_then(|r| r.rsplit_once('['))
        .is_some_and(|(_, inside)| {
            let words: Vec<&str> = inside.split_whitespace().collect();
            (1..=2).contains(&words.len())
                && words
                    .iter()
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        });
    if credit || t.starts_with([',', ';', ':', ')', '/', '.']) {
        return false;
    }
    // The connective shown text drops still says the sentence answers the one before.
    if leans_on_context(t) || connective_points_back(unbulleted(text)) {
        return false;
    }
    let Some(rest) = t.strip_prefix(['"', '\u{201c}']) else {
        return true;
    };
    // The words after the quotation's end must name its speaker.
    let close = match rest.rfind(['"', '\u{201d}']) {
        Some(c) => c,
        None => return false,
    };
    rest[close..]
        .split_whitespace()
        .any(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// Whether byte `at` of `s` lies inside a quotation ("…" or “…”).
fn inside_quote(s: &str, at: usize) -> bool {
    let before = &s[..at];
    let straight = before.matches('"').count();
    let open = before.matches('“').count();
    let close = before.matches('”').count();
    straight % 2 == 1 || open > close
}

/// The date a sentence's event happened on: its first date outside quotes that does not only start
/// a period the sentence looks back over ("since Monday"), date a thing the sentence names ("the
/// course record set in 2019", "Marty Balin, who co-founded the band in 1965, died …": a year in
/// a relative clause set off by commas; a day there may be the event, "The storm, which made
/// landfall on Sunday, …"), date a noun through a participle in the subject ("The charge
/// approved by the council on Tuesday will depend on …") or name a month's norm ("the November
/// average"); a later date
/// inside that one's period says the day ("Next year's race is scheduled for November 7, 2027").
fn event_date(docs: &[Doc], s: &prep::Sent<'_>) -> Option<dates::FoundDate> {
    let found: Vec<dates::FoundDate> =
        dates::find_dates(s.text, docs.get(s.doc).and_then(|x| x.published))
            .into_iter()
            .filter(|f| {
                !inside_quote(s.text, f.start)
                    && !after_since(s.text, f.start)
                    && !dates_a_thing(s.text, f.start)
                    && !dates_a_subject_participle(s.text, f.start, f.text.len())
                    && !dates_a_relative_clause(s.text, f.start)
                    && !dates_a_comparison(s.text, f.start)
                    && (f.iso.len() != 4 || !in_set_off_relative(s.text, f.start))
                    && (f.iso.len() != 7 || !month_norm(s.text, f))
            })
            .collect();
    let first = found.first()?;
    let within = |f: &dates::FoundDate| {
        let (Some((a, b)), Some((c, d))) = (dates::period(&first.iso), dates::period(&f.iso))
        else {
            return false;
        };
        a <= c && d <= b && (c, d) != (a, b)
    };
    found.iter().find(|f| within(f)).or(Some(first)).cloned()
}

/// Whether the date at byte `at` dates a thing the sentence names, through a participle after
/// its noun ("taking 74 seconds off the course record set in 2019", "fans at the stadium built
/// in 2012"), rather than the sentence's event ("the record was set in 2019", "The mill turned on
/// Saturday"): the noun phrase has its article and follows a preposition or a verb, so it is no
/// clause's subject.
fn dates_a_thing(s: &str, at: usize) -> bool {
    // Only a date after "in" or "on" can be a participle's ("built in 2012"): most dates are
    // settled before any word is copied.
    let prep_before = s
        .get(..at)
        .unwrap_or("")
        .split_whitespace()
        .next_back()
        .is_some_and(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            w.eq_ignore_ascii_case("in") || w.eq_ignore_ascii_case("on")
        });
    if !prep_before {
        return false;
    }
    let words: Vec<String> = s
        .get(..at)
        .unwrap_or("")
        .split_whitespace()
        .rev()
        .take(7)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    // words[0] is the preposition before the date, words[1] the participle.
    let (Some(prep), Some(participle)) = (words.first(), words.get(1)) else {
        return false;
    };
    // "a study published on Wednesday", "a report released on Monday": the publication is the
    // news itself, not a thing dated in passing.
    if matches!(
        participle.as_str(),
        "published" | "released" | "issued" | "unveiled"
    ) {
        return false;
    }
    let participle_like = participle.ends_with("ed")
        || matches!(
            participle.as_str(),
            "set" | "built" | "made" | "held" | "won" | "begun" | "founded" | "born"
        );
    if !matches!(prep.as_str(), "in" | "on") || !participle_like {
        return false;
    }
    // "The system, launched in 2023, uses …": a year in a participle set off by commas
    // describes the noun before it (a day there may still be the event: "The bill, passed on
    // Monday, …").
    let rest = s.get(at..).unwrap_or("");
    let year = rest
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .is_some_and(|y| y.len() == 4);
    let before_participle = s
        .get(..at)
        .unwrap_or("")
        .split_whitespace()
        .rev()
        .nth(2)
        .unwrap_or("");
    if year && before_participle.ends_with(',') && rest.get(4..).is_some_and(|r| r.starts_with(','))
    {
        return true;
    }
    const PREPS: &[&str] = &[
        "off", "of", "in", "at", "for", "with", "from", "to", "by", "on",
    ];
    // Back from the noun before the participle to its article, through at most three words.
    for k in 2..words.len().min(6) {
        let w = words[k].as_str();
        if matches!(w, "the" | "a" | "an" | "its" | "their" | "his" | "her") {
            return words.get(k + 1).is_some_and(|b| {
                PREPS.contains(&b.as_str()) || b.ends_with("ing") || b.ends_with("ed")
            });
        }
        if PREPS.contains(&w) || k >= 5 {
            return false;
        }
    }
    false
}

/// Whether a month names a norm rather than a time ("the November average", "its average level
/// for November").
fn month_norm(s: &str, f: &dates::FoundDate) -> bool {
    let after = s
        .get(f.start + f.text.len()..)
        .unwrap_or("")
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let before: Vec<String> = s
        .get(..f.start)
        .unwrap_or("")
        .split_whitespace()
        .rev()
        .take(4)
        .map(|w| w.to_lowercase())
        .collect();
    matches!(
        after.as_str(),
        "average" | "averages" | "norm" | "normal" | "record"
    ) || before.first().is_some_and(|w| w == "for")
        && before
            .iter()
            .any(|w| matches!(w.as_str(), "average" | "normal" | "typical" | "usual"))
}

/// Whether the date at byte `at` only starts a period the sentence looks back over ("gains since
/// Monday", "the first rise since March"): the sentence's own event is later.
fn after_since(s: &str, at: usize) -> bool {
    s[..at]
        .trim_end()
        .rsplit(char::is_whitespace)
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("since"))
}

/// Up to `n` words of `s` before byte `at`, the nearest first.
fn words_before(s: &str, at: usize, n: usize) -> Vec<&str> {
    s.get(..at)
        .unwrap_or("")
        .split_whitespace()
        .rev()
        .take(n)
        .collect()
}

/// Whether the date at byte `at` ends a relative clause on a noun: "The earthquake is unrelated
/// to the quake that struck the Tarrow Basin on November 8" dates the other quake, not what the
/// sentence reports. Not a reported statement ("said that the bank raised rates on Thursday") nor
/// a clause set off by a comma ("The storm, which made landfall on Sunday, …").
fn dates_a_relative_clause(s: &str, at: usize) -> bool {
    let words = words_before(s, at, 12);
    for (k, raw) in words.iter().enumerate() {
        if raw.ends_with([',', ';', ':']) || raw.contains(['"', '\u{201c}', '\u{201d}']) {
            return false;
        }
        if *raw != "that" {
            continue;
        }
        // The word after "that" opens a verb phrase ("that struck"), not a clause of its own
        // ("that the bank raised …", "that it had …").
        let next_ok = k > 0
            && words.get(k - 1).is_some_and(|n| {
                n.chars().all(|c| c.is_lowercase())
                    && !matches!(
                        *n,
                        "the"
                            | "a"
                            | "an"
                            | "he"
                            | "she"
                            | "it"
                            | "they"
                            | "we"
                            | "you"
                            | "his"
                            | "her"
                            | "its"
                            | "their"
                            | "this"
                            | "these"
                            | "those"
                            | "there"
                    )
            });
        // The word before names a thing, not a report ("said that", "learned that", "so that").
        let noun_before = words.get(k + 1).is_some_and(|b| {
            b.len() > 2
                && b.chars().all(|c| c.is_lowercase())
                && !b.ends_with("ed")
                && !matches!(
                    *b,
                    "said"
                        | "says"
                        | "say"
                        | "told"
                        | "tells"
                        | "so"
                        | "such"
                        | "now"
                        | "found"
                        | "shows"
                        | "show"
                        | "means"
                        | "mean"
                        | "think"
                        | "thinks"
                        | "believe"
                        | "believes"
                        | "know"
                        | "knows"
                        | "given"
                        | "ensure"
                        | "warn"
                        | "warns"
                        | "hope"
                        | "fact"
                        | "news"
                        | "than"
                )
        });
        return next_ok && noun_before;
    }
    false
}

/// Whether the date at byte `at` dates the figure a comparison starts from ("4,300 posts were
/// vacant this year, up from 2,900 in 2023", "compared with 12 in 2019"): the event is the
/// figure compared, not the baseline.
fn dates_a_comparison(s: &str, at: usize) -> bool {
    let words = words_before(s, at, 6);
    for (k, w) in words.iter().enumerate() {
        if w.ends_with([',', ';', ':']) && k > 0 {
            return false;
        }
        let word = w.trim_matches(|c: char| !c.is_alphanumeric());
        let is = |x: &str, y: &str| x.eq_ignore_ascii_case(y);
        let before = words.get(k + 1).copied().unwrap_or("");
        // The baseline is a figure: "up from 2,900 in 2023", not "stepped down from the bench
        // in 2009".
        let figure = k > 0 && words[k - 1].chars().any(|c| c.is_ascii_digit());
        let compared = is(word, "from") && (is(before, "up") || is(before, "down")) && figure
            || (is(word, "with") || is(word, "to")) && is(before, "compared") && figure
            || is(word, "than")
                && k <= 3
                && !words[..k]
                    .iter()
                    .any(|w| w.contains(|c: char| c.is_ascii_digit()));
        if compared {
            return true;
        }
    }
    false
}

/// Whether byte `at` of `s` lies in a relative clause set off by a comma and still open there
/// ("The Mariners, who beat Rovers on Saturday, …"; a comma inside a number, "41,000", closes
/// nothing).
fn in_set_off_relative(s: &str, at: usize) -> bool {
    let lower = s.get(..at).unwrap_or("").to_lowercase();
    [", who ", ", which ", ", whose ", ", where "]
        .iter()
        .filter_map(|m| lower.rfind(m))
        .max()
        .is_some_and(|k| {
            let clause = &lower.as_bytes()[k + 1..];
            !clause.iter().enumerate().any(|(j, &b)| {
                b == b','
                    && !(j > 0
                        && clause[j - 1].is_ascii_digit()
                        && clause.get(j + 1).is_some_and(u8::is_ascii_digit))
            })
        })
}

/// Whether the date at byte `at` sits in a clause beside what the sentence tells, so that the
/// sentence does not say when its own news happened: an opening "When …," or "Within four hours
/// of …," clause ("When the gallery reopened on Saturday, one of its rooms …"), a relative clause
/// set off by commas ("The Mariners, who beat Rovers on Saturday, are owned by …"), a participle
/// set off after the subject ("The renovation, celebrated at its reopening on Saturday, cost …"),
/// or a day that names a thing ("Sunday's marathon had a little of everything", "The slowdown
/// follows Tuesday's recall"), or a participle inside the subject ("the supermarket merger
/// announced on Monday is not an abstract question"). A "that" clause ("the quake that struck …
/// on November 8") is already no event date (see [`event_date`]). The date is `s[at..at + len]`.
fn dates_a_side_clause(s: &str, at: usize, len: usize) -> bool {
    let before = s.get(..at).unwrap_or("");
    let first = before
        .split_whitespace()
        .next()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .unwrap_or_default();
    let opening = matches!(
        first.as_str(),
        "when"
            | "after"
            | "within"
            | "before"
            | "as"
            | "since"
            | "until"
            | "while"
            | "once"
            | "if"
            | "although"
            | "though"
            | "because"
            | "unless"
    );
    if opening && !before.contains(',') {
        return true;
    }
    if in_set_off_relative(s, at) {
        return true;
    }
    // A participle set off by a comma after the subject and still open at the date ("The
    // renovation, celebrated at its reopening on Saturday, cost …"; not the verb after an
    // apposition: "The observatory, 40 kilometres north of town, announced on Wednesday …").
    let one_comma = before.matches(',').count() == 1;
    let open_participle = one_comma
        && before.rfind(", ").is_some_and(|k| {
            let aside = &before[k + 2..];
            !aside.contains(',')
                && aside.split_whitespace().next().is_some_and(|w| {
                    w.len() > 4 && w.ends_with("ed") && w.chars().all(|c| c.is_lowercase())
                })
        });
    if open_participle {
        return true;
    }
    if dates_a_subject_participle(s, at, len) {
        return true;
    }
    // "Sunday's", "Monday night's".
    let possessive_word = |w: &str| w.ends_with("'s") || w.ends_with("\u{2019}s");
    let mut after = s.get(at..).unwrap_or("").split_whitespace();
    let possessive = match (after.next(), after.next()) {
        (Some(day), _) if possessive_word(day) => true,
        (Some(day), Some(part)) if day.chars().all(char::is_alphanumeric) => {
            let part = part.to_lowercase();
            ["morning", "afternoon", "evening", "night"]
                .iter()
                .any(|p| part.strip_prefix(p).is_some_and(possessive_word))
        }
        _ => false,
    };
    possessive
}

/// Auxiliary and modal verbs: a finite verb's first word ("is", "will", "could").
const AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "has", "have", "had", "will", "would", "could", "can", "may",
    "might", "must", "should",
];

/// Whether the date `s[at..at + len]` sits in a participle inside the sentence's subject: a
/// participle before the date ("the merger announced on Monday", "the vote scheduled for
/// Tuesday", "the charge approved by Meridian City Council on Tuesday") and the subject's verb
/// right after it ("… is not an abstract question", "… will depend on 212 cameras"). The date is
/// then the noun's, not the news of the sentence.
fn dates_a_subject_participle(s: &str, at: usize, len: usize) -> bool {
    let before = s.get(..at).unwrap_or("");
    let mut back = before.split_whitespace().rev().peekable();
    // The preposition of the date, then an agent ("by Meridian City Council").
    back.next_if(|w| matches!(*w, "on" | "for" | "at" | "by" | "until" | "in"));
    let mut agent = 0;
    while back
        .peek()
        .is_some_and(|w| w.starts_with(char::is_uppercase) && !w.ends_with(','))
    {
        back.next();
        agent += 1;
    }
    if agent > 0 && back.next_if(|w| *w == "by").is_none() {
        return false;
    }
    let participle = back
        .next()
        .is_some_and(|w| w.len() > 4 && w.ends_with("ed") && w.chars().all(|c| c.is_lowercase()));
    let verb_after = s
        .get(at + len..)
        .unwrap_or("")
        .split_whitespace()
        .find(|w| !matches!(*w, "morning" | "afternoon" | "evening" | "night"))
        .is_some_and(|w| AUXILIARIES.contains(&w) || matches!(w, "remains" | "means"));
    participle && verb_after
}

/// Whether the date at byte `at` dates a statement ("said on Thursday") rather than an event.
fn dates_a_statement(s: &str, at: usize) -> bool {
    let before = s[..at].trim_end().to_lowercase();
    let before = before.strip_suffix(" on").unwrap_or(&before);
    [
        "said",
        "says",
        "told",
        "announced",
        "added",
        "wrote",
        "statement",
    ]
    .iter()
    .any(|v| before.ends_with(v))
}

/// Dated events, oldest first: the most salient sentences with a resolvable date outside quotes,
/// one event per date and per fact.
fn timeline(
    docs: &[Doc],
    p: &prep::Prepared<'_>,
    sc: &rank::Scores,
    event_dates: &[Option<dates::FoundDate>],
    alone: &[bool],
    lead: Option<usize>,
) -> Vec<TimelineEvent> {
    let mut events: Vec<(f32, usize, TimelineEvent)> = Vec::new();
    for (i, s) in p.sents.iter().enumerate() {
        if !s.keep || s.text.starts_with(['"', '“']) {
            continue;
        }
        // One event per sentence: its first date outside quotes (the one the sentence is about),
        // not the start of a period it looks back over ("since Monday").
        let Some(fd) = event_dates[i].as_ref() else {
            continue;
        };
        // An outlet's plans for its own coverage ("The Chronicle will follow the team's work this
        // week") are no event of the story; what it has learned may be.
        if an_outlet_about_itself(docs, s.text) && dates::is_future_at(s.text, fd.start) {
            continue;
        }
        // A date that only says when someone spoke counts for less than the date of an event.
        let mut w = if dates_a_statement(s.text, fd.start) {
            0.5
        } else {
            1.0
        };
        // An entry is read on its own: one leaning on the sentence before ("Its medical plan
        // …", "…," she said) tells its day only when no other sentence does.
        if !alone[i] {
            // Leaning on the sentence before and dated only relative to the report ("Stories
            // like hers are everywhere … this week"), it tells no event on its own.
            let relative = ["this ", "last ", "next "]
                .iter()
                .any(|r| fd.text.to_lowercase().starts_with(r));
            let one_day = dates::period(&fd.iso).is_some_and(|(a, b)| a == b);
            if relative && !one_day {
                continue;
            }
            w *= 0.5;
        }
        // A day is an event; a week, month or year is background.
        w *= match dates::period(&fd.iso) {
            Some((a, b)) if a == b => 1.0,
            Some((a, b)) if (b - a).num_days() < 7 => 0.8,
            _ => 0.7,
        };
        // The lead sentence tells its day before any other sentence of that day ("turned on
        // Saturday morning" before "the wheel turns only on Saturday mornings"), however its
        // salience compares.
        let score = if Some(i) == lead {
            f32::MAX
        } else {
            sc.salience[i] * w
        };
        // A leaning entry is shown after the sentence it leans on, when that one stands alone
        // ("Residents cut their water use by 14 percent in three days. The Water Board announced
        // the figure on Thursday …"): "the figure" alone tells nothing.
        // Not a sentence in its writer's voice, which no sentence before explains, nor after a
        // long one.
        let before = i
            .checked_sub(1)
            .filter(|&j| !alone[i] && alone[j] && p.sents[j].keep && p.sents[j].words <= 35)
            .filter(|&j| p.sents[j].doc == s.doc && p.sents[j].idx + 1 == s.idx)
            .filter(|_| leans_on_context(s.text));
        let mut text = shown_text(s.text).to_string();
        // The dated sentence is cited first: the entry's date is its.
        let mut citations = vec![cite(docs, s.doc, s.idx)];
        if let Some(j) = before {
            text = format!("{} {text}", shown_text(p.sents[j].text));
            citations.push(cite(docs, p.sents[j].doc, p.sents[j].idx));
        }
        events.push((
            score,
            i,
            TimelineEvent {
                date_iso: fd.iso.clone(),
                date_text: fd.text.clone(),
                text,
                citations,
            },
        ));
    }
    events.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut out: Vec<TimelineEvent> = Vec::new();
    let mut picked: Vec<usize> = Vec::new();
    for (_, i, e) in events {
        if out.len() >= 8 {
            break;
        }
        // One event per date (the most salient sentence tells it), one date per fact, and a
        // vaguer date ("next week") that covers a picked one only for a different fact.
        let period = dates::period(&e.date_iso);
        let dup = out.iter().zip(&picked).any(|(o, &j)| {
            let sim = rank::similarity(&p.sents[i], &p.sents[j], &sc.idf);
            let overlap = match (period, dates::period(&o.date_iso)) {
                (Some(a), Some(b)) => a.0 <= b.1 && b.0 <= a.1 && (a.0 != a.1 || b.0 != b.1),
                _ => false,
            };
            o.date_iso == e.date_iso || sim > 0.5 || overlap && sim > 0.15
        });
        if dup {
            continue;
        }
        picked.push(i);
        out.push(e);
    }
    out.sort_by_key(|e| timeline_key(&e.date_iso));
    out
}

/// Sort key of a resolved date: its first day, then the longer period first ("2026" before
/// "2026-01-01"), so events read oldest first.
fn timeline_key(iso: &str) -> (chrono::NaiveDate, std::cmp::Reverse<chrono::NaiveDate>) {
    let (a, b) = dates::period(iso).unwrap_or((chrono::NaiveDate::MAX, chrono::NaiveDate::MAX));
    (a, std::cmp::Reverse(b))
}

/// The story's figures, most salient sentence first, one per value and one per label: a second
/// value under the same label is an earlier estimate, another event's figure ("unrelated to the
/// magnitude 6.2 quake") or a different count the label cannot tell apart, and side by side they
/// would read as a contradiction.
fn figures(docs: &[Doc], p: &prep::Prepared<'_>, sc: &rank::Scores, stale: &[bool]) -> Vec<Figure> {
    let mut order: Vec<usize> = (0..p.sents.len()).filter(|&i| p.sents[i].keep).collect();
    // A figure is cited from a current sentence before one that later reports overtook or whose
    // figure they gave anew.
    order.sort_by(|&a, &b| {
        stale[a]
            .cmp(&stale[b])
            .then(sc.salience[b].total_cmp(&sc.salience[a]))
    });
    let mut out: Vec<Figure> = Vec::new();
    for i in order {
        let s = &p.sents[i];
        let text = prep::strip_dateline(s.text);
        // "the strongest since 1954, when a magnitude 6.5 earthquake killed 31 people": what
        // follows a past year's "when" is that year's figure, not the story's.
        let year = docs[s.doc].published.map(|t| chrono::Datelike::year(&t));
        let history_from = occurrences(text, ", when ")
            .find(|&at| {
                text[..at]
                    .rsplit(|c: char| !c.is_ascii_digit())
                    .next()
                    .and_then(dates::year_of)
                    .is_some_and(|y| year.is_none_or(|now| y < now))
            })
            .unwrap_or(text.len());
        for f in figures::find_figures(text) {
            if out.len() >= 8 {
                return out;
            }
            if text.find(&f.value).is_some_and(|at| at > history_from) {
                continue;
            }
            if out.iter().any(|o| {
                o.value == f.value || figures::label_key(&o.label) == figures::label_key(&f.label)
            }) {
                continue;
            }
            out.push(Figure {
                value: f.value,
                label: f.label,
                citations: vec![cite(docs, s.doc, s.idx)],
            });
        }
    }
    out
}

/// People and organisations, by how often and how prominently the story names them, with what
/// each is or does. A sentence that later reports overtook (`stale`) describes a player only
/// until a current one does.
fn players(docs: &[Doc], p: &prep::Prepared<'_>, sc: &rank::Scores, stale: &[bool]) -> Vec<Player> {
    struct Acc {
        player: Player,
        weight: f32,
        has_role: bool,
        /// The fallback clause comes from a sentence the player opens (it is the subject).
        subject: bool,
        /// Sentences that name the player other than as a person's affiliation there.
        own_mentions: usize,
        /// The sentences its weight counts.
        counted: Vec<usize>,
        /// A sentence says what kind of organisation it is.
        introduced: bool,
        /// Of `own_mentions`, those that only say where a report came from ("told CNN").
        attributions: usize,
        /// Sentences that name it by its short form only ("Benedetti said").
        short_mentions: usize,
    }
    let mut acc: Vec<Acc> = Vec::new();
    // Where each name's entry is in `acc`.
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let groups = entities::group_words(p.sents.iter().filter(|s| s.keep).map(|s| s.text));
    // Words the story writes in lower case: common nouns, whatever a sentence's start does to
    // them.
    let lower_words: std::collections::HashSet<&str> = p
        .sents
        .iter()
        .flat_map(|s| s.text.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .collect();
    for (i, s) in p.sents.iter().enumerate() {
        if !s.keep {
            continue;
        }
        let found = entities::find_names_with(prep::strip_dateline(s.text), &groups);
        if found.is_empty() {
            continue;
        }
        // "But the Lakeside Water Board said on Wednesday that …" opens with the player as much
        // as "The Lakeside Water Board said …" does.
        let shown = shown_text(prep::strip_dateline(s.text));
        // "Mateo Lindqvist-Ortiz, chief economist at Halberd Bank": the bank is named here only
        // as his affiliation.
        let affiliations: Vec<&str> = found
            .iter()
            .filter(|n| n.kind == "person")
            .filter_map(|n| n.role.as_deref())
            .collect();
        for mut n in found.iter().cloned() {
            // "Shares of Corvane Systems have fallen …": a plural common noun opening the
            // sentence before "of" is the player's parts or people, not its name ("Bank of
            // America" and "Department of Justice" keep theirs).
            if let Some((head, rest)) = n.name.split_once(" of ") {
                let common = !head.contains(' ')
                    && head.ends_with('s')
                    && !head.ends_with("ss")
                    && lower_words.contains(head.to_lowercase().as_str());
                if common && rest.starts_with(char::is_uppercase) {
                    n.name = rest.to_string();
                }
            }
            let own =
                n.kind == "person" || !affiliations.iter().any(|r| r.contains(n.name.as_str()));
            let attribution = own
                && n.kind != "person"
                && attributes_a_report(prep::strip_dateline(s.text), &n.name);
            // "Mark O'Mara" and "Mark O’Mara" are one player.
            let key = n.name.replace('\u{2019}', "'");
            let w = 1.0 + sc.salience[i];
            // A role that names the player itself is someone else's ("Mateo Lindqvist-Ortiz,
            // chief economist at Halberd Bank" is no role of Halberd Bank's).
            // Nor is the kind of organisation said of it where it is someone's affiliation ("an
            // analyst at the security firm Redoubt Labs").
            let role = n
                .role
                .clone()
                .filter(|r| !r.contains(n.name.as_str()) && (own || !n.introduced));
            let text = shown.as_ref();
            let opens = text
                .strip_prefix("The ")
                .unwrap_or(text)
                .starts_with(&n.name);
            match index.get(&key).map(|&k| &mut acc[k]) {
                Some(a) => {
                    a.attributions += usize::from(attribution);
                    // Sentences come in order: the list stays sorted.
                    if a.counted.last() != Some(&i) {
                        a.counted.push(i);
                    }
                    a.introduced |= n.introduced;
                    a.weight += w;
                    a.own_mentions += usize::from(own);
                    if !a.has_role && !stale[i] {
                        if let Some(r) = role {
                            a.player.role = r;
                            a.player.citations = vec![cite(docs, s.doc, s.idx)];
                            a.has_role = true;
                        } else if opens && !a.subject {
                            // What the player does says more than a clause it is mentioned in.
                            let does = what_it_does(
                                figures::clause_around(text, &n.name),
                                &n.name,
                                n.kind != "person",
                            );
                            if !does.is_empty() {
                                a.player.role = does;
                                a.player.citations = vec![cite(docs, s.doc, s.idx)];
                                a.subject = true;
                            }
                        }
                    }
                }
                None => {
                    index.insert(key, acc.len());
                    let has_role = role.is_some() && !stale[i];
                    // A sentence later reports overtook says what the player did then: its
                    // clause is no role (a role word such as "union president" still is).
                    let role = role.unwrap_or_else(|| {
                        if stale[i] {
                            return String::new();
                        }
                        let clause = figures::clause_around(text, &n.name);
                        // "which ran the gamut from national media like CNN": a relative clause
                        // about something else, naming the player in passing, says nothing of it.
                        let relative = ["which ", "who ", "whose ", "that "]
                            .iter()
                            .any(|r| clause.starts_with(r));
                        if relative {
                            String::new()
                        } else {
                            what_it_does(clause, &n.name, n.kind != "person")
                        }
                    });
                    // What it does, found here, stands until a role word turns up; found empty
                    // ("said on Wednesday"), a later sentence the player opens may tell it.
                    let subject = !has_role && opens && !stale[i] && !role.is_empty();
                    acc.push(Acc {
                        player: Player {
                            name: n.name,
                            kind: n.kind.to_string(),
                            role,
                            citations: vec![cite(docs, s.doc, s.idx)],
                        },
                        weight: w,
                        has_role,
                        subject,
                        own_mentions: usize::from(own),
                        counted: vec![i],
                        introduced: n.introduced,
                        attributions: usize::from(attribution),
                        short_mentions: 0,
                    });
                }
            }
        }
    }
    // Near-duplicate names: "Port Authority" is the "Port Calder Port Authority" of the same story
    // when exactly one longer name ends with it (or starts with it: "Corvane" / "Corvane Systems").
    // Only names sharing the first or the last word can match: those are the candidates.
    let mut by_end: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    for (j, a) in acc.iter().enumerate() {
        let name = a.player.name.as_str();
        let (first, last) = (
            name.split(' ').next().unwrap_or(name),
            name.rsplit(' ').next().unwrap_or(name),
        );
        by_end.entry(first).or_default().push(j);
        if last != first {
            by_end.entry(last).or_default().push(j);
        }
    }
    let mut alive = vec![true; acc.len()];
    let mut merges: Vec<(usize, usize)> = Vec::new();
    for k in 0..acc.len() {
        let short = acc[k].player.name.as_str();
        let (first, last) = (
            short.split(' ').next().unwrap_or(short),
            short.rsplit(' ').next().unwrap_or(short),
        );
        let mut longer: Vec<usize> = by_end
            .get(first)
            .into_iter()
            .chain(by_end.get(last))
            .flatten()
            .copied()
            .filter(|&j| j != k && alive[j] && names_match(short, &acc[j].player.name))
            .collect();
        longer.sort_unstable();
        longer.dedup();
        if let [j] = longer[..] {
            // The role and its citation stay the longer name's: its sentence names it.
            alive[k] = false;
            merges.push((k, j));
        }
    }
    for (k, j) in merges {
        let (w, own, attributions) = (acc[k].weight, acc[k].own_mentions, acc[k].attributions);
        acc[j].weight += w;
        acc[j].own_mentions += own;
        acc[j].attributions += attributions;
    }
    let mut alive = alive.into_iter();
    acc.retain(|_| alive.next().unwrap_or(false));
    // A player named again by its last word alone ("Benedetti said", "the Mariners had") is
    // named again: those mentions count toward its prominence when no other player ends in the
    // same word. Only a person's surname and a team's plural are such short forms: an
    // organisation's last word is often generic ("Council") or a place ("South Florida"). A
    // one-word organisation that some sentence introduces ("supermarket chains FreshWay and
    // Greenbasket") counts every sentence that names it, whether or not that one says what it is.
    let short_forms: Vec<(String, usize)> = acc
        .iter()
        .enumerate()
        .filter_map(|(k, a)| {
            let name = &a.player.name;
            let last = name.rsplit(' ').next()?;
            let short = a.player.kind == "person" || groups.iter().any(|g| g == last);
            // Only one a sentence introduces ("campaign group Avaaz"): acronyms are often outlets
            // and units ("told CNN", "16GB of RAM"), and a country "says it" as often as a
            // company does.
            let one_word = a.introduced
                && !name.contains(' ')
                && !name.chars().all(|c| c.is_ascii_uppercase());
            (last.chars().count() >= 3 && (name.contains(' ') && short || one_word))
                .then(|| (last.to_string(), k))
        })
        .collect();
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (w, _) in &short_forms {
        *counts.entry(w.as_str()).or_default() += 1;
    }
    let unique: std::collections::HashMap<&str, usize> = short_forms
        .iter()
        .filter(|(w, _)| counts.get(w.as_str()) == Some(&1))
        .map(|(w, k)| (w.as_str(), *k))
        .collect();
    if !unique.is_empty() {
        let mut hits: Vec<usize> = Vec::new();
        for (i, s) in p.sents.iter().enumerate() {
            if !s.keep {
                continue;
            }
            hits.clear();
            let mut prev_cap = false;
            for w in s.text.split_whitespace() {
                let cap = w.chars().next().is_some_and(char::is_uppercase);
                if cap && !prev_cap {
                    let w = w
                        .trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
                        .trim_end_matches("'s")
                        .trim_end_matches("\u{2019}s");
                    if let Some(&k) = unique.get(w) {
                        if !hits.contains(&k) {
                            hits.push(k);
                        }
                    }
                }
                prev_cap = cap;
            }
            for &k in &hits {
                let name = acc[k].player.name.as_str();
                let new = if name.contains(' ') {
                    !s.text.contains(name)
                } else {
                    acc[k].counted.binary_search(&i).is_err()
                };
                if new {
                    acc[k].weight += 1.0 + sc.salience[i];
                    acc[k].short_mentions += 1;
                }
            }
        }
    }
    // The outlets that carried the story report it; they are not players in it ("The Civic
    // Watchdog obtained minutes..."). A one-word name that the sources also write in lower case
    // is a common noun at the start of a sentence ("Gallery board minutes show...").
    let outlets: Vec<String> = docs
        .iter()
        .filter_map(|d| d.source.as_deref())
        .map(|s| {
            let s = s.trim().to_lowercase().replace(['-', '_'], " ");
            s.strip_prefix("the ").map(str::to_string).unwrap_or(s)
        })
        .collect();
    // An organisation named only as someone's affiliation, in every sentence that names it
    // ("Mateo Lindqvist-Ortiz, chief economist at Halberd Bank"), is not a player of its own.
    // A one-word organisation that is a person's surname is that person ("Obama chief
    // executive"? No: "Smith said" in a story about Jane Smith).
    let surnames: std::collections::HashSet<String> = acc
        .iter()
        .filter(|a| a.player.kind == "person")
        .filter_map(|a| a.player.name.rsplit(' ').next().map(str::to_string))
        .collect();
    let things = things_abbreviated(p);
    acc.retain(|a| {
        let surname = a.player.kind != "person"
            && !a.player.name.contains(' ')
            && surnames.contains(&a.player.name);
        if surname {
            return false;
        }
        let affiliation =
            a.player.kind != "person" && !a.has_role && !a.subject && a.own_mentions == 0;
        // A news organisation named only as where a report came from ("told CNN", "according
        // to the Associated Press") carried the story; it is not in it.
        let source = a.player.kind != "person"
            && a.own_mentions > 0
            && a.attributions == a.own_mentions
            && !a.introduced;
        let name = a.player.name.to_lowercase();
        let bare = name.strip_prefix("the ").unwrap_or(&name);
        let outlet = outlets.iter().any(|o| o == bare);
        let common_noun = !bare.contains(' ') && lower_words.contains(bare);
        let defined_thing = a.player.kind != "person" && things.contains(a.player.name.as_str());
        // "the Committee", "Trust me": an organisation word alone that named no longer name of
        // the story (those merged above).
        let generic = a.player.kind != "person" && entities::generic_org(&a.player.name);
        // Named once, in passing, with nothing to say of it ("Let Congress", "DWI", a speaker
        // quoted once): not a key player.
        let passing = a.player.role.is_empty() && a.counted.len() + a.short_mentions <= 1;
        !affiliation && !outlet && !common_noun && !source && !passing && !defined_thing && !generic
    });
    acc.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    // "Matchwinner Kwame Asante-Byrne, who joined …": a capitalised word opening the sentence is
    // no first name when the story prints the name without it elsewhere and never with it
    // mid-sentence. Only the leading players are looked at (each costs a pass over the text).
    let mut renamed = false;
    for a in acc
        .iter_mut()
        .take(12)
        .filter(|a| a.player.kind == "person")
    {
        if let Some(rest) = without_opener(p, &a.player.name) {
            a.player.name = rest;
            renamed = true;
        }
    }
    if renamed {
        // A renamed player may now share its name with another: one entry, the weights added
        // (the role stays the heavier one's).
        let mut k = 0;
        while k < acc.len().min(24) {
            if let Some(j) = (0..k).find(|&j| acc[j].player.name == acc[k].player.name) {
                let (w, own) = (acc[k].weight, acc[k].own_mentions);
                acc[j].weight += w;
                acc[j].own_mentions += own;
                acc.remove(k);
                continue;
            }
            k += 1;
        }
        acc.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    }
    acc.into_iter().take(8).map(|a| a.player).collect()
}

/// Abbreviations the story defines by a common noun ("traumatic brain injury (TBI)", "the
/// suprachiasmatic nucleus (SCN)"): things, not organisations ("the Transportation Security
/// Administration (TSA)" keeps its capitals).
fn things_abbreviated<'a>(p: &prep::Prepared<'a>) -> std::collections::HashSet<&'a str> {
    let mut out = std::collections::HashSet::new();
    for s in p.sents.iter().filter(|s| s.keep) {
        for (before, short) in prep::bracketed(s.text) {
            let acronym = (2..=6).contains(&short.len()) && entities::all_capitals(short);
            let before = before.split_whitespace().next_back().unwrap_or("");
            if acronym && before.chars().next().is_some_and(char::is_lowercase) {
                out.insert(short);
            }
        }
    }
    out
}

/// A three-or-more-word person's name without its first word, when that word only ever opens a
/// sentence before the rest of the name and the story also prints the rest alone
/// ("Matchwinner Kwame Asante-Byrne, who …" beside "Kwame Asante-Byrne scored …").
fn without_opener(p: &prep::Prepared<'_>, name: &str) -> Option<String> {
    let (first, rest) = name.split_once(' ')?;
    if !rest.contains(' ') {
        return None;
    }
    let (mut opens_only, mut without) = (true, false);
    for s in p.sents.iter().filter(|s| s.keep) {
        let text = prep::strip_dateline(s.text);
        for at in occurrences(text, rest) {
            let before = text[..at].trim_end();
            if before.ends_with(first) {
                opens_only &= before.len() == first.len();
            } else {
                without = true;
            }
        }
    }
    (opens_only && without).then(|| rest.to_string())
}

/// Whether a sentence is an outlet's plan for its own coverage: it opens with the outlet
/// ([`an_outlet_about_itself`]) and says what it will do ("The Lakeside Ledger will publish
/// updated clinic times as they become available").
fn outlet_plan(docs: &[Doc], sentence: &str) -> bool {
    an_outlet_about_itself(docs, sentence)
        && sentence
            .split_whitespace()
            .take(8)
            .any(|w| matches!(w, "will" | "plans" | "intends" | "aims" | "hopes" | "would"))
}

/// Whether a sentence is an outlet telling of its own coverage ("The Chronicle will follow the
/// team's work", "This newspaper will update…"): its subject is one of the story's outlets, by
/// full name or as "The" and the masthead's last word.
fn an_outlet_about_itself(docs: &[Doc], sentence: &str) -> bool {
    let t = prep::strip_dateline(sentence).trim_start();
    if [
        "This newspaper ",
        "This paper ",
        "This website ",
        "This site ",
    ]
    .iter()
    .any(|o| t.starts_with(o))
    {
        return true;
    }
    docs.iter().filter_map(|d| d.source.as_deref()).any(|src| {
        let src = src.trim();
        let bare = src.strip_prefix("The ").unwrap_or(src);
        let opens_with = |text: &str, name: &str| {
            text.strip_prefix(name)
                .is_some_and(|rest| rest.starts_with([' ', ',', '\'']))
        };
        let last = bare.rsplit(' ').next().unwrap_or(bare);
        // "Northgate Chronicle …", "The Meridian Post …", "The Lakeside Ledger …" (the feed's
        // name without its article), "The Chronicle …".
        let after_the = t.strip_prefix("The ").unwrap_or("");
        !bare.is_empty()
            && (opens_with(t, src)
                || opens_with(t, bare)
                || opens_with(after_the, bare)
                || opens_with(after_the, last))
    })
}

/// Whether `short` names the same player as the longer `long`: its words end or start `long`'s.
fn names_match(short: &str, long: &str) -> bool {
    // Whole words at either end, checked on the text first (most pairs fail here, cheaply).
    let at_end = long.len() > short.len()
        && (long.ends_with(short) && long[..long.len() - short.len()].ends_with(' ')
            || long.starts_with(short) && long[short.len()..].starts_with(' '));
    if !at_end {
        return false;
    }
    let s: Vec<&str> = short.split(' ').collect();
    let l: Vec<&str> = long.split(' ').collect();
    if s.len() >= l.len() {
        return false;
    }
    // The rest of the longer name must be name words, not "Shares of" or "and".
    let plain = |rest: &[&str]| {
        rest.iter()
            .all(|w| !matches!(*w, "of" | "for" | "and" | "the" | "de" | "on"))
    };
    l.ends_with(&s) && plain(&l[..l.len() - s.len()]) || l.starts_with(&s) && plain(&l[s.len()..])
}

/// Records `(outlet, sentence, similarity)` as a sentence's match in that outlet, keeping the
/// outlet's best.
fn note_match(list: &mut Vec<(usize, usize, f32)>, m: (usize, usize, f32)) {
    match list.iter_mut().find(|x| x.0 == m.0) {
        Some(x) if x.2 < m.2 => *x = m,
        Some(_) => {}
        None => list.push(m),
    }
}

/// Per outlet: tone and the claims only it makes; and the claims every outlet makes. A claim a
/// later report overtook (`outdated`: "the board has offered 3.5 percent" after the deal at 5.5)
/// is no longer what the outlets agree on, however many of them printed it.
fn perspectives(
    docs: &[Doc],
    p: &prep::Prepared<'_>,
    sc: &rank::Scores,
    alone: &[bool],
    outdated: &[bool],
) -> (Vec<Perspective>, Vec<Cited>) {
    // Outlets in order of first appearance; a doc without a source is its own outlet.
    let mut outlets: Vec<(String, Vec<usize>)> = Vec::new();
    for &d in &p.usable_docs {
        let name = docs[d].source.clone().unwrap_or_else(|| docs[d].id.clone());
        match outlets.iter_mut().find(|o| o.0 == name) {
            Some(o) => o.1.push(d),
            None => outlets.push((name, vec![d])),
        }
    }
    let mut doc_outlet: Vec<Option<usize>> = vec![None; docs.len()];
    for (o, (_, ds)) in outlets.iter().enumerate() {
        for &d in ds {
            doc_outlet[d] = Some(o);
        }
    }
    let outlet_of = |doc: usize| doc_outlet.get(doc).copied().flatten();
    // Per term: the one outlet using it, if only one does; wire text an outlet carries verbatim
    // (an echo) is its word too.
    const SEVERAL: usize = usize::MAX;
    let mut term_outlet: Vec<Option<usize>> = vec![None; p.vocab];
    for s in p.sents.iter().filter(|s| s.keep || s.echo_of.is_some()) {
        if let Some(o) = outlet_of(s.doc) {
            for &t in &s.terms {
                let slot = &mut term_outlet[t as usize];
                match *slot {
                    None => *slot = Some(o),
                    Some(x) if x != o => *slot = Some(SEVERAL),
                    Some(_) => {}
                }
            }
        }
    }
    let n_out = outlets.len();
    // Per kept sentence: its best match (idf cosine ≥ MATCH) in each other outlet, as
    // (outlet, sentence, similarity). A claim is shared when other outlets have such a match.
    const MATCH: f32 = 0.3;
    let mut matches: Vec<Vec<(usize, usize, f32)>> = vec![Vec::new(); p.sents.len()];
    if n_out > 1 {
        let kept: Vec<(usize, usize)> = (0..p.sents.len())
            .filter(|&i| p.sents[i].keep)
            .filter_map(|i| outlet_of(p.sents[i].doc).map(|o| (i, o)))
            .collect();
        let w = |t: u32| sc.idf.get(t as usize).copied().unwrap_or(0.0);
        let sets: Vec<(Vec<u32>, f32)> = kept
            .iter()
            .map(|&(i, _)| {
                let mut t = p.sents[i].terms.clone();
                t.sort_unstable();
                t.dedup();
                let n = t.iter().map(|&x| w(x) * w(x)).sum::<f32>().sqrt();
                (t, n)
            })
            .collect();
        // Only pairs that share a term can match: each sentence's dot products with the later
        // ones are summed through the sentences that use each of its terms (in term order, as a
        // merge of the two sorted sets would), not over every pair of sentences.
        let mut postings: Vec<Vec<usize>> = vec![Vec::new(); p.vocab];
        for (k, (terms, _)) in sets.iter().enumerate() {
            for &t in terms {
                if let Some(list) = postings.get_mut(t as usize) {
                    list.push(k);
                }
            }
        }
        let mut dots = vec![0f32; kept.len()];
        let mut seen = vec![false; kept.len()];
        let mut touched: Vec<usize> = Vec::new();
        for a in 0..kept.len() {
            if sets[a].1 <= 0.0 {
                continue;
            }
            for &t in &sets[a].0 {
                let list = postings.get(t as usize).map_or(&[][..], Vec::as_slice);
                let from = list.partition_point(|&b| b <= a);
                for &b in &list[from..] {
                    if !seen[b] {
                        seen[b] = true;
                        touched.push(b);
                    }
                    dots[b] += w(t) * w(t);
                }
            }
            touched.sort_unstable();
            for b in touched.drain(..) {
                seen[b] = false;
                let dot = std::mem::take(&mut dots[b]);
                let ((ia, oa), (ib, ob)) = (kept[a], kept[b]);
                if oa == ob || sets[b].1 <= 0.0 {
                    continue;
                }
                let sim = dot / (sets[a].1 * sets[b].1);
                if sim < MATCH {
                    continue;
                }
                for (i, o, j) in [(ia, ob, ib), (ib, oa, ia)] {
                    note_match(&mut matches[i], (o, j, sim));
                }
            }
        }
        // A sentence another outlet carries verbatim is that outlet's claim too.
        for (j, s) in p.sents.iter().enumerate() {
            let Some(f) = s.echo_of else { continue };
            if let (Some(oa), Some(ob)) = (outlet_of(p.sents[f].doc), outlet_of(s.doc)) {
                if oa != ob {
                    note_match(&mut matches[f], (ob, j, 1.0));
                }
            }
        }
    }
    // Share of a sentence's distinct terms that no other outlet uses.
    let own_share = |s: &prep::Sent<'_>| -> f32 {
        let mut t: Vec<u32> = s.terms.clone();
        t.sort_unstable();
        t.dedup();
        if t.is_empty() {
            return 0.0;
        }
        let hits = t
            .iter()
            .filter(|&&x| term_outlet[x as usize].is_some_and(|o| o != SEVERAL))
            .count();
        hits as f32 / t.len() as f32
    };
    let mut out = Vec::new();
    for (k, (name, ds)) in outlets.iter().enumerate() {
        let mut text = String::new();
        for &d in ds {
            if let Some(t) = &docs[d].title {
                text.push_str(t);
                text.push_str(".\n");
            }
            for s in p.sents.iter().filter(|s| s.doc == d && s.keep) {
                text.push_str(s.text);
                text.push('\n');
            }
        }
        let (tone, tone_words) = lexicon::tone(&text);
        let mut unique: Vec<(f32, usize)> = Vec::new();
        if n_out > 1 {
            for (i, s) in p.sents.iter().enumerate() {
                // A claim of its own: no other outlet reports it, and it uses words only this
                // outlet uses.
                // An outlet's word about its own coverage ("The Lakeside Ledger will publish
                // updated clinic times") is no claim about the story, nor is a question ("Was it
                // the presenters' fault?").
                if s.keep
                    && outlet_of(s.doc) == Some(k)
                    && matches[i].is_empty()
                    && alone[i]
                    && !asks(s.text)
                    && !outlet_plan(docs, s.text)
                {
                    let u = own_share(s);
                    if u >= 0.3 {
                        unique.push((u * (0.5 + sc.salience[i]), i));
                    }
                }
            }
        }
        unique.sort_by(|a, b| b.0.total_cmp(&a.0));
        // Two claims, at most one of them a quotation: an outlet's own reporting shows its angle
        // better than a second voice.
        let mut claims: Vec<usize> = Vec::new();
        for &(_, i) in &unique {
            let quote = |j: usize| is_quotation(p.sents[j].text);
            if claims.len() < 2 && !(quote(i) && claims.iter().any(|&j| quote(j))) {
                claims.push(i);
            }
        }
        out.push(Perspective {
            source: name.clone(),
            tone,
            tone_label: lexicon::tone_label(tone, tone_words).to_string(),
            unique_claims: claims
                .iter()
                .map(|&i| cited_sentence(docs, &p.sents[i]))
                .collect(),
            articles: ds.iter().map(|&d| docs[d].id.clone()).collect(),
        });
    }
    // Agreed: claims that at least half of the outlets (and two or more) report, the most widely
    // reported first; each cites its sentence and the matching sentences of up to two other
    // outlets.
    // When no claim reaches half of many outlets, the claims at least three outlets share.
    let mut agreed: Vec<(f32, usize)> = Vec::new();
    if n_out > 1 {
        let max_count = (0..p.sents.len())
            .filter(|&i| p.sents[i].keep)
            .map(|i| 1 + matches[i].len())
            .max()
            .unwrap_or(0);
        let need = if max_count * 2 >= n_out {
            n_out.div_ceil(2).max(2)
        } else {
            3
        };
        for (i, s) in p.sents.iter().enumerate() {
            let count = 1 + matches[i].len();
            // A question ("Could Obama have been Trayvon Martin 35 years ago?") reports nothing.
            if s.keep && count >= need && alone[i] && !outdated[i] && !asks(s.text) {
                agreed.push((count as f32 + sc.salience[i], i));
            }
        }
    }
    agreed.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut agreed_out: Vec<Cited> = Vec::new();
    let mut picked: Vec<usize> = Vec::new();
    for (_, i) in agreed {
        if agreed_out.len() >= 3 {
            break;
        }
        // One sentence per shared fact.
        if picked.iter().any(|&j| {
            j == i
                || matches[i].iter().any(|m| m.1 == j)
                || rank::similarity(&p.sents[i], &p.sents[j], &sc.idf) > 0.5
        }) {
            continue;
        }
        picked.push(i);
        let mut c = cited_sentence(docs, &p.sents[i]);
        let mut others = matches[i].clone();
        others.sort_by(|a, b| b.2.total_cmp(&a.2));
        for m in others.iter().take(2) {
            c.citations
                .push(cite(docs, p.sents[m.1].doc, p.sents[m.1].idx));
        }
        agreed_out.push(c);
    }
    (out, agreed_out)
}

/// Reader questions answered by source sentences. The questions are fixed templates without
/// names or numbers, so they need no citation of their own.
/// What the rest of the digest chose, for the FAQ to answer with.
struct Chosen<'a> {
    /// The lede first, then the most important sentences.
    top: &'a [usize],
    /// Why it matters.
    why: Option<usize>,
    /// Per sentence: overtaken by later reports.
    stale: &'a [bool],
    /// Per sentence: a reference to a side detail the sentence before introduced
    /// (`side_references`).
    side: &'a [bool],
    /// Per sentence: leans on the sentence before (`leans_back`).
    leaning: &'a [bool],
    /// Per sentence: its event date (`event_date`), for kept sentences.
    event_dates: &'a [Option<dates::FoundDate>],
}

fn faq(
    docs: &[Doc],
    p: &prep::Prepared<'_>,
    sc: &rank::Scores,
    lower: &[String],
    d: &Digest,
    chosen: &Chosen<'_>,
) -> Vec<FaqItem> {
    let Chosen {
        top,
        why,
        stale,
        side,
        leaning,
        event_dates,
    } = *chosen;
    let mut out: Vec<FaqItem> = Vec::new();
    let mut answered: Vec<String> = Vec::new();
    // Templated questions first; generic ones only to reach three.
    let mut add = |q: &str, text: &str, citations: Vec<Citation>| {
        let generic = q == "What else is known?";
        // A question answers none ("Four stories, five bedrooms, and six fireplaces? $9.65
        // million?"); the lead, whatever it is, still says what happened.
        let question = asks(text) && q != "What happened?";
        if out.len() >= 5
            || (generic && out.len() >= 3)
            || question
            || answered.iter().any(|a| a == text)
        {
            return;
        }
        answered.push(text.to_string());
        out.push(FaqItem {
            question: q.to_string(),
            answer: text.to_string(),
            citations,
        });
    };
    // The lead tells what happened, unless it asks ("… but what is Lost if not one big tribute
    // to its fans?"): then the first of the top sentences that tells.
    let told = top
        .iter()
        .copied()
        .find(|&i| !asks(p.sents[i].text))
        .or_else(|| top.first().copied());
    if let Some(i) = told {
        add(
            "What happened?",
            &shown_text(p.sents[i].text),
            vec![cite(docs, p.sents[i].doc, p.sents[i].idx)],
        );
    }
    // Who is involved: a reported sentence (not the lead, not a speaker's line, not one leaning
    // on the sentence before) that names two or more of the leading players, the more salient
    // on a tie; else the sentence the first such player's role comes from.
    let lead = top.first().copied();
    let leading: Vec<&str> = d
        .players
        .iter()
        .take(5)
        .map(|pl| pl.name.as_str())
        .collect();
    let lead_text = lead.map(|l| p.sents[l].text);
    // An answer: reported (not a quotation), not leaning on the sentence before, not the lead.
    let answerable = |i: usize| {
        let t = p.sents[i].text.trim_start();
        !is_quotation(t) && !leaning[i] && !side[i] && lead_text != Some(p.sents[i].text)
    };
    let several = (0..p.sents.len())
        .filter(|&i| p.sents[i].keep && Some(i) != lead && answerable(i))
        .filter_map(|i| {
            let named = leading
                .iter()
                .filter(|n| p.sents[i].text.contains(**n))
                .count();
            (named >= 2).then(|| (named as f32 + sc.salience[i], i))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, i)| i);
    let role_sentence = || {
        d.players.iter().find_map(|pl| {
            let c = pl.citations.first()?;
            (0..p.sents.len()).find(|&i| {
                let s = &p.sents[i];
                docs[s.doc].id == c.article && s.idx == c.sentence && answerable(i)
            })
        })
    };
    // Better than any one sentence: the leading players with their roles, when at least two
    // have a role that reads as one ("Lucia Farrant, Governor; Mateo Lindqvist-Ortiz, chief
    // economist at Halberd Bank; …").
    if let Some((text, citations)) = who_is_involved(&d.players) {
        add("Who is involved?", &text, citations);
    } else if let Some(i) = several.or_else(role_sentence) {
        add(
            "Who is involved?",
            &shown_text(p.sents[i].text),
            vec![cite(docs, p.sents[i].doc, p.sents[i].idx)],
        );
    }
    // The event itself. The timeline tells the lead's own day with the lead, which "What
    // happened?" already shows, so "when" is told by the most salient other sentence of that day
    // ("the ministry on Monday restricted vaccinations" for a lead that "the ministry said on
    // Monday"); else by the latest timeline entry dated on or before the newest report (a plan
    // for next summer is not when it happened).
    let newest = docs.iter().filter_map(|d| d.published).max();
    let lead_date = lead
        .and_then(|i| event_dates[i].as_ref())
        .map(|f| f.iso.clone());
    // A sentence whose date only says when someone spoke counts half, as in the timeline.
    let same_day = lead_date.as_ref().and_then(|iso| {
        (0..p.sents.len())
            .filter(|&i| Some(i) != lead && p.sents[i].keep && !leaning[i])
            .filter(|&i| !is_quotation(p.sents[i].text))
            .filter_map(|i| {
                let f = event_dates[i].as_ref().filter(|f| &f.iso == iso)?;
                if dates_a_side_clause(p.sents[i].text, f.start, f.text.len()) {
                    return None;
                }
                let w = if dates_a_statement(p.sents[i].text, f.start) {
                    0.5
                } else if dates::is_future_at(p.sents[i].text, f.start) {
                    // A preview of the day ("the council will vote on Tuesday") is not the
                    // event; it answers only when nothing else tells that day.
                    0.3
                } else {
                    1.0
                };
                Some((sc.salience[i] * w, i))
            })
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, i)| i)
    });
    if let Some(i) = same_day {
        add(
            "When did it happen?",
            &shown_text(p.sents[i].text),
            vec![cite(docs, p.sents[i].doc, p.sents[i].idx)],
        );
    } else if lead_date.is_none() {
        // Nor a preview of a day ("the observatory is opening its doors on Saturday").
        let latest = d.timeline.iter().rev().find(|e| {
            let preview = e
                .text
                .find(&e.date_text)
                .is_some_and(|at| dates::is_future_at(&e.text, at));
            if preview {
                return false;
            }
            let first_day = dates::period(&e.date_iso).map(|(a, _)| a);
            match (first_day, newest) {
                (Some(a), Some(n)) => a <= n.date_naive(),
                _ => false,
            }
        });
        if let Some(e) = latest {
            add("When did it happen?", &e.text, e.citations.clone());
        }
    }
    if let Some(i) = why {
        add(
            "Why does it matter?",
            &shown_text(p.sents[i].text),
            vec![cite(docs, p.sents[i].doc, p.sents[i].idx)],
        );
    }
    // What comes next is the reporters' statement of plans and dates, not a speaker's line ("A
    // real bank will never ask you for your PIN."), nor an announcement later reports overtook
    // ("the council will vote on Tuesday", after the vote). A plan dated after the newest report
    // ("The next rate decision is due on January 28") comes first; one dated before it is past.
    let after_newest = |i: usize| -> Option<bool> {
        let newest = newest?.date_naive();
        let f = event_dates[i].as_ref()?;
        dates::period(&f.iso).map(|(a, b)| if a > newest { true } else { b >= newest })
    };
    // An undated plan a report half a day or more later retells ("The Competition Authority will
    // decide whether to open a full investigation", then "… said on Thursday it would open an
    // in-depth investigation") has happened or been told anew: the later words say what comes
    // next, if anything does.
    // A decision pending ("… will decide whether to open a full investigation") is settled by a
    // later report that tells what was decided in most of the same words ("… would open an
    // in-depth investigation").
    // The dated sentences in time order, so that the later ones are a tail.
    let mut by_time: Vec<(chrono::DateTime<Utc>, usize)> = (0..p.sents.len())
        .filter_map(|j| docs[p.sents[j].doc].published.map(|t| (t, j)))
        .collect();
    by_time.sort_unstable();
    let retold_later = |i: usize| -> bool {
        let Some(when) = docs[p.sents[i].doc].published else {
            return false;
        };
        let from = by_time.partition_point(|&(t, _)| t < when + chrono::Duration::hours(12));
        // The stem ids of the words after "whether" (the same stems `prep` gave every word).
        let pending: Vec<u32> = lower[i]
            .split_once(" whether ")
            .map(|(_, what)| {
                storyline_core::text::words(what)
                    .iter()
                    .filter(|w| w.len() > 2 && !storyline_core::text::is_stopword(w))
                    .filter_map(|w| {
                        let st = prep::stem(w);
                        p.stems.iter().position(|x| *x == st).map(|k| k as u32)
                    })
                    .collect()
            })
            .unwrap_or_default();
        by_time[from..].iter().any(|&(_, j)| {
            if novelty_against(&sc.term_sets[i], &sc.term_sets[j].0, &sc.idf) < MIN_NOVELTY {
                return true;
            }
            pending.len() >= 2
                && pending
                    .iter()
                    .filter(|w| sc.term_sets[j].0.binary_search(w).is_ok())
                    .count()
                    * 3
                    >= pending.len() * 2
        })
    };
    let next = (0..p.sents.len())
        .filter(|&i| p.sents[i].keep && !stale[i] && !top.contains(&i))
        .filter(|&i| looks_ahead(&lower[i]))
        .filter(|&i| answerable(i))
        .filter(|&i| !is_quotation(p.sents[i].text))
        .filter(|&i| !an_outlet_about_itself(docs, p.sents[i].text))
        .filter(|&i| event_dates[i].is_some() || !retold_later(i))
        .filter_map(|i| {
            let w = match after_newest(i) {
                Some(true) => 1.5,
                Some(false) => return None,
                // An undated plan told in the past tense is what had been planned, maybe long
                // ago ("Repairs were scheduled for the next financial year", of sirens that then
                // failed): a dated plan or one in the present says more about what comes next.
                None if planned_before(&lower[i]) || argues_ahead(&lower[i]) => 0.5,
                None => 1.0,
            };
            Some((sc.salience[i] * w, i))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, i)| i);
    if let Some(i) = next {
        add(
            "What happens next?",
            &shown_text(p.sents[i].text),
            vec![cite(docs, p.sents[i].doc, p.sents[i].idx)],
        );
    }
    if let Some(f) = d.figures.first() {
        if let Some(c) = f.citations.first() {
            if let Some(s) = p
                .sents
                .iter()
                .find(|s| docs[s.doc].id == c.article && s.idx == c.sentence)
            {
                add(
                    "What are the numbers?",
                    &shown_text(s.text),
                    f.citations.clone(),
                );
            }
        }
    }
    // Answers stand alone: a sentence leaning on the one before ("She said …") is no answer.
    let used: Vec<usize> = top
        .iter()
        .copied()
        .chain((0..p.sents.len()).filter(|&i| leaning[i]))
        .collect();
    let used: std::collections::HashSet<usize> = used.into_iter().collect();
    let critics = (0..p.sents.len())
        .filter(|&i| p.sents[i].keep && !used.contains(&i))
        .filter(|&i| voices_criticism(&lower[i]))
        .max_by(|&a, &b| sc.salience[a].total_cmp(&sc.salience[b]));
    if let Some(i) = critics {
        add(
            "What do critics say?",
            &shown_text(p.sents[i].text),
            vec![cite(docs, p.sents[i].doc, p.sents[i].idx)],
        );
    }
    for &i in top.iter().skip(1) {
        add(
            "What else is known?",
            &shown_text(p.sents[i].text),
            vec![cite(docs, p.sents[i].doc, p.sents[i].idx)],
        );
    }
    out
}

/// A neutral headline of at most 14 words: the supported title (for an article without one, the
/// headline line its text opens with: [`opening_heading`]) of the most central article whose
/// title covers the story (see [`title_coverage`]), neutral in tone, else the lead sentence (or
/// its first clause) when short enough. See the crate docs for the title convention.
fn headline(docs: &[Doc], p: &prep::Prepared<'_>, sc: &rank::Scores, top: &[usize]) -> Cited {
    const MAX: usize = 14;
    // Doc centrality: the best salience among its sentences.
    let mut cands: Vec<(f32, usize, Option<Cited>)> = Vec::new();
    let coverage = title_coverage(p);
    for &d in &p.usable_docs {
        // An article without a title may open its text with its headline line.
        let (title, line) = match docs[d].title.as_deref() {
            Some(t) => (t, None),
            None => match opening_heading(p, d) {
                // A headline line is a source line: it cites itself.
                Some((i, text)) => (
                    text,
                    Some(Cited {
                        text: text.to_string(),
                        citations: vec![cite(docs, d, p.sents[i].idx)],
                    }),
                ),
                None => continue,
            },
        };
        let n = storyline_core::text::word_count(title);
        if n == 0 || n > MAX {
            continue;
        }
        let best = (0..p.sents.len())
            .filter(|&i| p.sents[i].doc == d)
            .map(|i| sc.salience[i])
            .fold(0f32, f32::max);
        let (tone, _) = lexicon::tone(title);
        // A headline other outlets carried word for word (a wire story) is the plain-news line;
        // a feature's or a first-person headline tells an angle.
        let copies = docs
            .iter()
            .filter(|x| x.duplicate_of.as_deref() == Some(docs[d].id.as_str()))
            .count()
            .min(2) as f32;
        let angle = if feature_headline(title) { 0.6 } else { 0.0 };
        // A central article whose title speaks for the whole story: the best salience, scaled by
        // how much of the story the title's words cover (a side story's title covers little).
        let central = best * (0.5 + coverage(title));
        cands.push((central - tone.abs() * 2.0 + 0.3 * copies - angle, d, line));
    }
    cands.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (_, d, line) in cands {
        if let Some(h) = line {
            return h;
        }
        if let Some(h) = cited_title(docs, p, d) {
            return h;
        }
    }
    // No title to use: a central sentence, whole when short, else its first clause (up to ", " /
    // "; " / " —", not the comma of "15,000"). Among the three most central, a clause that reads
    // as a headline comes first: not an opening phrase ("According to the lawsuit", "When the
    // doors opened"), not a subject waiting for its verb ("One of the attackers"), no unpaired
    // quotation mark. Failing that, the opening words of a central sentence (below): a cut
    // sentence says what happened, a stray clause ("According to a police report") does not.
    // (text, whether the cut ends a clause rather than a list or an aside).
    let candidate = |i: usize| -> Option<(String, bool)> {
        let shown = prep::strip_dateline(p.sents[i].text);
        if storyline_core::text::word_count(shown) <= MAX {
            return Some((shown.to_string(), true));
        }
        let (at, mark) = [", ", "; ", " —", " -"]
            .iter()
            .filter_map(|m| shown.find(m).map(|c| (c, *m)))
            .min()?;
        let cut = &shown[..at];
        let rest: Vec<&str> = shown[at + mark.len()..]
            .split_whitespace()
            .take(5)
            .collect();
        let cut_words: Vec<&str> = cut.split_whitespace().collect();
        // "passed a thorough, …": an adjective of a list; "asked the F.B.I. director, James
        // Comey, to …": a name set off between commas.
        let list = cut_words
            .len()
            .checked_sub(2)
            .is_some_and(|k| matches!(cut_words[k].to_lowercase().as_str(), "a" | "an" | "the"));
        let aside = rest
            .first()
            .is_some_and(|w| w.starts_with(char::is_uppercase))
            && rest.iter().skip(1).any(|w| w.ends_with(','));
        // "Opponents have predicted that the law, …": a that-clause the comma interrupts
        // before its verb.
        let open_that = cut_words
            .iter()
            .rposition(|w| w.eq_ignore_ascii_case("that"))
            .is_some_and(|k| {
                !cut_words[k + 1..].iter().any(|w| {
                    let w = w
                        .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
                        .to_lowercase();
                    is_clause_verb(&w)
                })
            });
        // "… three counts of sexual assault and —", "… stood up and said, …": a cut after a
        // joining word, or before the words someone said, ends nothing.
        let dangling = cut_words.last().is_some_and(|w| {
            matches!(
                w.to_lowercase().as_str(),
                "and"
                    | "or"
                    | "but"
                    | "of"
                    | "the"
                    | "a"
                    | "an"
                    | "to"
                    | "with"
                    | "for"
                    | "that"
                    | "said"
                    | "says"
                    | "added"
                    | "asked"
            )
        });
        let ends_clause = (mark != ", " || !list && !aside) && !open_that && !dangling;
        (4..=MAX)
            .contains(&storyline_core::text::word_count(cut))
            .then(|| (cut.to_string(), ends_clause))
    };
    let clean = |i: usize| {
        candidate(i)
            .filter(|(t, ends)| *ends && reads_as_headline(t))
            .map(|(t, _)| (i, t))
    };
    // The three most central first, then the next three when they are not quotations, before
    // any clause at all.
    // Not a quotation, a question or a line opened by a mark ("- The Lehigh County …").
    let plain = |i: usize| {
        let t = prep::strip_dateline(p.sents[i].text);
        !is_quotation(t) && !asks(t) && t.starts_with(char::is_alphanumeric)
    };
    let ledes = top
        .iter()
        .take(8)
        .filter(|&&i| p.sents[i].rank == 0 && plain(i))
        .filter_map(|&i| clean(i))
        .filter(|(_, t)| storyline_core::text::word_count(t) >= 5);
    let mut clean = ledes
        .chain(
            top.iter()
                .take(3)
                .filter(|&&i| plain(i))
                .filter_map(|&i| clean(i)),
        )
        .chain(
            top.iter()
                .skip(3)
                .filter(|&&i| !is_quotation(p.sents[i].text))
                .filter_map(|&i| clean(i))
                .filter(|(_, t)| storyline_core::text::word_count(t) >= 5),
        );
    if let Some((i, text)) = clean.next() {
        let s = &p.sents[i];
        return Cited {
            text: text.trim_end_matches(['.', ',']).to_string(),
            citations: vec![cite(docs, s.doc, s.idx)],
        };
    }
    // No clause reads as a headline: the first 14 words of a central sentence, marked as cut;
    // one that reads as a headline's start (not a quotation, not leaning on the sentence before,
    // not an opening phrase) first, an article's first sentence before others (a headline tells
    // what its lede tells), else the lead sentence.
    let opening = |i: usize| -> String {
        let words: Vec<&str> = prep::strip_dateline(p.sents[i].text)
            .split_whitespace()
            .take(MAX)
            .collect();
        words.join(" ")
    };
    let ledes_first = top
        .iter()
        .take(8)
        .filter(|&&i| p.sents[i].rank == 0)
        .chain(top.iter().take(8).filter(|&&i| p.sents[i].rank > 0));
    let pick = ledes_first
        .copied()
        .find(|&i| {
            let t = opening(i);
            !is_quotation(p.sents[i].text)
                && t.starts_with(char::is_alphanumeric)
                && reads_as_headline(&t.replace(['"', '\u{201c}', '\u{201d}'], ""))
        })
        .or(top.first().copied());
    match pick {
        Some(i) => {
            let s = &p.sents[i];
            Cited {
                text: format!("{}…", opening(i).trim_end_matches([',', '.', ';'])),
                citations: vec![cite(docs, s.doc, s.idx)],
            }
        }
        None => fallback_headline(docs),
    }
}

/// The headline line near the top of article `d`'s text (among its first three lines, since some
/// pages put it after the lede or a "Story highlights" line): a heading (no closing punctuation,
/// in a text written in sentences) that reads as a headline ("Oakland pair indicted on terrorism
/// charges for mink-freeing spree"), cut at its first comma when over 14 words ("A parking lot in
/// Scotland was once the site of a Viking parliament, new research suggests"); not a page's stamp,
/// widget line or caption ("Published on Sep 8, 2015", "Associated Press Tue Feb 19, 2013 7:44
/// PM", "… (Image: UpperCut Images/Getty)"). Returns the sentence and the text to show.
fn opening_heading<'a>(p: &prep::Prepared<'a>, d: usize) -> Option<(usize, &'a str)> {
    const WIDGETS: &[&str] = &[
        "published",
        "updated",
        "posted",
        "story highlights",
        "click",
        "close",
        "media",
        "watch",
        "photo",
        "image",
        "sign in",
        "related",
        "more:",
        "must watch",
        "advertisement",
        "video",
        "by ",
        "here are",
        "here's",
    ];
    let words = storyline_core::text::word_count;
    let clock = |t: &str| {
        t.as_bytes().windows(4).any(|w| {
            w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit() && w[3].is_ascii_digit()
        })
    };
    // Not the text's last line: one there is cut off ("The San Diego Zoo Safari Park is
    // absolutely").
    let last = p.sents.iter().rposition(|s| s.doc == d)?;
    p.sents
        .iter()
        .enumerate()
        .filter(|(_, s)| s.doc == d)
        .take(3)
        .filter(|&(i, s)| s.heading && i < last)
        .find_map(|(i, s)| {
            let full = s.text.trim();
            let text = if words(full) > 14 {
                full.split_once(", ").map(|(head, _)| head)?
            } else {
                full
            };
            let lower = text.to_lowercase();
            let fits = (5..=14).contains(&words(text));
            // A line opened by a mark ("/ Updated By …", "► Update: …", "(May 4, 2015) …") or
            // run into a wire's dateline ("SAN FRANCISCO--(BUSINESS WIRE)--…") is page furniture.
            let opens_in_words = text.starts_with(|c: char| {
                c.is_alphanumeric() || matches!(c, '"' | '\'' | '\u{201c}' | '\u{2018}')
            });
            (fits
                && opens_in_words
                && !text.contains("--")
                && !WIDGETS.iter().any(|w| lower.starts_with(w))
                && !full.ends_with([':', ')'])
                && !text.ends_with([':', ')'])
                && !clock(text)
                && !prep::is_boilerplate_sentence(text)
                && reads_as_headline(text))
            .then_some((i, text))
        })
}

/// Whether a clause reads as a headline: not an opening phrase ("According to the lawsuit"), not
/// a subject waiting for its verb ("One of the attackers"), not leaning on the sentence before
/// ("It was the third fire"), with its quotation marks paired.
fn reads_as_headline(t: &str) -> bool {
    let words: Vec<String> = t
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}')
                .to_lowercase()
                .replace('\u{2019}', "'")
        })
        .collect();
    let opener = words
        .first()
        .is_some_and(|w| HEADLINE_OPENERS.contains(&w.as_str()));
    let verb = words.iter().any(|w| is_clause_verb(w));
    let quotes = t.matches('\u{201C}').count() == t.matches('\u{201D}').count()
        && t.matches('"').count().is_multiple_of(2)
        && t.matches('(').count() == t.matches(')').count();
    !opener && verb && quotes && !leans_back(t)
}

/// Whether a lower-cased word (trimmed of punctuation) can be a clause's verb: one of
/// [`CLAUSE_VERBS`], an "-ed" form or a negated auxiliary.
fn is_clause_verb(w: &str) -> bool {
    CLAUSE_VERBS.contains(&w)
        || w.len() > 4 && w.ends_with("ed") && w != "need"
        || w.ends_with("n't")
}

/// Words that open an introductory phrase or a clause that cannot stand alone ("According to the
/// lawsuit, …", "When the doors opened, …", "And the problem is …").
const HEADLINE_OPENERS: &[&str] = &[
    "according",
    "when",
    "after",
    "as",
    "in",
    "on",
    "at",
    "following",
    "before",
    "while",
    "if",
    "although",
    "though",
    "since",
    "despite",
    "with",
    "during",
    "because",
    "for",
    "by",
    "under",
    "amid",
    "once",
    "until",
    "unlike",
    "like",
    "and",
    "but",
    "or",
    "so",
    "updated",
    "image",
    "photo",
    "published",
    "written",
    "still",
    "yet",
    "also",
    "however",
    "meanwhile",
    "instead",
    "second",
    "third",
    "finally",
];

/// Words a clause needs one of to say something ("One of the attackers" has none), besides "-ed"
/// forms.
const CLAUSE_VERBS: &[&str] = &[
    "is", "are", "was", "were", "has", "have", "had", "will", "would", "could", "can", "may",
    "might", "must", "should", "said", "says", "told", "won", "lost", "made", "took", "gave",
    "found", "became", "came", "went", "got", "left", "began", "fell", "rose", "hit", "struck",
    "sold", "paid", "led", "held", "brought", "thought", "met", "ran", "saw", "sent", "spent",
    "kept", "set", "cut", "put", "wrote", "stole", "shot", "fled", "wins", "gets", "makes",
    "takes", "faces", "plans", "wants", "needs", "calls", "asks", "tells", "shows",
];

/// How well a title represents the whole story: the mean, over its distinctive words, of the
/// share of the story's articles (copies and boilerplate left out) whose text uses the word. The
/// wire report of the event scores high; a side story ("fishermen send boats to the quake-hit
/// town") names things few other articles mention.
fn title_coverage<'a>(p: &'a prep::Prepared<'_>) -> impl Fn(&str) -> f32 + 'a {
    let ids: std::collections::HashMap<&str, usize> = p
        .stems
        .iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), i))
        .collect();
    let n = p.usable_docs.len().max(1) as f32;
    move |title: &str| {
        let words = storyline_core::text::title_terms([title]);
        if words.is_empty() {
            return 0.0;
        }
        let sum: f32 = words
            .iter()
            .map(|w| {
                ids.get(prep::stem(w).as_str())
                    .map_or(0.0, |&i| p.doc_freq[i] as f32 / n)
            })
            .sum();
        sum / words.len() as f32
    }
}

/// Article `d`'s title as a headline, citing the sentences that support every name and number in
/// it: the lede sentences (first three of the text) when they do, else the article's sentences that
/// carry what the title still lacks, in reading order (at most three); `None` when unsupported.
fn cited_title(docs: &[Doc], p: &prep::Prepared<'_>, d: usize) -> Option<Cited> {
    let title = docs[d].title.as_deref()?;
    // Every name checked first; failing that, a capitalised first word that the story's texts use
    // as an ordinary lower-case word ("Astronomers detect water vapour …") needs no support, as in
    // the checker ([`check::lower_case_words`]).
    supported_title(docs, p, d, title, &std::collections::HashSet::new()).or_else(|| {
        let ordinary = check::lower_case_words(p.sents.iter().map(|s| s.text));
        supported_title(docs, p, d, title, &ordinary)
    })
}

/// `title` of article `d` with the citations that support it, ignoring the first word when it is
/// in `ordinary` (see [`cited_title`]).
fn supported_title(
    docs: &[Doc],
    p: &prep::Prepared<'_>,
    d: usize,
    title: &str,
    ordinary: &std::collections::HashSet<String>,
) -> Option<Cited> {
    let missing = |support: &str| check::unsupported_except(&[title], support, ordinary).len();
    let lede: Vec<&str> = p
        .sents
        .iter()
        .filter(|s| s.doc == d && s.idx < 3)
        .map(|s| s.text)
        .collect();
    let mut support = String::new();
    for (k, s) in lede.iter().enumerate() {
        support.push_str(s);
        support.push('\n');
        if missing(&support) == 0 {
            return Some(Cited {
                text: title.trim().to_string(),
                citations: (0..=k).map(|j| cite(docs, d, j)).collect(),
            });
        }
    }
    let mut support = String::new();
    let mut cites = Vec::new();
    let mut left = missing(&support);
    for s in p.sents.iter().filter(|s| s.doc == d) {
        if left == 0 || cites.len() == 3 {
            break;
        }
        let with = format!("{support}{}\n", s.text);
        let now = missing(&with);
        if now < left {
            support = with;
            left = now;
            cites.push(cite(docs, d, s.idx));
        }
    }
    (left == 0 && !cites.is_empty()).then(|| Cited {
        text: title.trim().to_string(),
        citations: cites,
    })
}

/// The title of the article with a developing story's latest news as the story's headline, when it
/// is a plain news headline (at most 14 words, no feature opener, neutral) that still names the
/// story's subject (at least three content words in common with the headline it replaces: "Harwick
/// teachers reach deal after strike" for "Harwick teachers begin strike", not an aftermath or
/// side story such as "Opponents seek a referendum on the charge") and its names and numbers are
/// supported by the article. An empty `current` skips the words-in-common test (the latest news
/// retells the overtaken lede's event).
fn latest_headline(docs: &[Doc], p: &prep::Prepared<'_>, d: usize, current: &str) -> Option<Cited> {
    let title = docs[d].title.as_deref()?;
    let n = storyline_core::text::word_count(title);
    if n == 0 || n > 14 || feature_headline(title) || lexicon::tone(title).0.abs() >= 0.2 {
        return None;
    }
    let terms = storyline_core::text::title_terms;
    if !current.is_empty() && terms([title]).intersection(&terms([current])).count() < 3 {
        return None;
    }
    cited_title(docs, p, d)
}

/// A clause the player opens, told without its name: "The National Reserve Bank raised its
/// rate on Thursday" is the bank's "raised its rate on Thursday". An organisation's people or
/// parts opening it are its own: "Members of the Port Calder Fishermen's Cooperative loaded two
/// trawlers" is "its members loaded two trawlers". A short clause that goes on with something of
/// the name's ("The bank's decision …") or a noun phrase naming it ("a grant from the Rural
/// Heritage Fund") stays whole; anything else that names it in passing (a sentence of its own, a
/// piece of one, a quotation) is no role, and neither is only that it spoke ("told ABC News").
fn what_it_does(clause: String, name: &str, org: bool) -> String {
    let t = clause.trim_start();
    let rest = t.strip_prefix("The ").unwrap_or(t).strip_prefix(name);
    // Not a name that modifies the next word ("New Orleans Police Department spokesman Tyler
    // Gamble said …") nor one of a pair ("The Free Syrian Army and the Syrian Liberation Army"),
    // and the verb comes first ("on Monday approved …" reads as a fragment).
    let verb_next = |r: &str| {
        let first = r.split_whitespace().next().unwrap_or("");
        r.starts_with(char::is_lowercase)
            && r.split_whitespace().nth(1).is_some()
            && !matches!(
                first,
                "and"
                    | "or"
                    | "nor"
                    | "on"
                    | "in"
                    | "at"
                    | "for"
                    | "by"
                    | "with"
                    | "after"
                    | "of"
                    | "the"
                    | "a"
                    | "an"
                    | "his"
                    | "her"
                    | "its"
                    | "their"
            )
            && !entities::is_job_noun(first.trim_end_matches(','))
            && !(org && names_a_post(r))
    };
    // "Members of the …", "Shares in …": one or two words, then "of"/"in" and the name.
    let partitive = || {
        let (head, after) = [" of the ", " of ", " in "]
            .iter()
            .filter_map(|sep| t.split_once(sep))
            .find(|(_, after)| after.starts_with(name))?;
        // Its people or parts, plural ("Members", "Senior officials"): not one person's post
        // ("chairman of the …", "an official of the …").
        let words: Vec<&str> = head.split_whitespace().collect();
        let plain = |w: &&str| w.chars().all(char::is_alphabetic);
        if !(1..=2).contains(&words.len())
            || !words.iter().all(plain)
            || !words
                .last()
                .is_some_and(|w| w.ends_with('s') && !w.ends_with("ss"))
            || matches!(
                words[0].to_lowercase().as_str(),
                "a" | "an" | "the" | "this" | "that"
            )
        {
            return None;
        }
        let r = after[name.len()..].strip_prefix(' ')?;
        verb_next(r).then(|| format!("its {} {r}", head.to_lowercase()))
    };
    // "The Greyfell Observatory, 40 kilometres north of town, announced …": past an aside set
    // off by commas, the verb is still the player's.
    let past_aside = rest.and_then(|r| r.strip_prefix(", ")).and_then(|r| {
        let (aside, after) = r.split_once(", ")?;
        (aside.split_whitespace().count() <= 8 && !aside.contains(['"', '\u{201c}']))
            .then_some(after)
    });
    // A time told before the verb ("Meridian City Council on Tuesday approved …") is no part of
    // what the player does.
    let does = [rest.and_then(|r| r.strip_prefix(' ')), past_aside]
        .into_iter()
        .flatten()
        .find_map(|r| [r, skip_time(r)].into_iter().find(|r| verb_next(r)));
    if let Some(r) = does {
        if only_says(r) || names_what_was_said_before(r) {
            // "told ABC News", "said on Wednesday": that it spoke, not what it is or does; nor
            // does "announced the figure on Thursday" say anything without the sentence before.
            String::new()
        } else {
            r.to_string()
        }
    } else if rest.is_some_and(|r| r.trim().is_empty() || contracted(r)) {
        // "The ACA's no help even in the blue states": "is" contracted speaks in the writer's
        // words, no role ("The National Reserve Bank's decision" is the bank's, below).
        // The name alone ("The Northgate Regional Education Board," cut at its comma) says
        // nothing of the player.
        String::new()
    } else if clause.trim_start().starts_with(['"', '\u{201c}']) {
        // A quotation its speaker is named after ("\"For the first time I will feel safe,\" said
        // Ana Sorensen") tells what was said, not who says it.
        String::new()
    } else if rest.is_none() && fragment(t) {
        // A piece of a sentence whose subject is outside it, naming the player in passing
        // ("has raised $18 million in a Series A round led by Tidewater Ventures", "brought in the
        // Meridian High Court on behalf of workers"), tells what someone else did: no role of
        // the player's.
        String::new()
    } else if let Some(its) = org.then(partitive).flatten() {
        its
    } else if storyline_core::text::word_count(&clause) > ROLE_CLAUSE_WORDS
        || clause.contains(['"', '\u{201c}', '\u{201d}'])
        || rest.is_none() && clause.starts_with(char::is_uppercase)
    {
        // A whole sentence that names the player ("US airlines have raised concerns that the
        // subsidies that Qatar Airways, Etihad Airways, and Emirates receive …") is context, not
        // a role, short or long ("Demoski said Jeff King was his favorite musher"); nor is a
        // piece of a quotation, its speaker's or one the player is named in ("I didn't think
        // too much of it,\" Chett Bell said", "Fatima Johnson, may u Rest In Peace,\" he wrote").
        String::new()
    } else if org && holds_post_at(&clause, name) {
        // "the communications director for BOLI": the post of the person this names, not the
        // organisation's role.
        String::new()
    } else if !org
        && rest.is_none()
        && clause
            .trim_end_matches(|c: char| !c.is_alphanumeric())
            .strip_suffix(name)
            .is_some_and(|before| {
                // "a veteran doctor whom sources identified as Lee Silverman" is his.
                !matches!(
                    before.split_whitespace().next_back(),
                    Some("as" | "named" | "called")
                )
            })
    {
        // "the younger brother of filmmaker Ridley Scott", "the wife of Lakers star husband
        // Lamar Odom": a phrase a person's name completes is about someone else ("a grant from
        // the Rural Heritage Fund" still tells what a fund does).
        String::new()
    } else if !org && rest.is_some() {
        // "Jake Gyllenhaal, who knew you were so cruel?": a person's name opening words that
        // tell nothing it does is no role either.
        String::new()
    } else {
        clause
    }
}

/// Whether what follows a name is "is" or "has" contracted ("'s no help", "'s been").
fn contracted(rest: &str) -> bool {
    let Some(after) = rest
        .strip_prefix("'s ")
        .or_else(|| rest.strip_prefix("\u{2019}s "))
    else {
        return false;
    };
    matches!(
        after.split_whitespace().next().unwrap_or(""),
        "no" | "not"
            | "a"
            | "an"
            | "been"
            | "got"
            | "going"
            | "still"
            | "also"
            | "just"
            | "never"
            | "now"
            | "already"
            | "very"
            | "so"
            | "too"
    )
}

/// Whether what follows an organisation's name is a post and the person holding it ("ESPN legal
/// analyst Ryan Smith details …", "RLDS apostle Charles Neff pushed …"): lower-case words that
/// are no verb, then a capitalised name by the third word.
fn names_a_post(r: &str) -> bool {
    let words: Vec<&str> = r.split_whitespace().take(3).collect();
    let Some(k) = (1..words.len()).find(|&k| words[k].starts_with(char::is_uppercase)) else {
        return false;
    };
    words[..k].iter().all(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        w.starts_with(char::is_lowercase)
            && !w.ends_with("ed")
            && !w.ends_with('s')
            && !entities::is_past_verb(w)
            && !matches!(
                w,
                "is" | "are"
                    | "was"
                    | "were"
                    | "be"
                    | "been"
                    | "has"
                    | "have"
                    | "had"
                    | "will"
                    | "would"
                    | "can"
                    | "could"
                    | "may"
                    | "might"
                    | "must"
                    | "should"
                    | "do"
                    | "does"
            )
    })
}

/// Whether `clause` is a post held at `name` ("the communications director for BOLI", "a
/// spokesman of the Harwick council"): a job noun, then "for", "of" or "at" and the name.
fn holds_post_at(clause: &str, name: &str) -> bool {
    let words: Vec<&str> = clause
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    let Some(at) = words
        .iter()
        .position(|w| matches!(*w, "for" | "of" | "at"))
        .filter(|&k| k > 0)
    else {
        return false;
    };
    let rest = words[at + 1..].join(" ");
    let rest = rest.strip_prefix("the ").unwrap_or(&rest);
    entities::is_job_noun(words[at - 1]) && rest.starts_with(name)
}

/// Words at most in a clause that names a player without telling what it does, for the clause
/// to stand as its role ("a grant from the Rural Heritage Fund").
const ROLE_CLAUSE_WORDS: usize = 12;

/// Whether what a player does is only that it spoke, and to whom or when: a verb of saying and
/// nothing but an outlet, an audience or a time after it ("told ABC News today", "said on
/// Wednesday", "told reporters", "said in a statement"), not what was said ("said 36 people
/// remained in hospital", "said it would appeal").
fn only_says(does: &str) -> bool {
    let mut words = does.split_whitespace();
    if !words
        .next()
        .is_some_and(|w| matches!(w, "said" | "says" | "told" | "tells"))
    {
        return false;
    }
    words.all(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        w.starts_with(char::is_uppercase)
            || matches!(
                w,
                "" | "on"
                    | "in"
                    | "at"
                    | "a"
                    | "an"
                    | "the"
                    | "to"
                    | "reporters"
                    | "journalists"
                    | "today"
                    | "yesterday"
                    | "tonight"
                    | "statement"
                    | "interview"
                    | "news"
                    | "conference"
                    | "briefing"
                    | "email"
                    | "emailed"
                    | "written"
                    | "phone"
                    | "telephone"
            )
    })
}

/// Whether a clause is a piece of a sentence that does not stand as a phrase of its own: it
/// opens with a lower-case word that starts no noun phrase (a verb, a preposition, a relative
/// "whose": "has raised …", "in Game 5 of …"), so its subject is outside it.
fn fragment(clause: &str) -> bool {
    let first = clause.split_whitespace().next().unwrap_or("");
    first.starts_with(char::is_lowercase)
        && !matches!(
            first,
            "a" | "an" | "the" | "his" | "her" | "its" | "their" | "our" | "one" | "two" | "some"
        )
}

/// `r` without a time told first: "on Tuesday", "on Tuesday evening", "on November 10",
/// "yesterday", "last week" (`r` itself when it opens with none).
fn skip_time(r: &str) -> &str {
    for lead in [
        "yesterday ",
        "today ",
        "last week ",
        "this week ",
        "last month ",
        "earlier this week ",
    ] {
        if let Some(rest) = r.strip_prefix(lead) {
            return rest;
        }
    }
    let Some(mut rest) = r.strip_prefix("on ") else {
        return r;
    };
    // A day or month name, then a day of the month, a year and a part of the day, each optional.
    let mut words = 0;
    while let Some((w, after)) = rest.split_once(' ') {
        let w = w.trim_end_matches(',');
        let ok = match words {
            0 => w.starts_with(char::is_uppercase) && w.chars().all(char::is_alphabetic),
            _ => {
                w.chars().all(|c| c.is_ascii_digit())
                    || matches!(w, "morning" | "afternoon" | "evening" | "night")
            }
        };
        if !ok {
            break;
        }
        rest = after;
        words += 1;
    }
    if words == 0 {
        r
    } else {
        rest
    }
}

/// Whether `name` stands in `text` only as where a report came from: "told CNN", "according to
/// the Associated Press", "in an interview with Politico", "said on NBC's \"Meet the Press\"",
/// "CNN reported".
fn attributes_a_report(text: &str, name: &str) -> bool {
    let Some(at) = text.find(name) else {
        return false;
    };
    let before = text[..at]
        .trim_end_matches([' ', '"', '\u{201c}'])
        .to_lowercase();
    let before = before
        .strip_suffix(" the")
        .or_else(|| before.strip_suffix(" a"))
        .unwrap_or(&before);
    let after = text[at + name.len()..].trim_start();
    const BEFORE: &[&str] = &[
        " told",
        " tells",
        " telling",
        " according to",
        " interview with",
        " spoke with",
        " spoke to",
        " speaking to",
        " speaking with",
        " said on",
        " appearing on",
        " appeared on",
        " reported by",
        " via",
        " first reported by",
        " confirmed to",
        " said in a statement to",
    ];
    let framed = BEFORE.iter().any(|f| before.ends_with(f));
    let reported = ["reported", "reports", "first reported"].iter().any(|v| {
        after.starts_with(v) && !after[v.len()..].starts_with(|c: char| c.is_alphanumeric())
    });
    framed || reported
}

/// "Who is involved?" told by the leading players: up to four, each with its role where the
/// role is a short phrase (not a sentence the name acts in), citing where each comes from; `None`
/// unless two or more have such a role.
fn who_is_involved(players: &[storyline_core::Player]) -> Option<(String, Vec<Citation>)> {
    let short = |pl: &storyline_core::Player| {
        let r = pl.role.trim();
        let words = storyline_core::text::word_count(r);
        (1..=8).contains(&words)
            && !r.contains(pl.name.as_str())
            && !r.ends_with(['.', '!', '?', '"', '\u{201d}'])
            && !r.starts_with(['"', '\u{201c}'])
            && !r.starts_with("The ")
            && entities::reads_as_role(r)
    };
    let lead: Vec<&storyline_core::Player> = players.iter().take(4).collect();
    if lead.iter().filter(|pl| short(pl)).count() < 2 {
        return None;
    }
    let mut parts = Vec::new();
    let mut citations: Vec<Citation> = Vec::new();
    for pl in lead {
        if short(pl) {
            parts.push(format!("{}, {}", pl.name, pl.role.trim()));
        } else {
            parts.push(pl.name.clone());
        }
        for c in &pl.citations {
            if !citations.contains(c) {
                citations.push(c.clone());
            }
        }
    }
    Some((format!("{}.", parts.join("; ")), citations))
}

/// Whether a (lower-cased) sentence sets what it tells at an earlier or a recurring time:
/// "earlier", "last month", "two years ago", "the previous", "a year", "annually".
fn tells_another_time(lower: &str) -> bool {
    [
        "earlier",
        "last month",
        "last year",
        " ago",
        "previous",
        "a year",
        "each year",
        "every year",
        "annually",
        "in the past",
    ]
    .iter()
    .any(|c| lower.contains(c))
}

/// Whether a sentence names a year ("in 1985", "the 2022 leak").
fn names_a_year(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_digit())
        .any(|w| dates::year_of(w).is_some())
}

/// The number of dead a headline or sentence reports: a count next to "dead", "killed", "deaths"
/// or "death toll" ("at least nine dead", "kills 12", "death toll rises to 14", "two people were
/// killed"), in figures or words.
fn toll(title: &str) -> Option<u64> {
    toll_in(title, false)
}

/// The toll a sentence reports, as [`toll`] reads a headline, but stricter about what running
/// text puts beside a number: an age set off by commas ("Officer Collin Rose, 29, died …") and a
/// capitalised cue (a title: "two “Dead” sequels") are no toll.
fn sentence_toll(text: &str) -> Option<u64> {
    toll_in(text, true)
}

/// Whether a lower-cased word tells of deaths ("killed", "dead", "died"): the cue of a toll here
/// and of a toll's figure in `updates`.
pub(crate) fn tells_deaths(w: &str) -> bool {
    matches!(
        w,
        "dead" | "killed" | "kills" | "killing" | "deaths" | "die" | "dies" | "died"
    )
}

fn toll_in(title: &str, sentence: bool) -> Option<u64> {
    const WORDS: &[&str] = &[
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    let words = dates::lower_words(title);
    // The same words as written (`lower_words` splits at white space too).
    let raw: Vec<&str> = title.split_whitespace().collect();
    let capitalised = |k: usize| {
        raw.get(k).is_some_and(|w| {
            w.trim_start_matches(|c: char| !c.is_alphanumeric())
                .starts_with(|c: char| c.is_uppercase())
        })
    };
    let cue = |w: &str| tells_deaths(w) || w == "toll";
    let mut best = None;
    for (k, w) in words.iter().enumerate() {
        let n = if w.chars().all(|c| c.is_ascii_digit() || c == ',') {
            w.replace(',', "").parse::<u64>().ok()
        } else {
            WORDS.iter().position(|x| x == w).map(|i| i as u64 + 1)
        };
        let Some(n) = n else {
            continue;
        };
        // "nine dead", "14 deaths", "two people were killed", "three people have died"; "kills
        // 12", "death toll rises to 14" (not "three dead after 20 cars crashed").
        const FILLER: &[&str] = &[
            "people",
            "persons",
            "others",
            "residents",
            "civilians",
            "children",
            "more",
            "were",
            "was",
            "have",
            "has",
            "had",
            "been",
            "are",
            "is",
            "reportedly",
        ];
        let aside = sentence && raw.get(k).is_some_and(|w| w.ends_with(','));
        let ahead = !aside
            && words[k + 1..]
                .iter()
                .take(4)
                .position(|x| !FILLER.contains(&x.as_str()))
                .is_some_and(|j| {
                    j <= 3 && cue(&words[k + 1 + j]) && !(sentence && capitalised(k + 1 + j))
                });
        let near = ahead
            || words[k.saturating_sub(3)..k]
                .iter()
                .any(|x| matches!(x.as_str(), "kills" | "killed" | "killing" | "toll"));
        if near {
            best = best.max(Some(n));
        }
    }
    best
}

/// A later article's title that reports more dead than `current` about the same place ("Tarrow
/// Basin quake death toll rises to 14 as search ends" over "… Tarrow Basin, at least nine dead"):
/// a toll the story has overtaken is no headline.
fn higher_toll_headline(docs: &[Doc], p: &prep::Prepared<'_>, current: &Cited) -> Option<Cited> {
    let now = toll(&current.text)?;
    let from = current
        .citations
        .first()
        .and_then(|c| docs.iter().find(|x| x.id == c.article))?;
    let terms = storyline_core::text::title_terms;
    let mine = terms([current.text.as_str()]);
    let mut best: Option<(u64, usize)> = None;
    for &d in &p.usable_docs {
        let Some(title) = docs[d].title.as_deref() else {
            continue;
        };
        let later = match (docs[d].published, from.published) {
            (Some(a), Some(b)) => a > b,
            _ => false,
        };
        let words = storyline_core::text::word_count(title);
        if !later || words > 14 || feature_headline(title) {
            continue;
        }
        let Some(n) = toll(title).filter(|&n| n > now) else {
            continue;
        };
        if terms([title]).intersection(&mine).count() >= 2 && best.is_none_or(|(b, _)| n > b) {
            best = Some((n, d));
        }
    }
    cited_title(docs, p, best?.1)
}

/// The headline of a story with no sentence fit to quote: the best article title (the longest
/// one of at most 14 words, else the first 14 words of the longest), citing the sentences of its
/// article that carry its names and numbers; failing a title, the opening words of the first
/// sentence of any article. Never empty while any document has a title or text.
fn fallback_headline(docs: &[Doc]) -> Cited {
    const MAX: usize = 14;
    let cut = |t: &str| -> String {
        let words: Vec<&str> = t.split_whitespace().collect();
        if words.len() <= MAX {
            return words.join(" ");
        }
        format!(
            "{}…",
            words[..MAX]
                .join(" ")
                .trim_end_matches([',', '.', ';', ':'])
        )
    };
    let mut titles: Vec<(usize, usize)> = docs
        .iter()
        .enumerate()
        .filter_map(|(d, x)| {
            let n = storyline_core::text::word_count(x.title.as_deref()?.trim());
            (n > 0).then_some((d, n))
        })
        .collect();
    // Titles that fit first, longest first; then the shortest of the long ones.
    titles.sort_by_key(|&(d, n)| (n > MAX, if n > MAX { n } else { usize::MAX - n }, d));
    for &(d, _) in &titles {
        let title = cut(docs[d].title.as_deref().unwrap_or_default().trim());
        let sents = storyline_core::text::sentences(&docs[d].text);
        let mut support = String::new();
        let mut cites = Vec::new();
        for (k, s) in sents.iter().enumerate() {
            let before = check::unsupported(&[&title], &support).len();
            support.push_str(s);
            support.push('\n');
            if check::unsupported(&[&title], &support).len() < before {
                cites.push(cite(docs, d, k));
            }
            if check::unsupported(&[&title], &support).is_empty() {
                if cites.is_empty() {
                    cites.push(cite(docs, d, 0));
                }
                return Cited {
                    text: title,
                    citations: cites,
                };
            }
        }
    }
    // No supported title: the opening words of the first sentence of any document that is not
    // page furniture.
    for (d, x) in docs.iter().enumerate() {
        if prep::is_boilerplate_doc(&x.text) {
            continue;
        }
        if let Some((k, s)) = storyline_core::text::sentences(&x.text)
            .into_iter()
            .enumerate()
            .find(|(_, s)| {
                storyline_core::text::word_count(s) >= 3 && !prep::is_boilerplate_sentence(s)
            })
        {
            return Cited {
                text: cut(prep::strip_dateline(s)),
                citations: vec![cite(docs, d, k)],
            };
        }
    }
    // Only page furniture or no text: a title as written, citing its article's first sentence
    // when there is one (the checker will report what that sentence does not carry).
    match titles.first() {
        Some(&(d, _)) => Cited {
            text: cut(docs[d].title.as_deref().unwrap_or_default().trim()),
            citations: if storyline_core::text::sentences(&docs[d].text).is_empty() {
                Vec::new()
            } else {
                vec![cite(docs, d, 0)]
            },
        },
        None => Cited::default(),
    }
}

/// Whether a headline is written as a feature or in the first person ("How a spectrograph found
/// water", "A record in the morning cool", "Our own observatory…", "Not so fast: …") rather than
/// as the news of the event ("Astronomers detect water on Kestrel-4b").
fn feature_headline(title: &str) -> bool {
    let words = dates::lower_words(title);
    let first = words.first().map(String::as_str).unwrap_or("");
    let opener = matches!(
        first,
        "how" | "why" | "what" | "when" | "where" | "who" | "inside" | "behind" | "a" | "an"
    );
    let first_person = words
        .iter()
        .any(|w| matches!(w.as_str(), "our" | "we" | "i" | "my" | "us"));
    // "Not so fast: …", "Analysis: …": a label or a quip before a colon.
    let kicker = title
        .split_once(':')
        .is_some_and(|(head, _)| head.split_whitespace().count() <= 3);
    opener || first_person || kicker
}

/// A source sentence as a reader sees it: without a wire dateline or a list's bullet, and with its
/// quotation marks paired when it is one sentence of a longer quotation (see
/// [`prep::mend_quote`]).
fn shown_text(s: &str) -> std::borrow::Cow<'_, str> {
    let t = unbulleted(s);
    match without_connective(t) {
        Some(rest) => {
            // "But the board said …" shown apart from the sentence it answered: "The board said …".
            let mut c = rest.chars();
            let capital: String = c.next().into_iter().flat_map(char::to_uppercase).collect();
            std::borrow::Cow::Owned(prep::mend_quote(&(capital + c.as_str())).into_owned())
        }
        None => prep::mend_quote(t),
    }
}

/// The sentence without a wire dateline or a list's bullet ("- The Lehigh County Humane Society
/// …", "• In Montana, …"), which are layout.
fn unbulleted(s: &str) -> &str {
    let t = prep::strip_dateline(s).trim_start();
    let t = ["- ", "\u{2022} ", "* ", "\u{2013} ", "\u{2014} ", "\u{b7} "]
        .iter()
        .find_map(|b| t.strip_prefix(b))
        .unwrap_or(t);
    // "(Haley will handpick a senator …)": an aside in brackets reads on its own without them;
    // so does one whose closing bracket a later sentence holds.
    match t.strip_prefix('(') {
        Some(inner) if !inner.contains(['(', ')']) => inner,
        Some(inner) if inner.matches(')').count() == 1 && !inner.contains('(') => {
            inner.strip_suffix(')').unwrap_or(t)
        }
        _ => t,
    }
}

/// The words after an opening connective that ties a sentence to the one before it ("But …",
/// "However, …", "And yet …"), when there is one: shown on its own, the sentence reads without
/// it. "So far", "Also known as" and a name ("Yet Another Studio") are no connective.
fn without_connective(t: &str) -> Option<&str> {
    const CONNECTIVES: &[&str] = &[
        "But ",
        "And ",
        "Yet ",
        "Yet, ",
        "However, ",
        "Still, ",
        "Also, ",
        "Nevertheless, ",
        "Nonetheless, ",
        "Even so, ",
        "Moreover, ",
        "Furthermore, ",
    ];
    // Most sentences open with none: one look at the first letter settles them.
    if !t.starts_with(['B', 'A', 'Y', 'H', 'S', 'N', 'E', 'M', 'F']) {
        return None;
    }
    let mut rest = CONNECTIVES
        .iter()
        .find_map(|c| t.strip_prefix(c))?
        .trim_start();
    // "And yet …", "But still, …": a second one in lower case.
    if let Some(next) = CONNECTIVES.iter().find_map(|c| {
        let (first, tail) = c.split_at(1);
        rest.strip_prefix(&*first.to_lowercase())
            .and_then(|r| r.strip_prefix(tail))
    }) {
        rest = next.trim_start();
    }
    // What is left is a sentence of three words or more, opening with a word, a figure or a
    // quotation; after "Yet " a capital may be a name's next word ("Yet Another Studio").
    let opens = rest.chars().next()?;
    (rest.split_whitespace().nth(2).is_some()
        && (opens.is_lowercase()
            || opens.is_ascii_digit()
            || matches!(opens, '"' | '\u{201c}' | '$')
            || opens.is_uppercase() && !t.starts_with("Yet ")))
    .then_some(rest)
}

/// A source sentence as digest text, citing itself.
fn cited_sentence(docs: &[Doc], s: &prep::Sent<'_>) -> Cited {
    Cited {
        text: shown_text(s.text).to_string(),
        citations: vec![cite(docs, s.doc, s.idx)],
    }
}

fn cite(docs: &[Doc], doc: usize, idx: usize) -> Citation {
    Citation {
        article: docs.get(doc).map(|d| d.id.clone()).unwrap_or_default(),
        sentence: idx,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_is_involved_lists_the_leading_players_with_their_roles() {
        let pl = |name: &str, kind: &str, role: &str, sentence: usize| storyline_core::Player {
            name: name.into(),
            kind: kind.into(),
            role: role.into(),
            citations: vec![Citation {
                article: "a".into(),
                sentence,
            }],
        };
        let players = [
            pl("Lucia Farrant", "person", "Governor", 2),
            pl(
                "National Reserve Bank",
                "organization",
                "The National Reserve Bank raised its rate on Thursday",
                0,
            ),
            pl(
                "Mateo Lindqvist-Ortiz",
                "person",
                "chief economist at Halberd Bank",
                5,
            ),
            pl("Ana Ruiz", "person", "told reporters", 2),
            pl("Fifth Player", "person", "analyst", 9),
        ];
        let (text, cites) = who_is_involved(&players).expect("an answer");
        assert_eq!(
            text,
            "Lucia Farrant, Governor; National Reserve Bank; Mateo Lindqvist-Ortiz, chief \
             economist at Halberd Bank; Ana Ruiz."
        );
        // One citation per sentence, in the players' order; the fifth player is left out.
        let at: Vec<usize> = cites.iter().map(|c| c.sentence).collect();
        assert_eq!(at, [2, 0, 5]);
        // Fewer than two roles that read as one: no list.
        assert!(who_is_involved(&players[1..4]).is_none());
    }

    #[test]
    fn a_report_attributed_to_an_outlet_does_not_make_it_a_player() {
        for (text, name, want) in [
            (
                "\"It's scary,\" Esther Boyer told CNN affiliate WDTN.",
                "CNN",
                true,
            ),
            (
                "The bill passed, according to the Associated Press.",
                "Associated Press",
                true,
            ),
            (
                "She said in an interview with Politico that she would run.",
                "Politico",
                true,
            ),
            (
                "Rubio said on NBC's \"Meet the Press\" that it was real.",
                "NBC",
                true,
            ),
            ("CNN reported that the talks had stalled.", "CNN", true),
            ("The FBI arrested two men on Tuesday.", "FBI", false),
            ("CNN fired the host on Monday.", "CNN", false),
            ("The union told members to stay home.", "union", false),
        ] {
            assert_eq!(attributes_a_report(text, name), want, "{text}");
        }
    }

    #[test]
    fn a_player_opening_its_clause_is_told_by_what_it_does() {
        for (clause, name, want) in [
            (
                "The National Reserve Bank raised its rate on Thursday",
                "National Reserve Bank",
                "raised its rate on Thursday",
            ),
            (
                "Halbrook Pharma said it expected to resume production",
                "Halbrook Pharma",
                "said it expected to resume production",
            ),
            (
                "The National Reserve Bank's decision surprised economists",
                "National Reserve Bank",
                "The National Reserve Bank's decision surprised economists",
            ),
            (
                "Halbrook Pharma said",
                "Halbrook Pharma",
                "Halbrook Pharma said",
            ),
            (
                "New Orleans Police Department spokesman Tyler Gamble said the casings matched",
                "New Orleans Police Department",
                "New Orleans Police Department spokesman Tyler Gamble said the casings matched",
            ),
            (
                "The Free Syrian Army and the Syrian Liberation Army are based in this town",
                "Free Syrian Army",
                "",
            ),
            (
                "The Free Syrian Army and its allies hold the town",
                "Free Syrian Army",
                "The Free Syrian Army and its allies hold the town",
            ),
            (
                "a grant from the Rural Heritage Fund",
                "Rural Heritage Fund",
                "a grant from the Rural Heritage Fund",
            ),
            // An organisation's people or parts act for it.
            (
                "Members of the Port Calder Fishermen's Cooperative loaded two trawlers with nets",
                "Port Calder Fishermen's Cooperative",
                "its members loaded two trawlers with nets",
            ),
            (
                "Shares in Corvane Systems fell 18 percent in early trading",
                "Corvane Systems",
                "its shares fell 18 percent in early trading",
            ),
            (
                "chairman of the Republican Senate campaign committee",
                "Republican Senate",
                "",
            ),
            (
                "an official of the National Labor Relations Board ruled Wednesday",
                "National Labor Relations Board",
                "an official of the National Labor Relations Board ruled Wednesday",
            ),
            (
                "Lawyers for the family of Ann Marsh said they would appeal",
                "Ann Marsh",
                "",
            ),
            // A time told before the verb is no part of what it does.
            (
                "Meridian City Council on Tuesday approved a $12 daily charge",
                "Meridian City Council",
                "approved a $12 daily charge",
            ),
            (
                "The Water Board on Monday night voted to impose Stage 3 restrictions",
                "Water Board",
                "voted to impose Stage 3 restrictions",
            ),
            (
                "Harbor Group on November 10, 2026 bought the yard",
                "Harbor Group",
                "bought the yard",
            ),
            (
                "Harbor Group on Main Street is closed",
                "Harbor Group",
                "Harbor Group on Main Street is closed",
            ),
            // Past an aside set off by commas.
            (
                "The Greyfell Observatory, 40 kilometres north of town, announced on Wednesday that it found water",
                "Greyfell Observatory",
                "announced on Wednesday that it found water",
            ),
            (
                "Halbrook Pharma, the country's only licensed maker, on Monday said it would resume production",
                "Halbrook Pharma",
                "said it would resume production",
            ),
            (
                "Salah Ali, 70, the infant's grandfather, said the mother is in bad shape",
                "Salah Ali",
                "",
            ),
            // A quotation tells what was said.
            (
                "\"For the first time I will feel safe riding my kids to school,\" said Ana Sorensen",
                "Ana Sorensen",
                "",
            ),
            // A piece of a sentence whose subject is outside it tells what someone else did.
            (
                "has raised $18 million in a Series A round led by Tidewater Ventures",
                "Tidewater Ventures",
                "",
            ),
            (
                "brought in the Meridian High Court on behalf of workers",
                "Meridian High Court",
                "",
            ),
            (
                "in Game 5 of the NBA Finals to win his first title",
                "NBA",
                "",
            ),
            // A sentence that names the player in passing is context, and the end of a
            // quotation tells what was said.
            (
                "US airlines have raised concerns that the subsidies that Qatar Airways, Etihad Airways and Emirates receive are unfair",
                "Etihad Airways",
                "",
            ),
            (
                "I didn't think too much of it,\" Chett Bell said",
                "Chett Bell",
                "",
            ),
            (
                "Demoski said Jeff King was his favorite musher",
                "Jeff King",
                "",
            ),
            // That it spoke, to whom and when, says nothing of it.
            (
                "Amnesty International said on Wednesday",
                "Amnesty International",
                "",
            ),
            // A possessive or a contraction goes on about something else.
            ("The ACA's no help in the blue states", "ACA", ""),
            (
                "Stanford University told Discovery News",
                "Stanford University",
                "",
            ),
            (
                "Keith Rogers told ABC News Friday",
                "Keith Rogers",
                "",
            ),
            (
                "NHS England said 36 people remained in hospital",
                "NHS England",
                "said 36 people remained in hospital",
            ),
            // The name alone, cut at its comma, is no role.
            (
                "The Northgate Regional Education Board",
                "Northgate Regional Education Board",
                "",
            ),
            (
                "House Oversight Committee Chairman Darrell Issa",
                "House Oversight Committee Chairman Darrell Issa",
                "",
            ),
            // A post at it and the person holding it is no verb of its own: the clause tells
            // where it comes in, as for the spokesman above.
            (
                "ESPN legal analyst Ryan Smith details the surveillance video",
                "ESPN",
                "ESPN legal analyst Ryan Smith details the surveillance video",
            ),
            (
                "Port Calder Mariners are Continental Cup winners for the first time",
                "Port Calder Mariners",
                "are Continental Cup winners for the first time",
            ),
            (
                "The Harwick council hired Jane Doe as its clerk",
                "Harwick council",
                "hired Jane Doe as its clerk",
            ),
            // A piece of a quotation is no role.
            (
                "Fatima Johnson, may u Rest In Peace,\" he wrote",
                "Fatima Johnson",
                "",
            ),
            // Someone's post there is no role of the organisation's; a thing it gave is.
            ("the communications director for BOLI", "BOLI", ""),
            (
                "a paleontologist at the University of Kansas who worked on the paper",
                "University of Kansas",
                "",
            ),
            (
                "a grant from the Rural Heritage Fund",
                "Rural Heritage Fund",
                "a grant from the Rural Heritage Fund",
            ),
        ] {
            assert_eq!(
                what_it_does(clause.to_string(), name, true),
                want,
                "{clause}"
            );
        }
        // A phrase a person's name completes is someone else's.
        let clause = "the younger brother of filmmaker Ridley Scott";
        assert_eq!(what_it_does(clause.to_string(), "Ridley Scott", false), "");
        let clause = "a veteran doctor whom sources identified as Lee Silverman";
        assert_eq!(
            what_it_does(clause.to_string(), "Lee Silverman", false),
            clause
        );
        let clause = "Jake Gyllenhaal, who knew you were so cruel?";
        assert_eq!(
            what_it_does(clause.to_string(), "Jake Gyllenhaal", false),
            ""
        );
    }

    #[test]
    fn criticism_is_told_by_whole_words() {
        for (sentence, critical) in [
            ("critics say the charge will hurt small shops", true),
            ("the union criticised the offer", true),
            ("residents raised concerns about the cameras", true),
            ("opponents of the deal warned that prices would rise", true),
            ("the council opposed the plan", true),
            ("astronomers question whether the signal is real", true),
            ("china condemned the launch", true),
            ("a strong press is critical to an informed public", false),
            ("he is in critical condition", false),
            (
                "questions about the case should be directed to the police",
                false,
            ),
            ("it was a conversation as opposed to a lecture", false),
            ("the driver swerved into the opposite lane", false),
            ("divers found two objects on the sea floor", false),
            ("officers took him in for questioning", false),
            ("content that is more objectionable is taken down", false),
            ("the memo concerned the pension plan", false),
        ] {
            assert_eq!(voices_criticism(sentence), critical, "{sentence}");
        }
    }

    #[test]
    fn a_headlines_toll() {
        for (title, want) in [
            (
                "Magnitude 6.2 earthquake strikes Tarrow Basin, at least nine dead",
                Some(9),
            ),
            (
                "Tarrow Basin quake death toll rises to 14 as search ends",
                Some(14),
            ),
            ("Bus crash kills 12 near Halden", Some(12)),
            ("Three dead after 20 cars crash on the M4", Some(3)),
            (
                "Two people were killed when a chimney fell onto a house.",
                Some(2),
            ),
            ("Fourteen people have died in the earthquake.", Some(14)),
            ("Forty-one people were treated for injuries.", None),
            ("Three of the dead were children.", None),
            ("Officer Collin Rose, 29, died Wednesday.", Some(29)),
            ("1,200 killed in floods", Some(1200)),
            ("Magnitude 6.2 earthquake strikes Tarrow Basin", None),
            ("Council approves 12 new homes", None),
        ] {
            assert_eq!(toll(title), want, "{title}");
        }
        for (sentence, want) in [
            ("Two people were killed when a chimney fell.", Some(2)),
            ("Officer Collin Rose, 29, died Wednesday.", None),
            ("It led to two “Dead” sequels.", None),
            ("The attack killed 12, including a child.", Some(12)),
        ] {
            assert_eq!(sentence_toll(sentence), want, "{sentence}");
        }
    }

    #[test]
    fn a_later_higher_toll_is_the_headline() {
        let docs = [
            doc_on(
                8,
                "a",
                Some("Earthquake strikes Tarrow Basin, at least nine dead"),
                "A magnitude 6.2 earthquake struck the Tarrow Basin early on Sunday, killing at \
                 least nine people in the town of Halden, officials said. Rescue teams searched \
                 collapsed buildings in Halden through the night.",
            ),
            doc_on(
                9,
                "b",
                None,
                "Rescue teams searched the rubble of Halden on Monday after the magnitude 6.2 \
                 earthquake in the Tarrow Basin. The earthquake killed at least nine people.",
            ),
            doc_on(
                10,
                "c",
                Some("Tarrow Basin quake death toll rises to 14 as search ends"),
                "The death toll from Sunday's earthquake in the Tarrow Basin rose to 14 on \
                 Tuesday, as rescue teams in Halden ended the search. The quake was the \
                 strongest in the Tarrow Basin in decades.",
            ),
        ];
        let dg = digest(&docs, &Options::default());
        assert_eq!(
            dg.headline.text,
            "Tarrow Basin quake death toll rises to 14 as search ends"
        );
        assert_eq!(dg.headline.citations[0].article, "c");
        // The summary tells the new toll after the lede.
        assert!(
            dg.summary[0].text.contains("at least nine"),
            "{:?}",
            dg.summary
        );
        assert!(
            dg.summary[1].text.contains("rose to 14"),
            "{:?}",
            dg.summary
        );
        // An earlier report of more dead does not replace a later one of fewer.
        let mut older = docs.clone();
        older[2].published = docs[0].published.map(|t| t - chrono::Duration::days(1));
        let dg = digest(&older, &Options::default());
        assert_ne!(dg.headline.citations[0].article, "c", "{:?}", dg.headline);
    }

    #[test]
    fn a_toll_the_lede_leaves_out_joins_the_summary() {
        let story = |later: &str| {
            [
                doc_on(
                    16,
                    "a",
                    Some("Magnitude 5.7 earthquake off Kelvane Coast triggers tsunami warning"),
                    "A magnitude 5.7 earthquake struck off the Kelvane Coast on Monday evening, \
                     prompting a tsunami warning in the fishing town of Saltmere. The warning was \
                     lifted after two hours. Rescue crews checked the harbour at Saltmere.",
                ),
                doc_on(
                    17,
                    "b",
                    None,
                    &format!(
                        "Daylight on Tuesday revealed cracked quays in Saltmere after the magnitude \
                         5.7 earthquake. The tsunami warning for the Kelvane Coast was lifted \
                         after two hours. The harbour master said the cracked quays would be \
                         inspected this week. {later}"
                    ),
                ),
                doc_on(
                    17,
                    "c",
                    None,
                    "The magnitude 5.7 earthquake left cracked quays in Saltmere harbour. The \
                     tsunami warning for the Kelvane Coast was lifted after two hours, officials \
                     said. Fishing boats stayed in Saltmere harbour on Tuesday.",
                ),
            ]
        };
        let dg = digest(
            &story("Two people were killed when a chimney fell onto a house in Saltmere."),
            &Options::default(),
        );
        assert!(
            dg.summary[0].text.contains("struck off"),
            "{:?}",
            dg.summary
        );
        assert!(
            dg.summary.iter().any(|s| s.text.contains("were killed")),
            "{:?}",
            dg.summary
        );
        // An earlier disaster's toll, an age and a title are no toll of this story.
        for other in [
            "Early last month, a warehouse in Saltmere collapsed, killing six people.",
            "The 1988 earthquake killed 31 people in Saltmere.",
            "Harbour master Ewan Doyle, 61, died at home in Saltmere in March.",
        ] {
            let dg = digest(&story(other), &Options::default());
            assert!(
                !dg.summary.iter().any(|s| s.text == other),
                "{other}: {:?}",
                dg.summary
            );
        }
    }

    #[test]
    fn feature_headlines_are_told_from_news_headlines() {
        for t in [
            "How a $27M spectrograph on a hillside found water on Kestrel-4b",
            "A record in the morning cool, a struggle in the midday heat",
            "Our own observatory just found water on another world",
            "Not so fast: astronomers question methane claim on Kestrel-4b",
            "Behind the Northgate strike, a national teacher shortage",
        ] {
            assert!(feature_headline(t), "{t}");
        }
        for t in [
            "Kiprotich-Vane breaks Meridian marathon course record",
            "Meridian's Gallery of Modern Art reopens after $86 million revamp",
            "National Reserve Bank raises interest rate to 4.75 percent",
            "Magnitude 6.2 earthquake strikes Tarrow Basin, at least nine dead",
        ] {
            assert!(!feature_headline(t), "{t}");
        }
    }

    /// The digest's answer to `question`; the test fails when there is none.
    fn faq_answer<'a>(dg: &'a Digest, question: &str) -> &'a str {
        dg.faq
            .iter()
            .find(|f| f.question == question)
            .map(|f| f.answer.as_str())
            .unwrap_or_else(|| panic!("no answer to {question:?}: {:#?}", dg.faq))
    }

    /// A document published on `day` November 2026 at 09:00 UTC.
    fn doc_on(day: u32, id: &str, title: Option<&str>, text: &str) -> Doc {
        use chrono::TimeZone;
        Doc {
            published: chrono::Utc
                .with_ymd_and_hms(2026, 11, day, 9, 0, 0)
                .single(),
            ..doc(id, title, text)
        }
    }

    /// A Chinese story (no spaces between words) gets a summary and takeaways, each citing the
    /// source sentence it quotes.
    #[test]
    fn a_chinese_story_is_digested_and_cited() {
        let docs = [
            doc(
                "a1",
                Some("四川雅安发生6.1级地震"),
                "6月1日17时，四川雅安市芦山县发生6.1级地震，震源深度17千米。据当地应急管理局消息，地震已造成4人死亡，14人受伤。成都等地震感强烈。国家地震局已派出工作组赶赴灾区。",
            ),
            doc(
                "a2",
                Some("芦山6.1级地震已致4人遇难"),
                "四川雅安芦山县6.1级地震发生后，救援人员连夜搜救被困群众。截至目前，地震已造成4人遇难、14人受伤，部分房屋倒塌，道路中断。应急管理部启动四级应急响应。",
            ),
            doc(
                "a3",
                Some("雅安地震：救援持续进行"),
                "雅安市芦山县地震灾区的救援工作持续进行。地震造成4人死亡，数千名群众被紧急转移安置。专家表示，余震可能持续数日，提醒民众注意安全。",
            ),
        ];
        let dg = digest(&docs, &Options::default());
        assert!(!dg.headline.text.is_empty());
        assert!(dg.summary.len() >= 2, "{:?}", dg.summary);
        assert!(!dg.takeaways.is_empty());
        for c in dg.summary.iter().chain(&dg.takeaways) {
            let cite = &c.citations[0];
            let d = docs
                .iter()
                .find(|d| d.id == cite.article)
                .expect("cited article");
            let sentences = storyline_core::text::sentences(&d.text);
            assert_eq!(sentences[cite.sentence], c.text, "{cite:?}");
        }
    }

    fn doc(id: &str, title: Option<&str>, text: &str) -> Doc {
        Doc {
            id: id.into(),
            title: title.map(str::to_string),
            text: text.into(),
            ..Doc::default()
        }
    }

    /// The same articles, all published at `when` (a story told within one day).
    fn all_published_at(docs: &[Doc], when: Option<DateTime<Utc>>) -> Vec<Doc> {
        docs.iter()
            .cloned()
            .map(|mut x| {
                x.published = when;
                x
            })
            .collect()
    }

    #[test]
    fn clauses_that_read_as_headlines() {
        for (t, ok) in [
            ("A fire destroyed the Harwick battery plant", true),
            ("It was the third fire at the plant since it opened", false),
            ("According to the lawsuit", false),
            ("One of the attackers", false),
            ("\u{201c}It moved money, officials said", false),
            ("(This is not to be confused with Aeroshots", false),
            (
                "Still, 80 mph in a sport-utility vehicle is pretty fast",
                false,
            ),
            (
                "Third, no one is saying they put somebody else's arm in",
                false,
            ),
        ] {
            assert_eq!(reads_as_headline(t), ok, "{t}");
        }
    }

    #[test]
    fn an_untitled_headline_tells_a_lede_not_a_quotation_nor_a_detail() {
        // The quotation and the detail rank above the lede; the lede's first clause tells the news.
        let docs = [doc(
            "a",
            None,
            "Italian Premier Silvio Berlusconi survived a confidence vote in Parliament on Friday, ending weeks of uncertainty over his coalition. \
             \"We have won the confidence vote in Parliament,\" Berlusconi said on Friday. \
             The lower house debated the motion for two days before the vote.",
        )];
        let p = prep::prepare(&docs);
        let sc = rank::score(&p, &RankParams::default());
        let at = |start: &str| (0..p.sents.len()).find(|&i| p.sents[i].text.starts_with(start));
        let (Some(lede), Some(quote), Some(detail)) = (at("Italian"), at("\""), at("The lower"))
        else {
            panic!(
                "sentences: {:?}",
                p.sents.iter().map(|s| s.text).collect::<Vec<_>>()
            );
        };
        let h = headline(&docs, &p, &sc, &[quote, detail, lede]);
        assert_eq!(
            h.text,
            "Italian Premier Silvio Berlusconi survived a confidence vote in Parliament on Friday",
            "{h:#?}"
        );
    }

    #[test]
    fn an_untitled_headline_is_no_clause_cut_after_a_joining_or_saying_word() {
        for lede in [
            "Brock was convicted last week of three counts of sexual assault and, the judge said, could face prison.",
            "Another prospective juror stood up in the crowded courtroom on Tuesday morning and said, \"I will not serve on this jury.\"",
        ] {
            let text = format!(
                "{lede} The judge sentenced Brock to six months in jail on Thursday."
            );
            let docs = [doc("a", None, &text)];
            let p = prep::prepare(&docs);
            let sc = rank::score(&p, &RankParams::default());
            let top: Vec<usize> = (0..p.sents.len()).filter(|&i| p.sents[i].keep).collect();
            let h = headline(&docs, &p, &sc, &top);
            assert_eq!(
                h.text, "The judge sentenced Brock to six months in jail on Thursday",
                "{lede}"
            );
        }
    }

    #[test]
    fn an_untitled_headline_is_no_that_clause_broken_off_at_its_comma() {
        let docs = [doc(
            "a",
            None,
            "Opponents of the harbour plan have predicted that the new toll, which starts in May, will drive ferry passengers away. \
             The harbour board approved the new toll on ferry passengers on Tuesday.",
        )];
        let dg = digest(&docs, &Options::default());
        assert_eq!(
            dg.headline.text,
            "The harbour board approved the new toll on ferry passengers on Tuesday",
            "{:#?}",
            dg.headline
        );
    }

    #[test]
    fn a_title_less_story_finds_its_headline_among_eight_central_sentences() {
        let d = doc(
            "a",
            None,
            "He said he heard three shots from the house across the road at about ten. \
             She said the lights on the whole street went out just after the shooting. \
             They said police arrived within minutes and closed the street to traffic. \
             \"We are devastated by what happened here tonight,\" a neighbour said on the porch. \
             \"It was chaos on the street for an hour or more,\" another resident said later. \
             It was the second shooting on the street this year, after one in March. \
             Police arrested a 19-year-old man after the shooting on Elm Street on Friday night.",
        );
        let docs = [d];
        let p = prep::prepare(&docs);
        let sc = rank::score(&p, &RankParams::default());
        let top: Vec<usize> = (0..p.sents.len()).filter(|&i| p.sents[i].keep).collect();
        assert_eq!(
            top.len(),
            7,
            "{:?}",
            p.sents.iter().map(|s| s.text).collect::<Vec<_>>()
        );
        let h = headline(&docs, &p, &sc, &top);
        assert_eq!(
            h.text,
            "Police arrested a 19-year-old man after the shooting on Elm Street on Friday night"
        );
    }

    #[test]
    fn sentences_that_stand_alone() {
        for (text, alone) in [
            ("The council voted 7-2 on Monday.", true),
            ("He said the company would review its plans.", false),
            ("It was felt as far away as Meridian City.", false),
            (
                "\"We will not allow inflation to become entrenched,\" Governor Lucia Farrant told reporters.",
                true,
            ),
            ("\u{201c}It moves money,\u{201d} said Odile Farnsworth.", true),
            ("\"She would have laughed,\" she said.", false),
            ("\"Last month it was late on eleven of twenty days.\"", false),
            ("\"…It is only right that they see it,\" said director Sunniva Halloran.", true),
            ("Not yet, said Efraim Levy, an equity analyst.", false),
            ("A: Before anything else, sign the back of the ticket.", false),
            ("It's now fluctuating between 250 and 500.", false),
            ("She\u{2019}s currently free on a $100,000 bond.", false),
            ("Noah's Ark opened in 2016.", true),
            ("But they added that no formal offer had been made.", false),
            ("However, it did not vote.", false),
            ("But the board said the restrictions would stay.", true),
            ("But two members of the committee voted against it.", false),
            ("But Ms. Stinson later said she left the child.", true),
            ("But the board said it would appeal.", true),
            ("However, \"it is over,\" Minister Ana Ruiz said.", true),
            ("Butler County voted on Monday.", true),
            ("The Water Board announced the figure on Thursday.", false),
            ("The Port Authority said it welcomed the ruling.", false),
            ("The decision was criticised by unions.", false),
            ("The decision to raise rates surprised economists.", true),
            ("Cases were nearly double the figure a year ago.", true),
            ("The ruling party lost its majority.", true),
            ("The volunteers hope winter rain will change that.", false),
            ("Officials had hoped for more than that.", false),
            ("There is good news from the government too.", false),
            (", average spend Average Spent on a Wedding Dress: $1,357", false),
            ("Jack The Cat is Lost in AA Baggage at JFK [Facebook]", false),
            ("Weiner nodded at me to introduce myself.", false),
            ("My grandfather was the last miller, said volunteer Edwin Coombe.", false),
            ("The mine reopened on Monday.", true),
            ("Lakeside, with no other large supermarket, is likely to be one of them.", false),
            ("And and and they said so.", false),
            ("Others think the bank has gone too far.", false),
            ("Others in the town think the bank has gone too far.", true),
            ("This week, Poole claimed his winnings.", true),
            ("This week it put the valley on the front pages.", false),
            ("This July, the plant closed.", true),
            ("That May, the plant closed.", true),
            ("That may sound like a lot, but it actually isn't.", false),
            ("Thus his speech mantra that Congress should pass it.", false),
            ("As a result, fares will rise.", false),
            ("Because Sweden tops the index again.", false),
            (
                "Go to the Coursera website and create an account before the course opens.",
                false,
            ),
            ("Call 911 if the dog is seen near the river.", false),
            ("Visit Britain said bookings rose 4 percent in July.", true),
            ("Watch parties were held in 30 cities on Sunday.", true),
            ("Share prices fell 4 percent on Monday.", true),
            ("Though Yu and Soni call it a secret sauce.", false),
            ("Except seven of those ten children went to college.", false),
            (
                "Though focused on abortion \u{2014} a concept opposed by many \u{2014} the funding cut was seen as a gesture.",
                true,
            ),
            ("Because fares rose, ridership fell.", true),
            ("Instead, authorities released a sketch.", false),
            ("This speed kept the plane in service.", false),
            ("Stories like hers are everywhere in the basin this week.", false),
            ("Among them is Helma Kissner, a radio operator.", false),
            ("For him it will be a long journey.", false),
            ("One of his first acts as Pope was to call Benedict.", false),
            ("Hours after her arrest, Jane Doe was released.", true),
            ("After her ratings bonanza, Betty White got an offer.", true),
            ("Russia responded with its own sanctions.", true),
            ("On June 21st, he struck again.", false),
            ("On Monday, its board approved a cheaper version.", false),
            ("On Monday, the board approved a cheaper version.", true),
            ("On Monday it said contamination had delayed the doses.", false),
            ("On Tuesday they voted to strike.", false),
            ("On Monday it was announced that the plant would close.", true),
            ("On Monday the ministry said the doses were delayed.", true),
            ("Shortly after his release, he published a book.", false),
            ("Asked on Sunday about the find, she quoted Bernard.", false),
            ("In Pope Francis' address to Congress, he praised Dorothy Day.", true),
            ("In the couple\u{2019}s case, they were in prison for 23 years.", true),
            ("Publicly, it's clear that the ride is over.", true),
            ("The cause was a heart attack, his friend Sue Herndon said.", true),
            ("If they are forced to pay they will be worse off.", false),
            ("When she and friends checked they found it empty.", false),
            ("Although he has not been caught, the gunman was known to police.", true),
            ("None announced a matching increase in savings rates.", false),
            ("But both were expected to be transferred.", false),
            ("Both banks said they would follow.", true),
            ("Some of the residents returned on Monday.", true),
            ("We hope these results will encourage you to join in.", false),
            ("improving information-sharing between federal and local operators.", false),
            ("iPhone sales rose 9 percent in the quarter.", true),
            ("MARTIN: And she says she will keep pushing.", false),
            ("WATCH: How to make the perfect cup of coffee", false),
            ("UPDATE: Just after midnight, the firm apologised.", true),
            ("NASA said the launch would go ahead: weather permitting.", true),
            ("If you drive a Halvard Aster, there is reassuring news.", false),
            ("The full timetable is on our website.", false),
            ("As a neurosurgeon, I did not believe in such experiences.", false),
            ("US airlines have long protested the subsidies.", true),
            ("The film How to Train Your Dragon 2 opened on Friday.", true),
            ("Historians date it to World War I and the years after.", true),
            ("\u{201c}We will rebuild,\u{201d} said Mayor Ruth Kamara.", true),
            ("\"You have to pay them,\" the producer Alec Peters said.", true),
        ] {
            assert_eq!(standing(text).alone, alone, "{text}");
        }
    }

    #[test]
    fn shown_sentences_lose_bullets_and_datelines() {
        for (source, shown) in [
            (
                "- The Humane Society has rescued 71 beagles.",
                "The Humane Society has rescued 71 beagles.",
            ),
            (
                "\u{2022} In Montana, the pair are accused of arson.",
                "In Montana, the pair are accused of arson.",
            ),
            (
                "HALDEN (Continental Wire) - A quake struck on Sunday.",
                "A quake struck on Sunday.",
            ),
            (
                "-5 degrees is the forecast low.",
                "-5 degrees is the forecast low.",
            ),
            (
                "But the Water Board said the restrictions would stay.",
                "The Water Board said the restrictions would stay.",
            ),
            ("And yet, the fines rose.", "The fines rose."),
            (
                "However, 12 schools stayed shut.",
                "12 schools stayed shut.",
            ),
            (
                "Yet Another Studio shut on Friday.",
                "Yet Another Studio shut on Friday.",
            ),
            ("But why?", "But why?"),
            ("Butler County voted.", "Butler County voted."),
            (
                "(Haley will pick a senator who will serve until 2014.)",
                "Haley will pick a senator who will serve until 2014.",
            ),
            (
                "(Young Americans are still less likely to live with their parents.",
                "Young Americans are still less likely to live with their parents.",
            ),
            (
                "(Manhattan) and Long Island spend the most.",
                "(Manhattan) and Long Island spend the most.",
            ),
        ] {
            assert_eq!(shown_text(source), shown, "{source}");
        }
    }

    #[test]
    fn a_long_summary_has_no_transcript_turns_or_split_tails() {
        let d = doc(
            "a",
            Some("Lottery winner urged to sign the ticket"),
            "A lottery player in Ohio won the $1.5 billion Mega Millions jackpot on Friday. \
             Q: What should the winner of the jackpot do first? \
             A: Sign the back of the winning lottery ticket before anything else. \
             Experts said the winner of the jackpot should hire a lawyer and an accountant. \
             improving the odds of keeping the jackpot money for years. \
             The Mega Millions jackpot was the largest in the lottery's history.",
        );
        let opts = Options { words: Some(60) };
        let dg = digest(&[d], &opts);
        assert!(dg.summary.len() >= 2, "{:#?}", dg.summary);
        for s in &dg.summary {
            assert!(
                !s.text.starts_with("A:")
                    && !s.text.starts_with("Q:")
                    && !s.text.starts_with("improving"),
                "{:#?}",
                dg.summary
            );
        }
    }

    #[test]
    fn plans_and_dates_ahead() {
        for (text, ahead) in [
            ("The next rate decision is due on january 28.", true),
            (
                "the spirit and reign will meet again sunday in seattle.",
                true,
            ),
            (
                "producers later switched to the home next door at 66 perry.",
                false,
            ),
            (
                "the guards would live in a room next to the zimmermans.",
                false,
            ),
            (
                "lorennah, 6, and thunder, 4, are next on the track to success.",
                false,
            ),
            ("autopsies were scheduled for monday in fond du lac.", true),
            (
                "but will he shoulder the blame when it takes a dive?",
                false,
            ),
            (
                "she was scheduled to appear in court, and will plead guilty.",
                true,
            ),
            ("the final vote is set to take place in march.", true),
            ("it's set to open in the spring.", true),
            ("phones set to 'do not disturb' mode stayed silent.", false),
            (
                "by the next afternoon his temperature had shot to 104.6.",
                false,
            ),
            (
                "over the next several months, farrow collected evidence.",
                false,
            ),
            (
                "varadkar is to rush legislation through over the next few days.",
                true,
            ),
            ("the board meets again next week.", true),
        ] {
            assert_eq!(looks_ahead(&format!(" {text} ")), ahead, "{text}");
        }
        for (text, before) in [
            (
                "repairs were scheduled for \"the next financial year.\"",
                true,
            ),
            ("the team was expected to arrive on friday.", true),
            ("the service's full review is due next month.", false),
            (
                "the trawlers are expected to reach saltmere on thursday.",
                false,
            ),
        ] {
            assert_eq!(planned_before(&format!(" {text} ")), before, "{text}");
        }
        for (text, argued) in [
            (
                "the companies argue that scale will help them negotiate lower prices.",
                true,
            ),
            ("critics believe the charge will hurt shops.", true),
            ("the council will vote on the plan next week.", false),
            (
                "the authority said it will publish its findings in march.",
                false,
            ),
        ] {
            assert_eq!(argues_ahead(&format!(" {text} ")), argued, "{text}");
        }
    }

    #[test]
    fn a_relative_clause_about_something_else_is_no_role() {
        let d = doc(
            "a",
            Some("London's first underground line opens"),
            "Thousands of passengers rode the new line on Saturday, which was financed by \
             Metropolitan Railway Company. The line runs for six kilometres under the city. \
             Its tunnels were dug by workers hired by Metropolitan Railway Company.",
        );
        let dg = digest(&[d], &Options::default());
        let p = dg
            .players
            .iter()
            .find(|p| p.name == "Metropolitan Railway Company")
            .unwrap_or_else(|| panic!("{:#?}", dg.players));
        assert_eq!(p.role, "", "{p:?}");
    }

    #[test]
    fn shares_of_a_company_are_the_company() {
        let d = doc(
            "a",
            Some("Halden Foods recalls frozen pies"),
            "Halden Foods recalled 40,000 frozen pies on Monday. Shares of Halden Foods fell 6 \
             percent in early trading. Analysts said the shares could fall further.",
        );
        let dg = digest(&[d], &Options::default());
        let names: Vec<&str> = dg.players.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Halden Foods"], "{:#?}", dg.players);
    }

    #[test]
    fn a_player_named_once_in_passing_is_not_listed() {
        let d = doc(
            "a",
            Some("London's first underground line opens"),
            "Thousands of passengers rode the new line on Saturday, which was financed by \
             Metropolitan Railway Company. Mayor Ada Quill said the line runs for six \
             kilometres. Quill rode the first train.",
        );
        let dg = digest(&[d], &Options::default());
        let names: Vec<&str> = dg.players.iter().map(|p| p.name.as_str()).collect();
        assert!(
            !names.contains(&"Metropolitan Railway Company"),
            "{:#?}",
            dg.players
        );
        assert!(names.contains(&"Ada Quill"), "{:#?}", dg.players);
    }

    #[test]
    fn what_an_organisation_does_comes_from_a_sentence_that_tells_it() {
        // Neither "said on Monday" nor "announced the figure", which needs the sentence before,
        // tells what the board does; a sentence it opens after a connective does.
        let d = doc(
            "a",
            Some("Harwick lifts hosepipe ban"),
            "The Harwick Water Board said on Monday, a spokesman told reporters in Harwick. \
             Residents of Harwick queued for bottled water at the town hall on Tuesday morning. \
             The Harwick Water Board announced the figure on Thursday and thanked residents. \
             But the Harwick Water Board voted on Friday to lift the ban on garden hoses.",
        );
        let dg = digest(&[d], &Options::default());
        let board = dg
            .players
            .iter()
            .find(|p| p.name == "Harwick Water Board")
            .unwrap_or_else(|| panic!("{:#?}", dg.players));
        assert_eq!(
            board.role, "voted on Friday to lift the ban on garden hoses",
            "{:#?}",
            dg.players
        );
    }

    #[test]
    fn an_abbreviated_thing_and_a_bare_organisation_word_are_no_players() {
        let d = doc(
            "a",
            Some("Study links head injuries to memory loss in retired players"),
            "Researchers said on Monday that traumatic brain injury (TBI) was common among retired \
             players. TBI affected one in five players in the study, said lead author Mara Quint. \
             TBI was more common among linemen, the study found. \
             The Committee said it would review the findings, Mara Quint said. \
             The Committee has met twice this year, officials said.",
        );
        let dg = digest(&[d], &Options::default());
        let names: Vec<&str> = dg.players.iter().map(|p| p.name.as_str()).collect();
        assert!(!names.contains(&"TBI"), "{:#?}", dg.players);
        assert!(!names.contains(&"Committee"), "{:#?}", dg.players);
        assert!(names.contains(&"Mara Quint"), "{:#?}", dg.players);
    }

    #[test]
    fn a_one_word_company_counts_every_mention_once_introduced() {
        let d = doc(
            "a",
            Some("FreshWay and Greenbasket agree to merge"),
            "Supermarket chains FreshWay and Greenbasket said on Monday they would merge. \
             Regulator chair Beatrix Holm said the review would take months. \
             FreshWay shares rose 9 percent. \
             Greenbasket's food-waste scheme will be extended to every FreshWay store. \
             FreshWay said the analysis was speculative. \
             Shoppers would pay more, Beatrix Holm said.",
        );
        let dg = digest(&[d], &Options::default());
        let rank = |name: &str| {
            dg.players
                .iter()
                .position(|p| p.name == name)
                .unwrap_or_else(|| panic!("{name} missing: {:#?}", dg.players))
        };
        assert!(rank("FreshWay") < rank("Beatrix Holm"), "{:#?}", dg.players);
        let fresh = &dg.players[rank("FreshWay")];
        assert_eq!(fresh.kind, "organization");
        assert_eq!(fresh.role, "supermarket chain");
        rank("Greenbasket");
    }

    #[test]
    fn a_side_story_published_last_is_no_latest_news() {
        use chrono::TimeZone;
        let at = |d: u32| chrono::Utc.with_ymd_and_hms(2026, 11, d, 9, 0, 0).single();
        let mk = |id: &str, d: u32, title: &str, text: &str| Doc {
            published: at(d),
            ..doc(id, Some(title), text)
        };
        let docs = [
            mk(
                "a",
                9,
                "Flu vaccine doses delayed after contamination at Halbrook plant",
                "Delivery of 1.8 million flu vaccine doses will be delayed by three weeks after \
                 contamination at the Halbrook plant, the Health Ministry said on Monday. \
                 The ministry said remaining flu vaccine doses would go to people over 65.",
            ),
            mk(
                "b",
                10,
                "Flu vaccine shortage: ministry restricts doses",
                "The Health Ministry restricted flu vaccine doses to high-risk groups after the \
                 Halbrook plant contamination left a gap of 1.8 million doses.",
            ),
            mk(
                "b2",
                11,
                "Clinics run out of flu vaccine doses",
                "Clinics ran out of flu vaccine doses on Wednesday as the shortage of 1.8 million \
                 doses after the Halbrook plant contamination spread, the Health Ministry said.",
            ),
            mk(
                "b3",
                12,
                "Halbrook plant contamination: what went wrong",
                "Contamination at the Halbrook plant that delayed 1.8 million flu vaccine doses was \
                 found in routine testing, the Health Ministry said.",
            ),
            mk(
                "c",
                16,
                "Imported flu vaccine doses arrive",
                "The first 600,000 imported flu vaccine doses arrived to cover the shortage of \
                 1.8 million doses, the Health Ministry said.",
            ),
            mk(
                "d",
                18,
                "Mobile clinic to visit valley villages",
                "A mobile van will visit six villages in Alder Valley next week, sparing older \
                 residents a long drive.",
            ),
        ];
        let dg = digest(&docs, &Options::default());
        let second = dg.summary.get(1).map(|s| s.text.as_str()).unwrap_or("");
        assert!(
            second.starts_with("The first 600,000 imported flu vaccine doses"),
            "{:#?}",
            dg.summary
        );
    }

    #[test]
    fn a_leaning_sentence_dated_this_week_is_no_timeline_event() {
        let d = doc_on(
            10,
            "a",
            Some("Halden baker feeds neighbours after quake"),
            "The earthquake struck Halden on Sunday, killing nine people. \
                 Baker Marta Juhasz fed 900 neighbours from her shop on Monday. \
                 Stories like hers are everywhere in the Tarrow Basin this week.",
        );
        assert_no_timeline_entry(&[d], "Stories like hers");
    }

    /// The story's timeline has entries, none of them opening with `opening`.
    fn assert_no_timeline_entry(docs: &[Doc], opening: &str) {
        let dg = digest(docs, &Options::default());
        assert!(!dg.timeline.is_empty());
        assert!(
            dg.timeline.iter().all(|e| !e.text.starts_with(opening)),
            "{:#?}",
            dg.timeline
        );
    }

    #[test]
    fn an_outlets_plans_for_its_coverage_are_no_timeline_event() {
        // Nov 9 2026 is a Monday.
        let mut chronicle = doc_on(
            9,
            "a",
            Some("Northgate firefighters join the Halden rescue"),
            "Twenty-four firefighters from Northgate left for Halden on Monday to help with the rescue. \
                 The earthquake struck Halden on Sunday, killing nine people. \
                 The Chronicle will follow the Northgate team's work in Halden this week.",
        );
        chronicle.source = Some("Northgate Chronicle".into());
        assert_no_timeline_entry(&[chronicle], "The Chronicle");
    }

    #[test]
    fn a_question_is_no_claim() {
        let dg = clinics_in_two_outlets("Why did the ministry ignore warnings about its supplier?");
        let claims: Vec<&str> = dg
            .perspectives
            .iter()
            .flat_map(|p| p.unique_claims.iter().map(|c| c.text.as_str()))
            .chain(dg.agreed.iter().map(|c| c.text.as_str()))
            .collect();
        assert!(!claims.is_empty());
        assert!(!claims.iter().any(|c| c.ends_with('?')), "{claims:?}");
    }

    /// The article of every citation anywhere in a digest.
    fn cited_articles(d: &Digest) -> Vec<String> {
        fn walk(v: &serde_json::Value, under_citations: bool, out: &mut Vec<String>) {
            match v {
                serde_json::Value::Object(m) => {
                    if under_citations {
                        if let Some(serde_json::Value::String(a)) = m.get("article") {
                            out.push(a.clone());
                        }
                    }
                    for (k, x) in m {
                        walk(x, k == "citations", out);
                    }
                }
                serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, under_citations, out)),
                _ => {}
            }
        }
        let mut out = Vec::new();
        walk(
            &serde_json::to_value(d).unwrap_or_default(),
            false,
            &mut out,
        );
        out
    }

    #[test]
    fn a_story_of_thousands_of_articles_is_read_from_a_sample_over_its_time_span() {
        use chrono::TimeZone;
        let start = chrono::Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).single();
        let originals = 3 * MAX_READ + 7;
        // Listed newest first, as a store might give them, with three copies of each of the
        // first ten.
        let mut docs: Vec<Doc> = (0..originals)
            .rev()
            .map(|i| {
                let mut d = doc(
                    &format!("a{i}"),
                    Some("Rail strike halts northern trains"),
                    &format!(
                        "Rail workers walked out in the dispute over pay, union branch {i} said on the day."
                    ),
                );
                d.source = Some(format!("Outlet {i}"));
                d.published = start.map(|t| t + chrono::Duration::hours(i as i64));
                d
            })
            .collect();
        for i in 0..10 {
            for k in 0..3 {
                let mut c = docs[i].clone();
                c.id = format!("copy{i}-{k}");
                c.duplicate_of = Some(docs[i].id.clone());
                docs.push(c);
            }
        }
        let read = reading_sample(&docs).expect("a sample");
        let ids: Vec<&str> = read.iter().map(|d| d.id.as_str()).collect();
        let read_originals: Vec<&&str> = ids.iter().filter(|i| i.starts_with('a')).collect();
        assert_eq!(read_originals.len(), MAX_READ);
        // The newest and the oldest, in the story's order.
        assert_eq!(read_originals[0], &&*format!("a{}", originals - 1));
        assert_eq!(read_originals[MAX_READ - 1], &"a0");
        // Evenly spread: no gap of more than four hours between articles read.
        let hours: Vec<usize> = read_originals
            .iter()
            .filter_map(|i| i[1..].parse().ok())
            .collect();
        assert!(hours.windows(2).all(|w| w[0] - w[1] <= 4), "{hours:?}");
        // At most two copies of an original read; none of one not read.
        for d in read.iter().filter(|d| d.duplicate_of.is_some()) {
            let o = d.duplicate_of.as_deref().unwrap_or_default();
            assert!(ids.contains(&o), "{} copies {o}, not read", d.id);
            assert!(d.id.ends_with("-0") || d.id.ends_with("-1"), "{}", d.id);
        }
        let dg = digest(&docs, &Options::default());
        assert_eq!(dg.sources.len(), docs.len());
        let cited = cited_articles(&dg);
        assert!(!cited.is_empty());
        assert!(cited.iter().all(|c| ids.contains(&c.as_str())), "{cited:?}");
        // A story within the limit is read whole.
        assert!(reading_sample(&docs[..MAX_READ]).is_none());
    }

    #[test]
    fn wire_text_every_outlet_carries_is_agreed_not_one_outlets_claim() {
        let wire = "Rail workers across the northern region walked out on Monday in a dispute over pay and staffing. \
                    The union said the strike would continue until the operator returned to talks. \
                    The operator said it had offered a four percent raise and called the walkout regrettable. \
                    Transport minister Ellen Brandt urged both sides to meet before Friday.";
        let own = [
            "Local shops in Harwick reported far fewer customers in the town centre on Monday afternoon.",
            "Schools across Dunmore asked parents to plan for late arrivals during the rest of the week.",
            "Taxi firms in the city of Bellmouth said demand for their cabs had doubled overnight.",
            "Hospital managers in Carrow arranged shuttle buses from the station for night-shift nurses.",
        ];
        let docs: Vec<Doc> = own
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let mut d = doc_on(
                    9,
                    &format!("a{i}"),
                    Some("Rail strike halts northern trains"),
                    &format!("{wire} {line}"),
                );
                d.source = Some(format!("Outlet {i}"));
                d
            })
            .collect();
        let dg = digest(&docs, &Options::default());
        for p in &dg.perspectives {
            for c in &p.unique_claims {
                assert!(!wire.contains(&c.text), "{} alone: {}", p.source, c.text);
            }
        }
        let own_lines: Vec<&str> = dg
            .perspectives
            .iter()
            .flat_map(|p| p.unique_claims.iter().map(|c| c.text.as_str()))
            .collect();
        assert_eq!(own_lines.len(), 4, "{own_lines:?}");
        assert!(own_lines.iter().all(|c| own.contains(c)), "{own_lines:?}");
        assert!(!dg.agreed.is_empty());
        for c in &dg.agreed {
            assert!(wire.contains(&c.text), "{}", c.text);
            let outlets: std::collections::HashSet<&str> =
                c.citations.iter().map(|x| x.article.as_str()).collect();
            assert!(outlets.len() >= 3, "{c:?}");
        }
        // The summary tells the wire report, not one outlet's local colour.
        assert!(
            dg.summary.iter().all(|c| wire.contains(&c.text)),
            "{:#?}",
            dg.summary
        );
    }

    #[test]
    fn a_claim_is_one_outlets_own_only_if_no_other_of_many_outlets_uses_its_words() {
        let wire = "Floodwater from the Dunmore river closed the northern valley road on Monday.";
        let mut docs: Vec<Doc> = (0..70)
            .map(|i| {
                let mut d = doc_on(
                    9,
                    &format!("a{i}"),
                    Some("Flood closes valley road"),
                    &format!(
                        "{wire} Crews from outlet {i} watched the water rise near the bridge."
                    ),
                );
                d.source = Some(format!("Outlet {i}"));
                d
            })
            .collect();
        let own =
            "Volunteers led by Quentin Albarran sandbagged the Dunmore depot through the night.";
        docs[0].text.push_str(&format!(" {own}"));
        // Outlet 64 uses the same words, spread over sentences none of which matches the claim.
        docs[64].text.push_str(
            " Quentin Albarran has lived beside the river for forty years and knows its moods. \
             The Dunmore depot stores grain for most farms in the region's eastern half. \
             Neighbours said volunteers worked through the night despite heavy rain and wind. \
             Sandbagged streets held back most of the water, according to local residents.",
        );
        let dg = digest(&docs, &Options::default());
        let claims: Vec<&str> = dg
            .perspectives
            .iter()
            .flat_map(|p| p.unique_claims.iter().map(|c| c.text.as_str()))
            .collect();
        assert!(!claims.contains(&own), "{claims:?}");
    }

    /// A local outlet's report on flu clinics (its last sentence `last`) and a wire story that
    /// shares one of its sentences, digested together.
    fn clinics_in_two_outlets(last: &str) -> Digest {
        let mut ledger = doc_on(
            9,
            "a",
            Some("Clinics run out of flu vaccine in Lakeside"),
            &format!(
                "Two family clinics in Lakeside ran out of flu vaccine on Monday. \
                 Nurses at the Eastbank clinic turned away forty patients before noon. {last}"
            ),
        );
        ledger.source = Some("Lakeside Ledger".into());
        let mut wire = doc_on(
            9,
            "b",
            Some("Flu vaccine rationing begins"),
            "Flu vaccinations were restricted to high-risk groups on Monday. \
             Two family clinics in Lakeside ran out of flu vaccine on Monday.",
        );
        wire.source = Some("Continental Wire".into());
        digest(&[ledger, wire], &Options::default())
    }

    #[test]
    fn an_outlets_plan_for_its_coverage_is_no_claim_of_its_own() {
        let dg = clinics_in_two_outlets(
            "The Lakeside Ledger will publish updated clinic times as they become available.",
        );
        let claims: Vec<&str> = dg
            .perspectives
            .iter()
            .flat_map(|p| p.unique_claims.iter().map(|c| c.text.as_str()))
            .collect();
        assert!(
            claims
                .iter()
                .any(|c| c.starts_with("Nurses at the Eastbank")),
            "{claims:?}"
        );
        assert!(
            !claims.iter().any(|c| c.starts_with("The Lakeside Ledger")),
            "{claims:?}"
        );
    }

    #[test]
    fn an_outlet_telling_of_its_own_coverage() {
        let mut chronicle = doc("a", None, "");
        chronicle.source = Some("Northgate Chronicle".into());
        let mut post = doc("b", None, "");
        post.source = Some("The Meridian Post".into());
        let docs = [chronicle, post];
        for (sentence, own) in [
            (
                "The Chronicle will follow the team's work in Halden this week.",
                true,
            ),
            ("Northgate Chronicle will publish the list on Monday.", true),
            (
                "The Northgate Chronicle will publish the list on Monday.",
                true,
            ),
            ("The Meridian Post will update this story.", true),
            (
                "The Post, which broke the story, will print the letters.",
                true,
            ),
            ("This newspaper will publish the full report.", true),
            (
                "Northgate's rescue team will fly to Halden on Monday.",
                false,
            ),
            ("The Postal Service will raise prices next year.", false),
            ("The council will vote on Tuesday.", false),
        ] {
            assert_eq!(an_outlet_about_itself(&docs, sentence), own, "{sentence}");
        }
    }

    #[test]
    fn near_duplicate_names_merge() {
        for (short, long, same) in [
            ("Port Authority", "Port Calder Port Authority", true),
            ("Corvane", "Corvane Systems", true),
            ("Port Calder", "Port Calder Port Authority", true),
            ("Calder Port", "Port Calder Port Authority", false),
            ("Halberd Bank", "National Reserve Bank", false),
            ("Corvane Systems", "Shares of Corvane Systems", false),
            ("Mariners", "Port Calder Mariners", true),
        ] {
            assert_eq!(names_match(short, long), same, "{short} / {long}");
        }
        let docs = vec![doc(
            "a",
            None,
            "The Port Calder Port Authority approved the plan on Monday after a long debate. \
             Port Authority chief executive Gregor Lindqvist said the plan was sound and fair. \
             Mayor Elena Voss, who does not sit on the board, welcomed the decision warmly.",
        )];
        let d = digest(&docs, &Options::default());
        let names: Vec<&str> = d.players.iter().map(|p| p.name.as_str()).collect();
        assert!(names.contains(&"Port Calder Port Authority"), "{names:?}");
        assert!(!names.contains(&"Port Authority"), "{names:?}");
    }

    #[test]
    fn a_player_named_again_by_surname_leads_and_a_capitalised_opener_is_no_first_name() {
        let docs = vec![
            doc(
                "a",
                None,
                "Mayor Elena Voss, who opened the new bridge on Monday, cut the ribbon at noon. \
                 Engineer Tomas Brandt, who designed the bridge, said the span was the longest in the region. \
                 Brandt spent six years on the design and tested it in a wind tunnel twice. \
                 The city paid Brandt's firm $40 million for the work on the crossing.",
            ),
            doc(
                "b",
                None,
                "Mayor Elena Voss said the bridge would cut the drive to the port by twenty minutes. \
                 Tomas Brandt watched the first cars cross the bridge from the riverbank on Monday. \
                 Brandt said the hardest part had been the foundations in the soft riverbed.",
            ),
        ];
        let d = digest(&docs, &Options::default());
        let names: Vec<&str> = d.players.iter().map(|p| p.name.as_str()).collect();
        // The mayor is named in full twice, Brandt once; but Brandt is named by surname four
        // more times.
        assert_eq!(names.first(), Some(&"Tomas Brandt"), "{names:?}");
        assert!(!names.contains(&"Engineer Tomas Brandt"), "{names:?}");
        assert!(names.contains(&"Elena Voss"), "{names:?}");
    }

    #[test]
    fn a_role_naming_the_player_is_not_its_own() {
        let docs = vec![doc(
            "a",
            None,
            "The central bank raised its benchmark rate to 4.75 percent on Thursday. \
             \"Rates will stay high for months,\" said Mateo Lindqvist-Ortiz, chief economist at \
             Halberd Bank. Halberd Bank raised its own mortgage rates within hours of the decision.",
        )];
        let d = digest(&docs, &Options::default());
        let person = d.players.iter().find(|p| p.name == "Mateo Lindqvist-Ortiz");
        assert_eq!(
            person.map(|p| p.role.as_str()),
            Some("chief economist at Halberd Bank"),
            "{:?}",
            d.players
        );
        let bank = d.players.iter().find(|p| p.name == "Halberd Bank");
        assert!(
            bank.is_some_and(|b| b.role.contains("raised its own mortgage rates")),
            "{bank:?}"
        );
        // Met only as someone's affiliation: not a player of its own.
        let docs = vec![doc(
            "a",
            None,
            "The central bank raised its benchmark rate to 4.75 percent on Thursday. \
             \"Rates will stay high for months,\" said Mateo Lindqvist-Ortiz, chief economist at \
             Halberd Bank.",
        )];
        let d = digest(&docs, &Options::default());
        assert!(
            d.players.iter().all(|p| p.name != "Halberd Bank"),
            "{:?}",
            d.players
        );
        // Named on its own in another sentence (not as the subject, with no role): a player.
        let docs = vec![doc(
            "a",
            None,
            "The conservancy asked the Coastal District Court on Monday to halt the dredging plan. \
             \"The plan is lawful,\" said Judge Miriam Osei of the Coastal District Court.",
        )];
        let d = digest(&docs, &Options::default());
        assert!(
            d.players.iter().any(|p| p.name == "Coastal District Court"),
            "{:?}",
            d.players
        );
    }

    /// What a digest tells in sentences: the summary, takeaways and why it matters.
    fn told(dg: &Digest) -> Vec<&str> {
        dg.summary
            .iter()
            .chain(&dg.takeaways)
            .chain(&dg.why_it_matters)
            .map(|c| c.text.as_str())
            .collect()
    }

    #[test]
    fn a_second_outlets_rewording_is_not_repeated() {
        let d = |id: &str, src: &str, text: &str| Doc {
            source: Some(src.into()),
            ..doc(
                id,
                Some("Calder council approves $40 million flood wall"),
                text,
            )
        };
        let docs = vec![
            d(
                "a",
                "Ledger",
                "The Calder council approved a $40 million flood wall along the Orrin river on Tuesday after a six-hour debate. \
                 The wall will protect about 2,000 homes in the river district from spring floods. \
                 Construction is due to start in March and last two years. \
                 Engineers said the concrete wall would stand 3 metres high along 4 kilometres of bank.",
            ),
            d(
                "b",
                "Wire",
                "On Tuesday the Calder council gave the go-ahead for a $40 million flood wall along the Orrin river following a six-hour debate. \
                 About 2,000 homes in the river district will be protected by the wall from spring floods, officials said. \
                 Opponents on the council said the cost would push up local taxes by 4 percent. \
                 The river burst its banks twice in the past decade, flooding 600 homes in 2019.",
            ),
            d(
                "c",
                "Gazette",
                "Calder's council approved the $40 million Orrin river flood wall on Tuesday after a six-hour debate. \
                 The national flood fund will pay $15 million of the cost, the council said. \
                 Residents of the river district have asked for a wall since the 2019 floods. \
                 Insurers said premiums in the district could fall once the wall is built.",
            ),
        ];
        let dg = digest(&docs, &Options::default());
        let said = told(&dg);
        let approvals = said
            .iter()
            .filter(|s| s.contains("six-hour debate"))
            .count();
        assert_eq!(approvals, 1, "the approval is told once: {said:#?}");
        let homes = said.iter().filter(|s| s.contains("2,000 homes")).count();
        assert_eq!(homes, 1, "the 2,000 homes are told once: {said:#?}");
        // What only one outlet says is still there.
        assert!(said.iter().any(|s| s.contains("4 percent")), "{said:#?}");
        assert!(said.iter().any(|s| s.contains("$15 million")), "{said:#?}");
    }

    #[test]
    fn the_summary_opens_with_the_lede_even_when_a_later_sentence_says_more() {
        let d = |id: &str, title: &str, text: &str| Doc {
            source: Some(id.into()),
            ..doc(id, Some(title), text)
        };
        // A short wire story, carried word for word by two more outlets (so its title is the
        // headline), and two longer rewordings of its lede.
        let wire = |id: &str, copy_of: Option<&str>| Doc {
            duplicate_of: copy_of.map(str::to_string),
            ..d(
                id,
                "Calder council approves flood wall",
                "The Calder council approved a flood wall on Tuesday. \
                 Engineers said the wall would stand 3 metres high along the river. \
                 Opponents said the cost would push up local taxes by 4 percent.",
            )
        };
        let docs = vec![
            wire("wire", None),
            wire("wire-copy", Some("wire")),
            wire("wire-copy-2", Some("wire")),
            d(
                "ledger",
                "Flood wall backed after six-hour debate",
                "The Calder council approved a $40 million flood wall on Tuesday after a six-hour debate, and the wall will protect 2,000 homes. \
                 Construction is due to start in March and last two years.",
            ),
            d(
                "gazette",
                "Calder flood wall wins approval",
                "The council in Calder approved a $40 million flood wall on Tuesday after six hours of debate that will protect 2,000 homes. \
                 The national flood fund will pay $15 million of the cost.",
            ),
        ];
        let dg = digest(&docs, &Options::default());
        let lede = dg.headline.citations.first().map(|c| c.article.clone());
        let first = dg.summary.first().expect("a summary");
        assert_eq!(
            first
                .citations
                .first()
                .map(|c| (c.article.clone(), c.sentence)),
            lede.map(|a| (a, 0)),
            "{:#?} / {:#?}",
            dg.headline,
            told(&dg)
        );
    }

    #[test]
    fn an_announcement_overtaken_by_later_reports_is_left_out() {
        use chrono::TimeZone;
        let at = |d: u32| chrono::Utc.with_ymd_and_hms(2026, 11, d, 8, 0, 0).single();
        let d = |id: &str, day: u32, text: &str| Doc {
            published: at(day),
            source: Some(id.into()),
            ..doc(id, Some("Harbour board backs $480 million terminal"), text)
        };
        // Friday 6 November: the vote is announced for Monday; later reports tell the vote.
        let docs = vec![
            d(
                "before",
                6,
                "The Calder Harbour Board will vote on Monday on the terminal plan, which Mayor Ines Ribeiro calls the biggest bet on the waterfront since the 1988 breakwater. \
                 The plan adds two deep-water berths and deepens the main channel to 16 metres. \
                 Bonds worth $260 million will go on sale on December 14 to pay for most of it.",
            ),
            d(
                "after",
                10,
                "The Calder Harbour Board voted 7-2 on Monday to approve the $480 million east terminal expansion. \
                 The expansion is expected to create 1,200 construction jobs. \
                 Two members said the cost to the port's budget was too high.",
            ),
            d(
                "later",
                12,
                "Shipping companies said on Wednesday that the $480 million expansion would raise port fees. \
                 The port's chief executive said fees would rise by no more than 9 percent.",
            ),
        ];
        let dg = digest(&docs, &Options::default());
        let said = told(&dg);
        assert!(
            !said.iter().any(|s| s.contains("will vote on Monday")),
            "{said:#?}"
        );
        // An announcement for a day still ahead stays.
        assert!(said.iter().any(|s| s.contains("December 14")), "{said:#?}");
        assert!(said.iter().any(|s| s.contains("voted 7-2")), "{said:#?}");
        // The board is described by what it did, not by the vote it was going to hold.
        let board = dg
            .players
            .iter()
            .find(|p| p.name == "Calder Harbour Board")
            .expect("the board is a player");
        assert!(board.role.contains("voted 7-2"), "{board:?}");
    }

    #[test]
    fn a_date_in_a_side_clause_does_not_tell_when() {
        for (sentence, day, side) in [
            (
                "When the gallery reopened on Saturday, one of its rooms was devoted to the port.",
                "Saturday",
                true,
            ),
            (
                "Within four hours of the decision on Thursday, the banks had raised their rates.",
                "Thursday",
                true,
            ),
            (
                "If the merger announced on Monday goes through, prices will rise.",
                "Monday",
                true,
            ),
            (
                "The Mariners, who beat Rovers 2-1 on Saturday, are owned by a shipping magnate.",
                "Saturday",
                true,
            ),
            (
                "The carmaker, which recalled 41,000 cars on Tuesday, says owners got an update.",
                "Tuesday",
                true,
            ),
            (
                "The renovation, celebrated at its reopening on Saturday, cost $86 million.",
                "Saturday",
                true,
            ),
            (
                "Sunday's marathon had a little of everything.",
                "Sunday",
                true,
            ),
            (
                "It gave 14 seconds of warning before Monday night's earthquake.",
                "Monday",
                true,
            ),
            (
                "After five hours of comment, the board voted 7-2 on Monday to approve it.",
                "Monday",
                false,
            ),
            (
                "The observatory, 40 kilometres north of town, announced on Wednesday that it found water.",
                "Wednesday",
                false,
            ),
            (
                "There were cheers when the doors swung open on Saturday morning.",
                "Saturday",
                false,
            ),
            ("On Saturday, Smith's team won the final.", "Saturday", false),
            (
                "For Alder Valley, the merger announced on Monday is not an abstract question.",
                "Monday",
                true,
            ),
            (
                "The vote scheduled for Tuesday night will decide the charge.",
                "Tuesday",
                true,
            ),
            (
                "The bank announced on Monday it will close 40 branches.",
                "Monday",
                false,
            ),
            (
                "Parents breathed a sigh of relief on Friday after the union agreed a deal.",
                "Friday",
                false,
            ),
        ] {
            let at = sentence.find(day).unwrap_or(0);
            assert_eq!(dates_a_side_clause(sentence, at, day.len()), side, "{sentence}");
        }
    }

    #[test]
    fn a_first_sentence_leaning_back_is_no_lede() {
        // The page answered its own heading ("Why is this important?"); the heading was dropped,
        // so the answer would open the story with nothing to answer.
        let docs = [doc(
            "d0",
            Some("Good Country Index crowns Sweden, US not in top 20"),
            "Because the index rewards countries that help the rest of the world. \
             The latest edition of the Good Country Index crowned Sweden the best country in the world on Monday. \
             The United States came 21st in the index, which ranks 163 nations. \
             The index is compiled by policy adviser Simon Anholt from United Nations and World Bank data.",
        )];
        let dg = digest(&docs, &Options::default());
        let what = faq_answer(&dg, "What happened?");
        assert!(what.starts_with("The latest edition"), "{what}");
        assert!(
            dg.summary.iter().all(|s| !s.text.starts_with("Because")),
            "{:?}",
            dg.summary
        );
    }

    #[test]
    fn when_it_happened_is_the_day_the_lead_names() {
        use chrono::TimeZone;
        // Nov 9 is a Monday, Nov 10 (the report) a Tuesday. The timeline tells Monday with the
        // lead, which "What happened?" shows; "when" is told by another sentence of Monday, not
        // by a later side event (Tuesday).
        let docs = [Doc {
            published: chrono::Utc.with_ymd_and_hms(2026, 11, 10, 9, 0, 0).single(),
            source: Some("wire".into()),
            ..doc(
                "wire",
                Some("1.6 million flu vaccine doses delayed after problem at Brannock plant"),
                "Delivery of 1.6 million flu vaccine doses will be delayed by at least three weeks after a contamination problem at the Brannock plant, the Health Ministry said on Monday. \
                 The ministry on Monday restricted flu vaccinations to people over 65 and pregnant women. \
                 A charter flight carrying 200,000 imported doses landed at Harlow airport on Tuesday. \
                 Pharmacies will start turning away younger patients on Wednesday.",
            )
        }];
        let dg = digest(&docs, &Options::default());
        let when = faq_answer(&dg, "When did it happen?");
        assert!(
            when.starts_with("The ministry on Monday restricted"),
            "{when}"
        );
        let monday = dg
            .timeline
            .iter()
            .find(|e| e.date_iso == "2026-11-09")
            .expect("Monday in the timeline");
        assert!(
            monday.text.starts_with("Delivery of 1.6 million"),
            "{}",
            monday.text
        );
    }

    #[test]
    fn when_it_happened_is_no_preview_of_a_day() {
        // Nov 11 2026 is a Wednesday; the lead names no date, so "When" falls back on the
        // timeline, whose latest entry before the newest report is a preview of Saturday.
        let first = doc_on(
            11,
            "a",
            Some("Greyfell astronomers find water on a distant planet"),
            "Astronomers at the Greyfell Observatory have found water vapour on a distant planet. \
                 The team first observed the planet in 2024 with a new spectrograph. \
                 To celebrate, the observatory is opening its doors on Saturday evening.",
        );
        let later = doc_on(
            17,
                "b",
                Some("Greyfell water find draws crowds"),
                "Astronomers at the Greyfell Observatory found water vapour on a distant planet, and visitors queued to see the telescope.",
        );
        let dg = digest(&[first, later], &Options::default());
        let when = faq_answer(&dg, "When did it happen?");
        assert!(
            when.starts_with("The team first observed the planet in 2024"),
            "{when}"
        );
    }

    #[test]
    fn a_preview_overtaken_by_the_report_neither_leads_nor_tells_when() {
        use chrono::TimeZone;
        // Nov 10 2026 is a Tuesday. A preview written on Monday says the council will vote on
        // Tuesday; the report says it did.
        let preview = Doc {
            published: chrono::Utc.with_ymd_and_hms(2026, 11, 9, 9, 0, 0).single(),
            source: Some("post".into()),
            ..doc(
                "preview",
                Some("Meridian council to vote on $12 congestion charge"),
                "Meridian City Council will vote on Tuesday on whether to charge drivers $12 a day to enter the city centre. \
                 The congestion charge would apply on weekdays inside the Ring Boulevard. \
                 Shop owners say the congestion charge will keep customers away.",
            )
        };
        let preview2 = Doc {
            published: chrono::Utc.with_ymd_and_hms(2026, 11, 9, 12, 0, 0).single(),
            source: Some("herald".into()),
            ..doc(
                "preview2",
                Some("Council decides on congestion charge"),
                "The council will decide on Tuesday whether drivers pay a $12 congestion charge to enter the city centre. \
                 Drivers entering the city centre would pay the congestion charge on weekdays.",
            )
        };
        let report = Doc {
            published: chrono::Utc.with_ymd_and_hms(2026, 11, 10, 20, 0, 0).single(),
            source: Some("wire".into()),
            ..doc(
                "report",
                Some("Meridian approves $12 congestion charge"),
                "Meridian City Council on Tuesday approved a $12 daily congestion charge for drivers entering the city centre. \
                 The vote was 27 to 24 on Tuesday evening. \
                 The charge will apply on weekdays inside the Ring Boulevard from March.",
            )
        };
        let dg = digest(&[preview, preview2, report], &Options::default());
        // The preview's day came and the report tells what happened: the report leads, under
        // its own headline.
        assert_eq!(dg.headline.text, "Meridian approves $12 congestion charge");
        assert!(
            dg.summary[0]
                .text
                .starts_with("Meridian City Council on Tuesday approved"),
            "{:?}",
            dg.summary
        );
        let when = faq_answer(&dg, "When did it happen?");
        assert!(when.starts_with("The vote was 27 to 24"), "{when}");
    }

    #[test]
    fn a_sentences_event_date() {
        use chrono::TimeZone;
        let published = chrono::Utc.with_ymd_and_hms(2026, 11, 9, 9, 0, 0).single();
        let docs = [Doc {
            published,
            ..doc("a", None, "")
        }];
        // (sentence, the event's date, or none); Nov 9 2026 is a Monday.
        for (text, want) in [
            (
                "Kiprotich-Vane crossed the line in 2:06:41, taking 74 seconds off the course record set in 2019.",
                None,
            ),
            ("The record was set in 2019.", Some("2019")),
            ("The mill turned on Saturday.", Some("2026-11-07")),
            ("Fans filled the stadium built in 2012.", None),
            (
                "The system, launched in 2023, uses a network of 310 sensors.",
                None,
            ),
            ("The bill, passed on Monday, raises taxes.", Some("2026-11-09")),
            (
                "Figures show 4,300 posts were vacant this school year, up from 2,900 in 2023.",
                None,
            ),
            ("Cases rose to 40, compared with 12 in 2019.", None),
            ("Prices rose more than in 2019.", None),
            ("Phish grossed more than $30 million in 2014.", Some("2014")),
            (
                "The senator stepped down from the bench in 2009 to run for governor.",
                Some("2009"),
            ),
            (
                "The earthquake is unrelated to the quake that struck the Tarrow Basin on November 8.",
                None,
            ),
            (
                "Officials said that the bank raised rates on Thursday.",
                Some("2026-11-05"),
            ),
            (
                "The storm, which made landfall on Sunday, killed five.",
                Some("2026-11-08"),
            ),
            (
                "Marty Balin, who co-founded the band in 1965, died on Thursday.",
                Some("2026-11-05"),
            ),
            (
                "The fault, which last produced a comparable shock in 1988, runs offshore.",
                None,
            ),
            (
                "A team has found water in a study published on Wednesday.",
                Some("2026-11-04"),
            ),
            (
                "Temperatures were eight degrees above the November average.",
                None,
            ),
            (
                "The lake is 2.1 metres below its average level for November.",
                None,
            ),
            ("Rain fell in November.", Some("2026-11")),
            (
                "The charge approved by Meridian City Council on Tuesday will depend on 212 cameras.",
                None,
            ),
            (
                "Meridian City Council approved the charge on Tuesday and will review it in a year.",
                Some("2026-11-03"),
            ),
            (
                "Next year's race is scheduled for November 7, 2027.",
                Some("2027-11-07"),
            ),
        ] {
            let one = [Doc {
                text: text.into(),
                ..docs[0].clone()
            }];
            let p = prep::prepare(&one);
            let got = p.sents.first().and_then(|s| event_date(&one, s));
            assert_eq!(got.as_ref().map(|f| f.iso.as_str()), want, "{text}");
        }
    }

    #[test]
    fn a_period_looked_back_over_is_not_the_events_date() {
        // Nov 14 2026 is a Saturday, the report is of Sunday Nov 15.
        let docs = [doc_on(
            15,
                "mill",
                Some("Millbrook's old mill grinds again"),
                "For the first time since 1961, the waterwheel at Millbrook Mill turned on Saturday morning. \
                 Volunteers spent six years restoring the wheel and the millstones. \
                 Flour sales have doubled since March, the volunteers said.",
        )];
        let dg = digest(&docs, &Options::default());
        let dates: Vec<(&str, &str)> = dg
            .timeline
            .iter()
            .map(|e| (e.date_iso.as_str(), e.text.as_str()))
            .collect();
        assert!(
            dates
                .iter()
                .any(|(d, t)| *d == "2026-11-14" && t.starts_with("For the first time")),
            "{dates:?}"
        );
        assert!(
            !dates
                .iter()
                .any(|(d, _)| d.starts_with("1961") || d.starts_with("2026-03")),
            "{dates:?}"
        );
    }

    #[test]
    fn a_timeline_entry_leaning_on_the_sentence_before_is_shown_after_it() {
        // Nov 13 2026 is a Friday; "Thursday" is Nov 12.
        let docs = [doc_on(
            13,
            "ledger",
            Some("Lakeside cuts water use by 14 percent"),
            "Three days into its strictest water restrictions, the town of Lakeside has cut its water use by 14 percent. \
             The Lakeside Water Board announced the figure on Thursday and credited residents. \
             Farmers in the valley still face a 30 percent cut in irrigation water this winter.",
        )];
        let dg = digest(&docs, &Options::default());
        let e = dg
            .timeline
            .iter()
            .find(|e| e.date_iso == "2026-11-12")
            .expect("Thursday's entry");
        assert!(
            e.text.starts_with("Three days into") && e.text.ends_with("credited residents."),
            "{e:?}"
        );
        let cited: Vec<usize> = e.citations.iter().map(|c| c.sentence).collect();
        assert_eq!(cited, [1, 0]);
    }

    #[test]
    fn a_title_covering_the_whole_story_outranks_a_side_story() {
        let d = |id: &str, title: &str, text: &str| Doc {
            source: Some(id.into()),
            ..doc(id, Some(title), text)
        };
        let docs = [
            d(
                "wire",
                "Magnitude 5.9 earthquake off Corran Bay triggers tsunami warning",
                "A magnitude 5.9 earthquake struck off Corran Bay late on Monday, triggering a tsunami warning for the coast. \
                 Two people died in Dunmere when a wall collapsed. \
                 The tsunami warning was lifted after three hours.",
            ),
            d(
                "daily",
                "Dunmere counts the damage after the Corran Bay earthquake",
                "Dunmere spent Tuesday counting the damage from the Corran Bay earthquake. \
                 The earthquake cracked the harbour wall, and the tsunami warning sent families uphill overnight. \
                 Two people died when a wall collapsed.",
            ),
            d(
                "post",
                "Tsunami sirens stayed silent in two Corran Bay villages",
                "Tsunami sirens failed in two Corran Bay villages during Monday's earthquake. \
                 Officials said the sirens had not been serviced since 2022. \
                 Residents learned of the tsunami warning from their phones.",
            ),
            d(
                "herald",
                "Vell fishermen send boats and nets to help Dunmere rebuild",
                "Fishermen from Vell sailed to Dunmere on Tuesday with boats, nets and tools after the earthquake. \
                 The Vell fishermen's cooperative said twelve boats would stay in Dunmere for a week. \
                 Dunmere fishermen lost nets and boats in the harbour when the earthquake cracked the wall. \
                 The Vell fishermen also brought food for Dunmere families who slept uphill.",
            ),
        ];
        let p = prep::prepare(&docs);
        let coverage = title_coverage(&p);
        let wire = coverage("Magnitude 5.9 earthquake off Corran Bay triggers tsunami warning");
        let side = coverage("Vell fishermen send boats and nets to help Dunmere rebuild");
        assert!(wire > 0.5 && side < 0.4, "wire {wire}, side story {side}");
        assert_eq!(coverage(""), 0.0);
        let dg = digest(&docs, &Options::default());
        assert!(
            !dg.headline.text.contains("fishermen"),
            "{}",
            dg.headline.text
        );
    }

    #[test]
    fn a_pending_decision_a_later_report_settles_is_not_what_comes_next() {
        use chrono::TimeZone;
        let at = |d: u32| chrono::Utc.with_ymd_and_hms(2026, 11, d, 9, 0, 0).single();
        let d = |id: &str, day: u32, text: &str| Doc {
            published: at(day),
            source: Some(id.into()),
            ..doc(id, None, text)
        };
        let docs = [
            d(
                "wire",
                16,
                "FreshWay and Greenbasket agreed on Monday to merge in a $2.7 billion deal that would create the country's largest grocer. \
                 The combined group would have 640 stores and 38 percent of the grocery market. \
                 FreshWay shareholders would own 58 percent of the combined company. \
                 Shares in FreshWay rose 9 percent in morning trading after the announcement. \
                 The two chains employ 48,000 people between them.",
            ),
            d(
                "post",
                16,
                "Supermarket chains FreshWay and Greenbasket said on Monday they would merge, creating a grocer with 640 stores. \
                 The chains said savings would allow them to cut prices on everyday items. \
                 Farmers worry that the merged group will squeeze what it pays for milk. \
                 The Competition Authority will decide whether to open a full investigation. \
                 Consumer groups said prices in small towns could rise.",
            ),
            d(
                "herald",
                19,
                "The Competition Authority said on Thursday it would open an in-depth investigation into the FreshWay and Greenbasket merger. \
                 The $2.7 billion merger of FreshWay and Greenbasket was announced on Monday.",
            ),
        ];
        let next = |docs: &[Doc]| {
            digest(docs, &Options::default())
                .faq
                .into_iter()
                .find(|f| f.question == "What happens next?")
                .map(|f| f.answer)
        };
        // Before the regulator decided, its decision is what comes next.
        let before = next(&docs[..2]);
        assert!(
            before
                .as_deref()
                .is_some_and(|a| a.contains("will decide whether")),
            "{before:?}"
        );
        // After, it is not.
        let after = next(&docs);
        assert!(
            after
                .as_deref()
                .is_none_or(|a| !a.contains("will decide whether")),
            "{after:?}"
        );
    }

    #[test]
    fn a_figure_a_later_report_gives_anew_leaves_the_summary() {
        use chrono::TimeZone;
        let at = |d: u32, h: u32| chrono::Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).single();
        let d = |id: &str, day: u32, title: &str, text: &str| Doc {
            published: at(day, 9),
            source: Some(id.into()),
            ..doc(id, Some(title), text)
        };
        let docs = [
            d(
                "wire",
                17,
                "Harwick teachers begin two-day strike",
                "Teachers in Harwick went on strike on Tuesday, closing 90 schools and keeping 30,000 pupils at home. \
                 The Harwick school board has offered 3.5 percent. \
                 Picket lines formed outside most schools before dawn.",
            ),
            d(
                "daily",
                17,
                "Schools shut across Harwick as teachers strike",
                "Schools across Harwick were shut on Tuesday as teachers walked out over pay. \
                 The Harwick school board has offered 3.5 percent, union leader Mara Olsen said. \
                 Parents set up day camps in church halls.",
            ),
            d(
                "herald",
                20,
                "Harwick teachers reach tentative deal after strike",
                "The Harwick Teachers' Union and the school board reached a tentative agreement on Friday, ending the dispute. \
                 The deal offers a 5.5 percent pay rise over two years. \
                 Union members will vote on the deal next week.",
            ),
        ];
        let dg = digest(&docs, &Options::default());
        let shown: Vec<&str> = dg
            .summary
            .iter()
            .chain(&dg.takeaways)
            .map(|s| s.text.as_str())
            .collect();
        // The board's first offer is what the deal replaced: not the story's present state, nor
        // what the outlets agree on now, although two of three printed it.
        assert!(
            !shown.iter().any(|s| s.contains("offered 3.5 percent")),
            "{shown:#?}"
        );
        assert!(
            !dg.agreed
                .iter()
                .any(|s| s.text.contains("offered 3.5 percent")),
            "{:#?}",
            dg.agreed
        );
        // The same articles all on one day: nothing replaced the offer yet.
        let same_day = all_published_at(&docs, at(17, 9));
        let dg = digest(&same_day, &Options::default());
        assert!(
            dg.summary
                .iter()
                .chain(&dg.takeaways)
                .any(|s| s.text.contains("offered 3.5 percent")),
            "{:#?}",
            dg.summary
        );
    }

    #[test]
    fn a_developing_story_summary_tells_its_latest_news_second() {
        use chrono::TimeZone;
        let at = |d: u32, h: u32| chrono::Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).single();
        let d = |id: &str, day: u32, hour: u32, title: &str, text: &str| Doc {
            published: at(day, hour),
            source: Some(id.into()),
            ..doc(id, Some(title), text)
        };
        let strike = [
            d(
                "wire",
                17,
                8,
                "Harwick teachers begin two-day strike",
                "Teachers in Harwick went on strike on Tuesday, closing 90 schools and keeping 30,000 pupils at home. \
                 The Harwick Teachers' Union is demanding an 8 percent pay rise. \
                 The Harwick school board has offered 3.5 percent.",
            ),
            d(
                "daily",
                17,
                11,
                "Schools shut across Harwick as teachers strike",
                "Schools across Harwick were shut on Tuesday as teachers walked out over pay. \
                 Union leader Mara Olsen said the Harwick school board's offer of 3.5 percent was an insult. \
                 Parents set up day camps in church halls.",
            ),
            d(
                "post",
                18,
                9,
                "Harwick strike enters second day",
                "The Harwick teachers' strike entered its second day on Wednesday with no talks planned. \
                 Union leader Mara Olsen said teachers would not go back for 3.5 percent.",
            ),
        ];
        let deal = d(
            "herald",
            20,
            15,
            "Harwick teachers reach tentative deal after strike",
            "The Harwick Teachers' Union and the school board reached a tentative agreement on Friday, offering a 5.5 percent pay rise over two years. \
             Union members will vote on the deal next week.",
        );
        let mut docs = strike.to_vec();
        docs.push(deal);
        let dg = digest(&docs, &Options::default());
        let summary: Vec<&str> = dg.summary.iter().map(|s| s.text.as_str()).collect();
        assert!(summary.len() >= 2, "{summary:#?}");
        // How the story began opens it (the strike on Tuesday), the latest news follows.
        assert!(summary[0].contains("on Tuesday"), "{summary:#?}");
        assert!(
            summary[1].contains("tentative agreement on Friday"),
            "{summary:#?}"
        );
        assert_eq!(dg.summary[1].citations[0].article, "herald");
        // The latest news names the story's subject, so it is also the headline.
        assert_eq!(
            dg.headline.text,
            "Harwick teachers reach tentative deal after strike"
        );
        // A story told within one day has no separate latest news: the same articles, all on
        // the Tuesday, give a summary without the Friday sentence in second place.
        let same_day = all_published_at(&docs, at(17, 8));
        let dg = digest(&same_day, &Options::default());
        assert!(
            dg.summary
                .get(1)
                .is_none_or(|s| s.citations[0].article != "herald"),
            "{:#?}",
            dg.summary
        );
    }

    #[test]
    fn a_title_opening_with_a_common_noun_is_supported_by_the_story() {
        let news = doc(
            "news",
            Some("Astronomers detect water vapour on Kestrel-4b"),
            "A team at the Greyfell Observatory has detected water vapour on the planet Kestrel-4b. \
             The team observed eleven transits.",
        );
        let other = |text: &str| doc("other", Some("Greyfell celebrates"), text);
        // Another outlet writes "astronomers": an ordinary word, not a name to check.
        let docs = vec![
            news.clone(),
            other("Local astronomers celebrated the Kestrel-4b find at the Greyfell pub."),
        ];
        let p = prep::prepare(&docs);
        let h = cited_title(&docs, &p, 0).expect("supported");
        assert_eq!(h.citations[0].article, "news");
        // Nobody writes it in lower case: checked like a name, and unsupported.
        let docs = vec![news, other("The Greyfell pub was full on Wednesday night.")];
        let p = prep::prepare(&docs);
        assert!(cited_title(&docs, &p, 0).is_none());
    }

    #[test]
    fn leaving_a_place_is_no_stake() {
        let docs = vec![doc(
            "a",
            Some("Storm cuts power across county"),
            "The storm knocked out power across the county on Monday, leaving 5,000 homes in the dark in the biggest outage in years. \
             After leaving the shelter, residents said they would clear the fallen trees themselves.",
        )];
        let first = why_of(&docs, &[]);
        assert!(
            first
                .as_deref()
                .is_some_and(|t| t.starts_with("The storm knocked out power")),
            "{first:?}"
        );
        // With the consequence already told, leaving a shelter is no stake.
        assert_eq!(why_of(&docs, &[0]), None);
    }

    /// Why it matters for these docs, with the sentences `used` already told.
    fn why_of(docs: &[Doc], used: &[usize]) -> Option<String> {
        let p = prep::prepare(docs);
        let sc = rank::score(&p, &RankParams::default());
        let lower: Vec<String> = p
            .sents
            .iter()
            .map(|s| format!(" {} ", s.text.to_lowercase()))
            .collect();
        let leaning: Vec<bool> = p.sents.iter().map(|s| leans_back(s.text)).collect();
        why_it_matters(&p, &sc, &lower, used, &leaning).map(|i| p.sents[i].text.to_string())
    }

    #[test]
    fn a_side_detail_one_article_introduced_is_not_shown_alone() {
        let docs = vec![
            doc(
                "a",
                Some("Flu vaccine shortage"),
                "The flu vaccine shortage left clinics without doses on Monday. \
                 The flu vaccine shortage will last three weeks.",
            ),
            doc(
                "b",
                Some("Clinics run out of flu vaccine"),
                "Clinics ran out of flu vaccine doses as the shortage spread.",
            ),
            doc(
                "c",
                Some("Mobile clinic for valley villages"),
                "A mobile van will visit six villages in the valley next week. \
                 The van will carry 1,500 flu vaccine doses to make up for the shortage.",
            ),
        ];
        let p = prep::prepare(&docs);
        let side = side_references(&p);
        let flagged: Vec<&str> = (0..p.sents.len())
            .filter(|&i| side[i])
            .map(|i| p.sents[i].text)
            .collect();
        assert_eq!(
            flagged,
            ["The van will carry 1,500 flu vaccine doses to make up for the shortage."]
        );
    }

    #[test]
    fn figures_of_a_sentence_for_telling_repeats() {
        for (text, want) in [
            (
                "Hackers took data on 2.3 million workers at its 4,100 clients.",
                &["2.3", "4100"][..],
            ),
            ("Imports cost $14.2 million, 40% more.", &["14.2", "40"][..]),
            // Years and labels are not figures.
            ("From 2010 to 2012 the 2D:4D ratio fell.", &[][..]),
        ] {
            assert_eq!(numbers_in(text), want, "{text}");
        }
    }

    #[test]
    fn a_takeaway_does_not_retell_a_shown_fact_with_a_detail() {
        let docs = [
            doc(
                "a",
                None,
                "A magnitude 5.7 earthquake struck off the Kelvane Coast on Monday evening, prompting a tsunami warning. \
                 The magnitude 5.7 quake damaged at least 30 fishing boats in Saltmere's harbour and caused part of its north quay to sink. \
                 Forty-one people were treated for injuries, the region said. \
                 The tsunami warning was lifted after two hours, the National Seismic Service said.",
            ),
            doc(
                "b",
                None,
                "A magnitude 5.7 earthquake hit the Kelvane Coast on Monday, and residents of Saltmere fled to higher ground. \
                 The magnitude 5.7 quake damaged 30 boats and cracked the old lighthouse at Gull Point. \
                 Fishermen said repairs to the quay could take months. \
                 Schools in Saltmere stayed closed on Tuesday while engineers checked the buildings.",
            ),
        ];
        let dg = digest(&docs, &Options::default());
        let shown: Vec<&str> = dg
            .summary
            .iter()
            .chain(&dg.takeaways)
            .map(|s| s.text.as_str())
            .collect();
        let boats = shown.iter().filter(|s| s.contains("30")).count();
        assert_eq!(boats, 1, "{shown:#?}");
    }

    #[test]
    fn a_superlative_that_picks_one_of_a_set_is_no_stake() {
        let pad = |t: &str| format!(" {} ", t.to_lowercase());
        for (text, want) in [
            ("The quake was the strongest in the basin since 1954.", true),
            (
                "It was the deadliest flood in the region in 40 years.",
                true,
            ),
            (
                "The breach is among the largest in the country's history.",
                true,
            ),
            ("The worst of the storm has passed the city.", false),
            (
                "Sensors heard the quake before the strongest shaking reached the town.",
                false,
            ),
            ("Citi has trouble selling worst pieces - WSJ on pg.", false),
            (
                "More than 40 aftershocks followed, the largest of magnitude 4.8.",
                false,
            ),
            ("Three quarters of the cars were sold.", false),
            (
                "The storm cut power on Monday, leaving 5,000 homes in the dark.",
                true,
            ),
            (
                "He leaves behind his wife and two sons, the family said.",
                false,
            ),
        ] {
            assert_eq!(speaks_of_stakes(&pad(text)), want, "{text}");
        }
    }

    #[test]
    fn why_it_matters_prefers_stakes_to_plans() {
        let docs = vec![doc(
            "a",
            Some("Harwick bans garden hoses"),
            "The Harwick water board on Monday banned garden hoses after the reservoir fell low. \
             The Harwick water board will review the garden hose ban on Monday next spring. \
             The ban affects about 30,000 households in Harwick and nearby villages. \
             \"The ban affects every one of us in this town,\" said resident Jo Marsh on Monday.",
        )];
        assert_eq!(
            why_of(&docs, &[]).as_deref(),
            Some("The ban affects about 30,000 households in Harwick and nearby villages.")
        );
        // With the stakes already told, only a plan is left, and a plan is not why it matters.
        assert_eq!(why_of(&docs, &[2, 3]), None);
    }

    #[test]
    fn a_detail_cause_or_a_threatening_injury_is_not_why_it_matters() {
        let docs = vec![doc(
            "a",
            Some("Climbers abandon Shishapangma attempt"),
            "Two climbers abandoned their attempt on the summit of Shishapangma on Monday. \
             They turned back twice this month because of bad weather near the summit. \
             One climber was treated for non-life threatening injuries at the base camp on Monday. \
             The expedition will try again next spring if the permits are renewed.",
        )];
        assert_eq!(why_of(&docs, &[]), None);
        assert!(speaks_of_stakes(
            " the storm threatens 5,000 homes on the coast. "
        ));
        assert!(!speaks_of_stakes(
            " it applies only to a threatened listing. "
        ));
        assert!(speaks_of_stakes(
            " the closure will impact 3,000 commuters a day. "
        ));
        assert!(!speaks_of_stakes(
            " the impact killed the driver and sent the car into the river. "
        ));
        assert!(!speaks_of_stakes(
            " an impact velocity of 6.25 m/s was measured. "
        ));
        assert!(speaks_of_stakes(
            " for households, the impact will be felt quickly. "
        ));
    }

    #[test]
    fn outlets_agree_on_shared_facts_and_keep_their_own() {
        let d = |id: &str, src: &str, text: &str| Doc {
            source: Some(src.into()),
            ..doc(id, None, text)
        };
        let docs = vec![
            d(
                "a",
                "Herald",
                "The Harwick council approved the new harbour bridge on Monday by nine votes to two. \
                 Local traders said the bridge would bring more visitors to the old market square.",
            ),
            d(
                "b",
                "Wire",
                "Harwick council members approved the new harbour bridge on Monday, nine votes to two. \
                 Engineers expect construction of the bridge to take about three years to complete.",
            ),
            d(
                "c",
                "Post",
                "The new harbour bridge was approved by the Harwick council on Monday in a nine to two vote. \
                 Critics warned that the toll on the bridge would burden commuters from the suburbs.",
            ),
        ];
        let dg = digest(&docs, &Options::default());
        assert!(!dg.agreed.is_empty(), "{:#?}", dg.perspectives);
        assert!(dg.agreed[0].text.contains("bridge"));
        assert!(dg.agreed[0].citations.len() >= 2);
        // Each outlet's own claims are its own sentences, not the shared one.
        for p in &dg.perspectives {
            for c in &p.unique_claims {
                assert!(p.articles.contains(&c.citations[0].article));
                assert!(!c.text.contains("nine"), "{c:?}");
            }
        }
        assert!(check::check_digest(&dg, &docs).is_empty());
    }

    #[test]
    fn a_title_supported_after_the_lede_is_kept_and_cited_there() {
        let text = "The city council met on Tuesday evening to discuss the new cameras. \
            Officials described how the system would work across the centre. \
            Residents asked many questions about privacy and storage. \
            The network will use 212 cameras at every entry point of Meridian. \
            Privacy groups said they would watch the rollout closely.";
        let docs = vec![doc(
            "a",
            Some("Meridian's charge runs on 212 cameras"),
            text,
        )];
        let d = digest(&docs, &Options::default());
        assert_eq!(d.headline.text, "Meridian's charge runs on 212 cameras");
        assert!(
            d.headline.citations.iter().any(|c| c.sentence == 3),
            "{:?}",
            d.headline
        );
        let v = check::check_digest(&d, &docs);
        assert!(v.iter().all(|x| !x.field.starts_with("headline")), "{v:?}");
    }

    #[test]
    fn a_story_without_titles_is_not_headlined_by_an_opening_phrase() {
        // Every sentence is too long to be a headline whole; the most central one opens with
        // "According to …", whose first clause would be a fragment.
        let docs = [
            doc(
                "a",
                None,
                "According to the lawsuit filed in federal court on Monday, the bakery chain fired three workers who had complained about unpaid overtime at its plant. \
                 The bakery chain fired the three workers after they complained about unpaid overtime, and the workers now want their jobs back at the plant.",
            ),
            doc(
                "b",
                None,
                "According to court papers filed on Monday, the bakery chain fired three plant workers who had complained about unpaid overtime and missing breaks.",
            ),
            doc(
                "c",
                None,
                "According to the complaint filed on Monday, the bakery chain fired three workers who had complained about unpaid overtime at its plant.",
            ),
        ];
        let dg = digest(&docs, &Options::default());
        let h = &dg.headline.text;
        assert_eq!(
            h,
            "The bakery chain fired the three workers after they complained about unpaid overtime",
            "{:#?}",
            dg.headline
        );
    }

    #[test]
    fn a_story_without_titles_takes_the_headline_line_its_text_opens_with() {
        // The texts carry their headlines as lines of their own (no closing punctuation); one
        // opens with a page stamp instead. The headline line is no sentence of the summary.
        let docs = [
            doc(
                "a",
                None,
                "Published on Sep 8, 2015\n\nThe bakery chain fired three workers on Monday after they complained about unpaid overtime at its plant. \
                 The workers now want their jobs back, their lawyer said.",
            ),
            doc(
                "b",
                None,
                "Bakery chain fires three workers who complained about overtime\n\nThe bakery chain fired three plant workers on Monday who had complained about unpaid overtime and missing breaks. \
                 A spokesman for the chain declined to comment on the dismissals.",
            ),
        ];
        let dg = digest(&docs, &Options::default());
        assert_eq!(
            dg.headline.text, "Bakery chain fires three workers who complained about overtime",
            "{:#?}",
            dg.headline
        );
        assert_eq!(dg.headline.citations, vec![cite(&docs, 1, 0)]);
        assert!(
            dg.summary
                .iter()
                .all(|s| !s.text.contains("Bakery chain fires") && !s.text.contains("Published")),
            "{:#?}",
            dg.summary
        );
    }

    #[test]
    fn a_cut_off_last_line_is_no_headline_line() {
        let docs = [doc(
            "a",
            None,
            "The zoo said the cub was born on Monday after a long labour.\n\nThe San Diego Zoo Safari Park is absolutely",
        )];
        let dg = digest(&docs, &Options::default());
        assert_eq!(
            dg.headline.text, "The zoo said the cub was born on Monday after a long labour",
            "{:#?}",
            dg.headline
        );
    }

    #[test]
    fn a_story_without_a_headline_clause_is_headlined_by_a_cut_sentence_not_a_stray_clause() {
        // No first clause reads as a headline (two opening phrases and a quotation), and the one
        // plain sentence has no clause to cut: its first 14 words, marked as cut, not "According
        // to a police report filed on Monday".
        let docs = [
            doc(
                "a",
                None,
                "According to a police report filed on Monday, the driver of the delivery van lost control on the icy bridge and hit four parked cars.",
            ),
            doc(
                "b",
                None,
                "\"We were lucky nobody was walking there,\" said a witness who saw the delivery van hit the parked cars on the icy bridge on Monday.",
            ),
            doc(
                "c",
                None,
                "When the delivery van skidded on the icy bridge on Monday, it hit four parked cars and a lamp post, police said.",
            ),
            doc(
                "d",
                None,
                "The driver of the delivery van crashed into four parked cars and a lamp post on the icy bridge on Monday morning.",
            ),
        ];
        let dg = digest(&docs, &Options::default());
        assert_eq!(
            dg.headline.text,
            "The driver of the delivery van crashed into four parked cars and a lamp\u{2026}",
            "{:#?}",
            dg.headline
        );
        assert_eq!(dg.headline.citations, vec![cite(&docs, 3, 0)]);
    }

    #[test]
    fn a_cut_headline_tells_an_article_first_sentence() {
        // No clause reads as a headline; the most central plain sentence is the second of its
        // article, but a headline tells what a lede tells.
        let docs = [
            doc(
                "a",
                None,
                "According to police, nobody was hurt when the crash happened on the bridge on Monday. \
                 The driver of the delivery van crashed into four parked cars and a lamp post on the icy bridge on Monday morning after the van skidded on the icy bridge.",
            ),
            doc(
                "b",
                None,
                "A council gritting lorry had not reached the bridge before a delivery van skidded and crashed into four parked cars there on Monday morning.",
            ),
        ];
        let dg = digest(&docs, &Options::default());
        assert!(
            dg.headline
                .text
                .starts_with("A council gritting lorry had not reached the bridge"),
            "{:#?}",
            dg.headline
        );
    }

    #[test]
    fn headline_is_never_empty() {
        let long = "Storm Delia closes ports along the coast as officials in Harwick order residents to leave low-lying homes tonight";
        // (docs, expected headline)
        let table: Vec<(Vec<Doc>, &str)> = vec![
            // Only fragments too short to quote: the title, cited to the sentence naming Harwick.
            (
                vec![doc("a", Some("Harwick floods"), "Photos. Harwick floods again.")],
                "Harwick floods",
            ),
            // A boilerplate page with a title (nothing in its text supports it).
            (
                vec![doc(
                    "a",
                    Some("Harwick council votes"),
                    "Tweet with a location. You can add location information to your Tweets.",
                )],
                "Harwick council votes",
            ),
            // A title longer than 14 words is cut.
            (
                vec![doc("a", Some(long), "Storm Delia. Harwick. Officials.")],
                "Storm Delia closes ports along the coast as officials in Harwick order residents to…",
            ),
            // No title: the opening words of the first sentence.
            (vec![doc("a", None, "Rain fell in Harwick.")], "Rain fell in Harwick."),
            // No title: a sentence leaning on the one before is no headline.
            (
                vec![doc(
                    "a",
                    None,
                    "It was the third fire at the Harwick battery plant since it opened. \
                     Firefighters battled the blaze at the Harwick battery plant for six hours on \
                     Monday.",
                )],
                "Firefighters battled the blaze at the Harwick battery plant for six hours on Monday",
            ),
        ];
        for (docs, want) in table {
            let d = digest(&docs, &Options::default());
            assert_eq!(d.headline.text, want);
            assert!(storyline_core::text::word_count(&d.headline.text) <= 14);
            let v = check::check_digest(&d, &docs);
            let furniture = docs.iter().all(|x| prep::is_boilerplate_doc(&x.text));
            assert!(
                furniture || v.iter().all(|x| !x.field.starts_with("headline")),
                "{want}: {v:?}"
            );
        }
    }
}
