//! A narrow scanner for the cells of an xlsx worksheet part: the plain shapes exports write
//! (`<row r>`, `<c r s t>` holding `<v>`, `<f>` or `<is><t>`), read straight from the inflated
//! bytes, several times faster than a general XML reader. Anything else it meets (a namespace
//! prefix, a comment, rich text, an escape it does not know) stops it, and `xlsx_sheet` hands
//! the sheet to calamine from that cell on, so the cells read are always the ones calamine
//! reads (the tests of `xlsx_sheet` compare both on every real workbook).

mod lexical;
mod tokens;
mod values;

use lexical::{attribute, checked, digits, reference};
use std::io::Read;
use std::ops::Range;
use tokens::Token;

pub(super) use lexical::{attributes, unescape_into};

/// The scanner stopped before the end of the sheet: a shape it leaves to calamine, or a part
/// that could not be inflated (calamine then reports it). The cells it gave are all right.
#[derive(Debug)]
pub(super) struct Stop;

/// A cell's value as stored, before the workbook's strings and formats give it meaning.
#[derive(Debug, PartialEq)]
pub(super) enum Raw<'a> {
    /// No value (calamine's `DataRef::Empty`).
    Empty,
    /// A number, with its style index (`s`; `None` when absent).
    Number(f64, Option<usize>),
    /// An index into the shared string table.
    Shared(usize),
    /// Text (inline or a formula's string result), unescaped.
    Text(&'a str),
    Bool(bool),
}

/// A cell read: its 0-based (row, column) and its value.
pub(super) type Scanned<'a> = ((u32, u32), Raw<'a>);

/// Scans one worksheet part.
pub(super) struct Scanner<R: Read> {
    input: R,
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
    /// The current row and column, as calamine tracks them (for cells without `r`).
    row: u32,
    col: u32,
    text: String,
    started: bool,
    /// The end of the sheet's data was reached.
    done: bool,
    /// Bytes read from the part at a time (small in tests, to split tokens across reads).
    chunk: usize,
}

impl<R: Read> Scanner<R> {
    pub(super) fn new(input: R) -> Self {
        Scanner {
            input,
            buf: Vec::with_capacity(tokens::CHUNK * 2),
            pos: 0,
            eof: false,
            row: 0,
            col: 0,
            text: String::new(),
            started: false,
            done: false,
            chunk: tokens::CHUNK,
        }
    }

