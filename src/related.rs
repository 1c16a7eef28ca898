//! Related stories: other live stories about the same subject (the second earthquake of the
//! month, the find on a drought-exposed lake shore beside the drought itself).
//!
//! A story is described by the distinctive words of its articles' titles, each weighted by how rare it is among the stories in view (inverse document frequency), and
//! two stories are related when the cosine of those weighted vectors is high and they share at
//! least two words. Weighting by rarity is what keeps a city's name or "percent" from linking
//! every story to every other, and normalising by length is what keeps a story with forty
//! articles (and so hundreds of title words) from relating to everything.
//!
//! The index is built once per digest round, from the newest stories and the stories the round
//! rewrites, so a round that writes thousands of digests does not re-read the store for each, and
//! every digest of the round is related against the same word weights.

use std::collections::HashMap;
use storyline_core::text::title_terms;

/// How many related stories a digest lists at most.
pub const MAX_RELATED: usize = 4;
/// The least cosine similarity for two stories to be related.
const MIN_SIMILARITY: f64 = 0.1;
/// The least number of distinctive title words two related stories share.
const MIN_SHARED: usize = 2;

/// A story's distinctive title words with how many of its titles use each.
pub type Terms = HashMap<String, u32>;

/// The distinctive words of some titles ([`title_terms`], with possessives folded: "Orrin's"
/// counts as "orrin"), with how many titles use each.
pub fn story_terms<'a>(titles: impl IntoIterator<Item = &'a str>) -> Terms {
    let mut out = Terms::new();
    for title in titles {
        for w in title_terms([fold_possessives(title).as_str()]) {
            *out.entry(w).or_default() += 1;
        }
    }
    out
}

