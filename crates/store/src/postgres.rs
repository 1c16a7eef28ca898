//! The PostgreSQL store, for deployments that outgrow one machine.
//!
//! It behaves as [`SqliteStore`](crate::SqliteStore) does (same dedup, same orderings, same search
//! results shape); the contract tests run the same assertions against both.
//!
//! # Threads and runtimes
//! [`Store`] is synchronous, and it is called from inside tokio (the web's async handlers, the
//! pipeline). A synchronous PostgreSQL client that `block_on`s its own runtime panics there, and so
//! would a `block_on` of ours on the caller's thread. So the store owns its connections on threads
//! of its own: each thread holds one `tokio-postgres` connection and a private current-thread
//! runtime that drives it, and takes jobs from a channel. A call sends a job and waits on a
//! plain channel for the answer, which is safe from any thread, inside a runtime or not (it blocks
//! the calling thread for the duration of the query, as a SQLite call does).
//!
//! # Concurrency
//! Like the SQLite store: one connection writes, [`READERS`] more read. All writes go through the
//! one writer thread, so they are serialized in this process exactly as SQLite serializes them,
//! and the check-then-insert of article dedup cannot race itself; article inserts and clustering
//! writes also take a transaction-scoped advisory lock, so two Storyline processes sharing a
//! database serialize those too. Reads (page views) go to a small pool, so they never wait behind
//! an ingest. Four connections per process is modest for any server's `max_connections`.
//!
//! Every multi-row write runs in one transaction: a crash mid-write leaves the database as it was
//! before it or after it; a batch (a clustering result, an article's URLs, a digest's citations)
//! is one statement over arrays, not one round trip per row. Reads use statements prepared once
//! per connection.
//!
//! A connection the server dropped (a restart, an administrator) is replaced: before each call
//! the thread lets its connection notice a goodbye that arrived while idle, and a read that still
//! finds it gone is retried once on a new connection. A write is not retried (a commit lost in
//! flight cannot be told from one that never ran); its caller gets the error, and the pipeline's
//! next run redoes the work, which dedup makes safe.
//!
//! # TLS
//! `sslmode` in the URL, as libpq spells it, with rustls (`pg_tls.rs`; the ring provider the mail
//! and HTTP clients already build). Where Storyline is stricter than libpq it says so:
//!
//! | `sslmode` | TLS | the server's certificate is checked against |
//! |---|---|---|
//! | `disable` | never | — |
//! | `allow` | only if the server refuses a plain connection (e.g. a `hostssl` rule) | nothing |
//! | `prefer` (default) | if the server offers it and the handshake works, else plain | nothing |
//! | `require` | always | public roots + `sslrootcert`; chain **and host name** |
//! | `verify-ca` | always | `sslrootcert` only; chain, not the host name |
//! | `verify-full` | always | public roots + `sslrootcert`; chain and host name |
//!
//! - `prefer` and `allow` are libpq's: they encrypt against someone who only listens, not against
//!   someone in the middle. Over an untrusted network use `verify-full` (or `require`).
//! - `require` is stricter than libpq's, which encrypts without checking anything: Storyline
//!   checks the certificate as `verify-full` does, so `require` is safe by default. A server with
//!   a private CA needs `sslrootcert=/path/ca.pem` (PEM; libpq's parameter), which is trusted in
//!   addition to the public roots (the Mozilla set, from webpki-roots: managed PostgreSQL services
//!   whose certificates chain to a public CA need nothing more).
//! - `verify-ca` does not check the host name, so it needs `sslrootcert` and trusts only that
//!   file: the public roots without a name check would accept any site's certificate.
//!   `sslrootcert=system` (libpq 16) means the public roots only, with `require`/`verify-full`.
//! - `sslrootcert` is read when the URL is checked (config validation, [`PostgresStore::open`]),
//!   and is refused with `disable`/`allow`/`prefer`, which would ignore it.
//! - Client certificates (`sslcert`, `sslkey`) are not supported; authenticate with a password.
//! - On unix sockets `sslmode` is ignored, as in libpq.
//! - SCRAM authentication over TLS is bound to the session (`SCRAM-SHA-256-PLUS`,
//!   `tls-server-end-point`), so even under `prefer` a man in the middle cannot relay a login;
//!   `channel_binding=require` in the URL insists on it.
//! - Errors say what failed (the CA file cannot be read, the certificate is not trusted or not
//!   for this host name, the server does not support TLS) and show the URL with its password
//!   redacted.
//!
//! # Differences from SQLite
//! PostgreSQL text cannot hold NUL characters; they are dropped from stored text. Full-text search
//! uses the `storyline` configuration: `simple` with accents folded by the `unaccent` extension,
//! which behaves as FTS5's `unicode61` tokenizer does. Where `unaccent` cannot be created (not
//! installed, or the role may not create it), migration 2 warns and search does not fold accents.
//! Times are stored to the second, as in SQLite.

use crate::pg_migrations::PG_MIGRATIONS;
use crate::pg_tls::{PgTls, PgTlsStream, Trust, Verify};
use crate::{
    citation_rows, ArticleQuery, FetchOutcome, Hit, Inserted, LlmCall, Placement, Result,
    SearchOrder, SearchQuery, SearchResults, SharedKeys, Stats, Store, StoreError, StoredDigest,
    StoryQuery, SEARCH_WINDOW, SHARED_KEYS_PER_SOURCE, SHARED_KEY_DAYS,
};
use chrono::{DateTime, SubsecRound, Utc};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::panic::AssertUnwindSafe;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;
use storyline_core::{Article, Digest, FetchProblems, NewArticle, Source, Story};
use tokio::runtime::Runtime;
use tokio_postgres::config::SslMode;
use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, Config, Row, Statement};

/// Reading connections besides the writer.
pub const READERS: usize = 3;

/// The advisory lock key taken by article inserts, clustering writes and migrations.
const WRITE_LOCK: i64 = 0x5374_6f72_796c; // "Storyl"

/// The options of `ts_headline` for snippets: our private markers around matches, later
/// HTML-escaped and turned into `<mark>` (as the SQLite store does with FTS5's snippets).
const HEADLINE_OPTS: &str =
    "MaxWords=24, MinWords=8, ShortWord=0, MaxFragments=1, StartSel=\"\u{1}\", StopSel=\"\u{2}\"";

type Job = Box<dyn FnOnce(&mut Conn) + Send>;

/// PostgreSQL-backed [`Store`].
pub struct PostgresStore {
    writer: Option<mpsc::Sender<Job>>,
    readers: Option<mpsc::Sender<Job>>,
    threads: Vec<JoinHandle<()>>,
}

/// The statements of an article insert, prepared once per writer connection: the insert is the
/// hot write (one per new article), and a prepared statement saves a round trip and a plan each.
const INSERT_ARTICLE_SQL: [&str; 7] = [
    "SELECT pg_advisory_xact_lock($1)",
    "SELECT l.id FROM unnest($1::text[]) WITH ORDINALITY AS u(url, n)
     CROSS JOIN LATERAL (
         SELECT id FROM articles WHERE canonical_url = u.url
         UNION ALL SELECT article_id FROM article_urls WHERE url = u.url
         LIMIT 1) l
     ORDER BY u.n LIMIT 1",
    // `source_id = $1` and `IS NULL` apart: `IS NOT DISTINCT FROM` cannot use the
    // (source_id, content_hash) index, and a scan per insert is quadratic.
    "SELECT id FROM articles WHERE source_id = $1 AND source_name = $2 AND content_hash = $3
        AND title = $4 LIMIT 1",
    "SELECT id FROM articles WHERE source_id IS NULL AND source_name = $1 AND content_hash = $2
        AND title = $3 LIMIT 1",
    "INSERT INTO articles (source_id, source_name, url, canonical_url, title, byline, published,
        fetched_at, language, site_name, image, text, content_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     RETURNING id",
    "INSERT INTO article_search (article_id, search)
     SELECT id, to_tsvector('storyline'::regconfig,
         storyline_search_text(left(title, 2000)) || ' ' || storyline_search_text(left(text, 100000)))
     FROM articles WHERE id = $1",
    "INSERT INTO article_urls (url, article_id) SELECT u, $2 FROM unnest($1::text[]) AS u
     ON CONFLICT (url) DO NOTHING",
];

/// The statements of a digest write, prepared once per writer connection like the article
/// insert's (a round after a bulk ingest writes thousands of digests).
const PUT_DIGEST_SQL: [&str; 5] = [
    "INSERT INTO digests (story_id, input_hash, engine, json, created_at)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (story_id) DO UPDATE SET input_hash = excluded.input_hash,
        engine = excluded.engine, json = excluded.json, created_at = excluded.created_at",
    "DELETE FROM citations WHERE story_id = $1",
    "INSERT INTO citations (story_id, field, item, article_id, sentence)
     SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::bigint[], $5::bigint[])",
    "UPDATE stories SET headline = $2, category = COALESCE($3, category) WHERE id = $1",
    "INSERT INTO story_search (story_id, headline, summary) VALUES ($1, $2, $3)
     ON CONFLICT (story_id) DO UPDATE SET headline = excluded.headline,
        summary = excluded.summary",
];

