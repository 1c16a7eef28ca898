//! Persistence for Storyline.
//!
//! The pipeline and the web front talk to a [`Store`] trait, so the embedded SQLite store (the
//! default: one file, WAL, no server) and a PostgreSQL store for larger deployments can be swapped
//! without touching them. Every write that changes several rows runs in one transaction, so a crash
//! mid-run leaves the database as it was before that write or after it, never in between.

mod migrations;
mod pg_migrations;
mod pg_tls;
mod postgres;
mod sqlite;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
pub use storyline_core::FetchProblems;
use storyline_core::{Article, Citation, Cited, Digest, NewArticle, Source, Story};

/// The SQLite migrations, for tests that build an older schema and upgrade it.
#[doc(hidden)]
pub use migrations::MIGRATIONS as SQLITE_MIGRATIONS;
/// The PostgreSQL migrations, for tests that build an older schema and upgrade it.
#[doc(hidden)]
pub use pg_migrations::PG_MIGRATIONS;
pub use pg_tls::{PgTlsError, PgTlsStream};
pub use postgres::{
    connection_config as postgres_config, is_postgres_url, redact_url, with_dbname,
    PgConnectConfig, PgConnection, PostgresStore,
};
pub use sqlite::SqliteStore;

/// Errors from the store, naming the operation that failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    // The SQLite variants, like the PostgreSQL ones, show the client error in their message and
    // do not chain it again as a `source`, so `{:#}` prints the cause once.
    #[error("database error while {op}: {error}")]
    Db {
        op: &'static str,
        error: rusqlite::Error,
    },
    #[error("could not open database {path}: {error}")]
    Open {
        path: String,
        error: rusqlite::Error,
    },
    #[error("migration {version} failed: {error}")]
    Migration {
        version: usize,
        error: rusqlite::Error,
    },
    #[error("stored {what} is corrupt: {detail}")]
    Corrupt { what: &'static str, detail: String },
    #[error("the database lock was poisoned by a panic in another thread")]
    Poisoned,
    // The PostgreSQL client error's own `Display` says only "db error": its cause goes in the
    // message.
    #[error("PostgreSQL error while {op}: {}", pg_detail(.error))]
    Pg {
        op: &'static str,
        error: tokio_postgres::Error,
    },
    #[error("could not connect to PostgreSQL at {target}: {}", pg_detail(.error))]
    PgConnect {
        /// The server's URL with its password redacted.
        target: String,
        error: tokio_postgres::Error,
    },
    #[error("PostgreSQL migration {version} failed: {}", pg_detail(.error))]
    PgMigration {
        version: usize,
        error: tokio_postgres::Error,
    },
    #[error("invalid PostgreSQL URL {url}: {reason}")]
    PgUrl {
        /// The URL with its password redacted.
        url: String,
        reason: String,
    },
    #[error("cannot set up TLS for PostgreSQL at {url}: {reason}")]
    PgTls {
        /// The URL with its password redacted.
        url: String,
        reason: String,
    },
    #[error("the PostgreSQL connection thread failed or stopped while {op}")]
    PgWorker { op: &'static str },
    #[error("could not start a PostgreSQL connection thread: {0}")]
    PgThread(String),
}

/// A tokio-postgres error with its cause (its own `Display` says only "db error").
pub(crate) fn pg_detail(e: &tokio_postgres::Error) -> String {
    let mut out = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        out.push_str(": ");
        out.push_str(&c.to_string());
        cause = c.source();
    }
    out
}

/// How many of the newest matches a search ranks by relevance (see [`Store::search`]).
pub const SEARCH_WINDOW: i64 = 2000;

