//! Reading JSON-lines files leniently, line by line.
//!
//! The `storyline cluster` and `storyline summarize` inputs come from other tools: scrapers,
//! dataset exports, a spreadsheet saved as text. One bad line must cost that line, not the run.
//! `BufRead::lines` fails the whole read on the first byte that is not UTF-8, keeps a leading
//! byte-order mark (so the first object does not parse), and holds a line of any length in
//! memory. This reader decodes what it can, drops the mark, and reads past a line longer than
//! its cap without keeping it.

use std::io::{self, BufRead, Read, Write};

/// The longest line kept by default: far above any article (a fetched page is capped at 5 MiB),
/// low enough that a runaway line cannot take the machine's memory.
pub const MAX_LINE_BYTES: usize = 16 << 20;

/// One line of the input, numbered from 1. Blank lines are not returned (they still count).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// The line without its line end. `lossy`: bytes that were not UTF-8 were replaced by U+FFFD.
    Text {
        number: usize,
        text: String,
        lossy: bool,
    },
    /// A line longer than the cap: it was read past, not kept.
    TooLong { number: usize },
}

/// Iterator over the lines of a JSON-lines input; see [`lines`].
pub struct Lines<R> {
    input: R,
    number: usize,
    max: usize,
    buf: Vec<u8>,
}

/// Reads `input` line by line, keeping lines of at most `max` bytes (see [`MAX_LINE_BYTES`]).
/// Only an I/O error of the input is an error.
pub fn lines<R: BufRead>(input: R, max: usize) -> Lines<R> {
    Lines {
        input,
        number: 0,
        max,
        buf: Vec::new(),
    }
}

impl<R: BufRead> Lines<R> {
    /// Reads past the rest of the current line (its bytes and its line end).
    fn skip_rest(&mut self) -> io::Result<()> {
        loop {
            let chunk = match self.input.fill_buf() {
                Ok(c) => c,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                return Ok(());
            }
            match chunk.iter().position(|&b| b == b'\n') {
                Some(end) => {
                    self.input.consume(end + 1);
                    return Ok(());
                }
                None => {
                    let n = chunk.len();
                    self.input.consume(n);
                }
            }
        }
    }
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = io::Result<Line>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            self.buf.clear();
            let cap = u64::try_from(self.max)
                .unwrap_or(u64::MAX)
                .saturating_add(1);
            match (&mut self.input).take(cap).read_until(b'\n', &mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => return Some(Err(e)),
            }
            self.number += 1;
            let number = self.number;
            if self.buf.last() == Some(&b'\n') {
                self.buf.pop();
            } else if self.buf.len() > self.max {
                // Not kept: its memory is given back too.
                self.buf = Vec::new();
                return Some(self.skip_rest().map(|()| Line::TooLong { number }));
            }
            if self.buf.last() == Some(&b'\r') {
                self.buf.pop();
            }
            if number == 1 && self.buf.starts_with(b"\xef\xbb\xbf") {
                self.buf.drain(..3);
            }
            if self.buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            // The line's buffer becomes its text (no copy); the next line reads into a new one.
            let (text, lossy) = match String::from_utf8(std::mem::take(&mut self.buf)) {
                Ok(s) => (s, false),
                Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
            };
            return Some(Ok(Line::Text {
                number,
                text,
                lossy,
            }));
        }
    }
}

