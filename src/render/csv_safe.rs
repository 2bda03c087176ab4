//! CSV cells that a spreadsheet will not run: every CSV file mobistat writes goes through
//! [`SafeWriter`], which prefixes with an apostrophe each cell that a spreadsheet would take
//! for a formula (OWASP's CSV-injection guidance). Input: the cells of each record as text;
//! output: the same record, with those cells neutralised, in the dialect's csv writer.
//!
//! A cell is neutralised when it starts with `=`, `+`, `-`, `@`, a TAB or a CR and is not a
//! plain number: "-2.5", "-3" and "+1e5" stay as they are (a spreadsheet reads them as numbers,
//! which run nothing), while "-2+3", "=HYPERLINK(…)" and "@SUM(1)" become "'-2+3",
//! "'=HYPERLINK(…)" and "'@SUM(1)". The rule looks at the text written, whatever its column's
//! type, so it holds for every output alike (data/, tables/, data_quality.csv,
//! reconciliation.csv) and in every dialect.

use std::borrow::Cow;
use std::io::Write;

/// The first characters that make a spreadsheet read a cell as a formula (or, for TAB and CR,
/// that some spreadsheets skip before reading the rest as one).
/// All are ASCII: the first byte of a cell says (this runs for every cell of every CSV file).
const TRIGGERS: [u8; 6] = [b'=', b'+', b'-', b'@', b'\t', b'\r'];

/// `text` as a cell a spreadsheet will not run: prefixed with `'` when it starts with a
/// formula trigger and is not a number, else unchanged (and not copied).
pub fn neutralise(text: &str) -> Cow<'_, str> {
    let triggered = text
        .as_bytes()
        .first()
        .is_some_and(|b| TRIGGERS.contains(b));
    if triggered && !is_number(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// True for a plain number as mobistat writes them: an optional sign, digits with at most one
/// decimal point or comma (the `excel-fr` dialect writes commas), and an optional exponent.
/// Anything else ("-", "-2+3", "- 3", "-inf") is text.
pub fn is_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['+', '-']).unwrap_or(e))),
        None => (unsigned, None),
    };
    let (whole, fraction) = mantissa.split_once(['.', ',']).unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    !(whole.is_empty() && fraction.is_empty())
        && digits(whole)
        && digits(fraction)
        && exponent.is_none_or(|e| !e.is_empty() && digits(e))
}

/// A csv writer whose every cell goes through [`neutralise`]: the only way mobistat writes CSV
/// (`CsvDialect::writer` returns one), so that no output can forget it.
pub struct SafeWriter<W: Write> {
    inner: csv::Writer<W>,
}

impl<W: Write> SafeWriter<W> {
    /// Wraps a csv writer already set up for its dialect.
    pub fn new(inner: csv::Writer<W>) -> Self {
        SafeWriter { inner }
    }

    /// Writes one record, each cell neutralised.
    pub fn write_record<I, T>(&mut self, record: I) -> csv::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        for field in record {
            self.inner
                .write_field(neutralise(field.as_ref()).as_bytes())?;
        }
        self.inner.write_record(None::<&[u8]>)
    }

    /// Flushes the underlying writer.
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Records appended to a byte buffer exactly as a [`SafeWriter`] on a csv writer with the same
/// delimiter writes them (csv's defaults: a cell is quoted only when it holds the delimiter, a
/// quote, CR or LF, quotes are doubled, a record holding one empty cell is `""`, records end
/// with LF), each cell neutralised the same way. Large tables are formatted with it: the csv
/// writer's own buffer and per-cell state machine cost more than the text they copy.
pub struct SafeRows<'a> {
    out: &'a mut Vec<u8>,
    delimiter: u8,
    /// The bytes that make csv quote a cell (csv-core's `requires_quotes`).
    quoted: [bool; 256],
}

impl<'a> SafeRows<'a> {
    /// Appends records to `out`, cells separated by `delimiter` (an ASCII byte).
    pub fn new(out: &'a mut Vec<u8>, delimiter: u8) -> Self {
        let mut quoted = [false; 256];
        for byte in [delimiter, b'"', b'\r', b'\n'] {
            quoted[byte as usize] = true;
        }
        SafeRows {
            out,
            delimiter,
            quoted,
        }
    }

