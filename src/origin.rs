//! The demo origin: a small web server on 127.0.0.1 that plays nine fictional news outlets.
//!
//! `storyline demo` must show real stories on a machine without internet, through the same path
//! real feeds take (HTTP, feeds, HTML pages with boilerplate, tracking parameters, AMP variants,
//! syndicated copies). So instead of loading the corpus straight into the store, we serve it: each
//! outlet gets a home page, a feed in its own format (RSS, Atom or JSON Feed), sometimes a second
//! "top" feed, and article pages rendered from its own template. The corpus is embedded at build
//! time (see `build.rs`), so the binary needs no files at run time.
//!
//! URL scheme (relative to the origin's base URL):
//! - `/<outlet>/` home page with `<link rel="alternate">` to the feed;
//! - `/<outlet>/feed.xml` (RSS or Atom) or `/<outlet>/feed.json` (JSON Feed), all the outlet's articles;
//! - `/<outlet>/top.xml` / `top.json`: articles marked `second_feed`, under their plain URL;
//! - `/<outlet>/YYYY/MM/DD/<slug>.html` the article; `/<outlet>/amp/<slug>.html` its AMP variant;
//! - `/<outlet>/img/<slug>.svg` a generated picture.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/corpus.rs"));
}

/// Why the embedded corpus could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("demo corpus file {file}: {reason}")]
    Parse { file: String, reason: String },
    #[error("demo corpus: {0}")]
    Invalid(String),
}

/// One outlet of `outlets.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outlet {
    pub slug: String,
    pub name: String,
    /// `rss`, `atom` or `json`.
    pub feed: String,
    pub template: String,
    pub home_template: Option<String>,
    pub tagline: String,
    pub language: String,
}

/// One article of a story file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorpusArticle {
    pub outlet: String,
    pub slug: String,
    pub published: DateTime<Utc>,
    pub title: String,
    pub byline: String,
    pub tone: String,
    #[serde(default)]
    pub body: Option<String>,
    /// `outlet/slug` of the wire article whose body this one carries verbatim.
    #[serde(default)]
    pub syndicates: Option<String>,
    /// `outlet/slug` of the article this one lightly rewrites.
    #[serde(default)]
    pub rewrite_of: Option<String>,
    /// How the feed links it: `utm` (tracking parameters) or `amp` (the AMP variant).
    #[serde(default)]
    pub feed_link: Option<String>,
    /// Also listed in the outlet's `top` feed.
    #[serde(default)]
    pub second_feed: bool,
}

/// One gold story: a file of `stories/`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorpusStory {
    pub id: String,
    pub category: String,
    pub summary: String,
    #[serde(rename = "article")]
    pub articles: Vec<CorpusArticle>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OutletsFile {
    outlet: Vec<Outlet>,
}

/// The whole demo corpus, parsed and checked.
#[derive(Debug, Clone)]
pub struct Corpus {
    pub outlets: Vec<Outlet>,
    pub stories: Vec<CorpusStory>,
    templates: BTreeMap<String, String>,
}

impl Corpus {
    /// The corpus embedded in this binary.
    pub fn embedded() -> Result<Corpus, CorpusError> {
        let mut outlets = None;
        let mut stories = Vec::new();
        let mut templates = BTreeMap::new();
        for (path, text) in embedded::CORPUS {
            let parse_err = |e: toml::de::Error| CorpusError::Parse {
                file: path.to_string(),
                reason: e.to_string(),
            };
            if *path == "outlets.toml" {
                let f: OutletsFile = toml::from_str(text).map_err(parse_err)?;
                outlets = Some(f.outlet);
            } else if let Some(name) = path.strip_prefix("templates/") {
                templates.insert(name.to_string(), text.to_string());
            } else if path.starts_with("stories/") {
                stories.push(toml::from_str::<CorpusStory>(text).map_err(parse_err)?);
            }
        }
        let outlets =
            outlets.ok_or_else(|| CorpusError::Invalid("outlets.toml is missing".into()))?;
        let corpus = Corpus {
            outlets,
            stories,
            templates,
        };
        corpus.check()?;
        Ok(corpus)
    }

