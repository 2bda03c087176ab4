//! A text file's encoding, found once per file, and its text as UTF-8 for the csv parser.
//! Input: the file's bytes; output: [`Decoded`], the text and the lines that had to be read
//! as Windows-1252 in a file otherwise UTF-8 (each one a warning on its row).
//!
//! The order of the checks: a byte-order mark says it all (UTF-8, UTF-16 LE or BE); else a
//! file of valid UTF-8 is UTF-8 (the common case, checked once over the whole file, with no
//! copy); else, if some lines are non-ASCII valid UTF-8 and others not, the file mixes
//! encodings (two exports pasted together) and each invalid line is read as Windows-1252; else
//! the whole file is Windows-1252, the encoding of CSV files saved by Excel on French and
//! Spanish Windows. Decoding is `encoding_rs`'s (already a dependency, the decoder of Firefox,
//! which follows the WHATWG Encoding Standard): no hand-written table to get wrong.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};
use std::borrow::Cow;

/// The encoding a text file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1252,
    /// UTF-8, except some lines in Windows-1252.
    Mixed,
}

/// A text file decoded to UTF-8.
#[derive(Debug)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: TextEncoding,
    /// For [`TextEncoding::Mixed`]: the 1-based lines read as Windows-1252, in order. Lines
    /// are counted as the CSV reader counts them ("\r\n", "\n" or a lone "\r" end one).
    pub windows_1252_lines: Vec<u64>,
}

impl<'a> Decoded<'a> {
    fn whole(text: Cow<'a, str>, encoding: TextEncoding) -> Self {
        Decoded {
            text,
            encoding,
            windows_1252_lines: Vec::new(),
        }
    }
}

/// Decodes a text file's bytes (see the module's documentation for the order of the checks).
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let rest = &bytes[bom..];
        return if encoding == UTF_16LE {
            Decoded::whole(utf16(UTF_16LE, rest), TextEncoding::Utf16Le)
        } else if encoding == UTF_16BE {
            Decoded::whole(utf16(UTF_16BE, rest), TextEncoding::Utf16Be)
        } else {
            decode_8bit(rest)
        };
    }
    // UTF-16 saved without a byte-order mark: a text file starts with ASCII (a header), which
    // UTF-16 writes with a zero byte after (LE) or before (BE) each letter; no 8-bit text file
    // holds zero bytes.
    match bytes {
        [a, 0, b, 0, ..] if *a != 0 && *b != 0 => {
            return Decoded::whole(utf16(UTF_16LE, bytes), TextEncoding::Utf16Le)
        }
        [0, a, 0, b, ..] if *a != 0 && *b != 0 => {
            return Decoded::whole(utf16(UTF_16BE, bytes), TextEncoding::Utf16Be)
        }
        _ => {}
    }
    decode_8bit(bytes)
}

fn utf16<'a>(encoding: &'static Encoding, bytes: &[u8]) -> Cow<'a, str> {
    // Unpaired surrogates become U+FFFD rather than stopping the file.
    Cow::Owned(encoding.decode_without_bom_handling(bytes).0.into_owned())
}

/// UTF-8, Windows-1252, or both line by line.
fn decode_8bit(bytes: &[u8]) -> Decoded<'_> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded::whole(Cow::Borrowed(text), TextEncoding::Utf8);
    }
    // Only files that are not valid UTF-8 get here: a walk over their lines is affordable.
    let lines = lines(bytes);
    let utf8_evidence = lines
        .iter()
        .any(|(_, line)| !line.is_ascii() && std::str::from_utf8(line).is_ok());
    if !utf8_evidence {
        return Decoded::whole(
            WINDOWS_1252.decode_without_bom_handling(bytes).0,
            TextEncoding::Windows1252,
        );
    }
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
    let mut windows_1252_lines = Vec::new();
    for (number, line) in lines {
        match std::str::from_utf8(line) {
            Ok(part) => text.push_str(part),
            Err(_) => {
                text.push_str(&WINDOWS_1252.decode_without_bom_handling(line).0);
                windows_1252_lines.push(number);
            }
        }
    }
    Decoded {
        text: Cow::Owned(text),
        encoding: TextEncoding::Mixed,
        windows_1252_lines,
    }
}

/// The lines of `bytes`, each with its line ending, numbered from 1 as the CSV reader counts
/// them: "\r\n", "\n" and a lone "\r" each end one line. The line endings are ASCII in both
/// encodings, so a line is never cut inside a character.
fn lines(bytes: &[u8]) -> Vec<(u64, &[u8])> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut number = 1;
    for (i, &b) in bytes.iter().enumerate() {
        let ends = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
        if ends {
            out.push((number, &bytes[start..=i]));
            number += 1;
            start = i + 1;
        }
    }
    if start < bytes.len() {
        out.push((number, &bytes[start..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFF, 0xFE] } else { vec![] };
        out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        out
    }

    fn utf16be(text: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFE, 0xFF] } else { vec![] };
        out.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        out
    }

    #[test]
    fn utf8_with_or_without_bom_is_borrowed() {
        let d = decode(b"\xEF\xBB\xBFPa\xC3\xADs");
        assert_eq!((d.text.as_ref(), d.encoding), ("País", TextEncoding::Utf8));
        let d = decode("Liège".as_bytes());
        assert!(matches!(d.text, Cow::Borrowed("Liège")));
    }

    #[test]
    fn utf16_with_a_bom_or_an_ascii_start() {
        let text = "Pays;Ville\r\nBelgique;Liège\r\n";
        for (bytes, encoding) in [
            (utf16le(text, true), TextEncoding::Utf16Le),
            (utf16be(text, true), TextEncoding::Utf16Be),
            (utf16le(text, false), TextEncoding::Utf16Le),
            (utf16be(text, false), TextEncoding::Utf16Be),
        ] {
            let d = decode(&bytes);
            assert_eq!((d.text.as_ref(), d.encoding), (text, encoding));
        }
    }

    #[test]
    fn windows_1252_alone_is_read_whole_without_remarks() {
        // 0xE9 is "é" in Windows-1252 and invalid on its own in UTF-8; 0x80 is "€".
        let d = decode(b"Pays;Ann\xE9e\n\x80;1\n");
        assert_eq!(d.text, "Pays;Année\n€;1\n");
        assert_eq!(d.encoding, TextEncoding::Windows1252);
        assert!(d.windows_1252_lines.is_empty());
    }

    #[test]
    fn mixed_lines_are_each_read_in_their_encoding() {
        // Line 2 is UTF-8 ("é" = C3 A9), lines 3 and 5 Windows-1252 ("è" = E8); line 4 ASCII.
        let bytes = b"name;city\r\nUniversit\xC3\xA9;Li\xC3\xA8ge\r\nUniversit\xE9;Li\xE8ge\r\nx;y\rUniv\xE9\n";
        let d = decode(bytes);
        assert_eq!(d.encoding, TextEncoding::Mixed);
        assert_eq!(
            d.text,
            "name;city\r\nUniversité;Liège\r\nUniversité;Liège\r\nx;y\rUnivé\n"
        );
        assert_eq!(d.windows_1252_lines, vec![3, 5]);
    }

    #[test]
    fn lines_count_like_the_csv_reader() {
        let got: Vec<u64> = lines(b"a\r\nb\rc\nd").iter().map(|(n, _)| *n).collect();
        assert_eq!(got, vec![1, 2, 3, 4]);
    }
}
