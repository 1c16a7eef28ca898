//! Golden tests on the demo corpus: every digest passes the citation checker, timelines are in
//! order with dates that follow from the cited text and the publication date, figures are the
//! outlets' own, and perspectives tell the corpus's upbeat articles from its critical ones.
//!
//! The expectations come from the corpus's own labels (`tone`) and from the source text, never
//! from hard-coded prose.

mod common;

use chrono::{Datelike, NaiveDate};
use storyline_core::text;
use storyline_digest::{check::check_digest, dates, digest, figures, lexicon, Options};

#[test]
fn every_demo_digest_passes_the_checker_and_has_its_fields() {
    let all = common::load_stories();
    if all.is_empty() {
        eprintln!(
            "demo corpus not found at {}; skipping",
            common::corpus_dir().display()
        );
        return;
    }
    let mut next_answered = 0;
    for story in &all {
        let docs = common::docs_of(story, &all);
        for words in [None, Some(150)] {
            let d = digest(&docs, &Options { words });
            let v = check_digest(&d, &docs);
            assert!(v.is_empty(), "{}: {:#?}", story.id, v);
        }
        let d = digest(&docs, &Options::default());
        assert!(!d.headline.text.is_empty(), "{}", story.id);
        assert!(
            text::word_count(&d.headline.text) <= 14,
            "{}: {}",
            story.id,
            d.headline.text
        );
        assert!(
            (2..=3).contains(&d.summary.len()),
            "{}: summary {}",
            story.id,
            d.summary.len()
        );
        assert!((3..=5).contains(&d.takeaways.len()), "{}", story.id);
        // Takeaways are facts: a speaker's line may give one of them a voice, not more.
        let quotes = d
            .takeaways
            .iter()
            .filter(|t| t.text.starts_with(['"', '\u{201c}']))
            .count();
        assert!(quotes <= 1, "{}: {quotes} quotations", story.id);
        // Takeaways and why it matters stand alone: no pronoun pointing back ("He said the
        // company would review …"); the stakes are reported, not a speaker's line.
        // "This week, scientists said …" points at the calendar, not back.
        let pronoun = |t: &str| {
            ["He ", "She ", "They ", "It ", "This ", "That "]
                .iter()
                .any(|p| t.starts_with(p))
                && !["This week, ", "This month, ", "This year, "]
                    .iter()
                    .any(|p| t.starts_with(p))
        };
        for t in d.takeaways.iter().chain(&d.why_it_matters) {
            assert!(!pronoun(&t.text), "{}: {}", story.id, t.text);
        }
        // A short summary's later sentences stand alone too: no pronoun pointing back, and a
        // quotation names its speaker after it.
        for t in d.summary.iter().skip(1) {
            assert!(!pronoun(&t.text), "{}: {}", story.id, t.text);
            if let Some(rest) = t.text.strip_prefix(['"', '\u{201c}']) {
                let after = rest.rsplit(['"', '\u{201d}']).next().unwrap_or("");
                assert!(
                    after
                        .split_whitespace()
                        .any(|w| w.starts_with(char::is_uppercase)),
                    "{}: {}",
                    story.id,
                    t.text
                );
            }
        }
        // So do the FAQ's answers; who is involved is told, not quoted.
        for f in &d.faq {
            assert!(!pronoun(&f.answer), "{}: {}", story.id, f.answer);
            if f.question == "Who is involved?" {
                assert!(
                    !f.answer.starts_with(['"', '\u{201c}']),
                    "{}: {}",
                    story.id,
                    f.answer
                );
            }
        }
        for t in &d.why_it_matters {
            assert!(
                !t.text.starts_with(['"', '\u{201c}']),
                "{}: {}",
                story.id,
                t.text
            );
        }
        assert!(
            (3..=5).contains(&d.faq.len()),
            "{}: faq {}",
            story.id,
            d.faq.len()
        );
        // What comes next is reported, not a speaker's line ("A real bank will never ask …").
        for f in d.faq.iter().filter(|f| f.question == "What happens next?") {
            next_answered += 1;
            assert!(
                !f.answer.starts_with(['"', '\u{201c}']),
                "{}: {}",
                story.id,
                f.answer
            );
        }
        assert!(!d.figures.is_empty(), "{}: no figures", story.id);
        assert!(!d.players.is_empty(), "{}: no players", story.id);
        assert!(d.reading_minutes >= 1);
        // "When did it happen?" answers with an event, not a plan for after the newest report:
        // a timeline entry, or another sentence of the day the lead's timeline entry tells.
        let newest = docs.iter().filter_map(|d| d.published).max();
        let what = d.faq.iter().find(|f| f.question == "What happened?");
        for f in d.faq.iter().filter(|f| f.question == "When did it happen?") {
            let event = d
                .timeline
                .iter()
                .find(|e| e.text == f.answer)
                .or_else(|| {
                    d.timeline
                        .iter()
                        .find(|e| what.is_some_and(|w| w.answer == e.text))
                })
                .expect("the answer is a timeline entry or the lead's day");
            // The event's period ("2026-11", "2026-W47") starts on or before the newest report.
            let starts = storyline_digest::dates::period(&event.date_iso).map(|(a, _)| a);
            assert!(
                starts.is_some_and(|a| newest.is_some_and(|n| a <= n.date_naive())),
                "{}: 'when' answered with {} ({})",
                story.id,
                event.date_iso,
                event.text
            );
        }
        let outlets: std::collections::BTreeSet<&str> =
            story.article.iter().map(|a| a.outlet.as_str()).collect();
        assert!(d.perspectives.len() <= outlets.len());
        // The summary opens with a lede, the first sentence of an article (here every article's
        // first sentence is text, not a kicker), and "What happened?" answers with the same.
        let lede = &d.summary[0];
        assert!(
            lede.citations.len() == 1 && lede.citations[0].sentence == 0,
            "{}: summary opens with {:?}",
            story.id,
            lede
        );
        let what = d
            .faq
            .iter()
            .find(|f| f.question == "What happened?")
            .expect("a 'what happened' answer");
        assert_eq!(what.answer, lede.text, "{}", story.id);
    }
    // Every demo story runs on after its reports (a ballot, a ruling, repairs, a next race): the
    // FAQ's five answers must leave room to say what comes next.
    assert!(
        next_answered * 3 >= all.len() * 2,
        "{next_answered} of {} stories say what happens next",
        all.len()
    );
}