fn pg(op: &'static str) -> impl FnOnce(tokio_postgres::Error) -> StoreError {
    move |error| StoreError::Pg { op, error }
}

/// A time as stored: to the second, like the SQLite store's RFC 3339 text.
fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(0)
}

/// PostgreSQL text cannot hold NUL.
fn clean(s: &str) -> String {
    if s.contains('\0') {
        s.replace('\0', "")
    } else {
        s.to_owned()
    }
}

fn clean_opt(s: Option<&str>) -> Option<String> {
    s.map(clean)
}

fn limit(n: usize) -> Option<i64> {
    (n > 0).then(|| i64::try_from(n).unwrap_or(i64::MAX))
}

fn offset(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Whether `database` names a PostgreSQL server (`postgres://` or `postgresql://`) rather than a
/// SQLite file.
pub fn is_postgres_url(database: &str) -> bool {
    let l = database.trim_start().to_ascii_lowercase();
    l.starts_with("postgres://") || l.starts_with("postgresql://")
}

/// Where the authority (`user:password@host:port`) of a URL's remainder after `scheme://` ends:
/// at the first `/` after the last `@` (a password may hold an unencoded `/`).
fn authority_end(rest: &str) -> usize {
    let from = rest.rfind('@').unwrap_or(0);
    rest[from..].find('/').map_or(rest.len(), |j| from + j)
}

/// The URL with its password (in the user info or a `password=` parameter) replaced by `***`,
/// for messages and logs.
pub fn redact_url(url: &str) -> String {
    let (head, query) = match url.split_once('?') {
        Some((h, q)) => (h, Some(q)),
        None => (url, None),
    };
    let mut out = match head.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, path) = rest.split_at(authority_end(rest));
            let authority = match authority.rsplit_once('@') {
                Some((userinfo, host)) => match userinfo.split_once(':') {
                    Some((user, _)) => format!("{user}:***@{host}"),
                    None => format!("{userinfo}@{host}"),
                },
                None => authority.to_owned(),
            };
            format!("{scheme}://{authority}{path}")
        }
        None => head.to_owned(),
    };
    if let Some(q) = query {
        let params: Vec<String> = q
            .split('&')
            .map(|p| match p.split_once('=') {
                Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                _ => p.to_owned(),
            })
            .collect();
        out.push('?');
        out.push_str(&params.join("&"));
    }
    out
}

/// The URL with its database name replaced by `name` (the rest kept as given).
pub fn with_dbname(url: &str, name: &str) -> String {
    let (head, query) = match url.split_once('?') {
        Some((h, q)) => (h, Some(q)),
        None => (url, None),
    };
    let (scheme, rest) = head.split_once("://").unwrap_or(("postgres", head));
    let authority = &rest[..authority_end(rest)];
    let mut out = format!("{scheme}://{authority}/{name}");
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// A checked `postgres://` URL: the client settings, and the TLS its `sslmode` asks for.
#[derive(Clone)]
pub struct PgConnectConfig {
    config: Config,
    tls: PgTls,
    /// `sslmode=allow`: plain first, TLS only if the server refuses a plain connection.
    allow: bool,
}

/// What [`PgConnectConfig::connect`] returns: a client and the connection task to spawn.
pub type PgConnection = (
    Client,
    tokio_postgres::Connection<tokio_postgres::Socket, PgTlsStream<tokio_postgres::Socket>>,
);

impl PgConnectConfig {
    /// The tokio-postgres settings (with the password, if any: do not print them).
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Connects with the TLS the URL asked for.
    pub async fn connect(&self) -> std::result::Result<PgConnection, tokio_postgres::Error> {
        let mut plain = self.config.clone();
        plain.ssl_mode(SslMode::Disable);
        if self.allow {
            match plain.connect(self.tls.clone()).await {
                // The server answered and refused (e.g. a `hostssl`-only pg_hba.conf rule).
                Err(e) if e.as_db_error().is_some() => {}
                other => return other,
            }
        }
        match self.config.connect(self.tls.clone()).await {
            // prefer, as libpq: a TLS handshake that fails is retried in plain text (prefer
            // checks no certificate, so this only happens when TLS itself does not work).
            Err(e) if self.config.get_ssl_mode() == SslMode::Prefer && is_tls_failure(&e) => {
                plain.connect(self.tls.clone()).await
            }
            other => other,
        }
    }
}

/// Whether the error is a failed TLS handshake (ours), not a refusal by the server.
fn is_tls_failure(e: &tokio_postgres::Error) -> bool {
    std::error::Error::source(e).is_some_and(|s| s.is::<crate::PgTlsError>())
}

/// `%XX` escapes of a URL parameter's value decoded (as tokio-postgres decodes the others).
fn percent_decode(v: &str) -> std::result::Result<String, String> {
    let b = v.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = b
                .get(i + 1..i + 3)
                .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| format!("bad %-escape in {v}"))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| format!("{v} is not UTF-8"))
}

/// Parses and checks a `postgres://` URL without connecting: its `sslmode` and `sslrootcert`
/// (read now, so a missing CA file is reported at start-up), and the password from `PGPASSWORD`
/// when the URL has none.
pub fn connection_config(url: &str) -> Result<PgConnectConfig> {
    let bad = |reason: String| StoreError::PgUrl {
        url: redact_url(url),
        reason,
    };
    let tls_error = |reason: String| StoreError::PgTls {
        url: redact_url(url),
        reason,
    };
    if !is_postgres_url(url) {
        return Err(bad("not a postgres:// or postgresql:// URL".into()));
    }
    // Our parameters come out of the URL before tokio-postgres parses the rest (it knows neither
    // `sslrootcert` nor the verify modes).
    let (head, query) = match url.split_once('?') {
        Some((h, q)) => (h, Some(q)),
        None => (url, None),
    };
    let mut sslmode = "prefer".to_owned();
    let mut rootcert: Option<String> = None;
    let mut kept = Vec::new();
    for p in query.into_iter().flat_map(|q| q.split('&')) {
        let (k, v) = p.split_once('=').unwrap_or((p, ""));
        match k {
            "sslmode" => sslmode = percent_decode(v).map_err(&bad)?,
            "sslrootcert" => rootcert = Some(percent_decode(v).map_err(&bad)?),
            "sslcert" | "sslkey" | "sslpassword" => {
                return Err(bad(format!(
                    "{k}: TLS client certificates are not supported; authenticate with a password \
                     (PGPASSWORD) over sslmode=verify-full"
                )))
            }
            _ => kept.push(p),
        }
    }
    let url_for_parse = if kept.is_empty() {
        head.to_owned()
    } else {
        format!("{head}?{}", kept.join("&"))
    };
    let mut cfg: Config = url_for_parse
        .parse()
        .map_err(|e: tokio_postgres::Error| bad(crate::pg_detail(&e)))?;
    let (mode, verify) = match sslmode.as_str() {
        "disable" => (SslMode::Disable, Verify::Nothing),
        "allow" | "prefer" => (SslMode::Prefer, Verify::Nothing),
        "require" | "verify-full" => (SslMode::Require, Verify::Full),
        "verify-ca" => (SslMode::Require, Verify::Chain),
        other => {
            return Err(bad(format!(
                "sslmode={other} is not one of disable, allow, prefer, require, verify-ca, \
                 verify-full"
            )))
        }
    };
    let system = rootcert.as_deref() == Some("system");
    if rootcert.is_some() && verify == Verify::Nothing {
        return Err(tls_error(format!(
            "sslrootcert is given but sslmode={sslmode} does not check the server's certificate; \
             use sslmode=verify-full"
        )));
    }
    if verify == Verify::Chain && (rootcert.is_none() || system) {
        return Err(tls_error(
            "sslmode=verify-ca needs sslrootcert=/path/ca.pem, the CA that signed the server's \
             certificate: it does not check the host name, so the public roots would accept \
             any site's certificate; use sslmode=verify-full to check against the public roots"
                .into(),
        ));
    }
    let ca_file = match rootcert {
        Some(path) if !system => {
            let pem = std::fs::read(&path).map_err(|e| {
                tls_error(format!("cannot read the CA file sslrootcert={path}: {e}"))
            })?;
            Some((path, pem))
        }
        _ => None,
    };
    let trust = Trust {
        public_roots: verify == Verify::Full,
        ca_file,
    };
    let tls = PgTls::new(verify, trust).map_err(tls_error)?;
    // libpq ignores sslmode on unix sockets (the server offers no TLS there).
    let unix_only = !cfg.get_hosts().is_empty()
        && cfg
            .get_hosts()
            .iter()
            .all(|h| !matches!(h, tokio_postgres::config::Host::Tcp(_)));
    cfg.ssl_mode(if unix_only { SslMode::Disable } else { mode });
    if cfg.get_password().is_none() {
        if let Ok(p) = std::env::var("PGPASSWORD") {
            if !p.is_empty() {
                cfg.password(p);
            }
        }
    }
    cfg.application_name("storyline");
    cfg.connect_timeout(Duration::from_secs(10));
    Ok(PgConnectConfig {
        config: cfg,
        tls,
        allow: sslmode == "allow",
    })
}

