//! Cuts what extraction never reads out of the page before it reaches html5ever: the text of
//! `<script>` and `<style>` elements and attributes such as `data-*`, `srcset` and SVG paths.
//!
//! Half the bytes of a news page are inline scripts and style sheets (on the ScrapingHub set,
//! 27 % script and 26 % CSS), and the tokenizer walks raw text one character at a time, copying
//! it into nodes that extraction then drops; only JSON-LD scripts are ever read. Cutting first
//! is safe only where the cut is exactly what the tokenizer would have taken as the element's
//! raw text or as an attribute, so this scanner follows the tokenizer's rules for tags,
//! attributes, comments, raw-text elements and escaped script text (`<!-- <script>` inside a
//! script), and the tree builder's for SVG/MathML content (where a script is markup). Where
//! it cannot be sure — markup inside a style sheet, HTML inside `<foreignObject>`, foreign
//! content that may have ended unseen, frameset documents — it cuts nothing from there on.
//! A property test checks that html5ever builds the same tree either way, apart from what
//! was meant to go.

use std::borrow::Cow;

/// `html` without the text of its scripts (other than JSON-LD) and style sheets and without
/// [`unread_attribute`]s, the tags themselves kept; borrowed unchanged when nothing goes.
pub fn strip_unread(html: &str) -> Cow<'_, str> {
    let b = html.as_bytes();
    // Byte ranges to drop, in order.
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    // Inside `<svg>`/`<math>` a script or style is a foreign element whose contents are markup.
    // The open foreign elements, as the tree builder keeps them: each name's byte range and
    // whether it is SVG (else MathML). Empty in HTML.
    let mut foreign: Vec<(usize, usize, bool)> = Vec::new();
    // Inside an HTML integration point (`<foreignObject>`, `<title>` in SVG, `<mi>`…) elements
    // are HTML again. Only plain text there is followed (an icon's `<title>Close</title>`): at
    // any tag but its own end tag the scan stops, and the rest of the page stays as it is.
    let mut integration: Option<(usize, usize)> = None;
    // Foreign content may have ended without this scan knowing (a `<font color>`, an end tag
    // of an HTML element around the `<svg>`): until a tag that certainly ends it, raw text is
    // not cut.
    let mut unsure = false;
    // Where the outermost `<svg>`/`<math>` opened and how many cuts there were then: extraction
    // skips the whole subtree, so once its end tag is seen for sure, its contents go too.
    // Only when the tree builder's "frameset-ok" flag was already off as it opened: the text
    // it holds would turn the flag off, which decides what a later `<frameset>` does.
    let mut root: Option<(usize, usize)> = None;
    // That flag is off (an `<img>`, `<li>`, `<br>`… was seen in HTML).
    let mut frameset_off = false;
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'<', &b[i..]) {
        let s = i + p;
        let rest = &b[s + 1..];
        match rest.first() {
            Some(b'!') if rest.starts_with(b"!--") => match comment_end(b, s + 4) {
                Some(e) => i = e,
                None => break,
            },
            // In foreign content a CDATA section runs to `]]>` (in HTML, to the next `>`).
            Some(b'!') if unsure && rest.starts_with(b"![CDATA[") => break,
            Some(b'!') if !foreign.is_empty() && rest.starts_with(b"![CDATA[") => {
                match memchr::memmem::find(&rest[8..], b"]]>") {
                    Some(e) => i = s + 1 + 8 + e + 3,
                    None => break,
                }
            }
            // Doctype, bogus comment, processing instruction: up to the next `>`.
            Some(b'!' | b'?') => match memchr::memchr(b'>', rest) {
                Some(e) => i = s + 1 + e + 1,
                None => break,
            },
            Some(b'/') => {
                let name_start = s + 2;
                match b.get(name_start) {
                    Some(c) if c.is_ascii_alphabetic() => {
                        let name_end = tag_name_end(b, name_start);
                        let name = &b[name_start..name_end];
                        if let Some((a, z)) = integration {
                            if !name.eq_ignore_ascii_case(&b[a..z]) {
                                break;
                            }
                            integration = None;
                            foreign.pop();
                        } else if !foreign.is_empty() {
                            if name.eq_ignore_ascii_case(b"p") || name.eq_ignore_ascii_case(b"br") {
                                // `</p>` and `</br>` end foreign content like a breakout tag.
                                foreign.clear();
                                unsure = false;
                            } else if let Some(k) = foreign
                                .iter()
                                .rposition(|&(a, z, _)| name.eq_ignore_ascii_case(&b[a..z]))
                            {
                                foreign.truncate(k);
                                if let (0, Some((open_end, n)), false) = (k, root, unsure) {
                                    cuts.truncate(n);
                                    cuts.push((open_end, s));
                                }
                            } else {
                                // Handed to the HTML rules, which may close an element
                                // around the foreign content.
                                unsure = true;
                            }
                        }
                        match tag_end(b, name_end) {
                            Some(e) => i = e,
                            None => break,
                        }
                    }
                    Some(b'>') => i = s + 3,
                    Some(_) => match memchr::memchr(b'>', &b[name_start..]) {
                        Some(e) => i = name_start + e + 1,
                        None => break,
                    },
                    None => break,
                }
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let name_start = s + 1;
                let name_end = tag_name_end(b, name_start);
                // Lower-cased on the stack: every element of the page passes here.
                let mut buf = [0u8; 16];
                let name: &[u8] = match b.get(name_start..name_end) {
                    Some(n) if n.len() <= buf.len() => {
                        buf[..n.len()].copy_from_slice(n);
                        buf[..n.len()].make_ascii_lowercase();
                        &buf[..n.len()]
                    }
                    _ => b"",
                };
                let mut unread = Vec::new();
                let keep_all = compares_attributes(name);
                let Some((open_end, self_closing)) =
                    start_tag_end(b, name_end, (!keep_all).then_some(&mut unread))
                else {
                    break;
                };
                cuts.append(&mut unread);
                i = open_end;
                let raw_text = matches!(
                    name,
                    b"script"
                        | b"style"
                        | b"textarea"
                        | b"title"
                        | b"xmp"
                        | b"iframe"
                        | b"noembed"
                        | b"noframes"
                        | b"noscript"
                );
                // Perhaps back in HTML, perhaps not: the rest of the page is left as it is.
                if integration.is_some() || (unsure && raw_text) {
                    break;
                }
                let in_svg = foreign.last().map(|f| f.2);
                // Start tags that turn "frameset-ok" off in HTML (not `<input>`: a hidden one
                // does not).
                frameset_off |= in_svg.is_none()
                    && !unsure
                    && matches!(
                        name,
                        b"img"
                            | b"br"
                            | b"hr"
                            | b"li"
                            | b"dd"
                            | b"dt"
                            | b"table"
                            | b"button"
                            | b"select"
                            | b"iframe"
                            | b"textarea"
                            | b"pre"
                            | b"embed"
                            | b"wbr"
                            | b"area"
                            | b"object"
                    );
                match name {
                    _ if in_svg.is_some() && breaks_out(name) => {
                        foreign.clear();
                        unsure = false;
                    }
                    b"font" if in_svg.is_some() && open_end > name_end + 1 => {
                        unsure = true;
                    }
                    // Everything after it is text (in HTML), or an element's (in SVG): stop.
                    b"plaintext" => break,
                    // After a frameset a `<script>` start tag can be ignored, its contents
                    // then being markup: nothing is cut from there on (old pages).
                    b"frameset" => break,
                    // Only in HTML: inside SVG a `<math>` is an SVG element, and the other way round.
                    b"svg" | b"math" if !self_closing && in_svg.is_none() => {
                        foreign.push((name_start, name_end, name == b"svg"));
                        root = frameset_off.then_some((open_end, cuts.len()));
                    }
                    // A foreign element: its contents are markup, scanned as such.
                    _ if in_svg.is_some() && !self_closing => {
                        let svg = in_svg == Some(true);
                        foreign.push((name_start, name_end, svg));
                        if integration_point(name, svg) {
                            integration = Some((name_start, name_end));
                        }
                    }
                    // A self-closed foreign element has no contents.
                    _ if in_svg.is_some() => {}
                    _ if raw_text => {
                        let end = if name == b"script" {
                            script_end(b, open_end)
                        } else {
                            raw_text_end(b, open_end, name)
                        };
                        let Some(close) = end else {
                            // Runs to the end of the page: nothing after it is markup.
                            break;
                        };
                        let inner = &b[open_end..close];
                        let drop = match name {
                            b"script" => !contains_ignore_case(&b[s..open_end], b"ld+json"),
                            b"style" => memchr::memchr(b'<', inner).is_none(),
                            _ => false,
                        };
                        if drop && close > open_end {
                            cuts.push((open_end, close));
                        }
                        i = close;
                    }
                    _ => {}
                }
            }
            _ => i = s + 1,
        }
    }
    if cuts.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out =
        String::with_capacity(html.len() - cuts.iter().map(|(a, z)| z - a).sum::<usize>());
    let mut last = 0;
    for (a, z) in cuts {
        // Cut points sit next to ASCII bytes (`<`, `>`, quotes, white space), so they are
        // character boundaries.
        out.push_str(&html[last..a]);
        last = z;
    }
    out.push_str(&html[last..]);
    Cow::Owned(out)
}

