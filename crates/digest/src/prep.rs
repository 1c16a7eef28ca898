//! Turns a story's documents into scored-ready sentences.
//!
//! Every digest sentence is a source sentence (or a labelled part of one), so this is where the
//! citation indexes come from: `Sent::idx` is the index into [`storyline_core::text::sentences`] of
//! the document's text. It also drops what a reader never wants quoted: crawl notices, social-media
//! widgets, newsletter and cookie text, captions, bylines and fragments without a verb.

use crate::Doc;
use std::borrow::Cow;
use std::collections::HashMap;
use storyline_core::text;

/// One source sentence with its features.
#[derive(Debug, Clone)]
pub struct Sent<'a> {
    /// Index of the document in the story's `docs`.
    pub doc: usize,
    /// Index into `text::sentences(&docs[doc].text)`.
    pub idx: usize,
    pub text: &'a str,
    /// Whitespace-separated words.
    pub words: usize,
    /// Stemmed content-term ids (with repeats, in order).
    pub terms: Vec<u32>,
    /// Every word's stem id, in order, with whether it is a stop word (for bigram concepts).
    pub all: Vec<(u32, bool)>,
    /// Rank of this sentence among the kept sentences of its document (0 = lede).
    pub rank: usize,
    /// Fit to quote in a digest (not boilerplate, long enough, has a verb-like word).
    pub keep: bool,
    /// A line without closing punctuation in a document written in sentences: a heading (the
    /// article's own headline when it opens the text), a caption or a cut-off line.
    pub heading: bool,
    /// A verbatim repeat, in a later usable document, of this kept sentence (`Some(first)`, its
    /// index in `sents`): wire text another outlet carries. It is not quoted again, but it is that
    /// outlet's word too, so it counts in the story's term statistics and as a match in
    /// perspectives. `None` for every other sentence.
    pub echo_of: Option<usize>,
}

/// A story ready for ranking.
#[derive(Debug)]
pub struct Prepared<'a> {
    pub sents: Vec<Sent<'a>>,
    /// Number of term ids.
    pub vocab: usize,
    /// Per term: how many usable documents contain it (in kept sentences or echoes).
    pub doc_freq: Vec<u32>,
    /// Per term: occurrences over kept sentences and echoes (see [`Sent::echo_of`]).
    pub term_freq: Vec<u32>,
    /// Documents that take part in ranking (not copies, not boilerplate).
    pub usable_docs: Vec<usize>,
    /// Term ids back to their stems (for debugging and labels).
    pub stems: Vec<String>,
}

/// Phrases that mark a sentence as page furniture rather than reporting (lower-case).
const BOILERPLATE: &[&str] = &[
    "tweet with a location",
    "rating is available when the video",
    "add location information",
    "you can add location",
    "twitter may be over capacity",
    "alexa internet",
    "wayback machine",
    "these crawls are part of",
    "crawl data",
    "internet archive",
    "sign up for",
    "subscribe to",
    "our newsletter",
    "newsletter",
    "cookie",
    "click here",
    "all rights reserved",
    "copyright",
    "this material may not be published",
    "may not be published, broadcast",
    "javascript",
    "your browser",
    "media playback is unsupported",
    "share this",
    "share tweet",
    "follow us",
    "follow him on",
    "follow her on",
    "email notifications",
    "get email",
    "breaking news emails",
    "privacy policy",
    "terms of service",
    "terms of use",
    "read more",
    "related:",
    "advertisement",
    "photo:",
    "photograph:",
    "image caption",
    "media caption",
    "getty images",
    "(photo",
    "associated press contributed",
    "contributed to this report",
    "do you have a story",
    "download the app",
    "posted by",
    "comments are closed",
    "leave a comment",
    "story highlights",
    "please enable",
    "log in",
    "sign in",
    "the seed for",
    "continue reading",
    "after the jump",
    "watch the video",
    "video above",
    "rights reserved",
    "inbox",
    "you may also like",
    "trending news",
    "(ap) —",
    "mailing list",
    "contact details",
    "all photos",
    // A gallery's captions ("Hide Caption 3 of 6 Photos: Sinking of the Musashi …").
    "hide caption",
    " photos: ",
    // Credits and corrections of pictures ("CREDIT: AP Photo/Brennan Linsley", "CORRECTS TO
    // REMOVE REFERENCE TO …"), a video's link.
    "ap photo",
    "credit:",
    "corrects to ",
    "[video",
];

/// Words that make a fragment a sentence: common verbs and auxiliaries (lower-case).
const VERBISH: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "can",
    "could", "said", "says", "say", "told", "did", "does", "do", "may", "might", "should", "must",
    "shall", "got", "gets", "get", "made", "make", "makes", "went", "go", "goes", "took", "take",
    "takes", "came", "comes", "come",
];

