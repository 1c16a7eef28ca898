//! Function words of the languages besides English that a desk's feeds are most often in
//! (German, French, Spanish, Italian, Portuguese, Dutch, Swedish, Polish, Russian, Turkish,
//! Indonesian and Malay, Vietnamese), and how Korean words carry theirs.
//!
//! The clusterer weighs words by how rare they are in the stream. In a desk that reads English
//! and German feeds, "der", "und" and "nicht" are rare, so without this every German article
//! would share its strongest terms with every other: a quake, a football match and a budget
//! were one story. An article's language is told by which function words it uses most (English
//! ones included); the words of that language are then stop words for it, as English ones are
//! for every article.
//!
//! Words that are also English content words ("die", "war", "son", "come") are stop words of
//! their language but never count towards telling it, so an English article about a war is
//! never read as German.

use rustc_hash::FxHashMap;

/// A language whose function words are known (English's are `storyline_core::text::STOPWORDS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    German,
    French,
    Spanish,
    Italian,
    Portuguese,
    Dutch,
    Swedish,
    Polish,
    Russian,
    Turkish,
    /// Indonesian, and Malay, which shares its function words.
    Indonesian,
    Vietnamese,
}

const LANGS: [Lang; 12] = [
    Lang::German,
    Lang::French,
    Lang::Spanish,
    Lang::Italian,
    Lang::Portuguese,
    Lang::Dutch,
    Lang::Swedish,
    Lang::Polish,
    Lang::Russian,
    Lang::Turkish,
    Lang::Indonesian,
    Lang::Vietnamese,
];

