//! Lenient reading of a model's digest JSON.
//!
//! Servers without structured output, and small models even with it, return JSON wrapped in prose
//! or code fences, cut off at the token limit, with renamed keys, ids as strings (`"S3"`, `"[3]"`) or
//! citations inline in the text. All of that is read here; what cannot be read is simply absent,
//! and the grounding check decides what survives. Inline markers stay in the text here: the
//! engine reads them per sentence ([`crate::ground::strip_inline_ids`]).

use serde_json::Value;

use crate::ground::MAX_CITATIONS;

/// A generated piece of text and the source-sentence ids it claims.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawItem {
    pub text: String,
    pub ids: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawFaq {
    pub question: String,
    pub answer: String,
    pub ids: Vec<usize>,
}

/// The digest fields a model may write.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawDigest {
    pub headline: Option<RawItem>,
    pub summary: Vec<RawItem>,
    pub takeaways: Vec<RawItem>,
    pub why_it_matters: Vec<RawItem>,
    pub faq: Vec<RawFaq>,
}

impl RawDigest {
    /// Whether nothing at all was found.
    pub fn is_empty(&self) -> bool {
        self.headline.is_none()
            && self.summary.is_empty()
            && self.takeaways.is_empty()
            && self.why_it_matters.is_empty()
            && self.faq.is_empty()
    }
}

/// Why a reply held no digest.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParseError {
    #[error("no JSON object in the reply")]
    NoJson,
    #[error("the JSON has none of the digest fields")]
    NoFields,
}

/// Longest headline or question the schema allows, in characters.
pub const MAX_HEADLINE_CHARS: usize = 160;
/// Longest item text (a sentence or two) the schema allows, in characters.
pub const MAX_TEXT_CHARS: usize = 400;

/// The JSON schema sent as `response_format` (also the shape the prompt describes).
///
/// Ids are bounded to the `n_sources` sentences shown and to [`MAX_CITATIONS`] per item: with
/// constrained decoding a small model otherwise lists ids forever, or none.
pub fn schema(max_summary: usize, n_sources: usize) -> Value {
    let ids = serde_json::json!({
        "type": "array",
        "minItems": 1,
        "maxItems": MAX_CITATIONS,
        "items": {"type": "integer", "minimum": 1, "maximum": n_sources.max(1)}
    });
    // Length caps keep a rambling model from spending the whole token budget inside one string.
    let text = |max: usize| serde_json::json!({"type": "string", "maxLength": max});
    let item = serde_json::json!({
        "type": "object",
        "properties": {
            "text": text(MAX_TEXT_CHARS),
            "ids": ids
        },
        "required": ["text", "ids"],
        "additionalProperties": false
    });
    let list = |max: usize| serde_json::json!({"type": "array", "items": item, "maxItems": max});
    serde_json::json!({
        "type": "object",
        "properties": {
            "headline": {
                "type": "object",
                "properties": {"text": text(MAX_HEADLINE_CHARS), "ids": ids},
                "required": ["text", "ids"],
                "additionalProperties": false
            },
            "summary": list(max_summary),
            "takeaways": list(4),
            "why_it_matters": list(2),
            "faq": {
                "type": "array",
                "maxItems": 3,
                "items": {
                    "type": "object",
                    "properties": {
                        "question": text(MAX_HEADLINE_CHARS),
                        "answer": text(MAX_TEXT_CHARS),
                        "ids": ids
                    },
                    "required": ["question", "answer", "ids"],
                    "additionalProperties": false
                }
            }
        },
        "required": ["headline", "summary", "takeaways", "why_it_matters", "faq"],
        "additionalProperties": false
    })
}

