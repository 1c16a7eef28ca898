//! Finding the article body. Three steps, each cheap on the arena:
//! 1. prune: drop subtrees that are navigation, chrome or promotion by tag, ARIA role or class/id
//!    words (share, related, newsletter, comment, ...), unless they hold most of the page's text;
//! 2. score: readability-style paragraph scores propagated to ancestors and scaled by link density
//!    pick the main container, and siblings that look like continuations join it;
//! 3. emit: paragraphs, headings, list items and table rows become blank-line-separated blocks,
//!    skipping link lists and stock boilerplate lines inside the body.

use std::collections::HashMap;

use crate::dom::{collapse, Dom};

/// Per-node figures over live (unpruned) descendants.
#[derive(Debug, Default, Clone, Copy)]
struct Stat {
    /// Characters of collapsed text.
    tlen: usize,
    /// Characters inside links.
    llen: usize,
    /// Characters inside `<p>`-like blocks.
    plen: usize,
    commas: usize,
}

const STRONG_NEG: &[&str] = &[
    "comment",
    "related",
    "share",
    "sharing",
    "social",
    "newsletter",
    "cookie",
    "subscri",
    "sponsor",
    "outbrain",
    "taboola",
    "breadcrumb",
    "popup",
    "modal",
    "sr-only",
    "screen-reader",
    "visually-hidden",
    "visuallyhidden",
    "byline",
    "author-bio",
    "authorbio",
    "about-author",
    "recommend",
    "most-popular",
    "mostpopular",
    "most-read",
    "mostread",
    "trending",
    "advert",
    "promo",
    "signup",
    "sign-up",
    "disqus",
    "read-more",
    "readmore",
    "more-stories",
    "newsfeed",
    "skip-link",
    "skiplink",
    "gdpr",
    "consent",
    "paywall",
    "print-only",
    "jump-link",
    "tooltip",
    "footnotes",
    "popover",
    "hovercard",
    "hover-card",
    "rollover",
    "post-navigation",
    "postnav",
    "dateline",
    "timestamp",
    "pagination",
    "toolbar",
    "login",
    "masthead",
    "follow-us",
    "author-box",
    "authorbox",
    "post-meta",
    "entry-meta",
    "article-meta",
    "tag-list",
    "taglist",
    "article-tags",
    "post-tags",
    "entry-tags",
    "topics-list",
    "donat",
    "support-us",
    "supportus",
    "support-pay",
];
const WEAK_NEG_SUB: &[&str] = &[
    "sidebar",
    "footer",
    "header",
    "menu",
    "banner",
    "navbar",
    "navigation",
    "carousel",
    "slider",
    "overlay",
    "lightbox",
    "caption",
    "credit",
    "metadata",
    "tools",
    "rating",
];
const WEAK_NEG_TOK: &[&str] = &[
    "ad", "ads", "nav", "tags", "tag", "meta", "author", "date", "time", "print", "rss", "email",
    "follow", "hide", "aside", "extra", "sharebar", "dialog", "modal", "social", "teaser", "video",
    "adslot", "ad-slot", "topics", "keywords", "info", "cta",
];
const POS: &[&str] = &[
    "article",
    "body",
    "content",
    "entry",
    "main",
    "story",
    "post-text",
    "text",
    "prose",
    "blog",
];

fn has_token(cls: &str, words: &[&str]) -> bool {
    cls.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|t| words.contains(&t))
}

fn has_sub(cls: &str, words: &[&str]) -> bool {
    words.iter().any(|w| cls.contains(w))
}

/// Which word lists a class string contains a word of: strongly negative, weakly negative,
/// positive.
#[derive(Default, Clone, Copy)]
struct ClassHits {
    strong: bool,
    weak: bool,
    pos: bool,
}

/// Every class word of the three lists in one automaton; a match's pattern index tells its list.
struct ClassWords {
    automaton: aho_corasick::AhoCorasick,
    /// The list of each pattern: 0 strong, 1 weak, 2 positive.
    list: Vec<u8>,
}

/// One pass over a class string for all three lists at once (tailwind-style pages carry class
/// strings hundreds of bytes long on thousands of elements).
fn class_hits(cls: &str) -> ClassHits {
    static WORDS: std::sync::LazyLock<Option<ClassWords>> = std::sync::LazyLock::new(|| {
        let mut words = Vec::new();
        let mut list = Vec::new();
        for (l, ws) in [(0u8, STRONG_NEG), (1, WEAK_NEG_SUB), (2, POS)] {
            for w in ws {
                words.push(*w);
                list.push(l);
            }
        }
        // Only fails on limits far beyond three short word lists.
        let automaton = aho_corasick::AhoCorasick::new(&words).ok()?;
        Some(ClassWords { automaton, list })
    });
    let mut h = ClassHits::default();
    let Some(w) = WORDS.as_ref() else {
        return h;
    };
    for m in w.automaton.find_overlapping_iter(cls) {
        // A "subheader" is a heading inside the article, not the page's header.
        let before = &cls[..m.start()];
        if cls[m.start()..].starts_with("header")
            && ["sub", "sub-", "sub_"].iter().any(|p| before.ends_with(p))
        {
            continue;
        }
        match w.list[m.pattern().as_usize()] {
            0 => h.strong = true,
            1 => h.weak = true,
            _ => h.pos = true,
        }
        if h.strong && h.weak && h.pos {
            break;
        }
    }
    h
}

/// How a class/id string reads: strongly negative, weakly negative, positive, neutral.
#[derive(Debug, PartialEq, Clone, Copy)]
enum ClassKind {
    Strong,
    Weak,
    Pos,
    Neutral,
}

fn class_kind(cls: &str) -> ClassKind {
    if cls.is_empty() {
        return ClassKind::Neutral;
    }
    kind_of(cls, class_hits(cls))
}

/// [`class_kind`] from the word lists a class string hits.
fn kind_of(cls: &str, hits: ClassHits) -> ClassKind {
    // Taxonomy classes ("category-social-media", "tag-comments") describe the topic, not the role.
    if cls
        .split_whitespace()
        .any(|c| c.starts_with("category-") || c.starts_with("tag-"))
    {
        let kept: String = cls
            .split_whitespace()
            .filter(|c| !(c.starts_with("category-") || c.starts_with("tag-")))
            .collect::<Vec<_>>()
            .join(" ");
        return class_kind(&kept);
    }
    let pos = hits.pos;
    if hits.strong {
        // "comment" inside "article-content comments-enabled" is a hint, not a verdict.
        return if pos {
            ClassKind::Weak
        } else {
            ClassKind::Strong
        };
    }
    if hits.weak || has_token(cls, WEAK_NEG_TOK) {
        return if pos { ClassKind::Pos } else { ClassKind::Weak };
    }
    if pos {
        ClassKind::Pos
    } else {
        ClassKind::Neutral
    }
}

fn class_weight(kind: ClassKind) -> f64 {
    match kind {
        ClassKind::Strong => -50.0,
        ClassKind::Weak => -25.0,
        ClassKind::Pos => 25.0,
        ClassKind::Neutral => 0.0,
    }
}

fn is_para_tag(t: &str) -> bool {
    matches!(t, "p" | "pre" | "blockquote")
}

fn is_block(t: &str) -> bool {
    matches!(
        t,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "blockquote"
            | "pre"
            | "table"
            | "tbody"
            | "thead"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "dl"
            | "dt"
            | "dd"
            | "figure"
            | "figcaption"
            | "header"
            | "footer"
            | "address"
            | "hr"
            | "center"
            | "details"
            | "summary"
            | "form"
            | "fieldset"
            | "nav"
            | "aside"
            | "body"
            | "html"
            | "caption"
            | "hgroup"
            | "picture"
    )
}

