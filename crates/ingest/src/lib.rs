//! Ingestion: fetching sources politely and reading what they send.
//!
//! `fetch` is the only place that talks to the network: timeouts, a size cap, capped redirects,
//! conditional GET, per-host concurrency limits, retries with backoff, and a resolver that refuses
//! private and loopback addresses unless the operator allows them. `feed` turns RSS, Atom and JSON
//! Feed bytes into entries; `opml` reads and writes subscription lists; `discover` finds a page's
//! feed; `robots` reads the robots.txt rules that article pages are fetched under.

pub mod discover;
pub mod feed;
pub mod fetch;
pub mod opml;
pub mod robots;

pub use feed::{parse_feed, FeedEntry, FeedError, ParsedFeed};
pub use fetch::{Conditional, FetchConfig, FetchError, Fetched, Fetcher, Response};
pub use opml::{OpmlError, OpmlFeed};
