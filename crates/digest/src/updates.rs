//! Figures that later reports replaced.
//!
//! A developing story changes its numbers: an offer of 3.5 percent becomes a deal at 5.5 percent, a
//! toll of nine becomes fourteen. The short summary and the takeaways are read as the story's
//! present state, so a sentence whose figure a report published at least six hours later gives
//! differently does not fill them ("The board has offered 3.5 percent" after the deal).
//!
//! A figure here is a number with its kind: a percent, an amount of one currency, or a count of
//! one noun ("137 schools"). Two figures speak of the same thing when they are of one kind, of
//! the same order of magnitude, and have the same content word just before the number ("offered
//! 3.5 percent", "the offer of 5.5 percent") or two content words in common around it, one of them
//! before it in both ("cut its water use by 14 percent", "water use has fallen 17 percent"). A
//! word in common anywhere in the sentence is not enough: one story holds many numbers. A target,
//! forecast or threshold is not a state that news overtakes, and a later sentence set at another
//! time ("since 1954, when a magnitude 6.5 earthquake killed 31 people") replaces nothing.
//!
//! Everything else about the sentence stays: it may still be cited in the timeline, the FAQ and
//! the figures (after current ones), since it was true when it was written.

use crate::prep::{self, stem};
use crate::Doc;
use storyline_core::text;

/// How much later (in hours of published time) a report must be to replace an earlier figure:
/// wire copies of one report a few minutes apart are the same news, not an update.
const LATER_HOURS: i64 = 6;

/// Words near a number that say nothing about what it measures: reporting verbs, hedges, units of
/// time, and verbs of change ("rose 4 percent" and "a rise of 4.75 percent" may be anything).
const VAGUE: &[&str] = &[
    "said",
    "says",
    "told",
    "according",
    "about",
    "around",
    "nearly",
    "almost",
    "roughly",
    "least",
    "more",
    "less",
    "than",
    "over",
    "under",
    "some",
    "just",
    "only",
    "percent",
    "per",
    "cent",
    "year",
    "years",
    "month",
    "months",
    "week",
    "weeks",
    "day",
    "days",
    "hour",
    "hours",
    "minute",
    "minutes",
    "second",
    "seconds",
    "total",
    "million",
    "billion",
    "thousand",
    "new",
    "since",
    "earlier",
    "last",
    "first",
    "even",
    "though",
    "well",
    "way",
    "including",
    "rise",
    "rises",
    "rose",
    "risen",
    "rising",
    "fall",
    "falls",
    "fell",
    "fallen",
    "falling",
    "increase",
    "increased",
    "increases",
    "grow",
    "grew",
    "grown",
    "climb",
    "climbed",
    "jump",
    "jumped",
    "drop",
    "dropped",
    "cut",
    "cuts",
    "up",
    "down",
];

/// Stems of words that make a figure a projection, an aim or a threshold rather than a state: a
/// target or a forecast is not overtaken by what happened ("the 20 percent target", "assumed a
/// maximum temperature of 18 degrees", "the 40,000 signatures needed to force a referendum").
const PROJECTION: &[&str] = &[
    "target", "goal", "aim", "forecast", "predict", "assum", "project", "hop", "plan", "need",
    "requir",
];

/// Counted nouns that are spans of time: "finished in 4 hours" and "in 5 hours" are two runners,
/// not an update.
const TIME_NOUNS: &[&str] = &["hour", "minut", "second", "day", "week", "month", "year"];

/// How far apart two values of one thing may be: an update moves a figure, it does not change
/// its order of magnitude ($22 tickets and an $86 million renovation are both costs).
const MAX_RATIO: f64 = 4.0;

/// The kind of a death toll ("killed 12 people", "the death toll rose to 14").
const TOLL: &str = "count toll";

/// Scale words after a number ("2.3 million").
const SCALES: &[(&str, f64)] = &[
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
    ("bn", 1e9),
    ("m", 1e6),
];

/// One number of a sentence: what kind of figure it is, its value, and the content words around
/// it, kept as hashes of their stems (a story has many figures to pair; integers compare fast).
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    pub kind: String,
    pub value: f64,
    /// A projection word near the number ([`PROJECTION`]).
    pub projected: bool,
    kind_id: u64,
    /// The nearest content word before the number, within three words ("offered 3.5 percent",
    /// "the offer of 5.5 percent").
    head_id: Option<u64>,
    /// The content words of the four words before the number.
    before_ids: Vec<u64>,
    /// The content words around the number (the four before, the three after its unit).
    context_ids: Vec<u64>,
}