/// Light English stemmer: folds plurals and common verb/adverb endings so "rates", "rated" and
/// "rating" meet. Not Porter; enough for overlap between sentences of one story.
pub fn stem(w: &str) -> String {
    let n = w.len();
    if n <= 3 || !w.is_ascii() {
        return w.to_string();
    }
    for (suf, keep_min, repl) in [
        ("ational", 4, "ate"),
        ("iveness", 4, "ive"),
        ("fulness", 4, "ful"),
        ("ousness", 4, "ous"),
        ("ization", 4, "ize"),
        ("ations", 4, "ate"),
        ("ation", 4, "ate"),
        ("ements", 4, ""),
        ("ement", 4, ""),
        ("ments", 4, ""),
        ("ment", 4, ""),
        ("ingly", 4, ""),
        ("ies", 3, "y"),
        ("ied", 3, "y"),
        ("ing", 3, ""),
        ("edly", 4, ""),
        ("ly", 4, ""),
        ("ed", 3, ""),
        ("es", 4, "e"),
        ("s", 3, ""),
    ] {
        if let Some(base) = w.strip_suffix(suf) {
            if base.len() >= keep_min
                && !(suf == "s" && (base.ends_with('s') || base.ends_with('u')))
            {
                let mut b = base.to_string();
                // "running" -> "runn" -> "run"
                let bb = b.as_bytes();
                if repl.is_empty()
                    && bb.len() >= 2
                    && bb[bb.len() - 1] == bb[bb.len() - 2]
                    && !matches!(bb[bb.len() - 1], b'l' | b's' | b'z')
                {
                    b.pop();
                }
                b.push_str(repl);
                // "rate" / "rated" / "rating" -> "rat": drop a final e consistently.
                if b.len() > 3 && b.ends_with('e') {
                    b.pop();
                }
                return b;
            }
        }
    }
    let mut b = w.to_string();
    if b.len() > 3 && b.ends_with('e') {
        b.pop();
    }
    b
}

/// Whether a whole document is a crawl notice or widget rather than an article.
pub fn is_boilerplate_doc(text: &str) -> bool {
    let head: String = text.chars().take(400).collect::<String>().to_lowercase();
    [
        "tweet with a location",
        "starting in 1996, alexa internet",
        "these crawls are part of an effort",
        "the seed for wide",
        "the seed for this crawl",
        "the seed list for this crawl",
        "web wide crawl with initial seedlist",
        "media playback is unsupported",
    ]
    .iter()
    .any(|p| head.contains(p))
}

/// Whether one sentence is boilerplate (a newsletter prompt, a share bar, a copyright line: see
/// the `BOILERPLATE` phrases) or a fragment.
pub fn is_boilerplate_sentence(s: &str) -> bool {
    let lower = s.to_lowercase();
    if BOILERPLATE.iter().any(|p| lower.contains(p)) {
        return true;
    }
    if lower.contains("http://") || lower.contains("https://") || lower.contains("www.") {
        return true;
    }
    if s.contains('@') && s.split_whitespace().count() < 12 {
        return true;
    }
    if is_photo_caption(s, &lower) {
        return true;
    }
    // Debris of figures the page drew as images: "the highest average wedding spend ( and ,
    // respectively)".
    if emptied_brackets(s) {
        return true;
    }
    // A page's timestamp line ("Last updated at 6:04 PM on 20th October 2011").
    let stamp = [
        "last updated",
        "updated:",
        "published:",
        "posted:",
        "last modified",
    ]
    .iter()
    .any(|p| lower.trim_start().starts_with(p));
    if stamp && s.split_whitespace().count() < 15 && s.bytes().any(|b| b.is_ascii_digit()) {
        return true;
    }
    false
}

/// A sentence without the video player's or share bar's words the page printed before it ("Skip
/// in Skip x Embed x Share The discovery of …", "SHARE COPY LINK Broward Circuit Judge …"), and
/// without the video's title and running time that follow them ("CLOSE Raw: Extreme cold in
/// northern Minnesota | 0:47 The National Weather Service says …"). What is left is still a
/// piece of the sentence, so it is cited as it was.
pub fn without_widget(s: &str) -> &str {
    const MARKS: &[&str] = &[
        "Skip in Skip x Embed x Share",
        "SHARE COPY LINK",
        "Buy Photo",
    ];
    let Some(after) = MARKS
        .iter()
        .filter_map(|m| s.rfind(m).map(|k| k + m.len()))
        .max()
    else {
        // The player's close button alone: "CLOSE Bone-chilling cold gripped …"; a page's
        // "Updated |" stamp.
        return match s
            .strip_prefix("CLOSE ")
            .or_else(|| s.strip_prefix("Updated | "))
        {
            Some(rest) if rest.starts_with(char::is_uppercase) && !in_capitals(rest) => rest,
            _ => s,
        };
    };
    let mut t = s[after..].trim_start();
    t = t.strip_prefix("CLOSE ").unwrap_or(t).trim_start();
    // "… | 0:47 The National Weather Service …": the running time ends the video's title.
    if let Some((_, rest)) = t.split_once(" | ") {
        let mut words = rest.splitn(2, ' ');
        let time = words.next().unwrap_or("");
        let running = time.split_once(':').is_some_and(|(m, s)| {
            !m.is_empty()
                && m.bytes().all(|b| b.is_ascii_digit())
                && s.len() == 2
                && s.bytes().all(|b| b.is_ascii_digit())
        });
        if running {
            t = words.next().unwrap_or("").trim_start();
        }
    }
    t
}

