//! `storyline bench pipeline`: the whole desk at scale, because the stage benches alone cannot
//! show what only appears when the stages meet a growing store (an index a query cannot use, an
//! ingest order that breaks the clusterer's time window, a page that reads every story).
//!
//! A synthetic stream (the cluster bench's generator: stories with their own names and numbers,
//! wire copies, tracking-URL repeats) is written as one RSS file per outlet and ingested exactly as
//! `storyline ingest` does: parsed, stored, deduplicated, clustered and digested. Then the desk is
//! restarted (a new pipeline picks up from the newest stored placements) and the web front is timed over
//! real HTTP on loopback, each URL asked once so that no answer comes from the page cache.

use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use storyline::config::Config;
use storyline::desk;
use storyline::pipeline::Event;
use storyline_cluster::synth::{Stream, StreamConfig};
use storyline_store::{Store, StoryQuery};
use storyline_web::{xml_escape as xml, Metrics};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// What `storyline bench pipeline` was asked to do.
#[derive(Debug, Clone, clap::Args)]
pub struct PipelineArgs {
    /// Synthetic articles to ingest.
    #[arg(long, default_value_t = 20_000)]
    pub articles: usize,
    /// Articles per simulated day (sets how many stories share the clusterer's time window).
    #[arg(long, default_value_t = 5_000)]
    pub per_day: u32,
    /// Keep the feed files (and the SQLite database) in this folder instead of a temporary one
    /// that is removed afterwards.
    #[arg(long)]
    pub keep: Option<PathBuf>,
}

/// Runs the bench. `db` is the global `--db` when given (it must name an empty database); without
/// it the bench uses a SQLite file of its own.
pub async fn pipeline(mut cfg: Config, db: Option<PathBuf>, args: &PipelineArgs) -> Result<()> {
    let (dir, remove) = match &args.keep {
        Some(d) => (d.clone(), false),
        None => (
            std::env::temp_dir().join(format!("storyline-bench-{}", std::process::id())),
            true,
        ),
    };
    let feeds = dir.join("feeds");
    std::fs::create_dir_all(&feeds).with_context(|| format!("creating {}", feeds.display()))?;
    let result = run(&mut cfg, db, args, &dir, &feeds).await;
    if remove {
        let _ = std::fs::remove_dir_all(&dir);
    }
    result
}

