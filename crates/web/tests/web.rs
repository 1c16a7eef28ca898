//! The web front end to end, without a socket: a temporary SQLite store filled with the fixture
//! (and a hostile one), requests through `tower::ServiceExt::oneshot`.

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use std::sync::Arc;
use storyline_core::{Citation, Cited, Digest, FaqItem, NewArticle, Perspective, Player};
use storyline_store::{Placement, SqliteStore, Store};
use storyline_web::{app, fixture, AppState, Metrics, WebConfig, API_PATHS};
use tower::ServiceExt;

const TOKEN: &str = "s3cret token";

struct Site {
    app: Router,
    state: AppState,
    fx: fixture::Fixture,
    _dir: tempfile::TempDir,
}

fn site_with(page_size: usize, token: Option<&str>) -> Site {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SqliteStore::open(&dir.path().join("web.db")).expect("open store");
    let fx = fixture::fill(&store).expect("fixture");
    let state = AppState {
        store: Arc::new(store),
        config: Arc::new(WebConfig {
            admin_token: token.map(str::to_string),
            site_title: "Storyline Test".into(),
            base_url: "http://news.test".into(),
            page_size,
        }),
        metrics: Arc::new(Metrics::default()),
        fetch_now: Some(Arc::new(tokio::sync::Notify::new())),
        fetcher: None,
    };
    Site {
        app: app(state.clone()),
        state,
        fx,
        _dir: dir,
    }
}

fn site() -> Site {
    site_with(20, Some(TOKEN))
}

struct Res {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
    raw: axum::body::Bytes,
}

async fn send(app: &Router, req: Request<Body>) -> Res {
    let res = app.clone().oneshot(req).await.expect("infallible");
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), 16 << 20)
        .await
        .expect("body");
    Res {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        raw: bytes,
    }
}

async fn get(app: &Router, uri: &str) -> Res {
    send(app, Request::get(uri).body(Body::empty()).expect("request")).await
}

#[tokio::test]
async fn every_page_answers() {
    let s = site();
    let mut uris: Vec<String> = vec![
        "/",
        "/?page=2",
        "/?page=junk",
        "/category/Environment",
        "/category/Technology",
        "/sources",
        "/search?q=barrier",
        "/search?q=",
        "/search",
        "/feed.atom",
        "/feed.json",
        "/category/Science/feed.atom",
        "/category/Science/feed.json",
        "/sources.opml",
        "/healthz",
        "/metrics",
        "/static/app.css",
        "/static/icon.svg",
        "/favicon.ico",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    uris.extend(s.fx.stories.iter().map(|id| format!("/story/{id}")));
    uris.extend(s.fx.sources.iter().map(|id| format!("/source/{id}")));
    for uri in &uris {
        let r = get(&s.app, uri).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.body);
        assert!(
            r.headers.get(header::CONTENT_SECURITY_POLICY).is_some(),
            "{uri} has no CSP"
        );
        assert_eq!(
            r.headers
                .get(header::X_CONTENT_TYPE_OPTIONS)
                .map(|v| v.as_bytes()),
            Some(&b"nosniff"[..])
        );
        let ct = r
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if ct.starts_with("text/html") {
            assert!(r.body.starts_with("<!DOCTYPE html>"), "{uri}");
            assert!(r.body.contains("<main id=\"main\">"), "{uri}");
            assert!(r.headers.get(header::ETAG).is_some(), "{uri} has no ETag");
        }
    }
    for uri in [
        "/story/999",
        "/story/abc",
        "/source/999",
        "/category/Nope",
        "/nope",
        "/category/Nope/feed.atom",
    ] {
        let r = get(&s.app, uri).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(
            r.body.contains("<!DOCTYPE html>"),
            "{uri} should be an HTML page"
        );
    }
}

#[tokio::test]
async fn front_page_ranks_cards_and_pages() {
    let s = site_with(2, None);
    let r = get(&s.app, "/").await;
    assert_eq!(r.body.matches("<li class=\"card\">").count(), 2);
    // The flood story: most outlets, fresh.
    let first_card = r.body.find("<li class=\"card\">").expect("a card");
    assert!(r.body[first_card..]
        .starts_with("<li class=\"card\"><a class=\"cat\" href=\"/category/Environment\">"));
    assert!(r.body.contains("3 sources · updated"), "{}", r.body);
    assert!(r.body.contains("rel=\"next\" href=\"/?page=2\""));
    let p2 = get(&s.app, "/?page=2").await;
    assert_eq!(p2.body.matches("<li class=\"card\">").count(), 2);
    assert!(p2.body.contains("rel=\"prev\" href=\"/?page=1\""));
    assert!(!p2.body.contains("rel=\"next\""));
    // Past the last page: no cards, and not the empty-desk message.
    let p9 = get(&s.app, "/?page=9").await;
    assert_eq!(p9.body.matches("<li class=\"card\">").count(), 0);
    assert!(p9.body.contains("No stories this far back"), "{}", p9.body);
    assert!(p9.body.contains("rel=\"prev\" href=\"/?page=8\""));
    // The story without a digest still gets a card with its first sentences.
    let all = format!("{}{}", r.body, p2.body);
    assert!(all.contains("Central library extends weekend hours"));
    assert!(all.contains("The Port Marlow central library will stay open"));
    // Category filter.
    let tech = get(&s.app, "/category/Technology").await;
    assert_eq!(tech.body.matches("<li class=\"card\">").count(), 1);
    assert!(tech.body.contains("Alder unveils A7"));
    assert!(tech.body.contains("aria-current=\"page\">Technology</a>"));
}

