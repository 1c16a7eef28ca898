//! The tree html5ever builds, held in a flat arena of our own.
//!
//! `scraper`'s sink builds a general-purpose DOM for CSS selectors (attributes converted and
//! sorted for lookup, cached id and class sets, `ego_tree` nodes) that
//! [`crate::dom::Dom::parse`] only walked once, copied into its compact arena and dropped. This
//! sink keeps nodes as the tree builder hands them over (name, attribute list, text) with
//! sibling links: a little less work per node, and the selector machinery leaves the build.
//! It does exactly what scraper's sink does with them, so the tree is the same; a property
//! test checks that against scraper (now a test-only dependency) on generated pages.

use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{expanded_name, local_name, ns, Attribute, LocalName, QualName};

/// No node (links of a root or an orphan).
pub const NONE: usize = usize::MAX;

/// How deep elements may nest before the page is given up as not a document.
///
/// html5ever's tree builder follows the spec: most start tags scan the whole stack of open
/// elements (is a `<p>` in button scope?), so its time grows with the square of the nesting
/// depth and nothing bounds it (servo/html5ever#788): 200,000 nested `<div>`s, a 1.2 MB page,
/// took 170 s. Browsers stop nesting at 512 (Chromium's `kMaximumHTMLParserDOMTreeDepth`); news
/// pages sit far below that (none of the 1,539 benchmark pages nests past 128). Past this depth the
/// parse stops and extraction reports the page as too deep instead of spending minutes on it.
pub const MAX_DEPTH: usize = 1024;

/// Bytes of HTML read per node (element, text, comment, attribute) the tree may hold, beyond
/// [`SPARE_NODES`]. Every node needs a few bytes of markup, except those the
/// tree builder makes itself: it reopens every formatting element left open (`<b id=1>`,
/// `<b id=2>`, …) in each new paragraph, so a 45 KB page of 500 of them and 10,000 `<p>x` built
/// five million nodes, 3 GB, in 15 s. The benchmark pages hold at most 0.074 nodes per byte.
const BYTES_PER_NODE: usize = 2;

/// Nodes any page may have whatever its size.
const SPARE_NODES: usize = 50_000;

/// How much HTML the parser is given at a time. Between pieces the depth and the node count are
/// checked, so a page can nest a few hundred levels past [`MAX_DEPTH`], or have the tree builder
/// make a few hundred thousand nodes past the budget, before the parse stops.
const PIECE: usize = 1024;

/// Why a parse stopped before the end of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// Elements nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// The tree grew past its budget of nodes for the HTML read.
    TooManyNodes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Document,
    /// A `<template>`'s contents, its first child.
    Fragment,
    Element,
    Text,
    Comment,
    /// Doctype, processing instruction: never read.
    Other,
}

#[derive(Debug)]
pub struct Node {
    pub kind: Kind,
    /// Elements only (empty otherwise).
    pub name: QualName,
    /// Elements only, in source order; the tokenizer has dropped repeated names.
    pub attrs: Vec<Attribute>,
    /// Text of a text or comment node.
    pub text: StrTendril,
    pub parent: usize,
    pub first: usize,
    pub last: usize,
    pub prev: usize,
    pub next: usize,
}

impl Node {
    fn new(kind: Kind) -> Node {
        Node {
            kind,
            name: QualName::new(None, ns!(), LocalName::from("")),
            attrs: Vec::new(),
            text: StrTendril::new(),
            parent: NONE,
            first: NONE,
            last: NONE,
            prev: NONE,
            next: NONE,
        }
    }

    /// The element's local name (`div`, `foreignObject`).
    pub fn local(&self) -> &str {
        &self.name.local
    }

    /// An HTML attribute's value (no namespace, no prefix), as `scraper`'s `Element::attr`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.name.prefix.is_none() && a.name.ns == ns!() && &*a.name.local == name)
            .map(|a| &*a.value)
    }
}

/// The parsed document; node 0 is the document itself.
#[derive(Debug)]
pub struct Tree {
    pub nodes: Vec<Node>,
    /// Why the parse stopped early, if it did: the tree holds only what came before.
    pub cut: Option<Cut>,
}

