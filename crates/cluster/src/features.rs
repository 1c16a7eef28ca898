//! Turning an article into the numbers the clusterer compares: hashed terms with weights (for
//! topical similarity) and hashed word shingles (for copy detection).
//!
//! Everything is hashed to `u64` up front so that the clusterer never stores strings, and so that
//! one pass over the text serves both dedup and clustering.

use crate::lang::{self, Lang, Languages};
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use std::hash::{Hash, Hasher};

/// One word of the article, in order.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    /// Hash of the lower-cased word exactly as written (for shingles).
    pub exact: u64,
    /// Hash of the lightly stemmed word (for topical terms).
    pub term: u64,
    pub stop: bool,
    /// Capitalised in running text (not sentence-initial), or a number: names, places, figures.
    pub salient: bool,
    /// Capitalised (a name), not a number.
    pub name: bool,
    /// Has a digit (a figure, a year): salient whatever the case of the text.
    pub digit: bool,
    pub in_title: bool,
    /// Written with a capital first letter (wherever it stands).
    pub upper: bool,
    /// A German noun (by its ending, "Erschütterungen", or by the article or number before
    /// it, "der Kreis"): capitalised, but no name.
    pub noun: bool,
    /// A pair of Chinese, Japanese or Korean letters (scripts without capitals).
    pub cjk: bool,
}

impl Token {
    /// Marks a capitalised word as a German noun: no name, and no more weight than any word.
    pub fn make_noun(&mut self) {
        self.noun = true;
        self.name = false;
        self.salient = false;
    }
}

/// Tokenised article.
#[derive(Debug, Default)]
pub(crate) struct Tokens {
    pub toks: Vec<Token>,
    /// Words in the title.
    pub title_words: usize,
    /// Words in the body.
    pub body_words: usize,
    /// The title is in Title Case or capitals (most of its words capitalised): there its
    /// capitals mark no names.
    pub title_case: bool,
    /// The article's language when it is not English (and long enough to tell).
    pub lang: Option<Lang>,
}

fn hash_str(s: &str) -> u64 {
    let mut h = FxHasher::default();
    s.hash(&mut h);
    h.finish()
}

/// Light English suffix folding so that "earthquakes"/"earthquake" and "rulings"/"ruling" meet.
fn stem(w: &str) -> &str {
    let n = w.len();
    if n <= 3 || !w.is_ascii() {
        return w;
    }
    if let Some(s) = w.strip_suffix("ies") {
        if n > 4 {
            return s; // "countries" -> "countr" (and "country" -> "countr" below)
        }
    }
    if w.ends_with('y') && n > 4 {
        return &w[..n - 1];
    }
    if w.ends_with("sses") || w.ends_with("shes") || w.ends_with("ches") || w.ends_with("xes") {
        return &w[..n - 2];
    }
    if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        return &w[..n - 1];
    }
    w
}

/// Stop-word sets built once per clusterer: English, and the other languages' (see `lang`).
#[derive(Debug)]
pub(crate) struct Stopwords(FxHashSet<u64>, Languages);

impl Stopwords {
    pub fn new() -> Self {
        Stopwords(
            storyline_core::text::STOPWORDS
                .iter()
                .map(|w| hash_str(w))
                .collect(),
            Languages::new(hash_str),
        )
    }
}

/// Words read to tell an article's language: its first ones are enough.
const LANG_SAMPLE: usize = 200;

/// Whether a lower-cased word is a day of the week or a month's full name: capitalised, but no
/// name of an event's places or people ("Ministry was warned in September about …" names no
/// one). "May" is left out: it is as often a person (and a stop word).
fn is_calendar_word(lower: &str) -> bool {
    use storyline_core::text::{MONTH_NAMES, WEEKDAY_NAMES};
    lower != "may"
        && (WEEKDAY_NAMES.contains(&lower)
            || MONTH_NAMES.contains(&lower)
            || CALENDAR_ABBREVIATIONS.contains(&lower))
}

