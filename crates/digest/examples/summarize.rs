//! `storyline summarize` without the rest of the binary: digests for a JSON-lines file.
//!
//! `cargo run --release -p storyline-digest --example summarize -- IN.jsonl [WORDS]`

use std::io::{BufReader, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let input = args.next().ok_or("usage: summarize IN.jsonl [WORDS]")?;
    let words = args.next().map(|w| w.parse()).transpose()?;
    let f = std::fs::File::open(&input)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    storyline_digest::jsonl::run(
        BufReader::new(f),
        &mut out,
        std::io::stderr().lock(),
        words,
        &storyline_digest::RankParams::default(),
    )?;
    out.flush()?;
    Ok(())
}
