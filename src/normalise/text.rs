//! Text folding shared by every matcher (header aliases, enum aliases, country names), and the
//! cleaning of a cell's text: whitespace, placeholders, control characters.

/// Folds text to a comparison key: accents removed (via deunicode), lowercase, every run of
/// non-alphanumeric characters (punctuation, non-breaking spaces, tabs) made one space, trimmed.
/// "Date de début" and "DATE_DE_DEBUT " both fold to "date de debut".
pub fn fold(text: &str) -> String {
    let ascii = if text.is_ascii() {
        std::borrow::Cow::Borrowed(text)
    } else {
        // deunicode spells "°" as "deg": "N° étudiant" must fold like "N étudiant".
        let text = text.replace(['°', 'º', '№'], " ");
        std::borrow::Cow::Owned(deunicode::deunicode(&text))
    };
    let mut out = String::with_capacity(ascii.len());
    let mut pending_space = false;
    for ch in ascii.chars() {
        if ch.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(ch.to_ascii_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// The spelling among `candidates` (already folded) nearest to `text`, when it is near
/// enough to be a slip of the keyboard: at most one edit (a swap of two neighbours counting as
/// one) for words of up to 5 letters, two
/// beyond ("stduy" is 1 from "study", "Espagnr" 1 from "espagne"). Ties go to the
/// alphabetically first spelling, so that the suggestion does not depend on hash order.
pub fn closest<'a>(text: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let key = fold(text);
    if key.len() < 3 {
        return None;
    }
    let limit = if key.len() <= 5 { 1 } else { 2 };
    candidates
        .filter(|c| c.len() >= 3 && *c != key)
        .map(|c| (strsim::osa_distance(&key, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// Trims a cell's text, treating non-breaking and other Unicode spaces as whitespace, and
/// collapses inner runs of whitespace to one ASCII space. Returns `None` for blank text.
pub fn clean(text: &str) -> Option<String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    if trimmed.chars().all(|c| !c.is_whitespace() || c == ' ') && !trimmed.contains("  ") {
        return Some(trimmed.to_string());
    }
    let mut out = String::with_capacity(trimmed.len());
    for word in trimmed.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Some(out)
}

/// True when `bytes` holds a byte that may start a control character: one below 0x20, DEL, or
/// 0xC2 (the first byte of UTF-8's C1 codes, U+0080 to U+009F). TAB, LF and CR count too:
/// they are rare in cells, and [`strip_controls`] then looks at the characters themselves.
/// Eight bytes at a time, with the word tricks of "Bit Twiddling Hacks" (Sean Eron Anderson,
/// "Determine if a word has a byte less than n" and "...equal to n"), each of which is exact
/// about whether any byte matches: this runs on every cell of every file, and a byte table
/// cost a load and an or per byte (4–7% of a 1M-row CSV `check`, issue 18).
fn may_hold_controls(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let suspect = |x: u64| {
        (x.wrapping_sub(0x20 * ONES) & !x & HIGH)
            | zero_byte(x ^ (0x7F * ONES))
            | zero_byte(x ^ (0xC2 * ONES))
    };
    let mut words = bytes.chunks_exact(8);
    let mut any = 0;
    for word in &mut words {
        any |= suspect(u64::from_le_bytes(word.try_into().expect("eight bytes")));
    }
    // The last bytes padded with spaces, which match nothing.
    let rest = words.remainder();
    let mut last = [b' '; 8];
    last[..rest.len()].copy_from_slice(rest);
    any |= suspect(u64::from_le_bytes(last));
    any != 0
}

/// `text` without its control characters (NUL, the other C0 and C1 codes, DEL), or `None`
/// when it has none. TAB, LF and CR stay: they are whitespace inside a cell, which [`clean`]
/// collapses to a space. A leading TAB or CR is therefore trimmed from a value, which can leave
/// a formula ("\t=1+1" becomes "=1+1"): the CSV outputs neutralise it when they write it
/// (`render::csv_safe`), whatever the input held.
pub fn strip_controls(text: &str) -> Option<String> {
    // The common case costs one pass over the bytes.
    if !may_hold_controls(text.as_bytes()) {
        return None;
    }
    let removed = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    text.contains(removed)
        .then(|| text.chars().filter(|&c| !removed(c)).collect())
}

/// Spreadsheet error values and placeholders that mean "no value" rather than a value.
pub fn is_placeholder(text: &str) -> bool {
    matches!(
        text.trim(),
        "#N/A"
            | "#N/D"
            | "#NV"
            | "#NA"
            | "N/A"
            | "n/a"
            | "NA"
            | "-"
            | "--"
            | "???"
            | "#VALUE!"
            | "#REF!"
            | "#DIV/0!"
            | "#NAME?"
            | "NULL"
            | "null"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_ignores_case_accents_and_punctuation() {
        assert_eq!(fold("Date de début"), "date de debut");
        assert_eq!(fold("  DATE_DE_DÉBUT: "), "date de debut");
        assert_eq!(fold("País"), "pais");
        assert_eq!(fold("Código"), "codigo");
        assert_eq!(fold("A\u{a0} WIEN02"), "a wien02");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("N° étudiant"), "n etudiant");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn clean_collapses_unicode_spaces() {
        assert_eq!(clean("  a  b "), Some("a b".to_string()));
        assert_eq!(clean("A\u{a0} WIEN02"), Some("A WIEN02".to_string()));
        assert_eq!(clean(" \u{a0} "), None);
        assert_eq!(clean("plain"), Some("plain".to_string()));
    }

    #[test]
    fn control_characters_are_removed_and_whitespace_stays() {
        assert_eq!(strip_controls("Li\0\0ge"), Some("Lige".to_string()));
        assert_eq!(
            strip_controls("a\u{1}b\u{7f}c\u{85}d"),
            Some("abcd".to_string())
        );
        assert_eq!(strip_controls("\t=1+1\r\n"), None);
        // Non-breaking space and "°" share the first byte of C1 codes, and stay.
        assert_eq!(strip_controls("N°\u{a0}1"), None);
        assert_eq!(strip_controls("plain"), None);
    }

    #[test]
    fn the_word_test_finds_exactly_the_bytes_the_byte_test_finds() {
        // Every byte value at every position of words of 1 to 17 bytes, among neighbours that
        // match nothing (b'a', 0xFF), match (0x00, 0xC2), or sit next to the limits (0x20,
        // 0x80, 0xC1, 0xC3): a borrow from one byte must not hide or fake a match in the next.
        let by_byte = |bytes: &[u8]| bytes.iter().any(|&b| b < 0x20 || b == 0x7F || b == 0xC2);
        for len in 1..=17 {
            for fill in [b'a', 0xFF, 0x00, 0x20, 0x80, 0xC1, 0xC2, 0xC3] {
                for at in 0..len {
                    for byte in 0..=255u8 {
                        let mut bytes = vec![fill; len];
                        bytes[at] = byte;
                        assert_eq!(may_hold_controls(&bytes), by_byte(&bytes), "{bytes:?}");
                    }
                }
            }
        }
        assert!(!may_hold_controls(b""));
    }

    #[test]
    fn placeholders_are_not_values() {
        assert!(is_placeholder("#N/A"));
        assert!(is_placeholder(" ??? "));
        assert!(!is_placeholder("NAP"));
    }
}
