//! `storyline eval summarize`: run an engine over a multi-document summarisation set, write
//! predictions, score them with the team's ROUGE scorer and report what the grounding check kept,
//! latency and tokens per second — the figures an operator needs to judge a model.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde::Deserialize;
use serde_json::{json, Value};
use storyline_core::jsonl::{Line, MAX_LINE_BYTES};
use storyline_digest::{DigestEngine, Doc, Options};

use crate::client::Outcome;
use crate::config::LlmConfig;
use crate::engine::{EngineError, OpenAiEngine, Status};

/// Which engine to evaluate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EngineKind {
    Builtin,
    OpenAi,
}

impl std::str::FromStr for EngineKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "builtin" => Ok(EngineKind::Builtin),
            "openai" => Ok(EngineKind::OpenAi),
            other => Err(format!("unknown engine {other:?} (builtin or openai)")),
        }
    }
}

/// What to evaluate and where to write.
#[derive(Debug, Clone)]
pub struct EvalOptions {
    pub engine: EngineKind,
    pub llm: LlmConfig,
    /// JSON lines `{"id", "documents": [text | {"text", "title"}], "summary"}`.
    pub input: PathBuf,
    /// Predictions JSONL; references for the evaluated items go next to it (`.refs.jsonl`).
    pub out: PathBuf,
    pub limit: Option<usize>,
    pub words: Option<usize>,
    /// `score_summaries.py`; skipped when missing.
    pub scorer: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {msg}")]
    Input {
        path: PathBuf,
        line: usize,
        msg: String,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Engine(#[from] EngineError),
}

/// The figures of one run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EvalReport {
    pub engine: String,
    pub stories: usize,
    /// Stories whose summary the model wrote (the rest fell back to the built-in summary).
    pub model_summaries: usize,
    /// Model calls by outcome.
    pub outcomes: Vec<(String, usize)>,
    pub checked: u32,
    pub removed: u32,
    /// Removed sentences per cause, summed over calls (see [`crate::CallRecord::removed_by`]).
    pub removed_by: std::collections::BTreeMap<String, u64>,
    pub mean_latency_ms: f64,
    pub max_latency_ms: u64,
    pub tokens_in: u64,
    pub tokens_out: u64,
    /// Output tokens per second of call wall time (prompt processing included).
    pub tokens_per_sec: f64,
    /// Output tokens per second of generation as the server timed it (llama.cpp reports it),
    /// over the calls that carried a timing.
    pub gen_tokens_per_sec: Option<f64>,
    pub wall_secs: f64,
    pub predictions: PathBuf,
    /// The scorer's last line (`rouge1=… rouge2=… rougeL=… words=N`), when it ran.
    pub rouge: Option<String>,
}

impl EvalReport {
    /// Share of generated sentences that passed the grounding check.
    pub fn pass_rate(&self) -> Option<f64> {
        (self.checked > 0).then(|| f64::from(self.checked - self.removed) / f64::from(self.checked))
    }
}

impl std::fmt::Display for EvalReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "engine: {}", self.engine)?;
        writeln!(
            f,
            "stories: {} (summary written by the model: {})",
            self.stories, self.model_summaries
        )?;
        if !self.outcomes.is_empty() {
            let o: Vec<String> = self
                .outcomes
                .iter()
                .map(|(k, n)| format!("{k}={n}"))
                .collect();
            writeln!(f, "calls: {}", o.join(" "))?;
            match self.pass_rate() {
                Some(p) => writeln!(
                    f,
                    "grounding: {} sentences checked, {} removed, pass rate {:.1}%",
                    self.checked,
                    self.removed,
                    p * 100.0
                )?,
                None => writeln!(f, "grounding: no generated sentences")?,
            }
            if !self.removed_by.is_empty() {
                let by: Vec<String> = self
                    .removed_by
                    .iter()
                    .map(|(k, n)| format!("{k}={n}"))
                    .collect();
                writeln!(f, "removed by cause: {}", by.join(" "))?;
                // Repeats are the model looping, not claims; the rate over distinct sentences
                // says how often what it wrote was supported.
                let repeats = self.removed_by.get("repeat").copied().unwrap_or(0);
                let distinct = u64::from(self.checked).saturating_sub(repeats);
                if repeats > 0 && distinct > 0 {
                    let passed = u64::from(self.checked - self.removed);
                    writeln!(
                        f,
                        "pass rate over distinct sentences: {:.1}% ({passed} of {distinct})",
                        passed as f64 * 100.0 / distinct as f64
                    )?;
                }
            }
            writeln!(
                f,
                "latency: mean {:.0} ms, max {} ms; tokens in {} out {}; {:.1} output tokens/s of call time",
                self.mean_latency_ms,
                self.max_latency_ms,
                self.tokens_in,
                self.tokens_out,
                self.tokens_per_sec
            )?;
            if let Some(g) = self.gen_tokens_per_sec {
                writeln!(f, "generation: {g:.1} tokens/s (server timing)")?;
            }
        }
        writeln!(f, "wall time: {:.1} s", self.wall_secs)?;
        writeln!(f, "predictions: {}", self.predictions.display())?;
        match &self.rouge {
            Some(r) => write!(f, "rouge: {r}"),
            None => write!(f, "rouge: not scored"),
        }
    }
}

