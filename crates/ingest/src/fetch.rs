//! Polite HTTP fetching.

use reqwest::header::{
    HeaderMap, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, LOCATION,
    RETRY_AFTER,
};
use reqwest::StatusCode;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

use crate::robots::{product_token, Robots, MAX_ROBOTS_BYTES};

/// How to fetch.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// Whole-request timeout.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Bodies larger than this are refused.
    pub max_bytes: usize,
    pub max_redirects: usize,
    pub user_agent: String,
    /// Allow loopback and private-network addresses (off by default; the demo turns it on).
    pub allow_private: bool,
    /// Extra attempts after a timeout, connection error, 429 or 5xx.
    pub retries: u32,
    /// First backoff; doubles each retry.
    pub backoff: Duration,
    /// Requests in flight per host.
    pub per_host: usize,
    /// Article pages ([`Fetcher::get_page`]) are not fetched where the site's robots.txt keeps
    /// this crawler (the User-Agent's product token) out.
    pub respect_robots: bool,
}

impl Default for FetchConfig {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(20),
            connect_timeout: Duration::from_secs(10),
            max_bytes: 5 * 1024 * 1024,
            max_redirects: 5,
            user_agent: format!(
                "Storyline/{} (self-hosted news reader; +https://github.com/storyline-news/storyline)",
                env!("CARGO_PKG_VERSION")
            ),
            allow_private: false,
            retries: 2,
            backoff: Duration::from_millis(500),
            per_host: 2,
            respect_robots: true,
        }
    }
}

/// Validators from an earlier fetch, for conditional GET.
#[derive(Debug, Clone, Default)]
pub struct Conditional {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A fetched body.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The URL after redirects.
    pub url: String,
    /// The URL asked for.
    pub asked: String,
    /// Where the address has moved for good: the URL after redirects when there were some and
    /// every one was permanent (301 or 308), so that a subscription can follow it.
    pub moved_to: Option<String>,
    pub content_type: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub body: Vec<u8>,
}

/// What a fetch got.
#[derive(Debug, Clone)]
pub enum Response {
    Fetched(Fetched),
    /// 304: nothing changed since the validators. `moved_to` as in [`Fetched::moved_to`]: a
    /// feed that moved for good may answer its first request at the new address with a 304.
    NotModified {
        moved_to: Option<String>,
    },
}

/// Why a fetch failed.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("invalid URL {url}: {reason}")]
    InvalidUrl { url: String, reason: String },
    #[error("refusing to fetch {url}: {reason} (set fetch.allow_private to allow)")]
    Forbidden { url: String, reason: String },
    #[error("HTTP {status} from {url}")]
    Status { url: String, status: u16 },
    #[error("{url} is larger than the {max} byte limit")]
    TooLarge { url: String, max: usize },
    #[error("timed out fetching {url}")]
    Timeout { url: String },
    #[error("could not fetch {url}: {reason}")]
    Network { url: String, reason: String },
    #[error("could not build the HTTP client: {0}")]
    Client(String),
    #[error("{url} is disallowed by its site's robots.txt")]
    Disallowed { url: String },
    /// A page asked for ([`Fetcher::get_page`]) that is a file of another kind: a feed item
    /// linking to its podcast episode, a PDF or a photo.
    #[error("{url} is {what}, not a web page")]
    NotAPage { url: String, what: String },
}

impl FetchError {
    fn retryable(&self) -> bool {
        match self {
            FetchError::Timeout { .. } | FetchError::Network { .. } => true,
            FetchError::Status { status, .. } => *status == 429 || *status >= 500,
            _ => false,
        }
    }
}

/// Fetches URLs under the configured limits. Cheap to clone.
#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    config: Arc<FetchConfig>,
    hosts: Arc<Mutex<HashMap<String, Arc<Semaphore>>>>,
    /// Each site's robots.txt rules for this crawler, until when they are trusted; one lock per
    /// site, so that pages of one site fetched at once ask for its robots.txt once.
    robots: Arc<Mutex<HashMap<String, RobotsSlot>>>,
}

