#!/usr/bin/env python3
"""Validate the Storyline demo corpus (demo/corpus/) and print its counts.

Python 3.11+ standard library only. Exit status 0 when the corpus is consistent, 1 otherwise.
Usage: python3 demo/check_corpus.py [path/to/corpus]
"""
from __future__ import annotations

import re
import sys
import tomllib
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

CATEGORIES = {"World", "Politics", "Business", "Technology", "Science", "Health", "Sports",
              "Culture", "Environment"}
FEEDS = {"rss", "atom", "json"}
TONES = {"upbeat", "neutral", "critical"}
FEED_LINKS = {"utm", "amp"}
ARTICLE_KEYS = {"outlet", "slug", "published", "title", "byline", "tone", "body", "syndicates",
                "rewrite_of", "feed_link", "second_feed", "also_in"}
PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
KNOWN_PLACEHOLDERS = {"site_name", "title", "byline", "published_iso", "published_human", "category",
                      "description", "url", "canonical_url", "feed_url", "image_url", "body_html",
                      "related_html", "jsonld"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
BOILERPLATE_MARKERS = {
    "share bar": re.compile(r"Share on", re.I),
    "cookie banner": re.compile(r"cookie", re.I),
    "newsletter": re.compile(r"newsletter|sign up|subscribe|sign me up|mailing list", re.I),
    "footer copyright": re.compile(r"&copy;|©|copyright", re.I),
}


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / "corpus"
    errors: list[str] = []
    warnings: list[str] = []

    def err(msg: str) -> None:
        errors.append(msg)

    # ---- outlets -------------------------------------------------------------------------
    with open(root / "outlets.toml", "rb") as f:
        outlets_doc = tomllib.load(f)
    outlets = {}
    for o in outlets_doc.get("outlet", []):
        slug = o.get("slug", "")
        if not SLUG.match(slug):
            err(f"outlet slug {slug!r} is not a lowercase slug")
        if slug in outlets:
            err(f"duplicate outlet {slug}")
        for key in ("name", "feed", "template"):
            if key not in o:
                err(f"outlet {slug}: missing {key}")
        if o.get("feed") not in FEEDS:
            err(f"outlet {slug}: feed {o.get('feed')!r} not one of {sorted(FEEDS)}")
        outlets[slug] = o
        for key in ("template", "home_template"):
            if key in o:
                tpath = root / "templates" / o[key]
                if not tpath.is_file():
                    err(f"outlet {slug}: {key} {o[key]} does not exist")
                    continue
                check_template(tpath, key == "home_template", err, warnings)

    # ---- stories -------------------------------------------------------------------------
    stories = {}
    articles: dict[str, dict] = {}  # "outlet/slug" -> article (with story id)
    story_files = sorted((root / "stories").glob("*.toml"))
    for path in story_files:
        with open(path, "rb") as f:
            try:
                doc = tomllib.load(f)
            except tomllib.TOMLDecodeError as e:
                err(f"{path.name}: TOML error: {e}")
                continue
        sid = doc.get("id")
        if not sid:
            err(f"{path.name}: missing id")
            continue
        if sid in stories:
            err(f"{path.name}: duplicate story id {sid}")
        if doc.get("category") not in CATEGORIES:
            err(f"{path.name}: bad category {doc.get('category')!r}")
        if not doc.get("summary"):
            err(f"{path.name}: missing summary")
        arts = doc.get("article", [])
        if not arts:
            err(f"{path.name}: no articles")
        stories[sid] = {"category": doc.get("category"), "articles": arts, "file": path.name}
        for a in arts:
            key = f"{a.get('outlet')}/{a.get('slug')}"
            where = f"{path.name} [{key}]"
            unknown = set(a) - ARTICLE_KEYS
            if unknown:
                err(f"{where}: unknown keys {sorted(unknown)}")
            for req in ("outlet", "slug", "published", "title", "tone"):
                if req not in a:
                    err(f"{where}: missing {req}")
            if a.get("outlet") not in outlets:
                err(f"{where}: unknown outlet {a.get('outlet')!r}")
            if not SLUG.match(str(a.get("slug", ""))):
                err(f"{where}: slug is not a lowercase slug")
            if key in articles:
                err(f"{where}: slug not unique within outlet (also in {articles[key]['_file']})")
            if a.get("tone") not in TONES:
                err(f"{where}: tone {a.get('tone')!r} not one of {sorted(TONES)}")
            try:
                a["_dt"] = datetime.fromisoformat(str(a.get("published", "")).replace("Z", "+00:00"))
                if a["_dt"].tzinfo is None:
                    err(f"{where}: published has no timezone")
            except ValueError:
                err(f"{where}: published {a.get('published')!r} does not parse")
                a["_dt"] = None
            if "syndicates" in a:
                if "body" in a:
                    err(f"{where}: syndicated article must not carry its own body")
            elif not str(a.get("body", "")).strip():
                err(f"{where}: missing body")
            if "feed_link" in a and a["feed_link"] not in FEED_LINKS:
                err(f"{where}: feed_link {a['feed_link']!r} not one of {sorted(FEED_LINKS)}")
            a["_story"] = sid
            a["_file"] = path.name
            articles[key] = a

    # ---- referential integrity -----------------------------------------------------------
    for key, a in articles.items():
        for ref_key in ("syndicates", "rewrite_of"):
            ref = a.get(ref_key)
            if ref is None:
                continue
            target = articles.get(ref)
            if target is None:
                err(f"{a['_file']} [{key}]: {ref_key} target {ref} does not exist")
                continue
            if ref_key == "syndicates" and "syndicates" in target:
                err(f"{key}: syndicates {ref}, which is itself syndicated")
            if target["_story"] != a["_story"]:
                err(f"{key}: {ref_key} target {ref} is in another story ({target['_story']})")
            if a["_dt"] and target["_dt"] and a["_dt"] < target["_dt"]:
                err(f"{key}: published before its {ref_key} source {ref}")

    # ---- word counts ---------------------------------------------------------------------
    def body_of(a: dict) -> str:
        if "syndicates" in a and a["syndicates"] in articles:
            return str(articles[a["syndicates"]].get("body", ""))
        return str(a.get("body", ""))

    word_counts = []
    for key, a in articles.items():
        body = body_of(a)
        n = len(body.split())
        paras = [p for p in body.split("\n\n") if p.strip()]
        word_counts.append(n)
        if "syndicates" not in a and not (100 <= n <= 400):
            warnings.append(f"{key}: body has {n} words")
        if "syndicates" not in a and len(paras) < 3:
            warnings.append(f"{key}: body has only {len(paras)} paragraphs")

    # ---- report --------------------------------------------------------------------------
    feed_kinds = Counter(o.get("feed") for o in outlets.values())
    categories = Counter(s["category"] for s in stories.values())
    dates = [a["_dt"] for a in articles.values() if a.get("_dt")]
    per_outlet = Counter(a["outlet"] for a in articles.values())
    print(f"corpus: {root}")
    print(f"outlets: {len(outlets)}  feed kinds: " + ", ".join(f"{k}={v}" for k, v in sorted(feed_kinds.items())))
    print(f"stories: {len(stories)}  articles: {len(articles)}  categories: {len(categories)} "
          + "(" + ", ".join(f"{k}={v}" for k, v in sorted(categories.items())) + ")")
    if dates:
        print(f"dates: {min(dates).isoformat()} .. {max(dates).isoformat()}")
    if word_counts:
        print(f"body words (incl. syndicated): min {min(word_counts)}, mean {sum(word_counts)/len(word_counts):.0f}, max {max(word_counts)}; total {sum(word_counts)}")
    print("articles per outlet: " + ", ".join(f"{k}={v}" for k, v in sorted(per_outlet.items())))
    special = Counter()
    for a in articles.values():
        for k in ("syndicates", "rewrite_of", "second_feed"):
            if a.get(k):
                special[k] += 1
        if "feed_link" in a:
            special["feed_link=" + a["feed_link"]] += 1
    print("variants: " + ", ".join(f"{k}={v}" for k, v in sorted(special.items())))
    # ---- rewrite similarity (gold "light rewrite" must be close to, but not identical with, its source)
    for key, a in articles.items():
        ref = a.get("rewrite_of")
        if ref in articles:
            sim = shingle_jaccard(body_of(a), body_of(articles[ref]))
            print(f"rewrite {key} ~ {ref}: 5-gram Jaccard {sim:.2f}")
            if not 0.25 <= sim < 0.95:
                err(f"{key}: rewrite similarity {sim:.2f} to {ref} is outside [0.25, 0.95)")
    # unrelated originals must not be near-duplicates of each other
    originals = [(k, a) for k, a in articles.items() if "syndicates" not in a and "rewrite_of" not in a]
    grams = {k: shingles(str(a.get("body", ""))) for k, a in originals}
    for i, (k1, _) in enumerate(originals):
        for k2, _ in originals[i + 1:]:
            g1, g2 = grams[k1], grams[k2]
            if g1 and g2 and len(g1 & g2) / len(g1 | g2) > 0.2:
                err(f"unrelated originals {k1} and {k2} are near-duplicates")
    tones = Counter(a.get("tone") for a in articles.values())
    print("tones: " + ", ".join(f"{k}={v}" for k, v in sorted(tones.items())))
    print("articles per story:")
    for sid, s in sorted(stories.items(), key=lambda kv: kv[1]["file"]):
        outs = sorted({a.get("outlet") for a in s["articles"]})
        print(f"  {sid:<34} {s['category']:<12} {len(s['articles']):>2} articles, {len(outs)} outlets")
    for w in warnings:
        print(f"warning: {w}")
    for e in errors:
        print(f"ERROR: {e}")
    if errors:
        print(f"FAILED with {len(errors)} error(s)")
        return 1
    print("OK")
    return 0


def shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(words[i:i + n]) for i in range(max(0, len(words) - n + 1))}


