//! `storyline extract` and `storyline bench extract`: the command-line face of
//! `storyline_extract`, shaped for the team's scorers (one JSON object per page) and for timing.

use anyhow::{Context, Result};
use serde_json::json;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;
use storyline::pipeline::{gunzip_capped, read_capped};
use storyline_extract::{extract_lenient, ExtractOptions, Extracted};

/// The largest page `storyline extract` reads, gzipped pages by what they unpack to: far above
/// any real page, low enough that a small gzip bomb cannot take the machine's memory.
const MAX_PAGE_BYTES: usize = 64 << 20;

/// Reads a page: `-` is stdin, `.gz` files are gunzipped; more than [`MAX_PAGE_BYTES`] is an error.
fn read_page(path: &Path) -> Result<Vec<u8>> {
    let too_large = || anyhow::anyhow!("{} is larger than {MAX_PAGE_BYTES} bytes", path.display());
    let raw = if path.as_os_str() == "-" {
        read_capped(std::io::stdin(), MAX_PAGE_BYTES)?
    } else {
        std::fs::File::open(path)
            .and_then(|f| read_capped(f, MAX_PAGE_BYTES))
            .with_context(|| format!("reading {}", path.display()))?
    }
    .ok_or_else(too_large)?;
    if raw.starts_with(&[0x1f, 0x8b]) {
        return gunzip_capped(&raw, MAX_PAGE_BYTES)
            .with_context(|| format!("gunzip {}", path.display()))?
            .ok_or_else(too_large);
    }
    Ok(raw)
}

fn to_json(path: &Path, e: &Extracted, error: Option<String>) -> serde_json::Value {
    let mut v = json!({
        "path": path.display().to_string(),
        "title": e.title,
        "byline": e.byline,
        "published": e.published.map(|d| d.to_rfc3339()),
        "site_name": e.site_name,
        "language": e.language,
        "canonical_url": e.canonical_url,
        "image": e.image,
        "text": e.text,
    });
    if let Some(err) = error {
        v["error"] = json!(err);
    }
    v
}

/// Prints one JSON object per input page.
pub fn run(paths: &[PathBuf], url: Option<&str>, jsonl: bool) -> Result<()> {
    let opts = ExtractOptions {
        url: url.map(str::to_string),
        content_type: None,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for p in paths {
        let v = match read_page(p) {
            Ok(bytes) => {
                let (e, err) = extract_lenient(&bytes, &opts);
                to_json(p, &e, err.map(|e| e.to_string()))
            }
            Err(err) => to_json(p, &Extracted::default(), Some(format!("{err:#}"))),
        };
        if jsonl {
            serde_json::to_writer(&mut out, &v)?;
        } else {
            serde_json::to_writer_pretty(&mut out, &v)?;
        }
        writeln!(out)?;
    }
    out.flush()?;
    Ok(())
}

fn dataset_pages(dir: &Path) -> Result<Vec<PathBuf>> {
    let html_dir = if dir.join("html").is_dir() {
        dir.join("html")
    } else {
        dir.to_path_buf()
    };
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&html_dir)
        .with_context(|| format!("listing {}", html_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let n = p.to_string_lossy();
            n.ends_with(".html") || n.ends_with(".html.gz") || n.ends_with(".htm")
        })
        .collect();
    pages.sort();
    Ok(pages)
}

fn median(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Timed passes over the pages: each page's time is its fastest pass, which keeps the figures
/// steady on a shared machine (the first pass also warms caches).
const PASSES: usize = 2;

/// Python trafilatura timing its own loop over the same decompressed pages, with the same
/// fastest-of-`PASSES` rule.
const TRAFILATURA_TIMER: &str = r#"
import sys, gzip, time, statistics
import trafilatura
paths = sys.argv[1:]
pages = []
for p in paths:
    with open(p, 'rb') as f:
        b = f.read()
    if b[:2] == b'\x1f\x8b':
        b = gzip.decompress(b)
    pages.append(b)
ts = [float("inf")] * len(pages)
total = float("inf")
for _ in range(PASSES):
    t0 = time.perf_counter()
    for i, b in enumerate(pages):
        s = time.perf_counter()
        trafilatura.extract(b, with_metadata=True)
        ts[i] = min(ts[i], time.perf_counter() - s)
    total = min(total, time.perf_counter() - t0)
print(f"{len(pages)} {total} {statistics.median(ts)}")
"#;

/// Measures extraction speed over a dataset folder (decompression excluded, one core).
pub fn bench(dir: &Path, with_trafilatura: bool) -> Result<()> {
    let pages = dataset_pages(dir)?;
    anyhow::ensure!(
        !pages.is_empty(),
        "no .html or .html.gz pages in {}",
        dir.display()
    );
    let bodies: Vec<Vec<u8>> = pages.iter().map(|p| read_page(p)).collect::<Result<_>>()?;
    let opts = ExtractOptions::default();
    let mut times = vec![f64::INFINITY; bodies.len()];
    let mut empty = 0usize;
    let mut total = f64::INFINITY;
    for pass in 0..PASSES {
        let t0 = Instant::now();
        for (i, b) in bodies.iter().enumerate() {
            let s = Instant::now();
            let (e, _) = extract_lenient(b, &opts);
            times[i] = times[i].min(s.elapsed().as_secs_f64() * 1000.0);
            if pass == 0 && e.text.is_empty() {
                empty += 1;
            }
        }
        total = total.min(t0.elapsed().as_secs_f64());
    }
    let med = median(&mut times);
    let mean = times.iter().sum::<f64>() / times.len() as f64;
    println!(
        "storyline:   {} pages in {:.2} s = {:.1} pages/s; median {:.2} ms/page, mean {:.2} ms/page; {} empty (fastest of {PASSES} passes)",
        bodies.len(),
        total,
        bodies.len() as f64 / total,
        med,
        mean,
        empty
    );
    if with_trafilatura {
        let out = std::process::Command::new("python3")
            .arg("-c")
            .arg(format!("PASSES = {PASSES}\n{TRAFILATURA_TIMER}"))
            .args(&pages)
            .output()
            .context("running python3")?;
        if !out.status.success() {
            println!(
                "trafilatura: not available ({})",
                String::from_utf8_lossy(&out.stderr)
                    .lines()
                    .last()
                    .unwrap_or("")
            );
            return Ok(());
        }
        let s = String::from_utf8_lossy(&out.stdout);
        let f: Vec<f64> = s
            .split_whitespace()
            .filter_map(|x| x.parse().ok())
            .collect();
        if let [n, ttotal, tmed] = f[..] {
            println!(
                "trafilatura: {} pages in {:.2} s = {:.1} pages/s; median {:.2} ms/page",
                n,
                ttotal,
                n / ttotal,
                tmed * 1000.0
            );
            println!(
                "speed-up:    {:.1}x by total time, {:.1}x by median",
                ttotal / total,
                tmed * 1000.0 / med
            );
        } else {
            println!("trafilatura: unexpected output {s:?}");
        }
    }
    Ok(())
}