#[test]
fn timelines_are_ordered_and_resolved_from_the_cited_text() {
    let all = common::load_stories();
    let mut events = 0;
    for story in &all {
        let docs = common::docs_of(story, &all);
        let d = digest(&docs, &Options::default());
        // Oldest first by the first day of each date's period; every date resolves; one event
        // per date.
        for w in d.timeline.windows(2) {
            let a = dates::period(&w[0].date_iso).expect("resolved date");
            let b = dates::period(&w[1].date_iso).expect("resolved date");
            assert!(a.0 <= b.0, "{}: timeline out of order: {w:?}", story.id);
            assert_ne!(
                w[0].date_iso, w[1].date_iso,
                "{}: same date twice",
                story.id
            );
        }
        for e in &d.timeline {
            assert!(!e.date_text.is_empty(), "{}: {e:?}", story.id);
            // Shown without a wire dateline.
            assert!(
                !e.text.contains("(Continental Wire)"),
                "{}: {e:?}",
                story.id
            );
        }
        for e in &d.timeline {
            events += 1;
            let c = &e.citations[0];
            let doc = docs.iter().find(|x| x.id == c.article).expect("cited doc");
            let sentence = text::sentences(&doc.text)[c.sentence];
            // The event's date is what the resolver makes of the cited sentence.
            let found = dates::find_dates(sentence, doc.published);
            assert!(
                found
                    .iter()
                    .any(|f| f.iso == e.date_iso && f.text == e.date_text),
                "{}: {:?} not from {sentence:?}",
                story.id,
                e
            );
            // Weekday names resolve to that weekday within a week of publication.
            if let (Ok(day), Some(p)) = (
                NaiveDate::parse_from_str(&e.date_iso, "%Y-%m-%d"),
                doc.published,
            ) {
                let gap = (day - p.date_naive()).num_days().abs();
                if e.date_text.ends_with("day") && !e.date_text.contains(' ') {
                    let wd = format!("{:?}", day.weekday());
                    assert!(e.date_text.starts_with(&wd), "{}: {e:?}", story.id);
                    assert!(gap <= 7, "{}: {e:?}", story.id);
                }
            }
        }
    }
    assert!(
        all.is_empty() || events >= all.len(),
        "too few timeline events: {events}"
    );
}

