//! Sentence splitting and word tokenisation shared by every stage.
//!
//! Citations point at sentences by index, so this splitter is part of the stored data's meaning:
//! changing how it splits changes what old citations point at. Keep changes rare and deliberate.

use std::ops::Range;

/// Words that end with a period but do not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gen", "gov", "sen", "rep", "col", "capt",
    "lt", "sgt", "rev", "hon", "pres", "inc", "ltd", "co", "corp", "vs", "etc", "no", "nos", "fig",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon",
    "tue", "wed", "thu", "fri", "sat", "sun", "e.g", "i.e", "u.s", "u.k", "u.n", "a.m", "p.m",
    "approx", "dept", "est", "mt", "ft", "ave", "blvd", "rd", "univ", "assn", "bros", "ph.d",
];

/// Byte ranges of the sentences of `text`, in order.
///
/// Paragraph breaks (blank lines or single newlines) always end a sentence. Within a paragraph a
/// sentence ends at `.`, `!` or `?` (and the CJK full stops `。！？`), optionally followed by closing
/// quotes or brackets, when the next visible character starts a new sentence. Abbreviations,
/// initials ("J. R. Smith") and decimals ("3.5") do not end a sentence. Ranges are trimmed and never
/// empty.
pub fn sentence_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let bytes = text.as_bytes();
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c == '\n' {
            push_trimmed(text, start, i, &mut out);
            start = i + 1;
            continue;
        }
        let cjk = matches!(c, '。' | '！' | '？');
        if !(cjk || matches!(c, '.' | '!' | '?')) {
            continue;
        }
        // Swallow runs of terminal punctuation and closing quotes/brackets.
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = iter.peek() {
            if matches!(
                d,
                '.' | '!'
                    | '?'
                    | '"'
                    | '\''
                    | '”'
                    | '’'
                    | ')'
                    | ']'
                    | '»'
                    | '」'
                    | '』'
                    | '。'
                    | '！'
                    | '？'
            ) {
                end = j + d.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        if cjk {
            push_trimmed(text, start, end, &mut out);
            start = end;
            continue;
        }
        // A Latin sentence needs whitespace after it, then an upper-case letter, digit or quote.
        let rest = &text[end..];
        let after_ws = rest.trim_start_matches([' ', '\t', '\u{a0}']);
        if after_ws.len() == rest.len() && !rest.is_empty() && !rest.starts_with('\n') {
            continue;
        }
        let next = after_ws.chars().next();
        let starts_sentence = match next {
            None => true,
            Some(n) => {
                n.is_uppercase()
                    || n.is_ascii_digit()
                    || matches!(n, '"' | '“' | '‘' | '\'' | '(' | '[' | '\n' | '—' | '-')
            }
        };
        if !starts_sentence {
            continue;
        }
        if c == '.' && is_abbreviation(text, i, bytes) {
            continue;
        }
        push_trimmed(text, start, end, &mut out);
        start = end;
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

/// The sentences of `text`, in order; see [`sentence_ranges`].
pub fn sentences(text: &str) -> Vec<&str> {
    sentence_ranges(text)
        .into_iter()
        .map(|r| &text[r])
        .collect()
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Range<usize>>) {
    if start >= end {
        return;
    }
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(start + lead..end - trail);
    }
}

/// Whether the period at byte `dot` closes an abbreviation or an initial.
fn is_abbreviation(text: &str, dot: usize, bytes: &[u8]) -> bool {
    let before = &text[..dot];
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '['))
        .map(|p| p + before[p..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    // Single capital letter: an initial ("J.") — but not a sentence-final pronoun "I.".
    let mut chars = word.chars();
    if let (Some(first), None) = (chars.next(), chars.next()) {
        if first.is_uppercase() && first != 'I' {
            return true;
        }
    }
    let lower = word.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    // Dotted acronyms like "U.S" (the final dot is the one being examined).
    if word.len() <= 6 && word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2) {
        return true;
    }
    let _ = bytes;
    false
}

/// Lower-cased word tokens (letters and digits, inner apostrophes and hyphens dropped), in order.
/// Chinese and Japanese, written without spaces, give one token per pair of neighbouring letters
/// ("四川雅安" -> 四川, 川雅, 雅安; a lone letter is its own token), as search engines read them.
pub fn words(text: &str) -> Vec<String> {
    split_words(text, true)
}

/// Lower-cased words as a full-text index built on spaces reads them (SQLite's `unicode61`,
/// PostgreSQL's parser): like [`words`], but a Chinese or Japanese run stays one word.
pub fn index_words(text: &str) -> Vec<String> {
    split_words(text, false)
}

