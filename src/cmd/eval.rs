//! `storyline eval summarize`: judge a digest engine on a summarisation set (ROUGE with the team's
//! scorer, plus the LLM's grounding pass rate, latency and tokens per second). The work is in
//! `storyline_llm::eval`; this file maps flags onto it.

use anyhow::{Context, Result};
use std::path::PathBuf;
use storyline_llm::eval::{self, EngineKind, EvalOptions};
use storyline_llm::LlmConfig;

/// Flags of `storyline eval summarize`.
///
/// Example: storyline eval summarize --engine openai --base-url http://127.0.0.1:8088/v1
///   --input ../shared/data/summarization/multinews-val.jsonl --limit 20 --words 230
#[derive(Debug, clap::Args)]
pub struct EvalSummarizeArgs {
    /// `builtin` or `openai` (any OpenAI-compatible server).
    #[arg(long, default_value = "builtin")]
    pub engine: String,
    /// API base URL, up to `/v1`.
    #[arg(long, env = "STORYLINE_LLM_BASE_URL")]
    pub base_url: Option<String>,
    /// Model name sent to the server.
    #[arg(long, env = "STORYLINE_LLM_MODEL")]
    pub model: Option<String>,
    /// Environment variable holding the API key.
    #[arg(long)]
    pub api_key_env: Option<String>,
    /// Folder with prompt overrides (`digest-system.txt`, `digest-user.txt`).
    #[arg(long)]
    pub prompt_dir: Option<PathBuf>,
    /// Most tokens generated per story.
    #[arg(long)]
    pub max_tokens: Option<u32>,
    /// Seconds allowed per request.
    #[arg(long)]
    pub timeout_secs: Option<f64>,
    /// JSON lines: `{"id", "documents": [...], "summary"}`.
    #[arg(long)]
    pub input: PathBuf,
    /// Where predictions go (references for the scored items go to `<out>.refs.jsonl`).
    #[arg(long, default_value = "eval-summarize.jsonl")]
    pub out: PathBuf,
    /// Only the first N items.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Target summary length in words.
    #[arg(long)]
    pub words: Option<usize>,
    /// The ROUGE scorer; skipped when the file does not exist.
    #[arg(long, default_value = "../shared/eval/score_summaries.py")]
    pub scorer: PathBuf,
}

/// Runs the evaluation and prints the figures.
pub fn run(args: &EvalSummarizeArgs) -> Result<()> {
    let engine: EngineKind = args.engine.parse().map_err(anyhow::Error::msg)?;
    let mut llm = LlmConfig::default();
    if let Some(v) = &args.base_url {
        llm.base_url.clone_from(v);
    }
    if let Some(v) = &args.model {
        llm.model.clone_from(v);
    }
    llm.api_key_env.clone_from(&args.api_key_env);
    llm.prompt_dir.clone_from(&args.prompt_dir);
    if let Some(v) = args.max_tokens {
        llm.max_tokens = v;
    }
    if let Some(v) = args.timeout_secs {
        llm.timeout_secs = v;
    }
    let report = eval::run(&EvalOptions {
        engine,
        llm,
        input: args.input.clone(),
        out: args.out.clone(),
        limit: args.limit,
        words: args.words,
        scorer: Some(args.scorer.clone()),
    })
    .with_context(|| format!("eval summarize on {}", args.input.display()))?;
    println!("{report}");
    Ok(())
}
