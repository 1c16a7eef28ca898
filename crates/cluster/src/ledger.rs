//! The record of every article's placement, for callers that want the final assignment of a
//! whole stream at its end (`storyline cluster`, the tests and the tuning example).
//!
//! It is kept apart from the clusterer's working state, which holds only what the time window
//! needs: the live pipeline stores each placement as it is made and does not keep this record,
//! so its memory stays bounded by the window however long it runs. Stories are numbered in the
//! order they were founded; merges are a union-find over those numbers, so an article placed in
//! a story that was later absorbed reports the survivor.

use crate::Assignment;
use rustc_hash::FxHashMap;

/// No original: the article is not a duplicate.
const NONE: u32 = u32::MAX;

#[derive(Debug, Default)]
pub(crate) struct Ledger {
    /// Article ids, in arrival order.
    ids: Vec<Box<str>>,
    /// Story number each article was placed in.
    story: Vec<u32>,
    /// Index of each article's original ([`NONE`] when it is not a duplicate).
    dup_of: Vec<u32>,
    /// Per story number: the index of its founding article.
    founders: Vec<u32>,
    /// Per story number: the story it merged into (itself while it stands).
    parent: Vec<u32>,
    /// Merges `(absorbed, into)` by the index of the article that caused them.
    merges: FxHashMap<u32, Vec<(u32, u32)>>,
}

impl Ledger {
    /// Story number `no` was founded by article `founder`. Numbers come in order.
    pub fn found(&mut self, no: u32, founder: u32) {
        debug_assert_eq!(no as usize, self.founders.len());
        self.founders.push(founder);
        self.parent.push(no);
    }

    /// Records the next article: its id, story number and original's index.
    pub fn push(&mut self, id: &str, story: u32, dup_of: Option<u32>) {
        self.ids.push(id.into());
        self.story.push(story);
        self.dup_of.push(dup_of.unwrap_or(NONE));
    }

    /// Story number `gone` merged into story number `keep`.
    pub fn union(&mut self, gone: u32, keep: u32) {
        if let Some(p) = self.parent.get_mut(gone as usize) {
            *p = keep;
        }
    }

    /// The merges article `idx` caused: `(absorbed, into)` by number (each already recorded
    /// with [`Ledger::union`]).
    pub fn caused(&mut self, idx: u32, pairs: Vec<(u32, u32)>) {
        self.merges.insert(idx, pairs);
    }

    fn root(&self, mut s: u32) -> u32 {
        while let Some(&p) = self.parent.get(s as usize) {
            if p == s {
                break;
            }
            s = p;
        }
        s
    }

    /// The founding article's id of story number `s` itself (not following merges).
    fn story_id(&self, s: u32) -> String {
        self.founders
            .get(s as usize)
            .and_then(|&f| self.ids.get(f as usize))
            .map_or_else(String::new, |id| id.to_string())
    }

    /// The final assignment of every article, in arrival order, with merges resolved.
    pub fn assignments(&self) -> Vec<(String, Assignment)> {
        self.ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let merged = self
                    .merges
                    .get(&(i as u32))
                    .map(|m| {
                        m.iter()
                            .map(|&(x, y)| (self.story_id(x), self.story_id(y)))
                            .collect()
                    })
                    .unwrap_or_default();
                let d = self.dup_of[i];
                (
                    id.to_string(),
                    Assignment {
                        story: self.story_id(self.root(self.story[i])),
                        duplicate_of: (d != NONE)
                            .then(|| self.ids.get(d as usize))
                            .flatten()
                            .map(|o| o.to_string()),
                        merged,
                    },
                )
            })
            .collect()
    }
}
