//! The embedded store: one SQLite file in WAL mode.
//!
//! One connection writes; a few more read, so page views never wait behind an ingest.

use crate::migrations::MIGRATIONS;
use crate::{
    citation_rows, has_words, page_error, snippet_html, ArticleQuery, FetchOutcome, Hit, Inserted,
    LlmCall, Placement, Result, SearchOrder, SearchQuery, SearchResults, SharedKeys, Stats, Store,
    StoreError, StoredDigest, StoryQuery, SEARCH_WINDOW, SHARED_KEYS_PER_SOURCE, SHARED_KEY_DAYS,
};
use chrono::{DateTime, Utc};
use rusqlite::functions::FunctionFlags;
use rusqlite::types::{Value, ValueRef};
use rusqlite::{params, Connection, OptionalExtension, Row};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use storyline_core::{text, Article, Digest, FetchProblems, NewArticle, Source, Story};

const READERS: usize = 4;

/// SQLite-backed [`Store`].
pub struct SqliteStore {
    writer: Mutex<Connection>,
    readers: Vec<Mutex<Connection>>,
    next_reader: AtomicUsize,
}

fn db(op: &'static str) -> impl FnOnce(rusqlite::Error) -> StoreError {
    move |error| StoreError::Db { op, error }
}

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn parse_ts(s: Option<String>) -> Option<DateTime<Utc>> {
    s.and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
        .map(|t| t.with_timezone(&Utc))
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self> {
        let open = || {
            Connection::open(path).map_err(|error| StoreError::Open {
                path: path.display().to_string(),
                error,
            })
        };
        let writer = open()?;
        configure(&writer).map_err(db("configuring the connection"))?;
        migrate(&writer)?;
        let mut readers = Vec::with_capacity(READERS);
        for _ in 0..READERS {
            let r = open()?;
            configure(&r).map_err(db("configuring a reader"))?;
            readers.push(Mutex::new(r));
        }
        Ok(Self {
            writer: Mutex::new(writer),
            readers,
            next_reader: AtomicUsize::new(0),
        })
    }

    /// An in-memory database, for tests and one-off commands.
    pub fn in_memory() -> Result<Self> {
        let conn = Connection::open_in_memory().map_err(|error| StoreError::Open {
            path: ":memory:".into(),
            error,
        })?;
        configure(&conn).map_err(db("configuring the connection"))?;
        migrate(&conn)?;
        Ok(Self {
            writer: Mutex::new(conn),
            readers: Vec::new(),
            next_reader: AtomicUsize::new(0),
        })
    }

    /// SQLite's own consistency check of the database file: `ok` when sound.
    pub fn integrity_check(&self) -> Result<String> {
        self.read(|c| {
            c.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))
                .map_err(db("checking integrity"))
        })
    }

    fn write<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        let mut conn = self.writer.lock().map_err(|_| StoreError::Poisoned)?;
        f(&mut conn)
    }

    fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        if self.readers.is_empty() {
            let conn = self.writer.lock().map_err(|_| StoreError::Poisoned)?;
            return f(&conn);
        }
        let n = self.next_reader.fetch_add(1, Ordering::Relaxed) % self.readers.len();
        let conn = self.readers[n].lock().map_err(|_| StoreError::Poisoned)?;
        f(&conn)
    }
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    // The search index's reading of Chinese and Japanese (migration 4): its triggers and view
    // call this on every connection that writes or searches articles.
    conn.create_scalar_function(
        "storyline_cjk_spaced",
        1,
        FunctionFlags::SQLITE_UTF8
            | FunctionFlags::SQLITE_DETERMINISTIC
            | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| {
            Ok(match ctx.get_raw(0) {
                ValueRef::Text(b) => {
                    Value::Text(text::cjk_spaced(&String::from_utf8_lossy(b)).into_owned())
                }
                other => Value::from(other),
            })
        },
    )?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

