//! Bytes to text: honours a BOM, the HTTP `Content-Type` charset, then `<meta>` declarations, and
//! only guesses (chardetng) when none is given and the bytes are not valid UTF-8. Getting this wrong
//! turns a whole article into mojibake, which no later stage can repair.

use encoding_rs::Encoding;

/// Decodes a page to a `String`, never failing (undecodable bytes become U+FFFD).
pub fn decode_html(bytes: &[u8], content_type: Option<&str>) -> String {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(&bytes[bom_len..])
            .0
            .into_owned();
    }
    let declared = content_type
        .and_then(charset_from_content_type)
        .or_else(|| meta_charset(bytes));
    let enc = match declared {
        // A page declaring UTF-16 in ASCII-compatible bytes is really UTF-8 (HTML standard).
        Some(e) if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => encoding_rs::UTF_8,
        Some(e) => e,
        None => {
            if std::str::from_utf8(bytes).is_ok() {
                encoding_rs::UTF_8
            } else {
                guess(bytes)
            }
        }
    };
    // A page that says latin-1 but is valid UTF-8 with multibyte sequences is almost always
    // mislabelled; the reverse mistake is rare, so prefer UTF-8 then.
    if enc != encoding_rs::UTF_8 && looks_like_utf8_text(bytes) {
        return String::from_utf8_lossy(bytes).into_owned();
    }
    enc.decode_without_bom_handling(bytes).0.into_owned()
}

fn looks_like_utf8_text(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok() && bytes.iter().any(|&b| b >= 0x80)
}

/// The encoding named by `charset=` in a `Content-Type` value.
pub fn charset_from_content_type(ct: &str) -> Option<&'static Encoding> {
    let lower = ct.to_ascii_lowercase();
    let pos = lower.find("charset")?;
    let rest = lower[pos + 7..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest
        .find(|c: char| {
            c == '"' || c == '\'' || c == ';' || c.is_whitespace() || c == '>' || c == '/'
        })
        .unwrap_or(rest.len());
    Encoding::for_label(&rest.as_bytes()[..end])
}

/// A feed's bytes as UTF-8 for an XML or JSON parser, decoded as [`decode_html`] decodes a page:
/// a byte-order mark wins; then the XML declaration's `encoding`, except that bytes which are
/// UTF-8 with multi-byte sequences are UTF-8 whatever they declare (a feed labelled ISO-8859-1 by
/// its CMS but written in UTF-8 is common, the reverse rare); then UTF-8 when the bytes are; then
/// a guess, as a browser makes for an unlabelled page. Re-encoded bytes lose their XML
/// declaration, so that the parser reads them as the UTF-8 they now are. Bytes that are UTF-8
/// and say so, or say nothing, are returned as they are.
pub fn feed_as_utf8(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    use std::borrow::Cow;
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        if enc == encoding_rs::UTF_8 {
            return Cow::Borrowed(bytes);
        }
        let text = enc.decode_without_bom_handling(&bytes[bom_len..]).0;
        return Cow::Owned(without_xml_declaration(&text).as_bytes().to_vec());
    }
    let declared = xml_declared_encoding(bytes);
    let enc = if std::str::from_utf8(bytes).is_ok() {
        if bytes.is_ascii() || declared.is_none_or(|e| e == encoding_rs::UTF_8) {
            return Cow::Borrowed(bytes);
        }
        encoding_rs::UTF_8
    } else {
        match declared {
            // UTF-16 declared over ASCII-compatible bytes (no BOM, see above) is not.
            Some(e)
                if ![
                    encoding_rs::UTF_8,
                    encoding_rs::UTF_16LE,
                    encoding_rs::UTF_16BE,
                ]
                .contains(&e) =>
            {
                e
            }
            _ => guess(bytes),
        }
    };
    let text = enc.decode_without_bom_handling(bytes).0;
    Cow::Owned(without_xml_declaration(&text).as_bytes().to_vec())
}

/// The encoding of bytes that name none and are not UTF-8, as a browser guesses it.
fn guess(bytes: &[u8]) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
    det.feed(bytes, true);
    det.guess(None, chardetng::Utf8Detection::Allow)
}

/// The encoding an XML declaration (`<?xml version="1.0" encoding="ISO-8859-1"?>`) names.
fn xml_declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(512)];
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let decl = head[start..].strip_prefix(b"<?xml")?;
    let end = decl.windows(2).position(|w| w == b"?>")?;
    let decl = String::from_utf8_lossy(&decl[..end]).to_ascii_lowercase();
    let rest = decl[decl.find("encoding")? + 8..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let label = rest[1..].split(quote).next()?;
    Encoding::for_label(label.trim().as_bytes())
}