    /// The next cell in the part's order: its 0-based position and value, or `None` at the end
    /// of the sheet's data.
    pub(super) fn next_cell(&mut self) -> Result<Option<Scanned<'_>>, Stop> {
        if !self.started {
            self.started = true;
            if !self.find_sheet_data()? {
                return Err(Stop);
            }
        }
        if self.done {
            return Ok(None);
        }
        // calamine's reader expands empty elements (`<c/>` is `<c></c>`): so does this one.
        loop {
            match self.token()? {
                Token::Start { name, attrs, empty } => match self.name(&name)? {
                    b"row" => {
                        if let Some(r) =
                            attribute(&self.buf[attrs.clone()], b"r").map_err(|_| Stop)?
                        {
                            self.row = reference(r, false).ok_or(Stop)?.0;
                        }
                        if empty {
                            self.row += 1;
                            self.col = 0;
                        }
                    }
                    b"c" => return self.cell(attrs, empty).map(Some),
                    _ => return Err(Stop),
                },
                Token::End(name) => match self.name(&name)? {
                    b"row" => {
                        self.row += 1;
                        self.col = 0;
                    }
                    b"sheetData" => {
                        self.done = true;
                        return Ok(None);
                    }
                    _ => return Err(Stop),
                },
                Token::Text(range) => {
                    if !self.buf[range].iter().all(u8::is_ascii_whitespace) {
                        return Err(Stop);
                    }
                }
                Token::Eof => return Err(Stop),
            }
        }
    }

    /// Reads a `<c>` element whose start tag had `attrs`.
    fn cell(&mut self, attrs: Range<usize>, empty: bool) -> Result<((u32, u32), Raw<'_>), Stop> {
        let (mut r, mut s, mut t) = (None, None, None);
        for pair in attributes(&self.buf[attrs.clone()]) {
            let Ok((key, value)) = pair else {
                return Err(Stop);
            };
            let slot = match key {
                b"r" => &mut r,
                b"s" => &mut s,
                b"t" => &mut t,
                _ if memchr::memchr(b':', key).is_some() => return Err(Stop),
                _ => continue,
            };
            // A repeated attribute, or one with an entity, is left to calamine.
            if slot.is_some() || memchr::memchr(b'&', value).is_some() {
                return Err(Stop);
            }
            *slot = Some(value);
        }
        let position = match r {
            Some(r) => match reference(r, true) {
                Some((row, col)) => {
                    self.col = col;
                    (row, col)
                }
                None => return Err(Stop),
            },
            None => (self.row, self.col),
        };
        // calamine reads an unreadable style as 0.
        let style = s.map(|s| digits(s).unwrap_or(0));
        let kind = match t {
            None | Some(b"n") => Kind::Number,
            Some(b"s") => Kind::Shared,
            Some(b"b") => Kind::Bool,
            Some(b"str") => Kind::Str,
            Some(b"inlineStr") => Kind::Inline,
            _ => return Err(Stop),
        };
        self.col += 1;
        // Each child replaces the value, as in calamine: `<f>` and an inline string's `<v>`
        // leave it empty.
        let mut value = Value::Empty;
        // `<c/>` is a cell without a value.
        let mut open = !empty;
        while open {
            match self.token()? {
                Token::Start { name, attrs, empty } => {
                    if !checked(&self.buf[attrs]) {
                        return Err(Stop);
                    }
                    let child = match self.name(&name)? {
                        b"v" => Child::V,
                        b"f" => Child::F,
                        b"is" => Child::Is,
                        _ => return Err(Stop),
                    };
                    value = match (child, kind, empty) {
                        // `<v/>`, `<f/>`: a start and an end, so no value (a formula's
                        // string result is an empty text).
                        (Child::V, _, true) => empty_v(kind, &mut self.text),
                        (Child::F, _, true) => Value::Empty,
                        // `<is/>`: an empty string.
                        (Child::Is, _, true) => {
                            self.text.clear();
                            Value::Text
                        }
                        (Child::V, Kind::Inline, false) => {
                            self.skip_to_end(b"v")?;
                            Value::Empty
                        }
                        (Child::V, _, false) => self.v(kind)?,
                        (Child::F, _, false) => {
                            self.skip_to_end(b"f")?;
                            Value::Empty
                        }
                        (Child::Is, _, false) => self.inline()?,
                    };
                }
                Token::End(name) => {
                    if self.name(&name)? != b"c" {
                        return Err(Stop);
                    }
                    open = false;
                }
                Token::Text(range) => {
                    if !self.buf[range].iter().all(u8::is_ascii_whitespace) {
                        return Err(Stop);
                    }
                }
                Token::Eof => return Err(Stop),
            }
        }
        let raw = match value {
            Value::Empty => Raw::Empty,
            Value::Number(n) => Raw::Number(n, style),
            Value::Shared(i) => Raw::Shared(i),
            Value::Bool(b) => Raw::Bool(b),
            Value::Text => Raw::Text(&self.text),
        };
        Ok((position, raw))
    }
}

/// The value of an empty `<v>`: none, except for a formula's string result (`t="str"`), which
/// calamine reads as an empty text.
fn empty_v(kind: Kind, text: &mut String) -> Value {
    match kind {
        Kind::Str => {
            text.clear();
            Value::Text
        }
        _ => Value::Empty,
    }
}

#[derive(Clone, Copy)]
enum Child {
    V,
    F,
    Is,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Number,
    Shared,
    Bool,
    Str,
    Inline,
}

enum Value {
    Empty,
    Number(f64),
    Shared(usize),
    Bool(bool),
    /// In `Scanner::text`.
    Text,
}

#[cfg(test)]
mod tests {
    use super::tokens::CHUNK;
    use super::*;

    /// What the scanner reads from `xml`, `chunk` bytes at a time: the cells as text, then
    /// "end" or "stop".
    fn scan(xml: &str, chunk: usize) -> Vec<String> {
        let mut scanner = Scanner::new(xml.as_bytes());
        scanner.chunk = chunk;
        let mut out = Vec::new();
        loop {
            match scanner.next_cell() {
                Ok(Some((pos, raw))) => out.push(format!("{pos:?} {raw:?}")),
                Ok(None) => {
                    out.push("end".into());
                    return out;
                }
                Err(Stop) => {
                    out.push("stop".into());
                    return out;
                }
            }
        }
    }