/// An element (lower-cased name) where SVG or MathML content holds HTML again.
fn integration_point(name: &[u8], svg: bool) -> bool {
    if svg {
        matches!(name, b"foreignobject" | b"desc" | b"title")
    } else {
        matches!(
            name,
            b"mi" | b"mo" | b"mn" | b"ms" | b"mtext" | b"annotation-xml"
        )
    }
}

/// HTML start tags that end foreign content outside an integration point (`<font>` only with
/// some attributes, so it is left out: staying in foreign mode only means cutting less).
fn breaks_out(name: &[u8]) -> bool {
    matches!(
        name,
        b"b" | b"big"
            | b"blockquote"
            | b"body"
            | b"br"
            | b"center"
            | b"code"
            | b"dd"
            | b"div"
            | b"dl"
            | b"dt"
            | b"em"
            | b"embed"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"head"
            | b"hr"
            | b"i"
            | b"img"
            | b"li"
            | b"listing"
            | b"menu"
            | b"meta"
            | b"nobr"
            | b"ol"
            | b"p"
            | b"pre"
            | b"ruby"
            | b"s"
            | b"small"
            | b"span"
            | b"strong"
            | b"strike"
            | b"sub"
            | b"sup"
            | b"table"
            | b"tt"
            | b"u"
            | b"ul"
            | b"var"
    )
}

fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// Where a tag name starting at `i` ends: at white space, `/`, `>` or the end.
fn tag_name_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && !is_space(b[i]) && b[i] != b'/' && b[i] != b'>' {
        i += 1;
    }
    i
}

/// Just past the `>` closing a tag whose name ends at `i`; `None` when the page ends inside it.
fn tag_end(b: &[u8], i: usize) -> Option<usize> {
    start_tag_end(b, i, None).map(|(e, _)| e)
}

/// Attributes no extraction step reads and no tree-building rule looks at, yet a sixth of a
/// page's markup: `data-*`, event handlers, image sources, SVG path data, ARIA labels, sizes.
/// Everything but the names below goes: those [`crate::dom`] reads, and those the tree builder
/// looks at (`charset`, `http-equiv` and `content` on `<meta>`, `type` on `<input>`, `encoding`
/// on `<annotation-xml>`, `color`, `face` and `size` on `<font>` in foreign content,
/// `shadowroot…` on `<template>`).
pub fn unread_attribute(name: &[u8]) -> bool {
    const READ: &[&[u8]] = &[
        b"id",
        b"class",
        b"itemprop",
        b"datetime",
        b"content",
        b"rel",
        b"href",
        b"alt",
        b"role",
        b"style",
        b"aria-hidden",
        b"hidden",
        b"pubdate",
        b"lang",
        b"xml:lang",
        b"type",
        b"name",
        b"placeholder",
        b"property",
        b"http-equiv",
        b"title",
        b"charset",
        b"encoding",
        b"color",
        b"face",
        b"size",
    ];
    let shadow = name.len() >= 10 && name[..10].eq_ignore_ascii_case(b"shadowroot");
    !shadow && !READ.iter().any(|r| name.eq_ignore_ascii_case(r))
}

/// Formatting elements other than `<a>`: the tree builder compares their attributes (at most
/// three alike stay on its list of active formatting elements), so theirs stay whole. An `<a>`
/// is never on that list twice.
fn compares_attributes(name: &[u8]) -> bool {
    matches!(
        name,
        b"b" | b"big"
            | b"code"
            | b"em"
            | b"font"
            | b"i"
            | b"nobr"
            | b"s"
            | b"small"
            | b"strike"
            | b"strong"
            | b"tt"
            | b"u"
    )
}