/// The pairs of neighbouring letters of a run of Chinese or Japanese letters ("四川雅安" ->
/// 四川, 川雅, 雅安), or the run itself when it is one letter: how [`words`] reads such a run.
pub fn letter_pairs(run: &str) -> impl Iterator<Item = &str> {
    let bounds: Vec<usize> = run
        .char_indices()
        .map(|(i, _)| i)
        .chain([run.len()])
        .collect();
    let letters = bounds.len() - 1;
    let pairs = match letters {
        0 => 0,
        1 => 1,
        n => n - 1,
    };
    (0..pairs).map(move |k| &run[bounds[k]..bounds[(k + 2).min(letters)]])
}

fn split_words(text: &str, pairs: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    // Byte offset where the current run of Chinese or Japanese letters began.
    let mut run: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if pairs && is_cjk_letter(c) {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            run.get_or_insert(i);
            continue;
        }
        if let Some(start) = run.take() {
            out.extend(letter_pairs(&text[start..i]).map(str::to_owned));
        }
        if c.is_alphanumeric() {
            cur.extend(c.to_lowercase());
        } else if (c == '\'' || c == '’') && !cur.is_empty() {
            // "it's" -> "its", "Smith’s" -> "smiths": keep the word together.
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if let Some(start) = run {
        out.extend(letter_pairs(&text[start..]).map(str::to_owned));
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `text` with each run of whitespace made one space, and none at either end.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for w in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// `text` with its whitespace collapsed, cut to at most `max` characters at the last word break
/// that keeps at least half of them (anywhere, for text written without spaces), with "…" for
/// what was cut and no dangling comma or colon before it.
pub fn cut_at_word(text: &str, max: usize) -> String {
    let one_line = collapse_whitespace(text);
    if one_line.chars().count() <= max {
        return one_line;
    }
    let keep = max.saturating_sub(1);
    let end = one_line
        .char_indices()
        .nth(keep)
        .map_or(one_line.len(), |(i, _)| i);
    let head = &one_line[..end];
    let head = match head.rfind(' ') {
        Some(space) if head[..space].chars().count() * 2 >= keep => &head[..space],
        _ => head,
    };
    let head = head.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–' | '—' | '(' | '"' | '“')
    });
    format!("{head}…")
}

/// Number of words in `text`: whitespace-separated words, a run of Chinese or Japanese letters
/// (written without spaces) counting one word per two letters.
pub fn word_count(text: &str) -> usize {
    let mut words = 0;
    let mut cjk = 0;
    for w in text.split_whitespace() {
        let n = w.chars().filter(|&c| is_cjk_letter(c)).count();
        if n == 0 {
            words += 1;
        } else {
            cjk += n;
        }
    }
    words + cjk.div_ceil(2)
}

/// `text` with a space on each side of every Chinese or Japanese letter, so that a full-text
/// index built on spaces (SQLite's `unicode61`, PostgreSQL's parser) reads each letter as a word
/// instead of a whole run as one ("四川雅安发生地震" was one word, which a search for 地震 could not
/// find). A search for a run then asks for its letters side by side (a phrase), which finds the
/// run anywhere in the text. Text without such letters comes back as it is.
pub fn cjk_spaced(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_cjk_letter) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    for c in text.chars() {
        if is_cjk_letter(c) {
            out.push(' ');
            out.push(c);
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A Chinese or Japanese letter (ideograph or kana): scripts written without spaces between
/// words. Korean spaces its words (see [`is_hangul`]).
pub fn is_cjk_letter(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x309F // hiragana
        | 0x30A0..=0x30FA | 0x30FC..=0x30FF // katakana, without the middle dot
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF // ideographs
        | 0x20000..=0x2FFFF)
}

/// A Korean (Hangul) syllable. Korean spaces its words, but writes a noun's particle or a
/// verb's ending in the word ("포항시에서", "발생했다"): a search or a comparison reads a word's
/// beginning, not the word whole.
pub fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7A3)
}

/// English stop words: function words that carry no topic.
pub const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "said",
    "same",
    "says",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "s",
    "t",
    "new",
    "one",
    "two",
    "may",
    "might",
    "must",
    "shall",
    "us",
    "like",
    "get",
    "got",
    "many",
    "much",
    "would",
    "yet",
    "via",
    "per",
    "according",
];

/// Whether `w` (lower-case) is a stop word.
pub fn is_stopword(w: &str) -> bool {
    // STOPWORDS is not sorted, so look words up in a set built once.
    static SET: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
        std::sync::LazyLock::new(|| STOPWORDS.iter().copied().collect());
    SET.contains(w)
}

