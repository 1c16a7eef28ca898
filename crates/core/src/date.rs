//! Date parsing for metadata values, visible datelines and URLs. Hand-written scanners rather than
//! regexes: the formats are few, and this keeps the crate quick to build and to run. The original
//! offset is kept (no conversion to UTC), so the calendar day stays the one the page printed.
//!
//! It lives here rather than in the extractor because every reader of dates shares it: page
//! metadata and datelines, feed items, and the `published` field of `storyline cluster` input.

use crate::text::MONTH_NAMES;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

/// Parses a machine-readable date (ISO 8601 / RFC 3339 variants, RFC 2822), or a human one.
pub fn parse_date(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d);
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d);
    }
    parse_iso_loose(s).or_else(|| parse_human(s))
}

fn utc() -> FixedOffset {
    FixedOffset::east_opt(0).unwrap_or_else(unreachable_offset)
}

fn unreachable_offset() -> FixedOffset {
    // east_opt(0) is always Some; this keeps the code free of unwrap on a path clippy can't see.
    FixedOffset::west_opt(0).expect("zero offset is valid")
}

fn at(date: NaiveDate, time: NaiveTime, off: FixedOffset) -> Option<DateTime<FixedOffset>> {
    off.from_local_datetime(&NaiveDateTime::new(date, time))
        .single()
}

fn plausible(y: i32) -> bool {
    (1990..=2100).contains(&y)
}

fn digits(b: &[u8], i: usize, n: usize) -> Option<u32> {
    if i + n > b.len() {
        return None;
    }
    let mut v = 0u32;
    for &c in &b[i..i + n] {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + (c - b'0') as u32;
    }
    Some(v)
}

/// The first `YYYY-MM-DD` (or `YYYY/MM/DD`, `YYYY.MM.DD`) in `s`, with an optional time and offset.
pub fn parse_iso_loose(s: &str) -> Option<DateTime<FixedOffset>> {
    let b = s.as_bytes();
    let mut i = 0;
    while i + 10 <= b.len() {
        if (i == 0 || !b[i - 1].is_ascii_digit())
            && digits(b, i, 4).is_some()
            && matches!(b[i + 4], b'-' | b'/' | b'.')
            && b[i + 7] == b[i + 4]
        {
            if let (Some(y), Some(m), Some(d)) =
                (digits(b, i, 4), digits(b, i + 5, 2), digits(b, i + 8, 2))
            {
                if let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d) {
                    if plausible(y as i32) {
                        let (time, off) = parse_time_tail(&b[i + 10..]);
                        return at(date, time, off.unwrap_or_else(utc));
                    }
                }
            }
        }
        i += 1;
    }
    // Compact 20240305 form.
    if b.len() >= 8 && digits(b, 0, 8).is_some() && (b.len() == 8 || !b[8].is_ascii_digit()) {
        let y = digits(b, 0, 4)? as i32;
        let date = NaiveDate::from_ymd_opt(y, digits(b, 4, 2)?, digits(b, 6, 2)?)?;
        if plausible(y) {
            return at(date, NaiveTime::MIN, utc());
        }
    }
    None
}