/// One connection and the private runtime that drives it; lives on its own thread.
struct Conn {
    rt: Runtime,
    config: PgConnectConfig,
    target: String,
    client: Option<Client>,
    /// Prepared statements of the reads and of the article insert, by SQL text (a fixed, small
    /// set): one round trip per statement instead of two. They belong to `client` and go with it.
    statements: HashMap<String, Statement>,
}

impl Conn {
    fn open(config: PgConnectConfig, target: String) -> Result<Conn> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| StoreError::PgThread(e.to_string()))?;
        let mut conn = Conn {
            rt,
            config,
            target,
            client: None,
            statements: HashMap::new(),
        };
        let client = conn.connect()?;
        conn.client = Some(client);
        Ok(conn)
    }

    fn connect(&self) -> Result<Client> {
        let (client, connection) =
            self.rt
                .block_on(self.config.connect())
                .map_err(|error| StoreError::PgConnect {
                    target: self.target.clone(),
                    error,
                })?;
        // Driven whenever this thread's runtime runs a query.
        self.rt.spawn(async move {
            let _ = connection.await;
        });
        // The durability of SQLite's WAL with `synchronous = NORMAL`: a commit does not wait for
        // its WAL flush, so a server crash may undo the last fraction of a second of commits but
        // never leaves the database inconsistent (and an article lost that way is fetched again
        // at the next poll). Without it every article insert waits for a disk flush.
        self.rt
            .block_on(client.batch_execute("SET synchronous_commit = off"))
            .map_err(pg("setting synchronous_commit"))?;
        Ok(client)
    }

    /// The runtime and a live client (reconnecting if the connection was lost).
    fn parts(&mut self) -> Result<(&Runtime, &mut Client)> {
        self.ensure_live()?;
        self.current("connecting")
    }

    /// The runtime and the client as they are, without the liveness check of [`Conn::parts`]:
    /// for running statements just returned by [`Conn::prepared`], which belong to this client
    /// (a reconnect in between would leave them naming statements the new one does not have).
    fn current(&mut self, op: &'static str) -> Result<(&Runtime, &mut Client)> {
        match self.client.as_mut() {
            Some(client) => Ok((&self.rt, client)),
            None => Err(StoreError::PgWorker { op }),
        }
    }

    /// Makes `client` a live connection, reconnecting (and forgetting the statements prepared on
    /// the old one) if it was lost.
    fn ensure_live(&mut self) -> Result<()> {
        if self.client.is_some() {
            // Let the connection task read what arrived while idle (a server's goodbye, EOF), so
            // a connection the server dropped shows as closed now rather than failing the query.
            self.rt.block_on(async {
                tokio::task::yield_now().await;
                tokio::task::yield_now().await;
            });
        }
        let client = match self.client.take() {
            Some(c) if !c.is_closed() => c,
            _ => {
                self.statements.clear();
                self.connect()?
            }
        };
        self.client = Some(client);
        Ok(())
    }

    /// Drops the connection (and its statements); the next use connects afresh.
    fn reset(&mut self) {
        self.client = None;
        self.statements.clear();
    }

    /// `sqls` as statements prepared once per connection (kept with the read statements).
    fn prepared(&mut self, op: &'static str, sqls: &[&str]) -> Result<Vec<Statement>> {
        // A live client first, once: a reconnect empties the cache.
        self.ensure_live()?;
        let missing: Vec<String> = sqls
            .iter()
            .filter(|s| !self.statements.contains_key(**s))
            .map(|s| (*s).to_owned())
            .collect();
        if !missing.is_empty() {
            let (rt, client) = self.current(op)?;
            let fresh = rt
                .block_on(async {
                    let mut out = Vec::with_capacity(missing.len());
                    for sql in missing {
                        let st = client.prepare(&sql).await?;
                        out.push((sql, st));
                    }
                    Ok::<_, tokio_postgres::Error>(out)
                })
                .map_err(pg(op))?;
            self.statements.extend(fresh);
        }
        sqls.iter()
            .map(|s| {
                self.statements
                    .get(*s)
                    .cloned()
                    .ok_or(StoreError::PgWorker { op })
            })
            .collect()
    }

    /// Runs a read through a statement prepared once per connection.
    fn query_cached(
        &mut self,
        op: &'static str,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>> {
        // The cache is read after the liveness check: a reconnect empties it, and a statement
        // prepared on the old connection does not exist on the new one.
        self.ensure_live()?;
        let cached = self.statements.get(sql).cloned();
        let (rt, client) = self.current(op)?;
        let (statement, fresh) = rt
            .block_on(async {
                match cached {
                    Some(st) => Ok((st, false)),
                    None => client.prepare(sql).await.map(|st| (st, true)),
                }
            })
            .map_err(pg(op))?;
        match rt.block_on(client.query(&statement, params)) {
            Ok(rows) => {
                if fresh {
                    self.statements.insert(sql.to_owned(), statement);
                }
                Ok(rows)
            }
            Err(e) => {
                // Prepared afresh next time (e.g. another process changed the schema).
                self.statements.remove(sql);
                Err(pg(op)(e))
            }
        }
    }
}

/// Whether an error means the server connection is gone (closed, broken, or the server shutting
/// the session down), rather than a problem with the statement.
fn connection_lost(e: &StoreError) -> bool {
    let StoreError::Pg { error, .. } = e else {
        return false;
    };
    error.is_closed()
        || error.code().is_some_and(|c| c.code().starts_with("57P"))
        || std::error::Error::source(error).is_some_and(|s| s.is::<std::io::Error>())
}

/// Starts a connection thread taking jobs from `rx`; returns once it has connected (or failed to).
fn spawn_worker(
    name: String,
    config: PgConnectConfig,
    target: String,
    rx: Arc<Mutex<mpsc::Receiver<Job>>>,
    first: Option<Job>,
) -> Result<JoinHandle<()>> {
    let (ready_tx, ready_rx) = mpsc::sync_channel::<Result<()>>(1);
    let handle = std::thread::Builder::new()
        .name(name)
        .spawn(move || {
            let mut conn = match Conn::open(config, target) {
                Ok(c) => c,
                Err(e) => {
                    let _ = ready_tx.send(Err(e));
                    return;
                }
            };
            let _ = ready_tx.send(Ok(()));
            if let Some(job) = first {
                run_job(&mut conn, job);
            }
            loop {
                let job = match rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                match job {
                    Ok(job) => run_job(&mut conn, job),
                    Err(_) => return, // the store was dropped
                }
            }
        })
        .map_err(|e| StoreError::PgThread(e.to_string()))?;
    match ready_rx.recv() {
        Ok(Ok(())) => Ok(handle),
        Ok(Err(e)) => {
            let _ = handle.join();
            Err(e)
        }
        Err(_) => {
            let _ = handle.join();
            Err(StoreError::PgWorker { op: "connecting" })
        }
    }
}

fn run_job(conn: &mut Conn, job: Job) {
    if std::panic::catch_unwind(AssertUnwindSafe(|| job(conn))).is_err() {
        // The connection may be mid-transaction: start afresh on the next job.
        conn.reset();
    }
}

/// Runs migrations in order, each in its own transaction with its version row.
fn migrate(rt: &Runtime, c: &mut Client) -> Result<()> {
    rt.block_on(async {
        let tx = c
            .transaction()
            .await
            .map_err(pg("creating the migrations table"))?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])
            .await
            .map_err(pg("locking for migrations"))?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (
                version BIGINT PRIMARY KEY,
                applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
            )",
        )
        .await
        .map_err(pg("creating the migrations table"))?;
        tx.commit()
            .await
            .map_err(pg("creating the migrations table"))?;
        for (i, sql) in PG_MIGRATIONS.iter().enumerate() {
            let version = i + 1;
            let v = version as i64;
            let err = |error| StoreError::PgMigration { version, error };
            let tx = c.transaction().await.map_err(err)?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])
                .await
                .map_err(err)?;
            let done: bool = tx
                .query_one(
                    "SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1)",
                    &[&v],
                )
                .await
                .and_then(|r| r.try_get(0))
                .map_err(err)?;
            if !done {
                tx.batch_execute(sql).await.map_err(err)?;
                tx.execute("INSERT INTO schema_migrations (version) VALUES ($1)", &[&v])
                    .await
                    .map_err(err)?;
            }
            tx.commit().await.map_err(err)?;
        }
        Ok(())
    })
}

/// Runs one statement on a throw-away connection of its own thread (for database set-up).
fn admin(server_url: &str, sql: String, op: &'static str) -> Result<()> {
    let config = connection_config(server_url)?;
    let target = redact_url(server_url);
    let worker = std::thread::Builder::new()
        .name("storyline-pg-admin".into())
        .spawn(move || -> Result<()> {
            let mut conn = Conn::open(config, target)?;
            let (rt, client) = conn.parts()?;
            rt.block_on(client.batch_execute(&sql)).map_err(pg(op))
        })
        .map_err(|e| StoreError::PgThread(e.to_string()))?;
    worker.join().map_err(|_| StoreError::PgWorker { op })?
}

