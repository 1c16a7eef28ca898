//! Rendered responses, their validators (ETag, Last-Modified) and a short-lived in-memory cache.
//!
//! A cached page is reused while the pipeline's write counter ([`crate::Metrics::generation`]) is
//! unchanged and it is younger than [`TTL`]; the time limit covers writes made by another process
//! (a separate `storyline` command on the same database), so readers see new stories within seconds.
//!
//! A page also keeps a gzip copy of its bytes, made the first time a client asks for gzip, so a
//! browser (which always asks) costs the same hash lookup as a client that does not; responses that
//! carry their own `Content-Encoding` are left alone by the router's compression layer.

use crate::{Ctx, Shared, WebError};
use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::sync::atomic::Ordering;
use std::sync::{Arc, OnceLock, RwLock};
use std::time::{Duration, Instant, SystemTime};

/// How long a rendered page may be served without re-rendering.
pub const TTL: Duration = Duration::from_secs(5);
/// At most this many pages are kept; the cache is emptied when full.
const MAX_ENTRIES: usize = 4096;
/// Bodies shorter than this are sent as they are: gzip would save too little to matter.
const MIN_GZIP: usize = 860;

/// A finished response body with its validators.
#[derive(Debug, Clone)]
pub struct Page {
    pub body: Bytes,
    pub content_type: &'static str,
    pub etag: HeaderValue,
    pub last_modified: Option<SystemTime>,
    pub cache_control: &'static str,
    /// The body gzipped, made on first demand; `None` when gzip would not make it smaller.
    gzipped: OnceLock<Option<Bytes>>,
}

impl Page {
    /// A page whose ETag is a hash of its bytes.
    pub fn new(body: impl Into<Bytes>, content_type: &'static str) -> Self {
        let body: Bytes = body.into();
        // FNV-1a over the bytes, plus the length: stable across runs and processes.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in body.iter() {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        let etag = HeaderValue::from_str(&format!("W/\"{:016x}-{:x}\"", h, body.len()))
            .unwrap_or_else(|_| HeaderValue::from_static("W/\"0\""));
        Self {
            body,
            content_type,
            etag,
            last_modified: None,
            cache_control: "public, max-age=0, must-revalidate",
            gzipped: OnceLock::new(),
        }
    }

    /// The gzip copy of the body, if it is worth sending.
    fn gzipped(&self) -> Option<&Bytes> {
        self.gzipped
            .get_or_init(|| {
                if self.body.len() < MIN_GZIP {
                    return None;
                }
                let mut enc = flate2::write::GzEncoder::new(
                    Vec::with_capacity(self.body.len() / 3),
                    flate2::Compression::default(),
                );
                enc.write_all(&self.body).ok()?;
                let out = enc.finish().ok()?;
                (out.len() < self.body.len()).then(|| Bytes::from(out))
            })
            .as_ref()
    }

    pub fn modified(mut self, t: Option<chrono::DateTime<chrono::Utc>>) -> Self {
        self.last_modified = t.map(SystemTime::from);
        self
    }

    pub fn cache_control(mut self, cc: &'static str) -> Self {
        self.cache_control = cc;
        self
    }

    /// The response to a request with these headers: 304 when the client's copy is current.
    pub fn respond(&self, req: &HeaderMap) -> Response {
        let not_modified = if let Some(inm) = req.get(header::IF_NONE_MATCH) {
            etag_matches(inm, &self.etag)
        } else if let (Some(ims), Some(lm)) =
            (req.get(header::IF_MODIFIED_SINCE), self.last_modified)
        {
            ims.to_str()
                .ok()
                .and_then(|s| httpdate::parse_http_date(s).ok())
                .is_some_and(|since| {
                    // HTTP dates have one-second resolution.
                    let lm_secs = lm
                        .duration_since(SystemTime::UNIX_EPOCH)
                        .map(|d| d.as_secs())
                        .unwrap_or(0);
                    let since_secs = since
                        .duration_since(SystemTime::UNIX_EPOCH)
                        .map(|d| d.as_secs())
                        .unwrap_or(0);
                    lm_secs <= since_secs
                })
        } else {
            false
        };
        let mut res = if not_modified {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            let gz = if accepts_gzip(req) {
                self.gzipped()
            } else {
                None
            };
            let mut r = match gz {
                Some(gz) => {
                    let mut r = gz.clone().into_response();
                    r.headers_mut()
                        .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
                    r
                }
                None => self.body.clone().into_response(),
            };
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(self.content_type),
            );
            r
        };
        let h = res.headers_mut();
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        h.insert(header::ETAG, self.etag.clone());
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(self.cache_control),
        );
        if let Some(lm) = self.last_modified {
            if let Ok(v) = HeaderValue::from_str(&httpdate::fmt_http_date(lm)) {
                h.insert(header::LAST_MODIFIED, v);
            }
        }
        res
    }
}

