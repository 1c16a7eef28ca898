//! Page metadata: title, byline, publication date, site, language, canonical URL, image.
//! Sources in order of trust: JSON-LD (schema.org Article types), OpenGraph / `<meta>` tags,
//! microdata (`itemprop`), visible elements (`<h1>`, bylines, `<time>`), and the URL.

use crate::date::{date_from_url, date_from_url_path, parse_date, parse_human};
use crate::dom::{collapse, Dom};
use chrono::{DateTime, Datelike, FixedOffset};
use serde_json::{Map, Value};

/// Metadata found in a page.
#[derive(Debug, Default)]
pub struct Meta {
    pub title: String,
    pub byline: Option<String>,
    pub published: Option<DateTime<FixedOffset>>,
    pub site_name: Option<String>,
    pub language: Option<String>,
    pub canonical_url: Option<String>,
    pub image: Option<String>,
    /// The page's visible headline (`<h1>`) when one was recognised, else the title: the body
    /// leaves it out.
    pub heading: String,
    /// `articleBody` from JSON-LD, a fallback for pages that render the text with scripts.
    pub ld_body: Option<String>,
}

type Obj = Map<String, Value>;

fn types_of(o: &Obj) -> Vec<String> {
    match o.get("@type") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

fn article_rank(o: &Obj) -> u8 {
    let ts = types_of(o);
    let mut best = 0;
    for t in ts {
        let t = t.rsplit('/').next().unwrap_or(&t).to_string();
        let r = if t.ends_with("Article")
            || t.ends_with("BlogPosting")
            || t == "Report"
            || t == "LiveBlogPosting"
        {
            3
        } else if matches!(
            t.as_str(),
            "Recipe"
                | "Review"
                | "HowTo"
                | "VideoObject"
                | "Event"
                | "Product"
                | "QAPage"
                | "DiscussionForumPosting"
                | "SocialMediaPosting"
        ) {
            2
        } else if t.ends_with("WebPage") || t == "ItemPage" || t == "AboutPage" {
            1
        } else {
            0
        };
        best = best.max(r);
    }
    best
}

fn collect_objs<'v>(v: &'v Value, out: &mut Vec<&'v Obj>, depth: usize) {
    if depth > 8 {
        return;
    }
    match v {
        Value::Object(o) => {
            out.push(o);
            for k in [
                "@graph",
                "mainEntity",
                "mainEntityOfPage",
                "itemListElement",
            ] {
                if let Some(x) = o.get(k) {
                    collect_objs(x, out, depth + 1);
                }
            }
        }
        Value::Array(a) => {
            for x in a {
                collect_objs(x, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn str_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Array(a) => a.iter().find_map(|x| str_of(Some(x))),
        Value::Object(o) => str_of(o.get("name"))
            .or_else(|| str_of(o.get("url")))
            .or_else(|| str_of(o.get("@value"))),
        _ => None,
    }
}

fn names_of(v: &Value, all: &[&Obj], out: &mut Vec<String>, depth: usize) {
    if depth > 4 {
        return;
    }
    match v {
        Value::String(s) => {
            let s = s.trim();
            if !s.is_empty() && !s.starts_with("http") {
                out.push(s.to_string());
            }
        }
        Value::Array(a) => {
            for x in a {
                names_of(x, all, out, depth + 1);
            }
        }
        Value::Object(o) => {
            if let Some(n) = o.get("name") {
                names_of(n, all, out, depth + 1);
            } else if let Some(id) = o.get("@id").and_then(Value::as_str) {
                if let Some(t) = all.iter().find(|x| {
                    x.get("@id").and_then(Value::as_str) == Some(id) && x.contains_key("name")
                }) {
                    if let Some(n) = t.get("name") {
                        names_of(n, all, out, depth + 1);
                    }
                }
            }
        }
        _ => {}
    }
}

fn is_org(v: &Value) -> bool {
    let t = match v {
        Value::Array(a) => a.first().and_then(|x| x.get("@type")),
        Value::Object(o) => o.get("@type"),
        _ => None,
    };
    let t = match t {
        Some(Value::String(s)) => s.as_str(),
        Some(Value::Array(a)) => a.first().and_then(Value::as_str).unwrap_or(""),
        _ => "",
    };
    t.contains("Organization") || t.contains("Corporation") || t == "NewsMediaOrganization"
}

fn parse_ld(s: &str) -> Option<Value> {
    let t = s.trim();
    let t = t.strip_prefix("<!--").unwrap_or(t);
    let t = t.strip_suffix("-->").unwrap_or(t);
    let t = strip_cdata(t.trim());
    serde_json::from_str(t).ok().or_else(|| {
        // Raw newlines inside strings are a common authoring error.
        let cleaned: String = t
            .chars()
            .map(|c| {
                if c == '\n' || c == '\r' || c == '\t' {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        serde_json::from_str(&cleaned).ok()
    })
}

/// The JSON inside a CDATA section, bare (`<![CDATA[ {…} ]]>`, as XHTML templates write it) or
/// hidden from scripts in a comment (`//<![CDATA[`, `/*<![CDATA[*/`).
fn strip_cdata(t: &str) -> &str {
    let is_comment_mark = |c: char| c == '/' || c == '*' || c.is_whitespace();
    let mut t = t;
    if let Some(i) = t.find("<![CDATA[") {
        if t[..i].chars().all(is_comment_mark) {
            t = t[i + "<![CDATA[".len()..].trim_start_matches(is_comment_mark);
        }
    }
    if let Some(j) = t.rfind("]]>") {
        if t[j + "]]>".len()..].chars().all(is_comment_mark) {
            t = t[..j].trim_end_matches(is_comment_mark);
        }
    }
    t.trim()
}

fn meta_get<'d>(dom: &'d Dom, keys: &[&str]) -> Option<&'d str> {
    for k in keys {
        if let Some((_, v)) = dom
            .head
            .metas
            .iter()
            .find(|(mk, v)| mk == k && !v.trim().is_empty())
        {
            return Some(v.as_str());
        }
    }
    None
}

/// The authors of a scholarly page, which repeats one author meta per person
/// (`citation_author`, Google Scholar's convention; `citation_authors`, `dc.contributor`): all of
/// them in page order, joined with commas as a reference list does, when there are two or more.
fn scholarly_authors(dom: &Dom) -> Option<String> {
    ["citation_author", "citation_authors", "dc.contributor"]
        .iter()
        .find_map(|k| {
            let mut names: Vec<String> = Vec::new();
            for (_, v) in dom.head.metas.iter().filter(|(mk, _)| mk == k) {
                for part in v.split(';') {
                    // "Roy, Aniruddha": a reference list's surname first.
                    let flipped = match part.split_once(',') {
                        Some((last, first))
                            if !first.contains(',')
                                && (1..=3).contains(&last.split_whitespace().count())
                                && (1..=3).contains(&first.split_whitespace().count()) =>
                        {
                            format!("{} {}", first.trim(), last.trim())
                        }
                        _ => part.to_string(),
                    };
                    if let Some(c) = clean_byline(&flipped) {
                        if !names.iter().any(|n| n.eq_ignore_ascii_case(&c)) {
                            names.push(c);
                        }
                    }
                }
            }
            (names.len() >= 2).then(|| names.join(", "))
        })
}

/// The text after a label ending in "by" among the first words ("Text by", "This post was
/// written by", "03/10/2023 by"), unless the label names someone else ("Reviewed by").
fn after_by_label(t: &str) -> Option<&str> {
    // Chinese and Japanese label a byline with a noun and no space: "记者 张三", "本报记者：张三",
    // "作者：山田太郎". The label opens the byline, after at most a few letters ("新华社记者").
    for label in ["记者", "記者", "作者", "撰文", "撰稿", "筆者"] {
        if let Some(i) = t.find(label) {
            let head = &t[..i];
            if head.chars().count() <= 6
                && head
                    .chars()
                    .all(|c| storyline_core::text::is_cjk_letter(c) || c.is_whitespace())
            {
                let rest = t[i + label.len()..].trim_start_matches([':', '：', ' ', '\u{3000}']);
                if !rest.is_empty() {
                    return Some(rest);
                }
            }
        }
    }
    let mut prev = String::new();
    for (pos, w) in word_starts(t).take(12) {
        let lw = w.to_lowercase();
        let core = lw.trim_end_matches(':');
        if matches!(core, "by" | "von" | "par" | "por" | "بقلم" | "بواسطة") {
            if matches!(
                prev.as_str(),
                "reviewed"
                    | "edited"
                    | "fact-checked"
                    | "checked"
                    | "illustrated"
                    | "photos"
                    | "photo"
                    | "photography"
                    | "illustration"
                    | "images"
                    | "translated"
            ) {
                return None;
            }
            return Some(&t[pos + w.len()..]);
        }
        prev = core.to_string();
    }
    None
}

/// `(byte offset, word)` for each whitespace-separated word.
fn word_starts(t: &str) -> impl Iterator<Item = (usize, &str)> {
    t.split_whitespace()
        .map(move |w| (w.as_ptr() as usize - t.as_ptr() as usize, w))
}

/// True for a piece that is a date or time rather than a name ("Sat, 20", "Dec. 19, 2025").
fn date_like(s: &str) -> bool {
    let first = s
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches([',', '.']);
    let lf = first.to_lowercase();
    // "April Fulton" is a name: a month starts a date only with a number in it.
    (crate::date::is_month_word(first)
        && (s.chars().any(|c| c.is_ascii_digit()) || s.split_whitespace().count() == 1))
        || crate::date::is_weekday_word(&lf)
        || matches!(
            lf.as_str(),
            "updated" | "published" | "posted" | "last" | "modified"
        )
        || parse_human(s).is_some()
        || s.chars().any(|c| c.is_ascii_digit())
            && (s.contains(':')
                || s.split_whitespace().any(|w| {
                    matches!(
                        w.to_lowercase().as_str(),
                        "min" | "mins" | "read" | "am" | "pm"
                    )
                }))
}

const BYLINE_LABELS: &[&str] = &[
    "by",
    "by:",
    "author",
    "author:",
    "authors",
    "authors:",
    "written by",
    "written by:",
    "posted by",
    "posted by:",
    "submitted",
    "submitted by",
    "submitted by:",
    "words by",
    "story by",
    "article by",
    "article by:",
    "authored by",
    "authored by:",
    "text by",
    "published by",
    "staff",
    "admin",
    "about the author",
    "contributor",
    "contributor:",
    "contributors",
    "contributors:",
    "writer",
    "writer:",
    "text by:",
    "words by:",
    "story by:",
    "reporter",
    "reporter:",
    "the author",
    "meet the author",
    "the authors",
];

/// The first letters of [`BYLINE_LABELS`] and of "by …" / "written by …" (no other character
/// lower-cases to one of them; the Kelvin sign, the one non-ASCII letter that lower-cases to
/// ASCII, becomes `k`).
const LABEL_INITIALS: &str = "abcmprstw";

/// Inside site navigation (a menu's "By Company Size" is not a byline).
fn in_nav(dom: &Dom, i: usize) -> bool {
    // Only near ancestors: some themes wrap the whole page in a `role="navigation"` block.
    dom.near_ancestor(i, 8, |n| {
        n.tag == "nav"
            || n.role == "navigation"
            || n.role == "menu"
            || has_class_token(
                n,
                &[
                    "menu",
                    "sub-menu",
                    "submenu",
                    "dropdown",
                    "dropdown-menu",
                    "navbar",
                    "mega-menu",
                ],
            )
            // "nav-sub-links", "site-nav", "menu-primary": a menu by another name.
            || n.cls.split_whitespace().any(|t| {
                t.starts_with("nav-")
                    || t.ends_with("-nav")
                    || t.starts_with("menu-")
                    || t.ends_with("-menu")
            })
    })
}

/// The part of `<title>` before its first site separator, of two words or more, when the page
/// prints exactly that as an `<h2>` or `<h3>`.
fn printed_title_head(dom: &Dom, doc_title: &str) -> Option<String> {
    let t = collapse(doc_title);
    let head = before_site_separator(t.clone());
    // One word before the separator is as likely the site's name ("Git - git-commit
    // Documentation", "HackerNoon | read, write and learn").
    let printed = (head != t)
        .then(|| printed_headline(dom, std::iter::once(head), 2))
        .flatten();
    printed.or_else(|| {
        // "Northgate Chronicle: Deadly quake hits Halden" over an <h2> of the headline alone:
        // the site's name before it. What follows the last " | " is where a site's name
        // stands, not a headline; and "Budget: what changes for you" is a topic before its
        // subtitle unless the part before the colon heads the page, as a masthead does.
        let mut cuts: Vec<(usize, &str)> = title_separators()
            .flat_map(|sep| t.match_indices(sep).collect::<Vec<_>>())
            .collect();
        cuts.sort_unstable();
        let last = cuts.last().copied();
        cuts.iter()
            .filter(|&&cut| cut.1 == ": " || Some(cut) != last)
            .find_map(|&(p, sep)| {
                let tail = t[p + sep.len()..].trim();
                let at = printed_heading(dom, tail, 3)?;
                let head = norm(&t[..p]);
                let masthead = sep != ": "
                    || (0..at).any(|i| dom.short_text_of(i, 80).is_some_and(|x| norm(&x) == head));
                masthead.then(|| tail.to_string())
            })
    })
}

/// The first `<h2>` or `<h3>` that prints exactly `cand` (of `min_words` words or more).
fn printed_heading(dom: &Dom, cand: &str, min_words: usize) -> Option<usize> {
    let want = norm(cand);
    if want.split_whitespace().count() < min_words {
        return None;
    }
    printed_headings(dom)
        .find(|(_, x)| *x == want)
        .map(|(i, _)| i)
}

/// The first of `cands` (of `min_words` words or more) that the page prints exactly as an
/// `<h2>` or `<h3>`.
fn printed_headline(
    dom: &Dom,
    cands: impl Iterator<Item = String>,
    min_words: usize,
) -> Option<String> {
    let cands: Vec<(String, String)> = cands
        .map(|c| (norm(&c), c))
        .filter(|(n, _)| n.split_whitespace().count() >= min_words)
        .collect();
    if cands.is_empty() {
        return None;
    }
    let printed: Vec<String> = printed_headings(dom).map(|(_, x)| x).collect();
    cands
        .into_iter()
        .find(|(n, _)| printed.contains(n))
        .map(|(_, c)| c)
}

/// Every `<h2>` and `<h3>` of the page: its node and its normalised text.
fn printed_headings(dom: &Dom) -> impl Iterator<Item = (usize, String)> + '_ {
    (0..dom.nodes.len())
        .filter(|&i| matches!(dom.nodes[i].tag.as_str(), "h2" | "h3"))
        .filter_map(|i| dom.short_text_of(i, 400).map(|x| (i, norm(&x))))
}

/// The one element (`<h2>`, `<h3>`, or a `<div>`, `<p>` or `<span>`) the page marks as its
/// headline (`itemprop="headline"`, a theme's `entry-title` or `post-title`), for a page with no
/// usable `<h1>` (none, or the site's name): the heading readers see over the post. A listing
/// marks every teaser so, and there the mark names nothing; nor does the site's name set in the
/// theme's headline slot, which links to the front page.
fn marked_headline(dom: &Dom) -> Option<String> {
    let mut found = None;
    for (i, n) in dom.nodes.iter().enumerate() {
        if !matches!(n.tag.as_str(), "h2" | "h3" | "div" | "p" | "span") {
            continue;
        }
        if !(n.itemprop.split_whitespace().any(|t| t == "headline")
            || has_class_token(n, &["entry-title", "post-title"]))
        {
            continue;
        }
        if found.is_some() {
            return None;
        }
        if teaser_or_aside(dom, i) {
            continue;
        }
        found = dom
            .short_text_of(i, 300)
            .filter(|t| t.split_whitespace().count() >= 2 && !heading_links_home(dom, i, &norm(t)));
    }
    found
}

/// The first `<h2>` with text that is not in a menu, an aside or a footer.
fn first_h2(dom: &Dom) -> Option<String> {
    (0..dom.nodes.len())
        .filter(|&i| dom.nodes[i].tag == "h2" && !teaser_or_aside(dom, i) && !in_nav(dom, i))
        .filter_map(|i| dom.short_text_of(i, 300))
        .find(|t| !t.is_empty())
}

/// A `twitter:title` unlike the `og:title` that the page prints as an `<h2>` or `<h3>`: the
/// headline readers see, where the `og:title` was rewritten for search.
fn printed_twitter_title(dom: &Dom, og: Option<&str>, site: Option<&str>) -> Option<String> {
    let tw = meta_get(dom, &["twitter:title"]).map(collapse)?;
    let tw = strip_site_suffix(&tw, site);
    if og.is_some_and(|o| norm(o) == norm(&tw)) {
        return None;
    }
    printed_headline(dom, std::iter::once(tw), 3)
}

/// Whether the element sits in a quotation or a picture: "— Jane Doe" under a pull quote, a
/// photographer's credit in a `<figure>`, name someone other than the page's writer.
fn in_quote_or_figure(dom: &Dom, i: usize) -> bool {
    dom.near_ancestor(i, 6, |n| {
        matches!(n.tag.as_str(), "figure" | "blockquote" | "figcaption")
            || has_class_token(n, &["quote", "pullquote", "pull-quote", "testimonial"])
    })
}

/// Whether one of the element's class/id words (split at anything but letters, digits and
/// `-`) is one of `words`.
fn has_class_token(n: &crate::dom::N, words: &[&str]) -> bool {
    n.cls
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
        .any(|t| words.contains(&t))
}

/// Whether node `i` sits in a reader comment (a comment's author, a pingback's linked title):
/// the people there wrote the comments, not the page.
fn in_comment(dom: &Dom, i: usize) -> bool {
    dom.near_ancestor(i, 8, |n| {
        has_class_token(
            n,
            &[
                "comment",
                "comments",
                "comment-author",
                "comment-body",
                "comment-meta",
                "commentlist",
                "comment-list",
                "comments-area",
                "pingback",
                "trackback",
            ],
        )
    })
}

/// Cleans a byline: drops "By", labels, roles after separators, e-mail and dates. Pieces
/// separated by `|`, `•`, `·`, dashes or an element boundary are tried in order; the first that
/// reads as a name wins.
pub fn clean_byline(s: &str) -> Option<String> {
    let full = collapse(&strip_markup(&decode_entities(s)));
    // "Articles by Juliette", "View all posts by …": a link to an author's listing, often
    // with a short name; the byline proper is elsewhere.
    let lower = full.to_lowercase();
    if [
        "articles by",
        "posts by",
        "stories by",
        "more by",
        "more from",
    ]
    .iter()
    .any(|l| {
        lower.starts_with(l)
            || lower.starts_with(&format!("view all {l}"))
            || lower.starts_with(&format!("all {l}"))
            || lower.starts_with(&format!("more {l}"))
            || lower.starts_with(&format!("see all {l}"))
    }) {
        return None;
    }
    // A copyright line ("© 2025 Acme Inc. All rights reserved") names the owner, not a writer.
    if lower.contains('©')
        || lower.contains("all rights reserved")
        || lower.starts_with("copyright")
    {
        return None;
    }
    let mut t: &str = &full;
    if let Some(rest) = after_by_label(t) {
        if rest.chars().any(char::is_alphabetic) {
            t = rest;
        }
    }
    for sep in [
        " | ", "|", " • ", "•", " · ", "·", " - ", " — ", " – ", "\n", " , ", " / ",
    ] {
        if t.contains(sep) {
            let pieces: Vec<&str> = t.split(sep).collect();
            for (k, piece) in pieces.iter().enumerate() {
                // An avatar's initials ("NB") before the name ("Nicole Burke") are not a name.
                let p = piece.trim();
                if p.len() <= 3
                    && p.chars().all(|c| c.is_ascii_uppercase())
                    && pieces[k + 1..].iter().any(|q| initials(q) == p)
                {
                    continue;
                }
                if let Some(c) = clean_piece(piece) {
                    return Some(c);
                }
            }
            return None;
        }
    }
    clean_piece(t)
}

/// A metadata value written as HTML ("By <a href=\"/profiles/amir-vera\">Amir Vera</a>, …")
/// without its tags.
fn strip_markup(s: &str) -> std::borrow::Cow<'_, str> {
    if !(s.contains("</") || s.contains("<a ") || s.contains("<br")) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    std::borrow::Cow::Owned(out)
}

fn initials(s: &str) -> String {
    s.split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(char::is_ascii_uppercase)
        .collect()
}

fn clean_piece(s: &str) -> Option<String> {
    let mut t = collapse(s);
    // A form's field label ("Name *" by a comment box marked "comment-form-author") or a
    // template's empty value ("undefined") names no one.
    if matches!(
        t.to_lowercase().trim_end_matches([':', '*', ' ']),
        "name" | "your name" | "full name" | "undefined" | "null" | "category" | "categories"
    ) {
        return None;
    }
    for pre in [
        "written by",
        "posted by",
        "submitted by",
        "published by",
        "words by",
        "reviewed by",
        "story by",
        "read more about",
        "insights from",
        "more from",
        "by:",
        "by",
        "von",
        "par",
        "por",
        "author:",
        "authors:",
        "author",
        // The label in other languages' bylines ("Текст: Венера Ерофеева", "Autor: Jan Novák").
        "text:",
        "texto:",
        "testo:",
        "tekst:",
        "autor:",
        "autore:",
        "auteur:",
        "текст:",
        "автор:",
        // Arabic: "by the pen of", "by", "wrote".
        "بقلم:",
        "بقلم",
        "بواسطة:",
        "بواسطة",
        "كتب:",
        "كتبت:",
    ] {
        if t.len() > pre.len()
            && t.get(..pre.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(pre) || h.to_lowercase() == pre)
        {
            let rest = t.get(pre.len()..).unwrap_or("");
            if rest.starts_with([' ', ':', '\u{a0}']) || pre.ends_with(':') {
                t = rest.trim_start_matches([' ', ':']).to_string();
                break;
            }
        }
    }
    // Cut at words that start dates, roles or other fields.
    for sep in [
        " on ",
        " Updated",
        " Published",
        " Posted",
        " Reviewed by",
        " Edited by",
        " Fact-checked by",
        " Fact checked by",
        " Medically reviewed",
        // Chinese "posted in/at" after the name ("史蒂文的家 發表在 痞客邦").
        " 發表在",
        " 發表於",
        " 发表在",
        " 发表于",
    ] {
        if let Some(p) = t.find(sep) {
            if p > 0 {
                t.truncate(p);
            }
        }
    }
    let mut t = t
        .trim()
        .trim_start_matches([',', ';', ':', '.', ' ', '-', '\u{2013}', '\u{2014}'])
        .trim_end_matches([',', ';', ':', '.'])
        .trim()
        .to_string();
    // "Jane Doe For Daily Mail Australia", "Jane Doe from Acme News": the outlet the writer
    // filed for or works at.
    for sep in [" For ", " from "] {
        if let Some(p) = t.find(sep) {
            let outlet =
                sep == " For " || t[p + sep.len()..].starts_with(|c: char| c.is_uppercase());
            if outlet && (2..=4).contains(&t[..p].split_whitespace().count()) {
                t.truncate(p);
            }
        }
    }
    // "Jane Doe Jul 18, 2025 7 min": a date glued to the name ends it.
    let words: Vec<&str> = t.split_whitespace().collect();
    if let Some(k) = (0..words.len()).find(|&k| {
        let w = words[k];
        // A month word starts a date only when a number follows ("Tom May" is a name).
        (crate::date::is_month_word(w)
            && words
                .get(k + 1)
                .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit())))
            || w.eq_ignore_ascii_case("updated")
            || w.eq_ignore_ascii_case("last")
            || w.eq_ignore_ascii_case("published")
    }) {
        if k > 0 {
            t = words[..k].join(" ");
        }
    }
    // Trailing counters and timestamps ("Chris Carroll 30", "Jane Doe 2022-11-23T08:10").
    while let Some((head, last)) = t.rsplit_once(' ') {
        if last.chars().any(|c| c.is_ascii_digit()) && !last.chars().any(char::is_alphabetic)
            || last.starts_with(|c: char| c.is_ascii_digit()) && last.contains(['-', ':', '/'])
        {
            t = head.trim_end_matches([',', ' ']).to_string();
        } else {
            break;
        }
    }
    let lower = t.to_lowercase();
    if BYLINE_LABELS.contains(&lower.as_str())
        || lower.ends_with(" by")
        || lower.ends_with(" from")
        || lower.ends_with(" about")
        || lower.starts_with("http")
        || date_like(&t)
    {
        return None;
    }
    if !t.chars().any(char::is_alphabetic) {
        return None;
    }
    // Template placeholders ("page.head.extra.author") and bare handles are not names.
    if !t.contains(' ') && !t.contains('@') && t.matches('.').count() >= 2 {
        return None;
    }
    if t.is_empty() || t.len() > 120 || t.contains('@') && !t.contains(' ') {
        return None;
    }
    // A byline is a few words, not a sentence.
    if t.split_whitespace().count() > 14 {
        return None;
    }
    Some(t)
}

