//! The article's language: the page's declaration written one way (`en-US`, not `en_us`), or,
//! when the page declares none, a guess from the article text itself.
//!
//! Why guess at all: about one news page in eight declares no language (`<html>` without
//! `lang`, no `og:locale`), and the rest of the pipeline (the digest's sentence splitting and
//! stop words, the story page's `lang` attribute) is better served by a likely language than by
//! none. The guess is deliberately small: the writing system settles most non-Latin scripts, and
//! for Latin-script text the most frequent function words of a dozen languages decide, with a
//! margin; anything unclear stays unknown.

/// A declared language tag written the BCP 47 way: primary subtag in lower case, a two-letter
/// region in upper case, `_` as `-` (`en_us` -> `en-US`, `EN` -> `en`). Values that are no
/// language tag (`*`, `x-default`, free text) give `None`.
pub fn normalize_tag(raw: &str) -> Option<String> {
    let raw = raw.trim();
    // "en-US,en;q=0.9" (a header pasted into a meta tag): the first one.
    let raw = raw.split([',', ';', ' ']).next().unwrap_or("");
    let mut parts = raw.split(['-', '_']);
    let primary = parts.next()?.to_ascii_lowercase();
    if !(2..=3).contains(&primary.len()) || !primary.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let mut out = primary;
    for p in parts {
        if p.is_empty() || p.len() > 8 || !p.bytes().all(|b| b.is_ascii_alphanumeric()) {
            break;
        }
        out.push('-');
        match p.len() {
            2 if p.bytes().all(|b| b.is_ascii_alphabetic()) => {
                out.push_str(&p.to_ascii_uppercase())
            }
            // A script subtag: "zh-Hant".
            4 => {
                let mut c = p.chars();
                if let Some(f) = c.next() {
                    out.extend(f.to_uppercase());
                    out.push_str(&c.as_str().to_ascii_lowercase());
                }
            }
            _ => out.push_str(p),
        }
    }
    Some(out)
}

/// The article's language: the declared tag, unless the text clearly reads as another language
/// (a theme's default `lang="en-US"` on a German blog, Indonesian docs under `lang="en"`: on
/// the shared benchmark pages every such disagreement was the declaration's error); the text's
/// language when nothing is declared.
pub fn choose(declared: Option<String>, text: &str) -> Option<String> {
    let detected = detect(text);
    match (declared, detected) {
        (Some(d), Some(x)) if d.split('-').next() != Some(x) => Some(x.to_string()),
        (Some(d), _) => Some(d),
        (None, x) => x.map(str::to_string),
    }
}

/// Function words that are frequent in running text of one language and rare in the others.
const WORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "the", "and", "of", "to", "is", "that", "with", "for", "was", "this", "are", "from",
            "have", "it", "which",
        ],
    ),
    (
        "de",
        &[
            "der", "die", "und", "das", "ist", "nicht", "mit", "sich", "auf", "für", "dem", "ein",
            "eine", "auch", "wird",
        ],
    ),
    (
        "fr",
        &[
            "le", "les", "des", "est", "et", "une", "dans", "pour", "pas", "qui", "sur", "du",
            "avec", "au", "sont",
        ],
    ),
    (
        "es",
        &[
            "el", "los", "las", "que", "del", "por", "una", "con", "para", "es", "se", "al", "lo",
            "como", "más",
        ],
    ),
    (
        "pt",
        &[
            "os", "não", "uma", "com", "para", "que", "do", "da", "dos", "das", "em", "se", "ao",
            "mais", "é",
        ],
    ),
    (
        "it",
        &[
            "il", "che", "della", "di", "per", "non", "sono", "gli", "una", "con", "nel", "anche",
            "dei", "è", "alla",
        ],
    ),
    (
        "nl",
        &[
            "het", "een", "van", "en", "niet", "zijn", "voor", "met", "op", "dat", "ook", "maar",
            "wordt", "bij", "naar",
        ],
    ),
    (
        "id",
        &[
            "yang", "dan", "di", "ini", "itu", "dengan", "untuk", "tidak", "dari", "dalam", "akan",
            "pada", "juga", "ke", "bisa",
        ],
    ),
    (
        "sv",
        &[
            "och", "att", "det", "som", "är", "för", "på", "med", "inte", "av", "har", "till",
            "den", "om", "ett",
        ],
    ),
    (
        "pl",
        &[
            "nie", "się", "jest", "na", "że", "do", "to", "jak", "ale", "od", "po", "przez", "dla",
            "są", "już",
        ],
    ),
    (
        "tr",
        &[
            "ve", "bir", "bu", "için", "ile", "da", "de", "olarak", "çok", "daha", "gibi", "olan",
            "ama", "en", "kadar",
        ],
    ),
];

