//! The admin pages: add, remove and import feeds, and ask the fetcher to run now.
//!
//! Access needs the configured token, sent as `Authorization: Bearer TOKEN` or through the login
//! form, which sets an `HttpOnly; Secure; SameSite=Strict` cookie scoped to `/admin`. The cookie
//! holds an HMAC of the token under a key drawn at process start, never the token itself: a leaked
//! cookie does not reveal the token, and a restart or a new token ends every session. Form posts
//! from another origin are refused (the `Origin` header must name this host), on top of SameSite.
//! With no token configured the admin does not exist (404).

use crate::html::{self, safe_url, Chrome};
use crate::{Ctx, Shared, WebError};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use maud::{html, Markup};
use serde::Deserialize;
use std::sync::atomic::Ordering;

const COOKIE: &str = "storyline_admin";

/// The key that signs session cookies, drawn once per process from the system's random source.
fn session_key() -> Option<&'static ring::hmac::Key> {
    static KEY: std::sync::OnceLock<Option<ring::hmac::Key>> = std::sync::OnceLock::new();
    KEY.get_or_init(|| {
        ring::hmac::Key::generate(ring::hmac::HMAC_SHA256, &ring::rand::SystemRandom::new()).ok()
    })
    .as_ref()
}

/// The session cookie's value for `token`: hex HMAC-SHA256 under the process key. `None` when
/// the system gave no randomness (login is then refused rather than weakened).
fn session_value(token: &str) -> Option<String> {
    let tag = ring::hmac::sign(session_key()?, token.as_bytes());
    Some(tag.as_ref().iter().map(|b| format!("{b:02x}")).collect())
}

/// Compares without an early exit, so timing does not reveal how much of a guess was right.
fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Whether the request carries the admin token (header or cookie).
pub(crate) fn authorized(ctx: &Ctx, headers: &HeaderMap) -> bool {
    let Some(token) = ctx
        .config()
        .admin_token
        .as_deref()
        .filter(|t| !t.is_empty())
    else {
        return false;
    };
    if let Some(bearer) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    {
        return ct_eq(bearer.trim().as_bytes(), token.as_bytes());
    }
    match (cookie_value(headers, COOKIE), session_value(token)) {
        (Some(c), Some(v)) => ct_eq(c.as_bytes(), v.as_bytes()),
        _ => false,
    }
}

/// A cross-site form post names another origin; same-site posts name ours or none at all.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let origin_host = origin
        .split_once("://")
        .map(|(_, rest)| rest.trim_end_matches('/'));
    matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
}

fn admin_enabled(ctx: &Ctx) -> bool {
    ctx.config()
        .admin_token
        .as_deref()
        .is_some_and(|t| !t.is_empty())
}