/// Just past the `>` closing a tag whose name ends at `i`, reading attributes the way the
/// tokenizer does (a quoted value may hold `>`), and whether the tag closes itself (`<svg/>`,
/// not `<svg a=b/>` whose value is `b/`); `None` when the page ends inside the tag. With
/// `unread`, the byte ranges of [`unread_attribute`]s preceded by white space (removing one
/// right after a `/` could make the tag self-closing) are added to it, and white space between
/// attributes beyond one character.
fn start_tag_end(
    b: &[u8],
    mut i: usize,
    mut unread: Option<&mut Vec<(usize, usize)>>,
) -> Option<(usize, bool)> {
    let n = b.len();
    loop {
        // Before an attribute name.
        let run = i;
        let mut slash = false;
        let mut any_slash = false;
        while i < n && (is_space(b[i]) || b[i] == b'/') {
            slash = b[i] == b'/';
            any_slash |= slash;
            i += 1;
        }
        // The tokenizer skips white space between attributes one character at a time: one
        // space does the same. After an attribute just cut, the space before it stands in.
        if let Some(u) = unread.as_deref_mut().filter(|_| !any_slash && i > run) {
            match u.last_mut() {
                Some(last) if last.1 == run => last.1 = i,
                _ if i - run >= 2 => u.push((run + 1, i)),
                _ => {}
            }
        }
        if i >= n {
            return None;
        }
        if b[i] == b'>' {
            return Some((i + 1, slash));
        }
        // The name: its first character may be anything, even `=`.
        let name_start = i;
        i += 1;
        while i < n && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let name_end = i;
        let drop = unread.is_some()
            && is_space(b[name_start - 1])
            && unread_attribute(&b[name_start..name_end]);
        while i < n && is_space(b[i]) {
            i += 1;
        }
        let mut value_end = name_end;
        if i < n && b[i] == b'=' {
            i += 1;
            while i < n && is_space(b[i]) {
                i += 1;
            }
            match b.get(i) {
                None => return None,
                Some(&q @ (b'"' | b'\'')) => {
                    i += 1 + memchr::memchr(q, &b[i + 1..])?;
                    i += 1;
                }
                Some(b'>') => return Some((i + 1, false)),
                Some(_) => {
                    while i < n && !is_space(b[i]) && b[i] != b'>' {
                        i += 1;
                    }
                }
            }
            value_end = i;
        }
        // Nor when an attribute named `=…` follows: with this one gone it would become the
        // value of the attribute before.
        let next = b[value_end..].iter().find(|&&c| !is_space(c));
        if drop && next != Some(&b'=') {
            if let Some(u) = unread.as_deref_mut() {
                u.push((name_start, value_end));
            }
        }
    }
}

/// Just past the end of a comment whose `<!--` ends at `i`: `<!-->`, `<!--->`, or the first
/// `-->` or `--!>`.
fn comment_end(b: &[u8], i: usize) -> Option<usize> {
    let rest = b.get(i..)?;
    if rest.starts_with(b">") {
        return Some(i + 1);
    }
    if rest.starts_with(b"->") {
        return Some(i + 2);
    }
    let mut j = i;
    loop {
        let p = j + memchr::memmem::find(&b[j..], b"--")?;
        let after = &b[p + 2..];
        if after.starts_with(b">") {
            return Some(p + 3);
        }
        if after.starts_with(b"!>") {
            return Some(p + 4);
        }
        j = p + 1;
    }
}

/// Where the raw text of element `name` opened at `i` ends: at `</name` (any case) followed by
/// white space, `/` or `>`.
fn raw_text_end(b: &[u8], i: usize, name: &[u8]) -> Option<usize> {
    let mut j = i;
    loop {
        let p = j + memchr::memmem::find(&b[j..], b"</")?;
        let tail = &b[p + 2..];
        if tail.len() > name.len()
            && tail[..name.len()].eq_ignore_ascii_case(name)
            && (is_space(tail[name.len()]) || matches!(tail[name.len()], b'/' | b'>'))
        {
            return Some(p);
        }
        j = p + 2;
    }
}

/// Whether `</script` or `<script` (any case) followed by white space, `/` or `>` starts at `i`
/// (`slash` says which).
fn script_tag_at(b: &[u8], i: usize, slash: bool) -> bool {
    let name = if slash { 2 } else { 1 };
    let Some(t) = b.get(i + name..i + name + 7) else {
        return false;
    };
    b[i] == b'<'
        && (!slash || b[i + 1] == b'/')
        && t[..6].eq_ignore_ascii_case(b"script")
        && (is_space(t[6]) || matches!(t[6], b'/' | b'>'))
}

