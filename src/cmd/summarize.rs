//! `storyline summarize`.

use anyhow::Result;
use std::path::Path;

/// Reads one story per line and prints one digest per line.
pub fn run(input: &Path, words: Option<usize>) -> Result<()> {
    let _ = (input, words);
    anyhow::bail!("summarize: not implemented yet")
}
