//! The story page: the digest with every citation as a numbered mark that opens onto the source
//! sentence and a link to the original, then the sources (copies folded under their original),
//! related stories and the machine-writing note. Also the digest-as-HTML used inside feed entries.

use crate::cache::Rendered;
use crate::html::{self, ago, pct, safe_url, time_el, Chrome};
use crate::{Ctx, WebError};
use chrono::{DateTime, Utc};
use maud::{html, Markup};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use storyline_core::text::sentences;
use storyline_core::{Article, Citation, Cited, Digest, Perspective, Story};
use storyline_store::Store;

/// The articles a digest cites, with their sentences split the way citations count them.
pub struct Sources {
    by_id: HashMap<String, (Article, Vec<String>)>,
}

impl Sources {
    /// Splits the articles the digest cites: from `articles` when they are there, else fetched
    /// (a story of thousands of articles cites a few dozen; only those are split).
    pub fn load(
        store: &dyn Store,
        articles: &[Article],
        digest: Option<&Digest>,
    ) -> Result<Self, WebError> {
        let mut by_id: HashMap<String, (Article, Vec<String>)> = HashMap::new();
        let Some(d) = digest else {
            return Ok(Self { by_id });
        };
        let split = |a: &Article| -> Vec<String> {
            sentences(&a.text)
                .into_iter()
                .map(|s| s.to_string())
                .collect()
        };
        let listed: HashMap<String, &Article> =
            articles.iter().map(|a| (a.id.to_string(), a)).collect();
        for c in all_citations(d) {
            if by_id.contains_key(&c.article) {
                continue;
            }
            let article = match listed.get(&c.article) {
                Some(a) => Some((*a).clone()),
                None => match c.article.parse::<i64>() {
                    Ok(id) => store.article(id)?,
                    Err(_) => None,
                },
            };
            if let Some(a) = article {
                let s = split(&a);
                by_id.insert(c.article.clone(), (a, s));
            }
        }
        Ok(Self { by_id })
    }

    fn get(&self, c: &Citation) -> Option<(&Article, Option<&str>)> {
        let (a, s) = self.by_id.get(&c.article)?;
        Some((a, s.get(c.sentence).map(String::as_str)))
    }
}

/// Every citation of a digest, in reading order.
pub fn all_citations(d: &Digest) -> Vec<&Citation> {
    let mut out: Vec<&Citation> = Vec::new();
    fn cited(v: &[Cited]) -> impl Iterator<Item = &Citation> {
        v.iter().flat_map(|c| c.citations.iter())
    }
    out.extend(d.headline.citations.iter());
    out.extend(cited(&d.summary));
    out.extend(cited(&d.takeaways));
    out.extend(cited(&d.why_it_matters));
    out.extend(cited(&d.agreed));
    out.extend(d.faq.iter().flat_map(|f| f.citations.iter()));
    out.extend(d.timeline.iter().flat_map(|t| t.citations.iter()));
    out.extend(d.figures.iter().flat_map(|f| f.citations.iter()));
    out.extend(d.players.iter().flat_map(|p| p.citations.iter()));
    for p in &d.perspectives {
        out.extend(cited(&p.unique_claims));
    }
    out
}

/// Numbers citations in order of first appearance on a page.
pub struct Citer<'a> {
    sources: &'a Sources,
    numbers: RefCell<Vec<Citation>>,
}

impl<'a> Citer<'a> {
    pub fn new(sources: &'a Sources) -> Self {
        Self {
            sources,
            numbers: RefCell::new(Vec::new()),
        }
    }

    fn number(&self, c: &Citation) -> usize {
        let mut n = self.numbers.borrow_mut();
        if let Some(i) = n.iter().position(|x| x == c) {
            return i + 1;
        }
        n.push(c.clone());
        n.len()
    }

    /// The numbered marks after a piece of text: each opens onto the quoted sentence.
    pub fn marks(&self, cits: &[Citation]) -> Markup {
        html! {
            @for c in cits {
                @let n = self.number(c);
                @let found = self.sources.get(c);
                details.cite {
                    summary aria-label={ "Source " (n) } { "[" (n) "]" }
                    span.quote {
                        @match found {
                            Some((a, sentence)) => {
                                @if let Some(s) = sentence {
                                    blockquote { (s) }
                                } @else {
                                    span.meta { "(The cited sentence is no longer in the stored article.)" }
                                }
                                span.meta { (a.source_name) " — " }
                                @if let Some(u) = safe_url(&a.url) {
                                    a href=(u) rel="nofollow noopener" { "read the original" }
                                } @else {
                                    (a.title)
                                }
                            }
                            None => { span.meta { "(The cited article is no longer stored.)" } }
                        }
                    }
                }
            }
        }
    }