/// Guesses the language of `text` (the article body). `None` when the text is too short or no
/// language stands out.
pub fn detect(text: &str) -> Option<&'static str> {
    // The writing system first: letters counted over the first few thousand characters.
    let mut counts = Scripts::default();
    for c in text.chars().take(4000) {
        counts.add(c);
    }
    let letters = counts.total();
    if letters < 40 {
        return None;
    }
    let share = |n: usize| n * 100 / letters;
    if share(counts.hangul) >= 30 {
        return Some("ko");
    }
    if share(counts.kana) >= 10 {
        return Some("ja");
    }
    if share(counts.han) >= 30 {
        return Some("zh");
    }
    if share(counts.cyrillic) >= 50 {
        // Letters Russian does not have.
        return Some(if counts.ukrainian > 0 { "uk" } else { "ru" });
    }
    if share(counts.arabic) >= 50 {
        return Some(if counts.persian > 0 { "fa" } else { "ar" });
    }
    for (n, lang) in [
        (counts.hebrew, "he"),
        (counts.greek, "el"),
        (counts.thai, "th"),
        (counts.devanagari, "hi"),
    ] {
        if share(n) >= 50 {
            return Some(lang);
        }
    }
    if share(counts.latin) < 50 {
        return None;
    }
    // Latin script: function words, over the first 600 words.
    let mut hits = [0usize; WORDS.len()];
    let mut words = 0usize;
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(600)
    {
        words += 1;
        let w = w.to_lowercase();
        for (k, (_, list)) in WORDS.iter().enumerate() {
            if list.contains(&w.as_str()) {
                hits[k] += 1;
            }
        }
    }
    let mut order: Vec<usize> = (0..WORDS.len()).collect();
    order.sort_by(|&a, &b| hits[b].cmp(&hits[a]));
    let (best, second) = (hits[order[0]], hits[order[1]]);
    // Enough function words to be running text, and a clear winner.
    (best >= 8 && best * 100 >= words * 8 && best * 2 >= second * 3).then(|| WORDS[order[0]].0)
}

#[derive(Default)]
struct Scripts {
    latin: usize,
    cyrillic: usize,
    ukrainian: usize,
    greek: usize,
    arabic: usize,
    persian: usize,
    hebrew: usize,
    han: usize,
    kana: usize,
    hangul: usize,
    thai: usize,
    devanagari: usize,
}

impl Scripts {
    fn add(&mut self, c: char) {
        if !c.is_alphabetic() {
            return;
        }
        match c as u32 {
            0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => self.latin += 1,
            0x400..=0x4FF => {
                self.cyrillic += 1;
                if matches!(c, 'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є' | 'Ґ') {
                    self.ukrainian += 1;
                }
            }
            0x370..=0x3FF => self.greek += 1,
            0x600..=0x6FF | 0x750..=0x77F => {
                self.arabic += 1;
                if matches!(c, 'پ' | 'چ' | 'ژ' | 'گ' | 'ی') {
                    self.persian += 1;
                }
            }
            0x590..=0x5FF => self.hebrew += 1,
            0x3040..=0x30FF => self.kana += 1,
            0x4E00..=0x9FFF | 0x3400..=0x4DBF => self.han += 1,
            0xAC00..=0xD7AF | 0x1100..=0x11FF => self.hangul += 1,
            0xE00..=0xE7F => self.thai += 1,
            0x900..=0x97F => self.devanagari += 1,
            _ => {}
        }
    }

