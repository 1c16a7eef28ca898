//! Reading articles from JSON lines, leniently: missing fields are normal, and a bad date is a
//! warning rather than a lost article.

use crate::Item;
use chrono::{DateTime, Utc};
use serde_json::Value;

/// Why a line could not be read as an article.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("not a JSON object")]
    NotObject,
    #[error("missing or empty \"id\"")]
    MissingId,
}

/// A text field: a string, or a list of strings (paragraphs, as some exports write a body),
/// joined by blank lines. Anything else is ignored with a warning naming the field.
fn string_field(
    obj: &serde_json::Map<String, Value>,
    key: &str,
    warnings: &mut Vec<String>,
) -> Option<String> {
    let s = match obj.get(key)? {
        Value::String(s) => s.clone(),
        Value::Array(parts) if parts.iter().all(Value::is_string) => parts
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("\n\n"),
        Value::Null => return None,
        other => {
            let kind = match other {
                Value::Bool(_) => "a true/false value",
                Value::Number(_) => "a number",
                Value::Array(_) => "a list that is not all text",
                _ => "an object",
            };
            warnings.push(format!("\"{key}\" is {kind}, not text; ignored"));
            return None;
        }
    };
    (!s.trim().is_empty()).then_some(s)
}

/// Parses one input line `{"id", "title"?, "text"?, "published"?, "source"?, "url"?,
/// "canonical_url"?}`, the date in one of the forms `parse_date` reads. Returns the article and
/// any warnings (e.g. an unreadable date, which is then treated as missing).
pub fn parse_item_line(line: &str) -> Result<(Item, Vec<String>), InputError> {
    let v: Value = serde_json::from_str(line)?;
    let Value::Object(obj) = v else {
        return Err(InputError::NotObject);
    };
    let id = match obj.get("id") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => return Err(InputError::MissingId),
    };
    let mut warnings = Vec::new();
    // The date as read, and as written (for the warning when it cannot be read).
    let published = match obj.get("published") {
        Some(Value::String(s)) if !s.trim().is_empty() => Some((parse_date(s), format!("{s:?}"))),
        Some(Value::Number(n)) => Some((
            n.as_i64()
                .and_then(from_epoch)
                .or_else(|| n.as_f64().and_then(from_epoch_fraction)),
            n.to_string(),
        )),
        _ => None,
    }
    .and_then(|(date, shown)| {
        if date.is_none() {
            warnings.push(format!("unreadable \"published\" {shown}, ignored"));
        }
        date
    });
    let item = Item {
        id,
        title: string_field(&obj, "title", &mut warnings),
        text: string_field(&obj, "text", &mut warnings),
        published,
        source: string_field(&obj, "source", &mut warnings),
        url: string_field(&obj, "url", &mut warnings),
        canonical_url: string_field(&obj, "canonical_url", &mut warnings),
    };
    Ok((item, warnings))
}

/// RFC 3339; RFC 2822 as feeds write it ("Tue, 03 Nov 2026 08:30:00 GMT"); a bare
/// `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS` or `YYYY-MM-DD HH:MM:SS` (fractions allowed) taken as UTC;
/// Unix time as digits, with or without a fraction (see [`from_epoch`]), as dataset exports
/// write them; else what a page's or a feed's date is read as
/// ([`storyline_core::date::parse_date`]: `+0100` offsets, `YYYY/MM/DD`, "March 10, 2014", …).
fn parse_date(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.with_timezone(&Utc));
    }
    for f in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(d) = chrono::NaiveDateTime::parse_from_str(s, f) {
            return Some(d.and_utc());
        }
    }
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok().and_then(from_epoch);
    }
    if let Some((whole, fraction)) = s.split_once('.') {
        let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
        if digits(whole) && digits(fraction) {
            return s.parse().ok().and_then(from_epoch_fraction);
        }
    }
    if let Some(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
    {
        return Some(d.and_utc());
    }
    storyline_core::date::parse_date(s).map(|d| d.with_timezone(&Utc))
}

