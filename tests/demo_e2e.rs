//! End to end over real HTTP on loopback: the demo origin serves the corpus, the pipeline fetches,
//! extracts, stores, clusters and digests into a real SQLite file, and the web front serves it.
//! The corpus's gold labels say what must come out.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use storyline::config::Config;
use storyline::origin::{self, Corpus};
use storyline::{desk, pipeline};
use storyline_core::text::sentences;
use storyline_store::{ArticleQuery, Store, StoryQuery};
use storyline_web::Metrics;

struct Run {
    _dir: tempfile::TempDir,
    cfg: Config,
    store: Arc<dyn Store>,
    corpus: Corpus,
    base: String,
    server: origin::OriginServer,
    pipeline: Arc<pipeline::Pipeline>,
}

async fn run_demo() -> Run {
    run_demo_with(|_| {}).await
}

async fn run_demo_with(tweak: impl FnOnce(&mut Config)) -> Run {
    let corpus = Corpus::embedded().expect("corpus");
    let server = origin::start(corpus.clone(), 0).await.expect("origin");
    let dir = tempfile::tempdir().expect("tempdir");
    let mut cfg = Config {
        database: dir.path().join("e2e.db"),
        ..Config::default()
    };
    cfg.fetch.allow_private = true;
    cfg.fetch.per_host = 8;
    tweak(&mut cfg);
    let store = desk::open_store(&cfg).expect("store");
    for (url, title) in &server.feeds {
        store.add_source(url, title, None).expect("source");
    }
    let p = desk::pipeline(&cfg, store.clone(), Arc::new(Metrics::default())).expect("pipeline");
    let report = p.run_once(&|_| {}).await.expect("run");
    assert_eq!(report.sources_failed, 0, "{report:?}");
    let base = server.base_url.clone();
    Run {
        _dir: dir,
        cfg,
        store,
        corpus,
        base,
        server,
        pipeline: p,
    }
}

fn all_articles(store: &dyn Store) -> Vec<storyline_core::Article> {
    store
        .articles(&ArticleQuery {
            limit: 10_000,
            ..ArticleQuery::default()
        })
        .expect("articles")
}

/// Word-bag precision and recall of extracted `got` against the corpus body `want` (lower-cased
/// word tokens; the corpus's markup-free text).
fn word_overlap(want: &str, got: &str) -> (f64, f64) {
    let bag = |s: &str| {
        let mut m: HashMap<String, usize> = HashMap::new();
        for w in storyline_core::text::words(s) {
            *m.entry(w).or_default() += 1;
        }
        m
    };
    let (w, g) = (bag(want), bag(got));
    let common: usize = g
        .iter()
        .map(|(k, n)| (*n).min(w.get(k).copied().unwrap_or(0)))
        .sum();
    let total = |m: &HashMap<String, usize>| m.values().sum::<usize>().max(1) as f64;
    (common as f64 / total(&g), common as f64 / total(&w))
}

