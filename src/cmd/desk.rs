//! The news-desk commands: `demo`, `run`, `feeds …`, `fetch`, `ingest`, `stories`, `story`.

use super::newsletter;
use anyhow::{bail, Context, Result};
use chrono::{DateTime, Local, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write as _};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use storyline::config::Config;
use storyline::pipeline::{ago, Event, Pipeline, Report};
use storyline::{desk, origin};
use storyline_store::StoryQuery;
use storyline_web::Metrics;

/// Shows pipeline progress: a bar on a terminal, plain lines otherwise.
pub struct Progress {
    bar: Option<ProgressBar>,
    total: Mutex<u64>,
}

impl Progress {
    pub fn new() -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let b = ProgressBar::new(0);
            b.set_style(
                ProgressStyle::with_template("{spinner} {prefix:>10} [{bar:30}] {pos}/{len} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            b.enable_steady_tick(Duration::from_millis(120));
            b
        });
        Progress {
            bar,
            total: Mutex::new(0),
        }
    }

    fn line(&self, s: String) {
        match &self.bar {
            Some(b) => b.println(s),
            None => eprintln!("{s}"),
        }
    }

    fn start(&self, prefix: &str, len: u64) {
        if let Ok(mut t) = self.total.lock() {
            *t = len;
        }
        match &self.bar {
            Some(b) => {
                b.set_prefix(prefix.to_string());
                b.set_length(len);
                b.set_position(0);
            }
            None => eprintln!("{prefix}: {len} to do"),
        }
    }

    fn inc(&self, msg: String) {
        if let Some(b) = &self.bar {
            b.set_message(msg);
            b.inc(1);
        }
    }

    pub fn event(&self, e: Event) {
        match e {
            Event::Polling { sources } => self.start("sources", sources as u64),
            Event::SourceDone {
                title,
                new_entries,
                error,
            } => {
                match error {
                    Some(err) => self.line(format!("  ! {title}: {err}")),
                    None if self.bar.is_none() => {
                        self.line(format!("  {title}: {new_entries} new entries"))
                    }
                    None => {}
                }
                self.inc(title);
            }
            Event::Files { files } => self.start("files", files as u64),
            Event::FileDone { path, error } => {
                if let Some(err) = error {
                    self.line(format!("  ! {path}: {err}"));
                }
                self.inc(path);
            }
            Event::Restored { articles } => self.line(format!(
                "picked up clustering from the {articles} newest stored articles"
            )),
            Event::Clustering { articles } => {
                self.line(format!("clustering {articles} articles into stories"))
            }
            Event::Digesting { stories } => self.start("digests", stories as u64),
            Event::DigestDone => self.inc(String::new()),
        }
    }

    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

fn print_report(r: &Report) {
    eprintln!(
        "{} sources ({} failed), {} new articles ({} pages fell back to feed text), {} stories updated, {} digests written",
        r.sources, r.sources_failed, r.new_articles, r.pages_failed, r.stories_touched, r.digests
    );
    if r.entries_unreadable > 0 {
        eprintln!(
            "{} feed entries could not be read (broken or cut short); the rest of their feeds were read",
            r.entries_unreadable
        );
    }
    if r.sources_waiting > 0 {
        eprintln!(
            "{} failing sources wait to be retried later (`storyline fetch --all` polls them now)",
            r.sources_waiting
        );
    }
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Options of `storyline demo`.
#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Where the web UI listens.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// Keep the demo database here: a SQLite file or a `postgres://` URL (default: a fresh
    /// temporary SQLite file).
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// Digest engine: `builtin` or `openai`.
    #[arg(long, default_value = "builtin")]
    pub engine: String,
    /// OpenAI-compatible API base URL (with `--engine openai`), e.g. http://127.0.0.1:8088/v1
    #[arg(long)]
    pub base_url: Option<String>,
    /// Model name (with `--engine openai`).
    #[arg(long)]
    pub model: Option<String>,
    /// Port of the demo origin on 127.0.0.1 (fixed, so a kept `--db` stays valid across runs).
    #[arg(long, default_value_t = 8079)]
    pub origin_port: u16,
    /// Build everything, print a summary and exit instead of serving.
    #[arg(long)]
    pub no_serve: bool,
}