/// Reads `input` line by line ([`lines`], at [`MAX_LINE_BYTES`]) and gives `each` every line
/// kept: its number, its text and `warn`. A line over the cap is reported to `warn` as
/// `{at}{number}: skipped: longer than 16 MiB`, and a line whose bytes were replaced as
/// `{at}{number}: bytes that are not UTF-8 replaced`, before `each` sees it. `each` says whether
/// it took the line (it reports a line it skips). Returns the number of lines skipped.
pub fn for_each<W: Write, E: From<io::Error>>(
    input: impl BufRead,
    warn: &mut W,
    at: &str,
    mut each: impl FnMut(usize, String, &mut W) -> Result<bool, E>,
) -> Result<usize, E> {
    let mut skipped = 0;
    for line in lines(input, MAX_LINE_BYTES) {
        match line? {
            Line::Text {
                number,
                text,
                lossy,
            } => {
                if lossy {
                    writeln!(warn, "{at}{number}: bytes that are not UTF-8 replaced")?;
                }
                if !each(number, text, warn)? {
                    skipped += 1;
                }
            }
            Line::TooLong { number } => {
                skipped += 1;
                writeln!(
                    warn,
                    "{at}{number}: skipped: longer than {} MiB",
                    MAX_LINE_BYTES >> 20
                )?;
            }
        }
    }
    Ok(skipped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &[u8], max: usize) -> Vec<Line> {
        lines(input, max).collect::<io::Result<_>>().unwrap()
    }

    fn text(number: usize, s: &str, lossy: bool) -> Line {
        Line::Text {
            number,
            text: s.to_string(),
            lossy,
        }
    }

    #[test]
    fn reads_every_kind_of_line() {
        let input =
            b"\xef\xbb\xbf{\"a\":1}\r\n\n  \n{\"b\":\"caf\xe9\"}\n0123456789abcdef\n{\"c\":3}";
        assert_eq!(
            read(input, 14),
            vec![
                text(1, "{\"a\":1}", false),
                text(4, "{\"b\":\"caf\u{fffd}\"}", true),
                Line::TooLong { number: 5 },
                text(6, "{\"c\":3}", false),
            ]
        );
    }

    #[test]
    fn the_cap_counts_bytes_before_the_line_end() {
        // Exactly `max` bytes is kept, with or without a line end (the last line may lack one).
        assert_eq!(
            read(b"abcd\nabcd", 4),
            vec![text(1, "abcd", false), text(2, "abcd", false)]
        );
        assert_eq!(read(b"abcde", 4), vec![Line::TooLong { number: 1 }]);
        // A mark later than the first line is the line's own text.
        assert_eq!(
            read(b"a\n\xef\xbb\xbfb", 10),
            vec![text(1, "a", false), text(2, "\u{feff}b", false)]
        );
    }

    #[test]
    fn a_long_line_is_read_past_in_small_reads() {
        // A reader that hands out three bytes at a time: the skipped line spans many reads.
        let long = format!("{}\n{{\"x\":1}}\n", "y".repeat(100));
        let input = io::BufReader::with_capacity(3, long.as_bytes());
        let got: Vec<Line> = lines(input, 8).collect::<io::Result<_>>().unwrap();
        assert_eq!(
            got,
            vec![Line::TooLong { number: 1 }, text(2, "{\"x\":1}", false)]
        );
    }

    proptest::proptest! {
        /// Any bytes, read in any buffer size, give what splitting at line ends gives.
        #[test]
        fn reads_as_splitting_at_line_ends(
            input in proptest::collection::vec(
                proptest::sample::select(b"ab \n\r{}\xef\xbb\xbf\xe9".to_vec()),
                0..200,
            ),
            max in 0usize..24,
            capacity in 1usize..16,
        ) {
            let got: Vec<Line> = lines(io::BufReader::with_capacity(capacity, input.as_slice()), max)
                .collect::<io::Result<_>>()
                .unwrap();
            let mut want = Vec::new();
            let mut parts: Vec<&[u8]> = input.split(|&b| b == b'\n').collect();
            if input.last() == Some(&b'\n') {
                parts.pop();
            }
            for (i, part) in parts.into_iter().enumerate() {
                let number = i + 1;
                if part.len() > max {
                    want.push(Line::TooLong { number });
                    continue;
                }
                let mut bytes = part.strip_suffix(b"\r").unwrap_or(part);
                if number == 1 {
                    bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
                }
                if bytes.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                let lossy = std::str::from_utf8(bytes).is_err();
                want.push(text(number, &String::from_utf8_lossy(bytes), lossy));
            }
            proptest::prop_assert_eq!(got, want);
        }
    }
}