/// Whether a sentence holds brackets with no word in them but "and" or "or" ("( and ,
/// respectively)", "()"): what stood there was lost.
fn emptied_brackets(s: &str) -> bool {
    bracketed(s).any(|(_, inside)| {
        inside
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .all(|w| matches!(w, "and" | "or" | "respectively"))
    })
}

/// Each bracketed part of a sentence that closes: the text before its opening bracket and the
/// text inside.
pub fn bracketed(s: &str) -> impl Iterator<Item = (&str, &str)> {
    s.match_indices('(').filter_map(move |(at, _)| {
        let len = s[at + 1..].find(')')?;
        Some((&s[..at], &s[at + 1..at + 1 + len]))
    })
}

/// Whether a sentence is a photo's caption rather than prose: it places people in the picture
/// ("Catherine Ashton, left, and …", "Stephanie Kercher (L) and …"), shows what "is seen"
/// in it, says where the photo comes from ("In this photo provided by …"), or dates it the way
/// agencies date pictures ("…, in Sun Lakes, Ariz., Tuesday, Feb. 19, 2013."; prose writes "on
/// Tuesday").
fn is_photo_caption(s: &str, lower: &str) -> bool {
    const PLACED: &[&str] = &[
        ", left,",
        ", right,",
        ", center,",
        ", centre,",
        ", foreground,",
        " from left,",
        " from right,",
        "(left)",
        "(right)",
        "(center)",
        "(l) ",
        "(c) ",
    ];
    const CREDITED: &[&str] = &[
        "in this photo",
        "in this image",
        "in this undated photo",
        "this photo provided by",
        "this photo released by",
        "in this photograph",
        "image released by",
        "file photo",
    ];
    // "From left, actor …" / "From left actor …" opens a group photo's caption.
    if PLACED.iter().any(|p| lower.contains(p)) || lower.trim_start().starts_with("from left") {
        return true;
    }
    // Most sentences name no photo or image: skip those scans then.
    if (lower.contains("photo") || lower.contains("image"))
        && (CREDITED.iter().any(|p| lower.contains(p)) || shown_in_this(lower))
    {
        return true;
    }
    const SEEN_WHERE: &[&str] = &[
        "in", "at", "on", "during", "after", "before", "outside", "inside", "with", "leaving",
        "arriving", "walking", "speaking", "here",
    ];
    let words: Vec<&str> = s.split_whitespace().collect();
    let seen = words.windows(3).any(|w| {
        matches!(w[0], "is" | "are")
            && w[1] == "seen"
            && SEEN_WHERE.contains(&w[2].trim_end_matches([',', '.']))
    });
    if seen {
        return true;
    }
    // "… in Newtown, Connecticut December 14, 2014.", "… released by the State Police, December
    // 27, 2013.": a date that ends the sentence straight after a comma or a town and its state,
    // where prose writes "on December 14, 2014".
    if let [.., town, before, month, day, year] = words[..] {
        let dated = storyline_core::text::month_number(&month.trim_end_matches('.').to_lowercase())
            .is_some()
            && day.strip_suffix(',').is_some_and(|d| {
                (1..=2).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit())
            })
            && year
                .strip_suffix('.')
                .is_some_and(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()));
        let placed = before.ends_with(',')
            || before.starts_with(char::is_uppercase)
                && town.ends_with(',')
                && town.starts_with(char::is_uppercase);
        if dated && placed && month.starts_with(char::is_uppercase) {
            return true;
        }
    }
    // "Tuesday, Feb. 19, 2013": a weekday, a comma, a month, a day and a year, not after "on".
    words.windows(4).enumerate().any(|(k, w)| {
        let weekday = w[0].strip_suffix(',').is_some_and(|d| {
            d.starts_with(|c: char| c.is_uppercase()) && crate::dates::is_weekday(d)
        });
        if !weekday {
            return false;
        }
        let month = storyline_core::text::month_number(&w[1].trim_end_matches('.').to_lowercase())
            .is_some();
        let day = w[2]
            .strip_suffix(',')
            .is_some_and(|d| (1..=2).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()));
        let year = w[3]
            .trim_end_matches([',', '.', ')'])
            .bytes()
            .filter(u8::is_ascii_digit)
            .count()
            == 4;
        let after_on = k > 0 && matches!(words[k - 1], "on" | "On");
        month && day && year && !after_on
    })
}

