//! The PostgreSQL store against a real server: the shared store contract (contract/mod.rs), then
//! what is particular to PostgreSQL (calls from inside tokio, concurrency, migrations, reconnects).
//!
//! The server is named by `STORYLINE_TEST_PG_URL` (test.sh starts one with scripts/pg-server.sh);
//! without it these tests skip with a message. Each test makes a database of its own, dropped
//! afterwards, so they run in parallel.

mod contract;

use std::sync::Arc;
use storyline_store::{PostgresStore, Store, StoreError, StoryQuery};

/// A fresh database on the test server, dropped (after its store) at the end of the test.
struct TestDb {
    server: String,
    name: String,
    url: String,
    store: Option<PostgresStore>,
}

impl std::ops::Deref for TestDb {
    type Target = dyn Store;
    fn deref(&self) -> &(dyn Store + 'static) {
        self.store.as_ref().expect("open store")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        self.store.take();
        if let Err(e) = PostgresStore::drop_database(&self.server, &self.name) {
            eprintln!("could not drop test database {}: {e}", self.name);
        }
    }
}

fn server() -> Option<String> {
    match std::env::var("STORYLINE_TEST_PG_URL") {
        Ok(u) if !u.trim().is_empty() => Some(u),
        _ => {
            eprintln!(
                "SKIPPED: STORYLINE_TEST_PG_URL is not set (scripts/pg-server.sh start prints one)"
            );
            None
        }
    }
}

/// A database without a store yet.
fn empty_db() -> Option<TestDb> {
    let server = server()?;
    let name = contract::unique("storyline_t");
    let url = PostgresStore::create_database(&server, &name).expect("create a test database");
    Some(TestDb {
        server,
        name,
        url,
        store: None,
    })
}

fn fresh() -> Option<TestDb> {
    let mut db = empty_db()?;
    db.store = Some(PostgresStore::open(&db.url).expect("open the store"));
    Some(db)
}

contract_tests!(fresh());

#[test]
fn reopening_keeps_data_and_runs_each_migration_once() {
    let Some(mut db) = empty_db() else { return };
    {
        let store = PostgresStore::open(&db.url).expect("open");
        store
            .add_source("http://a.test/feed", "A", None)
            .expect("add");
    }
    // Two opens at once (two processes starting together) migrate once between them.
    let url = db.url.clone();
    let other = std::thread::spawn(move || PostgresStore::open(&url).map(|_| ()));
    let store = PostgresStore::open(&db.url).expect("reopen");
    other.join().expect("join").expect("concurrent open");
    assert_eq!(store.sources().expect("sources").len(), 1);
    db.store = Some(store);
}

/// Makes `db` a database of schema `version` (the first `version` migrations, recorded as
/// applied) holding `rows` (SQL run after the schema).
fn old_database(db: &TestDb, version: usize, rows: &str) {
    let applied: Vec<String> = (1..=version).map(|v| format!("({v})")).collect();
    contract::sql(
        &db.url,
        &format!(
            "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY,
                 applied_at TIMESTAMPTZ NOT NULL DEFAULT now());
             {}
             INSERT INTO schema_migrations (version) VALUES {};
             {rows}",
            storyline_store::PG_MIGRATIONS[..version].join("\n"),
            applied.join(", ")
        ),
    );
}

/// A database made by the first release (schema version 1, search without accent folding)
/// upgrades when opened: its articles are found with or without accents.
#[test]
fn a_version_one_database_upgrades_to_accent_folding_search() {
    let Some(mut db) = empty_db() else { return };
    old_database(
        &db,
        1,
        "INSERT INTO articles (source_name, url, canonical_url, title, fetched_at, text,
                               content_hash)
         VALUES ('A', 'http://a.test/1', 'http://a.test/1', 'Café Müller reopens', now(),
                 'The café in Zürich reopened.', 'h');",
    );
    let store = PostgresStore::open(&db.url).expect("open and upgrade");
    for q in ["cafe zurich", "Café Zürich", "muller"] {
        assert_eq!(
            store.search(q, 10).expect("search").articles.len(),
            1,
            "{q}"
        );
    }
    let versions = contract::sql(&db.url, "SELECT version FROM schema_migrations ORDER BY 1");
    assert_eq!(versions.len(), storyline_store::PG_MIGRATIONS.len());
    db.store = Some(store);
}

