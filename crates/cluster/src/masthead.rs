//! Publisher tags at the ends of headlines.
//!
//! Aggregator feeds (Google News among them) and many sites end every headline with the outlet's
//! name: "Quake hits central Chile - Reuters", "… | CNN". Left in, that name is a headline word
//! shared by every story the outlet carries, and headline-only clustering glues unrelated stories
//! of one outlet together. A trailing segment is dropped before tokenizing when it names the
//! article's source, or when it has already ended several different headlines: a masthead
//! repeats on story after story, while a headline's own words do not.
//!
//! Wires and sites also put labels in front: "UPDATE 2-Fed holds rates", "WATCH: ...". The
//! label says what kind of item it is, not what happened, and its figure would weigh as one of
//! the event's. A leading run of such label words (and figures) before a dash or colon goes too.

use rustc_hash::FxHashMap;
use std::hash::{Hash, Hasher};

/// Separators a masthead follows. A colon is not one: "Chile: quake kills 12" is a headline.
const SEPARATORS: [&str; 6] = [
    " - ",
    " | ",
    " \u{2013} ",
    " \u{2014} ",
    " :: ",
    " \u{2022} ",
];
/// Words that label a headline rather than tell its news, when they lead it before a dash or a
/// colon (case is ignored: "UPDATE 2-", "Watch:", "RPT-").
const LABELS: [&str; 25] = [
    "analysis",
    "breaking",
    "corrected",
    "correction",
    "editorial",
    "exclusive",
    "explainer",
    "factbox",
    "instant",
    "interview",
    "listen",
    "live",
    "news",
    "opinion",
    "photos",
    "podcast",
    "refile",
    "review",
    "rpt",
    "update",
    "updated",
    "updates",
    "video",
    "watch",
    "wrapup",
];
/// A masthead is a name: a few words at most.
const MAX_TAIL_WORDS: usize = 4;
/// A headline teaches a masthead only when it keeps this many words without it, and as many as
/// the tail has.
const MIN_HEAD_WORDS: usize = 2;
/// Different headlines a tail must have ended (this one included) to count as a masthead when
/// the source does not name it.
const HEADS: u32 = 2;
/// Tails remembered; the table starts over when full (memory stays bounded on any stream).
const CAP: usize = 1 << 16;

#[derive(Debug, Default, Clone, Copy)]
struct Seen {
    /// Different headlines this tail ended (counted when the headline changes).
    heads: u32,
    /// Hash of the last headline it ended.
    last_head: u64,
}

/// Tails seen so far, to recognise an outlet's masthead when the source field does not name it.
#[derive(Debug, Default, Clone)]
pub(crate) struct Mastheads {
    seen: FxHashMap<u64, Seen>,
}

impl Mastheads {
    /// The headline without its masthead, if it ends with one; otherwise the headline itself,
    /// its tail remembered.
    pub(crate) fn strip<'a>(&mut self, title: &'a str, source: Option<&str>) -> &'a str {
        let title = strip_label(title);
        let Some((head, tail)) = split_tail(title) else {
            return title;
        };
        let tail_words = words(tail);
        if tail_words.is_empty() || tail_words.len() > MAX_TAIL_WORDS {
            return title;
        }
        if source.is_some_and(|s| names_source(&tail_words, s)) {
            return head;
        }
        // Only a headline that reads as one without the tail teaches a masthead: in "Chile -
        // Quake hits capital" the tail is the news.
        let tail_key = hash(&tail_words);
        let head_words = head.split_whitespace().count();
        let heads = if head_words >= MIN_HEAD_WORDS && head_words >= tail_words.len() {
            if self.seen.len() >= CAP {
                self.seen.clear();
            }
            let head_hash = hash(&words(head));
            let seen = self.seen.entry(tail_key).or_default();
            if seen.heads == 0 || seen.last_head != head_hash {
                seen.heads = seen.heads.saturating_add(1);
                seen.last_head = head_hash;
            }
            seen.heads
        } else {
            self.seen.get(&tail_key).map_or(0, |s| s.heads)
        };
        if heads >= HEADS {
            head
        } else {
            title
        }
    }
}

/// The headline without its leading labels ("UPDATE 2-", "Watch: ", "RPT-UPDATE 1-"), if it has
/// any.
fn strip_label(title: &str) -> &str {
    let mut title = title.trim_start();
    // Wires stack a few ("RPT-UPDATE 1-"); more than three is no label.
    for _ in 0..3 {
        let rest = strip_one_label(title);
        if rest.len() == title.len() {
            break;
        }
        title = rest;
    }
    title
}

/// The headline without one leading label.
fn strip_one_label(title: &str) -> &str {
    let Some(at) = title.find([':', '-']) else {
        return title;
    };
    let (label, rest) = (&title[..at], &title[at + 1..]);
    // A hyphen inside a word ("Video-game sales") joins it; only a wire's capitals slug ("UPDATE
    // 2-Fed") ends a label there.
    if title[at..].starts_with('-')
        && !rest.starts_with(char::is_whitespace)
        && label.chars().any(char::is_lowercase)
    {
        return title;
    }
    let rest = rest.trim_start();
    let mut labels = 0;
    for w in label.split_whitespace() {
        if LABELS.iter().any(|l| w.eq_ignore_ascii_case(l)) {
            labels += 1;
        } else if !w.bytes().all(|b| b.is_ascii_digit()) {
            return title;
        }
    }
    if labels == 0 || rest.split_whitespace().count() < 2 {
        return title;
    }
    rest
}

