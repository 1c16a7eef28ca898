//! The store contract, written once against `&dyn Store` and run against every implementation
//! (tests/sqlite.rs, tests/postgres.rs). Each function starts from an empty store.

#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use storyline_core::{Citation, Cited, Digest, NewArticle};
use storyline_store::{
    ArticleQuery, FetchOutcome, FetchProblems, Inserted, LlmCall, Placement, SearchOrder,
    SearchQuery, SharedKeys, Store, StoryQuery, SEARCH_WINDOW, SHARED_KEYS_PER_SOURCE,
};

/// Generates one `#[test]` per contract function, each on a fresh store from `$make`
/// (an expression giving `Option<impl Deref<Target = dyn Store>>`; `None` skips).
#[macro_export]
macro_rules! contract_tests {
    ($make:expr) => {
        $crate::contract_tests!(@each $make;
            sources_are_added_once_listed_and_removed,
            fetch_outcomes_update_the_source,
            shared_feed_keys_are_remembered_per_source,
            articles_dedup_by_url_alias_and_text,
            articles_query_orders_filters_and_pages,
            articles_after_replays_in_arrival_order,
            clustering_picks_up_from_the_newest_placed_articles,
            the_desk_state_is_remembered,
            a_story_its_articles_all_left_is_unlisted_and_redirects,
            clustering_counts_merges_and_redirects,
            a_big_batch_is_placed_and_the_last_placement_wins,
            stories_order_filter_and_page,
            categories_count_live_stories,
            digests_round_trip_with_input_hash,
            search_finds_stories_and_articles_with_marked_snippets,
            search_folds_accents,
            search_finds_chinese_and_japanese_words,
            search_finds_korean_words_before_their_particles,
            search_finds_words_joined_by_punctuation,
            search_finds_either_number_of_an_english_word,
            search_reads_phrases_alternatives_and_left_out_words,
            search_of_a_common_word_ranks_the_newest_matches,
            search_is_safe_with_hostile_queries,
            hostile_text_round_trips,
            a_huge_article_is_stored_whole_and_found,
            times_are_kept_to_the_second,
            llm_calls_are_recorded,
            stats_count_everything,
            the_original_round_trip,
        );
    };
    (@each $make:expr; $($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let Some(store) = $make else { return };
                contract::$name(&*store);
            }
        )*
    };
}

pub fn article(source: i64, url: &str, text: &str) -> NewArticle {
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

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, hour, 0, 0)
        .single()
        .expect("a valid time")
}

fn dated(source: i64, url: &str, text: &str, published: DateTime<Utc>) -> NewArticle {
    NewArticle {
        published: Some(published),
        ..article(source, url, text)
    }
}

/// A name no other test (or test process) uses, for a database, role or password.
pub fn unique(prefix: &str) -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "{prefix}_{}_{}_{}",
        std::process::id(),
        nanos,
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// Runs SQL on a connection of its own (as the store connects, with the URL's sslmode) and
/// returns the first column of every row as text.
pub fn sql(url: &str, sql: &str) -> Vec<String> {
    let (url, sql) = (url.to_owned(), sql.to_owned());
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async {
            let cfg = storyline_store::postgres_config(&url).expect("config");
            let (client, conn) = cfg.connect().await.expect("admin connection");
            tokio::spawn(conn);
            let rows = client.simple_query(&sql).await.expect("admin SQL");
            rows.iter()
                .filter_map(|m| match m {
                    tokio_postgres::SimpleQueryMessage::Row(r) => {
                        Some(r.get(0).unwrap_or("").to_owned())
                    }
                    _ => None,
                })
                .collect()
        })
    })
    .join()
    .expect("admin thread")
}

/// Two sources, A and B.
fn two_sources(store: &dyn Store) -> (storyline_core::Source, storyline_core::Source) {
    let a = store
        .add_source("http://a.test/feed", "A", None)
        .expect("add");
    let b = store
        .add_source("http://b.test/feed", "B", None)
        .expect("add");
    (a, b)
}

/// Inserts an article (no alias URLs) and gives its id, new or existing.
fn insert(store: &dyn Store, article: &NewArticle) -> i64 {
    store.insert_article(article, &[]).expect("insert").id()
}

fn place(article: i64, story: i64) -> Placement {
    Placement {
        article,
        story,
        duplicate_of: None,
    }
}

fn all() -> ArticleQuery {
    ArticleQuery::default()
}

fn ids<T>(items: &[T], id: impl Fn(&T) -> i64) -> Vec<i64> {
    items.iter().map(id).collect()
}

fn digest(headline: &str, summary: &str, category: &str, article: i64) -> Digest {
    let cite = vec![Citation {
        article: article.to_string(),
        sentence: 0,
    }];
    Digest {
        headline: Cited {
            text: headline.into(),
            citations: cite.clone(),
        },
        summary: vec![Cited {
            text: summary.into(),
            citations: cite.clone(),
        }],
        takeaways: vec![Cited {
            text: "A takeaway.".into(),
            citations: cite,
        }],
        category: category.into(),
        engine: "builtin".into(),
        ..Digest::default()
    }
}

pub fn sources_are_added_once_listed_and_removed(store: &dyn Store) {
    let b = store
        .add_source("http://b.test/feed", "beta", Some("http://b.test/"))
        .expect("add");
    let a = store
        .add_source("http://a.test/feed", "Alpha", None)
        .expect("add");
    let again = store
        .add_source("http://a.test/feed", "Alpha again", None)
        .expect("add twice");
    assert_eq!(again.id, a.id);
    assert_eq!(again.title, "Alpha", "the first title stays");
    assert_eq!(b.site_url.as_deref(), Some("http://b.test/"));
    assert_eq!(b.kind, "unknown");
    assert_eq!((b.error_count, b.article_count), (0, 0));
    // Titles in byte order ("A" < "b"), then id.
    let listed = store.sources().expect("sources");
    assert_eq!(ids(&listed, |s| s.id), vec![a.id, b.id]);
    let z = store
        .add_source("http://z.test/feed", "Zed", None)
        .expect("add");
    let listed = store.sources().expect("sources");
    assert_eq!(
        listed.iter().map(|s| s.title.as_str()).collect::<Vec<_>>(),
        vec!["Alpha", "Zed", "beta"],
        "byte order, upper case first"
    );
    assert_eq!(store.source(z.id).expect("source"), Some(z.clone()));
    assert_eq!(
        store.source_by_url("http://z.test/feed").expect("by url"),
        Some(z.clone())
    );
    assert_eq!(
        store.source_by_url("http://nope.test/").expect("by url"),
        None
    );
    assert_eq!(store.source(999_999).expect("source"), None);

    // Articles keep their outlet name when their source goes.
    let art = store
        .insert_article(&article(z.id, "http://z.test/1", "Zed says hello."), &[])
        .expect("insert");
    assert_eq!(
        store.source(z.id).expect("source").map(|s| s.article_count),
        Some(1)
    );
    assert!(store.remove_source(z.id).expect("remove"));
    assert!(!store.remove_source(z.id).expect("remove again"));
    assert_eq!(store.source(z.id).expect("source"), None);
    let kept = store.article(art.id()).expect("article").expect("kept");
    assert_eq!(kept.source_id, None);
    assert_eq!(kept.source_name, format!("Outlet {}", z.id));
    assert_eq!(store.sources().expect("sources").len(), 2);
}

