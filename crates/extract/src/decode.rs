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
                let mut det =
                    chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
                det.feed(bytes, true);
                det.guess(None, chardetng::Utf8Detection::Allow)
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
}
