//! The reader's HTML pages: front, category, story, sources, one source, search; plus /healthz.

use crate::cache::{self, cached, Rendered};
use crate::html::{self, ago, pct, safe_url, snippet, time_el, Chrome};
use crate::story::{self, meta_line};
use crate::{rank, Ctx, Shared, WebError};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use maud::{html, Markup};
use serde::Deserialize;
use storyline_core::Story;
use storyline_store::{ArticleQuery, SearchOrder, SearchQuery, SEARCH_WINDOW};

/// Query parameters of the listing pages; parsed leniently (a bad page number means page 1).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListParams {
    pub page: Option<String>,
    pub q: Option<String>,
    /// Search order: `new` for newest first, anything else for relevance.
    pub sort: Option<String>,
}

impl ListParams {
    pub fn page(&self) -> usize {
        self.page
            .as_deref()
            .and_then(|p| p.parse::<usize>().ok())
            .filter(|p| *p >= 1 && *p <= 10_000)
            .unwrap_or(1)
    }
}

/// Answers from the cache or renders, turning errors into HTML error pages.
pub(crate) async fn respond<F>(
    ctx: &Shared,
    headers: &HeaderMap,
    key: String,
    render: F,
) -> Response
where
    F: FnOnce(&Ctx) -> Result<Rendered, WebError> + Send + 'static,
{
    match cached(ctx, key, render).await {
        Ok(r) => r.respond(headers),
        Err(e) => html::error_page(ctx, &e),
    }
}

pub(crate) async fn front(
    State(ctx): State<Shared>,
    Query(p): Query<ListParams>,
    headers: HeaderMap,
) -> Response {
    let page = p.page();
    respond(&ctx, &headers, cache::key(&[&"front", &page]), move |c| {
        render_list(c, None, page)
    })
    .await
}

pub(crate) async fn category(
    State(ctx): State<Shared>,
    Path(name): Path<String>,
    Query(p): Query<ListParams>,
    headers: HeaderMap,
) -> Response {
    let page = p.page();
    respond(
        &ctx,
        &headers,
        cache::key(&[&"cat", &name, &page]),
        move |c| render_list(c, Some(name), page),
    )
    .await
}

/// Query parameters of the story page.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct StoryParams {
    /// `all` lists every article of the story, not the first few dozen.
    pub sources: Option<String>,
}

pub(crate) async fn story(
    State(ctx): State<Shared>,
    Path(id): Path<String>,
    Query(p): Query<StoryParams>,
    headers: HeaderMap,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return html::error_page(&ctx, &WebError::NotFound("There is no such story.".into()));
    };
    let all = p.sources.as_deref() == Some("all");
    respond(
        &ctx,
        &headers,
        cache::key(&[&"story", &id, &all]),
        move |c| story::render(c, id, all),
    )
    .await
}

/// One story card for the front and category pages.
fn card(ctx: &Ctx, s: &Story, now: chrono::DateTime<Utc>) -> Result<Markup, WebError> {
    let store = ctx.store();
    let digest = store.digest(s.id)?.map(|d| d.digest);
    let first = if digest.is_none() || s.headline.is_none() {
        store.articles(&ArticleQuery {
            story_id: Some(s.id),
            limit: 1,
            ..ArticleQuery::default()
        })?
    } else {
        Vec::new()
    };
    let crate::card::CardText {
        headline: title,
        summary,
        category,
    } = crate::card::card_text(s, digest.as_ref(), &first);
    Ok(html! {
        li.card {
            @if let Some(c) = &category { a.cat href={ "/category/" (pct(c)) } { (c) } }
            h2 { a href={ "/story/" (s.id) } { (title) } }
            p.meta { (meta_line(s, now)) }
            @if !summary.is_empty() { p.summary { (summary) } }
        }
    })
}

