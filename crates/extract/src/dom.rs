//! A compact arena copy of the parsed page. html5ever (into [`crate::tree`]) does the parsing the way
//! browsers do; the arena keeps only what extraction looks at (tag, class/id, a few attributes, text)
//! in preorder, so every later pass is a plain loop over a `Vec` with `usize` links.

use std::collections::HashMap;

use crate::tree::{Kind, Node, Tree};

/// One element or text node.
#[derive(Debug, Default, Clone)]
pub struct N {
    /// Lower-case tag name; empty for text nodes.
    pub tag: String,
    /// Text content (text nodes only), as in the source (not collapsed).
    pub text: String,
    /// Lower-cased `class` and `id`, space-joined.
    pub cls: String,
    pub itemprop: String,
    pub rel: String,
    /// Lower-cased ARIA `role`.
    pub role: String,
    /// `datetime` (on `<time>`) or `content` (on itemprop elements).
    pub value: Option<String>,
    pub href: bool,
    /// A `<time pubdate>`: the page marks this date as its publication.
    pub pubdate: bool,
    /// An `<img>`'s `alt` text (an author's photo is often labelled with the name).
    pub alt: Option<String>,
    /// A link to an author's page (`/author/jane-doe`).
    pub author_link: bool,
    /// A link to the site's front page (`/`, `https://example.com/`): a logo or masthead.
    pub home_link: bool,
    pub parent: usize,
    pub children: Vec<usize>,
    /// The element holds an e-mail input field directly (a sign-up or contact form).
    pub email_field: bool,
}

impl N {
    pub fn is_text(&self) -> bool {
        self.tag.is_empty()
    }
}

/// What the `<head>` (and a few body elements) say about the page.
#[derive(Debug, Default)]
pub struct Head {
    pub title: String,
    pub lang: Option<String>,
    /// `(name|property|itemprop lower-cased, content)`.
    pub metas: Vec<(String, String)>,
    /// `(rel lower-cased, href, type lower-cased, title)`.
    pub links: Vec<(String, String, String, Option<String>)>,
    pub jsonld: Vec<String>,
}

/// The arena; node 0 is the document root.
#[derive(Debug, Default)]
pub struct Dom {
    pub nodes: Vec<N>,
    pub head: Head,
    /// Why the parse stopped before the end of the page (only what came before is here).
    pub cut: Option<crate::tree::Cut>,
}

/// Subtrees dropped while copying: never article text.
fn skipped(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "iframe"
            | "button"
            | "select"
            | "input"
            | "textarea"
            | "object"
            | "embed"
            | "canvas"
            | "link"
            | "meta"
            | "math"
            | "video"
            | "audio"
            | "map"
            | "option"
            | "dialog"
            | "title"
            | "base"
    )
}

/// The attributes extraction reads, gathered in one pass over an element's attributes
/// (`Element::attr` interns the name and scans the list on every call). Only the names
/// `rawtext::unread_attribute` lists as read survive parsing: reading another means adding it
/// to that list.
#[derive(Default)]
struct Attrs<'e> {
    id: Option<&'e str>,
    class: Option<&'e str>,
    itemprop: Option<&'e str>,
    datetime: Option<&'e str>,
    content: Option<&'e str>,
    rel: Option<&'e str>,
    href: Option<&'e str>,
    alt: Option<&'e str>,
    title: Option<&'e str>,
    role: Option<&'e str>,
    style: Option<&'e str>,
    aria_hidden: Option<&'e str>,
    hidden: bool,
    pubdate: bool,
}

impl<'e> Attrs<'e> {
    fn of(el: &'e Node) -> Self {
        let mut a = Attrs::default();
        for at in &el.attrs {
            let (k, v) = (&*at.name.local, &*at.value);
            // The first of repeated attributes counts, as with `Element::attr`.
            let slot = match k {
                "id" => &mut a.id,
                "class" => &mut a.class,
                "itemprop" => &mut a.itemprop,
                "datetime" => &mut a.datetime,
                "content" => &mut a.content,
                "rel" => &mut a.rel,
                "href" => &mut a.href,
                "alt" => &mut a.alt,
                "title" => &mut a.title,
                "role" => &mut a.role,
                "style" => &mut a.style,
                "aria-hidden" => &mut a.aria_hidden,
                "hidden" => {
                    a.hidden = true;
                    continue;
                }
                "pubdate" => {
                    a.pubdate = true;
                    continue;
                }
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(v);
            }
        }
        a
    }
}