/// Links and ids a feed shared among entries are kept per source, added to by later polls, and
/// go with their source.
pub fn shared_feed_keys_are_remembered_per_source(store: &dyn Store) {
    let (a, b) = two_sources(store);
    assert_eq!(
        store.shared_keys(a.id).expect("keys"),
        SharedKeys::default()
    );
    let keys = |links: &[&str], ids: &[&str]| SharedKeys {
        links: links.iter().map(|s| s.to_string()).collect(),
        ids: ids.iter().map(|s| s.to_string()).collect(),
    };
    let live = "https://a.test/live/election";
    store
        .remember_shared_keys(a.id, &keys(&[live], &["1"]))
        .expect("remember");
    // Seen again, and a new one: one row each, the ids and links apart.
    store
        .remember_shared_keys(a.id, &keys(&[live, "https://a.test/live/storm"], &[]))
        .expect("remember again");
    store
        .remember_shared_keys(a.id, &SharedKeys::default())
        .expect("remember nothing");
    assert_eq!(
        store.shared_keys(a.id).expect("keys"),
        keys(&[live, "https://a.test/live/storm"], &["1"])
    );
    assert_eq!(
        store.shared_keys(b.id).expect("keys"),
        SharedKeys::default()
    );
    // Hostile keys round-trip (PostgreSQL text cannot hold NUL: it is dropped there).
    store
        .remember_shared_keys(
            b.id,
            &keys(&["https://b.test/'; DROP TABLE sources; --"], &["é\u{0}"]),
        )
        .expect("remember hostile");
    let got = store.shared_keys(b.id).expect("keys");
    assert_eq!(got.links.len() + got.ids.len(), 2, "{got:?}");
    // A source keeps at most SHARED_KEYS_PER_SOURCE of them.
    let many = SharedKeys {
        ids: (0..=SHARED_KEYS_PER_SOURCE)
            .map(|i| format!("id-{i}"))
            .collect(),
        ..SharedKeys::default()
    };
    store
        .remember_shared_keys(b.id, &many)
        .expect("remember many");
    assert_eq!(
        store.shared_keys(b.id).expect("keys").len() as i64,
        SHARED_KEYS_PER_SOURCE
    );
    assert!(store.remove_source(a.id).expect("remove"));
    assert_eq!(
        store.shared_keys(a.id).expect("keys"),
        SharedKeys::default()
    );
}

/// A successful fetch that changes nothing on the source but what it is given.
fn success(moved_to: Option<&str>, problems: Option<FetchProblems>) -> FetchOutcome {
    FetchOutcome::Success {
        title: None,
        site_url: None,
        kind: None,
        etag: None,
        last_modified: None,
        moved_to: moved_to.map(str::to_string),
        problems,
    }
}

pub fn fetch_outcomes_update_the_source(store: &dyn Store) {
    let s = store
        .add_source("http://a.test/feed", "http://a.test/feed", None)
        .expect("add");
    assert_eq!(s.last_fetch_at, None);
    store
        .record_fetch(
            s.id,
            &FetchOutcome::Success {
                title: Some("Alpha News".into()),
                site_url: Some("http://a.test/".into()),
                kind: Some("rss".into()),
                etag: Some("\"e1\"".into()),
                last_modified: Some("Tue, 03 Mar 2026 10:00:00 GMT".into()),
                moved_to: None,
                problems: None,
            },
        )
        .expect("record");
    let s1 = store.source(s.id).expect("source").expect("present");
    assert_eq!(
        s1.title, "Alpha News",
        "a title that was the URL is replaced"
    );
    assert_eq!(s1.site_url.as_deref(), Some("http://a.test/"));
    assert_eq!(s1.kind, "rss");
    assert_eq!(s1.etag.as_deref(), Some("\"e1\""));
    assert!(s1.last_fetch_at.is_some() && s1.last_success_at.is_some());
    assert_eq!(s1.last_fetch_at, s1.last_success_at);

    // A named source keeps its name; `None` fields stay as they were.
    store
        .record_fetch(
            s.id,
            &FetchOutcome::Success {
                title: Some("Other".into()),
                site_url: None,
                kind: None,
                etag: None,
                last_modified: None,
                moved_to: None,
                problems: None,
            },
        )
        .expect("record");
    let s2 = store.source(s.id).expect("source").expect("present");
    assert_eq!(s2.title, "Alpha News");
    assert_eq!(s2.kind, "rss");
    assert_eq!(s2.etag.as_deref(), Some("\"e1\""));

    for n in 1..=2 {
        store
            .record_fetch(s.id, &FetchOutcome::Error(format!("HTTP 50{n}")))
            .expect("record");
    }
    let s3 = store.source(s.id).expect("source").expect("present");
    assert_eq!(s3.error_count, 2);
    assert_eq!(s3.last_error.as_deref(), Some("HTTP 502"));
    assert_eq!(s3.last_success_at, s2.last_success_at);
    assert_eq!(store.stats().expect("stats").sources_failing, 1);

    store
        .record_fetch(s.id, &success(None, None))
        .expect("record");
    let s4 = store.source(s.id).expect("source").expect("present");
    assert_eq!((s4.error_count, s4.last_error.as_deref()), (0, None));
    assert_eq!(store.stats().expect("stats").sources_failing, 0);
    // An unknown source is no error (nothing to update).
    store
        .record_fetch(424_242, &FetchOutcome::Error("x".into()))
        .expect("unknown source");

    // A permanent redirect moves the source, unless another source already has that address.
    let moved = |to: &str| success(Some(to), None);
    store
        .record_fetch(s.id, &moved("https://a.test/rss"))
        .expect("record");
    let s5 = store.source(s.id).expect("source").expect("present");
    assert_eq!(s5.url, "https://a.test/rss");
    assert_eq!(s5.title, "Alpha News");
    assert_eq!(
        store
            .source_by_url("https://a.test/rss")
            .expect("by url")
            .map(|x| x.id),
        Some(s.id)
    );
    let other = store
        .add_source("http://b.test/feed", "Beta", None)
        .expect("add");
    store
        .record_fetch(s.id, &moved("http://b.test/feed"))
        .expect("a taken address is no error");
    let s6 = store.source(s.id).expect("source").expect("present");
    assert_eq!(
        s6.url, "https://a.test/rss",
        "a taken address is not followed"
    );
    assert_eq!(
        store.source(other.id).expect("source").map(|x| x.url),
        Some("http://b.test/feed".to_string())
    );

    // What went wrong inside a fetch that read the feed is kept until the next read: a 304 (no
    // problems given) or a failed fetch leaves it, a clean read clears it.
    assert_eq!(s6.problems, FetchProblems::default());
    let read = |problems: FetchProblems| success(None, Some(problems));
    let long = format!("https://a.test/ferry\u{0}: {}", "é".repeat(400));
    store
        .record_fetch(
            s.id,
            &read(FetchProblems {
                entries_unreadable: 2,
                pages_failed: 3,
                page_error: Some(long),
            }),
        )
        .expect("record");
    let p = store
        .source(s.id)
        .expect("source")
        .expect("present")
        .problems;
    assert_eq!((p.entries_unreadable, p.pages_failed), (2, 3));
    let e = p.page_error.expect("a page error");
    assert!(e.starts_with("https://a.test/ferry"), "{e}");
    assert!(
        e.chars().count() <= FetchProblems::MAX_ERROR_CHARS,
        "{}",
        e.len()
    );
    store
        .record_fetch(s.id, &FetchOutcome::Error("HTTP 503".into()))
        .expect("record");
    store
        .record_fetch(s.id, &success(None, None))
        .expect("a 304 gives no problems");
    let kept = store.source(s.id).expect("source").expect("present");
    assert_eq!(
        (kept.problems.entries_unreadable, kept.problems.pages_failed),
        (2, 3)
    );
    assert_eq!(kept.last_error, None);
    store
        .record_fetch(s.id, &read(FetchProblems::default()))
        .expect("record");
    let clean = store.source(s.id).expect("source").expect("present");
    assert_eq!(clean.problems, FetchProblems::default());
}

