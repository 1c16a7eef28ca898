//! Development driver: `cargo run --release -p storyline-extract --example extract_jsonl -- FILES...`
//! prints `{"id","text","title","author","published"}` per page, the scorer's input, without
//! building the whole `storyline` binary.

use std::io::{Read, Write};

fn main() {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let opts = storyline_extract::ExtractOptions::default();
    for p in std::env::args().skip(1) {
        let raw = std::fs::read(&p).unwrap_or_default();
        let mut bytes = Vec::new();
        if raw.starts_with(&[0x1f, 0x8b]) {
            let _ = flate2::read::MultiGzDecoder::new(&raw[..]).read_to_end(&mut bytes);
        } else {
            bytes = raw;
        }
        let (e, _) = storyline_extract::extract_lenient(&bytes, &opts);
        let name = std::path::Path::new(&p)
            .file_name()
            .map(|f| f.to_string_lossy().to_string())
            .unwrap_or_default();
        let id = name
            .trim_end_matches(".gz")
            .trim_end_matches(".html")
            .to_string();
        let v = serde_json::json!({"id": id, "text": e.text, "title": e.title, "author": e.byline,
            "published": e.published.map(|d| d.to_rfc3339())});
        let _ = writeln!(out, "{v}");
    }
}
