//! Records that flow between stages: sources, articles, stories, digests and citations.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A subscribed feed or site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Source {
    pub id: i64,
    /// The feed URL (or `file://` path for local ingests).
    pub url: String,
    /// The site's home page, when the feed names one.
    pub site_url: Option<String>,
    /// Display name of the outlet.
    pub title: String,
    /// `rss`, `atom`, `json`, `local` or `unknown` until the first fetch.
    pub kind: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub last_fetch_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    /// The last fetch error, shown on the source's page; cleared by a success.
    pub last_error: Option<String>,
    pub error_count: i64,
    pub article_count: i64,
    /// What went wrong inside the last fetch that read the feed, though the fetch succeeded.
    #[serde(default)]
    pub problems: FetchProblems,
}

/// Trouble inside a fetch that succeeded: entries of the feed that could not be read, and entries
/// whose page did not give the article (the feed's text stood in for it). Kept on the source until
/// the feed is read again, so the operator sees it on the source's page, not only in a log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct FetchProblems {
    /// Entries of the feed that could not be read (broken or cut short); the others were.
    pub entries_unreadable: i64,
    /// Entries whose page could not be fetched or extracted.
    pub pages_failed: i64,
    /// One of those pages' errors, naming the page.
    pub page_error: Option<String>,
}

impl FetchProblems {
    /// The longest page error kept, in characters.
    pub const MAX_ERROR_CHARS: usize = 300;

    pub fn is_empty(&self) -> bool {
        self.entries_unreadable == 0 && self.pages_failed == 0
    }

    /// "1 entry could not be read; 2 pages gave no article", or `None` when all went well.
    pub fn summary(&self) -> Option<String> {
        let mut parts = Vec::new();
        match self.entries_unreadable {
            0 => {}
            1 => parts.push("1 entry could not be read".to_string()),
            n => parts.push(format!("{n} entries could not be read")),
        }
        match self.pages_failed {
            0 => {}
            1 => parts.push("1 page gave no article (the feed's text was kept)".to_string()),
            n => parts.push(format!(
                "{n} pages gave no article (the feed's text was kept)"
            )),
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

impl Source {
    /// When a failing source is next polled, or `None` when it is due now. One failure may be
    /// passing (a timeout, a restart), so the next poll tries again; from the second failure in a
    /// row the source waits 30 minutes after its last try, twice as long after each further
    /// failure, at most a day: a dead or blocking feed is not asked again every few minutes. A
    /// success clears the count.
    pub fn retry_at(&self) -> Option<DateTime<Utc>> {
        if self.error_count < 2 || self.last_error.is_none() {
            return None;
        }
        let doublings = u32::try_from(self.error_count - 1)
            .unwrap_or(u32::MAX)
            .min(7);
        let minutes = (15_i64 << doublings).min(24 * 60);
        Some(self.last_fetch_at? + chrono::Duration::minutes(minutes))
    }

    /// Whether the source is to be polled at `now` (see [`Source::retry_at`]).
    pub fn due(&self, now: DateTime<Utc>) -> bool {
        self.retry_at().is_none_or(|t| t <= now)
    }
}

/// One page: an article as extracted and stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Article {
    pub id: i64,
    pub source_id: Option<i64>,
    /// Outlet name as shown to readers.
    pub source_name: String,
    /// The URL it was fetched from.
    pub url: String,
    /// The canonical URL (from `<link rel=canonical>` or URL canonicalisation); unique in the store.
    pub canonical_url: String,
    pub title: String,
    pub byline: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub fetched_at: DateTime<Utc>,
    pub language: Option<String>,
    pub site_name: Option<String>,
    pub image: Option<String>,
    /// Body text: paragraphs separated by blank lines, never hard-wrapped.
    pub text: String,
    /// Hash of the normalised text, for exact-copy detection.
    pub content_hash: String,
    /// Set when this article is a copy (same text, syndication, light rewrite) of another.
    pub duplicate_of: Option<i64>,
    pub story_id: Option<i64>,
}

/// A new article as it leaves extraction, before the store gives it an id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct NewArticle {
    pub source_id: Option<i64>,
    pub source_name: String,
    pub url: String,
    pub canonical_url: String,
    pub title: String,
    pub byline: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub language: Option<String>,
    pub site_name: Option<String>,
    pub image: Option<String>,
    pub text: String,
    pub content_hash: String,
}

/// A cluster of articles about one event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Story {
    pub id: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Articles in the story, copies included.
    pub article_count: i64,
    /// Distinct outlets that carried the story.
    pub source_count: i64,
    pub category: Option<String>,
    pub headline: Option<String>,
    /// Set when the story was merged into another; readers are redirected there.
    pub merged_into: Option<i64>,
}

