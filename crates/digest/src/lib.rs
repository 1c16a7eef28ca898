//! The built-in, model-free digest engine.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use storyline_core::Digest;

/// One source document of a story.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Doc {
    /// Article id; citations name it.
    pub id: String,
    pub title: Option<String>,
    pub text: String,
    pub source: Option<String>,
    pub url: Option<String>,
    pub published: Option<DateTime<Utc>>,
    /// Set when this article copies another doc of the story.
    pub duplicate_of: Option<String>,
}

/// Options for one digest.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// When set, `summary` is an extractive brief of about this many words (for evaluation).
    pub words: Option<usize>,
}

/// Something that writes digests: the built-in engine or an LLM.
pub trait DigestEngine: Send + Sync {
    /// Short name shown to readers (`builtin`, `openai:MODEL`).
    fn name(&self) -> String;
    fn digest(&self, docs: &[Doc], opts: &Options) -> Digest;
}

/// The built-in engine.
#[derive(Debug, Clone, Default)]
pub struct Builtin;

impl DigestEngine for Builtin {
    fn name(&self) -> String {
        "builtin".into()
    }
    fn digest(&self, docs: &[Doc], opts: &Options) -> Digest {
        digest(docs, opts)
    }
}

/// Writes the digest of a story.
pub fn digest(docs: &[Doc], opts: &Options) -> Digest {
    let _ = opts;
    let mut d = Digest {
        engine: "builtin".into(),
        ..Digest::default()
    };
    if let Some(first) = docs.first() {
        d.headline.text = first.title.clone().unwrap_or_default();
    }
    d
}