/// Month and weekday abbreviations as headlines write them ("Pershing Square Up 11% Through
/// Feb."). "Jun", "Sat" and "Sun" are left out: as often a person's or a paper's name.
const CALENDAR_ABBREVIATIONS: [&str; 19] = [
    "jan", "feb", "mar", "apr", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue",
    "tues", "wed", "thu", "thur", "thurs", "fri",
];

/// Splits title and text into tokens. Single pass, one reused buffer.
pub(crate) fn tokenize(title: &str, text: &str, stop: &Stopwords) -> Tokens {
    let mut out = Tokens {
        toks: Vec::with_capacity((title.len() + text.len()) / 5 + 4),
        ..Tokens::default()
    };
    let mut lang = None;
    loop {
        out.toks.clear();
        scan(title, true, stop, lang, &mut out.toks);
        out.title_words = out.toks.len();
        scan(text, false, stop, lang, &mut out.toks);
        out.body_words = out.toks.len() - out.title_words;
        if lang.is_some() {
            break;
        }
        // Another language's article is read again with its function words as stop words
        // (and its elisions split): English articles, nearly all of a stream, are read once.
        lang = stop
            .1
            .detect(out.toks.iter().take(LANG_SAMPLE).map(|t| (t.exact, t.stop)));
        if lang.is_none() {
            break;
        }
    }
    if lang == Some(Lang::German) {
        german_nouns(&mut out.toks, &stop.1);
    }
    let head = &out.toks[..out.title_words];
    out.title_case = if lang == Some(Lang::German) {
        // German headlines are written in sentence case, with every noun capitalised: the
        // other words (articles, verbs, adjectives) say whether this one is set in capitals.
        let (caps, others) = head
            .iter()
            .filter(|t| !t.noun && !t.digit)
            .fold((0, 0), |(c, n), t| (c + usize::from(t.upper), n + 1));
        caps * 2 > others
    } else {
        head.iter().filter(|t| t.salient).count() * 2 > head.len()
    };
    out.lang = lang;
    out
}

/// In German every noun is capitalised: a capitalised word is a name only when it never
/// follows an article, a determiner or a number (directly or across one adjective: "der
/// örtlichen Behörden") in the article, and does not end as only nouns do. Otherwise two quakes
/// would share their names ("Erdbeben", "Provinz", "Behörden") and nothing else would tell
/// them apart.
fn german_nouns(toks: &mut [Token], langs: &Languages) {
    let leads = |t: &Token| t.digit || langs.is_determiner(t.exact);
    let mut nouns: FxHashSet<u64> = FxHashSet::default();
    for i in 0..toks.len() {
        let t = &toks[i];
        if !t.upper || t.digit || t.stop {
            continue;
        }
        let after = |k: usize| i >= k && leads(&toks[i - k]);
        let adjective = i >= 1 && !toks[i - 1].upper && !toks[i - 1].stop && !toks[i - 1].digit;
        if t.noun || after(1) || (adjective && after(2)) {
            nouns.insert(t.term);
        }
    }
    for t in toks.iter_mut() {
        if nouns.contains(&t.term) && !t.digit {
            t.make_noun();
        }
    }
}

/// A letter that carries grammar, not content: Japanese hiragana (particles and endings) and
/// the commonest Chinese function characters. A pair holding one is a stop term: "已造成" and
/// "造成" then share their content pair and no grammar.
fn is_cjk_function(c: char) -> bool {
    const CHINESE: &str = "的了是在与及已将于也都而并被这那个之其把着还又";
    matches!(c as u32, 0x3040..=0x309F) || CHINESE.contains(c)
}

/// Whether the pair of letters at `k` in a run of Chinese or Japanese letters is a place's
/// name: the two letters before a county's or province's mark ("芦山县", "四川省", "福岡県") or a
/// city's ("雅安市", but not the words that end in 市: "股市", "上市", "城市", nor "市场").
/// Those scripts have no capitals, and places are what tell one quake or flood from another,
/// as capitalised names do in English.
fn cjk_place(letters: &[char], k: usize) -> bool {
    let (Some(&mark), Some(&before)) = (letters.get(k + 2), letters.get(k + 1)) else {
        return false;
    };
    match mark {
        '县' | '縣' | '県' | '省' => true,
        '市' => {
            !"上股超城都门開开闹集早夜黑菜".contains(before)
                && !matches!(letters.get(k + 3), Some('场' | '場'))
        }
        _ => false,
    }
}

