//! The pipeline: sources → feeds → pages → articles → stories → digests.
//!
//! Each stage lives in its own crate; this module only moves data between them and the store, and
//! decides what happens when one part fails (record it on the source, go on with the rest).
//!
//! Durability: an article is stored in its own transaction as soon as it is extracted, clustering
//! placements and each digest are single transactions too, so a crash at any point leaves a
//! consistent database and the next run picks up where this one stopped (articles already stored
//! are recognised by URL and not fetched again; stories are rebuilt from the stored articles).
//!
//! Story ids are stable: the clusterer is deterministic and sees articles in store order (ids only
//! grow), so a story keeps the id of the article that founded it as it grows; when two stories
//! merge, the absorbed one redirects to the survivor.

use crate::related::{story_terms, RelatedIndex, Terms};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use storyline_cluster::{canonicalize_url, is_site_root, Clusterer, Item};
use storyline_core::text::{content_hash, fnv1a64};
use storyline_core::{Article, NewArticle, Source};
use storyline_digest::{DigestEngine, Doc, Options};
use storyline_extract::{extract_lenient, ExtractOptions};
use storyline_ingest::{parse_feed, Conditional, FeedEntry, Fetcher, Response};
use storyline_store::{FetchOutcome, FetchProblems, Placement, SharedKeys, Store, StoreError};
use storyline_web::Metrics;

/// Why a pipeline step failed as a whole (per-source and per-page failures are recorded, not raised).
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("store: {0}")]
    Store(#[from] StoreError),
    #[error("background task failed: {0}")]
    Join(String),
}

/// Progress events, for a progress bar or log lines.
#[derive(Debug, Clone)]
pub enum Event {
    /// A poll of `n` sources begins.
    Polling { sources: usize },
    /// One source is done.
    SourceDone {
        title: String,
        /// Items not seen before, read from the feed. Copies among them (of one another, or of
        /// another source's items) are found when they are stored, after every source is done.
        new_entries: usize,
        error: Option<String>,
    },
    /// Local files found for ingest.
    Files { files: usize },
    /// One local file is done.
    FileDone { path: String, error: Option<String> },
    /// The clusterer picked up from the `n` newest stored articles (after a restart).
    Restored { articles: usize },
    /// Clustering `n` new articles.
    Clustering { articles: usize },
    /// Writing `n` digests.
    Digesting { stories: usize },
    /// One digest written.
    DigestDone,
}

/// What one run did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Sources polled.
    pub sources: usize,
    pub sources_failed: usize,
    /// Failing sources not polled this run: they wait to be retried (see [`Source::retry_at`]).
    pub sources_waiting: usize,
    pub entries: usize,
    pub new_articles: usize,
    pub pages_failed: usize,
    /// Feed entries that could not be read (a feed cut short, an entry broken beyond repair);
    /// the rest of their feeds were read.
    pub entries_unreadable: usize,
    pub stories_touched: usize,
    pub digests: usize,
}

/// Drives the stages for one store.
pub struct Pipeline {
    store: Arc<dyn Store>,
    fetcher: Fetcher,
    engine: Arc<dyn DigestEngine>,
    metrics: Arc<Metrics>,
    fetch_pages: bool,
    concurrency: usize,
    cluster_config: storyline_cluster::Config,
    cluster: Mutex<Option<ClusterState>>,
    /// Pages read into articles at once, across all sources: one per core. Reading is work for
    /// the processor; more at once only hold more pages in memory.
    extracting: Arc<tokio::sync::Semaphore>,
}

/// Pages of one source fetched or being read at once. The fetcher's per-host limit paces the
/// requests; this bounds the pages held in memory while they wait to be read.
const PAGES_IN_FLIGHT: usize = 16;

struct ClusterState {
    clusterer: Clusterer,
    last_id: i64,
    /// Still putting stored placements back (after a restart), before the first new article.
    restoring: bool,
    /// Replaying the whole store because its placements were made with another edition or
    /// configuration (or none is recorded): the key to record once every article is placed.
    regrouping: Option<String>,
    /// The last article whose story's digest was known to be written when the desk last
    /// stopped ([`DIGESTS`]): a restored article after it may have a story whose digest a crash
    /// left unwritten.
    digested_through: i64,
    /// Every story's digest is to be checked once (the first call after a start finds them
    /// written by another engine edition, or none is recorded).
    recheck_all: bool,
    /// Stored articles before this one are not put back (the window starts there), nor those
    /// dated before `restore_after` (Unix seconds; see `Pipeline::restore_cutoff`).
    restore_from: i64,
    restore_after: Option<i64>,
}

/// The desk state key of the digest engine (with its edition) the stored digests were written
/// with, and the last article clustered when every digest due was written: `ENGINE\nID`.
const DIGESTS: &str = "digests";

/// The desk state key of the clustering edition and configuration the stored placements were
/// made with.
const CLUSTERING: &str = "clustering";

/// The clusterer's edition and a hash of its configuration.
fn clustering_key(cfg: &storyline_cluster::Config) -> String {
    format!(
        "{}:{:016x}",
        storyline_cluster::EDITION,
        fnv1a64(format!("{cfg:?}").as_bytes())
    )
}

type Progress<'a> = &'a (dyn Fn(Event) + Send + Sync);

fn host_key(u: &str) -> Option<String> {
    let h = url::Url::parse(u).ok()?.host_str()?.to_ascii_lowercase();
    let h = h
        .strip_prefix("www.")
        .or_else(|| h.strip_prefix("amp."))
        .or_else(|| h.strip_prefix("m."))
        .unwrap_or(&h)
        .to_string();
    Some(h)
}

/// Whether a URL, once canonical, names a site's front page (no one article's address).
fn is_front_page(url: &str) -> bool {
    canonicalize_url(url).is_some_and(|c| is_site_root(&c))
}

/// Where fetching `link` ended up instead of on its article, when it did: on the site's front
/// page (a removed article), or on a page that names the link as where to send the reader back
/// to, or a consent host (a sign-in, paywall or consent gate, often on another host).
fn detour(link: &str, final_url: &str) -> Option<&'static str> {
    if is_front_page(final_url) && !is_front_page(link) {
        return Some("the front page");
    }
    let link_canon = canonicalize_url(link)?;
    let landed = url::Url::parse(final_url).ok()?;
    if canonicalize_url(final_url).as_ref() == Some(&link_canon) {
        return None;
    }
    let names_link = landed.query_pairs().any(|(_, v)| {
        landed
            .join(v.trim())
            .ok()
            .and_then(|u| canonicalize_url(u.as_str()))
            .as_ref()
            == Some(&link_canon)
    });
    let consent_host = |u: &str| {
        url::Url::parse(u)
            .ok()
            .and_then(|u| {
                u.host_str()
                    .map(|h| h.to_ascii_lowercase().starts_with("consent."))
            })
            .unwrap_or(false)
    };
    (names_link || (consent_host(final_url) && !consent_host(link)))
        .then_some("a sign-in, paywall or consent page")
}

/// Headlines of error pages served with status 200 ("soft 404s"), as a title segment reads once
/// lower-cased with punctuation and the words "404", "error", "oops" and "sorry" taken out.
const ERROR_PAGE_TITLES: &[&str] = &[
    "",
    "not found",
    "page not found",
    "file not found",
    "content not found",
    "article not found",
    "story not found",
    "page cannot be found",
    "page could not be found",
    "the page could not be found",
    "the page you requested could not be found",
    "page does not exist",
    "this page does not exist",
    "page doesn t exist",
    "this page doesn t exist",
    "page no longer exists",
    "that page can t be found",
    "the page can t be found",
    "page can t be found",
    "seite nicht gefunden",
    "page introuvable",
    "page non trouvée",
    "página no encontrada",
    "pagina no encontrada",
    "pagina non trovata",
    "pagina niet gevonden",
    "página não encontrada",
];

/// Whether a fetched page's headline says it is an error page, not the article the feed linked
/// to ("Page not found | Wire", "404", "Oops! Page not found"). Only a whole title segment
/// counts, and not when the feed gives the item that same headline.
fn is_error_page(page_title: &str, entry_title: &str) -> bool {
    fn segments(title: &str) -> Vec<(String, bool)> {
        title
            .split(['|', '–', '—', '·', '•', '»', ':'])
            .flat_map(|s| s.split(" - "))
            .map(|seg| {
                let words: Vec<String> = seg
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_lowercase)
                    .collect();
                let numbered = words.iter().any(|w| w == "404");
                let rest: Vec<&str> = words
                    .iter()
                    .map(String::as_str)
                    .filter(|w| !matches!(*w, "404" | "error" | "oops" | "sorry"))
                    .collect();
                (rest.join(" "), numbered || words.len() > rest.len())
            })
            .collect()
    }
    let says_error = |title: &str| {
        segments(title).into_iter().any(|(rest, marked)| {
            ERROR_PAGE_TITLES.contains(&rest.as_str()) && (marked || !rest.is_empty())
        })
    };
    says_error(page_title) && !says_error(entry_title)
}