fn text_len(s: &str) -> usize {
    if s.is_ascii() {
        // Most text nodes: bytes are characters, and ASCII white space is these six.
        collapsed_len(
            s.bytes()
                .map(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')),
        )
    } else {
        collapsed_len(s.chars().map(char::is_whitespace))
    }
}

/// Collapsed length without allocating, from each character's "is white space": the characters
/// of the words plus one per gap between them.
fn collapsed_len(spaces: impl Iterator<Item = bool>) -> usize {
    let mut n = 0;
    let mut in_word = false;
    let mut started = false;
    for space in spaces {
        if space {
            in_word = false;
        } else {
            if !in_word && started {
                n += 1;
            }
            in_word = true;
            started = true;
            n += 1;
        }
    }
    n
}

fn count_commas(s: &str) -> usize {
    if s.is_ascii() {
        return memchr::memchr_iter(b',', s.as_bytes()).count();
    }
    s.chars()
        .filter(|c| matches!(c, ',' | '，' | '、' | '。' | '،'))
        .count()
}

/// The extraction state over one page.
pub struct Content<'a> {
    dom: &'a Dom,
    dead: Vec<bool>,
    stat: Vec<Stat>,
    body: usize,
    /// Each node's [`class_kind`], read many times per node: computed once.
    kind: Vec<ClassKind>,
    /// Each node's chrome hint (see [`Content::chrome_hint`]), computed once.
    chrome: Vec<bool>,
    /// Each text node's own figures (they never change; the tree's sums do as nodes die).
    text_stat: Vec<Stat>,
}

/// Whether one of the element's class/id words is the slug of its first child heading's text.
fn named_by_heading(dom: &Dom, x: &crate::dom::N) -> bool {
    let Some(&h) = x
        .children
        .iter()
        .find(|&&c| !dom.nodes[c].is_text() || !dom.nodes[c].text.trim().is_empty())
    else {
        return false;
    };
    if !matches!(
        dom.nodes[h].tag.as_str(),
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
    ) {
        return false;
    }
    let Some(text) = dom.short_text_of(h, 200) else {
        return false;
    };
    let slug = crate::dom::slug(&text);
    slug.contains('-') && x.cls.split_whitespace().any(|t| t == slug)
}

/// Whether `STORYLINE_EXTRACT_DEBUG` asks for the pruning and root choices on stderr (read once:
/// the prune loop asks for every removed node).
fn debug() -> bool {
    static DEBUG: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *DEBUG.get_or_init(|| std::env::var_os("STORYLINE_EXTRACT_DEBUG").is_some())
}

/// Typographic apostrophes as plain ones, for comparing a heading with the title.
fn fold_apostrophes(s: &str) -> String {
    s.replace(['\u{2019}', '\u{2018}'], "'")
}

/// Extracted body text, blocks separated by blank lines.
pub fn extract_body(dom: &Dom, title: &str) -> String {
    let mut c = Content::new(dom);
    c.prune();
    c.compute_stats();
    let roots = c.pick();
    let mut text = c.emit(&roots, title);
    if text_len(&text) < 200 {
        // The scorer found nothing convincing: fall back to the whole pruned body.
        let whole = c.emit(&[c.body], title);
        if text_len(&whole) > text_len(&text) {
            text = whole;
        }
        // A page whose only words are its menus, sidebars and footer ("Home", "© 2026 Wire")
        // has no article: its boilerplate is not one.
        if !c.has_text_outside_chrome() {
            text.clear();
        }
    }
    text
}

impl<'a> Content<'a> {
    fn new(dom: &'a Dom) -> Self {
        let n = dom.nodes.len();
        let body = dom.nodes.iter().position(|x| x.tag == "body").unwrap_or(0);
        let mut kind = Vec::with_capacity(n);
        let mut chrome = Vec::with_capacity(n);
        // Pages repeat a handful of class strings on hundreds of elements (menu items, cards):
        // each distinct string is read once.
        let mut seen: HashMap<&str, (ClassKind, bool)> = HashMap::new();
        for x in &dom.nodes {
            let chrome_tag = matches!(x.tag.as_str(), "nav" | "footer" | "aside");
            if x.cls.is_empty() {
                kind.push(ClassKind::Neutral);
                chrome.push(chrome_tag && x.itemprop != "articlebody");
                continue;
            }
            let (k, chrome_class) = *seen.entry(x.cls.as_str()).or_insert_with(|| {
                let hits = class_hits(&x.cls);
                let k = kind_of(&x.cls, hits);
                // Only unambiguous words: "hide-bottom-border" or "meta" are styling, and
                // "entry-content-read-more" mixes roles.
                let chrome_class = !hits.pos
                    && (k == ClassKind::Strong || has_sub(&x.cls, &["footer", "sidebar"]));
                (k, chrome_class)
            });
            // A section whose id is its heading's slug (Markdown and Sphinx give every section
            // one: "sharing-with-a-single-developer") is named by the text, not by the page.
            if k != ClassKind::Neutral && named_by_heading(dom, x) {
                kind.push(ClassKind::Neutral);
                chrome.push(chrome_tag && x.itemprop != "articlebody");
                continue;
            }
            kind.push(k);
            chrome.push(x.itemprop != "articlebody" && (chrome_tag || chrome_class));
        }
        let text_stat = dom
            .nodes
            .iter()
            .map(|x| {
                if x.is_text() {
                    Stat {
                        tlen: text_len(&x.text),
                        llen: 0,
                        plen: 0,
                        commas: count_commas(&x.text),
                    }
                } else {
                    Stat::default()
                }
            })
            .collect();
        let mut c = Content {
            dom,
            dead: vec![false; n],
            stat: vec![Stat::default(); n],
            body,
            kind,
            chrome,
            text_stat,
        };
        c.compute_stats();
        c
    }

    /// Bottom-up figures; children always follow their parent in preorder.
    fn compute_stats(&mut self) {
        let nodes = &self.dom.nodes;
        for s in self.stat.iter_mut() {
            *s = Stat::default();
        }
        for i in (0..nodes.len()).rev() {
            if self.dead[i] {
                continue;
            }
            let n = &nodes[i];
            if n.is_text() {
                self.stat[i] = self.text_stat[i];
            } else {
                let mut s = Stat::default();
                for &ch in &n.children {
                    if self.dead[ch] {
                        continue;
                    }
                    let cs = self.stat[ch];
                    s.tlen += cs.tlen + usize::from(nodes[ch].is_text() && cs.tlen > 0);
                    s.llen += cs.llen;
                    s.plen += cs.plen;
                    s.commas += cs.commas;
                }
                if n.tag == "a" {
                    s.llen = s.tlen;
                }
                if is_para_tag(&n.tag) {
                    s.plen = s.tlen;
                }
                self.stat[i] = s;
            }
        }
    }

    fn kill(&mut self, i: usize) {
        self.dead[i] = true;
    }

    /// Marks chrome and promotion subtrees dead.
    fn prune(&mut self) {
        self.prune_signup_boxes();
        let nodes = &self.dom.nodes;
        let total = self.stat[self.body].tlen.max(1) as f64;
        let total_p = self.stat[self.body].plen.max(1) as f64;
        let mut i = self.body + 1;
        // Preorder walk; a killed node's subtree is skipped by jumping over its descendants.
        let mut skip_until = vec![false; nodes.len()];
        // Gated pages mark each paragraph after the first few (`<p class="paywall">`), across
        // the several containers a story's body is cut into by figures and ads.
        let mut gated: HashMap<&str, (usize, usize)> = HashMap::new();
        for (j, x) in nodes.iter().enumerate() {
            if x.tag == "p" && x.cls.contains("paywall") {
                let e = gated.entry(x.cls.as_str()).or_default();
                e.0 += 1;
                e.1 += self.stat[j].tlen;
            }
        }
        let gated_page = |cls: &str| {
            gated
                .get(cls)
                .is_some_and(|&(n, len)| n >= 5 && len >= 1000)
        };
        while i < nodes.len() {
            if skip_until[i] || self.dead[nodes[i].parent] {
                self.dead[i] = true;
                i += 1;
                continue;
            }
            let n = &nodes[i];
            if n.is_text() {
                i += 1;
                continue;
            }
            let st = self.stat[i];
            let share = st.tlen as f64 / total;
            let pshare = st.plen as f64 / total_p;
            let tag_kill = match n.tag.as_str() {
                "nav" | "footer" | "aside" | "form" | "header" => pshare < 0.5 && share < 0.6,
                // A caption describes a picture; it is not the article's prose.
                "figcaption" => share < 0.5,
                "figure" | "picture" | "img" => false,
                _ => false,
            };
            let role_kill = matches!(
                n.itemprop.as_str(),
                "" | "articlebody" | "text" | "description"
            ) && self.role_of(i).is_some_and(|r| {
                matches!(
                    r,
                    "navigation"
                        | "complementary"
                        | "banner"
                        | "contentinfo"
                        | "dialog"
                        | "alert"
                        | "search"
                        | "menu"
                        | "menubar"
                )
            }) && share < 0.5;
            let class_kill = match self.kind[i] {
                ClassKind::Strong => share < 0.5 && pshare < 0.6,
                ClassKind::Weak => share < 0.2 && pshare < 0.25,
                _ => false,
            };
            // A wrapper ("video-container", "social-media-embed") around an embedded post (a
            // quoted tweet) holds a quotation the article makes.
            let class_kill = class_kill && !self.holds_embedded_post(i);
            // "paywall" marks the prompt, but gated pages also wrap the story's remaining
            // paragraphs in it: long prose is the article.
            let class_kill = class_kill
                && !(n.cls.contains("paywall")
                    && ((st.tlen >= 500 && st.plen * 10 >= st.tlen * 8)
                        || self.in_gated_run(i)
                        || (n.tag == "p" && gated_page(&n.cls))));
            // However long: a gallery of fifty captions can outweigh the story it is set in,
            // as long as the page has prose of its own besides.
            let legends_kill = matches!(n.tag.as_str(), "ul" | "ol" | "div" | "section")
                && self.stat[self.body].plen.saturating_sub(st.plen) >= 800
                && self.is_slide_legends(i);
            // Keep the element that declares itself the article body.
            let protected = n.itemprop == "articlebody";
            if !protected && (tag_kill || role_kill || class_kill || legends_kill) {
                if debug() {
                    eprintln!(
                        "prune {} {:?} share={share:.2} pshare={pshare:.2}",
                        n.tag, n.cls
                    );
                }
                self.kill(i);
                // Mark descendants quickly (they follow contiguously in preorder).
                let end = self.subtree_end(i);
                skip_until[i + 1..end].fill(true);
                self.dead[i + 1..end].fill(true);
                i = end;
                continue;
            }
            i += 1;
        }
    }