/// "Personal finance", "Vision Doc group": on the page, words in running-text case make a
/// section's name or a link, not a byline: people's and organisations' names are printed
/// capitalised, but for particles ("van der", "de la", "and", "the"). Scripts without case, and
/// single words (logins such as "sara.r.peter"), are left alone. (Metadata is another matter:
/// people type their own names there in lower case.)
fn running_text_case(t: &str) -> bool {
    const PARTICLES: &[&str] = &[
        "and",
        "the",
        "of",
        "for",
        "von",
        "van",
        "der",
        "den",
        "del",
        "della",
        "des",
        "dos",
        "das",
        "ter",
        "ten",
        "bin",
        "binti",
        "ibn",
        "al",
        "el",
        "la",
        "le",
        "du",
        "di",
        "da",
        "de",
        "y",
        "e",
        "zu",
        "und",
        "et",
        "with",
        // A group byline's own words: "The Currency editors", "Detroit News wire services".
        "by",
        "edited",
        "editors",
        "staff",
        "team",
        "wire",
        "services",
        "reports",
        "reporters",
        "writers",
        "contributors",
        "desk",
    ];
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.len() < 2 {
        return false;
    }
    words.iter().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        w.chars().count() >= 3
            && w.starts_with(char::is_lowercase)
            && !w.contains(['.', '@', '_'])
            && !PARTICLES.contains(&w.to_lowercase().as_str())
    })
}

