//! Counters shared between the pipeline and the web front, exported in Prometheus' text format.
//!
//! The pipeline bumps the ingest counters; the web front counts its own requests. Plain atomics, no
//! metrics crate: the set is small and fixed.

use crate::Shared;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Upper bounds (seconds) of the latency histogram buckets.
const FETCH_BUCKETS: [f64; 10] = [0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0];
const REQUEST_BUCKETS: [f64; 10] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1.0,
];

/// A fixed-bucket latency histogram.
#[derive(Debug, Default)]
pub struct Histogram {
    buckets: [AtomicU64; 10],
    count: AtomicU64,
    sum_micros: AtomicU64,
}

impl Histogram {
    fn observe(&self, bounds: &[f64; 10], d: Duration) {
        let secs = d.as_secs_f64();
        if let Some(i) = bounds.iter().position(|b| secs <= *b) {
            self.buckets[i].fetch_add(1, Ordering::Relaxed);
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        self.sum_micros
            .fetch_add(d.as_micros() as u64, Ordering::Relaxed);
    }

    /// Number of observations.
    pub fn count(&self) -> u64 {
        self.count.load(Ordering::Relaxed)
    }

    fn render(&self, out: &mut String, name: &str, help: &str, bounds: &[f64; 10]) {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} histogram");
        let mut cumulative = 0;
        for (b, n) in bounds.iter().zip(&self.buckets) {
            cumulative += n.load(Ordering::Relaxed);
            let _ = writeln!(out, "{name}_bucket{{le=\"{b}\"}} {cumulative}");
        }
        let count = self.count();
        let _ = writeln!(out, "{name}_bucket{{le=\"+Inf\"}} {count}");
        let sum = self.sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "{name}_sum {sum}\n{name}_count {count}");
    }
}

/// Counters for `/metrics`. The pipeline increments the ingest ones; the web front the rest.
#[derive(Debug, Default)]
pub struct Metrics {
    /// Feed fetches attempted.
    pub fetches: AtomicU64,
    /// Feed fetches that failed.
    pub fetch_errors: AtomicU64,
    /// New articles stored.
    pub articles_ingested: AtomicU64,
    /// Stories created or updated by clustering.
    pub stories_built: AtomicU64,
    /// Digests written.
    pub digests_written: AtomicU64,
    /// Fetch latency (use [`Metrics::observe_fetch`]).
    pub fetch_latency: Histogram,
    /// HTTP requests answered, by status class.
    pub requests_2xx: AtomicU64,
    pub requests_3xx: AtomicU64,
    pub requests_4xx: AtomicU64,
    pub requests_5xx: AtomicU64,
    /// HTTP request latency.
    pub request_latency: Histogram,
    /// Page-cache hits and misses.
    pub cache_hits: AtomicU64,
    pub cache_misses: AtomicU64,
    /// Writes made through the admin pages (sources added, removed, imported).
    pub admin_changes: AtomicU64,
}

impl Metrics {
    /// Records one fetch and how long it took.
    pub fn observe_fetch(&self, latency: Duration, ok: bool) {
        self.fetches.fetch_add(1, Ordering::Relaxed);
        if !ok {
            self.fetch_errors.fetch_add(1, Ordering::Relaxed);
        }
        self.fetch_latency.observe(&FETCH_BUCKETS, latency);
    }

    /// Records one answered HTTP request.
    pub fn observe_request(&self, status: u16, latency: Duration) {
        let c = match status {
            200..=299 => &self.requests_2xx,
            300..=399 => &self.requests_3xx,
            400..=499 => &self.requests_4xx,
            _ => &self.requests_5xx,
        };
        c.fetch_add(1, Ordering::Relaxed);
        self.request_latency.observe(&REQUEST_BUCKETS, latency);
    }

    /// A number that changes whenever the pipeline or the admin wrote to the store, so cached pages
    /// can be dropped. (Writes from another process are covered by the cache's time limit.)
    pub fn generation(&self) -> u64 {
        [
            &self.articles_ingested,
            &self.stories_built,
            &self.digests_written,
            &self.admin_changes,
            &self.fetches,
        ]
        .iter()
        .map(|c| c.load(Ordering::Relaxed))
        .fold(0u64, u64::wrapping_add)
    }

    /// The Prometheus text exposition of every counter.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(4096);
        let counters: [(&str, &str, &AtomicU64); 7] = [
            (
                "storyline_fetches_total",
                "Feed fetches attempted.",
                &self.fetches,
            ),
            (
                "storyline_fetch_errors_total",
                "Feed fetches that failed.",
                &self.fetch_errors,
            ),
            (
                "storyline_articles_ingested_total",
                "New articles stored.",
                &self.articles_ingested,
            ),
            (
                "storyline_stories_built_total",
                "Stories created or updated.",
                &self.stories_built,
            ),
            (
                "storyline_digests_written_total",
                "Digests written.",
                &self.digests_written,
            ),
            (
                "storyline_page_cache_hits_total",
                "Pages served from the cache.",
                &self.cache_hits,
            ),
            (
                "storyline_page_cache_misses_total",
                "Pages rendered.",
                &self.cache_misses,
            ),
        ];
        for (name, help, c) in counters {
            let v = c.load(Ordering::Relaxed);
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} counter\n{name} {v}"
            );
        }
        let _ = writeln!(
            out,
            "# HELP storyline_http_requests_total HTTP requests answered, by status class.\n\
             # TYPE storyline_http_requests_total counter"
        );
        for (class, c) in [
            ("2xx", &self.requests_2xx),
            ("3xx", &self.requests_3xx),
            ("4xx", &self.requests_4xx),
            ("5xx", &self.requests_5xx),
        ] {
            let v = c.load(Ordering::Relaxed);
            let _ = writeln!(
                out,
                "storyline_http_requests_total{{status=\"{class}\"}} {v}"
            );
        }
        self.fetch_latency.render(
            &mut out,
            "storyline_fetch_duration_seconds",
            "Feed fetch latency.",
            &FETCH_BUCKETS,
        );
        self.request_latency.render(
            &mut out,
            "storyline_http_request_duration_seconds",
            "HTTP request latency.",
            &REQUEST_BUCKETS,
        );
        out
    }
}

/// `GET /metrics`: the counters plus the store's current totals as gauges.
pub(crate) async fn handler(State(ctx): State<Shared>) -> Response {
    let mut body = ctx.app.metrics.render();
    match crate::blocking(&ctx, |c| Ok(c.store().stats()?)).await {
        Ok(s) => {
            for (name, help, v) in [
                ("storyline_sources", "Subscribed sources.", s.sources),
                (
                    "storyline_sources_failing",
                    "Sources whose last fetch failed.",
                    s.sources_failing,
                ),
                ("storyline_articles", "Stored articles.", s.articles),
                (
                    "storyline_duplicate_articles",
                    "Stored articles that copy another.",
                    s.duplicates,
                ),
                ("storyline_stories", "Live stories.", s.stories),
                ("storyline_digests", "Stored digests.", s.digests),
            ] {
                let _ = writeln!(
                    body,
                    "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {v}"
                );
            }
        }
        Err(e) => {
            tracing::warn!(error = %e, "metrics: store stats failed");
            let _ = writeln!(
                body,
                "# TYPE storyline_store_up gauge\nstoryline_store_up 0"
            );
        }
    }
    (
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}