    /// A slideshow's legends: a list whose items (three or more) each open with the slide's
    /// counter ("1/50 Uber called to account", "2 of 50 …"), counting up to one total: the
    /// captions of a gallery set in the page, not the article's prose. (A recipe's "1/4 cup",
    /// "1/4 teaspoon", "3/4 cup" do not count up.)
    fn is_slide_legends(&self, i: usize) -> bool {
        let nodes = &self.dom.nodes;
        let mut items = 0;
        let mut counted = 0;
        let mut of = None;
        let mut last = 0;
        for &c in &nodes[i].children {
            if nodes[c].is_text() {
                continue;
            }
            items += 1;
            if let Some((k, n)) = self.leading_counter(c) {
                if k > n || k <= last || of.is_some_and(|o| o != n) {
                    return false;
                }
                of = Some(n);
                last = k;
                counted += 1;
            }
        }
        counted >= 3 && counted * 10 >= items * 8
    }

    /// The "k/N" or "k of N" that the first text below `i` opens with.
    fn leading_counter(&self, i: usize) -> Option<(u32, u32)> {
        let nodes = &self.dom.nodes;
        let mut stack = vec![i];
        let mut steps = 0;
        let text = loop {
            let j = stack.pop()?;
            steps += 1;
            if steps > 24 {
                return None;
            }
            if nodes[j].is_text() {
                if !nodes[j].text.trim().is_empty() {
                    break nodes[j].text.trim_start();
                }
            } else {
                stack.extend(nodes[j].children.iter().rev());
            }
        };
        let mut w = text.split_whitespace();
        let first = w.next()?;
        let (a, b) = match first.split_once('/') {
            Some((a, b)) => (a, b),
            None => match (w.next(), w.next()) {
                (Some(of), Some(b)) if of.eq_ignore_ascii_case("of") => (first, b),
                _ => return None,
            },
        };
        Some((a.parse().ok()?, b.parse().ok()?))
    }

    /// A `<p>` among sibling paragraphs of the same gated class (`<p class="paywall">` on each
    /// paragraph after the first few) that together run long: the story's text, however short
    /// this one paragraph is.
    fn in_gated_run(&self, i: usize) -> bool {
        let nodes = &self.dom.nodes;
        let n = &nodes[i];
        if n.tag != "p" {
            return false;
        }
        let mut count = 0;
        let mut len = 0;
        for &ch in &nodes[n.parent].children {
            let c = &nodes[ch];
            if c.tag == "p" && c.cls == n.cls {
                count += 1;
                len += self.stat[ch].tlen;
            }
        }
        count >= 3 && len >= 400
    }

    /// An embedded social post (`<blockquote class="twitter-tweet">` and the like) in the subtree.
    fn holds_embedded_post(&self, i: usize) -> bool {
        let nodes = &self.dom.nodes;
        (i + 1..self.subtree_end(i)).any(|j| {
            nodes[j].tag == "blockquote"
                && ["twitter-tweet", "instagram-media", "tiktok-embed"]
                    .iter()
                    .any(|c| nodes[j].cls.contains(c))
        })
    }

    fn role_of(&self, i: usize) -> Option<&str> {
        let r = self.dom.nodes[i].role.as_str();
        (!r.is_empty()).then_some(r)
    }

    /// A box with an e-mail field is a newsletter sign-up or a contact form, one that names the
    /// Ctrl+Enter key a typo report: the largest element around the field (or key) that is
    /// still short (the box's pitch and labels) goes, subtree and all.
    fn prune_signup_boxes(&mut self) {
        const BOX_CHARS: usize = 300;
        let nodes = &self.dom.nodes;
        for i in 0..nodes.len() {
            if !(nodes[i].email_field || is_error_report_key(&nodes[i]))
                || self.stat[i].tlen > BOX_CHARS
            {
                continue;
            }
            let mut top = i;
            while nodes[top].parent != top
                && nodes[top].parent > self.body
                && self.stat[nodes[top].parent].tlen <= BOX_CHARS
            {
                top = nodes[top].parent;
            }
            if top > self.body && nodes[top].itemprop != "articlebody" {
                let end = self.subtree_end(top);
                self.dead[top..end].fill(true);
            }
        }
    }

    /// One past the last descendant of `i` in preorder.
    fn subtree_end(&self, i: usize) -> usize {
        let nodes = &self.dom.nodes;
        let mut j = i;
        while let Some(&last) = nodes[j].children.last() {
            j = last;
        }
        j + 1
    }

    fn link_density(&self, i: usize) -> f64 {
        let s = self.stat[i];
        if s.tlen == 0 {
            0.0
        } else {
            s.llen as f64 / s.tlen as f64
        }
    }

    /// The article's roots: the readability-style pick, or the text-mass pick when the former
    /// covers too little of the article.
    fn pick(&self) -> Vec<usize> {
        let (mass, best) = self.pick_by_mass();
        let roots = self.pick_roots();
        if debug() {
            for &r in &roots {
                let n = &self.dom.nodes[r];
                eprintln!(
                    "root {r} {} {:?} mass={:.0} best={best}",
                    n.tag, n.cls, mass[r]
                );
            }
        }
        // The readability pick is tighter; trust it unless it holds under a third of the text
        // mass of the best container (the article is split into many sibling sections).
        let mr: f64 = roots.iter().map(|&r| mass[r]).sum();
        if mr < 0.3 * mass[best] {
            return vec![best];
        }
        // Siblings of the pick whose prose is too deep for the paragraph scores to reach
        // (sections of nested wrappers) still continue the article when they carry real mass.
        let nodes = &self.dom.nodes;
        let Some(&first) = roots.first() else {
            return roots;
        };
        let parent = nodes[first].parent;
        if parent < self.body || roots.iter().any(|&r| nodes[r].parent != parent) {
            return roots;
        }
        let kids: Vec<usize> = nodes[parent]
            .children
            .iter()
            .copied()
            .filter(|&c| !self.dead[c] && !nodes[c].is_text() && self.stat[c].tlen > 0)
            .collect();
        let mut keep: Vec<bool> = kids
            .iter()
            .map(|&c| {
                roots.contains(&c)
                    || !self.chrome_hint(c)
                        && mass[c] >= SIB_MASS_MIN.max(SIB_MASS_SHARE * mr)
                        && self.link_density(c) < 0.1
                        && self.links_in(c) * 1000 < 8 * self.stat[c].tlen
            })
            .collect();
        // Paragraphs wrapped one to an element join the article where they run on from it.
        let wrapped: Vec<bool> = kids.iter().map(|&c| self.wrapped_paragraph(c)).collect();
        for k in 1..kids.len() {
            keep[k] |= wrapped[k] && keep[k - 1];
        }
        for k in (0..kids.len().saturating_sub(1)).rev() {
            keep[k] |= wrapped[k] && keep[k + 1];
        }
        // `<div class="article__lead">` right before the body: the outlet's own opening
        // paragraph, set apart by style only.
        for k in (0..kids.len().saturating_sub(1)).rev() {
            keep[k] |= keep[k + 1] && self.lead_block(kids[k]);
        }
        kids.into_iter()
            .zip(keep)
            .filter_map(|(c, k)| k.then_some(c))
            .collect()
    }

