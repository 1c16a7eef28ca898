//! URL canonicalisation for duplicate detection.
//!
//! Feeds link the same article under many URLs: `http` and `https`, `www.` and bare hosts, mobile
//! (`m.`) and AMP variants, tracking parameters appended by newsletters and social sites. Folding
//! them to one form lets the clusterer recognise the same article arriving twice before it looks at
//! the text at all.

/// Query parameters that only track the reader and never select content.
const TRACKING_PARAMS: &[&str] = &[
    "fbclid",
    "gclid",
    "dclid",
    "gclsrc",
    "msclkid",
    "mc_cid",
    "mc_eid",
    "igshid",
    "yclid",
    "twclid",
    "_ga",
    "_gl",
    "_hsenc",
    "_hsmi",
    "ref_src",
    "ref_url",
    "cmpid",
    "ocid",
    "smid",
    "smtyp",
    "sr_share",
    "mkt_tok",
    "spm",
    "ito",
    "cid",
    "amp",
    "outputtype",
    "output",
    "__twitter_impression",
];

/// Host prefixes that mark a variant of the same site.
const HOST_PREFIXES: &[&str] = &["www.", "m.", "mobile.", "amp.", "www2."];

fn is_tracking_param(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    k.starts_with("utm_") || k.starts_with("ga_") || TRACKING_PARAMS.contains(&k.as_str())
}

/// Whether an absolute URL (such as [`canonicalize_url`] gives) names a site's front page: no
/// path beyond `/`, no query. That is no one article's address. Read from the text, without
/// parsing it again, as it runs for every article.
pub fn is_site_root(url: &str) -> bool {
    let url = url.split('#').next().unwrap_or(url);
    url.split_once("://").is_some_and(|(scheme, rest)| {
        let rest = rest.trim_end_matches('/');
        !scheme.is_empty() && !rest.is_empty() && !rest.contains(['/', '?'])
    })
}

/// The canonical form of a URL: `https` for web URLs, lower-case host without `www.`/`m.`/`amp.`,
/// no default port, no fragment, no tracking parameters (remaining ones sorted), AMP paths folded
/// to the main page and no trailing slash. `None` when `url` does not parse as an absolute URL.
pub fn canonicalize_url(url: &str) -> Option<String> {
    let mut u = url::Url::parse(url.trim()).ok()?;
    if u.scheme() != "http" && u.scheme() != "https" {
        u.set_fragment(None);
        return Some(u.to_string());
    }
    // Google's AMP cache: https://example-com.cdn.ampproject.org/c/s/example.com/path
    if let Some(host) = u.host_str() {
        if host.ends_with(".cdn.ampproject.org") || host == "cdn.ampproject.org" {
            let path = u.path().to_string();
            let rest = path
                .strip_prefix("/c/s/")
                .or_else(|| path.strip_prefix("/v/s/"))
                .or_else(|| path.strip_prefix("/c/"))
                .or_else(|| path.strip_prefix("/v/"));
            if let Some(rest) = rest {
                let mut inner = format!("https://{rest}");
                if let Some(q) = u.query() {
                    inner.push('?');
                    inner.push_str(q);
                }
                if inner != url {
                    return canonicalize_url(&inner);
                }
            }
        }
    }

    let mut host = u.host_str()?.to_ascii_lowercase();
    host = host.trim_end_matches('.').to_string();
    loop {
        let stripped = HOST_PREFIXES
            .iter()
            .find_map(|p| host.strip_prefix(p).filter(|rest| rest.contains('.')));
        match stripped {
            Some(rest) => host = rest.to_string(),
            None => break,
        }
    }
    let port = u.port().filter(|&p| p != 80 && p != 443);

    // Path: fold AMP variants, drop trailing slashes, collapse empty segments.
    let mut segments: Vec<String> = u
        .path_segments()
        .map(|s| s.filter(|s| !s.is_empty()).map(str::to_string).collect())
        .unwrap_or_default();
    segments.retain(|s| !s.eq_ignore_ascii_case("amp"));
    if let Some(last) = segments.last_mut() {
        for suffix in [".amp.html", ".amp.htm", ".amp"] {
            if last.len() > suffix.len() && last.to_ascii_lowercase().ends_with(suffix) {
                let keep = last.len() - suffix.len();
                let ext = if suffix.starts_with(".amp.") {
                    &suffix[4..]
                } else {
                    ""
                };
                *last = format!("{}{}", &last[..keep], ext);
                break;
            }
        }
    }
    let path = format!("/{}", segments.join("/"));

    let mut params: Vec<(String, String)> = u
        .query_pairs()
        .filter(|(k, _)| !k.is_empty() && !is_tracking_param(k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    params.sort();
    params.dedup();

    let mut out = format!("https://{host}");
    if let Some(p) = port {
        out.push_str(&format!(":{p}"));
    }
    // Re-parse through the URL type so percent-encoding is normalised the same way every time.
    let mut rebuilt = url::Url::parse(&out).ok()?;
    rebuilt.set_path(&path);
    if params.is_empty() {
        rebuilt.set_query(None);
    } else {
        rebuilt
            .query_pairs_mut()
            .clear()
            .extend_pairs(params.iter());
    }
    let mut s = rebuilt.to_string();
    if s.ends_with('/') && rebuilt.path() == "/" && rebuilt.query().is_none() {
        s.pop();
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_roots() {
        for (u, root) in [
            ("https://reuters.com", true),
            ("https://www.reuters.com/", true),
            ("http://example.org:8080/", true),
            ("https://reuters.com/world", false),
            ("https://reuters.com/?p=123", false),
            ("https://reuters.com/2026/11/quake-hits-chile", false),
            ("not a url", false),
            ("https://", false),
            ("https://reuters.com/#top", true),
        ] {
            assert_eq!(is_site_root(u), root, "{u}");
        }
    }

    #[test]
    fn folds_variants() {
        let canon = canonicalize_url("https://example.com/2026/11/03/port.html");
        assert_eq!(
            canon.as_deref(),
            Some("https://example.com/2026/11/03/port.html")
        );
        for v in [
            "http://Example.COM:80/2026/11/03/port.html",
            "https://www.example.com:443/2026/11/03/port.html#comments",
            "https://m.example.com/2026/11/03/port.html?utm_source=feed&utm_medium=rss",
            "https://example.com/2026/11/03/port.html?fbclid=abc&gclid=x",
            "https://example.com/amp/2026/11/03/port.html",
            "https://example.com/2026/11/03/port.amp.html",
            "https://example.com/2026/11/03/port.html/amp/",
            "https://example-com.cdn.ampproject.org/c/s/example.com/2026/11/03/port.html",
        ] {
            assert_eq!(canonicalize_url(v), canon, "{v}");
        }
    }

    #[test]
    fn keeps_content_params_sorted() {
        assert_eq!(
            canonicalize_url("https://ex.org/a?id=5&page=2&utm_campaign=x").as_deref(),
            Some("https://ex.org/a?id=5&page=2")
        );
        assert_eq!(
            canonicalize_url("https://ex.org/a?page=2&id=5"),
            canonicalize_url("https://ex.org/a?id=5&page=2")
        );
        assert_ne!(
            canonicalize_url("https://ex.org/a?id=5"),
            canonicalize_url("https://ex.org/a?id=6")
        );
        assert_eq!(
            canonicalize_url("https://ex.org:8080/a").as_deref(),
            Some("https://ex.org:8080/a")
        );
    }

    #[test]
    fn rejects_relative() {
        assert_eq!(canonicalize_url("/just/a/path"), None);
        assert_eq!(canonicalize_url(""), None);
    }
}