/// Parses `THH:MM[:SS[.fff]][Z|±HH[:]MM]` after a date; missing parts default to midnight / none.
fn parse_time_tail(b: &[u8]) -> (NaiveTime, Option<FixedOffset>) {
    let mut i = 0;
    if i < b.len() && (b[i] == b'T' || b[i] == b' ' || b[i] == b't') {
        i += 1;
    } else {
        return (NaiveTime::MIN, None);
    }
    let (Some(h), Some(mi)) = (digits(b, i, 2), digits(b, i + 3, 2)) else {
        return (NaiveTime::MIN, None);
    };
    if b.get(i + 2) != Some(&b':') {
        return (NaiveTime::MIN, None);
    }
    i += 5;
    let mut sec = 0;
    if b.get(i) == Some(&b':') {
        if let Some(s) = digits(b, i + 1, 2) {
            sec = s;
            i += 3;
        }
    }
    if b.get(i) == Some(&b'.') || b.get(i) == Some(&b',') {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    let time = NaiveTime::from_hms_opt(h, mi, sec.min(59)).unwrap_or(NaiveTime::MIN);
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    let off = match b.get(i) {
        Some(b'Z') | Some(b'z') => Some(utc()),
        Some(&c) if c == b'+' || c == b'-' => {
            let sign = if c == b'-' { -1 } else { 1 };
            let oh = digits(b, i + 1, 2);
            let om = if b.get(i + 3) == Some(&b':') {
                digits(b, i + 4, 2)
            } else {
                digits(b, i + 3, 2)
            };
            match (oh, om) {
                (Some(oh), om) if oh <= 14 => {
                    FixedOffset::east_opt(sign * (oh as i32 * 3600 + om.unwrap_or(0) as i32 * 60))
                }
                _ => None,
            }
        }
        _ => None,
    };
    (time, off)
}

/// An English weekday, spelled out or abbreviated ("wednesday", "wed"); lower case expected.
pub fn is_weekday_word(word: &str) -> bool {
    crate::text::WEEKDAY_NAMES.contains(&word)
        || matches!(word, "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")
}

/// True for a month name or abbreviation ("Mar", "March", "Sept.", "März", "مارس").
pub fn is_month_word(word: &str) -> bool {
    month_of(word.trim_end_matches([',', '.', '،'])).is_some()
}

/// Month names beyond English, lower case, matched whole: French, German, Spanish, Italian,
/// Portuguese and Dutch names with their unambiguous abbreviations, and Arabic (the names used
/// in Egypt and the Gulf, with and without hamza, and the Levantine ones; those written in two
/// words are folded to one by [`parse_human`]).
/// Abbreviations that are English words ("set", "out", "ago") are left out.
const FOREIGN_MONTHS: &[(&str, u32)] = &[
    ("janvier", 1),
    ("janv", 1),
    ("février", 2),
    ("fevrier", 2),
    ("févr", 2),
    ("mars", 3),
    ("avril", 4),
    ("avr", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("juil", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    ("déc", 12),
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("maerz", 3),
    ("mrz", 3),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("okt", 10),
    ("dezember", 12),
    ("dez", 12),
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("gennaio", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("novembro", 11),
    ("dezembro", 12),
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("mei", 5),
    ("augustus", 8),
    ("يناير", 1),
    ("فبراير", 2),
    ("مارس", 3),
    ("أبريل", 4),
    ("ابريل", 4),
    ("إبريل", 4),
    ("مايو", 5),
    ("يونيو", 6),
    ("يونيه", 6),
    ("يوليو", 7),
    ("يوليه", 7),
    ("أغسطس", 8),
    ("اغسطس", 8),
    ("سبتمبر", 9),
    ("أكتوبر", 10),
    ("اكتوبر", 10),
    ("نوفمبر", 11),
    ("ديسمبر", 12),
    ("شباط", 2),
    ("آذار", 3),
    ("نيسان", 4),
    ("أيار", 5),
    ("حزيران", 6),
    ("تموز", 7),
    ("آب", 8),
    ("أيلول", 9),
];

fn month_of(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if let Some(&(_, m)) = FOREIGN_MONTHS.iter().find(|(name, _)| *name == w) {
        return Some(m);
    }
    if w.len() < 3 || !w.is_ascii() {
        return None;
    }
    let i = MONTH_NAMES.iter().position(|m| w.starts_with(&m[..3]))?;
    // "mar" matches "march" but not "marketing": the full name must be a prefix of a month name
    // or the three-letter abbreviation (allowing "sept").
    if MONTH_NAMES[i].starts_with(&w) || w == "sept" {
        Some(i as u32 + 1)
    } else {
        None
    }
}

/// Three-letter month abbreviations in Spanish, Portuguese, Italian, German and Dutch that
/// [`month_of`] (tried first) does not know, some of them English words ("ago", "set", "out"):
/// for the hyphenated `DD-Mon-YYYY` form only.
fn short_month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    let m = match w.as_str() {
        "ene" | "gen" => 1,
        "fev" | "fév" => 2,
        "mrt" | "mär" => 3,
        "abr" => 4,
        "mag" => 5,
        "giu" => 6,
        "lug" => 7,
        "ago" => 8,
        "set" => 9,
        "out" | "ott" => 10,
        "dic" => 12,
        _ => return None,
    };
    Some(m)
}

/// Human dates: "March 5, 2024", "Mar. 5 2024", "5 March 2024", "5th Mar 2024", the same with
/// the month named in another language ("3. März 2026", "3 de marzo de 2026", "٣ مارس ٢٠٢٦"),
/// also numeric "05.03.2024" (day first) and ISO forms inside prose.
pub fn parse_human(s: &str) -> Option<DateTime<FixedOffset>> {
    if let Some(d) = parse_iso_loose(s) {
        return Some(d);
    }
    // Arabic-Indic and Persian digits are digits; the Levantine months named in two words
    // ("كانون الثاني") become their one-word names.
    let folded: String;
    let s = if s.chars().any(|c| matches!(c, '\u{600}'..='\u{6ff}')) {
        let mut t: String = s
            .chars()
            .map(|c| match c {
                '\u{660}'..='\u{669}' => char::from(b'0' + (c as u32 - 0x660) as u8),
                '\u{6f0}'..='\u{6f9}' => char::from(b'0' + (c as u32 - 0x6f0) as u8),
                _ => c,
            })
            .collect();
        for (two, one) in [
            ("كانون الثاني", "يناير"),
            ("تشرين الأول", "أكتوبر"),
            ("تشرين الاول", "أكتوبر"),
            ("تشرين الثاني", "نوفمبر"),
            ("كانون الأول", "ديسمبر"),
            ("كانون الاول", "ديسمبر"),
        ] {
            t = t.replace(two, one);
        }
        folded = t;
        folded.as_str()
    } else {
        s
    };
    // "3 de marzo de 2026", "12 di dicembre 2025": the joining words are skipped.
    let toks: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '|' | '·' | '•' | '،'))
        .filter(|t| !t.is_empty() && !matches!(*t, "de" | "del" | "di"))
        .collect();
    let num = |t: &str| -> Option<u32> {
        let t = t.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
        if !t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()) {
            t.parse().ok()
        } else {
            None
        }
    };
    for i in 0..toks.len() {
        if let Some(m) = month_of(toks[i]) {
            // Month D, YYYY
            if let (Some(d), Some(y)) = (
                toks.get(i + 1).and_then(|t| num(t)),
                toks.get(i + 2).and_then(|t| num(t)),
            ) {
                if d <= 31 && plausible(y as i32) {
                    if let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d) {
                        return at(date, NaiveTime::MIN, utc());
                    }
                }
            }
            // D Month YYYY
            if i > 0 {
                if let (Some(d), Some(y)) = (num(toks[i - 1]), toks.get(i + 1).and_then(|t| num(t)))
                {
                    if d <= 31 && plausible(y as i32) {
                        if let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d) {
                            return at(date, NaiveTime::MIN, utc());
                        }
                    }
                }
            }
        }
    }
    // DD-Mon-YYYY ("04-Aug-2021", HubSpot's "04-ago-2021"): between the hyphens a short month
    // name cannot be the English word it may spell elsewhere.
    for t in &toks {
        let parts: Vec<&str> = t.split('-').collect();
        if let [d, mon, y] = parts[..] {
            let m = month_of(mon).or_else(|| short_month(mon));
            if let (Some(m), Ok(d), Ok(y)) = (m, d.parse::<u32>(), y.parse::<i32>()) {
                if y >= 1000 && plausible(y) {
                    if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                        return at(date, NaiveTime::MIN, utc());
                    }
                }
            }
        }
    }
    // DD.MM.YYYY or MM/DD/YYYY
    for t in &toks {
        let parts: Vec<&str> = t.split(['.', '/', '-']).collect();
        if parts.len() == 3 && parts[2].len() == 4 && parts[0].len() <= 2 && parts[1].len() <= 2 {
            let (a, b2, y) = (
                parts[0].parse::<u32>().ok()?,
                parts[1].parse::<u32>().ok()?,
                parts[2].parse::<i32>().ok()?,
            );
            if !plausible(y) {
                continue;
            }
            let (d, m) = if t.contains('/') && a <= 12 {
                (b2, a)
            } else {
                (a, b2)
            };
            if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                return at(date, NaiveTime::MIN, utc());
            }
        }
    }
    None
}