/// Unix time with a fraction (`1394470370.698`, as Python's `time.time()` writes it): seconds,
/// or milliseconds when too large to be seconds (as [`from_epoch`]).
fn from_epoch_fraction(x: f64) -> Option<DateTime<Utc>> {
    if !x.is_finite() {
        return None;
    }
    let millis = if x.abs() > 100_000_000_000.0 {
        x
    } else {
        x * 1000.0
    };
    // Beyond about 292 million years either way an i64 of milliseconds overflows; chrono
    // rejects far less than that.
    if millis.abs() >= 9.0e18 {
        return None;
    }
    DateTime::from_timestamp_millis(millis.round() as i64)
}

/// Unix time in seconds, or in milliseconds when it is too large to be seconds of this era
/// (beyond 10^11 seconds, the year 5138).
fn from_epoch(n: i64) -> Option<DateTime<Utc>> {
    if n.abs() > 100_000_000_000 {
        DateTime::from_timestamp_millis(n)
    } else {
        DateTime::from_timestamp(n, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lines() {
        let (it, w) =
            parse_item_line(r#"{"id":"a","title":"T","published":"2026-11-03T08:30:00+01:00"}"#)
                .unwrap();
        assert_eq!(it.id, "a");
        assert!(w.is_empty());
        assert_eq!(
            it.published.unwrap().to_rfc3339(),
            "2026-11-03T07:30:00+00:00"
        );
        let (it, w) = parse_item_line(r#"{"id":7,"published":"yesterday"}"#).unwrap();
        assert_eq!(it.id, "7");
        assert!(it.published.is_none());
        assert_eq!(w.len(), 1);
        // The forms dataset exports and feeds write dates in.
        for published in [
            r#""2026-11-03T07:30:00Z""#,
            r#""Tue, 03 Nov 2026 07:30:00 GMT""#,
            r#""2026-11-03 07:30:00""#,
            r#""2026-11-03 07:30:00.250""#,
            r#""2026-11-03T07:30:00.250""#,
            "1793691000",
            r#""1793691000""#,
            "1793691000250",
            "1793691000.25",
            r#""1793691000.250""#,
            r#""2026-11-03T08:30:00+0100""#,
            r#""2026-11-03 07:30:00 UTC""#,
            r#""2026/11/03 07:30:00""#,
            r#""2026-11-03T07:30Z""#,
        ] {
            let line = format!(r#"{{"id":"a","published":{published}}}"#);
            let (it, w) = parse_item_line(&line).unwrap();
            assert!(w.is_empty(), "{published}");
            let got = it
                .published
                .map(|d| d.format("%Y-%m-%d %H:%M:%S").to_string());
            assert_eq!(got.as_deref(), Some("2026-11-03 07:30:00"), "{published}");
        }
        // A day alone is its midnight, however it is written.
        for day in ["2026-11-03", "November 3, 2026", "3 Nov 2026"] {
            let line = format!(r#"{{"id":"a","published":"{day}"}}"#);
            let (it, w) = parse_item_line(&line).unwrap();
            assert!(w.is_empty(), "{day}");
            let got = it.published.map(|d| d.to_rfc3339());
            assert_eq!(got.as_deref(), Some("2026-11-03T00:00:00+00:00"), "{day}");
        }
        // A body given as paragraphs is read as one text; a field that is no text is named.
        let (it, w) =
            parse_item_line(r#"{"id":"a","text":["One.","Two."],"title":7,"url":null}"#).unwrap();
        assert_eq!(it.text.as_deref(), Some("One.\n\nTwo."));
        assert!(it.title.is_none() && it.url.is_none());
        assert_eq!(w, ["\"title\" is a number, not text; ignored"]);
        assert!(matches!(
            parse_item_line("{\"title\":\"x\"}"),
            Err(InputError::MissingId)
        ));
        assert!(matches!(parse_item_line("[1]"), Err(InputError::NotObject)));
        assert!(matches!(parse_item_line("{oops"), Err(InputError::Json(_))));
    }

    proptest::proptest! {
        /// Whatever a `published` field holds, it is read or ignored; nothing panics.
        #[test]
        fn any_published_value_is_read_or_ignored(
            s in "[0-9 :/.TZ+-]{0,32}|\\PC{0,32}",
            x in proptest::num::f64::ANY,
        ) {
            let _ = parse_date(&s);
            let _ = from_epoch_fraction(x);
        }
    }
}