/// The distinctive words of some titles: lower-case words of more than three letters that are
/// not stop words, and Chinese or Japanese letter pairs. Two titles about one subject share
/// several of them.
pub fn title_terms<'a>(
    titles: impl IntoIterator<Item = &'a str>,
) -> std::collections::BTreeSet<String> {
    titles
        .into_iter()
        .flat_map(words)
        .filter(|w| (w.chars().count() > 3 || w.chars().any(is_cjk_letter)) && !is_stopword(w))
        .collect()
}

/// English weekday names, Monday first.
pub const WEEKDAY_NAMES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// English month names, January first; their first three letters are the abbreviations.
pub const MONTH_NAMES: [&str; 12] = [
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
];

/// The month (1–12) a lower-case word names exactly: a full name, a three-letter abbreviation,
/// or "sept".
pub fn month_number(lower: &str) -> Option<u32> {
    if lower == "sept" {
        return Some(9);
    }
    MONTH_NAMES
        .iter()
        .position(|m| *m == lower || (lower.len() == 3 && m.starts_with(lower)))
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// A stable 64-bit FNV-1a hash, for content hashes that must not change between builds.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Hash of the text with case, punctuation and whitespace normalised away, as 16 hex digits.
pub fn content_hash(text: &str) -> String {
    // Whole runs, as before Chinese and Japanese were read as letter pairs: stored hashes keep
    // their meaning.
    let norm = index_words(text).join(" ");
    format!("{:016x}", fnv1a64(norm.as_bytes()))
}

/// Text with HTML character references decoded: numeric ones (`&#39;`, `&#x2019;`) and the
/// named ones feeds, headline sets and page metadata carry (`&amp;`, `&quot;`, `&rsquo;`, ...).
/// Anything else, a bare `&` included, is kept as written. Borrows when there is nothing to
/// decode.
pub fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    decode_entities_with(s, &|_| None)
}

/// [`decode_entities`] with a table of further named references: `named` gives the code points
/// a name (with its `;`, as `"eacute;"`) stands for, the second 0 when there is one (the HTML
/// table's form).
pub fn decode_entities_with<'a>(
    s: &'a str,
    named: &dyn Fn(&str) -> Option<(u32, u32)>,
) -> std::borrow::Cow<'a, str> {
    if !s.contains('&') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        // A reference is short (the longest HTML name has 31 letters): look for its ';' among
        // the next few bytes only.
        let end = tail.bytes().take(34).position(|b| b == b';');
        let decoded = end.and_then(|e| {
            if let Some(c) = entity(&tail[1..e]) {
                out.push(c);
                return Some(e);
            }
            let (a, b) = named(&tail[1..=e])?;
            let a = char::from_u32(a).filter(|c| *c != '\0')?;
            out.push(a);
            if let Some(b) = char::from_u32(b).filter(|c| *c != '\0') {
                out.push(b);
            }
            Some(e)
        });
        match decoded {
            Some(e) => rest = &tail[e + 1..],
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// The character a reference's name (between `&` and `;`) stands for.
fn entity(name: &str) -> Option<char> {
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "mdash" => '\u{2014}',
        "ndash" => '\u{2013}',
        "rsquo" => '\u{2019}',
        "lsquo" => '\u{2018}',
        "rdquo" => '\u{201d}',
        "ldquo" => '\u{201c}',
        "hellip" => '\u{2026}',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            return char::from_u32(code).filter(|c| *c != '\0');
        }
    };
    Some(c)
}

#[cfg(test)]
mod tests {
    #[test]
    fn month_numbers() {
        for (w, n) in [
            ("january", Some(1)),
            ("mar", Some(3)),
            ("sep", Some(9)),
            ("sept", Some(9)),
            ("december", Some(12)),
            ("marc", None),
            ("ma", None),
            ("mayor", None),
            ("", None),
        ] {
            assert_eq!(super::month_number(w), n, "{w}");
        }
    }

    use super::*;

    #[test]
    fn text_is_cut_at_a_word() {
        for (text, max, want) in [
            ("Mayor resigns", 20, "Mayor resigns"),
            (
                "  Mayor\n  resigns \t after audit ",
                30,
                "Mayor resigns after audit",
            ),
            ("Mayor resigns after audit", 25, "Mayor resigns after audit"),
            ("Mayor resigns after audit", 24, "Mayor resigns after…"),
            ("Mayor resigns, audit finds", 20, "Mayor resigns…"),
            ("The council: a vote on dredging", 14, "The council…"),
            // No break in the second half: cut within the word.
            ("Supercalifragilistic expialidocious", 12, "Supercalifr…"),
            ("四川雅安发生地震，造成多人伤亡", 6, "四川雅安发…"),
            ("Zürich übernimmt die Führung", 15, "Zürich übernim…"),
            ("Zürich übernimmt die Führung", 18, "Zürich übernimmt…"),
            ("", 10, ""),
        ] {
            let got = cut_at_word(text, max);
            assert_eq!(got, want, "{text:?} at {max}");
            assert!(got.chars().count() <= max, "{got:?}");
        }
    }

