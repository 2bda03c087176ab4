//! The values inside a `<c>` element: a `<v>` read by the cell's type, an inline string's
//! `<is>`, and the formula text skipped.

use super::lexical::{attribute, digits, plain_text, trim_from, unescape_into};
use super::tokens::Token;
use super::{empty_v, Kind, Scanner, Stop, Value};
use std::io::Read;

impl<R: Read> Scanner<R> {
    /// Reads a `<v>` element's text and its end tag.
    pub(super) fn v(&mut self, kind: Kind) -> Result<Value, Stop> {
        let range = match self.token()? {
            Token::Text(range) => range,
            Token::End(name) if &self.buf[name.clone()] == b"v" => {
                return Ok(empty_v(kind, &mut self.text))
            }
            _ => return Err(Stop),
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
                        return Err(Stop);
                    } else {
                        match fast_float2::parse::<f64, _>(v) {
                            Ok(n) => Value::Number(n),
                            // calamine keeps an untyped unreadable number as text, and fails
                            // on a typed one: both left to it.
                            Err(_) => return Err(Stop),
                        }
                    }
                }
                Kind::Shared => match digits(v) {
                    Some(i) => Value::Shared(i),
                    None => return Err(Stop),
                },
                Kind::Bool => match v {
                    b"0" => Value::Bool(false),
                    b"1" => Value::Bool(true),
                    _ => return Err(Stop),
                },
                Kind::Str => {
                    let Some(text) = plain_text(v) else {
                        return Err(Stop);
                    };
                    self.text.clear();
                    if !unescape_into(text, &mut self.text) {
                        return Err(Stop);
                    }
                    Value::Text
                }
                Kind::Inline => unreachable!("an inline string's <v> is skipped"),
            }
        };
        match self.token()? {
            Token::End(name) if &self.buf[name.clone()] == b"v" => Ok(value),
            _ => Err(Stop),
        }
    }

    /// Reads an `<is>` element holding `<t>` elements only, as calamine's `read_string` does:
    /// their texts joined, each trimmed of ASCII whitespace unless `xml:space="preserve"`.
    pub(super) fn inline(&mut self) -> Result<Value, Stop> {
        self.text.clear();
        loop {
            match self.token()? {
                Token::Start { name, attrs, empty } => {
                    if self.name(&name)? != b"t" {
                        return Err(Stop);
                    }
                    let preserve = match attribute(&self.buf[attrs], b"xml:space") {
                        Ok(v) => v == Some(b"preserve"),
                        Err(()) => return Err(Stop),
                    };
                    if empty {
                        // `<t/>`: an empty text.
                        continue;
                    }
                    let start = self.text.len();
                    match self.token()? {
                        Token::Text(range) => {
                            let Some(text) = plain_text(&self.buf[range]) else {
                                return Err(Stop);
                            };
                            if !unescape_into(text, &mut self.text) {
                                return Err(Stop);
                            }
                            match self.token()? {
                                Token::End(name) if &self.buf[name.clone()] == b"t" => {}
                                _ => return Err(Stop),
                            }
                        }
                        Token::End(name) if &self.buf[name.clone()] == b"t" => {}
                        _ => return Err(Stop),
                    }
                    if !preserve {
                        trim_from(&mut self.text, start);
                    }
                }
                Token::End(name) => {
                    if self.name(&name)? != b"is" {
                        return Err(Stop);
                    }
                    break;
                }
                Token::Text(range) => {
                    if !self.buf[range].iter().all(u8::is_ascii_whitespace) {
                        return Err(Stop);
                    }
                }
                Token::Eof => return Err(Stop),
            }
        }
        Ok(Value::Text)
    }

    /// Skips to the end tag `name` (a formula's text, which nothing here reads).
    pub(super) fn skip_to_end(&mut self, name: &[u8]) -> Result<(), Stop> {
        loop {
            match self.token()? {
                Token::End(end) if &self.buf[end.clone()] == name => return Ok(()),
                Token::Text(_) => {}
                // No nesting inside `<f>` or `<v>` is expected.
                Token::Start { .. } | Token::End(_) | Token::Eof => return Err(Stop),
            }
        }
    }
}