pub fn articles_dedup_by_url_alias_and_text(store: &dyn Store) {
    let (s1, s2) = two_sources(store);
    let mut first = article(s1.id, "http://a.test/1?utm=x", "Quake hits the coast.");
    first.canonical_url = "http://a.test/1".into();
    let a1 = store
        .insert_article(&first, &["http://a.test/amp/1".to_string()])
        .expect("insert");
    assert!(matches!(a1, Inserted::New(_)));
    for url in [
        "http://a.test/1",
        "http://a.test/1?utm=x",
        "http://a.test/amp/1",
    ] {
        assert_eq!(
            store.article_id_by_url(url).expect("lookup"),
            Some(a1.id()),
            "{url}"
        );
    }
    assert_eq!(
        store.article_id_by_url("http://a.test/2").expect("lookup"),
        None
    );

    // Same canonical URL, other text: existing.
    assert_eq!(
        store
            .insert_article(&article(s1.id, "http://a.test/1", "Different words."), &[])
            .expect("insert"),
        Inserted::Existing(a1.id())
    );
    // Arriving under an alias as its canonical URL: existing, and its own URL is remembered.
    let mut via_alias = article(s2.id, "http://mirror.test/x", "Unrelated text.");
    via_alias.canonical_url = "http://a.test/amp/1".into();
    assert_eq!(
        store.insert_article(&via_alias, &[]).expect("insert"),
        Inserted::Existing(a1.id())
    );
    assert_eq!(
        store
            .article_id_by_url("http://mirror.test/x")
            .expect("lookup"),
        Some(a1.id())
    );
    // A new article naming a known URL among its aliases: existing.
    assert_eq!(
        store
            .insert_article(
                &article(s2.id, "http://b.test/new", "Brand new text."),
                &["http://a.test/1?utm=x".to_string()]
            )
            .expect("insert"),
        Inserted::Existing(a1.id())
    );
    // The same title and text from the same source under another URL: existing (normalised
    // text).
    let moved = NewArticle {
        title: first.title.clone(),
        ..article(s1.id, "http://a.test/1-moved", "quake  HITS the coast")
    };
    assert_eq!(
        store.insert_article(&moved, &[]).expect("insert"),
        Inserted::Existing(a1.id())
    );
    // The same text under another title is another item (feeds give every item one teaser):
    // a separate article.
    let teaser = article(s1.id, "http://a.test/other", "Quake hits the coast.");
    assert!(matches!(
        store.insert_article(&teaser, &[]).expect("insert"),
        Inserted::New(_)
    ));
    assert_eq!(
        store
            .article_id_by_url("http://a.test/1-moved")
            .expect("lookup"),
        Some(a1.id())
    );
    // Same text from another outlet: a separate article.
    let a2 = store
        .insert_article(
            &article(s2.id, "http://b.test/1", "Quake hits the coast."),
            &[],
        )
        .expect("insert");
    assert!(matches!(a2, Inserted::New(_)));
    assert_ne!(a2.id(), a1.id());
    // Without a source, the outlet name decides (NULL source ids compare equal).
    let mut loose = article(0, "http://c.test/1", "Loose text.");
    loose.source_id = None;
    loose.source_name = "Loose".into();
    let l1 = store.insert_article(&loose, &[]).expect("insert");
    let mut loose2 = loose.clone();
    loose2.url = "http://c.test/2".into();
    loose2.canonical_url = loose2.url.clone();
    assert_eq!(
        store.insert_article(&loose2, &[]).expect("insert"),
        Inserted::Existing(l1.id())
    );
    loose2.source_name = "Other loose".into();
    loose2.url = "http://c.test/3".into();
    loose2.canonical_url = loose2.url.clone();
    assert!(matches!(
        store.insert_article(&loose2, &[]).expect("insert"),
        Inserted::New(_)
    ));

    // Headlines with no text from one source are not copies of each other: an empty text says
    // nothing about which article it is.
    let h1 = store
        .insert_article(&article(s1.id, "http://a.test/h1", ""), &[])
        .expect("insert");
    let h2 = store
        .insert_article(&article(s1.id, "http://a.test/h2", " "), &[])
        .expect("insert");
    assert!(matches!((h1, h2), (Inserted::New(_), Inserted::New(_))));
    assert_ne!(h1.id(), h2.id());
    let stored = store.article(a1.id()).expect("article").expect("present");
    assert_eq!(stored.url, "http://a.test/1?utm=x");
    assert_eq!(stored.canonical_url, "http://a.test/1");
    assert_eq!(stored.text, "Quake hits the coast.");
    assert_eq!(stored.source_id, Some(s1.id));
    assert_eq!((stored.story_id, stored.duplicate_of), (None, None));
    assert_eq!(store.article(999_999).expect("article"), None);
    assert_eq!(store.stats().expect("stats").articles, 7);
}

pub fn articles_query_orders_filters_and_pages(store: &dyn Store) {
    let (s1, s2) = two_sources(store);
    let old = insert(
        store,
        &dated(s1.id, "http://a.test/old", "Old news.", at(1, 9)),
    );
    let new = insert(
        store,
        &dated(s2.id, "http://b.test/new", "New news.", at(3, 9)),
    );
    let tie1 = insert(
        store,
        &dated(s1.id, "http://a.test/t1", "Tie one.", at(2, 9)),
    );
    let tie2 = insert(
        store,
        &dated(s2.id, "http://b.test/t2", "Tie two.", at(2, 9)),
    );
    // Undated: its fetch time (now) counts, which is after every dated one.
    let undated = insert(store, &article(s1.id, "http://a.test/u", "Undated news."));
    let listed = store.articles(&all()).expect("list");
    assert_eq!(ids(&listed, |a| a.id), vec![undated, new, tie2, tie1, old]);
    let page = store
        .articles(&ArticleQuery {
            limit: 2,
            offset: 1,
            ..all()
        })
        .expect("page");
    assert_eq!(ids(&page, |a| a.id), vec![new, tie2]);
    let past_end = store
        .articles(&ArticleQuery {
            limit: 5,
            offset: 10,
            ..all()
        })
        .expect("page");
    assert!(past_end.is_empty());
    let of_s1 = store
        .articles(&ArticleQuery {
            source_id: Some(s1.id),
            ..all()
        })
        .expect("by source");
    assert_eq!(ids(&of_s1, |a| a.id), vec![undated, tie1, old]);

    store
        .apply_clustering(&[place(old, old), place(tie1, old)], &[])
        .expect("cluster");
    let of_story = store
        .articles(&ArticleQuery {
            story_id: Some(old),
            ..all()
        })
        .expect("by story");
    assert_eq!(ids(&of_story, |a| a.id), vec![tie1, old]);
    let both = store
        .articles(&ArticleQuery {
            source_id: Some(s2.id),
            story_id: Some(old),
            ..all()
        })
        .expect("both");
    assert!(both.is_empty());
}

pub fn articles_after_replays_in_arrival_order(store: &dyn Store) {
    let s = store
        .add_source("http://a.test/feed", "A", None)
        .expect("add");
    let mut got = Vec::new();
    for (i, day) in [3u32, 1, 2].into_iter().enumerate() {
        let url = format!("http://a.test/{i}");
        got.push(insert(
            store,
            &dated(s.id, &url, &format!("Text {i}."), at(day, 8)),
        ));
    }
    let replay = store.articles_after(0, 0).expect("replay");
    assert_eq!(ids(&replay, |a| a.id), got);
    let rest = store.articles_after(got[0], 1).expect("replay");
    assert_eq!(ids(&rest, |a| a.id), vec![got[1]]);
    assert!(store.articles_after(got[2], 10).expect("replay").is_empty());
}