fn join_names(names: &[String]) -> Option<String> {
    let mut seen: Vec<String> = Vec::new();
    for n in names {
        if let Some(c) = clean_byline(n) {
            if !seen.iter().any(|s| s.eq_ignore_ascii_case(&c)) {
                seen.push(c);
            }
        }
    }
    match seen.len() {
        0 => None,
        1 => seen.pop(),
        2 => Some(format!("{} and {}", seen[0], seen[1])),
        n => Some(format!("{}, and {}", seen[..n - 1].join(", "), seen[n - 1])),
    }
}

fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    // "Headline | RenoFi | RenoFi": a site name twice.
    let once = strip_site_suffix_once(title, site);
    let twice = strip_site_suffix_once(&once, site);
    if twice != once && site.is_some_and(|s| once.to_lowercase().ends_with(&s.to_lowercase())) {
        twice
    } else {
        once
    }
}

fn strip_site_suffix_once(title: &str, site: Option<&str>) -> String {
    let t = collapse(title);
    // "Headline [Site]": brackets that name the site (other brackets, "[Video]" or
    // "[2025 Data]", belong to the headline).
    if let (Some(inner), Some(site)) = (
        t.strip_suffix(']').and_then(|x| x.rsplit_once(" [")),
        site.map(norm),
    ) {
        if !site.is_empty() && norm(inner.1) == site && inner.0.split_whitespace().count() >= 2 {
            return inner.0.trim().to_string();
        }
    }
    for sep in SITE_SEPARATORS {
        if let Some(p) = t.rfind(sep) {
            let tail = &t[p + sep.len()..];
            let head = &t[..p];
            let site_match = site.is_some_and(|s| {
                let s = s.to_lowercase();
                let tl = tail.to_lowercase();
                tl.contains(&s) || s.contains(&tl)
            });
            if site_match
                || (tail.split_whitespace().count() <= 4 && head.split_whitespace().count() >= 3)
            {
                return head.trim().to_string();
            }
        }
    }
    t
}

/// Cuts a trailing " – Site" from a headline only when it names the site.
fn strip_site_suffix_exact(title: &str, site: Option<&str>) -> String {
    let t = collapse(title);
    let Some(site) = site.map(norm).filter(|s| !s.is_empty()) else {
        return t;
    };
    for sep in title_separators() {
        if let Some(p) = t.rfind(sep) {
            if norm(&t[p + sep.len()..]) == site && t[..p].split_whitespace().count() >= 3 {
                return t[..p].trim().to_string();
            }
        }
    }
    t
}

/// `<title>` without the site's name at either end: "Headline | Site", or "Site: Headline" when
/// the site part is also printed as the page's masthead `<h1>` or named by `og:site_name`.
fn strip_site_affix(title: &str, site: Option<&str>, h1s: &[String]) -> String {
    let t = collapse(title);
    let tn = norm(&t);
    let site_n = site.map(norm).unwrap_or_default();
    // "davidbau.com Vibe Coding" under a "davidbau.com" masthead.
    if let Some((first, rest)) = t.split_once(' ') {
        let f = norm(first);
        if domain_like(&f) && h1s.contains(&f) && !rest.trim().is_empty() {
            return strip_site_suffix(rest, site);
        }
    }
    for sep in std::iter::once(": ").chain(SITE_SEPARATORS) {
        if let Some(p) = t.find(sep) {
            let head = norm(&t[..p]);
            if !head.is_empty()
                && (head == site_n || h1s.contains(&head))
                && tn.len() > head.len() + sep.len()
            {
                return strip_site_suffix(&t[p + sep.len()..], site);
            }
        }
    }
    strip_site_suffix(&t, site)
}

/// What stands between a headline and the site's name in a `<title>`.
/// ("Headline \u{2039} Site", "Headline \u{ab} Site": older WordPress themes' `wp_title`.)
const SITE_SEPARATORS: [&str; 10] = [
    " | ",
    " - ",
    " – ",
    " — ",
    " :: ",
    " · ",
    " » ",
    " • ",
    " \u{2039} ",
    " \u{ab} ",
];

/// A title's part before its first site separator ("Klatch Coffee | Shopify App Store" gives
/// "Klatch Coffee"), or the whole title.
fn before_site_separator(t: String) -> String {
    SITE_SEPARATORS
        .iter()
        .find_map(|sep| t.split_once(sep).map(|(a, _)| a.trim().to_string()))
        .unwrap_or(t)
}

/// The site separators, and a colon ("Site: Headline").
fn title_separators() -> impl Iterator<Item = &'static str> {
    SITE_SEPARATORS.into_iter().chain(std::iter::once(": "))
}

/// True when `h` is a separated end of `title` whose other part is the search headline
/// (`soft`, already stripped of the site): the site's name beside the headline.
fn site_segment(h: &str, title: &str, soft: &[String]) -> bool {
    if h.is_empty() || title.len() <= h.len() {
        return false;
    }
    title_separators().any(|sep| {
        if let Some(r) = title.strip_prefix(h).and_then(|r| r.strip_prefix(sep)) {
            // "Site: Headline" reads like "Topic: subtitle" unless the rest is the headline.
            let r = r.trim();
            r.split_whitespace().count() > h.split_whitespace().count()
                && soft.iter().any(|s| s == r)
        } else if let Some(r) = title.strip_suffix(h).and_then(|r| r.strip_suffix(sep)) {
            // "Headline | Site": the end after a separator is the site's (or section's) name.
            sep != ": " && r.split_whitespace().count() > h.split_whitespace().count()
        } else {
            false
        }
    })
}

/// A headline a theme printed twice in `<title>` ("Update 1.8 - Notes - Update 1.8 - Notes"),
/// once.
fn said_once(t: String) -> String {
    for sep in SITE_SEPARATORS {
        for (p, _) in t.match_indices(sep) {
            if t[..p] == t[p + sep.len()..] {
                return t[..p].to_string();
            }
        }
    }
    t
}

/// A heading made only of words of the site's part of `<title>`, shorter than it: the blog's
/// name as its masthead ("Minecraft News" over "… - Minecraft Update News").
fn within_site_tail(h: &str, title: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    SITE_SEPARATORS.iter().any(|sep| {
        let Some(p) = title.rfind(sep) else {
            return false;
        };
        let (head, tail) = (&title[..p], &title[p + sep.len()..]);
        let (hw, tw) = (words(h), words(tail));
        !hw.is_empty()
            && hw.len() < tw.len()
            && hw.iter().all(|w| tw.contains(w))
            && head.split_whitespace().count() >= 3
    })
}

/// Chinese, Japanese or Korean script (ideographs, kana, hangul, CJK punctuation).
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3001..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

/// "davidbau.com": a bare domain name.
fn domain_like(s: &str) -> bool {
    let Some((host, tld)) = s.rsplit_once('.') else {
        return false;
    };
    // Common top-level domains only: "Node.js" is a headline's subject, not a site.
    !host.is_empty()
        && matches!(
            tld,
            "com"
                | "org"
                | "net"
                | "io"
                | "co"
                | "dev"
                | "blog"
                | "info"
                | "me"
                | "app"
                | "ai"
                | "uk"
                | "de"
                | "fr"
                | "eu"
                | "us"
                | "ca"
                | "au"
                | "nl"
                | "xyz"
                | "site"
                | "tech"
                | "news"
                | "fm"
                | "tv"
        )
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
}

/// Lower-cased word set of a string.
fn words_of(s: &str) -> Vec<String> {
    let mut v: Vec<String> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    v.sort();
    v.dedup();
    v
}

/// Whether `shown` is `good` with two or more characters replaced by "?" (one "?" for one or two
/// characters, as a wrong decoding prints them). Dynamic programming over
/// both strings, so a run of "?" costs no more than any other title.
fn lost_characters(shown: &str, good: &str) -> bool {
    let a: Vec<char> = shown.chars().collect();
    let b: Vec<char> = good.chars().collect();
    // Two lost characters at least: a single "?" for ":" may be the writer's question
    // ("Is Rust worth it? A review" beside "Is Rust worth it: A review").
    let marks = |v: &[char]| v.iter().filter(|&&c| c == '?').count();
    if a.len() > 400 || b.len() > 400 || marks(&a) < marks(&b) + 2 {
        return false;
    }
    // ok[i][j]: a[..i] matches b[..j].
    let mut ok = vec![vec![false; b.len() + 1]; a.len() + 1];
    ok[0][0] = true;
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            ok[i][j] = if a[i - 1] == '?' {
                // Only a non-ASCII or punctuation character is lost, never a letter of the text.
                let lost = |c: char| !c.is_ascii_alphanumeric() && c != ' ';
                (lost(b[j - 1]) && ok[i - 1][j - 1])
                    || (j >= 2 && ok[i - 1][j - 2] && (lost(b[j - 2]) || lost(b[j - 1])))
                    || b[j - 1] == '?' && ok[i - 1][j - 1]
            } else {
                a[i - 1] == b[j - 1] && ok[i - 1][j - 1]
            };
        }
    }
    ok[a.len()][b.len()]
}

/// Text for comparing titles and headings: whitespace collapsed, lower case, typographic
/// apostrophes folded to plain ones (one source writes "Traveler’s", another "Traveler's").
fn norm(s: &str) -> String {
    collapse(s)
        .to_lowercase()
        .replace(['\u{2019}', '\u{2018}'], "'")
}

