//! Date expressions in sentences, resolved against the article's publication date.
//!
//! Absolute dates ("March 3, 2026", "2026-03-03", "in 2024") resolve on their own. Relative ones
//! ("on Monday", "yesterday", "in November", "last fall", "last year") need the publication date:
//! a weekday or month without a year is the latest one on or before publication, or the next one
//! after it when the clause of the date speaks of the future ("will", "next", "plans to", "is
//! opening"). "last/this/next week" is an ISO week ("2026-W46"); "this month" a month. Without a
//! publication date, or for vague spans ("recently", "weeks ago"), nothing is returned: the
//! timeline leaves such events out rather than guess. Recurring days ("Monday to Friday", "the
//! Saturday market") are not dates.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};

/// A resolved date found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub iso: String,
    /// The expression as written.
    pub text: String,
    /// Byte offset of the expression in the sentence.
    pub start: usize,
}

impl FoundDate {
    fn new(iso: String, text: String, start: usize) -> Self {
        FoundDate { iso, text, start }
    }
}

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

/// Whether a word is a day of the week ("Sunday", "monday").
pub(crate) fn is_weekday(w: &str) -> bool {
    let l = w.to_lowercase();
    WEEKDAYS.iter().any(|(d, _)| *d == l)
}

/// A token with its byte span in the sentence.
struct Tok<'a> {
    s: &'a str,
    start: usize,
    end: usize,
}

fn tokens(s: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    let mut prev_digit = false;
    for (i, c) in s.char_indices() {
        // A number's inner mark ("4.75", "1,200", "2027.0") keeps it one token: none of its
        // parts is a day or a year.
        let inner_mark = matches!(c, '.' | ',')
            && prev_digit
            && s[i + c.len_utf8()..]
                .chars()
                .next()
                .is_some_and(|n| n.is_ascii_digit());
        prev_digit = c.is_ascii_digit();
        let part = c.is_alphanumeric() || (c == '-' || inner_mark) && start.is_some();
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(b)) => {
                out.push(Tok {
                    s: s[b..i].trim_end_matches('-'),
                    start: b,
                    end: i,
                });
                start = None;
            }
            _ => {}
        }
    }
    if let Some(b) = start {
        out.push(Tok {
            s: &s[b..],
            start: b,
            end: s.len(),
        });
    }
    out
}

fn month_of(w: &str) -> Option<u32> {
    // "May" is a month only when capitalised (it is also a verb).
    let first_upper = w.chars().next().is_some_and(char::is_uppercase);
    if !first_upper {
        return None;
    }
    let l = w.to_lowercase();
    storyline_core::text::month_number(&l)
}

fn day_of(w: &str) -> Option<u32> {
    let d = w
        .trim_end_matches("st")
        .trim_end_matches("nd")
        .trim_end_matches("rd")
        .trim_end_matches("th");
    let n: u32 = d.parse().ok()?;
    (1..=31).contains(&n).then_some(n)
}

pub(crate) fn year_of(w: &str) -> Option<i32> {
    if w.len() != 4 {
        return None;
    }
    let y: i32 = w.parse().ok()?;
    (1900..=2100).contains(&y).then_some(y)
}

/// The clause of `sentence` around byte `at`: cut at `,` `;` `:` and dashes.
fn clause_at(sentence: &str, at: usize) -> &str {
    let marks = |c: char| matches!(c, ',' | ';' | ':' | '—' | '–');
    let start = sentence[..at]
        .char_indices()
        .rev()
        .find(|&(_, c)| marks(c))
        .map_or(0, |(p, c)| p + c.len_utf8());
    let end = sentence[at..]
        .char_indices()
        .find(|&(_, c)| marks(c))
        .map_or(sentence.len(), |(p, _)| at + p);
    &sentence[start..end]
}