/// The hex id of a React streaming-SSR element: `S:1f` for a finished segment, `B:3` for a
/// Suspense boundary's placeholder, `P:a` for a segment's placeholder (`prefix` is "S:", "B:" or "P:").
fn react_segment_id<'e>(el: &'e Node, prefix: &str) -> Option<&'e str> {
    segment_id(el.attr("id"), prefix)
}

fn segment_id<'e>(id: Option<&'e str>, prefix: &str) -> Option<&'e str> {
    id.and_then(|i| i.strip_prefix(prefix))
        .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// An `<input>` that asks for an e-mail address (`type="email"`, or a name, id or placeholder
/// saying so): only sign-up and contact forms have one.
fn email_input(el: &Node) -> bool {
    if el
        .attr("type")
        .is_some_and(|t| t.eq_ignore_ascii_case("email"))
    {
        return true;
    }
    ["name", "id", "placeholder"].iter().any(|a| {
        el.attr(a).is_some_and(|v| {
            let v = v.to_ascii_lowercase();
            v.contains("email") || v.contains("e-mail")
        })
    })
}

/// `/`, `./`, `/index.html`, `https://example.com/`: the address of a site's front page.
fn home_href(href: &str) -> bool {
    let h = href.trim();
    let path = match h.split_once("://") {
        Some((scheme, rest))
            if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") =>
        {
            match rest.find('/') {
                Some(p) => &rest[p..],
                None => "/",
            }
        }
        Some(_) => return false,
        None => h.strip_prefix('.').unwrap_or(h),
    };
    matches!(
        path.to_ascii_lowercase().as_str(),
        "/" | "/index.html" | "/index.htm" | "/index.php" | "/home"
    )
}

/// A link to an author's page (`/author/jane-doe`, `/Writers/…`): one automaton, any case,
/// no copy (a page has hundreds of links).
fn author_href(href: &str) -> bool {
    static PATHS: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> =
        std::sync::LazyLock::new(|| {
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build([
                    "/author/",
                    "/authors/",
                    "/writer/",
                    "/writers/",
                    "/journalist/",
                ])
                .ok()
        });
    PATHS.as_ref().is_some_and(|a| a.is_match(href))
}

/// A folded panel the reader opens with a click (an accordion section, a tab, an FAQ answer):
/// hidden until then, but part of the page's text.
fn folded_panel(a: &Attrs) -> bool {
    let role = a.role.unwrap_or_default();
    if role.eq_ignore_ascii_case("region") || role.eq_ignore_ascii_case("tabpanel") {
        return true;
    }
    let cls = format!(
        "{} {}",
        a.class.unwrap_or_default(),
        a.id.unwrap_or_default()
    )
    .to_ascii_lowercase();
    ["accordion", "collapse", "tab-pane", "tabpanel", "faq"]
        .iter()
        .any(|k| cls.contains(k))
}

fn hidden(a: &Attrs) -> bool {
    if a.hidden {
        // React streaming SSR parks finished segments in `<div hidden id="S:n">` and moves them
        // into place with a script: that is the page's content, not hidden chrome.
        return segment_id(a.id, "S:").is_none() && !folded_panel(a);
    }
    // `aria-hidden` says the element is not for readers even when shown (a shop's filter
    // accordion); a style or the `hidden` attribute may only mean a panel starts folded.
    if a.aria_hidden
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        return true;
    }
    // Webflow marks an element its conditional visibility turns off with this class, styled
    // `display: none`.
    if a.class.is_some_and(|c| {
        c.split_ascii_whitespace()
            .any(|k| k == "w-condition-invisible")
    }) {
        return true;
    }
    if let Some(style) = a.style {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return !folded_panel(a);
        }
    }
    false
}