/// Each language's function words: (the ones that tell it, the ones that are also English
/// words and only count as stop words once the language is told).
fn words(lang: Lang) -> (&'static [&'static str], &'static [&'static str]) {
    match lang {
        Lang::German => (
            &[
                "der", "das", "und", "ist", "nicht", "von", "ein", "eine", "einen", "einem",
                "einer", "eines", "sich", "auf", "für", "auch", "wird", "werden", "wurde",
                "wurden", "sind", "zu", "bei", "nach", "oder", "aber", "wie", "noch", "nur", "vor",
                "durch", "gegen", "zum", "zur", "vom", "beim", "sie", "wir", "ihr", "ihre",
                "ihren", "ihrem", "ihrer", "sein", "seinen", "seinem", "seiner", "hatte", "haben",
                "hätte", "kann", "können", "muss", "müssen", "soll", "sollen", "dass", "daß",
                "wenn", "weil", "sowie", "bereits", "schon", "sehr", "mehr", "unter", "zwischen",
                "seit", "bis", "jetzt", "hier", "dieser", "diese", "dieses", "diesen", "diesem",
                "keine", "kein", "keinen", "keinem", "keiner", "einige", "einigen", "mehrere",
                "sagte", "laut", "etwa", "sei", "seien", "worden", "habe", "wieder", "dabei",
                "damit",
            ],
            &[
                "die", "war", "hat", "will", "am", "an", "in", "um", "so", "es", "was", "wo", "da",
                "man", "also", "mal", "alle", "allen", "andere", "ab", "als", "denn", "mit", "den",
                "dem", "des", "im", "ins", "er", "seine", "nun", "über", "aus",
            ],
        ),
        Lang::French => (
            &[
                "le", "du", "une", "dans", "pour", "qui", "que", "sur", "pas", "avec", "au", "aux",
                "ce", "cette", "ces", "ils", "elles", "nous", "vous", "été", "sont", "mais", "ou",
                "où", "leur", "leurs", "ses", "selon", "après", "avant", "depuis", "entre", "lors",
                "très", "aussi", "être", "avoir", "qu", "cet", "dont", "lui", "était", "sera",
                "fait", "déjà", "contre", "chez", "ainsi", "alors", "lorsqu", "puisqu", "jusqu",
                "quelques",
            ],
            &[
                "son", "plus", "on", "en", "a", "à", "de", "si", "tout", "tous", "toute", "toutes",
                "même", "sans", "sous", "encore", "l", "d", "c", "j", "n", "s", "m", "t", "y",
                "la", "les", "des", "un", "et", "est", "par", "il", "elle", "ont", "sa", "se",
                "ne",
            ],
        ),
        Lang::Spanish => (
            &[
                "que", "y", "una", "unos", "unas", "por", "para", "su", "sus", "más", "pero",
                "como", "este", "esta", "estos", "estas", "ese", "esos", "esas", "fue", "había",
                "sobre", "entre", "también", "tras", "desde", "hasta", "muy", "porque", "cuando",
                "donde", "según", "ni", "está", "están", "ser", "sido", "dijo", "aunque",
                "durante", "contra", "sino", "otro", "otra", "otros", "otras",
            ],
            &[
                "en", "de", "la", "es", "son", "sin", "no", "o", "a", "le", "mi", "me", "solo",
                "el", "los", "las", "del", "un", "con", "se", "al", "lo", "esa", "ha", "han", "ya",
                "les", "hay",
            ],
        ),
        Lang::Italian => (
            &[
                "del", "che", "di", "il", "gli", "della", "dei", "delle", "degli", "dello", "alla",
                "alle", "allo", "nel", "nella", "nei", "nelle", "dal", "dalla", "dai", "sul",
                "sulla", "una", "hanno", "sono", "anche", "più", "questo", "questa", "questi",
                "quello", "quella", "dopo", "tra", "fra", "essere", "stato", "stata", "loro",
                "suo", "sua", "suoi", "è", "della", "nell", "sull", "dall", "quell", "perché",
                "quando", "secondo", "ancora", "già", "molto",
            ],
            &[
                "la", "le", "lo", "i", "e", "da", "come", "era", "in", "a", "o", "se", "mi", "ti",
                "al", "ai", "un", "uno", "per", "con", "non", "si", "ha", "ma", "ci", "ne", "sue",
                "dell", "all", "dove", "ed",
            ],
        ),
        Lang::Portuguese => (
            &[
                "das", "uma", "uns", "umas", "é", "que", "por", "para", "pelo", "pela", "pelos",
                "pelas", "mais", "como", "foi", "são", "ao", "aos", "seu", "sua", "seus", "suas",
                "ele", "ela", "eles", "elas", "não", "também", "já", "entre", "sobre", "até",
                "quando", "onde", "isso", "este", "esta", "está", "estão", "ser", "ter", "tem",
                "têm", "muito", "ainda", "disse", "segundo", "após", "foram", "pode",
            ],
            &[
                "o", "a", "as", "e", "no", "de", "se", "os", "do", "da", "dos", "em", "na", "nos",
                "nas", "um", "com", "sem",
            ],
        ),
        Lang::Dutch => (
            &[
                "het", "een", "dat", "te", "voor", "niet", "zijn", "aan", "ook", "bij", "maar",
                "nog", "naar", "uit", "wordt", "worden", "werd", "werden", "heeft", "hebben",
                "deze", "wel", "geen", "hij", "zij", "ze", "wij", "haar", "kunnen", "moet", "zou",
                "zullen", "meer", "onder", "tegen", "tussen", "omdat", "volgens", "alleen",
            ],
            &[
                "die", "in", "is", "wat", "had", "kan", "al", "na", "over", "we", "was", "so",
                "de", "en", "van", "op", "met", "er", "als", "door", "om", "dan", "dit", "tot",
                "hun",
            ],
        ),
        Lang::Swedish => (
            &[
                "och", "att", "som", "på", "är", "för", "har", "inte", "ett", "jag", "sig", "från",
                "så", "när", "säger", "också", "efter", "eller", "sina", "där", "mot", "ska",
                "skulle", "kommer", "får", "finns", "vara", "hade", "alla", "andra", "mycket",
                "än", "här", "då", "över", "bara", "enligt", "blev", "blir", "varit", "deras",
                "detta", "denna", "dessa",
            ],
            &[
                "en", "den", "de", "om", "var", "man", "in", "under", "kan", "år", "det", "av",
                "med", "till", "han", "hon", "men", "vi", "nu", "vid", "ut", "sedan",
            ],
        ),
        Lang::Polish => (
            &[
                "się", "nie", "że", "jest", "tak", "za", "czy", "jego", "przez", "jej", "już",
                "tylko", "ich", "być", "był", "była", "było", "może", "są", "dla", "który",
                "która", "które", "którzy", "także", "oraz", "też", "jako", "gdy", "bardzo", "tym",
                "przed", "ze", "tego", "tej", "jednak", "według", "jeszcze", "będzie", "można",
                "został", "została",
            ],
            &[
                "i", "w", "z", "a", "o", "do", "to", "co", "go", "we", "te", "jak", "po", "od",
                "ale", "pod", "na", "ten",
            ],
        ),
        Lang::Russian => (
            &[
                "и",
                "в",
                "во",
                "не",
                "что",
                "он",
                "на",
                "с",
                "со",
                "как",
                "а",
                "то",
                "все",
                "она",
                "так",
                "его",
                "но",
                "да",
                "к",
                "у",
                "же",
                "вы",
                "за",
                "бы",
                "по",
                "только",
                "ее",
                "её",
                "было",
                "от",
                "еще",
                "ещё",
                "нет",
                "о",
                "об",
                "из",
                "ему",
                "когда",
                "даже",
                "ли",
                "если",
                "уже",
                "или",
                "ни",
                "быть",
                "был",
                "была",
                "были",
                "до",
                "там",
                "себя",
                "может",
                "они",
                "где",
                "есть",
                "для",
                "мы",
                "их",
                "чем",
                "будет",
                "под",
                "кто",
                "этот",
                "этого",
                "этой",
                "этом",
                "эти",
                "того",
                "тем",
                "чтобы",
                "при",
                "после",
                "над",
                "через",
                "про",
                "также",
                "более",
                "между",
                "который",
                "которая",
                "которые",
                "которых",
                "года",
                "заявил",
                "сообщил",
            ],
            &[],
        ),
        Lang::Turkish => (
            &[
                "ve",
                "bir",
                "için",
                "ile",
                "olarak",
                "çok",
                "daha",
                "gibi",
                "olan",
                "kadar",
                "sonra",
                "ise",
                "değil",
                "şu",
                "ki",
                "göre",
                "diye",
                "üzere",
                "tarafından",
                "olduğu",
                "olduğunu",
                "ancak",
                "ayrıca",
                "veya",
                "yılında",
                "dedi",
                "oldu",
                "yeni",
                "ilk",
                "tüm",
            ],
            &[
                "de", "da", "ne", "o", "en", "var", "yok", "mi", "bu", "ama", "her", "eden",
            ],
        ),
        Lang::Indonesian => (
            &[
                "yang",
                "ke",
                "dari",
                "untuk",
                "dengan",
                "ini",
                "itu",
                "pada",
                "dalam",
                "tidak",
                "akan",
                "oleh",
                "juga",
                "karena",
                "kerana",
                "atau",
                "bahwa",
                "bahawa",
                "sebagai",
                "adalah",
                "telah",
                "sudah",
                "bisa",
                "boleh",
                "dapat",
                "mereka",
                "kami",
                "kita",
                "saat",
                "setelah",
                "namun",
                "lebih",
                "seperti",
                "antara",
                "tersebut",
                "masih",
                "hingga",
                "sejak",
                "secara",
                "yakni",
                "yaitu",
                "menjadi",
                "belum",
                "tak",
                "sementara",
                "sebelum",
                "terhadap",
                "bagi",
                "serta",
                "hanya",
                "jika",
                "kepada",
            ],
            &["dan", "di", "ada", "para", "kata"],
        ),
        Lang::Vietnamese => (
            &[
                "của", "và", "là", "các", "những", "trong", "được", "có", "cho", "với", "không",
                "này", "đã", "một", "để", "khi", "đến", "từ", "về", "cũng", "nhưng", "sẽ", "vào",
                "như", "nhiều", "sau", "đó", "bị", "tại", "thì", "mà", "nên", "rằng", "lại", "còn",
                "phải", "chỉ", "đang", "hơn", "bởi", "nếu", "vì", "trên", "dưới", "giữa",
            ],
            &["theo", "ra"],
        ),
    }
}

