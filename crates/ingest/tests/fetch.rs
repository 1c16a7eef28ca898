//! The fetcher against a real HTTP server on loopback: conditional GET, retries with backoff and
//! Retry-After, size and time caps, redirect cap, and the private-address guard.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response as AxResponse};
use axum::routing::get;
use axum::Router;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use storyline_ingest::{Conditional, FetchConfig, FetchError, Fetcher, Response};

#[derive(Default)]
struct Hits {
    flaky: AtomicUsize,
    limited: AtomicUsize,
    broken: AtomicUsize,
}

async fn feed(headers: HeaderMap) -> AxResponse {
    if headers
        .get("if-none-match")
        .is_some_and(|v| v.as_bytes() == b"\"v1\"")
    {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    (
        [
            ("etag", "\"v1\""),
            ("last-modified", "Sun, 22 Nov 2026 10:00:00 GMT"),
        ],
        "<rss version=\"2.0\"><channel><title>T</title></channel></rss>",
    )
        .into_response()
}

async fn flaky(State(h): State<Arc<Hits>>) -> AxResponse {
    if h.flaky.fetch_add(1, Ordering::SeqCst) < 2 {
        StatusCode::SERVICE_UNAVAILABLE.into_response()
    } else {
        "ok".into_response()
    }
}

async fn limited(State(h): State<Arc<Hits>>) -> AxResponse {
    if h.limited.fetch_add(1, Ordering::SeqCst) == 0 {
        (
            StatusCode::TOO_MANY_REQUESTS,
            [("retry-after", "1")],
            "slow down",
        )
            .into_response()
    } else {
        "ok".into_response()
    }
}

async fn broken(State(h): State<Arc<Hits>>) -> AxResponse {
    h.broken.fetch_add(1, Ordering::SeqCst);
    StatusCode::NOT_FOUND.into_response()
}

async fn big() -> String {
    "x".repeat(200_000)
}

/// `body` gzipped, sent with `Content-Encoding: gzip`.
fn gzipped(body: &[u8]) -> AxResponse {
    use std::io::Write;
    let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(body).expect("gzip");
    let bytes = z.finish().expect("gzip");
    ([("content-encoding", "gzip")], bytes).into_response()
}

async fn slow() -> &'static str {
    tokio::time::sleep(Duration::from_secs(5)).await;
    "late"
}

async fn loop_redirect() -> AxResponse {
    (StatusCode::FOUND, [("location", "/loop")]).into_response()
}

/// Redirects for `permanent_redirects_tell_where_a_feed_moved`: path, status, target.
const REDIRECTS: [(&str, StatusCode, &str); 4] = [
    ("/moved", StatusCode::MOVED_PERMANENTLY, "/feed"),
    ("/moved-twice", StatusCode::PERMANENT_REDIRECT, "moved"),
    ("/temp", StatusCode::FOUND, "/feed"),
    ("/mixed", StatusCode::MOVED_PERMANENTLY, "/temp"),
];

