//! The JSON API under `/api/v1`, described by the OpenAPI document it serves at
//! `/api/v1/openapi.json`.
//!
//! Ids are the store's integer ids and never change; a merged story's id answers with a 308 to the
//! surviving story. Lists are paged with `page` (1-based) and `per_page` (at most 100) and say
//! whether a next page exists; a story lists the first page of its articles and links the rest.
//! Every error is `{"error": {"status": N, "message": "..."}}`.

use crate::cache::{self, cached, Page, Rendered};
use crate::story::survivor;
use crate::{Ctx, Shared, WebError};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use storyline_core::Article;
use storyline_store::{ArticleQuery, SearchOrder, SearchQuery, StoryQuery};

/// The API's routes (relative to `/api/v1`); the router and the OpenAPI document are both checked
/// against this list by the tests.
pub const PATHS: [&str; 9] = [
    "/stories",
    "/stories/{id}",
    "/articles",
    "/articles/{id}",
    "/sources",
    "/sources/{id}",
    "/categories",
    "/search",
    "/openapi.json",
];

const MAX_PER_PAGE: usize = 100;

pub(crate) fn router() -> Router<Shared> {
    Router::new()
        .route(PATHS[0], get(stories))
        .route(PATHS[1], get(story))
        .route(PATHS[2], get(articles))
        .route(PATHS[3], get(article))
        .route(PATHS[4], get(sources))
        .route(PATHS[5], get(source))
        .route(PATHS[6], get(categories))
        .route(PATHS[7], get(search))
        .route(PATHS[8], get(openapi))
        .fallback(|| async { error(StatusCode::NOT_FOUND, "no such API endpoint") })
}

/// A JSON error response.
pub(crate) fn error(status: StatusCode, message: &str) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        json!({ "error": { "status": status.as_u16(), "message": message } }).to_string(),
    )
        .into_response()
}

fn json_page<T: Serialize>(v: &T) -> Result<Rendered, WebError> {
    let body = serde_json::to_vec(v).map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(Page::new(body, "application/json").into())
}

async fn answer<F>(ctx: &Shared, headers: &HeaderMap, key: String, f: F) -> Response
where
    F: FnOnce(&Ctx) -> Result<Rendered, WebError> + Send + 'static,
{
    match cached(ctx, key, f).await {
        Ok(r) => r.respond(headers),
        Err(e) => error(e.status(), &e.public_message()),
    }
}

/// Query parameters, parsed by hand so that bad values get JSON errors.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Params {
    page: Option<String>,
    per_page: Option<String>,
    category: Option<String>,
    source: Option<String>,
    story: Option<String>,
    q: Option<String>,
    sort: Option<String>,
}

fn num<T: std::str::FromStr>(v: &Option<String>, name: &str) -> Result<Option<T>, WebError> {
    match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s
            .parse::<T>()
            .map(Some)
            .map_err(|_| WebError::BadRequest(format!("`{name}` must be a number"))),
    }
}

impl Params {
    /// (page, per_page) with defaults and bounds.
    fn paging(&self, default: usize) -> Result<(usize, usize), WebError> {
        let page = num::<usize>(&self.page, "page")?.unwrap_or(1);
        let per =
            num::<usize>(&self.per_page, "per_page")?.unwrap_or(default.clamp(1, MAX_PER_PAGE));
        if page == 0 || page > 100_000 {
            return Err(WebError::BadRequest(
                "`page` must be between 1 and 100000".into(),
            ));
        }
        if per == 0 || per > MAX_PER_PAGE {
            return Err(WebError::BadRequest(format!(
                "`per_page` must be between 1 and {MAX_PER_PAGE}"
            )));
        }
        Ok((page, per))
    }
}

/// A page of items.
#[derive(Serialize)]
struct Paged<T> {
    items: Vec<T>,
    page: usize,
    per_page: usize,
    has_more: bool,
}

/// Takes one item more than asked to learn whether another page exists.
fn paged<T>(mut items: Vec<T>, page: usize, per: usize) -> Paged<T> {
    let has_more = items.len() > per;
    items.truncate(per);
    Paged {
        items,
        page,
        per_page: per,
        has_more,
    }
}