type RobotsSlot = Arc<tokio::sync::Mutex<Option<(Instant, Arc<Robots>)>>>;

/// How long a site's robots.txt is followed before it is asked for again.
const ROBOTS_TTL: Duration = Duration::from_secs(24 * 3600);
/// How long a robots.txt the site failed to serve (5xx, timeout) keeps its pages unfetched.
const ROBOTS_ERROR_TTL: Duration = Duration::from_secs(3600);

/// Whether an address is loopback, private, link-local or otherwise not on the public internet.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || (o[0] == 100 && (o[1] & 0xc0) == 64)
                || o[0] == 0
                || o[0] >= 240
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_private(IpAddr::V4(v4));
            }
            let seg = v6.segments();
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (seg[0] & 0xfe00) == 0xfc00
                || (seg[0] & 0xffc0) == 0xfe80
        }
    }
}

/// A DNS resolver that drops private addresses, so a public name cannot point us inside.
struct PublicOnly;

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        Box::pin(async move {
            let host = name.as_str().to_string();
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| !is_private(a.ip()))
                .collect();
            if addrs.is_empty() {
                return Err(
                    format!("{host} resolves only to private or loopback addresses").into(),
                );
            }
            let it: reqwest::dns::Addrs = Box::new(addrs.into_iter());
            Ok(it)
        })
    }
}

fn check_url(url: &reqwest::Url, allow_private: bool) -> Result<(), FetchError> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(FetchError::InvalidUrl {
            url: url.to_string(),
            reason: "only http and https are fetched".into(),
        });
    }
    if allow_private {
        return Ok(());
    }
    let forbidden = |reason: &str| FetchError::Forbidden {
        url: url.to_string(),
        reason: reason.into(),
    };
    match url.host() {
        Some(url::Host::Ipv4(ip)) if is_private(IpAddr::V4(ip)) => {
            Err(forbidden("private or loopback address"))
        }
        Some(url::Host::Ipv6(ip)) if is_private(IpAddr::V6(ip)) => {
            Err(forbidden("private or loopback address"))
        }
        Some(url::Host::Domain(d))
            if d.eq_ignore_ascii_case("localhost") || d.ends_with(".localhost") =>
        {
            Err(forbidden("localhost"))
        }
        None => Err(FetchError::InvalidUrl {
            url: url.to_string(),
            reason: "no host".into(),
        }),
        _ => Ok(()),
    }
}

impl Fetcher {
    pub fn new(config: FetchConfig) -> Result<Self, FetchError> {
        // Redirects are followed by hand (`get_once`), so that each hop is checked against the
        // private-address guard and a fetch can tell a permanent move from a temporary one.
        let policy = reqwest::redirect::Policy::none();
        let mut builder = reqwest::Client::builder()
            .user_agent(config.user_agent.clone())
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            .redirect(policy)
            .gzip(true)
            .brotli(true);
        if !config.allow_private {
            builder = builder.dns_resolver(Arc::new(PublicOnly));
        }
        let client = builder
            .build()
            .map_err(|e| FetchError::Client(e.to_string()))?;
        Ok(Self {
            client,
            config: Arc::new(config),
            hosts: Arc::default(),
            robots: Arc::default(),
        })
    }