/// "In this June 21, 2018, photo, …", "… in this evidence photo released by …", "This undated
/// photo provided by …": "this" and, within four words, the photo or image, either after "in"
/// or before who provided, released or took it.
fn shown_in_this(lower: &str) -> bool {
    let words: Vec<&str> = lower.split_whitespace().collect();
    words.iter().enumerate().any(|(k, w)| {
        if *w != "this" {
            return false;
        }
        let after_in = k > 0 && words[k - 1] == "in";
        // Within the phrase "this" opens: no article and no clause's comma before the picture
        // ("In this case, the image of the company suffered"); a date's commas may stand there.
        let phrase = words[k + 1..]
            .iter()
            .take(4)
            .take_while(|w| {
                let article = matches!(**w, "the" | "a" | "an" | "his" | "her" | "its" | "their");
                let date_part = w.bytes().any(|b| b.is_ascii_digit());
                let clause_comma = w.ends_with(',') && !date_part;
                !article && !clause_comma || w.trim_end_matches(',').starts_with("photo")
            })
            .count();
        words
            .iter()
            .enumerate()
            .skip(k + 1)
            .take(phrase)
            .any(|(j, p)| {
                let p = p.trim_end_matches([',', '.']);
                let picture = p.starts_with("photo") || p == "image" || p == "picture";
                let credited = words.get(j + 1).is_some_and(|n| {
                    matches!(
                        *n,
                        "provided" | "released" | "taken" | "obtained" | "made" | "shows"
                    )
                });
                picture && (after_in || credited)
            })
    })
}

/// A sentence cut from a quotation that runs over several sentences, with its quotation marks
/// paired for showing alone: the tail ('They cannot find it," said Ossai.') gets an opening mark
/// and an ellipsis, the head ('"We lose a teacher a week.') its closing mark. Only punctuation is
/// added, so the cited sentence still holds every word. Other sentences are returned as they are.
pub fn mend_quote(s: &str) -> Cow<'_, str> {
    let t = s.trim();
    let straight = t.matches('"').count();
    let open = t.matches('\u{201c}').count();
    let close = t.matches('\u{201d}').count();
    if straight % 2 == 1 {
        if t.starts_with('"') {
            Cow::Owned(format!("{t}\""))
        } else {
            Cow::Owned(format!("\"\u{2026}{t}"))
        }
    } else if close > open {
        Cow::Owned(format!("\u{201c}\u{2026}{t}"))
    } else if open > close && t.starts_with('\u{201c}') {
        Cow::Owned(format!("{t}\u{201d}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// The sentence without a leading wire dateline or credit ("PORT CALDER (Continental Wire) - ",
/// "HALDEN, Nov 8 (Wire) — ", "(CNN) "), as a reader should see it. The citation still names the
/// whole source sentence, which contains every word of the result.
pub fn strip_dateline(s: &str) -> &str {
    let t = s.trim_start();
    // A place in ordinary case before a wire's credit: "Washington (CNN) Vermont Sen. …",
    // "Tokyo (Reuters) - …". Only a wire's name counts ("Apple (AAPL) shares rose" stays).
    let head = match t.char_indices().nth(44) {
        Some((at, _)) => &t[..at],
        None => t,
    };
    if let Some(open) = head.find(" (").filter(|&o| o <= 40) {
        let place = &t[..open];
        let words: Vec<&str> = place.split_whitespace().collect();
        let place_like = (1..=3).contains(&words.len())
            && words.iter().all(|w| {
                w.starts_with(|c: char| c.is_uppercase())
                    && w.trim_end_matches(',')
                        .chars()
                        .all(|c| c.is_alphabetic() || c == '.')
            });
        if let Some(close) = t[open + 2..].find(')') {
            let credit = &t[open + 2..open + 2 + close];
            let wire = matches!(
                credit,
                "CNN" | "AP" | "Reuters" | "AFP" | "CNNMoney" | "Bloomberg" | "UPI" | "AAP" | "PTI"
            );
            let rest = t[open + 3 + close..].trim_start();
            let rest = ["— ", "– ", "- "]
                .iter()
                .find_map(|d| rest.strip_prefix(d))
                .unwrap_or(rest)
                .trim_start();
            if place_like
                && wire
                && rest.starts_with(|c: char| c.is_uppercase() || matches!(c, '"' | '\u{201c}'))
                && rest.split_whitespace().count() >= 3
            {
                return rest;
            }
        }
    }
    let b = t.as_bytes();
    let mut i = 0;
    // Place: words in capitals ("PORT CALDER", "ST. LOUIS").
    let mut caps = 0;
    loop {
        let start = i;
        while i < b.len() && (b[i].is_ascii_uppercase() || matches!(b[i], b'.' | b'\'' | b'-')) {
            i += 1;
        }
        let word = &t[start..i];
        if word.bytes().filter(u8::is_ascii_uppercase).count() >= 2
            && (i == b.len()
                || matches!(b[i], b' ' | b',' | b'(')
                || t[i..].starts_with(['\u{2014}', '\u{2013}']))
        {
            caps += 1;
            if i < b.len() && b[i] == b' ' && b.get(i + 1).is_some_and(u8::is_ascii_uppercase) {
                i += 1;
                continue;
            }
        } else {
            i = start;
        }
        break;
    }
    // Date after the place: ", Nov 8" (short, with a digit).
    if caps > 0 && t[i..].starts_with(", ") {
        let rest = &t[i + 2..];
        let end = rest.find(['(', '—', '–', '-']).unwrap_or(rest.len());
        let date = &rest[..end];
        if end <= 20 && date.chars().any(|c| c.is_ascii_digit()) {
            i += 2 + end;
        }
    }
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    // Credit: "(Continental Wire)", "(AP)".
    let mut credit = false;
    if t[i..].starts_with('(') {
        if let Some(close) = t[i..].find(')').filter(|&c| (2..=40).contains(&c)) {
            let inner = &t[i + 1..i + close];
            if inner.chars().next().is_some_and(char::is_uppercase) {
                credit = true;
                i += close + 1;
            }
        }
    }
    if caps == 0 && !credit {
        return s;
    }
    let rest = t[i..].trim_start();
    let after_dash = ["— ", "– ", "- ", "—", "--"]
        .iter()
        .find_map(|d| rest.strip_prefix(d));
    let body = match after_dash {
        Some(r) => r.trim_start(),
        // Without a dash only a bare credit opens a dateline: "(CNN) The Senate ...".
        None if caps == 0 && credit => rest,
        None => return s,
    };
    if body
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || matches!(c, '"' | '“'))
        && body.split_whitespace().count() >= 3
    {
        body
    } else {
        s
    }
}

/// Whether a sentence ends as prose does: with a full stop, a question or exclamation mark or an
/// ellipsis, possibly inside a closing quotation mark or bracket.
pub fn ends_sentence(s: &str) -> bool {
    let t = s
        .trim_end()
        .trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')', ']']);
    t.ends_with(['.', '!', '?', '\u{2026}', '。', '！', '？'])
}

