//! The citation checker: is every digest sentence traceable to its sources?
//!
//! A digest passes when every text item carries at least one citation, every citation names an
//! article of the story and a sentence index that exists in
//! [`storyline_core::text::sentences`] of that article's text, and every number and every proper
//! name (capitalised word) of the item appears in one of its cited sentences. The LLM engine runs
//! this on its output; the tests run it on every digest they make.
//!
//! What counts as a checked token: any word containing a digit (compared by its digits and
//! separators, so "$4.2" matches "4.2"), and any capitalised word that is not the first word of the
//! item (the first word is checked case-insensitively unless it is a stop word or a word the
//! story's texts use in lower case: "Astronomers" opening a headline is not a name). Outlet names of
//! `perspectives` and the computed `date_iso` are metadata, not prose, and are not checked.

use crate::Doc;
use std::collections::HashMap;
use storyline_core::text;
use storyline_core::{Citation, Digest};

/// What is wrong with one digest item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The item has no citation.
    Uncited,
    /// A citation names an article that is not in the story.
    UnknownArticle(String),
    /// A citation's sentence index is past the end of the article.
    NoSuchSentence(String, usize),
    /// A number, date or name that no cited sentence contains.
    Unsupported(String),
}

/// One failed check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Field and position, e.g. `takeaways[2]`.
    pub field: String,
    pub text: String,
    pub problem: Problem,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {:?} in {:?}", self.field, self.problem, self.text)
    }
}

/// Checks a digest against the documents it was written from; an empty result means it passes.
pub fn check_digest(digest: &Digest, docs: &[Doc]) -> Vec<Violation> {
    let sents: HashMap<&str, Vec<&str>> = docs
        .iter()
        .map(|d| (d.id.as_str(), text::sentences(&d.text)))
        .collect();
    let ordinary = lower_case_words(docs.iter().map(|d| d.text.as_str()));
    let mut out = Vec::new();
    let mut item = |field: String, texts: &[&str], cites: &[Citation]| {
        check_item(&field, texts, cites, &sents, &ordinary, &mut out);
    };
    item(
        "headline".into(),
        &[&digest.headline.text],
        &digest.headline.citations,
    );
    for (name, list) in [
        ("summary", &digest.summary),
        ("takeaways", &digest.takeaways),
        ("why_it_matters", &digest.why_it_matters),
        ("agreed", &digest.agreed),
    ] {
        for (i, c) in list.iter().enumerate() {
            item(format!("{name}[{i}]"), &[&c.text], &c.citations);
        }
    }
    for (i, f) in digest.faq.iter().enumerate() {
        item(format!("faq[{i}]"), &[&f.question, &f.answer], &f.citations);
    }
    for (i, t) in digest.timeline.iter().enumerate() {
        item(
            format!("timeline[{i}]"),
            &[&t.date_text, &t.text],
            &t.citations,
        );
    }
    for (i, f) in digest.figures.iter().enumerate() {
        item(format!("figures[{i}]"), &[&f.value, &f.label], &f.citations);
    }
    for (i, p) in digest.players.iter().enumerate() {
        item(format!("players[{i}]"), &[&p.name, &p.role], &p.citations);
    }
    for (i, p) in digest.perspectives.iter().enumerate() {
        for (j, c) in p.unique_claims.iter().enumerate() {
            item(
                format!("perspectives[{i}].unique_claims[{j}]"),
                &[&c.text],
                &c.citations,
            );
        }
    }
    out
}

fn check_item(
    field: &str,
    texts: &[&str],
    cites: &[Citation],
    sents: &HashMap<&str, Vec<&str>>,
    ordinary: &std::collections::HashSet<String>,
    out: &mut Vec<Violation>,
) {
    let joined = texts.join(" / ");
    let v = |problem| Violation {
        field: field.to_string(),
        text: joined.clone(),
        problem,
    };
    if texts.iter().all(|t| t.trim().is_empty()) {
        return;
    }
    if cites.is_empty() {
        out.push(v(Problem::Uncited));
        return;
    }
    let mut support = String::new();
    for c in cites {
        match sents.get(c.article.as_str()) {
            None => out.push(v(Problem::UnknownArticle(c.article.clone()))),
            Some(list) => match list.get(c.sentence) {
                None => out.push(v(Problem::NoSuchSentence(c.article.clone(), c.sentence))),
                Some(s) => {
                    support.push_str(s);
                    support.push('\n');
                }
            },
        }
    }
    for s in unsupported_except(texts, &support, ordinary) {
        out.push(v(Problem::Unsupported(s)));
    }
}

/// The numbers and names of `texts` that `support` (the cited sentences) does not contain.
pub fn unsupported(texts: &[&str], support: &str) -> Vec<String> {
    unsupported_except(texts, support, &std::collections::HashSet::new())
}