async fn run(
    cfg: &mut Config,
    db: Option<PathBuf>,
    args: &PipelineArgs,
    dir: &Path,
    feeds: &Path,
) -> Result<()> {
    let (files, bytes) = write_feeds(feeds, args.articles, args.per_day)?;
    cfg.database = db.unwrap_or_else(|| dir.join("bench.db"));
    let kind = if cfg.postgres_url().is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let store = desk::open_store(cfg)?;
    if store.stats()?.articles > 0 {
        bail!("bench pipeline needs an empty database; this one has articles");
    }
    println!(
        "bench pipeline: {} synthetic articles ({} a day) in {files} feed files ({:.1} MB), {kind}",
        args.articles,
        args.per_day,
        bytes as f64 / 1e6
    );

    // Ingest: parse, store, cluster, digest, with the time of each event.
    let marks: Mutex<Vec<(&'static str, Instant)>> = Mutex::new(Vec::new());
    let mark = |what: &'static str| {
        if let Ok(mut m) = marks.lock() {
            m.push((what, Instant::now()));
        }
    };
    let pipeline = desk::pipeline(cfg, store.clone(), Arc::new(Metrics::default()))?;
    let start = Instant::now();
    let report = pipeline
        .ingest_paths(&[feeds.to_path_buf()], &|e| match e {
            Event::Clustering { .. } => mark("clustered"),
            Event::Digesting { .. } => mark("digesting"),
            Event::DigestDone => mark("digest"),
            _ => {}
        })
        .await?;
    let end = Instant::now();
    let marks = marks.into_inner().unwrap_or_default();
    let at = |what: &str| marks.iter().find(|(w, _)| *w == what).map(|(_, t)| *t);
    let clustered = at("clustered").unwrap_or(end);
    let digest_start = at("digesting").unwrap_or(clustered);
    let mut per_digest: Vec<Duration> = Vec::new();
    let mut prev = digest_start;
    for (_, t) in marks.iter().filter(|(w, _)| *w == "digest") {
        per_digest.push(t.saturating_duration_since(prev));
        prev = *t;
    }
    let stats = store.stats()?;
    let load = clustered.saturating_duration_since(start);
    println!(
        "  ingest: {} new articles, {} recognised as copies; parse + store + cluster {:.1} s ({:.0} articles/s)",
        report.new_articles,
        stats.duplicates,
        load.as_secs_f64(),
        report.new_articles as f64 / load.as_secs_f64().max(1e-9)
    );
    let digesting = end.saturating_duration_since(digest_start);
    println!(
        "  digest: {} stories in {:.1} s ({:.0} stories/s; per story median {}, p95 {})",
        report.digests,
        digesting.as_secs_f64(),
        report.digests as f64 / digesting.as_secs_f64().max(1e-9),
        ms(quantile(&mut per_digest, 0.5)),
        ms(quantile(&mut per_digest, 0.95)),
    );

    // Restart: a new pipeline puts the newest stored placements back into its clusterer (the
    // window's worth) and places nothing again; nothing needs a new digest.
    let restarted = desk::pipeline(cfg, store.clone(), Arc::new(Metrics::default()))?;
    let (restored, replaced) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let t = Instant::now();
    let (_, rewritten) = restarted
        .process(&|e| match e {
            Event::Restored { articles } => restored.store(articles, Ordering::Relaxed),
            Event::Clustering { articles } => replaced.store(articles, Ordering::Relaxed),
            _ => {}
        })
        .await?;
    let rebuild = t.elapsed();
    let restored = restored.load(Ordering::Relaxed);
    println!(
        "  restart: clusterer picked up from {} of {} stored articles in {:.1} s ({:.0} articles/s), {} placed again, {} digests rewritten",
        restored,
        stats.articles,
        rebuild.as_secs_f64(),
        restored as f64 / rebuild.as_secs_f64().max(1e-9),
        replaced.load(Ordering::Relaxed),
        rewritten
    );

    web(cfg, store.clone(), stats.stories).await?;
    if let Some(peak) = peak_memory_mb() {
        println!("  peak memory: {peak:.0} MB");
    }
    Ok(())
}

/// Writes the synthetic stream as RSS files, one per outlet host; returns (files, bytes).
fn write_feeds(dir: &Path, articles: usize, per_day: u32) -> Result<(usize, u64)> {
    let mut stream = Stream::new(StreamConfig {
        per_day: per_day.max(1),
        ..StreamConfig::default()
    });
    let mut outs: BTreeMap<String, std::io::BufWriter<std::fs::File>> = BTreeMap::new();
    for _ in 0..articles {
        let item = stream.next_item();
        let url = item.url.clone().unwrap_or_default();
        let host = url
            .split("//")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .unwrap_or("outlet")
            .to_string();
        if !outs.contains_key(&host) {
            let path = dir.join(format!("{host}.xml"));
            let f = std::fs::File::create(&path)
                .with_context(|| format!("creating {}", path.display()))?;
            let mut w = std::io::BufWriter::new(f);
            write!(
                w,
                "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>{host}</title>\
                 <link>https://{host}/</link><description>synthetic</description>\n"
            )?;
            outs.insert(host.clone(), w);
        }
        let w = outs
            .get_mut(&host)
            .context("a feed file that was just opened")?;
        let date = item.published.map(|d| d.to_rfc2822()).unwrap_or_default();
        writeln!(
            w,
            "<item><title>{}</title><link>{}</link><guid>{}</guid><pubDate>{date}</pubDate>\
             <description>{}</description></item>",
            xml(item.title.as_deref().unwrap_or("")),
            xml(&url),
            xml(&item.id),
            xml(item.text.as_deref().unwrap_or(""))
        )?;
    }
    let files = outs.len();
    let mut bytes = 0;
    for (host, mut w) in outs {
        writeln!(w, "</channel></rss>")?;
        w.flush()?;
        bytes += std::fs::metadata(dir.join(format!("{host}.xml")))
            .map(|m| m.len())
            .unwrap_or(0);
    }
    Ok((files, bytes))
}

