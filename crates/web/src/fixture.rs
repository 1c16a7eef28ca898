//! A small, realistic data set for tests, the browser tests and the web benchmark: six sources
//! (one failing), four live stories (three with full digests, one without), a syndicated copy and
//! a story merged into another. Texts are invented; citations point at real sentence indices.

use chrono::{Duration, Utc};
use std::collections::BTreeMap;
use storyline_core::text::content_hash;
use storyline_core::{
    Citation, Cited, Digest, FaqItem, Figure, Grounding, NewArticle, Perspective, Player,
    TimelineEvent,
};
use storyline_store::{FetchOutcome, FetchProblems, Placement, Store, StoreError};

/// Ids of what [`fill`] created.
#[derive(Debug, Clone)]
pub struct Fixture {
    /// Live stories: flood barrier (full digest), chip launch (full digest), sea level study
    /// (short digest), library hours (no digest).
    pub stories: Vec<i64>,
    /// A story merged into `stories[0]`.
    pub merged: i64,
    pub sources: Vec<i64>,
    /// Article ids by story, in insertion order.
    pub articles: Vec<Vec<i64>>,
}

const OUTLETS: [(&str, &str); 6] = [
    ("Coastal Ledger", "https://coastal-ledger.example"),
    ("Metro Wire", "https://metrowire.example"),
    ("Harbor Gazette", "https://harbor-gazette.example"),
    ("Daily Current", "https://dailycurrent.example"),
    ("Tech Brief", "https://techbrief.example"),
    ("Community Post", "https://community-post.example"),
];

fn cite(article: i64, sentence: usize) -> Citation {
    Citation {
        article: article.to_string(),
        sentence,
    }
}

fn cited(text: &str, cits: &[(i64, usize)]) -> Cited {
    Cited {
        text: text.into(),
        citations: cits.iter().map(|(a, s)| cite(*a, *s)).collect(),
    }
}

fn cits(c: &[(i64, usize)]) -> Vec<Citation> {
    c.iter().map(|(a, s)| cite(*a, *s)).collect()
}

