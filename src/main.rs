//! The `storyline` command: a thin layer over the stage crates.

mod cmd;

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Storyline: a self-hosted news desk. Many sources in, one grounded, cited digest per story out.
#[derive(Debug, Parser)]
#[command(name = "storyline", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Extract articles from HTML files and print them as JSON.
    ///
    /// Example: storyline extract --jsonl page1.html page2.html.gz
    Extract {
        /// The page's URL (for relative links and URL dates).
        #[arg(long)]
        url: Option<String>,
        /// One JSON object per line instead of pretty JSON.
        #[arg(long)]
        jsonl: bool,
        /// `.html` or `.html.gz` files, or `-` for standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Group articles (JSON lines, stream order) into stories and print each assignment.
    ///
    /// Example: storyline cluster --input articles.jsonl > stories.jsonl
    Cluster {
        #[arg(long)]
        input: PathBuf,
    },
    /// Write a digest per story (JSON lines in, JSON lines out).
    ///
    /// Example: storyline summarize --input stories.jsonl --words 300
    Summarize {
        #[arg(long)]
        input: PathBuf,
        /// Make `summary` an extractive brief of about N words.
        #[arg(long)]
        words: Option<usize>,
    },
    /// Measure a stage's speed.
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Judge a stage's quality on a benchmark set.
    #[command(subcommand)]
    Eval(EvalCommand),
}

#[derive(Debug, Subcommand)]
enum EvalCommand {
    /// ROUGE (the team's scorer) and grounding pass rate of a digest engine.
    ///
    /// Example: storyline eval summarize --engine openai --base-url http://127.0.0.1:8088/v1 --input ../shared/data/summarization/multinews-val.jsonl --limit 20
    Summarize(cmd::eval::EvalSummarizeArgs),
}

#[derive(Debug, Subcommand)]
enum BenchCommand {
    /// Pages per second over a folder of .html/.html.gz pages.
    ///
    /// Example: storyline bench extract ../shared/data/extraction/scrapinghub --trafilatura
    Extract {
        dir: PathBuf,
        /// Also time Python trafilatura on the same pages, when installed.
        #[arg(long)]
        trafilatura: bool,
    },
    /// Articles per second for dedup + clustering on synthetic streams.
    ///
    /// Example: storyline bench cluster --articles 100000
    Cluster {
        #[arg(long, default_value_t = 100_000)]
        articles: usize,
    },
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract { url, jsonl, paths } => cmd::extract::run(&paths, url.as_deref(), jsonl),
        Command::Cluster { input } => cmd::cluster::run(&input),
        Command::Summarize { input, words } => cmd::summarize::run(&input, words),
        Command::Bench(BenchCommand::Extract { dir, trafilatura }) => {
            cmd::extract::bench(&dir, trafilatura)
        }
        Command::Bench(BenchCommand::Cluster { articles }) => cmd::cluster::bench(articles),
        Command::Eval(EvalCommand::Summarize(args)) => cmd::eval::run(&args),
    }
}