def shingle_jaccard(a: str, b: str) -> float:
    ga, gb = shingles(a), shingles(b)
    return len(ga & gb) / len(ga | gb) if ga and gb else 0.0


def check_template(path: Path, is_home: bool, err, warnings: list[str]) -> None:
    text = path.read_text(encoding="utf-8")
    names = set(PLACEHOLDER.findall(text))
    unknown = names - KNOWN_PLACEHOLDERS
    if unknown:
        err(f"template {path.name}: unknown placeholders {sorted(unknown)}")
    if '<html lang="en">' not in text:
        err(f"template {path.name}: missing <html lang=\"en\">")
    if not re.search(r'<link rel="alternate" type="application/(rss\+xml|atom\+xml|feed\+json)"[^>]*href="\{\{feed_url\}\}"', text):
        err(f"template {path.name}: missing feed discovery <link rel=alternate> to {{{{feed_url}}}}")
    if is_home:
        return
    for req in ("title", "body_html", "related_html"):
        if req not in names:
            err(f"template {path.name}: missing {{{{{req}}}}}")
    for what, rx in BOILERPLATE_MARKERS.items():
        if not rx.search(text):
            err(f"template {path.name}: no {what} boilerplate")
    if "comment" not in text.lower():
        err(f"template {path.name}: no reader comments")


if __name__ == "__main__":
    sys.exit(main())
