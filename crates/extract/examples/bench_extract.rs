//! Development timing driver (the product command is `storyline bench extract DIR`).
use std::io::Read;
fn main() {
    let mut pages = Vec::new();
    for p in std::env::args().skip(1) {
        let raw = std::fs::read(&p).unwrap_or_default();
        let mut b = Vec::new();
        let _ = flate2::read::MultiGzDecoder::new(&raw[..]).read_to_end(&mut b);
        pages.push(b);
    }
    let opts = storyline_extract::ExtractOptions::default();
    let mut t = Vec::new();
    let t0 = std::time::Instant::now();
    for b in &pages {
        let s = std::time::Instant::now();
        let _ = storyline_extract::extract_lenient(b, &opts);
        t.push(s.elapsed().as_secs_f64() * 1e3);
    }
    let total = t0.elapsed().as_secs_f64();
    let mut tp = Vec::new();
    for b in &pages {
        let s = std::time::Instant::now();
        let h = storyline_extract::decode_html(b, None);
        let d = scraper::Html::parse_document(&h);
        std::hint::black_box(&d);
        tp.push(s.elapsed().as_secs_f64() * 1e3);
    }
    tp.sort_by(|a, b| a.total_cmp(b));
    println!(
        "decode+html5ever parse only: median {:.2} ms",
        tp[tp.len() / 2]
    );
    t.sort_by(|a, b| a.total_cmp(b));
    println!(
        "{} pages, {:.1} pages/s, median {:.2} ms, p90 {:.2} ms",
        pages.len(),
        pages.len() as f64 / total,
        t[t.len() / 2],
        t[t.len() * 9 / 10]
    );
}