/// Reads a reply into digest fields.
pub fn parse_reply(content: &str) -> Result<RawDigest, ParseError> {
    let value = find_json(content).ok_or(ParseError::NoJson)?;
    let obj = match &value {
        Value::Object(o) => o,
        _ => return Err(ParseError::NoJson),
    };
    let get = |names: &[&str]| -> Option<&Value> {
        obj.iter()
            .find(|(k, _)| {
                let n = norm_key(k);
                names.iter().any(|want| n == *want)
            })
            .map(|(_, v)| v)
    };
    let out = RawDigest {
        headline: get(&["headline", "title"]).and_then(item),
        summary: get(&["summary", "summaries", "brief"])
            .map(items)
            .unwrap_or_default(),
        takeaways: get(&[
            "takeaways",
            "keytakeaways",
            "keypoints",
            "points",
            "bullets",
        ])
        .map(items)
        .unwrap_or_default(),
        why_it_matters: get(&["whyitmatters", "whymatters", "why", "significance"])
            .map(items)
            .unwrap_or_default(),
        faq: get(&["faq", "faqs", "questions"])
            .map(faqs)
            .unwrap_or_default(),
    };
    if out.is_empty() {
        return Err(ParseError::NoFields);
    }
    Ok(out)
}

fn norm_key(k: &str) -> String {
    k.chars()
        .filter(char::is_ascii_alphanumeric)
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// The first JSON object in `content`, repairing a reply cut off at the token limit.
pub fn find_json(content: &str) -> Option<Value> {
    let mut s = content;
    // Reasoning models may think out loud first.
    if let Some(end) = s.find("</think>") {
        s = &s[end + "</think>".len()..];
    }
    let start = s.find('{')?;
    let s = &s[start..];
    let mut stream = serde_json::Deserializer::from_str(s).into_iter::<Value>();
    match stream.next() {
        Some(Ok(v)) => return Some(v),
        Some(Err(e)) if !e.is_eof() => {
            // A syntax error mid-way: try the repair on the part before it.
            let cut = byte_offset(s, e.line(), e.column());
            return repair(&s[..cut]);
        }
        _ => {}
    }
    repair(s)
}

/// Byte offset of a 1-based line/column (serde_json counts columns in bytes).
fn byte_offset(s: &str, line: usize, column: usize) -> usize {
    let mut off = 0;
    for (i, l) in s.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let mut o = off + column.saturating_sub(1).min(l.len());
            while !s.is_char_boundary(o) {
                o -= 1;
            }
            return o;
        }
        off += l.len();
    }
    s.len()
}