fn no_store(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

fn admin_page(ctx: &Ctx, status: StatusCode, title: &str, body: Markup) -> Response {
    let chrome = Chrome {
        site_title: &ctx.config().site_title,
        categories: Vec::new(),
        current_category: None,
        front: false,
        query: "",
        feeds: Vec::new(),
    };
    no_store(
        (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            html::layout(&chrome, title, body),
        )
            .into_response(),
    )
}

fn login_form(ctx: &Ctx, status: StatusCode, failed: bool) -> Response {
    admin_page(
        ctx,
        status,
        "Admin sign-in",
        html! {
            h1 { "Admin" }
            @if failed { p.bad role="alert" { "That token is not right." } }
            form.admin-form method="post" action="/admin/login" {
                label for="token" { "Admin token" }
                input id="token" type="password" name="token" autocomplete="current-password" required;
                button type="submit" { "Sign in" }
            }
        },
    )
}

/// Refuses what is not allowed: 404 when the admin is off, 401 without the token, 403 cross-site.
fn guard(ctx: &Ctx, headers: &HeaderMap, post: bool) -> Option<Response> {
    if !admin_enabled(ctx) {
        return Some(html::not_found_page(&ctx.config().site_title));
    }
    if post && !same_origin(headers) {
        return Some(admin_page(
            ctx,
            StatusCode::FORBIDDEN,
            "Forbidden",
            html! { h1 { "Forbidden" } p { "Admin forms can only be sent from this site." } },
        ));
    }
    if !authorized(ctx, headers) {
        return Some(login_form(ctx, StatusCode::UNAUTHORIZED, false));
    }
    None
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct Done {
    done: Option<String>,
    n: Option<usize>,
}

/// `GET /admin`.
pub(crate) async fn page(
    State(ctx): State<Shared>,
    Query(done): Query<Done>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = guard(&ctx, &headers, false) {
        return r;
    }
    let n = done.n.unwrap_or(0);
    let message: Option<String> = match done.done.as_deref() {
        Some("added") => Some("Source added.".into()),
        Some("removed") => Some("Source removed.".into()),
        Some("imported") => Some(format!("Imported {n} sources from the OPML file.")),
        Some("fetch") => Some("The fetcher was asked to run now.".into()),
        Some("invalid") => Some("That is not an http(s) feed address.".into()),
        Some("badopml") => Some("That OPML file could not be read.".into()),
        _ => None,
    };
    home(&ctx, StatusCode::OK, message).await
}

/// The admin page, with a message at its top (what the last action did, or why it did nothing).
async fn home(ctx: &Shared, status: StatusCode, message: Option<String>) -> Response {
    let list = match crate::blocking(ctx, |c| Ok(c.store().sources()?)).await {
        Ok(l) => l,
        Err(e) => return html::error_page(ctx, &e),
    };
    let fetch_enabled = ctx.app.fetch_now.is_some();
    admin_page(
        ctx,
        status,
        "Admin",
        html! {
            h1 { "Admin" }
            @if let Some(m) = &message { p role="status" { strong { (m) } } }
            section {
                h2 { "Fetch" }
                @if fetch_enabled {
                    form.admin-form method="post" action="/admin/fetch" { button type="submit" { "Fetch all sources now" } }
                } @else {
                    p.meta { "The fetcher is not running in this process." }
                }
            }
            section {
                h2 { "Add a feed" }
                form.admin-form method="post" action="/admin/sources" {
                    label.vh for="url" { "Feed or site URL" }
                    input id="url" type="text" inputmode="url" name="url" placeholder="example.org or https://example.org/feed.xml" required;
                    label.vh for="title" { "Name" }
                    input id="title" type="text" name="title" placeholder="Outlet name (optional)";
                    button type="submit" { "Add" }
                }
            }
            section {
                h2 { "Import OPML" }
                form method="post" action="/admin/opml" {
                    label for="opml" { "Paste an OPML subscription list" }
                    textarea id="opml" name="opml" required {}
                    p { button type="submit" { "Import" } }
                }
                p.meta { "Export: " a href="/sources.opml" { "sources.opml" } }
            }
            section {
                h2 { "Sources (" (list.len()) ")" }
                div.table-wrap {
                    table {
                        thead { tr { th { "Outlet" } th { "Feed" } th { "Articles" } th { "" } } }
                        tbody {
                            @for s in &list {
                                tr {
                                    td { a href={ "/source/" (s.id) } { (s.title) } }
                                    td { (s.url) }
                                    td { (s.article_count) }
                                    td {
                                        form.inline method="post" action={ "/admin/sources/" (s.id) "/remove" } {
                                            button type="submit" aria-label={ "Remove " (s.title) } { "Remove" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            form method="post" action="/admin/logout" { button type="submit" { "Sign out" } }
        },
    )
}

#[derive(Debug, Deserialize)]
pub(crate) struct Login {
    token: String,
}

/// `POST /admin/login`: checks the token and sets the session cookie.
pub(crate) async fn login(
    State(ctx): State<Shared>,
    headers: HeaderMap,
    Form(form): Form<Login>,
) -> Response {
    if !admin_enabled(&ctx) {
        return html::not_found_page(&ctx.config().site_title);
    }
    if !same_origin(&headers) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let token = ctx.config().admin_token.clone().unwrap_or_default();
    if !ct_eq(form.token.trim().as_bytes(), token.as_bytes()) {
        return login_form(&ctx, StatusCode::UNAUTHORIZED, true);
    }
    let Some(session) = session_value(&token) else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let cookie = format!(
        "{COOKIE}={session}; Path=/admin; HttpOnly; Secure; SameSite=Strict; Max-Age=604800"
    );
    let mut res = Redirect::to("/admin").into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    no_store(res)
}

/// `POST /admin/logout`: clears the cookie.
pub(crate) async fn logout() -> Response {
    let mut res = Redirect::to("/").into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static(
            "storyline_admin=; Path=/admin; HttpOnly; Secure; SameSite=Strict; Max-Age=0",
        ),
    );
    no_store(res)
}

fn back(done: &str) -> Response {
    no_store(Redirect::to(&format!("/admin?done={done}")).into_response())
}

fn changed(ctx: &Ctx) {
    ctx.app
        .metrics
        .admin_changes
        .fetch_add(1, Ordering::Relaxed);
}

#[derive(Debug, Deserialize)]
pub(crate) struct AddSource {
    url: String,
    #[serde(default)]
    title: String,
}

/// `POST /admin/sources`.
pub(crate) async fn add_source(
    State(ctx): State<Shared>,
    headers: HeaderMap,
    Form(form): Form<AddSource>,
) -> Response {
    if let Some(r) = guard(&ctx, &headers, true) {
        return r;
    }
    // "example.com/news", as typed into an address bar.
    let typed = storyline_ingest::discover::typed_address(&form.url);
    let Some(url) = safe_url(&typed).map(str::to_string) else {
        return back("invalid");
    };
    // A page's address (the site's front page, an article) finds the feed it links to, or
    // one at a usual address; what is stored is the feed.
    let (url, found_title) = match &ctx.app.fetcher {
        Some(f) => match storyline_ingest::discover::discover(f, &url).await {
            Ok(d) => (d.feed_url, d.title),
            Err(e) => {
                tracing::info!(error = %e, "admin: no feed added");
                let why = format!("No source was added: {e}");
                return no_store(home(&ctx, StatusCode::BAD_REQUEST, Some(why)).await);
            }
        },
        None => (url, None),
    };
    let title = Some(form.title.trim().to_string())
        .filter(|t| !t.is_empty())
        .or(found_title.filter(|t| !t.trim().is_empty()));
    match crate::blocking(&ctx, move |c| {
        let t = title.unwrap_or_else(|| url.clone());
        c.store().add_source(&url, &t, None)?;
        changed(c);
        Ok(())
    })
    .await
    {
        Ok(()) => back("added"),
        Err(e) => html::error_page(&ctx, &e),
    }
}

/// `POST /admin/sources/{id}/remove`.
pub(crate) async fn remove_source(
    State(ctx): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = guard(&ctx, &headers, true) {
        return r;
    }
    let Ok(id) = id.parse::<i64>() else {
        return html::error_page(&ctx, &WebError::NotFound("There is no such source.".into()));
    };
    match crate::blocking(&ctx, move |c| {
        let removed = c.store().remove_source(id)?;
        changed(c);
        Ok(removed)
    })
    .await
    {
        Ok(true) => back("removed"),
        Ok(false) => html::error_page(
            &ctx,
            &WebError::NotFound(format!("There is no source {id}.")),
        ),
        Err(e) => html::error_page(&ctx, &e),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct ImportOpml {
    opml: String,
}

/// `POST /admin/opml`: adds every http(s) feed of a pasted OPML list.
pub(crate) async fn import_opml(
    State(ctx): State<Shared>,
    headers: HeaderMap,
    Form(form): Form<ImportOpml>,
) -> Response {
    if let Some(r) = guard(&ctx, &headers, true) {
        return r;
    }
    let feeds = match storyline_ingest::opml::parse(&form.opml) {
        Ok(f) => f,
        Err(e) => {
            tracing::info!(error = %e, "admin: OPML import rejected");
            return back("badopml");
        }
    };
    match crate::blocking(&ctx, move |c| {
        let mut n = 0usize;
        for f in feeds {
            let Some(url) = safe_url(&f.url) else {
                continue;
            };
            let title = f
                .title
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .unwrap_or(url);
            let site = f.site_url.as_deref().and_then(safe_url);
            c.store().add_source(url, title, site)?;
            n += 1;
        }
        changed(c);
        Ok(n)
    })
    .await
    {
        Ok(n) => no_store(Redirect::to(&format!("/admin?done=imported&n={n}")).into_response()),
        Err(e) => html::error_page(&ctx, &e),
    }
}

/// `POST /admin/fetch`: wakes the fetcher.
pub(crate) async fn fetch_now(State(ctx): State<Shared>, headers: HeaderMap) -> Response {
    if let Some(r) = guard(&ctx, &headers, true) {
        return r;
    }
    match &ctx.app.fetch_now {
        Some(n) => {
            n.notify_one();
            back("fetch")
        }
        None => html::error_page(
            &ctx,
            &WebError::BadRequest("The fetcher is not running in this process.".into()),
        ),
    }
}

/// `GET /sources.opml`: every subscribed source as OPML.
pub(crate) async fn opml_export(State(ctx): State<Shared>, headers: HeaderMap) -> Response {
    match crate::cache::cached(&ctx, crate::cache::key(&[&"opml"]), |c| {
        let sources = c.store().sources()?;
        let xml = storyline_ingest::opml::export(&sources);
        Ok(crate::cache::Page::new(xml, "text/x-opml; charset=utf-8").into())
    })
    .await
    {
        Ok(r) => r.respond(&headers),
        Err(e) => html::error_page(&ctx, &e),
    }
}