fn scan(s: &str, in_title: bool, stop: &Stopwords, lang: Option<Lang>, out: &mut Vec<Token>) {
    let mut buf = String::with_capacity(24);
    // Chinese and Japanese have no spaces between words: a run of their letters gives one term
    // per pair of neighbours ("四川雅安" -> 四川, 川雅, 雅安), as search engines index them, so two
    // reports of one event share terms the way spaced words do. A lone letter is its own term.
    // Byte offset where the current run of such letters began.
    let mut run: Option<usize> = None;
    let mut first_upper = false;
    let mut has_digit = false;
    // Sentence start: the next word's capital letter says nothing about it being a name.
    let mut sentence_start = true;
    let mut pending_start = true;
    let flush = |buf: &mut String,
                 out: &mut Vec<Token>,
                 first_upper: bool,
                 has_digit: bool,
                 sentence_start: bool| {
        if buf.is_empty() {
            return;
        }
        let exact = hash_str(buf);
        let is_stop = stop.0.contains(&exact) || lang.is_some_and(|l| stop.1.is_stop(l, exact));
        let term = hash_str(stem(buf));
        out.push(Token {
            exact,
            term,
            stop: is_stop,
            salient: !is_stop && (has_digit || (first_upper && !sentence_start)),
            name: !is_stop
                && !has_digit
                && first_upper
                && !sentence_start
                && !is_calendar_word(buf),
            digit: has_digit,
            in_title,
            upper: first_upper,
            noun: lang == Some(Lang::German) && first_upper && lang::german_noun_ending(buf),
            cjk: false,
        });
        buf.clear();
    };
    let cjk_tokens = |run: &str, out: &mut Vec<Token>| {
        let letters: Vec<char> = run.chars().collect();
        for (k, pair) in storyline_core::text::letter_pairs(run).enumerate() {
            let h = hash_str(pair);
            let stop = pair.chars().any(is_cjk_function);
            let place = !stop && cjk_place(&letters, k);
            out.push(Token {
                exact: h,
                term: h,
                stop,
                salient: place,
                name: place,
                digit: false,
                in_title,
                upper: false,
                noun: false,
                cjk: true,
            });
        }
    };
    // Korean spaces its words, but writes a noun's particle in the word ("포항시에서"): a Korean
    // word is taken without it and gives a term per pair of letters, as Chinese does, so that
    // "포항시에서" and "포항" share "포항". Byte offset where the current Korean word began.
    let mut hangul: Option<usize> = None;
    let hangul_tokens = |word: &str, out: &mut Vec<Token>| {
        let stem = stop.1.korean_stem(word);
        let place = lang::korean_place(stem);
        let letters = stem.chars().count();
        for (k, pair) in storyline_core::text::letter_pairs(stem).enumerate() {
            let h = hash_str(pair);
            // A lone letter ("등", "수", "것") is grammar, or too short to tell anything.
            let grammar = letters < 2 || stop.1.is_korean_stop(h);
            // The pairs before a place's mark name it ("포항시" -> 포항).
            let name = !grammar && place && k + 2 < letters;
            out.push(Token {
                exact: h,
                term: h,
                stop: grammar,
                salient: name,
                name,
                digit: false,
                in_title,
                upper: false,
                noun: false,
                cjk: true,
            });
        }
    };
    for (i, c) in s.char_indices() {
        if storyline_core::text::is_cjk_letter(c) {
            flush(&mut buf, out, first_upper, has_digit, sentence_start);
            if let Some(start) = hangul.take() {
                hangul_tokens(&s[start..i], out);
            }
            run.get_or_insert(i);
            continue;
        }
        if let Some(start) = run.take() {
            cjk_tokens(&s[start..i], out);
        }
        if storyline_core::text::is_hangul(c) {
            flush(&mut buf, out, first_upper, has_digit, sentence_start);
            hangul.get_or_insert(i);
            continue;
        }
        if let Some(start) = hangul.take() {
            hangul_tokens(&s[start..i], out);
        }
        if c.is_alphanumeric() {
            if buf.is_empty() {
                first_upper = c.is_uppercase();
                has_digit = false;
                sentence_start = pending_start;
                pending_start = false;
            }
            has_digit |= c.is_numeric();
            if c.is_ascii() {
                buf.push(c.to_ascii_lowercase());
            } else {
                buf.extend(c.to_lowercase());
            }
        } else if (c == '\'' || c == '’')
            && !buf.is_empty()
            && lang.is_some_and(|l| lang::elides(l, &buf))
        {
            // "l'armée" -> "l", "armée": the elided article is a word of its own.
            flush(&mut buf, out, first_upper, has_digit, sentence_start);
        } else if (c == '\'' || c == '’') && !buf.is_empty() {
            // "it's" -> "its": keep the word together.
        } else {
            flush(&mut buf, out, first_upper, has_digit, sentence_start);
            if matches!(
                c,
                '.' | '!' | '?' | '\n' | ':' | '"' | '“' | '。' | '！' | '？'
            ) {
                pending_start = true;
            }
        }
    }
    if let Some(start) = run {
        cjk_tokens(&s[start..], out);
    }
    if let Some(start) = hangul {
        hangul_tokens(&s[start..], out);
    }
    flush(&mut buf, out, first_upper, has_digit, sentence_start);
}