async fn server() -> (String, Arc<Hits>) {
    let hits = Arc::new(Hits::default());
    let mut app = Router::new();
    for (path, status, to) in REDIRECTS {
        app = app.route(
            path,
            get(move || async move { (status, [("location", to)]).into_response() }),
        );
    }
    let app = app
        .route("/feed", get(feed))
        .route("/flaky", get(flaky))
        .route("/limited", get(limited))
        .route("/broken", get(broken))
        .route("/big", get(big))
        // 20 MB of spaces in some 20 KB on the wire: the cap counts what is decompressed.
        .route("/bomb", get(|| async { gzipped(&vec![b' '; 20 << 20]) }))
        .route(
            "/gzipped",
            get(|| async {
                gzipped(b"<rss version=\"2.0\"><channel><title>Z</title></channel></rss>")
            }),
        )
        .route("/slow", get(slow))
        .route("/go", get(|| async { refresh_to("article?id=7") }))
        .route("/ping", get(|| async { refresh_to("/pong") }))
        .route("/pong", get(|| async { refresh_to("/ping") }))
        .route("/self", get(|| async { refresh_to("/self") }))
        .route(
            "/article",
            get(|| async {
                axum::response::Html("<html><body><p>The bridge reopened.</p></body></html>")
            }),
        )
        .route(
            "/episode.mp3",
            get(|| async { ([("content-type", "audio/mpeg")], vec![0xffu8; 50_000]) }),
        )
        .route(
            "/report",
            get(|| async {
                let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n".to_vec();
                ([("content-type", "application/octet-stream")], pdf)
            }),
        )
        .route(
            "/page-as-download",
            get(|| async {
                (
                    [("content-type", "application/octet-stream")],
                    "<html><body><p>The bridge reopened.</p></body></html>",
                )
            }),
        )
        .route("/loop", get(loop_redirect))
        .with_state(hits.clone());
    (listen(app).await, hits)
}

/// A page that sends its reader on to `to` at once, as link shorteners answer scriptless clients.
fn refresh_to(to: &str) -> AxResponse {
    axum::response::Html(format!(
        "<html><head><meta http-equiv=\"refresh\" content=\"0; url={to}\"></head>\
         <body>Redirecting…</body></html>"
    ))
    .into_response()
}

/// Serves `app` on a free loopback port; its base URL.
async fn listen(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}")
}

fn fetcher() -> Fetcher {
    Fetcher::new(FetchConfig {
        allow_private: true,
        timeout: Duration::from_secs(1),
        max_bytes: 100_000,
        backoff: Duration::from_millis(50),
        retries: 2,
        ..FetchConfig::default()
    })
    .expect("fetcher")
}

#[tokio::test]
async fn conditional_get_returns_not_modified() {
    let (base, _) = server().await;
    let f = fetcher();
    let first = f
        .get(&format!("{base}/feed"), &Conditional::default())
        .await
        .expect("fetch");
    let Response::Fetched(got) = first else {
        panic!("expected a body");
    };
    assert_eq!(got.etag.as_deref(), Some("\"v1\""));
    assert!(got.last_modified.is_some());
    let cond = Conditional {
        etag: got.etag,
        last_modified: got.last_modified,
    };
    let second = f.get(&format!("{base}/feed"), &cond).await.expect("fetch");
    assert!(matches!(second, Response::NotModified { moved_to: None }));
}

#[tokio::test]
async fn retries_5xx_and_honours_retry_after() {
    let (base, hits) = server().await;
    let f = fetcher();
    let r = f
        .get(&format!("{base}/flaky"), &Conditional::default())
        .await;
    assert!(matches!(r, Ok(Response::Fetched(_))), "{r:?}");
    assert_eq!(hits.flaky.load(Ordering::SeqCst), 3);

    let start = Instant::now();
    let r = f
        .get(&format!("{base}/limited"), &Conditional::default())
        .await;
    assert!(matches!(r, Ok(Response::Fetched(_))), "{r:?}");
    assert!(
        start.elapsed() >= Duration::from_millis(900),
        "Retry-After: 1 was not honoured"
    );

    // A 404 is not retried.
    let r = f
        .get(&format!("{base}/broken"), &Conditional::default())
        .await;
    assert!(
        matches!(r, Err(FetchError::Status { status: 404, .. })),
        "{r:?}"
    );
    assert_eq!(hits.broken.load(Ordering::SeqCst), 1);
}

