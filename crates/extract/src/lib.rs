//! Article extraction: a news page's HTML in, the article (metadata and clean body text) out.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// What extraction needs besides the bytes.
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// The page's URL, for resolving relative links and URL date patterns.
    pub url: Option<String>,
    /// The HTTP `Content-Type` header, whose charset wins over `<meta>` declarations.
    pub content_type: Option<String>,
}

/// The article found in a page.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Extracted {
    pub title: String,
    pub byline: Option<String>,
    pub published: Option<DateTime<FixedOffset>>,
    pub site_name: Option<String>,
    pub language: Option<String>,
    pub canonical_url: Option<String>,
    pub image: Option<String>,
    /// Body text: paragraphs separated by blank lines, never hard-wrapped.
    pub text: String,
}

/// Why a page gave no article.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("no article text found in the page")]
    NoText,
}

/// A feed advertised by a page through `<link rel="alternate">`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedLink {
    /// Absolute URL.
    pub url: String,
    pub title: Option<String>,
    /// The declared MIME type.
    pub kind: String,
}

/// Extracts the article from a page.
pub fn extract(html: &[u8], opts: &ExtractOptions) -> Result<Extracted, ExtractError> {
    let _ = (html, opts);
    Err(ExtractError::NoText)
}

/// The feeds a page advertises, resolved against `base`.
pub fn feed_links(html: &[u8], base: &str) -> Vec<FeedLink> {
    let _ = (html, base);
    Vec::new()
}