/// Fills `store` and returns the ids it created.
pub fn fill(store: &dyn Store) -> Result<Fixture, StoreError> {
    let now = Utc::now();
    let mut sources = Vec::new();
    for (i, (name, site)) in OUTLETS.iter().enumerate() {
        let s = store.add_source(&format!("{site}/feed.xml"), name, Some(site))?;
        let outcome = if i == 5 {
            FetchOutcome::Error("HTTP 503 Service Unavailable after 3 attempts".into())
        } else {
            FetchOutcome::Success {
                title: None,
                site_url: None,
                kind: Some(if i % 2 == 0 { "rss" } else { "atom" }.into()),
                etag: None,
                last_modified: None,
                moved_to: None,
                // One source's last read went partly wrong.
                problems: (i == 4).then(|| FetchProblems {
                    entries_unreadable: 1,
                    pages_failed: 2,
                    page_error: Some(format!("{site}/2026/ferry: HTTP 404 Not Found")),
                }),
            }
        };
        store.record_fetch(s.id, &outcome)?;
        sources.push(s.id);
    }
    let add = |outlet: usize, slug: &str, title: &str, hours_ago: i64, text: &str| {
        let (name, site) = OUTLETS[outlet];
        let url = format!("{site}/news/{slug}");
        store
            .insert_article(
                &NewArticle {
                    source_id: Some(sources[outlet]),
                    source_name: name.into(),
                    url: url.clone(),
                    canonical_url: url,
                    title: title.into(),
                    byline: Some("Staff reporter".into()),
                    published: Some(now - Duration::minutes(hours_ago * 60 + 7)),
                    language: Some("en".into()),
                    site_name: Some(name.into()),
                    image: None,
                    text: text.into(),
                    content_hash: content_hash(text),
                },
                &[],
            )
            .map(|i| i.id())
    };

    // Story 1: the flood barrier.
    let a1 = add(0, "harbor-barrier-vote", "Port Marlow approves $1.2 billion flood barrier", 5,
        "The city council of Port Marlow voted 9 to 2 on Tuesday to build a $1.2 billion flood barrier across the mouth of its harbor. \
The barrier, made of movable steel gates, is designed to hold back a storm surge of up to four meters. \
Mayor Elena Ruiz called the vote the most important decision the city has made in a generation. \
Construction is expected to begin next spring and take six years.\n\n\
Critics on the council argued that the cost would fall hardest on renters through higher property charges. \
The city will pay for the project with a bond issue and a federal resilience grant of $400 million.")?;
    let a2_text = "Port Marlow will build a flood barrier after a council vote on Tuesday, ending a decade of debate. \
Flooding in 2019 caused about $310 million in damage to the harbor district. \
Engineers from the firm Delta Works said the gates would close about a dozen times a year. \
Fishing groups warned that the gates could change water flow and harm oyster beds in the bay. \
The council said an environmental review would be published before construction starts.";
    let a2 = add(
        1,
        "marlow-barrier-approved",
        "Council backs harbor barrier after decade of debate",
        4,
        a2_text,
    )?;
    let a3 = add(
        2,
        "wire-marlow-barrier-approved",
        "Council backs harbor barrier after decade of debate",
        4,
        a2_text,
    )?;
    let a4 = add(3, "barrier-cost-warnings", "Flood barrier approved despite cost warnings", 3,
        "Port Marlow's council approved a flood barrier on Tuesday despite warnings about its cost. \
Two council members voted against the plan, saying cheaper options such as restoring wetlands were never studied. \
Residents packed the meeting, and some held signs asking the city to protect the bay. \
The project's price of $1.2 billion is roughly three times the city's annual budget.")?;

    // Story 2: the chip launch.
    let b1 = add(1, "alder-a7-launch", "Alder unveils A7 laptop chip", 9,
        "Alder Semiconductor on Monday unveiled the A7, a laptop processor it says uses 40 percent less power than its previous chip. \
The company said the first laptops using the A7 will ship in March. \
Chief executive Priya Natarajan told reporters the chip was built on a new 3-nanometer process.")?;
    let b2 = add(4, "alder-a7-battery", "Alder's A7 promises 22-hour battery life", 8,
        "Alder's new A7 chip promises longer battery life, with the company claiming up to 22 hours of video playback. \
Analysts at Granite Research said the chip could help Alder win back market share it lost last year. \
Alder shares rose 6 percent in early trading after the announcement.")?;
    let b3 = add(0, "alder-a7-caution", "Alder's new chip: wait for the benchmarks", 7,
        "Alder Semiconductor introduced its A7 processor on Monday. \
Independent benchmarks have not yet been published, and some reviewers cautioned that battery claims are often optimistic.")?;

    // Story 3: the sea level study.
    let c1 = add(2, "bay-sea-level-study", "Bay rising faster than forecast, study finds", 20,
        "Sea levels in Marlow Bay have risen 11 centimeters since 1990, faster than earlier forecasts, according to a study published on Wednesday. \
The researchers at the University of Eastport used tide gauge records going back more than a century. \
They warned that storm surges would reach higher into the city in coming decades.")?;
    let c2 = add(3, "eastport-study-wetlands", "Study: protect the bay with wetlands too", 18,
        "A new study from the University of Eastport says the bay is rising faster than planners assumed. \
The authors said their findings support building flood defenses but urged the city to also restore wetlands.")?;

    // Story 5: no digest yet.
    let d1 = add(5, "library-weekend-hours", "Central library extends weekend hours", 30,
        "The Port Marlow central library will stay open until 8 p.m. on Saturdays and Sundays from next month. \
The change follows a petition signed by more than 2,000 residents.")?;

    // Story 4 first holds the critical article, then merges into story 1.
    store.apply_clustering(
        &[Placement {
            article: a4,
            story: 4,
            duplicate_of: None,
        }],
        &[],
    )?;
    let mut placements = vec![
        Placement {
            article: a1,
            story: 1,
            duplicate_of: None,
        },
        Placement {
            article: a2,
            story: 1,
            duplicate_of: None,
        },
        Placement {
            article: a3,
            story: 1,
            duplicate_of: Some(a2),
        },
        Placement {
            article: a4,
            story: 1,
            duplicate_of: None,
        },
    ];
    placements.extend([b1, b2, b3].map(|a| Placement {
        article: a,
        story: 2,
        duplicate_of: None,
    }));
    placements.extend([c1, c2].map(|a| Placement {
        article: a,
        story: 3,
        duplicate_of: None,
    }));
    placements.push(Placement {
        article: d1,
        story: 5,
        duplicate_of: None,
    });
    store.apply_clustering(&placements, &[(4, 1)])?;

    let today = now.date_naive();
    let next_year = today + Duration::days(180);
    let flood = Digest {
        headline: cited("Port Marlow approves $1.2 billion harbor flood barrier", &[(a1, 0), (a2, 0)]),
        summary: vec![
            cited("The Port Marlow city council voted 9 to 2 on Tuesday to build a $1.2 billion flood barrier across its harbor.", &[(a1, 0), (a4, 0)]),
            cited("The movable steel gates are designed to hold back a storm surge of up to four meters and would close about a dozen times a year.", &[(a1, 1), (a2, 2)]),
            cited("Construction is expected to begin next spring and take six years.", &[(a1, 3)]),
        ],
        takeaways: vec![
            cited("The project will be paid for with a bond issue and a $400 million federal resilience grant.", &[(a1, 5)]),
            cited("Flooding in 2019 caused about $310 million in damage to the harbor district.", &[(a2, 1)]),
            cited("An environmental review is due before construction starts.", &[(a2, 4)]),
        ],
        why_it_matters: vec![cited(
            "The price is roughly three times the city's annual budget, and critics say renters will bear much of it.",
            &[(a4, 3), (a1, 4)],
        )],
        faq: vec![
            FaqItem {
                question: "When will the barrier be built?".into(),
                answer: "Construction is expected to start next spring and take six years.".into(),
                citations: cits(&[(a1, 3)]),
            },
            FaqItem {
                question: "Who opposes the plan?".into(),
                answer: "Two council members voted against it, and fishing groups warn the gates could harm oyster beds in the bay.".into(),
                citations: cits(&[(a4, 1), (a2, 3)]),
            },
            FaqItem {
                question: "How will the city pay for it?".into(),
                answer: "With a bond issue and a federal resilience grant of $400 million.".into(),
                citations: cits(&[(a1, 5)]),
            },
        ],
        timeline: vec![
            TimelineEvent { date_iso: "2019".into(), date_text: "2019".into(), text: "Flooding causes about $310 million in damage to the harbor district.".into(), citations: cits(&[(a2, 1)]) },
            TimelineEvent { date_iso: today.format("%Y-%m-%d").to_string(), date_text: "Tuesday".into(), text: "The council votes 9 to 2 to build the barrier.".into(), citations: cits(&[(a1, 0)]) },
            TimelineEvent { date_iso: next_year.format("%Y-%m").to_string(), date_text: "Next spring".into(), text: "Construction is due to begin.".into(), citations: cits(&[(a1, 3)]) },
        ],
        figures: vec![
            Figure { value: "$1.2 billion".into(), label: "cost of the barrier".into(), citations: cits(&[(a1, 0)]) },
            Figure { value: "4 meters".into(), label: "storm surge the gates can hold back".into(), citations: cits(&[(a1, 1)]) },
            Figure { value: "$400 million".into(), label: "federal resilience grant".into(), citations: cits(&[(a1, 5)]) },
            Figure { value: "9 to 2".into(), label: "council vote".into(), citations: cits(&[(a1, 0)]) },
        ],
        players: vec![
            Player { name: "Elena Ruiz".into(), kind: "person".into(), role: "Mayor of Port Marlow".into(), citations: cits(&[(a1, 2)]) },
            Player { name: "Delta Works".into(), kind: "organization".into(), role: "Engineering firm on the project".into(), citations: cits(&[(a2, 2)]) },
        ],
        perspectives: vec![
            Perspective { source: "Coastal Ledger".into(), tone: 0.3, tone_label: "positive".into(),
                unique_claims: vec![cited("The mayor called the vote the most important decision the city has made in a generation.", &[(a1, 2)])],
                articles: vec![a1.to_string()] },
            Perspective { source: "Metro Wire".into(), tone: 0.0, tone_label: "neutral".into(),
                unique_claims: vec![cited("Fishing groups warn the gates could harm oyster beds.", &[(a2, 3)])],
                articles: vec![a2.to_string()] },
            Perspective { source: "Daily Current".into(), tone: -0.5, tone_label: "critical".into(),
                unique_claims: vec![cited("Cheaper options such as restoring wetlands were never studied, two council members said.", &[(a4, 1)])],
                articles: vec![a4.to_string()] },
        ],
        agreed: vec![cited("The council approved the flood barrier on Tuesday.", &[(a1, 0), (a2, 0), (a4, 0)])],
        category: "Environment".into(),
        reading_minutes: 3,
        sources: Vec::new(),
        related: vec!["3".into(), "4".into()],
        engine: "builtin".into(),
        field_engines: BTreeMap::from([("faq".to_string(), "builtin-questions".to_string())]),
        grounding: Some(Grounding {
            checked: 15,
            removed: 1,
            reasons: vec!["summary: “The barrier will be the largest in the country.” matched no source sentence".into()],
        }),
    };
    store.put_digest(1, &flood, "fixture-1")?;

    let chip = Digest {
        headline: cited("Alder unveils A7 laptop chip promising 40% lower power use", &[(b1, 0)]),
        summary: vec![
            cited("Alder Semiconductor unveiled the A7 laptop processor on Monday, saying it uses 40 percent less power than its previous chip.", &[(b1, 0), (b3, 0)]),
            cited("The first laptops with the chip will ship in March.", &[(b1, 1)]),
        ],
        takeaways: vec![
            cited("Alder claims up to 22 hours of video playback.", &[(b2, 0)]),
            cited("Independent benchmarks have not been published yet.", &[(b3, 1)]),
        ],
        why_it_matters: vec![cited("Analysts say the chip could help Alder win back market share it lost last year.", &[(b2, 1)])],
        faq: vec![FaqItem {
            question: "When can I buy a laptop with the A7?".into(),
            answer: "The first laptops using it are due to ship in March.".into(),
            citations: cits(&[(b1, 1)]),
        }],
        timeline: vec![
            TimelineEvent { date_iso: today.format("%Y-%m-%d").to_string(), date_text: "Monday".into(), text: "Alder unveils the A7.".into(), citations: cits(&[(b1, 0)]) },
        ],
        figures: vec![
            Figure { value: "40%".into(), label: "less power than the previous chip".into(), citations: cits(&[(b1, 0)]) },
            Figure { value: "22 hours".into(), label: "claimed video playback".into(), citations: cits(&[(b2, 0)]) },
            Figure { value: "6%".into(), label: "rise in Alder shares".into(), citations: cits(&[(b2, 2)]) },
        ],
        players: vec![
            Player { name: "Priya Natarajan".into(), kind: "person".into(), role: "Chief executive of Alder Semiconductor".into(), citations: cits(&[(b1, 2)]) },
            Player { name: "Granite Research".into(), kind: "organization".into(), role: "Analysts".into(), citations: cits(&[(b2, 1)]) },
        ],
        perspectives: vec![
            Perspective { source: "Coastal Ledger".into(), tone: -0.2, tone_label: "critical".into(),
                unique_claims: vec![cited("Reviewers caution that battery claims are often optimistic.", &[(b3, 1)])], articles: vec![b3.to_string()] },
            Perspective { source: "Tech Brief".into(), tone: 0.5, tone_label: "upbeat".into(),
                unique_claims: vec![cited("Alder shares rose 6 percent after the announcement.", &[(b2, 2)])], articles: vec![b2.to_string()] },
        ],
        agreed: Vec::new(),
        category: "Technology".into(),
        reading_minutes: 2,
        sources: Vec::new(),
        related: Vec::new(),
        engine: "builtin".into(),
        field_engines: BTreeMap::new(),
        grounding: Some(Grounding { checked: 9, removed: 0, reasons: Vec::new() }),
    };
    store.put_digest(2, &chip, "fixture-2")?;

    let sea = Digest {
        headline: cited("Marlow Bay is rising faster than forecast, study finds", &[(c1, 0)]),
        summary: vec![
            cited("Sea levels in Marlow Bay have risen 11 centimeters since 1990, faster than earlier forecasts, a University of Eastport study found.", &[(c1, 0), (c2, 0)]),
            cited("The authors back flood defenses but urge the city to restore wetlands too.", &[(c2, 1)]),
        ],
        category: "Science".into(),
        reading_minutes: 1,
        related: vec!["1".into()],
        engine: "builtin".into(),
        ..Digest::default()
    };
    store.put_digest(3, &sea, "fixture-3")?;

    Ok(Fixture {
        stories: vec![1, 2, 3, 5],
        merged: 4,
        sources,
        articles: vec![
            vec![a1, a2, a3, a4],
            vec![b1, b2, b3],
            vec![c1, c2],
            vec![d1],
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_store::SqliteStore;

    #[test]
    fn every_fixture_citation_points_at_a_real_sentence() {
        let store = SqliteStore::in_memory().expect("store");
        let f = fill(&store).expect("fixture");
        for id in [1, 2, 3] {
            let d = store.digest(id).expect("read").expect("digest").digest;
            for c in crate::story::all_citations(&d) {
                let a = store
                    .article(c.article.parse().expect("id"))
                    .expect("read")
                    .expect("article");
                let n = storyline_core::text::sentences(&a.text).len();
                assert!(
                    c.sentence < n,
                    "story {id}: {c:?} but article has {n} sentences"
                );
            }
        }
        let merged = store.story(f.merged).expect("read").expect("story");
        assert_eq!(merged.merged_into, Some(1));
    }
}