/// A search box's query as a full-text query. It is read as people write queries into search
/// engines ([`parse_search`]): every word required; `"a phrase"` in quotes, its words side by
/// side; `word OR word`, either; `-word` or `-"a phrase"`, left out. A word that ends the query
/// also matches as a prefix (search as you type), and so does every Korean word. An English word
/// also matches its singular or plural ([`number_forms`]): "vaccines" finds "vaccine"; a phrase
/// is matched as written. `quote` renders a word or a phrase (words joined by spaces) as a safe
/// literal of the engine's query language, `prefix` marks a prefix, `or` and `and` join
/// alternatives and required parts, and `not` goes between what is wanted and what is left out.
/// `None` when nothing is asked for (a query of only left-out words asks for nothing).
pub(crate) fn all_words_query(
    q: &str,
    quote: impl Fn(&str) -> String,
    prefix: &str,
    or: &str,
    and: &str,
    not: &str,
) -> Option<String> {
    let parsed = parse_search(q);
    let last_group = parsed.all.len().checked_sub(1)?;
    // A Korean word is asked for as a prefix wherever it stands: the text writes it with its
    // particle ("포항" is in "포항시에서"). One letter alone would match too much.
    let korean = |w: &str| w.chars().count() >= 2 && w.chars().all(storyline_core::text::is_hangul);
    let term = |w: &Wanted, prefixed: bool| -> String {
        let mut t = quote(&w.text);
        if w.phrase {
            return t;
        }
        let prefixed = prefixed || korean(&w.text);
        if prefixed {
            t.push_str(prefix);
        }
        // A prefix already finds the forms that start with it ("strike" finds "strikes").
        let forms: Vec<String> = number_forms(&w.text)
            .into_iter()
            .filter(|f| !(prefixed && f.starts_with(w.text.as_str())))
            .collect();
        if forms.is_empty() {
            return t;
        }
        let mut alts = vec![t];
        alts.extend(forms.iter().map(|f| quote(f)));
        format!("({})", alts.join(or))
    };
    let group = |ws: Vec<String>| -> String {
        match ws.len() {
            1 => ws.into_iter().next().unwrap_or_default(),
            _ => format!("({})", ws.join(or)),
        }
    };
    let wanted: Vec<String> = parsed
        .all
        .iter()
        .enumerate()
        .map(|(g, alts)| {
            let last = alts.len() - 1;
            group(
                alts.iter()
                    .enumerate()
                    .map(|(i, w)| term(w, parsed.typing && g == last_group && i == last))
                    .collect(),
            )
        })
        .collect();
    if parsed.none.is_empty() {
        return Some(wanted.join(and));
    }
    let left_out: Vec<String> = parsed.none.iter().map(|w| term(w, false)).collect();
    let wanted = match wanted.len() {
        1 => wanted.join(and),
        _ => format!("({})", wanted.join(and)),
    };
    // In parentheses unless it is one group already in them: a negation binds tighter than a
    // phrase's words (`!'north' <-> 'side'` would leave out only "north").
    let left_out = match left_out.as_slice() {
        [one] if one.starts_with('(') => one.clone(),
        _ => format!("({})", left_out.join(or)),
    };
    Some(format!("{wanted}{not}{left_out}"))
}

/// One thing a search names: a word, or the words of a phrase (joined by spaces).
#[derive(Debug, Clone, PartialEq)]
struct Wanted {
    text: String,
    /// Written in quotes, or left out as a whole: matched as written, without other forms.
    phrase: bool,
}

/// A search box's query, read as search engines read one.
#[derive(Debug, Default, PartialEq)]
struct ParsedSearch {
    /// What must be found: every group, each by any of its alternatives (`a OR b`).
    all: Vec<Vec<Wanted>>,
    /// What must not be (`-word`, `-"a phrase"`).
    none: Vec<Wanted>,
    /// Whether the last thing the query names is a plain word, which may still be being typed.
    typing: bool,
}

/// Reads a query: `"…"` (or `“…”`) is a phrase, an unclosed quote running to the end; `-` before
/// a word or a quote leaves it out (inside a word, as in "7-2", it joins the word's parts); `OR`
/// in capitals joins the words on either side as alternatives, and `AND` in capitals is the
/// default and asks for nothing. Everything else is words, split as [`search_words`] splits them.
fn parse_search(q: &str) -> ParsedSearch {
    let is_quote = |c: char| matches!(c, '"' | '“' | '”' | '„');
    let chars: Vec<char> = q.chars().collect();
    let mut out = ParsedSearch::default();
    let mut either = false;
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let negated = chars[i] == '-'
            && chars
                .get(i + 1)
                .is_some_and(|&c| c.is_alphanumeric() || is_quote(c));
        if negated {
            i += 1;
        }
        let quoted = is_quote(chars[i]);
        let start = if quoted { i + 1 } else { i };
        let mut end = start;
        while end < chars.len()
            && !(if quoted {
                is_quote(chars[end])
            } else {
                chars[end].is_whitespace() || is_quote(chars[end])
            })
        {
            end += 1;
        }
        let token: String = chars[start..end].iter().collect();
        i = if quoted { end + 1 } else { end };
        if !quoted && !negated && (token == "OR" || token == "AND") {
            either = token == "OR" && !out.all.is_empty();
            out.typing = false;
            continue;
        }
        let words = search_words(&token);
        if words.is_empty() {
            continue;
        }
        out.typing = !quoted && !negated;
        if negated || quoted {
            let w = Wanted {
                text: words.join(" "),
                phrase: true,
            };
            if negated {
                // A left-out word is left out in either number too.
                let phrase = quoted || words.len() > 1;
                out.none.push(Wanted { phrase, ..w });
                out.typing = false;
            } else {
                push_wanted(&mut out.all, w, std::mem::take(&mut either));
            }
            continue;
        }
        for text in words {
            let w = Wanted {
                text,
                phrase: false,
            };
            push_wanted(&mut out.all, w, std::mem::take(&mut either));
        }
    }
    out
}

