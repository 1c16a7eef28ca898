//! Embeds the demo corpus (`demo/corpus`) into the binary so `storyline demo` works from any
//! directory and without the source tree: every file becomes an `include_str!` entry.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/corpus");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    for sub in ["", "templates", "stories"] {
        let dir = root.join(sub);
        println!("cargo:rerun-if-changed={}", dir.display());
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let ext = p.extension().and_then(|x| x.to_str()).unwrap_or("");
            if p.is_file() && matches!(ext, "toml" | "html") {
                let rel = p
                    .strip_prefix(&root)
                    .map(|r| r.to_string_lossy().replace('\\', "/"));
                if let Ok(rel) = rel {
                    files.push((rel, p.clone()));
                }
            }
        }
    }
    files.sort();
    let mut out = String::from("/// The demo corpus: (path relative to `demo/corpus`, contents).\npub static CORPUS: &[(&str, &str)] = &[\n");
    for (rel, p) in &files {
        let _ = writeln!(
            out,
            "    ({rel:?}, include_str!({:?})),",
            p.display().to_string()
        );
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("corpus.rs");
    std::fs::write(dest, out).expect("write corpus.rs");
}