    /// A block marked as the article's lead or standfirst (a class word "lead", "lede",
    /// "standfirst") holding one link-free sentence or more of prose.
    fn lead_block(&self, i: usize) -> bool {
        let n = &self.dom.nodes[i];
        if !matches!(n.tag.as_str(), "div" | "p" | "section") || self.chrome_hint(i) {
            return false;
        }
        let st = self.stat[i];
        // (Class and id strings are lower-cased when the arena is built.)
        has_token(&n.cls, &["lead", "lede", "standfirst"])
            && st.tlen > 60
            && st.llen == 0
            && self
                .live_text(i)
                .ends_with(['.', '!', '?', '"', '\u{201d}', '。'])
    }

    /// `<div class="secondPar"><p>One paragraph of prose.</p></div>`: a page that wraps each
    /// paragraph in an element of its own; too light alone to pass for a continuation by mass.
    fn wrapped_paragraph(&self, i: usize) -> bool {
        let nodes = &self.dom.nodes;
        if nodes[i].tag != "div" || self.chrome_hint(i) {
            return false;
        }
        let mut only = None;
        for &c in &nodes[i].children {
            if self.dead[c] || self.stat[c].tlen == 0 {
                continue;
            }
            if only.is_some() || nodes[c].tag != "p" {
                return false;
            }
            only = Some(c);
        }
        let Some(p) = only else {
            return false;
        };
        let st = self.stat[p];
        st.tlen > 80
            && st.llen == 0
            && self
                .live_text(p)
                .ends_with(['.', '!', '?', '"', '\u{201d}', '。'])
    }

    /// Text mass: every block of text gets a weight (long prose positive, link lists and stray
    /// short lines negative), and the container whose subtree sums highest is the article.
    /// Returns the per-node masses and that container.
    fn pick_by_mass(&self) -> (Vec<f64>, usize) {
        let nodes = &self.dom.nodes;
        let n = nodes.len();
        // Own (not nested-block) text of each block element, and how much of it is link text.
        let mut own = vec![0usize; n];
        let mut own_link = vec![0usize; n];
        for i in self.body..n {
            if self.dead[i] || !nodes[i].is_text() {
                continue;
            }
            let l = self.stat[i].tlen;
            if l == 0 {
                continue;
            }
            let mut a = nodes[i].parent;
            let mut in_link = false;
            while a > self.body && !is_block(&nodes[a].tag) {
                in_link |= nodes[a].tag == "a";
                a = nodes[a].parent;
            }
            own[a] += l + 1;
            if in_link {
                own_link[a] += l + 1;
            }
        }
        let mut mass = vec![0f64; n];
        for i in (self.body..n).rev() {
            if self.dead[i] || nodes[i].is_text() {
                continue;
            }
            mass[i] += block_weight(&nodes[i].tag, own[i], own_link[i]);
            if self.chrome_hint(i) {
                // A footer or sidebar that was too big to prune adds no article mass.
                mass[i] = mass[i].min(0.0);
            }
            if i > self.body {
                let p = nodes[i].parent;
                let m = mass[i];
                mass[p] += m;
            }
        }
        // Nothing inside a footer or sidebar can be the article.
        let mut in_chrome = vec![false; n];
        let mut best = self.body;
        for i in self.body..n {
            if self.dead[i] || nodes[i].is_text() {
                continue;
            }
            in_chrome[i] = (i > self.body && in_chrome[nodes[i].parent]) || self.chrome_hint(i);
            if !in_chrome[i] && mass[i] >= mass[best] {
                best = i;
            }
        }
        if debug() {
            let mut v: Vec<usize> = (self.body..n)
                .filter(|&i| !self.dead[i] && !nodes[i].is_text())
                .collect();
            v.sort_by(|&a, &b| mass[b].total_cmp(&mass[a]));
            let mut a = best;
            while a > self.body {
                a = nodes[a].parent;
                eprintln!("up {a} {:.0} {} {:?}", mass[a], nodes[a].tag, nodes[a].cls);
            }
            for &i in v.iter().take(12) {
                eprintln!(
                    "mass {i} {:.0} {} {:?} tlen={} own={} link={}",
                    mass[i], nodes[i].tag, nodes[i].cls, self.stat[i].tlen, own[i], own_link[i]
                );
            }
        }
        (mass, best)
    }

    /// Tag or class says navigation, footer, sidebar or promotion.
    fn chrome_hint(&self, i: usize) -> bool {
        self.chrome[i]
    }

    /// Whether any live text under the body lies outside `<nav>`, `<footer>` and `<aside>`.
    fn has_text_outside_chrome(&self) -> bool {
        let nodes = &self.dom.nodes;
        let mut stack = vec![self.body];
        while let Some(i) = stack.pop() {
            let n = &nodes[i];
            if self.dead[i]
                || (self.chrome[i] && matches!(n.tag.as_str(), "nav" | "footer" | "aside"))
            {
                continue;
            }
            if n.is_text() {
                if !n.text.trim().is_empty() {
                    return true;
                }
                continue;
            }
            stack.extend(n.children.iter().copied());
        }
        false
    }

    /// Readability-style candidate scoring; returns the nodes whose text forms the article.
    fn pick_roots(&self) -> Vec<usize> {
        let nodes = &self.dom.nodes;
        let n = nodes.len();
        let mut score = vec![0f64; n];
        let mut init = vec![false; n];
        for i in self.body..n {
            if self.dead[i] || nodes[i].is_text() {
                continue;
            }
            let tag = nodes[i].tag.as_str();
            let st = self.stat[i];
            let scorable = match tag {
                "p" | "pre" | "td" | "blockquote" => true,
                "div" | "section" | "span" | "font" => {
                    self.direct_text_len(i) >= 25 || !self.has_block_child(i)
                }
                _ => false,
            };
            if !scorable || st.tlen < 25 {
                continue;
            }
            let mut s = 1.0 + st.commas as f64 + (st.tlen as f64 / 100.0).floor().min(3.0);
            if tag == "td" || tag == "span" {
                s *= 0.5;
            }
            let mut a = nodes[i].parent;
            let mut level = 0;
            while level < 5 && a != 0 && a >= self.body {
                if !init[a] {
                    init[a] = true;
                    score[a] = self.base_score(a);
                }
                let div = match level {
                    0 => 1.0,
                    1 => 2.0,
                    l => l as f64 * 3.0,
                };
                score[a] += s / div;
                a = nodes[a].parent;
                level += 1;
            }
        }
        let mut best: Option<usize> = None;
        let mut best_score = f64::MIN;
        for i in 0..n {
            if init[i] {
                score[i] *= 1.0 - self.link_density(i);
                if score[i] > best_score {
                    best_score = score[i];
                    best = Some(i);
                }
            }
        }
        let Some(mut top) = best else {
            return vec![self.body];
        };
        // Several strong candidates under one ancestor: the ancestor is the article.
        let strong: Vec<usize> = (0..n)
            .filter(|&i| init[i] && i != top && score[i] >= best_score * 0.75)
            .collect();
        if strong.len() >= 2 && strong.len() <= 64 {
            let mut a = nodes[top].parent;
            while a > self.body {
                let inside = strong.iter().filter(|&&s| self.is_ancestor(a, s)).count();
                if inside >= 2 {
                    top = a;
                    break;
                }
                a = nodes[a].parent;
            }
        }
        // Climb while the parent scores better (the paragraphs are split across wrappers).
        let mut last = score[top];
        let mut p = nodes[top].parent;
        while p > self.body {
            if !init[p] {
                p = nodes[p].parent;
                continue;
            }
            if score[p] < last / 3.0 {
                break;
            }
            if score[p] > last {
                top = p;
                break;
            }
            last = score[p];
            p = nodes[p].parent;
        }
        // An only child stands for its parent.
        while top > self.body {
            let p = nodes[top].parent;
            if p <= self.body {
                break;
            }
            let live_children = nodes[p]
                .children
                .iter()
                .filter(|&&c| !self.dead[c] && self.stat[c].tlen > 0)
                .count();
            if live_children == 1 {
                top = p;
            } else {
                break;
            }
        }
        // Siblings that continue the article.
        let parent = nodes[top].parent;
        let threshold = (score[top] * 0.2).max(10.0);
        let mut roots = Vec::new();
        for &s in &nodes[parent].children {
            if self.dead[s] || nodes[s].is_text() {
                continue;
            }
            if s == top {
                roots.push(s);
                continue;
            }
            let mut bonus = 0.0;
            if !nodes[top].cls.is_empty() && nodes[s].cls == nodes[top].cls {
                bonus = score[top] * 0.2;
            }
            let st = self.stat[s];
            let ld = self.link_density(s);
            let ok = (init[s] && score[s] + bonus >= threshold && ld < 0.3)
                || (nodes[s].tag == "p" && st.tlen > 80 && ld < 0.25)
                || (nodes[s].tag == "p" && st.tlen > 0 && ld == 0.0 && {
                    let t = self.dom.text_of(s);
                    t.ends_with('.') || t.ends_with('。')
                });
            if ok {
                roots.push(s);
            }
        }
        roots
    }