#[derive(Deserialize)]
struct Item {
    id: String,
    documents: Vec<Value>,
    #[serde(default)]
    summary: Option<String>,
}

fn docs_of(item: &Item) -> Vec<Doc> {
    item.documents
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            let (text, title) = match d {
                Value::String(s) => (s.clone(), None),
                Value::Object(o) => (
                    o.get("text")?.as_str()?.to_string(),
                    o.get("title").and_then(Value::as_str).map(str::to_string),
                ),
                _ => return None,
            };
            Some(Doc {
                id: format!("{}#{i}", item.id),
                title,
                text,
                ..Doc::default()
            })
        })
        .collect()
}

fn read_items(path: &Path, limit: Option<usize>) -> Result<Vec<Item>, EvalError> {
    let f = std::fs::File::open(path).map_err(|source| EvalError::Read {
        path: path.into(),
        source,
    })?;
    let mut out = Vec::new();
    let read = storyline_core::jsonl::lines(std::io::BufReader::new(f), MAX_LINE_BYTES);
    for line in read {
        if limit.is_some_and(|l| out.len() >= l) {
            break;
        }
        let line = line.map_err(|source| EvalError::Read {
            path: path.into(),
            source,
        })?;
        let (n, text) = match line {
            Line::Text {
                number,
                text,
                lossy,
            } => {
                if lossy {
                    eprintln!(
                        "eval: {}:{number}: bytes that are not UTF-8 replaced",
                        path.display()
                    );
                }
                (number, text)
            }
            Line::TooLong { number } => {
                return Err(EvalError::Input {
                    path: path.into(),
                    line: number,
                    msg: format!("longer than {} MiB", MAX_LINE_BYTES >> 20),
                })
            }
        };
        let item: Item = serde_json::from_str(&text).map_err(|e| EvalError::Input {
            path: path.into(),
            line: n,
            msg: e.to_string(),
        })?;
        out.push(item);
    }
    Ok(out)
}

/// Runs the evaluation; progress goes to standard error.
pub fn run(opts: &EvalOptions) -> Result<EvalReport, EvalError> {
    let items = read_items(&opts.input, opts.limit)?;
    let digest_opts = Options { words: opts.words };
    let engine = match opts.engine {
        EngineKind::OpenAi => Some(OpenAiEngine::new(opts.llm.clone())?),
        EngineKind::Builtin => None,
    };
    let started = Instant::now();
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| EvalError::Write {
            path: path.clone(),
            source,
        }
    };
    let refs_path = opts.out.with_extension("refs.jsonl");
    let mut preds = BufWriter::new(std::fs::File::create(&opts.out).map_err(write_err(&opts.out))?);
    let mut refs =
        BufWriter::new(std::fs::File::create(&refs_path).map_err(write_err(&refs_path))?);

    let mut report = EvalReport {
        engine: engine
            .as_ref()
            .map_or_else(|| "builtin".to_string(), |e| e.name()),
        predictions: opts.out.clone(),
        ..EvalReport::default()
    };
    let mut latencies: Vec<u64> = Vec::new();
    let mut outcome_counts: Vec<(String, usize)> = Vec::new();
    let mut ok_latency_ms: u64 = 0;
    let (mut gen_ms, mut gen_tokens): (u64, u64) = (0, 0);
    for (i, item) in items.iter().enumerate() {
        let docs = docs_of(item);
        let t0 = Instant::now();
        let (digest, status) = match &engine {
            Some(e) => e.digest_with_status(&docs, &digest_opts),
            None => (storyline_digest::digest(&docs, &digest_opts), Status::Fresh),
        };
        let secs = t0.elapsed().as_secs_f64();
        let from_model = engine.is_some()
            && digest.engine != "builtin"
            && !digest.field_engines.contains_key("summary");
        if from_model {
            report.model_summaries += 1;
        }
        if let Some(e) = &engine {
            for rec in e.take_call_log() {
                let key = format!("{:?}", rec.outcome).to_lowercase();
                match outcome_counts.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, n)) => *n += 1,
                    None => outcome_counts.push((key, 1)),
                }
                latencies.push(rec.latency_ms);
                report.tokens_in += u64::from(rec.tokens_in.unwrap_or(0));
                report.tokens_out += u64::from(rec.tokens_out.unwrap_or(0));
                if rec.outcome == Outcome::Ok || rec.outcome == Outcome::Unusable {
                    ok_latency_ms += rec.latency_ms;
                    if let (Some(ms), Some(t)) = (rec.generation_ms, rec.tokens_out) {
                        gen_ms += ms;
                        gen_tokens += u64::from(t);
                    }
                }
                report.checked += rec.checked;
                report.removed += rec.removed;
                for (k, n) in &rec.removed_by {
                    *report.removed_by.entry(k.clone()).or_default() += u64::from(*n);
                }
                if rec.outcome != Outcome::Ok {
                    eprintln!("    {:?}: {}", rec.outcome, rec.detail);
                }
            }
        }
        let summary: Vec<&str> = digest.summary.iter().map(|c| c.text.as_str()).collect();
        let g = digest.grounding.clone().unwrap_or_default();
        eprintln!(
            "[{}/{}] {}: summary by {} ({} sentences), removed {}/{}, {:.1} s{}",
            i + 1,
            items.len(),
            item.id,
            if from_model {
                report.engine.as_str()
            } else {
                "builtin"
            },
            summary.len(),
            g.removed,
            g.checked,
            secs,
            match &status {
                Status::Fallback(why) => format!(" [fallback: {why}]"),
                _ => String::new(),
            }
        );
        let line = json!({
            "id": item.id,
            "summary": summary.join("\n"),
            "engine": if from_model { report.engine.clone() } else { "builtin".into() },
            "checked": g.checked,
            "removed": g.removed,
            "reasons": g.reasons,
            "seconds": (secs * 1000.0).round() / 1000.0,
        });
        writeln!(preds, "{line}").map_err(write_err(&opts.out))?;
        if let Some(r) = &item.summary {
            writeln!(refs, "{}", json!({"id": item.id, "summary": r}))
                .map_err(write_err(&refs_path))?;
        }
        report.stories += 1;
    }
    preds.flush().map_err(write_err(&opts.out))?;
    refs.flush().map_err(write_err(&refs_path))?;
    drop(preds);
    drop(refs);

    report.wall_secs = started.elapsed().as_secs_f64();
    report.outcomes = outcome_counts;
    if !latencies.is_empty() {
        report.mean_latency_ms = latencies.iter().sum::<u64>() as f64 / latencies.len() as f64;
        report.max_latency_ms = latencies.iter().copied().max().unwrap_or(0);
    }
    if ok_latency_ms > 0 {
        report.tokens_per_sec = report.tokens_out as f64 / (ok_latency_ms as f64 / 1000.0);
    }
    if gen_ms > 0 {
        report.gen_tokens_per_sec = Some(gen_tokens as f64 / (gen_ms as f64 / 1000.0));
    }
    if let Some(scorer) = opts.scorer.as_ref().filter(|p| p.is_file()) {
        report.rouge = score(scorer, &refs_path, &opts.out);
    } else {
        eprintln!("eval: scorer not found; ROUGE not computed");
    }
    Ok(report)
}