/// Articles, determiners and numbers a German noun follows ("der Kreis", "ein Erdbeben", "vier
/// Menschen"): in German every noun is capitalised, and one that follows these is no name.
const GERMAN_DETERMINERS: &[&str] = &[
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
    "im", "am", "zum", "zur", "vom", "beim", "ins", "ans", "ums", "aufs", "fürs", "übers",
    "durchs", "kein", "keine", "keinen", "keinem", "keiner", "dieser", "diese", "dieses", "diesen",
    "diesem", "jeder", "jede", "jedes", "jeden", "jedem", "sein", "seine", "seinen", "seinem",
    "seiner", "ihr", "ihre", "ihren", "ihrem", "ihrer", "unser", "unsere", "unseren", "alle",
    "allen", "viele", "vielen", "mehrere", "einige", "einigen", "beide", "beiden", "zwei", "drei",
    "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "hundert", "tausend", "hunderte",
    "tausende", "dutzende", "mehr", "weniger", "wenige", "weitere", "weiteren", "andere",
    "anderen", "manche",
];

/// Endings only German nouns have ("Erschütterungen", "Behörde" does not need one).
const GERMAN_NOUN_ENDINGS: &[&str] = &[
    "ung", "ungen", "heit", "heiten", "keit", "keiten", "schaft", "schaften", "tion", "tionen",
    "tät", "täten", "nis", "nisse", "tum", "ismus", "chen",
];