/// `title` without the possessive "'s" / "’s" at the end of a word ("Orrin's shore" → "Orrin
/// shore"); an apostrophe inside a word ("O'Shea") is left alone.
fn fold_possessives(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    let mut chars = title.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' || c == '’' {
            let mut rest = chars.clone();
            if matches!(rest.next(), Some('s' | 'S'))
                && rest.next().is_none_or(|n| !n.is_alphanumeric())
                && out.chars().last().is_some_and(char::is_alphanumeric)
            {
                chars.next();
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// The stories in view for related-story search: their weighted terms in an inverted index,
/// built once (word rarity is a property of the whole set, so the set is fixed first).
#[derive(Debug, Default)]
pub struct RelatedIndex {
    /// Each story's words (as indexes into `postings`) with their weights, and the length of
    /// that weight vector.
    stories: HashMap<i64, (Vec<(u32, f64)>, f64)>,
    /// For each word, the stories whose terms contain it, with the word's weight there.
    postings: Vec<Vec<(i64, f64)>>,
}

/// A word in more stories than this is too common to relate stories through: similarity is
/// summed over the rarer words only (such a word weighs little, its rarity being low).
const MAX_POSTING: usize = 1000;

impl RelatedIndex {
    /// Indexes stories by their terms; a story listed twice keeps its last terms.
    pub fn build(entries: impl IntoIterator<Item = (i64, Terms)>) -> Self {
        let terms: HashMap<i64, Terms> = entries.into_iter().collect();
        let mut words: HashMap<String, u32> = HashMap::new();
        let mut df: Vec<usize> = Vec::new();
        for t in terms.values() {
            for w in t.keys() {
                let next = words.len() as u32;
                let k = *words.entry(w.clone()).or_insert(next);
                if k as usize == df.len() {
                    df.push(0);
                }
                df[k as usize] += 1;
            }
        }
        let n = terms.len() as f64 + 1.0;
        let mut postings: Vec<Vec<(i64, f64)>> =
            df.iter().map(|d| Vec::with_capacity(*d)).collect();
        let mut stories = HashMap::with_capacity(terms.len());
        for (id, t) in terms {
            let weights: Vec<(u32, f64)> = t
                .iter()
                .filter_map(|(w, c)| {
                    let k = *words.get(w)?;
                    let rarity = (n / (df[k as usize] as f64 + 0.5)).ln().max(0.0);
                    Some((k, (1.0 + f64::from((*c).max(1)).ln()) * rarity))
                })
                .collect();
            let norm = weights.iter().map(|(_, x)| x * x).sum::<f64>().sqrt();
            for (k, x) in &weights {
                postings[*k as usize].push((id, *x));
            }
            stories.insert(id, (weights, norm));
        }
        RelatedIndex { stories, postings }
    }

    /// How many stories are in view.
    pub fn len(&self) -> usize {
        self.stories.len()
    }

    /// Whether no story is in view.
    pub fn is_empty(&self) -> bool {
        self.stories.is_empty()
    }

    /// Whether story `id` is in view.
    pub fn contains(&self, id: i64) -> bool {
        self.stories.contains_key(&id)
    }

    /// The stories most related to story `id` (itself excluded): at most [`MAX_RELATED`], most
    /// similar first. Empty for a story not in view.
    pub fn related(&self, id: i64) -> Vec<i64> {
        let Some((mine, norm)) = self.stories.get(&id) else {
            return Vec::new();
        };
        if *norm == 0.0 {
            return Vec::new();
        }
        // Dot products with every story sharing a word, and how many words they share.
        let mut dots: HashMap<i64, (f64, usize)> = HashMap::new();
        for (k, x) in mine {
            let posting = &self.postings[*k as usize];
            if posting.len() > MAX_POSTING {
                continue;
            }
            for (other, y) in posting {
                if *other != id {
                    let e = dots.entry(*other).or_default();
                    e.0 += x * y;
                    e.1 += 1;
                }
            }
        }
        let mut scored: Vec<(f64, i64)> = dots
            .into_iter()
            .filter(|(_, (_, shared))| *shared >= MIN_SHARED)
            .filter_map(|(other, (dot, _))| {
                let their_norm = self.stories.get(&other)?.1;
                let cos = dot / (norm * their_norm);
                (their_norm > 0.0 && cos >= MIN_SIMILARITY).then_some((cos, other))
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
        scored
            .into_iter()
            .take(MAX_RELATED)
            .map(|(_, id)| id)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(stories: &[(i64, &[&str])]) -> RelatedIndex {
        RelatedIndex::build(
            stories
                .iter()
                .map(|(id, titles)| (*id, story_terms(titles.iter().copied()))),
        )
    }

    /// Filler stories, so that word rarity means something.
    const OTHERS: &[(i64, &[&str])] = &[
        (
            10,
            &["Central bank raises interest rate by a quarter percent"],
        ),
        (
            11,
            &["City council approves congestion charge for the centre"],
        ),
        (12, &["Teachers vote to strike over pay and class sizes"]),
        (13, &["Carmaker recalls electric cars over battery fires"]),
        (14, &["Supermarket chains agree merger worth billions"]),
        (15, &["Hackers steal payroll data of millions of workers"]),
        (16, &["Marathon record falls in unseasonable heat"]),
        (17, &["Gallery reopens after three-year renovation"]),
    ];

    /// A one-article story about a find on a lake shore.
    const TUSK: (i64, &[&str]) = (
        2,
        &["Pupils find mammoth tusk on Lake Orrin's exposed shore"],
    );

    #[test]
    fn stories_sharing_rare_names_are_related_both_ways() {
        let mut stories = OTHERS.to_vec();
        stories.push((
            1,
            &[
                "Lake Orrin at lowest level since 1976",
                "Water board imposes stage 3 restrictions",
            ],
        ));
        stories.push(TUSK);
        let ix = index(&stories);
        assert_eq!(ix.related(1), vec![2]);
        assert_eq!(ix.related(2), vec![1]);
    }

    #[test]
    fn one_shared_word_does_not_relate_stories() {
        let mut stories = OTHERS.to_vec();
        // Shares "council" with one filler and "percent" with another.
        stories.push((
            1,
            &["Port council backs expansion as costs rise ten percent"],
        ));
        let ix = index(&stories);
        assert!(ix.related(1).is_empty());
    }

    #[test]
    fn a_big_story_does_not_relate_through_one_incidental_title() {
        let mut stories = OTHERS.to_vec();
        stories.push(TUSK);
        // Twenty titles about talks in Geneva, one of which also mentions interest rates (two
        // words shared with story 10) and one the lake (two words shared with story 2).
        let mut titles: Vec<String> = (0..18)
            .map(|i| format!("Geneva ceasefire talks enter day {i} as envoys meet"))
            .collect();
        titles.push("Ceasefire hopes lift interest rate bets".into());
        titles.push("Geneva envoys holiday at Lake Orrin".into());
        let mut entries: Vec<(i64, Terms)> = stories
            .iter()
            .map(|(id, titles)| (*id, story_terms(titles.iter().copied())))
            .collect();
        entries.push((1, story_terms(titles.iter().map(String::as_str))));
        // A story that is about the lake still relates to the tusk.
        entries.push((3, story_terms(["Lake Orrin drops to its lowest level"])));
        let ix = RelatedIndex::build(entries);
        assert!(ix.related(1).is_empty());
        assert_eq!(ix.related(3), vec![2]);
    }

    #[test]
    fn two_earthquakes_are_related_and_a_story_listed_twice_keeps_its_last_terms() {
        let mut stories = OTHERS.to_vec();
        stories.push((
            1,
            &["Magnitude 6.2 earthquake strikes Tarrow Basin, killing 14"],
        ));
        stories.push((
            2,
            &["Magnitude 5.7 earthquake off Kelvane Coast triggers tsunami warning"],
        ));
        let ix = index(&stories);
        assert_eq!(ix.related(2), vec![1]);
        assert_eq!(ix.related(1), vec![2]);
        assert!(ix.related(99).is_empty(), "not in view");
        // Story 1 listed again, about something else: the link goes.
        stories.push((1, &["Funds raised for Tarrow Basin schools"]));
        let ix = index(&stories);
        assert!(ix.related(2).is_empty());
        assert_eq!(ix.len(), OTHERS.len() + 2);
        assert!(ix.contains(1));
    }

    #[test]
    fn possessives_fold_and_repeats_count() {
        assert_eq!(
            fold_possessives("O'Shea's boat, Lake Orrin’s"),
            "O'Shea boat, Lake Orrin"
        );
        let t = story_terms(["Orrin's shore", "Lake Orrin’s level", "The lake"]);
        assert_eq!(t.get("orrin"), Some(&2));
        assert_eq!(t.get("lake"), Some(&2));
        assert_eq!(t.get("shore"), Some(&1));
        assert!(!t.contains_key("orrins"));
    }
}