fn check_db_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 63
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(StoreError::PgUrl {
            url: name.to_owned(),
            reason: "a database name here is lower-case letters, digits and '_'".into(),
        })
    }
}

impl PostgresStore {
    /// Connects to the server at `url` (`postgres://user[:password]@host[:port]/db`), brings the
    /// schema up to date and returns the store.
    pub fn open(url: &str) -> Result<Self> {
        let config = connection_config(url)?;
        let target = redact_url(url);
        let (wtx, wrx) = mpsc::channel::<Job>();
        let (rtx, rrx) = mpsc::channel::<Job>();
        let mut store = PostgresStore {
            writer: Some(wtx),
            readers: Some(rtx),
            threads: Vec::new(),
        };
        // The writer migrates first, before any reader can look at the schema.
        let (mtx, mrx) = mpsc::sync_channel::<Result<()>>(1);
        let migrate_job: Job = Box::new(move |conn: &mut Conn| {
            let r = conn.parts().and_then(|(rt, c)| migrate(rt, c));
            let _ = mtx.send(r);
        });
        store.threads.push(spawn_worker(
            "storyline-pg-writer".into(),
            config.clone(),
            target.clone(),
            Arc::new(Mutex::new(wrx)),
            Some(migrate_job),
        )?);
        mrx.recv()
            .map_err(|_| StoreError::PgWorker { op: "migrating" })??;
        let rrx = Arc::new(Mutex::new(rrx));
        for i in 0..READERS {
            store.threads.push(spawn_worker(
                format!("storyline-pg-reader-{i}"),
                config.clone(),
                target.clone(),
                rrx.clone(),
                None,
            )?);
        }
        Ok(store)
    }

    /// Creates the database `name` (lower-case letters, digits, `_`) on the server at
    /// `server_url` and returns the URL of it. For tests and set-up tools.
    pub fn create_database(server_url: &str, name: &str) -> Result<String> {
        check_db_name(name)?;
        admin(
            server_url,
            format!("CREATE DATABASE \"{name}\""),
            "creating a database",
        )?;
        Ok(with_dbname(server_url, name))
    }

    /// Drops the database `name` on the server at `server_url`, closing its connections.
    pub fn drop_database(server_url: &str, name: &str) -> Result<()> {
        check_db_name(name)?;
        admin(
            server_url,
            format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
            "dropping a database",
        )
    }

    fn call<T: Send + 'static>(
        lane: Option<&mpsc::Sender<Job>>,
        op: &'static str,
        f: impl FnOnce(&Runtime, &mut Client) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        Self::call_conn(lane, op, move |conn| {
            let (rt, c) = conn.parts()?;
            f(rt, c)
        })
    }

    /// Sends `f` to a connection thread of `lane` and waits for its answer.
    fn call_conn<T: Send + 'static>(
        lane: Option<&mpsc::Sender<Job>>,
        op: &'static str,
        f: impl FnOnce(&mut Conn) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let sender = lane.ok_or(StoreError::PgWorker { op })?;
        let (tx, rx) = mpsc::sync_channel(1);
        let job: Job = Box::new(move |conn: &mut Conn| {
            let _ = tx.send(f(conn));
        });
        sender.send(job).map_err(|_| StoreError::PgWorker { op })?;
        rx.recv().map_err(|_| StoreError::PgWorker { op })?
    }

    fn write<T: Send + 'static>(
        &self,
        op: &'static str,
        f: impl FnOnce(&Runtime, &mut Client) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        Self::call(self.writer.as_ref(), op, f)
    }

    /// A read, retried once on a fresh connection when the server dropped the old one (reads
    /// are idempotent; writes are not retried: the caller sees the error, and nothing was
    /// committed unless the commit itself was lost in flight).
    fn read<T: Send + 'static>(
        &self,
        op: &'static str,
        f: impl Fn(&Runtime, &mut Client) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        Self::call_conn(self.readers.as_ref(), op, move |conn| {
            match conn.parts().and_then(|(rt, c)| f(rt, c)) {
                Err(e) if connection_lost(&e) => {
                    conn.reset();
                    let (rt, c) = conn.parts()?;
                    f(rt, c)
                }
                r => r,
            }
        })
    }

    /// Rows of one read-only query, each converted by `conv`.
    fn read_rows<T: Send + 'static>(
        &self,
        op: &'static str,
        sql: String,
        params: Vec<Box<dyn ToSql + Send + Sync>>,
        conv: fn(&Row) -> std::result::Result<T, tokio_postgres::Error>,
    ) -> Result<Vec<T>> {
        Self::call_conn(self.readers.as_ref(), op, move |conn| {
            let refs: Vec<&(dyn ToSql + Sync)> = params
                .iter()
                .map(|p| p.as_ref() as &(dyn ToSql + Sync))
                .collect();
            let rows = match conn.query_cached(op, &sql, &refs) {
                Err(e) if connection_lost(&e) => {
                    conn.reset();
                    conn.query_cached(op, &sql, &refs)?
                }
                r => r?,
            };
            rows.iter()
                .map(conv)
                .collect::<std::result::Result<Vec<_>, _>>()
                .map_err(pg(op))
        })
    }
}