/// Closes a truncated JSON text at its last complete value.
fn repair(s: &str) -> Option<Value> {
    // Cut points: just before a top-level-of-its-container comma, or just after a closing bracket,
    // with the stack of brackets still open there.
    let mut cuts: Vec<(usize, Vec<char>)> = Vec::new();
    let mut stack: Vec<char> = Vec::new();
    let mut in_str = false;
    let mut esc = false;
    for (i, c) in s.char_indices() {
        if in_str {
            if esc {
                esc = false;
            } else if c == '\\' {
                esc = true;
            } else if c == '"' {
                in_str = false;
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '{' | '[' => stack.push(c),
            '}' | ']' => {
                stack.pop();
                cuts.push((i + 1, stack.clone()));
                if stack.is_empty() {
                    break;
                }
            }
            ',' => cuts.push((i, stack.clone())),
            _ => {}
        }
    }
    for (cut, open) in cuts.iter().rev().take(400) {
        let mut text = s[..*cut].trim_end().to_string();
        for b in open.iter().rev() {
            text.push(if *b == '{' { '}' } else { ']' });
        }
        if let Ok(v) = serde_json::from_str::<Value>(&text) {
            if v.is_object() {
                return Some(v);
            }
        }
    }
    None
}

fn items(v: &Value) -> Vec<RawItem> {
    match v {
        Value::Array(a) => a.iter().filter_map(item).collect(),
        other => item(other).into_iter().collect(),
    }
}

fn item(v: &Value) -> Option<RawItem> {
    match v {
        Value::String(s) => {
            let text = s.trim().to_string();
            (!text.is_empty()).then_some(RawItem {
                text,
                ids: Vec::new(),
            })
        }
        Value::Object(o) => {
            let text = o
                .iter()
                .find(|(k, _)| {
                    matches!(
                        norm_key(k).as_str(),
                        "text"
                            | "sentence"
                            | "claim"
                            | "point"
                            | "summary"
                            | "content"
                            | "headline"
                    )
                })
                .and_then(|(_, v)| v.as_str())?;
            let text = text.trim().to_string();
            (!text.is_empty()).then_some(RawItem {
                text,
                ids: ids_in(o),
            })
        }
        _ => None,
    }
}

fn ids_in(o: &serde_json::Map<String, Value>) -> Vec<usize> {
    o.iter()
        .filter(|(k, _)| {
            matches!(
                norm_key(k).as_str(),
                "ids" | "id" | "sources" | "sourceids" | "citations" | "cite" | "cites" | "refs"
            )
        })
        .flat_map(|(_, v)| id_values(v))
        .collect()
}

fn id_values(v: &Value) -> Vec<usize> {
    match v {
        Value::Number(n) => n
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .into_iter()
            .collect(),
        Value::String(s) => s
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter_map(|p| p.trim_start_matches(['S', 's']).parse::<usize>().ok())
            .collect(),
        Value::Array(a) => a.iter().flat_map(id_values).collect(),
        _ => Vec::new(),
    }
}

fn faqs(v: &Value) -> Vec<RawFaq> {
    let Value::Array(a) = v else {
        return Vec::new();
    };
    a.iter()
        .filter_map(|f| {
            let o = f.as_object()?;
            let field = |names: &[&str]| {
                o.iter()
                    .find(|(k, _)| names.contains(&norm_key(k).as_str()))
                    .and_then(|(_, v)| v.as_str())
                    .map(str::to_string)
            };
            let question = field(&["question", "q"])?;
            let answer = field(&["answer", "a"])?;
            Some(RawFaq {
                question: question.trim().to_string(),
                answer: answer.trim().to_string(),
                ids: ids_in(o),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_clean_json() {
        let d = parse_reply(
            r#"{"headline": {"text": "Bags banned", "ids": [1]},
                "summary": [{"text": "The council banned bags.", "ids": [1, 2]}],
                "takeaways": [], "why_it_matters": [],
                "faq": [{"question": "When?", "answer": "In March.", "ids": [2]}]}"#,
        )
        .expect("parses");
        assert_eq!(d.headline.as_ref().map(|h| h.ids.clone()), Some(vec![1]));
        assert_eq!(d.summary[0].ids, vec![1, 2]);
        assert_eq!(d.faq[0].answer, "In March.");
    }

    #[test]
    fn reads_fenced_renamed_and_inline() {
        let d = parse_reply(
            "Sure! Here it is:\n```json\n{\"Title\": \"Bags banned [1]\", \"Summary\": \"The council banned bags [1]. It starts in March [2].\", \"Key points\": [\"One [S3]\", {\"sentence\": \"Two\", \"sources\": \"3, 4\"}], \"whyItMatters\": []}\n```\nHope that helps.",
        )
        .expect("parses");
        assert_eq!(
            d.headline,
            Some(RawItem {
                text: "Bags banned [1]".into(),
                ids: vec![]
            })
        );
        assert_eq!(d.summary.len(), 1);
        assert!(d.summary[0].text.ends_with("March [2]."));
        assert_eq!(d.takeaways[1].ids, vec![3, 4]);
        assert_eq!(d.takeaways[0].text, "One [S3]");
    }

    #[test]
    fn repairs_truncated_json() {
        let d = parse_reply(
            r#"{"headline": {"text": "Bags banned", "ids": [1]}, "summary": [{"text": "The council banned bags.", "ids": [1, 2]}, {"text": "It starts in Ma"#,
        )
        .expect("repaired");
        assert_eq!(d.summary.len(), 1);
        assert!(d.headline.is_some());
    }

    #[test]
    fn rejects_what_is_not_a_digest() {
        assert_eq!(
            parse_reply("I cannot help with that."),
            Err(ParseError::NoJson)
        );
        assert_eq!(parse_reply("{\"foo\": 1}"), Err(ParseError::NoFields));
        assert_eq!(parse_reply("{{{{"), Err(ParseError::NoJson));
    }

    #[test]
    fn schema_is_an_object_schema() {
        let s = schema(4, 7);
        assert_eq!(s["type"], "object");
        assert_eq!(s["properties"]["summary"]["maxItems"], 4);
        assert_eq!(
            s["properties"]["faq"]["items"]["properties"]["ids"]["items"]["maximum"],
            7
        );
    }
}