    const SHEET: &str = concat!(
        r#"<?xml version="1.0"?><worksheet><dimension ref="A1:D3"/><sheetData>"#,
        r#"<row r="1" spans="1:4"><c r="A1" t="inlineStr"><is><t> Lyon </t></is></c>"#,
        r#"<c r="B1" s="2"><v>45000</v></c><c r="C1" t="s"><v>3</v></c><c r="D1" t="b"><v>1</v></c></row>"#,
        r#"<row r="3"><c r="B3"/><c t="str"><f>IF(A1>0,1,2)</f><v>a&amp;b &#233;</v></c>"#,
        r#"<c t="inlineStr"><is><t xml:space="preserve"> x </t><t>y </t></is></c><c t="inlineStr"><is/></c>"#,
        r#"<c><v/></c><c t="n"><v>-1.5E3</v></c><c t="str"><v/></c><c t="str"><f>A1</f><v></v></c>"#,
        r#"<c t="b"><v></v></c></row><row/><c><v>7</v></c></sheetData><sheetCalcPr/></worksheet>"#
    );

    #[test]
    fn reads_cells_as_calamine_does_whatever_the_reads_split() {
        // Expected as calamine's cells reader gives them (positions 0-based; a cell without `r`
        // follows the previous one; `<row/>` ends a row; trimmed `<t>` unless preserved).
        let expected = vec![
            "(0, 0) Text(\"Lyon\")",
            "(0, 1) Number(45000.0, Some(2))",
            "(0, 2) Shared(3)",
            "(0, 3) Bool(true)",
            "(2, 1) Empty",
            "(2, 2) Text(\"a&b é\")",
            "(2, 3) Text(\" x y\")",
            "(2, 4) Text(\"\")",
            "(2, 5) Empty",
            "(2, 6) Number(-1500.0, None)",
            "(2, 7) Text(\"\")",
            "(2, 8) Text(\"\")",
            "(2, 9) Empty",
            "(4, 0) Number(7.0, None)",
            "end",
        ];
        for chunk in [1, 2, 3, 5, 7, 64, CHUNK] {
            assert_eq!(scan(SHEET, chunk), expected, "chunk {chunk}");
        }
    }

    #[test]
    fn shapes_left_to_calamine_stop_the_scanner_after_the_cells_before_them() {
        let wrap = |cells: &str| {
            format!(
                r#"<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c>{cells}</row></sheetData></worksheet>"#
            )
        };
        for odd in [
            r#"<c r="B1" t="inlineStr"><is><r><t>rich</t></r></is></c>"#,
            r#"<x:c r="B1"><v>1</v></x:c>"#,
            r#"<c r="B1" t="e"><v>#N/A</v></c>"#,
            r#"<c r="B1" t="str"><v>line&#13;</v></c>"#,
            r#"<c r="B1" t="str"><v>_x000D_</v></c>"#,
            r#"<c r="B1"><v>12 </v></c>"#,
            r#"<c r="B1" s='1'><v>1</v></c>"#,
            r#"<c r="B1" t="inlineStr"><is><t a="x>y">z</t></is></c>"#,
            r#"<!-- note --><c r="B1"><v>1</v></c>"#,
            r#"<c r="b1"><v>1</v></c>"#,
        ] {
            assert_eq!(
                scan(&wrap(odd), CHUNK),
                vec!["(0, 0) Number(1.0, None)".to_string(), "stop".into()],
                "{odd}"
            );
        }
        // No sheetData at all, or only a prefixed one.
        assert_eq!(scan("<worksheet/>", CHUNK), vec!["stop"]);
        assert_eq!(
            scan("<x:worksheet><x:sheetData></x:sheetData></x:worksheet>", 3),
            vec!["stop"]
        );
        assert_eq!(scan("<worksheet><sheetData/></worksheet>", 4), vec!["end"]);
    }

    #[test]
    fn a_token_longer_than_the_bound_is_left_to_calamine() {
        // A text of 9 MB between two tags: past MAX_TOKEN (8 MB), the buffer stops growing.
        let long = format!(
            "<worksheet><sheetData><row><c><v>1</v></c><c t=\"str\"><v>{}</v></c></row></sheetData></worksheet>",
            "a".repeat(9 << 20)
        );
        assert_eq!(scan(&long, CHUNK), vec!["(0, 0) Number(1.0, None)", "stop"]);
    }
}