/// B-cubed precision and recall of `pred` against `gold` (item → cluster label).
fn bcubed(gold: &HashMap<i64, String>, pred: &HashMap<i64, i64>) -> (f64, f64) {
    let mut p = 0.0;
    let mut r = 0.0;
    for (a, g) in gold {
        let same_pred: Vec<i64> = pred
            .iter()
            .filter(|(_, s)| Some(*s) == pred.get(a))
            .map(|(x, _)| *x)
            .collect();
        let same_gold: Vec<i64> = gold
            .iter()
            .filter(|(_, s)| *s == g)
            .map(|(x, _)| *x)
            .collect();
        let both = same_pred.iter().filter(|x| gold.get(x) == Some(g)).count() as f64;
        p += both / same_pred.len() as f64;
        r += both / same_gold.len() as f64;
    }
    let n = gold.len() as f64;
    (p / n, r / n)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_corpus_end_to_end() {
    let run = run_demo().await;
    let store = run.store.as_ref();
    let stored = all_articles(store);

    // Every corpus article exactly once, found by its canonical URL (utm, AMP and second-feed
    // variants all resolved).
    let by_url: HashMap<String, &storyline_core::Article> = stored
        .iter()
        .map(|a| (a.canonical_url.clone(), a))
        .collect();
    let mut gold_story: HashMap<i64, String> = HashMap::new();
    let mut key_to_id: HashMap<String, i64> = HashMap::new();
    let mut extraction: BTreeMap<String, (f64, f64, usize)> = BTreeMap::new();
    let (mut worst_p, mut worst_r) = (1.0f64, 1.0f64);
    for (story, a) in run.corpus.articles() {
        let url = format!("{}{}", run.base, Corpus::path_of(a));
        let key = storyline_cluster::canonicalize_url(&url).expect("canonical URL");
        let art = by_url
            .get(&key)
            .unwrap_or_else(|| panic!("article {url} was not stored under its canonical URL"));
        assert!(
            art.text.split_whitespace().count() > 40,
            "{url}: body too short: {:?}",
            art.text
        );
        assert!(
            !art.text.contains("Subscribe") && !art.text.contains("cookie"),
            "{url}: boilerplate leaked into the body"
        );
        // What the page says about itself, as the outlet wrote it (feed and page agree).
        let outlet = run.corpus.outlet(&a.outlet).expect("outlet");
        let fields = [
            ("byline", art.byline.clone(), Some(a.byline.clone())),
            ("title", Some(art.title.clone()), Some(a.title.clone())),
            (
                "published",
                art.published.map(|d| d.to_rfc3339()),
                Some(a.published.to_rfc3339()),
            ),
            (
                "site_name",
                art.site_name.clone(),
                Some(outlet.name.clone()),
            ),
            (
                "source_name",
                Some(art.source_name.clone()),
                Some(outlet.name.clone()),
            ),
            (
                "language",
                art.language.clone(),
                Some(outlet.language.clone()),
            ),
        ];
        for (field, got, want) in fields {
            assert_eq!(got, want, "{url}: {field}");
        }
        gold_story.insert(art.id, story.id.clone());
        key_to_id.insert(format!("{}/{}", a.outlet, a.slug), art.id);
        if let Some(body) = run.corpus.body_of(a) {
            let (p, r) = word_overlap(body, &art.text);
            let e = extraction.entry(a.outlet.clone()).or_insert((0.0, 0.0, 0));
            e.0 += p;
            e.1 += r;
            e.2 += 1;
            worst_p = worst_p.min(p);
            worst_r = worst_r.min(r);
            if p < 0.9 || r < 0.98 {
                eprintln!("{url}: extracted words P {p:.3} R {r:.3}\n{}", art.text);
            }
        }
    }
    // Extraction against the corpus's own text: every outlet's template (tables, share bars,
    // kickers, newsletter boxes, comments) is page furniture, not article. The one allowance is
    // a headline repeated in an <h2> at the top of a table layout (Northgate Chronicle), which
    // the benchmarks' own truth keeps as body text.
    for (outlet, (p, r, n)) in &extraction {
        eprintln!(
            "demo extraction {outlet}: {n} pages, word P {:.3} R {:.3}",
            p / *n as f64,
            r / *n as f64
        );
    }
    assert!(
        worst_p >= 0.9 && worst_r >= 0.98,
        "an article's extracted text is off (see above): worst P {worst_p:.3} R {worst_r:.3}"
    );
    assert_eq!(
        stored.len(),
        run.corpus.articles().len(),
        "stored articles differ from the corpus (duplicated URLs?)"
    );

    // Copies are kept and linked: syndicated and rewritten articles point at an article of their
    // own story.
    let by_id: HashMap<i64, &storyline_core::Article> = stored.iter().map(|a| (a.id, a)).collect();
    let mut copies = 0;
    let mut found = 0;
    for (_, a) in run.corpus.articles() {
        let id = key_to_id[&format!("{}/{}", a.outlet, a.slug)];
        if a.syndicates.is_some() || a.rewrite_of.is_some() {
            copies += 1;
            if by_id[&id].duplicate_of.is_some() {
                found += 1;
            }
        }
    }
    let flagged = stored.iter().filter(|a| a.duplicate_of.is_some()).count();
    eprintln!("copies: {found}/{copies} recognised, {flagged} flagged in all");
    assert_eq!(
        found, copies,
        "every syndicated or rewritten copy is linked"
    );
    assert!(
        flagged <= copies + 2,
        "originals flagged as copies: {flagged} vs {copies}"
    );

    // Stories against the gold labels.
    let pred: HashMap<i64, i64> = stored
        .iter()
        .map(|a| {
            (
                a.id,
                a.story_id.expect("every article is placed in a story"),
            )
        })
        .collect();
    let (p, r) = bcubed(&gold_story, &pred);
    let f = 2.0 * p * r / (p + r);
    let n_stories: BTreeSet<i64> = pred.values().copied().collect();
    eprintln!(
        "demo clustering: {} stories (gold {}), B3 P {p:.3} R {r:.3} F1 {f:.3}",
        n_stories.len(),
        run.corpus.stories.len()
    );
    // Story ids are stable: a story is named after its founding (oldest stored) article, and
    // articles only ever join with larger ids, so the id survives as the story grows.
    let mut members: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for (a, s) in &pred {
        members.entry(*s).or_default().push(*a);
    }
    for (s, arts) in &members {
        assert_eq!(
            Some(s),
            arts.iter().min(),
            "story {s} is not named after its first article"
        );
    }
    // The two earthquakes never share a story.
    let stories_of = |gold: &str| -> BTreeSet<i64> {
        gold_story
            .iter()
            .filter(|(_, g)| g.as_str() == gold)
            .map(|(a, _)| pred[a])
            .collect()
    };
    assert!(
        stories_of("s02-tarrow-earthquake").is_disjoint(&stories_of("s03-kelvane-earthquake")),
        "two different earthquakes were glued together"
    );
    assert!(
        p >= 0.95,
        "B3 precision {p:.3}: unrelated articles share stories"
    );
    assert!(
        f >= 1.0 - 1e-9 && n_stories.len() == run.corpus.stories.len(),
        "the demo's gold stories are not formed exactly: {} stories (gold {}), B3 F1 {f:.3}",
        n_stories.len(),
        run.corpus.stories.len()
    );

    // Every live story has a digest whose every sentence cites sentences that exist.
    let stories = store
        .stories(&StoryQuery {
            limit: 1000,
            ..StoryQuery::default()
        })
        .expect("stories");
    assert_eq!(stories.len(), n_stories.len());
    for s in &stories {
        let d = store
            .digest(s.id)
            .expect("digest")
            .unwrap_or_else(|| panic!("story {} has no digest", s.id))
            .digest;
        assert!(!d.headline.text.is_empty());
        assert!(!d.summary.is_empty(), "story {}: empty summary", s.id);
        assert!(s.category.is_some(), "story {} has no category", s.id);
        // The digest checker: every sentence cited, no number, date or name that its cited
        // sentences do not contain.
        let story_articles = store.story_articles(s.id).expect("articles");
        let violations =
            storyline_digest::check::check_digest(&d, &pipeline::docs_of(&story_articles));
        assert!(violations.is_empty(), "story {}: {violations:?}", s.id);
        let arts: BTreeMap<String, usize> = story_articles
            .iter()
            .map(|a| (a.id.to_string(), sentences(&a.text).len()))
            .collect();
        for c in d
            .summary
            .iter()
            .chain(&d.takeaways)
            .chain(&d.why_it_matters)
        {
            assert!(!c.citations.is_empty(), "uncited sentence: {}", c.text);
            for cit in &c.citations {
                let n = arts.get(&cit.article).unwrap_or_else(|| {
                    panic!("citation of article {} outside story {}", cit.article, s.id)
                });
                assert!(
                    cit.sentence < *n,
                    "citation past the end of article {}",
                    cit.article
                );
            }
        }
    }

    // Related stories are other live stories, never the story itself. The corpus has two pairs
    // of stories on one subject: the two earthquakes, and the drought of Lake Orrin with the tusk
    // found on its exposed shore; each pair links both ways, and nothing else links (the other
    // stories share at most a city's name or common words).
    let live: BTreeSet<i64> = stories.iter().map(|s| s.id).collect();
    let story_of_gold = |gold: &str| -> i64 {
        let s = stories_of(gold);
        assert_eq!(s.len(), 1, "{gold} is one story");
        *s.iter().next().expect("one")
    };
    let mut links = BTreeSet::new();
    for s in &stories {
        let d = store.digest(s.id).expect("digest").expect("present").digest;
        for r in &d.related {
            let r: i64 = r.parse().expect("a story id");
            assert!(r != s.id, "story {} relates to itself", s.id);
            assert!(live.contains(&r), "related story {r} is not live");
            links.insert((s.id, r));
        }
    }
    let tarrow = story_of_gold("s02-tarrow-earthquake");
    let kelvane = story_of_gold("s03-kelvane-earthquake");
    // Headlines tell the event, not a side story: the Kelvane quake is not headlined by the
    // fishermen who sent boats to help afterwards.
    for (story, subject) in [(tarrow, "Tarrow Basin"), (kelvane, "Kelvane Coast")] {
        let h = store
            .digest(story)
            .expect("digest")
            .expect("present")
            .digest
            .headline
            .text;
        assert!(h.contains(subject) && h.contains("quake"), "headline {h:?}");
    }
    let drought = story_of_gold("s12-lake-orrin-drought");
    let tusk = story_of_gold("s17-lake-orrin-mammoth-tusk");
    let want: BTreeSet<(i64, i64)> = [
        (tarrow, kelvane),
        (kelvane, tarrow),
        (drought, tusk),
        (tusk, drought),
    ]
    .into_iter()
    .collect();
    assert_eq!(links, want, "related-story links (story, related)");

    // Idempotent: a second poll adds nothing and rewrites no digest.
    let again = run.pipeline.run_once(&|_| {}).await.expect("second run");
    assert_eq!(again.new_articles, 0, "{again:?}");
    assert_eq!(again.digests, 0, "{again:?}");
    assert_eq!(all_articles(store).len(), stored.len());

    // The web front serves the front page and story pages over real HTTP.
    let state = desk::web_state(
        &run.cfg,
        run.store.clone(),
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
    let front = client
        .get(format!("http://{addr}/"))
        .send()
        .await
        .expect("front page");
    assert!(front.status().is_success());
    let front = front.text().await.expect("body");
    let top = &stories[0];
    assert!(front.contains(&format!("/story/{}", top.id)));
    for s in &stories {
        let page = client
            .get(format!("http://{addr}/story/{}", s.id))
            .send()
            .await
            .expect("story page");
        assert!(page.status().is_success(), "story {}", s.id);
        let html = page.text().await.expect("body");
        assert!(
            html.contains("machine-written"),
            "story page says the digest is machine-written"
        );
        assert!(html.contains(&run.base), "story page links the originals");
    }
    web.abort();
    run.server.stop().await;
}

/// A crash (SIGKILL) in the middle of an ingest loses nothing already stored and corrupts nothing:
/// the next run completes the work.
#[cfg(unix)]
#[test]
fn killed_mid_ingest_then_resumed() {
    use std::process::Command;
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("crash.db");
    let bin = env!("CARGO_BIN_EXE_storyline");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
        .to_string();
    let mut killed = false;
    for delay_ms in [150u64, 300, 600] {
        let mut child = Command::new(bin)
            .args(["demo", "--no-serve", "--origin-port", &port, "--db"])
            .arg(&db)
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn storyline");
        let start = Instant::now();
        while start.elapsed() < Duration::from_millis(delay_ms) {
            if let Ok(Some(_)) = child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        if child.try_wait().expect("wait").is_none() {
            child.kill().expect("SIGKILL");
            killed = true;
        }
        let _ = child.wait();
    }
    // A clean, complete run afterwards: the database opens, passes SQLite's integrity check,
    // and holds every article exactly once.
    let status = Command::new(bin)
        .args(["demo", "--no-serve", "--origin-port", &port, "--db"])
        .arg(&db)
        .stderr(std::process::Stdio::null())
        .status()
        .expect("run storyline");
    assert!(status.success());
    let conn = rusqlite_check(&db);
    assert_eq!(conn.0, "ok");
    let corpus = Corpus::embedded().expect("corpus");
    eprintln!(
        "killed at least once: {killed}; articles after resume: {}",
        conn.1
    );
    assert_eq!(conn.1 as usize, corpus.articles().len());
}

fn rusqlite_check(db: &std::path::Path) -> (String, i64) {
    let store = storyline_store::SqliteStore::open(db).expect("reopen");
    let stats = store.stats().expect("stats");
    (store.integrity_check().expect("integrity"), stats.articles)
}

/// The LLM engine with its model server down: ingestion goes on, every story gets a built-in
/// digest, and the failed calls are recorded.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn model_server_down_never_stops_ingestion() {
    let run = run_demo_with(|cfg| {
        cfg.digest.engine = "openai".into();
        // Port 9 (discard) on loopback: nothing listens there.
        cfg.llm.base_url = "http://127.0.0.1:9/v1".into();
        cfg.llm.timeout_secs = 2.0;
        cfg.llm.retries = 0;
    })
    .await;
    let store = run.store.as_ref();
    let stories = store
        .stories(&StoryQuery {
            limit: 1000,
            ..StoryQuery::default()
        })
        .expect("stories");
    assert!(stories.len() >= 10);
    for s in &stories {
        let d = store
            .digest(s.id)
            .expect("digest")
            .expect("every story has a digest");
        assert_eq!(d.digest.engine, "builtin", "story {}", s.id);
        assert!(!d.digest.summary.is_empty());
    }
    run.server.stop().await;
}

/// An engine that stands in for a model server that is down, then back: while `down`, it answers
/// with the built-in digest (as the LLM engine does when its calls fail).
struct Flaky {
    down: std::sync::atomic::AtomicBool,
}

impl storyline_digest::DigestEngine for Flaky {
    fn name(&self) -> String {
        "openai:flaky".into()
    }
    fn digest(
        &self,
        docs: &[storyline_digest::Doc],
        opts: &storyline_digest::Options,
    ) -> storyline_core::Digest {
        let mut d = storyline_digest::digest(docs, opts);
        d.engine = if self.down.load(std::sync::atomic::Ordering::SeqCst) {
            "builtin".into()
        } else {
            self.name()
        };
        d
    }
}

/// Stories that got a built-in digest while the model server was down are upgraded on a later
/// run, even though their articles did not change; after that nothing is redone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fallback_digests_are_upgraded_when_the_model_returns() {
    let corpus = Corpus::embedded().expect("corpus");
    let server = origin::start(corpus, 0).await.expect("origin");
    let dir = tempfile::tempdir().expect("tempdir");
    let mut cfg = Config {
        database: dir.path().join("upgrade.db"),
        ..Config::default()
    };
    cfg.fetch.allow_private = true;
    let store = desk::open_store(&cfg).expect("store");
    for (url, title) in &server.feeds {
        store.add_source(url, title, None).expect("source");
    }
    let engine = Arc::new(Flaky {
        down: std::sync::atomic::AtomicBool::new(true),
    });
    let fetcher = storyline_ingest::Fetcher::new(cfg.fetch_config()).expect("fetcher");
    let p = Arc::new(pipeline::Pipeline::new(
        store.clone(),
        fetcher,
        engine.clone(),
        Arc::new(Metrics::default()),
    ));
    let first = p.run_once(&|_| {}).await.expect("first run");
    assert!(first.digests >= 10);
    engine
        .down
        .store(false, std::sync::atomic::Ordering::SeqCst);
    let second = p.run_once(&|_| {}).await.expect("second run");
    assert_eq!(second.new_articles, 0);
    assert_eq!(
        second.digests, first.digests,
        "every fallback digest is redone"
    );
    let stories = store
        .stories(&StoryQuery {
            limit: 1000,
            ..StoryQuery::default()
        })
        .expect("stories");
    for s in &stories {
        let d = store.digest(s.id).expect("digest").expect("digest exists");
        assert_eq!(d.digest.engine, "openai:flaky");
    }
    let third = p.run_once(&|_| {}).await.expect("third run");
    assert_eq!(third.digests, 0, "nothing is redone once upgraded");
    server.stop().await;
}