/// Reads all metadata from the arena (before any pruning).
pub fn extract_meta(dom: &Dom, url: Option<&str>) -> Meta {
    let mut m = Meta::default();
    let lds: Vec<Value> = dom.head.jsonld.iter().filter_map(|s| parse_ld(s)).collect();
    let mut objs: Vec<&Obj> = Vec::new();
    for v in &lds {
        collect_objs(v, &mut objs, 0);
    }
    let article = objs
        .iter()
        .copied()
        .filter(|o| article_rank(o) > 0)
        .rev()
        .max_by_key(|o| article_rank(o));
    let site = meta_get(dom, &["og:site_name", "application-name", "twitter:site"])
        .map(str::to_string)
        .or_else(|| article.and_then(|a| str_of(a.get("publisher"))))
        // `article:publisher` is mostly the outlet's Facebook page; a name is a name.
        .or_else(|| {
            meta_get(dom, &["article:publisher"])
                .filter(|p| !p.contains("://") && !p.starts_with("www.") && p.trim().len() > 1)
                .map(str::to_string)
        });
    m.site_name = site.clone().filter(|s| !s.starts_with('@'));

    // Title.
    let ld_head = article.and_then(|a| {
        str_of(a.get("headline")).or_else(|| {
            if article_rank(a) >= 2 {
                str_of(a.get("name"))
            } else {
                None
            }
        })
    });
    let og = meta_get(dom, &["og:title", "twitter:title"]).map(collapse);
    let doc_title = collapse(&dom.head.title);
    let refs: Vec<String> = [ld_head.clone(), og.clone(), Some(doc_title.clone())]
        .into_iter()
        .flatten()
        .map(|s| norm(&s))
        .collect();
    // A heading whose id is the slug of its own text ("but-what-they-love-is-…", as Markdown
    // renderers give every heading) is a section of the body; unless it is the search headline,
    // it is not the title.
    let section_heading = |i: usize, text: &str| {
        let slug = crate::dom::slug(text);
        slug.matches('-').count() >= 2 && dom.nodes[i].cls.split_whitespace().any(|k| k == slug)
    };
    let h1s: Vec<String> = dom
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.tag == "h1")
        .filter_map(|(i, n)| {
            let t = dom.short_text_of(i, 400)?;
            let tn = norm(&t);
            let searched = refs.iter().any(|r| !r.is_empty() && r.starts_with(&tn));
            // `<h1 id="gt-logo">`, `<h1 class="site-title">`: the masthead set as a heading.
            let masthead = n.cls.contains("logo")
                || has_class_token(n, &["site-title", "site-name", "site-branding", "branding"])
                || heading_links_home(dom, i, &tn);
            (!(section_heading(i, &t) || masthead) || searched).then_some(t)
        })
        .filter(|t| !t.is_empty() && t.len() < 400)
        .take(5)
        .collect();
    let h1s_all: Vec<String> = h1s.iter().map(|h| norm(h)).collect();
    // A kicker set as a block of its own at the start of an <h1> ("<div>Get that tech stack</div>
    // <span>Klatch Coffee</span>"): a line above the headline, not part of it.
    let h1_kickers: Vec<String> =
        dom.nodes
            .iter()
            .filter(|n| n.tag == "h1")
            .filter_map(|n| {
                let first =
                    n.children.iter().copied().find(|&c| {
                        !dom.nodes[c].is_text() || !dom.nodes[c].text.trim().is_empty()
                    })?;
                matches!(dom.nodes[first].tag.as_str(), "div" | "p")
                    .then(|| dom.short_text_of(first, 120))
                    .flatten()
                    .map(|t| norm(&t))
                    .filter(|t| !t.is_empty())
            })
            .collect();
    // "Headline<br><span>Senior Writer Jane Doe</span>": an <h1> set in two lines, its first
    // line ending at a `<br>` or where a child styled as a block of its own begins
    // (`<span class="block">`, a subtitle or deck). Each such <h1> as (its text, its first
    // line's text).
    let h1_first_lines: Vec<(String, String)> = dom
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.tag == "h1")
        .filter_map(|(i, n)| {
            let br = n.children.iter().position(|&c| {
                let k = &dom.nodes[c];
                k.tag == "br"
                    || (!k.is_text()
                        && has_class_token(
                            k,
                            &[
                                "block",
                                "d-block",
                                "subtitle",
                                "sub-title",
                                "subheading",
                                "deck",
                            ],
                        ))
            })?;
            let mut first = String::new();
            for &c in &n.children[..br] {
                first.push(' ');
                first.push_str(&dom.short_text_of(c, 400)?);
            }
            let first = norm(&first);
            let full = norm(&dom.short_text_of(i, 400)?);
            (first.chars().count() >= 10 && full.len() > first.len()).then_some((full, first))
        })
        .collect();
    let site_norm = m.site_name.as_deref().map(norm).unwrap_or_default();
    // An <h1> that is the site's name or logo ("RogerBW's Blog" in "RogerBW's Blog: Advent of
    // Code"), or a paragraph set in <h1>, is not the headline.
    let soft: Vec<String> = [ld_head.as_deref(), og.as_deref()]
        .into_iter()
        .flatten()
        .map(|s| norm(&strip_site_suffix(s, m.site_name.as_deref())))
        .collect();
    // The `<title>` without the site's name after it.
    let doc_headline = strip_site_suffix(&doc_title, m.site_name.as_deref());
    // The search headlines' text, to tell an <h1> about something else ("Our BLOG",
    // "hackermondev/writeup.md") from a reworded headline.
    let soft_text = soft
        .iter()
        .cloned()
        .chain(std::iter::once(norm(&doc_headline)))
        .collect::<Vec<_>>()
        .join(" ");
    // Only a real headline to fall back on (not the site's name or a one-word tagline) can
    // overrule the page's <h1>.
    let fallback = soft.first().cloned().unwrap_or_else(|| norm(&doc_headline));
    let fallback_ok = fallback.split_whitespace().count() >= 3 && fallback != site_norm;
    let unrelated = |hn: &str| {
        // Stop words ("the", "for", "you") are shared by any two English headlines.
        let long: Vec<&str> = hn
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 3 && !storyline_core::text::is_stopword(w))
            .collect();
        // A shared word ("our" is not "your"); unspaced scripts (CJK) share text without word
        // breaks, so any common stretch counts there.
        let shares = |w: &str| {
            if w.chars().any(is_cjk) {
                return soft_text.contains(w);
            }
            soft_text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|s| s.chars().count() >= 3)
                .any(|s| s == w)
        };
        fallback_ok && !long.is_empty() && !long.iter().any(|w| shares(w))
    };
    let not_headline = |h: &str| {
        let hn = norm(h);
        if unrelated(&hn) {
            return true;
        }
        hn.split_whitespace().count() > 30
            || (!site_norm.is_empty() && hn == site_norm && !soft.contains(&hn))
            || site_segment(&hn, &norm(&doc_title), &soft)
            || within_site_tail(&hn, &norm(&doc_title))
            || (!hn.contains(' ') && domain_like(&hn))
    };
    let h1s: Vec<String> = h1s.into_iter().filter(|h| !not_headline(h)).collect();
    let plausible: Vec<&String> = h1s
        .iter()
        .filter(|h| {
            let hn = norm(h);
            hn.split_whitespace().count() >= 2 && hn != site_norm && !doc_title.is_empty()
                || refs.contains(&hn)
        })
        .collect();
    let h1_match = h1s
        .iter()
        .find(|h| {
            let hn = norm(h);
            // A one-word title ("MEDEF") is the site's name, which its section headings
            // ("Medef Newsletter") also begin with.
            hn.len() > 3
                && refs.iter().any(|r| {
                    !r.is_empty()
                        && (r.starts_with(&hn)
                            || hn.starts_with(r.as_str()) && r.split_whitespace().nth(1).is_some())
                })
        })
        .or(if plausible.len() == 1 {
            plausible.first().copied()
        } else {
            None
        })
        .or_else(|| {
            // Headlines written for search differ from the one on the page; the visible <h1>
            // that shares most words with them is the article's.
            let refw = words_of(&refs.join(" "));
            let has_soft = ld_head.is_some() || og.is_some();
            plausible
                .iter()
                .map(|h| {
                    let all = words_of(h);
                    let ratio = all.iter().filter(|w| refw.contains(*w)).count() as f64
                        / all.len().max(1) as f64;
                    // Ranked by shared content words: "in", "to", "the" match any headline.
                    let content = all
                        .iter()
                        .filter(|w| w.chars().count() >= 4 && refw.contains(*w))
                        .count();
                    (ratio, content, *h)
                })
                // Beside a search headline, a weak likeness ("So many models!" for "Small
                // adventures with small language models") is a section heading's.
                .filter(|(r, c, _)| *r >= 0.3 && (*c >= 2 || !has_soft))
                .max_by(|a, b| a.1.cmp(&b.1).then(a.0.total_cmp(&b.0)))
                .map(|(_, _, h)| h)
        });
    // The search headline, for when no <h1> will do: JSON-LD, else og:title, else <title>, with
    // the site's name cut off. A JSON-LD headline cut short ("… Solutions (Including") yields to
    // the og:title or <title> it is the start of.
    let soft_title = || -> Option<String> {
        let longer = |short: &str| {
            let sn = norm(short);
            [og.as_deref(), Some(doc_title.as_str())]
                .into_iter()
                .flatten()
                .map(|t| strip_site_suffix(t, m.site_name.as_deref()))
                .find(|t| {
                    let tn = norm(t);
                    tn.len() > sn.len() + 3 && tn.starts_with(&sn)
                })
        };
        ld_head
            .clone()
            .or(og.clone())
            .map(|t| strip_site_suffix(&t, m.site_name.as_deref()))
            .map(|t| longer(&t).unwrap_or(t))
    };
    // An <h1> that says something else ("Toddler Sleep Training") over an <h2> that prints the
    // search headline word for word ("How To Get Toddlers To Sleep In Their Own Bed"): the <h1>
    // names the section, the printed headline is the article's.
    let printed_search = h1_match
        .filter(|h| {
            let hn = norm(h);
            !refs
                .iter()
                .any(|r| r.starts_with(&hn) || hn.starts_with(r.as_str()))
        })
        .and_then(|_| {
            let cands = [ld_head.as_deref(), og.as_deref(), Some(doc_title.as_str())]
                .into_iter()
                .flatten()
                .map(|t| before_site_separator(strip_site_suffix(t, m.site_name.as_deref())));
            printed_headline(dom, cands, 3)
        });
    m.heading = printed_search
        .clone()
        .or_else(|| h1_match.cloned())
        .unwrap_or_default();
    m.title = if let Some(t) = printed_search {
        t
    } else if let Some(h) = h1_match {
        let h = strip_site_suffix_exact(h, m.site_name.as_deref());
        // The search headline and the <h1>'s normal form, found once for the tests below.
        let soft = soft_title();
        let hn = norm(&h);
        // "Headline (latimes.com) 87": a link aggregator's <h1> carries the source's domain and
        // a comment count after the search headline; those are no part of it.
        let aggregated = soft.clone().filter(|s| {
            let sn = norm(s);
            sn.split_whitespace().count() >= 3
                && hn.len() > sn.len()
                && hn.starts_with(&sn)
                && hn[sn.len()..].split_whitespace().all(|w| {
                    w.chars().all(|c| c.is_ascii_digit())
                        || w.strip_prefix('(')
                            .and_then(|w| w.strip_suffix(')'))
                            .is_some_and(domain_like)
                })
        });
        // An <h1> set in capitals ("SUPPORTING GAAP COMPLIANCE") shouts what the search
        // headline says in ordinary case; the reader gets the latter.
        let capitals = h.chars().any(char::is_alphabetic)
            && !h.chars().any(char::is_lowercase)
            && h.split_whitespace().count() >= 2;
        let cased = soft.clone().filter(|s| {
            let hw = words_of(&h);
            let sw = words_of(s);
            // Not when the search headline writes it in capitals too ("CERTIFICATE PROGRAMS |
            // Professional Education"): that is how the publisher spells it.
            capitals
                && s.chars().any(char::is_lowercase)
                && !s.contains(h.trim())
                && hw.iter().filter(|w| sw.contains(w)).count() * 3 >= hw.len() * 2
        });
        // "<div>Get that tech stack</div> <span>Klatch Coffee</span>": the <h1>'s kicker block
        // before the search headline (or its part before the site's name).
        let kicked = soft.clone().and_then(|s| {
            let head = before_site_separator(s);
            let sn = norm(&head);
            (sn.split_whitespace().count() >= 2
                && hn.len() > sn.len()
                && hn.ends_with(&sn)
                && h1_kickers
                    .iter()
                    .any(|k| k == hn[..hn.len() - sn.len()].trim_end()))
            .then_some(head)
        });
        // "Recent Trends in Photography" where og:title and <title> say "8 Recent Trends in
        // Photography" ("… Platforms 2025", "… for Seniors in 2025"): the search headline gives
        // back the count or year the <h1> left out. The <title> must say so: an og:title alone
        // is copy for social cards ("… keeping your home safe in 2026" over a <title> that
        // reads otherwise).
        let counted = Some(doc_title.as_str())
            .filter(|t| !t.is_empty())
            .or(og.as_deref())
            .into_iter()
            .map(|t| before_site_separator(strip_site_suffix(t, m.site_name.as_deref())))
            .find(|t| {
                let tn = norm(t);
                let Some(at) = tn.find(&hn) else {
                    return false;
                };
                let extra: Vec<&str> = tn[..at]
                    .split_whitespace()
                    .chain(tn[at + hn.len()..].split_whitespace())
                    .collect();
                hn.split_whitespace().count() >= 3
                    && !extra.is_empty()
                    && extra.len() <= 2
                    && extra.iter().any(|w| w.chars().all(|c| c.is_ascii_digit()))
                    && extra.iter().all(|w| {
                        w.chars().all(|c| c.is_ascii_digit()) || matches!(*w, "in" | "of" | "for")
                    })
            });
        let first_line = h1_first_lines
            .iter()
            .find(|(full, first)| {
                *full == hn
                    && refs.iter().any(|r| r.starts_with(first.as_str()))
                    && !refs.iter().any(|r| r.starts_with(&hn))
            })
            .and_then(|(_, first)| {
                // Keep the page's own letters: cut the <h1> text where its first line ends.
                let words = first.split_whitespace().count();
                let cut: Vec<&str> = h.split_whitespace().take(words).collect();
                (norm(&cut.join(" ")) == *first).then(|| cut.join(" "))
            });
        // "<span>Title.</span> <span>Subtitle</span>": an <h1> set in parts loses the
        // separator its styling stood for; the search headline that is the <h1> with a
        // separator between two of its words keeps it ("Title. - Subtitle").
        let punctuated = [og.as_deref(), Some(doc_title.as_str())]
            .into_iter()
            .flatten()
            .map(|t| strip_site_suffix(t, m.site_name.as_deref()))
            .find(|t| {
                let tn = norm(t);
                hn.split_whitespace().count() >= 4
                    && [" - ", " \u{2013} ", " \u{2014} ", " | "]
                        .iter()
                        .any(|sep| tn.matches(sep).count() == 1 && tn.replacen(sep, " ", 1) == hn)
            });
        // "<h1><span>Headline</span><a href="/">Ultima Hora Mallorca</a></h1>" under "Headline »
        // Local » Noticias » Ultima Hora Mallorca": the <h1> carries the site's name that ends
        // the <title>.
        let masthead_tail = {
            let t = collapse(&decode_entities(&doc_title));
            let parts: Vec<&str> = SITE_SEPARATORS
                .iter()
                .find(|sep| t.contains(*sep))
                .map(|sep| t.split(*sep).collect())
                .unwrap_or_default();
            match (parts.first(), parts.last()) {
                (Some(first), Some(last)) if parts.len() >= 2 => {
                    let (f, l) = (norm(first), norm(last));
                    (f.split_whitespace().count() >= 3 && hn == format!("{f} {l}")).then(|| {
                        let keep = f.split_whitespace().count();
                        h.split_whitespace()
                            .take(keep)
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                }
                _ => None,
            }
        };
        // "Top MBA Programs of 2025 (US)<br>Your Guide to the Best Business Schools": an <h1>
        // set in two lines that no search headline prints whole reads as one run-on line when
        // joined. The publisher's one-line headline reads right: the search headline, when it
        // carries most (two thirds) of the first line's content words.
        let split = h1_first_lines
            .iter()
            .find(|(full, _)| {
                *full == hn
                    && !refs.iter().any(|r| {
                        !r.is_empty() && (r.starts_with(&hn) || hn.starts_with(r.as_str()))
                    })
            })
            .and_then(|(_, first)| {
                let fw: Vec<String> = words_of(first)
                    .into_iter()
                    .filter(|w| w.chars().count() >= 3 && !storyline_core::text::is_stopword(w))
                    .collect();
                soft.clone()
                    .or_else(|| Some(doc_headline.clone()).filter(|t| !collapse(t).is_empty()))
                    .filter(|s| {
                        let sw = words_of(s);
                        fw.len() >= 2
                            && fw.iter().filter(|w| sw.contains(w)).count() * 3 >= fw.len() * 2
                            && norm(s).split_whitespace().count() >= 3
                    })
            });
        if let Some(s) = aggregated
            .or(masthead_tail)
            .or(cased)
            .or(kicked)
            .or(counted)
            .or(first_line)
            .or(punctuated)
            .or(split)
        {
            s
        } else {
            // "Blog: Headline", "Dec 18 2025 Headline": a label before the search headline.
            soft.filter(|s| {
                let sn = norm(s);
                sn.split_whitespace().count() >= 3
                    && hn.len() > sn.len()
                    && hn.ends_with(&sn)
                    && hn[..hn.len() - sn.len()].split_whitespace().count() <= 4
                    && (hn[..hn.len() - sn.len()].trim_end().ends_with(':')
                        || parse_human(&hn[..hn.len() - sn.len()]).is_some())
            })
            .unwrap_or(h)
        }
    } else if let Some(t) = printed_title_head(dom, &doc_title) {
        // No usable <h1>: "Open day | Machine Learning at Northfield" with "Open day" printed as
        // the page's <h2> is that heading and the site's name.
        t
    } else if let Some(t) = printed_twitter_title(dom, og.as_deref(), m.site_name.as_deref()) {
        t
    } else if let Some(t) = marked_headline(dom) {
        t
    } else if let Some(t) = soft_title() {
        t
    } else if h1s.len() == 1 || (collapse(&doc_title).is_empty() && !h1s.is_empty()) {
        // Without a <title>, the first of several <h1>s heads the page.
        h1s[0].clone()
    } else if collapse(&doc_title).is_empty() {
        // Nothing names the page but its headings: the first <h2> outside menus and asides.
        first_h2(dom).unwrap_or_default()
    } else {
        strip_site_affix(&doc_title, m.site_name.as_deref(), &h1s_all)
    };
    // A headline whose characters were lost to a wrong encoding ("Planning? Beginner? Guide")
    // yields to the search headline it otherwise matches ("Planning: Beginner's Guide").
    if m.title.contains('?') {
        let restored = [ld_head.as_deref(), og.as_deref(), Some(doc_title.as_str())]
            .into_iter()
            .flatten()
            .map(|t| decode_entities(&strip_site_suffix(t, m.site_name.as_deref())))
            .find(|t| lost_characters(&decode_entities(&m.title), t));
        if let Some(t) = restored {
            m.title = t;
        }
    }
    // Typographic apostrophes become plain ones: titles are compared and deduplicated as text.
    m.title = decode_entities(&m.title).replace(['\u{2019}', '\u{2018}'], "'");
    m.title = said_once(m.title);
    // The permalink mark documentation generators put after a heading ("json — JSON encoder and
    // decoder ¶", an icon font's "\u{f0c1}") is no part of it.
    m.title = m
        .title
        .trim_end_matches(|c: char| c == '\u{b6}' || c == '\u{f0c1}' || c.is_whitespace())
        .to_string();
    // Full-width forms in a Latin title ("Work？") are typing accidents; CJK titles keep them.
    if !m.title.chars().any(is_cjk) {
        m.title = m
            .title
            .chars()
            .map(|c| match c as u32 {
                0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                0x3000 => ' ',
                _ => c,
            })
            .collect();
    }
    if m.heading.is_empty() {
        m.heading = m.title.clone();
    } else {
        m.heading = decode_entities(&m.heading).replace(['\u{2019}', '\u{2018}'], "'");
    }

    // Byline.
    let mut names = Vec::new();
    let mut org_author = false;
    if let Some(a) = article {
        if let Some(v) = a.get("author").or_else(|| a.get("creator")) {
            names_of(v, &objs, &mut names, 0);
            org_author = is_org(v);
        }
    }
    let twitter_writer = meta_get(dom, &["twitter:label1"])
        .filter(|l| l.to_lowercase().contains("written by") || l.to_lowercase() == "author")
        .and_then(|_| meta_get(dom, &["twitter:data1"]))
        .and_then(clean_byline);
    let ld_names = join_names(&names);
    // `<meta name="author">` once per author.
    let repeated_authors = || {
        ["author", "article:author", "dc.creator", "dcterms.creator"]
            .iter()
            .find_map(|k| {
                let vals: Vec<String> = dom
                    .head
                    .metas
                    .iter()
                    .filter(|(mk, v)| mk == k && !v.trim().is_empty() && !v.starts_with("http"))
                    .map(|(_, v)| v.clone())
                    .collect();
                (vals.len() >= 2).then(|| join_names(&vals)).flatten()
            })
    };
    let meta_author = || {
        scholarly_authors(dom)
            .or_else(repeated_authors)
            .or_else(|| {
                meta_get(
                    dom,
                    &[
                        "author",
                        "article:author",
                        "og:author",
                        "parsely-author",
                        "sailthru.author",
                        "dc.creator",
                        "dcterms.creator",
                        "dc:creator",
                        "dcterms:creator",
                        "byl",
                        "citation_author",
                        "cxenseparse:author",
                    ],
                )
                .filter(|v| !v.starts_with("http"))
                .and_then(clean_byline)
            })
    };
    // The publisher named as author ("Cleveland Clinic", "USA TODAY") is a house default too.
    let mut houses: Vec<String> = Vec::new();
    if let Some(sn) = &m.site_name {
        houses.push(norm(sn));
    }
    if let Some(p) = article
        .and_then(|a| a.get("publisher"))
        .and_then(|p| str_of(Some(p)))
    {
        houses.push(norm(&p));
    }
    houses.retain(|h| h.len() >= 3);
    let is_house = |name: &str| {
        let n = norm(name);
        houses
            .iter()
            .any(|h| n == *h || (n.len() >= 4 && (h.contains(&n) || n.contains(h.as_str()))))
    };
    if ld_names.as_deref().is_some_and(is_house) {
        org_author = true;
    }
    let person_meta = || meta_author().filter(|a| !is_house(a));
    // What the page reviews has an author of its own: the claimant a fact-check rates, the
    // writer of a reviewed book. Their name is printed in an "author" box and shown with a
    // photo, yet it is not who wrote the page.
    let mut subjects = Vec::new();
    for o in &objs {
        if let Some(v) = o
            .get("itemReviewed")
            .and_then(|r| r.get("author").or_else(|| r.get("creator")))
        {
            names_of(v, &objs, &mut subjects, 0);
        }
    }
    let subjects: Vec<String> = subjects.iter().map(|s| norm(s)).collect();
    let not_subject = |b: &String| !subjects.contains(&norm(b));
    let visible = || visible_byline(dom, &subjects);
    m.byline = if org_author {
        // An organisation as author is a publisher's default; a person named on the page is better.
        twitter_writer
            .or_else(visible)
            .or_else(person_meta)
            .or_else(meta_author)
            .or(ld_names)
    } else {
        ld_names
            .or(twitter_writer)
            .or_else(person_meta)
            .or_else(visible)
            .or_else(meta_author)
            .or_else(|| avatar_byline(dom).filter(not_subject))
            .or_else(|| icon_byline(dom).filter(not_subject))
    };
    // A one-word author shaped like a CMS login ("KatieS", "andrew.keaveney"); a full name printed
    // in the byline is the better answer.
    let login_like = |b: &str| {
        !b.contains(' ') && (b.contains(['.', '_']) || b.chars().skip(1).any(char::is_uppercase))
    };
    if m.byline.as_deref().is_some_and(login_like) {
        if let Some(v) = visible_byline(dom, &subjects) {
            let words = v.split_whitespace().count();
            if (2..=4).contains(&words) && v.chars().next().is_some_and(char::is_uppercase) {
                m.byline = Some(v);
            }
        }
    }

    // Date.
    let ld_date = article
        .and_then(|a| {
            str_of(a.get("datePublished"))
                .or_else(|| str_of(a.get("dateCreated")))
                .or_else(|| str_of(a.get("uploadDate")))
        })
        .and_then(|s| parse_date(&s));
    // `<time pubdate datetime="2025-08-13">`: the page's own mark of its publication, kept
    // when the JSON-LD carries the last modification as `datePublished`.
    let pubdate = dom.nodes.iter().find(|n| n.pubdate).and_then(|n| {
        n.value
            .as_deref()
            .filter(|v| v.len() >= 10 && v.as_bytes()[..4].iter().all(u8::is_ascii_digit))
            .and_then(parse_date)
    });
    m.published = pubdate
        .or(ld_date)
        .or_else(|| {
            meta_get(
                dom,
                &[
                    "article:published_time",
                    "og:published_time",
                    "article:published",
                    "datepublished",
                    "publishdate",
                    "publish-date",
                    "pubdate",
                    "publication_date",
                    "published",
                    "published-date",
                    "w-published-date",
                    "date",
                    "dc.date",
                    "dc.date.issued",
                    "dcterms.date",
                    "dcterms.created",
                    "sailthru.date",
                    "parsely-pub-date",
                    "cxenseparse:recs:publishtime",
                    "article.published",
                    "published_time",
                    "release_date",
                    "citation_publication_date",
                    "dc.issued",
                    "dcterms.issued",
                    "dc.date.created",
                    "dc:created",
                    "created",
                    "publish_date",
                    "date_published",
                    "originalpublicationdate",
                    "og:original_time",
                    "datecreated",
                    "og:updated_time",
                    "article:modified_time",
                    "last-modified",
                    "lastmodified",
                    "datemodified",
                ],
            )
            .and_then(parse_date)
        })
        .or_else(|| itemprop_date(dom))
        .or_else(|| url.and_then(date_from_url));
    // The same instant written with the publisher's own offset ("2017-02-23T17:18:13-08:00"
    // beside the JSON-LD's "2017-02-24T01:18:13Z") tells the day the page went out where it was
    // written.
    if let Some(p) = m.published.filter(|p| p.offset().local_minus_utc() == 0) {
        let local = [
            "article:published_time",
            "og:published_time",
            "datepublished",
            "parsely-pub-date",
            "publishdate",
        ]
        .iter()
        .filter_map(|k| meta_get(dom, &[k]).and_then(parse_date))
        .chain(itemprop_date(dom))
        .find(|d| *d == p && d.offset().local_minus_utc() != 0);
        if local.is_some() {
            m.published = local;
        }
    }

    // Language, canonical, image.
    m.language = dom
        .head
        .lang
        .as_deref()
        .and_then(crate::lang::normalize_tag)
        .or_else(|| {
            meta_get(
                dom,
                &["content-language", "og:locale", "language", "dc.language"],
            )
            .and_then(crate::lang::normalize_tag)
        })
        .or_else(|| {
            article
                .and_then(|a| str_of(a.get("inLanguage")))
                .and_then(|l| crate::lang::normalize_tag(&l))
        });
    let canon = dom
        .head
        .links
        .iter()
        .find(|(rel, h, _, _)| {
            // A canonical that is not an address (a title pasted into href) is ignored.
            rel.split_whitespace().any(|r| r == "canonical")
                && (h.starts_with("http") || h.starts_with('/'))
                && !h.contains(char::is_whitespace)
        })
        .map(|(_, h, _, _)| h.clone())
        .or_else(|| meta_get(dom, &["og:url"]).map(str::to_string));
    m.canonical_url = canon.map(|c| resolve(url, &c));
    m.image = meta_get(
        dom,
        &[
            "og:image",
            "og:image:url",
            "og:image:secure_url",
            "twitter:image",
            "twitter:image:src",
        ],
    )
    .map(str::to_string)
    .or_else(|| article.and_then(|a| str_of(a.get("image"))))
    .map(|i| resolve(url, &i));
    m.ld_body = article.and_then(|a| str_of(a.get("articleBody")));
    if m.published.is_none() {
        if let Some(c) = &m.canonical_url {
            m.published = date_from_url(c);
        }
    }
    // Metadata dates are often the last modification or a template's; an earlier dateline
    // printed by the headline is the publication.
    if let Some((v, label, at)) = dateline_near_title(dom, &m.heading, &m.title) {
        // A dateline one day from a metadata timestamp that a time-zone shift carries over
        // midnight (a morning timestamp the day after, an evening one the day before) is the same
        // instant: the metadata's day stands.
        let same_instant = m.published.is_some_and(|p| {
            let t = p.time();
            let noon = chrono::NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default();
            t != chrono::NaiveTime::MIN
                && (p.date_naive() == v.date_naive() + chrono::Days::new(1) && t < noon
                    || p.date_naive() + chrono::Days::new(1) == v.date_naive() && t >= noon)
        });
        // A dateline on the metadata's own day adds nothing (and has no time of day); so does
        // one whose numeric day and month, read the other way round, give the day of a full
        // timestamp ("09.10.2024" under "2024-09-10T16:07:00Z"; a bare "03-09-2026" in the
        // metadata is as ambiguous as the dateline).
        let swapped = chrono::NaiveDate::from_ymd_opt(v.year(), v.day(), v.month());
        let same_day = m.published.is_some_and(|p| {
            p.date_naive() == v.date_naive()
                || (Some(p.date_naive()) == swapped && p.time() != chrono::NaiveTime::MIN)
        });
        // An unlabelled dateline later than the metadata's date, which the page prints nowhere,
        // is the only date readers are shown: the metadata's is a first draft's.
        let unseen = |p: DateTime<FixedOffset>| {
            label == Label::None
                && p.date_naive() < v.date_naive()
                && !teaser_or_aside(dom, at)
                && !(0..dom.nodes.len()).any(|i| {
                    dated_node(dom, i).is_some_and(|(d, _)| d.date_naive() == p.date_naive())
                })
        };
        // "Published Dec 18, 2025" under the headline is the date the page stands by.
        let take = !same_instant
            && !same_day
            && (label == Label::Published
                || m.published
                    .is_none_or(|p| p.date_naive() > v.date_naive() || unseen(p)));
        if take {
            m.published = Some(v);
        }
    }
    // "This article was originally published on 26 Sep 2019": the page says so in words.
    if let Some(d) = originally_published(dom) {
        m.published = Some(d);
    }
    // Else the first date printed anywhere.
    if m.published.is_none() {
        m.published = visible_date(dom);
    }
    // `/2023/10/03/` in the page's own address settles the day: metadata and datelines may
    // carry a modification, another time zone, or a day-first date read month-first.
    let own = url.or(m.canonical_url.as_deref());
    if let Some(u) = own.and_then(date_from_url_path) {
        if m.published.is_none_or(|p| p.date_naive() != u.date_naive()) {
            m.published = Some(u);
        }
    }
    // A page that names no site in its metadata names it in `<title>` beside the headline, and
    // prints it as its masthead ("Headline — The Civic Watchdog" under "THE CIVIC WATCHDOG").
    if m.site_name.is_none() {
        m.site_name = printed_title_site(dom, &doc_title, &m.title);
    }
    // The outlet's name as readers know it (kept as given above, where it is matched against
    // title suffixes).
    m.site_name = m.site_name.as_deref().and_then(outlet_name);
    m
}

/// The part of `<title>` beside the `headline` ("Headline | Site", "Site: Headline") when the
/// page prints it on its own, as a masthead or a brand link; a part that is no element's whole
/// text is more likely a section or a tagline.
fn printed_title_site(dom: &Dom, doc_title: &str, headline: &str) -> Option<String> {
    let t = collapse(&decode_entities(doc_title));
    let h = collapse(headline);
    if h.is_empty() {
        return None;
    }
    let site = title_separators().find_map(|sep| {
        let after = t.strip_prefix(h.as_str()).and_then(|r| r.strip_prefix(sep));
        let before = t.strip_suffix(h.as_str()).and_then(|r| r.strip_suffix(sep));
        match (after, before) {
            (Some(a), _) if sep != ": " => Some(a.trim()),
            (_, Some(b)) => Some(b.trim()),
            _ => None,
        }
    })?;
    let words = site.split_whitespace().count();
    if !(1..=6).contains(&words) || site.chars().count() < 2 {
        return None;
    }
    let want = norm(site);
    let printed = (0..dom.nodes.len())
        .filter(|&i| {
            matches!(
                dom.nodes[i].tag.as_str(),
                "a" | "b" | "strong" | "span" | "div" | "p" | "h1" | "h2" | "h3" | "td" | "font"
            )
        })
        .any(|i| dom.short_text_of(i, 80).is_some_and(|x| norm(&x) == want));
    printed.then(|| site.to_string())
}

/// An outlet's name for display: an address given as the name (`https://www.newsnation.in`)
/// becomes its host, and a tagline or keyword list after a bar ("LinkNaija | Nigeria's popular
/// news platform", "Autoracing | F1 | Indy | MotoGP") is cut.
fn outlet_name(raw: &str) -> Option<String> {
    let s = collapse(&decode_entities(raw));
    let s = match s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
    {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            host.strip_prefix("www.").unwrap_or(host).to_string()
        }
        None => s,
    };
    let s = match s.split_once(" | ") {
        Some((head, _)) if head.trim().chars().count() >= 2 => head.trim().to_string(),
        _ => s,
    };
    (!s.is_empty()).then_some(s)
}

