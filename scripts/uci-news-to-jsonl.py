#!/usr/bin/env python3
"""Turns the UCI News Aggregator headlines into `storyline cluster` input with gold stories.

    scripts/uci-news-to-jsonl.py uci-news-aggregator.csv [--limit N] > uci.jsonl
    scripts/score-clustering.sh uci.jsonl

The data set (Gasparetti 2017, archive.ics.uci.edu "News Aggregator"; its licence is on that
page) holds 422,937 real headlines of March-August 2014, each with its outlet, URL, a crawl
timestamp and the Google News story it was listed under. It is not in ../shared and must not be
shipped; this script only reads a copy you have, for evaluation. Both published forms are read: `uci-news-aggregator.csv` (comma separated,
with a header) and `newsCorpora.csv` (tab separated, no header).

Rows are kept in ID order (the first N with --limit) and written in timestamp order. Caveats: the
timestamp is when the aggregator crawled the story's page, so a story's headlines share one
minute and arrive together; and a Google News story is often wider than one event (a day's market
reports, a product launch and its reviews), so the gold labels reward merging more than the
shared sets do.
"""
import argparse
import csv
import datetime
import json
import sys

FIELDS = ["ID", "TITLE", "URL", "PUBLISHER", "CATEGORY", "STORY", "HOSTNAME", "TIMESTAMP"]


def rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        head = f.readline()
        f.seek(0)
        if head.startswith("ID,"):
            yield from csv.DictReader(f)
        else:
            for line in f:
                parts = line.rstrip("\r\n").split("\t")
                if len(parts) == len(FIELDS):
                    yield dict(zip(FIELDS, parts))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("csv")
    ap.add_argument("--limit", type=int, default=0, help="keep the first N rows by ID")
    args = ap.parse_args()
    keep = []
    for r in rows(args.csv):
        ts = r.get("TIMESTAMP") or ""
        if not (r.get("ID", "").isdigit() and ts.isdigit()):
            continue
        keep.append(r)
    keep.sort(key=lambda r: int(r["ID"]))
    if args.limit:
        keep = keep[: args.limit]
    keep.sort(key=lambda r: (int(r["TIMESTAMP"]), int(r["ID"])))
    unescape = lambda s: s.replace("\\(", "(").replace("\\)", ")").replace("\\?", "?")
    for r in keep:
        at = datetime.datetime.fromtimestamp(int(r["TIMESTAMP"]) / 1000, datetime.timezone.utc)
        out = {
            "id": r["ID"],
            "story": r["STORY"],
            "title": r["TITLE"],
            "published": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "source": unescape(r["PUBLISHER"]),
            "url": unescape(r["URL"]),
        }
        sys.stdout.write(json.dumps(out) + "\n")


if __name__ == "__main__":
    main()