/// What the French and Italian elisions before an apostrophe are ("l'armée", "dell'anno"):
/// the word after them is a word of its own.
const ELISIONS: &[&str] = &[
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "lorsqu", "puisqu", "jusqu", "dell", "all",
    "nell", "sull", "dall", "quell", "un",
];

/// Particles and endings a Korean word carries after its stem, separated by spaces ("포항시에서"
/// is "포항시" and "in"; "발생했다" is "발생" and "did"). Korean writes them in one word with the
/// noun or verb, so without taking them off, "포항시에서" and "포항시를" share nothing. Only
/// endings that few nouns end in are here: "도" ("also") and "서" (a short "에서") are left out,
/// since "한반도" and "경찰서" end in them.
const KOREAN_SUFFIXES: &str =
    "에서는 에서도 에서의 으로는 으로도 으로서 으로써 에게서 에게는 까지는 부터는 이라고 \
     이라는 이라며 들에게 했다고 한다고 됐다고 했으며 됐으며 하면서 하겠다 하기로 했지만 \
     에서 에게 으로 까지 부터 보다 처럼 만큼 께서 한테 에는 에도 \
     와의 과의 이나 이며 이고 라고 라는 라며 들은 들이 들을 들의 \
     들도 들과 들에 했다 한다 된다 됐다 하는 하고 하며 했고 했던 \
     되는 되고 되며 됐고 해야 하기 하지 은 는 이 가 을 \
     를 의 에 와 과 로 들 한 된 할 될 해";

/// Letter pairs of Korean words that carry grammar or time, not content, separated by spaces
/// ("있다", "밝혔다", "이번", "지난해"). In a stream of English articles they are rare, so they
/// would otherwise tie Korean articles to each other, as German function words did.
const KOREAN_STOP_PAIRS: &str = "있다 없다 했다 한다 이다 였다 이번 지난 이날 또한 그러 러나 \
     하지 지만 때문 위해 대해 통해 따라 관련 가장 이후 당시 현재 \
     밝혔 혔다 말했 전했 했으 으며 것으 으로 에서 이라 라고 다고 \
     하는 하고 있는 있으 으나 것이 것을 것은 그는 그가 이를 이에 \
     한편 또는 오늘 올해 내년 작년 최근 이상 이하 정도 같은 다른 \
     모든 어떤 않았 않는 않고 못했";

/// Two-letter words ending in 시 or 구 that end compounds too ("경제활동인구", the working
/// population; "공동연구", joint research; "국제기구", an international body): no place's mark.
const KOREAN_NOT_PLACES: &str = "연구 인구 요구 가구 도구 지구 추구 친구 출구 입구 기구 항구 \
     실시 개시 동시 표시 지시 무시 감시 전시 게시 도시 당시 즉시 잠시 수시 역시 다시 혹시 일시 \
     임시 제시 응시 중시 경시";

/// Whether a Korean stem is a city's, a district's or a town's name: three letters or more
/// ending in 시, 구 or 읍 ("포항시", "강남구", "흥해읍"; "당시" and "연구" have two, and
/// "공동연구" ends in a word of its own). Korean has no capitals, and places are what tell one
/// quake from another. Counties (군) and provinces (도) are left out: "정부군" (government troops)
/// and "지지도" (approval rating) end the same way.
pub(crate) fn korean_place(stem: &str) -> bool {
    if !stem.ends_with(['시', '구', '읍']) {
        return false;
    }
    let mut from_end = stem.char_indices().rev();
    let (Some(_), Some((last_two, _)), Some(_)) =
        (from_end.next(), from_end.next(), from_end.next())
    else {
        return false;
    };
    !KOREAN_NOT_PLACES
        .split_whitespace()
        .any(|w| w == &stem[last_two..])
}