pub async fn demo(args: DemoArgs) -> Result<()> {
    let corpus = origin::Corpus::embedded().context("loading the embedded demo corpus")?;
    let server = match origin::start(corpus.clone(), args.origin_port).await {
        Ok(s) => s,
        // With a throw-away database any free port does.
        Err(_) if args.db.is_none() => origin::start(corpus, 0)
            .await
            .context("starting the demo origin server on 127.0.0.1")?,
        Err(e) => {
            return Err(e).with_context(|| {
                format!(
                    "starting the demo origin on 127.0.0.1:{} (try --origin-port)",
                    args.origin_port
                )
            })
        }
    };
    eprintln!(
        "demo origin: {} serving {} feeds of 9 fictional outlets",
        server.base_url,
        server.feeds.len()
    );
    let tmp;
    let db = match &args.db {
        Some(p) => p.clone(),
        None => {
            tmp = tempdir()?;
            tmp.join("storyline-demo.db")
        }
    };
    let mut cfg = Config {
        database: db,
        ..Config::default()
    };
    cfg.web.listen = args.listen.clone();
    // The demo's outlets live on loopback; real deployments keep this off.
    cfg.fetch.allow_private = true;
    cfg.fetch.per_host = 8;
    cfg.fetch.retries = 1;
    cfg.digest.engine = args.engine.clone();
    if let Some(u) = &args.base_url {
        cfg.llm.base_url = u.clone();
    }
    if let Some(m) = &args.model {
        cfg.llm.model = m.clone();
    }
    cfg.validate()?;
    let listen: SocketAddr = cfg.web.listen.parse().context("--listen")?;
    // Bind first, so a busy port is reported before minutes of work (not needed without a web UI).
    if !args.no_serve {
        let probe = std::net::TcpListener::bind(listen).with_context(|| {
            format!("cannot listen on {listen} (is it in use? try --listen 127.0.0.1:8081)")
        })?;
        drop(probe);
    }

    let store = desk::open_store(&cfg)?;
    for (url, title) in &server.feeds {
        if store.source_by_url(url)?.is_none() {
            store.add_source(url, title, None)?;
        }
    }
    let metrics = Arc::new(Metrics::default());
    let pipeline = desk::pipeline(&cfg, store.clone(), metrics.clone())?;
    let progress = Progress::new();
    let report = pipeline.run_once(&|e| progress.event(e)).await?;
    progress.finish();
    print_report(&report);
    let stats = store.stats()?;
    eprintln!(
        "{} articles ({} copies) in {} stories, {} digests",
        stats.articles, stats.duplicates, stats.stories, stats.digests
    );
    if args.no_serve {
        server.stop().await;
        return Ok(());
    }
    let state = desk::web_state(&cfg, store, metrics, None, None);
    println!("Storyline is ready: http://{listen}/   (Ctrl-C to stop)");
    storyline_web::serve(state, listen, shutdown_signal())
        .await
        .with_context(|| format!("serving the web UI on {listen}"))?;
    server.stop().await;
    eprintln!("stopped");
    Ok(())
}

fn tempdir() -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!(
        "storyline-demo-{}-{}",
        std::process::id(),
        Utc::now().timestamp_millis()
    ));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir)
}

/// Loads the config: the file when given, defaults otherwise; `--db` overrides the database.
pub fn load_config(path: Option<&Path>, db: Option<&Path>) -> Result<Config> {
    let mut cfg = match path {
        Some(p) => Config::load(p)?,
        None => Config::default(),
    };
    if let Some(db) = db {
        cfg.database = db.to_path_buf();
    }
    cfg.validate()?;
    Ok(cfg)
}

