//! Storyline on PostgreSQL, end to end over real HTTP on loopback: the demo corpus through the
//! whole pipeline into a real PostgreSQL server (in process next to a SQLite run of the same, and
//! through the binary with `--db postgres://...`), the web front serving from it, and a crash
//! mid-ingest that loses nothing.
//!
//! The server is named by `STORYLINE_TEST_PG_URL` (test.sh starts one with scripts/pg-server.sh);
//! without it these tests skip with a message. Each test uses a database of its own.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use storyline::config::Config;
use storyline::desk;
use storyline::origin::{self, Corpus};
use storyline_store::{ArticleQuery, PostgresStore, Store, StoryQuery};
use storyline_web::Metrics;

/// A fresh database on the test server, dropped at the end of the test.
struct TestDb {
    server: String,
    name: String,
    url: String,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Err(e) = PostgresStore::drop_database(&self.server, &self.name) {
            eprintln!("could not drop test database {}: {e}", self.name);
        }
    }
}

fn test_db() -> Option<TestDb> {
    let server = match std::env::var("STORYLINE_TEST_PG_URL") {
        Ok(u) if !u.trim().is_empty() => u,
        _ => {
            eprintln!(
                "SKIPPED: STORYLINE_TEST_PG_URL is not set (scripts/pg-server.sh start prints one)"
            );
            return None;
        }
    };
    static N: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let name = format!(
        "storyline_e2e_{}_{}_{}",
        std::process::id(),
        nanos,
        N.fetch_add(1, Ordering::Relaxed)
    );
    let url = PostgresStore::create_database(&server, &name).expect("create a test database");
    Some(TestDb { server, name, url })
}

fn free_port() -> String {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
        .to_string()
}

fn all_articles(store: &dyn Store) -> Vec<storyline_core::Article> {
    store.articles(&ArticleQuery::default()).expect("articles")
}

/// What a run produced, independent of ids and of the origin's port: per story, the URL paths of
/// its articles, and the digest's headline.
fn outcome(store: &dyn Store) -> BTreeMap<BTreeSet<String>, String> {
    let mut out = BTreeMap::new();
    for s in store.stories(&StoryQuery::default()).expect("stories") {
        let paths: BTreeSet<String> = store
            .story_articles(s.id)
            .expect("story articles")
            .iter()
            .map(|a| {
                url::Url::parse(&a.canonical_url)
                    .map(|u| u.path().to_owned())
                    .unwrap_or_default()
            })
            .collect();
        let headline = store
            .digest(s.id)
            .expect("digest")
            .map(|d| d.digest.headline.text)
            .unwrap_or_default();
        out.insert(paths, headline);
    }
    out
}

async fn run_pipeline(cfg: &Config, server: &origin::OriginServer) -> Arc<dyn Store> {
    let store = desk::open_store(cfg).expect("store");
    for (url, title) in &server.feeds {
        store.add_source(url, title, None).expect("source");
    }
    let p = desk::pipeline(cfg, store.clone(), Arc::new(Metrics::default())).expect("pipeline");
    let report = p.run_once(&|_| {}).await.expect("run");
    assert_eq!(report.sources_failed, 0, "{report:?}");
    let again = p.run_once(&|_| {}).await.expect("second run");
    assert_eq!(again.new_articles, 0, "{again:?}");
    assert_eq!(again.digests, 0, "{again:?}");
    store
}