#[tokio::test]
async fn story_page_shows_every_part() {
    let s = site();
    let r = get(&s.app, "/story/1").await;
    let b = &r.body;
    for needle in [
        "<h1>Port Marlow approves $1.2 billion harbor flood barrier</h1>",
        "4 sources · updated",
        "3 min read",
        "Key takeaways",
        "Why it matters",
        "What every outlet reports",
        "<details class=\"faq\"><summary>When will the barrier be built?</summary>",
        "Timeline",
        "<time datetime=\"2019\">2019</time>",
        // A relative day the source wrote is shown as the date it is, with the source's words.
        "title=\"The source says: Tuesday\">",
        "Key figures",
        "<dt>$1.2 billion</dt>",
        "Key players",
        "Elena Ruiz",
        "Perspectives by outlet",
        "critical",
        // A citation opens onto its source sentence and links to the original.
        "<details class=\"cite\"><summary aria-label=\"Source 1\">[1]</summary>",
        "<blockquote>The barrier, made of movable steel gates, is designed to hold back a storm surge of up to four meters.</blockquote>",
        "href=\"https://coastal-ledger.example/news/harbor-barrier-vote\"",
        "read the original",
        // The syndicated copy is folded under the original.
        "Also carried by <a href=\"https://harbor-gazette.example/news/wire-marlow-barrier-approved\"",
        // Related story (3) shown, the merged one (4 → 1, i.e. itself) not.
        "<a href=\"/story/3\">Marlow Bay is rising faster than forecast, study finds</a>",
        "This digest was written by a machine (builtin)",
        "faq by builtin-questions",
        "1 sentence removed by the grounding check (of 15 checked)",
    ] {
        assert!(b.contains(needle), "story page lacks {needle:?}");
    }
    assert!(!b.contains("href=\"/story/4\""));
    // The copy is not listed as a source of its own.
    assert_eq!(b.matches("Harbor Gazette</strong>").count(), 0);

    // Empty sections are hidden.
    let sea = get(&s.app, "/story/3").await.body;
    for absent in [
        "Questions and answers",
        "Timeline",
        "Key figures",
        "Key players",
        "Perspectives by outlet",
        "Key takeaways",
    ] {
        assert!(!sea.contains(absent), "story 3 shows an empty {absent}");
    }
    // No digest: the articles are still there.
    let bare = get(&s.app, "/story/5").await.body;
    assert!(bare.contains("No digest has been written for this story yet"));
    assert!(bare.contains("Central library extends weekend hours"));
    assert!(bare.contains("https://community-post.example/news/library-weekend-hours"));
}

#[tokio::test]
async fn merged_story_redirects_to_survivor() {
    let s = site();
    let r = get(&s.app, &format!("/story/{}", s.fx.merged)).await;
    assert!(
        matches!(
            r.status,
            StatusCode::PERMANENT_REDIRECT | StatusCode::MOVED_PERMANENTLY
        ),
        "{}",
        r.status
    );
    assert_eq!(
        r.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok()),
        Some("/story/1")
    );
    // Asking for every source of a merged story asks it of the survivor.
    let all = get(&s.app, &format!("/story/{}?sources=all", s.fx.merged)).await;
    assert_eq!(
        all.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok()),
        Some("/story/1?sources=all")
    );
    let api = get(&s.app, &format!("/api/v1/stories/{}", s.fx.merged)).await;
    assert_eq!(api.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(
        api.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok()),
        Some("/api/v1/stories/1")
    );
}

#[tokio::test]
async fn etag_and_last_modified_give_304_and_pages_compress() {
    let s = site();
    for uri in [
        "/story/1",
        "/",
        "/feed.atom",
        "/feed.json",
        "/api/v1/stories/1",
        "/static/app.css",
    ] {
        let first = get(&s.app, uri).await;
        let etag = first.headers.get(header::ETAG).expect("etag").clone();
        let again = send(
            &s.app,
            Request::get(uri)
                .header(header::IF_NONE_MATCH, etag.clone())
                .body(Body::empty())
                .expect("req"),
        )
        .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{uri}");
        assert!(again.body.is_empty());
        assert_eq!(again.headers.get(header::ETAG), Some(&etag));
        let other = send(
            &s.app,
            Request::get(uri)
                .header(header::IF_NONE_MATCH, "W/\"nope\"")
                .body(Body::empty())
                .expect("req"),
        )
        .await;
        assert_eq!(other.status, StatusCode::OK, "{uri}");
    }
    let page = get(&s.app, "/story/1").await;
    let lm = page
        .headers
        .get(header::LAST_MODIFIED)
        .expect("last-modified")
        .clone();
    let r = send(
        &s.app,
        Request::get("/story/1")
            .header(header::IF_MODIFIED_SINCE, lm)
            .body(Body::empty())
            .expect("req"),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_MODIFIED);
    let r = send(
        &s.app,
        Request::get("/story/1")
            .header(header::IF_MODIFIED_SINCE, "Sat, 01 Jan 2000 00:00:00 GMT")
            .body(Body::empty())
            .expect("req"),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    for uri in [
        "/story/1",
        "/",
        "/feed.atom",
        "/feed.json",
        "/api/v1/stories",
    ] {
        let plain = get(&s.app, uri).await;
        assert!(
            plain.headers.get(header::CONTENT_ENCODING).is_none(),
            "{uri}"
        );
        // Twice: the first request makes the cached gzip copy, the second is served from it.
        for _ in 0..2 {
            let gz = send(
                &s.app,
                Request::get(uri)
                    .header(header::ACCEPT_ENCODING, "br;q=1.0, gzip;q=0.8")
                    .body(Body::empty())
                    .expect("req"),
            )
            .await;
            assert_eq!(gz.status, StatusCode::OK, "{uri}");
            assert_eq!(
                gz.headers
                    .get(header::CONTENT_ENCODING)
                    .map(|v| v.as_bytes()),
                Some(&b"gzip"[..]),
                "{uri}"
            );
            assert_eq!(
                gz.headers.get(header::VARY).map(|v| v.as_bytes()),
                Some(&b"accept-encoding"[..]),
                "{uri}"
            );
            assert_eq!(
                gz.headers.get(header::ETAG),
                plain.headers.get(header::ETAG)
            );
            assert!(gz.raw.len() < plain.raw.len() / 2, "{uri} barely shrank");
            let mut unzipped = Vec::new();
            std::io::Read::read_to_end(
                &mut flate2::read::GzDecoder::new(&gz.raw[..]),
                &mut unzipped,
            )
            .expect("valid gzip");
            assert_eq!(unzipped, plain.raw.to_vec(), "{uri}: gzip copy differs");
        }
        let refused = send(
            &s.app,
            Request::get(uri)
                .header(header::ACCEPT_ENCODING, "gzip;q=0")
                .body(Body::empty())
                .expect("req"),
        )
        .await;
        assert!(
            refused.headers.get(header::CONTENT_ENCODING).is_none(),
            "{uri}"
        );
        assert_eq!(refused.raw, plain.raw, "{uri}");
    }
    let css = get(&s.app, "/static/app.css").await;
    assert!(css.headers[header::CACHE_CONTROL]
        .to_str()
        .expect("ascii")
        .contains("max-age=31536000"));
    assert!(css.body.contains("prefers-color-scheme: dark"));
}

/// A store where everything third-party is hostile.
fn hostile_site() -> (Router, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SqliteStore::open(&dir.path().join("evil.db")).expect("open");
    let x = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    let src = store
        .add_source(
            "javascript:alert(3)",
            &format!("Evil {x}"),
            Some("javascript:alert(4)"),
        )
        .expect("source");
    store
        .record_fetch(
            src.id,
            &storyline_store::FetchOutcome::Error(format!("bad {x}")),
        )
        .expect("fetch");
    let text = format!(
        "First sentence {x} here. Second sentence is plain. Third one mentions barrier {x}."
    );
    let mut ids = Vec::new();
    for (i, url) in [
        "javascript:alert(5)",
        " JAVASCRIPT:alert(6)",
        "data:text/html,<script>alert(7)</script>",
    ]
    .iter()
    .enumerate()
    {
        let a = store
            .insert_article(
                &NewArticle {
                    source_id: Some(src.id),
                    source_name: format!("Outlet{i} {x}"),
                    url: url.to_string(),
                    canonical_url: format!("{url}#{i}"),
                    title: format!("Title {x} barrier {i}"),
                    text: format!("{text} {i}"),
                    content_hash: format!("h{i}"),
                    ..NewArticle::default()
                },
                &[],
            )
            .expect("insert")
            .id();
        ids.push(a);
    }
    store
        .apply_clustering(
            &ids.iter()
                .enumerate()
                .map(|(i, a)| Placement {
                    article: *a,
                    story: 1,
                    duplicate_of: (i == 2).then_some(ids[0]),
                })
                .collect::<Vec<_>>(),
            &[],
        )
        .expect("cluster");
    let c = |t: &str| Cited {
        text: format!("{t} {x}"),
        citations: vec![Citation {
            article: ids[0].to_string(),
            sentence: 0,
        }],
    };
    let digest = Digest {
        headline: c("Headline barrier"),
        summary: vec![c("Summary")],
        takeaways: vec![c("Takeaway")],
        why_it_matters: vec![c("Why")],
        faq: vec![FaqItem {
            question: format!("Q {x}?"),
            answer: format!("A {x}"),
            citations: vec![Citation {
                article: ids[1].to_string(),
                sentence: 2,
            }],
        }],
        players: vec![Player {
            name: format!("P {x}"),
            kind: x.into(),
            role: x.into(),
            citations: Vec::new(),
        }],
        perspectives: vec![Perspective {
            source: x.into(),
            tone_label: x.into(),
            unique_claims: vec![c("Claim")],
            ..Perspective::default()
        }],
        category: format!("Cat {x}"),
        related: vec![x.into()],
        engine: x.into(),
        field_engines: [(x.to_string(), x.to_string())].into_iter().collect(),
        ..Digest::default()
    };
    store.put_digest(1, &digest, "h").expect("digest");
    let state = AppState {
        store: Arc::new(store),
        config: Arc::new(WebConfig {
            admin_token: Some(TOKEN.into()),
            site_title: format!("Site {x}"),
            ..WebConfig::default()
        }),
        metrics: Arc::new(Metrics::default()),
        fetch_now: None,
        fetcher: None,
    };
    (app(state), dir)
}

fn assert_clean(uri: &str, body: &str) {
    let lower = body.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "{uri} contains a script tag");
    assert!(
        !lower.contains("<img"),
        "{uri} contains an injected img tag"
    );
    for bad in [
        "href=\"javascript",
        "href=\" javascript",
        "href=\"data:",
        "src=\"javascript",
    ] {
        assert!(!lower.contains(bad), "{uri} emits {bad}");
    }
}

