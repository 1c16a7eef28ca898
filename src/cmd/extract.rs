//! `storyline extract` and `storyline bench extract`.

use anyhow::Result;
use std::path::PathBuf;

/// Prints one JSON object per input page.
pub fn run(paths: &[PathBuf], url: Option<&str>, jsonl: bool) -> Result<()> {
    let _ = (paths, url, jsonl);
    anyhow::bail!("extract: not implemented yet")
}

/// Measures extraction speed over a dataset folder.
pub fn bench(dir: &std::path::Path, with_trafilatura: bool) -> Result<()> {
    let _ = (dir, with_trafilatura);
    anyhow::bail!("bench extract: not implemented yet")
}
