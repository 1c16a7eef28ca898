//! `storyline cluster` and `storyline bench cluster`.

use anyhow::Result;
use std::path::Path;

/// Reads articles in stream order and prints the final assignment per article.
pub fn run(input: &Path) -> Result<()> {
    let _ = input;
    anyhow::bail!("cluster: not implemented yet")
}

/// Measures dedup + clustering throughput on synthetic streams.
pub fn bench(articles: usize) -> Result<()> {
    let _ = articles;
    anyhow::bail!("bench cluster: not implemented yet")
}