#[tokio::test]
async fn hostile_content_is_escaped_and_unsafe_links_dropped() {
    let (app, _dir) = hostile_site();
    let cat = format!(
        "/category/{}",
        "Cat%20%3Cscript%3Ealert(1)%3C%2Fscript%3E%3Cimg%20src%3Dx%20onerror%3Dalert(2)%3E"
    );
    for uri in [
        "/",
        "/story/1",
        "/sources",
        "/source/1",
        "/search?q=barrier",
        "/search?q=%3Cscript%3E",
        cat.as_str(),
        "/admin",
    ] {
        let r = get(&app, uri).await;
        assert!(
            r.status.is_success() || r.status == StatusCode::UNAUTHORIZED,
            "{uri}: {}",
            r.status
        );
        assert_clean(uri, &r.body);
        assert!(
            r.body.contains("&lt;script&gt;") || uri == "/admin" || uri.contains("%3Cscript"),
            "{uri} should show the text escaped"
        );
    }
    let story = get(&app, "/story/1").await.body;
    assert!(
        story.contains("First sentence &lt;script&gt;alert(1)&lt;/script&gt;"),
        "the quoted sentence is shown escaped"
    );
    // Feeds: the XML escapes it, and the HTML inside the entry escapes it again.
    let atom = get(&app, "/feed.atom").await.body;
    let feed = feed_rs::parser::parse(atom.as_bytes()).expect("atom parses");
    for e in &feed.entries {
        let html = e
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .unwrap_or_default();
        assert_clean("atom entry", &html);
    }
    let json: serde_json::Value =
        serde_json::from_str(&get(&app, "/feed.json").await.body).expect("json feed");
    for item in json["items"].as_array().expect("items") {
        assert_clean(
            "json feed item",
            item["content_html"].as_str().unwrap_or(""),
        );
    }
    let admin = send(
        &app,
        Request::get("/admin")
            .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
            .body(Body::empty())
            .expect("req"),
    )
    .await;
    assert_eq!(admin.status, StatusCode::OK);
    assert_clean("/admin", &admin.body);
}