/// Whether the clause holding byte `at` speaks of the future: a future cue before the date ("will
/// vote on Monday"), or after it with no past-tense verb in between ("On Monday the board will
/// vote", but not "apologised on Tuesday and said it would pay").
pub fn is_future_at(sentence: &str, at: usize) -> bool {
    let clause = clause_at(sentence, at);
    let base = clause.as_ptr() as usize - sentence.as_ptr() as usize;
    let split = at.saturating_sub(base).min(clause.len());
    let split = (0..=split)
        .rev()
        .find(|&k| clause.is_char_boundary(k))
        .unwrap_or(0);
    let (before, after) = clause.split_at(split);
    // "said on Wednesday that the restrictions would stay": the day is the statement's, past.
    if said_right_before(before) {
        return false;
    }
    // "forecasts on Friday predicted 23 degrees", "talks on Monday ended without a deal": a past
    // verb right after the day is the day's.
    let mut rest = after.split_whitespace();
    let day_ends = rest.next().is_some_and(|d| !d.ends_with([',', ';', ':']));
    let next = rest
        .find(|w| !matches!(*w, "morning" | "afternoon" | "evening" | "night"))
        .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase());
    if day_ends
        && next.is_some_and(|w| {
            (w.len() > 4 && w.ends_with("ed") && !matches!(w.as_str(), "scheduled" | "planned"))
                || IRREGULAR_PAST.contains(&w.as_str())
        })
    {
        return false;
    }
    if is_future(&format!(" {before} ")) {
        return true;
    }
    // "approved the charge on Tuesday and will review it", "the strike that began on Monday will
    // end …": a day after "on" is the past verb's before it; a "will" later is another verb's.
    let words = lower_words(before);
    if words.last().is_some_and(|w| w == "on")
        && (has_past(before) || words.iter().any(|w| IRREGULAR_PAST.contains(&w.as_str())))
    {
        return false;
    }
    // A clause that only continues a list of the sentence's verb ("will be banned from watering
    // gardens with hoses, washing cars at home or filling pools from Tuesday"): it opens with an
    // "-ing" word, and the sentence's "will" counts when no past-tense verb stands between it
    // and the date.
    let first = match words.first().map(String::as_str) {
        Some("and" | "or") => words.get(1),
        _ => words.first(),
    };
    if !first.is_some_and(|w| w.len() > 4 && w.ends_with("ing")) {
        return future_after(after);
    }
    let head = format!(" {} ", &sentence[..base.min(sentence.len())]).to_lowercase();
    if let Some(cue_end) = FUTURE_CUES
        .iter()
        .filter(|c| c.trim() == "will" || c.trim() == "would")
        .filter_map(|c| head.rfind(c).map(|p| p + c.len()))
        .max()
    {
        if !has_past(&head[cue_end..]) && !has_past(before) {
            return true;
        }
    }
    future_after(after)
}

/// Whether the words right before a date are a past reporting verb ("said on", "announced late
/// on", "told reporters on"): the date is when it was said.
fn said_right_before(before: &str) -> bool {
    let words = lower_words(before);
    let mut k = words.len();
    // "on", "late on", "early on", "told reporters on".
    while k > 0 && matches!(words[k - 1].as_str(), "on" | "late" | "early" | "reporters") {
        k -= 1;
    }
    k > 0
        && matches!(
            words[k - 1].as_str(),
            "said"
                | "announced"
                | "told"
                | "confirmed"
                | "reported"
                | "added"
                | "wrote"
                | "stated"
                | "warned"
                | "revealed"
                | "disclosed"
                | "admitted"
                | "acknowledged"
        )
}

/// After the date: whether a future cue comes before any past-tense verb ("On Monday the board
/// will vote").
fn future_after(after: &str) -> bool {
    let mut seen_past = false;
    let words = lower_words(after);
    for (k, w) in words.iter().enumerate() {
        let window = format!(" {} ", words[k..words.len().min(k + 3)].join(" "));
        let prev = k.checked_sub(1).map(|j| words[j].as_str());
        // "The final on Saturday will be remembered for …" looks back on the day.
        let retrospective = RETROSPECTIVE.iter().any(|c| window.starts_with(c));
        let cue = !retrospective
            && (FUTURE_CUES.iter().any(|c| window.starts_with(c))
                || progressive(&window)
                || schedule_verb(prev, w));
        if cue && !seen_past {
            return true;
        }
        if matches!(w.as_str(), "was" | "were" | "had" | "said" | "did" | "told")
            || (w.len() > 4 && w.ends_with("ed"))
        {
            seen_past = true;
        }
    }
    false
}

