//! robots.txt (RFC 9309), read for the article pages Storyline fetches on its own.
//!
//! A feed is fetched because the operator subscribed to it, as a browser would; the pages its
//! entries link to are fetched by Storyline itself, so a site that asks crawlers to keep out of
//! some paths is heard there: the entry keeps the feed's text instead. The rules of the group
//! naming Storyline's product token apply, else those of `*`, else none; the longest matching
//! rule decides, `Allow` winning a tie; `*` matches any run of characters and a final `$` anchors
//! the end.

/// The most of a robots.txt that is read (RFC 9309 asks crawlers to read at least 500 KiB).
pub const MAX_ROBOTS_BYTES: usize = 512 * 1024;

/// The rules of one site's robots.txt that apply to one crawler.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Robots {
    /// `(allow, pattern)` in file order.
    rules: Vec<(bool, String)>,
}

impl Robots {
    /// A robots.txt that allows everything (none, or one answered with a 4xx).
    pub fn allow_all() -> Self {
        Self::default()
    }

    /// A robots.txt that allows nothing (one the site failed to serve: RFC 9309 asks crawlers to
    /// assume complete disallow while the server errs).
    pub fn disallow_all() -> Self {
        Self {
            rules: vec![(false, "/".into())],
        }
    }

    /// Reads `text` for the crawler whose product token is `agent` ("storyline").
    pub fn parse(text: &str, agent: &str) -> Self {
        let agent = agent.trim().to_ascii_lowercase();
        let mut ours: Vec<(bool, String)> = Vec::new();
        let mut star: Vec<(bool, String)> = Vec::new();
        let mut named_ours = false;
        // The current group's user agents, and whether its rules have begun (a user-agent line
        // after a rule starts a new group).
        let mut agents: Vec<String> = Vec::new();
        let mut in_rules = false;
        for line in text.trim_start_matches('\u{feff}').lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim();
            match key.as_str() {
                "user-agent" => {
                    if in_rules {
                        agents.clear();
                        in_rules = false;
                    }
                    agents.push(value.to_ascii_lowercase());
                    if value.eq_ignore_ascii_case(&agent) {
                        named_ours = true;
                    }
                }
                "allow" | "disallow" => {
                    in_rules = true;
                    // An empty Disallow allows everything: it is no rule.
                    if value.is_empty() {
                        continue;
                    }
                    let rule = (key == "allow", percent_encoded(value));
                    if agents.contains(&agent) {
                        ours.push(rule.clone());
                    }
                    if agents.iter().any(|a| a == "*") {
                        star.push(rule);
                    }
                }
                _ => {}
            }
        }
        Self {
            rules: if named_ours { ours } else { star },
        }
    }

    /// Whether `path` (the URL's path and query, from its `/`) may be fetched.
    pub fn allowed(&self, path: &str) -> bool {
        if path == "/robots.txt" {
            return true;
        }
        let path = percent_encoded(path);
        let path = path.as_str();
        let mut best: Option<(usize, bool)> = None;
        for (allow, pattern) in &self.rules {
            if matches(pattern, path) {
                let len = pattern.len();
                let better = match best {
                    None => true,
                    Some((l, a)) => len > l || (len == l && *allow && !a),
                };
                if better {
                    best = Some((len, *allow));
                }
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }
}

/// Whether a robots.txt pattern matches `path` from its start: `*` is any run of characters, a
/// final `$` the end of the path.
fn matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    let pieces: Vec<&str> = pattern.split('*').collect();
    let mut rest = path;
    for (i, piece) in pieces.iter().enumerate() {
        if i == 0 {
            match rest.strip_prefix(piece) {
                Some(r) => rest = r,
                None => return false,
            }
        } else if i == pieces.len() - 1 && anchored {
            // The last piece must end the path; a wildcard before it takes what comes between.
            return rest.ends_with(piece);
        } else {
            match rest.find(piece) {
                Some(at) => rest = &rest[at + piece.len()..],
                None => return false,
            }
        }
    }
    !anchored || rest.is_empty()
}

/// `s` with characters outside US-ASCII percent-encoded as UTF-8 and every `%xx` escape in
/// upper case, so that a rule written `/café` or `/caf%c3%a9` matches the path a URL gives,
/// `/caf%C3%A9` (RFC 9309, 2.2.2).
fn percent_encoded(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
        {
            out.push('%');
            out.push(char::from(bytes[i + 1].to_ascii_uppercase()));
            out.push(char::from(bytes[i + 2].to_ascii_uppercase()));
            i += 3;
        } else if b.is_ascii() {
            out.push(char::from(b));
            i += 1;
        } else {
            out.push_str(&format!("%{b:02X}"));
            i += 1;
        }
    }
    out
}

