//! Loading the demo corpus (demo/corpus/stories/*.toml) as digest inputs.

#![allow(dead_code)]

use chrono::{DateTime, Utc};
use serde::Deserialize;
use std::path::PathBuf;
use storyline_digest::Doc;

#[derive(Debug, Deserialize)]
pub struct StoryFile {
    pub id: String,
    pub category: String,
    #[serde(default)]
    pub article: Vec<ArticleEntry>,
}

#[derive(Debug, Deserialize, Clone)]
pub struct ArticleEntry {
    pub outlet: String,
    pub slug: String,
    pub published: String,
    pub title: String,
    #[serde(default)]
    pub tone: Option<String>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub syndicates: Option<String>,
}

pub fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../demo/corpus/stories")
}

/// All stories, or an empty list when the corpus is not there.
pub fn load_stories() -> Vec<StoryFile> {
    let Ok(rd) = std::fs::read_dir(corpus_dir()) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("read story");
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        })
        .collect()
}

/// The docs of a story: title + body, outlet as source, `outlet/slug` as id. A syndicated article
/// gets the body of the article it copies (looked up in every story) and is marked a duplicate.
pub fn docs_of(story: &StoryFile, all: &[StoryFile]) -> Vec<Doc> {
    story
        .article
        .iter()
        .map(|a| {
            let (text, dup) = match (&a.body, &a.syndicates) {
                (Some(b), _) => (b.clone(), None),
                (None, Some(src)) => {
                    let body = all
                        .iter()
                        .flat_map(|s| s.article.iter())
                        .find(|x| format!("{}/{}", x.outlet, x.slug) == *src)
                        .and_then(|x| x.body.clone())
                        .unwrap_or_default();
                    let dup = story
                        .article
                        .iter()
                        .any(|x| format!("{}/{}", x.outlet, x.slug) == *src)
                        .then(|| src.clone());
                    (body, dup)
                }
                (None, None) => (String::new(), None),
            };
            Doc {
                id: format!("{}/{}", a.outlet, a.slug),
                title: Some(a.title.clone()),
                text,
                source: Some(a.outlet.clone()),
                url: None,
                published: DateTime::parse_from_rfc3339(&a.published)
                    .ok()
                    .map(|d| d.with_timezone(&Utc)),
                duplicate_of: dup,
            }
        })
        .collect()
}