/// A feed reached only through permanent redirects (301, 308) has moved; one reached through a
/// temporary redirect anywhere in the chain has not, and its address is the one asked.
#[tokio::test]
async fn permanent_redirects_tell_where_a_feed_moved() {
    let (base, _) = server().await;
    let f = fetcher();
    for (path, moved) in [
        ("/moved", true),
        ("/moved-twice", true),
        ("/temp", false),
        ("/mixed", false),
        ("/feed", false),
    ] {
        let asked = format!("{base}{path}");
        let Ok(Response::Fetched(got)) = f.get(&asked, &Conditional::default()).await else {
            panic!("{path}: expected a body");
        };
        assert_eq!(got.url, format!("{base}/feed"), "{path}");
        assert!(got.body.starts_with(b"<rss"), "{path}");
        let want = if moved { format!("{base}/feed") } else { asked };
        assert_eq!(got.moved_to.is_some(), moved, "{path}");
        assert_eq!(got.lasting_url(), want, "{path}");
    }
    // Validators go with the request to where it is redirected, and a 304 there still tells
    // whether the feed moved.
    let cond = Conditional {
        etag: Some("\"v1\"".into()),
        last_modified: None,
    };
    let want = format!("{base}/feed");
    let r = f.get(&format!("{base}/moved"), &cond).await;
    assert!(
        matches!(&r, Ok(Response::NotModified { moved_to: Some(to) }) if *to == want),
        "{r:?}"
    );
    let r = f.get(&format!("{base}/temp"), &cond).await;
    assert!(
        matches!(r, Ok(Response::NotModified { moved_to: None })),
        "{r:?}"
    );
}

#[tokio::test]
async fn caps_size_time_and_redirects() {
    let (base, _) = server().await;
    let f = Fetcher::new(FetchConfig {
        allow_private: true,
        timeout: Duration::from_millis(500),
        max_bytes: 100_000,
        retries: 0,
        ..FetchConfig::default()
    })
    .expect("fetcher");
    let r = f.get(&format!("{base}/big"), &Conditional::default()).await;
    assert!(matches!(r, Err(FetchError::TooLarge { .. })), "{r:?}");
    // A compressed body is capped by its decompressed size, and read in full under the cap.
    let r = f
        .get(&format!("{base}/bomb"), &Conditional::default())
        .await;
    assert!(matches!(r, Err(FetchError::TooLarge { .. })), "{r:?}");
    match f
        .get(&format!("{base}/gzipped"), &Conditional::default())
        .await
    {
        Ok(Response::Fetched(x)) => assert!(
            x.body
                .starts_with(b"<rss version=\"2.0\"><channel><title>Z</title>"),
            "{:?}",
            String::from_utf8_lossy(&x.body)
        ),
        other => panic!("{other:?}"),
    }
    let start = Instant::now();
    let r = f
        .get(&format!("{base}/slow"), &Conditional::default())
        .await;
    assert!(matches!(r, Err(FetchError::Timeout { .. })), "{r:?}");
    assert!(start.elapsed() < Duration::from_secs(3));
    let r = f
        .get(&format!("{base}/loop"), &Conditional::default())
        .await;
    let msg = format!("{:?}", r.err());
    assert!(msg.contains("redirect"), "{msg}");
}

#[tokio::test]
async fn loopback_is_refused_unless_allowed() {
    let (base, _) = server().await;
    let f = Fetcher::new(FetchConfig::default()).expect("fetcher");
    let r = f
        .get(&format!("{base}/feed"), &Conditional::default())
        .await;
    assert!(matches!(r, Err(FetchError::Forbidden { .. })), "{r:?}");
    let r = f.get("http://10.1.2.3/feed", &Conditional::default()).await;
    assert!(matches!(r, Err(FetchError::Forbidden { .. })), "{r:?}");
}