fn render_list(ctx: &Ctx, category: Option<String>, page: usize) -> Result<Rendered, WebError> {
    let mut chrome = Chrome::load(ctx)?;
    chrome.front = category.is_none();
    if let Some(c) = &category {
        if !chrome.categories.iter().any(|(n, _)| n == c) {
            return Err(WebError::NotFound(format!("There is no category “{c}”.")));
        }
        chrome.current_category = Some(c.clone());
        chrome.feeds = vec![
            (
                "application/atom+xml",
                format!("/category/{}/feed.atom", pct(c)),
                format!("{c} (Atom)"),
            ),
            (
                "application/feed+json",
                format!("/category/{}/feed.json", pct(c)),
                format!("{c} (JSON Feed)"),
            ),
        ];
    }
    let now = Utc::now();
    let size = ctx.config().page_size.max(1);
    let (stories, more) = rank::top(ctx.store(), category.as_deref(), page, size, now)?;
    let mut cards = Vec::with_capacity(stories.len());
    for s in &stories {
        cards.push(card(ctx, s, now)?);
    }
    let base = match &category {
        Some(c) => format!("/category/{}", pct(c)),
        None => "/".to_string(),
    };
    let title = category.clone().unwrap_or_else(|| "Top stories".into());
    let body = html! {
        h1 { (title) @if page > 1 { " — page " (page) } }
        @if cards.is_empty() && page > 1 {
            p { "No stories this far back. The front page ranks the " (rank::WINDOW) " most recently updated stories; " a href="/search" { "search" } " reaches older ones." }
        } @else if cards.is_empty() {
            p { "No stories yet. Once sources are fetched and stories are built, they appear here." }
        } @else {
            ol.cards { @for c in &cards { (c) } }
        }
        nav.pager aria-label="Pages" {
            @if page > 1 {
                a rel="prev" href={ (base) "?page=" (page - 1) } { "← Newer" }
            } @else { span {} }
            @if more { a rel="next" href={ (base) "?page=" (page + 1) } { "Older →" } }
        }
        @if let Some(c) = &category {
            p.meta { "Feeds for " (c) ": " a href={ "/category/" (pct(c)) "/feed.atom" } { "Atom" } " · " a href={ "/category/" (pct(c)) "/feed.json" } { "JSON Feed" } }
        }
    };
    let modified = stories.iter().map(|s| s.updated_at).max();
    Ok(html::page(&chrome, &title, body).modified(modified).into())
}

pub(crate) async fn sources(State(ctx): State<Shared>, headers: HeaderMap) -> Response {
    respond(&ctx, &headers, cache::key(&[&"sources"]), |c| {
        let chrome = Chrome::load(c)?;
        let list = c.store().sources()?;
        let now = Utc::now();
        // An outlet with several feeds ("Lakeside Ledger" news and opinion) shows each one's
        // address, so the rows can be told apart.
        let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for s in &list {
            *seen.entry(display_title(&s.title, &s.url)).or_default() += 1;
        }
        let shared = |s: &storyline_core::Source| {
            seen.get(display_title(&s.title, &s.url))
                .is_some_and(|&n| n > 1)
                && !s.title.trim().is_empty()
        };
        let body = html! {
            h1 { "Sources" }
            p.meta { (list.len()) " subscribed sources. " a href="/sources.opml" { "Export as OPML" } }
            div.table-wrap {
                table {
                    thead { tr { th { "Outlet" } th { "Health" } th { "Articles" } th { "Last success" } th { "Kind" } } }
                    tbody {
                        @for s in &list {
                            tr {
                                td {
                                    a href={ "/source/" (s.id) } { (display_title(&s.title, &s.url)) }
                                    @if shared(s) { br; span.meta { (feed_address(&s.url)) } }
                                }
                                td { (health(s, now)) }
                                td { (s.article_count) }
                                td { @match s.last_success_at { Some(t) => { (time_el(t, ago(t, now))) } None => { "never" } } }
                                td { (s.kind) }
                            }
                        }
                    }
                }
            }
        };
        Ok(html::page(&chrome, "Sources", body).into())
    })
    .await
}

/// A feed's address without its scheme ("example.com/news/feed.xml").
fn feed_address(url: &str) -> &str {
    url.split_once("://").map_or(url, |(_, rest)| rest)
}

fn display_title<'a>(title: &'a str, url: &'a str) -> &'a str {
    if title.trim().is_empty() {
        url
    } else {
        title
    }
}