impl Dom {
    /// Parses `html` and builds the arena.
    pub fn parse(html: &str) -> Dom {
        let doc = Tree::parse_document(&crate::rawtext::strip_unread(html));
        let mut dom = Dom {
            nodes: Vec::with_capacity(4096),
            head: Head::default(),
            cut: doc.cut,
        };
        dom.nodes.push(N {
            tag: "#root".into(),
            ..Default::default()
        });
        // Explicit stack: (source node, arena parent). Deep pages must not overflow the call stack.
        let mut stack: Vec<(usize, usize)> = doc.children_rev(0).map(|c| (c, 0)).collect();
        // React streaming SSR sends finished segments last, as `<div hidden id="S:n">`, and a
        // script moves each into its placeholder (`<template id="B:n">` or `<template id="P:n">`).
        // Saved pages have lost the script: put each segment back where the reader sees it.
        let mut segments: HashMap<String, (usize, bool)> = HashMap::new();
        let mut fallback = Vec::new();
        if memchr::memmem::find(html.as_bytes(), b"id=\"S:").is_some() {
            for n in doc.descendants(0) {
                let el = &doc.nodes[n];
                if el.kind == Kind::Element && el.attr("hidden").is_some() {
                    if let Some(id) = react_segment_id(el, "S:") {
                        segments.entry(id.to_string()).or_insert((n, false));
                    }
                }
            }
        }
        while let Some((node, parent)) = stack.pop() {
            if !fallback.is_empty() && fallback.contains(&node) {
                continue;
            }
            let el = &doc.nodes[node];
            match el.kind {
                Kind::Text => {
                    let idx = dom.nodes.len();
                    dom.nodes.push(N {
                        // (`to_string` would go through `Display`.)
                        text: String::from(&*el.text),
                        parent,
                        ..Default::default()
                    });
                    dom.nodes[parent].children.push(idx);
                }
                Kind::Element => {
                    let tag = el.local().to_ascii_lowercase();
                    if !segments.is_empty() {
                        if tag == "template" {
                            let id = react_segment_id(el, "B:").or(react_segment_id(el, "P:"));
                            if let Some(seg) = id.and_then(|id| segments.get_mut(id)) {
                                if !seg.1 {
                                    seg.1 = true;
                                    stack.extend(doc.children_rev(seg.0).map(|c| (c, parent)));
                                    // A boundary's fallback ("Loading…") runs to its `<!--/$-->`.
                                    // Without that comment (stripped when saved) its extent is
                                    // unknown, and nothing is dropped.
                                    if react_segment_id(el, "B:").is_some() {
                                        let mut ids = Vec::new();
                                        for sib in doc.next_siblings(node) {
                                            let s = &doc.nodes[sib];
                                            if s.kind == Kind::Comment && s.text.trim() == "/$" {
                                                fallback.append(&mut ids);
                                                break;
                                            }
                                            ids.push(sib);
                                        }
                                    }
                                }
                            }
                            continue;
                        }
                        if let Some(seg) = react_segment_id(el, "S:")
                            .filter(|_| el.attr("hidden").is_some())
                            .and_then(|id| segments.get_mut(id))
                        {
                            if seg.1 {
                                // Already read at its placeholder.
                                continue;
                            }
                            seg.1 = true;
                        }
                    }
                    dom.collect_head(&tag, &doc, node);
                    if skipped(&tag) {
                        if tag == "input" && email_input(el) {
                            dom.nodes[parent].email_field = true;
                        }
                        continue;
                    }
                    if tag == "head" {
                        // Walked for its <meta>/<link>/<title>, never part of the text.
                        stack.extend(
                            doc.children_rev(node)
                                .filter(|&c| doc.nodes[c].kind == Kind::Element)
                                .map(|c| (c, parent)),
                        );
                        continue;
                    }
                    if tag == "html" {
                        if let Some(l) = el.attr("lang").or_else(|| el.attr("xml:lang")) {
                            dom.head.lang = Some(l.trim().to_string());
                        }
                    }
                    let at = Attrs::of(el);
                    if hidden(&at) {
                        continue;
                    }
                    let mut cls = String::new();
                    if let Some(c) = at.class {
                        cls.push_str(&c.to_ascii_lowercase());
                    }
                    if let Some(i) = at.id {
                        cls.push(' ');
                        cls.push_str(&i.to_ascii_lowercase());
                    }
                    let itemprop = at
                        .itemprop
                        .map(|s| s.to_ascii_lowercase())
                        .unwrap_or_default();
                    // hAtom's `<abbr class="published" title="2016-11-12">`, or "3 hours ago"
                    // shown with the full date in the title (`<span class="date" title=…>`).
                    let dated_title = if tag == "abbr" || cls.contains("date") {
                        at.title
                    } else {
                        None
                    };
                    let value = at
                        .datetime
                        .or(at.content)
                        .or(dated_title)
                        .map(str::to_string);
                    let rel = at.rel.map(|s| s.to_ascii_lowercase()).unwrap_or_default();
                    let href = tag == "a" && at.href.is_some();
                    let pubdate = tag == "time" && at.pubdate;
                    let alt = if tag == "img" {
                        at.alt.map(str::to_string)
                    } else {
                        None
                    };
                    let author_link = tag == "a" && at.href.is_some_and(author_href);
                    let home_link = tag == "a" && at.href.is_some_and(home_href);
                    let role = at.role.map(|s| s.to_ascii_lowercase()).unwrap_or_default();
                    let idx = dom.nodes.len();
                    dom.nodes.push(N {
                        tag,
                        cls,
                        itemprop,
                        rel,
                        role,
                        value,
                        href,
                        alt,
                        pubdate,
                        author_link,
                        home_link,
                        parent,
                        ..Default::default()
                    });
                    dom.nodes[parent].children.push(idx);
                    stack.extend(doc.children_rev(node).map(|c| (c, idx)));
                }
                _ => {}
            }
        }
        dom
    }