fn migrate(conn: &Connection) -> Result<()> {
    let current: usize = conn
        .query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
        .map_err(db("reading the schema version"))? as usize;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        let version = i + 1;
        let tx = conn
            .unchecked_transaction()
            .map_err(|error| StoreError::Migration { version, error })?;
        tx.execute_batch(sql)
            .map_err(|error| StoreError::Migration { version, error })?;
        tx.pragma_update(None, "user_version", version as i64)
            .map_err(|error| StoreError::Migration { version, error })?;
        tx.commit()
            .map_err(|error| StoreError::Migration { version, error })?;
    }
    Ok(())
}

const SOURCE_COLS: &str = "s.id, s.url, s.site_url, s.title, s.kind, s.etag, s.last_modified, \
    s.last_fetch_at, s.last_success_at, s.last_error, s.error_count, \
    (SELECT COUNT(*) FROM articles a WHERE a.source_id = s.id), \
    s.entries_unreadable, s.pages_failed, s.page_error";

fn source_row(r: &Row) -> rusqlite::Result<Source> {
    Ok(Source {
        id: r.get(0)?,
        url: r.get(1)?,
        site_url: r.get(2)?,
        title: r.get(3)?,
        kind: r.get(4)?,
        etag: r.get(5)?,
        last_modified: r.get(6)?,
        last_fetch_at: parse_ts(r.get(7)?),
        last_success_at: parse_ts(r.get(8)?),
        last_error: r.get(9)?,
        error_count: r.get(10)?,
        article_count: r.get(11)?,
        problems: FetchProblems {
            entries_unreadable: r.get(12)?,
            pages_failed: r.get(13)?,
            page_error: r.get(14)?,
        },
    })
}

const ARTICLE_COLS: &str = "id, source_id, source_name, url, canonical_url, title, byline, \
    published, fetched_at, language, site_name, image, text, content_hash, duplicate_of, story_id";

fn article_row(r: &Row) -> rusqlite::Result<Article> {
    Ok(Article {
        id: r.get(0)?,
        source_id: r.get(1)?,
        source_name: r.get(2)?,
        url: r.get(3)?,
        canonical_url: r.get(4)?,
        title: r.get(5)?,
        byline: r.get(6)?,
        published: parse_ts(r.get(7)?),
        fetched_at: parse_ts(r.get(8)?).unwrap_or_default(),
        language: r.get(9)?,
        site_name: r.get(10)?,
        image: r.get(11)?,
        text: r.get(12)?,
        content_hash: r.get(13)?,
        duplicate_of: r.get(14)?,
        story_id: r.get(15)?,
    })
}

const STORY_COLS: &str =
    "id, created_at, updated_at, article_count, source_count, category, headline, merged_into";

fn story_row(r: &Row) -> rusqlite::Result<Story> {
    Ok(Story {
        id: r.get(0)?,
        created_at: parse_ts(r.get(1)?).unwrap_or_default(),
        updated_at: parse_ts(r.get(2)?).unwrap_or_default(),
        article_count: r.get(3)?,
        source_count: r.get(4)?,
        category: r.get(5)?,
        headline: r.get(6)?,
        merged_into: r.get(7)?,
    })
}

fn limit(n: usize) -> i64 {
    if n == 0 {
        -1
    } else {
        n as i64
    }
}

/// Turns a search box's query into an FTS5 query (see [`crate::all_words_query`]).
fn fts_query(q: &str) -> Option<String> {
    // A Chinese or Japanese run becomes a phrase of its letters, as they are indexed.
    crate::all_words_query(
        q,
        |w| format!("\"{}\"", text::cjk_spaced(w)),
        "*",
        " OR ",
        " AND ",
        " NOT ",
    )
}

impl Store for SqliteStore {
    fn add_source(&self, url: &str, title: &str, site_url: Option<&str>) -> Result<Source> {
        self.write(|c| {
            c.execute(
                "INSERT INTO sources (url, title, site_url, created_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(url) DO NOTHING",
                params![url, title, site_url, ts(Utc::now())],
            )
            .map_err(db("adding a source"))?;
            c.query_row(
                &format!("SELECT {SOURCE_COLS} FROM sources s WHERE s.url = ?1"),
                [url],
                source_row,
            )
            .map_err(db("reading the added source"))
        })
    }

