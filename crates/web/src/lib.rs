//! Storyline's reader-facing web front: server-rendered pages, Atom and JSON feeds, the JSON API,
//! OPML export, health and Prometheus metrics, and a token-protected admin.
//!
//! Pages are plain HTML that work without JavaScript (FAQ answers and citation quotes use
//! `<details>`), styled by one CSS file with a phone layout and a dark scheme. Everything that comes
//! from a feed or a page is escaped by the template engine (`maud` escapes by default), and links
//! to the outside are emitted only for `http`/`https` URLs. Rendered pages are cached in memory for
//! a few seconds (and dropped as soon as the pipeline reports a write through [`Metrics`]) so a
//! popular story page costs a hash lookup, not a database read.

#![recursion_limit = "256"]

mod admin;
mod api;
mod cache;
pub mod card;
mod feeds;
pub mod fixture;
mod html;
mod metrics;
mod pages;
pub mod rank;
mod story;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use std::future::Future;
use std::sync::Arc;
use std::time::Instant;
use storyline_store::{Store, StoreError};

pub use api::PATHS as API_PATHS;
pub use feeds::xml_escape;
pub use metrics::Metrics;
pub use story::{FEED_ORIGINALS, SHOWN_COPIES, SHOWN_ORIGINALS, SHOWN_PERSPECTIVES};

/// Settings for the web front. (`Debug` leaves the admin token out.)
#[derive(Clone)]
pub struct WebConfig {
    /// The admin password/token; `None` disables the admin pages.
    pub admin_token: Option<String>,
    pub site_title: String,
    /// Public URL of the site (no trailing slash needed), used in feeds and the OpenAPI document.
    pub base_url: String,
    /// Stories per page on the front and category pages.
    pub page_size: usize,
}

impl std::fmt::Debug for WebConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebConfig")
            .field(
                "admin_token",
                &self.admin_token.as_ref().map(|_| "<redacted>"),
            )
            .field("site_title", &self.site_title)
            .field("base_url", &self.base_url)
            .field("page_size", &self.page_size)
            .finish()
    }
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            admin_token: None,
            site_title: "Storyline".into(),
            base_url: "http://127.0.0.1:8080".into(),
            page_size: 20,
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub config: Arc<WebConfig>,
    pub metrics: Arc<Metrics>,
    /// Notified by the admin "fetch now" button.
    pub fetch_now: Option<Arc<tokio::sync::Notify>>,
    /// The desk's fetcher, with which the admin's "Add a feed" finds the feed of a page it is
    /// given, as `storyline feeds add` does. `None` where this process fetches nothing: the
    /// address is then stored as given.
    pub fetcher: Option<storyline_ingest::Fetcher>,
}

/// Errors a handler can end with; rendered as an HTML page or as JSON depending on the route.
#[derive(Debug, thiserror::Error)]
pub(crate) enum WebError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("store: {0}")]
    Store(#[from] StoreError),
    #[error("internal error: {0}")]
    Internal(String),
}

impl WebError {
    fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound(_) => StatusCode::NOT_FOUND,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Store(_) | WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The message shown to the client: internal details stay in the log.
    fn public_message(&self) -> String {
        match self {
            WebError::Store(_) | WebError::Internal(_) => {
                tracing::error!(error = %self, "request failed");
                "Something went wrong on our side.".into()
            }
            other => other.to_string(),
        }
    }
}

/// Shared state of the router: the caller's state plus the page cache.
pub(crate) struct Ctx {
    pub app: AppState,
    pub cache: cache::PageCache,
}

pub(crate) type Shared = Arc<Ctx>;

impl Ctx {
    pub(crate) fn store(&self) -> &dyn Store {
        self.app.store.as_ref()
    }
    pub(crate) fn config(&self) -> &WebConfig {
        &self.app.config
    }
}

/// Runs blocking store work off the async workers.
pub(crate) async fn blocking<T, F>(ctx: &Shared, f: F) -> Result<T, WebError>
where
    T: Send + 'static,
    F: FnOnce(&Ctx) -> Result<T, WebError> + Send + 'static,
{
    let ctx = ctx.clone();
    tokio::task::spawn_blocking(move || f(&ctx))
        .await
        .map_err(|e| WebError::Internal(format!("worker failed: {e}")))?
}

/// The whole site as a router (no socket), for [`serve`] and for tests.
pub fn app(state: AppState) -> Router {
    let ctx: Shared = Arc::new(Ctx {
        app: state,
        cache: cache::PageCache::default(),
    });
    let api = api::router();
    Router::new()
        .route("/", get(pages::front))
        .route("/story/{id}", get(pages::story))
        .route("/category/{name}", get(pages::category))
        .route("/category/{name}/feed.atom", get(feeds::category_atom))
        .route("/category/{name}/feed.json", get(feeds::category_json))
        .route("/sources", get(pages::sources))
        .route("/source/{id}", get(pages::source))
        .route("/search", get(pages::search))
        .route("/feed.atom", get(feeds::atom))
        .route("/feed.json", get(feeds::json))
        .route("/sources.opml", get(admin::opml_export))
        .route("/admin", get(admin::page))
        .route("/admin/login", post(admin::login))
        .route("/admin/logout", post(admin::logout))
        .route("/admin/sources", post(admin::add_source))
        .route("/admin/sources/{id}/remove", post(admin::remove_source))
        .route("/admin/opml", post(admin::import_opml))
        .route("/admin/fetch", post(admin::fetch_now))
        .route("/healthz", get(pages::healthz))
        .route("/metrics", get(metrics::handler))
        .route("/static/app.css", get(html::css))
        .route("/static/icon.svg", get(html::icon))
        .route("/favicon.ico", get(html::icon))
        .nest("/api/v1", api)
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(ctx.clone(), observe))
        .layer(tower_http::compression::CompressionLayer::new())
        .with_state(ctx)
}

/// Serves the site on `addr` until `shutdown` resolves.
pub async fn serve(
    state: AppState,
    addr: std::net::SocketAddr,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(%addr, "web front listening");
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await
}

/// The Content-Security-Policy of every response: no scripts at all, styles and images from us.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
base-uri 'none'; frame-ancestors 'none'";

/// Counts requests, times them, and sets the security headers on every response.
async fn observe(State(ctx): State<Shared>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let mut res = next.run(req).await;
    ctx.app
        .metrics
        .observe_request(res.status().as_u16(), start.elapsed());
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    res
}

impl IntoResponse for WebError {
    /// HTML routes use [`html::error_page`]; this plain form is the last resort.
    fn into_response(self) -> Response {
        (self.status(), self.public_message()).into_response()
    }
}