/// Whether a sentence is written in capitals: at least four words, and nine in ten of its letters
/// upper case (a dateline's "WASHINGTON (AP)" alone does not make one).
pub fn in_capitals(s: &str) -> bool {
    let (mut upper, mut letters) = (0usize, 0usize);
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        upper += usize::from(c.is_uppercase());
    }
    s.split_whitespace().count() >= 4 && letters > 0 && upper * 10 >= letters * 9
}

/// Whether the sentence has a verb-like word (a fragment test for headings and captions).
/// Chinese and Japanese pass: their verbs show in no word ending.
pub fn has_verb(words: &[String]) -> bool {
    words.iter().any(|w| {
        w.chars().any(text::is_cjk_letter)
            || VERBISH.contains(&w.as_str())
            || (w.len() > 4 && (w.ends_with("ed") || w.ends_with("es")))
            || (w.len() > 5 && w.ends_with("ing"))
    })
}

/// A fast, non-cryptographic hasher (FxHash) for the story's small word and n-gram tables.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(b));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
}

/// `HashMap` with [`FxHasher`].
pub type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// Splits and featurises every document of a story.
pub fn prepare<'a>(docs: &'a [Doc]) -> Prepared<'a> {
    // Lower-cased word -> (stem id, stop word); stem -> id.
    let mut words_seen: FxMap<String, (u32, bool)> = FxMap::default();
    let mut vocab: FxMap<String, u32> = FxMap::default();
    let mut stems = Vec::new();
    let mut sents = Vec::new();
    let mut usable_docs = Vec::new();
    // Hash of a sentence's word ids -> its first place (wire copies are cited once).
    let mut seen_sentences: FxMap<u64, usize> = FxMap::default();
    for (d, doc) in docs.iter().enumerate() {
        let boiler_doc = doc.duplicate_of.is_some() || is_boilerplate_doc(&doc.text);
        let mut rank = 0usize;
        let mut doc_kept = 0usize;
        let first = sents.len();
        let doc_sentences = text::sentences(&doc.text);
        // In a document written in sentences, a line with no closing punctuation is a heading, a
        // caption or a cut-off line, not a sentence to quote.
        let punctuated = doc_sentences.iter().any(|s| ends_sentence(s));
        // In a document written in mixed case, a sentence in capitals shouts: a promotion ("FREE
        // STORM TRACKING APP …") or a page's trivia box, not its report.
        let mixed_case = doc_sentences.iter().any(|s| !in_capitals(s));
        for (idx, s) in doc_sentences.into_iter().enumerate() {
            let s = without_widget(s);
            let toks = text::words(s);
            let words = text::word_count(s);
            let mut terms = Vec::with_capacity(toks.len());
            let mut all = Vec::with_capacity(toks.len());
            let mut h = FxHasher::default();
            for t in toks.iter() {
                let (id, stop) = match words_seen.get(t.as_str()) {
                    Some(&v) => v,
                    None => {
                        let st = stem(t);
                        let next = vocab.len() as u32;
                        let id = *vocab.entry(st.clone()).or_insert_with(|| {
                            stems.push(st);
                            next
                        });
                        let v = (id, text::is_stopword(t));
                        words_seen.insert(t.clone(), v);
                        v
                    }
                };
                // Ids are per stem: fold the word itself into the repeat hash.
                std::hash::Hash::hash(t.as_str(), &mut h);
                all.push((id, stop));
                if !stop && t.len() >= 2 {
                    terms.push(id);
                }
            }
            // An exact repeat of an earlier sentence (wire copy) is cited once, at its first place.
            // Only usable documents register sentences: a copy listed before its original must
            // not take the original's sentences from it.
            let norm = std::hash::Hasher::finish(&h);
            let first_place = if toks.is_empty() {
                None
            } else {
                seen_sentences.get(&norm).copied()
            };
            let repeat = first_place.is_some();
            let heading = punctuated && !ends_sentence(s);
            let shouts = mixed_case && in_capitals(s);
            let keep = !boiler_doc
                && !repeat
                && (8..=70).contains(&words)
                && !is_boilerplate_sentence(s)
                && has_verb(&toks)
                && !s.ends_with(':')
                && !heading
                && !shouts
                && terms.len() >= 3;
            if !toks.is_empty() && !boiler_doc {
                seen_sentences.entry(norm).or_insert(sents.len());
            }
            if keep {
                doc_kept += 1;
            }
            sents.push(Sent {
                doc: d,
                idx,
                text: s,
                words,
                terms,
                all,
                rank,
                keep,
                heading,
                echo_of: first_place,
            });
            if keep {
                rank += 1;
            }
        }
        if !boiler_doc && doc_kept > 0 {
            usable_docs.push(d);
        } else {
            for s in &mut sents[first..] {
                s.keep = false;
                s.echo_of = None;
            }
        }
    }
    // An echo is of a kept sentence in another document; the first place's own repeats within
    // one document, and repeats of sentences not fit to quote, are nothing.
    for i in 0..sents.len() {
        if let Some(f) = sents[i].echo_of {
            if !sents[f].keep || sents[f].doc == sents[i].doc {
                sents[i].echo_of = None;
            }
        }
    }
    let n = vocab.len();
    let mut doc_freq = vec![0u32; n];
    let mut term_freq = vec![0u32; n];
    let mut last_doc = vec![usize::MAX; n];
    for s in sents.iter().filter(|s| s.keep || s.echo_of.is_some()) {
        for &t in &s.terms {
            let t = t as usize;
            term_freq[t] += 1;
            if last_doc[t] != s.doc {
                last_doc[t] = s.doc;
                doc_freq[t] += 1;
            }
        }
    }
    Prepared {
        sents,
        vocab: n,
        doc_freq,
        term_freq,
        usable_docs,
        stems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_fold_inflections() {
        assert_eq!(stem("rates"), stem("rated"));
        assert_eq!(stem("rating"), stem("rate"));
        assert_eq!(stem("running"), "run");
        assert_eq!(stem("cities"), "city");
        assert_eq!(stem("bus"), "bus");
    }

    /// One untitled article with `text`.
    fn doc(text: &str) -> Doc {
        Doc {
            id: "a".into(),
            text: text.into(),
            ..Doc::default()
        }
    }

    #[test]
    fn wire_text_is_quoted_once_and_counted_for_every_outlet_carrying_it() {
        let wire = "Rail workers across the northern region walked out on Monday over pay.";
        let mut copy = doc(&format!(
            "{wire} The operator called the walkout regrettable today."
        ));
        copy.duplicate_of = Some("b".into());
        let original = doc(&format!(
            "{wire} The operator called the walkout regrettable today."
        ));
        let other = doc(&format!(
            "{wire} Commuters in Harwick waited for buses in the rain this morning."
        ));
        let docs = [copy, original, other];
        let p = prepare(&docs);
        // The copy listed first takes nothing from its original.
        assert_eq!(p.usable_docs, vec![1, 2]);
        let lead: Vec<&Sent> = p.sents.iter().filter(|s| s.text == wire).collect();
        assert_eq!(lead.len(), 3);
        assert!(!lead[0].keep && lead[0].echo_of.is_none(), "the copy's");
        assert!(lead[1].keep && lead[1].echo_of.is_none(), "the original's");
        let first = p.sents.iter().position(|s| s.doc == 1 && s.text == wire);
        assert!(
            !lead[2].keep && lead[2].echo_of == first,
            "the other outlet's"
        );
        // Both outlets use the wire's words.
        let rail = lead[1].terms[0] as usize;
        assert_eq!(p.doc_freq[rail], 2);
        assert_eq!(p.term_freq[rail], 2);
    }

    #[test]
    fn a_line_without_closing_punctuation_is_a_heading_in_prose_only() {
        let prose = [doc(
            "Bakery chain fires three workers who complained about overtime\n\n\
             The bakery chain fired three plant workers on Monday who had complained about unpaid overtime.",
        )];
        let p = prepare(&prose);
        let flags: Vec<(bool, bool)> = p.sents.iter().map(|s| (s.heading, s.keep)).collect();
        assert_eq!(flags, vec![(true, false), (false, true)]);
        // A text with no closing punctuation anywhere (a feed's bare lines) has no headings.
        let bare = [doc(
            "The bakery chain fired three plant workers on Monday who had complained about overtime",
        )];
        let p = prepare(&bare);
        assert!(p.sents.iter().all(|s| !s.heading && s.keep));
        for (s, ends) in [
            ("It rained.", true),
            ("\"Is it over?\" she asked.", true),
            ("He said: \"We will.\"", true),
            ("(See below.)", true),
            ("It rained\u{2026}", true),
            ("Bakery chain fires three workers", false),
            (
                "Shopping when hungry could be a bad idea (Image: Getty)",
                false,
            ),
        ] {
            assert_eq!(ends_sentence(s), ends, "{s}");
        }
    }

    #[test]
    fn a_sentence_in_capitals_is_quoted_only_from_a_text_all_in_capitals() {
        let kept = |text: &str| -> Vec<bool> {
            prepare(&[doc(text)]).sents.iter().map(|s| s.keep).collect()
        };
        assert_eq!(
            kept(
                "FREE STORM TRACKING APP DOWNLOADED BY SEARCHING FOR THE STATION IN YOUR APP STORE. \
                 A registered sex offender won $3 million with a scratch-off ticket bought on Monday."
            ),
            vec![false, true]
        );
        assert_eq!(
            kept(
                "WASHINGTON (AP) - The Senate approved the spending bill late on Monday after a long debate."
            ),
            vec![true]
        );
        assert_eq!(
            kept("A REGISTERED SEX OFFENDER WON $3 MILLION WITH A SCRATCH-OFF TICKET BOUGHT ON MONDAY."),
            vec![true]
        );
        assert!(in_capitals(
            "EACH TRAIN TRAVELS ABOUT 114,500 MILES A YEAR."
        ));
        assert!(!in_capitals("NASA said the probe was lost."));
        assert!(!in_capitals("HALDEN (AP) -"));
    }

    #[test]
    fn strips_datelines_not_text() {
        for (input, want) in [
            (
                "PORT CALDER (Continental Wire) - The Port Authority approved it.",
                "The Port Authority approved it.",
            ),
            (
                "HALDEN, Nov 8 (Wire) — A magnitude 6.2 earthquake struck.",
                "A magnitude 6.2 earthquake struck.",
            ),
            (
                "WASHINGTON\u{2014}An attorney for the aide said on Thursday that he would cooperate.",
                "An attorney for the aide said on Thursday that he would cooperate.",
            ),
            (
                "WASHINGTON (AP) — The Senate voted late on Monday.",
                "The Senate voted late on Monday.",
            ),
            (
                "LONDON — Prices rose again in March.",
                "Prices rose again in March.",
            ),
            (
                "(CNN) The Senate voted late on Monday.",
                "The Senate voted late on Monday.",
            ),
            (
                "NASA said on Monday it would launch.",
                "NASA said on Monday it would launch.",
            ),
            (
                "The (new) plan - a bold one - passed.",
                "The (new) plan - a bold one - passed.",
            ),
            (
                "US officials said the talks - held in Oslo - failed.",
                "US officials said the talks - held in Oslo - failed.",
            ),
            (
                "Washington (CNN) Vermont Sen. Bernie Sanders praised the pope.",
                "Vermont Sen. Bernie Sanders praised the pope.",
            ),
            (
                "Tokyo (Reuters) - Shares fell on Monday.",
                "Shares fell on Monday.",
            ),
            (
                "Apple (AAPL) shares rose 3 percent on Monday.",
                "Apple (AAPL) shares rose 3 percent on Monday.",
            ),
        ] {
            assert_eq!(strip_dateline(input), want, "{input}");
        }
    }

    #[test]
    fn a_video_player_or_share_bar_before_a_sentence_is_left_out() {
        for (input, want) in [
            (
                "Skip in Skip x Embed x Share The discovery of two slain children was called a tragedy.",
                "The discovery of two slain children was called a tragedy.",
            ),
            (
                "SHARE COPY LINK Broward Circuit Judge Carol-Lisa Phillips also held that the law was broken.",
                "Broward Circuit Judge Carol-Lisa Phillips also held that the law was broken.",
            ),
            (
                "AP 66 of 68 Skip in Skip x Embed x Share CLOSE BABY, IT'S COLD OUTSIDE Raw: Extreme cold | 0:47 The National Weather Service says it is cold.",
                "The National Weather Service says it is cold.",
            ),
            (
                "Buy Photo Genesee County health official Jim Henry called for the tests.",
                "Genesee County health official Jim Henry called for the tests.",
            ),
            (
                "Updated | When the first humans left Africa, they got shorter.",
                "When the first humans left Africa, they got shorter.",
            ),
            (
                "CLOSE Bone-chilling cold gripped much of the U.S. as 2018 began.",
                "Bone-chilling cold gripped much of the U.S. as 2018 began.",
            ),
            (
                "CLOSE ENCOUNTERS OF THE THIRD KIND PLAYS TONIGHT.",
                "CLOSE ENCOUNTERS OF THE THIRD KIND PLAYS TONIGHT.",
            ),
            (
                "The council shared the plan | a table of figures followed.",
                "The council shared the plan | a table of figures followed.",
            ),
        ] {
            assert_eq!(without_widget(input), want, "{input}");
        }
        // Prepared sentences are quoted without them.
        let docs = [Doc {
            id: "a".into(),
            text: "Skip in Skip x Embed x Share The discovery of two slain children was called a senseless tragedy by prosecutors on Monday.".into(),
            ..Doc::default()
        }];
        let p = prepare(&docs);
        assert!(
            p.sents[0].text.starts_with("The discovery"),
            "{}",
            p.sents[0].text
        );
    }

    #[test]
    fn quotes_cut_by_the_splitter_are_paired() {
        let table = [
            (
                "They cannot find it for the people in the classroom,\" said Ossai.",
                "\"\u{2026}They cannot find it for the people in the classroom,\" said Ossai.",
            ),
            (
                "\"The board can find $1.9 million for consultants.",
                "\"The board can find $1.9 million for consultants.\"",
            ),
            (
                "We lose a teacher a week,\u{201d} she said.",
                "\u{201c}\u{2026}We lose a teacher a week,\u{201d} she said.",
            ),
            (
                "\u{201c}We lose a teacher a week.",
                "\u{201c}We lose a teacher a week.\u{201d}",
            ),
            (
                "\"It is over,\" she said of the \"deal\".",
                "\"It is over,\" she said of the \"deal\".",
            ),
            ("No quotation here.", "No quotation here."),
        ];
        for (input, want) in table {
            assert_eq!(mend_quote(input), want, "{input}");
        }
    }

    #[test]
    fn drops_boilerplate() {
        assert!(is_boilerplate_doc(
            "Tweet with a location \n \n You can add location information to your Tweets"
        ));
        assert!(is_boilerplate_sentence("Sign up for our daily newsletter."));
        assert!(is_boilerplate_sentence(
            "Details on her potential 'Dancing' dreams after the jump!"
        ));
        assert!(is_boilerplate_sentence(
            "Hide Caption 2 of 6 Photos: Sinking of the Musashi Musashi leaves Brunei in 1944."
        ));
        assert!(is_boilerplate_sentence(
            "Last updated at 6:04 PM on 20th October 2011"
        ));
        assert!(!is_boilerplate_sentence(
            "The list was last updated on Monday, 3 March."
        ));
        for caption in [
            "European foreign policy chief Catherine Ashton, left, and Iranian Foreign Minister Mohamad Javad Zarif, right, leave a news conference.",
            "Kercher's sister, Stephanie Kercher (L) and brother Lyle Kercher speak during a news conference.",
            "Damage to the container ship is seen after it collided with the USS Fitzgerald.",
            "In this photo provided by the Vatican paper, Pope Francis meets Benedict XVI.",
            "In this June 21, 2018, photo, Speaker Paul Ryan arrives for a news conference.",
            "The car is pictured at the school, in this evidence photo released by the state police.",
            "This undated photo provided by Husky Homestead shows Banjo, a dog that was injured.",
            "A woman kneels with her children outside the church in Newtown, Connecticut December 14, 2014.",
            "(Manhattan) and Long Island have the highest average wedding spend ( and , respectively).",
            "Bill Cosby performs at the Buell Theater CREDIT: AP Photo/Brennan Linsley in Denver.",
            "Davis formally announced her campaign for governor (AP Photo/LM Otero) in Texas.",
            "From left actor Djimon Hounsou, actress Cate Blanchett and actor Kit Harington pose as they arrive.",
            "U.S. Sen. John McCain, R-Ariz., listens to a question during a town hall, Tuesday, Feb. 19, 2013, in Sun Lakes, Ariz.",
        ] {
            assert!(is_boilerplate_sentence(caption), "{caption}");
        }
        for prose in [
            "He is seen by some critics as a vanilla candidate.",
            "State Assembly Speaker Robin Vos (R) said in a TV interview that the card was maxed out.",
            "The council voted on Tuesday, Feb. 19, 2013, to close the plant.",
            "Turn left, then right, at the lights.",
            "Manhattan and Long Island have the highest average spend (about $76,000).",
            "This photo is the only record of the meeting, historians said.",
            "In this case the image of the company suffered, analysts said.",
            "In this case, image rights were sold, analysts said.",
            "The law takes effect on January 1, 2014.",
            "The treaty was signed in Paris, and ratified by Congress May 12, 1784.",
        ] {
            assert!(!is_boilerplate_sentence(prose), "{prose}");
        }
        assert!(!is_boilerplate_sentence(
            "The council approved the budget on Monday."
        ));
    }
}