/// A source's health; a failing one says when it is tried again (see `Source::retry_at`), and one
/// whose last read went partly wrong says what.
fn health(s: &storyline_core::Source, now: chrono::DateTime<Utc>) -> Markup {
    html! {
        @if s.last_error.is_some() {
            span.bad { "failing" @if s.error_count > 1 { " (" (s.error_count) "×)" } }
            @if let Some(t) = s.retry_at().filter(|t| *t > now) {
                " " span.meta { "· retried " (time_el(t, html::until(t, now))) }
            }
        } @else if s.last_success_at.is_some() {
            span.ok { "ok" }
            @if let Some(p) = s.problems.summary() {
                " " span.warn { "· " (p) }
            }
        } @else {
            span.meta { "not fetched yet" }
        }
    }
}

pub(crate) async fn source(
    State(ctx): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return html::error_page(&ctx, &WebError::NotFound("There is no such source.".into()));
    };
    respond(&ctx, &headers, cache::key(&[&"source", &id]), move |c| {
        let store = c.store();
        let s = store
            .source(id)?
            .ok_or_else(|| WebError::NotFound(format!("There is no source {id}.")))?;
        let chrome = Chrome::load(c)?;
        let articles = store.articles(&ArticleQuery {
            source_id: Some(id),
            limit: 50,
            ..ArticleQuery::default()
        })?;
        let now = Utc::now();
        let when = |t: Option<chrono::DateTime<Utc>>| match t {
            Some(t) => time_el(t, ago(t, now)),
            None => html! { "never" },
        };
        let title = display_title(&s.title, &s.url).to_string();
        let body = html! {
            h1 { (title) }
            dl {
                dt { "Feed" } dd { @if let Some(u) = safe_url(&s.url) { a href=(u) rel="nofollow noopener" { (u) } } @else { (s.url) } }
                @if let Some(site) = s.site_url.as_deref().and_then(safe_url) {
                    dt { "Site" } dd { a href=(site) rel="nofollow noopener" { (site) } }
                }
                dt { "Health" } dd { (health(&s, now)) }
                dt { "Last fetch" } dd { (when(s.last_fetch_at)) }
                dt { "Last success" } dd { (when(s.last_success_at)) }
                @if let Some(e) = &s.last_error {
                    dt { "Last error" } dd.bad { (e) }
                }
                @if let Some(e) = &s.problems.page_error {
                    dt { "A page that gave no article" } dd.warn { (e) }
                }
                dt { "Articles" } dd { (s.article_count) }
            }
            h2 { "Recent articles" }
            @if articles.is_empty() { p { "None yet." } }
            ul {
                @for a in &articles {
                    @let t = a.published.unwrap_or(a.fetched_at);
                    li {
                        @if let Some(sid) = a.story_id { a href={ "/story/" (sid) } { (a.title) } } @else { (a.title) }
                        " " span.meta { (time_el(t, ago(t, now))) }
                        @if let Some(u) = safe_url(&a.url) { " · " a href=(u) rel="nofollow noopener" { "original" } }
                    }
                }
            }
        };
        Ok(html::page(&chrome, &title, body)
            .modified(s.last_fetch_at)
            .into())
    })
    .await
}

/// The reader's search words: trimmed, at most 200 characters.
pub(crate) fn search_text(q: Option<&str>) -> String {
    q.unwrap_or_default().trim().chars().take(200).collect()
}