/// A database made before migration 5 (a Chinese run indexed as one word, 'COVID-19' as 'covid'
/// and '-19') is reindexed when opened.
#[test]
fn a_version_four_database_upgrades_to_chinese_search() {
    let Some(mut db) = empty_db() else { return };
    old_database(
        &db,
        4,
        "INSERT INTO articles (id, source_name, url, canonical_url, title, fetched_at, text,
                               content_hash, story_id)
         VALUES (7, 'A', 'http://a.test/1', 'http://a.test/1', '四川雅安发生地震', now(),
                 '当地政府已启动应急响应。COVID-19 cases rose.', 'h', 7);
         INSERT INTO article_search (article_id, search)
             SELECT id, to_tsvector('storyline'::regconfig, title || ' ' || text) FROM articles;
         INSERT INTO stories (id, created_at, updated_at, article_count, source_count, headline)
         VALUES (7, now(), now(), 1, 1, '雅安发生地震');
         INSERT INTO story_search (story_id, headline, summary)
         VALUES (7, '雅安发生地震', '四川雅安发生地震。');",
    );
    let store = PostgresStore::open(&db.url).expect("open and upgrade");
    contract::an_upgraded_store_finds_chinese_and_punctuated_words(&store);
    db.store = Some(store);
}

#[test]
fn hostile_and_nul_text_is_stored_without_nul() {
    let Some(db) = fresh() else { return };
    let s = db
        .add_source("http://a.test/feed", "A\0B", None)
        .expect("NUL in a title");
    assert_eq!(s.title, "AB");
    let mut a = contract::article(s.id, "http://a.test/1", "Text with a \0 NUL.");
    a.title = "Ti\0tle".into();
    let id = db.insert_article(&a, &[]).expect("insert").id();
    let got = db.article(id).expect("read").expect("present");
    assert_eq!(
        (got.title.as_str(), got.text.as_str()),
        ("Title", "Text with a  NUL.")
    );
    assert_eq!(
        db.article_id_by_url("http://a.test/1").expect("lookup"),
        Some(id)
    );
}

/// From inside a current-thread runtime (as in `#[tokio::test]` or an axum handler on one): the
/// store never starts or blocks on a runtime of the caller's.
#[tokio::test]
async fn works_inside_a_current_thread_runtime() {
    let Some(mut db) = empty_db() else { return };
    let store = PostgresStore::open(&db.url).expect("open inside a runtime");
    let s = store
        .add_source("http://a.test/feed", "A", None)
        .expect("write inside a runtime");
    assert_eq!(store.sources().expect("read inside a runtime"), vec![s]);
    // And from a task of that runtime.
    let store = Arc::new(store);
    let st = store.clone();
    let n = tokio::spawn(async move { st.stats().map(|s| s.sources) })
        .await
        .expect("join")
        .expect("stats");
    assert_eq!(n, 1);
    db.store = Arc::into_inner(store);
}