/// A digest sentence's link to a source sentence.
///
/// `sentence` is the index into [`crate::text::sentences`] of the article's stored text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Citation {
    /// The article id (as a string so the evaluation paths can use their own ids).
    pub article: String,
    pub sentence: usize,
}

/// A piece of digest text with the source sentences it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Cited {
    pub text: String,
    pub citations: Vec<Citation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct FaqItem {
    pub question: String,
    pub answer: String,
    pub citations: Vec<Citation>,
}

/// A dated event on a story's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct TimelineEvent {
    /// `YYYY-MM-DD` (or `YYYY-MM` / `YYYY` when only that is known).
    pub date_iso: String,
    /// The date as the source wrote it ("on Monday", "March 3").
    pub date_text: String,
    pub text: String,
    pub citations: Vec<Citation>,
}

/// An amount, percentage or count, with what it measures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Figure {
    /// The figure as written ("$4.2 million", "17%").
    pub value: String,
    /// What it measures.
    pub label: String,
    pub citations: Vec<Citation>,
}

/// A person or organisation and their role in the story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Player {
    pub name: String,
    /// `person` or `organization`.
    pub kind: String,
    pub role: String,
    pub citations: Vec<Citation>,
}

/// How one outlet frames the story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Perspective {
    pub source: String,
    /// From -1.0 (negative) to 1.0 (positive).
    pub tone: f32,
    /// `critical`, `negative`, `neutral`, `positive` or `upbeat`.
    pub tone_label: String,
    /// Claims only this outlet makes.
    pub unique_claims: Vec<Cited>,
    pub articles: Vec<String>,
}

/// An outlet's article listed under a digest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SourceRef {
    pub article: String,
    pub source: String,
    pub title: String,
    pub url: String,
    pub published: Option<DateTime<Utc>>,
    /// Set when this article is a copy of another in the list.
    pub duplicate_of: Option<String>,
}

/// What the grounding check did to an engine's output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Grounding {
    pub checked: u32,
    pub removed: u32,
    /// Why sentences were removed, one line each.
    pub reasons: Vec<String>,
}

/// What Storyline writes about a story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Digest {
    pub headline: Cited,
    /// 2–3 sentences.
    pub summary: Vec<Cited>,
    pub takeaways: Vec<Cited>,
    pub why_it_matters: Vec<Cited>,
    pub faq: Vec<FaqItem>,
    pub timeline: Vec<TimelineEvent>,
    pub figures: Vec<Figure>,
    pub players: Vec<Player>,
    pub perspectives: Vec<Perspective>,
    /// Claims every outlet makes.
    pub agreed: Vec<Cited>,
    pub category: String,
    pub reading_minutes: u32,
    pub sources: Vec<SourceRef>,
    /// Related story ids.
    pub related: Vec<String>,
    /// Engine that wrote the digest (`builtin`, `openai:MODEL`).
    pub engine: String,
    /// Per field, the engine that wrote it when it differs from `engine`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub field_engines: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grounding: Option<Grounding>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A failing source waits longer after each failure in a row, from the second, up to a day.
    #[test]
    fn a_failing_source_is_retried_later_and_later() {
        let last = DateTime::parse_from_rfc3339("2026-12-04T12:00:00Z")
            .expect("time")
            .with_timezone(&Utc);
        let failing = |n: i64| Source {
            last_fetch_at: Some(last),
            last_error: Some("HTTP 404".into()),
            error_count: n,
            ..Source::default()
        };
        let waits: Vec<Option<i64>> = [0, 1, 2, 3, 4, 5, 6, 7, 8, 50, i64::MAX]
            .iter()
            .map(|&n| failing(n).retry_at().map(|t| (t - last).num_minutes()))
            .collect();
        assert_eq!(
            waits,
            [
                None,
                None,
                Some(30),
                Some(60),
                Some(120),
                Some(240),
                Some(480),
                Some(960),
                Some(1440),
                Some(1440),
                Some(1440)
            ]
        );
        let s = failing(3);
        assert!(!s.due(last + chrono::Duration::minutes(59)));
        assert!(s.due(last + chrono::Duration::minutes(60)));
        // A success clears the error: due at once, whatever the old count.
        let ok = Source {
            last_error: None,
            ..failing(9)
        };
        assert!(ok.due(last));
        // Never fetched: due.
        assert!(Source::default().due(last));
    }
}