/// An article without its text (lists).
#[derive(Serialize)]
struct ArticleSummary<'a> {
    id: i64,
    source_id: Option<i64>,
    source_name: &'a str,
    url: &'a str,
    canonical_url: &'a str,
    title: &'a str,
    byline: Option<&'a str>,
    published: Option<DateTime<Utc>>,
    fetched_at: DateTime<Utc>,
    language: Option<&'a str>,
    duplicate_of: Option<i64>,
    story_id: Option<i64>,
}

impl<'a> From<&'a Article> for ArticleSummary<'a> {
    fn from(a: &'a Article) -> Self {
        Self {
            id: a.id,
            source_id: a.source_id,
            source_name: &a.source_name,
            url: &a.url,
            canonical_url: &a.canonical_url,
            title: &a.title,
            byline: a.byline.as_deref(),
            published: a.published,
            fetched_at: a.fetched_at,
            language: a.language.as_deref(),
            duplicate_of: a.duplicate_of,
            story_id: a.story_id,
        }
    }
}

fn id_of(s: &str, what: &str) -> Result<i64, WebError> {
    s.parse::<i64>()
        .map_err(|_| WebError::NotFound(format!("there is no {what} {s:?}")))
}

async fn stories(
    State(ctx): State<Shared>,
    Query(p): Query<Params>,
    headers: HeaderMap,
) -> Response {
    answer(
        &ctx,
        &headers,
        cache::key(&[&"api-stories", &p.page, &p.per_page, &p.category]),
        move |c| {
            let (page, per) = p.paging(c.config().page_size)?;
            let list = c.store().stories(&StoryQuery {
                category: p.category.clone().filter(|s| !s.is_empty()),
                limit: per + 1,
                offset: (page - 1) * per,
            })?;
            json_page(&paged(list, page, per))
        },
    )
    .await
}

async fn story(State(ctx): State<Shared>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    answer(&ctx, &headers, cache::key(&[&"api-story", &id]), move |c| {
        let id = id_of(&id, "story")?;
        let store = c.store();
        let s = store
            .story(id)?
            .ok_or_else(|| WebError::NotFound(format!("there is no story {id}")))?;
        if let Some(to) = survivor(store, &s)? {
            return Ok(Rendered::Moved(format!("/api/v1/stories/{to}")));
        }
        let digest = store.digest(id)?;
        // The first page of the story's articles, newest first: a story carried by thousands of
        // outlets would otherwise answer with megabytes. The rest are paged at `articles_url`.
        let per = c.config().page_size.clamp(1, MAX_PER_PAGE);
        let articles = paged(
            store.articles(&ArticleQuery {
                source_id: None,
                story_id: Some(id),
                limit: per + 1,
                offset: 0,
            })?,
            1,
            per,
        );
        let base = c.config().base_url.trim_end_matches('/');
        json_page(&json!({
            "story": s,
            "url": format!("{base}/story/{id}"),
            "digest": digest.as_ref().map(|d| &d.digest),
            "digest_created_at": digest.as_ref().map(|d| d.created_at),
            "articles": articles.items.iter().map(ArticleSummary::from).collect::<Vec<_>>(),
            "articles_more": articles.has_more,
            "articles_url": format!("/api/v1/articles?story={id}&per_page={per}"),
        }))
    })
    .await
}

async fn articles(
    State(ctx): State<Shared>,
    Query(p): Query<Params>,
    headers: HeaderMap,
) -> Response {
    answer(
        &ctx,
        &headers,
        cache::key(&[&"api-articles", &p.page, &p.per_page, &p.source, &p.story]),
        move |c| {
            let (page, per) = p.paging(c.config().page_size)?;
            let list = c.store().articles(&ArticleQuery {
                source_id: num::<i64>(&p.source, "source")?,
                story_id: num::<i64>(&p.story, "story")?,
                limit: per + 1,
                offset: (page - 1) * per,
            })?;
            let out = paged(list, page, per);
            json_page(&Paged {
                items: out
                    .items
                    .iter()
                    .map(ArticleSummary::from)
                    .collect::<Vec<_>>(),
                page: out.page,
                per_page: out.per_page,
                has_more: out.has_more,
            })
        },
    )
    .await
}