/// Adds `w` to what a search wants: as an alternative of the group before it (`a OR b`), or as a
/// group of its own.
fn push_wanted(all: &mut Vec<Vec<Wanted>>, w: Wanted, either: bool) {
    match all.last_mut() {
        Some(group) if either => group.push(w),
        _ => all.push(vec![w]),
    }
}

/// The other grammatical number of an English word, as a search asks for it too: "vaccines"
/// gives "vaccine", "policy" gives "policies", "taxes" gives "tax". Only plain ASCII words of
/// three letters or more; words that only look plural ("news", "series", "crisis", "status",
/// "physics") are left alone. A guess that is no word ("prices" also gives "pric") finds nothing
/// and costs nothing.
fn number_forms(w: &str) -> Vec<String> {
    const LEAVE: [&str; 14] = [
        "news",
        "new",
        "series",
        "species",
        "means",
        "does",
        "this",
        "thus",
        "always",
        "perhaps",
        "whereas",
        "sometimes",
        "its",
        "was",
    ];
    let n = w.len();
    if n < 3 || !w.bytes().all(|b| b.is_ascii_lowercase()) || LEAVE.contains(&w) {
        return Vec::new();
    }
    let sibilant = |s: &str| ["s", "x", "z", "ch", "sh"].iter().any(|e| s.ends_with(e));
    let vowel = |b: u8| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u');
    let mut out = Vec::new();
    if n >= 4 && w.ends_with('s') && !["ss", "us", "is", "ics"].iter().any(|e| w.ends_with(e)) {
        // A plural: "policies" -> "policy", "taxes" -> "tax", "rates" -> "rate".
        if n >= 5 && w.ends_with("ies") {
            out.push(format!("{}y", &w[..n - 3]));
        }
        if w.ends_with("es") && sibilant(&w[..n - 2]) {
            out.push(w[..n - 2].to_string());
        }
        out.push(w[..n - 1].to_string());
    } else if w.ends_with('y') && !vowel(w.as_bytes()[n - 2]) {
        out.push(format!("{}ies", &w[..n - 1]));
    } else if sibilant(w) {
        out.push(format!("{w}es"));
    } else {
        out.push(format!("{w}s"));
    }
    out
}