pub fn clustering_picks_up_from_the_newest_placed_articles(store: &dyn Store) {
    let s = store
        .add_source("http://a.test/feed", "A", None)
        .expect("add");
    assert_eq!(store.clustered_since(10, None).expect("empty"), None);
    let ids: Vec<i64> = (0..5u32)
        .map(|i| {
            insert(
                store,
                &dated(
                    s.id,
                    &format!("http://a.test/{i}"),
                    &format!("Text {i}."),
                    at(1 + i, 8),
                ),
            )
        })
        .collect();
    assert_eq!(
        store.clustered_since(10, None).expect("none placed"),
        None,
        "no article is placed yet"
    );
    // The first four are placed (the fifth arrived after the last clustering).
    store
        .apply_clustering(
            &ids[..4]
                .iter()
                .map(|&a| place(a, ids[0]))
                .collect::<Vec<_>>(),
            &[],
        )
        .expect("cluster");
    assert_eq!(store.clustered_since(2, None).expect("two"), Some(ids[2]));
    assert_eq!(store.clustered_since(4, None).expect("four"), Some(ids[0]));
    assert_eq!(store.clustered_since(100, None).expect("all"), Some(ids[0]));
    // Leaving out those dated before day 3 (published, else fetched).
    let day3 = Some(at(3, 0));
    assert_eq!(
        store.clustered_since(100, day3).expect("dated"),
        Some(ids[2])
    );
    assert_eq!(
        store.clustered_since(1, day3).expect("newest"),
        Some(ids[3])
    );
    assert_eq!(
        store.clustered_since(100, Some(at(9, 0))).expect("none"),
        None
    );
}

/// Regrouping the store (new clustering settings) can move every article out of a story without
/// a merge: the story is no longer listed or found, and its id leads to its founder's new story.
pub fn a_story_its_articles_all_left_is_unlisted_and_redirects(store: &dyn Store) {
    let (s1, s2) = two_sources(store);
    let a = insert(
        store,
        &dated(
            s1.id,
            "http://a.test/1",
            "Velmont port strike ends.",
            at(1, 8),
        ),
    );
    let b = insert(
        store,
        &dated(
            s2.id,
            "http://b.test/1",
            "Velmont dockers end their strike.",
            at(1, 9),
        ),
    );
    let c = insert(
        store,
        &dated(s1.id, "http://a.test/2", "Velmont port reopens.", at(2, 8)),
    );
    store
        .apply_clustering(&[place(a, a), place(b, a), place(c, c)], &[])
        .expect("cluster");
    store
        .put_digest(
            a,
            &digest(
                "Velmont port strike ends",
                "Dockers end their strike.",
                "World",
                a,
            ),
            "h",
        )
        .expect("digest");
    assert!(store
        .search("strike", 10)
        .expect("search")
        .stories
        .iter()
        .any(|s| s.item.id == a));
    // Regrouped: all three are one story under `c` (a placement, not a merge).
    store
        .apply_clustering(&[place(a, c), place(b, c), place(c, c)], &[])
        .expect("regroup");
    let listed: Vec<i64> = store
        .stories(&StoryQuery {
            category: None,
            limit: 10,
            offset: 0,
        })
        .expect("stories")
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(listed, vec![c]);
    let gone = store.story(a).expect("story").expect("row kept");
    assert_eq!((gone.article_count, gone.merged_into), (0, Some(c)));
    let sc = store.story(c).expect("story").expect("present");
    assert_eq!((sc.article_count, sc.source_count), (3, 2));
    assert!(
        store
            .search("strike", 10)
            .expect("search")
            .stories
            .iter()
            .all(|s| s.item.id != a),
        "the emptied story is not found"
    );
}

pub fn the_desk_state_is_remembered(store: &dyn Store) {
    assert_eq!(store.state("clustering").expect("read"), None);
    store.set_state("clustering", "1:abc").expect("write");
    store.set_state("other", "x").expect("write");
    store.set_state("clustering", "2:def").expect("overwrite");
    assert_eq!(
        store.state("clustering").expect("read").as_deref(),
        Some("2:def")
    );
    assert_eq!(store.state("other").expect("read").as_deref(), Some("x"));
}

pub fn clustering_counts_merges_and_redirects(store: &dyn Store) {
    let (s1, s2) = two_sources(store);
    let a = insert(
        store,
        &dated(s1.id, "http://a.test/1", "Port grows.", at(1, 8)),
    );
    let b = insert(
        store,
        &dated(s2.id, "http://b.test/1", "Port grows.", at(2, 8)),
    );
    let c = insert(
        store,
        &dated(s1.id, "http://a.test/2", "Port grows more.", at(3, 8)),
    );
    store
        .apply_clustering(
            &[
                place(a, a),
                Placement {
                    article: b,
                    story: a,
                    duplicate_of: Some(a),
                },
                place(c, c),
            ],
            &[],
        )
        .expect("cluster");
    let sa = store.story(a).expect("story").expect("present");
    assert_eq!((sa.article_count, sa.source_count), (2, 2));
    assert_eq!((sa.created_at, sa.updated_at), (at(1, 8), at(2, 8)));
    assert_eq!(sa.merged_into, None);
    let sc = store.story(c).expect("story").expect("present");
    assert_eq!((sc.article_count, sc.source_count), (1, 1));
    let arts = store.story_articles(a).expect("articles");
    assert_eq!(ids(&arts, |x| x.id), vec![a, b], "oldest first");
    assert_eq!(arts[1].duplicate_of, Some(a));
    assert_eq!(arts[1].story_id, Some(a));
    assert_eq!(store.stats().expect("stats").duplicates, 1);
    // Re-applying the same placements changes nothing.
    store
        .apply_clustering(&[place(a, a), place(c, c)], &[])
        .expect("again");
    assert_eq!(
        store.story(a).expect("story").map(|s| s.article_count),
        Some(2)
    );

    // c's story merges into a's: c moves, its story redirects and leaves the listings.
    store
        .apply_clustering(&[place(c, a)], &[(c, a), (a, a)])
        .expect("merge");
    let sc = store.story(c).expect("story").expect("still there");
    assert_eq!((sc.merged_into, sc.article_count), (Some(a), 0));
    let sa = store.story(a).expect("story").expect("present");
    assert_eq!((sa.article_count, sa.updated_at), (3, at(3, 8)));
    assert_eq!(
        ids(
            &store.stories(&StoryQuery::default()).expect("stories"),
            |s| s.id
        ),
        vec![a]
    );
    assert_eq!(
        ids(&store.story_articles(a).expect("articles"), |x| x.id),
        vec![a, b, c]
    );
    assert!(store.story_articles(c).expect("articles").is_empty());
    // A story placed into again comes back from a merge.
    store.apply_clustering(&[place(c, c)], &[]).expect("split");
    let sc = store.story(c).expect("story").expect("present");
    assert_eq!((sc.merged_into, sc.article_count), (None, 1));
    assert_eq!(store.story(777_777).expect("story"), None);
    // A story with no placements: no row appears.
    store.apply_clustering(&[], &[]).expect("nothing");
    assert_eq!(store.stats().expect("stats").stories, 2);
}

pub fn a_big_batch_is_placed_and_the_last_placement_wins(store: &dyn Store) {
    let (s1, s2) = two_sources(store);
    let mut made = Vec::new();
    for i in 0..300 {
        let src = if i % 2 == 0 { s1.id } else { s2.id };
        made.push(insert(
            store,
            &dated(
                src,
                &format!("http://x.test/{i}"),
                &format!("Item {i}."),
                at(1 + i % 20, 6),
            ),
        ));
    }
    // Ten stories of thirty; the first article is placed twice, last into story 9's.
    let mut placements: Vec<Placement> = made
        .iter()
        .enumerate()
        .map(|(i, &id)| place(id, made[(i % 10) * 30]))
        .collect();
    placements.push(place(made[0], made[9 * 30]));
    store.apply_clustering(&placements, &[]).expect("cluster");
    let stories = store.stories(&StoryQuery::default()).expect("stories");
    assert_eq!(stories.len(), 10);
    let first = store.story(made[0]).expect("story").expect("present");
    assert_eq!((first.article_count, first.source_count), (29, 1));
    let ninth = store.story(made[9 * 30]).expect("story").expect("present");
    assert_eq!((ninth.article_count, ninth.source_count), (31, 2));
    assert_eq!(
        store.article(made[0]).expect("article").map(|a| a.story_id),
        Some(Some(made[9 * 30]))
    );
    let total: i64 = stories.iter().map(|s| s.article_count).sum();
    assert_eq!(total, 300);
}