/// Sparse unit vector over hashed terms, sorted by term.
#[derive(Debug, Clone, Default)]
pub(crate) struct SparseVec {
    pub terms: Vec<(u64, f32)>,
}

impl SparseVec {
    /// Dot product with a map (a story centroid).
    pub fn dot_map(&self, m: &FxHashMap<u64, f32>) -> f32 {
        self.terms
            .iter()
            .map(|(t, w)| m.get(t).map_or(0.0, |c| c * w))
            .sum()
    }
}

/// Word `k`-shingles of the whole text (stop words kept), hashed, sorted and deduplicated.
pub(crate) fn shingles(toks: &[Token], k: usize) -> Vec<u64> {
    if toks.len() < k {
        return Vec::new();
    }
    let mut out: Vec<u64> = toks
        .windows(k)
        .map(|w| {
            let mut h: u64 = 0x9e37_79b9_7f4a_7c15;
            for t in w {
                h = (h.rotate_left(23) ^ t.exact).wrapping_mul(0x2545_f491_4f6c_dd1d);
            }
            h ^ (h >> 29)
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Size of the intersection of two sorted, deduplicated lists.
pub(crate) fn intersection_len<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_plurals() {
        assert_eq!(stem("earthquakes"), stem("earthquake"));
        assert_eq!(stem("countries"), stem("country"));
        assert_eq!(stem("rulings"), stem("ruling"));
        assert_eq!(stem("boxes"), "box");
        assert_eq!(stem("bus"), "bus");
        assert_eq!(stem("crisis"), "crisis");
    }

    #[test]
    fn chinese_and_japanese_places_are_names() {
        let sw = Stopwords::new();
        let names = |text: &str| -> Vec<String> {
            let letters: Vec<char> = text.chars().collect();
            let t = tokenize("", text, &sw);
            // One run of letters: token k is the pair at letter k.
            assert_eq!(t.toks.len(), letters.len() - 1, "{text}");
            t.toks
                .iter()
                .enumerate()
                .filter(|(_, t)| t.name && t.salient)
                .map(|(k, _)| letters[k..k + 2].iter().collect())
                .collect()
        };
        let table: &[(&str, &[&str])] = &[
            ("四川雅安市芦山县发生地震", &["雅安", "芦山"]),
            ("云南大理州漾濞县发生地震", &["漾濞"]),
            ("广东省发布暴雨预警", &["广东"]),
            ("福岡県で大雨", &["福岡"]),
            // Words that end in 市, and the market, are no city.
            ("美国股市大跌", &[]),
            ("这家公司上市首日大涨", &[]),
            ("城市交通拥堵", &[]),
            ("国内市场需求回升", &[]),
        ];
        for (text, want) in table {
            assert_eq!(names(text), want.to_vec(), "{text}");
        }
    }

    #[test]
    fn korean_words_lose_their_particles() {
        let sw = Stopwords::new();
        for (word, stem) in [
            ("포항시에서는", "포항시"),
            ("지진이", "지진"),
            ("주민들은", "주민"),
            ("발생했다", "발생"),
            ("선포하는", "선포"),
            // Two letters are always left: these are whole words.
            ("국가", "국가"),
            ("있다", "있다"),
            // Endings that whole nouns also end in are not taken off.
            ("한반도", "한반도"),
            ("경찰서", "경찰서"),
        ] {
            assert_eq!(sw.1.korean_stem(word), stem, "{word}");
        }
        let terms = |text: &str| -> Vec<(u64, bool, bool)> {
            tokenize("", text, &sw)
                .toks
                .iter()
                .map(|t| (t.term, t.stop, t.name))
                .collect()
        };
        // "포항시에서" and "포항" share 포항, and it is a name, as is the town of "흥해읍"; "북구"
        // is too short to be one, and "정부군" (government troops), "경제활동인구" (the working
        // population) and "국제기구" (an international body) are none.
        let short = terms("포항 흥해");
        assert_eq!(short.len(), 2);
        let long = terms("경북 포항시에서 북구 흥해읍 정부군 경제활동인구 국제기구");
        let names: Vec<u64> = long.iter().filter(|t| t.2).map(|t| t.0).collect();
        assert_eq!(names, [short[0].0, short[1].0]);
        // Grammar, lone letters and the pairs of "밝혔다" ("said") are stop terms.
        assert!(terms("밝혔다 등 있다").iter().all(|t| t.1));
        assert!(terms("지진 발생").iter().all(|t| !t.1));
    }

    #[test]
    fn german_nouns_are_no_names() {
        let sw = Stopwords::new();
        let text = "Ein Erdbeben der Stärke 6,1 hat am Montag den Kreis Lushan in der Provinz \
                    Sichuan erschüttert. Nach Angaben der örtlichen Behörden wurden vier Menschen \
                    verletzt. Die Erschütterungen waren auch in Chengdu zu spüren.";
        let t = tokenize("", text, &sw);
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        assert_eq!(words.len(), t.toks.len());
        let names: Vec<&str> = words
            .iter()
            .zip(&t.toks)
            .filter(|(_, t)| t.name)
            .map(|(w, _)| w.as_str())
            .collect();
        // Nouns after an article, an adjective or a number, or with a noun's ending, are not
        // names; places are. ("Angaben" follows a preposition, as names do.)
        assert_eq!(names, ["lushan", "sichuan", "angaben", "chengdu"]);
        // The function words are stop words of a German article.
        let stops: Vec<&str> = words
            .iter()
            .zip(&t.toks)
            .filter(|(_, t)| t.stop)
            .map(|(w, _)| w.as_str())
            .take(6)
            .collect();
        assert_eq!(stops, ["ein", "der", "hat", "am", "den", "in"]);
        // A German headline capitalises its nouns, and is no Title Case for that: its names
        // ("Sichuan") count as a sentence-case headline's do.
        let t = tokenize(
            "Erdbeben der Stärke 6,1 erschüttert Provinz Sichuan",
            text,
            &sw,
        );
        assert!(!t.title_case);
        let t = tokenize(
            "ERDBEBEN DER STÄRKE 6,1 ERSCHÜTTERT PROVINZ SICHUAN",
            text,
            &sw,
        );
        assert!(t.title_case);
    }

    #[test]
    fn french_elisions_are_words_of_their_own() {
        let sw = Stopwords::new();
        let terms = |text: &str| -> Vec<u64> {
            tokenize("", text, &sw)
                .toks
                .iter()
                .filter(|t| !t.stop)
                .map(|t| t.term)
                .collect()
        };
        let a = terms("Le chef de l'armée a démissionné dans la nuit, selon le ministère.");
        let b = terms("Le chef de cette armée a démissionné dans la nuit, selon le ministère.");
        assert_eq!(a, b);
        // English keeps "it's" and "O'Brien" whole.
        let t = tokenize(
            "",
            "It's O'Brien's call, and the team says it is done.",
            &sw,
        );
        assert_eq!(t.toks[0].exact, hash_str("its"));
        assert_eq!(t.toks[1].exact, hash_str("obriens"));
    }

    #[test]
    fn marks_names_not_sentence_starts() {
        let sw = Stopwords::new();
        let t = tokenize("", "The court in Denver ruled. Judges met 12 times.", &sw);
        let salient: Vec<bool> = t.toks.iter().map(|t| t.salient).collect();
        // The, court, in, Denver, ruled, Judges, met, 12, times
        assert_eq!(
            salient,
            vec![false, false, false, true, false, false, false, true, false]
        );
    }

    #[test]
    fn days_and_months_are_no_names() {
        let sw = Stopwords::new();
        let t = tokenize(
            "Ministry was warned in September by Halbrook on Monday",
            "",
            &sw,
        );
        let names: Vec<bool> = t.toks.iter().filter(|t| !t.stop).map(|t| t.name).collect();
        // ministry (opens), warned, september, halbrook, monday
        assert_eq!(names, vec![false, false, false, true, false]);
        // Abbreviated: "Feb." named no one, and two unrelated headlines shared it as a name.
        let t = tokenize(
            "Airline dropped flights in Feb. and Sept., says Halbrook on Wed.",
            "",
            &sw,
        );
        let names: Vec<bool> = t.toks.iter().filter(|t| !t.stop).map(|t| t.name).collect();
        // airline (opens), dropped, flights, feb, sept, halbrook, wed
        assert_eq!(names, vec![false, false, false, false, false, true, false]);
    }

    #[test]
    fn shingles_and_overlap() {
        let sw = Stopwords::new();
        let a = tokenize("", "one two three four five", &sw);
        let b = tokenize("", "ONE two three four six", &sw);
        let sa = shingles(&a.toks, 3);
        let sb = shingles(&b.toks, 3);
        assert_eq!(sa.len(), 3);
        assert_eq!(intersection_len(&sa, &sb), 2);
    }

    #[test]
    fn chinese_and_japanese_read_as_letter_pairs() {
        let sw = Stopwords::new();
        let terms = |s: &str| -> Vec<(u64, bool)> {
            tokenize("", s, &sw)
                .toks
                .iter()
                .map(|t| (t.term, t.stop))
                .collect()
        };
        // 四川, 川雅, 雅安 | 6, 1 | 级地, 地震
        let t = terms("四川雅安6.1级地震");
        assert_eq!(t.len(), 7);
        assert_eq!(t[0], (hash_str("四川"), false));
        assert_eq!(t[2], (hash_str("雅安"), false));
        assert_eq!(t[6], (hash_str("地震"), false));
        // A pair with a function letter is a stop term; a lone letter between spaces is a term.
        let t = terms("已造成 震 Quake");
        assert_eq!(t[0], (hash_str("已造"), true));
        assert_eq!(t[1], (hash_str("造成"), false));
        assert_eq!(t[2], (hash_str("震"), false));
        assert_eq!(t[3].0, hash_str("quake"));
        // Japanese particles (hiragana) carry no content.
        let t = terms("東京で地震");
        assert_eq!(
            t,
            vec![
                (hash_str("東京"), false),
                (hash_str("京で"), true),
                (hash_str("で地"), true),
                (hash_str("地震"), false)
            ]
        );
        // A trailing lone letter is kept.
        assert_eq!(
            terms("地震 震"),
            vec![(hash_str("地震"), false), (hash_str("震"), false)]
        );
    }
}