    /// GETs an article page: as [`Fetcher::get`], unless the site's robots.txt keeps this
    /// crawler out of it ([`FetchError::Disallowed`]; see [`FetchConfig::respect_robots`]) or it
    /// is no web page ([`FetchError::NotAPage`]). A small page that sends its reader on at once
    /// (`<meta http-equiv="refresh" content="0; url=…">`, as link shorteners and trackers answer
    /// clients that run no script) is followed like a redirect, within the same cap.
    pub async fn get_page(&self, url: &str, cond: &Conditional) -> Result<Response, FetchError> {
        let mut resp = self.get_page_once(url, cond).await?;
        let mut hops = 0;
        while let Response::Fetched(f) = &resp {
            let html = f
                .content_type
                .as_deref()
                .is_none_or(|t| t.to_ascii_lowercase().contains("html"));
            if !html || f.body.len() > REFRESH_PAGE_BYTES {
                break;
            }
            let Some(next) = storyline_extract::meta_refresh(&f.body)
                .and_then(|to| reqwest::Url::parse(&f.url).ok()?.join(&to).ok())
                .filter(|next| next.as_str() != f.url && matches!(next.scheme(), "http" | "https"))
            else {
                break;
            };
            if hops >= self.config.max_redirects {
                return Err(FetchError::Network {
                    url: url.to_string(),
                    reason: format!(
                        "more than {} redirects (counting pages that refresh to another)",
                        self.config.max_redirects
                    ),
                });
            }
            hops += 1;
            resp = match self
                .get_page_once(next.as_str(), &Conditional::default())
                .await?
            {
                Response::Fetched(g) => Response::Fetched(Fetched {
                    asked: url.to_string(),
                    moved_to: None,
                    ..g
                }),
                other => other,
            };
        }
        Ok(resp)
    }

    /// One [`Fetcher::get_page`] request, redirects included, refreshes not.
    async fn get_page_once(&self, url: &str, cond: &Conditional) -> Result<Response, FetchError> {
        let parsed = self.checked(url)?;
        if self.config.respect_robots {
            let path = match parsed.query() {
                Some(q) => format!("{}?{q}", parsed.path()),
                None => parsed.path().to_string(),
            };
            if !self.robots_for(&parsed).await.allowed(&path) {
                return Err(FetchError::Disallowed {
                    url: url.to_string(),
                });
            }
        }
        self.get_checked(&parsed, cond, true).await
    }

    /// The robots.txt rules of `url`'s site for this crawler, asked for at most once a day. A
    /// robots.txt that is missing (4xx), too large or not reachable by the fetch rules allows
    /// everything; one the server fails to give (5xx after the retries, a timeout) allows nothing
    /// for an hour (RFC 9309, 2.3.1).
    async fn robots_for(&self, url: &reqwest::Url) -> Arc<Robots> {
        let origin = url.origin().ascii_serialization();
        let slot = {
            let mut all = match self.robots.lock() {
                Ok(r) => r,
                Err(poisoned) => poisoned.into_inner(),
            };
            all.entry(origin.clone()).or_default().clone()
        };
        let mut cached = slot.lock().await;
        if let Some((until, r)) = cached.as_ref() {
            if Instant::now() < *until {
                return r.clone();
            }
        }
        let at = format!("{origin}/robots.txt");
        let (robots, ttl) = match self.get(&at, &Conditional::default()).await {
            Ok(Response::Fetched(f)) => {
                let text = String::from_utf8_lossy(&f.body[..f.body.len().min(MAX_ROBOTS_BYTES)]);
                let token = product_token(&self.config.user_agent);
                (Robots::parse(&text, &token), ROBOTS_TTL)
            }
            Err(FetchError::Status { status, .. }) if status >= 500 => {
                (Robots::disallow_all(), ROBOTS_ERROR_TTL)
            }
            Err(FetchError::Timeout { .. } | FetchError::Network { .. }) => {
                (Robots::disallow_all(), ROBOTS_ERROR_TTL)
            }
            Ok(Response::NotModified { .. }) | Err(_) => (Robots::allow_all(), ROBOTS_TTL),
        };
        tracing::debug!(site = %origin, ?robots, "robots.txt read");
        let robots = Arc::new(robots);
        *cached = Some((Instant::now() + ttl, robots.clone()));
        robots
    }

    pub fn config(&self) -> &FetchConfig {
        &self.config
    }