/// The token without the punctuation around it (a currency sign and a percent sign are kept).
fn trim(tok: &str) -> &str {
    tok.trim_matches(|c: char| !(c.is_alphanumeric() || matches!(c, '$' | '€' | '£' | '%')))
}

/// A number written with digits ("3.5", "41,000"); None for anything else.
fn number(tok: &str) -> Option<f64> {
    if tok.is_empty()
        || !tok
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return None;
    }
    if !tok.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    tok.replace(',', "").parse().ok()
}

/// A content word's stem, or None for a stop word, a vague word, a number or a short word.
fn content_stem(tok: &str) -> Option<String> {
    let w = trim(tok).to_lowercase();
    if w.chars().count() < 3
        || !w.chars().all(char::is_alphabetic)
        || text::is_stopword(&w)
        || VAGUE.contains(&w.as_str())
        || text::month_number(&w).is_some()
    {
        return None;
    }
    Some(stem(&w))
}

/// The figures of a sentence.
pub fn slots(sentence: &str) -> Vec<Slot> {
    let toks: Vec<&str> = sentence.split_whitespace().collect();
    let lower: Vec<String> = toks.iter().map(|t| trim(t).to_lowercase()).collect();
    let mut out = Vec::new();
    for i in 0..toks.len() {
        let t = trim(toks[i]);
        let (currency, digits) = match t.chars().next() {
            Some(c @ ('$' | '€' | '£')) => (Some(c), &t[c.len_utf8()..]),
            _ => (None, t),
        };
        let (digits, pct_sign) = match digits.strip_suffix('%') {
            Some(d) => (d, true),
            None => (digits, false),
        };
        let Some(mut value) = number(digits) else {
            continue;
        };
        // A year or a time of day is a date, not a figure.
        let clock = toks[i].contains(':')
            || matches!(
                lower.get(i + 1).map(String::as_str),
                Some("am" | "pm" | "a.m" | "p.m")
            );
        let year_like = currency.is_none()
            && !pct_sign
            && !digits.contains([',', '.'])
            && (1900.0..=2100.0).contains(&value);
        if clock || (year_like && lower.get(i + 1).is_none_or(|w| w != "percent")) {
            continue;
        }
        let mut next = i + 1;
        if let Some(&(_, scale)) = lower
            .get(next)
            .and_then(|w| SCALES.iter().find(|(s, _)| s == w))
        {
            value *= scale;
            next += 1;
        }
        let kind = if pct_sign || lower.get(next).is_some_and(|w| w == "percent") {
            if !pct_sign {
                next += 1;
            }
            "percent".to_string()
        } else if lower.get(next).is_some_and(|w| w == "per")
            && lower.get(next + 1).is_some_and(|w| w == "cent")
        {
            next += 2;
            "percent".to_string()
        } else if let Some(c) = currency {
            format!("amount {c}")
        } else if crate::figures::death_toll_reaches(&toks, i) {
            TOLL.to_string()
        } else {
            // A count: the noun right after the number.
            match lower.get(next) {
                Some(w)
                    if w.chars().count() >= 3
                        && w.chars().all(char::is_alphabetic)
                        && !text::is_stopword(w)
                        && text::month_number(w).is_none() =>
                {
                    let noun = stem(w);
                    if TIME_NOUNS.contains(&noun.as_str()) {
                        continue;
                    }
                    next += 1;
                    // "killed at least 12 people", "12 people died": the death toll.
                    let near = &lower[i.saturating_sub(4)..(next + 3).min(lower.len())];
                    let deaths = matches!(w.as_str(), "people" | "persons" | "dead" | "deaths")
                        && near.iter().any(|x| crate::tells_deaths(x));
                    if deaths {
                        TOLL.to_string()
                    } else {
                        format!("count {noun}")
                    }
                }
                _ => continue,
            }
        };
        let noun = kind.strip_prefix("count ").map(str::to_string);
        let after = toks.get(next..(next + 3).min(toks.len())).unwrap_or(&[]);
        let words = |toks: &[&str]| -> Vec<u64> {
            toks.iter()
                .filter_map(|t| content_stem(t))
                .filter(|s| Some(s) != noun.as_ref())
                .map(|s| fnv(&s))
                .collect()
        };
        let before_ids = words(&toks[i.saturating_sub(4)..i]);
        let context_ids: Vec<u64> = before_ids.iter().copied().chain(words(after)).collect();
        let projected = toks[i.saturating_sub(8)..i]
            .iter()
            .chain(after)
            .filter_map(|t| content_stem(t))
            .any(|s| PROJECTION.iter().any(|p| s.starts_with(p)));
        let head_id = toks[i.saturating_sub(3)..i]
            .iter()
            .rev()
            .find_map(|t| content_stem(t))
            .filter(|s| Some(s) != noun.as_ref())
            .map(|s| fnv(&s));
        out.push(Slot {
            kind_id: fnv(&kind),
            kind,
            value,
            projected,
            head_id,
            before_ids,
            context_ids,
        });
    }
    out
}