impl Tree {
    /// Parses a whole document as browsers do, up to [`MAX_DEPTH`] levels of nesting and a
    /// budget of nodes for its size.
    pub fn parse_document(html: &str) -> Tree {
        let mut nodes = Vec::with_capacity(4096);
        nodes.push(Node::new(Kind::Document));
        let sink = Sink {
            tree: RefCell::new(Tree { nodes, cut: None }),
            too_deep: Cell::new(false),
            attrs: Cell::new(0),
        };
        let mut parser = html5ever::parse_document(sink, Default::default());
        let mut rest = html;
        let mut read = 0;
        let mut cut = None;
        while !rest.is_empty() {
            let mut end = PIECE.min(rest.len());
            while !rest.is_char_boundary(end) {
                end += 1;
            }
            parser.process(StrTendril::from_slice(&rest[..end]));
            rest = &rest[end..];
            read += end;
            let sink = &parser.tokenizer.sink.sink;
            let nodes = sink.tree.borrow().nodes.len() + sink.attrs.get();
            if sink.too_deep.get() {
                cut = Some(Cut::TooDeep);
            } else if nodes > read / BYTES_PER_NODE + SPARE_NODES {
                cut = Some(Cut::TooManyNodes);
            }
            if cut.is_some() {
                break;
            }
        }
        let mut tree = parser.finish();
        tree.cut = cut;
        tree
    }

    /// `start`, then the nodes reached from it by following one link (`step`) until it runs out.
    fn chain(&self, start: usize, step: fn(&Node) -> usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(Some(start).filter(|&j| j != NONE), move |&j| {
            Some(step(&self.nodes[j])).filter(|&k| k != NONE)
        })
    }

    /// Children of `i`, last first.
    pub fn children_rev(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.chain(self.nodes[i].last, |n| n.prev)
    }

    /// Siblings after `i`, in order.
    pub fn next_siblings(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.chain(self.nodes[i].next, |n| n.next)
    }

    /// Ancestors of `i`, nearest first.
    pub fn ancestors(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.chain(self.nodes[i].parent, |n| n.parent)
    }

    /// `i` and its descendants in document order.
    pub fn descendants(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![i];
        while let Some(j) = stack.pop() {
            out.push(j);
            stack.extend(self.children_rev(j));
        }
        out
    }

    /// The concatenated text of `i`'s descendants.
    pub fn text_content(&self, i: usize) -> String {
        let mut s = String::new();
        for d in self.descendants(i) {
            if self.nodes[d].kind == Kind::Text {
                s.push_str(&self.nodes[d].text);
            }
        }
        s
    }

    fn push(&mut self, n: Node) -> usize {
        self.nodes.push(n);
        self.nodes.len() - 1
    }

    /// Takes `i` out of its parent's children (as `ego_tree`'s `detach`).
    fn detach(&mut self, i: usize) {
        let (parent, prev, next) = {
            let n = &mut self.nodes[i];
            let links = (n.parent, n.prev, n.next);
            n.parent = NONE;
            n.prev = NONE;
            n.next = NONE;
            links
        };
        if parent == NONE {
            return;
        }
        if prev != NONE {
            self.nodes[prev].next = next;
        } else {
            self.nodes[parent].first = next;
        }
        if next != NONE {
            self.nodes[next].prev = prev;
        } else {
            self.nodes[parent].last = prev;
        }
    }

    /// Makes `child` the last child of `parent`.
    fn append(&mut self, parent: usize, child: usize) {
        let last = self.nodes[parent].last;
        if last == child {
            return;
        }
        self.detach(child);
        {
            let c = &mut self.nodes[child];
            c.parent = parent;
            c.prev = last;
        }
        if last != NONE {
            self.nodes[last].next = child;
        } else {
            self.nodes[parent].first = child;
        }
        self.nodes[parent].last = child;
    }

    /// Puts `new` just before `sibling`, which has a parent.
    fn insert_before(&mut self, sibling: usize, new: usize) {
        self.detach(new);
        let parent = self.nodes[sibling].parent;
        let prev = self.nodes[sibling].prev;
        {
            let n = &mut self.nodes[new];
            n.parent = parent;
            n.prev = prev;
            n.next = sibling;
        }
        if prev != NONE {
            self.nodes[prev].next = new;
        } else {
            self.nodes[parent].first = new;
        }
        self.nodes[sibling].prev = new;
    }

    fn text_node(&mut self, text: StrTendril) -> usize {
        let mut n = Node::new(Kind::Text);
        n.text = text;
        self.push(n)
    }
}