/// The headline or `<title>` of a page that says it is an error page (see [`is_error_page`]):
/// a friendly `<h1>` ("Sorry, we could not find that page") is often the headline extraction
/// takes, while the `<title>` says "Page not found | Wire".
fn error_page_title<'a>(
    ex: &'a storyline_extract::Extracted,
    entry_title: &str,
) -> Option<&'a str> {
    [ex.title.as_str(), ex.page_title.as_str()]
        .into_iter()
        .find(|t| is_error_page(t, entry_title))
}

/// How far ahead of the fetch an article's date may be (clock skew) before it is taken as wrong.
const FUTURE_SLACK: chrono::Duration = chrono::Duration::minutes(15);

/// The fragment that marks an address the pipeline gave a feed entry (see [`entry_address`]).
const ENTRY_FRAGMENT: &str = "#storyline-entry-";

/// An article's address as the clusterer may compare it, or `None` when it is an address the
/// pipeline gave a feed entry: that names no page, and once canonical (without its fragment) it
/// would make every such entry of a feed a copy of the first.
fn page_address(url: &str) -> Option<String> {
    (!url.contains(ENTRY_FRAGMENT)).then(|| url.to_string())
}

/// At most this many of a poll's shared links and ids are remembered for the source: a feed
/// cannot grow the store without bound (one live blog shares one link).
const MAX_SHARED_PER_POLL: usize = 100;

/// The links and ids that entries of one feed share under different headlines. Entries with the
/// same text are one article listed twice (say under a tracking URL, with its headline changed
/// in between), not two: only a different headline with a different (or no) text counts.
fn shared(entries: &[FeedEntry]) -> SharedKeys {
    fn under_several_titles<'a>(
        keyed: impl Iterator<Item = (String, &'a FeedEntry)>,
    ) -> BTreeSet<String> {
        let mut first: BTreeMap<String, &FeedEntry> = BTreeMap::new();
        let mut shared = BTreeSet::new();
        for (key, e) in keyed {
            match first.get(&key) {
                Some(f) => {
                    let text = e.text.trim();
                    if f.title.trim() != e.title.trim()
                        && (text.is_empty() || f.text.trim() != text)
                    {
                        shared.insert(key);
                    }
                }
                None => {
                    first.insert(key, e);
                }
            }
        }
        shared
    }
    SharedKeys {
        links: under_several_titles(
            entries
                .iter()
                .filter_map(|e| canonicalize_url(e.url.trim()).map(|c| (c, e))),
        ),
        ids: under_several_titles(
            entries
                .iter()
                .filter(|e| !e.id.trim().is_empty())
                .map(|e| (e.id.trim().to_string(), e)),
        ),
    }
}

/// The address a feed entry is stored under when its link is not a page of its own: it has no
/// link, or it links to the site's front page or to the feed's home. Such an address is the front
/// page (or the feed's home) with a fragment naming the entry by its id, or by its title and text
/// when it has none (or shares it with entries under other headlines). Each such entry is then
/// kept as an article of its own, found again on the next poll, and never fetched: the front
/// page is not the article. `None` when the link is the entry's own page.
fn entry_address(
    entry: &FeedEntry,
    feed_url: &str,
    site_url: Option<&str>,
    shared: &SharedKeys,
) -> Option<String> {
    let canon = |u: &str| canonicalize_url(u).unwrap_or_else(|| u.to_string());
    let link = entry.url.trim();
    let feed_canon = canon(feed_url);
    let mut link_is_feed = false;
    if !link.is_empty() {
        let c = canon(link);
        let home = site_url.map(canon);
        link_is_feed = c == feed_canon;
        if !is_site_root(&c)
            && home.as_ref() != Some(&c)
            && !link_is_feed
            && !shared.links.contains(&c)
        {
            return None;
        }
    }
    // The reader who follows the address lands on the site, not on the feed's XML.
    let link = if link_is_feed { "" } else { link };
    let base = [link, site_url.unwrap_or_default(), feed_url]
        .into_iter()
        .find(|u| !u.is_empty())
        .unwrap_or(feed_url);
    let base = base.split('#').next().unwrap_or(base);
    let key = if entry.id.trim().is_empty() || shared.ids.contains(entry.id.trim()) {
        format!("{feed_url}\n{}\n{}", entry.title.trim(), entry.text.trim())
    } else {
        format!("{feed_url}\n{}", entry.id)
    };
    Some(format!(
        "{base}{ENTRY_FRAGMENT}{:016x}",
        fnv1a64(key.as_bytes())
    ))
}

impl Pipeline {
    pub fn new(
        store: Arc<dyn Store>,
        fetcher: Fetcher,
        engine: Arc<dyn DigestEngine>,
        metrics: Arc<Metrics>,
    ) -> Self {
        Pipeline {
            store,
            fetcher,
            engine,
            metrics,
            fetch_pages: true,
            concurrency: 8,
            cluster_config: storyline_cluster::Config::default(),
            cluster: Mutex::new(None),
            extracting: Arc::new(tokio::sync::Semaphore::new(
                std::thread::available_parallelism().map_or(2, |n| n.get()),
            )),
        }
    }

    /// How articles are grouped into stories (`[cluster]` in the config).
    pub fn with_cluster_config(mut self, cfg: storyline_cluster::Config) -> Self {
        self.cluster_config = cfg;
        self
    }

    /// Whether to fetch each entry's page (otherwise the feed's own text is the article).
    pub fn with_pages(mut self, on: bool) -> Self {
        self.fetch_pages = on;
        self
    }

    /// How many sources are polled at once.
    pub fn with_concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    pub fn fetcher(&self) -> &Fetcher {
        &self.fetcher
    }

    /// Polls every source that is due once (a failing source waits to be retried: see
    /// [`Source::retry_at`]), then clusters and digests what is new.
    pub async fn run_once(
        self: &Arc<Self>,
        progress: Progress<'_>,
    ) -> Result<Report, PipelineError> {
        self.run(progress, false).await
    }

    /// Polls every source once, failing ones included, then clusters and digests what is new.
    pub async fn run_all(
        self: &Arc<Self>,
        progress: Progress<'_>,
    ) -> Result<Report, PipelineError> {
        self.run(progress, true).await
    }