/// A numeric date whose year may have two digits ("1/23/21", "23.01.21", "5/5/20"), for text
/// a label has already marked as a date: slashes read month first unless the first number
/// cannot be a month, dots and hyphens read day first. Two-digit years are 2000-2069 or
/// 1970-1999.
pub fn parse_numeric_short_year(tok: &str) -> Option<DateTime<FixedOffset>> {
    let tok = tok.trim_end_matches(['.', ',', ';', ')']);
    let parts: Vec<&str> = tok.split(['.', '/', '-']).collect();
    let [a, b, y] = parts[..] else {
        return None;
    };
    if a.is_empty() || b.is_empty() || a.len() > 2 || b.len() > 2 || !(y.len() == 2 || y.len() == 4)
    {
        return None;
    }
    let (a, b, y): (u32, u32, i32) = (a.parse().ok()?, b.parse().ok()?, y.parse().ok()?);
    let y = match y {
        0..=69 => 2000 + y,
        70..=99 => 1900 + y,
        _ => y,
    };
    if !plausible(y) {
        return None;
    }
    let (d, m) = if tok.contains('/') && a <= 12 {
        (b, a)
    } else {
        (a, b)
    };
    at(NaiveDate::from_ymd_opt(y, m, d)?, NaiveTime::MIN, utc())
}