    fn base_score(&self, i: usize) -> f64 {
        let n = &self.dom.nodes[i];
        let t = match n.tag.as_str() {
            "div" | "article" | "main" | "section" => 5.0,
            "pre" | "td" | "blockquote" => 3.0,
            "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
            _ => 0.0,
        };
        let itemprop = if n.itemprop == "articlebody" {
            25.0
        } else {
            0.0
        };
        t + class_weight(self.kind[i]) + itemprop
    }

    fn is_ancestor(&self, a: usize, mut d: usize) -> bool {
        while d > a {
            d = self.dom.nodes[d].parent;
        }
        d == a
    }

    fn direct_text_len(&self, i: usize) -> usize {
        self.dom.nodes[i]
            .children
            .iter()
            .filter(|&&c| self.dom.nodes[c].is_text())
            .map(|&c| self.stat[c].tlen)
            .sum()
    }

    fn has_block_child(&self, i: usize) -> bool {
        self.dom.nodes[i].children.iter().any(|&c| {
            let t = &self.dom.nodes[c].tag;
            !t.is_empty() && is_block(t)
        })
    }

    /// Writes the live text under `roots` as blocks.
    fn emit(&self, roots: &[usize], title: &str) -> String {
        let mut out = Emitter::default();
        let title_norm = fold_apostrophes(&collapse(title).to_lowercase());
        for &r in roots {
            out.root_tlen = self.stat[r].tlen;
            self.emit_node(r, &mut out, &title_norm, true, 0);
            out.flush();
        }
        out.finish()
    }

    fn emit_node(&self, i: usize, out: &mut Emitter, title: &str, is_root: bool, depth: usize) {
        let nodes = &self.dom.nodes;
        if self.dead[i] {
            return;
        }
        if depth > 200 {
            // Pathologically deep markup: keep the text, flatten the structure (bounded recursion).
            out.push_inline(&self.live_text(i));
            return;
        }
        let n = &nodes[i];
        if n.is_text() {
            if out.pre > 0 {
                out.buf.push_str(&n.text);
            } else {
                out.push_inline(&n.text);
            }
            return;
        }
        let tag = n.tag.as_str();
        let st = self.stat[i];
        if st.tlen == 0 {
            if tag == "br" {
                out.line_break();
            } else if !is_block(tag)
                && n.children
                    .iter()
                    .any(|&c| nodes[c].is_text() && !nodes[c].text.is_empty())
            {
                // "misguided<em> </em>policy": the space an empty inline element holds.
                out.push_inline(" ");
            }
            return;
        }
        if !is_root && (self.is_link_block(i) || self.is_teaser_line(i)) {
            return;
        }
        // A footer or sidebar inside the chosen container is no part of the article, though
        // pruning kept it: beside a short article (a 200-word brief) a site's legal footer is a
        // large share of the page's text.
        if !is_root
            && self.chrome_hint(i)
            && (matches!(tag, "nav" | "footer" | "aside")
                || has_sub(&n.cls, &["footer", "sidebar"]))
            && self.stat[i].tlen * 2 < out.root_tlen
        {
            return;
        }
        if tag == "h1" && !title.is_empty() {
            let t = fold_apostrophes(&self.dom.text_of(i).to_lowercase());
            if t == title || title.starts_with(&t) {
                // The headline is not body text, nor is a section label printed above it
                // ("Politics" over "Schools shut as teachers strike").
                out.drop_kicker();
                return;
            }
        }
        let block = is_block(tag);
        if block {
            out.flush();
        }
        if tag == "pre" {
            out.pre += 1;
        }
        for (k, &c) in n.children.iter().enumerate() {
            if let Some(kind) = self.stop_heading(c) {
                // "Related articles", "You may also like": the rest of this container is not
                // article, when the article came before it (a newsletter box above the body
                // only loses its own heading).
                let (rest, rest_links) = n.children[k + 1..]
                    .iter()
                    .filter(|&&x| !self.dead[x])
                    .fold((0, 0), |(t, l), &x| {
                        (t + self.stat[x].tlen, l + self.stat[x].llen)
                    });
                // A heading marked up as "related" is a verdict on what follows.
                let marked = self.dead[c];
                let trailing = match kind {
                    StopHeading::Listed => out.emitted() >= rest,
                    // A looser wording ("More posts related to Tokyo") also heads a link box
                    // inside a long guide: it ends the article only when links follow it.
                    StopHeading::Worded => out.emitted() >= rest && 3 * rest_links >= rest,
                    StopHeading::Button => false,
                };
                if trailing || (marked && out.emitted() >= 300) {
                    break;
                }
                continue;
            }
            self.emit_node(c, out, title, false, depth + 1);
            if matches!(tag, "tr") && !nodes[c].is_text() {
                out.buf.push(' ');
            }
        }
        if tag == "pre" {
            out.pre -= 1;
        }
        if block {
            out.flush();
        }
    }

    /// Collapsed text of the live part of a subtree, iteratively.
    fn live_text(&self, i: usize) -> String {
        let mut out = String::new();
        let mut stack = vec![i];
        while let Some(j) = stack.pop() {
            if self.dead[j] {
                continue;
            }
            let n = &self.dom.nodes[j];
            if n.is_text() {
                out.push_str(&n.text);
            } else {
                out.push(' ');
                stack.extend(n.children.iter().rev());
            }
        }
        collapse(&out)
    }