/// The demo corpus into PostgreSQL and into SQLite, in process (the pipeline and the web front
/// call the store from inside tokio): the same stories with the same digests come out, and the
/// web front serves pages and search from PostgreSQL.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_into_postgres_matches_sqlite_and_serves_the_web() {
    let Some(db) = test_db() else { return };
    let corpus = Corpus::embedded().expect("corpus");
    let server = origin::start(corpus.clone(), 0).await.expect("origin");
    let dir = tempfile::tempdir().expect("tempdir");
    let mut sqlite_cfg = Config {
        database: dir.path().join("e2e.db"),
        ..Config::default()
    };
    sqlite_cfg.fetch.allow_private = true;
    sqlite_cfg.fetch.per_host = 8;
    let pg_cfg = Config {
        database: db.url.clone().into(),
        ..sqlite_cfg.clone()
    };
    pg_cfg.validate().expect("a postgres:// database is valid");
    assert!(pg_cfg.postgres_url().is_some());

    let pg = run_pipeline(&pg_cfg, &server).await;
    let sqlite = run_pipeline(&sqlite_cfg, &server).await;

    let stored = all_articles(pg.as_ref());
    assert_eq!(stored.len(), corpus.articles().len(), "every article once");
    let urls: BTreeSet<&str> = stored.iter().map(|a| a.canonical_url.as_str()).collect();
    assert_eq!(urls.len(), stored.len());
    let (ps, ss) = (pg.stats().expect("stats"), sqlite.stats().expect("stats"));
    eprintln!("postgres: {ps:?}\nsqlite:   {ss:?}");
    assert_eq!(ps, ss);
    assert!(ps.stories > 0 && ps.digests == ps.stories, "{ps:?}");
    assert_eq!(outcome(pg.as_ref()), outcome(sqlite.as_ref()));
    assert_eq!(
        pg.categories().expect("categories"),
        sqlite.categories().expect("categories")
    );

    // The web front on PostgreSQL.
    let state = desk::web_state(
        &pg_cfg,
        pg.clone(),
        Arc::new(Metrics::default()),
        None,
        None,
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let web = tokio::spawn(async move {
        let _ = axum::serve(listener, storyline_web::app(state)).await;
    });
    let client = reqwest::Client::new();
    let stories = pg.stories(&StoryQuery::default()).expect("stories");
    let front = client
        .get(format!("http://{addr}/"))
        .send()
        .await
        .expect("front page");
    assert!(front.status().is_success());
    let front = front.text().await.expect("body");
    assert!(front.contains(&format!("/story/{}", stories[0].id)));
    // Several requests at once, each a store call from an async handler.
    let pages = stories.iter().take(6).map(|s| {
        let client = client.clone();
        let url = format!("http://{addr}/story/{}", s.id);
        tokio::spawn(async move {
            let r = client.get(&url).send().await.map_err(|e| e.to_string())?;
            let ok = r.status().is_success();
            let body = r.text().await.map_err(|e| e.to_string())?;
            Ok::<_, String>((ok, body))
        })
    });
    for p in pages {
        let (ok, body) = p.await.expect("join").expect("story page");
        assert!(ok && body.contains("machine-written"));
    }
    let word = stories[0]
        .headline
        .as_deref()
        .and_then(|h| {
            storyline_core::text::words(h)
                .into_iter()
                .max_by_key(|w| w.len())
        })
        .expect("a headline word");
    let found = pg.search(&word, 10).expect("search");
    assert!(
        found.stories.iter().any(|h| h.item.id == stories[0].id),
        "{word}: {found:?}"
    );
    let page = client
        .get(format!("http://{addr}/search?q={word}"))
        .send()
        .await
        .expect("search page");
    assert!(page.status().is_success());
    assert!(page.text().await.expect("body").contains("<mark>"));
    web.abort();
    server.stop().await;
    drop(pg);
    drop(sqlite);
}

fn demo(db: &TestDb, port: &str) -> Command {
    demo_into(&db.url, port)
}

fn demo_into(url: &str, port: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_storyline"));
    c.args(["demo", "--no-serve", "--origin-port", port])
        .args(["--listen", &format!("127.0.0.1:{}", free_port())])
        .args(["--db", url])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    c
}

/// The binary with `--db postgres://...`: stories and digests land in PostgreSQL, and a second
/// run duplicates nothing.
#[test]
fn the_binary_demo_into_postgres_twice_duplicates_nothing() {
    let Some(db) = test_db() else { return };
    let port = free_port();
    assert!(demo(&db, &port).status().expect("run").success());
    let first = {
        let store = PostgresStore::open(&db.url).expect("open");
        let st = store.stats().expect("stats");
        let outcome = outcome(&store);
        (st, outcome)
    };
    let corpus = Corpus::embedded().expect("corpus");
    assert_eq!(first.0.articles as usize, corpus.articles().len());
    assert!(
        first.0.stories > 0 && first.0.digests == first.0.stories,
        "{:?}",
        first.0
    );
    assert!(demo(&db, &port).status().expect("run").success());
    let store = PostgresStore::open(&db.url).expect("open");
    assert_eq!(store.stats().expect("stats"), first.0);
    assert_eq!(outcome(&store), first.1);
    let sources = store.sources().expect("sources");
    assert_eq!(
        sources.len(),
        sources
            .iter()
            .map(|s| &s.url)
            .collect::<BTreeSet<_>>()
            .len()
    );
}