    fn host_gate(&self, host: &str) -> Arc<Semaphore> {
        let mut hosts = match self.hosts.lock() {
            Ok(h) => h,
            Err(poisoned) => poisoned.into_inner(),
        };
        hosts
            .entry(host.to_string())
            .or_insert_with(|| Arc::new(Semaphore::new(self.config.per_host.max(1))))
            .clone()
    }

    /// GETs `url`, retrying transient failures with exponential backoff (honouring `Retry-After`).
    pub async fn get(&self, url: &str, cond: &Conditional) -> Result<Response, FetchError> {
        self.get_checked(&self.checked(url)?, cond, false).await
    }

    /// `url` parsed, if it is one this fetcher may ask for.
    fn checked(&self, url: &str) -> Result<reqwest::Url, FetchError> {
        let parsed = reqwest::Url::parse(url).map_err(|e| FetchError::InvalidUrl {
            url: url.to_string(),
            reason: e.to_string(),
        })?;
        check_url(&parsed, self.config.allow_private)?;
        Ok(parsed)
    }

    /// [`Fetcher::get`] of a URL [`Fetcher::checked`] gave; with `page`, only a web page is
    /// taken (see [`FetchError::NotAPage`]).
    async fn get_checked(
        &self,
        parsed: &reqwest::Url,
        cond: &Conditional,
        page: bool,
    ) -> Result<Response, FetchError> {
        let url = parsed.as_str();
        let gate = self.host_gate(parsed.host_str().unwrap_or_default());
        let mut attempt = 0;
        loop {
            let result = {
                let _permit = gate
                    .acquire()
                    .await
                    .map_err(|e| FetchError::Client(e.to_string()))?;
                self.get_once(parsed, cond, page).await
            };
            match result {
                Err((e, retry_after)) if e.retryable() && attempt < self.config.retries => {
                    let backoff = self.config.backoff * 2u32.pow(attempt);
                    let wait = retry_after.map_or(backoff, |r| r.min(Duration::from_secs(60)));
                    tracing::debug!(url, attempt, ?wait, error = %e, "retrying");
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                Err((e, _)) => return Err(e),
                Ok(r) => return Ok(r),
            }
        }
    }

    async fn get_once(
        &self,
        url: &reqwest::Url,
        cond: &Conditional,
        page: bool,
    ) -> Result<Response, (FetchError, Option<Duration>)> {
        let net = |e: reqwest::Error| {
            let url = url.to_string();
            if e.is_timeout() {
                FetchError::Timeout { url }
            } else {
                let mut reason = e.to_string();
                let mut src = std::error::Error::source(&e);
                while let Some(s) = src {
                    reason = format!("{reason}: {s}");
                    src = s.source();
                }
                FetchError::Network { url, reason }
            }
        };
        // The time cap covers the whole chain of redirects, not each hop.
        let deadline = Instant::now() + self.config.timeout;
        let mut at = url.clone();
        let mut hops = 0;
        let mut permanent = true;
        let mut resp = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err((
                    FetchError::Timeout {
                        url: url.to_string(),
                    },
                    None,
                ));
            }
            let mut req = self.client.get(at.clone()).timeout(left);
            if let Some(etag) = &cond.etag {
                req = req.header(IF_NONE_MATCH, etag);
            }
            if let Some(lm) = &cond.last_modified {
                req = req.header(IF_MODIFIED_SINCE, lm);
            }
            let resp = req.send().await.map_err(|e| (net(e), None))?;
            let status = resp.status();
            let Some(next) = redirect_target(&at, status, resp.headers()) else {
                break resp;
            };
            if hops >= self.config.max_redirects {
                return Err((
                    FetchError::Network {
                        url: url.to_string(),
                        reason: format!("more than {} redirects", self.config.max_redirects),
                    },
                    None,
                ));
            }
            check_url(&next, self.config.allow_private).map_err(|e| (e, None))?;
            permanent &= matches!(
                status,
                StatusCode::MOVED_PERMANENTLY | StatusCode::PERMANENT_REDIRECT
            );
            hops += 1;
            at = next;
        };
        let status = resp.status();
        let moved_to = (hops > 0 && permanent && resp.url().as_str() != url.as_str())
            .then(|| resp.url().to_string());
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Response::NotModified { moved_to });
        }
        if !status.is_success() {
            let retry_after = retry_after(resp.headers());
            return Err((
                FetchError::Status {
                    url: url.to_string(),
                    status: status.as_u16(),
                },
                retry_after,
            ));
        }
        let max = self.config.max_bytes;
        if resp.content_length().is_some_and(|n| n as usize > max) {
            return Err((
                FetchError::TooLarge {
                    url: url.to_string(),
                    max,
                },
                None,
            ));
        }
        let headers = resp.headers().clone();
        let not_a_page = |what: String| {
            (
                FetchError::NotAPage {
                    url: url.to_string(),
                    what,
                },
                None,
            )
        };
        // Told by its type, a file that is no page is not downloaded at all.
        if let Some(what) = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .filter(|_| page)
            .and_then(refused_type)
        {
            return Err(not_a_page(what));
        }
        let final_url = resp.url().to_string();
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(|e| (net(e), None))? {
            if body.len() + chunk.len() > max {
                return Err((
                    FetchError::TooLarge {
                        url: url.to_string(),
                        max,
                    },
                    None,
                ));
            }
            body.extend_from_slice(&chunk);
        }
        if let Some(what) = Some(body.as_slice()).filter(|_| page).and_then(binary_kind) {
            return Err(not_a_page(what.to_string()));
        }
        let header = |name| {
            headers
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(str::to_string)
        };
        Ok(Response::Fetched(Fetched {
            url: final_url,
            asked: url.to_string(),
            moved_to,
            content_type: header(CONTENT_TYPE),
            etag: header(ETAG),
            last_modified: header(LAST_MODIFIED),
            body,
        }))
    }
}

