//! Deduplication and online story clustering.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One article as the clusterer sees it. Every field but `id` may be missing.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Item {
    pub id: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub published: Option<DateTime<Utc>>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    /// `<link rel=canonical>` when the page had one.
    #[serde(default)]
    pub canonical_url: Option<String>,
}

/// Where one article went.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Assignment {
    /// The story id: the id of the article that founded the story.
    pub story: String,
    /// The article this one copies, when it is a duplicate.
    pub duplicate_of: Option<String>,
    /// Stories merged by this article: `(absorbed, into)`.
    pub merged: Vec<(String, String)>,
}

/// Tunables.
#[derive(Debug, Clone, Default)]
pub struct Config {}

/// The online clusterer: feed it articles in stream order.
#[derive(Debug, Default)]
pub struct Clusterer {
    assignments: Vec<(String, Assignment)>,
}

impl Clusterer {
    pub fn new(config: Config) -> Self {
        let _ = config;
        Self::default()
    }

    /// Adds one article and says where it went.
    pub fn add(&mut self, item: &Item) -> Assignment {
        let a = Assignment {
            story: item.id.clone(),
            duplicate_of: None,
            merged: Vec::new(),
        };
        self.assignments.push((item.id.clone(), a.clone()));
        a
    }

    /// The final assignment of every article added so far, in insertion order, with merges
    /// resolved (each story id is the surviving story).
    pub fn assignments(&self) -> Vec<(String, Assignment)> {
        self.assignments.clone()
    }
}

/// The canonical form of a URL: lower-case scheme and host, no default port, no fragment, no
/// tracking parameters, AMP and mobile variants folded. `None` when `url` does not parse.
pub fn canonicalize_url(url: &str) -> Option<String> {
    url::Url::parse(url).ok().map(|u| u.to_string())
}
