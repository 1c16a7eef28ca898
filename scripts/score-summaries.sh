#!/usr/bin/env bash
# Scores `storyline summarize --words N` on the shared Multi-News validation sample (ROUGE F1 x100,
# rouge-score 0.1.2 with stemming, via ../shared/eval/score_summaries.py).
#
#   scripts/score-summaries.sh                 # uses target/release/storyline (builds nothing)
#   STORYLINE_BIN=/path/to/storyline scripts/score-summaries.sh
#   WORDS=300 scripts/score-summaries.sh extra.jsonl   # also score another {"id","documents","summary"} file
#
# Each set is scored three ways: all stories, and its "dev" and "test" halves (stories split by
# FNV-1a 64 of the story id, even = dev). Ranking weights are tuned on dev only; test is held out.
# Predictions are kept in $OUT_DIR (default: a temporary directory) for inspection.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="${STORYLINE_BIN:-$here/target/release/storyline}"
data="${DATA_DIR:-$here/../shared/data/summarization}"
scorer="${SCORER:-$here/../shared/eval/score_summaries.py}"
words="${WORDS:-300}"
if [ -n "${OUT_DIR:-}" ]; then
  tmp="$OUT_DIR"
  mkdir -p "$tmp"
else
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
fi

split() { # name src
  python3 - "$1" "$2" "$tmp" <<'PY'
import json, sys
name, src, tmp = sys.argv[1], sys.argv[2], sys.argv[3]
def fnv1a64(b):
    h = 0xcbf29ce484222325
    for x in b:
        h = ((h ^ x) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h
rows = [json.loads(l) for l in open(src, encoding="utf-8") if l.strip()]
for part in ("full", "dev", "test"):
    with open(f"{tmp}/{name}-{part}.jsonl", "w", encoding="utf-8") as f:
        for r in rows:
            h = "dev" if fnv1a64(str(r["id"]).encode()) % 2 == 0 else "test"
            if part == "full" or part == h:
                f.write(json.dumps(r) + "\n")
PY
}

score() { # name
  "$bin" summarize --input "$tmp/$1-full.jsonl" --words "$words" > "$tmp/$1.all.pred.jsonl"
  for part in full dev test; do
    gold="$tmp/$1-$part.jsonl"
    n=$(wc -l < "$gold")
    # Predictions of the half = the full run's lines with the half's ids.
    python3 - "$gold" "$tmp/$1.all.pred.jsonl" "$tmp/$1-$part.pred.jsonl" <<'PY'
import json, sys
ids = {json.loads(l)["id"] for l in open(sys.argv[1], encoding="utf-8") if l.strip()}
with open(sys.argv[3], "w", encoding="utf-8") as out:
    for l in open(sys.argv[2], encoding="utf-8"):
        if l.strip() and json.loads(l)["id"] in ids:
            out.write(l)
PY
    line=$(python3 "$scorer" "$gold" "$tmp/$1-$part.pred.jsonl" | tail -1)
    printf '%-14s %-5s n=%-4s %s\n' "$1" "$part" "$n" "$line"
  done
}

split multinews-val "$data/multinews-val.jsonl"
score multinews-val
for extra in "$@"; do
  name="$(basename "$extra" .jsonl)"
  split "$name" "$extra"
  score "$name"
done