/// A date in a URL path: `/2024/03/05/`, `/2024-03-05`, `/20240305/`.
fn url_segments(url: &str) -> Vec<&str> {
    let path = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let path = path.find('/').map(|i| &path[i..]).unwrap_or("");
    path.split(['/', '?', '#', '_']).collect()
}

/// A date spelled as path segments, `/2023/10/03/` or `/2023/october/03/`, or as one whole
/// segment, `/story/2019-11-19/`: the archive position a CMS gives a post when it is first
/// published, so a strong signal.
pub fn date_from_url_path(url: &str) -> Option<DateTime<FixedOffset>> {
    let segs = url_segments(url);
    for seg in &segs {
        let b = seg.as_bytes();
        if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
            if let Some(d) = parse_iso_loose(seg) {
                return Some(d);
            }
        }
    }
    for w in segs.windows(3) {
        let month = w[1]
            .parse::<u32>()
            .ok()
            .filter(|_| w[1].len() <= 2)
            .or_else(|| month_of(w[1]).filter(|_| w[1].chars().all(|c| c.is_ascii_alphabetic())));
        let day = w[2]
            .get(..2)
            .and_then(|d| {
                d.trim_end_matches(|c: char| !c.is_ascii_digit())
                    .parse::<u32>()
                    .ok()
            })
            .filter(|_| !w[2].as_bytes().get(2).is_some_and(u8::is_ascii_digit));
        if let (Ok(y), Some(m), Some(d)) = (w[0].parse::<i32>(), month, day) {
            if w[0].len() == 4 && plausible(y) {
                if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                    return at(date, NaiveTime::MIN, utc());
                }
            }
        }
    }
    None
}

