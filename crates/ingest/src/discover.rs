//! Finding a site's feed from one of its pages: the feeds the page advertises, then the addresses
//! where blog and news platforms publish one without saying so (WordPress `/feed`, Hugo
//! `/index.xml`, Jekyll `/feed.xml`, Ghost `/rss/`), as feed readers look for them.

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
    #[error(
        "{0} is neither a feed nor a page that links to one, and the site has none at the usual \
         addresses (/feed, /rss.xml, /atom.xml, /index.xml …)"
    )]
    NoFeed(String),
}

/// Where sites publish a feed without linking to it, most common first.
const USUAL_PATHS: [&str; 9] = [
    "feed",
    "rss",
    "feed.xml",
    "rss.xml",
    "atom.xml",
    "index.xml",
    "feed.json",
    "index.rss",
    "feed.atom",
];

/// The address a person means by what they typed: as it is when it names a scheme, else the
/// `https://` address of what they typed ("example.com/news" is `https://example.com/news`), as a
/// browser's address bar reads it.
pub fn typed_address(typed: &str) -> String {
    let t = typed.trim();
    let has_scheme = t.split_once(':').is_some_and(|(scheme, rest)| {
        rest.starts_with("//")
            || !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !rest.starts_with(|c: char| c.is_ascii_digit())
    });
    if has_scheme || t.is_empty() {
        t.to_string()
    } else {
        format!("https://{t}")
    }
}

/// If `url` is a feed, returns it; if it is an HTML page, returns the first feed it advertises
/// with `<link rel="alternate">` that parses as a feed; failing that, the first of the
/// [`USUAL_PATHS`] that parses as a feed, in the page's folder and then at the site's root.
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
    let advertised = storyline_extract::feed_links(&page.body, &page.url)
        .into_iter()
        .map(|l| (l.url, l.title));
    let usual = usual_feed_urls(&page.url).into_iter().map(|u| (u, None));
    for (link, title) in advertised.chain(usual) {
        // A site that answers every address with its front page gives no feed here: what is
        // taken must parse as one.
        if let Ok(Response::Fetched(f)) = fetcher.get(&link, &Conditional::default()).await {
            if let Ok(feed) = parse_feed(&f.body, &f.url) {
                return Ok(Discovered {
                    feed_url: f.lasting_url().to_string(),
                    title: feed.title.or(title),
                });
            }
        }
    }
    Err(DiscoverError::NoFeed(url.to_string()))
}

/// The addresses a feed of the site of `page` is looked for at when the page names none: each of
/// the [`USUAL_PATHS`] in the page's folder (a blog under `/blog/`), then at the site's root.
fn usual_feed_urls(page: &str) -> Vec<String> {
    let Ok(page) = url::Url::parse(page) else {
        return Vec::new();
    };
    let bases: Vec<url::Url> = [page.join("./"), page.join("/")]
        .into_iter()
        .flatten()
        .collect();
    let mut out: Vec<String> = Vec::new();
    for base in bases {
        for path in USUAL_PATHS {
            if let Ok(u) = base.join(path) {
                let u = u.to_string();
                if !out.contains(&u) {
                    out.push(u);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{typed_address, usual_feed_urls};

    #[test]
    fn a_typed_address_without_a_scheme_is_https() {
        for (typed, want) in [
            ("example.com", "https://example.com"),
            (" www.example.com/news/ ", "https://www.example.com/news/"),
            ("example.com:8080/feed", "https://example.com:8080/feed"),
            ("127.0.0.1:8765/feed.xml", "https://127.0.0.1:8765/feed.xml"),
            ("http://example.com/feed", "http://example.com/feed"),
            ("HTTPS://Example.com", "HTTPS://Example.com"),
            ("javascript:alert(1)", "javascript:alert(1)"),
            ("ftp://example.com/x", "ftp://example.com/x"),
            ("", ""),
        ] {
            assert_eq!(typed_address(typed), want, "{typed:?}");
        }
    }

    #[test]
    fn usual_feed_addresses_are_in_the_folder_then_at_the_root() {
        let got = usual_feed_urls("https://a.test/blog/2026/post.html?x=1");
        assert_eq!(got.len(), 18);
        assert_eq!(got[0], "https://a.test/blog/2026/feed");
        assert_eq!(got[9], "https://a.test/feed");
        assert_eq!(got[17], "https://a.test/feed.atom");
        let root = usual_feed_urls("https://a.test/");
        assert_eq!(root.len(), 9);
        assert_eq!(root[3], "https://a.test/rss.xml");
        assert!(usual_feed_urls("not a url").is_empty());
    }
}