/// Whether `Accept-Encoding` allows gzip (by name or `*`, with a non-zero quality).
fn accepts_gzip(req: &HeaderMap) -> bool {
    let mut gzip: Option<bool> = None;
    let mut star: Option<bool> = None;
    for v in req.get_all(header::ACCEPT_ENCODING) {
        let Ok(v) = v.to_str() else { continue };
        for item in v.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim();
            let allowed = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .all(|q| q.trim().parse::<f32>().is_ok_and(|q| q > 0.0));
            if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
                gzip = Some(allowed);
            } else if name == "*" {
                star = Some(allowed);
            }
        }
    }
    gzip.or(star).unwrap_or(false)
}

fn etag_matches(inm: &HeaderValue, etag: &HeaderValue) -> bool {
    let Ok(s) = inm.to_str() else { return false };
    let Ok(ours) = etag.to_str() else {
        return false;
    };
    let ours = ours.trim_start_matches("W/");
    s.split(',')
        .map(str::trim)
        .any(|t| t == "*" || t.trim_start_matches("W/") == ours)
}

/// What a renderer produced.
#[derive(Debug, Clone)]
pub enum Rendered {
    Page(Arc<Page>),
    /// A permanent redirect (merged stories).
    Moved(String),
}

impl Rendered {
    pub fn respond(&self, req: &HeaderMap) -> Response {
        match self {
            Rendered::Page(p) => p.respond(req),
            Rendered::Moved(to) => Redirect::permanent(to).into_response(),
        }
    }
}

impl From<Page> for Rendered {
    fn from(p: Page) -> Self {
        Rendered::Page(Arc::new(p))
    }
}

struct Entry {
    at: Instant,
    generation: u64,
    page: Arc<Page>,
}

/// Rendered pages by request path and query.
#[derive(Default)]
pub struct PageCache {
    map: RwLock<HashMap<String, Entry>>,
}

impl PageCache {
    fn get(&self, key: &str, generation: u64) -> Option<Arc<Page>> {
        let map = self.map.read().ok()?;
        let e = map.get(key)?;
        (e.generation == generation && e.at.elapsed() < TTL).then(|| e.page.clone())
    }

    fn put(&self, key: String, generation: u64, page: Arc<Page>) {
        if let Ok(mut map) = self.map.write() {
            if map.len() >= MAX_ENTRIES {
                map.clear();
            }
            map.insert(
                key,
                Entry {
                    at: Instant::now(),
                    generation,
                    page,
                },
            );
        }
    }
}

/// A stable cache key for a path and its (already parsed) parameters.
pub fn key(parts: &[&(dyn std::fmt::Debug + Sync)]) -> String {
    let mut s = String::new();
    for p in parts {
        s.push_str(&format!("{p:?}|"));
    }
    // Keys can be long (search queries); hash long ones.
    if s.len() > 256 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        s.hash(&mut h);
        return format!("h{:x}", h.finish());
    }
    s
}

/// Serves `key` from the cache, or renders it on a blocking worker and caches pages (not redirects).
pub async fn cached<F>(ctx: &Shared, key: String, render: F) -> Result<Rendered, WebError>
where
    F: FnOnce(&Ctx) -> Result<Rendered, WebError> + Send + 'static,
{
    let metrics = &ctx.app.metrics;
    let generation = metrics.generation();
    if let Some(p) = ctx.cache.get(&key, generation) {
        metrics.cache_hits.fetch_add(1, Ordering::Relaxed);
        return Ok(Rendered::Page(p));
    }
    metrics.cache_misses.fetch_add(1, Ordering::Relaxed);
    let r = crate::blocking(ctx, render).await?;
    if let Rendered::Page(p) = &r {
        ctx.cache.put(key, generation, p.clone());
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ae(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(v).expect("ascii"),
        );
        h
    }

    #[test]
    fn accept_encoding_is_read_with_qualities() {
        assert!(accepts_gzip(&ae("gzip, deflate, br")));
        assert!(accepts_gzip(&ae("br;q=1.0, GZIP;q=0.5")));
        assert!(accepts_gzip(&ae("*")));
        assert!(!accepts_gzip(&ae("gzip;q=0")));
        assert!(!accepts_gzip(&ae("gzip;q=0.000, *")));
        assert!(!accepts_gzip(&ae("br, deflate")));
        assert!(!accepts_gzip(&ae("identity")));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn small_or_incompressible_bodies_are_sent_plain() {
        assert!(Page::new("short", "text/plain").gzipped().is_none());
        let big = "All the news that fits. ".repeat(200);
        let p = Page::new(big.clone(), "text/html");
        let gz = p.gzipped().expect("compressible");
        assert!(gz.len() < big.len() / 5);
        let mut out = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut out)
            .expect("gunzip");
        assert_eq!(out, big);
    }
}