#[tokio::test]
async fn atom_and_json_feeds_parse_back() {
    let s = site();
    let r = get(&s.app, "/feed.atom").await;
    assert!(r.headers[header::CONTENT_TYPE]
        .to_str()
        .expect("ascii")
        .starts_with("application/atom+xml"));
    assert!(r
        .body
        .contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
    let feed = feed_rs::parser::parse(r.body.as_bytes()).expect("valid Atom");
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
    assert_eq!(feed.id, "http://news.test/feed.atom");
    assert_eq!(
        feed.title.as_ref().map(|t| t.content.as_str()),
        Some("Storyline Test")
    );
    assert!(feed.updated.is_some(), "feed updated");
    assert!(!feed.authors.is_empty(), "feed author");
    assert!(feed.links.iter().any(|l| l.rel.as_deref() == Some("self")));
    assert_eq!(feed.entries.len(), 4);
    for e in &feed.entries {
        assert!(e.id.starts_with("http://news.test/story/"), "{}", e.id);
        assert!(e.title.is_some() && e.updated.is_some());
        assert!(e.links.iter().any(|l| l.href == e.id));
    }
    let flood = feed
        .entries
        .iter()
        .find(|e| e.id == "http://news.test/story/1")
        .expect("flood entry");
    let html = flood
        .content
        .as_ref()
        .and_then(|c| c.body.clone())
        .expect("content");
    assert!(
        html.contains(
            "<a href=\"https://coastal-ledger.example/news/harbor-barrier-vote\">[1]</a>"
        ),
        "{html}"
    );
    assert!(html.contains("Cited sentences"));
    assert!(html.contains("The barrier, made of movable steel gates"));
    assert_eq!(
        flood.categories.first().map(|c| c.term.as_str()),
        Some("Environment")
    );

    let cat = feed_rs::parser::parse(
        get(&s.app, "/category/Technology/feed.atom")
            .await
            .body
            .as_bytes(),
    )
    .expect("category atom");
    assert_eq!(cat.entries.len(), 1);
    assert_eq!(cat.id, "http://news.test/category/Technology/feed.atom");

    let j = get(&s.app, "/feed.json").await;
    let parsed = feed_rs::parser::parse(j.body.as_bytes()).expect("valid JSON Feed");
    assert_eq!(parsed.feed_type, feed_rs::model::FeedType::JSON);
    assert_eq!(parsed.entries.len(), 4);
    let v: serde_json::Value = serde_json::from_str(&j.body).expect("json");
    assert_eq!(v["version"], "https://jsonfeed.org/version/1.1");
    let item = v["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["id"] == "http://news.test/story/1")
        .expect("item");
    assert_eq!(
        item["_storyline"]["digest"]["summary"][0]["citations"][0]["sentence"],
        0
    );
}

/// Fills `{id}` in an API path with a real id of the fixture.
fn concrete(path: &str, s: &Site) -> String {
    let id = if path.starts_with("/stories") {
        s.fx.stories[0]
    } else if path.starts_with("/articles") {
        s.fx.articles[0][0]
    } else {
        s.fx.sources[0]
    };
    path.replace("{id}", &id.to_string())
}

#[tokio::test]
async fn openapi_document_matches_the_routes() {
    let s = site();
    let r = get(&s.app, "/api/v1/openapi.json").await;
    assert_eq!(r.status, StatusCode::OK);
    let doc: serde_json::Value = serde_json::from_str(&r.body).expect("valid JSON");
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["servers"][0]["url"], "http://news.test/api/v1");
    let paths = doc["paths"].as_object().expect("paths");
    let mut documented: Vec<&str> = paths.keys().map(String::as_str).collect();
    let mut routed: Vec<&str> = API_PATHS.to_vec();
    documented.sort_unstable();
    routed.sort_unstable();
    assert_eq!(
        documented, routed,
        "every route documented, every documented path routed"
    );
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    for (path, item) in paths {
        let op = &item["get"];
        assert!(op["operationId"].is_string(), "{path}");
        // Every $ref resolves.
        let text = item.to_string();
        for part in text.split("\"$ref\":\"").skip(1) {
            let target = part.split('"').next().unwrap_or("");
            let name = target.rsplit('/').next().unwrap_or("");
            assert!(
                schemas.contains_key(name) || doc["components"]["responses"].get(name).is_some(),
                "{path}: dangling $ref {target}"
            );
        }
        // Call it with its required parameters.
        let mut uri = format!("/api/v1{}", concrete(path, &s));
        let required_query: Vec<&str> = op["parameters"]
            .as_array()
            .map(|ps| {
                ps.iter()
                    .filter(|p| p["in"] == "query" && p["required"] == true)
                    .filter_map(|p| p["name"].as_str())
                    .collect()
            })
            .unwrap_or_default();
        if !required_query.is_empty() {
            uri.push('?');
            uri.push_str(
                &required_query
                    .iter()
                    .map(|n| format!("{n}=barrier"))
                    .collect::<Vec<_>>()
                    .join("&"),
            );
        }
        let res = get(&s.app, &uri).await;
        assert_eq!(res.status, StatusCode::OK, "{uri}: {}", res.body);
        assert!(
            op["responses"]["200"].is_object(),
            "{path} documents its 200"
        );
        let body: serde_json::Value = serde_json::from_str(&res.body).expect("JSON body");
        // The top-level required fields of the documented schema are present.
        let schema = &op["responses"]["200"]["content"]["application/json"]["schema"];
        let schema = match schema["$ref"].as_str() {
            Some(r) => &schemas[r.rsplit('/').next().unwrap_or("")],
            None => schema,
        };
        for field in schema["required"].as_array().into_iter().flatten() {
            let f = field.as_str().expect("field name");
            assert!(body.get(f).is_some(), "{uri} lacks documented field {f}");
        }
        // Documented error statuses really come back as JSON errors.
        if op["responses"]["404"].is_object() {
            let bad = get(
                &s.app,
                &format!("/api/v1{}", path.replace("{id}", "987654")),
            )
            .await;
            assert_eq!(bad.status, StatusCode::NOT_FOUND, "{path}");
            let e: serde_json::Value = serde_json::from_str(&bad.body).expect("JSON error");
            assert_eq!(e["error"]["status"], 404);
        }
    }
    let nope = get(&s.app, "/api/v1/nope").await;
    assert_eq!(nope.status, StatusCode::NOT_FOUND);
    assert!(nope.body.starts_with("{\"error\""));
    let bad = get(&s.app, "/api/v1/stories?page=abc").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("`page` must be a number"));
}