/// From many tasks of a multi-thread runtime at once, reads and writes interleaved (the web
/// serving several requests while the pipeline writes).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn works_from_a_multi_thread_runtime_under_concurrency() {
    let Some(db) = empty_db() else { return };
    let store: Arc<dyn Store> = Arc::new(PostgresStore::open(&db.url).expect("open"));
    let src = store
        .add_source("http://a.test/feed", "A", None)
        .expect("add");
    let mut tasks = Vec::new();
    for t in 0..8 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..10 {
                let url = format!("http://a.test/{}", i % 5);
                let text = format!("Shared text number {}.", i % 5);
                let id = store
                    .insert_article(&contract::article(src.id, &url, &text), &[])
                    .map_err(|e| e.to_string())?
                    .id();
                store.article(id).map_err(|e| e.to_string())?;
                store.search("shared", 5).map_err(|e| e.to_string())?;
                store
                    .stories(&StoryQuery::default())
                    .map_err(|e| e.to_string())?;
                if t == 0 {
                    tokio::task::yield_now().await;
                }
            }
            Ok::<(), String>(())
        }));
    }
    for t in tasks {
        t.await.expect("join").expect("task");
    }
    // 8 tasks raced to insert the same 5 articles: each is stored once.
    assert_eq!(store.stats().expect("stats").articles, 5);
    // The store closes its connections before the database is dropped.
    drop(store);
    drop(db);
}

/// When the server drops the store's connections (a restart, an admin), the store reconnects.
#[test]
fn reconnects_after_the_server_drops_its_connections() {
    let Some(db) = fresh() else { return };
    db.add_source("http://a.test/feed", "A", None).expect("add");
    let kill = format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{}'",
        db.name
    );
    contract::sql(&db.server, &kill);
    // Reads are retried on a new connection right away.
    for _ in 0..5 {
        assert_eq!(db.sources().expect("read after the kill").len(), 1);
        assert!(db
            .search("x", 5)
            .expect("search after the kill")
            .articles
            .is_empty());
    }
    // Writes are not retried (a lost commit cannot be told from a failed one), but once the
    // server has closed the connection the next write uses a new one.
    std::thread::sleep(std::time::Duration::from_millis(300));
    db.add_source("http://b.test/feed", "B", None)
        .expect("write after reconnect");
    assert_eq!(db.stats().expect("stats").sources, 2);
    contract::sql(&db.server, &kill);
    std::thread::sleep(std::time::Duration::from_millis(300));
    db.add_source("http://c.test/feed", "C", None)
        .expect("write after a second kill");
    assert_eq!(db.stats().expect("stats").sources, 3);
    // Every reading connection has its statements prepared; after a kill that each of them
    // notices before its next query, none uses a statement of its old connection.
    for _ in 0..16 {
        assert_eq!(db.stats().expect("stats before the kill").sources, 3);
    }
    contract::sql(&db.server, &kill);
    std::thread::sleep(std::time::Duration::from_millis(300));
    for _ in 0..16 {
        assert_eq!(db.stats().expect("stats after the kill").sources, 3);
    }
    // The article insert runs statements prepared on the writer's connection: after a kill they
    // are prepared again on the new one.
    let source = db.sources().expect("sources")[0].id;
    let first = db
        .insert_article(&contract::article(source, "http://a.test/1", "One."), &[])
        .expect("insert before the kill");
    contract::sql(&db.server, &kill);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let second = db
        .insert_article(&contract::article(source, "http://a.test/2", "Two."), &[])
        .expect("insert after the kill");
    assert_ne!(first.id(), second.id());
    assert_eq!(db.stats().expect("stats").articles, 2);
}

#[test]
fn bad_urls_and_unreachable_servers_are_named_without_the_password() {
    match PostgresStore::open("postgres://alice:s3cret@127.0.0.1:1/nope") {
        Err(e @ StoreError::PgConnect { .. }) => {
            let msg = e.to_string();
            assert!(msg.contains("127.0.0.1:1"), "{msg}");
            assert!(!msg.contains("s3cret"), "{msg}");
        }
        Err(e) => panic!("unexpected error: {e}"),
        Ok(_) => panic!("connected to port 1"),
    }
    let e = PostgresStore::open("postgres://alice:s3cret@db.test/x?sslmode=requier")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        e.contains("sslmode=requier") && !e.contains("s3cret"),
        "{e}"
    );
    let Some(server) = server() else { return };
    // A wrong database on a real server.
    let e = PostgresStore::open(&storyline_store::with_dbname(&server, "no_such_db_here"))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("no_such_db_here"), "{e}");
}