/// Whether a sentence has a past-tense marker ("was", "had", "-ed" verbs other than "banned"-like
/// participles after "are"/"is").
fn has_past(sentence: &str) -> bool {
    let words = lower_words(sentence);
    words.iter().enumerate().any(|(k, w)| {
        matches!(w.as_str(), "was" | "were" | "had" | "said" | "did")
            || w.len() > 4
                && w.ends_with("ed")
                && !matches!(
                    k.checked_sub(1).map(|j| words[j].as_str()),
                    Some("is" | "are" | "be" | "been" | "has" | "have" | "being")
                )
    })
}

/// Future forms that look back on what happened ("will be remembered for a penalty").
const RETROSPECTIVE: &[&str] = &[
    " will be remembered ",
    " will long be ",
    " will go down ",
    " will be recalled ",
    " will never forget ",
    " will not forget ",
    " will be talked ",
];

/// Words that look ahead ("will", "is due", "promised to"), padded with spaces; matched in
/// lower-cased text. Overtaken announcements (`overtaken` in lib.rs) are found by them too.
pub(crate) const FUTURE_CUES: &[&str] = &[
    " will ",
    " would ",
    " next ",
    " plans to ",
    " planned ",
    " scheduled ",
    " expected to ",
    " is due ",
    " are due ",
    " upcoming ",
    " set to ",
    " set for ",
    // A promise or aim names a deadline ahead ("has promised to replace the pumps by the end of
    // March"), not a day gone by.
    " promised to ",
    " promises to ",
    " pledged to ",
    " pledges to ",
    " vowed to ",
    " vows to ",
    " aims to ",
    " intends to ",
    " hopes to ",
    // A forecast looks ahead ("Forecasters expect near-normal rainfall in December").
    " expect ",
    " expects ",
    " forecast ",
    " forecasts ",
];

fn is_future(sentence: &str) -> bool {
    let l = sentence.to_lowercase();
    FUTURE_CUES.iter().any(|c| l.contains(c)) || progressive(&l) || scheduled_present(&l)
}

/// Verbs whose present simple tells of a scheduled event ("the gallery reopens on Saturday", "the
/// council votes on Tuesday"). Reporting verbs ("says") are not among them: "says on Monday" is
/// news of that day.
const SCHEDULE_VERBS: &[&str] = &[
    "opens",
    "reopens",
    "begins",
    "starts",
    "closes",
    "ends",
    "meets",
    "votes",
    "launches",
    "resumes",
    "debuts",
    "premieres",
    "convenes",
    "expires",
    "kicks",
    "returns",
    "arrives",
    "departs",
    "goes",
    "takes",
    "hosts",
    "holds",
    "rules",
    "decides",
    "sits",
    "lands",
];

/// "The gallery reopens on Saturday": a scheduling verb in the present simple, in a clause
/// with no past-tense marker.
fn scheduled_present(l: &str) -> bool {
    let words = lower_words(l);
    let verb = (0..words.len())
        .any(|k| schedule_verb(k.checked_sub(1).map(|j| words[j].as_str()), &words[k]));
    verb && !has_past(l)
}

/// Whether `w` (after `prev`) is a scheduling verb, not the noun after a determiner ("the
/// opens", "its returns").
fn schedule_verb(prev: Option<&str>, w: &str) -> bool {
    SCHEDULE_VERBS.contains(&w)
        && !matches!(
            prev,
            Some("the" | "a" | "its" | "their" | "his" | "her" | "our" | "of" | "and" | "in")
        )
}

/// The words of `s`, lower-cased and trimmed of punctuation.
pub(crate) fn lower_words(s: &str) -> Vec<String> {
    s.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect()
}

/// "is opening", "are meeting": the present progressive of a planned event.
fn progressive(l: &str) -> bool {
    let w: Vec<&str> = l.split_whitespace().collect();
    w.windows(2).any(|p| {
        matches!(p[0], "is" | "are" | "am")
            && p[1].len() > 5
            && p[1].ends_with("ing")
            && !matches!(p[1], "during" | "nothing" | "something" | "everything")
    })
}