    /// A short heading-like element announcing a promotional or social section.
    fn stop_heading(&self, i: usize) -> Option<StopHeading> {
        let n = &self.dom.nodes[i];
        if n.is_text() {
            return None;
        }
        // A pruned "related posts" heading still marks where the teasers begin.
        let dead_heading =
            self.dead[i] && matches!(n.tag.as_str(), "h2" | "h3" | "h4" | "h5" | "h6");
        if self.dead[i] && !dead_heading {
            return None;
        }
        let st = self.stat[i];
        if !dead_heading && (st.tlen == 0 || st.tlen > 60) {
            return None;
        }
        let headingish = matches!(
            n.tag.as_str(),
            "h2" | "h3" | "h4" | "h5" | "h6" | "div" | "p" | "span" | "strong" | "header"
        );
        if !headingish {
            return None;
        }
        let t = self.dom.short_text_of(i, 60)?;
        let t = t.to_lowercase();
        let t = t.trim_end_matches([':', '.', '…', '!', '：']).trim();
        const STOPS: &[&str] = &[
            "related",
            "related articles",
            "related posts",
            "related stories",
            "related content",
            "related reading",
            "you may also like",
            "you might also like",
            "you may like",
            "recommended",
            "recommended for you",
            "recommended stories",
            "recommended articles",
            "more stories",
            "more articles",
            "more from",
            "read next",
            "read more",
            "up next",
            "recent articles",
            "recent posts",
            "latest news",
            "latest articles",
            "popular",
            "most popular",
            "most read",
            "trending",
            "trending now",
            "don't miss",
            "also read",
            "see also",
            "leave a reply",
            "leave a comment",
            "comments",
            "share this",
            "share this article",
            "share this post",
            "about the author",
            "subscribe",
            "sign up for our newsletter",
            "more on this topic",
            "in other news",
            "further reading",
            "você pode gostar",
            "mehr zum thema",
            "te puede interesar",
            "también te puede interesar",
            "potrebbe interessarti anche",
            "you might be interested in",
            // The same headings in other languages ("read also" pointers are left: they sit
            // between paragraphs as often as over a closing list).
            "articles liés",
            "sur le même sujet",
            "articles similaires",
            "das könnte sie auch interessieren",
            "weitere artikel",
            "ähnliche artikel",
            "noticias relacionadas",
            "artículos relacionados",
            "articoli correlati",
            "notícias relacionadas",
            "artigos relacionados",
            "gerelateerde artikelen",
            "похожие статьи",
            "powiązane artykuły",
            "เรื่องที่เกี่ยวข้อง",
            "ข่าวที่เกี่ยวข้อง",
            "相关新闻",
            "相关阅读",
            "相关文章",
            "相關新聞",
            "相關閱讀",
            "関連記事",
            "関連ニュース",
            "관련기사",
            "관련 기사",
            "مقالات ذات صلة",
            "أخبار ذات صلة",
            "berita terkait",
            "artikel terkait",
            "ilgili haberler",
            "benzer haberler",
            "tin liên quan",
            "bài viết liên quan",
            "संबंधित खबरें",
        ];
        // A "Leave a comment" link: a newsletter post sets one between paragraphs. (A
        // "Subscribe" button mostly closes a post, before the publication's own promotion.)
        const CALLS: &[&str] = &["leave a comment", "leave a reply"];
        if !dead_heading && CALLS.contains(&t) && self.link_density(i) >= 0.9 {
            Some(StopHeading::Button)
        } else if (st.tlen <= 40 || dead_heading)
            && (STOPS.contains(&t)
                || (t.starts_with("more from ") && t.len() < 40)
                || is_featured_heading(t))
        {
            Some(StopHeading::Listed)
        } else if is_teaser_heading(t) {
            Some(StopHeading::Worded)
        } else {
            None
        }
    }

    /// Lists, menus and "read more" lines inside the body: mostly links and not prose.
    fn is_link_block(&self, i: usize) -> bool {
        let n = &self.dom.nodes[i];
        let st = self.stat[i];
        let ld = self.link_density(i);
        // A tag cloud: links marked rel="tag".
        if ld > 0.5 && self.tag_links_in(i) >= 2 {
            return true;
        }
        match n.tag.as_str() {
            "ul" | "ol" | "dl" | "div" | "section" | "table" | "nav" | "li" => {
                ld > 0.5 && (st.tlen < 1000 || ld > 0.8)
            }
            "p" => ld > 0.8 && st.tlen < 100 && self.links_in(i) >= 2,
            _ => false,
        }
    }

    /// "Related: <link>", "Also read: <link>", "READ MORE: <link>": a labelled link to another
    /// story set inside the body.
    fn is_teaser_line(&self, i: usize) -> bool {
        let n = &self.dom.nodes[i];
        let st = self.stat[i];
        if !matches!(
            n.tag.as_str(),
            "p" | "div" | "li" | "h2" | "h3" | "h4" | "h5" | "h6" | "strong"
        ) || st.tlen > 250
            || self.link_density(i) < 0.5
        {
            return false;
        }
        let Some(t) = self.dom.short_text_of(i, 260) else {
            return false;
        };
        // "CLICK HERE TO GET THE APP", "STAR OPENS UP ABOUT HEALTH SCARE": a capitalised link
        // line standing alone is a promotion, not a sentence of the story.
        if n.tag == "p" && self.link_density(i) > 0.9 && t.split_whitespace().count() >= 3 {
            let letters = t.chars().filter(|c| c.is_alphabetic());
            let (upper, lower) = letters.fold((0, 0), |(u, l), c| {
                (
                    u + usize::from(c.is_uppercase()),
                    l + usize::from(c.is_lowercase()),
                )
            });
            if upper >= 10 && lower == 0 {
                return true;
            }
        }
        let Some((label, _)) = t.split_once([':', '|', '»']) else {
            return false;
        };
        const LABELS: &[&str] = &[
            "related",
            "related story",
            "related stories",
            "related article",
            "related articles",
            "related content",
            "related coverage",
            "related reading",
            "related post",
            "also read",
            "read also",
            "read more",
            "see more",
            "see also",
            "also see",
            "read next",
            "must read",
            "don't miss",
            "don’t miss",
            "recommended",
            "more on this",
            "leggi anche",
            "lee también",
            "lire aussi",
            "leia também",
            "leia mais",
            "lesen sie auch",
            "mehr zum thema",
        ];
        LABELS.contains(&label.trim().to_lowercase().as_str())
    }

    fn tag_links_in(&self, i: usize) -> usize {
        let end = self.subtree_end(i);
        (i..end)
            .filter(|&j| {
                let n = &self.dom.nodes[j];
                n.href && n.rel.split_whitespace().any(|r| r == "tag")
            })
            .count()
    }

    fn links_in(&self, i: usize) -> usize {
        let end = self.subtree_end(i);
        (i..end).filter(|&j| self.dom.nodes[j].href).count()
    }
}

const SIB_MASS_MIN: f64 = 200.0;
const SIB_MASS_SHARE: f64 = 0.15;

/// How a heading announces teasers: a stock phrase, or one of the looser wordings.
#[derive(Debug, Clone, Copy)]
enum StopHeading {
    Listed,
    Worded,
    /// A call to comment set as a link ("Leave a comment") inside the body: skipped, but no end
    /// of the article (a newsletter post puts one between paragraphs).
    Button,
}

/// Headings over teaser lists in their many wordings: "You might like", "Other posts you may
/// enjoy", "Popular articles", "What others are reading", "Discussion about this post".
fn is_teaser_heading(t: &str) -> bool {
    const HAS: &[&str] = &[
        "also like",
        "might like",
        "may like",
        "may enjoy",
        "might enjoy",
        "also enjoy",
        "may be interested",
        "might be interested",
        "others are reading",
        "people also read",
        "readers also",
        "popular posts",
        "popular articles",
        "popular stories",
        "other posts",
        "other articles",
        "other stories",
        "more posts",
        "more articles",
        "more stories",
        "more perspectives",
        "discussion about this",
        "join the discussion",
        "related posts",
        "related articles",
        "related stories",
        "related reads",
    ];
    if t.chars().count() > 60 {
        return false;
    }
    // "More great science stories", "More world news".
    let words: Vec<&str> = t.split_whitespace().collect();
    let more_of = words.len() <= 6
        && words.first() == Some(&"more")
        && words.last().is_some_and(|w| {
            matches!(
                *w,
                "stories" | "articles" | "posts" | "news" | "reads" | "videos"
            )
        });
    more_of || HAS.iter().any(|h| t.contains(h))
}

/// "Featured stories", "Featured slide shows": the site's picks, set after the article.
fn is_featured_heading(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    words.len() <= 4
        && words.first() == Some(&"featured")
        && words.last().is_some_and(|w| {
            matches!(
                *w,
                "stories" | "articles" | "posts" | "videos" | "shows" | "slideshows" | "galleries"
            )
        })
}

/// The weight of one block's own text in [`Content::pick_by_mass`].
fn block_weight(tag: &str, chars: usize, link_chars: usize) -> f64 {
    if chars == 0 {
        return 0.0;
    }
    let c = chars as f64;
    let ld = link_chars as f64 / c;
    if ld > 0.5 {
        // Half weight: a link list left inside an article (sources, a sponsor list) must not
        // outweigh the prose around it; menus are mostly pruned before this.
        return -0.5 * c * ld;
    }
    if chars >= 80 {
        c * (1.0 - ld)
    } else if chars >= 25 {
        0.5 * c * (1.0 - 2.0 * ld)
    } else if matches!(tag, "h2" | "h3" | "h4" | "h5" | "h6") {
        0.0
    } else {
        -3.0
    }
}

/// Accumulates blocks with collapsed whitespace.
#[derive(Default)]
struct Emitter {
    blocks: Vec<String>,
    buf: String,
    pre: usize,
    /// Text length of the root being emitted.
    root_tlen: usize,
}

