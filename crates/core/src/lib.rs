//! Data types and text utilities that every Storyline stage shares.
//!
//! The pipeline stages (extract, cluster, digest, store, web) are separate crates so each can be
//! built, tested and improved on its own. They meet here: on the records that flow between them and
//! on one sentence splitter, because a citation names a sentence by its index in an article's text
//! and the digest engine and the web front must agree on what that index means.

pub mod date;
pub mod jsonl;
pub mod model;
pub mod text;

pub use model::*;
