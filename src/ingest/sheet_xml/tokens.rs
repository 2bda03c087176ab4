//! The scanner's tokens: start tags, end tags and texts of the part, read from a buffer refilled
//! a chunk at a time, each token whole in the buffer while it is used.

use super::{Scanner, Stop};
use std::io::Read;
use std::ops::Range;

/// A token of the part: ranges index `Scanner::buf` and hold until the next token.
#[derive(Debug, Clone)]
pub(super) enum Token {
    Start {
        name: Range<usize>,
        attrs: Range<usize>,
        empty: bool,
    },
    End(Range<usize>),
    Text(Range<usize>),
    Eof,
}

pub(super) const CHUNK: usize = 1 << 20;
/// The longest token read (a tag, or a text between tags): longer ones (a hand-made part, or a
/// damaged one) are left to calamine, so the buffer stays within a few chunks whatever the part.
const MAX_TOKEN: usize = 8 << 20;

impl<R: Read> Scanner<R> {
    /// Reads more of the part, keeping what is not consumed. False at the end of the part.
    pub(super) fn fill(&mut self) -> Result<bool, Stop> {
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
    pub(super) fn find_sheet_data(&mut self) -> Result<bool, Stop> {
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
    pub(super) fn token(&mut self) -> Result<Token, Stop> {
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
                    None => return Err(Stop),
                }
            }
            let Some(close) = find(b'>', rest) else {
                if self.fill()? {
                    continue;
                }
                return Err(Stop);
            };
            let tag = &rest[1..close];
            // Comments, processing instructions and CDATA are left to calamine. A '>' inside
            // an attribute value leaves a quote open, which `attributes` refuses: every start
            // tag's attributes are read through it (`checked`).
            if matches!(tag.first(), Some(b'!' | b'?')) {
                return Err(Stop);
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

    pub(super) fn name(&self, range: &Range<usize>) -> Result<&[u8], Stop> {
        let name = &self.buf[range.clone()];
        // Prefixed names (`x:c`) are matched by calamine on their local part: left to it.
        if memchr::memchr(b':', name).is_some() {
            return Err(Stop);
        }
        Ok(name)
    }
}

fn trim_end(tag: &[u8], from: usize) -> usize {
    let mut end = tag.len();
    while end > from && tag[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    end
}

/// The first `byte` in `hay`: tags and cell texts are short, and a plain loop over their first
/// bytes costs less than setting up a vector search.
#[inline]
pub(super) fn find(byte: u8, hay: &[u8]) -> Option<usize> {
    let head = hay.len().min(32);
    match hay[..head].iter().position(|&b| b == byte) {
        Some(i) => Some(i),
        None => memchr::memchr(byte, &hay[head..]).map(|i| i + head),
    }
}