pub fn stories_order_filter_and_page(store: &dyn Store) {
    let s = store
        .add_source("http://a.test/feed", "A", None)
        .expect("add");
    let mut made = Vec::new();
    for (i, day) in [2u32, 4, 1, 4].into_iter().enumerate() {
        let id = insert(
            store,
            &dated(
                s.id,
                &format!("http://a.test/{i}"),
                &format!("Story {i}."),
                at(day, 7),
            ),
        );
        made.push(id);
    }
    let placements: Vec<Placement> = made.iter().map(|&id| place(id, id)).collect();
    store.apply_clustering(&placements, &[]).expect("cluster");
    // Newest update first; ties by id, newest first.
    let listed = store.stories(&StoryQuery::default()).expect("stories");
    assert_eq!(
        ids(&listed, |s| s.id),
        vec![made[3], made[1], made[0], made[2]]
    );
    let page = store
        .stories(&StoryQuery {
            limit: 2,
            offset: 1,
            ..StoryQuery::default()
        })
        .expect("page");
    assert_eq!(ids(&page, |s| s.id), vec![made[1], made[0]]);
    store
        .put_digest(
            made[0],
            &digest("Zero", "Story zero.", "Science", made[0]),
            "h",
        )
        .expect("digest");
    store
        .put_digest(
            made[2],
            &digest("Two", "Story two.", "Science", made[2]),
            "h",
        )
        .expect("digest");
    let science = store
        .stories(&StoryQuery {
            category: Some("Science".into()),
            ..StoryQuery::default()
        })
        .expect("by category");
    assert_eq!(ids(&science, |s| s.id), vec![made[0], made[2]]);
    assert_eq!(science[0].headline.as_deref(), Some("Zero"));
    let none = store
        .stories(&StoryQuery {
            category: Some("science".into()),
            ..StoryQuery::default()
        })
        .expect("by category");
    assert!(none.is_empty(), "categories match exactly");
}

pub fn categories_count_live_stories(store: &dyn Store) {
    let s = store
        .add_source("http://a.test/feed", "A", None)
        .expect("add");
    let mut made = Vec::new();
    for i in 0..5 {
        made.push(insert(
            store,
            &article(s.id, &format!("http://a.test/{i}"), &format!("Event {i}.")),
        ));
    }
    let placements: Vec<Placement> = made.iter().map(|&id| place(id, id)).collect();
    store.apply_clustering(&placements, &[]).expect("cluster");
    for (i, cat) in ["sport", "World", "World", "Business", "sport"]
        .iter()
        .enumerate()
    {
        store
            .put_digest(made[i], &digest("H", "S.", cat, made[i]), "h")
            .expect("digest");
    }
    // Most stories first, then name in byte order.
    assert_eq!(
        store.categories().expect("cats"),
        vec![
            ("World".to_string(), 2),
            ("sport".to_string(), 2),
            ("Business".to_string(), 1)
        ]
    );
    // A merged story no longer counts; an empty category keeps the old one.
    store
        .apply_clustering(&[place(made[4], made[0])], &[(made[4], made[0])])
        .expect("merge");
    store
        .put_digest(made[3], &digest("H2", "S.", "", made[3]), "h2")
        .expect("digest");
    assert_eq!(
        store.categories().expect("cats"),
        vec![
            ("World".to_string(), 2),
            ("Business".to_string(), 1),
            ("sport".to_string(), 1)
        ]
    );
}

pub fn digests_round_trip_with_input_hash(store: &dyn Store) {
    let s = store
        .add_source("http://a.test/feed", "A", None)
        .expect("add");
    let a = insert(
        store,
        &article(s.id, "http://a.test/1", "Quake hits the coast."),
    );
    store
        .apply_clustering(&[place(a, a)], &[])
        .expect("cluster");
    assert_eq!(store.digest(a).expect("digest"), None);
    let mut d = digest("Quake hits the coast", "Quake hits the coast.", "World", a);
    d.field_engines
        .insert("summary".into(), "openai:small".into());
    d.reading_minutes = 3;
    d.related = vec!["12".into()];
    store.put_digest(a, &d, "hash-1").expect("put");
    let got = store.digest(a).expect("digest").expect("present");
    assert_eq!(got.digest, d);
    assert_eq!(got.input_hash, "hash-1");
    let age = Utc::now() - got.created_at;
    assert!(age.num_seconds() >= 0 && age.num_seconds() < 120, "{age}");
    let story = store.story(a).expect("story").expect("present");
    assert_eq!(story.headline.as_deref(), Some("Quake hits the coast"));
    assert_eq!(story.category.as_deref(), Some("World"));

    let mut d2 = digest("Quake: the aftermath", "Roads reopen.", "", a);
    d2.engine = "openai:small".into();
    store.put_digest(a, &d2, "hash-2").expect("replace");
    let got = store.digest(a).expect("digest").expect("present");
    assert_eq!(
        (got.digest, got.input_hash.as_str()),
        (d2.clone(), "hash-2")
    );
    let story = store.story(a).expect("story").expect("present");
    assert_eq!(story.headline.as_deref(), Some("Quake: the aftermath"));
    assert_eq!(story.category.as_deref(), Some("World"), "kept");
    assert_eq!(store.stats().expect("stats").digests, 1);

    // Related stories change alone: the rest of the digest, its hash and its time stay.
    let before = store.digest(a).expect("digest").expect("present");
    let related = vec!["7".to_string(), "9'\"<x>".to_string()];
    store.set_related(a, &related).expect("set related");
    let got = store.digest(a).expect("digest").expect("present");
    let mut want = d2.clone();
    want.related = related;
    assert_eq!(got.digest, want);
    assert_eq!(
        (got.input_hash.as_str(), got.created_at),
        ("hash-2", before.created_at)
    );
    store.set_related(a, &[]).expect("clear related");
    assert!(store
        .digest(a)
        .expect("d")
        .expect("p")
        .digest
        .related
        .is_empty());
    // A story without a digest is left alone.
    store
        .set_related(a + 1000, &["1".to_string()])
        .expect("no digest");
    assert_eq!(store.digest(a + 1000).expect("digest"), None);
}

