//! Small word lists: tone (for perspectives) and topic (for the category).
//!
//! Tone is lexicon-based: the share of positive minus negative words in an outlet's sentences,
//! scaled to -1..1 with a damping constant so one word does not swing a long article. Negation
//! ("not", "no", "never" within two words before) flips a word. Tone is how an outlet frames a
//! story, so the words are ones of judgment ("critics", "wasteful", "celebrated", "success"), not
//! ones that tell what happened: "killed", "damage", "delayed", "cuts", "won" and "record" are the
//! same news in every outlet's report, and counting them called every earthquake report critical. The category is the topic whose
//! keywords (stemmed) appear most often in titles and ledes, weighted 3× for titles; ties and
//! stories with no keyword fall back to `World`.

use crate::prep::stem;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

static POS_SET: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| POSITIVE.iter().copied().collect());
static NEG_SET: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| NEGATIVE.iter().copied().collect());
/// Stemmed keyword -> indexes of the categories that list it.
static CAT_STEMS: LazyLock<HashMap<String, Vec<usize>>> = LazyLock::new(|| {
    let mut m: HashMap<String, Vec<usize>> = HashMap::new();
    for (k, (_, kws)) in CATEGORIES.iter().enumerate() {
        for kw in kws.iter() {
            let e = m.entry(stem(kw)).or_default();
            if !e.contains(&k) {
                e.push(k);
            }
        }
    }
    m
});

const POSITIVE: &[&str] = &[
    "improve",
    "improved",
    "improvement",
    "benefit",
    "benefits",
    "success",
    "successful",
    "boost",
    "boosts",
    "welcome",
    "welcomed",
    "praise",
    "praised",
    "celebrate",
    "celebrated",
    "thrive",
    "thriving",
    "opportunity",
    "opportunities",
    "promising",
    "hope",
    "hopeful",
    "optimistic",
    "optimism",
    "landmark",
    "historic",
    "breakthrough",
    "progress",
    "good",
    "great",
    "better",
    "best",
    "excellent",
    "positive",
    "revitalize",
    "revitalise",
    "modernize",
    "prosperity",
    "innovative",
    "exciting",
    "excited",
    "delighted",
    "proud",
    "boon",
    "milestone",
    "robust",
    "applaud",
    "applauded",
    "enthusiasm",
    "enthusiastic",
    "transformative",
    "vibrant",
    "proud",
    "pride",
    "heroes",
    "hero",
    "thriller",
    "extraordinary",
    "friendly",
    "celebration",
    "celebrations",
    "lovely",
    "loveliest",
    "happy",
    "joy",
    "cheer",
    "cheered",
    "cheering",
    "thrilled",
    "wonderful",
    "amazing",
    "remarkable",
    "generous",
    "triumph",
    "delight",
    "inspiring",
    "achievement",
    "embrace",
    "embraced",
    "hugging",
    "congratulate",
    "congratulating",
    "congratulations",
    "heartwarming",
    "uplifting",
    "beloved",
    "brilliant",
    "grateful",
    "gratitude",
    "thankful",
    "kindness",
    "smiles",
    "smiling",
    "laughter",
    "cheers",
    "fantastic",
    "magical",
    "spectacular",
    "stunning",
    "delightful",
    "welcoming",
    "warmth",
    "marvellous",
    "marvelous",
    "glowing",
];

const NEGATIVE: &[&str] = &[
    "fail",
    "failed",
    "failure",
    "concern",
    "concerns",
    "concerned",
    "critic",
    "critics",
    "criticism",
    "criticize",
    "criticized",
    "criticise",
    "harmful",
    "costly",
    "overrun",
    "overruns",
    "waste",
    "wasteful",
    "scandal",
    "controversial",
    "controversy",
    "angry",
    "anger",
    "fear",
    "fears",
    "worry",
    "worried",
    "worries",
    "poor",
    "bad",
    "worse",
    "worst",
    "negative",
    "accuse",
    "accused",
    "doubt",
    "doubts",
    "skeptical",
    "sceptical",
    "questionable",
    "flawed",
    "rushed",
    "secretive",
    "burden",
    "blame",
    "blamed",
    "reckless",
    "misleading",
    "outrage",
    "backlash",
    "unaffordable",
    "fuming",
    "question",
    "questions",
    "unravelled",
    "unfair",
    "fury",
    "furious",
    "complain",
    "complaints",
    "mistake",
    "error",
    "errors",
    "bias",
    "hidden",
    "secret",
    "undisclosed",
    "loophole",
    "excessive",
    "ignored",
    "ignoring",
    "refused",
    "failing",
    "fails",
    "flaw",
    "flaws",
    "slammed",
    "condemned",
    "condemn",
    "denounced",
    "lambasted",
    "mismanagement",
    "negligence",
    "negligent",
    "botched",
    "fiasco",
    "shambles",
    "inadequate",
    "unacceptable",
    "unjustified",
    "unjust",
    "outrageous",
    "alarming",
    "troubling",
    "disappointing",
    "disappointed",
    "dismay",
    "dismayed",
    "frustrated",
    "frustration",
    "angered",
    "cronyism",
    "lavish",
    "shoddy",
    "chaotic",
    "chaos",
    "blunder",
    "failings",
    "lax",
    "costlier",
    "taxpayers",
];