/// `text` without a leading XML declaration.
fn without_xml_declaration(text: &str) -> &str {
    let t = text.trim_start();
    match t
        .strip_prefix("<?xml")
        .and_then(|r| r.find("?>").map(|e| &r[e + 2..]))
    {
        Some(rest) => rest,
        None => text,
    }
}

/// Prescans the first bytes of the page for `<meta charset>` or an `http-equiv` content type.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(16 * 1024)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = text[from..].find("<meta") {
        let start = from + i;
        let end = text[start..]
            .find('>')
            .map(|e| start + e)
            .unwrap_or(text.len());
        let tag = &text[start..end];
        if let Some(enc) = charset_from_content_type(tag) {
            return Some(enc);
        }
        from = end.max(start + 5);
        if from >= text.len() {
            break;
        }
    }
    None
}

/// The windows-1252 byte a character stands for, when UTF-8 text was once decoded as
/// windows-1252 or latin-1 (`U+0080..=U+00FF` map to themselves, the cp1252 extras to 0x80..0x9F).
fn mojibake_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if (0x80..=0xFF).contains(&u) {
        return u8::try_from(u).ok();
    }
    let b = match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(b)
}

/// Repairs UTF-8 that was decoded as latin-1 before the page was saved ("Investorâ\u{80}\u{99}s"
/// for "Investor’s"). Only pages carrying C1 control characters (`U+0080..=U+009F`), which no real
/// text contains, are touched; there each lead character (`Â`..`ô`) followed by the right number of
/// continuation characters becomes the character those bytes spell, and a C1 control left alone
/// becomes its windows-1252 character, as browsers read `&#146;`.
pub fn repair_mojibake(s: &str) -> std::borrow::Cow<'_, str> {
    // memchr's vectorised scan: this check reads every page, and almost none need repair.
    let bytes = s.as_bytes();
    let has_c1 = memchr::memchr_iter(0xC2, bytes)
        .any(|i| bytes.get(i + 1).is_some_and(|b| (0x80..=0x9F).contains(b)));
    if !has_c1 {
        return std::borrow::Cow::Borrowed(s);
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let lead = c as u32;
        let need = match lead {
            0xC2..=0xDF => 1,
            0xE0..=0xEF => 2,
            0xF0..=0xF4 => 3,
            _ => 0,
        };
        if need > 0 && i + need < chars.len() {
            let mut bytes = vec![lead as u8];
            for &d in &chars[i + 1..=i + need] {
                match mojibake_byte(d) {
                    Some(b) if (0x80..=0xBF).contains(&b) => bytes.push(b),
                    _ => break,
                }
            }
            if bytes.len() == need + 1 {
                if let Ok(t) = std::str::from_utf8(&bytes) {
                    out.push_str(t);
                    i += need + 1;
                    continue;
                }
            }
        }
        if (0x80..=0x9F).contains(&lead) {
            let b = [u8::try_from(lead).unwrap_or(b'?')];
            let (t, _, _) = encoding_rs::WINDOWS_1252.decode(&b);
            out.push_str(&t);
        } else {
            out.push(c);
        }
        i += 1;
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_charset_wins_without_header() {
        let html = b"<html><head><meta charset=\"windows-1252\"></head><body>caf\xe9</body></html>";
        assert!(decode_html(html, None).contains("café"));
    }

    #[test]
    fn header_wins_over_meta() {
        let html = b"<meta charset=utf-8><p>caf\xe9</p>";
        assert!(decode_html(html, Some("text/html; charset=ISO-8859-1")).contains("café"));
    }

    #[test]
    fn guesses_when_undeclared() {
        // Shift_JIS for 日本語のテキストです。
        let sjis = encoding_rs::SHIFT_JIS
            .encode(
                "<p>日本語のテキストです。これは長めの文章で、検出器が判断できるようにします。</p>",
            )
            .0;
        assert!(decode_html(&sjis, None).contains("日本語"));
    }

    #[test]
    fn repairs_double_decoded_utf8() {
        assert_eq!(
            repair_mojibake("A DIY Investor\u{e2}\u{80}\u{99}s Guide"),
            "A DIY Investor\u{2019}s Guide"
        );
        // cp1252-read mojibake beside a C1 control, and a lone C1 control (`&#146;`).
        assert_eq!(
            repair_mojibake("Madurai,\u{e2}\u{20ac}\u{9d} AI"),
            "Madurai,\u{201d} AI"
        );
        assert_eq!(repair_mojibake("shouldn\u{92}t"), "shouldn\u{2019}t");
        // Text without C1 controls is left alone, even when it has latin-1 letters.
        assert_eq!(repair_mojibake("Ã© café"), "Ã© café");
    }
}