pub fn search_finds_stories_and_articles_with_marked_snippets(store: &dyn Store) {
    let s = store
        .add_source("http://a.test/feed", "A", None)
        .expect("add");
    let quake = store
        .insert_article(
            &article(
                s.id,
                "http://a.test/1",
                "A strong quake hit the coast of Tarrow at dawn; the coastguard answered <fast> & well.",
            ),
            &[],
        )
        .expect("insert")
        .id();
    let port = insert(
        store,
        &article(
            s.id,
            "http://a.test/2",
            "The port expansion was approved by the council.",
        ),
    );
    let both = insert(
        store,
        &article(
            s.id,
            "http://a.test/3",
            "After the quake, the port stayed closed.",
        ),
    );
    store
        .apply_clustering(
            &[place(quake, quake), place(port, port), place(both, quake)],
            &[],
        )
        .expect("cluster");
    store
        .put_digest(
            quake,
            &digest(
                "Quake hits Tarrow",
                "A strong quake hit the coast.",
                "World",
                quake,
            ),
            "h",
        )
        .expect("digest");
    store
        .put_digest(
            port,
            &digest(
                "Port expansion approved",
                "The council said yes.",
                "Business",
                port,
            ),
            "h",
        )
        .expect("digest");

    let hits = store.search("quake coa", 10).expect("search");
    assert_eq!(ids(&hits.stories, |h| h.item.id), vec![quake]);
    assert!(
        hits.stories[0].snippet_html.contains("<mark>"),
        "{:?}",
        hits.stories[0]
    );
    assert_eq!(ids(&hits.articles, |h| h.item.id), vec![quake]);
    let snip = &hits.articles[0].snippet_html;
    assert!(snip.contains("<mark>quake</mark>"), "{snip}");
    assert!(snip.contains("<mark>coast</mark>"), "{snip}");
    assert!(!snip.contains("<fast>"), "snippets are escaped: {snip}");
    assert_eq!(
        hits.articles[0].item.text,
        store.article(quake).expect("a").expect("a").text
    );

    // Every word is required; the last one may be a prefix; case does not matter.
    let hits = store.search("QUAKE", 10).expect("search");
    let mut found = ids(&hits.articles, |h| h.item.id);
    found.sort_unstable();
    assert_eq!(found, vec![quake, both]);
    let hits = store.search("port quake", 10).expect("search");
    assert_eq!(ids(&hits.articles, |h| h.item.id), vec![both]);
    let hits = store.search("expan", 10).expect("search");
    assert_eq!(ids(&hits.stories, |h| h.item.id), vec![port]);
    assert_eq!(ids(&hits.articles, |h| h.item.id), vec![port]);
    assert!(store
        .search("expan council zzz", 10)
        .expect("search")
        .articles
        .is_empty());
    // Titles are searched too.
    let hits = store.search("title", 10).expect("search");
    assert_eq!(hits.articles.len(), 3);
    assert_eq!(store.search("title", 2).expect("search").articles.len(), 2);

    // A merged story is no longer found.
    store
        .apply_clustering(&[place(port, quake)], &[(port, quake)])
        .expect("merge");
    assert!(store
        .search("expan", 10)
        .expect("search")
        .stories
        .is_empty());
    assert_eq!(store.search("expan", 10).expect("search").articles.len(), 1);

    // A copy (syndicated wire text in another outlet) is not listed beside its original: the
    // story lists who carried it.
    let other = store
        .add_source("http://b.test/feed", "B", None)
        .expect("add");
    let copy = insert(
        store,
        &article(
            other.id,
            "http://b.test/4",
            "A strong quake hit the coast of Tarrow at dawn; the coastguard answered <fast> & well.",
        ),
    );
    store
        .apply_clustering(
            &[Placement {
                article: copy,
                story: quake,
                duplicate_of: Some(quake),
            }],
            &[],
        )
        .expect("place the copy");
    for order in [SearchOrder::Relevance, SearchOrder::Newest] {
        let hits = store
            .search_page(&SearchQuery {
                text: "quake coa",
                order,
                limit: 10,
                offset: 0,
            })
            .expect("search");
        assert_eq!(ids(&hits.articles, |h| h.item.id), vec![quake], "{order:?}");
    }
}

/// Accents fold both ways, in stories and articles, and the snippet marks the word as printed.
pub fn search_folds_accents(store: &dyn Store) {
    let s = store
        .add_source("http://a.test/feed", "A", None)
        .expect("add");
    let cafe = insert(
        store,
        &article(
            s.id,
            "http://a.test/1",
            "The Café Müller in Zürich reopened after the flood, said São Paulo's consul.",
        ),
    );
    let plain = insert(
        store,
        &article(
            s.id,
            "http://a.test/2",
            "Zurich banks reported a quiet quarter.",
        ),
    );
    store
        .apply_clustering(&[place(cafe, cafe), place(plain, plain)], &[])
        .expect("cluster");
    store
        .put_digest(
            cafe,
            &digest("Café reopens in Zürich", "The café is open.", "World", cafe),
            "h",
        )
        .expect("digest");
    let hits = store.search("cafe muller", 10).expect("search");
    assert_eq!(ids(&hits.articles, |h| h.item.id), vec![cafe]);
    let stories = store.search("cafe zurich", 10).expect("search").stories;
    assert_eq!(ids(&stories, |h| h.item.id), vec![cafe]);
    let snip = &hits.articles[0].snippet_html;
    assert!(snip.contains("<mark>Müller</mark>"), "{snip}");
    let mut both = ids(
        &store.search("Zürich", 10).expect("search").articles,
        |h| h.item.id,
    );
    both.sort_unstable();
    assert_eq!(both, vec![cafe, plain]);
    assert_eq!(
        ids(
            &store.search("sao paul", 10).expect("search").articles,
            |h| h.item.id
        ),
        vec![cafe]
    );
}

/// Chinese and Japanese, written without spaces, are found by any word inside a run, in stories
/// and articles, and the snippet marks the word without the index's spacing; a word the text
/// holds only in pieces is not found.
pub fn search_finds_chinese_and_japanese_words(store: &dyn Store) {
    let s = store
        .add_source("http://a.test/feed", "A", None)
        .expect("add");
    let mut quake = article(
        s.id,
        "http://a.test/1",
        "四川省雅安市芦山县发生6.1级地震，震源深度17千米。当地政府已启动应急响应。",
    );
    quake.title = "四川雅安发生6.1级地震".into();
    let quake = insert(store, &quake);
    let tokyo = insert(
        store,
        &article(
            s.id,
            "http://a.test/2",
            "東京タワーは改修工事のため来月から休業します。Tokyo Tower closes for repairs.",
        ),
    );
    store
        .apply_clustering(&[place(quake, quake), place(tokyo, tokyo)], &[])
        .expect("cluster");
    store
        .put_digest(
            quake,
            &digest("雅安发生地震", "四川雅安发生6.1级地震。", "World", quake),
            "h",
        )
        .expect("digest");
    for q in ["地震", "雅安", "四川雅安", "震源深度", "级地震"] {
        let hits = store.search(q, 10).expect("search");
        assert_eq!(ids(&hits.articles, |h| h.item.id), vec![quake], "{q}");
    }
    let hits = store.search("应急响应", 10).expect("search");
    let snip = &hits.articles[0].snippet_html;
    assert!(snip.contains("<mark>应急响应</mark>"), "{snip}");
    assert!(!snip.contains("应 急") && !snip.contains("当 地"), "{snip}");
    let stories = store.search("地震", 10).expect("search").stories;
    assert_eq!(ids(&stories, |h| h.item.id), vec![quake]);
    let snip = &stories[0].snippet_html;
    assert!(snip.contains("<mark>地震</mark>"), "{snip}");
    for q in ["タワー", "東京", "改修工事", "tokyo tower"] {
        let hits = store.search(q, 10).expect("search");
        assert_eq!(ids(&hits.articles, |h| h.item.id), vec![tokyo], "{q}");
    }
    // The letters of 地震 are both in the text, but never side by side in this order.
    assert!(store
        .search("震地", 10)
        .expect("search")
        .articles
        .is_empty());
    assert!(store
        .search("雅安 tower", 10)
        .expect("search")
        .articles
        .is_empty());
}

/// Korean writes a noun with its particle in one word ("포항시에서"): a search for the noun
/// finds it, in any order of the words, and the word the text has whole is marked.
pub fn search_finds_korean_words_before_their_particles(store: &dyn Store) {
    let s = store
        .add_source("http://a.test/feed", "A", None)
        .expect("add");
    let quake = insert(
        store,
        &article(
            s.id,
            "http://a.test/1",
            "경북 포항시에서 규모 5.4의 지진이 발생했다. 주민 수십 명이 다쳤다.",
        ),
    );
    let other = insert(
        store,
        &article(
            s.id,
            "http://a.test/2",
            "정부가 내년도 예산안을 국회에 제출했다.",
        ),
    );
    store
        .apply_clustering(&[place(quake, quake), place(other, other)], &[])
        .expect("cluster");
    for q in ["포항 지진", "지진 포항", "포항시", "지진 발생"] {
        let hits = store.search(q, 10).expect("search");
        assert_eq!(ids(&hits.articles, |h| h.item.id), vec![quake], "{q}");
    }
    let snip = &store.search("포항 지진", 10).expect("search").articles[0].snippet_html;
    assert!(snip.contains("<mark>포항시에서</mark>"), "{snip}");
    for q in ["경주 지진", "포항 예산"] {
        assert!(
            store.search(q, 10).expect("search").articles.is_empty(),
            "{q}"
        );
    }
}

