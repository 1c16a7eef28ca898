//! The SQLite store against a real database file: the shared store contract (contract/mod.rs),
//! then what is particular to SQLite.

mod contract;

use storyline_store::{SqliteStore, Store};

#[test]
fn reopening_keeps_data_and_schema() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("s.db");
    {
        let store = SqliteStore::open(&path).expect("open");
        store
            .add_source("http://a.test/feed", "A", None)
            .expect("add");
    }
    let store = SqliteStore::open(&path).expect("reopen");
    assert_eq!(store.sources().expect("sources").len(), 1);
}

/// A database made before migration 4 (a Chinese run indexed as one word) is reindexed when
/// opened.
#[test]
fn a_version_three_database_upgrades_to_chinese_search() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("old.db");
    {
        let raw = rusqlite::Connection::open(&path).expect("raw");
        for sql in &storyline_store::SQLITE_MIGRATIONS[..3] {
            raw.execute_batch(sql).expect("old schema");
        }
        raw.execute_batch(
            "PRAGMA user_version = 3;
             INSERT INTO articles (id, source_name, url, canonical_url, title, fetched_at, text,
                                   content_hash, story_id)
             VALUES (7, 'A', 'http://a.test/1', 'http://a.test/1', '四川雅安发生地震', '2026-01-01T00:00:00Z',
                     '当地政府已启动应急响应。COVID-19 cases rose.', 'h', 7);
             INSERT INTO stories (id, created_at, updated_at, article_count, source_count,
                                  headline)
             VALUES (7, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 1, 1, '雅安发生地震');
             INSERT INTO stories_fts (rowid, headline, summary)
             VALUES (7, '雅安发生地震', '四川雅安发生地震。');",
        )
        .expect("old rows");
        let old: i64 = raw
            .query_row(
                "SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH '\"地 震\"'",
                [],
                |r| r.get(0),
            )
            .expect("old search");
        assert_eq!(old, 0, "the old index reads the run as one word");
    }
    let store = SqliteStore::open(&path).expect("open and upgrade");
    contract::an_upgraded_store_finds_chinese_and_punctuated_words(&store);
}

/// A store on a fresh database file, deleted with it.
struct TempStore {
    store: SqliteStore,
    _dir: tempfile::TempDir,
}

impl std::ops::Deref for TempStore {
    type Target = dyn Store;
    fn deref(&self) -> &(dyn Store + 'static) {
        &self.store
    }
}

fn fresh() -> Option<TempStore> {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SqliteStore::open(&dir.path().join("contract.db")).expect("open");
    Some(TempStore { store, _dir: dir })
}

contract_tests!(fresh());

/// A shared feed key not seen for `SHARED_KEY_DAYS` days is forgotten: no longer given, and
/// deleted when the source's keys are next written.
#[test]
fn shared_feed_keys_unseen_for_long_are_forgotten() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("s.db");
    let store = SqliteStore::open(&path).expect("open");
    let s = store
        .add_source("http://a.test/feed", "A", None)
        .expect("add");
    let keys = |link: &str| storyline_store::SharedKeys {
        links: [link.to_string()].into(),
        ..Default::default()
    };
    store
        .remember_shared_keys(s.id, &keys("https://a.test/live/old"))
        .expect("remember");
    let raw = rusqlite::Connection::open(&path).expect("raw");
    let old = (chrono::Utc::now() - chrono::Duration::days(storyline_store::SHARED_KEY_DAYS + 1))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    raw.execute("UPDATE source_shared_keys SET seen_at = ?1", [&old])
        .expect("age");
    assert!(store.shared_keys(s.id).expect("keys").is_empty());
    store
        .remember_shared_keys(s.id, &keys("https://a.test/live/new"))
        .expect("remember");
    assert_eq!(
        store.shared_keys(s.id).expect("keys"),
        keys("https://a.test/live/new")
    );
    let rows: i64 = raw
        .query_row("SELECT COUNT(*) FROM source_shared_keys", [], |r| r.get(0))
        .expect("count");
    assert_eq!(rows, 1, "the old key is deleted");
}

/// One store for every case of the property test below.
fn searched_store() -> &'static SqliteStore {
    static STORE: std::sync::OnceLock<(tempfile::TempDir, SqliteStore)> =
        std::sync::OnceLock::new();
    let (_, store) = STORE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = SqliteStore::open(&dir.path().join("q.db")).expect("open");
        let s = store
            .add_source("http://a.test/feed", "A", None)
            .expect("add");
        store
            .insert_article(
                &contract::article(s.id, "http://a.test/1", "Plain words only."),
                &[],
            )
            .expect("insert");
        (dir, store)
    });
    store
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

    /// Whatever is typed into the search box (quotes, minus signs, OR, FTS5 and tsquery syntax,
    /// any letters), the query built from it is valid: a search answers, never errs.
    #[test]
    fn any_typed_query_is_a_valid_search(
        parts in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::strategy::Just("\"".to_string()),
                proptest::strategy::Just("-".to_string()),
                proptest::strategy::Just(" OR ".to_string()),
                proptest::strategy::Just(" AND ".to_string()),
                proptest::strategy::Just(" ".to_string()),
                proptest::strategy::Just("'s".to_string()),
                proptest::strategy::Just("plain".to_string()),
                "[a-z]{1,6}",
                "[*()^:&|!<>{}+~\\[\\]“”„'.,-]",
                "\\PC{1,3}",
            ],
            0..12,
        )
    ) {
        let q: String = parts.concat();
        proptest::prop_assert!(searched_store().search(&q, 10).is_ok(), "{:?}", q);
    }
}
