//! Front-page order: coverage (distinct outlets), recency and momentum.
//!
//! score = 1.0·ln(1 + outlets) + 1.5·2^(−age/12h) + 0.5·ln(1 + articles per hour of the story's span)
//! where age is the time since the story's last article. Coverage dominates among fresh stories;
//! a story that stops growing fades with a 12-hour half-life; a burst of articles lifts a story
//! above an equally covered but slower one.

use chrono::{DateTime, Utc};
use storyline_core::Story;
use storyline_store::{Store, StoreError, StoryQuery};

/// How many recent stories are considered for ranking.
pub const WINDOW: usize = 500;

/// The ranking score of one story at `now`.
pub fn score(s: &Story, now: DateTime<Utc>) -> f64 {
    let age_h = ((now - s.updated_at).num_seconds().max(0) as f64) / 3600.0;
    let span_h = ((s.updated_at - s.created_at).num_seconds().max(0) as f64) / 3600.0;
    let coverage = (1.0 + s.source_count.max(0) as f64).ln();
    let recency = 0.5f64.powf(age_h / 12.0);
    let momentum = (1.0 + s.article_count.max(0) as f64 / (1.0 + span_h)).ln();
    coverage + 1.5 * recency + 0.5 * momentum
}

/// Stories sorted best first (ties: newer first, then higher id).
pub fn rank(mut stories: Vec<Story>, now: DateTime<Utc>) -> Vec<Story> {
    let mut scored: Vec<(f64, Story)> = stories.drain(..).map(|s| (score(&s, now), s)).collect();
    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(b.1.updated_at.cmp(&a.1.updated_at))
            .then(b.1.id.cmp(&a.1.id))
    });
    scored.into_iter().map(|(_, s)| s).collect()
}

/// The ranked page `page` (1-based) of `size` stories, optionally in one category, and whether a
/// next page exists.
pub fn top(
    store: &dyn Store,
    category: Option<&str>,
    page: usize,
    size: usize,
    now: DateTime<Utc>,
) -> Result<(Vec<Story>, bool), StoreError> {
    let recent = store.stories(&StoryQuery {
        category: category.map(str::to_string),
        limit: WINDOW,
        offset: 0,
    })?;
    let ranked = rank(recent, now);
    let start = page.saturating_sub(1).saturating_mul(size);
    let more = ranked.len() > start.saturating_add(size);
    Ok((ranked.into_iter().skip(start).take(size).collect(), more))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn story(
        id: i64,
        outlets: i64,
        articles: i64,
        age_h: i64,
        span_h: i64,
        now: DateTime<Utc>,
    ) -> Story {
        Story {
            id,
            updated_at: now - Duration::hours(age_h),
            created_at: now - Duration::hours(age_h + span_h),
            source_count: outlets,
            article_count: articles,
            ..Story::default()
        }
    }

    #[test]
    fn coverage_recency_and_momentum_all_count() {
        let now = Utc::now();
        // More outlets beats fewer at the same age.
        let r = rank(
            vec![story(1, 2, 2, 1, 2, now), story(2, 6, 6, 1, 2, now)],
            now,
        );
        assert_eq!(r[0].id, 2);
        // A fresh story beats an equally covered old one.
        let r = rank(
            vec![story(1, 3, 3, 72, 2, now), story(2, 3, 3, 1, 2, now)],
            now,
        );
        assert_eq!(r[0].id, 2);
        // A burst (same outlets, more articles in less time) beats a slow story.
        let r = rank(
            vec![story(1, 3, 3, 1, 48, now), story(2, 3, 9, 1, 1, now)],
            now,
        );
        assert_eq!(r[0].id, 2);
    }
}
