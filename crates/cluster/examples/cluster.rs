//! Same as `storyline cluster --input FILE` / `storyline bench cluster --articles N`, without
//! building the whole binary: `cargo run --release -p storyline-cluster --example cluster -- FILE`
//! or `... --example cluster -- --bench N`.

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [flag, n] if flag == "--bench" => {
            let n = n.parse().unwrap_or(100_000);
            storyline_cluster::cli::bench(n, false, std::io::stdout().lock())
        }
        [path] => {
            let file = std::fs::File::open(path)?;
            storyline_cluster::cli::cluster_jsonl(
                storyline_cluster::Config::default(),
                path,
                std::io::BufReader::new(file),
                std::io::BufWriter::new(std::io::stdout().lock()),
                std::io::stderr().lock(),
            )
            .map(|_| ())
        }
        _ => {
            eprintln!("usage: cluster FILE.jsonl | cluster --bench N");
            Ok(())
        }
    }
}