impl Emitter {
    /// Characters emitted so far.
    fn emitted(&self) -> usize {
        self.blocks.iter().map(String::len).sum::<usize>() + self.buf.len()
    }

    fn push_inline(&mut self, t: &str) {
        let starts_ws = t.starts_with(char::is_whitespace);
        let ends_ws = t.ends_with(char::is_whitespace);
        let c = collapse(t);
        if c.is_empty() {
            if (starts_ws || ends_ws) && !self.buf.is_empty() && !self.buf.ends_with([' ', '\n']) {
                self.buf.push(' ');
            }
            return;
        }
        if starts_ws && !self.buf.is_empty() && !self.buf.ends_with([' ', '\n']) {
            self.buf.push(' ');
        }
        self.buf.push_str(&c);
        if ends_ws {
            self.buf.push(' ');
        }
    }

    fn line_break(&mut self) {
        if self.pre == 0 && self.buf.ends_with('\n') {
            // A second break in a row ends a paragraph: pages that separate paragraphs with
            // `<br><br>` keep them as blocks.
            if !self.buf.ends_with("\n\n") {
                self.buf.push('\n');
            }
            return;
        }
        let t = self.buf.trim_end().len();
        self.buf.truncate(t);
        if !self.buf.is_empty() && !self.buf.ends_with('\n') {
            self.buf.push('\n');
        }
    }

    fn flush(&mut self) {
        let b = std::mem::take(&mut self.buf);
        for part in b.split("\n\n") {
            let lines: Vec<&str> = part
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            if lines.is_empty() {
                continue;
            }
            let block = lines.join("\n");
            if is_boilerplate_line(&block)
                || is_pager(&block)
                || is_cjk_house_line(&block)
                || is_dateline(&block)
                || is_bare_date(&block)
                || is_dated_byline(&block)
                || is_follow_prompt(&block)
                || is_signup_prompt(&block)
                || is_taxonomy_line(&block)
                || is_gallery_counter(&block)
                || is_wire_credit(&block)
                || is_contact_prompt(&block)
            {
                continue;
            }
            self.blocks.push(block);
        }
    }

    /// Drops a lone short label emitted before the headline (a kicker), when nothing else has
    /// been emitted yet.
    fn drop_kicker(&mut self) {
        self.flush();
        if let [only] = &self.blocks[..] {
            let label = only.split_whitespace().count() <= 3
                && !only.ends_with(['.', '!', '?', ':', '"', '\u{201d}']);
            if label {
                self.blocks.clear();
            }
        }
    }

    fn finish(mut self) -> String {
        self.flush();
        // A pager set one element per line ("<<", "<", "1", "2", "3", ">"): three or more such
        // blocks in a row, arrows among them (numbers alone are a table's cells).
        let token = |b: &String| b.len() <= 3 && is_pager_token(b);
        let mut kept: Vec<&str> = Vec::with_capacity(self.blocks.len());
        let mut rest = &self.blocks[..];
        while !rest.is_empty() {
            let run = rest.iter().take_while(|b| token(b)).count();
            let pager = run >= 3 && rest[..run].iter().any(|b| is_pager_arrow(b));
            let step = run.max(1);
            if !pager {
                kept.extend(rest[..step].iter().map(String::as_str));
            }
            rest = &rest[step..];
        }
        kept.join("\n\n")
    }
}

/// "Updated: Sat 8:31 PM, Feb 17, 2018", "Published November 20th, 2019 - 07:29 GMT": a
/// timestamp line, metadata rather than article text.
pub(crate) fn is_dateline(s: &str) -> bool {
    if s.len() > 100 || !s.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let l = s.to_lowercase();
    [
        "posted",
        "updated",
        "published",
        "last updated",
        "first published",
        "last modified",
        // The same labels in other languages.
        "기사입력",
        "입력",
        "publicado",
        "publicada",
        "atualizado",
        "actualizado",
        "veröffentlicht",
        "aktualisiert",
        "publié",
        "publié le",
        "mis à jour",
        "pubblicato",
        "aggiornato",
    ]
    .iter()
    .any(|p| {
        l.strip_prefix(p)
            .is_some_and(|r| r.starts_with([' ', ':', '\u{a0}']))
    })
}

/// "Follow us on Twitter", "Follow her on Instagram @name", "Follow Newsbeat on Facebook and
/// YouTube": a short line sending the reader to social networks.
fn is_follow_prompt(s: &str) -> bool {
    if s.chars().count() > 300 {
        return false;
    }
    let l = s.to_lowercase();
    // "Follow us:\nFacebook https://fb.me/outlet\nTwitter https://twitter.com/outlet", in any
    // language: short lines, two or more of them a profile address.
    const PROFILES: &[&str] = &[
        "fb.me/",
        "facebook.com/",
        "twitter.com/",
        "x.com/",
        "instagram.com/",
        "t.me/",
        "line.me/",
        "youtube.com/",
        "tiktok.com/",
        "linkedin.com/",
    ];
    let lines: Vec<&str> = l.lines().collect();
    if lines.len() >= 2
        && lines.iter().all(|x| x.chars().count() < 80)
        && lines
            .iter()
            .filter(|x| PROFILES.iter().any(|p| x.contains(p)))
            .count()
            >= 2
    {
        return true;
    }
    let words: Vec<&str> = l
        .split(|c: char| !(c.is_alphanumeric() || c == '@'))
        .filter(|w| !w.is_empty())
        .collect();
    const NETWORKS: &[&str] = &[
        "twitter",
        "facebook",
        "instagram",
        "linkedin",
        "youtube",
        "tiktok",
        "threads",
        "bluesky",
        "x",
        "pinterest",
        "mastodon",
    ];
    words.iter().enumerate().any(|(k, w)| {
        *w == "follow"
            && (1..=4).any(|d| {
                matches!(words.get(k + d), Some(&"on" | &"at" | &"via"))
                    && words
                        .get(k + d + 1)
                        .is_some_and(|n| NETWORKS.contains(n) || n.starts_with('@'))
            })
    })
}

/// "Sign up for our newsletter", "Get the latest updates in your inbox. Subscribe to …": a short
/// line asking the reader to subscribe.
fn is_signup_prompt(s: &str) -> bool {
    if s.chars().count() > 220 {
        return false;
    }
    let l = s.to_lowercase();
    // The call itself opens a sentence: "Sign up …", "Subscribe to …", "Click here to subscribe".
    let calls = l
        .split_inclusive(['.', '!', '?', ':'])
        .map(str::trim_start)
        .any(|sentence| {
            [
                "sign up",
                "signup",
                "sign-up",
                "subscribe",
                "join our",
                "join the",
                "click here to subscribe",
            ]
            .iter()
            .any(|w| sentence.starts_with(w))
        });
    calls
        && ["newsletter", "inbox", "mailing list", "youtube"]
            .iter()
            .any(|w| l.contains(w))
}

/// "Select the text and press Ctrl+Enter to send the mistake to the editors": a site's
/// typo-report box, in whatever language, is known by its key combination.
fn is_error_report_key(n: &crate::dom::N) -> bool {
    n.is_text()
        && n.text.len() < 200
        && n.text
            .as_bytes()
            .windows(4)
            .any(|w| w.eq_ignore_ascii_case(b"ctrl"))
        && n.text
            .split_whitespace()
            .collect::<String>()
            .to_ascii_lowercase()
            .contains("ctrl+enter")
}

/// "Have a tip about the waterfront? Call the newsroom …", "Letters to the editor about this
/// story may be sent to …": the newsroom asking readers to get in touch.
fn is_contact_prompt(s: &str) -> bool {
    if s.chars().count() > 200 {
        return false;
    }
    let l = s.to_lowercase();
    [
        "have a tip",
        "got a tip",
        "have a news tip",
        "do you have a tip",
        "do you have a story",
        "letters to the editor",
        "send us your",
    ]
    .iter()
    .any(|p| l.starts_with(p))
}

/// "Tags: Alibaba, Earnings", "Filed under: Politics": the post's taxonomy.
fn is_taxonomy_line(s: &str) -> bool {
    if s.chars().count() > 150 {
        return false;
    }
    let l = s.to_lowercase();
    const LABELS: &[&str] = &[
        "tags",
        "tagged",
        "tagged with",
        "tagged as",
        "filed under",
        "posted in",
        "categories",
        "category",
    ];
    l.split_once(':')
        .is_some_and(|(label, _)| LABELS.contains(&label.trim()))
}

