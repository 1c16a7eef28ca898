//! Finding a site's feed from one of its pages.

use crate::{fetch::Conditional, parse_feed, FetchError, Fetcher, Response};

/// A feed found for a URL.
#[derive(Debug, Clone, PartialEq)]
pub struct Discovered {
    pub feed_url: String,
    pub title: Option<String>,
}

/// Why no feed was found.
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error("{0} is neither a feed nor a page that links to one")]
    NoFeed(String),
}

/// If `url` is a feed, returns it; if it is an HTML page, returns the first feed it advertises
/// with `<link rel="alternate">` that parses as a feed.
pub async fn discover(fetcher: &Fetcher, url: &str) -> Result<Discovered, DiscoverError> {
    let Response::Fetched(page) = fetcher.get(url, &Conditional::default()).await? else {
        return Err(DiscoverError::NoFeed(url.to_string()));
    };
    if let Ok(feed) = parse_feed(&page.body, &page.url) {
        return Ok(Discovered {
            feed_url: page.lasting_url().to_string(),
            title: feed.title,
        });
    }
    for link in storyline_extract::feed_links(&page.body, &page.url) {
        if let Ok(Response::Fetched(f)) = fetcher.get(&link.url, &Conditional::default()).await {
            if let Ok(feed) = parse_feed(&f.body, &f.url) {
                return Ok(Discovered {
                    feed_url: f.lasting_url().to_string(),
                    title: feed.title.or(link.title),
                });
            }
        }
    }
    Err(DiscoverError::NoFeed(url.to_string()))
}