/// FNV-1a of a word.
fn fnv(w: &str) -> u64 {
    w.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Whether figure `later` gives the thing `earlier` measured a different value: the same kind,
/// a different value of the same order, and the same word before the number or two content words
/// in common around it.
fn replaces(later: &Slot, earlier: &Slot) -> bool {
    let (a, b) = (later.value.abs(), earlier.value.abs());
    if later.kind_id != earlier.kind_id
        || later.projected
        || earlier.projected
        || a == b
        || a > b * MAX_RATIO
        || b > a * MAX_RATIO
    {
        return false;
    }
    // A story has one death toll: its kind says what it counts.
    if later.head_id.is_some() && later.head_id == earlier.head_id || later.kind == TOLL {
        return true;
    }
    // Two words in common, one of them before the number in both (what the number is of, not
    // only the noun phrase after it: "1.8 million flu vaccine doses" delayed and "600,000 flu
    // vaccine doses" arrived are two lots).
    let mut shared = 0;
    let mut before_both = false;
    for w in &later.context_ids {
        if earlier.context_ids.contains(w) {
            shared += 1;
            before_both |= later.before_ids.contains(w) && earlier.before_ids.contains(w);
        }
    }
    shared >= 2 && before_both
}

/// Per sentence of `p`: a kept sentence one of whose figures a report published at least
/// [`LATER_HOURS`] later gives a different value for.
pub fn superseded(docs: &[Doc], p: &prep::Prepared<'_>) -> Vec<bool> {
    let mut out = vec![false; p.sents.len()];
    let mut usable = vec![false; docs.len()];
    for &d in &p.usable_docs {
        if let Some(u) = usable.get_mut(d) {
            *u = true;
        }
    }
    // Every sentence with a figure of the articles that take part (not copies, not boilerplate)
    // may give it anew, shown or not ("The deal offers a 5.5 percent pay rise" is too plain to
    // quote); only a kept sentence is marked. Most sentences have no digit: that test is first.
    let mut dated: Vec<(chrono::DateTime<chrono::Utc>, usize, Vec<Slot>)> = p
        .sents
        .iter()
        .enumerate()
        .filter(|(_, s)| usable.get(s.doc).copied().unwrap_or(false))
        .filter(|(_, s)| s.text.bytes().any(|b| b.is_ascii_digit()))
        .filter_map(|(i, s)| {
            let t = docs.get(s.doc)?.published?;
            let fs = slots(s.text);
            (!fs.is_empty()).then_some((t, i, fs))
        })
        .collect();
    dated.sort_by_key(|&(t, i, _)| (t, i));
    let (Some(first), Some(last)) = (dated.first(), dated.last()) else {
        return out;
    };
    if (last.0 - first.0).num_hours() < LATER_HOURS {
        return out;
    }
    // A sentence about another time ("since 1954, when a magnitude 6.5 earthquake killed 31
    // people"; "earlier this month") replaces nothing and is replaced by nothing; a year still
    // ahead ("to 28 by 2028") is a term of the news, not another time.
    let current: Vec<bool> = dated
        .iter()
        .map(|(when, i, _)| {
            let text = p.sents[*i].text;
            let past_year = text
                .split(|c: char| !c.is_ascii_digit())
                .filter_map(crate::dates::year_of)
                .any(|y| y < chrono::Datelike::year(when));
            !past_year && !crate::tells_another_time(&format!(" {} ", text.to_lowercase()))
        })
        .collect();
    let gap = chrono::Duration::hours(LATER_HOURS);
    for ((when, i, mine), &now) in dated.iter().zip(&current) {
        // A figure told of another time ("first proposed in 2019, when it was costed at $310
        // million") is history, which no later figure makes wrong.
        if !p.sents[*i].keep || !now {
            continue;
        }
        // Sorted by time: the reports late enough are a tail of the list.
        let from = dated.partition_point(|(t, _, _)| *t < *when + gap);
        out[*i] = dated[from..]
            .iter()
            .zip(&current[from..])
            .any(|((_, _, fs), &now)| {
                now && fs.iter().any(|f| mine.iter().any(|e| replaces(f, e)))
            });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<(String, f64)> {
        slots(s).into_iter().map(|x| (x.kind, x.value)).collect()
    }

    #[test]
    fn figures_and_their_kinds() {
        let table: &[(&str, &[(&str, f64)])] = &[
            ("The board has offered 3.5 percent.", &[("percent", 3.5)]),
            ("Prices rose 4.1% in May.", &[("percent", 4.1)]),
            ("a rise of 2 per cent", &[("percent", 2.0)]),
            ("It will cost $480 million.", &[("amount $", 480e6)]),
            ("closing 137 schools", &[("count school", 137.0)]),
            ("2.3 million workers", &[("count worker", 2.3e6)]),
            // Years, days of the month and times are not figures.
            ("in 2011, on March 3 at 10:30 am", &[]),
            ("by September 2028", &[]),
            ("at 9 am", &[]),
            ("the 41,000 cars", &[("count car", 41000.0)]),
            // A death toll, however it is told.
            (
                "The quake killed at least 12 people.",
                &[("count toll", 12.0)],
            ),
            (
                "The death toll rose to 14 on Tuesday.",
                &[("count toll", 14.0)],
            ),
            ("About 3,000 people rallied.", &[("count peopl", 3000.0)]),
        ];
        for (s, want) in table {
            let want: Vec<(String, f64)> = want.iter().map(|(k, v)| (k.to_string(), *v)).collect();
            assert_eq!(kinds(s), want, "{s}");
        }
    }

    #[test]
    fn a_later_figure_replaces_one_of_the_same_thing() {
        let slot = |s: &str| slots(s).remove(0);
        let offer = slot("The Northgate Regional Education Board has offered 3.5 percent.");
        let deal = slot("The offer of 5.5 percent over two years will now go to a ballot.");
        assert!(replaces(&deal, &offer));
        // The same value is no update.
        let same = slot("The board's offer of 3.5 percent was rejected.");
        assert!(!replaces(&same, &offer));
        // Another percent of another thing.
        let turnout = slot("Turnout in the ballot was 71 percent.");
        assert!(!replaces(&turnout, &offer));
        // Counts of one noun about one thing; not of another noun.
        let nine = slot("The quake killed 9 people in the valley.");
        let fourteen = slot("The number of people killed rose to 14 people on Tuesday.");
        assert!(replaces(&fourteen, &nine));
        let crowd = slot("About 3,000 people rallied outside the offices.");
        assert!(!replaces(&crowd, &nine));
        // A death toll, told with its noun or without.
        let twelve = slot("The earthquake killed at least 12 people and injured 200.");
        let toll = slot("The death toll from Sunday's earthquake rose to 14 on Tuesday.");
        assert!(replaces(&toll, &twelve));
    }

    #[test]
    fn history_is_neither_replaced_nor_replacing() {
        use chrono::TimeZone;
        let doc = |id: &str, day: u32, text: &str| Doc {
            id: id.into(),
            text: text.into(),
            published: chrono::Utc
                .with_ymd_and_hms(2026, 11, day, 9, 0, 0)
                .single(),
            ..Doc::default()
        };
        let docs = [
            doc(
                "early",
                9,
                "The port board said the Eastquay expansion will cost $310 million. \
                 In 2019 the port board said the Eastquay expansion would cost $290 million.",
            ),
            doc(
                "late",
                16,
                "The port board said the Eastquay expansion will now cost $480 million. \
                 In 2021 the port board said the Eastquay expansion would cost $350 million.",
            ),
        ];
        let p = prep::prepare(&docs);
        let marked: Vec<&str> = superseded(&docs, &p)
            .iter()
            .zip(&p.sents)
            .filter(|(m, _)| **m)
            .map(|(_, s)| s.text)
            .collect();
        // The current cost is given anew; what it was costed at in 2019 stays true.
        assert_eq!(
            marked,
            ["The port board said the Eastquay expansion will cost $310 million."]
        );
    }
}
