//! The record of every article's placement, for callers that want the final assignment of a
//! whole stream at its end (`storyline cluster`, the tests and the tuning example).
//!
//! It is kept apart from the clusterer's working state, which holds only what the time window
//! needs: the live pipeline stores each placement as it is made and does not keep this record,
//! so its memory stays bounded by the window however long it runs. Stories are numbered in the
//! order they were founded; merges are a union-find over those numbers, so an article placed in
//! a story that was later absorbed reports the survivor.

use crate::Assignment;
use hashbrown::HashTable;
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::{Hash, Hasher};

/// No original: the article is not a duplicate.
const NONE: u32 = u32::MAX;

#[derive(Debug, Default)]
pub(crate) struct Ledger {
    /// Article ids, in arrival order.
    ids: Vec<Box<str>>,
    /// Each id's position in `ids` (the first, if an id was given twice), hashed by the id: a
    /// lookup by id at four bytes an article, without a second copy of the ids.
    by_id: HashTable<u32>,
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
        let ids = &self.ids;
        let at = ids.len() as u32;
        // One probe: the first article under an id keeps its place.
        if let hashbrown::hash_table::Entry::Vacant(v) = self.by_id.entry(
            hash_id(id),
            |&i| &*ids[i as usize] == id,
            |&i| hash_id(&ids[i as usize]),
        ) {
            v.insert(at);
        }
        self.ids.push(id.into());
        self.story.push(story);
        self.dup_of.push(dup_of.unwrap_or(NONE));
    }

    /// Arrival position of the first article recorded under `id`.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id
            .find(hash_id(id), |&i| &*self.ids[i as usize] == id)
            .map(|&i| i as usize)
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

fn hash_id(id: &str) -> u64 {
    let mut h = FxHasher::default();
    id.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::Ledger;

    #[test]
    fn finds_the_first_article_under_an_id() {
        let mut l = Ledger::default();
        l.found(0, 0);
        for id in ["a", "b", "a", "c"] {
            l.push(id, 0, None);
        }
        let got: Vec<Option<usize>> = ["a", "b", "c", "d"].map(|id| l.position(id)).to_vec();
        assert_eq!(got, [Some(0), Some(1), Some(3), None]);
    }
}