async fn subscribe(
    pipeline: &Pipeline,
    url: &str,
    title: Option<&str>,
) -> Result<storyline_core::Source> {
    let store = pipeline.store();
    // "example.com/news", as typed into an address bar.
    let url = &storyline_ingest::discover::typed_address(url);
    if let Some(s) = store.source_by_url(url)? {
        return Ok(s);
    }
    // A page rather than a feed: the feed it links to, or one at a usual address.
    let (feed_url, found_title) =
        match storyline_ingest::discover::discover(pipeline.fetcher(), url).await {
            Ok(d) => (d.feed_url, d.title),
            // Each error names the address it is about.
            Err(e) => bail!("{e}"),
        };
    if let Some(s) = store.source_by_url(&feed_url)? {
        return Ok(s);
    }
    let title = title
        .map(str::to_string)
        .or(found_title)
        .unwrap_or_else(|| feed_url.clone());
    Ok(store.add_source(&feed_url, &title, None)?)
}

/// `storyline run`: subscribe the configured feeds, poll on a schedule, serve the web UI.
pub async fn run(cfg: Config) -> Result<()> {
    let store = desk::open_store(&cfg)?;
    let metrics = Arc::new(Metrics::default());
    let pipeline = desk::pipeline(&cfg, store.clone(), metrics.clone())?;
    let mut wanted: Vec<(String, Option<String>)> =
        cfg.feeds.iter().map(|f| (f.clone(), None)).collect();
    if let Some(opml) = &cfg.opml {
        let bytes = std::fs::read(opml).with_context(|| format!("reading {}", opml.display()))?;
        for f in storyline_ingest::opml::parse_bytes(&bytes)
            .with_context(|| format!("parsing {}", opml.display()))?
        {
            wanted.push((f.url, f.title));
        }
    }
    for (url, title) in wanted {
        if let Err(e) = subscribe(&pipeline, &url, title.as_deref()).await {
            tracing::warn!(error = %e, "could not subscribe");
            eprintln!("warning: {e:#}");
        }
    }
    let listen: SocketAddr = cfg.web.listen.parse().context("web.listen")?;
    let fetch_now = Arc::new(tokio::sync::Notify::new());
    let state = desk::web_state(
        &cfg,
        store.clone(),
        metrics,
        Some(fetch_now.clone()),
        Some(pipeline.fetcher().clone()),
    );
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let web = tokio::spawn(storyline_web::serve(state, listen, {
        let mut rx = stop_rx.clone();
        async move {
            let _ = rx.changed().await;
        }
    }));
    println!("Storyline is running: http://{listen}/   (Ctrl-C to stop)");
    let interval = Duration::from_secs(cfg.fetch.interval_minutes * 60);
    let poller = {
        let pipeline = pipeline.clone();
        let mut rx = stop_rx.clone();
        tokio::spawn(async move {
            // The admin's "Fetch all sources now" asks the failing sources too.
            let mut all = false;
            loop {
                let progress = Progress::new();
                let event = |e| progress.event(e);
                let run = if all {
                    pipeline.run_all(&event).await
                } else {
                    pipeline.run_once(&event).await
                };
                match run {
                    Ok(r) => {
                        progress.finish();
                        print_report(&r);
                    }
                    Err(e) => {
                        progress.finish();
                        tracing::error!(error = %e, "poll failed");
                    }
                }
                all = tokio::select! {
                    _ = tokio::time::sleep(interval) => false,
                    _ = fetch_now.notified() => true,
                    _ = rx.changed() => break,
                };
            }
        })
    };
    let mailer = cfg.mail.send_time().map(|at| {
        let (cfg, store, mut rx) = (cfg.clone(), store.clone(), stop_rx.clone());
        println!(
            "Newsletter: daily at {} to {}",
            at.format("%H:%M"),
            cfg.mail.to.join(", ")
        );
        tokio::spawn(async move {
            // Never twice for one slot, even if the timer fires a moment early.
            let mut last: Option<DateTime<Local>> = None;
            loop {
                let now = Local::now();
                let next = newsletter::next_send(&last.map_or(now, |l| l.max(now)), at);
                tracing::info!(at = %next, "next newsletter");
                let wait = (next - now).to_std().unwrap_or_default();
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = rx.changed() => break,
                }
                last = Some(next);
                let (cfg, store) = (cfg.clone(), store.clone());
                let sent = tokio::task::spawn_blocking(move || {
                    newsletter::send_scheduled(&cfg, store.as_ref(), Utc::now())
                })
                .await;
                match sent {
                    Ok(Ok(line)) => eprintln!("{line}"),
                    Ok(Err(e)) => {
                        tracing::error!(error = %format!("{e:#}"), "newsletter failed");
                        eprintln!("warning: the scheduled newsletter was not sent: {e:#}");
                    }
                    Err(e) => tracing::error!(error = %e, "newsletter task failed"),
                }
            }
        })
    });
    shutdown_signal().await;
    let _ = stop_tx.send(true);
    let _ = poller.await;
    if let Some(mailer) = mailer {
        let _ = mailer.await;
    }
    match web.await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(e).with_context(|| format!("serving on {listen}")),
        Err(e) => bail!("web task failed: {e}"),
    }
    eprintln!("stopped");
    Ok(())
}