/// The date after "originally published (on)" in the page's text, when it is a full date.
fn originally_published(dom: &Dom) -> Option<DateTime<FixedOffset>> {
    let texts: Vec<usize> = (0..dom.nodes.len())
        .filter(|&i| dom.nodes[i].is_text())
        .collect();
    // One searcher for every text node (`str::find` would set one up per call).
    let phrase = memchr::memmem::Finder::new("riginally published");
    for (k, &i) in texts.iter().enumerate() {
        let t = &dom.nodes[i].text;
        let Some(p) = phrase.find(t.as_bytes()) else {
            continue;
        };
        // The phrase's own node and the next few, as the date is often in its own element.
        let mut rest = t[p + "riginally published".len()..].to_string();
        for &j in texts.iter().skip(k + 1).take(3) {
            rest.push(' ');
            rest.push_str(&dom.nodes[j].text);
        }
        let rest = collapse(&rest);
        let rest = rest
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .trim_start_matches("on ")
            .trim_start_matches("the ");
        // A date straight after the phrase, not one further on ("in March 2022 ... updated on
        // December 20, 2024" gives none).
        let head: String = rest
            .split_whitespace()
            .take(5)
            .collect::<Vec<_>>()
            .join(" ");
        if head.split_whitespace().next().is_some_and(|w| {
            w.starts_with(|c: char| c.is_ascii_digit()) || crate::date::is_month_word(w)
        }) {
            if let Some(d) = parse_human(&head) {
                return Some(d);
            }
        }
    }
    None
}

