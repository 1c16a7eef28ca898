//! `storyline cluster` and `storyline bench cluster`: thin wrappers over
//! [`storyline_cluster::cli`], which runs the same [`storyline_cluster::Clusterer`] as the live
//! pipeline.

use anyhow::{Context, Result};
use std::io::BufReader;
use std::path::Path;

/// Reads articles in stream order and prints the final assignment per article, grouped as the
/// desk groups them (`cfg`: the config's `[cluster]`).
pub fn run(input: &Path, cfg: storyline_cluster::Config) -> Result<()> {
    let file =
        std::fs::File::open(input).with_context(|| format!("opening {}", input.display()))?;
    let (_, skipped) = storyline_cluster::cli::cluster_jsonl(
        cfg,
        &input.display().to_string(),
        BufReader::new(file),
        std::io::BufWriter::new(std::io::stdout().lock()),
        std::io::stderr().lock(),
    )
    .with_context(|| format!("clustering {}", input.display()))?;
    if skipped > 0 {
        eprintln!("cluster: {skipped} malformed line(s) skipped");
    }
    Ok(())
}

/// Measures dedup + clustering throughput on synthetic streams.
pub fn bench(articles: usize, newest_first: bool) -> Result<()> {
    storyline_cluster::cli::bench(articles, newest_first, std::io::stdout().lock())?;
    Ok(())
}
