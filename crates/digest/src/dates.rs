//! Date expressions in sentences, resolved against the article's publication date.
//!
//! Absolute dates ("March 3, 2026", "2026-03-03", "in 2024") resolve on their own. Relative ones
//! ("on Monday", "yesterday", "in November", "last fall", "last year") need the publication date:
//! a weekday or month without a year is the latest one on or before publication, or the next one
//! after it when the sentence speaks of the future ("will", "next", "plans to"). Without a
//! publication date, or for vague spans ("last week", "recently"), nothing is returned: the
//! timeline leaves such events out rather than guess.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};

/// A resolved date found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub iso: String,
    /// The expression as written.
    pub text: String,
}

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

/// A token with its byte span in the sentence.
struct Tok<'a> {
    s: &'a str,
    start: usize,
    end: usize,
}

fn tokens(s: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        let part = c.is_alphanumeric() || c == '-' && start.is_some();
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
    MONTHS.iter().find(|(m, _)| *m == l).map(|&(_, n)| n)
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

fn year_of(w: &str) -> Option<i32> {
    if w.len() != 4 {
        return None;
    }
    let y: i32 = w.parse().ok()?;
    (1900..=2100).contains(&y).then_some(y)
}

fn is_future(sentence: &str) -> bool {
    let l = sentence.to_lowercase();
    [
        " will ",
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
    ]
    .iter()
    .any(|c| l.contains(c))
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

/// Finds the date expressions of `sentence`, resolved with `published` when they need it.
pub fn find_dates(sentence: &str, published: Option<DateTime<Utc>>) -> Vec<FoundDate> {
    let toks = tokens(sentence);
    let pub_date = published.map(|p| p.date_naive());
    let future = is_future(&format!(" {sentence} "));
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
            out.push(FoundDate {
                iso: d.format("%Y-%m-%d").to_string(),
                text: t.s.to_string(),
            });
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
                (None, Some(p)) if bare_ok => month_day(p, m, day, future).map(|x| {
                    if day.is_some() {
                        x.format("%Y-%m-%d").to_string()
                    } else {
                        x.format("%Y-%m").to_string()
                    }
                }),
                _ => None,
            };
            if let Some(iso) = resolved {
                out.push(FoundDate {
                    iso,
                    text: span(t, last),
                });
                used_until = last.end;
            }
        } else if let Some(&(_, wd)) = WEEKDAYS.iter().find(|(w, _)| *w == lower) {
            if let Some(p) = pub_date {
                let fut = future || prev.as_deref() == Some("next");
                let mut d = p;
                if fut {
                    d += Duration::days(1);
                    while d.weekday() != wd {
                        d += Duration::days(1);
                    }
                } else {
                    while d.weekday() != wd {
                        d -= Duration::days(1);
                    }
                }
                out.push(FoundDate {
                    iso: d.format("%Y-%m-%d").to_string(),
                    text: t.s.to_string(),
                });
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
            out.push(FoundDate {
                iso: d.format("%Y-%m-%d").to_string(),
                text: t.s.to_string(),
            });
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
                    out.push(FoundDate {
                        iso,
                        text: span(t, n),
                    });
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
                out.push(FoundDate {
                    iso: format!("{y:04}"),
                    text: t.s.to_string(),
                });
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
    fn leaves_out_what_it_cannot_resolve() {
        assert!(iso("The board voted on Monday.", "bad").is_empty());
        assert!(iso(
            "It happened last week, they may say.",
            "2026-11-04T10:00:00Z"
        )
        .is_empty());
    }
}
