//! Assembling a running desk from a [`Config`]: the store, the digest engine, the pipeline and the
//! web front.

use crate::config::Config;
use crate::pipeline::Pipeline;
use std::sync::Arc;
use storyline_digest::{Builtin, DigestEngine};
use storyline_ingest::Fetcher;
use storyline_store::{PostgresStore, SqliteStore, Store};
use storyline_web::{AppState, Metrics, WebConfig};

/// Why a desk could not be assembled.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    // The cause is chained (`source`), not repeated in the message: `{:#}` shows it once.
    #[error("opening the database {path}")]
    Store {
        path: String,
        #[source]
        source: storyline_store::StoreError,
    },
    #[error("building the HTTP client: {0}")]
    Fetcher(#[from] storyline_ingest::FetchError),
    #[error("setting up the `openai` digest engine: {0}")]
    Engine(String),
}

/// Opens (creating and migrating) the configured database: PostgreSQL when `database` is a
/// `postgres://` URL, otherwise the SQLite file at that path.
pub fn open_store(cfg: &Config) -> Result<Arc<dyn Store>, DeskError> {
    if let Some(url) = cfg.postgres_url() {
        let store = PostgresStore::open(url).map_err(|source| DeskError::Store {
            path: storyline_store::redact_url(url),
            source,
        })?;
        return Ok(Arc::new(store));
    }
    if let Some(dir) = cfg.database.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = std::fs::create_dir_all(dir);
    }
    let store = SqliteStore::open(&cfg.database).map_err(|source| DeskError::Store {
        path: cfg.database.display().to_string(),
        source,
    })?;
    Ok(Arc::new(store))
}

/// The configured digest engine.
/// With the `openai` engine, every model call (model, tokens, latency, outcome) is recorded in
/// the store.
pub fn engine(cfg: &Config, store: Arc<dyn Store>) -> Result<Arc<dyn DigestEngine>, DeskError> {
    match cfg.digest.engine.as_str() {
        "openai" => {
            let e = storyline_llm::OpenAiEngine::new(cfg.llm.clone())
                .map_err(|e| DeskError::Engine(e.to_string()))?
                .with_call_sink(move |c| {
                    let call = storyline_store::LlmCall {
                        story_id: None,
                        model: c.model.clone(),
                        tokens_in: c.tokens_in.map_or(0, i64::from),
                        tokens_out: c.tokens_out.map_or(0, i64::from),
                        latency_ms: i64::try_from(c.latency_ms).unwrap_or(i64::MAX),
                        outcome: format!("{:?}", c.outcome),
                    };
                    if let Err(e) = store.record_llm_call(&call) {
                        tracing::warn!(error = %e, "could not record an LLM call");
                    }
                });
            Ok(Arc::new(e))
        }
        _ => Ok(Arc::new(Builtin)),
    }
}

/// A pipeline over `store` with the configured fetcher and engine.
pub fn pipeline(
    cfg: &Config,
    store: Arc<dyn Store>,
    metrics: Arc<Metrics>,
) -> Result<Arc<Pipeline>, DeskError> {
    let fetcher = Fetcher::new(cfg.fetch_config())?;
    let engine = engine(cfg, store.clone())?;
    let p = Pipeline::new(store, fetcher, engine, metrics)
        .with_pages(cfg.fetch.pages)
        .with_concurrency(cfg.fetch.concurrency)
        .with_cluster_config(cfg.cluster_config());
    Ok(Arc::new(p))
}

/// The web front's state.
pub fn web_state(
    cfg: &Config,
    store: Arc<dyn Store>,
    metrics: Arc<Metrics>,
    fetch_now: Option<Arc<tokio::sync::Notify>>,
    fetcher: Option<Fetcher>,
) -> AppState {
    let admin_token = std::env::var(&cfg.web.admin_token_env)
        .ok()
        .filter(|t| !t.trim().is_empty());
    AppState {
        store,
        config: Arc::new(WebConfig {
            admin_token,
            site_title: cfg.web.site_title.clone(),
            base_url: cfg
                .web
                .base_url
                .clone()
                .unwrap_or_else(|| format!("http://{}", cfg.web.listen)),
            page_size: cfg.web.page_size,
        }),
        metrics,
        fetch_now,
        fetcher,
    }
}