    /// Text followed by its marks.
    pub fn cited(&self, c: &Cited) -> Markup {
        html! { (c.text) " " (self.marks(&c.citations)) }
    }

    /// For feeds: plain superscript links to the original article of each citation.
    pub fn links(&self, cits: &[Citation]) -> Markup {
        html! {
            @for c in cits {
                @let n = self.number(c);
                @match self.sources.get(c).and_then(|(a, _)| safe_url(&a.url)) {
                    Some(u) => { " " sup { a href=(u) { "[" (n) "]" } } }
                    None => { " " sup { "[" (n) "]" } }
                }
            }
        }
    }

    /// For feeds: the numbered list of cited sentences with their outlets.
    pub fn footnotes(&self) -> Markup {
        let numbers = self.numbers.borrow().clone();
        html! {
            @if !numbers.is_empty() {
                ol {
                    @for c in &numbers {
                        li {
                            @match self.sources.get(c) {
                                Some((a, s)) => {
                                    @if let Some(s) = s { "“" (s) "” — " }
                                    @if let Some(u) = safe_url(&a.url) {
                                        a href=(u) { (a.source_name) }
                                    } @else { (a.source_name) }
                                }
                                None => { "(source no longer stored)" }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The story's headline: the digest's, the stored one, or its first article's title.
pub fn headline(story: &Story, digest: Option<&Digest>, articles: &[Article]) -> String {
    digest
        .map(|d| d.headline.text.trim())
        .filter(|h| !h.is_empty())
        .or(story
            .headline
            .as_deref()
            .map(str::trim)
            .filter(|h| !h.is_empty()))
        .map(str::to_string)
        .or_else(|| articles.first().map(|a| a.title.clone()))
        .unwrap_or_else(|| format!("Story {}", story.id))
}

fn n_sources(n: i64) -> String {
    if n == 1 {
        "1 source".into()
    } else {
        format!("{n} sources")
    }
}

/// The "N sources · updated X ago" line.
pub fn meta_line(story: &Story, now: DateTime<Utc>) -> Markup {
    html! {
        (n_sources(story.source_count)) " · updated " (time_el(story.updated_at, ago(story.updated_at, now)))
    }
}

/// Follows `merged_into` to the surviving story (at most a few hops, against cycles).
pub fn survivor(store: &dyn Store, story: &Story) -> Result<Option<i64>, WebError> {
    let Some(mut to) = story.merged_into else {
        return Ok(None);
    };
    for _ in 0..8 {
        match store.story(to)? {
            Some(s) => match s.merged_into {
                Some(next) if next != to => to = next,
                _ => return Ok(Some(to)),
            },
            None => return Ok(Some(to)),
        }
    }
    Ok(Some(to))
}

/// Original reports listed on a story page until the reader asks for all of them: a story that
/// thousands of outlets carried would otherwise be a page of megabytes.
pub const SHOWN_ORIGINALS: usize = 50;
/// Outlets whose own claims a story page shows until the reader asks for all.
pub const SHOWN_PERSPECTIVES: usize = 20;
/// Outlets named under one original ("Also carried by …") until the reader asks for all.
pub const SHOWN_COPIES: usize = 12;
/// Original reports listed in a feed entry; the story page has the rest.
pub const FEED_ORIGINALS: usize = 20;

/// Renders `/story/{id}`; `all_sources` lists every article instead of the first
/// [`SHOWN_ORIGINALS`].
pub fn render(ctx: &Ctx, id: i64, all_sources: bool) -> Result<Rendered, WebError> {
    let store = ctx.store();
    let story = store
        .story(id)?
        .ok_or_else(|| WebError::NotFound(format!("There is no story {id}.")))?;
    if let Some(to) = survivor(store, &story)? {
        let query = if all_sources { "?sources=all" } else { "" };
        return Ok(Rendered::Moved(format!("/story/{to}{query}")));
    }
    let stored = store.digest(id)?;
    let digest = stored.as_ref().map(|s| &s.digest);
    let articles = store.story_articles(id)?;
    let sources = Sources::load(store, &articles, digest)?;
    let citer = Citer::new(&sources);
    let now = Utc::now();
    let title = headline(&story, digest, &articles);
    let mut chrome = Chrome::load(ctx)?;
    let category = story
        .category
        .clone()
        .or_else(|| digest.map(|d| d.category.clone()).filter(|c| !c.is_empty()));
    if let Some(c) = &category {
        chrome.current_category = Some(c.clone());
    }
    let related = related(store, id, digest)?;
    let body = html! {
        article.story {
            @if let Some(c) = &category {
                a.cat href={ "/category/" (pct(c)) } { (c) }
            }
            h1 { (title) }
            p.meta {
                (meta_line(&story, now))
                @if let Some(d) = digest { @if d.reading_minutes > 0 { " · " (d.reading_minutes) " min read" } }
            }
            @if let Some(d) = digest {
                (digest_sections(id, d, &citer, all_sources))
            } @else {
                p.note { "No digest has been written for this story yet. Here are the articles it is built from." }
            }
            (sources_section(id, &articles, now, all_sources))
            @if !related.is_empty() {
                section aria-labelledby="related" {
                    h2 id="related" { "Related stories" }
                    ul {
                        @for r in &related {
                            li { a href={ "/story/" (r.0.id) } { (r.1) } " " span.meta { (meta_line(&r.0, now)) } }
                        }
                    }
                }
            }
            @if let Some(d) = digest {
                (machine_note(d, articles.len()))
            }
        }
    };
    let modified = stored
        .as_ref()
        .map(|s| s.created_at.max(story.updated_at))
        .unwrap_or(story.updated_at);
    Ok(html::page(&chrome, &title, body)
        .modified(Some(modified))
        .into())
}

fn cited_list(id: &str, heading: &str, items: &[Cited], citer: &Citer) -> Markup {
    html! {
        @if !items.is_empty() {
            section aria-labelledby=(id) {
                h2 id=(id) { (heading) }
                ul.cited { @for c in items { li { (citer.cited(c)) } } }
            }
        }
    }
}

fn digest_sections(story: i64, d: &Digest, citer: &Citer, all: bool) -> Markup {
    // Outlets with claims of their own first; the rest named in one line.
    let (own, none): (Vec<&Perspective>, Vec<&Perspective>) = d
        .perspectives
        .iter()
        .partition(|p| !p.unique_claims.is_empty());
    let limit = if all { usize::MAX } else { SHOWN_PERSPECTIVES };
    html! {
        @if !d.summary.is_empty() {
            div.lede { @for s in &d.summary { div { (citer.cited(s)) } } }
        }
        (cited_list("takeaways", "Key takeaways", &d.takeaways, citer))
        (cited_list("why", "Why it matters", &d.why_it_matters, citer))
        (cited_list("agreed", "What every outlet reports", &d.agreed, citer))
        @if !d.faq.is_empty() {
            section aria-labelledby="faq" {
                h2 id="faq" { "Questions and answers" }
                @for f in &d.faq {
                    details.faq {
                        summary { (f.question) }
                        div.answer { (f.answer) " " (citer.marks(&f.citations)) }
                    }
                }
            }
        }
        @if !d.timeline.is_empty() {
            section aria-labelledby="timeline" {
                h2 id="timeline" { "Timeline" }
                ol.timeline {
                    @for t in &d.timeline {
                        li {
                            @let written = t.date_text.trim();
                            @let label = timeline_label(&t.date_iso, written);
                            @let said = (!written.is_empty() && !written.eq_ignore_ascii_case(&label))
                                .then(|| format!("The source says: {written}"));
                            time datetime=(t.date_iso) title=[said] { (label) }
                            (t.text) " " (citer.marks(&t.citations))
                        }
                    }
                }
            }
        }
        @if !d.figures.is_empty() {
            section aria-labelledby="figures" {
                h2 id="figures" { "Key figures" }
                dl.figures {
                    @for f in &d.figures {
                        div { dt { (f.value) } dd { (f.label) " " (citer.marks(&f.citations)) } }
                    }
                }
            }
        }
        @if !d.players.is_empty() {
            section aria-labelledby="players" {
                h2 id="players" { "Key players" }
                ul.cited {
                    @for p in &d.players {
                        li {
                            strong { (p.name) }
                            @if !p.kind.is_empty() { " " span.tone { (p.kind) } }
                            @if !p.role.is_empty() { " — " (p.role) }
                            " " (citer.marks(&p.citations))
                        }
                    }
                }
            }
        }
        @if !d.perspectives.is_empty() {
            section aria-labelledby="perspectives" {
                h2 id="perspectives" { "Perspectives by outlet" }
                @for p in own.iter().take(limit) {
                    h3 { (p.source) " " @if !p.tone_label.is_empty() { span.tone { (p.tone_label) } } }
                    ul.cited { @for c in &p.unique_claims { li { (citer.cited(c)) } } }
                }
                @if own.len() > limit {
                    p.sources-more {
                        "The claims of " (own.len() - limit) " more outlets are not shown here. "
                        a href={ "/story/" (story) "?sources=all#perspectives" } { "Show every outlet" }
                    }
                }
                @if !none.is_empty() {
                    p.meta {
                        "No claims that other outlets do not also make: "
                        @for (i, p) in none.iter().take(limit).enumerate() {
                            @if i > 0 { ", " }
                            (p.source)
                            @if !p.tone_label.is_empty() { " " span.tone { (p.tone_label) } }
                        }
                        @if none.len() > limit { " and " (none.len() - limit) " more" }
                        "."
                    }
                }
            }
        }
    }
}

/// A timeline date as readers want it, absolute ("Mon 9 Nov 2026", "week of 9 Nov 2026",
/// "November 2026", "2019"), whatever relative words the source used ("on Monday"); the
/// source's own words are the fallback for a date the digest could not resolve.
pub fn timeline_label(iso: &str, written: &str) -> String {
    use chrono::NaiveDate;
    if let Ok(d) = NaiveDate::parse_from_str(iso, "%Y-%m-%d") {
        return d.format("%a %-d %b %Y").to_string();
    }
    if let Some((y, w)) = iso.split_once("-W") {
        if let (Ok(y), Ok(w)) = (y.parse::<i32>(), w.parse::<u32>()) {
            if let Some(d) = NaiveDate::from_isoywd_opt(y, w, chrono::Weekday::Mon) {
                return d.format("Week of %-d %b %Y").to_string();
            }
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(&format!("{iso}-01"), "%Y-%m-%d") {
        return d.format("%B %Y").to_string();
    }
    if iso.len() == 4 && iso.bytes().all(|b| b.is_ascii_digit()) {
        return iso.to_string();
    }
    if written.is_empty() {
        iso.to_string()
    } else {
        written.to_string()
    }
}

/// The sources list: originals with their copies folded under them as "also carried by".
fn sources_section(
    story: i64,
    articles: &[Article],
    now: DateTime<Utc>,
    all_sources: bool,
) -> Markup {
    let ids: std::collections::HashSet<i64> = articles.iter().map(|a| a.id).collect();
    let mut copies: BTreeMap<i64, Vec<&Article>> = BTreeMap::new();
    let mut originals: Vec<&Article> = Vec::new();
    for a in articles {
        match a.duplicate_of {
            Some(o) if ids.contains(&o) && o != a.id => copies.entry(o).or_default().push(a),
            _ => originals.push(a),
        }
    }
    let (shown, copies_shown) = if all_sources {
        (originals.len(), usize::MAX)
    } else {
        (originals.len().min(SHOWN_ORIGINALS), SHOWN_COPIES)
    };
    let listed: usize = originals
        .iter()
        .take(shown)
        .map(|a| 1 + copies.get(&a.id).map_or(0, |cs| cs.len().min(copies_shown)))
        .sum();
    let hidden = articles.len().saturating_sub(listed);
    html! {
        @if !articles.is_empty() {
            section aria-labelledby="sources" {
                h2 id="sources" { "Sources" }
                ul.sources {
                    @for a in originals.iter().take(shown) {
                        @let t = a.published.unwrap_or(a.fetched_at);
                        li {
                            strong { (a.source_name) } " · " (a.title) " · " span.meta { (time_el(t, ago(t, now))) } " · "
                            @if let Some(u) = safe_url(&a.url) {
                                a href=(u) rel="nofollow noopener" { "read the original" }
                            } @else { span.meta { "(no web address)" } }
                            @if let Some(cs) = copies.get(&a.id) {
                                div.also {
                                    "Also carried by "
                                    @for (i, c) in cs.iter().take(copies_shown).enumerate() {
                                        @if i > 0 { ", " }
                                        @if let Some(u) = safe_url(&c.url) {
                                            a href=(u) rel="nofollow noopener" { (c.source_name) }
                                        } @else { (c.source_name) }
                                    }
                                    @if cs.len() > copies_shown {
                                        " and " (cs.len() - copies_shown) " more"
                                    }
                                }
                            }
                        }
                    }
                }
                @if hidden > 0 {
                    p.sources-more {
                        (hidden) " more " @if hidden == 1 { "article is" } @else { "articles are" }
                        " not listed here. "
                        a href={ "/story/" (story) "?sources=all#sources" } { "Show all " (articles.len()) " articles" }
                    }
                }
            }
        }
    }
}

fn related(
    store: &dyn Store,
    id: i64,
    digest: Option<&Digest>,
) -> Result<Vec<(Story, String)>, WebError> {
    let mut out: Vec<(Story, String)> = Vec::new();
    let Some(d) = digest else { return Ok(out) };
    for r in d.related.iter().filter_map(|r| r.parse::<i64>().ok()) {
        let Some(mut s) = store.story(r)? else {
            continue;
        };
        if let Some(to) = survivor(store, &s)? {
            match store.story(to)? {
                Some(t) => s = t,
                None => continue,
            }
        }
        if s.id == id || out.iter().any(|(o, _)| o.id == s.id) {
            continue;
        }
        let h = match s.headline.clone().filter(|h| !h.trim().is_empty()) {
            Some(h) => h,
            None => headline(&s, None, &store.story_articles(s.id)?),
        };
        out.push((s, h));
    }
    Ok(out)
}

fn machine_note(d: &Digest, n_articles: usize) -> Markup {
    html! {
        aside.note aria-label="About this digest" {
            "This digest was written by a machine"
            @if !d.engine.is_empty() { " (" (d.engine) ")" }
            @if n_articles == 1 { " from the story's one article." } @else { " from the story's " (n_articles) " articles." }
            " Each numbered mark opens the source sentence it comes from."
            @if !d.field_engines.is_empty() {
                " Parts written by other engines: "
                @for (i, (field, engine)) in d.field_engines.iter().enumerate() {
                    @if i > 0 { ", " }
                    (field.replace('_', " ")) " by " (engine)
                }
                "."
            }
            @if let Some(g) = &d.grounding {
                @if g.removed > 0 {
                    details {
                        summary {
                            (g.removed) @if g.removed == 1 { " sentence" } @else { " sentences" }
                            " removed by the grounding check (of " (g.checked) " checked)"
                        }
                        ul { @for r in &g.reasons { li { (r) } } }
                    }
                } @else if g.checked > 0 {
                    " All " (g.checked) " sentences passed the grounding check."
                }
            }
        }
    }
}

/// The digest as HTML for a feed entry: summary, takeaways and why it matters with numbered links
/// to the originals, then the cited sentences as footnotes and the list of sources.
pub fn feed_html(
    d: Option<&Digest>,
    sources: &Sources,
    articles: &[Article],
    story_url: &str,
) -> String {
    let citer = Citer::new(sources);
    html! {
        @if let Some(d) = d {
            @for s in &d.summary { p { (s.text) (citer.links(&s.citations)) } }
            @if !d.takeaways.is_empty() {
                h3 { "Key takeaways" }
                ul { @for t in &d.takeaways { li { (t.text) (citer.links(&t.citations)) } } }
            }
            @if !d.why_it_matters.is_empty() {
                h3 { "Why it matters" }
                ul { @for t in &d.why_it_matters { li { (t.text) (citer.links(&t.citations)) } } }
            }
            h3 { "Cited sentences" }
            (citer.footnotes())
        }
        h3 { "Sources" }
        @let originals: Vec<&Article> = articles.iter().filter(|a| a.duplicate_of.is_none()).collect();
        ul {
            @for a in originals.iter().take(FEED_ORIGINALS) {
                li {
                    (a.source_name) ": "
                    @if let Some(u) = safe_url(&a.url) { a href=(u) { (a.title) } } @else { (a.title) }
                }
            }
            @if originals.len() > FEED_ORIGINALS {
                li { "and " (originals.len() - FEED_ORIGINALS) " more on the story page" }
            }
        }
        p { a href=(story_url) { "Read the full digest" } " — machine-written from the sources above." }
    }
    .into_string()
}

#[cfg(test)]
mod tests {
    use super::timeline_label;

    #[test]
    fn timeline_dates_are_absolute() {
        for (iso, written, want) in [
            ("2026-11-09", "Monday", "Mon 9 Nov 2026"),
            ("2026-W46", "next week", "Week of 9 Nov 2026"),
            ("2027-03", "next March", "March 2027"),
            ("2019", "2019", "2019"),
            ("", "the day before", "the day before"),
            ("2026-13", "Smarch", "Smarch"),
        ] {
            assert_eq!(timeline_label(iso, written), want, "{iso}");
        }
    }
}