/// The words the `texts` use in lower case (as written): a capitalised first word among them is an
/// ordinary word ("Astronomers detect …" in a story whose outlets write "astronomers"), not a name.
pub fn lower_case_words<'a>(
    texts: impl IntoIterator<Item = &'a str>,
) -> std::collections::HashSet<String> {
    texts
        .into_iter()
        .flat_map(raw_words)
        .filter(|w| w.chars().all(|c| !c.is_uppercase()))
        .map(str::to_string)
        .collect()
}

/// [`unsupported`], except that an item's capitalised first word that is in `ordinary` (see
/// [`lower_case_words`]) needs no support.
pub fn unsupported_except(
    texts: &[&str],
    support: &str,
    ordinary: &std::collections::HashSet<String>,
) -> Vec<String> {
    let support_words = word_set(support);
    let support_lower: std::collections::HashSet<String> =
        support_words.iter().map(|w| w.to_lowercase()).collect();
    let mut out = Vec::new();
    for t in texts {
        for tok in checked_tokens(t) {
            let ok = match &tok {
                Token::Number(n) => support_words.iter().any(|w| number_core(w) == *n),
                Token::Name(n) => support_words.contains(n),
                Token::Initial(n) => {
                    let lower = n.to_lowercase();
                    support_lower.contains(&lower) || ordinary.contains(&lower)
                }
            };
            if !ok {
                out.push(match tok {
                    Token::Number(s) | Token::Name(s) | Token::Initial(s) => s,
                });
            }
        }
    }
    out
}

#[derive(Debug, PartialEq)]
enum Token {
    Number(String),
    Name(String),
    /// A capitalised first word: checked case-insensitively.
    Initial(String),
}

/// Words of a text split on whitespace and trimmed of surrounding punctuation (inner `.,'-` kept).
fn raw_words(t: &str) -> impl Iterator<Item = &str> {
    t.split(|c: char| c.is_whitespace() || matches!(c, '—' | '–' | '/' | '[' | ']' | '(' | ')'))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
}

fn word_set(t: &str) -> std::collections::HashSet<String> {
    let mut set = std::collections::HashSet::new();
    for w in raw_words(t) {
        set.insert(w.to_string());
        // "Sen." supports the "Senator" a role spells it out as.
        if let Some(long) = crate::entities::spelled_title(w) {
            set.insert(long.to_string());
        }
        // "Ben-Zvi’s" supports "Ben-Zvi".
        if let Some(base) = w.split(['\'', '’']).next() {
            set.insert(base.to_string());
            // "Ossai!’s" supports "Ossai": the base ends at the mark, as the checked word does.
            set.insert(
                base.trim_end_matches(|c: char| !c.is_alphanumeric())
                    .to_string(),
            );
        }
        // Text run together at a mark ("Tuesday“The", "Tuesday$2.7") supports each word of
        // letters in it. Not digits: "1,200" must not support "200" (its number is "1,200").
        for run in w.split(|c: char| !c.is_alphabetic()) {
            if !run.is_empty() {
                set.insert(run.to_string());
            }
        }
        // "Port's" also supports "Port"; "co-op" supports "co" and "op".
        for part in w.split(['\'', '’', '-']) {
            // "Inc.’s" supports "Inc".
            let part = part.trim_matches(|c: char| !c.is_alphanumeric());
            if !part.is_empty() {
                set.insert(part.to_string());
            }
        }
    }
    set
}

/// Digits with inner separators: "$4,200.50" -> "4,200.50"; "" when there are no digits.
fn number_core(w: &str) -> String {
    let Some(start) = w.find(|c: char| c.is_ascii_digit()) else {
        return String::new();
    };
    // Digits, with a "," or "." only between digits ("1,200", "4.75"; "2027..0" is 2027).
    let mut run = String::new();
    let mut chars = w[start..].chars().peekable();
    while let Some(c) = chars.next() {
        let inner_mark = matches!(c, ',' | '.') && chars.peek().is_some_and(char::is_ascii_digit);
        if !(c.is_ascii_digit() || inner_mark) {
            break;
        }
        run.push(c);
    }
    run
}

