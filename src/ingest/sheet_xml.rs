//! A narrow scanner for the cells of an xlsx worksheet part: the plain shapes exports write
//! (`<row r>`, `<c r s t>` holding `<v>`, `<f>` or `<is><t>`), read straight from the inflated
//! bytes, several times faster than a general XML reader. Anything else it meets (a namespace
//! prefix, a comment, rich text, an escape it does not know) is reported as `Unsupported`, and
//! `workbook` hands the sheet to calamine from that row on, so the cells read are always the
//! ones calamine reads (`tests` in `workbook` compare both on every shape).

use std::io::Read;
use std::ops::Range;

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

/// A token of the part: ranges index `Scanner::buf` and hold until the next token.
#[derive(Debug, Clone)]
enum Token {
    Start {
        name: Range<usize>,
        attrs: Range<usize>,
        empty: bool,
    },
    End(Range<usize>),
    Text(Range<usize>),
    Eof,
}

const CHUNK: usize = 1 << 20;
/// The longest token read (a tag, or a text between tags): longer ones (a hand-made part, or a
/// damaged one) are left to calamine, so the buffer stays within a few chunks whatever the part.
const MAX_TOKEN: usize = 8 << 20;

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
            buf: Vec::with_capacity(CHUNK * 2),
            pos: 0,
            eof: false,
            row: 0,
            col: 0,
            text: String::new(),
            started: false,
            done: false,
            chunk: CHUNK,
        }
    }

    fn unsupported(&self) -> Stop {
        Stop
    }

    /// Reads more of the part, keeping what is not consumed. False at the end of the part.
    fn fill(&mut self) -> Result<bool, Stop> {
        if self.eof {
            return Ok(false);
        }
        if self.buf.len() - self.pos > MAX_TOKEN {
            return Err(Stop);
        }
        self.buf.drain(..self.pos);
        self.pos = 0;
        let start = self.buf.len();
        self.buf.resize(start + self.chunk, 0);
        let mut filled = start;
        // A full chunk keeps the number of refills (and copies of the tail) low.
        while filled < self.buf.len() {
            match self.input.read(&mut self.buf[filled..]) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return Err(Stop),
            }
        }
        self.buf.truncate(filled);
        Ok(filled > start)
    }

    /// Skips to just after the `<sheetData>` start tag. False when the part has none that this
    /// scanner recognises.
    fn find_sheet_data(&mut self) -> Result<bool, Stop> {
        const TAG: &[u8] = b"<sheetData";
        loop {
            if let Some(i) = memchr::memmem::find(&self.buf[self.pos..], TAG) {
                self.pos += i;
                return Ok(match self.token()? {
                    Token::Start { name, empty, .. } if &self.buf[name.clone()] == b"sheetData" => {
                        // calamine reads `<sheetData/>` as a start and an end: no rows.
                        self.done = empty;
                        true
                    }
                    _ => false,
                });
            }
            // Keep a tail that may hold the start of the tag.
            self.pos = self.buf.len().saturating_sub(TAG.len()).max(self.pos);
            if !self.fill()? {
                return Ok(false);
            }
        }
    }

    /// The next token, reading more of the part as needed.
    fn token(&mut self) -> Result<Token, Stop> {
        loop {
            let rest = &self.buf[self.pos..];
            if rest.is_empty() {
                if self.fill()? {
                    continue;
                }
                return Ok(Token::Eof);
            }
            if rest[0] != b'<' {
                match find(b'<', rest) {
                    Some(n) => {
                        let range = self.pos..self.pos + n;
                        self.pos += n;
                        return Ok(Token::Text(range));
                    }
                    None if !self.eof => {
                        self.fill()?;
                        continue;
                    }
                    None => return Err(self.unsupported()),
                }
            }
            let Some(close) = find(b'>', rest) else {
                if self.fill()? {
                    continue;
                }
                return Err(self.unsupported());
            };
            let tag = &rest[1..close];
            // Comments, processing instructions and CDATA are left to calamine. A '>' inside
            // an attribute value leaves a quote open, which `attributes` refuses: every start
            // tag's attributes are read through it (`checked`).
            if matches!(tag.first(), Some(b'!' | b'?')) {
                return Err(self.unsupported());
            }
            let start = self.pos + 1;
            let token = if tag.first() == Some(&b'/') {
                Token::End(start + 1..start + trim_end(tag, 1))
            } else {
                let empty = tag.last() == Some(&b'/');
                let inner = if empty { tag.len() - 1 } else { tag.len() };
                let name_len = tag[..inner]
                    .iter()
                    .position(|b| b.is_ascii_whitespace())
                    .unwrap_or(inner);
                Token::Start {
                    name: start..start + name_len,
                    attrs: start + name_len..start + inner,
                    empty,
                }
            };
            self.pos += close + 1;
            return Ok(token);
        }
    }

    fn name(&self, range: &Range<usize>) -> Result<&[u8], Stop> {
        let name = &self.buf[range.clone()];
        // Prefixed names (`x:c`) are matched by calamine on their local part: left to it.
        if memchr::memchr(b':', name).is_some() {
            return Err(self.unsupported());
        }
        Ok(name)
    }

    /// The next cell in the part's order: its 0-based position and value, or `None` at the end
    /// of the sheet's data.
    pub(super) fn next_cell(&mut self) -> Result<Option<Scanned<'_>>, Stop> {
        if !self.started {
            self.started = true;
            if !self.find_sheet_data()? {
                return Err(self.unsupported());
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
                        if let Some(r) = attribute(&self.buf[attrs.clone()], b"r")
                            .map_err(|_| self.unsupported())?
                        {
                            self.row = reference(r, false).ok_or_else(|| self.unsupported())?.0;
                        }
                        if empty {
                            self.row += 1;
                            self.col = 0;
                        }
                    }
                    b"c" => return self.cell(attrs, empty).map(Some),
                    _ => return Err(self.unsupported()),
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
                    _ => return Err(self.unsupported()),
                },
                Token::Text(range) => {
                    if !self.buf[range].iter().all(u8::is_ascii_whitespace) {
                        return Err(self.unsupported());
                    }
                }
                Token::Eof => return Err(self.unsupported()),
            }
        }
    }

    /// Reads a `<c>` element whose start tag had `attrs`.
    fn cell(&mut self, attrs: Range<usize>, empty: bool) -> Result<((u32, u32), Raw<'_>), Stop> {
        let fail = Stop;
        let (mut r, mut s, mut t) = (None, None, None);
        for pair in Attributes(&self.buf[attrs.clone()]) {
            let Ok((key, value)) = pair else {
                return Err(fail);
            };
            let slot = match key {
                b"r" => &mut r,
                b"s" => &mut s,
                b"t" => &mut t,
                _ if memchr::memchr(b':', key).is_some() => return Err(fail),
                _ => continue,
            };
            // A repeated attribute, or one with an entity, is left to calamine.
            if slot.is_some() || memchr::memchr(b'&', value).is_some() {
                return Err(fail);
            }
            *slot = Some(value);
        }
        let position = match r {
            Some(r) => match reference(r, true) {
                Some((row, col)) => {
                    self.col = col;
                    (row, col)
                }
                None => return Err(fail),
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
            _ => return Err(fail),
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
                        _ => return Err(self.unsupported()),
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
                        return Err(self.unsupported());
                    }
                    open = false;
                }
                Token::Text(range) => {
                    if !self.buf[range].iter().all(u8::is_ascii_whitespace) {
                        return Err(self.unsupported());
                    }
                }
                Token::Eof => return Err(self.unsupported()),
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

    /// Reads a `<v>` element's text and its end tag.
    fn v(&mut self, kind: Kind) -> Result<Value, Stop> {
        let fail = Stop;
        let range = match self.token()? {
            Token::Text(range) => range,
            Token::End(name) if &self.buf[name.clone()] == b"v" => {
                return Ok(empty_v(kind, &mut self.text))
            }
            _ => return Err(fail),
        };
        let value = {
            let v = &self.buf[range];
            match kind {
                Kind::Number => {
                    if v.is_empty() {
                        Value::Empty
                    } else if !v.iter().all(|b| {
                        b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E')
                    }) {
                        // Text stored without a type, or spaces: left to calamine.
                        return Err(fail);
                    } else {
                        match fast_float2::parse::<f64, _>(v) {
                            Ok(n) => Value::Number(n),
                            // calamine keeps an untyped unreadable number as text, and fails
                            // on a typed one: both left to it.
                            Err(_) => return Err(fail),
                        }
                    }
                }
                Kind::Shared => match digits(v) {
                    Some(i) => Value::Shared(i),
                    None => return Err(fail),
                },
                Kind::Bool => match v {
                    b"0" => Value::Bool(false),
                    b"1" => Value::Bool(true),
                    _ => return Err(fail),
                },
                Kind::Str => {
                    let Some(text) = plain_text(v) else {
                        return Err(fail);
                    };
                    self.text.clear();
                    if !unescape_into(text, &mut self.text) {
                        return Err(fail);
                    }
                    Value::Text
                }
                Kind::Inline => unreachable!("an inline string's <v> is skipped"),
            }
        };
        match self.token()? {
            Token::End(name) if &self.buf[name.clone()] == b"v" => Ok(value),
            _ => Err(fail),
        }
    }

    /// Reads an `<is>` element holding `<t>` elements only, as calamine's `read_string` does:
    /// their texts joined, each trimmed of ASCII whitespace unless `xml:space="preserve"`.
    fn inline(&mut self) -> Result<Value, Stop> {
        let fail = Stop;
        self.text.clear();
        loop {
            match self.token()? {
                Token::Start { name, attrs, empty } => {
                    if self.name(&name)? != b"t" {
                        return Err(fail);
                    }
                    let preserve = match attribute(&self.buf[attrs], b"xml:space") {
                        Ok(v) => v == Some(b"preserve"),
                        Err(()) => return Err(fail),
                    };
                    if empty {
                        // `<t/>`: an empty text.
                        continue;
                    }
                    let start = self.text.len();
                    match self.token()? {
                        Token::Text(range) => {
                            let Some(text) = plain_text(&self.buf[range]) else {
                                return Err(fail);
                            };
                            if !unescape_into(text, &mut self.text) {
                                return Err(fail);
                            }
                            match self.token()? {
                                Token::End(name) if &self.buf[name.clone()] == b"t" => {}
                                _ => return Err(fail),
                            }
                        }
                        Token::End(name) if &self.buf[name.clone()] == b"t" => {}
                        _ => return Err(fail),
                    }
                    if !preserve {
                        trim_from(&mut self.text, start);
                    }
                }
                Token::End(name) => {
                    if self.name(&name)? != b"is" {
                        return Err(fail);
                    }
                    break;
                }
                Token::Text(range) => {
                    if !self.buf[range].iter().all(u8::is_ascii_whitespace) {
                        return Err(fail);
                    }
                }
                Token::Eof => return Err(fail),
            }
        }
        Ok(Value::Text)
    }

    /// Skips to the end tag `name` (a formula's text, which nothing here reads).
    fn skip_to_end(&mut self, name: &[u8]) -> Result<(), Stop> {
        loop {
            match self.token()? {
                Token::End(end) if &self.buf[end.clone()] == name => return Ok(()),
                Token::Text(_) => {}
                // No nesting inside `<f>` or `<v>` is expected.
                Token::Start { .. } | Token::End(_) | Token::Eof => return Err(self.unsupported()),
            }
        }
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

/// Trims ASCII whitespace (space, tab, CR, LF) off both ends of `text[start..]`, as calamine
/// trims each `<t>` without `xml:space="preserve"`.
fn trim_from(text: &mut String, start: usize) {
    let piece = &text[start..];
    let trimmed = piece.trim_matches([' ', '\t', '\r', '\n']);
    let lead = piece.len() - piece.trim_start_matches([' ', '\t', '\r', '\n']).len();
    let keep = trimmed.len();
    text.truncate(start + lead + keep);
    text.drain(start..start + lead);
}

fn trim_end(tag: &[u8], from: usize) -> usize {
    let mut end = tag.len();
    while end > from && tag[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    end
}

/// The value of attribute `key` in a start tag's attribute text; `Err` when the text is not
/// plain `key="value"` pairs.
fn attribute<'a>(attrs: &'a [u8], key: &[u8]) -> Result<Option<&'a [u8]>, ()> {
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
pub(super) fn attributes(text: &[u8]) -> Attributes<'_> {
    Attributes(text)
}

/// See [`attributes`].
pub(super) struct Attributes<'a>(&'a [u8]);

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

