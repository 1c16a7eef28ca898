//! The `storyline summarize` format: one story per JSON line in, one digest per JSON line out.
//!
//! Input: `{"id", "documents": [ "plain text" | {"id"?, "title", "text", "source", "url",
//! "published"} ]}`. A document without an `id` is named `d0`, `d1`, … by its position, and
//! citations use that name. Output: the digest fields, with `summary` as one string (sentences
//! joined by newlines, as ROUGE-Lsum wants) and `summary_sentences` holding the cited form.

use crate::{Doc, Options, RankParams};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use serde_json::{json, Value};
use std::io::{BufRead, Write};
use storyline_core::jsonl;
use storyline_core::Digest;

/// Errors of a stories run: the input could not be read or a digest could not be written.
#[derive(Debug, thiserror::Error)]
pub enum JsonlError {
    #[error("line {line}: writing its digest: {source}")]
    Json {
        line: usize,
        source: serde_json::Error,
    },
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum InDoc {
    Plain(String),
    Full {
        #[serde(default)]
        id: Option<String>,
        #[serde(default)]
        title: Option<String>,
        #[serde(default)]
        text: String,
        #[serde(default)]
        source: Option<String>,
        #[serde(default)]
        url: Option<String>,
        #[serde(default)]
        published: Option<String>,
    },
}

#[derive(Debug, Deserialize)]
struct InStory {
    id: Value,
    #[serde(default)]
    documents: Vec<InDoc>,
}

/// Parses a publication date: RFC 3339, or a bare `YYYY-MM-DD` (taken as midnight UTC).
pub fn parse_published(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    let day = NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()?;
    Some(day.and_hms_opt(0, 0, 0)?.and_utc())
}

fn to_docs(story: InStory) -> (String, Vec<Doc>) {
    let id = match story.id {
        Value::String(s) => s,
        other => other.to_string(),
    };
    let docs = story
        .documents
        .into_iter()
        .enumerate()
        .map(|(k, d)| match d {
            InDoc::Plain(text) => Doc {
                id: format!("d{k}"),
                text,
                ..Doc::default()
            },
            InDoc::Full {
                id,
                title,
                text,
                source,
                url,
                published,
            } => Doc {
                id: id.unwrap_or_else(|| format!("d{k}")),
                title,
                text,
                source,
                url,
                published: published.as_deref().and_then(parse_published),
                duplicate_of: None,
            },
        })
        .collect();
    (id, docs)
}

/// The output object for one digest.
pub fn to_json(id: &str, d: &Digest) -> Value {
    let summary: Vec<&str> = d.summary.iter().map(|c| c.text.as_str()).collect();
    json!({
        "id": id,
        "headline": d.headline,
        "summary": summary.join("\n"),
        "summary_sentences": d.summary,
        "takeaways": d.takeaways,
        "why_it_matters": d.why_it_matters,
        "faq": d.faq,
        "timeline": d.timeline,
        "figures": d.figures,
        "players": d.players,
        "perspectives": d.perspectives,
        "agreed": d.agreed,
        "category": d.category,
        "reading_minutes": d.reading_minutes,
        "sources": d.sources,
    })
}

/// Reads stories from `input` and writes one digest per line to `out`. A line that is no story
/// (or is longer than [`jsonl::MAX_LINE_BYTES`]) is reported to `warn` with its line number and
/// skipped; bytes that are not UTF-8 are replaced, with a warning. Returns the number of
/// digests written and of lines skipped.
pub fn run(
    input: impl BufRead,
    mut out: impl Write,
    mut warn: impl Write,
    words: Option<usize>,
    params: &RankParams,
) -> Result<(usize, usize), JsonlError> {
    let mut n = 0;
    let skipped = jsonl::for_each(input, &mut warn, "line ", |k, text, warn| {
        let story: InStory = match serde_json::from_str(&text) {
            Ok(s) => s,
            Err(e) => {
                writeln!(warn, "line {k}: skipped: {e}")?;
                return Ok(false);
            }
        };
        let (id, docs) = to_docs(story);
        let d = crate::digest_with(&docs, &Options { words }, params);
        serde_json::to_writer(&mut out, &to_json(&id, &d))
            .map_err(|source| JsonlError::Json { line: k, source })?;
        out.write_all(b"\n")?;
        n += 1;
        Ok::<_, JsonlError>(true)
    })?;
    Ok((n, skipped))
}

#[cfg(test)]
mod tests {
    use super::run;
    use crate::RankParams;

    /// A broken line costs only itself: the stories after it still get their digests, and the
    /// line is named.
    #[test]
    fn a_broken_line_is_skipped_and_named() {
        let story = |id: &str| {
            serde_json::json!({"id": id, "documents": [
                "The port of Velmont reopened on Monday after a nine-day strike. Dock workers \
                 accepted a new shift plan that keeps night crews at full strength.",
                "Ships began to berth in Velmont within hours of the deal, the port board said.",
            ]})
            .to_string()
        };
        let input = format!(
            "\u{feff}{}\n{{\"id\": \"s2\", \"documents\": [\n{}\n",
            story("s1"),
            story("s3")
        );
        let (mut out, mut warn) = (Vec::new(), Vec::new());
        let (n, skipped) = run(
            input.as_bytes(),
            &mut out,
            &mut warn,
            None,
            &RankParams::default(),
        )
        .expect("no i/o error");
        let warn = String::from_utf8_lossy(&warn);
        assert_eq!((n, skipped), (2, 1), "{warn}");
        assert!(warn.starts_with("line 2: skipped:"), "{warn}");
        let ids: Vec<String> = String::from_utf8_lossy(&out)
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).expect("json");
                v["id"].as_str().expect("id").to_string()
            })
            .collect();
        assert_eq!(ids, ["s1", "s3"]);
    }
}