    fn collect_head(&mut self, tag: &str, doc: &Tree, node: usize) {
        let el = &doc.nodes[node];
        match tag {
            "meta" => {
                let key = el
                    .attr("property")
                    .or_else(|| el.attr("name"))
                    .or_else(|| el.attr("itemprop"));
                // A date's value may sit in `datetime` (`<meta itemprop="dateCreated" datetime=…>`).
                let value = el.attr("content").or_else(|| el.attr("datetime"));
                if let (Some(k), Some(c)) = (key, value) {
                    // Some frameworks ship JSON-LD as `<meta name="script:ld+json" content="{…}">`.
                    if k.trim().eq_ignore_ascii_case("script:ld+json") {
                        self.head.jsonld.push(c.to_string());
                        return;
                    }
                    // RDFa lets one element state several properties
                    // (`property="og:title twitter:title"`).
                    for k in k.split_whitespace() {
                        self.head
                            .metas
                            .push((k.to_ascii_lowercase(), c.trim().to_string()));
                    }
                } else if let (Some(k), Some(c)) = (el.attr("http-equiv"), el.attr("content")) {
                    self.head
                        .metas
                        .push((k.trim().to_ascii_lowercase(), c.trim().to_string()));
                }
            }
            "link" => {
                if let Some(h) = el.attr("href") {
                    self.head.links.push((
                        el.attr("rel").unwrap_or("").to_ascii_lowercase(),
                        h.trim().to_string(),
                        el.attr("type").unwrap_or("").trim().to_ascii_lowercase(),
                        el.attr("title").map(str::to_string),
                    ));
                }
            }
            "title" if self.head.title.is_empty() => {
                // The first <title> outside <svg> is the document's.
                let in_svg = doc.ancestors(node).any(|a| {
                    let a = &doc.nodes[a];
                    a.kind == Kind::Element && a.local() == "svg"
                });
                if !in_svg {
                    self.head.title = doc.text_content(node);
                }
            }
            "script"
                if el
                    .attr("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
            {
                self.head.jsonld.push(doc.text_content(node));
            }
            _ => {}
        }
    }

    /// Collapsed text of a subtree.
    pub fn text_of(&self, i: usize) -> String {
        let mut out = String::new();
        self.push_text(i, &mut out);
        collapse(&out)
    }

    /// Collapsed text of a subtree, or `None` when its raw text exceeds `limit` bytes; it stops
    /// early, so probing big wrappers stays cheap.
    pub fn short_text_of(&self, i: usize, limit: usize) -> Option<String> {
        let mut out = String::new();
        let mut stack = vec![i];
        while let Some(j) = stack.pop() {
            let n = &self.nodes[j];
            if n.is_text() {
                out.push_str(&n.text);
                if out.len() > limit * 4 + 64 {
                    return None;
                }
            } else {
                out.push(' ');
                stack.extend(n.children.iter().rev());
            }
        }
        let c = collapse(&out);
        (c.len() <= limit).then_some(c)
    }

    /// Whether node `i` or one of its nearest ancestors (`levels` nodes in all, `i` included)
    /// satisfies `pred`: "inside a nav", "in a figure", judged close by, not page-wide.
    pub fn near_ancestor(&self, mut i: usize, levels: usize, pred: impl Fn(&N) -> bool) -> bool {
        for _ in 0..levels {
            let n = &self.nodes[i];
            if pred(n) {
                return true;
            }
            if i == 0 || n.parent == i {
                return false;
            }
            i = n.parent;
        }
        false
    }

    /// The subtree's text nodes as separate collapsed pieces joined by `" | "` (so an element
    /// boundary stays visible: "By | Jane Doe | Senior Editor"), with bare connectors (",",
    /// "and", "&") kept inline; `None` when the raw text exceeds `limit` bytes.
    pub fn segmented_text_of(&self, i: usize, limit: usize) -> Option<String> {
        let mut out = String::new();
        let mut raw = 0usize;
        let mut stack = vec![i];
        let mut glue = false;
        while let Some(j) = stack.pop() {
            let n = &self.nodes[j];
            if n.is_text() {
                raw += n.text.len();
                if raw > limit * 4 + 64 {
                    return None;
                }
                let c = collapse(&n.text);
                if c.is_empty() {
                    continue;
                }
                let lc = c.to_lowercase();
                if matches!(lc.as_str(), "," | "and" | "&" | ", and" | "、" | "，") {
                    if lc == "," || lc == "、" || lc == "，" {
                        out.push_str(", ");
                    } else {
                        // ", and" hangs on the name before it: "Wang, and Tom Watkins".
                        if !c.starts_with(',') {
                            out.push(' ');
                        }
                        out.push_str(&c);
                        out.push(' ');
                    }
                    glue = true;
                    continue;
                }
                if !out.is_empty() && !glue {
                    out.push_str(" | ");
                }
                glue = false;
                out.push_str(&c);
            } else {
                stack.extend(n.children.iter().rev());
            }
        }
        (out.len() <= limit * 2).then_some(out)
    }

    fn push_text(&self, i: usize, out: &mut String) {
        let mut stack = vec![i];
        while let Some(j) = stack.pop() {
            let n = &self.nodes[j];
            if n.is_text() {
                out.push_str(&n.text);
            } else {
                if matches!(n.tag.as_str(), "br" | "p" | "div" | "li" | "td") {
                    out.push(' ');
                }
                stack.extend(n.children.iter().rev());
            }
        }
    }
}

/// The slug Markdown and Sphinx make of a heading for its id: lower-case words joined by `-`
/// ("Sharing with a single developer" gives "sharing-with-a-single-developer").
pub fn slug(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Collapses runs of whitespace to one space and trims.
pub fn collapse(s: &str) -> String {
    storyline_core::text::collapse_whitespace(s)
}

#[cfg(test)]
mod tests {
    use super::home_href;

    #[test]
    fn front_page_addresses() {
        for h in [
            "/",
            "./",
            "/index.html",
            "https://example.com/",
            "http://example.com",
            " / ",
        ] {
            assert!(home_href(h), "{h}");
        }
        for h in [
            "/news/",
            "#",
            "https://example.com/a/b",
            "mailto:x@y.z",
            "index.html?p=2",
            "",
        ] {
            assert!(!home_href(h), "{h}");
        }
    }
}