/// Article pages are fetched under the site's robots.txt, read once per site: a disallowed page
/// is not asked for, an allowed one is; a feed (`get`) is fetched regardless. A site without a
/// robots.txt allows everything; one whose robots.txt errs allows nothing for now.
#[tokio::test]
async fn pages_follow_the_sites_robots_txt() {
    let robots_hits = Arc::new(AtomicUsize::new(0));
    let page_hits = Arc::new(AtomicUsize::new(0));
    let serve = |robots: Option<(StatusCode, &'static str)>| {
        let (rh, ph) = (robots_hits.clone(), page_hits.clone());
        let mut app = Router::new().route(
            "/{*path}",
            get(move || {
                let ph = ph.clone();
                async move {
                    ph.fetch_add(1, Ordering::SeqCst);
                    "<html><body><p>page</p></body></html>"
                }
            }),
        );
        if let Some((status, body)) = robots {
            app = app.route(
                "/robots.txt",
                get(move || {
                    let rh = rh.clone();
                    async move {
                        rh.fetch_add(1, Ordering::SeqCst);
                        (status, body)
                    }
                }),
            );
        }
        listen(app)
    };
    let f = Fetcher::new(FetchConfig {
        allow_private: true,
        retries: 0,
        user_agent: "Storyline/0.1 (test)".into(),
        ..FetchConfig::default()
    })
    .expect("fetcher");
    let get_page = |url: String| {
        let f = f.clone();
        async move { f.get_page(&url, &Conditional::default()).await }
    };

    let base = serve(Some((
        StatusCode::OK,
        "User-agent: *\nDisallow: /\n\nUser-agent: storyline\nDisallow: /private/\n\
         Disallow: /*?print=\n",
    )))
    .await;
    let (a, b, c) = tokio::join!(
        get_page(format!("{base}/news/1")),
        get_page(format!("{base}/news/2")),
        get_page(format!("{base}/private/3")),
    );
    assert!(matches!(a, Ok(Response::Fetched(_))), "{a:?}");
    assert!(matches!(b, Ok(Response::Fetched(_))), "{b:?}");
    assert!(
        matches!(&c, Err(FetchError::Disallowed { url }) if url.ends_with("/private/3")),
        "{c:?}"
    );
    let d = get_page(format!("{base}/news/4?print=1")).await;
    assert!(matches!(d, Err(FetchError::Disallowed { .. })), "{d:?}");
    assert_eq!(
        robots_hits.load(Ordering::SeqCst),
        1,
        "one robots.txt per site"
    );
    assert_eq!(
        page_hits.load(Ordering::SeqCst),
        2,
        "disallowed pages are not asked for"
    );
    // A feed the operator subscribed to is fetched whatever robots.txt says.
    let feed = f
        .get(&format!("{base}/private/feed.xml"), &Conditional::default())
        .await;
    assert!(matches!(feed, Ok(Response::Fetched(_))), "{feed:?}");

    // No robots.txt (404): everything allowed.
    let open = serve(None).await;
    let r = get_page(format!("{open}/private/1")).await;
    assert!(matches!(r, Ok(Response::Fetched(_))), "{r:?}");
    // A robots.txt the server fails to give: nothing fetched for now.
    let down = serve(Some((StatusCode::SERVICE_UNAVAILABLE, "busy"))).await;
    let r = get_page(format!("{down}/news/1")).await;
    assert!(matches!(r, Err(FetchError::Disallowed { .. })), "{r:?}");
    // Turned off, robots.txt is not read.
    let before = robots_hits.load(Ordering::SeqCst);
    let off = Fetcher::new(FetchConfig {
        allow_private: true,
        respect_robots: false,
        ..FetchConfig::default()
    })
    .expect("fetcher");
    let r = off
        .get_page(&format!("{base}/private/5"), &Conditional::default())
        .await;
    assert!(matches!(r, Ok(Response::Fetched(_))), "{r:?}");
    assert_eq!(robots_hits.load(Ordering::SeqCst), before);
}

