#!/usr/bin/env bash
# Scores `storyline extract` on the shared extraction benchmarks with the team's scorer.
# Usage: scripts/score-extraction.sh [BIN] [OUTDIR]
#   BIN defaults to $CARGO_TARGET_DIR/release/storyline (or target/release/storyline); build it with
#   `cargo build --release -p storyline` first.
#   Set EXTRACT_CMD to score another command taking the same arguments as `storyline extract --jsonl`.
#   Set BENCH=1 to also time `storyline bench extract` (with Python trafilatura when installed).
# Writes OUTDIR/{scrapinghub,wcxb-dev}.jsonl (predictions), *.txt (scorer output) and
# *.perdoc.jsonl (per-page scores); prints the scorer output and a summary table.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
shared="${SHARED:-$here/../shared}"
bin="${1:-${CARGO_TARGET_DIR:-$here/target}/release/storyline}"
out="${2:-$(mktemp -d)}"
mkdir -p "$out"
cmd="${EXTRACT_CMD:-$bin extract --jsonl}"
# html5ever logs every parse recovery at WARN; that is noise here and costs time.
export RUST_LOG="${RUST_LOG:-warn,html5ever=off}"

if [ ! -d "$shared/data/extraction/scrapinghub" ]; then
  echo "no benchmark data under $shared/data/extraction; set SHARED" >&2
  exit 2
fi

# storyline's output -> the scorer's {"id","text","title","author","published"}.
to_pred='import sys, json, os
for line in sys.stdin:
    o = json.loads(line)
    if "id" in o:  # already scorer-shaped (examples/extract_jsonl.rs)
        print(json.dumps(o)); continue
    name = os.path.basename(o["path"])
    for ext in (".gz", ".html"):
        if name.endswith(ext):
            name = name[: -len(ext)]
    print(json.dumps({"id": name, "text": o.get("text") or "", "title": o.get("title"),
                      "author": o.get("byline"), "published": o.get("published")}))'

for set in scrapinghub wcxb-dev; do
  # shellcheck disable=SC2086
  $cmd "$shared/data/extraction/$set"/html/*.html.gz 2>"$out/$set.stderr" | python3 -c "$to_pred" > "$out/$set.jsonl"
done
score="$shared/eval/score_extraction.py"
python3 "$score" "$shared/data/extraction/scrapinghub" "$out/scrapinghub.jsonl" \
  --per-doc "$out/scrapinghub.perdoc.jsonl" > "$out/scrapinghub.txt"
python3 "$score" "$shared/data/extraction/wcxb-dev" "$out/wcxb-dev.jsonl" --page-type article \
  --per-doc "$out/wcxb-article.perdoc.jsonl" > "$out/wcxb-article.txt"
python3 "$score" "$shared/data/extraction/wcxb-dev" "$out/wcxb-dev.jsonl" \
  --per-doc "$out/wcxb-all.perdoc.jsonl" > "$out/wcxb-all.txt"
for f in scrapinghub wcxb-article wcxb-all; do echo "== $f"; cat "$out/$f.txt"; done

# One-line summary: the figures the issue's goals are stated in.
python3 - "$out" <<'EOF'
import re, sys
out = sys.argv[1]
def grab(name, pat):
    m = re.search(pat, open(f"{out}/{name}.txt").read())
    return m.group(1) if m else "?"
sh = grab("scrapinghub", r"\n    F1\s+([0-9.]+)")
wx = grab("wcxb-article", r"f1=([0-9.]+)")
ti = grab("wcxb-article", r"title\s+accuracy ([0-9.]+)")
au = grab("wcxb-article", r"author accuracy ([0-9.]+)")
da = grab("wcxb-article", r"date\s+accuracy ([0-9.]+)")
print()
print("| ScrapingHub F1 | WCXB article body F1 | title | author | date |")
print("|---|---|---|---|---|")
print(f"| {sh} | {wx} | {ti} | {au} | {da} |")
print("goals:  0.970 | 0.950 | 0.90 | 0.85 | 0.90")
EOF

if [ "${BENCH:-0}" = 1 ] && [ -z "${EXTRACT_CMD:-}" ]; then
  echo "== speed, ScrapingHub (one core)"
  "$bin" bench extract "$shared/data/extraction/scrapinghub" --trafilatura
  echo "== speed, WCXB dev (one core)"
  "$bin" bench extract "$shared/data/extraction/wcxb-dev" --trafilatura
fi
echo "predictions and scores in $out"