/// The largest page whose `<meta http-equiv="refresh">` is followed: a page that only sends its
/// reader on is small (t.co's is under 1 KB); an article that also carries a refresh is read as
/// it is.
const REFRESH_PAGE_BYTES: usize = 64 * 1024;

/// The media type of a `Content-Type` that is no web page ("audio/mpeg", "application/pdf"), or
/// `None` for one that may be: text, HTML and XML types, and the generic
/// `application/octet-stream` that misconfigured servers send pages as (its bytes decide, see
/// [`binary_kind`]).
fn refused_type(content_type: &str) -> Option<String> {
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let maybe_page = mime.is_empty()
        || mime.starts_with("text/")
        || mime.contains("html")
        || mime.contains("xml")
        || mime == "application/octet-stream"
        || mime == "binary/octet-stream";
    (!maybe_page).then_some(mime)
}

/// What kind of file `body` is by its first bytes, when that is a format no web page starts
/// with; a NUL byte among the first kilobyte marks a binary file too (UTF-16 text aside).
pub fn binary_kind(body: &[u8]) -> Option<&'static str> {
    const MAGIC: [(&[u8], &str); 14] = [
        (b"%PDF-", "a PDF document"),
        (b"ID3", "an MP3 audio file"),
        (b"\xff\xfb", "an MP3 audio file"),
        (b"\xff\xf3", "an MP3 audio file"),
        (b"OggS", "an Ogg audio or video file"),
        (b"fLaC", "a FLAC audio file"),
        (b"RIFF", "a RIFF (WAV, AVI or WebP) file"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"\x89PNG", "a PNG image"),
        (b"GIF8", "a GIF image"),
        (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
        (b"\x1f\x8b", "a gzip archive"),
        (b"\x1a\x45\xdf\xa3", "a Matroska or WebM video"),
        (b"\xd0\xcf\x11\xe0", "an old Office document"),
    ];
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| body.starts_with(m)) {
        return Some(what);
    }
    if body.len() >= 12 && &body[4..8] == b"ftyp" {
        return Some("an MP4 audio or video file");
    }
    let head = &body[..body.len().min(1024)];
    let utf16 = head.starts_with(b"\xff\xfe")
        || head.starts_with(b"\xfe\xff")
        || head.starts_with(b"<\0")
        || head.starts_with(b"\0<");
    (!utf16 && head.contains(&0)).then_some("a binary file")
}