const NEGATORS: &[&str] = &["not", "no", "never", "without", "hardly", "nor"];

/// Tone of a text in -1..1, and the number of tone words seen.
pub fn tone(text: &str) -> (f32, usize) {
    let words = storyline_core::text::words(text);
    let (mut pos, mut neg) = (0f32, 0f32);
    for (i, w) in words.iter().enumerate() {
        let p = POS_SET.contains(w.as_str());
        let n = NEG_SET.contains(w.as_str());
        if !p && !n {
            continue;
        }
        let negated = words[i.saturating_sub(2)..i]
            .iter()
            .any(|x| NEGATORS.contains(&x.as_str()));
        if p ^ negated {
            pos += 1.0;
        } else {
            neg += 1.0;
        }
    }
    let score = (pos - neg) / (pos + neg + 4.0);
    (score.clamp(-1.0, 1.0), (pos + neg) as usize)
}

/// `critical`, `negative`, `neutral`, `positive` or `upbeat`, from a [`tone`] and the number of
/// tone words it saw: one word is an aside, not a framing, so fewer than two read as neutral.
pub fn tone_label(t: f32, words: usize) -> &'static str {
    if words < 2 {
        "neutral"
    } else if t <= -0.3 {
        "critical"
    } else if t < -0.08 {
        "negative"
    } else if t <= 0.08 {
        "neutral"
    } else if t < 0.3 {
        "positive"
    } else {
        "upbeat"
    }
}