    #[test]
    fn cjk_letters_are_spaced_for_the_search_index() {
        assert_eq!(cjk_spaced("Quake in Sichuan"), "Quake in Sichuan");
        assert!(matches!(cjk_spaced("plain"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(cjk_spaced("雅安地震"), " 雅  安  地  震 ");
        assert_eq!(cjk_spaced("iPhone发布。"), "iPhone 发  布 。");
        assert_eq!(cjk_spaced("東京タワー"), " 東  京  タ  ワ  ー ");
        // Hangul is written with spaces and stays as it is.
        assert_eq!(cjk_spaced("서울 지진"), "서울 지진");
    }

    #[test]
    fn splits_sentences_table() {
        let cases: &[(&str, &[&str])] = &[
            ("One. Two! Three?", &["One.", "Two!", "Three?"]),
            (
                "Mr. Smith went to Washington. He left.",
                &["Mr. Smith went to Washington.", "He left."],
            ),
            (
                "The U.S. economy grew 3.5 percent. Markets rose.",
                &["The U.S. economy grew 3.5 percent.", "Markets rose."],
            ),
            (
                "\"We won,\" she said. \"Again.\" Then quiet.",
                &["\"We won,\" she said.", "\"Again.\"", "Then quiet."],
            ),
            (
                "Para one ends\n\nPara two. Here",
                &["Para one ends", "Para two.", "Here"],
            ),
            (
                "J. R. Smith scored. Fans cheered.",
                &["J. R. Smith scored.", "Fans cheered."],
            ),
            ("東京は晴れ。大阪は雨。", &["東京は晴れ。", "大阪は雨。"]),
            (
                "It cost $4.2 million in 2024. Officials agreed.",
                &["It cost $4.2 million in 2024.", "Officials agreed."],
            ),
            ("", &[]),
            ("   \n\n  ", &[]),
        ];
        for (input, want) in cases {
            assert_eq!(sentences(input), *want, "input: {input:?}");
        }
    }

    #[test]
    fn ranges_index_the_text() {
        let t = "Alpha beta. Gamma delta!\nEpsilon";
        for r in sentence_ranges(t) {
            assert!(!t[r.clone()].trim().is_empty());
            assert_eq!(t[r.clone()].trim(), &t[r]);
        }
    }

    #[test]
    fn words_and_hash() {
        assert_eq!(
            words("It's 3.5% — Smith’s co-op!"),
            vec!["its", "3", "5", "smiths", "co", "op"]
        );
        assert_eq!(content_hash("Hello,  WORLD"), content_hash("hello world"));
        assert_ne!(content_hash("hello world"), content_hash("hello there"));
    }

    #[test]
    fn chinese_and_japanese_words_are_letter_pairs() {
        assert_eq!(
            words("四川雅安6.1级地震 震 Quake"),
            vec!["四川", "川雅", "雅安", "6", "1", "级地", "地震", "震", "quake"]
        );
        assert_eq!(words("東京で地震"), vec!["東京", "京で", "で地", "地震"]);
        assert_eq!(words("Tokyo東"), vec!["tokyo", "東"]);
        // A search index built on spaces keeps the run whole.
        assert_eq!(index_words("四川雅安 quake"), vec!["四川雅安", "quake"]);
        assert!(title_terms(["四川雅安发生地震"]).contains("地震"));
        // Stored hashes read whole runs.
        assert_ne!(content_hash("四川雅安"), content_hash("四川 川雅 雅安"));
        assert_eq!(word_count("Quake hits the coast"), 4);
        assert_eq!(word_count("四川雅安发生地震"), 4);
        assert_eq!(word_count("Sichuan 四川雅安发生6.1级地震 quake"), 7);
    }

    #[test]
    fn entities_decode_and_the_rest_stays() {
        let cases = [
            (
                "Fed&#39;s Yellen &amp; the markets",
                "Fed's Yellen & the markets",
            ),
            (
                "Quake &#8211; Reuters &#x2014; &rsquo;24",
                "Quake \u{2013} Reuters \u{2014} \u{2019}24",
            ),
            ("AT&T and P&G; R&amp;D", "AT&T and P&G; R&D"),
            ("&unknown; &#xZZ; &#0; &", "&unknown; &#xZZ; &#0; &"),
            ("&#99999999999;", "&#99999999999;"),
            ("no entities", "no entities"),
        ];
        for (raw, want) in cases {
            assert_eq!(decode_entities(raw), want, "{raw}");
        }
        assert!(matches!(
            decode_entities("plain"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
