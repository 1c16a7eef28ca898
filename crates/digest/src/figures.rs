//! Amounts, percentages and counts, with the clause that says what they measure.
//!
//! A figure is a number with a unit or scale: a currency sign ("$480 million", "€3.5bn"), a percent
//! ("17%", "17 percent"), a scale word ("2.3 million"), or a count of something ("1,200 jobs").
//! Years, days of the month, times and ordinals are not figures. The label is the clause of the
//! source sentence around the number (cut at commas, semicolons and dashes), so it is always the
//! outlet's own words.

/// A figure found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundFigure {
    pub value: String,
    pub label: String,
}

const SCALES: &[&str] = &[
    "million",
    "billion",
    "trillion",
    "thousand",
    "hundred",
    "bn",
    "m",
    "k",
    "percent",
    "per",
    "percentage",
];
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];
const NOT_COUNTED: &[&str] = &[
    "a.m", "p.m", "am", "pm", "o'clock", "years", "year", "yearold", "st", "nd", "rd", "th",
];

/// Words that end a counted noun phrase ("1,200 jobs in the city").
const NOUN_PHRASE_STOPS: &[&str] = &[
    "in", "of", "for", "to", "and", "or", "on", "at", "by", "from", "with", "over", "this", "that",
    "the", "a", "an", "as", "than", "were", "was", "are", "is", "have", "had", "has", "will",
    "would", "who", "which", "could", "can", "since", "after", "before", "per", "each", "but",
];

/// Finds the figures of a sentence.
pub fn find_figures(sentence: &str) -> Vec<FoundFigure> {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let mut out = Vec::new();
    let mut skip_to = 0usize;
    for i in 0..words.len() {
        if i < skip_to {
            continue;
        }
        let w = words[i]
            .trim_matches(|c: char| matches!(c, '(' | ')' | '"' | '“' | '”' | ',' | ';' | ':'));
        let w = w.trim_end_matches('.');
        if !w.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        let currency = w.starts_with(['$', '€', '£', '¥']);
        let core = w.trim_start_matches(['$', '€', '£', '¥']);
        let percent = core.ends_with('%');
        let digits_only = core.trim_end_matches('%');
        // Suffixes such as "4.2bn", "3m".
        let (num, suffix) = split_suffix(digits_only);
        if num.is_empty()
            || !num
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        {
            continue;
        }
        let prev = i
            .checked_sub(1)
            .map(|k| words[k].to_lowercase())
            .unwrap_or_default();
        let prev = prev.trim_matches(|c: char| !c.is_alphanumeric());
        if MONTHS.contains(&prev) {
            continue; // "March 3"
        }
        let next = words
            .get(i + 1)
            .map(|n| {
                n.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .unwrap_or_default();
        if MONTHS.contains(&next.as_str()) || NOT_COUNTED.contains(&next.as_str()) {
            continue;
        }
        let is_year = num.len() == 4
            && !currency
            && !percent
            && num.parse::<u32>().is_ok_and(|y| (1900..=2100).contains(&y));
        if is_year && !SCALES.contains(&next.as_str()) {
            continue;
        }
        let mut end = i;
        let scaled = SCALES.contains(&next.as_str()) || !suffix.is_empty();
        if SCALES.contains(&next.as_str()) {
            end = i + 1;
            if next == "per" && words.get(i + 2).is_some_and(|w| w.starts_with("cent")) {
                end = i + 2;
            }
        }
        let counted_noun = !scaled
            && !currency
            && !percent
            && words.get(i + 1).is_some_and(|n| {
                n.chars().next().is_some_and(|c| c.is_lowercase())
                    && n.trim_matches(|c: char| !c.is_alphabetic()).len() > 2
            });
        if !(currency || percent || scaled || counted_noun) {
            continue;
        }
        // Single-digit plain counts ("3 people") are rarely the story's figures.
        if counted_noun && num.replace([',', '.'], "").len() < 2 {
            continue;
        }
        if counted_noun {
            // The counted noun phrase: lower-case non-stop words, up to three, ending at punctuation.
            end = i;
            while end < i + 3 {
                let Some(n) = words.get(end + 1) else { break };
                let bare = n.trim_end_matches(|c: char| !c.is_alphanumeric());
                if bare.is_empty()
                    || !bare.chars().all(|c| c.is_lowercase() || c == '-')
                    || NOUN_PHRASE_STOPS.contains(&bare)
                {
                    break;
                }
                end += 1;
                if bare.len() != n.len() {
                    break;
                }
            }
            if end == i {
                continue;
            }
        }
        let value = words[i..=end]
            .join(" ")
            .trim_matches(|c: char| {
                matches!(c, '(' | ')' | '"' | '“' | '”' | ',' | ';' | ':' | '.')
            })
            .to_string();
        out.push(FoundFigure {
            label: clause_around(sentence, &value),
            value,
        });
        skip_to = end + 1;
    }
    out
}

fn split_suffix(s: &str) -> (&str, &str) {
    let cut = s
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphabetic())
        .last()
        .map_or(s.len(), |(i, _)| i);
    let (num, suf) = s.split_at(cut);
    if matches!(suf, "" | "m" | "bn" | "k" | "b") {
        (num, suf)
    } else {
        ("", suf)
    }
}

/// The clause of `sentence` containing `value`: cut at `;`, ` — `, ` – ` and at commas, keeping at
/// least five words around it.
pub fn clause_around(sentence: &str, value: &str) -> String {
    let Some(at) = sentence.find(value) else {
        return sentence.to_string();
    };
    // Clause marks: ";", dashes, and commas followed by a space (not "1,200").
    let cut_at = |s: &str, p: usize| -> bool {
        let c = s[p..].chars().next().unwrap_or(' ');
        matches!(c, ';' | '—' | '–') || (c == ',' && s[p + 1..].starts_with(' '))
    };
    let mut start = sentence[..at]
        .char_indices()
        .rev()
        .find(|&(p, _)| cut_at(sentence, p))
        .map_or(0, |(p, c)| p + c.len_utf8());
    let mut end = sentence[at + value.len()..]
        .char_indices()
        .find(|&(p, _)| cut_at(sentence, at + value.len() + p))
        .map_or(sentence.len(), |(p, _)| at + value.len() + p);
    // Too short: widen to the whole sentence.
    if sentence[start..end].split_whitespace().count() < 5 {
        start = 0;
        end = sentence.len();
    }
    sentence[start..end]
        .trim()
        .trim_end_matches(['.', ',', ';'])
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(s: &str) -> Vec<String> {
        find_figures(s).into_iter().map(|f| f.value).collect()
    }

    #[test]
    fn finds_amounts_percentages_counts() {
        assert_eq!(
            values("The board approved $480 million on March 3, 2026, for 1,200 new jobs."),
            vec!["$480 million", "1,200 new jobs"]
        );
        assert_eq!(values("Prices rose 17% in 2025."), vec!["17%"]);
        assert_eq!(values("Turnout fell 4.5 percent."), vec!["4.5 percent"]);
        assert_eq!(
            values("It met at 10 a.m. with 3 members."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn label_is_the_clause() {
        let f = find_figures(
            "After a long debate, the council approved $480 million for the port, officials said.",
        );
        assert_eq!(f[0].label, "the council approved $480 million for the port");
    }
}