pub(crate) async fn search(
    State(ctx): State<Shared>,
    Query(p): Query<ListParams>,
    headers: HeaderMap,
) -> Response {
    const PER_PAGE: usize = 20;
    let q = search_text(p.q.as_deref());
    let page = p.page();
    let newest = p.sort.as_deref() == Some("new");
    let key = cache::key(&[&"search", &q, &page, &newest]);
    respond(&ctx, &headers, key, move |c| {
        let mut chrome = Chrome::load(c)?;
        chrome.query = &q;
        let order = if newest {
            SearchOrder::Newest
        } else {
            SearchOrder::Relevance
        };
        let mut results = if q.is_empty() {
            storyline_store::SearchResults::default()
        } else {
            // One hit more than shown tells whether there is a next page.
            c.store().search_page(&SearchQuery {
                text: &q,
                order,
                limit: PER_PAGE + 1,
                offset: (page - 1) * PER_PAGE,
            })?
        };
        let more = results.stories.len() > PER_PAGE || results.articles.len() > PER_PAGE;
        results.stories.truncate(PER_PAGE);
        results.articles.truncate(PER_PAGE);
        // Relevance ranks the newest SEARCH_WINDOW matches; on its last page, newest first goes
        // on.
        let window_end =
            !newest && page * PER_PAGE >= usize::try_from(SEARCH_WINDOW).unwrap_or(usize::MAX);
        let link = |sort_new: bool, page: usize| {
            format!(
                "/search?q={}{}{}",
                pct(&q),
                if sort_new { "&sort=new" } else { "" },
                if page > 1 { format!("&page={page}") } else { String::new() }
            )
        };
        let now = Utc::now();
        let body = html! {
            h1 { "Search" @if !q.is_empty() { ": " (q) } @if page > 1 { " — page " (page) } }
            @if q.is_empty() {
                p { "Type words to find in story headlines, summaries and article text." }
                p.meta { "Put a phrase in quotes (\"north quay\"), write OR between words for either, and a minus before a word to leave it out (-storm)." }
            } @else {
                p.meta {
                    "Order: "
                    @if newest { a href=(link(false, 1)) { "most relevant" } " · " strong { "newest first" } }
                    @else { strong { "most relevant" } " · " a href=(link(true, 1)) { "newest first" } }
                }
                @if results.stories.is_empty() && results.articles.is_empty() {
                    @if page > 1 { p { "No more matches for “" (q) "”." } }
                    @else {
                        p { "Nothing matches “" (q) "”." }
                        p.meta { "Every word is looked for; OR between words asks for either, and a minus leaves a word out." }
                    }
                }
            }
            @if !results.stories.is_empty() {
                h2 { "Stories" }
                ul.results {
                    @for h in &results.stories {
                        li {
                            a href={ "/story/" (h.item.id) } { (h.item.headline.clone().unwrap_or_else(|| format!("Story {}", h.item.id))) }
                            " " span.meta { (meta_line(&h.item, now)) }
                            br; (snippet(&h.snippet_html))
                        }
                    }
                }
            }
            @if !results.articles.is_empty() {
                h2 { "Articles" }
                ul.results {
                    @for h in &results.articles {
                        li {
                            @if let Some(sid) = h.item.story_id {
                                a href={ "/story/" (sid) } { (h.item.title) }
                            } @else if let Some(u) = safe_url(&h.item.url) {
                                a href=(u) rel="nofollow noopener" { (h.item.title) }
                            } @else { (h.item.title) }
                            " " span.meta {
                                (h.item.source_name)
                                @if let Some(t) = h.item.published { " · " (time_el(t, ago(t, now))) }
                            }
                            br; (snippet(&h.snippet_html))
                        }
                    }
                }
            }
            @if !q.is_empty() {
                @if window_end {
                    p.meta { "Most relevant ranks the newest " (SEARCH_WINDOW) " matches; " a href=(link(true, 1)) { "newest first" } " goes back through all of them." }
                }
                nav.pager aria-label="Pages" {
                    @if page > 1 { a rel="prev" href=(link(newest, page - 1)) { "← Previous" } } @else { span {} }
                    @if more { a rel="next" href=(link(newest, page + 1)) { "Next →" } }
                }
            }
        };
        Ok(html::page(&chrome, "Search", body).into())
    })
    .await
}

/// `GET /healthz`: 200 with the store's counts when the store answers, 503 otherwise.
pub(crate) async fn healthz(State(ctx): State<Shared>) -> Response {
    let (status, body) = match crate::blocking(&ctx, |c| Ok(c.store().stats()?)).await {
        Ok(s) => (
            StatusCode::OK,
            serde_json::json!({ "status": "ok", "stats": s }),
        ),
        Err(e) => {
            tracing::warn!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                serde_json::json!({ "status": "error", "error": "store unavailable" }),
            )
        }
    };
    (
        status,
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body.to_string(),
    )
        .into_response()
}

pub(crate) async fn not_found(State(ctx): State<Shared>) -> Response {
    html::not_found_page(&ctx.config().site_title)
}