    /// Appends one record, each cell neutralised.
    pub fn write_record<I, T>(&mut self, record: I)
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        let start = self.out.len();
        for (i, field) in record.into_iter().enumerate() {
            if i > 0 {
                self.out.push(self.delimiter);
            }
            let text = neutralise(field.as_ref());
            let bytes = text.as_bytes();
            if bytes.iter().any(|&b| self.quoted[b as usize]) {
                self.out.push(b'"');
                for piece in bytes.split_inclusive(|&b| b == b'"') {
                    self.out.extend_from_slice(piece);
                    if piece.last() == Some(&b'"') {
                        self.out.push(b'"');
                    }
                }
                self.out.push(b'"');
            } else {
                self.out.extend_from_slice(bytes);
            }
        }
        // csv writes a record of no bytes (one empty cell) as `""`, so that it is not read back
        // as no record at all.
        if self.out.len() == start {
            self.out.extend_from_slice(b"\"\"");
        }
        self.out.push(b'\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_get_an_apostrophe() {
        for (text, expected) in [
            (
                "=HYPERLINK(\"http://x\",\"click\")",
                "'=HYPERLINK(\"http://x\",\"click\")",
            ),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("@SUM(1)", "'@SUM(1)"),
            ("-2+3", "'-2+3"),
            ("\t=1+1", "'\t=1+1"),
            ("\r=1+1", "'\r=1+1"),
            ("-", "'-"),
            ("-inf", "'-inf"),
            ("- 3", "'- 3"),
        ] {
            assert_eq!(neutralise(text), expected, "{text:?}");
        }
    }

    #[test]
    fn numbers_and_plain_text_stay() {
        for text in [
            "-2.5",
            "-3",
            "+3",
            "-2,5",
            "-1e5",
            "-1.5E-3",
            "12",
            "TU Wien",
            "",
            "a=b",
            "2024-09-02",
        ] {
            assert!(
                matches!(neutralise(text), Cow::Borrowed(t) if t == text),
                "{text:?}"
            );
        }
        for text in ["-", "-.", "-e5", "-1e", "-1.2.3", "--1", "-1,2,3", "-0x1"] {
            assert!(!is_number(text), "{text:?}");
        }
    }

    #[test]
    fn the_writer_neutralises_every_cell_and_still_quotes() {
        let mut out = Vec::new();
        let mut writer = SafeWriter::new(csv::WriterBuilder::new().from_writer(&mut out));
        writer.write_record(["name", "n"]).unwrap();
        writer
            .write_record(["=HYPERLINK(\"http://x\",\"click\")", "-2.5"])
            .unwrap();
        writer
            .write_record(vec!["@SUM(1)".to_string(), "-2+3".into()])
            .unwrap();
        writer.flush().unwrap();
        drop(writer);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "name,n\n\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",-2.5\n'@SUM(1),'-2+3\n"
        );
    }

    /// Every record through both writers, in both delimiters: the same bytes.
    fn both_writers(records: &[Vec<&str>], delimiter: u8) -> (String, String) {
        let mut expected = Vec::new();
        {
            let mut writer = SafeWriter::new(
                csv::WriterBuilder::new()
                    .delimiter(delimiter)
                    .flexible(true)
                    .from_writer(&mut expected),
            );
            for record in records {
                writer.write_record(record).unwrap();
            }
            writer.flush().unwrap();
        }
        let mut got = Vec::new();
        let mut rows = SafeRows::new(&mut got, delimiter);
        for record in records {
            rows.write_record(record);
        }
        (
            String::from_utf8(got).unwrap(),
            String::from_utf8(expected).unwrap(),
        )
    }

    #[test]
    fn rows_are_written_as_the_csv_writer_writes_them() {
        let cells = [
            "",
            "TU Wien",
            "Liège, Université",
            "Liège; Université",
            "say \"hi\"",
            "\"",
            "\"\"",
            "a\nb",
            "a\r\nb",
            "\r",
            "=1+1",
            "-2+3",
            "-2,5",
            "-3",
            "@x\"y",
            "\t=1",
            "日本, \"東京\"",
            " lead",
            "trail ",
            "'quoted'",
        ];
        let mut records: Vec<Vec<&str>> = vec![vec![], vec![""], vec!["", ""], vec!["\""]];
        for a in cells {
            records.push(vec![a]);
            for b in cells {
                records.push(vec![a, b]);
                records.push(vec![b, "", a]);
            }
        }
        for delimiter in [b',', b';'] {
            let (got, expected) = both_writers(&records, delimiter);
            assert_eq!(got, expected, "{}", delimiter as char);
        }
        // What the cases above cover, by hand: one empty cell is `""`, two are `,`; quotes are
        // doubled inside quotes; the other dialect's delimiter needs no quotes.
        let (got, _) = both_writers(
            &[vec![""], vec!["", ""], vec!["say \"hi\"", "a;b", "=1"]],
            b',',
        );
        assert_eq!(got, "\"\"\n,\n\"say \"\"hi\"\"\",a;b,'=1\n");
    }
}