/// The topics and their keywords (matched after stemming).
pub const CATEGORIES: &[(&str, &[&str])] = &[
    (
        "Politics",
        &[
            "election",
            "vote",
            "voters",
            "senate",
            "congress",
            "parliament",
            "minister",
            "president",
            "governor",
            "mayor",
            "campaign",
            "democrat",
            "republican",
            "party",
            "legislation",
            "bill",
            "lawmakers",
            "policy",
            "council",
            "referendum",
            "ballot",
            "candidate",
            "strike",
            "union",
            "unions",
            "protest",
            "teachers",
            "minister",
            "legislature",
            "ordinance",
            "government",
        ],
    ),
    (
        "Business",
        &[
            "company",
            "market",
            "shares",
            "stock",
            "investors",
            "profit",
            "revenue",
            "economy",
            "bank",
            "deal",
            "merger",
            "acquisition",
            "sales",
            "prices",
            "inflation",
            "trade",
            "jobs",
            "ceo",
            "business",
            "budget",
            "contract",
            "industry",
        ],
    ),
    (
        "Technology",
        &[
            "software",
            "app",
            "computer",
            "internet",
            "data",
            "ai",
            "artificial",
            "intelligence",
            "chip",
            "smartphone",
            "tech",
            "technology",
            "startup",
            "cyber",
            "hack",
            "online",
            "digital",
            "robot",
            "google",
            "apple",
            "microsoft",
            "algorithm",
            "breach",
            "hackers",
            "security",
            "device",
            "devices",
            "users",
            "firmware",
            "platform",
            "battery",
            "network",
        ],
    ),
    (
        "Science",
        &[
            "scientists",
            "study",
            "research",
            "researchers",
            "space",
            "nasa",
            "physics",
            "species",
            "discovery",
            "telescope",
            "planet",
            "fossil",
            "experiment",
            "journal",
            "university",
            "archaeologists",
            "astronomers",
            "ancient",
            "excavation",
            "paleontologists",
            "archaeology",
            "remains",
            "genetic",
            "mammoth",
            "tusk",
            "palaeontologist",
            "paleontologist",
            "palaeontologists",
            "radiocarbon",
            "prehistoric",
            "dinosaur",
            "fossils",
            "skeleton",
            "archaeologist",
            "astronomer",
        ],
    ),
    (
        "Health",
        &[
            "health",
            "hospital",
            "patients",
            "disease",
            "virus",
            "vaccine",
            "doctors",
            "medical",
            "cancer",
            "drug",
            "treatment",
            "outbreak",
            "clinic",
            "nurses",
            "infection",
            "covid",
            "mental",
            "fda",
        ],
    ),
    (
        "Sports",
        &[
            "game",
            "season",
            "coach",
            "players",
            "league",
            "championship",
            "match",
            "tournament",
            "score",
            "win",
            "cup",
            "olympic",
            "football",
            "basketball",
            "baseball",
            "soccer",
            "tennis",
            "nba",
            "nfl",
            "stadium",
            "fans",
            "marathon",
            "race",
            "runners",
            "athletes",
            "medal",
            "final",
            "goal",
        ],
    ),
    (
        "Culture",
        &[
            "film",
            "movie",
            "music",
            "album",
            "artist",
            "museum",
            "festival",
            "book",
            "novel",
            "actor",
            "actress",
            "television",
            "show",
            "theater",
            "theatre",
            "art",
            "singer",
            "celebrity",
            "concert",
            "award",
            "gallery",
            "exhibition",
            "restaurant",
            "bakery",
            "bakes",
            "baker",
            "bakers",
            "bread",
            "heritage",
            "restored",
            "restoration",
            "historic",
            "mill",
            "chef",
            "food",
            "hollywood",
        ],
    ),
    (
        "Environment",
        &[
            "climate",
            "emissions",
            "pollution",
            "wildlife",
            "environmental",
            "carbon",
            "flood",
            "drought",
            "wildfire",
            "storm",
            "hurricane",
            "conservation",
            "renewable",
            "solar",
            "wind",
            "forest",
            "river",
            "ocean",
            "species",
            "warming",
            "habitat",
            "water",
        ],
    ),
    (
        "World",
        &[
            "war",
            "military",
            "troops",
            "refugees",
            "border",
            "united",
            "nations",
            "embassy",
            "foreign",
            "international",
            "attack",
            "conflict",
            "treaty",
            "sanctions",
            "earthquake",
            "quake",
            "aftershock",
            "aftershocks",
            "tsunami",
            "disaster",
            "rescue",
            "evacuated",
            "casualties",
            "victims",
            "diplomat",
        ],
    ),
];

/// Picks the category of a story from its titles (weight 3) and ledes (weight 1).
pub fn category(titles: &[&str], ledes: &[&str]) -> &'static str {
    let mut scores = vec![0f32; CATEGORIES.len()];
    let mut add = |text: &str, w: f32| {
        for word in storyline_core::text::words(text) {
            if let Some(ks) = CAT_STEMS.get(&stem(&word)) {
                for &k in ks {
                    scores[k] += w;
                }
            }
        }
    };
    for t in titles {
        add(t, 3.0);
    }
    for l in ledes {
        add(l, 1.0);
    }
    let mut best = CATEGORIES.len() - 1; // World
    for (k, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = k;
        }
    }
    CATEGORIES[best].0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tone_and_category() {
        assert!(tone("A landmark win that will boost jobs and growth.").0 > 0.3);
        assert!(tone("Critics warned of cost overruns and delays.").0 < -0.3);
        assert!(tone("The plan is not a success.").0 < 0.0);
        assert_eq!(
            category(&["Port approves $480 million expansion budget"], &[]),
            "Business"
        );
        assert_eq!(
            category(&["The coach praised the team after the match"], &[]),
            "Sports"
        );
        assert_eq!(category(&["Nothing here"], &[]), "World");
        // (title, lede, category): general words, not a team or a lake, decide.
        for (title, lede, want) in [
            (
                "The old mill grinds again, and now it bakes too",
                "A team of volunteers restored the mill, which now houses a community bakery.",
                "Culture",
            ),
            (
                "Hikers find mammoth tusk on the exposed shore",
                "A palaeontologist said the tusk, found near the low water, was 20,000 years old.",
                "Science",
            ),
            (
                "Rescue team reaches survivors after earthquake",
                "The team searched collapsed buildings through the night.",
                "World",
            ),
        ] {
            assert_eq!(category(&[title], &[lede]), want, "{title}");
        }
    }
}