/// What a dateline says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    None,
    Published,
    Updated,
}

/// A printed date, its label and the node that prints it.
type Dateline = (DateTime<FixedOffset>, Label, usize);

/// A node inside an `<aside>`, `<nav>` or `<footer>`, or in a list item that links elsewhere (a
/// "More articles" entry): its date belongs to another page.
fn teaser_or_aside(dom: &Dom, i: usize) -> bool {
    dom.near_ancestor(i, 12, |p| {
        matches!(p.tag.as_str(), "aside" | "nav" | "footer")
            || (p.tag == "li" && p.children.iter().any(|&c| dom.nodes[c].href))
    })
}

/// The date printed closest to the article's `<h1>`: the dateline readers see, which is the
/// one that matters when metadata carries a crawl or template date.
fn dateline_near_title(dom: &Dom, heading: &str, title: &str) -> Option<Dateline> {
    let t = norm(heading);
    let h1s: Vec<usize> = (0..dom.nodes.len())
        .filter(|&i| dom.nodes[i].tag == "h1")
        .collect();
    // A page may set its headline in an <h2> or <h3> (its <h1>, if any, the site's or the
    // section's name: "The Blog"): the one that reads as the title.
    let headline = || {
        let t = norm(title);
        (t.split_whitespace().count() >= 3).then_some(())?;
        (0..dom.nodes.len()).find(|&i| {
            matches!(dom.nodes[i].tag.as_str(), "h2" | "h3")
                && dom.short_text_of(i, 400).is_some_and(|x| {
                    let x = norm(&x);
                    let x = x.trim_end_matches(['.', '!', ' ']);
                    !x.is_empty() && t.trim_end_matches(['.', '!', ' ']) == x
                })
        })
    };
    let h1 = h1s
        .iter()
        .copied()
        .find(|&i| dom.short_text_of(i, 400).is_some_and(|x| norm(&x) == t))
        .or_else(headline)
        .or_else(|| h1s.first().copied())?;
    let end = {
        let mut j = h1;
        while let Some(&last) = dom.nodes[j].children.last() {
            j = last;
        }
        j + 1
    };
    let probe = |i: usize| dated_node(dom, i).map(|(d, l)| (d, l, i));
    let mut best: Option<(f64, Dateline)> = None;
    // Forward from the end of the <h1>, counting text nodes.
    let mut seen = 0usize;
    for i in end..dom.nodes.len() {
        if dom.nodes[i].is_text() && !dom.nodes[i].text.trim().is_empty() {
            seen += 1;
            if seen > 40 {
                break;
            }
        }
        if let Some(d) = probe(i) {
            best = Some((seen as f64, d));
            break;
        }
    }
    // Backward from the <h1> (breadcrumbs and kickers often sit above it).
    let mut seen = 0usize;
    for i in (0..h1).rev() {
        if dom.nodes[i].is_text() && !dom.nodes[i].text.trim().is_empty() {
            seen += 1;
            if seen > 25 {
                break;
            }
        }
        if let Some(d) = probe(i) {
            let cost = seen as f64 * 1.5;
            if best.is_none_or(|(b, _)| cost < b) {
                best = Some((cost, d));
            }
            break;
        }
    }
    best.map(|(_, d)| d)
}

/// A date at node `i` (a short text or a `<time>`), and whether a label ("Published",
/// "Updated") stands right before it.
fn dated_node(dom: &Dom, i: usize) -> Option<(DateTime<FixedOffset>, Label)> {
    let n = &dom.nodes[i];
    // A date inside an embedded quote (a tweet's date) is not the page's.
    if dom.near_ancestor(i, 4, |p| p.tag == "blockquote") {
        return None;
    }
    let d = if n.is_text() {
        // (Collapsing keeps digits and never lengthens the trimmed text: test before copying.)
        if n.text.trim().len() < 6 || !n.text.bytes().any(|b| b.is_ascii_digit()) {
            return None;
        }
        let c = collapse(&n.text);
        if c.len() < 6 || c.len() > 100 || !c.bytes().any(|b| b.is_ascii_digit()) {
            return None;
        }
        parse_human(&day_first(&c).unwrap_or(c))?
    } else if n.tag == "time" {
        let attr = n.value.as_deref().and_then(parse_date)?;
        printed_publication(dom, i)
            .filter(|p| p.date_naive() != attr.date_naive())
            .unwrap_or(attr)
    } else {
        return None;
    };
    // A `<time>`'s own words count too: `<time>Last Updated: Dec 17, 2025</time>`.
    let mut last = i;
    while let Some(&c) = dom.nodes[last].children.last() {
        last = c;
    }
    let before = dom.nodes[i.saturating_sub(6)..=last.min(i + 6)]
        .iter()
        .filter(|x| x.is_text())
        .map(|x| x.text.to_lowercase())
        .collect::<String>();
    // The label nearest the date decides ("Published May 2 · Updated May 9").
    let at = |l: &str| before.rfind(l);
    let published = PUBLISHED_LABELS.iter().filter_map(|l| at(l)).max();
    let updated = ["updated", "modified", "revised", "refreshed", "güncellen"]
        .iter()
        .filter_map(|l| at(l))
        .max();
    let label = match (published, updated) {
        (Some(p), Some(u)) if u > p => Label::Updated,
        (Some(_), _) => Label::Published,
        (None, Some(_)) => Label::Updated,
        (None, None) => class_label(dom, i),
    };
    Some((d, label))
}

