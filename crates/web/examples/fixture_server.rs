//! Serves the built-in fixture (see `storyline_web::fixture`) for the browser tests and the web
//! benchmark, on `127.0.0.1:PORT` (first argument, default 8088) until interrupted.
//!
//! Usage: cargo run --release -p storyline-web --example fixture_server -- 8088
//! The admin token is `fixture-admin` (override with STORYLINE_ADMIN_TOKEN).

use std::net::SocketAddr;
use std::sync::Arc;
use storyline_store::SqliteStore;
use storyline_web::{fixture, serve, AppState, Metrics, WebConfig};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let port: u16 = std::env::args()
        .nth(1)
        .map(|p| p.parse())
        .transpose()?
        .unwrap_or(8088);
    let dir = std::env::temp_dir().join(format!("storyline-fixture-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db = dir.join("fixture.db");
    let store = SqliteStore::open(&db)?;
    fixture::fill(&store)?;
    let base_url = format!("http://127.0.0.1:{port}");
    let state = AppState {
        store: Arc::new(store),
        config: Arc::new(WebConfig {
            admin_token: Some(
                std::env::var("STORYLINE_ADMIN_TOKEN").unwrap_or_else(|_| "fixture-admin".into()),
            ),
            site_title: "Storyline".into(),
            base_url: base_url.clone(),
            page_size: 20,
        }),
        metrics: Arc::new(Metrics::default()),
        fetch_now: Some(Arc::new(tokio::sync::Notify::new())),
        fetcher: None,
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    println!("fixture server on {base_url}");
    let result = rt.block_on(async {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        serve(state, addr, async move {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
        })
        .await
    });
    let _ = std::fs::remove_dir_all(&dir);
    result?;
    Ok(())
}
