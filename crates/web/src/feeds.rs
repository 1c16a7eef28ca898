//! Atom and JSON Feed of stories, overall and per category, newest first. Each entry carries the
//! digest as HTML with numbered links to the originals and the cited sentences as footnotes; the
//! JSON Feed also carries the digest itself (with its citations) under `_storyline`.

use crate::cache::{self, cached, Page, Rendered};
use crate::html::{self, pct};
use crate::story::{self, Sources};
use crate::{Ctx, Shared, WebError};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::{DateTime, SecondsFormat, Utc};
use storyline_core::{Article, Digest, Story};
use storyline_store::StoryQuery;

/// Entries per feed.
const ENTRIES: usize = 50;

/// One feed entry's material.
struct Entry {
    story: Story,
    digest: Option<Digest>,
    updated: DateTime<Utc>,
    headline: String,
    summary: String,
    html: String,
    url: String,
}

fn entries(ctx: &Ctx, category: Option<&str>) -> Result<Vec<Entry>, WebError> {
    let store = ctx.store();
    if let Some(c) = category {
        if !store.categories()?.iter().any(|(n, _)| n == c) {
            return Err(WebError::NotFound(format!("There is no category “{c}”.")));
        }
    }
    let base = ctx.config().base_url.trim_end_matches('/');
    let stories = store.stories(&StoryQuery {
        category: category.map(str::to_string),
        limit: ENTRIES,
        offset: 0,
    })?;
    let mut out = Vec::with_capacity(stories.len());
    for s in stories {
        let stored = store.digest(s.id)?;
        let articles: Vec<Article> = store.story_articles(s.id)?;
        let digest = stored.as_ref().map(|d| d.digest.clone());
        let sources = Sources::load(store, &articles, digest.as_ref())?;
        let url = format!("{base}/story/{}", s.id);
        let html = story::feed_html(digest.as_ref(), &sources, &articles, &url);
        let headline = story::headline(&s, digest.as_ref(), &articles);
        let summary = digest
            .as_ref()
            .map(|d| {
                d.summary
                    .iter()
                    .map(|c| c.text.trim())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default();
        let updated = stored
            .as_ref()
            .map(|d| d.created_at.max(s.updated_at))
            .unwrap_or(s.updated_at);
        out.push(Entry {
            story: s,
            digest,
            updated,
            headline,
            summary,
            html,
            url,
        });
    }
    Ok(out)
}

/// Escapes text for XML and drops characters XML 1.0 does not allow.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn feed_paths(ctx: &Ctx, category: Option<&str>, ext: &str) -> (String, String, String) {
    let base = ctx.config().base_url.trim_end_matches('/').to_string();
    let site = &ctx.config().site_title;
    match category {
        Some(c) => (
            format!("{base}/category/{}/feed.{ext}", pct(c)),
            format!("{base}/category/{}", pct(c)),
            format!("{site}: {c}"),
        ),
        None => (
            format!("{base}/feed.{ext}"),
            format!("{base}/"),
            site.clone(),
        ),
    }
}

/// The Atom document.
fn render_atom(ctx: &Ctx, category: Option<&str>) -> Result<Rendered, WebError> {
    let list = entries(ctx, category)?;
    let (self_url, home, title) = feed_paths(ctx, category, "atom");
    let updated = list.iter().map(|e| e.updated).max();
    let mut x = String::with_capacity(8192);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    x.push_str(&format!("<id>{}</id>\n", xml_escape(&self_url)));
    x.push_str(&format!("<title>{}</title>\n", xml_escape(&title)));
    x.push_str(&format!(
        "<updated>{}</updated>\n",
        rfc3339(updated.unwrap_or(DateTime::<Utc>::UNIX_EPOCH))
    ));
    x.push_str(&format!(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml_escape(&self_url)
    ));
    x.push_str(&format!(
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&home)
    ));
    x.push_str(&format!(
        "<author><name>{}</name></author>\n<generator>Storyline</generator>\n",
        xml_escape(&ctx.config().site_title)
    ));
    for e in &list {
        x.push_str("<entry>\n");
        x.push_str(&format!("<id>{}</id>\n", xml_escape(&e.url)));
        x.push_str(&format!("<title>{}</title>\n", xml_escape(&e.headline)));
        x.push_str(&format!("<updated>{}</updated>\n", rfc3339(e.updated)));
        x.push_str(&format!(
            "<published>{}</published>\n",
            rfc3339(e.story.created_at)
        ));
        x.push_str(&format!(
            "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(&e.url)
        ));
        if let Some(c) = &e.story.category {
            x.push_str(&format!("<category term=\"{}\"/>\n", xml_escape(c)));
        }
        if !e.summary.is_empty() {
            x.push_str(&format!("<summary>{}</summary>\n", xml_escape(&e.summary)));
        }
        x.push_str(&format!(
            "<content type=\"html\">{}</content>\n",
            xml_escape(&e.html)
        ));
        x.push_str("</entry>\n");
    }
    x.push_str("</feed>\n");
    Ok(Page::new(x, "application/atom+xml; charset=utf-8")
        .modified(updated)
        .into())
}

/// The JSON Feed 1.1 document.
fn render_json(ctx: &Ctx, category: Option<&str>) -> Result<Rendered, WebError> {
    let list = entries(ctx, category)?;
    let (feed_url, home, title) = feed_paths(ctx, category, "json");
    let updated = list.iter().map(|e| e.updated).max();
    let items: Vec<serde_json::Value> = list
        .iter()
        .map(|e| {
            serde_json::json!({
                "id": e.url,
                "url": e.url,
                "title": e.headline,
                "content_html": e.html,
                "summary": e.summary,
                "date_published": rfc3339(e.story.created_at),
                "date_modified": rfc3339(e.updated),
                "tags": e.story.category.iter().collect::<Vec<_>>(),
                "_storyline": {
                    "story_id": e.story.id,
                    "source_count": e.story.source_count,
                    "article_count": e.story.article_count,
                    "digest": e.digest,
                },
            })
        })
        .collect();
    let doc = serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": home,
        "feed_url": feed_url,
        "authors": [{ "name": ctx.config().site_title }],
        "items": items,
    });
    let body = serde_json::to_vec(&doc).map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(Page::new(body, "application/feed+json; charset=utf-8")
        .modified(updated)
        .into())
}

async fn answer<F>(ctx: &Shared, headers: &HeaderMap, key: String, f: F) -> Response
where
    F: FnOnce(&Ctx) -> Result<Rendered, WebError> + Send + 'static,
{
    match cached(ctx, key, f).await {
        Ok(r) => r.respond(headers),
        Err(e) => html::error_page(ctx, &e),
    }
}

pub(crate) async fn atom(State(ctx): State<Shared>, headers: HeaderMap) -> Response {
    answer(&ctx, &headers, cache::key(&[&"atom"]), |c| {
        render_atom(c, None)
    })
    .await
}

pub(crate) async fn json(State(ctx): State<Shared>, headers: HeaderMap) -> Response {
    answer(&ctx, &headers, cache::key(&[&"jsonfeed"]), |c| {
        render_json(c, None)
    })
    .await
}

pub(crate) async fn category_atom(
    State(ctx): State<Shared>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Response {
    answer(&ctx, &headers, cache::key(&[&"atom", &name]), move |c| {
        render_atom(c, Some(&name))
    })
    .await
}

pub(crate) async fn category_json(
    State(ctx): State<Shared>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Response {
    answer(
        &ctx,
        &headers,
        cache::key(&[&"jsonfeed", &name]),
        move |c| render_json(c, Some(&name)),
    )
    .await
}