/// What an upgrade test checks once the old database (tests/sqlite.rs, tests/postgres.rs) is
/// opened: article 7 ('四川雅安发生地震', '当地政府已启动应急响应。COVID-19 cases rose.') and story
/// 7 ('雅安发生地震') are found by words inside their runs, the article also by 'covid-19', and
/// the snippet marks 应急 without the index's spacing.
pub fn an_upgraded_store_finds_chinese_and_punctuated_words(store: &dyn Store) {
    let hits = store.search("地震", 10).expect("search");
    assert_eq!(ids(&hits.articles, |h| h.item.id), vec![7]);
    assert_eq!(ids(&hits.stories, |h| h.item.id), vec![7]);
    let hits = store.search("covid-19", 10).expect("search");
    assert_eq!(ids(&hits.articles, |h| h.item.id), vec![7]);
    let snip = &store.search("应急", 10).expect("search").articles[0].snippet_html;
    assert!(snip.contains("<mark>应急</mark>响应"), "{snip}");
}

/// Words joined by punctuation (a possessive, an abbreviation, a hyphen, a decimal point, a
/// domain) are found however the search writes them, as long as the parts stand together; a
/// possessive's word is found alone too.
pub fn search_finds_words_joined_by_punctuation(store: &dyn Store) {
    let s = store
        .add_source("http://a.test/feed", "A", None)
        .expect("add");
    let id = insert(
        store,
        &article(
            s.id,
            "http://a.test/1",
            "São Paulo's consul met the U.S. envoy. COVID-19 cases rose 6.1 percent, \
             example.com reported, and Smith’s office said nothing.",
        ),
    );
    for q in [
        "Paulo's",
        "paulo’s consul",
        "U.S. envoy",
        "covid-19",
        "COVID 19",
        "6.1 percent",
        "example.com",
        "smith's office",
        "Smith’s",
    ] {
        let hits = store.search(q, 10).expect("search");
        assert_eq!(ids(&hits.articles, |h| h.item.id), vec![id], "{q}");
    }
    // A possessive is its word: "consul's" finds "Paulo's consul met".
    let hits = store.search("consul's envoy", 10).expect("search");
    assert_eq!(ids(&hits.articles, |h| h.item.id), vec![id]);
    // Other parts must stand together: "example" is never followed by "org".
    assert!(store
        .search("example.org", 10)
        .expect("search")
        .articles
        .is_empty());
}

/// "vaccines" finds an article that says "vaccine" only, and "policy" one that says "policies":
/// readers type either number. Words that only look plural ("news") are not cut.
pub fn search_finds_either_number_of_an_english_word(store: &dyn Store) {
    let s = store
        .add_source("http://a.test/feed", "A", None)
        .expect("add");
    let one = insert(
        store,
        &article(
            s.id,
            "http://a.test/1",
            "The first flu vaccine doses arrived late under the new policies.",
        ),
    );
    let two = insert(
        store,
        &article(
            s.id,
            "http://a.test/2",
            "New taxes on imported cars, the ministry said.",
        ),
    );
    for (q, want) in [
        ("vaccines arrived", vec![one]),
        ("flu vaccines", vec![one]),
        ("policy first", vec![one]),
        ("tax cars", vec![two]),
        ("imported car", vec![two]),
        // A possessive finds its word written without one, and with one.
        ("ministry's taxes", vec![two]),
        ("the ministry’s", vec![two]),
        ("policy's vaccine", vec![one]),
    ] {
        let hits = store.search(q, 10).expect("search");
        assert_eq!(ids(&hits.articles, |h| h.item.id), want, "{q}");
        assert!(
            hits.articles[0].snippet_html.contains("<mark>"),
            "{q}: {}",
            hits.articles[0].snippet_html
        );
    }
    assert!(store
        .search("news", 10)
        .expect("search")
        .articles
        .is_empty());
}

/// A query is read as search engines read one: `"a phrase"` wants its words side by side, `a OR
/// b` either word, `-word` and `-"a phrase"` leave articles out.
pub fn search_reads_phrases_alternatives_and_left_out_words(store: &dyn Store) {
    let s = store
        .add_source("http://a.test/feed", "A", None)
        .expect("add");
    let quay = insert(
        store,
        &article(
            s.id,
            "http://a.test/1",
            "The harbour authority will close the north quay after storm damage.",
        ),
    );
    let bakery = insert(
        store,
        &article(
            s.id,
            "http://a.test/2",
            "A bakery on the north side of the harbour won an award.",
        ),
    );
    for (q, want) in [
        ("north quay", vec![quay]),
        ("\"north quay\"", vec![quay]),
        ("\"north side\"", vec![bakery]),
        ("\"quay north\"", vec![]),
        ("“the north” harbour", vec![bakery, quay]),
        ("quay OR bakery", vec![bakery, quay]),
        ("award OR damage harbour", vec![bakery, quay]),
        ("harbour -storm", vec![bakery]),
        ("harbour -\"north side\"", vec![quay]),
        ("harbour -awards", vec![quay]),
        ("-harbour", vec![]),
        ("quay or bakery", vec![]),
    ] {
        let hits = store.search(q, 10).expect("search");
        let mut got = ids(&hits.articles, |h| h.item.id);
        got.sort_unstable();
        let mut want = want;
        want.sort_unstable();
        assert_eq!(got, want, "{q}");
        if !got.is_empty() {
            assert!(
                hits.articles[0].snippet_html.contains("<mark>"),
                "{q}: {}",
                hits.articles[0].snippet_html
            );
        }
    }
}

/// A word in more articles than the search window is ranked among the newest matches only (the
/// oldest, most relevant-looking match is left out), while a rare word in the oldest article is
/// still found.
pub fn search_of_a_common_word_ranks_the_newest_matches(store: &dyn Store) {
    let s = store
        .add_source("http://a.test/feed", "A", None)
        .expect("add");
    let total = usize::try_from(SEARCH_WINDOW).expect("window") + 5;
    let mut made = Vec::with_capacity(total);
    for i in 0..total {
        // The oldest articles say "harbour" many times; the others once.
        let text = if i < 5 {
            format!("Harbour harbour harbour harbour news, item {i}, with the word zanzibarite.")
        } else {
            format!("Harbour news, item {i}, and a long sentence about other matters entirely.")
        };
        made.push(insert(
            store,
            &article(s.id, &format!("http://a.test/{i}"), &text),
        ));
    }
    let hits = store.search("harbour", 10).expect("search").articles;
    assert_eq!(hits.len(), 10);
    let oldest_kept = made[total - usize::try_from(SEARCH_WINDOW).expect("window")];
    assert!(
        hits.iter().all(|h| h.item.id >= oldest_kept),
        "{:?}",
        ids(&hits, |h| h.item.id)
    );
    let mut rare = ids(
        &store.search("zanzibarite", 10).expect("search").articles,
        |h| h.item.id,
    );
    rare.sort_unstable();
    assert_eq!(rare, made[..5].to_vec());

    // Pages of the relevance order follow on without repeats and end with the window.
    let page = |order, limit, offset| {
        store
            .search_page(&SearchQuery {
                text: "harbour",
                order,
                limit,
                offset,
            })
            .expect("search page")
            .articles
    };
    let window = usize::try_from(SEARCH_WINDOW).expect("window");
    let first = ids(&page(SearchOrder::Relevance, 10, 0), |h| h.item.id);
    let second = ids(&page(SearchOrder::Relevance, 10, 10), |h| h.item.id);
    assert_eq!(first, ids(&hits, |h| h.item.id));
    assert_eq!(second.len(), 10);
    assert!(
        second.iter().all(|id| !first.contains(id)),
        "{first:?} {second:?}"
    );
    assert_eq!(page(SearchOrder::Relevance, 10, window - 3).len(), 3);
    assert!(page(SearchOrder::Relevance, 10, window).is_empty());
    // Newest first runs through every match, down to the oldest.
    let newest = ids(&page(SearchOrder::Newest, 3, 0), |h| h.item.id);
    assert_eq!(
        newest,
        vec![made[total - 1], made[total - 2], made[total - 3]]
    );
    let last = ids(&page(SearchOrder::Newest, 10, total - 4), |h| h.item.id);
    assert_eq!(last, vec![made[3], made[2], made[1], made[0]]);
}