async fn article(
    State(ctx): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    answer(
        &ctx,
        &headers,
        cache::key(&[&"api-article", &id]),
        move |c| {
            let id = id_of(&id, "article")?;
            let a = c
                .store()
                .article(id)?
                .ok_or_else(|| WebError::NotFound(format!("there is no article {id}")))?;
            json_page(&a)
        },
    )
    .await
}

async fn sources(State(ctx): State<Shared>, headers: HeaderMap) -> Response {
    answer(&ctx, &headers, cache::key(&[&"api-sources"]), |c| {
        json_page(&json!({ "items": c.store().sources()? }))
    })
    .await
}

async fn source(State(ctx): State<Shared>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    answer(
        &ctx,
        &headers,
        cache::key(&[&"api-source", &id]),
        move |c| {
            let id = id_of(&id, "source")?;
            let s = c
                .store()
                .source(id)?
                .ok_or_else(|| WebError::NotFound(format!("there is no source {id}")))?;
            json_page(&s)
        },
    )
    .await
}

async fn categories(State(ctx): State<Shared>, headers: HeaderMap) -> Response {
    answer(&ctx, &headers, cache::key(&[&"api-categories"]), |c| {
        let items: Vec<_> = c
            .store()
            .categories()?
            .into_iter()
            .map(|(name, stories)| json!({ "name": name, "stories": stories }))
            .collect();
        json_page(&json!({ "items": items }))
    })
    .await
}

async fn search(
    State(ctx): State<Shared>,
    Query(p): Query<Params>,
    headers: HeaderMap,
) -> Response {
    let q = crate::pages::search_text(p.q.as_deref());
    if q.is_empty() {
        return error(StatusCode::BAD_REQUEST, "`q` is required");
    }
    let key = cache::key(&[&"api-search", &q, &p.page, &p.per_page, &p.sort]);
    answer(&ctx, &headers, key, move |c| {
        let (page, per) = p.paging(20)?;
        let order = match p.sort.as_deref().map(str::trim) {
            None | Some("" | "relevance") => SearchOrder::Relevance,
            Some("new") => SearchOrder::Newest,
            Some(_) => {
                return Err(WebError::BadRequest(
                    "`sort` must be `relevance` or `new`".into(),
                ))
            }
        };
        // One hit more than asked tells whether another page exists.
        let mut r = c.store().search_page(&SearchQuery {
            text: &q,
            order,
            limit: per + 1,
            offset: (page - 1).saturating_mul(per),
        })?;
        let has_more = r.stories.len() > per || r.articles.len() > per;
        r.stories.truncate(per);
        r.articles.truncate(per);
        json_page(&json!({
            "query": q,
            "sort": if order == SearchOrder::Newest { "new" } else { "relevance" },
            "page": page,
            "per_page": per,
            "has_more": has_more,
            "stories": r.stories.iter().map(|h| json!({ "story": h.item, "snippet_html": h.snippet_html })).collect::<Vec<_>>(),
            "articles": r.articles.iter().map(|h| json!({ "article": ArticleSummary::from(&h.item), "snippet_html": h.snippet_html })).collect::<Vec<_>>(),
        }))
    })
    .await
}

async fn openapi(State(ctx): State<Shared>, headers: HeaderMap) -> Response {
    answer(&ctx, &headers, cache::key(&[&"openapi"]), |c| {
        json_page(&document(&c.config().base_url))
    })
    .await
}

fn param(
    name: &str,
    location: &str,
    ty: &str,
    description: &str,
    required: bool,
) -> serde_json::Value {
    json!({ "name": name, "in": location, "required": required, "description": description, "schema": { "type": ty } })
}

fn ok(description: &str, schema: serde_json::Value) -> serde_json::Value {
    json!({ "description": description, "content": { "application/json": { "schema": schema } } })
}

fn reference(name: &str) -> serde_json::Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn page_of(item: &str) -> serde_json::Value {
    json!({
        "type": "object",
        "required": ["items", "page", "per_page", "has_more"],
        "properties": {
            "items": { "type": "array", "items": reference(item) },
            "page": { "type": "integer" },
            "per_page": { "type": "integer" },
            "has_more": { "type": "boolean" }
        }
    })
}