    fn check(&self) -> Result<(), CorpusError> {
        for o in &self.outlets {
            if !self.templates.contains_key(&o.template) {
                return Err(CorpusError::Invalid(format!(
                    "outlet {} names missing template {}",
                    o.slug, o.template
                )));
            }
        }
        for s in &self.stories {
            for a in &s.articles {
                if self.outlet(&a.outlet).is_none() {
                    return Err(CorpusError::Invalid(format!(
                        "story {} names unknown outlet {}",
                        s.id, a.outlet
                    )));
                }
                if a.body.is_none() && self.body_of(a).is_none() {
                    return Err(CorpusError::Invalid(format!(
                        "article {}/{} has no body",
                        a.outlet, a.slug
                    )));
                }
            }
        }
        Ok(())
    }

    pub fn outlet(&self, slug: &str) -> Option<&Outlet> {
        self.outlets.iter().find(|o| o.slug == slug)
    }

    /// Every article with its story, in publication order.
    pub fn articles(&self) -> Vec<(&CorpusStory, &CorpusArticle)> {
        let mut all: Vec<_> = self
            .stories
            .iter()
            .flat_map(|s| s.articles.iter().map(move |a| (s, a)))
            .collect();
        all.sort_by(|a, b| {
            (a.1.published, &a.1.outlet, &a.1.slug).cmp(&(b.1.published, &b.1.outlet, &b.1.slug))
        });
        all
    }

    fn find(&self, key: &str) -> Option<&CorpusArticle> {
        let (outlet, slug) = key.split_once('/')?;
        self.stories
            .iter()
            .flat_map(|s| &s.articles)
            .find(|a| a.outlet == outlet && a.slug == slug)
    }

    /// The article's body: its own, or the wire copy it syndicates.
    pub fn body_of<'a>(&'a self, a: &'a CorpusArticle) -> Option<&'a str> {
        if let Some(b) = &a.body {
            return Some(b);
        }
        let src = self.find(a.syndicates.as_deref()?)?;
        src.body.as_deref()
    }

    /// The article's main URL path (`/outlet/YYYY/MM/DD/slug.html`).
    pub fn path_of(a: &CorpusArticle) -> String {
        format!(
            "/{}/{}/{}.html",
            a.outlet,
            a.published.format("%Y/%m/%d"),
            a.slug
        )
    }

    /// The article's AMP path.
    pub fn amp_path_of(a: &CorpusArticle) -> String {
        format!("/{}/amp/{}.html", a.outlet, a.slug)
    }

    fn outlet_articles(&self, outlet: &str) -> Vec<&CorpusArticle> {
        let mut v: Vec<_> = self
            .stories
            .iter()
            .flat_map(|s| &s.articles)
            .filter(|a| a.outlet == outlet)
            .collect();
        v.sort_by(|a, b| b.published.cmp(&a.published).then(a.slug.cmp(&b.slug)));
        v
    }

    fn story_of(&self, a: &CorpusArticle) -> Option<&CorpusStory> {
        self.stories.iter().find(|s| {
            s.articles
                .iter()
                .any(|x| x.outlet == a.outlet && x.slug == a.slug)
        })
    }
}

/// Escapes text for HTML and XML (the web front's escaper, which also drops XML-illegal characters).
fn esc(s: &str) -> String {
    storyline_web::xml_escape(s)
}