impl Drop for PostgresStore {
    fn drop(&mut self) {
        // Closing the channels ends the threads, which close their connections.
        self.writer.take();
        self.readers.take();
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

type PgResult<T> = std::result::Result<T, tokio_postgres::Error>;

const SOURCE_COLS: &str = "s.id, s.url, s.site_url, s.title, s.kind, s.etag, s.last_modified, \
    s.last_fetch_at, s.last_success_at, s.last_error, s.error_count, \
    (SELECT COUNT(*) FROM articles a WHERE a.source_id = s.id), \
    s.entries_unreadable, s.pages_failed, s.page_error";

fn source_row(r: &Row) -> PgResult<Source> {
    Ok(Source {
        id: r.try_get(0)?,
        url: r.try_get(1)?,
        site_url: r.try_get(2)?,
        title: r.try_get(3)?,
        kind: r.try_get(4)?,
        etag: r.try_get(5)?,
        last_modified: r.try_get(6)?,
        last_fetch_at: r.try_get(7)?,
        last_success_at: r.try_get(8)?,
        last_error: r.try_get(9)?,
        error_count: r.try_get(10)?,
        article_count: r.try_get(11)?,
        problems: FetchProblems {
            entries_unreadable: r.try_get(12)?,
            pages_failed: r.try_get(13)?,
            page_error: r.try_get(14)?,
        },
    })
}

const ARTICLE_COLS: &str = "id, source_id, source_name, url, canonical_url, title, byline, \
    published, fetched_at, language, site_name, image, text, content_hash, duplicate_of, story_id";

fn article_row(r: &Row) -> PgResult<Article> {
    Ok(Article {
        id: r.try_get(0)?,
        source_id: r.try_get(1)?,
        source_name: r.try_get(2)?,
        url: r.try_get(3)?,
        canonical_url: r.try_get(4)?,
        title: r.try_get(5)?,
        byline: r.try_get(6)?,
        published: r.try_get(7)?,
        fetched_at: r.try_get(8)?,
        language: r.try_get(9)?,
        site_name: r.try_get(10)?,
        image: r.try_get(11)?,
        text: r.try_get(12)?,
        content_hash: r.try_get(13)?,
        duplicate_of: r.try_get(14)?,
        story_id: r.try_get(15)?,
    })
}

const STORY_COLS: &str =
    "id, created_at, updated_at, article_count, source_count, category, headline, merged_into";

fn story_row(r: &Row) -> PgResult<Story> {
    Ok(Story {
        id: r.try_get(0)?,
        created_at: r.try_get(1)?,
        updated_at: r.try_get(2)?,
        article_count: r.try_get(3)?,
        source_count: r.try_get(4)?,
        category: r.try_get(5)?,
        headline: r.try_get(6)?,
        merged_into: r.try_get(7)?,
    })
}

fn prefixed(cols: &str, p: &str) -> String {
    cols.split(", ")
        .map(|c| format!("{p}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Turns a search box's query into a tsquery, as the SQLite store's FTS5 query
/// ([`crate::all_words_query`]). Words are letters and digits only, each quoted as a lexeme.
fn ts_query(q: &str) -> Option<String> {
    // A Chinese or Japanese run becomes a phrase of its letters (`<->`), as they are indexed.
    crate::all_words_query(
        q,
        |w| {
            storyline_core::text::cjk_spaced(w)
                .split_whitespace()
                .map(|t| format!("'{}'", t.replace('\'', "''").replace('\\', "\\\\")))
                .collect::<Vec<_>>()
                .join(" <-> ")
        },
        ":*",
        " | ",
        " & ",
        " & !",
    )
}

const LOOKUP_URL: &str = "SELECT id FROM articles WHERE canonical_url = $1
     UNION ALL SELECT article_id FROM article_urls WHERE url = $1 LIMIT 1";

impl Store for PostgresStore {
    fn add_source(&self, url: &str, title: &str, site_url: Option<&str>) -> Result<Source> {
        let (url, title, site_url) = (clean(url), clean(title), clean_opt(site_url));
        self.write("adding a source", move |rt, c| {
            rt.block_on(async {
                c.execute(
                    "INSERT INTO sources (url, title, site_url, created_at) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (url) DO NOTHING",
                    &[&url, &title, &site_url, &now()],
                )
                .await
                .map_err(pg("adding a source"))?;
                let row = c
                    .query_one(
                        &format!("SELECT {SOURCE_COLS} FROM sources s WHERE s.url = $1"),
                        &[&url],
                    )
                    .await
                    .map_err(pg("reading the added source"))?;
                source_row(&row).map_err(pg("reading the added source"))
            })
        })
    }

    fn remove_source(&self, id: i64) -> Result<bool> {
        self.write("removing a source", move |rt, c| {
            let n = rt
                .block_on(c.execute("DELETE FROM sources WHERE id = $1", &[&id]))
                .map_err(pg("removing a source"))?;
            Ok(n > 0)
        })
    }

    fn sources(&self) -> Result<Vec<Source>> {
        self.read_rows(
            "listing sources",
            format!("SELECT {SOURCE_COLS} FROM sources s ORDER BY s.title COLLATE \"C\", s.id"),
            Vec::new(),
            source_row,
        )
    }

    fn source(&self, id: i64) -> Result<Option<Source>> {
        Ok(self
            .read_rows(
                "reading a source",
                format!("SELECT {SOURCE_COLS} FROM sources s WHERE s.id = $1"),
                vec![Box::new(id)],
                source_row,
            )?
            .into_iter()
            .next())
    }

    fn source_by_url(&self, url: &str) -> Result<Option<Source>> {
        Ok(self
            .read_rows(
                "reading a source",
                format!("SELECT {SOURCE_COLS} FROM sources s WHERE s.url = $1"),
                vec![Box::new(clean(url))],
                source_row,
            )?
            .into_iter()
            .next())
    }

    fn record_fetch(&self, source_id: i64, outcome: &FetchOutcome) -> Result<()> {
        let outcome = match outcome {
            FetchOutcome::Success {
                title,
                site_url,
                kind,
                etag,
                last_modified,
                moved_to,
                problems,
            } => FetchOutcome::Success {
                problems: problems.as_ref().map(|p| FetchProblems {
                    page_error: clean_opt(crate::page_error(p)),
                    ..p.clone()
                }),
                title: clean_opt(title.as_deref()),
                site_url: clean_opt(site_url.as_deref()),
                kind: clean_opt(kind.as_deref()),
                etag: clean_opt(etag.as_deref()),
                last_modified: clean_opt(last_modified.as_deref()),
                moved_to: clean_opt(moved_to.as_deref()),
            },
            FetchOutcome::Error(msg) => FetchOutcome::Error(clean(msg)),
        };
        self.write("recording a fetch", move |rt, c| {
            let at = now();
            let r = match &outcome {
                FetchOutcome::Success {
                    title,
                    site_url,
                    kind,
                    etag,
                    last_modified,
                    moved_to,
                    problems,
                } => {
                    if let Some(p) = problems {
                        rt.block_on(c.execute(
                            "UPDATE sources SET entries_unreadable = $2, pages_failed = $3,
                                page_error = $4 WHERE id = $1",
                            &[
                                &source_id,
                                &p.entries_unreadable,
                                &p.pages_failed,
                                &p.page_error,
                            ],
                        ))
                        .map_err(pg("recording a fetch"))?;
                    }
                    rt.block_on(c.execute(
                    "UPDATE sources SET last_fetch_at = $2, last_success_at = $2, last_error = NULL,
                        error_count = 0,
                        title = CASE WHEN $3::text IS NOT NULL AND $3::text <> ''
                                      AND (title = '' OR title = url) THEN $3::text ELSE title END,
                        site_url = COALESCE($4::text, site_url), kind = COALESCE($5::text, kind),
                        etag = COALESCE($6::text, etag),
                        last_modified = COALESCE($7::text, last_modified),
                        url = CASE WHEN $8::text IS NOT NULL AND $8::text <> ''
                                    AND NOT EXISTS (SELECT 1 FROM sources o WHERE o.url = $8::text)
                               THEN $8::text ELSE url END
                     WHERE id = $1",
                    &[&source_id, &at, title, site_url, kind, etag, last_modified, moved_to],
                ))
                }
                FetchOutcome::Error(msg) => rt.block_on(c.execute(
                    "UPDATE sources SET last_fetch_at = $2, last_error = $3,
                        error_count = error_count + 1
                     WHERE id = $1",
                    &[&source_id, &at, msg],
                )),
            };
            r.map_err(pg("recording a fetch"))?;
            Ok(())
        })
    }

    fn shared_keys(&self, source_id: i64) -> Result<SharedKeys> {
        fn pair(r: &Row) -> PgResult<(String, String)> {
            Ok((r.try_get(0)?, r.try_get(1)?))
        }
        let since = now() - chrono::Duration::days(SHARED_KEY_DAYS);
        let rows = self.read_rows(
            "reading shared feed keys",
            "SELECT kind, key FROM source_shared_keys WHERE source_id = $1 AND seen_at >= $2"
                .to_owned(),
            vec![Box::new(source_id), Box::new(since)],
            pair,
        )?;
        let mut keys = SharedKeys::default();
        for (kind, key) in rows {
            match kind.as_str() {
                "link" => keys.links.insert(key),
                _ => keys.ids.insert(key),
            };
        }
        Ok(keys)
    }

    fn remember_shared_keys(&self, source_id: i64, keys: &SharedKeys) -> Result<()> {
        let (mut kinds, mut values) = (Vec::new(), Vec::new());
        for (kind, key) in keys
            .links
            .iter()
            .map(|k| ("link", k))
            .chain(keys.ids.iter().map(|k| ("id", k)))
        {
            kinds.push(kind.to_owned());
            values.push(clean(key));
        }
        let at = now();
        let before = at - chrono::Duration::days(SHARED_KEY_DAYS);
        self.write("remembering shared feed keys", move |rt, c| {
            let op = "remembering shared feed keys";
            rt.block_on(async {
                let tx = c.transaction().await.map_err(pg(op))?;
                tx.execute(
                    "INSERT INTO source_shared_keys (source_id, kind, key, seen_at)
                     SELECT $1, v.kind, v.key, $4
                     FROM unnest($2::text[], $3::text[]) AS v(kind, key)
                     ON CONFLICT (source_id, kind, key) DO UPDATE SET seen_at = EXCLUDED.seen_at",
                    &[&source_id, &kinds, &values, &at],
                )
                .await
                .map_err(pg(op))?;
                tx.execute(
                    "DELETE FROM source_shared_keys WHERE source_id = $1 AND (seen_at < $2
                        OR (kind, key) IN (SELECT kind, key FROM source_shared_keys
                                           WHERE source_id = $1
                                           ORDER BY seen_at DESC OFFSET $3))",
                    &[&source_id, &before, &SHARED_KEYS_PER_SOURCE],
                )
                .await
                .map_err(pg(op))?;
                tx.commit().await.map_err(pg(op))
            })
        })
    }

    fn article_id_by_url(&self, url: &str) -> Result<Option<i64>> {
        fn id(r: &Row) -> PgResult<i64> {
            r.try_get(0)
        }
        Ok(self
            .read_rows(
                "looking up an article URL",
                LOOKUP_URL.to_owned(),
                vec![Box::new(clean(url))],
                id,
            )?
            .into_iter()
            .next())
    }

    fn insert_article(&self, a: &NewArticle, alias_urls: &[String]) -> Result<Inserted> {
        let mut urls: Vec<String> = vec![clean(&a.canonical_url), clean(&a.url)];
        urls.extend(alias_urls.iter().map(|u| clean(u)));
        let source_id = a.source_id;
        let source_name = clean(&a.source_name);
        let url = clean(&a.url);
        let canonical_url = clean(&a.canonical_url);
        let title = clean(&a.title);
        let byline = clean_opt(a.byline.as_deref());
        let published = a.published.map(|t| t.trunc_subsecs(0));
        let language = clean_opt(a.language.as_deref());
        let site_name = clean_opt(a.site_name.as_deref());
        let image = clean_opt(a.image.as_deref());
        let text = clean(&a.text);
        let content_hash = clean(&a.content_hash);
        let by_text = crate::has_words(&a.text);
        Self::call_conn(self.writer.as_ref(), "inserting an article", move |conn| {
            let st = conn.prepared("preparing an article insert", &INSERT_ARTICLE_SQL)?;
            let (rt, c) = conn.current("inserting an article")?;
            let done = rt.block_on(async {
                let tx = c
                    .transaction()
                    .await
                    .map_err(pg("starting an article insert"))?;
                tx.execute(&st[0], &[&WRITE_LOCK])
                    .await
                    .map_err(pg("locking for an article insert"))?;
                // The first of the URLs, in order, that is known names the article.
                let mut existing: Option<i64> = match tx
                    .query_opt(&st[1], &[&urls])
                    .await
                    .map_err(pg("looking up an article URL"))?
                {
                    Some(r) => Some(r.try_get(0).map_err(pg("looking up an article URL"))?),
                    None => None,
                };
                if existing.is_none() && by_text {
                    let row = match source_id {
                        Some(sid) => {
                            tx.query_opt(&st[2], &[&sid, &source_name, &content_hash, &title])
                                .await
                        }
                        None => {
                            tx.query_opt(&st[3], &[&source_name, &content_hash, &title])
                                .await
                        }
                    };
                    existing = match row.map_err(pg("looking up an article's text"))? {
                        Some(r) => Some(r.try_get(0).map_err(pg("looking up an article's text"))?),
                        None => None,
                    };
                }
                let result = match existing {
                    Some(id) => Inserted::Existing(id),
                    None => {
                        let row = tx
                            .query_one(
                                &st[4],
                                &[
                                    &source_id,
                                    &source_name,
                                    &url,
                                    &canonical_url,
                                    &title,
                                    &byline,
                                    &published,
                                    &now(),
                                    &language,
                                    &site_name,
                                    &image,
                                    &text,
                                    &content_hash,
                                ],
                            )
                            .await
                            .map_err(pg("inserting an article"))?;
                        let id: i64 = row.try_get(0).map_err(pg("inserting an article"))?;
                        tx.execute(&st[5], &[&id])
                            .await
                            .map_err(pg("indexing an article for search"))?;
                        Inserted::New(id)
                    }
                };
                let id = result.id();
                tx.execute(&st[6], &[&urls, &id])
                    .await
                    .map_err(pg("recording an article URL"))?;
                tx.commit()
                    .await
                    .map_err(pg("committing an article insert"))?;
                Ok(result)
            });
            if done.is_err() {
                // Prepared afresh next time (another process may have changed the schema).
                conn.statements.clear();
            }
            done
        })
    }

    fn article(&self, id: i64) -> Result<Option<Article>> {
        Ok(self
            .read_rows(
                "reading an article",
                format!("SELECT {ARTICLE_COLS} FROM articles WHERE id = $1"),
                vec![Box::new(id)],
                article_row,
            )?
            .into_iter()
            .next())
    }

    fn articles(&self, q: &ArticleQuery) -> Result<Vec<Article>> {
        self.read_rows(
            "listing articles",
            format!(
                "SELECT {ARTICLE_COLS} FROM articles
                 WHERE ($1::bigint IS NULL OR source_id = $1) AND ($2::bigint IS NULL OR story_id = $2)
                 ORDER BY COALESCE(published, fetched_at) DESC, id DESC LIMIT $3 OFFSET $4"
            ),
            vec![
                Box::new(q.source_id),
                Box::new(q.story_id),
                Box::new(limit(q.limit)),
                Box::new(offset(q.offset)),
            ],
            article_row,
        )
    }

    fn articles_after(&self, after: i64, lim: usize) -> Result<Vec<Article>> {
        self.read_rows(
            "replaying articles",
            format!("SELECT {ARTICLE_COLS} FROM articles WHERE id > $1 ORDER BY id LIMIT $2"),
            vec![Box::new(after), Box::new(limit(lim))],
            article_row,
        )
    }

    fn clustered_since(
        &self,
        newest: usize,
        dated_from: Option<DateTime<Utc>>,
    ) -> Result<Option<i64>> {
        fn id(r: &Row) -> PgResult<Option<i64>> {
            r.try_get(0)
        }
        Ok(self
            .read_rows(
                "finding where clustering picks up",
                "SELECT MIN(id) FROM (SELECT id, COALESCE(published, fetched_at) AS dated
                                      FROM articles WHERE story_id IS NOT NULL
                                      ORDER BY id DESC LIMIT $1) AS newest
                 WHERE $2::timestamptz IS NULL OR dated >= $2"
                    .to_owned(),
                vec![Box::new(limit(newest)), Box::new(dated_from)],
                id,
            )?
            .into_iter()
            .next()
            .flatten())
    }

    fn state(&self, key: &str) -> Result<Option<String>> {
        fn value(r: &Row) -> PgResult<String> {
            r.try_get(0)
        }
        Ok(self
            .read_rows(
                "reading the desk's state",
                "SELECT value FROM desk_state WHERE key = $1".to_owned(),
                vec![Box::new(clean(key))],
                value,
            )?
            .into_iter()
            .next())
    }

    fn set_state(&self, key: &str, value: &str) -> Result<()> {
        let (key, value) = (clean(key), clean(value));
        self.write("writing the desk's state", move |rt, c| {
            rt.block_on(c.execute(
                "INSERT INTO desk_state (key, value) VALUES ($1, $2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                &[&key, &value],
            ))
            .map_err(pg("writing the desk's state"))?;
            Ok(())
        })
    }

    fn apply_clustering(&self, placements: &[Placement], merges: &[(i64, i64)]) -> Result<()> {
        // One statement per step rather than one per row (a batch is up to thousands of
        // placements, and the server may be across a network). Placed twice, the last placement of
        // an article wins, as when SQLite applies them in order.
        let mut last: BTreeMap<i64, (i64, Option<i64>)> = BTreeMap::new();
        for p in placements {
            last.insert(p.article, (p.story, p.duplicate_of));
        }
        let article_ids: Vec<i64> = last.keys().copied().collect();
        let story_ids: Vec<i64> = last.values().map(|v| v.0).collect();
        let duplicate_of: Vec<Option<i64>> = last.values().map(|v| v.1).collect();
        let placed: Vec<i64> = placements
            .iter()
            .map(|p| p.story)
            .collect::<BTreeSet<i64>>()
            .into_iter()
            .collect();
        let merges = merges.to_vec();
        self.write("writing a clustering result", move |rt, c| {
            rt.block_on(async {
                let tx = c
                    .transaction()
                    .await
                    .map_err(pg("starting a clustering write"))?;
                tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])
                    .await
                    .map_err(pg("locking for a clustering write"))?;
                // Stories an article leaves other than by a merge (when the store is regrouped).
                let left: Vec<i64> = tx
                    .query(
                        "SELECT DISTINCT a.story_id FROM articles a
                         JOIN unnest($1::bigint[], $2::bigint[]) AS v(id, story) ON a.id = v.id
                         WHERE a.story_id IS NOT NULL AND a.story_id <> v.story
                           AND NOT (a.story_id = ANY($3))",
                        &[&article_ids, &story_ids, &placed],
                    )
                    .await
                    .map_err(pg("placing articles"))?
                    .iter()
                    .map(|r| r.try_get(0))
                    .collect::<PgResult<_>>()
                    .map_err(pg("placing articles"))?;
                let touched: Vec<i64> = placed.iter().chain(&left).copied().collect();
                tx.execute(
                    "UPDATE articles a SET story_id = v.story, duplicate_of = v.dup
                     FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS v(id, story, dup)
                     WHERE a.id = v.id
                       AND (a.story_id IS DISTINCT FROM v.story
                            OR a.duplicate_of IS DISTINCT FROM v.dup)",
                    &[&article_ids, &story_ids, &duplicate_of],
                )
                .await
                .map_err(pg("placing articles"))?;
                // Each touched story recounted from its articles (an emptied one keeps a row with
                // no articles, as in SQLite).
                tx.execute(
                    "INSERT INTO stories (id, created_at, updated_at, article_count, source_count)
                     SELECT t.id,
                            COALESCE(MIN(COALESCE(a.published, a.fetched_at)), $2),
                            COALESCE(MAX(COALESCE(a.published, a.fetched_at)), $2),
                            COUNT(a.id), COUNT(DISTINCT a.source_name)
                     FROM unnest($1::bigint[]) AS t(id)
                     LEFT JOIN articles a ON a.story_id = t.id
                     GROUP BY t.id
                     ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at,
                        article_count = excluded.article_count,
                        source_count = excluded.source_count,
                        merged_into = NULL",
                    &[&touched, &now()],
                )
                .await
                .map_err(pg("writing stories"))?;
                // A story every article left is no longer listed or searched, and its id leads
                // to where its founding article went.
                if !left.is_empty() {
                    tx.execute(
                        "UPDATE stories s SET merged_into = a.story_id
                         FROM articles a
                         WHERE s.id = ANY($1) AND s.article_count = 0
                           AND a.id = s.id AND a.story_id <> s.id",
                        &[&left],
                    )
                    .await
                    .map_err(pg("emptying a story"))?;
                    tx.execute(
                        "DELETE FROM story_search WHERE story_id IN
                            (SELECT id FROM stories WHERE id = ANY($1) AND article_count = 0)",
                        &[&left],
                    )
                    .await
                    .map_err(pg("emptying a story"))?;
                }
                for (from, into) in &merges {
                    if from == into {
                        continue;
                    }
                    tx.execute(
                        "UPDATE stories SET merged_into = $2, article_count = 0 WHERE id = $1",
                        &[from, into],
                    )
                    .await
                    .map_err(pg("merging a story"))?;
                    tx.execute("DELETE FROM story_search WHERE story_id = $1", &[from])
                        .await
                        .map_err(pg("merging a story"))?;
                }
                tx.commit()
                    .await
                    .map_err(pg("committing a clustering write"))
            })
        })
    }

    fn stories(&self, q: &StoryQuery) -> Result<Vec<Story>> {
        self.read_rows(
            "listing stories",
            format!(
                "SELECT {STORY_COLS} FROM stories
                 WHERE merged_into IS NULL AND article_count > 0
                   AND ($1::text IS NULL OR category = $1)
                 ORDER BY updated_at DESC, id DESC LIMIT $2 OFFSET $3"
            ),
            vec![
                Box::new(clean_opt(q.category.as_deref())),
                Box::new(limit(q.limit)),
                Box::new(offset(q.offset)),
            ],
            story_row,
        )
    }

    fn story(&self, id: i64) -> Result<Option<Story>> {
        Ok(self
            .read_rows(
                "reading a story",
                format!("SELECT {STORY_COLS} FROM stories WHERE id = $1"),
                vec![Box::new(id)],
                story_row,
            )?
            .into_iter()
            .next())
    }

    fn story_articles(&self, id: i64) -> Result<Vec<Article>> {
        self.read_rows(
            "reading a story's articles",
            format!(
                "SELECT {ARTICLE_COLS} FROM articles WHERE story_id = $1
                 ORDER BY COALESCE(published, fetched_at), id"
            ),
            vec![Box::new(id)],
            article_row,
        )
    }

    fn categories(&self) -> Result<Vec<(String, i64)>> {
        fn pair(r: &Row) -> PgResult<(String, i64)> {
            Ok((r.try_get(0)?, r.try_get(1)?))
        }
        self.read_rows(
            "listing categories",
            "SELECT category, COUNT(*) FROM stories
             WHERE merged_into IS NULL AND article_count > 0 AND category IS NOT NULL
             GROUP BY category ORDER BY COUNT(*) DESC, category COLLATE \"C\""
                .to_owned(),
            Vec::new(),
            pair,
        )
    }

    fn set_related(&self, story_id: i64, related: &[String]) -> Result<()> {
        let json = serde_json::to_string(related).map_err(|e| StoreError::Corrupt {
            what: "related stories",
            detail: e.to_string(),
        })?;
        self.write("writing related stories", move |rt, c| {
            rt.block_on(async {
                c.execute(
                    "UPDATE digests SET json = jsonb_set(json::jsonb, '{related}', $2::text::jsonb)::text
                     WHERE story_id = $1",
                    &[&story_id, &json],
                )
                .await
                .map(|_| ())
                .map_err(pg("writing related stories"))
            })
        })
    }

    fn put_digest(&self, story_id: i64, d: &Digest, input_hash: &str) -> Result<()> {
        let json = serde_json::to_string(d).map_err(|e| StoreError::Corrupt {
            what: "digest",
            detail: e.to_string(),
        })?;
        // serde_json escapes NUL, so the JSON itself is safe; the plain-text copies are cleaned.
        let (mut fields, mut items, mut articles, mut sentences) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (field, item, cit) in citation_rows(d) {
            let Ok(article) = cit.article.parse::<i64>() else {
                continue;
            };
            fields.push(field);
            items.push(i64::try_from(item).unwrap_or(i64::MAX));
            articles.push(article);
            sentences.push(i64::try_from(cit.sentence).unwrap_or(i64::MAX));
        }
        let engine = clean(&d.engine);
        let headline = clean(&d.headline.text);
        let category = (!d.category.is_empty()).then(|| clean(&d.category));
        let summary: Vec<&str> = d.summary.iter().map(|s| s.text.as_str()).collect();
        let summary = clean(&summary.join(" "));
        let input_hash = clean(input_hash);
        Self::call_conn(self.writer.as_ref(), "writing a digest", move |conn| {
            let st = conn.prepared("preparing a digest write", &PUT_DIGEST_SQL)?;
            let (rt, c) = conn.current("writing a digest")?;
            rt.block_on(async {
                let tx = c
                    .transaction()
                    .await
                    .map_err(pg("starting a digest write"))?;
                tx.execute(&st[0], &[&story_id, &input_hash, &engine, &json, &now()])
                    .await
                    .map_err(pg("writing a digest"))?;
                tx.execute(&st[1], &[&story_id])
                    .await
                    .map_err(pg("clearing citations"))?;
                tx.execute(&st[2], &[&story_id, &fields, &items, &articles, &sentences])
                    .await
                    .map_err(pg("writing citations"))?;
                tx.execute(&st[3], &[&story_id, &headline, &category])
                    .await
                    .map_err(pg("titling a story"))?;
                tx.execute(&st[4], &[&story_id, &headline, &summary])
                    .await
                    .map_err(pg("indexing a story"))?;
                tx.commit().await.map_err(pg("committing a digest"))
            })
        })
    }

    fn digest(&self, story_id: i64) -> Result<Option<StoredDigest>> {
        fn triple(r: &Row) -> PgResult<(String, String, DateTime<Utc>)> {
            Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))
        }
        let row = self
            .read_rows(
                "reading a digest",
                "SELECT json, input_hash, created_at FROM digests WHERE story_id = $1".to_owned(),
                vec![Box::new(story_id)],
                triple,
            )?
            .into_iter()
            .next();
        let Some((json, input_hash, created_at)) = row else {
            return Ok(None);
        };
        let digest: Digest = serde_json::from_str(&json).map_err(|e| StoreError::Corrupt {
            what: "digest",
            detail: format!("story {story_id}: {e}"),
        })?;
        Ok(Some(StoredDigest {
            digest,
            input_hash,
            created_at,
        }))
    }

    fn search_page(&self, q: &SearchQuery<'_>) -> Result<SearchResults> {
        let Some(tsq) = ts_query(q.text) else {
            return Ok(SearchResults::default());
        };
        let query = q.text.to_owned();
        let lim = limit(q.limit);
        let skip = offset(q.offset);
        // Relevance ranks the newest SEARCH_WINDOW matches; newest first needs only the newest
        // offset + limit of them (all of them without a limit), but asks for at least the window:
        // the planner misjudges how many rows a prefix matches, and for a small LIMIT it walks
        // the whole table backwards by id looking for a rare word's few matches. For the same
        // reason the window is a MATERIALIZED CTE, planned apart from the page's LIMIT.
        let relevance = q.order == SearchOrder::Relevance;
        let window: Option<i64> = if relevance {
            Some(SEARCH_WINDOW)
        } else {
            lim.map(|l| skip.saturating_add(l).max(SEARCH_WINDOW))
        };
        // Newest first ranks nothing, and skips reading every vector of the window for ts_rank.
        let (story_order, article_order, rank) = if relevance {
            (
                "rank DESC, story_id DESC",
                "rank DESC, id DESC",
                "ts_rank(search, to_tsquery('storyline', $1))",
            )
        } else {
            ("story_id DESC", "id DESC", "0::real")
        };
        self.read("searching", move |rt, c| {
            rt.block_on(async {
                // The tsvectors live out of line (TOAST), which the planner does not count: it
                // prices a sequential scan of the search table below the GIN index, and the scan
                // then reads every vector (0.3 s at 100,000 articles against 2 ms). Within this
                // read-only transaction the index is used.
                let c = c
                    .build_transaction()
                    .read_only(true)
                    .start()
                    .await
                    .map_err(pg("searching"))?;
                c.batch_execute("SET LOCAL enable_seqscan = off")
                    .await
                    .map_err(pg("searching"))?;
                let rows = c
                    .query(
                        &format!(
                            "WITH recent AS MATERIALIZED (
                                SELECT f.story_id, f.headline, f.summary, f.search
                                FROM story_search f JOIN stories s ON s.id = f.story_id
                                WHERE f.search @@ to_tsquery('storyline', $1) AND s.merged_into IS NULL
                                ORDER BY f.story_id DESC LIMIT $4),
                             hits AS (
                                SELECT story_id, headline, summary,
                                       {rank} AS rank
                                FROM recent ORDER BY {story_order} LIMIT $2 OFFSET $5)
                             SELECT {}, ts_headline('storyline',
                                                    storyline_cjk_spaced(h.headline || ' ' || h.summary),
                                                    to_tsquery('storyline', $1), $3)
                             FROM hits h JOIN stories s ON s.id = h.story_id
                             ORDER BY {}",
                            prefixed(STORY_COLS, "s"),
                            prefixed(story_order, "h")
                        ),
                        &[&tsq, &lim, &HEADLINE_OPTS, &window, &skip],
                    )
                    .await
                    .map_err(pg("searching stories"))?;
                let stories = rows
                    .iter()
                    .map(|r| {
                        Ok(Hit {
                            item: story_row(r)?,
                            snippet_html: crate::snippet_html(&r.try_get::<_, String>(8)?, &query),
                        })
                    })
                    .collect::<PgResult<Vec<_>>>()
                    .map_err(pg("searching stories"))?;
                let rows = c
                    .query(
                        &format!(
                            "WITH recent AS MATERIALIZED (
                                SELECT article_id, search FROM article_search
                                WHERE search @@ to_tsquery('storyline', $1)
                                ORDER BY article_id DESC LIMIT $4),
                             hits AS (
                                SELECT r.article_id AS id,
                                       {rank} AS rank
                                FROM recent r JOIN articles c ON c.id = r.article_id
                                WHERE c.duplicate_of IS NULL
                                ORDER BY {article_order} LIMIT $2 OFFSET $5)
                             SELECT {},
                                CASE WHEN to_tsvector('storyline', storyline_search_text(left(a.text, 100000)))
                                          @@ to_tsquery('storyline', $1)
                                     THEN ts_headline('storyline', storyline_cjk_spaced(left(a.text, 100000)),
                                                      to_tsquery('storyline', $1), $3)
                                     ELSE ts_headline('storyline', storyline_cjk_spaced(a.title),
                                                      to_tsquery('storyline', $1), $3)
                                END
                             FROM hits h JOIN articles a ON a.id = h.id
                             ORDER BY {}",
                            prefixed(ARTICLE_COLS, "a"),
                            prefixed(article_order, "h")
                        ),
                        &[&tsq, &lim, &HEADLINE_OPTS, &window, &skip],
                    )
                    .await
                    .map_err(pg("searching articles"))?;
                let articles = rows
                    .iter()
                    .map(|r| {
                        Ok(Hit {
                            item: article_row(r)?,
                            snippet_html: crate::snippet_html(&r.try_get::<_, String>(16)?, &query),
                        })
                    })
                    .collect::<PgResult<Vec<_>>>()
                    .map_err(pg("searching articles"))?;
                c.commit().await.map_err(pg("searching"))?;
                Ok(SearchResults { stories, articles })
            })
        })
    }

    fn record_llm_call(&self, call: &LlmCall) -> Result<()> {
        let call = LlmCall {
            model: clean(&call.model),
            outcome: clean(&call.outcome),
            ..call.clone()
        };
        self.write("recording a model call", move |rt, c| {
            rt.block_on(c.execute(
                "INSERT INTO llm_calls (story_id, model, tokens_in, tokens_out, latency_ms, outcome, at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                &[
                    &call.story_id,
                    &call.model,
                    &call.tokens_in,
                    &call.tokens_out,
                    &call.latency_ms,
                    &call.outcome,
                    &now(),
                ],
            ))
            .map_err(pg("recording a model call"))?;
            Ok(())
        })
    }

    fn stats(&self) -> Result<Stats> {
        fn stats_row(r: &Row) -> PgResult<Stats> {
            Ok(Stats {
                sources: r.try_get(0)?,
                sources_failing: r.try_get(1)?,
                articles: r.try_get(2)?,
                duplicates: r.try_get(3)?,
                stories: r.try_get(4)?,
                digests: r.try_get(5)?,
            })
        }
        self.read_rows(
            "counting",
            "SELECT (SELECT COUNT(*) FROM sources),
                    (SELECT COUNT(*) FROM sources WHERE last_error IS NOT NULL),
                    (SELECT COUNT(*) FROM articles),
                    (SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL),
                    (SELECT COUNT(*) FROM stories WHERE merged_into IS NULL AND article_count > 0),
                    (SELECT COUNT(*) FROM digests)"
                .to_owned(),
            Vec::new(),
            stats_row,
        )?
        .into_iter()
        .next()
        .ok_or(StoreError::Corrupt {
            what: "counts",
            detail: "no row".into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact_url("postgres://alice:s3cret@db.example:5432/news"),
            "postgres://alice:***@db.example:5432/news"
        );
        assert_eq!(
            redact_url("postgresql://alice:p/ss@w0rd@db/news?sslmode=disable"),
            "postgresql://alice:***@db/news?sslmode=disable"
        );
        assert_eq!(
            redact_url("postgres://db/news?user=bob&password=hunter2"),
            "postgres://db/news?user=bob&password=***"
        );
        assert_eq!(
            redact_url("postgres://bob@db/news"),
            "postgres://bob@db/news"
        );
    }

    #[test]
    fn database_names_are_swapped() {
        assert_eq!(
            with_dbname(
                "postgres://u:p@127.0.0.1:5432/postgres?sslmode=disable",
                "t_1"
            ),
            "postgres://u:p@127.0.0.1:5432/t_1?sslmode=disable"
        );
        assert_eq!(with_dbname("postgres://h", "x"), "postgres://h/x");
    }

    fn config_error(url: &str) -> String {
        connection_config(url)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn ssl_modes_are_parsed_and_passwords_not_shown() {
        for mode in ["disable", "allow", "prefer", "require", "verify-full"] {
            let url = format!("postgres://alice@db/news?sslmode={mode}");
            let cfg = connection_config(&url).unwrap_or_else(|e| panic!("{mode}: {e}"));
            let want = match mode {
                "disable" => SslMode::Disable,
                "allow" | "prefer" => SslMode::Prefer,
                _ => SslMode::Require,
            };
            assert_eq!(cfg.config().get_ssl_mode(), want, "{mode}");
        }
        // libpq's default.
        let cfg = connection_config("postgres://alice@db/news").expect("no sslmode");
        assert_eq!(cfg.config().get_ssl_mode(), SslMode::Prefer);
        // The other parameters still reach tokio-postgres.
        let cfg = connection_config("postgres://alice@db/news?sslmode=require&connect_timeout=3")
            .expect("with another parameter");
        assert_eq!(cfg.config().get_ssl_mode(), SslMode::Require);
        // sslmode is ignored on a unix socket, as libpq does.
        let cfg = connection_config("postgres://alice@%2Frun%2Fpostgresql/news?sslmode=require")
            .expect("unix socket");
        assert_eq!(cfg.config().get_ssl_mode(), SslMode::Disable);

        let cfg = connection_config("postgres://alice@db/news?sslmode=verify%2Dfull")
            .expect("a %-escaped sslmode");
        assert_eq!(cfg.config().get_ssl_mode(), SslMode::Require);
        let e = config_error("postgres://alice@db/news?sslmode=require&sslrootcert=%+1");
        assert!(e.contains("bad %-escape"), "{e}");
        let e = config_error("postgres://alice:s3cret@db/news?sslmode=verify-everything");
        assert!(
            e.contains("sslmode=verify-everything") && e.contains("verify-full"),
            "{e}"
        );
        assert!(!e.contains("s3cret"), "{e}");
        let e = config_error("postgres://alice:s3cret@db:notaport/news");
        assert!(!e.is_empty() && !e.contains("s3cret"), "{e}");
    }

    #[test]
    fn ca_file_problems_are_named() {
        let e = config_error(
            "postgres://alice:s3cret@db/news?sslmode=verify-full&sslrootcert=/no/such/ca.pem",
        );
        assert!(
            e.contains("cannot read the CA file sslrootcert=/no/such/ca.pem"),
            "{e}"
        );
        assert!(!e.contains("s3cret"), "{e}");
        let e = config_error("postgres://alice:s3cret@db/news?sslmode=verify-ca");
        assert!(e.contains("verify-ca needs sslrootcert"), "{e}");
        let e = config_error("postgres://alice@db/news?sslmode=verify-ca&sslrootcert=system");
        assert!(e.contains("verify-ca needs sslrootcert"), "{e}");
        let e = config_error("postgres://alice@db/news?sslrootcert=/etc/ca.pem");
        assert!(e.contains("sslmode=prefer does not check"), "{e}");
        let e = config_error("postgres://alice@db/news?sslmode=require&sslcert=/c.pem");
        assert!(e.contains("client certificates"), "{e}");
        assert!(connection_config(
            "postgres://alice@db/news?sslmode=verify-full&sslrootcert=system"
        )
        .is_ok());

        let dir = std::env::temp_dir().join(format!("storyline-pgtls-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let not_pem = dir.join("not a cert.pem");
        std::fs::write(&not_pem, "hello\n").expect("write");
        let url = format!(
            "postgres://alice@db/news?sslmode=require&sslrootcert={}",
            not_pem.display().to_string().replace(' ', "%20")
        );
        let e = config_error(&url);
        assert!(
            e.contains("holds no PEM certificate") && e.contains("not a cert.pem"),
            "{e}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn search_words_become_a_safe_tsquery() {
        assert_eq!(
            ts_query("Quake coa").as_deref(),
            Some("('quake' | 'quakes') & 'coa':*")
        );
        assert_eq!(ts_query("\"<script>\" OR *").as_deref(), Some("'script'"));
        assert_eq!(
            ts_query("\"north quay\" OR harbour -storm -\"sea wall\"").as_deref(),
            Some(
                "('north' <-> 'quay' | ('harbour' | 'harbours')) & !(('storm' | 'storms') | \
                 'sea' <-> 'wall')"
            )
        );
        assert_eq!(ts_query("  !! "), None);
        assert_eq!(
            ts_query("it's U.S.").as_deref(),
            Some("'it' <-> 's' & 'u' & 's':*")
        );
        // A possessive is its word, in either number.
        assert_eq!(
            ts_query("Smith's plan").as_deref(),
            Some("('smith' | 'smiths') & 'plan':*")
        );
        // A Chinese run is a phrase of its letters, as the index reads them.
        assert_eq!(
            ts_query("雅安 地震").as_deref(),
            Some("'雅' <-> '安' & '地' <-> '震':*")
        );
    }
}
