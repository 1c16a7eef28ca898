//! Tuning aid: `cargo run --release -p storyline-digest --example tune -- IN.jsonl WORDS [k=v ...]`
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
            "w_centroid" => p.w_centroid = v,
            "w_agree" => p.w_agree = v,
            "w_position" => p.w_position = v,
            "pos_decay" => p.pos_decay = v,
            "lambda" => p.lambda = v,
            "len_exp" => p.len_exp = v,
            "target_ratio" => p.target_ratio = v,
            "max_sim" => p.max_sim = v,
            "w_cover" => p.w_cover = v,
            "cover_len_exp" => p.cover_len_exp = v,
            _ => return Err(format!("unknown parameter {k}").into()),
        }
    }
    let f = BufReader::new(std::fs::File::open(input)?);
    let stdout = std::io::stdout();
    storyline_digest::jsonl::run(f, stdout.lock(), Some(words), &p)?;
    Ok(())
}
