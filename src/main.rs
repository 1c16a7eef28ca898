//! The `storyline` command: a thin layer over the stage crates.

mod cmd;

/// mimalloc instead of the system allocator: extraction allocates per node and per text
/// chunk, and with glibc's malloc a tenth of its instructions went to allocation
/// (`storyline bench extract` reports the effect).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Storyline: a self-hosted news desk. Many sources in, one grounded, cited digest per story out.
#[derive(Debug, Parser)]
#[command(name = "storyline", version, about)]
struct Cli {
    /// Configuration file (TOML; see storyline.example.toml).
    #[arg(long, global = true, env = "STORYLINE_CONFIG")]
    config: Option<PathBuf>,
    /// SQLite database file or PostgreSQL URL `postgres://user@host/db` (overrides `database`
    /// in the config).
    #[arg(long, global = true, env = "STORYLINE_DB")]
    db: Option<PathBuf>,
    /// More log output (-v info, -vv debug); RUST_LOG overrides.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the bundled demo corpus from a local origin, ingest it and open the web UI.
    ///
    /// Example: storyline demo --listen 127.0.0.1:8080
    Demo(cmd::desk::DemoArgs),
    /// Poll the configured feeds on a schedule and serve the web UI.
    ///
    /// Example: storyline run --config storyline.toml --listen 127.0.0.1:8080
    Run {
        /// Where the web UI listens (overrides `web.listen` in the config).
        #[arg(long)]
        listen: Option<std::net::SocketAddr>,
    },
    /// Manage subscriptions.
    #[command(subcommand)]
    Feeds(cmd::desk::FeedsCommand),
    /// Poll every source once, then cluster and digest. A source that failed twice or more in a
    /// row waits to be retried: 30 minutes after its last try, doubling with each failure, at
    /// most a day.
    ///
    /// Example: storyline fetch --db storyline.db
    Fetch {
        /// Poll the failing sources that wait to be retried too.
        #[arg(long)]
        all: bool,
    },
    /// Ingest local HTML pages, feed files, or folders of them.
    ///
    /// Example: storyline ingest ./saved-pages/ feed.xml
    Ingest {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// List stories, newest first.
    ///
    /// Example: storyline stories --category Science --limit 10
    Stories {
        #[arg(long)]
        category: Option<String>,
        #[arg(long, default_value_t = 30)]
        limit: usize,
    },
    /// Show one story and its digest.
    ///
    /// Example: storyline story 42 --format markdown
    Story {
        id: i64,
        #[arg(long, value_enum, default_value = "text")]
        format: cmd::desk::Format,
    },
    /// Email the top stories of the last day (one message: plain text and HTML).
    ///
    /// Example: storyline newsletter --to you@example.org --since 24 --limit 10 --dry-run
    Newsletter(cmd::newsletter::NewsletterArgs),
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
        /// Articles, one JSON object per line: {"id", "title"?, "text"?, "published"? (RFC
        /// 3339; also RFC 2822, "YYYY-MM-DD[ HH:MM:SS]" as UTC, Unix seconds or milliseconds
        /// with or without a fraction, and the other forms feeds write, such as "+0100"
        /// offsets or "March 10, 2014"), "source"?, "url"?}. Prints {"id", "story", "duplicate_of"?} per
        /// article. A text of up to 30 words with no title is read as a headline. The file need
        /// not be in published order. Groups as the desk does, with the `[cluster]` settings of
        /// `--config` when given. A line that is no article, is longer than 16 MiB or repeats an
        /// earlier line's id is reported with its number and skipped.
        #[arg(long)]
        input: PathBuf,
    },
    /// Write a digest per story (JSON lines in, JSON lines out).
    ///
    /// A line that is no story is reported with its number and skipped.
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
        /// Give the articles newest first (published times mirrored), to see the window hold
        /// by the article count when the stream is not in published order.
        #[arg(long)]
        newest_first: bool,
    },
    /// The whole desk at scale: a synthetic stream as feed files through ingest, dedup,
    /// clustering and digests, a restart, and the web front over loopback HTTP (`--db` picks
    /// an empty database, e.g. PostgreSQL; default: a temporary SQLite file).
    ///
    /// Example: storyline bench pipeline --articles 100000
    Pipeline(cmd::bench::PipelineArgs),
}

fn init_logging(verbose: u8) {
    let default = match verbose {
        0 => "warn,html5ever=off",
        1 => "info,html5ever=off",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

fn main() -> std::process::ExitCode {
    match real_main() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        // `storyline stories | head` closing the pipe early is not an error.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn real_main() -> Result<()> {
    let cli = Cli::parse();
    init_logging(cli.verbose);
    let config = || cmd::desk::load_config(cli.config.as_deref(), cli.db.as_deref());
    match cli.command {
        Command::Demo(args) => runtime()?.block_on(cmd::desk::demo(args)),
        Command::Run { listen } => {
            let mut cfg = config()?;
            if let Some(l) = listen {
                cfg.web.listen = l.to_string();
            }
            runtime()?.block_on(cmd::desk::run(cfg))
        }
        Command::Feeds(c) => runtime()?.block_on(cmd::desk::feeds(config()?, c)),
        Command::Fetch { all } => runtime()?.block_on(cmd::desk::fetch(config()?, all)),
        Command::Ingest { ref paths } => runtime()?.block_on(cmd::desk::ingest(config()?, paths)),
        Command::Stories { category, limit } => cmd::desk::stories(config()?, category, limit),
        Command::Story { id, format } => cmd::desk::story(config()?, id, format),
        Command::Newsletter(args) => cmd::newsletter::run(config()?, args),
        Command::Extract { url, jsonl, paths } => cmd::extract::run(&paths, url.as_deref(), jsonl),
        Command::Cluster { input } => cmd::cluster::run(&input, config()?.cluster_config()),
        Command::Summarize { input, words } => cmd::summarize::run(&input, words),
        Command::Bench(BenchCommand::Extract { dir, trafilatura }) => {
            cmd::extract::bench(&dir, trafilatura)
        }
        Command::Bench(BenchCommand::Cluster {
            articles,
            newest_first,
        }) => cmd::cluster::bench(articles, newest_first),
        Command::Bench(BenchCommand::Pipeline(ref args)) => {
            runtime()?.block_on(cmd::bench::pipeline(config()?, cli.db.clone(), args))
        }
        Command::Eval(EvalCommand::Summarize(args)) => cmd::eval::run(&args),
    }
}