/// `storyline fetch`: one poll of every source that is due (of every source with `all`).
pub async fn fetch(cfg: Config, all: bool) -> Result<()> {
    let store = desk::open_store(&cfg)?;
    let pipeline = desk::pipeline(&cfg, store, Arc::new(Metrics::default()))?;
    let progress = Progress::new();
    let event = |e| progress.event(e);
    let r = if all {
        pipeline.run_all(&event).await?
    } else {
        pipeline.run_once(&event).await?
    };
    progress.finish();
    print_report(&r);
    Ok(())
}

/// `storyline ingest PATH...`
pub async fn ingest(cfg: Config, paths: &[PathBuf]) -> Result<()> {
    let store = desk::open_store(&cfg)?;
    let pipeline = desk::pipeline(&cfg, store, Arc::new(Metrics::default()))?;
    let progress = Progress::new();
    let r = pipeline.ingest_paths(paths, &|e| progress.event(e)).await?;
    progress.finish();
    eprintln!(
        "{} new articles ({} files failed), {} stories updated, {} digests written",
        r.new_articles, r.pages_failed, r.stories_touched, r.digests
    );
    Ok(())
}

/// `storyline feeds …`
#[derive(Debug, clap::Subcommand)]
pub enum FeedsCommand {
    /// Subscribe to a feed; an HTML page's feed is discovered from its <link rel="alternate">, else at
    /// the usual addresses (/feed, /rss.xml, /index.xml …).
    ///
    /// Example: storyline feeds add https://www.example.com/news/
    Add {
        url: String,
        /// Display name (default: the feed's title).
        #[arg(long)]
        title: Option<String>,
    },
    /// List sources with their fetch health.
    ///
    /// Example: storyline feeds list
    List,
    /// Unsubscribe by id or URL (articles already stored are kept).
    ///
    /// Example: storyline feeds remove 3
    Remove { id_or_url: String },
    /// Subscribe to every feed of an OPML file.
    ///
    /// Example: storyline feeds import subscriptions.opml
    Import { file: PathBuf },
    /// Print the subscriptions as OPML.
    ///
    /// Example: storyline feeds export > subscriptions.opml
    Export,
}