/// The product token of a User-Agent string ("Storyline/0.1 (...)" gives "storyline").
pub fn product_token(user_agent: &str) -> String {
    user_agent
        .split(|c: char| c == '/' || c.is_whitespace())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = "\u{feff}# a news site\r\n\
        User-agent: GPTBot\r\n\
        Disallow: /\r\n\
        \r\n\
        User-agent: *\r\n\
        Disallow: /search\r\n\
        Disallow: /*?share=\r\n\
        Disallow: /*.pdf$\r\n\
        Allow: /search/about\r\n\
        Disallow: # nothing\r\n\
        Sitemap: https://news.test/sitemap.xml\r\n";

    #[test]
    fn the_star_group_applies_when_no_group_names_us() {
        let r = Robots::parse(SITE, "storyline");
        for (path, allowed) in [
            ("/2026/03/port-reopens", true),
            ("/search?q=port", false),
            ("/search/about", true),
            ("/search/aboutus", true),
            ("/2026/port?share=x", false),
            ("/2026/port?a=1&share=x", true),
            ("/files/report.pdf", false),
            ("/files/report.pdf?download=1", true),
            ("/robots.txt", true),
        ] {
            assert_eq!(r.allowed(path), allowed, "{path}");
        }
    }

    #[test]
    fn a_group_naming_us_replaces_the_star_group() {
        let text = "User-agent: *\nDisallow: /\n\nUser-agent: other\nUser-agent: Storyline\n\
                    Disallow: /private/\n";
        let r = Robots::parse(text, "storyline");
        assert!(r.allowed("/news/1"));
        assert!(!r.allowed("/private/1"));
        // A crawler named nowhere gets the star group.
        assert!(!Robots::parse(text, "otherbot").allowed("/news/1"));
        // Groups are split by a user-agent line after rules.
        let split = "User-agent: storyline\nDisallow: /a\nUser-agent: *\nDisallow: /b\n";
        let r = Robots::parse(split, "storyline");
        assert!(!r.allowed("/a") && r.allowed("/b"));
    }

    #[test]
    fn the_longest_rule_wins_and_allow_wins_a_tie() {
        let r = Robots::parse(
            "User-agent: *\nDisallow: /news\nAllow: /news/\nDisallow: /news/x\nAllow: /news/x\n",
            "storyline",
        );
        assert!(!r.allowed("/news"));
        assert!(r.allowed("/news/1"));
        assert!(r.allowed("/news/x1"));
        assert!(Robots::parse("", "storyline").allowed("/anything"));
        assert!(Robots::allow_all().allowed("/"));
        assert!(!Robots::disallow_all().allowed("/news/1"));
        assert!(Robots::disallow_all().allowed("/robots.txt"));
    }

    #[test]
    fn patterns_match_from_the_start_with_wildcards() {
        for (pattern, path, want) in [
            ("/a", "/a/b", true),
            ("/a", "/b/a", false),
            ("/*/b", "/x/y/b/z", true),
            ("/a*c$", "/abc", true),
            ("/a*c$", "/abcd", false),
            ("/a$", "/a", true),
            ("/a$", "/ab", false),
            ("*", "/", true),
            ("/**x", "/yx", true),
            ("/a*$", "/abc", true),
        ] {
            assert_eq!(matches(pattern, path), want, "{pattern} {path}");
        }
        // Rules and paths compare percent-encoded, escapes in upper case.
        let r = Robots::parse(
            "User-agent: *\nDisallow: /café\nDisallow: /a%2fb\n",
            "storyline",
        );
        assert!(!r.allowed("/caf%C3%A9/menu"));
        assert!(!r.allowed("/café"));
        assert!(!r.allowed("/a%2Fb"));
        assert!(r.allowed("/a/b"));
        assert_eq!(percent_encoded("/x%"), "/x%");
        assert_eq!(percent_encoded("/x%4"), "/x%4");
        assert_eq!(product_token("Storyline/0.1 (+https://x)"), "storyline");
        assert_eq!(product_token("MyDesk"), "mydesk");
    }
}