/// A page asked for that is a podcast episode (by its type) or a PDF sent as a download (by its
/// first bytes) is refused with what it is; an HTML page sent as a download is a page. A plain
/// fetch (a feed, an enclosure) takes any type.
#[tokio::test]
async fn a_page_that_is_another_kind_of_file_is_refused() {
    let (base, _) = server().await;
    let f = fetcher();
    for (path, what) in [
        ("/episode.mp3", "audio/mpeg"),
        ("/report", "a PDF document"),
    ] {
        let url = format!("{base}{path}");
        match f.get_page(&url, &Conditional::default()).await {
            Err(e @ FetchError::NotAPage { .. }) => {
                assert_eq!(e.to_string(), format!("{url} is {what}, not a web page"));
            }
            other => panic!("{path}: expected NotAPage, got {other:?}"),
        }
    }
    let page = f
        .get_page(&format!("{base}/page-as-download"), &Conditional::default())
        .await;
    assert!(matches!(page, Ok(Response::Fetched(_))), "{page:?}");
    let any = f
        .get(&format!("{base}/episode.mp3"), &Conditional::default())
        .await;
    assert!(matches!(any, Ok(Response::Fetched(_))), "{any:?}");
}

/// A page's `<meta http-equiv="refresh" content="0; url=…">` is followed like a redirect: the
/// article is what comes back, under its own address; a page refreshing to itself is itself; a
/// loop of refreshes ends at the redirect cap with an error.
#[tokio::test]
async fn a_page_that_refreshes_to_another_is_followed() {
    let (base, _) = server().await;
    let f = fetcher();
    let got = f
        .get_page(&format!("{base}/go"), &Conditional::default())
        .await
        .expect("fetch");
    let Response::Fetched(page) = got else {
        panic!("expected a page");
    };
    assert_eq!(page.url, format!("{base}/article?id=7"));
    assert_eq!(page.asked, format!("{base}/go"));
    assert!(String::from_utf8_lossy(&page.body).contains("The bridge reopened."));

    let same = f
        .get_page(&format!("{base}/self"), &Conditional::default())
        .await
        .expect("fetch");
    assert!(matches!(same, Response::Fetched(p) if p.url == format!("{base}/self")));

    let looped = f
        .get_page(&format!("{base}/ping"), &Conditional::default())
        .await;
    assert!(
        matches!(&looped, Err(FetchError::Network { reason, .. }) if reason.contains("redirects")),
        "{looped:?}"
    );
    // A feed is no page: `get` reads what it is given.
    let raw = f
        .get(&format!("{base}/go"), &Conditional::default())
        .await
        .expect("fetch");
    assert!(matches!(raw, Response::Fetched(p) if p.url == format!("{base}/go")));
}

/// A page that names no feed: its site's feed is found at one of the usual addresses; a site with
/// none there, or one answering every address with its front page, has no feed to find.
#[tokio::test]
async fn a_feed_the_page_does_not_name_is_found_at_a_usual_address() {
    use storyline_ingest::discover::{discover, DiscoverError};
    let page = || async { axum::response::Html("<html><body><p>A story.</p></body></html>") };
    let with_feed = listen(Router::new().route("/news/story", get(page)).route(
        "/rss.xml",
        get(|| async {
            "<rss version=\"2.0\"><channel><title>Harbour Gazette</title></channel></rss>"
        }),
    ))
    .await;
    let found = discover(&fetcher(), &format!("{with_feed}/news/story"))
        .await
        .expect("found");
    assert_eq!(found.feed_url, format!("{with_feed}/rss.xml"));
    assert_eq!(found.title.as_deref(), Some("Harbour Gazette"));

    let without = listen(Router::new().route("/news/story", get(page))).await;
    let everything_home = listen(Router::new().fallback(get(page))).await;
    for base in [without, everything_home] {
        let url = format!("{base}/news/story");
        match discover(&fetcher(), &url).await {
            Err(e @ DiscoverError::NoFeed(_)) => {
                assert!(e.to_string().starts_with(&url), "{e}");
                assert!(e.to_string().contains("/rss.xml"), "{e}");
            }
            other => panic!("{base}: expected NoFeed, got {other:?}"),
        }
    }
}
