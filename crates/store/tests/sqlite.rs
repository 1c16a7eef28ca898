//! The SQLite store against a real database file: the shared store contract (contract/mod.rs),
//! then what is particular to SQLite.

mod contract;

use storyline_core::{Citation, Cited, Digest, NewArticle};
use storyline_store::{
    ArticleQuery, FetchOutcome, Inserted, Placement, SqliteStore, Store, StoryQuery,
};

fn article(source: i64, url: &str, text: &str) -> NewArticle {
    NewArticle {
        source_id: Some(source),
        source_name: format!("Outlet {source}"),
        url: url.into(),
        canonical_url: url.into(),
        title: format!("Title of {url}"),
        text: text.into(),
        content_hash: storyline_core::text::content_hash(text),
        ..NewArticle::default()
    }
}

#[test]
fn sources_articles_stories_digests_round_trip() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SqliteStore::open(&dir.path().join("s.db")).expect("open");
    let s1 = store
        .add_source("http://a.test/feed", "A", None)
        .expect("add");
    let again = store
        .add_source("http://a.test/feed", "A again", None)
        .expect("add twice");
    assert_eq!(s1.id, again.id);
    let s2 = store
        .add_source("http://b.test/feed", "B", None)
        .expect("add");

    let a1 = store
        .insert_article(
            &article(s1.id, "http://a.test/1", "Quake hits the coast."),
            &[],
        )
        .expect("insert");
    assert!(matches!(a1, Inserted::New(_)));
    // Same canonical URL: existing. Same text, same source, other URL: existing too.
    assert_eq!(
        store
            .insert_article(&article(s1.id, "http://a.test/1", "other"), &[])
            .expect("insert"),
        Inserted::Existing(a1.id())
    );
    let mut moved = article(s1.id, "http://a.test/1-moved", "Quake hits the coast.");
    moved.canonical_url = "http://a.test/1-moved".into();
    assert_eq!(
        store.insert_article(&moved, &[]).expect("insert"),
        Inserted::Existing(a1.id())
    );
    assert_eq!(
        store
            .article_id_by_url("http://a.test/1-moved")
            .expect("lookup"),
        Some(a1.id())
    );
    // Same text from another outlet is a separate article (syndication is linked, not dropped).
    let a2 = store
        .insert_article(
            &article(s2.id, "http://b.test/1", "Quake hits the coast."),
            &[],
        )
        .expect("insert");
    assert!(matches!(a2, Inserted::New(_)));

    store
        .apply_clustering(
            &[
                Placement {
                    article: a1.id(),
                    story: a1.id(),
                    duplicate_of: None,
                },
                Placement {
                    article: a2.id(),
                    story: a1.id(),
                    duplicate_of: Some(a1.id()),
                },
            ],
            &[],
        )
        .expect("cluster");
    let stories = store
        .stories(&StoryQuery {
            limit: 10,
            ..Default::default()
        })
        .expect("stories");
    assert_eq!(stories.len(), 1);
    assert_eq!(stories[0].article_count, 2);
    assert_eq!(stories[0].source_count, 2);
    assert_eq!(store.story_articles(a1.id()).expect("articles").len(), 2);

    let digest = Digest {
        headline: Cited {
            text: "Quake hits the coast".into(),
            citations: vec![Citation {
                article: a1.id().to_string(),
                sentence: 0,
            }],
        },
        summary: vec![Cited {
            text: "Quake hits the coast.".into(),
            citations: vec![Citation {
                article: a1.id().to_string(),
                sentence: 0,
            }],
        }],
        category: "World".into(),
        engine: "builtin".into(),
        ..Digest::default()
    };
    store.put_digest(a1.id(), &digest, "h1").expect("digest");
    let stored = store.digest(a1.id()).expect("read").expect("present");
    assert_eq!(stored.digest, digest);
    assert_eq!(stored.input_hash, "h1");
    assert_eq!(
        store
            .story(a1.id())
            .expect("story")
            .expect("present")
            .category
            .as_deref(),
        Some("World")
    );
    assert_eq!(
        store.categories().expect("cats"),
        vec![("World".to_string(), 1)]
    );

    let hits = store.search("quake coa", 10).expect("search");
    assert_eq!(hits.stories.len(), 1);
    assert!(hits.stories[0].snippet_html.contains("<mark>"));
    assert_eq!(hits.articles.len(), 2);
    let hostile = store
        .search("\"<script>\" OR *", 10)
        .expect("hostile query is safe");
    assert!(hostile.articles.is_empty());

    store
        .record_fetch(s2.id, &FetchOutcome::Error("HTTP 500".into()))
        .expect("record");
    let s2 = store.source(s2.id).expect("source").expect("present");
    assert_eq!(s2.last_error.as_deref(), Some("HTTP 500"));
    assert_eq!(s2.error_count, 1);
    assert_eq!(store.stats().expect("stats").sources_failing, 1);
    assert_eq!(
        store
            .articles(&ArticleQuery {
                source_id: Some(s1.id),
                ..Default::default()
            })
            .expect("list")
            .len(),
        1
    );

    // Merging: the absorbed story disappears from listings and points at the survivor.
    store
        .apply_clustering(
            &[Placement {
                article: a2.id(),
                story: a2.id(),
                duplicate_of: None,
            }],
            &[],
        )
        .expect("split");
    store
        .apply_clustering(
            &[Placement {
                article: a2.id(),
                story: a1.id(),
                duplicate_of: None,
            }],
            &[(a2.id(), a1.id())],
        )
        .expect("merge");
    assert_eq!(
        store
            .story(a2.id())
            .expect("story")
            .expect("present")
            .merged_into,
        Some(a1.id())
    );
    assert_eq!(
        store
            .stories(&StoryQuery::default())
            .expect("stories")
            .len(),
        1
    );
}

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