struct Sink {
    tree: RefCell<Tree>,
    /// An element was put deeper than [`MAX_DEPTH`].
    too_deep: Cell<bool>,
    /// Attributes of the elements made so far.
    attrs: Cell<usize>,
}

impl Sink {
    /// The tree, to change, for the duration of `f`.
    fn with<R>(&self, f: impl FnOnce(&mut Tree) -> R) -> R {
        f(&mut self.tree.borrow_mut())
    }

    /// Notes when `node`, just placed, lies deeper than [`MAX_DEPTH`]. The ancestors are
    /// walked each time (at most `MAX_DEPTH` steps) rather than a depth kept per node: the
    /// adoption agency moves subtrees, which would leave stored depths wrong.
    fn check_depth(&self, node: usize) {
        let t = self.tree.borrow();
        if t.ancestors(node).nth(MAX_DEPTH).is_some() {
            self.too_deep.set(true);
        }
    }
}

impl TreeSink for Sink {
    type Handle = usize;
    type Output = Tree;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Tree {
        self.tree.into_inner()
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> usize {
        0
    }

    fn elem_name<'a>(&'a self, target: &'a usize) -> Ref<'a, QualName> {
        Ref::map(self.tree.borrow(), |t| &t.nodes[*target].name)
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _: ElementFlags) -> usize {
        let template = name.expanded() == expanded_name!(html "template");
        self.attrs.set(self.attrs.get() + attrs.len());
        self.with(|t| {
            let mut n = Node::new(Kind::Element);
            n.name = name;
            n.attrs = attrs;
            let el = t.push(n);
            if template {
                let contents = t.push(Node::new(Kind::Fragment));
                t.append(el, contents);
            }
            el
        })
    }

    fn create_comment(&self, text: StrTendril) -> usize {
        self.with(|t| {
            let mut n = Node::new(Kind::Comment);
            n.text = text;
            t.push(n)
        })
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> usize {
        self.with(|t| t.push(Node::new(Kind::Other)))
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {
        self.with(|t| {
            let d = t.push(Node::new(Kind::Other));
            t.append(0, d);
        })
    }

    fn append(&self, parent: &usize, child: NodeOrText<usize>) {
        let parent = *parent;
        match child {
            NodeOrText::AppendNode(c) => {
                self.with(|t| t.append(parent, c));
                self.check_depth(c);
            }
            NodeOrText::AppendText(text) => self.with(|t| {
                let last = t.nodes[parent].last;
                if last != NONE && t.nodes[last].kind == Kind::Text {
                    t.nodes[last].text.push_tendril(&text);
                } else {
                    let n = t.text_node(text);
                    t.append(parent, n);
                }
            }),
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &usize,
        prev_element: &usize,
        child: NodeOrText<usize>,
    ) {
        let has_parent = self.tree.borrow().nodes[*element].parent != NONE;
        if has_parent {
            self.append_before_sibling(element, child)
        } else {
            self.append(prev_element, child)
        }
    }

    fn append_before_sibling(&self, sibling: &usize, new_node: NodeOrText<usize>) {
        let sibling = *sibling;
        let placed = self.with(|t| {
            if let NodeOrText::AppendNode(n) = new_node {
                t.detach(n);
            }
            if t.nodes[sibling].parent == NONE {
                return None;
            }
            match new_node {
                NodeOrText::AppendNode(n) => {
                    t.insert_before(sibling, n);
                    return Some(n);
                }
                NodeOrText::AppendText(text) => {
                    let prev = t.nodes[sibling].prev;
                    if prev != NONE && t.nodes[prev].kind == Kind::Text {
                        t.nodes[prev].text.push_tendril(&text);
                    } else {
                        let n = t.text_node(text);
                        t.insert_before(sibling, n);
                    }
                }
            }
            None
        });
        if let Some(n) = placed {
            self.check_depth(n);
        }
    }

    fn get_template_contents(&self, target: &usize) -> usize {
        // Created with the element as its first child (as scraper does); an element that
        // somehow lost it gets its own node back, which only misplaces markup.
        let first = self.tree.borrow().nodes[*target].first;
        if first != NONE {
            first
        } else {
            *target
        }
    }

    fn same_node(&self, x: &usize, y: &usize) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn add_attrs_if_missing(&self, target: &usize, attrs: Vec<Attribute>) {
        let mut t = self.tree.borrow_mut();
        let el = &mut t.nodes[*target];
        for a in attrs {
            if !el.attrs.iter().any(|b| b.name == a.name) {
                el.attrs.push(a);
            }
        }
    }

    fn remove_from_parent(&self, target: &usize) {
        let target = *target;
        self.with(|t| t.detach(target));
    }

    fn reparent_children(&self, node: &usize, new_parent: &usize) {
        let (node, new_parent) = (*node, *new_parent);
        self.with(|t| {
            let first = t.nodes[node].first;
            if first == NONE {
                return;
            }
            let last = t.nodes[node].last;
            t.nodes[node].first = NONE;
            t.nodes[node].last = NONE;
            let mut c = first;
            while c != NONE {
                t.nodes[c].parent = new_parent;
                c = t.nodes[c].next;
            }
            let old_last = t.nodes[new_parent].last;
            if old_last == NONE {
                t.nodes[new_parent].first = first;
            } else {
                t.nodes[old_last].next = first;
                t.nodes[first].prev = old_last;
            }
            t.nodes[new_parent].last = last;
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{Cut, Kind, Tree};

    /// The tree as nested tags, text and comments, for comparing with scraper's.
    fn ours(html: &str) -> Vec<String> {
        let t = Tree::parse_document(html);
        t.descendants(0)
            .into_iter()
            .map(|i| {
                let n = &t.nodes[i];
                let depth = t.ancestors(i).count();
                match n.kind {
                    Kind::Element => {
                        let mut attrs: Vec<_> = n
                            .attrs
                            .iter()
                            .map(|a| format!("{:?}={:?}", a.name, a.value))
                            .collect();
                        attrs.sort();
                        format!("{depth} <{:?} {attrs:?}>", n.name)
                    }
                    Kind::Text => format!("{depth} {:?}", &*n.text),
                    Kind::Comment => format!("{depth} <!--{:?}-->", &*n.text),
                    Kind::Fragment => format!("{depth} #fragment"),
                    Kind::Document => format!("{depth} #document"),
                    Kind::Other => format!("{depth} #other"),
                }
            })
            .collect()
    }

    fn scrapers(html: &str) -> Vec<String> {
        use scraper::{Html, Node};
        let doc = Html::parse_document(html);
        doc.tree
            .root()
            .descendants()
            .map(|n| {
                let depth = n.ancestors().count();
                match n.value() {
                    Node::Element(e) => {
                        let mut attrs: Vec<_> = e
                            .attrs
                            .iter()
                            .map(|(k, v)| format!("{k:?}={v:?}"))
                            .collect();
                        attrs.sort();
                        format!("{depth} <{:?} {attrs:?}>", e.name)
                    }
                    Node::Text(t) => format!("{depth} {:?}", &**t),
                    Node::Comment(c) => format!("{depth} <!--{:?}-->", &**c),
                    Node::Fragment => format!("{depth} #fragment"),
                    Node::Document => format!("{depth} #document"),
                    _ => format!("{depth} #other"),
                }
            })
            .collect()
    }

    #[test]
    fn builds_what_scraper_builds() {
        for html in [
            "<p>a<b>b<i>c</p>d</i>e",
            "<table><tr><td>x</td></tr>stray<div>foster</div></table>",
            "<a href=1>x<div>y<a href=2>z</a></div>",
            "<template><p>in</p></template><p>out",
            "<body a=1><body b=2 a=3><p>t",
            "<!doctype html><?pi x?><!-- c --><svg><foreignObject><p>h</p></foreignObject></svg>",
        ] {
            assert_eq!(ours(html), scrapers(html), "{html}");
        }
    }

    /// The parser is given long pages in pieces; where a piece ends (inside a tag, an entity, a
    /// CRLF or a multi-byte character) changes nothing.
    #[test]
    fn a_page_read_in_pieces_is_the_page_read_whole() {
        let unit = "<p class=\"x\">Caf\u{e9} \u{4e2d}\u{6587} &amp;&eacute;\r\n<b>b<i>i</p>q</i>\
                    <table>t<tr><td>c</td></tr></table><!-- note -->\r\n";
        for pad in 0..7 {
            let html = format!(
                "{}{}",
                " ".repeat(pad),
                unit.repeat(3 * super::PIECE / unit.len())
            );
            assert!(html.len() > 2 * super::PIECE);
            assert_eq!(ours(&html), scrapers(&html), "pad {pad}");
        }
    }

    /// Nesting is read up to the limit; past it the parse stops at once (html5ever would spend
    /// minutes on a megabyte of it) and the tree says so.
    #[test]
    fn nesting_past_the_limit_stops_the_parse() {
        let nested = |n: usize| format!("{}<p>deep</p>", "<div>".repeat(n));
        let t = Tree::parse_document(&nested(super::MAX_DEPTH - 10));
        assert_eq!(t.cut, None);
        assert!(t
            .nodes
            .iter()
            .any(|n| n.kind == Kind::Text && &*n.text == "deep"));
        let t = Tree::parse_document(&nested(super::MAX_DEPTH + 10));
        assert_eq!(t.cut, Some(Cut::TooDeep));
        let t = Tree::parse_document(&nested(200_000));
        assert_eq!(t.cut, Some(Cut::TooDeep));
        assert!(
            t.nodes.len() < super::MAX_DEPTH + super::PIECE,
            "{}",
            t.nodes.len()
        );
        // Wide pages are not deep: a million bytes of sibling paragraphs parse in full.
        let wide = "<p>para</p>".repeat(100_000);
        let t = Tree::parse_document(&wide);
        assert_eq!(t.cut, None);
        assert_eq!(
            t.nodes.iter().filter(|n| n.kind == Kind::Text).count(),
            100_000
        );
    }

    /// Formatting elements left open are reopened in every paragraph: past the node budget the
    /// parse stops, long before the millions of nodes the page asks for. Pages dense with
    /// elements of their own are read in full.
    #[test]
    fn the_tree_builder_cannot_multiply_a_page_past_its_budget() {
        let open: String = (0..500).map(|i| format!("<b id={i}>")).collect();
        let html = format!("<div>{open}</div>{}", "<p>x".repeat(10_000));
        let t = Tree::parse_document(&html);
        assert_eq!(t.cut, Some(Cut::TooManyNodes));
        assert!(t.nodes.len() < 500_000, "{}", t.nodes.len());
        // Two nodes (an element and its text) per four bytes, with attributes: all read.
        let dense = format!(
            "<table>{}</table>",
            "<tr><td a=1>1</td></tr>".repeat(40_000)
        );
        let t = Tree::parse_document(&dense);
        assert_eq!(t.cut, None);
        assert_eq!(
            t.nodes.iter().filter(|n| n.kind == Kind::Text).count(),
            40_000
        );
        let list = format!("<ul>{}</ul>", "<li>x".repeat(200_000));
        assert_eq!(Tree::parse_document(&list).cut, None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 3000, ..Default::default() })]
        /// Tag soup from the constructs that move nodes around: foster parenting, the adoption
        /// agency, reconstructed formatting elements, templates, merged text.
        #[test]
        fn same_tree_as_scraper(parts in proptest::collection::vec(0usize..PIECES.len(), 0..40)) {
            let html: String = parts.iter().map(|&i| PIECES[i]).collect();
            proptest::prop_assert_eq!(ours(&html), scrapers(&html), "{}", html);
        }
    }

    const PIECES: &[&str] = &[
        "<table>",
        "</table>",
        "<tr>",
        "<td>",
        "</td>",
        "<th>",
        "<caption>",
        "<colgroup>",
        "<tbody>",
        "<a href=x>",
        "</a>",
        "<b>",
        "</b>",
        "<i class=k>",
        "</i>",
        "<p>",
        "</p>",
        "<div>",
        "</div>",
        "<span>",
        "</span>",
        "<ul>",
        "<li>",
        "<template>",
        "</template>",
        "<select>",
        "<option>",
        "<form>",
        "</form>",
        "<button>",
        "<h1>",
        "</h1>",
        "<nobr>",
        "<svg>",
        "</svg>",
        "<math>",
        "<mi>",
        "<foreignObject>",
        "<body x=1>",
        "<html lang=en>",
        "<head>",
        "<title>t</title>",
        "<frameset>",
        "<script>s</script>",
        "<!-- c -->",
        "<!doctype html>",
        "text",
        " ",
        "é",
        "<br>",
        "</br>",
        "<img>",
        "<input type=hidden>",
        "<font color=red>",
        "<marquee>",
        "<object>",
        "<hr>",
        "<pre>\n",
        "<textarea>",
        "<plaintext>",
        "<noscript>",
        "<frame>",
        "<col>",
        "</tr>",
        "</tbody>",
    ];
}