#[test]
fn figures_are_the_outlets_own_and_include_headline_amounts() {
    let all = common::load_stories();
    for story in &all {
        let docs = common::docs_of(story, &all);
        let d = digest(&docs, &Options::default());
        for f in &d.figures {
            let c = &f.citations[0];
            let doc = docs.iter().find(|x| x.id == c.article).expect("cited doc");
            let sentence = text::sentences(&doc.text)[c.sentence];
            assert!(sentence.contains(&f.value), "{}: {f:?}", story.id);
            // The label is the outlet's words: each of them is in the cited sentence.
            for w in f.label.split_whitespace() {
                assert!(
                    sentence.contains(w),
                    "{}: {f:?} not from {sentence:?}",
                    story.id
                );
            }
            assert!(
                !f.label.is_empty() && !f.value.ends_with(','),
                "{}: {f:?}",
                story.id
            );
        }
        // One value per label: two under one label read as a contradiction (the Kelvane quake's
        // story mentions the Tarrow quake's magnitude).
        let mut labels: Vec<String> = d.figures.iter().map(|f| f.label.to_lowercase()).collect();
        labels.sort();
        labels.dedup();
        assert_eq!(
            labels.len(),
            d.figures.len(),
            "{}: {:?}",
            story.id,
            d.figures
        );
        // A year ("the 1889 painting") is a date, not a figure.
        assert!(
            !d.figures
                .iter()
                .any(|f| f.value.len() == 4 && f.value.chars().all(|c| c.is_ascii_digit())),
            "{}: {:?}",
            story.id,
            d.figures
        );
        // An amount or percentage in a majority of titles that the texts also state is a figure.
        let mut counts: std::collections::HashMap<String, usize> = Default::default();
        for doc in &docs {
            if let Some(t) = &doc.title {
                for f in figures::find_figures(t) {
                    if f.value.contains(['$', '%', '€', '£']) || f.value.contains("percent") {
                        *counts.entry(f.value).or_default() += 1;
                    }
                }
            }
        }
        for (v, n) in counts {
            let in_text = docs.iter().any(|x| x.text.contains(&v));
            if n * 2 > docs.len() && in_text {
                assert!(
                    d.figures.iter().any(|f| f.value == v),
                    "{}: headline figure {v} missing from {:?}",
                    story.id,
                    d.figures
                );
            }
        }
    }
}

#[test]
fn tone_labels_agree_with_the_demo_labels() {
    // Every demo article carries the tone its writer gave it (critical, neutral, upbeat). The
    // label of the article's own text, read as critical (critical, negative), neutral, or upbeat
    // (positive, upbeat), should agree; above all, a plain report of bad news (an earthquake's
    // dead, a delayed delivery) is not critical. Measured: 81 of 110 agree, and 1 of 72 neutral
    // reports reads critical; the lexicon before judgment and event words were told apart gave
    // 41 of 110, and 44 of 72.
    let all = common::load_stories();
    let (mut n, mut agree, mut neutral, mut neutral_critical) = (0, 0, 0, 0);
    for story in &all {
        for a in &story.article {
            let (Some(gold), Some(body)) = (&a.tone, &a.body) else {
                continue;
            };
            let (t, words) = lexicon::tone(&format!("{}.\n{}", a.title, body));
            let read = match lexicon::tone_label(t, words) {
                "critical" | "negative" => "critical",
                "positive" | "upbeat" => "upbeat",
                _ => "neutral",
            };
            n += 1;
            agree += usize::from(read == gold);
            if gold == "neutral" {
                neutral += 1;
                neutral_critical += usize::from(read == "critical");
            }
        }
    }
    eprintln!(
        "tone labels agree: {agree}/{n}; neutral read critical: {neutral_critical}/{neutral}"
    );
    if n == 0 {
        return;
    }
    assert!(agree * 10 >= n * 7, "{agree}/{n}");
    assert!(
        neutral_critical * 10 <= neutral,
        "{neutral_critical}/{neutral}"
    );
}