/// A crash (SIGKILL) in the middle of an ingest into PostgreSQL loses nothing already stored and
/// leaves no half-written state: the next run completes the work.
#[cfg(unix)]
#[test]
fn killed_mid_ingest_into_postgres_then_resumed() {
    use std::time::{Duration, Instant};
    let Some(db) = test_db() else { return };
    let port = free_port();
    let mut killed = 0;
    for delay_ms in [150u64, 300, 500, 700, 1000] {
        let mut child = demo(&db, &port).spawn().expect("spawn storyline");
        let start = Instant::now();
        while start.elapsed() < Duration::from_millis(delay_ms) {
            if let Ok(Some(_)) = child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        if child.try_wait().expect("wait").is_none() {
            child.kill().expect("SIGKILL");
            killed += 1;
        }
        let _ = child.wait();
        // Whatever was committed is whole: every article's story (if any) is a stored story.
        let store = PostgresStore::open(&db.url).expect("open after a kill");
        eprintln!(
            "after {delay_ms} ms: {:?}",
            store.stats().expect("stats after a kill")
        );
        for a in all_articles(&store) {
            if let Some(s) = a.story_id {
                assert!(
                    store.story(s).expect("story").is_some(),
                    "article {} -> {s}",
                    a.id
                );
            }
        }
    }
    assert!(demo(&db, &port).status().expect("run").success());
    let store = PostgresStore::open(&db.url).expect("open");
    let corpus = Corpus::embedded().expect("corpus");
    let stats = store.stats().expect("stats");
    eprintln!("killed {killed} times; after resume: {stats:?}");
    assert_eq!(stats.articles as usize, corpus.articles().len());
    for s in store.stories(&StoryQuery::default()).expect("stories") {
        let arts = store.story_articles(s.id).expect("articles");
        assert_eq!(arts.len() as i64, s.article_count, "story {}", s.id);
        assert!(
            store.digest(s.id).expect("digest").is_some(),
            "story {}",
            s.id
        );
    }
}

/// The binary over TLS (the test server's certificate is signed by the CA in
/// `STORYLINE_TEST_PG_CA`): `verify-full` with that CA runs the demo into PostgreSQL; without the
/// CA, or with a CA file that is not there, it stops with a message that says why and shows no
/// password.
#[test]
fn the_binary_over_tls_checks_the_server_certificate() {
    let Some(db) = test_db() else { return };
    let ca = match std::env::var("STORYLINE_TEST_PG_CA") {
        Ok(c) if !c.trim().is_empty() => c,
        _ => {
            eprintln!(
                "SKIPPED: STORYLINE_TEST_PG_CA is not set (`scripts/pg-server.sh ca` prints it)"
            );
            return;
        }
    };
    let port = free_port();
    let with_password = db
        .url
        .replacen("postgres://postgres@", "postgres://postgres:s3cret@", 1);
    assert_ne!(
        with_password, db.url,
        "the test server URL names the user postgres"
    );
    for (params, says) in [
        ("sslmode=require", "the server's certificate is not trusted"),
        (
            "sslmode=verify-full&sslrootcert=/nonexistent/ca.pem",
            "cannot read the CA file sslrootcert=/nonexistent/ca.pem",
        ),
    ] {
        let url = format!("{with_password}?{params}");
        let out = Command::new(env!("CARGO_BIN_EXE_storyline"))
            .args(["demo", "--no-serve", "--origin-port", &port])
            .args(["--listen", &format!("127.0.0.1:{}", free_port())])
            .args(["--db", &url])
            .output()
            .expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{params}: {stderr}");
        assert!(stderr.contains(says), "{params}: {stderr}");
        assert!(!stderr.contains("s3cret"), "{params}: {stderr}");
        eprintln!("{params}: {}", stderr.trim());
    }
    let tls_url = format!("{}?sslmode=verify-full&sslrootcert={ca}", db.url);
    assert!(demo_into(&tls_url, &port).status().expect("run").success());
    let store = PostgresStore::open(&tls_url).expect("open over TLS");
    let corpus = Corpus::embedded().expect("corpus");
    assert_eq!(
        store.stats().expect("stats").articles as usize,
        corpus.articles().len()
    );
}