fn checked_tokens(t: &str) -> Vec<Token> {
    let mut out = Vec::new();
    // Each sentence's first word is checked as an opening word: an item may join two sentences
    // ("… contraception. He said …", shown from "However, he said …").
    for (i, w) in text::sentences(t)
        .into_iter()
        .flat_map(|s| raw_words(s).enumerate())
    {
        if w.chars().any(|c| c.is_ascii_digit()) {
            out.push(Token::Number(number_core(w)));
            continue;
        }
        let first_upper = w.chars().next().is_some_and(char::is_uppercase);
        if !first_upper {
            continue;
        }
        // Possessives: "Harbor's" is checked as "Harbor".
        let base = w
            .split(['\'', '’'])
            .next()
            .map(|b| b.trim_end_matches(|c: char| !c.is_alphanumeric()))
            .filter(|b| !b.is_empty())
            .unwrap_or(w);
        if i == 0 {
            if !text::is_stopword(&base.to_lowercase()) {
                out.push(Token::Initial(base.to_string()));
            }
        } else if base != "I" {
            out.push(Token::Name(base.to_string()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_core::Cited;

    /// Found by the no-panic property test: a possessive after a mark ("Ossai.x!’s") supports
    /// the name a key player repeats without it.
    #[test]
    fn a_possessive_after_a_mark_supports_the_bare_name() {
        let ordinary = std::collections::HashSet::new();
        let support = "\"We will not pay,\" said union president Marguerite Ossai.ꩀﬀ-:豈!𖬀A!’s, ";
        let texts = ["Marguerite Ossai.ꩀﬀ-:豈!𖬀A! / union president"];
        assert!(unsupported_except(&texts, support, &ordinary).is_empty());
    }

    fn docs() -> Vec<Doc> {
        vec![Doc {
            id: "a".into(),
            text: "The Port Authority approved $480 million on Monday. Critics objected.".into(),
            ..Doc::default()
        }]
    }

    fn cited(text: &str, sentence: usize) -> Cited {
        Cited {
            text: text.into(),
            citations: vec![Citation {
                article: "a".into(),
                sentence,
            }],
        }
    }

    #[test]
    fn passes_supported_and_flags_the_rest() {
        let mut d = Digest {
            headline: cited("Port Authority approves $480 million", 0),
            ..Digest::default()
        };
        d.summary.push(cited("Critics objected.", 1));
        assert!(check_digest(&d, &docs()).is_empty());

        d.summary.push(cited("Critics objected on Tuesday.", 1));
        d.summary.push(Cited {
            text: "Uncited claim.".into(),
            citations: vec![],
        });
        d.summary.push(cited("Critics objected.", 7));
        d.takeaways.push(cited("It cost $500 million.", 0));
        let v = check_digest(&d, &docs());
        let problems: Vec<&Problem> = v.iter().map(|v| &v.problem).collect();
        assert_eq!(
            problems,
            vec![
                &Problem::Unsupported("Tuesday".into()),
                &Problem::Uncited,
                &Problem::NoSuchSentence("a".into(), 7),
                // Nothing supports an item whose only citation is broken.
                &Problem::Unsupported("Critics".into()),
                &Problem::Unsupported("500".into()),
            ]
        );
    }

    #[test]
    fn an_opening_word_the_story_writes_in_lower_case_is_not_a_name() {
        let d = Digest {
            headline: cited("Officials approve $480 million", 0),
            ..Digest::default()
        };
        let mut docs = docs();
        assert_eq!(
            check_digest(&d, &docs)
                .iter()
                .map(|v| &v.problem)
                .collect::<Vec<_>>(),
            vec![&Problem::Unsupported("Officials".into())]
        );
        docs.push(Doc {
            id: "b".into(),
            text: "Port officials said the vote was close.".into(),
            ..Doc::default()
        });
        assert!(check_digest(&d, &docs).is_empty());
        // A name stays a name: "Port" is written capitalised everywhere.
        let d = Digest {
            headline: cited("Port approves $480 million", 0),
            ..Digest::default()
        };
        assert!(
            check_digest(&d, &docs).is_empty(),
            "supported by its sentence"
        );
        let d = Digest {
            headline: cited("Harbour approves $480 million", 0),
            ..Digest::default()
        };
        assert_eq!(check_digest(&d, &docs).len(), 1);
    }

    #[test]
    fn each_joined_sentence_opens_with_an_opening_word() {
        // An item that joins a sentence to the one it leans on, shown without its connective
        // ("However, he said …"): "He" opens a sentence, it is no name to support.
        let support = "Morgan said such events were rare. However, he said some cases were real.";
        assert!(unsupported(
            &["Morgan said such events were rare. He said some cases were real."],
            support
        )
        .is_empty());
        // A name after a full stop is still checked.
        assert_eq!(
            unsupported(
                &["Morgan said such events were rare. Then Udry objected."],
                support
            ),
            vec!["Udry".to_string()]
        );
    }

    #[test]
    fn an_abbreviated_title_supports_its_spelled_out_word() {
        assert!(unsupported(&["Senator"], "Sen. Lindsey Graham said on Sunday.").is_empty());
        assert_eq!(
            unsupported(&["Governor"], "Sen. Lindsey Graham said on Sunday."),
            vec!["Governor".to_string()]
        );
    }

    #[test]
    fn glued_words_support_their_words_not_parts_of_numbers() {
        assert!(unsupported(&["Tuesday"], "next Tuesday\u{201c}The council voted.").is_empty());
        assert!(unsupported(&["Tuesday"], "next Tuesday$2.7 billion").is_empty());
        assert_eq!(
            unsupported(&["It hired 200 people."], "It employs 1,200 people."),
            vec!["200".to_string()]
        );
        // A number ends where its digits do ("2027..0" reads 2027).
        assert!(unsupported(&["It starts in 2027."], "It starts in 2027..0").is_empty());
    }

    #[test]
    fn tokens() {
        assert_eq!(
            checked_tokens("Officials said Smith's plan costs $4.2m."),
            vec![
                Token::Initial("Officials".into()),
                Token::Name("Smith".into()),
                Token::Number("4.2".into()),
            ]
        );
    }
}