    async fn run(
        self: &Arc<Self>,
        progress: Progress<'_>,
        failing_too: bool,
    ) -> Result<Report, PipelineError> {
        let now = Utc::now();
        let sources = self.store.sources()?;
        let (sources, waiting): (Vec<Source>, Vec<Source>) = sources
            .into_iter()
            .filter(|s| s.kind != "local")
            .partition(|s| failing_too || s.due(now));
        progress(Event::Polling {
            sources: sources.len(),
        });
        let mut report = Report {
            sources: sources.len(),
            sources_waiting: waiting.len(),
            ..Report::default()
        };
        let gate = Arc::new(tokio::sync::Semaphore::new(self.concurrency));
        let mut set = tokio::task::JoinSet::new();
        for source in sources {
            let me = self.clone();
            let gate = gate.clone();
            set.spawn(async move {
                let _permit = gate.acquire_owned().await;
                let r = me.poll_source(&source).await;
                (source, r)
            });
        }
        let mut fresh = Vec::new();
        while let Some(res) = set.join_next().await {
            let (source, r) = res.map_err(|e| PipelineError::Join(e.to_string()))?;
            match r {
                Ok(sr) => {
                    report.entries += sr.entries;
                    report.pages_failed += sr.pages_failed;
                    report.entries_unreadable += sr.entries_unreadable;
                    progress(Event::SourceDone {
                        title: source.title.clone(),
                        new_entries: sr.articles.len(),
                        error: None,
                    });
                    fresh.extend(sr.articles);
                }
                Err(msg) => {
                    report.sources_failed += 1;
                    progress(Event::SourceDone {
                        title: source.title.clone(),
                        new_entries: 0,
                        error: Some(msg),
                    });
                }
            }
        }
        // Stored oldest first, so that store order is time order and the clusterer sees the
        // stream as it happened (and, after a restart, puts the newest back in that order).
        sort_oldest_first(&mut fresh, now);
        for (article, aliases) in &fresh {
            if let storyline_store::Inserted::New(_) =
                self.store.insert_article(article, aliases)?
            {
                report.new_articles += 1;
                self.metrics
                    .articles_ingested
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        }
        let (touched, digests) = self.process(progress).await?;
        report.stories_touched = touched;
        report.digests = digests;
        Ok(report)
    }

    /// Fetches one source and extracts its new articles. A failure is recorded on the source and
    /// returned as a message; it never stops other sources.
    async fn poll_source(&self, source: &Source) -> Result<SourceReport, String> {
        let started = Instant::now();
        let cond = Conditional {
            etag: source.etag.clone(),
            last_modified: source.last_modified.clone(),
        };
        let result = self.fetcher.get(&source.url, &cond).await;
        let fetched = match result {
            Ok(Response::NotModified { moved_to }) => {
                self.metrics.observe_fetch(started.elapsed(), true);
                self.record(
                    source.id,
                    &FetchOutcome::Success {
                        title: None,
                        site_url: None,
                        kind: None,
                        etag: source.etag.clone(),
                        last_modified: source.last_modified.clone(),
                        moved_to,
                        problems: None,
                    },
                );
                return Ok(SourceReport::default());
            }
            Ok(Response::Fetched(f)) => f,
            Err(e) => {
                self.metrics.observe_fetch(started.elapsed(), false);
                let msg = e.to_string();
                tracing::warn!(source = %source.url, error = %msg, "fetch failed");
                self.record(source.id, &FetchOutcome::Error(msg.clone()));
                return Err(msg);
            }
        };
        self.metrics.observe_fetch(started.elapsed(), true);
        let feed = match parse_feed(&fetched.body, &fetched.url) {
            Ok(f) => f,
            Err(e) => {
                let msg = e.to_string();
                tracing::warn!(source = %source.url, error = %msg, "feed did not parse");
                self.record(source.id, &FetchOutcome::Error(msg.clone()));
                return Err(msg);
            }
        };
        let name = if source.title.is_empty() || source.title == source.url {
            feed.title.clone().unwrap_or_else(|| source.title.clone())
        } else {
            source.title.clone()
        };
        if feed.skipped > 0 {
            tracing::warn!(source = %source.url, unreadable = feed.skipped, "feed entries could not be read; the others were");
        }
        let mut report = SourceReport {
            entries: feed.entries.len(),
            entries_unreadable: feed.skipped,
            ..SourceReport::default()
        };
        let mut entries: Vec<FeedEntry> = feed.entries.clone();
        entries.sort_by_key(|e| e.published);
        let site = feed.site_url.as_deref();
        let shared = self.shared_keys(source.id, &entries);
        let mut candidates = Vec::new();
        for mut e in entries {
            if let Some(address) = entry_address(&e, &source.url, site, &shared) {
                // No page of its own and nothing in the feed: there is nothing to store.
                if e.title.trim().is_empty() && e.text.trim().is_empty() {
                    continue;
                }
                e.url = address;
            }
            if self.known(&e.url) {
                continue;
            }
            candidates.push(e);
        }
        // Pages are fetched concurrently (the fetcher limits requests per host) and stored in feed
        // order, oldest first, each in its own transaction. Each page is read into its article
        // as soon as it arrives, and its bytes dropped: a feed of thousands of new entries holds
        // thousands of articles until they are stored, not thousands of pages.
        let mut set = tokio::task::JoinSet::new();
        let in_flight = Arc::new(tokio::sync::Semaphore::new(PAGES_IN_FLIGHT));
        for (i, e) in candidates.into_iter().enumerate() {
            let fetcher = self.fetcher.clone();
            let (in_flight, extracting) = (in_flight.clone(), self.extracting.clone());
            // An entry with an address of its own has no page to fetch.
            let pages = self.fetch_pages && !e.url.contains(ENTRY_FRAGMENT);
            set.spawn(async move {
                let page = match in_flight.acquire_owned().await {
                    Ok(_held) if pages => read_page(&fetcher, &extracting, &e).await,
                    _ => PageRead::Nothing,
                };
                (i, e, page)
            });
        }
        let mut done = Vec::new();
        let mut page_error = None;
        while let Some(r) = set.join_next().await {
            match r {
                Ok(x) => done.push(x),
                Err(e) => tracing::warn!(error = %e, "page task failed"),
            }
        }
        done.sort_by_key(|(i, _, _)| *i);
        for (_, entry, page) in done {
            let (article, aliases, page_error_now) = match page {
                PageRead::Nothing => {
                    let (a, al) = build_article(source.id, &name, &entry, None);
                    (a, al, None)
                }
                PageRead::Article(final_url, ex, err) => {
                    let (a, al) = build_article(source.id, &name, &entry, Some((&final_url, &ex)));
                    (a, al, err)
                }
                PageRead::Failed(err) => {
                    let (a, al) = build_article(source.id, &name, &entry, None);
                    (a, al, Some(err))
                }
            };
            if let Some(err) = page_error_now {
                report.pages_failed += 1;
                tracing::info!(url = %entry.url, error = %err, "page not extracted; using the feed's text");
                if page_error.is_none() {
                    page_error = Some(if err.contains(entry.url.as_str()) {
                        err
                    } else {
                        format!("{}: {err}", entry.url)
                    });
                }
            }
            if article.text.trim().is_empty() && article.title.trim().is_empty() {
                continue;
            }
            report.articles.push((article, aliases));
        }
        self.record(
            source.id,
            &FetchOutcome::Success {
                title: (source.title.is_empty() || source.title == source.url)
                    .then(|| feed.title.clone())
                    .flatten(),
                site_url: feed.site_url.clone(),
                kind: Some(feed.kind.clone()),
                etag: fetched.etag.clone(),
                last_modified: fetched.last_modified.clone(),
                moved_to: fetched.moved_to.clone(),
                problems: Some(FetchProblems {
                    entries_unreadable: i64::try_from(feed.skipped).unwrap_or(i64::MAX),
                    pages_failed: i64::try_from(report.pages_failed).unwrap_or(i64::MAX),
                    page_error,
                }),
            },
        );
        Ok(report)
    }

    /// The links and ids that entries of a source's feed share, so that each names no one entry
    /// (see [`shared`]): those this feed shares now, and those its earlier polls saw shared. A
    /// live blog listed with three updates yesterday may list one today: that one is an update
    /// too, not the live page, and a guid the feed gave every item names none of them even when
    /// one item is left. The keys this feed's entries use are remembered (a failure to read or
    /// write them is logged: the poll goes on with what this feed shows).
    fn shared_keys(&self, source_id: i64, entries: &[FeedEntry]) -> SharedKeys {
        let mut keys = shared(entries);
        let earlier = self.store.shared_keys(source_id).unwrap_or_else(|e| {
            tracing::warn!(source_id, error = %e, "could not read a feed's shared keys");
            SharedKeys::default()
        });
        let mut used = SharedKeys::default();
        for e in entries {
            if let Some(c) = canonicalize_url(e.url.trim()) {
                if keys.links.contains(&c) || earlier.links.contains(&c) {
                    used.links.insert(c);
                }
            }
            let id = e.id.trim();
            if !id.is_empty() && (keys.ids.contains(id) || earlier.ids.contains(id)) {
                used.ids.insert(id.to_string());
            }
        }
        if used.len() > MAX_SHARED_PER_POLL {
            used.links = used
                .links
                .into_iter()
                .take(MAX_SHARED_PER_POLL / 2)
                .collect();
            used.ids = used.ids.into_iter().take(MAX_SHARED_PER_POLL / 2).collect();
        }
        if !used.is_empty() {
            if let Err(e) = self.store.remember_shared_keys(source_id, &used) {
                tracing::warn!(source_id, error = %e, "could not remember a feed's shared keys");
            }
        }
        keys.extend(earlier);
        keys
    }

    fn known(&self, url: &str) -> bool {
        let mut urls = vec![url.to_string()];
        if let Some(c) = canonicalize_url(url).filter(|_| !url.contains(ENTRY_FRAGMENT)) {
            urls.push(c);
        }
        urls.iter()
            .any(|u| matches!(self.store.article_id_by_url(u), Ok(Some(_))))
    }

    fn record(&self, source: i64, outcome: &FetchOutcome) {
        if let FetchOutcome::Success {
            moved_to: Some(to), ..
        } = outcome
        {
            tracing::info!(source, to = %to, "source moved permanently; following it");
        }
        if let Err(e) = self.store.record_fetch(source, outcome) {
            tracing::error!(source, error = %e, "could not record a fetch outcome");
        }
    }

    /// Ingests local files: HTML pages, feed files, or folders of them. Each file's failure is
    /// reported and skipped.
    pub async fn ingest_paths(
        self: &Arc<Self>,
        paths: &[PathBuf],
        progress: Progress<'_>,
    ) -> Result<Report, PipelineError> {
        let mut found = Found::default();
        for p in paths {
            collect_files(p, true, &mut found);
        }
        progress(Event::Files {
            files: found.files.len() + found.failed.len(),
        });
        let mut report = Report::default();
        for (path, error) in found.failed {
            report.pages_failed += 1;
            progress(Event::FileDone {
                path: path.display().to_string(),
                error: Some(error),
            });
        }
        let mut fresh = Vec::new();
        for f in found.files {
            match self.ingest_file(&f) {
                Ok(articles) => {
                    fresh.extend(articles);
                    progress(Event::FileDone {
                        path: f.display().to_string(),
                        error: None,
                    });
                }
                Err(msg) => {
                    report.pages_failed += 1;
                    progress(Event::FileDone {
                        path: f.display().to_string(),
                        error: Some(msg),
                    });
                }
            }
        }
        // Stored oldest first across all files, as a poll does: the clusterer reads the store in
        // id order, so a folder of feeds ingested source by source would otherwise arrive as many
        // streams one after another, each jumping the time window past the stories of the others.
        sort_oldest_first(&mut fresh, Utc::now());
        for (article, aliases) in &fresh {
            if let storyline_store::Inserted::New(_) =
                self.store.insert_article(article, aliases)?
            {
                report.new_articles += 1;
            }
        }
        let (touched, digests) = self.process(progress).await?;
        report.stories_touched = touched;
        report.digests = digests;
        Ok(report)
    }

    /// Parses one local file into its articles (not stored yet).
    fn ingest_file(&self, path: &Path) -> Result<Vec<(NewArticle, Vec<String>)>, String> {
        let bytes =
            read_maybe_gz(path, self.fetcher.config().max_bytes).map_err(|e| e.to_string())?;
        // A PDF, a photo or a recording named among the pages is no article: its bytes read as
        // text are noise.
        if let Some(kind) = storyline_ingest::fetch::binary_kind(&bytes) {
            return Err(format!("{kind}, not a web page or a feed"));
        }
        let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let file_url = url::Url::from_file_path(&abs)
            .map(|u| u.to_string())
            .unwrap_or_else(|_| format!("file://{}", abs.display()));
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
        let first_feed_tag = ["<rss", "<feed", "<rdf:rdf"]
            .iter()
            .filter_map(|t| head.find(t))
            .min();
        let looks_feed = match (first_feed_tag, head.find("<html")) {
            (Some(f), Some(h)) => f < h,
            (Some(_), None) => true,
            // JSON: only a JSON Feed parses; anything else is refused below as not a feed.
            _ => head.trim_start().starts_with('{'),
        };
        let is_json = path
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .is_some_and(|n| n.ends_with(".json") || n.ends_with(".json.gz"));
        if is_json && !looks_feed {
            return Err("a JSON file that is not a JSON Feed".to_string());
        }
        if looks_feed && head.trim_start().starts_with('{') {
            if let Err(e) = parse_feed(&bytes, &file_url) {
                return Err(format!("not a JSON Feed ({e})"));
            }
        }
        let source = self.local_source(&abs).map_err(|e| e.to_string())?;
        if looks_feed {
            let feed = parse_feed(&bytes, &file_url).map_err(|e| e.to_string())?;
            if feed.skipped > 0 {
                tracing::warn!(file = %path.display(), unreadable = feed.skipped, "feed entries could not be read; the others were");
            }
            let name = feed.title.clone().unwrap_or_else(|| source.title.clone());
            let mut out = Vec::new();
            let site = feed.site_url.as_deref();
            let shared = self.shared_keys(source.id, &feed.entries);
            for mut entry in feed.entries {
                if let Some(address) = entry_address(&entry, &file_url, site, &shared) {
                    entry.url = address;
                }
                let (a, al) = build_article(source.id, &name, &entry, None);
                if a.text.trim().is_empty() && a.title.trim().is_empty() {
                    continue;
                }
                out.push((a, al));
            }
            return Ok(out);
        }
        let opts = ExtractOptions {
            url: None,
            content_type: None,
        };
        let (ex, err) = extract_lenient(&bytes, &opts);
        if let Some(e) = err {
            if ex.text.trim().is_empty() {
                return Err(e.to_string());
            }
        }
        // A saved "Page not found" page (a folder of saved pages often has some) is no article.
        if let Some(t) = error_page_title(&ex, "") {
            return Err(format!("an error page (\"{t}\"), not an article"));
        }
        let title = if ex.title.is_empty() {
            path.file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default()
        } else {
            ex.title.clone()
        };
        let entry = FeedEntry {
            id: String::new(),
            url: ex
                .canonical_url
                .clone()
                // A front page named as canonical is no article's address (see build_article).
                .filter(|u| u.starts_with("http") && !is_front_page(u))
                .unwrap_or_else(|| file_url.clone()),
            title,
            published: None,
            author: None,
            text: String::new(),
            outlet: None,
        };
        let name = ex.site_name.clone().unwrap_or_else(|| source.title.clone());
        let (mut a, mut al) =
            build_article(source.id, &name, &entry, Some((&entry.url.clone(), &ex)));
        if a.canonical_url != file_url {
            al.push(file_url);
        }
        a.source_id = Some(source.id);
        Ok(vec![(a, al)])
    }

    fn local_source(&self, path: &Path) -> Result<Source, StoreError> {
        let dir = path.parent().unwrap_or(path);
        let url = url::Url::from_directory_path(dir)
            .map(|u| u.to_string())
            .unwrap_or_else(|_| format!("file://{}/", dir.display()));
        if let Some(s) = self.store.source_by_url(&url)? {
            return Ok(s);
        }
        let title = dir
            .file_name()
            .map(|n| format!("Local files: {}", n.to_string_lossy()))
            .unwrap_or_else(|| "Local files".into());
        let s = self.store.add_source(&url, &title, None)?;
        self.store.record_fetch(
            s.id,
            &FetchOutcome::Success {
                title: None,
                site_url: None,
                kind: Some("local".into()),
                etag: None,
                last_modified: None,
                moved_to: None,
                problems: None,
            },
        )?;
        Ok(s)
    }

    /// Clusters articles stored since the last call (on the first call, the clusterer first picks
    /// up from the store: see `cluster_new`), then re-digests every story whose articles changed,
    /// and, on the first call, every story a crash or an upgrade may have left with a stale
    /// digest.
    /// Returns (stories touched, digests written).
    pub async fn process(
        self: &Arc<Self>,
        progress: Progress<'_>,
    ) -> Result<(usize, usize), PipelineError> {
        let me = self.clone();
        let clustered = tokio::task::spawn_blocking(move || me.cluster_new())
            .await
            .map_err(|e| PipelineError::Join(e.to_string()))??;
        if clustered.restored > 0 {
            progress(Event::Restored {
                articles: clustered.restored,
            });
        }
        if clustered.placed > 0 {
            progress(Event::Clustering {
                articles: clustered.placed,
            });
        }
        let mut touched = clustered.touched;
        if clustered.recheck_all {
            touched.extend(
                self.store
                    .stories(&storyline_store::StoryQuery {
                        category: None,
                        limit: 0,
                        offset: 0,
                    })?
                    .iter()
                    .map(|s| s.id),
            );
        }
        let mut stale = Vec::new();
        for id in &touched {
            let articles = self.store.story_articles(*id)?;
            if articles.is_empty() {
                continue;
            }
            let hash = input_hash(&articles, &self.engine_key());
            if self.needs_digest(*id, &hash)? {
                stale.push((*id, articles, hash));
            }
        }
        // Stories whose digest fell back to the built-in engine (the model server was down) are
        // upgraded on a later run, even when their articles did not change.
        if self.engine.name() != "builtin" {
            for s in self.store.stories(&storyline_store::StoryQuery {
                category: None,
                limit: 200,
                offset: 0,
            })? {
                if touched.contains(&s.id) {
                    continue;
                }
                let fell_back = self.store.digest(s.id)?.is_some_and(|d| {
                    d.digest.engine == "builtin"
                        && d.digest.grounding.as_ref().is_none_or(|g| g.checked == 0)
                });
                if fell_back {
                    let articles = self.store.story_articles(s.id)?;
                    let hash = input_hash(&articles, &self.engine_key());
                    stale.push((s.id, articles, hash));
                }
            }
        }
        progress(Event::Digesting {
            stories: stale.len(),
        });
        let mut written = 0;
        // The candidates for related stories: the newest stories, read once for the whole round
        // rather than once per digest (a round after a bulk ingest writes thousands), and the
        // stories of this round by their articles' titles, so that the first digests written can
        // relate to stories whose digests come later.
        let rewritten: BTreeSet<i64> = stale.iter().map(|(id, _, _)| *id).collect();
        let (others, listed) = if stale.is_empty() {
            (RelatedIndex::default(), BTreeMap::new())
        } else {
            let (mut entries, listed) = self.related_candidates()?;
            entries.extend(
                stale
                    .iter()
                    .map(|(id, articles, _)| (*id, articles_terms(articles))),
            );
            (RelatedIndex::build(entries), listed)
        };
        // Digests run one story at a time on the blocking pool; the LLM engine bounds its own
        // concurrency and falls back to the built-in engine per field.
        for (id, articles, hash) in stale {
            let engine = self.engine.clone();
            let docs = docs_of(&articles);
            let digest =
                tokio::task::spawn_blocking(move || engine.digest(&docs, &Options::default()))
                    .await
                    .map_err(|e| PipelineError::Join(e.to_string()))?;
            let mut digest = digest;
            digest.related = others
                .related(id)
                .into_iter()
                .map(|r| r.to_string())
                .collect();
            self.store.put_digest(id, &digest, &hash)?;
            self.metrics
                .digests_written
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            written += 1;
            progress(Event::DigestDone);
        }
        // Stories in view that were not rewritten get their related lists brought up to date,
        // so that an older story links back to the newer ones that relate to it.
        for (id, before) in &listed {
            if rewritten.contains(id) {
                continue;
            }
            let now: Vec<String> = others
                .related(*id)
                .into_iter()
                .map(|r| r.to_string())
                .collect();
            if &now != before {
                self.store.set_related(*id, &now)?;
            }
        }
        // Every digest due is written: a restart need not check these stories again.
        if clustered.placed + clustered.restored > 0 || clustered.recheck_all {
            let mark = format!("{}\n{}", self.engine_key(), clustered.last_id);
            self.store.set_state(DIGESTS, &mark)?;
        }
        Ok((touched.len(), written))
    }

    /// The engine's name with the built-in engine's edition (the LLM engine falls back on the
    /// built-in one and shares its parts): a stored digest written by another edition is stale.
    fn engine_key(&self) -> String {
        engine_key(&self.engine.name())
    }

    fn needs_digest(&self, story: i64, hash: &str) -> Result<bool, StoreError> {
        Ok(match self.store.digest(story)? {
            None => true,
            Some(d) => {
                d.input_hash != hash
                    || (self.engine.name() != "builtin"
                        && d.digest.engine == "builtin"
                        && d.digest.grounding.as_ref().is_none_or(|g| g.checked == 0))
            }
        })
    }

    /// Runs new articles through the clusterer and stores their placements.
    ///
    /// The first call in a process picks up where the store stands: the newest articles
    /// already placed (a window's worth, the clusterer's or its dedup's, whichever is longer,
    /// less those older than its time window: see `restore_cutoff`) are put back into the
    /// clusterer as stored, without being scored or written again, and the articles after them
    /// are placed. So a restart costs the window, not the store. When the stored placements were
    /// made with another clusterer edition or configuration (an upgrade, new `[cluster]`
    /// settings), the whole store is replayed instead and regrouped, as the new settings would
    /// have grouped it.
    fn cluster_new(&self) -> Result<Clustered, PipelineError> {
        let mut guard = match self.cluster.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        let state = match guard.take() {
            Some(s) => guard.insert(s),
            None => {
                let cfg = &self.cluster_config;
                let window = cfg.window_items.max(cfg.dedup_window_items);
                let window = usize::try_from(window).unwrap_or(usize::MAX);
                let key = clustering_key(cfg);
                let same = self.store.state(CLUSTERING)?.as_deref() == Some(key.as_str());
                let cutoff = if same { self.restore_cutoff()? } else { None };
                let start = if same {
                    let from = cutoff.and_then(|c| DateTime::from_timestamp(c, 0));
                    match self.store.clustered_since(window, from)? {
                        Some(id) => Some(id),
                        None => self.store.clustered_since(window, None)?,
                    }
                } else {
                    None
                };
                let digests = self.store.state(DIGESTS)?;
                let (engine, through) = digests
                    .as_deref()
                    .and_then(|d| d.split_once('\n'))
                    .unwrap_or_default();
                let through: i64 = through.parse().unwrap_or(0);
                // Articles placed after the last complete digest round are visited even when
                // they are not put back, so that their stories' digests are checked.
                let first = start.map(|s| s.min(through.saturating_add(1)));
                guard.insert(ClusterState {
                    clusterer: Clusterer::live(cfg.clone()),
                    last_id: first.map_or(0, |id| id - 1),
                    restoring: start.is_some(),
                    regrouping: (!same).then_some(key),
                    digested_through: through,
                    recheck_all: engine != self.engine_key(),
                    restore_from: start.unwrap_or(0),
                    restore_after: cutoff,
                })
            }
        };
        let mut touched = BTreeSet::new();
        let (mut count, mut restored) = (0, 0);
        loop {
            let batch = self.store.articles_after(state.last_id, 2000)?;
            if batch.is_empty() {
                break;
            }
            let mut placements = Vec::with_capacity(batch.len());
            let mut merges = Vec::new();
            for a in &batch {
                state.last_id = state.last_id.max(a.id);
                let item = Item {
                    id: a.id.to_string(),
                    title: Some(a.title.clone()),
                    text: Some(a.text.clone()),
                    published: a.published.or(Some(a.fetched_at)),
                    source: Some(a.source_name.clone()),
                    url: page_address(&a.url),
                    canonical_url: page_address(&a.canonical_url),
                };
                if state.restoring {
                    if let Some(story) = a.story_id {
                        if a.id > state.digested_through {
                            touched.insert(story);
                        }
                        let time = item.published.map(|t| t.timestamp());
                        if a.id < state.restore_from
                            || time.zip(state.restore_after).is_some_and(|(t, c)| t < c)
                        {
                            continue;
                        }
                        let dup = a.duplicate_of.map(|d| d.to_string());
                        if state
                            .clusterer
                            .restore(&item, &story.to_string(), dup.as_deref())
                        {
                            restored += 1;
                            continue;
                        }
                    }
                    state.restoring = false;
                }
                count += 1;
                let asg = state.clusterer.add(&item);
                let story = asg.story.parse::<i64>().unwrap_or(a.id);
                let dup = asg
                    .duplicate_of
                    .as_deref()
                    .and_then(|d| d.parse::<i64>().ok());
                placements.push(Placement {
                    article: a.id,
                    story,
                    duplicate_of: dup,
                });
                for (from, into) in &asg.merged {
                    if let (Ok(f), Ok(i)) = (from.parse::<i64>(), into.parse::<i64>()) {
                        merges.push((f, i));
                    }
                }
            }
            if placements.is_empty() {
                continue;
            }
            // Articles already stored in an absorbed story move to the survivor. Merges are
            // applied in the order they happened, so chains (A into B, then B into C) resolve.
            for (from, into) in &merges {
                for p in placements.iter_mut().filter(|p| p.story == *from) {
                    p.story = *into;
                }
                for a in self.store.story_articles(*from)? {
                    placements.push(Placement {
                        article: a.id,
                        story: *into,
                        duplicate_of: a.duplicate_of,
                    });
                }
            }
            touched.extend(placements.iter().map(|p| p.story));
            self.store.apply_clustering(&placements, &merges)?;
            self.metrics
                .stories_built
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        if let Some(key) = state.regrouping.take() {
            self.store.set_state(CLUSTERING, &key)?;
        }
        Ok(Clustered {
            touched,
            placed: count,
            restored,
            last_id: state.last_id,
            recheck_all: std::mem::take(&mut state.recheck_all),
        })
    }

    /// The time before which a stored article no longer matters to the clusterer after a
    /// restart ([`storyline_cluster::restore_cutoff`], read from the newest placed articles).
    /// On a desk that gets fewer articles a day than its 200,000-article window holds in 14
    /// days, this is what bounds the restart.
    fn restore_cutoff(&self) -> Result<Option<i64>, StoreError> {
        const SAMPLE: usize = storyline_cluster::CLOCK_SAMPLE;
        let Some(from) = self.store.clustered_since(SAMPLE, None)? else {
            return Ok(None);
        };
        let mut times: Vec<i64> = self
            .store
            .articles_after(from - 1, SAMPLE)?
            .iter()
            .filter(|a| a.story_id.is_some())
            .map(|a| a.published.unwrap_or(a.fetched_at).timestamp())
            .collect();
        Ok(storyline_cluster::restore_cutoff(
            &self.cluster_config,
            &mut times,
        ))
    }

    /// The newest live stories (at most 500), described by their articles' titles (from their
    /// digests), with the related stories each lists now: the candidates for related stories.
    fn related_candidates(&self) -> Result<RelatedCandidates, StoreError> {
        let mut entries = Vec::new();
        let mut listed = BTreeMap::new();
        for s in self.store.stories(&storyline_store::StoryQuery {
            category: None,
            limit: 500,
            offset: 0,
        })? {
            let terms = match self.store.digest(s.id)? {
                Some(d) => {
                    listed.insert(s.id, d.digest.related.clone());
                    story_terms(
                        d.digest
                            .sources
                            .iter()
                            .filter(|s| s.duplicate_of.is_none())
                            .map(|s| s.title.as_str()),
                    )
                }
                None => story_terms([s.headline.as_deref().unwrap_or("")]),
            };
            entries.push((s.id, terms));
        }
        Ok((entries, listed))
    }
}

/// What a clustering step did.
struct Clustered {
    /// Stories that gained articles or were merged into.
    touched: BTreeSet<i64>,
    /// New articles placed.
    placed: usize,
    /// Stored articles put back into the clusterer (after a restart).
    restored: usize,
    /// The last article clustered.
    last_id: i64,
    /// Every story's digest is to be checked (see `ClusterState::recheck_all`).
    recheck_all: bool,
}

/// Stories with their terms, and the related stories each of them lists now.
type RelatedCandidates = (Vec<(i64, Terms)>, BTreeMap<i64, Vec<String>>);

/// What a story is about, for related stories: its articles' titles (copies left out, so that
/// syndication does not count a wire title many times).
fn articles_terms(articles: &[Article]) -> Terms {
    story_terms(
        articles
            .iter()
            .filter(|a| a.duplicate_of.is_none())
            .map(|a| a.title.as_str()),
    )
}

/// Orders new articles for storing: by publication time (undated ones as of `now`), then by
/// address, so that store order is time order: the order the clusterer sees them in, and puts
/// them back in after a restart.
fn sort_oldest_first(fresh: &mut [(NewArticle, Vec<String>)], now: DateTime<Utc>) {
    fresh.sort_by(|a, b| {
        (a.0.published.unwrap_or(now), &a.0.canonical_url)
            .cmp(&(b.0.published.unwrap_or(now), &b.0.canonical_url))
    });
}

#[derive(Debug, Default)]
struct SourceReport {
    entries: usize,
    pages_failed: usize,
    entries_unreadable: usize,
    /// New articles with their alias URLs, not yet stored.
    articles: Vec<(NewArticle, Vec<String>)>,
}

/// A hash of what a digest is made from: the story's articles and texts, and the engine.
fn engine_key(name: &str) -> String {
    format!("{name}@{}", storyline_digest::ENGINE_VERSION)
}

fn input_hash(articles: &[Article], engine: &str) -> String {
    let mut key = String::from(engine);
    let mut parts: Vec<String> = articles
        .iter()
        .map(|a| format!("{}:{}:{:?}", a.id, a.content_hash, a.duplicate_of))
        .collect();
    parts.sort();
    for p in parts {
        key.push('|');
        key.push_str(&p);
    }
    format!("{:016x}", fnv1a64(key.as_bytes()))
}

/// The digest engine's input for a story: articles oldest first.
pub fn docs_of(articles: &[Article]) -> Vec<Doc> {
    let mut v: Vec<&Article> = articles.iter().collect();
    v.sort_by_key(|a| (a.published.unwrap_or(a.fetched_at), a.id));
    v.into_iter()
        .map(|a| Doc {
            id: a.id.to_string(),
            title: Some(a.title.clone()),
            text: a.text.clone(),
            source: Some(a.source_name.clone()),
            url: Some(a.url.clone()),
            published: a.published,
            duplicate_of: a.duplicate_of.map(|d| d.to_string()),
        })
        .collect()
}

/// The longest title stored whole, in characters. Headlines run to about 120; a longer "title" is
/// a headline with its standfirst, or a feed that puts the whole post there.
const TITLE_MAX: usize = 200;
/// The longest title made from an article's opening, for an entry that has none.
const TITLE_FROM_TEXT_MAX: usize = 100;

/// What an article is listed and linked under: its title on one line, cut at a word past
/// [`TITLE_MAX`]; for an entry with none (a microblog's post, a feed item with only a
/// description), the opening of its first sentence, as feed readers show such items. Never empty
/// while the article has text.
fn article_title(title: &str, text: &str) -> String {
    if title.split_whitespace().next().is_some() {
        return storyline_core::text::cut_at_word(title, TITLE_MAX);
    }
    let first = storyline_core::text::sentences(text)
        .into_iter()
        .next()
        .unwrap_or_default();
    storyline_core::text::cut_at_word(first, TITLE_FROM_TEXT_MAX)
}

/// What an entry's page gave.
enum PageRead {
    /// No page was read: none to fetch, or not modified since the last fetch.
    Nothing,
    /// The article on the page found at this address, with the extractor's complaint if any.
    Article(String, Box<storyline_extract::Extracted>, Option<String>),
    /// No article: why (the entry keeps the feed's text).
    Failed(String),
}

/// Fetches an entry's page and reads its article (holding one of `extracting`'s permits while it
/// reads), leaving the page's bytes behind.
async fn read_page(
    fetcher: &Fetcher,
    extracting: &tokio::sync::Semaphore,
    entry: &FeedEntry,
) -> PageRead {
    let f = match fetcher.get_page(&entry.url, &Conditional::default()).await {
        Ok(Response::Fetched(f)) => f,
        Ok(Response::NotModified { .. }) => return PageRead::Nothing,
        Err(e) => return PageRead::Failed(e.to_string()),
    };
    // A link that lands on the site's front page or on a gate did not give the article: the
    // feed's text stands in for it.
    if let Some(to) = detour(&entry.url, &f.url) {
        return PageRead::Failed(format!("{} redirected to {to}", entry.url));
    }
    let Ok(_reading) = extracting.acquire().await else {
        return PageRead::Failed("the desk is shutting down".into());
    };
    let extracted = tokio::task::spawn_blocking(move || {
        let opts = ExtractOptions {
            url: Some(f.url.clone()),
            content_type: f.content_type.clone(),
        };
        let (ex, err) = extract_lenient(&f.body, &opts);
        (f.url, ex, err)
    })
    .await;
    match extracted {
        // A "page not found" served as a page is not the article either.
        Ok((final_url, ex, _)) if error_page_title(&ex, &entry.title).is_some() => {
            PageRead::Failed(format!("{final_url} is an error page ({:?})", ex.title))
        }
        Ok((final_url, ex, err)) => {
            PageRead::Article(final_url, Box::new(ex), err.map(|e| e.to_string()))
        }
        Err(e) => PageRead::Failed(format!("extraction task failed: {e}")),
    }
}

/// Turns a feed entry (and its extracted page, when there is one) into a storable article and the
/// other URLs it is known under.
fn build_article(
    source_id: i64,
    source_name: &str,
    entry: &FeedEntry,
    page: Option<(&String, &storyline_extract::Extracted)>,
) -> (NewArticle, Vec<String>) {
    // An address the pipeline gave the entry is kept as it is: canonical form drops fragments.
    let entry_canon = canonicalize_url(&entry.url)
        .filter(|_| !entry.url.contains(ENTRY_FRAGMENT))
        .unwrap_or_else(|| entry.url.clone());
    let mut aliases = vec![entry.url.clone(), entry_canon.clone()];
    let mut a = NewArticle {
        source_id: Some(source_id),
        // An aggregator's entry is its outlet's article (Google News: "Reuters").
        source_name: entry
            .outlet
            .clone()
            .unwrap_or_else(|| source_name.to_string()),
        url: entry.url.clone(),
        canonical_url: entry_canon,
        title: entry.title.trim().to_string(),
        byline: entry.author.clone().filter(|s| !s.trim().is_empty()),
        published: entry.published,
        language: None,
        site_name: None,
        image: None,
        text: entry.text.trim().to_string(),
        content_hash: String::new(),
    };
    if let Some((final_url, ex)) = page {
        aliases.push(final_url.clone());
        let final_canon = canonicalize_url(final_url).unwrap_or_else(|| final_url.clone());
        a.canonical_url = final_canon.clone();
        aliases.push(final_canon.clone());
        // A page may name its canonical URL, but only on its own site: a hostile page must not
        // claim another outlet's article. Nor may it name the site's front page, as some
        // misconfigured sites do on every article: each would be taken for the first.
        a.url = final_url.clone();
        if let Some(declared) = ex.canonical_url.as_deref() {
            if let Some(c) = canonicalize_url(declared) {
                if host_key(&c).is_some()
                    && host_key(&c) == host_key(final_url)
                    && (!is_site_root(&c) || is_site_root(&final_canon))
                {
                    a.canonical_url = c;
                    a.url = declared.to_string();
                }
            }
        }
        if a.title.is_empty() {
            a.title = ex.title.trim().to_string();
        }
        if a.byline.is_none() {
            a.byline = ex.byline.clone();
        }
        if a.published.is_none() {
            a.published = ex.published.map(|d| d.with_timezone(&Utc));
        }
        a.language = ex.language.clone();
        a.site_name = ex.site_name.clone();
        a.image = ex.image.clone();
        // The page's body is the article unless extraction found less than the feed carried.
        if ex.text.split_whitespace().count() >= a.text.split_whitespace().count() {
            a.text = ex.text.trim().to_string();
        }
    }
    // A date ahead of the fetch is wrong (a bad clock or time zone, or a feed pinning its item
    // to the top of the front page): the article is as new as the fetch, no newer.
    let now = Utc::now();
    if a.published.is_some_and(|p| p > now + FUTURE_SLACK) {
        a.published = Some(now);
    }
    a.title = article_title(&a.title, &a.text);
    a.content_hash = content_hash(&a.text);
    aliases.push(a.url.clone());
    aliases.retain(|u| u != &a.canonical_url);
    aliases.sort();
    aliases.dedup();
    (a, aliases)
}

/// At most `max` bytes from `r`, or `None` when it holds more: the one way local input (files,
/// standard input, what a gzip unpacks to) is read under a cap, so a small archive that unpacks to
/// gigabytes cannot take the machine's memory.
pub fn read_capped(r: impl std::io::Read, max: usize) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let mut out = Vec::new();
    let cap = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    r.take(cap).read_to_end(&mut out)?;
    Ok((out.len() <= max).then_some(out))
}

/// `raw` gunzipped (all members), or `None` when it unpacks to more than `max` bytes.
pub fn gunzip_capped(raw: &[u8], max: usize) -> std::io::Result<Option<Vec<u8>>> {
    read_capped(flate2::read::MultiGzDecoder::new(raw), max)
}

/// A local file's bytes, gunzipped when it is a `.gz`, refused when it (or what it unpacks to)
/// is larger than `max` bytes: the cap a fetched page has (`fetch.max_bytes`).
fn read_maybe_gz(path: &Path, max: usize) -> std::io::Result<Vec<u8>> {
    let too_large = || {
        std::io::Error::other(format!(
            "larger than {max} bytes (fetch.max_bytes); not read"
        ))
    };
    let bytes = read_capped(std::fs::File::open(path)?, max)?.ok_or_else(too_large)?;
    if path.extension().is_some_and(|e| e == "gz") {
        return gunzip_capped(&bytes, max)?.ok_or_else(too_large);
    }
    Ok(bytes)
}

/// The names `storyline ingest` takes from a folder (a path named on the command line is read
/// whatever its name).
const INGEST_NAMES: [&str; 8] = [
    ".html", ".htm", ".html.gz", ".xml", ".rss", ".atom", ".json", ".xml.gz",
];

/// What a walk of the paths given to `storyline ingest` found.
#[derive(Default)]
struct Found {
    /// Regular files to read, in walk order.
    files: Vec<PathBuf>,
    /// Paths that cannot be read, with why: each is reported as a failed file, and the others
    /// are still read.
    failed: Vec<(PathBuf, String)>,
    /// Folders walked, by their real path.
    dirs: HashSet<PathBuf>,
}

/// Adds the files under `p` to `found`. `named`: `p` was given on the command line, so it is
/// read whatever its name, and a failure to read it is reported even if it would not have been
/// taken from a folder. A folder reached a second time (a symbolic link back up the tree, or two
/// names for one folder) is walked once, and a pipe, socket or device is reported instead of
/// opened (a pipe would wait for a writer for ever).
fn collect_files(p: &Path, named: bool, found: &mut Found) {
    let wanted = || {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        named || INGEST_NAMES.iter().any(|x| name.ends_with(x))
    };
    let meta = match std::fs::metadata(p) {
        Ok(m) => m,
        Err(e) => {
            if wanted() {
                found.failed.push((p.to_path_buf(), e.to_string()));
            }
            return;
        }
    };
    if meta.is_dir() {
        let real = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        if !found.dirs.insert(real) {
            return;
        }
        let entries = match std::fs::read_dir(p) {
            Ok(entries) => entries,
            Err(e) => {
                found.failed.push((p.to_path_buf(), e.to_string()));
                return;
            }
        };
        let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for e in entries {
            collect_files(&e, false, found);
        }
    } else if wanted() {
        if meta.is_file() {
            found.files.push(p.to_path_buf());
        } else {
            found.failed.push((
                p.to_path_buf(),
                "not a regular file (a pipe, socket or device); not read".to_string(),
            ));
        }
    }
}

/// A human "N minutes ago".
pub fn ago(t: DateTime<Utc>) -> String {
    let d = Utc::now() - t;
    if d.num_days() >= 1 {
        format!("{}d ago", d.num_days())
    } else if d.num_hours() >= 1 {
        format!("{}h ago", d.num_hours())
    } else {
        format!("{}m ago", d.num_minutes().max(0))
    }
}

/// Counts of stories per category, for summaries.
pub fn category_counts(store: &dyn Store) -> Result<BTreeMap<String, i64>, StoreError> {
    Ok(store.categories()?.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(published: Option<DateTime<Utc>>) -> FeedEntry {
        FeedEntry {
            url: "https://wire.example/2026/rates".into(),
            id: String::new(),
            title: "Rates rise".into(),
            published,
            author: None,
            text: "The central bank raised rates.".into(),
            outlet: None,
        }
    }

    /// Which entries get an address of their own, and what it is.
    #[test]
    fn detours_are_told_from_redirects_to_the_article() {
        let link = "https://wire.example/2026/rates";
        for (landed, detoured) in [
            ("https://wire.example/2026/rates", false),
            ("https://www.wire.example/2026/rates?utm_source=rss", false),
            ("https://wire.example/2026/rates-rise-again", false),
            ("https://other.example/wire/rates", false),
            ("https://wire.example/", true),
            ("https://wire.example/?utm_source=rss", true),
            ("https://wire.example/login?return=%2F2026%2Frates", true),
            ("https://wire.example/login?return=%2F2026%2Fother", false),
            (
                "https://auth.wire-group.example/?next=https%3A%2F%2Fwire.example%2F2026%2Frates",
                true,
            ),
            (
                "https://consent.portal.example/v2/collect?sessionId=3_cc",
                true,
            ),
            ("https://wire.example/2026/rates?page=1", false),
        ] {
            assert_eq!(detour(link, landed).is_some(), detoured, "{landed}");
        }
        assert_eq!(
            detour("https://wire.example/", "https://wire.example/"),
            None
        );
    }

    #[test]
    fn error_pages_are_told_by_their_headline() {
        for (page, feed, error) in [
            ("Page not found | The Wire", "Rates rise", true),
            ("404", "Rates rise", true),
            ("Error 404 - The Wire", "Rates rise", true),
            ("Oops! That page can\u{2019}t be found.", "Rates rise", true),
            ("Oops! Page Not Found", "Rates rise", true),
            (
                "Seite nicht gefunden \u{2013} Tagesblatt",
                "Zinsen steigen",
                true,
            ),
            ("The Wire: page introuvable", "Les taux montent", true),
            ("Sorry, this page doesn't exist", "Rates rise", true),
            ("Rates rise", "Rates rise", false),
            (
                "Not found: the lost city of Zerzura",
                "Not found: Zerzura",
                false,
            ),
            (
                "404 days on, the strike goes on",
                "The strike goes on",
                false,
            ),
            ("Error in the census count", "Census error", false),
            ("Not Found", "Not Found", false),
            ("", "Rates rise", false),
        ] {
            assert_eq!(is_error_page(page, feed), error, "{page:?}");
        }
    }

    #[test]
    fn entries_without_a_page_of_their_own_get_an_address() {
        let feed = "https://wire.example/feeds/world.xml";
        let site = Some("https://wire.example/world/");
        let with = |url: &str, id: &str| FeedEntry {
            url: url.into(),
            id: id.into(),
            ..entry(None)
        };
        let none = SharedKeys::default();
        let address = |e: &FeedEntry| entry_address(e, feed, site, &none);
        assert_eq!(address(&with("https://wire.example/2026/rates", "")), None);
        assert_eq!(address(&with("https://wire.example/?p=12", "")), None);
        let cases = [
            ("https://wire.example/", "g1", "https://wire.example/#"),
            (
                "https://www.wire.example/?utm_source=rss",
                "g1",
                "https://www.wire.example/?",
            ),
            (
                "https://wire.example/world",
                "g1",
                "https://wire.example/world#",
            ),
            (feed, "g1", "https://wire.example/world/#"),
            ("", "g1", "https://wire.example/world/#"),
        ];
        for (link, id, starts) in cases {
            let a = address(&with(link, id)).expect("an address of its own");
            assert!(
                a.starts_with(starts) && a.contains(ENTRY_FRAGMENT),
                "{link}: {a}"
            );
        }
        let one = address(&with("https://wire.example/", "g1"));
        assert_eq!(one, address(&with("https://wire.example/", "g1")));
        assert_ne!(one, address(&with("https://wire.example/", "g2")));
        // Without an id, the title and text tell entries apart.
        let plain = with("https://wire.example/", "");
        let other = FeedEntry {
            title: "Rates fall".into(),
            ..plain.clone()
        };
        assert_ne!(address(&plain), address(&other));
        assert_eq!(
            entry_address(&with("", "g1"), feed, None, &none).map(|a| a.starts_with(feed)),
            Some(true)
        );
    }

    /// A link several entries give under different headlines (a live blog's updates) is no one
    /// entry's page: each entry gets an address of its own on it. The same link under the same
    /// headline, or with the same text under a new headline (an item listed twice), is still the
    /// page.
    #[test]
    fn a_link_shared_by_entries_with_different_headlines_is_no_ones_page() {
        let feed = "https://wire.example/feed.xml";
        let live = "https://wire.example/live/election?utm_source=rss";
        let item = |url: &str, title: &str| FeedEntry {
            url: url.into(),
            title: title.into(),
            text: format!("{title}, the text."),
            ..entry(None)
        };
        let retitled = FeedEntry {
            title: "Rates rise again".into(),
            ..item(
                "https://wire.example/2026/rates?utm_source=rss",
                "Rates rise",
            )
        };
        let entries = [
            item(live, "Polls close in the north"),
            item("https://wire.example/live/election", "First results are in"),
            item("https://wire.example/2026/rates", "Rates rise"),
            item("https://wire.example/2026/rates", "Rates rise"),
            item("", "No link"),
            item("", "No link either"),
            retitled,
        ];
        let shared = shared(&entries);
        assert_eq!(
            shared.links.iter().collect::<Vec<_>>(),
            ["https://wire.example/live/election"]
        );
        let addresses: Vec<Option<String>> = entries
            .iter()
            .map(|e| entry_address(e, feed, None, &shared))
            .collect();
        for a in &addresses[..2] {
            let a = a.as_deref().expect("an address of its own");
            assert!(a.starts_with("https://wire.example/live/election"), "{a}");
            assert!(a.contains(ENTRY_FRAGMENT), "{a}");
        }
        assert_ne!(addresses[0], addresses[1]);
        assert_eq!(addresses[2], None);
        assert_eq!(addresses[3], None);
        assert_eq!(addresses[6], None);
    }

    /// A feed that gives every item the same guid (here the live page's address) names none of
    /// them by it: updates under different headlines get addresses of their own, and an update
    /// listed twice keeps one. A guid given once still names its entry whatever the headline.
    #[test]
    fn an_id_shared_by_entries_with_different_headlines_names_none_of_them() {
        let feed = "https://wire.example/feed.xml";
        let live = "https://wire.example/live/election";
        let update = |title: &str| FeedEntry {
            url: live.into(),
            id: live.into(),
            title: title.into(),
            text: String::new(),
            ..entry(None)
        };
        let entries = [
            update("Polls close in the north"),
            update("First results are in"),
            update("First results are in"),
        ];
        let shared = shared(&entries);
        assert_eq!(shared.ids.iter().collect::<Vec<_>>(), [live]);
        let addresses: Vec<String> = entries
            .iter()
            .map(|e| entry_address(e, feed, None, &shared).expect("an address of its own"))
            .collect();
        assert_ne!(addresses[0], addresses[1]);
        assert_eq!(addresses[1], addresses[2]);
        let once = FeedEntry {
            url: String::new(),
            id: "tag:wire,2026:7".into(),
            ..update("Rates rise")
        };
        let retitled = FeedEntry {
            title: "Rates rise again".into(),
            ..once.clone()
        };
        let none = SharedKeys::default();
        assert_eq!(
            entry_address(&once, feed, None, &none),
            entry_address(&retitled, feed, None, &none)
        );
    }

    /// A page may name its canonical address on its own site, but not the site's front page:
    /// sites that name it on every article would otherwise have every article taken for the first.
    #[test]
    fn a_page_naming_the_front_page_as_canonical_keeps_its_own_address() {
        let page = "https://www.wire.example/2026/rates?utm_source=rss".to_string();
        let mut ex = storyline_extract::Extracted {
            canonical_url: Some("https://wire.example/2026/rates-rise".into()),
            text: "The central bank raised rates on Tuesday.".into(),
            ..Default::default()
        };
        let (a, _) = build_article(1, "Wire", &entry(None), Some((&page, &ex)));
        assert_eq!(a.canonical_url, "https://wire.example/2026/rates-rise");
        for root in ["https://wire.example/", "https://www.wire.example", "/"] {
            ex.canonical_url = Some(root.into());
            let (a, aliases) = build_article(1, "Wire", &entry(None), Some((&page, &ex)));
            assert_eq!(a.canonical_url, "https://wire.example/2026/rates", "{root}");
            assert!(!aliases.iter().any(|u| is_site_root(u)), "{aliases:?}");
        }
        // The front page itself may say so.
        let home = "https://wire.example/".to_string();
        ex.canonical_url = Some("https://www.wire.example/".into());
        let (a, _) = build_article(1, "Wire", &entry(None), Some((&home, &ex)));
        assert_eq!(a.canonical_url, "https://wire.example");
    }

    /// A date ahead of the fetch is taken as the fetch time: a feed cannot pin its item to the
    /// top of the front page by dating it 2099. A date a few minutes ahead (clock skew) is kept.
    #[test]
    fn an_article_is_never_newer_than_its_fetch() {
        let now = Utc::now();
        let far = now + chrono::Duration::days(365 * 70);
        let (a, _) = build_article(1, "Wire", &entry(Some(far)), None);
        let p = a.published.expect("dated");
        assert!(p <= Utc::now() && p >= now, "{p}");
        let near = now + chrono::Duration::minutes(5);
        let (a, _) = build_article(1, "Wire", &entry(Some(near)), None);
        assert_eq!(a.published, Some(near));
        let past = now - chrono::Duration::days(3);
        let (a, _) = build_article(1, "Wire", &entry(Some(past)), None);
        assert_eq!(a.published, Some(past));
        let (a, _) = build_article(1, "Wire", &entry(None), None);
        assert_eq!(a.published, None);
    }

    #[test]
    fn an_aggregators_entry_is_its_outlets_article() {
        let e = FeedEntry {
            outlet: Some("Reuters".into()),
            ..entry(None)
        };
        let (a, _) = build_article(1, "\"rates\" - Google News", &e, None);
        assert_eq!(a.source_name, "Reuters");
        let (a, _) = build_article(1, "Wire", &entry(None), None);
        assert_eq!(a.source_name, "Wire");
    }

    #[test]
    fn every_article_has_a_title_of_a_headlines_length() {
        let with = |title: &str, text: &str| {
            let e = FeedEntry {
                title: title.into(),
                text: text.into(),
                ..entry(None)
            };
            build_article(1, "Wire", &e, None).0.title
        };
        // A microblog's post, or an item with only a description: its opening, as readers list it.
        assert_eq!(
            with("", "Ferry services resume on Monday. More to follow."),
            "Ferry services resume on Monday."
        );
        assert_eq!(
            with(
                " \n ",
                "The Halden harbour authority said on Monday it will close the north quay for three \
                 weeks while divers inspect the pilings after last week's storm damage."
            ),
            "The Halden harbour authority said on Monday it will close the north quay for three \
             weeks while…"
        );
        // A whole post in the title is cut at a word.
        let long = "the council voted on the dredging plan again ".repeat(40);
        let t = with(&long, "The council voted.");
        assert!(
            t.chars().count() <= TITLE_MAX && t.ends_with(" voted…"),
            "{t}"
        );
        // A headline with its standfirst, as a few sites title their pages, is kept whole.
        let dek =
            "FCC Chair to Europe: If You Restrict US Satellite Providers, We'll Ban You Here: \
                   New barriers are emerging that constrain US businesses operating abroad";
        assert_eq!(with(dek, "x"), dek);
        assert_eq!(with("  Mayor\n   resigns  ", ""), "Mayor resigns");
    }

    #[test]
    fn stored_digests_are_keyed_by_the_builtin_engines_edition() {
        let key = engine_key("openai:qwen");
        assert_eq!(
            key,
            format!("openai:qwen@{}", storyline_digest::ENGINE_VERSION)
        );
        assert_ne!(input_hash(&[], &key), input_hash(&[], "openai:qwen"));
    }
}