/// "<< < 1 2 3 >": a gallery's or a list's page numbers and arrows on one line.
fn is_pager(s: &str) -> bool {
    let words = || s.split_whitespace();
    s.len() < 60
        && words().filter(|w| w.parse::<u32>().is_ok()).count() >= 2
        && words().any(is_pager_arrow)
        && words().all(is_pager_token)
}

/// One element of a pager: a page number or an arrow.
fn is_pager_token(w: &str) -> bool {
    w.parse::<u32>().is_ok() || is_pager_arrow(w)
}

/// A pager's arrow: `<`, `>`, `«`, `»`, `‹`, `›`, or two of them.
fn is_pager_arrow(w: &str) -> bool {
    !w.is_empty()
        && w.chars()
            .all(|c| matches!(c, '<' | '>' | '\u{ab}' | '\u{bb}' | '\u{2039}' | '\u{203a}'))
}

/// Chinese and Japanese news sites' stock lines: "【纠错】", "【责任编辑:张樵苏】", "阅读下一篇：",
/// "［有料会員限定］", "この記事は会員限定です。…" (a members-only notice under a teaser).
fn is_cjk_house_line(s: &str) -> bool {
    if s.chars().count() > 80 {
        return false;
    }
    let t = s.trim();
    let bracketed = |open: char, close: char| {
        t.starts_with(open)
            && t.trim_end().ends_with(close)
            && [
                "纠错",
                "責任編輯",
                "责任编辑",
                "編輯",
                "编辑",
                "有料会員限定",
                "会員限定",
            ]
            .iter()
            .any(|w| t.contains(w))
    };
    bracketed('【', '】')
        || bracketed('［', '］')
        || bracketed('[', ']')
        || t.starts_with("阅读下一篇")
        || t.starts_with("閱讀下一篇")
        || t.contains("この記事は会員限定です")
        || t.contains("有料会員限定")
}

/// "Image 1 of 5", "Photo 3/12": a slideshow's counter.
fn is_gallery_counter(s: &str) -> bool {
    if s.len() > 30 {
        return false;
    }
    let l = s.to_lowercase();
    let mut w = l.split_whitespace();
    let Some(label) = w.next() else {
        return false;
    };
    if !matches!(
        label,
        "image" | "photo" | "picture" | "slide" | "foto" | "bild"
    ) {
        return false;
    }
    let rest: String = w.collect::<Vec<_>>().join(" ");
    let (a, b) = match rest.split_once(" of ").or_else(|| rest.split_once('/')) {
        Some(x) => x,
        None => return false,
    };
    let num = |x: &str| !x.trim().is_empty() && x.trim().bytes().all(|c| c.is_ascii_digit());
    num(a) && num(b)
}

/// "(Reporting by Jane Doe; Editing by John Roe)": a wire service's staff credit.
fn is_wire_credit(s: &str) -> bool {
    if s.chars().count() > 300 {
        return false;
    }
    let l = s.trim_start_matches(['(', '[']).to_lowercase();
    [
        "reporting by ",
        "additional reporting by ",
        "writing by ",
        "editing by ",
    ]
    .iter()
    .any(|p| l.starts_with(p))
}

/// "Friday, November 14, 2025", "segunda-feira, 22 de janeiro de 2018 às 0:13": a line that is
/// only a date (a weekday or month word, a year, and nothing but numbers and joining words).
pub(crate) fn is_bare_date(s: &str) -> bool {
    if s.chars().count() > 60 {
        return false;
    }
    let has_year = s.as_bytes().windows(4).any(|w| {
        (w.starts_with(b"19") || w.starts_with(b"20")) && w.iter().all(u8::is_ascii_digit)
    });
    if !has_year {
        return false;
    }
    const WORDS: &[&str] = &[
        // Weekdays (pt, es, fr, de, it; English ones are `date::is_weekday_word`).
        "segunda-feira",
        "terça-feira",
        "quarta-feira",
        "quinta-feira",
        "sexta-feira",
        "sábado",
        "domingo",
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonntag",
        "lunedì",
        "martedì",
        "mercoledì",
        "giovedì",
        "venerdì",
        "sabato",
    ];
    const JOINERS: &[&str] = &[
        "de", "del", "às", "a", "at", "um", "am", "pm", "on", "the", "of", "h", "gmt", "utc",
        "est", "edt", "pst", "pdt", "cet", "cest", "et", "le", "der", "den", "el", "st", "nd",
        "rd", "th",
    ];
    let mut dated = false;
    for w in s
        .split(|c: char| !(c.is_alphabetic() || c == '-'))
        .filter(|w| w.chars().any(char::is_alphabetic))
    {
        let l = w.to_lowercase();
        if crate::date::is_month_word(&l)
            || crate::date::is_weekday_word(&l)
            || WORDS.contains(&l.as_str())
        {
            dated = true;
        } else if !JOINERS.contains(&l.as_str()) {
            return false;
        }
    }
    dated
}

/// "By Jane Doe - 2019-04-10", "By Louis Jacobson on Monday, November 18th, 2019 at 11:04 a.m.":
/// the byline and dateline printed as a line of the body.
fn is_dated_byline(s: &str) -> bool {
    // "Submitted by jane on Mon, 2019-01-21 13:49", "Submitted on …": a CMS's stamp.
    let submitted = s
        .get(..10)
        .is_some_and(|p| p.eq_ignore_ascii_case("submitted "));
    let s = if submitted { &s[10..] } else { s };
    let lead = s.get(..3).unwrap_or_default();
    if s.chars().count() > 120
        || !(lead.eq_ignore_ascii_case("by ") || submitted && lead.eq_ignore_ascii_case("on "))
    {
        return false;
    }
    let year = s.as_bytes().windows(4).any(|w| {
        (w.starts_with(b"19") || w.starts_with(b"20")) && w.iter().all(u8::is_ascii_digit)
    });
    let words: Vec<&str> = s.split_whitespace().collect();
    let month_day = words.windows(2).any(|w| {
        crate::date::is_month_word(w[0]) && w[1].starts_with(|c: char| c.is_ascii_digit())
    });
    year || month_day
}

/// Stock lines that are never article text.
fn is_boilerplate_line(s: &str) -> bool {
    if s.chars().count() > 40 {
        return false;
    }
    let l = s.trim_end_matches([':', '.', '!']).to_lowercase();
    matches!(
        l.as_str(),
        "advertisement"
            | "advertisements"
            | "advert"
            | "text size"
            | "ad"
            | "sponsored"
            | "skip to content"
            | "skip to main content"
            | "share"
            | "share this"
            | "share this article"
            | "share this story"
            | "share on facebook"
            | "share on twitter"
            | "related"
            | "related articles"
            | "related stories"
            | "read more"
            | "continue reading"
            | "click to share"
            | "tweet"
            | "email"
            | "print"
            | "hide caption"
            | "show caption"
            | "comments"
            | "leave a comment"
            | "loading"
            | "loading..."
            // A link back to where the reader came from.
            | "back to top"
            | "back to news"
            | "back to home"
            | "back to homepage"
            | "back to blog"
            | "back to articles"
            | "back to all news"
            | "back to search results"
            | "story continues below advertisement"
            | "article continues below advertisement"
            | "scroll to continue with content"
            // A table of contents' label (the list itself is links, dropped as such).
            | "table of contents"
            | "contents"
            | "in this article"
            | "in this post"
            | "on this page"
            | "jump to"
            | "jump to section"
    )
}

#[cfg(test)]
mod tests {
    use super::{collapse, count_commas, text_len};

    proptest::proptest! {
        /// The ASCII fast paths agree with the character-by-character definitions.
        #[test]
        fn text_figures_match_their_definitions(
            s in "[ a,\t\n\u{b}\u{c}\rb]{0,40}|[ a,\t\n\u{b}\u{c}\r\u{a0}é，、。،\u{3000}b]{0,40}"
        ) {
            proptest::prop_assert_eq!(text_len(&s), collapse(&s).chars().count());
            let commas = s
                .chars()
                .filter(|c| matches!(c, ',' | '，' | '、' | '。' | '،'))
                .count();
            proptest::prop_assert_eq!(count_commas(&s), commas);
        }
    }
}