/// The OpenAPI 3.1 document of this API.
pub fn document(base_url: &str) -> serde_json::Value {
    let err = json!({ "$ref": "#/components/responses/Error" });
    let id = |what: &str| param("id", "path", "integer", &format!("The {what}'s id."), true);
    let paging = [
        param("page", "query", "integer", "1-based page number.", false),
        param(
            "per_page",
            "query",
            "integer",
            "Items per page (1–100).",
            false,
        ),
    ];
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Storyline API",
            "version": "1.0.0",
            "description": "Stories clustered from many outlets, each with a cited, machine-written digest."
        },
        "servers": [{ "url": format!("{}/api/v1", base_url.trim_end_matches('/')) }],
        "paths": {
            "/stories": { "get": {
                "operationId": "listStories", "summary": "Live stories, most recently updated first.",
                "parameters": [paging[0].clone(), paging[1].clone(), param("category", "query", "string", "Only this category.", false)],
                "responses": { "200": ok("A page of stories.", page_of("Story")), "400": err }
            }},
            "/stories/{id}": { "get": {
                "operationId": "getStory", "summary": "A story with its digest and the first page of its articles (newest first; `articles_url` pages through all of them).",
                "parameters": [id("story")],
                "responses": {
                    "200": ok("The story.", reference("StoryDetail")),
                    "308": { "description": "The story was merged; `Location` names the survivor." },
                    "404": err
                }
            }},
            "/articles": { "get": {
                "operationId": "listArticles", "summary": "Articles, newest first.",
                "parameters": [paging[0].clone(), paging[1].clone(),
                    param("source", "query", "integer", "Only from this source.", false),
                    param("story", "query", "integer", "Only in this story.", false)],
                "responses": { "200": ok("A page of articles.", page_of("ArticleSummary")), "400": err }
            }},
            "/articles/{id}": { "get": {
                "operationId": "getArticle", "summary": "An article with its text.",
                "parameters": [id("article")],
                "responses": { "200": ok("The article.", reference("Article")), "404": err }
            }},
            "/sources": { "get": {
                "operationId": "listSources", "summary": "Subscribed sources with their fetch health.",
                "responses": { "200": ok("All sources.", json!({ "type": "object", "required": ["items"], "properties": { "items": { "type": "array", "items": reference("Source") } } })) }
            }},
            "/sources/{id}": { "get": {
                "operationId": "getSource", "summary": "One source.",
                "parameters": [id("source")],
                "responses": { "200": ok("The source.", reference("Source")), "404": err }
            }},
            "/categories": { "get": {
                "operationId": "listCategories", "summary": "Categories in use with their story counts.",
                "responses": { "200": ok("Categories.", json!({ "type": "object", "required": ["items"], "properties": { "items": { "type": "array", "items": {
                    "type": "object", "properties": { "name": { "type": "string" }, "stories": { "type": "integer" } } } } } })) }
            }},
            "/search": { "get": {
                "operationId": "search", "summary": "Full-text search over stories and articles; matches wrapped in <mark>.",
                "parameters": [param("q", "query", "string", "Words to find, all of them; \"a phrase\" in quotes, word OR word for either, -word to leave a word out.", true), paging[0].clone(), paging[1].clone(),
                    param("sort", "query", "string", "`relevance` (default: best first among the newest 2000 matches of each kind) or `new` (newest first, all matches).", false)],
                "responses": { "200": ok("Hits.", reference("SearchResults")), "400": err }
            }},
            "/openapi.json": { "get": {
                "operationId": "openapi", "summary": "This document.",
                "responses": { "200": ok("The OpenAPI document.", json!({ "type": "object" })) }
            }}
        },
        "components": {
            "responses": {
                "Error": { "description": "An error.", "content": { "application/json": { "schema": reference("Error") } } }
            },
            "schemas": {
                "Error": { "type": "object", "required": ["error"], "properties": { "error": { "type": "object",
                    "required": ["status", "message"],
                    "properties": { "status": { "type": "integer" }, "message": { "type": "string" } } } } },
                "Story": { "type": "object", "required": ["id", "created_at", "updated_at", "article_count", "source_count"], "properties": {
                    "id": { "type": "integer" }, "created_at": { "type": "string", "format": "date-time" },
                    "updated_at": { "type": "string", "format": "date-time" }, "article_count": { "type": "integer" },
                    "source_count": { "type": "integer", "description": "Distinct outlets." },
                    "category": { "type": ["string", "null"] }, "headline": { "type": ["string", "null"] },
                    "merged_into": { "type": ["integer", "null"] } } },
                "Citation": { "type": "object", "required": ["article", "sentence"], "properties": {
                    "article": { "type": "string", "description": "Article id." },
                    "sentence": { "type": "integer", "description": "Index of the sentence in the article's text." } } },
                "Digest": { "type": "object", "description": "The machine-written digest; every item carries `citations` (see Citation).",
                    "properties": {
                        "headline": { "type": "object" }, "summary": { "type": "array" }, "takeaways": { "type": "array" },
                        "why_it_matters": { "type": "array" }, "faq": { "type": "array" }, "timeline": { "type": "array" },
                        "figures": { "type": "array" }, "players": { "type": "array" }, "perspectives": { "type": "array" },
                        "agreed": { "type": "array" }, "category": { "type": "string" }, "reading_minutes": { "type": "integer" },
                        "sources": { "type": "array" }, "related": { "type": "array", "items": { "type": "string" } },
                        "engine": { "type": "string" }, "field_engines": { "type": "object" }, "grounding": { "type": "object" } } },
                "StoryDetail": { "type": "object", "required": ["story", "url", "articles", "articles_more", "articles_url"], "properties": {
                    "story": reference("Story"), "url": { "type": "string" },
                    "digest": { "oneOf": [reference("Digest"), { "type": "null" }] },
                    "digest_created_at": { "type": ["string", "null"], "format": "date-time" },
                    "articles": { "type": "array", "items": reference("ArticleSummary") },
                    "articles_more": { "type": "boolean" }, "articles_url": { "type": "string" } } },
                "ArticleSummary": { "type": "object", "required": ["id", "source_name", "url", "title"], "properties": {
                    "id": { "type": "integer" }, "source_id": { "type": ["integer", "null"] }, "source_name": { "type": "string" },
                    "url": { "type": "string" }, "canonical_url": { "type": "string" }, "title": { "type": "string" },
                    "byline": { "type": ["string", "null"] }, "published": { "type": ["string", "null"], "format": "date-time" },
                    "fetched_at": { "type": "string", "format": "date-time" }, "language": { "type": ["string", "null"] },
                    "duplicate_of": { "type": ["integer", "null"] }, "story_id": { "type": ["integer", "null"] } } },
                "Article": { "allOf": [reference("ArticleSummary"), { "type": "object", "properties": {
                    "text": { "type": "string" }, "content_hash": { "type": "string" } } }] },
                "Source": { "type": "object", "required": ["id", "url", "title"], "properties": {
                    "id": { "type": "integer" }, "url": { "type": "string" }, "site_url": { "type": ["string", "null"] },
                    "title": { "type": "string" }, "kind": { "type": "string" },
                    "last_fetch_at": { "type": ["string", "null"], "format": "date-time" },
                    "last_success_at": { "type": ["string", "null"], "format": "date-time" },
                    "last_error": { "type": ["string", "null"] }, "error_count": { "type": "integer" },
                    "article_count": { "type": "integer" },
                    "problems": { "type": "object", "description": "What went wrong inside the last fetch that read the feed, though it succeeded.",
                        "properties": {
                            "entries_unreadable": { "type": "integer", "description": "Entries of the feed that could not be read." },
                            "pages_failed": { "type": "integer", "description": "Entries whose page gave no article (the feed's text was kept)." },
                            "page_error": { "type": ["string", "null"], "description": "One of those pages' errors, naming the page." } } } } },
                "SearchResults": { "type": "object", "required": ["query", "sort", "page", "per_page", "has_more", "stories", "articles"], "properties": {
                    "query": { "type": "string" }, "sort": { "type": "string", "enum": ["relevance", "new"] },
                    "page": { "type": "integer" }, "per_page": { "type": "integer" },
                    "has_more": { "type": "boolean", "description": "Whether the next page has stories or articles." },
                    "stories": { "type": "array", "items": { "type": "object", "properties": { "story": reference("Story"), "snippet_html": { "type": "string" } } } },
                    "articles": { "type": "array", "items": { "type": "object", "properties": { "article": reference("ArticleSummary"), "snippet_html": { "type": "string" } } } } } }
            }
        }
    })
}