/// The label a date's own element or its wrapper gives in its class when no word does
/// (`<span class="byline__release-date">`): a class that names only the publication counts as
/// "Published", one that names an update as "Updated" (`entry-date published updated` is both).
fn class_label(dom: &Dom, mut i: usize) -> Label {
    for _ in 0..3 {
        let c = &dom.nodes[i].cls;
        let upd = ["updat", "modif", "revis"].iter().any(|w| c.contains(w));
        if upd {
            return Label::Updated;
        }
        if ["publish", "release", "posted", "pubdate"]
            .iter()
            .any(|w| c.contains(w))
        {
            return Label::Published;
        }
        let p = dom.nodes[i].parent;
        if i == 0 || p == i {
            break;
        }
        i = p;
    }
    Label::None
}

/// Resolves `href` against `base` when there is one.
pub fn resolve(base: Option<&str>, href: &str) -> String {
    match base.and_then(|b| url::Url::parse(b).ok()) {
        Some(b) => b
            .join(href)
            .map(|u| u.to_string())
            .unwrap_or_else(|_| href.to_string()),
        None => href.to_string(),
    }
}

fn decode_entities(s: &str) -> String {
    // JSON-LD and meta values sometimes carry their references escaped twice ("&amp;#39;").
    let once = crate::decode_entities(s);
    if once.contains('&') {
        crate::decode_entities(&once).into_owned()
    } else {
        once.into_owned()
    }
}

/// The full date a `<time>` prints under a publication label ("<time datetime="2019-07-03…">
/// Publié le 29 juin 2019</time>"): the day readers are told, where the attribute often holds
/// the moment the post went online or was last edited.
fn printed_publication(dom: &Dom, i: usize) -> Option<DateTime<FixedOffset>> {
    let t = dom.short_text_of(i, 100)?;
    let lower = t.to_lowercase();
    let has_year = lower
        .split(|c: char| !c.is_ascii_digit())
        .any(|w| w.len() == 4);
    if !has_year || !PUBLISHED_LABELS.iter().any(|l| lower.contains(l)) {
        return None;
    }
    parse_human(&day_first(&t).unwrap_or(t))
}

/// A date element's date: its machine-readable value (`datetime`, `content`), else its short text.
fn node_date(dom: &Dom, i: usize) -> Option<DateTime<FixedOffset>> {
    dom.nodes[i]
        .value
        .as_deref()
        .and_then(parse_date)
        .or_else(|| dom.short_text_of(i, 200).and_then(|t| parse_human(&t)))
}

fn itemprop_date(dom: &Dom) -> Option<DateTime<FixedOffset>> {
    for (i, n) in dom.nodes.iter().enumerate() {
        if n.itemprop == "datepublished" {
            if let Some(d) = node_date(dom, i) {
                return Some(d);
            }
        }
    }
    None
}

/// Words that label a printed date as the publication, in the languages news pages come in
/// ("기사입력 :[ 2018-09-28 17:32 ]", "Publicado el 05/03/2024", "公開日 2024.03.05").
const PUBLISHED_LABELS: &[&str] = &[
    "posted",
    "published",
    "publié",
    "publicado",
    "pubblicato",
    "veröffentlicht",
    "gepubliceerd",
    "opublikowano",
    "опубликовано",
    "дата публикации",
    "기사입력",
    "입력",
    "등록",
    "公開",
    "投稿",
    "掲載",
    "发布",
    "發佈",
    "發布",
    "发表",
    "發表",
    "yayımlandı",
    "yayınlandı",
];

/// Labels of a printed date that say nothing of which date it is ("Datum: 10.11.2017",
/// "Last updated: 1/23/21"): read only when the page has no other date.
const DATE_LABELS: &[&str] = &[
    "date:",
    "dated",
    "datum",
    "stand:",
    "last updated",
    "updated",
    "last modified",
    "fecha",
    "data:",
    "yayımlama tarihi",
    "yayınlanma tarihi",
    "son güncelleme",
    "son güncellenme",
];

/// Words that follow a printed date and say what it is, in languages that put the verb last
/// ("5/5/2020 tarihinde yayımlandı": published on 5/5/2020).
const DATE_SUFFIX_LABELS: &[&str] = &["tarihinde", "yayımlandı", "yayınlandı", "güncellendi"];

/// A dateline labelled by one of [`DATE_SUFFIX_LABELS`], with slashes made dots: Turkish
/// writes numeric dates day first, slashes too ("03/04/2024 tarihinde" is 3 April), and dots
/// are read day first.
fn day_first(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    DATE_SUFFIX_LABELS
        .iter()
        .any(|l| lower.contains(l))
        .then(|| text.replace('/', "."))
}

fn visible_date(dom: &Dom) -> Option<DateTime<FixedOffset>> {
    // First <time datetime> in the document, then elements whose class says date/time.
    for (i, n) in dom.nodes.iter().enumerate() {
        if n.tag == "time" {
            if let Some(d) = node_date(dom, i) {
                return Some(d);
            }
        }
    }
    for (i, n) in dom.nodes.iter().enumerate() {
        if !n.is_text()
            && (n.cls.contains("date")
                || n.cls.contains("time")
                || n.cls.contains("posted")
                || n.cls.contains("published")
                || n.cls.contains("fecha")
                || n.cls.contains("datum"))
        {
            if let Some(t) = dom.short_text_of(i, 120) {
                // "am 12.11.16" in an element marked as the date: a two-digit year too.
                if let Some(d) = parse_human(&t).or_else(|| {
                    t.split_whitespace()
                        .find_map(crate::date::parse_numeric_short_year)
                }) {
                    return Some(d);
                }
            }
            // The full date behind a label or a relative time ("<abbr class="published"
            // title="2016-11-12">Saturday</abbr>", "<span class="date" title="12th December
            // 2018">3 hours ago</span>").
            if let Some(d) = n
                .value
                .as_deref()
                .and_then(|v| parse_date(v).or_else(|| parse_human(v)))
            {
                return Some(d);
            }
        }
    }
    // Any short text that is (mostly) a date, in document order: a dateline. A numeric date
    // ("Posted on the 15/12/2025 at 19:00") counts when a label says what it is.
    for n in dom.nodes.iter() {
        // Most text nodes are white space between tags or a word or two: no copy for those.
        if n.is_text() && n.text.trim().len() >= 8 {
            let t = collapse(&n.text);
            let lower = t.to_lowercase();
            let labelled = PUBLISHED_LABELS
                .iter()
                .chain(DATE_LABELS)
                .find(|p| lower.starts_with(*p));
            let day_first_t = day_first(&t);
            let suffixed = day_first_t.is_some();
            if t.len() >= 8
                && t.len() < 60
                && (labelled.is_some()
                    || suffixed
                    || t.split_whitespace().any(crate::date::is_month_word))
            {
                let t = day_first_t.unwrap_or(t);
                if let Some(d) = parse_human(&t) {
                    return Some(d);
                }
                // "5/5/20'de güncellendi": the date opens the text, a suffix glued to it.
                if suffixed {
                    let first = t.split_whitespace().next().unwrap_or_default();
                    let first = first.split(['\'', '\u{2019}']).next().unwrap_or_default();
                    if let Some(d) = crate::date::parse_numeric_short_year(first) {
                        return Some(d);
                    }
                }
                // "Last updated: 1/23/21", "Stand: 1.4.18": after a label, a two-digit year.
                if let Some(l) = labelled {
                    let rest = lower[l.len()..].trim_start_matches(|c: char| !c.is_ascii_digit());
                    if let Some(d) = rest
                        .split_whitespace()
                        .next()
                        .and_then(crate::date::parse_numeric_short_year)
                    {
                        return Some(d);
                    }
                }
            }
        }
    }
    None
}

/// A heading whose text is all one link to the site's front page: the site's name set as the
/// page's `<h1>` ("<h1><a href="/">Archive of Our Own <sup>beta</sup></a></h1>").
fn heading_links_home(dom: &Dom, i: usize, text: &str) -> bool {
    let mut stack: Vec<usize> = dom.nodes[i].children.clone();
    let mut budget = 50;
    while let Some(k) = stack.pop() {
        budget -= 1;
        if budget == 0 {
            return false;
        }
        let n = &dom.nodes[k];
        if n.home_link {
            return dom.short_text_of(k, 400).is_some_and(|t| norm(&t) == text);
        }
        stack.extend(n.children.iter().copied());
    }
    false
}

/// A form's field (a comment box's "Nama (wajib)", "Nombre *"): a `<label>`, or an element
/// holding a label or an e-mail input (inputs themselves are not kept in the arena). Its class
/// names the field it asks for, not who wrote the page.
fn form_field(dom: &Dom, i: usize) -> bool {
    let n = &dom.nodes[i];
    n.tag == "label" || n.email_field || n.children.iter().any(|&c| dom.nodes[c].tag == "label")
}

/// Class words that contain "author" but name something else: a sign-in box ("authorization",
/// "authorise") or an "authority".
const NOT_AUTHOR: [&str; 3] = ["authoriz", "authoris", "authorit"];

fn visible_byline(dom: &Dom, subjects: &[String]) -> Option<String> {
    let ok = |c: &String| !subjects.contains(&norm(c)) && !running_text_case(c);
    for (i, n) in dom.nodes.iter().enumerate() {
        if n.is_text() {
            continue;
        }
        // State flags ("has-byline", "no-author") describe a container, they do not name one.
        // Every test below on the class needs "author" or "byline" in it: skip the rest cheaply.
        let cls: String = if n.cls.contains("author")
            || n.cls.contains("byline")
            || n.cls.contains("writer")
            || n.cls.contains("submitted")
        {
            n.cls
                .split_whitespace()
                .filter(|t| {
                    !["has-", "no-", "with-", "show-", "hide-"]
                        .iter()
                        .any(|p| t.starts_with(p))
                })
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            String::new()
        };
        let authorish = own_author_prop(n)
            || n.author_link
            || n.rel.split_whitespace().any(|r| r == "author")
            || cls.contains("byline")
            || cls
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|t| t == "author" || t == "author-name" || t == "authorname")
            || cls
                .split_whitespace()
                .any(|t| t.contains("author") && !NOT_AUTHOR.iter().any(|w| t.contains(w)))
            || cls.contains("author-name")
            || cls.contains("author__name")
            // "detail__writer", Drupal's "submitted-by".
            || cls
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|t| matches!(t, "writer" | "writers" | "submitted"));
        if !authorish
            || in_nav(dom, i)
            || in_comment(dom, i)
            || form_field(dom, i)
            || in_quote_or_figure(dom, i)
            // A sidebar's author box introduces the blog or another post.
            || dom.near_ancestor(i, 8, |n| has_class_token(n, &["sidebar"]))
        {
            continue;
        }
        let Some(t) = dom.segmented_text_of(i, 150) else {
            continue;
        };
        // A class-named box ("authorinfo") that holds the marked-up author also holds what sits
        // beside it (the partner outlet, a date): the marked element comes next.
        if t.is_empty() || (!own_author_prop(n) && has_author_prop_below(dom, i)) {
            continue;
        }
        if let Some(c) = clean_byline(&t).filter(ok) {
            return Some(c);
        }
    }
    // "By Jane Doe" / "Written by Jane Doe" as a short text, or such a label before the name.
    for (i, n) in dom.nodes.iter().enumerate() {
        // Most texts start with no label's initial and need no copy.
        let first = n.text.trim_start().chars().next();
        if !n.is_text() || !first.is_some_and(|c| LABEL_INITIALS.contains(c.to_ascii_lowercase())) {
            continue;
        }
        let t = collapse(&n.text);
        let lower = t.to_lowercase();
        if BYLINE_LABELS.contains(&lower.as_str())
            && !matches!(lower.as_str(), "staff" | "admin")
            && !mid_sentence(dom, i)
        {
            // The name is the next non-empty text in document order.
            if let Some(next) = dom.nodes[i + 1..]
                .iter()
                .filter(|x| x.is_text())
                .map(|x| collapse(&x.text))
                .find(|x| !x.is_empty())
            {
                if next.len() < 80 && starts_upper(&next) {
                    if let Some(c) = clean_byline(&next).filter(ok) {
                        return Some(c);
                    }
                }
            }
        } else if t.len() < 80
            && (lower.starts_with("by ") || lower.starts_with("written by "))
            && !in_nav(dom, i)
            && !in_comment(dom, i)
        {
            if let Some(c) = clean_byline(&t).filter(ok) {
                if starts_upper(&c) && c.split_whitespace().count() <= 6 {
                    return Some(c);
                }
            }
        }
    }
    None
}

/// Whether the element itself carries `itemprop="author"`.
fn own_author_prop(n: &crate::dom::N) -> bool {
    n.itemprop.split_whitespace().any(|t| t == "author")
}