/// The first and last day of a resolved date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `YYYY-Www`).
pub fn period(iso: &str) -> Option<(NaiveDate, NaiveDate)> {
    if let Ok(d) = NaiveDate::parse_from_str(iso, "%Y-%m-%d") {
        return Some((d, d));
    }
    if let Some((y, w)) = iso.split_once("-W") {
        let d = NaiveDate::from_isoywd_opt(y.parse().ok()?, w.parse().ok()?, Weekday::Mon)?;
        return Some((d, d + Duration::days(6)));
    }
    if let Some((y, m)) = iso.split_once('-') {
        let (y, m): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
        let first = NaiveDate::from_ymd_opt(y, m, 1)?;
        let next = if m == 12 {
            NaiveDate::from_ymd_opt(y + 1, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(y, m + 1, 1)?
        };
        return Some((first, next - Duration::days(1)));
    }
    let y: i32 = iso.parse().ok()?;
    Some((
        NaiveDate::from_ymd_opt(y, 1, 1)?,
        NaiveDate::from_ymd_opt(y, 12, 31)?,
    ))
}

/// Latest date with this month (and day) on or before `pub_date`, or the first one after it.
fn month_day(pub_date: NaiveDate, month: u32, day: Option<u32>, future: bool) -> Option<NaiveDate> {
    let at = |y: i32| NaiveDate::from_ymd_opt(y, month, day.unwrap_or(1));
    let this = at(pub_date.year())?;
    let same_period = if day.is_some() {
        this == pub_date
    } else {
        month == pub_date.month()
    };
    if same_period {
        return Some(this);
    }
    if future {
        if this > pub_date {
            Some(this)
        } else {
            at(pub_date.year() + 1)
        }
    } else if this < pub_date {
        Some(this)
    } else {
        at(pub_date.year() - 1)
    }
}

/// Past-tense forms that do not end in "-ed" ("rose 12 percent in April").
const IRREGULAR_PAST: &[&str] = &[
    "rose", "fell", "grew", "won", "lost", "came", "went", "took", "made", "began", "struck",
    "saw", "gave", "got", "left", "met", "paid", "sold", "bought", "brought", "built", "spent",
    "sent", "thought", "found", "kept", "held", "led", "ran", "sank", "shook", "spoke", "stood",
    "wrote", "broke", "chose", "drew", "drove", "flew", "froze", "knew", "became", "hit", "told",
    "fought", "caught", "taught", "swept", "beat", "bore", "shut",
];

/// Whether a month without a year, told in no past tense, is the coming one rather than the past
/// one: when the past one lies seven months or more before publication, the nearer is ahead
/// ("further strike days in January are possible", written in November). A past-tense verb
/// anywhere in the sentence after its reporting frame ("allowance rose 12 percent in April";
/// "the union has said …" only reports), "since January", "than in January" and "said in
/// January" keep it in the past.
fn nearer_ahead(
    sentence: &str,
    at: usize,
    pub_date: NaiveDate,
    month: u32,
    day: Option<u32>,
) -> bool {
    let Some(past) = month_day(pub_date, month, day, false) else {
        return false;
    };
    let months_back = (pub_date.year() * 12 + pub_date.month0() as i32)
        - (past.year() * 12 + past.month0() as i32);
    if months_back < 7 {
        return false;
    }
    let before = &sentence[..at];
    if said_right_before(before) {
        return false;
    }
    let words = lower_words(before);
    let prev = |k: usize| words.len().checked_sub(k).map(|j| words[j].as_str());
    if matches!(prev(1), Some("since" | "than")) || prev(2) == Some("than") {
        return false;
    }
    // The reported words, after the last reporting verb before the date, and all after it.
    let padded = format!(" {} ", before.to_lowercase());
    let frame_end = [" said ", " says ", " told ", " warned ", " added "]
        .iter()
        .filter_map(|c| padded.rfind(c).map(|k| (k + c.len()).saturating_sub(1)))
        .max()
        .unwrap_or(0)
        .min(before.len());
    let frame_end = (0..=frame_end)
        .rev()
        .find(|&k| sentence.is_char_boundary(k))
        .unwrap_or(0);
    let told = &sentence[frame_end..];
    !has_past(told)
        && !lower_words(told)
            .iter()
            .any(|w| IRREGULAR_PAST.contains(&w.as_str()))
}

/// Finds the date expressions of `sentence`, resolved with `published` when they need it.
pub fn find_dates(sentence: &str, published: Option<DateTime<Utc>>) -> Vec<FoundDate> {
    let toks = tokens(sentence);
    let pub_date = published.map(|p| p.date_naive());
    let mut out = Vec::new();
    let mut used_until = 0usize;
    let span = |a: &Tok<'_>, b: &Tok<'_>| sentence[a.start..b.end].to_string();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if t.start < used_until {
            i += 1;
            continue;
        }
        let lower = t.s.to_lowercase();
        let next = toks.get(i + 1);
        let next2 = toks.get(i + 2);
        let prev = i
            .checked_sub(1)
            .and_then(|k| toks.get(k))
            .map(|p| p.s.to_lowercase());
        // ISO date.
        let iso_like = t.s.len() == 10 && t.s.as_bytes()[4] == b'-' && t.s.as_bytes()[7] == b'-';
        if let Some(d) = iso_like
            .then(|| NaiveDate::parse_from_str(t.s, "%Y-%m-%d").ok())
            .flatten()
        {
            out.push(FoundDate::new(
                d.format("%Y-%m-%d").to_string(),
                t.s.to_string(),
                t.start,
            ));
            used_until = t.end;
        } else if let Some(m) = month_of(t.s) {
            // "March 3, 2026" / "March 3" / "March 2026" / "March".
            let day = next.and_then(|n| day_of(n.s));
            let year_tok = if day.is_some() { next2 } else { next };
            let year = year_tok.and_then(|y| year_of(y.s));
            let last = match (day.is_some(), year.is_some()) {
                (true, true) => next2,
                (true, false) | (false, true) => next,
                (false, false) => Some(t),
            };
            let last = last.unwrap_or(t);
            // A bare short month name ("Mar", "Dec") without day or year is too ambiguous.
            let bare_ok = t.s.len() > 3 || day.is_some() || year.is_some();
            let resolved = match (year, pub_date) {
                (Some(y), _) => match day {
                    Some(d) => {
                        NaiveDate::from_ymd_opt(y, m, d).map(|x| x.format("%Y-%m-%d").to_string())
                    }
                    None => Some(format!("{y:04}-{m:02}")),
                },
                (None, Some(p)) if bare_ok => {
                    let ahead = is_future_at(sentence, t.start)
                        || nearer_ahead(sentence, t.start, p, m, day);
                    month_day(p, m, day, ahead).map(|x| {
                        if day.is_some() {
                            x.format("%Y-%m-%d").to_string()
                        } else {
                            x.format("%Y-%m").to_string()
                        }
                    })
                }
                _ => None,
            };
            if let Some(iso) = resolved {
                out.push(FoundDate::new(iso, span(t, last), t.start));
                used_until = last.end;
            }
        } else if let Some(&(_, wd)) = WEEKDAYS.iter().find(|(w, _)| *w == lower) {
            // "Monday to Friday", "Saturdays and Sundays": a recurring range, not a date.
            let range = |a: Option<&Tok<'_>>, b: Option<&Tok<'_>>| {
                a.is_some_and(|a| matches!(a.s, "to" | "through" | "and" | "or" | "till"))
                    && b.is_some_and(|b| WEEKDAYS.iter().any(|(w, _)| *w == b.s.to_lowercase()))
            };
            let in_range = range(next, next2)
                || range(
                    i.checked_sub(1).and_then(|k| toks.get(k)),
                    i.checked_sub(2).and_then(|k| toks.get(k)),
                );
            // "the Saturday market": a weekday used as an adjective; "on Saturday mornings": a
            // habit, not a day.
            let adjective = matches!(prev.as_deref(), Some("the" | "a" | "every" | "each"))
                || next.is_some_and(|n| {
                    matches!(
                        n.s.to_lowercase().as_str(),
                        "mornings" | "afternoons" | "evenings" | "nights"
                    )
                });
            if in_range {
                used_until = next2.map_or(t.end, |n| n.end);
            } else if adjective {
                used_until = t.end;
            } else if let Some(p) = pub_date {
                // "From Tuesday, residents are banned": a start date, ahead unless told in the past.
                let from_ahead = prev.as_deref() == Some("from") && !has_past(sentence);
                let fut = prev.as_deref() == Some("next")
                    || from_ahead
                    || prev.as_deref() != Some("last") && is_future_at(sentence, t.start);
                let mut d = p;
                if fut {
                    // "Ends on Wednesday" written on a Wednesday is that day (wire style names
                    // the day, not "today"); "next Wednesday" is a week on.
                    if prev.as_deref() == Some("next") {
                        d += Duration::days(1);
                    }
                    while d.weekday() != wd {
                        d += Duration::days(1);
                    }
                } else {
                    while d.weekday() != wd {
                        d -= Duration::days(1);
                    }
                }
                out.push(FoundDate::new(
                    d.format("%Y-%m-%d").to_string(),
                    t.s.to_string(),
                    t.start,
                ));
                used_until = t.end;
            }
        } else if let (Some(p), Some(offset)) = (
            pub_date,
            match lower.as_str() {
                "yesterday" => Some(-1),
                "today" | "tonight" => Some(0),
                "tomorrow" => Some(1),
                _ => None,
            },
        ) {
            let d = p + Duration::days(offset);
            out.push(FoundDate::new(
                d.format("%Y-%m-%d").to_string(),
                t.s.to_string(),
                t.start,
            ));
            used_until = t.end;
        } else if lower == "last" || lower == "next" || lower == "this" {
            if let (Some(p), Some(n)) = (pub_date, next) {
                let what = n.s.to_lowercase();
                let dir = match lower.as_str() {
                    "last" => -1,
                    "next" => 1,
                    _ => 0,
                };
                let iso = match what.as_str() {
                    "year" => Some(format!("{:04}", p.year() + dir)),
                    // A week is given as an ISO 8601 week ("2026-W46").
                    "week" => {
                        let day = p + Duration::days(7 * dir as i64);
                        Some(day.format("%G-W%V").to_string())
                    }
                    "month" => {
                        let m0 = p.year() * 12 + p.month0() as i32 + dir;
                        Some(format!(
                            "{:04}-{:02}",
                            m0.div_euclid(12),
                            m0.rem_euclid(12) + 1
                        ))
                    }
                    // Seasons: the year of the nearest such season in that direction.
                    "spring" | "summer" | "fall" | "autumn" | "winter" => {
                        let start = match what.as_str() {
                            "spring" => 3,
                            "summer" => 6,
                            "winter" => 12,
                            _ => 9,
                        };
                        let y = match dir {
                            -1 if p.month() >= start + 3 || (start == 12 && p.month() <= 2) => {
                                if start == 12 && p.month() <= 2 {
                                    p.year() - 1
                                } else {
                                    p.year()
                                }
                            }
                            -1 => p.year() - 1,
                            1 if p.month() < start => p.year(),
                            1 => p.year() + 1,
                            _ => p.year(),
                        };
                        Some(format!("{y:04}"))
                    }
                    _ => None,
                };
                if let Some(iso) = iso {
                    out.push(FoundDate::new(iso, span(t, n), t.start));
                    used_until = n.end;
                }
            }
        } else if let Some(y) = year_of(t.s) {
            // A bare year after "in", "since", "by", "of", "until".
            // Not part of a decimal or grouped number ("1910.4", "1,910,000").
            let rest = &sentence.as_bytes()[t.end..];
            let in_number =
                rest.len() >= 2 && matches!(rest[0], b'.' | b',') && rest[1].is_ascii_digit()
                    || sentence[..t.start].ends_with(['.', ',']);
            if !in_number
                && matches!(
                    prev.as_deref(),
                    Some("in" | "since" | "by" | "of" | "until" | "from")
                )
            {
                out.push(FoundDate::new(format!("{y:04}"), t.s.to_string(), t.start));
                used_until = t.end;
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Option<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|d| d.with_timezone(&Utc))
    }

    fn iso(s: &str, p: &str) -> Vec<(String, String)> {
        find_dates(s, at(p))
            .into_iter()
            .map(|f| (f.iso, f.text))
            .collect()
    }

    #[test]
    fn a_month_far_back_and_told_in_no_past_tense_is_the_coming_one() {
        let p = "2026-11-20T10:00:00Z";
        for (text, want) in [
            (
                "If members reject the offer, the union has said further strike days in January are possible.",
                "2027-01",
            ),
            ("The festival returns in March.", "2027-03"),
            // A past tense, a comparison or a statement's date keeps it in the past.
            ("The allowance rose 12 percent in April, the report said.", "2026-04"),
            ("In March, the plant was closed for repairs.", "2026-03"),
            ("Prices are 4 percent higher than in January.", "2026-01"),
            ("Prices have doubled since January.", "2026-01"),
            // Near months stay as they were: the latest on or before publication.
            ("Sales in September are the highest this year.", "2026-09"),
        ] {
            let got = iso(text, p);
            assert_eq!(got.first().map(|x| x.0.as_str()), Some(want), "{text}");
        }
    }

    #[test]
    fn resolves_relative_dates() {
        let p = "2026-11-04T10:00:00Z"; // a Wednesday
        assert_eq!(
            iso("The board voted on Monday.", p),
            vec![("2026-11-02".into(), "Monday".into())]
        );
        assert_eq!(
            iso("Work will start on Monday.", p),
            vec![("2026-11-09".into(), "Monday".into())]
        );
        // The clause continues the sentence's "will" with a list of "-ing" activities.
        assert_eq!(
            iso(
                "Residents will be banned from watering gardens, washing cars or filling pools from Thursday.",
                p
            ),
            vec![("2026-11-05".into(), "Thursday".into())]
        );
        // A habit is not a day.
        assert!(iso("The wheel turns only on Saturday mornings.", p).is_empty());
        // A past verb right after the day is the day's, whatever looked ahead before it.
        assert_eq!(
            iso(
                "The plan assumed 18 degrees, even though forecasts on Monday predicted 23 degrees.",
                p
            ),
            vec![("2026-11-02".into(), "Monday".into())]
        );
        assert_eq!(
            iso("The council on Monday will vote on the plan.", p),
            vec![("2026-11-09".into(), "Monday".into())]
        );
        // The day is the past verb's before it, not the "will" after it.
        assert_eq!(
            iso(
                "The council approved the charge on Monday and will review it in a year.",
                p
            ),
            vec![("2026-11-02".into(), "Monday".into())]
        );
        assert_eq!(
            iso("The strike that began on Monday will end on Friday.", p),
            vec![
                ("2026-11-02".into(), "Monday".into()),
                ("2026-11-06".into(), "Friday".into())
            ]
        );
        // A clause of its own with a past verb keeps the past day.
        assert_eq!(
            iso(
                "The union, which will vote later, reported on Tuesday that talks had failed.",
                p
            ),
            vec![("2026-11-03".into(), "Tuesday".into())]
        );
        assert_eq!(
            iso("The plan was first floated last fall.", p),
            vec![("2025".into(), "last fall".into())]
        );
        assert_eq!(
            iso("Talks began in March and ended yesterday.", p),
            vec![
                ("2026-03".into(), "March".into()),
                ("2026-11-03".into(), "yesterday".into())
            ]
        );
        assert_eq!(
            iso("It opened on March 3, 2019, in 2019.", p),
            vec![
                ("2019-03-03".into(), "March 3, 2019".into()),
                ("2019".into(), "2019".into())
            ]
        );
        assert_eq!(
            iso("A hearing is set for December 12.", p),
            vec![("2026-12-12".into(), "December 12".into())]
        );
    }

    #[test]
    fn table_of_relative_dates() {
        // (sentence, publication date, expected [(iso, as written)])
        let p = "2026-11-10T09:00:00Z"; // a Tuesday
        let table: &[(&str, &[(&str, &str)])] = &[
            // Past event, even when a later clause speaks of the future.
            (
                "On Monday the Port Authority approved it, a project expected to create jobs.",
                &[("2026-11-09", "Monday")],
            ),
            (
                "On Monday the board will vote.",
                &[("2026-11-16", "Monday")],
            ),
            (
                "She apologised on Monday and said the company would pay.",
                &[("2026-11-09", "Monday")],
            ),
            (
                "The gallery reopens on Saturday after a two-year renovation.",
                &[("2026-11-14", "Saturday")],
            ),
            (
                "The council votes on Thursday, officials said.",
                &[("2026-11-12", "Thursday")],
            ),
            (
                "On Saturday the gallery reopens with a new wing.",
                &[("2026-11-14", "Saturday")],
            ),
            // The publication's own weekday, in the future: that same day, unless "next".
            (
                "The strike ends on Tuesday evening.",
                &[("2026-11-10", "Tuesday")],
            ),
            (
                "The board will meet next Tuesday.",
                &[("2026-11-17", "Tuesday")],
            ),
            (
                "The gallery reopened on Saturday.",
                &[("2026-11-07", "Saturday")],
            ),
            (
                "Higgins says on Monday the company was never told.",
                &[("2026-11-09", "Monday")],
            ),
            (
                "The gallery is opening its doors on Saturday.",
                &[("2026-11-14", "Saturday")],
            ),
            (
                "From Thursday, residents are banned from using hoses.",
                &[("2026-11-12", "Thursday")],
            ),
            (
                "It will be put to consultation in December.",
                &[("2026-12", "December")],
            ),
            (
                "It would most likely mean February.",
                &[("2027-02", "February")],
            ),
            (
                "A poll published last week showed support.",
                &[("2026-W45", "last week")],
            ),
            (
                "Sales rose this month, the firm said.",
                &[("2026-11", "this month")],
            ),
            (
                "The bond sale begins next week.",
                &[("2026-W47", "next week")],
            ),
            (
                "Ruel has promised to replace the pumps in all cars by the end of March.",
                &[("2027-03", "March")],
            ),
            (
                "The mayor pledged to reopen the bridge in June.",
                &[("2027-06", "June")],
            ),
            (
                "The minister promised on Monday to publish the report.",
                &[("2026-11-09", "Monday")],
            ),
            (
                "The Cup final on Saturday will be remembered for a penalty decision.",
                &[("2026-11-07", "Saturday")],
            ),
            (
                "But the water board said on Wednesday that the restrictions would stay in place.",
                &[("2026-11-04", "Wednesday")],
            ),
            (
                "The chains, which announced on Monday that they will merge, say prices will fall.",
                &[("2026-11-09", "Monday")],
            ),
            (
                "Forecasters expect near-normal rainfall in December.",
                &[("2026-12", "December")],
            ),
            (
                "Rates rose to 4.75 percent, up from 1,200 basis points in 2027.0",
                &[],
            ),
            ("The charge applies Monday to Friday.", &[]),
            ("Staff shop at the Saturday market.", &[]),
            ("The wheel turns \"since 1961\" again.", &[("1961", "1961")]),
        ];
        for (sentence, want) in table {
            let want: Vec<(String, String)> = want
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect();
            assert_eq!(iso(sentence, p), want, "{sentence}");
        }
    }

    #[test]
    fn periods() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert_eq!(period("2026-W46").map(|p| p.0), d("2026-11-09"));
        assert_eq!(period("2026-02").map(|p| p.1), d("2026-02-28"));
        assert_eq!(period("2026").map(|p| p.1), d("2026-12-31"));
        assert_eq!(period("2026-11-09").map(|p| p.0), d("2026-11-09"));
        assert_eq!(period("soon"), None);
    }

    #[test]
    fn leaves_out_what_it_cannot_resolve() {
        assert!(iso("The board voted on Monday.", "bad").is_empty());
        assert!(iso(
            "It happened recently, some weeks ago.",
            "2026-11-04T10:00:00Z"
        )
        .is_empty());
    }
}