#[test]
fn perspectives_tell_upbeat_from_critical_outlets() {
    let all = common::load_stories();
    let (mut pairs, mut right) = (0, 0);
    for story in &all {
        let docs = common::docs_of(story, &all);
        let d = digest(&docs, &Options::default());
        // An outlet's own claims show its reporting: at most one quotation, and none that leans
        // on the sentence before ("She would have laughed," she said).
        for pv in &d.perspectives {
            let quotes = pv
                .unique_claims
                .iter()
                .filter(|c| c.text.starts_with(['"', '\u{201c}']))
                .count();
            assert!(quotes <= 1, "{}: {pv:?}", story.id);
            for c in &pv.unique_claims {
                assert!(
                    !c.text.contains("\" she said") && !c.text.contains("\" he said"),
                    "{}: {}",
                    story.id,
                    c.text
                );
            }
        }
        let tone_of = |label: &str| -> Vec<f32> {
            story
                .article
                .iter()
                .filter(|a| a.tone.as_deref() == Some(label))
                .filter_map(|a| {
                    let id = format!("{}/{}", a.outlet, a.slug);
                    d.perspectives.iter().find(|p| p.articles.contains(&id))
                })
                .map(|p| p.tone)
                .collect()
        };
        for up in tone_of("upbeat") {
            for crit in tone_of("critical") {
                pairs += 1;
                if up > crit {
                    right += 1;
                } else {
                    eprintln!("{}: upbeat {up} <= critical {crit}", story.id);
                }
            }
        }
    }
    eprintln!("perspective pairs ordered right: {right}/{pairs}");
    // Tone reads judgment words only (see `lexicon`), and an ironic "congratulations" in a
    // critical piece or one "waste" in an upbeat one can still swap a pair: 23 of 25 here.
    assert!(
        right * 10 >= pairs * 9,
        "upbeat outlets must score above critical ones: {right}/{pairs}"
    );
}

#[test]
fn developing_story_timeline_reads_as_its_developments() {
    let all = common::load_stories();
    let Some(story) = all.iter().find(|s| s.id.starts_with("s01-")) else {
        return;
    };
    let docs = common::docs_of(story, &all);
    let d = digest(&docs, &Options::default());
    let first = docs
        .iter()
        .filter_map(|x| x.published)
        .min()
        .expect("dates");
    let last = docs
        .iter()
        .filter_map(|x| x.published)
        .max()
        .expect("dates");
    // Day-precise events within the story's coverage: several, distinct, in order.
    let days: Vec<NaiveDate> = d
        .timeline
        .iter()
        .filter_map(|e| NaiveDate::parse_from_str(&e.date_iso, "%Y-%m-%d").ok())
        .filter(|x| *x >= first.date_naive() && *x <= last.date_naive() + chrono::Duration::days(7))
        .collect();
    assert!(days.len() >= 4, "{:#?}", d.timeline);
    assert!(days.windows(2).all(|w| w[0] < w[1]), "{days:?}");
    // The vote every article after the first reports (Monday after the first article) is there.
    let vote = NaiveDate::from_ymd_opt(2026, 11, 9).expect("date");
    assert!(days.contains(&vote), "{:#?}", d.timeline);
}