/// The headline and its last separated segment, both trimmed.
fn split_tail(title: &str) -> Option<(&str, &str)> {
    let title = title.trim();
    let (at, sep) = SEPARATORS
        .iter()
        .filter_map(|s| title.rfind(s).map(|i| (i, s.len())))
        .max_by_key(|&(i, _)| i)?;
    Some((title[..at].trim_end(), title[at + sep..].trim()))
}

/// Lower-cased words ([`storyline_core::text::words`]), without "the" and web-address parts
/// ("CNN.com" is "cnn").
fn words(s: &str) -> Vec<String> {
    let mut w = storyline_core::text::words(s);
    w.retain(|w| {
        !matches!(
            w.as_str(),
            "the" | "www" | "com" | "org" | "net" | "co" | "uk"
        )
    });
    w
}

/// Whether the tail names the source: the same words, or one runs inside the other ("BBC
/// News" in a feed titled "BBC News - World").
fn names_source(tail: &[String], source: &str) -> bool {
    let src = words(source);
    if src.is_empty() {
        return false;
    }
    let (short, long) = if tail.len() <= src.len() {
        (tail, &src[..])
    } else {
        (&src[..], tail)
    };
    long.windows(short.len()).any(|w| w == short)
}

fn hash(words: &[String]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    words.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_source_named_at_the_end_is_dropped() {
        let mut m = Mastheads::default();
        let cases = [
            (
                "Quake hits central Chile - Reuters",
                Some("Reuters"),
                "Quake hits central Chile",
            ),
            (
                "Quake hits central Chile | CNN.com",
                Some("CNN"),
                "Quake hits central Chile",
            ),
            (
                "Quake hits central Chile \u{2014} BBC News",
                Some("BBC News - World"),
                "Quake hits central Chile",
            ),
            (
                "Quake hits central Chile - The Guardian",
                Some("Guardian"),
                "Quake hits central Chile",
            ),
            // Named by the source, the tail goes however short the headline.
            ("Chile quake - Reuters", Some("Reuters"), "Chile quake"),
            // Another name, too long a tail, or no separator: kept.
            (
                "Quake hits central Chile - Reuters",
                Some("AP"),
                "Quake hits central Chile - Reuters",
            ),
            (
                "Quake hits Chile - what we know about the damage",
                Some("what"),
                "Quake hits Chile - what we know about the damage",
            ),
            (
                "Reuters: quake hits central Chile",
                Some("Reuters"),
                "Reuters: quake hits central Chile",
            ),
        ];
        for (title, source, want) in cases {
            assert_eq!(m.strip(title, source), want, "{title}");
        }
    }

    #[test]
    fn a_tail_that_ended_different_headlines_is_a_masthead() {
        let mut m = Mastheads::default();
        let steps = [
            // Once: it may be the news.
            (
                "Quake hits central Chile - Daily Planet",
                "Quake hits central Chile - Daily Planet",
            ),
            // The same headline again (a re-send) is not a second headline.
            (
                "Quake hits central Chile - Daily Planet",
                "Quake hits central Chile - Daily Planet",
            ),
            // A one-word headline teaches nothing: the tail may be the news.
            ("Chile - Daily Planet", "Chile - Daily Planet"),
            // A second headline it ends: a masthead from now on, even after a short headline.
            (
                "Senate passes the budget bill - Daily Planet",
                "Senate passes the budget bill",
            ),
            (
                "Storm closes schools - Daily Planet",
                "Storm closes schools",
            ),
            ("Storms - Daily Planet", "Storms"),
            // Another tail is not.
            (
                "Rates rise again this week - Live",
                "Rates rise again this week - Live",
            ),
        ];
        for (title, want) in steps {
            assert_eq!(m.strip(title, None), want, "{title}");
        }
    }

    #[test]
    fn a_leading_label_is_dropped() {
        let cases = [
            ("UPDATE 2-Fed holds rates steady", "Fed holds rates steady"),
            ("RPT-Fed holds rates steady", "Fed holds rates steady"),
            (
                "RPT-UPDATE 1-Fed holds rates steady",
                "Fed holds rates steady",
            ),
            (
                "Watch: Fed chair speaks after the vote",
                "Fed chair speaks after the vote",
            ),
            (
                "BREAKING NEWS: Quake hits central Chile",
                "Quake hits central Chile",
            ),
            ("Live - Election night in Ohio", "Election night in Ohio"),
            // A name, a headline's own words, or nothing left after it: kept.
            (
                "Live music returns: festival opens",
                "Live music returns: festival opens",
            ),
            (
                "NATO: allies agree on new plan",
                "NATO: allies agree on new plan",
            ),
            ("Fed-watchers expect a hold", "Fed-watchers expect a hold"),
            (
                "Video-game sales soar in May",
                "Video-game sales soar in May",
            ),
            (
                "Live updates: Quake hits central Chile",
                "Quake hits central Chile",
            ),
            ("Watch: video", "Watch: video"),
            (
                "Self-driving cars: the review",
                "Self-driving cars: the review",
            ),
        ];
        for (title, want) in cases {
            assert_eq!(strip_label(title), want, "{title}");
        }
    }

    #[test]
    fn the_table_stays_bounded() {
        let mut m = Mastheads::default();
        for i in 0..CAP + 10 {
            m.strip(&format!("Headline number {i} here - Outlet {i}"), None);
        }
        assert!(m.seen.len() <= CAP);
    }
}
