#!/usr/bin/env bash
# Scores `storyline extract` on the shared extraction benchmarks with the team's scorer.
# Usage: scripts/score-extraction.sh [BIN] [OUTDIR]
#   BIN defaults to $CARGO_TARGET_DIR/release/storyline (or target/release/storyline).
#   Set EXTRACT_CMD to score another command taking the same arguments as `storyline extract`.
# Writes OUTDIR/{scrapinghub,wcxb}.jsonl (predictions) and .txt (scores); prints the last lines.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
shared="${SHARED:-$here/../shared}"
bin="${1:-${CARGO_TARGET_DIR:-$here/target}/release/storyline}"
out="${2:-$(mktemp -d)}"
mkdir -p "$out"
cmd="${EXTRACT_CMD:-$bin extract --jsonl}"

# storyline's output -> the scorer's {"id","text","title","author","published"}.
to_pred='import sys, json, os
for line in sys.stdin:
    o = json.loads(line)
    name = os.path.basename(o["path"])
    for ext in (".gz", ".html"):
        if name.endswith(ext):
            name = name[: -len(ext)]
    print(json.dumps({"id": name, "text": o.get("text") or "", "title": o.get("title"),
                      "author": o.get("byline"), "published": o.get("published")}))'

for set in scrapinghub wcxb-dev; do
  # shellcheck disable=SC2086
  $cmd "$shared/data/extraction/$set"/html/*.html.gz | python3 -c "$to_pred" > "$out/$set.jsonl"
done
python3 "$shared/eval/score_extraction.py" "$shared/data/extraction/scrapinghub" "$out/scrapinghub.jsonl" > "$out/scrapinghub.txt"
python3 "$shared/eval/score_extraction.py" "$shared/data/extraction/wcxb-dev" "$out/wcxb-dev.jsonl" --page-type article > "$out/wcxb-article.txt"
python3 "$shared/eval/score_extraction.py" "$shared/data/extraction/wcxb-dev" "$out/wcxb-dev.jsonl" > "$out/wcxb-all.txt"
for f in scrapinghub wcxb-article wcxb-all; do echo "== $f"; cat "$out/$f.txt"; done
echo "predictions and scores in $out"
