//! The lexical pieces of the scanner: attribute pairs, cell references, digits, and text with
//! its entities, each refusing what calamine would read differently.

use super::tokens::find;

/// The value of attribute `key` in a start tag's attribute text; `Err` when the text is not
/// plain `key="value"` pairs.
pub(super) fn attribute<'a>(attrs: &'a [u8], key: &[u8]) -> Result<Option<&'a [u8]>, ()> {
    let mut found = None;
    for pair in Attributes(attrs) {
        let (k, v) = pair?;
        if k == key {
            if found.is_some() || memchr::memchr(b'&', v).is_some() {
                return Err(());
            }
            found = Some(v);
        }
    }
    Ok(found)
}

/// The `key="value"` pairs of a start tag's attribute text (`Err` for anything else: single
/// quotes, a key without a value).
pub(in crate::ingest) fn attributes(text: &[u8]) -> Attributes<'_> {
    Attributes(text)
}

/// See [`attributes`].
pub(in crate::ingest) struct Attributes<'a>(&'a [u8]);

impl<'a> Iterator for Attributes<'a> {
    type Item = Result<(&'a [u8], &'a [u8]), ()>;

    fn next(&mut self) -> Option<Self::Item> {
        let text = self.0;
        let start = text.iter().position(|b| !b.is_ascii_whitespace())?;
        let text = &text[start..];
        let Some(eq) = find(b'=', text) else {
            self.0 = &[];
            return Some(Err(()));
        };
        let key = &text[..eq];
        if key.is_empty()
            || key.iter().any(u8::is_ascii_whitespace)
            || text.get(eq + 1) != Some(&b'"')
        {
            self.0 = &[];
            return Some(Err(()));
        }
        let rest = &text[eq + 2..];
        let Some(close) = find(b'"', rest) else {
            self.0 = &[];
            return Some(Err(()));
        };
        self.0 = &rest[close + 1..];
        Some(Ok((key, &rest[..close])))
    }
}

/// True when a start tag's attribute text is plain `key="value"` pairs.
pub(super) fn checked(attrs: &[u8]) -> bool {
    attrs.iter().all(u8::is_ascii_whitespace) || attributes(attrs).all(|pair| pair.is_ok())
}

/// A non-negative whole number written in ASCII digits only.
pub(super) fn digits(text: &[u8]) -> Option<usize> {
    if text.is_empty() || text.len() > 18 || !text.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(text.iter().fold(0, |n, d| n * 10 + (d - b'0') as usize))
}

/// A cell reference ("B12": row 11, column 1), or a row number when `column` is false; the
/// shapes calamine accepts that are not plain letters-then-digits are left to it.
pub(super) fn reference(text: &[u8], column: bool) -> Option<(u32, u32)> {
    let letters = text.iter().take_while(|b| b.is_ascii_uppercase()).count();
    if (letters == 0) == column || letters > 3 {
        return None;
    }
    let col = text[..letters]
        .iter()
        .fold(0u32, |n, b| n * 26 + (b - b'A') as u32 + 1);
    let row = digits(&text[letters..]).filter(|&r| (1..=u32::MAX as usize).contains(&r))?;
    Some((row as u32 - 1, col.saturating_sub(1)))
}

/// Text that calamine reads as it is once entities are replaced: valid UTF-8, no carriage
/// return (which XML turns into a line feed), no `_xHHHH_` escape, and no NUL (which
/// `workbook::text_cell` drops from calamine's text).
pub(super) fn plain_text(bytes: &[u8]) -> Option<&str> {
    for at in memchr::memchr3_iter(b'\r', 0, b'_', bytes) {
        if bytes[at] != b'_' || bytes.get(at + 1) == Some(&b'x') {
            return None;
        }
    }
    std::str::from_utf8(bytes).ok()
}

/// Appends `text` with XML's predefined and numeric entities replaced; false on any other.
pub(in crate::ingest) fn unescape_into(text: &str, out: &mut String) -> bool {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let Some(semi) = rest[amp..].find(';') else {
            return false;
        };
        let entity = &rest[amp + 1..amp + semi];
        let c = match entity {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "apos" => '\'',
            "quot" => '"',
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = entity.strip_prefix('#') {
                    dec.parse::<u32>().ok()
                } else {
                    None
                };
                // Control characters and odd code points: left to calamine.
                match code.and_then(char::from_u32) {
                    Some(c) if c >= ' ' => c,
                    _ => return false,
                }
            }
        };
        out.push(c);
        rest = &rest[amp + semi + 1..];
    }
    out.push_str(rest);
    true
}

/// Trims ASCII whitespace (space, tab, CR, LF) off both ends of `text[start..]`, as calamine
/// trims each `<t>` without `xml:space="preserve"`.
pub(super) fn trim_from(text: &mut String, start: usize) {
    let piece = &text[start..];
    let trimmed = piece.trim_matches([' ', '\t', '\r', '\n']);
    let lead = piece.len() - piece.trim_start_matches([' ', '\t', '\r', '\n']).len();
    let keep = trimmed.len();
    text.truncate(start + lead + keep);
    text.drain(start..start + lead);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_entities() {
        assert_eq!(reference(b"A1", true), Some((0, 0)));
        assert_eq!(reference(b"AB12", true), Some((11, 27)));
        assert_eq!(reference(b"12", false), Some((11, 0)));
        assert_eq!(reference(b"A0", true), None);
        assert_eq!(reference(b"12", true), None);
        let mut out = String::new();
        assert!(unescape_into(
            "&lt;a&gt; &quot;&apos;&amp;&#x41;&#66;",
            &mut out
        ));
        assert_eq!(out, "<a> \"'&AB");
        assert!(!unescape_into("&nbsp;", &mut String::new()));
        assert!(!unescape_into("&#1;", &mut String::new()));
        assert_eq!(plain_text(b"Li\xc3\xa8ge_1"), Some("Liège_1"));
        for odd in [&b"a\rb"[..], b"a\0b", b"_x000D_", b"\xff"] {
            assert_eq!(plain_text(odd), None);
        }
        let mut t = String::from("ab \t x y \n");
        trim_from(&mut t, 2);
        assert_eq!(t, "abx y");
    }
}