/// The function words, hashed as the tokenizer hashes a word.
#[derive(Debug)]
pub(crate) struct Languages {
    /// Word hash -> (languages it tells, languages it is a stop word of), one bit per `LANGS`.
    words: FxHashMap<u64, (u16, u16)>,
    determiners: rustc_hash::FxHashSet<u64>,
    korean_suffixes: rustc_hash::FxHashSet<u64>,
    korean_stops: rustc_hash::FxHashSet<u64>,
    hash: fn(&str) -> u64,
}

fn bit(lang: Lang) -> u16 {
    1 << LANGS.iter().position(|&l| l == lang).unwrap_or(0)
}

impl Languages {
    pub fn new(hash: fn(&str) -> u64) -> Self {
        let mut words: FxHashMap<u64, (u16, u16)> = FxHashMap::default();
        for lang in LANGS {
            let (tell, also) = self::words(lang);
            for w in tell {
                let e = words.entry(hash(w)).or_default();
                e.0 |= bit(lang);
                e.1 |= bit(lang);
            }
            for w in also {
                words.entry(hash(w)).or_default().1 |= bit(lang);
            }
        }
        Languages {
            words,
            determiners: GERMAN_DETERMINERS.iter().map(|w| hash(w)).collect(),
            korean_suffixes: KOREAN_SUFFIXES.split_whitespace().map(hash).collect(),
            korean_stops: KOREAN_STOP_PAIRS.split_whitespace().map(hash).collect(),
            hash,
        }
    }

    /// A Korean word without its particle or ending (the longest one, of at most three letters),
    /// when at least two letters are left ("지진이" -> "지진", "포항시에서는" -> "포항시"; "국가"
    /// stays "국가").
    pub fn korean_stem<'a>(&self, word: &'a str) -> &'a str {
        // Where each of the last five letters starts, the last first: a suffix of `n` letters
        // starts at `from_end[n - 1]`, and needs `n + 2` letters in all.
        let mut from_end = [0usize; 5];
        let mut letters = 0;
        for (i, _) in word.char_indices().rev().take(5) {
            from_end[letters] = i;
            letters += 1;
        }
        for n in (1..=3).rev() {
            if letters >= n + 2 {
                let at = from_end[n - 1];
                if self.korean_suffixes.contains(&(self.hash)(&word[at..])) {
                    return &word[..at];
                }
            }
        }
        word
    }

    /// Whether a pair of Korean letters (hashed) carries grammar or time, not content.
    pub fn is_korean_stop(&self, h: u64) -> bool {
        self.korean_stops.contains(&h)
    }

    /// The language of an article from its words (each word's hash, lower-cased as written,
    /// and whether it is an English stop word), when it is one of `LANGS`: at least three of its
    /// function words, and more of them than of English ones. `None` for English, and for text
    /// too short to tell (a headline seldom has three).
    pub fn detect(&self, words: impl Iterator<Item = (u64, bool)>) -> Option<Lang> {
        let mut counts = [0u32; LANGS.len()];
        let mut english = 0u32;
        for (h, en) in words {
            if en {
                english += 1;
            }
            if let Some(&(tell, _)) = self.words.get(&h) {
                for (k, c) in counts.iter_mut().enumerate() {
                    if tell & (1 << k) != 0 {
                        *c += 1;
                    }
                }
            }
        }
        let (k, &best) = counts
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))?;
        (best >= 3 && best > english).then_some(LANGS[k])
    }

    /// Whether a word is a function word of `lang`.
    pub fn is_stop(&self, lang: Lang, h: u64) -> bool {
        self.words.get(&h).is_some_and(|e| e.1 & bit(lang) != 0)
    }

    /// Whether a German word is one a noun follows (an article, a determiner, a number).
    pub fn is_determiner(&self, h: u64) -> bool {
        self.determiners.contains(&h)
    }
}

