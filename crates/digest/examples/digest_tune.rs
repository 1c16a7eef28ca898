//! Tuning aid: `cargo run --release -p storyline-digest --example digest_tune -- IN.jsonl WORDS [k=v ...]`
//! writes digests to stdout with the given ranking weights (names as in `RankParams`).

use std::io::BufReader;
use storyline_digest::RankParams;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let input = args.get(1).ok_or("usage: tune IN.jsonl WORDS [k=v ...]")?;
    let words: usize = args.get(2).ok_or("missing WORDS")?.parse()?;
    let mut p = RankParams::default();
    for kv in &args[3..] {
        let (k, v) = kv.split_once('=').ok_or("expected k=v")?;
        let v: f32 = v.parse()?;
        match k {
            "pos_decay" => p.pos_decay = v,
            "scale" => p.scale = v,
            "lambda" => p.lambda = v,
            "w.bias" => p.weights.bias = v,
            "w.position" => p.weights.position = v,
            "w.lede" => p.weights.lede = v,
            "w.centroid" => p.weights.centroid = v,
            "w.agreement" => p.weights.agreement = v,
            "w.doc_centroid" => p.weights.doc_centroid = v,
            "w.log_words" => p.weights.log_words = v,
            "target_ratio" => p.target_ratio = v,
            "max_sim" => p.max_sim = v,
            "w_cover" => p.w_cover = v,
            "cover_len_exp" => p.cover_len_exp = v,
            _ => return Err(format!("unknown parameter {k}").into()),
        }
    }
    let f = BufReader::new(std::fs::File::open(input)?);
    let stdout = std::io::stdout();
    storyline_digest::jsonl::run(f, stdout.lock(), std::io::stderr(), Some(words), &p)?;
    Ok(())
}
