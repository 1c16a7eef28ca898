//! `storyline summarize`: digests for a JSON-lines file of stories (see `storyline_digest::jsonl`).

use anyhow::{Context, Result};
use std::io::{BufReader, BufWriter, Write};
use std::path::Path;

/// Reads one story per line and prints one digest per line.
pub fn run(input: &Path, words: Option<usize>) -> Result<()> {
    let f = std::fs::File::open(input).with_context(|| format!("opening {}", input.display()))?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let (_, skipped) = storyline_digest::jsonl::run(
        BufReader::new(f),
        &mut out,
        std::io::stderr().lock(),
        words,
        &storyline_digest::RankParams::default(),
    )
    .with_context(|| format!("summarizing {}", input.display()))?;
    out.flush()?;
    if skipped > 0 {
        eprintln!("summarize: {skipped} malformed line(s) skipped");
    }
    Ok(())
}