/// A search box's words, lower-cased, as both indexes split text: at every character that is
/// not a letter or digit. A word with an apostrophe inside ("it’s", "rock'n'roll") stays one word
/// with a space for it, to be asked for as a phrase ("it s"): the index holds its parts side by
/// side. An English possessive ("the ministry's plan") is asked for as its word alone, which
/// finds the word with or without the possessive: "ministry's taxes" finds "taxes, the ministry
/// said".
fn search_words(q: &str) -> Vec<String> {
    // Words whose "'s" is "is", "has" or "us", not a possessive.
    const CONTRACTED: [&str; 14] = [
        "it", "he", "she", "that", "what", "who", "there", "here", "where", "let", "how", "when",
        "why", "this",
    ];
    q.split(|c: char| !c.is_alphanumeric() && !matches!(c, '\'' | '\u{2019}'))
        .filter_map(|chunk| {
            let mut parts: Vec<String> = chunk
                .split(['\'', '\u{2019}'])
                .flat_map(storyline_core::text::index_words)
                .collect();
            if let [word, s] = parts.as_slice() {
                if s == "s" && !CONTRACTED.contains(&word.as_str()) {
                    parts.pop();
                }
            }
            (!parts.is_empty()).then(|| parts.join(" "))
        })
        .collect()
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The outcome of inserting an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inserted {
    /// A new row with this id.
    New(i64),
    /// Already stored (same canonical URL, a known URL alias, or same text from the same source).
    Existing(i64),
}

impl Inserted {
    pub fn id(self) -> i64 {
        match self {
            Inserted::New(id) | Inserted::Existing(id) => id,
        }
    }
}

/// What a fetch of a source did.
#[derive(Debug, Clone, PartialEq)]
pub enum FetchOutcome {
    /// Fetched (or not modified). Fields that are `None` are left as they were.
    Success {
        title: Option<String>,
        site_url: Option<String>,
        kind: Option<String>,
        etag: Option<String>,
        last_modified: Option<String>,
        /// The source's address after a permanent redirect: the source follows it, unless another
        /// source already has that address.
        moved_to: Option<String>,
        /// What went wrong inside the fetch (`None` when the feed was not read, as on a 304:
        /// the last read's problems stay).
        problems: Option<FetchProblems>,
    },
    /// Failed with this message.
    Error(String),
}

/// Links and ids that entries of one source's feed gave under different headlines, so that they
/// name no one entry: a live blog's page that every update links to, a guid a feed gives every
/// item. Remembered per source so that a later poll listing one such entry alone still treats it
/// as one update among many, not as the page (or the item) itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SharedKeys {
    /// Canonical links.
    pub links: BTreeSet<String>,
    /// Entry ids, trimmed.
    pub ids: BTreeSet<String>,
}

impl SharedKeys {
    pub fn is_empty(&self) -> bool {
        self.links.is_empty() && self.ids.is_empty()
    }

    pub fn len(&self) -> usize {
        self.links.len() + self.ids.len()
    }

    /// Adds the keys of `other`.
    pub fn extend(&mut self, other: SharedKeys) {
        self.links.extend(other.links);
        self.ids.extend(other.ids);
    }
}

/// How long a source's shared key is remembered after a poll last saw it in the feed.
pub const SHARED_KEY_DAYS: i64 = 90;

/// How many shared keys a source keeps at most (the most recently seen): a hostile feed cannot
/// grow the store without bound.
pub const SHARED_KEYS_PER_SOURCE: i64 = 1000;

/// Where one article goes after clustering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub article: i64,
    pub story: i64,
    pub duplicate_of: Option<i64>,
}

/// A page of stories.
#[derive(Debug, Clone, Default)]
pub struct StoryQuery {
    pub category: Option<String>,
    pub limit: usize,
    pub offset: usize,
}

/// A page of articles.
#[derive(Debug, Clone, Default)]
pub struct ArticleQuery {
    pub source_id: Option<i64>,
    pub story_id: Option<i64>,
    pub limit: usize,
    pub offset: usize,
}

/// A search hit with a highlighted snippet (matches wrapped in `<mark>`; the rest HTML-escaped).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit<T> {
    pub item: T,
    pub snippet_html: String,
}

/// How search hits are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SearchOrder {
    /// Best match first, among the newest [`SEARCH_WINDOW`] matches of each kind.
    #[default]
    Relevance,
    /// Newest first, over every match: how a reader reaches old matches of a common word.
    Newest,
}

/// One page of a search.
#[derive(Debug, Clone, Copy)]
pub struct SearchQuery<'a> {
    /// The reader's words (see [`Store::search`]).
    pub text: &'a str,
    pub order: SearchOrder,
    /// Hits of each kind (stories, articles) to return.
    pub limit: usize,
    /// Hits of each kind to skip: `(page - 1) * limit`.
    pub offset: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    pub stories: Vec<Hit<Story>>,
    pub articles: Vec<Hit<Article>>,
}

/// A stored digest with the hash of the inputs it was written from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredDigest {
    pub digest: Digest,
    pub input_hash: String,
    pub created_at: DateTime<Utc>,
}

/// One call to a model server, for the operator's records.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LlmCall {
    pub story_id: Option<i64>,
    pub model: String,
    pub tokens_in: i64,
    pub tokens_out: i64,
    pub latency_ms: i64,
    pub outcome: String,
}