/// Whether a lower-cased German word ends as only nouns do.
pub(crate) fn german_noun_ending(w: &str) -> bool {
    w.chars().count() > 5 && GERMAN_NOUN_ENDINGS.iter().any(|e| w.ends_with(e))
}

/// Whether a lower-cased word before an apostrophe is an elided French or Italian article or
/// pronoun, so that the word after it stands alone.
pub(crate) fn elides(lang: Lang, w: &str) -> bool {
    matches!(lang, Lang::French | Lang::Italian) && ELISIONS.contains(&w)
}

#[cfg(test)]
mod tests {
    use super::Lang;
    use crate::features::{tokenize, Stopwords};

    fn detect(text: &str) -> Option<Lang> {
        tokenize("", text, &Stopwords::new()).lang
    }

    #[test]
    fn an_article_s_language_is_told_by_its_function_words() {
        let table: &[(&str, Option<Lang>)] = &[
            (
                "The war in the north will go on, and the man who led it may die.",
                None,
            ),
            ("Die Hard star says the sequel is done", None),
            (
                "Der Bundestag hat am Freitag über den Haushalt beraten, und die Opposition \
                 kritisierte den Entwurf. Die Regierung will sich nicht auf einen Zeitplan \
                 festlegen.",
                Some(Lang::German),
            ),
            (
                "Le gouvernement a présenté mardi son budget pour l'année prochaine, dans un \
                 contexte de crise.",
                Some(Lang::French),
            ),
            (
                "El gobierno presentó el martes los presupuestos para el año que viene, según \
                 fuentes oficiales.",
                Some(Lang::Spanish),
            ),
            (
                "Il governo ha presentato martedì la legge di bilancio per il prossimo anno, \
                 secondo fonti della maggioranza. Il ministro ha detto che \
                 la manovra sarà approvata anche se l'opposizione non è d'accordo.",
                Some(Lang::Italian),
            ),
            (
                "O governo apresentou na terça-feira o orçamento para o próximo ano, segundo \
                 fontes oficiais. O ministro disse que a proposta será votada até dezembro.",
                Some(Lang::Portuguese),
            ),
            (
                "Het kabinet heeft dinsdag de begroting voor het komende jaar gepresenteerd, \
                 maar de oppositie is kritisch.",
                Some(Lang::Dutch),
            ),
            (
                "Regeringen presenterade på tisdagen budgeten för nästa år, och oppositionen \
                 säger att den inte räcker.",
                Some(Lang::Swedish),
            ),
            (
                "Rząd przedstawił we wtorek budżet na przyszły rok, ale opozycja twierdzi, że \
                 jest on niewystarczający. Minister powiedział, że ustawa zostanie przyjęta \
                 jeszcze w tym roku.",
                Some(Lang::Polish),
            ),
            (
                "Правительство во вторник представило бюджет на следующий год, но оппозиция \
                 заявила, что его не хватит.",
                Some(Lang::Russian),
            ),
            (
                "Hükümet salı günü gelecek yılın bütçesini açıkladı, ancak muhalefet bu \
                 bütçenin yeterli olmadığını söyledi. Bakan, yeni bütçenin ekonomi için çok \
                 önemli olduğunu söyledi ve destek istedi.",
                Some(Lang::Turkish),
            ),
            (
                "Pemerintah mengumumkan anggaran untuk tahun depan pada hari Selasa, namun \
                 oposisi mengatakan bahwa anggaran itu tidak cukup.",
                Some(Lang::Indonesian),
            ),
            (
                "Kerajaan membentangkan belanjawan untuk tahun depan pada hari Selasa, tetapi \
                 pembangkang berkata bahawa ia tidak mencukupi.",
                Some(Lang::Indonesian),
            ),
            (
                "Chính phủ đã công bố ngân sách cho năm tới vào thứ Ba, nhưng phe đối lập cho \
                 rằng ngân sách này không đủ.",
                Some(Lang::Vietnamese),
            ),
            (
                "Dan Abramov and Ada Lovelace spoke at the para sports day in Theo's town.",
                None,
            ),
            // Too short to tell: read as English, as before.
            ("Bayern gewinnt gegen Dortmund", None),
        ];
        for (text, want) in table {
            assert_eq!(detect(text), *want, "{text}");
        }
    }
}
