//! What a story card says (front page, category pages, the newsletter): one definition, so every
//! place a story is listed tells it the same way.

use storyline_core::text::sentences;
use storyline_core::{Article, Digest, Story};

/// A story's headline, short summary and category as listed.
#[derive(Debug, Clone, PartialEq)]
pub struct CardText {
    pub headline: String,
    /// The digest's short summary, or (before its digest is written) the first article's opening
    /// two sentences; empty when there is neither.
    pub summary: String,
    pub category: Option<String>,
}

/// The card text of `story` from its digest, or from `first` (its first article) while it has
/// none.
pub fn card_text(story: &Story, digest: Option<&Digest>, first: &[Article]) -> CardText {
    let summary = match digest {
        Some(d) if !d.summary.is_empty() => d
            .summary
            .iter()
            .map(|c| c.text.trim())
            .collect::<Vec<_>>()
            .join(" "),
        _ => first
            .first()
            .map(|a| {
                sentences(&a.text)
                    .into_iter()
                    .take(2)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default(),
    };
    let category = story
        .category
        .clone()
        .or_else(|| digest.map(|d| d.category.clone()).filter(|c| !c.is_empty()));
    CardText {
        headline: crate::story::headline(story, digest, first),
        summary,
        category,
    }
}