/// Counts for the health page and metrics.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub sources: i64,
    pub sources_failing: i64,
    pub articles: i64,
    pub duplicates: i64,
    pub stories: i64,
    pub digests: i64,
}

/// Everything the pipeline and the web front need from persistence.
pub trait Store: Send + Sync {
    /// Adds a source, or returns the existing one with that URL.
    fn add_source(&self, url: &str, title: &str, site_url: Option<&str>) -> Result<Source>;
    /// Removes a source by id; its articles stay (and keep their outlet name).
    fn remove_source(&self, id: i64) -> Result<bool>;
    fn sources(&self) -> Result<Vec<Source>>;
    fn source(&self, id: i64) -> Result<Option<Source>>;
    fn source_by_url(&self, url: &str) -> Result<Option<Source>>;
    /// Records the outcome of a fetch on the source.
    fn record_fetch(&self, source_id: i64, outcome: &FetchOutcome) -> Result<()>;
    /// The links and ids the source's feed has shared among entries under different headlines,
    /// as seen in the last [`SHARED_KEY_DAYS`] days.
    fn shared_keys(&self, source_id: i64) -> Result<SharedKeys>;
    /// Records `keys` as seen shared in the source's feed now, and forgets the source's keys not
    /// seen for [`SHARED_KEY_DAYS`] days and those past the [`SHARED_KEYS_PER_SOURCE`] most
    /// recently seen.
    fn remember_shared_keys(&self, source_id: i64, keys: &SharedKeys) -> Result<()>;
    /// Whether an article is already stored under this URL (canonical or alias).
    fn article_id_by_url(&self, url: &str) -> Result<Option<i64>>;

    /// Stores an article unless it is already there: known under one of its URLs, or (when it
    /// has text) the same title and text from the same source. Remembers `alias_urls` as other
    /// URLs of it. Text alone is not enough: feeds give every item the same teaser ("Comments",
    /// "Read more"), and the clusterer links a copy under a new headline to its original.
    fn insert_article(&self, article: &NewArticle, alias_urls: &[String]) -> Result<Inserted>;
    fn article(&self, id: i64) -> Result<Option<Article>>;
    fn articles(&self, query: &ArticleQuery) -> Result<Vec<Article>>;
    /// Articles in arrival order with id greater than `after`, for replaying into the clusterer.
    fn articles_after(&self, after: i64, limit: usize) -> Result<Vec<Article>>;
    /// The id of the oldest of the `newest` most recent articles already placed in a story,
    /// leaving out those dated (published, or else fetched) before `dated_from` when it is given
    /// (`None` when none is left): where the clusterer picks up after a restart, putting those
    /// back instead of replaying the whole store.
    fn clustered_since(
        &self,
        newest: usize,
        dated_from: Option<DateTime<Utc>>,
    ) -> Result<Option<i64>>;
    /// A value the desk remembers between runs (`None` until [`Store::set_state`] set it).
    fn state(&self, key: &str) -> Result<Option<String>>;
    fn set_state(&self, key: &str, value: &str) -> Result<()>;

    /// Writes a clustering result in one transaction: placements, merged stories, story rows.
    fn apply_clustering(&self, placements: &[Placement], merges: &[(i64, i64)]) -> Result<()>;
    fn stories(&self, query: &StoryQuery) -> Result<Vec<Story>>;
    fn story(&self, id: i64) -> Result<Option<Story>>;
    /// Articles of a story (duplicates included), oldest first.
    fn story_articles(&self, id: i64) -> Result<Vec<Article>>;
    /// Categories in use with their story counts.
    fn categories(&self) -> Result<Vec<(String, i64)>>;

    /// Stores a story's digest (and its citations) and sets the story's headline and category.
    fn put_digest(&self, story_id: i64, digest: &Digest, input_hash: &str) -> Result<()>;
    fn digest(&self, story_id: i64) -> Result<Option<StoredDigest>>;
    /// Replaces the related stories of a story's digest, leaving the rest of it (and its input
    /// hash and time) as they are. Does nothing when the story has no digest.
    fn set_related(&self, story_id: i64, related: &[String]) -> Result<()>;