    fn remove_source(&self, id: i64) -> Result<bool> {
        self.write(|c| {
            let n = c
                .execute("DELETE FROM sources WHERE id = ?1", [id])
                .map_err(db("removing a source"))?;
            Ok(n > 0)
        })
    }

    fn sources(&self) -> Result<Vec<Source>> {
        self.read(|c| {
            let mut st = c
                .prepare(&format!(
                    "SELECT {SOURCE_COLS} FROM sources s ORDER BY s.title, s.id"
                ))
                .map_err(db("listing sources"))?;
            let rows = st
                .query_map([], source_row)
                .map_err(db("listing sources"))?;
            rows.collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db("listing sources"))
        })
    }

    fn source(&self, id: i64) -> Result<Option<Source>> {
        self.read(|c| {
            c.query_row(
                &format!("SELECT {SOURCE_COLS} FROM sources s WHERE s.id = ?1"),
                [id],
                source_row,
            )
            .optional()
            .map_err(db("reading a source"))
        })
    }

    fn source_by_url(&self, url: &str) -> Result<Option<Source>> {
        self.read(|c| {
            c.query_row(
                &format!("SELECT {SOURCE_COLS} FROM sources s WHERE s.url = ?1"),
                [url],
                source_row,
            )
            .optional()
            .map_err(db("reading a source"))
        })
    }

    fn record_fetch(&self, source_id: i64, outcome: &FetchOutcome) -> Result<()> {
        let now = ts(Utc::now());
        self.write(|c| {
            match outcome {
                FetchOutcome::Success { title, site_url, kind, etag, last_modified, moved_to, problems } => {
                    if let Some(p) = problems {
                        c.execute(
                            "UPDATE sources SET entries_unreadable = ?2, pages_failed = ?3, page_error = ?4
                             WHERE id = ?1",
                            params![source_id, p.entries_unreadable, p.pages_failed, page_error(p)],
                        )
                        .map_err(db("recording a fetch"))?;
                    }
                    c.execute(
                    "UPDATE sources SET last_fetch_at = ?2, last_success_at = ?2, last_error = NULL,
                        error_count = 0,
                        title = CASE WHEN ?3 IS NOT NULL AND ?3 != '' AND (title = '' OR title = url) THEN ?3 ELSE title END,
                        site_url = COALESCE(?4, site_url), kind = COALESCE(?5, kind),
                        etag = COALESCE(?6, etag), last_modified = COALESCE(?7, last_modified),
                        url = CASE WHEN ?8 IS NOT NULL AND ?8 != ''
                                    AND NOT EXISTS (SELECT 1 FROM sources o WHERE o.url = ?8)
                               THEN ?8 ELSE url END
                     WHERE id = ?1",
                    params![source_id, now, title, site_url, kind, etag, last_modified, moved_to],
                )}
                FetchOutcome::Error(msg) => c.execute(
                    "UPDATE sources SET last_fetch_at = ?2, last_error = ?3, error_count = error_count + 1
                     WHERE id = ?1",
                    params![source_id, now, msg],
                ),
            }
            .map_err(db("recording a fetch"))?;
            Ok(())
        })
    }

    fn shared_keys(&self, source_id: i64) -> Result<SharedKeys> {
        let since = ts(Utc::now() - chrono::Duration::days(SHARED_KEY_DAYS));
        self.read(|c| {
            let mut st = c
                .prepare_cached(
                    "SELECT kind, key FROM source_shared_keys WHERE source_id = ?1 AND seen_at >= ?2",
                )
                .map_err(db("reading shared feed keys"))?;
            let rows = st
                .query_map(params![source_id, since], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
                })
                .map_err(db("reading shared feed keys"))?;
            let mut keys = SharedKeys::default();
            for row in rows {
                let (kind, key) = row.map_err(db("reading shared feed keys"))?;
                match kind.as_str() {
                    "link" => keys.links.insert(key),
                    _ => keys.ids.insert(key),
                };
            }
            Ok(keys)
        })
    }

    fn remember_shared_keys(&self, source_id: i64, keys: &SharedKeys) -> Result<()> {
        let now = Utc::now();
        let (at, before) = (ts(now), ts(now - chrono::Duration::days(SHARED_KEY_DAYS)));
        self.write(|c| {
            let op = "remembering shared feed keys";
            let tx = c.transaction().map_err(db(op))?;
            {
                let mut st = tx
                    .prepare_cached(
                        "INSERT INTO source_shared_keys (source_id, kind, key, seen_at)
                         VALUES (?1, ?2, ?3, ?4)
                         ON CONFLICT (source_id, kind, key) DO UPDATE SET seen_at = excluded.seen_at",
                    )
                    .map_err(db(op))?;
                let all = keys
                    .links
                    .iter()
                    .map(|k| ("link", k))
                    .chain(keys.ids.iter().map(|k| ("id", k)));
                for (kind, key) in all {
                    st.execute(params![source_id, kind, key, at])
                        .map_err(db(op))?;
                }
            }
            tx.execute(
                "DELETE FROM source_shared_keys WHERE source_id = ?1 AND (seen_at < ?2
                    OR rowid IN (SELECT rowid FROM source_shared_keys WHERE source_id = ?1
                                 ORDER BY seen_at DESC LIMIT -1 OFFSET ?3))",
                params![source_id, before, SHARED_KEYS_PER_SOURCE],
            )
            .map_err(db(op))?;
            tx.commit().map_err(db(op))
        })
    }

    fn article_id_by_url(&self, url: &str) -> Result<Option<i64>> {
        self.read(|c| {
            c.query_row(
                "SELECT id FROM articles WHERE canonical_url = ?1
                 UNION ALL SELECT article_id FROM article_urls WHERE url = ?1 LIMIT 1",
                [url],
                |r| r.get(0),
            )
            .optional()
            .map_err(db("looking up an article URL"))
        })
    }

    fn insert_article(&self, a: &NewArticle, alias_urls: &[String]) -> Result<Inserted> {
        self.write(|c| {
            let tx = c.transaction().map_err(db("starting an article insert"))?;
            let mut urls: Vec<&str> = vec![a.canonical_url.as_str(), a.url.as_str()];
            urls.extend(alias_urls.iter().map(String::as_str));
            let mut existing: Option<i64> = None;
            for u in &urls {
                existing = tx
                    .query_row(
                        "SELECT id FROM articles WHERE canonical_url = ?1
                         UNION ALL SELECT article_id FROM article_urls WHERE url = ?1 LIMIT 1",
                        [u],
                        |r| r.get(0),
                    )
                    .optional()
                    .map_err(db("looking up an article URL"))?;
                if existing.is_some() {
                    break;
                }
            }
            if existing.is_none() && has_words(&a.text) {
                existing = tx
                    .query_row(
                        "SELECT id FROM articles
                         WHERE source_id IS ?1 AND source_name = ?2 AND content_hash = ?3 AND title = ?4
                         LIMIT 1",
                        params![a.source_id, a.source_name, a.content_hash, a.title],
                        |r| r.get(0),
                    )
                    .optional()
                    .map_err(db("looking up an article's text"))?;
            }
            let result = match existing {
                Some(id) => Inserted::Existing(id),
                None => {
                    tx.execute(
                        "INSERT INTO articles (source_id, source_name, url, canonical_url, title, byline,
                            published, fetched_at, language, site_name, image, text, content_hash)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                        params![
                            a.source_id,
                            a.source_name,
                            a.url,
                            a.canonical_url,
                            a.title,
                            a.byline,
                            a.published.map(ts),
                            ts(Utc::now()),
                            a.language,
                            a.site_name,
                            a.image,
                            a.text,
                            a.content_hash
                        ],
                    )
                    .map_err(db("inserting an article"))?;
                    Inserted::New(tx.last_insert_rowid())
                }
            };
            for u in urls {
                tx.execute(
                    "INSERT INTO article_urls (url, article_id) VALUES (?1, ?2) ON CONFLICT(url) DO NOTHING",
                    params![u, result.id()],
                )
                .map_err(db("recording an article URL"))?;
            }
            tx.commit().map_err(db("committing an article insert"))?;
            Ok(result)
        })
    }

    fn article(&self, id: i64) -> Result<Option<Article>> {
        self.read(|c| {
            c.query_row(
                &format!("SELECT {ARTICLE_COLS} FROM articles WHERE id = ?1"),
                [id],
                article_row,
            )
            .optional()
            .map_err(db("reading an article"))
        })
    }

    fn articles(&self, q: &ArticleQuery) -> Result<Vec<Article>> {
        self.read(|c| {
            let mut st = c
                .prepare(&format!(
                    "SELECT {ARTICLE_COLS} FROM articles
                     WHERE (?1 IS NULL OR source_id = ?1) AND (?2 IS NULL OR story_id = ?2)
                     ORDER BY COALESCE(published, fetched_at) DESC, id DESC LIMIT ?3 OFFSET ?4"
                ))
                .map_err(db("listing articles"))?;
            let rows = st
                .query_map(
                    params![q.source_id, q.story_id, limit(q.limit), q.offset as i64],
                    article_row,
                )
                .map_err(db("listing articles"))?;
            rows.collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db("listing articles"))
        })
    }

    fn articles_after(&self, after: i64, lim: usize) -> Result<Vec<Article>> {
        self.read(|c| {
            let mut st = c
                .prepare(&format!(
                    "SELECT {ARTICLE_COLS} FROM articles WHERE id > ?1 ORDER BY id LIMIT ?2"
                ))
                .map_err(db("replaying articles"))?;
            let rows = st
                .query_map(params![after, limit(lim)], article_row)
                .map_err(db("replaying articles"))?;
            rows.collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db("replaying articles"))
        })
    }

    fn clustered_since(
        &self,
        newest: usize,
        dated_from: Option<DateTime<Utc>>,
    ) -> Result<Option<i64>> {
        self.read(|c| {
            c.query_row(
                "SELECT MIN(id) FROM (SELECT id, COALESCE(published, fetched_at) AS dated
                                      FROM articles WHERE story_id IS NOT NULL
                                      ORDER BY id DESC LIMIT ?1)
                 WHERE ?2 IS NULL OR dated >= ?2",
                params![limit(newest), dated_from.map(ts)],
                |r| r.get(0),
            )
            .map_err(db("finding where clustering picks up"))
        })
    }

    fn state(&self, key: &str) -> Result<Option<String>> {
        self.read(|c| {
            c.query_row("SELECT value FROM desk_state WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()
            .map_err(db("reading the desk's state"))
        })
    }

    fn set_state(&self, key: &str, value: &str) -> Result<()> {
        self.write(|c| {
            c.execute(
                "INSERT INTO desk_state (key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
            .map(|_| ())
            .map_err(db("writing the desk's state"))
        })
    }

    fn apply_clustering(&self, placements: &[Placement], merges: &[(i64, i64)]) -> Result<()> {
        self.write(|c| {
            let tx = c.transaction().map_err(db("starting a clustering write"))?;
            // Stories an article leaves other than by a merge (when the store is regrouped).
            let mut left = BTreeSet::new();
            {
                let mut was = tx
                    .prepare("SELECT story_id FROM articles WHERE id = ?1")
                    .map_err(db("placing articles"))?;
                let mut up = tx
                    .prepare(
                        "UPDATE articles SET story_id = ?2, duplicate_of = ?3
                         WHERE id = ?1 AND (story_id IS NOT ?2 OR duplicate_of IS NOT ?3)",
                    )
                    .map_err(db("placing articles"))?;
                for p in placements {
                    let old: Option<i64> = was
                        .query_row([p.article], |r| r.get(0))
                        .optional()
                        .map_err(db("placing an article"))?
                        .flatten();
                    left.extend(old.filter(|&o| o != p.story));
                    up.execute(params![p.article, p.story, p.duplicate_of]).map_err(db("placing an article"))?;
                }
            }
            let placed: BTreeSet<i64> = placements.iter().map(|p| p.story).collect();
            let touched: BTreeSet<i64> = placed.union(&left).copied().collect();
            for story in &touched {
                let (created, updated, count, outlets): (Option<String>, Option<String>, i64, i64) = tx
                    .query_row(
                        "SELECT MIN(COALESCE(published, fetched_at)), MAX(COALESCE(published, fetched_at)),
                                COUNT(*), COUNT(DISTINCT source_name)
                         FROM articles WHERE story_id = ?1",
                        [story],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                    )
                    .map_err(db("counting a story"))?;
                let now = ts(Utc::now());
                tx.execute(
                    "INSERT INTO stories (id, created_at, updated_at, article_count, source_count)
                     VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at,
                        article_count = excluded.article_count, source_count = excluded.source_count,
                        merged_into = NULL",
                    params![story, created.unwrap_or_else(|| now.clone()), updated.unwrap_or(now), count, outlets],
                )
                .map_err(db("writing a story"))?;
            }
            // A story every article left is no longer listed or searched, and its id leads to
            // where its founding article went.
            for story in left.difference(&placed) {
                let emptied = tx
                    .execute(
                        "UPDATE stories SET merged_into =
                            (SELECT story_id FROM articles WHERE id = ?1 AND story_id != ?1)
                         WHERE id = ?1 AND article_count = 0",
                        [story],
                    )
                    .map_err(db("emptying a story"))?;
                if emptied > 0 {
                    tx.execute("DELETE FROM stories_fts WHERE rowid = ?1", [story]).map_err(db("emptying a story"))?;
                }
            }
            for (from, into) in merges {
                if from == into {
                    continue;
                }
                tx.execute("UPDATE stories SET merged_into = ?2, article_count = 0 WHERE id = ?1", params![from, into])
                    .map_err(db("merging a story"))?;
                tx.execute("DELETE FROM stories_fts WHERE rowid = ?1", [from]).map_err(db("merging a story"))?;
            }
            tx.commit().map_err(db("committing a clustering write"))
        })
    }

    fn stories(&self, q: &StoryQuery) -> Result<Vec<Story>> {
        self.read(|c| {
            let mut st = c
                .prepare(&format!(
                    "SELECT {STORY_COLS} FROM stories
                     WHERE merged_into IS NULL AND article_count > 0 AND (?1 IS NULL OR category = ?1)
                     ORDER BY updated_at DESC, id DESC LIMIT ?2 OFFSET ?3"
                ))
                .map_err(db("listing stories"))?;
            let rows = st
                .query_map(params![q.category, limit(q.limit), q.offset as i64], story_row)
                .map_err(db("listing stories"))?;
            rows.collect::<rusqlite::Result<Vec<_>>>().map_err(db("listing stories"))
        })
    }

    fn story(&self, id: i64) -> Result<Option<Story>> {
        self.read(|c| {
            c.query_row(
                &format!("SELECT {STORY_COLS} FROM stories WHERE id = ?1"),
                [id],
                story_row,
            )
            .optional()
            .map_err(db("reading a story"))
        })
    }

    fn story_articles(&self, id: i64) -> Result<Vec<Article>> {
        self.read(|c| {
            let mut st = c
                .prepare(&format!(
                    "SELECT {ARTICLE_COLS} FROM articles WHERE story_id = ?1
                     ORDER BY COALESCE(published, fetched_at), id"
                ))
                .map_err(db("reading a story's articles"))?;
            let rows = st
                .query_map([id], article_row)
                .map_err(db("reading a story's articles"))?;
            rows.collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db("reading a story's articles"))
        })
    }

    fn categories(&self) -> Result<Vec<(String, i64)>> {
        self.read(|c| {
            let mut st = c
                .prepare(
                    "SELECT category, COUNT(*) FROM stories
                     WHERE merged_into IS NULL AND article_count > 0 AND category IS NOT NULL
                     GROUP BY category ORDER BY COUNT(*) DESC, category",
                )
                .map_err(db("listing categories"))?;
            let rows = st
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(db("listing categories"))?;
            rows.collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db("listing categories"))
        })
    }

    fn set_related(&self, story_id: i64, related: &[String]) -> Result<()> {
        let json = serde_json::to_string(related).map_err(|e| StoreError::Corrupt {
            what: "related stories",
            detail: e.to_string(),
        })?;
        self.write(|c| {
            c.execute(
                "UPDATE digests SET json = json_set(json, '$.related', json(?2)) WHERE story_id = ?1",
                params![story_id, json],
            )
            .map(|_| ())
            .map_err(db("writing related stories"))
        })
    }

    fn put_digest(&self, story_id: i64, d: &Digest, input_hash: &str) -> Result<()> {
        let json = serde_json::to_string(d).map_err(|e| StoreError::Corrupt {
            what: "digest",
            detail: e.to_string(),
        })?;
        self.write(|c| {
            let tx = c.transaction().map_err(db("starting a digest write"))?;
            tx.execute(
                "INSERT INTO digests (story_id, input_hash, engine, json, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(story_id) DO UPDATE SET input_hash = excluded.input_hash,
                    engine = excluded.engine, json = excluded.json, created_at = excluded.created_at",
                params![story_id, input_hash, d.engine, json, ts(Utc::now())],
            )
            .map_err(db("writing a digest"))?;
            tx.execute("DELETE FROM citations WHERE story_id = ?1", [story_id]).map_err(db("clearing citations"))?;
            {
                let mut ins = tx
                    .prepare("INSERT INTO citations (story_id, field, item, article_id, sentence) VALUES (?1, ?2, ?3, ?4, ?5)")
                    .map_err(db("writing citations"))?;
                for (field, item, cit) in citation_rows(d) {
                    let Ok(article) = cit.article.parse::<i64>() else { continue };
                    ins.execute(params![story_id, field, item as i64, article, cit.sentence as i64])
                        .map_err(db("writing a citation"))?;
                }
            }
            let category = (!d.category.is_empty()).then_some(d.category.as_str());
            tx.execute(
                "UPDATE stories SET headline = ?2, category = COALESCE(?3, category) WHERE id = ?1",
                params![story_id, d.headline.text, category],
            )
            .map_err(db("titling a story"))?;
            let summary: Vec<&str> = d.summary.iter().map(|s| s.text.as_str()).collect();
            tx.execute("DELETE FROM stories_fts WHERE rowid = ?1", [story_id]).map_err(db("indexing a story"))?;
            tx.execute(
                "INSERT INTO stories_fts (rowid, headline, summary) VALUES (?1, ?2, ?3)",
                params![
                    story_id,
                    text::cjk_spaced(&d.headline.text),
                    text::cjk_spaced(&summary.join(" "))
                ],
            )
            .map_err(db("indexing a story"))?;
            tx.commit().map_err(db("committing a digest"))
        })
    }

    fn digest(&self, story_id: i64) -> Result<Option<StoredDigest>> {
        let row: Option<(String, String, Option<String>)> = self.read(|c| {
            c.query_row(
                "SELECT json, input_hash, created_at FROM digests WHERE story_id = ?1",
                [story_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(db("reading a digest"))
        })?;
        let Some((json, input_hash, created)) = row else {
            return Ok(None);
        };
        let digest: Digest = serde_json::from_str(&json).map_err(|e| StoreError::Corrupt {
            what: "digest",
            detail: format!("story {story_id}: {e}"),
        })?;
        Ok(Some(StoredDigest {
            digest,
            input_hash,
            created_at: parse_ts(created).unwrap_or_default(),
        }))
    }

    fn search_page(&self, q: &SearchQuery<'_>) -> Result<SearchResults> {
        let Some(fts) = fts_query(q.text) else {
            return Ok(SearchResults::default());
        };
        let lim = q.limit;
        let offset = i64::try_from(q.offset).unwrap_or(i64::MAX);
        // Relevance ranks the newest SEARCH_WINDOW matches (an FTS rowid lower bound); newest
        // first walks the index by rowid and needs no window.
        let relevance = q.order == SearchOrder::Relevance;
        let order = if relevance { "rank" } else { "f.rowid DESC" };
        let window = |t: &str| {
            if relevance {
                format!(
                    "AND f.rowid >= (SELECT coalesce(min(rowid), 0) FROM (SELECT rowid FROM {t}
                     WHERE {t} MATCH ?1 ORDER BY rowid DESC LIMIT ?3))"
                )
            } else {
                // The same four parameters bind either way.
                "AND ?3 > 0".to_string()
            }
        };
        self.read(|c| {
            let mut st = c
                .prepare(&format!(
                    "SELECT {}, snippet(stories_fts, -1, char(1), char(2), '…', 24) FROM stories_fts f
                     JOIN stories s ON s.id = f.rowid
                     WHERE stories_fts MATCH ?1 AND s.merged_into IS NULL {}
                     ORDER BY {order} LIMIT ?2 OFFSET ?4",
                    STORY_COLS.split(", ").map(|c| format!("s.{c}")).collect::<Vec<_>>().join(", "),
                    window("stories_fts")
                ))
                .map_err(db("searching stories"))?;
            let stories = st
                .query_map(params![fts, limit(lim), SEARCH_WINDOW, offset], |r| {
                    Ok(Hit { item: story_row(r)?, snippet_html: snippet_html(&r.get::<_, String>(8)?, q.text) })
                })
                .map_err(db("searching stories"))?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db("searching stories"))?;
            let mut st = c
                .prepare(&format!(
                    "SELECT {}, snippet(articles_fts, -1, char(1), char(2), '…', 24) FROM articles_fts f
                     JOIN articles a ON a.id = f.rowid
                     WHERE articles_fts MATCH ?1 AND a.duplicate_of IS NULL {}
                     ORDER BY {order} LIMIT ?2 OFFSET ?4",
                    ARTICLE_COLS.split(", ").map(|c| format!("a.{c}")).collect::<Vec<_>>().join(", "),
                    window("articles_fts")
                ))
                .map_err(db("searching articles"))?;
            let articles = st
                .query_map(params![fts, limit(lim), SEARCH_WINDOW, offset], |r| {
                    Ok(Hit { item: article_row(r)?, snippet_html: snippet_html(&r.get::<_, String>(16)?, q.text) })
                })
                .map_err(db("searching articles"))?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db("searching articles"))?;
            Ok(SearchResults { stories, articles })
        })
    }

    fn record_llm_call(&self, call: &LlmCall) -> Result<()> {
        self.write(|c| {
            c.execute(
                "INSERT INTO llm_calls (story_id, model, tokens_in, tokens_out, latency_ms, outcome, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![call.story_id, call.model, call.tokens_in, call.tokens_out, call.latency_ms, call.outcome, ts(Utc::now())],
            )
            .map_err(db("recording a model call"))?;
            Ok(())
        })
    }

    fn stats(&self) -> Result<Stats> {
        self.read(|c| {
            c.query_row(
                "SELECT (SELECT COUNT(*) FROM sources),
                        (SELECT COUNT(*) FROM sources WHERE last_error IS NOT NULL),
                        (SELECT COUNT(*) FROM articles),
                        (SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL),
                        (SELECT COUNT(*) FROM stories WHERE merged_into IS NULL AND article_count > 0),
                        (SELECT COUNT(*) FROM digests)",
                [],
                |r| {
                    Ok(Stats {
                        sources: r.get(0)?,
                        sources_failing: r.get(1)?,
                        articles: r.get(2)?,
                        duplicates: r.get(3)?,
                        stories: r.get(4)?,
                        digests: r.get(5)?,
                    })
                },
            )
            .map_err(db("counting"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The delete trigger removes what the insert trigger indexed (the spaced text): FTS5's
    /// integrity check passes and the article is no longer found.
    #[test]
    fn deleting_an_article_leaves_the_chinese_index_consistent() {
        let store = SqliteStore::in_memory().expect("store");
        let a = NewArticle {
            source_id: None,
            source_name: "A".into(),
            url: "http://a.test/1".into(),
            canonical_url: "http://a.test/1".into(),
            title: "四川雅安发生地震".into(),
            text: "当地政府已启动应急响应。".into(),
            content_hash: text::content_hash("当地政府已启动应急响应。"),
            ..NewArticle::default()
        };
        store.insert_article(&a, &[]).expect("insert");
        assert_eq!(store.search("地震", 10).expect("search").articles.len(), 1);
        store
            .write(|c| {
                c.execute("DELETE FROM articles", [])
                    .map_err(db("deleting"))?;
                c.execute_batch("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
                    .map_err(db("checking the index"))
            })
            .expect("delete and check");
        assert!(store
            .search("地震", 10)
            .expect("search")
            .articles
            .is_empty());
    }
}