    fn total(&self) -> usize {
        self.latin
            + self.cyrillic
            + self.greek
            + self.arabic
            + self.hebrew
            + self.han
            + self.kana
            + self.hangul
            + self.thai
            + self.devanagari
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_written_one_way() {
        for (raw, want) in [
            ("en_US", Some("en-US")),
            ("en-us", Some("en-US")),
            (" EN ", Some("en")),
            ("pt_BR", Some("pt-BR")),
            ("zh-hant-tw", Some("zh-Hant-TW")),
            ("en-US,en;q=0.9", Some("en-US")),
            ("*", None),
            ("x-default", None),
            ("English", None),
            ("", None),
        ] {
            assert_eq!(normalize_tag(raw).as_deref(), want, "{raw:?}");
        }
    }

    #[test]
    fn declared_tag_yields_to_clear_text() {
        let de = "Der Stadtrat hat am Dienstag beschlossen, dass die neue Brücke mit Geld aus dem \
                  Regionalfonds gebaut wird. Es ist das erste Mal, dass sich der Rat auf ein \
                  solches Projekt einigt, und die Bürgermeisterin sagte, es sei nicht zu früh.";
        assert_eq!(choose(Some("en-US".into()), de).as_deref(), Some("de"));
        assert_eq!(choose(Some("de-AT".into()), de).as_deref(), Some("de-AT"));
        assert_eq!(choose(None, de).as_deref(), Some("de"));
        assert_eq!(choose(Some("en".into()), "Short.").as_deref(), Some("en"));
        assert_eq!(choose(None, "Short."), None);
    }

    #[test]
    fn languages_are_told_apart() {
        let cases = [
            (
                "The council met on Tuesday and agreed that the new bridge, which was planned for \
                 years, will be built with money from the regional fund. It is the first time \
                 that this has happened, and the mayor said the work was overdue.",
                Some("en"),
            ),
            (
                "Der Stadtrat hat am Dienstag beschlossen, dass die neue Brücke mit Geld aus dem \
                 Regionalfonds gebaut wird. Es ist das erste Mal, dass sich der Rat auf ein \
                 solches Projekt einigt, und die Bürgermeisterin sagte, es sei nicht zu früh.",
                Some("de"),
            ),
            (
                "Le conseil municipal a décidé mardi que le nouveau pont sera construit avec les \
                 fonds de la région. C'est la première fois que le conseil est d'accord sur un \
                 tel projet, et la maire a dit que les travaux sont attendus depuis des années.",
                Some("fr"),
            ),
            (
                "El ayuntamiento decidió el martes que el nuevo puente se construirá con los \
                 fondos de la región. Es la primera vez que el consejo se pone de acuerdo en un \
                 proyecto así, y la alcaldesa dijo que las obras son más que necesarias para la \
                 ciudad y para los vecinos del barrio.",
                Some("es"),
            ),
            (
                "Pemerintah kota memutuskan pada hari Selasa bahwa jembatan baru akan dibangun \
                 dengan dana dari daerah. Ini adalah pertama kalinya dewan setuju dengan proyek \
                 yang besar itu, dan wali kota mengatakan pekerjaan itu tidak bisa ditunda lagi \
                 karena jembatan yang lama sudah rusak dan akan segera ditutup untuk umum.",
                Some("id"),
            ),
            (
                "Городской совет во вторник решил, что новый мост будет построен на средства \
                 регионального фонда.",
                Some("ru"),
            ),
            (
                "시의회는 화요일 새 다리를 지역 기금으로 건설하기로 결정했다. 시장은 공사가 오래 \
                 미뤄졌다고 말했다.",
                Some("ko"),
            ),
            (
                "市議会は火曜日、新しい橋を地域の基金で建設することを決めた。市長は工事が遅れていたと述べた。",
                Some("ja"),
            ),
            ("Short text.", None),
            // Numbers and names only: no function words to go by.
            (
                "Apple 2019 Samsung 2020 Google 2021 Microsoft 2022 Amazon 2023 Netflix 2024 \
                 Tesla 2025 Nvidia 2026 Intel 2027 Oracle 2028",
                None,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(detect(text), want, "{text}");
        }
    }
}