/// Whether an element below `i` carries `itemprop="author"`.
fn has_author_prop_below(dom: &Dom, i: usize) -> bool {
    let mut stack: Vec<usize> = dom.nodes[i].children.clone();
    while let Some(j) = stack.pop() {
        let n = &dom.nodes[j];
        if own_author_prop(n) {
            return true;
        }
        stack.extend(n.children.iter().copied());
    }
    false
}

/// A person icon (`<i class="bi bi-person">`, `fa-user`) right before a name in plain text (a
/// link after such an icon is an account menu: "My Account", "Contact Us").
fn icon_byline(dom: &Dom) -> Option<String> {
    for (i, n) in dom.nodes.iter().enumerate() {
        if n.is_text()
            || !n.cls.split_whitespace().any(|t| PERSON_ICONS.contains(&t))
            || !dom.text_of(i).trim().is_empty()
            || in_nav(dom, i)
            || in_comment(dom, i)
        {
            continue;
        }
        let next = dom.nodes[i + 1..]
            .iter()
            .filter(|x| x.is_text())
            .find(|x| !x.text.trim().is_empty());
        if let Some(x) = next {
            let name = collapse(&x.text);
            if person_like(&name) && dom.nodes[x.parent].tag != "a" {
                return Some(name);
            }
        }
    }
    None
}

/// Icon classes that stand for "author" beside a byline.
const PERSON_ICONS: &[&str] = &[
    "bi-person",
    "bi-person-fill",
    "bi-person-circle",
    "fa-user",
    "fa-user-o",
    "fa-user-circle",
    "icon-user",
    "icon-person",
    "icon-author",
];

/// An author's photo labelled with the name printed right after it (`<img alt="Jane Doe">` then
/// "Jane Doe"): author boxes and bylines that carry no author class and no label. A photo in a
/// `<figure>` is a picture in the story, not its author's portrait.
fn avatar_byline(dom: &Dom) -> Option<String> {
    for (i, n) in dom.nodes.iter().enumerate() {
        let Some(alt) = n.alt.as_deref() else {
            continue;
        };
        // "Juliette Carreiro, Tech Writer", "Elliot Raba Image", "Photo of Jane Doe".
        let alt = collapse(alt);
        let head = alt
            .split([',', '|', '–', '—'])
            .next()
            .unwrap_or_default()
            .split(" - ")
            .next()
            .unwrap_or_default()
            .trim();
        let mut name = head;
        for w in [
            " image",
            " photo",
            " headshot",
            " avatar",
            " portrait",
            " picture",
        ] {
            let cut = name.len().saturating_sub(w.len());
            if name.get(cut..).is_some_and(|t| t.eq_ignore_ascii_case(w)) {
                name = name.get(..cut).unwrap_or_default().trim_end();
            }
        }
        for w in ["photo of ", "image of ", "picture of ", "portrait of "] {
            if name
                .get(..w.len())
                .is_some_and(|t| t.eq_ignore_ascii_case(w))
            {
                name = name.get(w.len()..).unwrap_or_default().trim_start();
            }
        }
        if !person_like(name)
            || !portrait(dom, i)
            || in_nav(dom, i)
            || in_comment(dom, i)
            || dom.near_ancestor(i, 6, |n| n.tag == "figure")
        {
            continue;
        }
        let printed = dom.nodes[i + 1..]
            .iter()
            .filter(|x| x.is_text())
            .map(|x| collapse(&x.text))
            .filter(|x| !x.is_empty())
            .take(3)
            .any(|x| x == name);
        if printed {
            return Some(name.to_string());
        }
    }
    None
}

/// Two to four capitalised words of letters: the shape of a person's name.
fn person_like(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            starts_upper(w)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\''))
        })
}

/// An image styled as a person's portrait: an avatar, an author's photo, a round thumbnail.
fn portrait(dom: &Dom, i: usize) -> bool {
    dom.near_ancestor(i, 4, |n| {
        [
            "avatar",
            "author",
            "headshot",
            "byline",
            "writer",
            "rounded-full",
            "rounded-circle",
        ]
        .iter()
        .any(|k| n.cls.contains(k))
    })
}

/// Whether text node `i` follows other text in its element: "by:" ending "You can increase
/// your <strong>online authority</strong> by:" is a sentence's word, not a byline label.
fn mid_sentence(dom: &Dom, i: usize) -> bool {
    let p = dom.nodes[i].parent;
    if p == i {
        return false;
    }
    dom.nodes[p]
        .children
        .iter()
        .take_while(|&&c| c != i)
        .any(|&c| !dom.text_of(c).trim().is_empty())
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dateline_on_the_metadata_day_keeps_the_metadata_instant() {
        let page = r#"<html><head><title>Rates held</title>
<meta property="article:published_time" content="2025-06-25T20:57:54-04:00"></head>
<body><h1>Rates held</h1><p>Published <span>June 25, 2025</span></p></body></html>"#;
        let m = extract_meta(&Dom::parse(page), None);
        assert_eq!(
            m.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2025-06-25T20:57:54-04:00")
        );
    }

    /// A page without site metadata: the site's name beside the headline in `<title>` is the
    /// site when the page prints it (its masthead); a section name printed nowhere alone is not.
    #[test]
    fn the_site_named_in_the_title_and_printed_is_the_site() {
        let cases = [
            (
                "<title>Northgate Chronicle: Deadly quake hits Halden</title></head><body>\
                 <table><tr><td><font size=6><b>Northgate Chronicle</b></font></td></tr>\
                 <tr><td><h2>Deadly quake hits Halden</h2><p>At least nine died.</p></td></tr></table>",
                "Deadly quake hits Halden",
                Some("Northgate Chronicle"),
            ),
            (
                "<title>Port fees rise — The Civic Watchdog</title></head><body>\
                 <div class=brand><a href=/>THE CIVIC WATCHDOG</a></div><h1>Port fees rise</h1>",
                "Port fees rise",
                Some("The Civic Watchdog"),
            ),
            (
                "<title>Port fees rise - Business</title></head><body>\
                 <nav>Business news and more</nav><h1>Port fees rise</h1>",
                "Port fees rise",
                None,
            ),
            (
                "<title>Budget: what changes for you</title></head><body>\
                 <h2>what changes for you</h2><a>Budget</a>",
                "Budget: what changes for you",
                None,
            ),
        ];
        for (page, title, site) in cases {
            let m = extract_meta(
                &Dom::parse(&format!("<html><head>{page}</body></html>")),
                None,
            );
            assert_eq!(
                (m.title.as_str(), m.site_name.as_deref()),
                (title, site),
                "{page}"
            );
        }
    }

    #[test]
    fn a_headline_printed_twice_is_said_once() {
        assert_eq!(said_once("A - B - A - B".into()), "A - B");
        assert_eq!(said_once("Notes | Notes".into()), "Notes");
        assert_eq!(said_once("A - B - A".into()), "A - B - A");
        assert_eq!(said_once("New York, New York".into()), "New York, New York");
    }

    #[test]
    fn json_ld_in_a_cdata_section_is_read() {
        for wrapped in [
            "<![CDATA[ {\"a\": 1} ]]>",
            "//<![CDATA[\n{\"a\": 1}\n//]]>",
            "/*<![CDATA[*/ {\"a\": 1} /*]]>*/",
            "<!-- {\"a\": 1} -->",
            "{\"a\": 1}",
        ] {
            assert_eq!(
                parse_ld(wrapped),
                Some(serde_json::json!({"a": 1})),
                "{wrapped}"
            );
        }
        // A CDATA marker inside a string is text.
        assert_eq!(
            parse_ld("{\"a\": \"<![CDATA[x]]>\"}"),
            Some(serde_json::json!({"a": "<![CDATA[x]]>"}))
        );
    }

    #[test]
    fn every_byline_label_starts_with_a_listed_initial() {
        for l in BYLINE_LABELS.iter().chain(&["by jane", "written by jane"]) {
            let c = l.chars().next().unwrap_or(' ');
            assert!(LABEL_INITIALS.contains(c), "{l}");
        }
    }

    #[test]
    fn question_marks_from_a_lost_encoding_are_restored() {
        for (shown, good, restored) in [
            (
                "What Are The Basics Of Event Planning? Beginner? Guide",
                "What Are The Basics Of Event Planning: Beginner's Guide",
                true,
            ),
            ("Caf? soci?t?", "Caf\u{e9} soci\u{e9}t\u{e9}", true),
            (
                "Is Rust worth it? A review",
                "Is Rust worth it: A review",
                false,
            ),
            ("Is this the end?", "Is this the end?", false),
            ("Is this the end?", "Is this the end", false),
            ("Who? What? Why?", "Who, What and Why", false),
            ("????????????????????????", "abc", false),
        ] {
            assert_eq!(lost_characters(shown, good), restored, "{shown} / {good}");
        }
    }

    #[test]
    fn meta_values_are_decoded_once_or_twice() {
        for (raw, want) in [
            ("Fed&#39;s move", "Fed's move"),
            ("Fed&amp;#39;s move", "Fed's move"),
            ("Q&amp;amp;A", "Q&A"),
            ("Lost &mdash; and found", "Lost \u{2014} and found"),
            ("It&rsquo;s here", "It\u{2019}s here"),
            ("Tom & Jerry", "Tom & Jerry"),
            ("no references", "no references"),
        ] {
            assert_eq!(decode_entities(raw), want, "{raw}");
        }
    }

    #[test]
    fn person_shapes() {
        for (s, want) in [
            ("Inès Marchetti", true),
            ("Mary-Kate O'Neil", true),
            ("J. R. Tolkien", true),
            ("Marchetti", false),
            ("Sleeper cabin poster", false),
            ("Model 3 Performance", false),
            ("One Two Three Four Five", false),
        ] {
            assert_eq!(person_like(s), want, "{s}");
        }
    }

    #[test]
    fn outlet_names_for_display() {
        for (raw, want) in [
            ("https://www.newsnation.in", Some("newsnation.in")),
            ("http://example.org/news/", Some("example.org")),
            (
                "LinkNaija | Nigeria's popular news platform",
                Some("LinkNaija"),
            ),
            ("Autoracing | F1 | Indy | MotoGP", Some("Autoracing")),
            ("The Guardian", Some("The Guardian")),
            ("AT&amp;T Newsroom", Some("AT&T Newsroom")),
            ("  ", None),
        ] {
            assert_eq!(outlet_name(raw).as_deref(), want, "{raw}");
        }
    }

    #[test]
    fn running_text_case_is_no_byline() {
        for (t, want) in [
            ("Personal finance", true),
            ("Vision Doc group", true),
            ("About authentication and authorization", true),
            ("Jane van der Berg", false),
            ("Ana de la Cruz and Tom Lee", false),
            ("Detroit News wire services", false),
            ("The Currency editors", false),
            ("Венера Ерофеева", false),
            ("sara.r.peter", false),
            ("Jane Doe", false),
        ] {
            assert_eq!(running_text_case(t), want, "{t}");
        }
    }

    #[test]
    fn byline_cleaning() {
        for (raw, want) in [
            // A dash left from "Review – Gregory" is no part of the name.
            ("\u{2013} Gregory", "Gregory"),
            // The byline label of other languages, in any case.
            ("Текст: Венера Ерофеева", "Венера Ерофеева"),
            ("TEKST: Anna Kowalska", "Anna Kowalska"),
            ("Autor: Jan Novák", "Jan Novák"),
            // The outlet after the name, and a Chinese "posted in".
            ("Jenny Smith from Trafilatura", "Jenny Smith"),
            ("Jane Doe For Daily Mail Australia", "Jane Doe"),
            ("史蒂文的家 發表在 痞客邦", "史蒂文的家"),
        ] {
            assert_eq!(clean_byline(raw).as_deref(), Some(want), "{raw}");
        }
        // "May" is a surname here, not the start of a date.
        assert_eq!(
            clean_byline("Written By: Tom May").as_deref(),
            Some("Tom May")
        );
        assert_eq!(
            clean_byline("Jane Doe May 5, 2024").as_deref(),
            Some("Jane Doe")
        );
        // Avatar initials before the name, and author-listing links.
        assert_eq!(
            clean_byline("NB | Nicole Burke | Founder").as_deref(),
            Some("Nicole Burke")
        );
        assert_eq!(clean_byline("Articles by Juliette"), None);
        // A month-named first name is a name; a month alone or with a number is a date.
        assert_eq!(
            clean_byline("April Fulton").as_deref(),
            Some("April Fulton")
        );
        assert_eq!(clean_byline("July"), None);
        assert_eq!(clean_byline("Name | *"), None);
        assert_eq!(clean_byline("undefined"), None);
        assert_eq!(clean_byline("© 2025 Acme Media. All rights reserved"), None);
        assert_eq!(clean_byline("Copyright Acme Media"), None);
        assert_eq!(clean_byline("Dec 5"), None);
    }
}