#[tokio::test]
async fn api_pages_and_ids_are_stable() {
    let s = site();
    let p1: serde_json::Value =
        serde_json::from_str(&get(&s.app, "/api/v1/stories?per_page=3").await.body).expect("json");
    assert_eq!(p1["items"].as_array().map(Vec::len), Some(3));
    assert_eq!(p1["has_more"], true);
    let p2: serde_json::Value =
        serde_json::from_str(&get(&s.app, "/api/v1/stories?per_page=3&page=2").await.body)
            .expect("json");
    assert_eq!(p2["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(p2["has_more"], false);
    let story: serde_json::Value =
        serde_json::from_str(&get(&s.app, "/api/v1/stories/1").await.body).expect("json");
    assert_eq!(story["story"]["id"], 1);
    assert_eq!(story["articles"].as_array().map(Vec::len), Some(4));
    assert_eq!(story["articles_more"], false);
    assert!(
        story["articles"][0].get("text").is_none(),
        "lists leave the text out"
    );
    let search: serde_json::Value =
        serde_json::from_str(&get(&s.app, "/api/v1/search?q=barrier").await.body).expect("json");
    assert!(search["stories"][0]["snippet_html"]
        .as_str()
        .unwrap_or("")
        .contains("<mark>"));
    let by_source: serde_json::Value = serde_json::from_str(
        &get(
            &s.app,
            &format!("/api/v1/articles?source={}", s.fx.sources[4]),
        )
        .await
        .body,
    )
    .expect("json");
    assert_eq!(by_source["items"].as_array().map(Vec::len), Some(1));
}

/// A story lists one page of its articles, newest first, and links the rest: a story carried by
/// thousands of outlets must not answer with megabytes.
#[tokio::test]
async fn api_story_pages_its_articles() {
    let s = site_with(3, None);
    let story: serde_json::Value =
        serde_json::from_str(&get(&s.app, "/api/v1/stories/1").await.body).expect("json");
    let first = story["articles"].as_array().cloned().unwrap_or_default();
    assert_eq!(first.len(), 3);
    assert_eq!(story["articles_more"], true);
    let url = story["articles_url"].as_str().expect("articles_url");
    assert_eq!(url, "/api/v1/articles?story=1&per_page=3");
    let rest: serde_json::Value =
        serde_json::from_str(&get(&s.app, &format!("{url}&page=2")).await.body).expect("json");
    let rest = rest["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(rest.len(), 1);
    let page1: serde_json::Value =
        serde_json::from_str(&get(&s.app, url).await.body).expect("json");
    assert_eq!(
        page1["items"].as_array(),
        Some(&first),
        "the link's first page is the story's"
    );
    let mut ids: Vec<i64> = first
        .iter()
        .chain(&rest)
        .filter_map(|a| a["id"].as_i64())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 4, "every article once");
}

#[tokio::test]
async fn search_highlights_matches() {
    let s = site();
    let r = get(&s.app, "/search?q=oyster").await;
    assert!(r.body.contains("<mark>oyster</mark>"), "{}", r.body);
    assert!(r.body.contains("value=\"oyster\""));
    // An article hit says when it was published; no category, not even "Top", is current.
    let articles = r.body.find("<h2>Articles</h2>").expect("article hits");
    assert!(r.body[articles..].contains("<time datetime="), "{}", r.body);
    assert!(!r.body.contains("aria-current"), "{}", r.body);
    let front = get(&s.app, "/").await;
    assert!(front.body.contains("aria-current=\"page\">Top</a>"));
    let none = get(&s.app, "/search?q=zebra").await;
    assert!(none.body.contains("Nothing matches"));
}

/// 25 articles that say "pelican", oldest first; returns their ids.
fn add_pelicans(s: &Site) -> Vec<i64> {
    let src = s
        .state
        .store
        .add_source("http://pelican.test/feed.xml", "Pelican Post", None)
        .expect("source");
    (0..25)
        .map(|i| {
            let url = format!("http://pelican.test/{i}");
            s.state
                .store
                .insert_article(
                    &NewArticle {
                        source_id: Some(src.id),
                        source_name: "Pelican Post".into(),
                        url: url.clone(),
                        canonical_url: url,
                        title: format!("Pelican count number {i}"),
                        text: format!("The pelican count, report {i}."),
                        content_hash: format!("pelican{i}"),
                        ..NewArticle::default()
                    },
                    &[],
                )
                .expect("insert")
                .id()
        })
        .collect()
}

#[tokio::test]
async fn search_pages_run_on_and_can_go_newest_first() {
    let s = site();
    add_pelicans(&s);
    let first = get(&s.app, "/search?q=pelican").await.body;
    assert_eq!(first.matches("Pelican count number").count(), 20, "{first}");
    assert!(
        first.contains("href=\"/search?q=pelican&amp;page=2\""),
        "{first}"
    );
    assert!(!first.contains("Previous"));
    let second = get(&s.app, "/search?q=pelican&page=2").await.body;
    assert_eq!(
        second.matches("Pelican count number").count(),
        5,
        "{second}"
    );
    assert!(second.contains("← Previous") && !second.contains("Next →"));
    let past = get(&s.app, "/search?q=pelican&page=3").await.body;
    assert!(past.contains("No more matches"), "{past}");
    // Newest first: the last article inserted leads, the first one ends page 2.
    let newest = get(&s.app, "/search?q=pelican&sort=new").await.body;
    let at = |b: &str, t: &str| b.find(t).unwrap_or(usize::MAX);
    assert!(at(&newest, "Pelican count number 24") < at(&newest, "Pelican count number 23"));
    assert!(newest.contains("href=\"/search?q=pelican&amp;sort=new&amp;page=2\""));
    let oldest = get(&s.app, "/search?q=pelican&sort=new&page=2").await.body;
    assert!(oldest.contains("Pelican count number 0<"), "{oldest}");
}

#[tokio::test]
async fn api_search_pages() {
    let s = site();
    add_pelicans(&s);
    let json = |b: &str| serde_json::from_str::<serde_json::Value>(b).expect("json");
    let one = json(
        &get(&s.app, "/api/v1/search?q=pelican&per_page=10&sort=new")
            .await
            .body,
    );
    assert_eq!(one["has_more"], true);
    assert_eq!(one["sort"], "new");
    assert_eq!(
        one["articles"][0]["article"]["title"],
        "Pelican count number 24"
    );
    let three = json(
        &get(
            &s.app,
            "/api/v1/search?q=pelican&per_page=10&page=3&sort=new",
        )
        .await
        .body,
    );
    assert_eq!(three["has_more"], false);
    assert_eq!(three["articles"].as_array().map(Vec::len), Some(5));
    assert_eq!(
        three["articles"][4]["article"]["title"],
        "Pelican count number 0"
    );
    let relevance = json(
        &get(&s.app, "/api/v1/search?q=pelican&per_page=10&page=2")
            .await
            .body,
    );
    assert_eq!(relevance["sort"], "relevance");
    assert_eq!(relevance["articles"].as_array().map(Vec::len), Some(10));
    let bad = get(&s.app, "/api/v1/search?q=pelican&sort=oldest").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn source_page_shows_fetch_health() {
    let s = site();
    let failing = get(&s.app, &format!("/source/{}", s.fx.sources[5]))
        .await
        .body;
    assert!(failing.contains("HTTP 503 Service Unavailable"));
    assert!(failing.contains("failing"));
    let ok = get(&s.app, &format!("/source/{}", s.fx.sources[0]))
        .await
        .body;
    assert!(ok.contains("<span class=\"ok\">ok</span>"));
    assert!(ok.contains("Port Marlow approves $1.2 billion flood barrier"));
    // One failure is retried at the next poll; from the second in a row the source waits, and
    // its page and the sources list say until when.
    assert!(!failing.contains("retried"), "{failing}");
    let again = storyline_store::FetchOutcome::Error("HTTP 503 Service Unavailable".into());
    s.state
        .store
        .record_fetch(s.fx.sources[5], &again)
        .expect("record");
    // As the pipeline does after a fetch: cached pages are redrawn.
    s.state
        .metrics
        .fetches
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let page = get(&s.app, &format!("/source/{}", s.fx.sources[5]))
        .await
        .body;
    assert!(page.contains("failing (2×)"), "{page}");
    assert!(page.contains("· retried <time"), "{page}");
    assert!(page.contains(">in 29 minutes</time>") || page.contains(">in 30 minutes</time>"));
    let list = get(&s.app, "/sources").await.body;
    assert!(list.contains("· retried <time"), "{list}");
    // A fetch that succeeded though some of it went wrong says what, on the page and the list.
    let partly = get(&s.app, &format!("/source/{}", s.fx.sources[4]))
        .await
        .body;
    let said = "<span class=\"warn\">· 1 entry could not be read; 2 pages gave no article \
                (the feed's text was kept)</span>";
    assert!(partly.contains("<span class=\"ok\">ok</span>"), "{partly}");
    assert!(partly.contains(said), "{partly}");
    assert!(
        partly.contains("https://techbrief.example/2026/ferry: HTTP 404 Not Found"),
        "{partly}"
    );
    assert!(list.contains(said), "{list}");
    assert!(!ok.contains("class=\"warn\""), "{ok}");
    let api = get(&s.app, &format!("/api/v1/sources/{}", s.fx.sources[4]))
        .await
        .body;
    assert!(
        api.contains("\"problems\":{\"entries_unreadable\":1,\"pages_failed\":2,"),
        "{api}"
    );
}

/// Whether the site's store has a source at `url`.
fn has_source(s: &Site, url: &str) -> bool {
    let sources = s.state.store.sources().expect("sources");
    sources.iter().any(|x| x.url == url)
}

fn post(uri: &str) -> axum::http::request::Builder {
    Request::post(uri).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
}

/// "Add a feed" given a page stores the feed the page links to, under the feed's title; given a
/// page of a site without a feed, it stores nothing and says why.
#[tokio::test]
async fn admin_add_finds_the_feed_of_a_page() {
    use axum::routing::get;
    let origin = Router::new()
        .route(
            "/news/story",
            get(|| async {
                axum::response::Html(
                    "<html><head><link rel=\"alternate\" type=\"application/rss+xml\" \
                     href=\"/feeds/all.xml\"></head><body><p>A story.</p></body></html>",
                )
            }),
        )
        .route(
            "/feeds/all.xml",
            get(|| async {
                "<rss version=\"2.0\"><channel><title>Harbour Gazette</title></channel></rss>"
            }),
        )
        .route(
            "/bare",
            get(|| async { axum::response::Html("<html><body><p>No feed.</p></body></html>") }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, origin).await;
    });
    let s = site();
    let mut state = s.state.clone();
    state.fetcher = Some(
        storyline_ingest::Fetcher::new(storyline_ingest::FetchConfig {
            allow_private: true,
            ..storyline_ingest::FetchConfig::default()
        })
        .expect("fetcher"),
    );
    let app = app(state);
    let add = |url: String| {
        let form = format!("url={}", url.replace(':', "%3A").replace('/', "%2F"));
        post("/admin/sources")
            .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
            .body(Body::from(form))
            .expect("req")
    };
    let before = s.state.store.sources().expect("sources").len();
    let added = send(&app, add(format!("{base}/news/story"))).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let sources = s.state.store.sources().expect("sources");
    assert_eq!(sources.len(), before + 1);
    let feed = sources
        .iter()
        .find(|x| x.url == format!("{base}/feeds/all.xml"))
        .expect("the feed is stored");
    assert_eq!(feed.title, "Harbour Gazette");

    let none = send(&app, add(format!("{base}/bare"))).await;
    assert_eq!(none.status, StatusCode::BAD_REQUEST);
    assert!(none.body.contains("No source was added"), "{}", none.body);
    assert!(none.body.contains("neither a feed"), "{}", none.body);
    // Said on the admin page itself, with its form to try again.
    assert!(none.body.contains("Add a feed"), "{}", none.body);
    assert_eq!(none.headers[header::CACHE_CONTROL], "no-store");
    assert_eq!(s.state.store.sources().expect("sources").len(), before + 1);

    // An address typed without a scheme, as into an address bar, is https (stored as given
    // where this process fetches nothing).
    let typed = send(&s.app, add("new.example/feed.xml".into())).await;
    assert_eq!(typed.status, StatusCode::SEE_OTHER, "{}", typed.body);
    assert!(has_source(&s, "https://new.example/feed.xml"));
}

#[tokio::test]
async fn admin_requires_the_token() {
    let s = site();
    let bearer = format!("Bearer {TOKEN}");
    assert_eq!(get(&s.app, "/admin").await.status, StatusCode::UNAUTHORIZED);
    let wrong = send(
        &s.app,
        Request::get("/admin")
            .header(header::AUTHORIZATION, "Bearer nope")
            .body(Body::empty())
            .expect("req"),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let ok = send(
        &s.app,
        Request::get("/admin")
            .header(header::AUTHORIZATION, &bearer)
            .body(Body::empty())
            .expect("req"),
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK);
    assert!(ok.body.contains("Import OPML"));
    assert_eq!(ok.headers[header::CACHE_CONTROL], "no-store");

    // Writes need the token too.
    let form = "url=https%3A%2F%2Fnew.example%2Ffeed.xml&title=New+Outlet";
    let anon = send(
        &s.app,
        post("/admin/sources").body(Body::from(form)).expect("req"),
    )
    .await;
    assert_eq!(anon.status, StatusCode::UNAUTHORIZED);
    let before = s.state.store.sources().expect("sources").len();
    assert_eq!(before, 6);
    // From another site: refused even with the token.
    let cross = send(
        &s.app,
        post("/admin/sources")
            .header(header::AUTHORIZATION, &bearer)
            .header(header::HOST, "news.test")
            .header(header::ORIGIN, "https://evil.example")
            .body(Body::from(form))
            .expect("req"),
    )
    .await;
    assert_eq!(cross.status, StatusCode::FORBIDDEN);
    let added = send(
        &s.app,
        post("/admin/sources")
            .header(header::AUTHORIZATION, &bearer)
            .header(header::HOST, "news.test")
            .header(header::ORIGIN, "http://news.test")
            .body(Body::from(form))
            .expect("req"),
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    assert_eq!(s.state.store.sources().expect("sources").len(), 7);
    // A javascript: feed URL is refused.
    let js = "url=javascript%3Aalert(1)";
    let r = send(
        &s.app,
        post("/admin/sources")
            .header(header::AUTHORIZATION, &bearer)
            .body(Body::from(js))
            .expect("req"),
    )
    .await;
    assert_eq!(r.headers[header::LOCATION], "/admin?done=invalid");
    assert_eq!(s.state.store.sources().expect("sources").len(), 7);

    // Login sets a locked-down cookie that then works.
    let login = send(
        &s.app,
        post("/admin/login")
            .body(Body::from("token=nope"))
            .expect("req"),
    )
    .await;
    assert_eq!(login.status, StatusCode::UNAUTHORIZED);
    let login = send(
        &s.app,
        post("/admin/login")
            .body(Body::from("token=s3cret+token"))
            .expect("req"),
    )
    .await;
    assert_eq!(login.status, StatusCode::SEE_OTHER);
    let cookie = login.headers[header::SET_COOKIE]
        .to_str()
        .expect("ascii")
        .to_string();
    for attr in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/admin"] {
        assert!(cookie.contains(attr), "cookie lacks {attr}: {cookie}");
    }
    let pair = cookie.split(';').next().expect("pair").to_string();
    assert!(
        !pair.contains("s3cret"),
        "the cookie must not carry the token: {pair}"
    );
    let with_cookie = send(
        &s.app,
        Request::get("/admin")
            .header(header::COOKIE, &pair)
            .body(Body::empty())
            .expect("req"),
    )
    .await;
    assert_eq!(with_cookie.status, StatusCode::OK);
    let forged = send(
        &s.app,
        Request::get("/admin")
            .header(header::COOKIE, "storyline_admin=guess")
            .body(Body::empty())
            .expect("req"),
    )
    .await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED);

    // Remove, import OPML, fetch now.
    let id = s
        .state
        .store
        .sources()
        .expect("sources")
        .iter()
        .find(|x| x.title == "New Outlet")
        .expect("added")
        .id;
    let r = send(
        &s.app,
        post(&format!("/admin/sources/{id}/remove"))
            .header(header::COOKIE, &pair)
            .body(Body::empty())
            .expect("req"),
    )
    .await;
    assert_eq!(r.headers[header::LOCATION], "/admin?done=removed");
    assert_eq!(s.state.store.sources().expect("sources").len(), 6);
    let opml = r#"<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
        <outline text="A" title="Feed A" type="rss" xmlUrl="https://a.example/rss" htmlUrl="https://a.example/"/>
        <outline text="Bad" xmlUrl="javascript:alert(1)"/></body></opml>"#;
    let body = format!("opml={}", url_encode(opml));
    let r = send(
        &s.app,
        post("/admin/opml")
            .header(header::COOKIE, &pair)
            .body(Body::from(body))
            .expect("req"),
    )
    .await;
    assert_eq!(r.headers[header::LOCATION], "/admin?done=imported&n=1");
    assert!(has_source(&s, "https://a.example/rss"));
    let notify = s.state.fetch_now.clone().expect("notify");
    let r = send(
        &s.app,
        post("/admin/fetch")
            .header(header::COOKIE, &pair)
            .body(Body::empty())
            .expect("req"),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    tokio::time::timeout(std::time::Duration::from_secs(1), notify.notified())
        .await
        .expect("fetcher was notified");
    let export = get(&s.app, "/sources.opml").await.body;
    assert!(export.contains("https://a.example/rss"));

    // No token configured: no admin at all.
    let off = site_with(20, None);
    assert_eq!(get(&off.app, "/admin").await.status, StatusCode::NOT_FOUND);
    let r = send(
        &off.app,
        post("/admin/login")
            .body(Body::from("token="))
            .expect("req"),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn metrics_and_health() {
    let s = site();
    s.state
        .metrics
        .observe_fetch(std::time::Duration::from_millis(120), false);
    s.state
        .metrics
        .digests_written
        .fetch_add(3, std::sync::atomic::Ordering::Relaxed);
    let _ = get(&s.app, "/").await;
    let m = get(&s.app, "/metrics").await.body;
    for needle in [
        "storyline_fetches_total 1",
        "storyline_fetch_errors_total 1",
        "storyline_digests_written_total 3",
        "storyline_fetch_duration_seconds_bucket{le=\"0.25\"} 1",
        "storyline_fetch_duration_seconds_count 1",
        "storyline_http_requests_total{status=\"2xx\"}",
        "storyline_stories 4",
        "storyline_articles 10",
    ] {
        assert!(m.contains(needle), "metrics lack {needle}:\n{m}");
    }
    let h: serde_json::Value =
        serde_json::from_str(&get(&s.app, "/healthz").await.body).expect("json");
    assert_eq!(h["status"], "ok");
    assert_eq!(h["stats"]["stories"], 4);
}

/// Percent-encodes every byte that is not unreserved in a query value.
fn query_value(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Search text is the reader's, in any shape: full-text query syntax ("NEAR(", "*", quotes,
/// column filters), stray marks, other scripts, control characters, very long input. Every
/// query gets a page (or an API answer), never a server error. A fixed-seed generator, so a
/// failure reproduces.
#[tokio::test]
async fn any_search_text_gets_an_answer() {
    const PIECES: &[&str] = &[
        "oyster",
        "barrier",
        "\"",
        "*",
        "NEAR(",
        ")",
        "(",
        "AND",
        "OR",
        "NOT",
        "^",
        ":",
        "title:",
        "-",
        "+",
        "'",
        "\\",
        "%",
        "&",
        "#",
        "日本語",
        "é",
        "\u{0}",
        "\u{202e}",
        " ",
        "  ",
        "{",
        "}",
        "[",
        "]",
        ";",
        "--",
        "/*",
        "NEAR",
        "\u{fffd}",
    ];
    let s = site();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut queries: Vec<String> = vec!["a".repeat(5000), "\"".into(), "*".into()];
    for _ in 0..120 {
        let n = 1 + next() % 6;
        queries.push(
            (0..n)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect(),
        );
    }
    for q in &queries {
        let v = query_value(q);
        for uri in [
            format!("/search?q={v}"),
            format!("/search?q={v}&sort=new&page=2"),
            format!("/api/v1/search?q={v}"),
        ] {
            let r = get(&s.app, &uri).await;
            assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.body);
        }
    }
}

#[tokio::test]
async fn an_outlets_several_feeds_are_told_apart_on_the_sources_page() {
    let s = site();
    for url in [
        "http://ledger.test/news/feed.xml",
        "http://ledger.test/opinion/feed.xml",
    ] {
        s.state
            .store
            .add_source(url, "Lakeside Ledger", None)
            .expect("source");
    }
    let page = get(&s.app, "/sources").await;
    assert!(page.status.is_success());
    assert!(
        page.body.contains("ledger.test/news/feed.xml"),
        "{}",
        page.body
    );
    assert!(page.body.contains("ledger.test/opinion/feed.xml"));
    // An outlet with one feed shows no address.
    assert!(page.body.contains("Coastal Ledger"));
    assert!(!page.body.contains("coastal-ledger.example/feed.xml"));
}

/// A story of `originals` outlets' reports, the first of them carried by `copies` more outlets;
/// returns the story's id.
fn add_widely_carried_story(s: &Site, originals: usize, copies: usize) -> i64 {
    const STORY: i64 = 50;
    let store = &s.state.store;
    let mut placements = Vec::new();
    let mut first = None;
    for i in 0..originals + copies {
        let url = format!("https://outlet{i}.example/news/rail-strike");
        let id = store
            .insert_article(
                &NewArticle {
                    source_name: format!("Outlet {i}"),
                    url: url.clone(),
                    canonical_url: url,
                    title: format!("Rail strike halts northern trains ({i})"),
                    text: "Rail workers walked out on Monday.".into(),
                    content_hash: format!("rail{i}"),
                    ..NewArticle::default()
                },
                &[],
            )
            .expect("insert")
            .id();
        let first = *first.get_or_insert(id);
        placements.push(Placement {
            article: id,
            story: STORY,
            duplicate_of: (i >= originals).then_some(first),
        });
    }
    store.apply_clustering(&placements, &[]).expect("cluster");
    STORY
}

#[tokio::test]
async fn a_story_thousands_carried_lists_the_first_reports_and_links_to_all() {
    use storyline_web::{FEED_ORIGINALS, SHOWN_COPIES, SHOWN_ORIGINALS, SHOWN_PERSPECTIVES};
    let s = site();
    let (originals, copies) = (SHOWN_ORIGINALS + 10, SHOWN_COPIES + 8);
    let id = add_widely_carried_story(&s, originals, copies);
    let total = originals + copies;
    // Perspectives: outlets with claims of their own, the first few of them until asked; the
    // outlets without named in one line.
    let with_claims = SHOWN_PERSPECTIVES + 3;
    let perspectives = (0..with_claims + 2)
        .map(|i| Perspective {
            source: format!("Outlet {i}"),
            tone_label: "neutral".into(),
            unique_claims: if i < 2 {
                Vec::new()
            } else {
                vec![Cited {
                    text: format!("Own claim number {i}."),
                    citations: Vec::new(),
                }]
            },
            ..Perspective::default()
        })
        .collect();
    let digest = Digest {
        perspectives,
        ..Digest::default()
    };
    s.state.store.put_digest(id, &digest, "h").expect("digest");

    let page = get(&s.app, &format!("/story/{id}")).await.body;
    assert_eq!(page.matches("<strong>Outlet ").count(), SHOWN_ORIGINALS);
    assert!(page.contains("Outlet 0</strong>"));
    assert!(!page.contains(&format!("Outlet {}</strong>", SHOWN_ORIGINALS)));
    assert!(page.contains(" and 8 more</div>"), "{page}");
    let hidden = total - SHOWN_ORIGINALS - SHOWN_COPIES;
    assert!(
        page.contains(&format!(
            "{hidden} more articles are not listed here. <a href=\"/story/{id}?sources=all#sources\">Show all {total} articles</a>"
        )),
        "{page}"
    );

    let all = get(&s.app, &format!("/story/{id}?sources=all")).await.body;
    assert_eq!(all.matches("<strong>Outlet ").count(), originals);
    assert!(all.contains(&format!(">Outlet {}</a></div>", total - 1)));
    assert!(!all.contains("not listed here") && !all.contains(" more</div>"));

    // A story small enough is listed whole, with no link.
    let small = get(&s.app, &format!("/story/{}", s.fx.stories[0]))
        .await
        .body;
    assert!(!small.contains("sources=all"));

    assert_eq!(page.matches("Own claim number").count(), SHOWN_PERSPECTIVES);
    assert!(page.contains(&format!(
        "The claims of 3 more outlets are not shown here. <a href=\"/story/{id}?sources=all#perspectives\">"
    )));
    assert!(page.contains(
        "No claims that other outlets do not also make: Outlet 0 <span class=\"tone\">neutral</span>, Outlet 1"
    ));
    assert_eq!(all.matches("Own claim number").count(), with_claims);
    assert!(!all.contains("more outlets are not shown"));

    let feed = get(&s.app, "/feed.atom").await.body;
    assert_eq!(
        feed.matches("Rail strike halts northern trains (").count(),
        FEED_ORIGINALS + 1
    );
    assert!(feed.contains(&format!(
        "and {} more on the story page",
        originals - FEED_ORIGINALS
    )));
}