#[test]
fn shown_sentences_have_no_wire_datelines() {
    let all = common::load_stories();
    for story in &all {
        let docs = common::docs_of(story, &all);
        let d = digest(&docs, &Options { words: Some(150) });
        let texts = d
            .summary
            .iter()
            .chain(&d.takeaways)
            .chain(&d.agreed)
            .map(|c| c.text.as_str())
            .chain(d.timeline.iter().map(|e| e.text.as_str()))
            .chain(d.faq.iter().map(|f| f.answer.as_str()))
            .chain(std::iter::once(d.headline.text.as_str()));
        for t in texts {
            assert!(
                !t.contains("Wire) -") && !t.contains("Wire) —"),
                "{}: {t}",
                story.id
            );
        }
    }
}

#[test]
fn players_are_people_and_organisations_named_once() {
    let all = common::load_stories();
    for story in &all {
        let docs = common::docs_of(story, &all);
        let d = digest(&docs, &Options::default());
        for p in &d.players {
            assert!(
                matches!(p.kind.as_str(), "person" | "organization"),
                "{}: {p:?}",
                story.id
            );
            // Places ("Meridian City", "Tarrow Basin") are not players.
            let last = p.name.rsplit(' ').next().unwrap_or("");
            assert!(
                !["City", "Basin", "Coast", "Region", "Province"].contains(&last),
                "{}: {p:?}",
                story.id
            );
            // A role is a phrase about the player, not the rest of a clause ("and not at
            // Northgate") nor one cut before an aside ("… overheat and").
            let first = p.role.split(' ').next().unwrap_or("");
            let last = p.role.rsplit(' ').next().unwrap_or("");
            assert!(
                !["and", "or", "but", "not", "at", "in", "on"].contains(&first)
                    && !["and", "or", "but"].contains(&last),
                "{}: {p:?}",
                story.id
            );
            // The outlets that carried the story are its reporters, not its players.
            for doc in &docs {
                // The corpus names outlets by slug ("civic-watchdog").
                let outlet = doc.source.as_deref().unwrap_or("").replace('-', " ");
                assert!(
                    !p.name.eq_ignore_ascii_case(&outlet),
                    "{}: outlet {outlet} listed as a player",
                    story.id
                );
            }
            // No near-duplicate: a player whose name ends another's ("Port Authority").
            for q in &d.players {
                assert!(
                    q.name == p.name || !q.name.ends_with(&format!(" {}", p.name)),
                    "{}: {} and {}",
                    story.id,
                    p.name,
                    q.name
                );
            }
        }
    }
}

#[test]
fn multi_outlet_stories_have_agreed_claims() {
    let all = common::load_stories();
    for story in &all {
        let outlets: std::collections::BTreeSet<&str> =
            story.article.iter().map(|a| a.outlet.as_str()).collect();
        let docs = common::docs_of(story, &all);
        let d = digest(&docs, &Options::default());
        if outlets.len() >= 2 {
            assert!(!d.agreed.is_empty(), "{}: no agreed claims", story.id);
            for c in &d.agreed {
                let cited: std::collections::BTreeSet<&str> = c
                    .citations
                    .iter()
                    .filter_map(|x| docs.iter().find(|d| d.id == x.article))
                    .filter_map(|d| d.source.as_deref())
                    .collect();
                assert!(cited.len() >= 2, "{}: {c:?}", story.id);
            }
        } else {
            assert!(d.agreed.is_empty(), "{}", story.id);
        }
    }
}

#[test]
fn categories_match_the_corpus_labels() {
    let all = common::load_stories();
    let mut right = 0;
    for story in &all {
        let docs = common::docs_of(story, &all);
        let d = digest(&docs, &Options::default());
        if d.category == story.category {
            right += 1;
        } else {
            eprintln!("{}: {} (labelled {})", story.id, d.category, story.category);
        }
    }
    eprintln!("categories right: {right}/{}", all.len());
    // Keyword categories are not perfect; at most one miss on the demo corpus.
    assert!(right + 1 >= all.len(), "{right}/{}", all.len());
}