/// Times the web front over real HTTP on loopback: pages of the front page and of the JSON API,
/// story pages and searches spread over the store, each URL asked once.
async fn web(cfg: &Config, store: Arc<dyn Store>, stories: i64) -> Result<()> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .context("binding a loopback port")?;
    let addr = listener.local_addr()?;
    let state = desk::web_state(cfg, store.clone(), Arc::new(Metrics::default()), None, None);
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, storyline_web::app(state)).await;
    });
    // Story ids and search words from across the store, not only the newest stories.
    let step = (stories.max(1) / 40).max(1);
    let mut ids = Vec::new();
    let mut words = Vec::new();
    let mut offset = 0;
    while ids.len() < 40 && offset < stories {
        if let Some(s) = store
            .stories(&StoryQuery {
                category: None,
                limit: 1,
                offset: usize::try_from(offset).unwrap_or(0),
            })?
            .into_iter()
            .next()
        {
            if let Some(w) = s
                .headline
                .as_deref()
                .and_then(|h| h.split_whitespace().find(|w| w.len() > 4))
            {
                words.push(w.to_lowercase());
            }
            ids.push(s.id);
        }
        offset += step;
    }
    let kinds: Vec<(&str, Vec<String>)> = vec![
        (
            "front page",
            (1..=10).map(|p| format!("/?page={p}")).collect(),
        ),
        (
            "story page",
            ids.iter().map(|id| format!("/story/{id}")).collect(),
        ),
        (
            "search",
            words.iter().map(|w| format!("/search?q={w}")).collect(),
        ),
        (
            // Newest first runs through every match: pages 1 to 50 of the same words.
            "search new",
            words
                .iter()
                .enumerate()
                .map(|(i, w)| format!("/search?q={w}&sort=new&page={}", 1 + (i * 7) % 50))
                .collect(),
        ),
        (
            "JSON API",
            (1..=10)
                .map(|p| format!("/api/v1/stories?limit=50&page={p}"))
                .collect(),
        ),
    ];
    println!("  web (real HTTP on loopback, each URL once, so no page cache):");
    for (name, urls) in kinds {
        let mut times = Vec::new();
        for u in &urls {
            let t = Instant::now();
            let status = get(addr, u).await?;
            times.push(t.elapsed());
            if status != 200 {
                bail!("GET {u} answered {status}");
            }
        }
        println!(
            "    {name:<11} {:>3} requests  median {}  p95 {}  max {}",
            times.len(),
            ms(quantile(&mut times, 0.5)),
            ms(quantile(&mut times, 0.95)),
            ms(quantile(&mut times, 1.0)),
        );
    }
    server.abort();
    Ok(())
}

/// One GET over a fresh connection; returns the status code after reading the whole answer.
async fn get(addr: std::net::SocketAddr, path: &str) -> Result<u16> {
    let mut s = tokio::net::TcpStream::connect(addr).await?;
    s.write_all(
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .await?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await?;
    let head = String::from_utf8_lossy(&buf[..buf.len().min(64)]).to_string();
    head.split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .with_context(|| format!("GET {path}: no HTTP status in {head:?}"))
}

fn quantile(v: &mut [Duration], q: f64) -> Duration {
    if v.is_empty() {
        return Duration::ZERO;
    }
    v.sort_unstable();
    let i = ((v.len() - 1) as f64 * q).round() as usize;
    v[i.min(v.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

/// The process's peak resident memory (Linux `VmHWM`), in MB.
fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