/// Where a script's text opened at `i` ends, following the tokenizer's escaped states: after
/// `<!--`, a `<script>` inside the text makes the next `</script>` part of the text too, until
/// `-->` (old pages wrap `document.write('<script>…</script>')` in comment markers).
fn script_end(b: &[u8], i: usize) -> Option<usize> {
    #[derive(PartialEq)]
    enum St {
        Data,
        Escaped,
        Double,
    }
    let mut st = St::Data;
    // Dashes seen right before the current byte (for `-->`).
    let mut dashes = 0usize;
    let mut j = i;
    while j < b.len() {
        let c = b[j];
        if st == St::Data {
            // Only `<` matters here: jump to it.
            j += memchr::memchr(b'<', &b[j..])?;
            if script_tag_at(b, j, true) {
                return Some(j);
            }
            if b[j + 1..].starts_with(b"!--") {
                st = St::Escaped;
                // `<!--` then `-`/`>`: the dashes count towards a `-->`.
                dashes = 2;
                j += 4;
                continue;
            }
            j += 1;
            continue;
        }
        match c {
            b'-' => {
                dashes += 1;
                j += 1;
                continue;
            }
            b'>' if dashes >= 2 => {
                st = St::Data;
            }
            b'<' => {
                if st == St::Escaped {
                    if script_tag_at(b, j, true) {
                        return Some(j);
                    }
                    if script_tag_at(b, j, false) {
                        st = St::Double;
                    }
                } else if script_tag_at(b, j, true) {
                    st = St::Escaped;
                }
            }
            _ => {}
        }
        dashes = 0;
        j += 1;
    }
    None
}