pub fn date_from_url(url: &str) -> Option<DateTime<FixedOffset>> {
    if let Some(d) = date_from_url_path(url) {
        return Some(d);
    }
    let segs = url_segments(url);
    for seg in &segs {
        let b = seg.as_bytes();
        for i in 0..b.len() {
            if i > 0 && b[i - 1].is_ascii_digit() {
                continue;
            }
            if let Some(y) = digits(b, i, 4) {
                let y = y as i32;
                if !plausible(y) {
                    continue;
                }
                let (m, d) = if b.get(i + 4) == Some(&b'-') && b.get(i + 7) == Some(&b'-') {
                    (digits(b, i + 5, 2), digits(b, i + 8, 2))
                } else if digits(b, i, 8).is_some()
                    && !b.get(i + 8).is_some_and(|c| c.is_ascii_digit())
                {
                    (digits(b, i + 4, 2), digits(b, i + 6, 2))
                } else {
                    (None, None)
                };
                if let (Some(m), Some(d)) = (m, d) {
                    if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                        return at(date, NaiveTime::MIN, utc());
                    }
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: Option<DateTime<FixedOffset>>) -> String {
        d.map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    }

    #[test]
    fn machine_forms() {
        assert_eq!(day(parse_date("2024-03-05T23:30:00-05:00")), "2024-03-05");
        assert_eq!(
            day(parse_date("2024-03-05T23:30:00.000-0500")),
            "2024-03-05"
        );
        assert_eq!(day(parse_date("2024-03-05 10:00")), "2024-03-05");
        assert_eq!(
            day(parse_date("Tue, 05 Mar 2024 10:00:00 GMT")),
            "2024-03-05"
        );
        assert_eq!(day(parse_date("20240305")), "2024-03-05");
    }

    #[test]
    fn human_forms() {
        assert_eq!(
            day(parse_human("Published March 5, 2024 at 3pm")),
            "2024-03-05"
        );
        assert_eq!(day(parse_human("Updated: 5th Mar. 2024")), "2024-03-05");
        assert_eq!(day(parse_human("on 04-ago-2021 5:11:10")), "2021-08-04");
        assert_eq!(day(parse_human("Posted 17-Sep-2023")), "2023-09-17");
        assert_eq!(day(parse_human("12-out-2022")), "2022-10-12");
        assert_eq!(day(parse_numeric_short_year("1/23/21")), "2021-01-23");
        assert_eq!(day(parse_numeric_short_year("23/01/21")), "2021-01-23");
        assert_eq!(day(parse_numeric_short_year("1.4.18")), "2018-04-01");
        assert!(parse_numeric_short_year("8.5.12.1").is_none());
        assert!(parse_numeric_short_year("13/13/21").is_none());
        // Not a date: words joined by hyphens around a short month name.
        assert!(parse_human("a set-out-plan").is_none());
        assert_eq!(day(parse_human("05.03.2024")), "2024-03-05");
        assert_eq!(day(parse_human("Marketing 2024")), "");
        for (text, want) in [
            ("Publié le 3 mars 2026 à 10h12", "2026-03-03"),
            ("Mis à jour le 14 févr. 2026", "2026-02-14"),
            ("Veröffentlicht am 3. März 2026, 10:15 Uhr", "2026-03-03"),
            ("3 de marzo de 2026", "2026-03-03"),
            ("5 de março de 2024", "2024-03-05"),
            ("12 dicembre 2025", "2025-12-12"),
            ("3 maart 2026", "2026-03-03"),
            ("الثلاثاء ٣ مارس ٢٠٢٦", "2026-03-03"),
            ("نُشر في 17 أيلول 2025", "2025-09-17"),
            ("٢ كانون الثاني ٢٠٢٦", "2026-01-02"),
            ("5 تشرين الأول 2025", "2025-10-05"),
            // Words that only look like months are not dates.
            ("Mars 2024 mission", ""),
            ("the main 5 set 2024", ""),
        ] {
            assert_eq!(day(parse_human(text)), want, "{text}");
        }
    }

    #[test]
    fn url_forms() {
        assert_eq!(
            day(date_from_url_path(
                "https://x.org/blog/2023/october/03/how-many-wines"
            )),
            "2023-10-03"
        );
        assert_eq!(
            day(date_from_url_path("https://x.org/2025/12/18/are-ai")),
            "2025-12-18"
        );
        assert_eq!(
            day(date_from_url_path("https://x.org/2025/12/2018-review")),
            ""
        );
        assert_eq!(
            day(date_from_url_path(
                "https://www.latimes.com/business/story/2019-11-19/gannett-merger"
            )),
            "2019-11-19"
        );
        // A date inside a slug is weaker: only `date_from_url` reads it.
        assert_eq!(
            day(date_from_url_path(
                "https://x.org/news/2019-11-19-gannett-merger"
            )),
            ""
        );

        assert_eq!(
            day(date_from_url("https://x.com/2024/03/05/story")),
            "2024-03-05"
        );
        assert_eq!(
            day(date_from_url("https://x.com/news/2024-03-05-story")),
            "2024-03-05"
        );
        assert_eq!(
            day(date_from_url("https://x.com/a/20240305/story")),
            "2024-03-05"
        );
        assert_eq!(day(date_from_url("https://x.com/a/story-123456789")), "");
    }
}