/// The first `byte` in `hay`: tags and cell texts are short, and a plain loop over their first
/// bytes costs less than setting up a vector search.
#[inline]
fn find(byte: u8, hay: &[u8]) -> Option<usize> {
    let head = hay.len().min(32);
    match hay[..head].iter().position(|&b| b == byte) {
        Some(i) => Some(i),
        None => memchr::memchr(byte, &hay[head..]).map(|i| i + head),
    }
}

/// True when a start tag's attribute text is plain `key="value"` pairs.
fn checked(attrs: &[u8]) -> bool {
    attrs.iter().all(u8::is_ascii_whitespace) || attributes(attrs).all(|pair| pair.is_ok())
}

/// A non-negative whole number written in ASCII digits only.
fn digits(text: &[u8]) -> Option<usize> {
    if text.is_empty() || text.len() > 18 || !text.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(text.iter().fold(0, |n, d| n * 10 + (d - b'0') as usize))
}

/// A cell reference ("B12": row 11, column 1), or a row number when `column` is false; the
/// shapes calamine accepts that are not plain letters-then-digits are left to it.
fn reference(text: &[u8], column: bool) -> Option<(u32, u32)> {
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
fn plain_text(bytes: &[u8]) -> Option<&str> {
    for at in memchr::memchr3_iter(b'\r', 0, b'_', bytes) {
        if bytes[at] != b'_' || bytes.get(at + 1) == Some(&b'x') {
            return None;
        }
    }
    std::str::from_utf8(bytes).ok()
}

/// Appends `text` with XML's predefined and numeric entities replaced; false on any other.
fn unescape_into(text: &str, out: &mut String) -> bool {
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

#[cfg(test)]
mod tests {
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