/// Where a redirect response sends the request: 301, 302, 303, 307 and 308 with a `Location`
/// (relative ones resolved against the address asked).
fn redirect_target(
    at: &reqwest::Url,
    status: StatusCode,
    headers: &HeaderMap,
) -> Option<reqwest::Url> {
    if !matches!(
        status,
        StatusCode::MOVED_PERMANENTLY
            | StatusCode::FOUND
            | StatusCode::SEE_OTHER
            | StatusCode::TEMPORARY_REDIRECT
            | StatusCode::PERMANENT_REDIRECT
    ) {
        return None;
    }
    let location = headers.get(LOCATION)?.to_str().ok()?;
    at.join(location.trim()).ok()
}

impl Fetched {
    /// The address to keep asking for this body: where it has moved for good, else the one
    /// asked (a temporary redirect's target is not kept).
    pub fn lasting_url(&self) -> &str {
        self.moved_to.as_deref().unwrap_or(&self.asked)
    }
}

fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let v = headers.get(RETRY_AFTER)?.to_str().ok()?;
    v.trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_no_web_page() {
        for (ct, refused) in [
            ("text/html; charset=utf-8", None),
            ("application/xhtml+xml", None),
            ("TEXT/PLAIN", None),
            ("application/octet-stream", None),
            ("", None),
            ("audio/mpeg", Some("audio/mpeg")),
            ("Application/PDF; name=x.pdf", Some("application/pdf")),
            ("image/jpeg", Some("image/jpeg")),
            ("application/json", Some("application/json")),
        ] {
            assert_eq!(refused_type(ct).as_deref(), refused, "{ct}");
        }
        for (body, kind) in [
            (&b"<!doctype html><p>Hi</p>"[..], None),
            (b"\xef\xbb\xbf<html>", None),
            (b"\xff\xfe<\0h\0t\0m\0l\0", None),
            (b"", None),
            (b"%PDF-1.7", Some("a PDF document")),
            (b"ID3\x04\0", Some("an MP3 audio file")),
            (b"\0\0\0\x20ftypisom", Some("an MP4 audio or video file")),
            (b"\x89PNG\r\n", Some("a PNG image")),
            (b"<html>\0\0\0", Some("a binary file")),
        ] {
            assert_eq!(binary_kind(body), kind, "{body:?}");
        }
    }

    #[test]
    fn private_addresses_table() {
        let cases = [
            ("127.0.0.1", true),
            ("10.1.2.3", true),
            ("172.16.0.1", true),
            ("172.32.0.1", false),
            ("192.168.1.1", true),
            ("169.254.169.254", true),
            ("100.64.0.1", true),
            ("0.0.0.0", true),
            ("8.8.8.8", false),
            ("::1", true),
            ("fd00::1", true),
            ("fe80::1", true),
            ("::ffff:127.0.0.1", true),
            ("2606:4700::1111", false),
        ];
        for (ip, want) in cases {
            let ip: IpAddr = ip.parse().expect("valid test address");
            assert_eq!(is_private(ip), want, "{ip}");
        }
    }

    #[test]
    fn urls_are_checked_before_fetching() {
        let u = |s: &str| reqwest::Url::parse(s).expect("valid test URL");
        assert!(check_url(&u("http://127.0.0.1/x"), false).is_err());
        assert!(check_url(&u("http://localhost:8080/x"), false).is_err());
        assert!(check_url(&u("http://[::1]/x"), false).is_err());
        assert!(check_url(&u("file:///etc/passwd"), true).is_err());
        assert!(check_url(&u("http://127.0.0.1/x"), true).is_ok());
        assert!(check_url(&u("https://example.com/x"), false).is_ok());
    }
}