pub async fn feeds(cfg: Config, cmd: FeedsCommand) -> Result<()> {
    let store = desk::open_store(&cfg)?;
    match cmd {
        FeedsCommand::Add { url, title } => {
            let pipeline = desk::pipeline(&cfg, store, Arc::new(Metrics::default()))?;
            let s = subscribe(&pipeline, &url, title.as_deref()).await?;
            println!("{}\t{}\t{}", s.id, s.title, s.url);
        }
        FeedsCommand::List => {
            for s in store.sources()? {
                let now = Utc::now();
                let health = match (&s.last_error, s.last_success_at) {
                    (Some(e), _) => match s.retry_at().filter(|t| *t > now) {
                        Some(t) => format!(
                            "error: {e} (retried in {} min)",
                            ((t - now).num_seconds() + 59) / 60
                        ),
                        None => format!("error: {e}"),
                    },
                    (None, Some(t)) => match s.problems.summary() {
                        Some(p) => format!("ok {}; {p}", ago(t)),
                        None => format!("ok {}", ago(t)),
                    },
                    (None, None) => "never fetched".into(),
                };
                writeln!(
                    std::io::stdout(),
                    "{}\t{}\t{}\t{} articles\t{}",
                    s.id,
                    s.title,
                    s.url,
                    s.article_count,
                    health
                )?;
            }
        }
        FeedsCommand::Remove { id_or_url } => {
            let id = match id_or_url.parse::<i64>() {
                Ok(id) => Some(id),
                Err(_) => store.source_by_url(&id_or_url)?.map(|s| s.id),
            };
            match id {
                Some(id) if store.remove_source(id)? => println!("removed source {id}"),
                _ => bail!("no source {id_or_url}"),
            }
        }
        FeedsCommand::Import { file } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let feeds = storyline_ingest::opml::parse_bytes(&bytes)
                .with_context(|| format!("parsing {}", file.display()))?;
            let (mut added, mut skipped) = (0, 0);
            for f in &feeds {
                // Only what the fetcher can fetch: the admin page's import keeps to the same.
                let fetchable = url::Url::parse(&f.url)
                    .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host());
                if !fetchable {
                    skipped += 1;
                    eprintln!(
                        "skipped {}: {:?} is not an http or https address",
                        f.title.as_deref().unwrap_or("an outline"),
                        f.url
                    );
                    continue;
                }
                if store.source_by_url(&f.url)?.is_none() {
                    store.add_source(
                        &f.url,
                        f.title.as_deref().unwrap_or(&f.url),
                        f.site_url.as_deref(),
                    )?;
                    added += 1;
                }
            }
            if skipped > 0 {
                println!(
                    "{added} new sources ({} in the file, {skipped} skipped)",
                    feeds.len()
                );
            } else {
                println!("{added} new sources ({} in the file)", feeds.len());
            }
        }
        FeedsCommand::Export => {
            write!(
                std::io::stdout(),
                "{}",
                storyline_ingest::opml::export(&store.sources()?)
            )?;
        }
    }
    Ok(())
}

/// `storyline stories`
pub fn stories(cfg: Config, category: Option<String>, limit: usize) -> Result<()> {
    let store = desk::open_store(&cfg)?;
    for s in store.stories(&StoryQuery {
        category,
        limit,
        offset: 0,
    })? {
        writeln!(
            std::io::stdout(),
            "{}\t{}\t{}\t{}\t{}",
            s.id,
            s.category.as_deref().unwrap_or("-"),
            plural(s.source_count, "source"),
            ago(s.updated_at),
            s.headline.as_deref().unwrap_or("(no digest yet)")
        )?;
    }
    Ok(())
}

/// Output format of `storyline story`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Markdown,
}

/// `storyline story ID`
pub fn story(cfg: Config, id: i64, format: Format) -> Result<()> {
    let store = desk::open_store(&cfg)?;
    let Some(mut s) = store.story(id)? else {
        bail!("no story {id}");
    };
    if let Some(into) = s.merged_into {
        eprintln!("story {id} was merged into {into}");
        s = store
            .story(into)?
            .with_context(|| format!("story {into}"))?;
    }
    let articles = store.story_articles(s.id)?;
    let digest = store.digest(s.id)?.map(|d| d.digest);
    let out = render_story(&s, &articles, digest.as_ref(), format)?;
    write!(std::io::stdout(), "{out}")?;
    Ok(())
}