fn contains_ignore_case(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::strip_unread as strip;

    #[test]
    fn cuts_scripts_and_styles_keeps_json_ld() {
        let cases: &[(&str, &str)] = &[
            (
                "<p>a</p><script>var x = 1 < 2;</script><p>b</p>",
                "<p>a</p><script></script><p>b</p>",
            ),
            (
                "<style type=\"text/css\">p{color:red}</style><p>x</p>",
                "<style type=\"text/css\"></style><p>x</p>",
            ),
            (
                "<script type=\"application/ld+json\">{\"a\":1}</script>",
                "<script type=\"application/ld+json\">{\"a\":1}</script>",
            ),
            // The end tag needs a delimiter after its name.
            (
                "<script>a = '</scripts>'; b = 1</SCRIPT ><p>t</p>",
                "<script></SCRIPT ><p>t</p>",
            ),
            // Escaped script data: after `<!--`, a `<script>` in the text makes the next
            // `</script>` text too.
            (
                "<script><!-- document.write('<script>x</script>') --></script><p>t</p>",
                "<script></script><p>t</p>",
            ),
            // A quoted attribute may hold `>`.
            (
                "<script title=\"a>b\">code()</script>",
                "<script title=\"a>b\"></script>",
            ),
            // An SVG's contents, once its end is certain.
            (
                "<br><svg viewBox=\"0 0 1 1\"><title>Menu</title><path d=\"M0\"/></svg>b",
                "<br><svg ></svg>b",
            ),
            // Attributes nothing reads go, also from the tags kept.
            (
                "<img src=\"a.jpg\" data-id=7 alt=\"x\" onclick=\"go()\"><path d=\"M0 0\"/>",
                "<img alt=\"x\" ><path />",
            ),
            (
                "<a href=\"/x\" target=_blank aria-label=\"Share\" class=k>s</a>",
                "<a href=\"/x\" class=k>s</a>",
            ),
            // White space between attributes: one character is as good as a run.
            ("<p\n   class=k\n\tid=i  >t</p>", "<p\nclass=k\nid=i >t</p>"),
            ("<p id=\"a\"/  class=b>t</p>", "<p id=\"a\"/  class=b>t</p>"),
            // On formatting elements the tree builder compares attributes: all stay.
            ("<b data-x=1 class=k>s</b>", "<b data-x=1 class=k>s</b>"),
        ];
        for (input, want) in cases {
            assert_eq!(strip(input), *want, "{input}");
        }
    }

    #[test]
    fn leaves_what_the_tokenizer_reads_as_markup() {
        for input in [
            // A style holding markup, a script in a comment, an attribute, a textarea, SVG.
            "<style><p>t</p></style>",
            "<svg><title>x</desc><script>y</script></svg>",
            "<!-- <script>x</script> --><p>t</p>",
            "<a title=\"<script>x</script>\">t</a>",
            "<textarea><script>x</script></textarea>",
            "<frameset><script>x</script></frameset>",
            // No end tag: the rest of the page is the script's.
            "<script>x",
            "<p>1 < 2</p>",
        ] {
            assert_eq!(strip(input), input);
        }
    }

    #[test]
    fn resumes_after_foreign_content() {
        assert_eq!(
            strip("<svg><style>a</style></svg><script>x</script>"),
            "<svg><style>a</style></svg><script></script>"
        );
    }

    #[test]
    fn keeps_formatting_elements_apart() {
        // Four `<b>`s that differ only in an unread attribute: alike, the tree builder would
        // keep three of them open into the second paragraph.
        let html = "<p><b data-x=1><b data-x=2><b data-x=3><b data-x=4>t</p><p>u";
        assert_eq!(shape(&strip(html)), shape(html));
    }

    /// The page as html5ever builds it, with the text inside scripts and style sheets left out:
    /// what stripping may change and nothing else.
    fn shape(html: &str) -> Vec<String> {
        use scraper::{Html, Node};
        let doc = Html::parse_document(html);
        let mut out = Vec::new();
        for n in doc.tree.root().descendants() {
            // Extraction skips these subtrees whole.
            let in_skipped = n.ancestors().any(|a| {
                matches!(a.value(), Node::Element(e) if e.name() == "svg" || e.name() == "math")
            });
            if in_skipped {
                continue;
            }
            match n.value() {
                Node::Element(e) => {
                    let kept: Vec<_> = e
                        .attrs()
                        .filter(|(k, _)| !super::unread_attribute(k.as_bytes()))
                        .collect();
                    out.push(format!("<{:?}{kept:?}>", e.name));
                }
                Node::Text(t) => {
                    let in_raw = n.parent().is_some_and(|p| {
                        matches!(p.value(), Node::Element(e) if e.name() == "script" || e.name() == "style")
                    });
                    if !in_raw {
                        out.push(format!("{:?}", &**t));
                    }
                }
                Node::Comment(c) => out.push(format!("<!--{:?}-->", &**c)),
                _ => {}
            }
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 5000, ..Default::default() })]
        /// Pages pieced together from the constructs the scanner must get right: whatever it
        /// cuts, html5ever builds the same tree apart from script and style text.
        #[test]
        fn same_tree_as_unstripped(parts in proptest::collection::vec(0usize..PIECES.len(), 0..40)) {
            let html: String = parts.iter().map(|&i| PIECES[i]).collect();
            let stripped = strip(&html);
            proptest::prop_assert_eq!(shape(&stripped), shape(&html), "{}", html);
        }
    }

    const PIECES: &[&str] = &[
        "<script>",
        "</script>",
        "<SCRIPT type=\"x\">",
        "</ScRiPt ",
        "<script type=application/ld+json>",
        "<style>",
        "</style>",
        "<!--",
        "-->",
        "--!>",
        "<!-->",
        "<svg>",
        "</svg>",
        "<svg/>",
        "<math>",
        "<foreignObject>",
        "</foreignObject>",
        "<desc>",
        "</desc>",
        "<title/>",
        "<mi>",
        "</mi>",
        "<div>",
        "<br>",
        "</br>",
        "<font color=red>",
        "<b>",
        "<img src=a data-x=\"1\" alt=b>",
        "<a href=x onclick=\"y\">",
        " data-k=v",
        " src",
        "<path d=\"M0\"/>",
        "<a/data-x=1>",
        "<svg data-x/>",
        "<div data-x>",
        "<font data-color=red color=blue>",
        "<b data-x=1>",
        "<b data-x=2>",
        "<i aria-label=q>",
        "</b>",
        "<span tabindex=0 aria-label=\"x\">",
        "<input width=3 type=hidden>",
        "<a title=\"",
        "<a title='",
        "<a title=",
        "\"",
        "'",
        "\">",
        "<p>",
        "</p>",
        "text ",
        "x<y ",
        "<",
        ">",
        "/",
        "=",
        " ",
        "</",
        "<iframe>",
        "</iframe>",
        "<xmp>",
        "</XMP>",
        "<textarea>",
        "</textarea>",
        "<title>",
        "</title>",
        "<noscript>",
        "</noscript>",
        "<![CDATA[",
        "]]>",
        "<frameset>",
        "<img>",
        "<input type=hidden>",
        "<FrameSet>",
        "<table>",
        "<td>",
        "</table>",
        "<body>",
        "</body>",
        "</html>",
        "<head>",
        "</head>",
        "<select>",
        "<template>",
        "<plaintext>",
        "<!doctype html>",
        "<?xml ?>",
        "\r\n",
        "é",
    ];
}