fn paragraphs(body: &str) -> Vec<&str> {
    body.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

fn fill(template: &str, vars: &BTreeMap<&str, String>) -> String {
    let mut out = String::with_capacity(template.len() + 4096);
    let mut rest = template;
    while let Some(i) = rest.find("{{") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        match after.find("}}") {
            Some(j) => {
                let key = &after[..j];
                match vars.get(key) {
                    Some(v) => out.push_str(v),
                    None => {
                        out.push_str("{{");
                        out.push_str(key);
                        out.push_str("}}");
                    }
                }
                rest = &after[j + 2..];
            }
            None => {
                out.push_str(&rest[i..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

struct Origin {
    corpus: Corpus,
    base: String,
}

impl Origin {
    fn feed_path(&self, o: &Outlet, top: bool) -> String {
        let name = if top { "top" } else { "feed" };
        let ext = if o.feed == "json" { "json" } else { "xml" };
        format!("/{}/{name}.{ext}", o.slug)
    }

    fn related_html(&self, outlet: &Outlet, skip: Option<&str>) -> String {
        let mut out = String::new();
        for a in self
            .corpus
            .outlet_articles(&outlet.slug)
            .into_iter()
            .take(8)
        {
            if Some(a.slug.as_str()) == skip {
                continue;
            }
            out.push_str(&format!(
                "<li><a href=\"{}\">{}</a></li>\n",
                esc(&Corpus::path_of(a)),
                esc(&a.title)
            ));
        }
        out
    }

    fn article_page(&self, a: &CorpusArticle, amp: bool) -> Option<String> {
        let outlet = self.corpus.outlet(&a.outlet)?;
        let template = self.corpus.templates.get(&outlet.template)?;
        let body = self.corpus.body_of(a)?;
        let paras = paragraphs(body);
        let canonical = format!("{}{}", self.base, Corpus::path_of(a));
        let url = if amp {
            format!("{}{}", self.base, Corpus::amp_path_of(a))
        } else {
            canonical.clone()
        };
        let body_html: String = paras
            .iter()
            .map(|p| format!("<p>{}</p>\n", esc(p)))
            .collect();
        let description = paras.first().map(|p| esc(p)).unwrap_or_default();
        let category = self
            .corpus
            .story_of(a)
            .map(|s| s.category.clone())
            .unwrap_or_default();
        let image = format!("{}/{}/img/{}.svg", self.base, a.outlet, a.slug);
        let jsonld = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": a.title,
            "datePublished": a.published.to_rfc3339(),
            "dateModified": a.published.to_rfc3339(),
            "author": {"@type": "Person", "name": a.byline},
            "publisher": {"@type": "Organization", "name": outlet.name},
            "image": image,
            "mainEntityOfPage": canonical,
            "articleSection": category,
            "inLanguage": outlet.language,
        });
        // `</` inside JSON would end the script element early.
        let jsonld = format!(
            "<script type=\"application/ld+json\">{}</script>",
            jsonld.to_string().replace("</", "<\\/")
        );
        let mut vars = BTreeMap::new();
        vars.insert("title", esc(&a.title));
        vars.insert("byline", esc(&a.byline));
        vars.insert("category", esc(&category));
        vars.insert("description", description);
        vars.insert(
            "feed_url",
            esc(&format!("{}{}", self.base, self.feed_path(outlet, false))),
        );
        vars.insert("image_url", esc(&image));
        vars.insert("jsonld", jsonld);
        vars.insert(
            "published_human",
            esc(&a.published.format("%B %-d, %Y %H:%M UTC").to_string()),
        );
        vars.insert("published_iso", esc(&a.published.to_rfc3339()));
        vars.insert("related_html", self.related_html(outlet, Some(&a.slug)));
        vars.insert("site_name", esc(&outlet.name));
        vars.insert("canonical_url", esc(&canonical));
        vars.insert("url", esc(&url));
        vars.insert("body_html", body_html);
        Some(fill(template, &vars))
    }

    fn home_page(&self, o: &Outlet) -> String {
        let feed_url = format!("{}{}", self.base, self.feed_path(o, false));
        let mut vars = BTreeMap::new();
        vars.insert("site_name", esc(&o.name));
        vars.insert("title", esc(&o.name));
        vars.insert("feed_url", esc(&feed_url));
        vars.insert("canonical_url", esc(&format!("{}/{}/", self.base, o.slug)));
        vars.insert("related_html", self.related_html(o, None));
        vars.insert("description", esc(&o.tagline));
        match o
            .home_template
            .as_ref()
            .and_then(|t| self.corpus.templates.get(t))
        {
            Some(t) => fill(t, &vars),
            None => {
                let kind = match o.feed.as_str() {
                    "json" => "application/feed+json",
                    "atom" => "application/atom+xml",
                    _ => "application/rss+xml",
                };
                format!(
                    "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title>\
                     <link rel=\"alternate\" type=\"{kind}\" title=\"{}\" href=\"{}\"></head>\
                     <body><h1>{}</h1><p>{}</p><ul>{}</ul></body></html>",
                    esc(&o.language),
                    esc(&o.name),
                    esc(&o.name),
                    esc(&feed_url),
                    esc(&o.name),
                    esc(&o.tagline),
                    self.related_html(o, None)
                )
            }
        }
    }

    fn entry_link(&self, a: &CorpusArticle, top: bool) -> String {
        if top {
            return format!("{}{}", self.base, Corpus::path_of(a));
        }
        match a.feed_link.as_deref() {
            Some("utm") => format!(
                "{}{}?utm_source=feed&utm_medium=rss&utm_campaign={}",
                self.base,
                Corpus::path_of(a),
                a.outlet
            ),
            Some("amp") => format!("{}{}", self.base, Corpus::amp_path_of(a)),
            _ => format!("{}{}", self.base, Corpus::path_of(a)),
        }
    }

    fn feed(&self, o: &Outlet, top: bool) -> (String, &'static str) {
        let items: Vec<&CorpusArticle> = self
            .corpus
            .outlet_articles(&o.slug)
            .into_iter()
            .filter(|a| !top || a.second_feed)
            .collect();
        let site = format!("{}/{}/", self.base, o.slug);
        let self_url = format!("{}{}", self.base, self.feed_path(o, top));
        let teaser = |a: &CorpusArticle| {
            self.corpus
                .body_of(a)
                .and_then(|b| paragraphs(b).first().map(|p| p.to_string()))
                .unwrap_or_default()
        };
        let updated = items.first().map(|a| a.published).unwrap_or_else(Utc::now);
        match o.feed.as_str() {
            "json" => {
                let json = serde_json::json!({
                    "version": "https://jsonfeed.org/version/1.1",
                    "title": o.name,
                    "home_page_url": site,
                    "feed_url": self_url,
                    "description": o.tagline,
                    "language": o.language,
                    "items": items.iter().map(|a| serde_json::json!({
                        "id": format!("{}{}", self.base, Corpus::path_of(a)),
                        "url": self.entry_link(a, top),
                        "title": a.title,
                        "summary": teaser(a),
                        "date_published": a.published.to_rfc3339(),
                        "authors": [{"name": a.byline}],
                    })).collect::<Vec<_>>(),
                });
                (json.to_string(), "application/feed+json")
            }
            "atom" => {
                let mut x = format!(
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\
                     <title>{}</title><subtitle>{}</subtitle><id>{}</id>\
                     <link rel=\"alternate\" href=\"{}\"/><link rel=\"self\" href=\"{}\"/><updated>{}</updated>\n",
                    esc(&o.name),
                    esc(&o.tagline),
                    esc(&site),
                    esc(&site),
                    esc(&self_url),
                    updated.to_rfc3339()
                );
                for a in &items {
                    x.push_str(&format!(
                        "<entry><title>{}</title><id>{}</id><link rel=\"alternate\" href=\"{}\"/>\
                         <published>{}</published><updated>{}</updated><author><name>{}</name></author>\
                         <summary>{}</summary></entry>\n",
                        esc(&a.title),
                        esc(&format!("{}{}", self.base, Corpus::path_of(a))),
                        esc(&self.entry_link(a, top)),
                        a.published.to_rfc3339(),
                        a.published.to_rfc3339(),
                        esc(&a.byline),
                        esc(&teaser(a))
                    ));
                }
                x.push_str("</feed>\n");
                (x, "application/atom+xml")
            }
            _ => {
                let mut x = format!(
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel>\
                     <title>{}</title><link>{}</link><description>{}</description><language>{}</language>\n",
                    esc(&o.name),
                    esc(&site),
                    esc(&o.tagline),
                    esc(&o.language)
                );
                for a in &items {
                    x.push_str(&format!(
                        "<item><title>{}</title><link>{}</link><guid isPermaLink=\"true\">{}</guid>\
                         <pubDate>{}</pubDate><author>{}</author><description>{}</description></item>\n",
                        esc(&a.title),
                        esc(&self.entry_link(a, top)),
                        esc(&format!("{}{}", self.base, Corpus::path_of(a))),
                        a.published.to_rfc2822(),
                        esc(&a.byline),
                        esc(&teaser(a))
                    ));
                }
                x.push_str("</channel></rss>\n");
                (x, "application/rss+xml")
            }
        }
    }

    /// The feed URLs a demo subscribes to: every outlet's main feed, plus `top` feeds that exist.
    fn feed_urls(&self) -> Vec<(String, String)> {
        let mut v = Vec::new();
        for o in &self.corpus.outlets {
            v.push((
                format!("{}{}", self.base, self.feed_path(o, false)),
                o.name.clone(),
            ));
            if self
                .corpus
                .outlet_articles(&o.slug)
                .iter()
                .any(|a| a.second_feed)
            {
                v.push((
                    format!("{}{}", self.base, self.feed_path(o, true)),
                    o.name.clone(),
                ));
            }
        }
        v
    }
}

fn html(body: String) -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "not found").into_response()
}

async fn home(State(o): State<Arc<Origin>>, Path(outlet): Path<String>) -> Response {
    match o.corpus.outlet(&outlet) {
        Some(out) => html(o.home_page(out)),
        None => not_found(),
    }
}

async fn outlet_file(
    State(o): State<Arc<Origin>>,
    Path((outlet, file)): Path<(String, String)>,
) -> Response {
    let Some(out) = o.corpus.outlet(&outlet) else {
        return not_found();
    };
    let ext = if out.feed == "json" { "json" } else { "xml" };
    for top in [false, true] {
        let name = if top { "top" } else { "feed" };
        if file == format!("{name}.{ext}") {
            let (body, ctype) = o.feed(out, top);
            return ([(header::CONTENT_TYPE, ctype)], body).into_response();
        }
    }
    not_found()
}

async fn amp(
    State(o): State<Arc<Origin>>,
    Path((outlet, file)): Path<(String, String)>,
) -> Response {
    let Some(slug) = file.strip_suffix(".html") else {
        return not_found();
    };
    match o
        .corpus
        .find(&format!("{outlet}/{slug}"))
        .and_then(|a| o.article_page(a, true))
    {
        Some(page) => html(page),
        None => not_found(),
    }
}

async fn image(
    State(o): State<Arc<Origin>>,
    Path((outlet, file)): Path<(String, String)>,
) -> Response {
    let Some(slug) = file.strip_suffix(".svg") else {
        return not_found();
    };
    let Some(a) = o.corpus.find(&format!("{outlet}/{slug}")) else {
        return not_found();
    };
    let hue = storyline_core::text::fnv1a64(a.slug.as_bytes()) % 360;
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"630\" viewBox=\"0 0 1200 630\">\
         <rect width=\"1200\" height=\"630\" fill=\"hsl({hue},45%,40%)\"/>\
         <text x=\"60\" y=\"320\" font-family=\"sans-serif\" font-size=\"48\" fill=\"#fff\">{}</text></svg>",
        esc(&a.title)
    );
    ([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response()
}

async fn article(
    State(o): State<Arc<Origin>>,
    Path((outlet, y, m, d, file)): Path<(String, String, String, String, String)>,
) -> Response {
    let Some(slug) = file.strip_suffix(".html") else {
        return not_found();
    };
    let Some(a) = o.corpus.find(&format!("{outlet}/{slug}")) else {
        return not_found();
    };
    if a.published.format("%Y/%m/%d").to_string() != format!("{y}/{m}/{d}") {
        return not_found();
    }
    match o.article_page(a, false) {
        Some(page) => html(page),
        None => not_found(),
    }
}

/// A running demo origin.
pub struct OriginServer {
    /// `http://127.0.0.1:PORT`
    pub base_url: String,
    /// The feed URLs to subscribe to, with a display name.
    pub feeds: Vec<(String, String)>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl OriginServer {
    /// Stops the server and waits for it.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = (&mut self.task).await;
    }
}

/// The origin's router for a given base URL (exposed for tests).
pub fn router(corpus: Corpus, base_url: &str) -> Router {
    let origin = Arc::new(Origin {
        corpus,
        base: base_url.trim_end_matches('/').to_string(),
    });
    Router::new()
        .route("/{outlet}/", get(home))
        .route("/{outlet}/amp/{file}", get(amp))
        .route("/{outlet}/img/{file}", get(image))
        .route("/{outlet}/{file}", get(outlet_file))
        .route("/{outlet}/{y}/{m}/{d}/{file}", get(article))
        .with_state(origin)
}

/// Starts the origin on `127.0.0.1:port` (0 picks a free port).
pub async fn start(corpus: Corpus, port: u16) -> std::io::Result<OriginServer> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    let base_url = format!("http://{addr}");
    let feeds = Origin {
        corpus: corpus.clone(),
        base: base_url.clone(),
    }
    .feed_urls();
    let app = router(corpus, &base_url);
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let res = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await;
        if let Err(e) = res {
            tracing::warn!(error = %e, "demo origin stopped with an error");
        }
    });
    Ok(OriginServer {
        base_url,
        feeds,
        shutdown: Some(tx),
        task,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_parses_and_every_article_renders() {
        let c = Corpus::embedded().expect("corpus");
        assert!(c.stories.len() >= 10);
        let o = Origin {
            corpus: c.clone(),
            base: "http://127.0.0.1:1".into(),
        };
        for (_, a) in c.articles() {
            let page = o.article_page(a, false).expect("renders");
            assert!(!page.contains("{{"), "unfilled placeholder in {}", a.slug);
            assert!(page.contains(&esc(&a.title)));
        }
        for out in &c.outlets {
            let (feed, _) = o.feed(out, false);
            assert!(feed.len() > 200);
            assert!(!o.home_page(out).contains("{{"));
        }
    }
}