    /// Stories and articles containing every word of `query` (the last word as a prefix), best
    /// first: ranked by relevance among the newest [`SEARCH_WINDOW`] matches of each kind, so a
    /// word that thousands of articles use costs no more than a rare one. Copies of an article
    /// (`duplicate_of`) are left out: the original stands for them, and its story lists who
    /// carried it.
    fn search(&self, query: &str, limit: usize) -> Result<SearchResults> {
        self.search_page(&SearchQuery {
            text: query,
            order: SearchOrder::Relevance,
            limit,
            offset: 0,
        })
    }
    /// A page of [`Store::search`] in either order. Relevance pages end with the window; newest
    /// first pages run through every match.
    fn search_page(&self, q: &SearchQuery<'_>) -> Result<SearchResults>;
    fn record_llm_call(&self, call: &LlmCall) -> Result<()>;
    fn stats(&self) -> Result<Stats>;
}

/// A source's page error as stored: at most [`FetchProblems::MAX_ERROR_CHARS`] characters.
pub(crate) fn page_error(p: &FetchProblems) -> Option<&str> {
    p.page_error.as_deref().map(|e| {
        e.char_indices()
            .nth(FetchProblems::MAX_ERROR_CHARS)
            .map_or(e, |(i, _)| &e[..i])
    })
}

/// Escapes a search snippet (FTS5's or ts_headline's) for the search `query`, then turns our
/// private markers into `<mark>`. The snippet is cut from the indexed form of the text, so the
/// spaces the index put around Chinese and Japanese letters
/// ([`storyline_core::text::cjk_spaced`]) are taken out again; and a mark of such letters that
/// holds none of the query's runs goes (ts_headline marks the letters of a phrase wherever each
/// stands: for 应急, the 应 of 响应 too).
pub(crate) fn snippet_html(raw: &str, query: &str) -> String {
    let raw = cjk_unspaced(raw);
    let raw = without_stray_cjk_marks(&raw, query);
    let mut out = String::with_capacity(raw.len() + 16);
    for c in raw.chars() {
        match c {
            '\u{1}' => out.push_str("<mark>"),
            '\u{2}' => out.push_str("</mark>"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `raw` without the marks around a span of Chinese or Japanese letters that contains none of
/// the query's runs of such letters.
fn without_stray_cjk_marks<'a>(raw: &'a str, query: &str) -> std::borrow::Cow<'a, str> {
    use storyline_core::text::is_cjk_letter;
    if !raw.contains('\u{1}') || !raw.chars().any(is_cjk_letter) {
        return std::borrow::Cow::Borrowed(raw);
    }
    let runs: Vec<&str> = query
        .split(|c: char| !is_cjk_letter(c))
        .filter(|r| !r.is_empty())
        .collect();
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(open) = rest.find('\u{1}') {
        let Some(len) = rest[open..].find('\u{2}') else {
            break;
        };
        let span = &rest[open + 1..open + len];
        let stray = !span.is_empty()
            && span.chars().all(is_cjk_letter)
            && !runs.iter().any(|r| span.contains(r));
        out.push_str(&rest[..open]);
        if stray {
            out.push_str(span);
        } else {
            out.push_str(&rest[open..open + len + 1]);
        }
        rest = &rest[open + len + 1..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Undoes [`storyline_core::text::cjk_spaced`] in a snippet: a run of spaces beside a Chinese or
/// Japanese letter goes, unless a Latin letter or digit stands on its other side (then one space
/// stays). The highlight markers (\u{1}, \u{2}) are looked through, and marks left touching
/// are joined.
fn cjk_unspaced(raw: &str) -> std::borrow::Cow<'_, str> {
    use storyline_core::text::is_cjk_letter;
    if !raw.chars().any(is_cjk_letter) {
        return std::borrow::Cow::Borrowed(raw);
    }
    let chars: Vec<char> = raw.chars().collect();
    let gap = |c: char| c == '\u{1}' || c == '\u{2}' || c.is_whitespace();
    let mut out = String::with_capacity(raw.len());
    let mut i = 0;
    while i < chars.len() {
        if !gap(chars[i]) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        // A run of spaces and marks between two letters (or an end).
        let mut j = i;
        while j < chars.len() && gap(chars[j]) {
            j += 1;
        }
        let run = &chars[i..j];
        let left = i.checked_sub(1).map(|k| chars[k]);
        let right = chars.get(j).copied();
        let cjk = |c: Option<char>| c.is_some_and(is_cjk_letter);
        if !run.iter().any(|c| c.is_whitespace()) || (!cjk(left) && !cjk(right)) {
            out.extend(run);
        } else {
            let other = if cjk(left) { right } else { left };
            out.extend(run.iter().filter(|&&c| c == '\u{2}'));
            if other.is_some_and(|c| c.is_alphanumeric() && !is_cjk_letter(c)) {
                out.push(' ');
            }
            out.extend(run.iter().filter(|&&c| c == '\u{1}'));
        }
        i = j;
    }
    // ts_headline marks each letter of a phrase on its own: marks that now touch become one.
    std::borrow::Cow::Owned(out.replace("\u{2}\u{1}", ""))
}

/// Every citation of a digest with the field and item it belongs to.
pub(crate) fn citation_rows(d: &Digest) -> Vec<(&'static str, usize, &Citation)> {
    let mut rows: Vec<(&'static str, usize, &Citation)> = Vec::new();
    rows.extend(d.headline.citations.iter().map(|c| ("headline", 0, c)));
    let lists: [(&'static str, &Vec<Cited>); 4] = [
        ("summary", &d.summary),
        ("takeaways", &d.takeaways),
        ("why_it_matters", &d.why_it_matters),
        ("agreed", &d.agreed),
    ];
    for (field, list) in lists {
        for (i, item) in list.iter().enumerate() {
            rows.extend(item.citations.iter().map(|c| (field, i, c)));
        }
    }
    for (i, f) in d.faq.iter().enumerate() {
        rows.extend(f.citations.iter().map(|c| ("faq", i, c)));
    }
    for (i, t) in d.timeline.iter().enumerate() {
        rows.extend(t.citations.iter().map(|c| ("timeline", i, c)));
    }
    for (i, f) in d.figures.iter().enumerate() {
        rows.extend(f.citations.iter().map(|c| ("figures", i, c)));
    }
    for (i, p) in d.players.iter().enumerate() {
        rows.extend(p.citations.iter().map(|c| ("players", i, c)));
    }
    for (i, p) in d.perspectives.iter().enumerate() {
        for claim in &p.unique_claims {
            rows.extend(claim.citations.iter().map(|c| ("perspectives", i, c)));
        }
    }
    rows
}

/// Whether a text has any words. Only then does "the same text from the same source" name an
/// article: headlines without text would otherwise all be taken for one.
fn has_words(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_are_asked_for_in_both_numbers() {
        for (w, forms) in [
            ("vaccines", &["vaccine"][..]),
            ("policies", &["policy", "policie"]),
            ("taxes", &["tax", "taxe"]),
            ("crashes", &["crash", "crashe"]),
            ("vaccine", &["vaccines"]),
            ("policy", &["policies"]),
            ("day", &["days"]),
            ("tax", &["taxes"]),
            ("church", &["churches"]),
            ("class", &["classes"]),
            ("news", &[]),
            ("series", &[]),
            ("new", &[]),
            ("crisis", &["crisises"]),
            ("go", &[]),
            ("covid19", &[]),
            ("são", &[]),
            ("smith s", &[]),
        ] {
            assert_eq!(number_forms(w), forms, "{w}");
        }
        let q = |s: &str| all_words_query(s, |w| format!("'{w}'"), "*", " | ", " & ", " & !");
        assert_eq!(
            q("flu vaccines").as_deref(),
            Some("('flu' | 'flus') & ('vaccines'* | 'vaccine')")
        );
        // The last word's plural starts with it: its prefix finds it already.
        assert_eq!(q("strike").as_deref(), Some("'strike'*"));
        assert_eq!(q("지진 news").as_deref(), Some("'지진'* & 'news'*"));
    }

    #[test]
    fn queries_are_read_as_search_engines_read_them() {
        let w = |t: &str| Wanted {
            text: t.into(),
            phrase: false,
        };
        let p = |t: &str| Wanted {
            text: t.into(),
            phrase: true,
        };
        for (q, all, none, typing) in [
            (
                "flu vaccines",
                vec![vec![w("flu")], vec![w("vaccines")]],
                vec![],
                true,
            ),
            (
                "\"north quay\" harbour",
                vec![vec![p("north quay")], vec![w("harbour")]],
                vec![],
                true,
            ),
            (
                "harbour \"north quay\"",
                vec![vec![w("harbour")], vec![p("north quay")]],
                vec![],
                false,
            ),
            ("“north quay” ", vec![vec![p("north quay")]], vec![], false),
            ("\"north quay", vec![vec![p("north quay")]], vec![], false),
            (
                "quay OR bakery",
                vec![vec![w("quay"), w("bakery")]],
                vec![],
                true,
            ),
            (
                "a OR b OR c d",
                vec![vec![w("a"), w("b"), w("c")], vec![w("d")]],
                vec![],
                true,
            ),
            ("OR quay", vec![vec![w("quay")]], vec![], true),
            (
                "quay or bakery",
                vec![vec![w("quay")], vec![w("or")], vec![w("bakery")]],
                vec![],
                true,
            ),
            (
                "quay AND bakery",
                vec![vec![w("quay")], vec![w("bakery")]],
                vec![],
                true,
            ),
            (
                "quay -storm",
                vec![vec![w("quay")]],
                vec![w("storm")],
                false,
            ),
            (
                "-\"storm damage\" quay",
                vec![vec![w("quay")]],
                vec![p("storm damage")],
                true,
            ),
            ("quay -U.S.", vec![vec![w("quay")]], vec![p("u s")], false),
            (
                "7-2 vote",
                vec![vec![w("7")], vec![w("2")], vec![w("vote")]],
                vec![],
                true,
            ),
            ("- quay", vec![vec![w("quay")]], vec![], true),
            ("-quay", vec![], vec![w("quay")], false),
            ("\"\" * !!", vec![], vec![], false),
        ] {
            let got = parse_search(q);
            assert_eq!((got.all, got.none, got.typing), (all, none, typing), "{q}");
        }
        let q = |s: &str| all_words_query(s, |w| format!("'{w}'"), "*", " | ", " & ", " & !");
        assert_eq!(
            q("\"flu vaccines\" OR measles -child").as_deref(),
            Some("('flu vaccines' | ('measles' | 'measle')) & !('child' | 'childs')")
        );
        assert_eq!(
            q("quay OR bakery").as_deref(),
            Some("(('quay' | 'quays') | ('bakery'* | 'bakeries'))")
        );
        assert_eq!(q("-quay"), None);
    }

    #[test]
    fn search_words_split_as_the_index_does() {
        for (q, words) in [
            ("Smith's report", &["smith", "report"][..]),
            ("the ministry’s plans", &["the", "ministry", "plans"]),
            ("it’s U.S. COVID-19", &["it s", "u", "s", "covid", "19"]),
            (
                "What's next, let's see",
                &["what s", "next", "let s", "see"],
            ),
            ("ministers' pay", &["ministers", "pay"]),
            ("l'armée O'Brien", &["l armée", "o brien"]),
            ("'quoted' rock'n'roll", &["quoted", "rock n roll"]),
            ("6.1级地震 São", &["6", "1级地震", "são"]),
            ("  !! ", &[]),
        ] {
            assert_eq!(search_words(q), words, "{q}");
        }
    }

    #[test]
    fn snippets_lose_the_index_s_spacing_of_chinese_and_japanese() {
        for (raw, html) in [
            (
                " 应  急 \u{1} 响 \u{2}\u{1} 应 \u{2}。",
                "应急<mark>响应</mark>。",
            ),
            (
                "\u{1} 地 \u{2} \u{1} 震 \u{2} in  四  川 ",
                "<mark>地震</mark> in 四川",
            ),
            ("iPhone 发  布 。", "iPhone 发布。"),
            ("No  change <b>", "No  change &lt;b&gt;"),
        ] {
            assert_eq!(snippet_html(raw, "响应 地震"), html, "{raw:?}");
        }
    }

    #[test]
    fn a_mark_of_letters_outside_the_query_s_runs_goes() {
        let raw = " 当  地 \u{1} 应 \u{2}\u{1} 急 \u{2} 响 \u{1} 应 \u{2}。Tokyo \u{1}tower\u{2}";
        assert_eq!(
            snippet_html(raw, "应急 tower"),
            "当地<mark>应急</mark>响应。Tokyo <mark>tower</mark>"
        );
        // A single letter asked for is marked wherever it stands.
        assert_eq!(
            snippet_html(raw, "应"),
            "当地<mark>应急</mark>响<mark>应</mark>。Tokyo <mark>tower</mark>"
        );
    }
}