fn render_story(
    s: &storyline_core::Story,
    articles: &[storyline_core::Article],
    digest: Option<&storyline_core::Digest>,
    format: Format,
) -> Result<String> {
    use std::fmt::Write as _;
    if let Format::Json = format {
        let v = serde_json::json!({"story": s, "digest": digest, "articles": articles.iter().map(|a| serde_json::json!({
            "id": a.id, "source": a.source_name, "title": a.title, "url": a.url, "published": a.published, "duplicate_of": a.duplicate_of,
        })).collect::<Vec<_>>()});
        return Ok(format!("{}\n", serde_json::to_string_pretty(&v)?));
    }
    let md = matches!(format, Format::Markdown);
    let cite = |c: &[storyline_core::Citation]| -> String {
        let v: Vec<String> = c
            .iter()
            .map(|c| format!("{}:{}", c.article, c.sentence))
            .collect();
        if v.is_empty() {
            String::new()
        } else {
            format!(" [{}]", v.join(", "))
        }
    };
    let mut o = String::new();
    let headline = digest
        .map(|d| d.headline.text.clone())
        .or_else(|| s.headline.clone())
        .unwrap_or_else(|| format!("Story {}", s.id));
    let h = |o: &mut String, t: &str| {
        if md {
            let _ = writeln!(o, "\n## {t}\n");
        } else {
            let _ = writeln!(o, "\n{}\n{}", t.to_uppercase(), "-".repeat(t.len()));
        }
    };
    if md {
        let _ = writeln!(o, "# {headline}\n");
    } else {
        let _ = writeln!(
            o,
            "{headline}\n{}",
            "=".repeat(headline.chars().count().min(80))
        );
    }
    let _ = writeln!(
        o,
        "{} · {} · updated {}",
        s.category.as_deref().unwrap_or("Uncategorised"),
        plural(s.source_count, "source"),
        ago(s.updated_at)
    );
    if let Some(d) = digest {
        h(&mut o, "Summary");
        for c in &d.summary {
            let _ = writeln!(o, "{}{}", c.text, cite(&c.citations));
        }
        if !d.takeaways.is_empty() {
            h(&mut o, "Key takeaways");
            for c in &d.takeaways {
                let _ = writeln!(o, "- {}{}", c.text, cite(&c.citations));
            }
        }
        if !d.why_it_matters.is_empty() {
            h(&mut o, "Why it matters");
            for c in &d.why_it_matters {
                let _ = writeln!(o, "{}{}", c.text, cite(&c.citations));
            }
        }
        if !d.timeline.is_empty() {
            h(&mut o, "Timeline");
            for t in &d.timeline {
                let _ = writeln!(o, "- {}: {}{}", t.date_iso, t.text, cite(&t.citations));
            }
        }
        if !d.faq.is_empty() {
            h(&mut o, "FAQ");
            for f in &d.faq {
                if md {
                    let _ = writeln!(
                        o,
                        "**{}**  \n{}{}\n",
                        f.question,
                        f.answer,
                        cite(&f.citations)
                    );
                } else {
                    let _ = writeln!(
                        o,
                        "Q: {}\nA: {}{}\n",
                        f.question,
                        f.answer,
                        cite(&f.citations)
                    );
                }
            }
        }
    } else {
        let _ = writeln!(o, "\n(no digest yet)");
    }
    h(&mut o, "Sources");
    for a in articles {
        let copy = a
            .duplicate_of
            .map(|d| format!(" (copy of {d})"))
            .unwrap_or_default();
        if md {
            let _ = writeln!(
                o,
                "- [{}]({}) — {} ({}){copy}",
                a.title, a.url, a.source_name, a.id
            );
        } else {
            let _ = writeln!(
                o,
                "- {} — {} ({}){copy}\n  {}",
                a.source_name, a.title, a.id, a.url
            );
        }
    }
    let engine = digest.map(|d| d.engine.clone()).unwrap_or_default();
    let _ = writeln!(
        o,
        "\nThis digest is machine-written ({engine}) from the sources listed; numbers in brackets cite article:sentence."
    );
    Ok(o)
}

/// "1 source", "5 sources".
fn plural(n: i64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