pub fn search_is_safe_with_hostile_queries(store: &dyn Store) {
    let s = store
        .add_source("http://a.test/feed", "A", None)
        .expect("add");
    store
        .insert_article(&article(s.id, "http://a.test/1", "Plain words only."), &[])
        .expect("insert");
    for q in [
        "",
        "   ",
        "\"<script>\" OR *",
        "'; DROP TABLE articles; --",
        "a & b | !c",
        "foo:* <-> bar",
        "NEAR(x y)",
        "\\",
        "''''",
        "%_%",
        "plain-not-there)(",
        "-plain",
        "plain -plain",
        "\"plain words\" -\"words only\"",
        "OR OR - -- \" -\"\" AND",
        "\"-\\\"",
        "“„”",
    ] {
        let r = store.search(q, 10).unwrap_or_else(|e| panic!("{q:?}: {e}"));
        assert!(r.stories.is_empty(), "{q:?}");
        assert!(r.articles.is_empty(), "{q:?}");
    }
    assert_eq!(store.search("plain", 10).expect("search").articles.len(), 1);
    assert_eq!(store.stats().expect("stats").articles, 1);
}

pub fn hostile_text_round_trips(store: &dyn Store) {
    let evil = "Robert'); DROP TABLE articles;-- \"quoted\" $1 ?1 \\ <b>bold</b> ünïcødé 日本語 🚀";
    let s = store.add_source(evil, evil, Some(evil)).expect("add");
    assert_eq!((s.url.as_str(), s.title.as_str()), (evil, evil));
    let mut a = article(s.id, evil, evil);
    a.title = evil.into();
    a.byline = Some(evil.into());
    a.source_name = evil.into();
    let id = store
        .insert_article(&a, &[format!("{evil}/alias")])
        .expect("insert")
        .id();
    let got = store.article(id).expect("article").expect("present");
    assert_eq!((got.title.as_str(), got.text.as_str()), (evil, evil));
    assert_eq!(got.byline.as_deref(), Some(evil));
    assert_eq!(
        store
            .article_id_by_url(&format!("{evil}/alias"))
            .expect("lookup"),
        Some(id)
    );
    store
        .record_fetch(s.id, &FetchOutcome::Error(evil.into()))
        .expect("record");
    store
        .apply_clustering(&[place(id, id)], &[])
        .expect("cluster");
    store
        .put_digest(id, &digest(evil, evil, evil, id), evil)
        .expect("digest");
    let d = store.digest(id).expect("digest").expect("present");
    assert_eq!(d.digest.headline.text, evil);
    assert_eq!(d.input_hash, evil);
    assert_eq!(
        store.categories().expect("cats"),
        vec![(evil.to_string(), 1)]
    );
    let hits = store.search("robert drop", 10).expect("search");
    assert_eq!(hits.articles.len(), 1);
    assert!(!hits.articles[0].snippet_html.contains("<b>"));
    assert_eq!(store.sources().expect("sources").len(), 1);
    assert_eq!(store.stats().expect("stats").articles, 1);
}

pub fn a_huge_article_is_stored_whole_and_found(store: &dyn Store) {
    let s = store
        .add_source("http://a.test/feed", "A", None)
        .expect("add");
    // About 2.4 MB of distinct words, in a (hostile) title too: more than a PostgreSQL tsvector
    // can hold, so only a prefix is indexed there; the insert must not fail.
    let text: String = (0..200_000)
        .map(|i| format!("wörd{i}x "))
        .collect::<String>()
        + "Zanzibarian finale.";
    let mut a = article(s.id, "http://a.test/huge", &text);
    a.title = text.chars().take(50_000).collect();
    let id = store
        .insert_article(&a, &[])
        .expect("insert a huge article")
        .id();
    let got = store.article(id).expect("article").expect("present");
    assert_eq!(got.text.len(), text.len(), "stored whole");
    let hits = store.search("wörd17x", 5).expect("search");
    assert_eq!(ids(&hits.articles, |h| h.item.id), vec![id]);
    assert!(
        hits.articles[0].snippet_html.contains("<mark>"),
        "{}",
        hits.articles[0].snippet_html
    );
}

pub fn times_are_kept_to_the_second(store: &dyn Store) {
    let s = store
        .add_source("http://a.test/feed", "A", None)
        .expect("add");
    let precise = Utc
        .with_ymd_and_hms(2026, 3, 5, 10, 11, 12)
        .single()
        .expect("time")
        + chrono::Duration::milliseconds(789);
    let id = insert(store, &dated(s.id, "http://a.test/1", "Timed.", precise));
    let got = store.article(id).expect("article").expect("present");
    assert_eq!(
        got.published,
        Utc.with_ymd_and_hms(2026, 3, 5, 10, 11, 12).single()
    );
    let age = Utc::now() - got.fetched_at;
    assert!(age.num_seconds() >= 0 && age.num_seconds() < 120, "{age}");
    assert_eq!(got.fetched_at.timestamp_subsec_nanos(), 0);
    store
        .apply_clustering(&[place(id, id)], &[])
        .expect("cluster");
    let story = store.story(id).expect("story").expect("present");
    assert_eq!(Some(story.created_at), got.published);
}

pub fn llm_calls_are_recorded(store: &dyn Store) {
    for outcome in ["Ok", "Timeout"] {
        store
            .record_llm_call(&LlmCall {
                story_id: Some(3),
                model: "small".into(),
                tokens_in: 1200,
                tokens_out: 300,
                latency_ms: 4500,
                outcome: outcome.into(),
            })
            .expect("record");
    }
    store
        .record_llm_call(&LlmCall::default())
        .expect("record an empty call");
}

pub fn stats_count_everything(store: &dyn Store) {
    assert_eq!(store.stats().expect("stats"), Default::default());
    let s1 = store
        .add_source("http://a.test/feed", "A", None)
        .expect("add");
    store
        .add_source("http://b.test/feed", "B", None)
        .expect("add");
    store
        .record_fetch(s1.id, &FetchOutcome::Error("down".into()))
        .expect("record");
    let a = insert(store, &article(s1.id, "http://a.test/1", "One."));
    let b = insert(store, &article(s1.id, "http://a.test/2", "Two."));
    store
        .apply_clustering(
            &[
                place(a, a),
                Placement {
                    article: b,
                    story: a,
                    duplicate_of: Some(a),
                },
            ],
            &[],
        )
        .expect("cluster");
    store
        .put_digest(a, &digest("One", "One.", "World", a), "h")
        .expect("digest");
    let st = store.stats().expect("stats");
    assert_eq!(
        (
            st.sources,
            st.sources_failing,
            st.articles,
            st.duplicates,
            st.stories,
            st.digests
        ),
        (2, 1, 2, 1, 1, 1)
    );
}

/// The SQLite store's first test, as it was written: one pass through every kind of record.
pub fn the_original_round_trip(store: &dyn Store) {
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
    // Same canonical URL: existing. Same title and text, same source, other URL: existing too.
    assert_eq!(
        store
            .insert_article(&article(s1.id, "http://a.test/1", "other"), &[])
            .expect("insert"),
        Inserted::Existing(a1.id())
    );
    let mut moved = article(s1.id, "http://a.test/1-moved", "Quake hits the coast.");
    moved.canonical_url = "http://a.test/1-moved".into();
    moved.title = "Title of http://a.test/1".into();
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
    // The copy (a2) is left out; its original stands for it.
    assert_eq!(ids(&hits.articles, |h| h.item.id), vec![a1.id()]);
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