/// Runs `score_summaries.py REFS PREDS`, echoes its output, returns its last line.
fn score(scorer: &Path, refs: &Path, preds: &Path) -> Option<String> {
    let out = Command::new("python3")
        .arg(scorer)
        .arg(refs)
        .arg(preds)
        .output();
    match out {
        Ok(o) => {
            let stdout = String::from_utf8_lossy(&o.stdout);
            let stderr = String::from_utf8_lossy(&o.stderr);
            eprint!("{stderr}");
            eprint!("{stdout}");
            if !o.status.success() {
                eprintln!("eval: scorer exited with {}", o.status);
                return None;
            }
            stdout
                .lines()
                .rev()
                .find(|l| l.starts_with("rouge1="))
                .map(str::to_string)
        }
        Err(e) => {
            eprintln!("eval: cannot run python3 {}: {e}", scorer.display());
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_eval_writes_predictions_and_refs() {
        let dir = std::env::temp_dir().join(format!("storyline-eval-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("tmp");
        let input = dir.join("in.jsonl");
        std::fs::write(
            &input,
            "{\"id\": \"x1\", \"documents\": [\"The council voted on Monday. It banned bags.\"], \"summary\": \"Bags banned.\"}\n\
             {\"id\": \"x2\", \"documents\": [{\"text\": \"Rain fell all day.\", \"title\": \"Rain\"}], \"summary\": \"Rain.\"}\n\
             {\"id\": \"x3\", \"documents\": [\"Not read.\"]}\n",
        )
        .expect("write");
        let out = dir.join("preds.jsonl");
        let report = run(&EvalOptions {
            engine: EngineKind::Builtin,
            llm: LlmConfig::default(),
            input,
            out: out.clone(),
            limit: Some(2),
            words: Some(50),
            scorer: None,
        })
        .expect("runs");
        assert_eq!(report.stories, 2);
        assert_eq!(report.pass_rate(), None);
        let preds = std::fs::read_to_string(&out).expect("preds");
        assert_eq!(preds.lines().count(), 2);
        let refs = std::fs::read_to_string(out.with_extension("refs.jsonl")).expect("refs");
        assert!(refs.contains("\"x2\"") && !refs.contains("x3"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn engine_kind_parses() {
        assert_eq!("openai".parse::<EngineKind>(), Ok(EngineKind::OpenAi));
        assert!("gpt".parse::<EngineKind>().is_err());
    }
}
