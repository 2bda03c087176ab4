//! CSV and TSV: encoding (UTF-8 with or without BOM, else Windows-1252), delimiter sniffing
//! (comma, semicolon, tab) and streaming records with the row numbers a spreadsheet would show.

use super::{Cell, RowSink};
use crate::error::{Error, Location, Result};
use std::borrow::Cow;

/// Decodes a text file: UTF-8 (BOM removed) when it is valid UTF-8, else Windows-1252, the
/// encoding of CSV files saved by Excel on French and Spanish Windows.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0,
    }
}

/// Picks the delimiter of a CSV text from its first lines: the one of ';', ',' and tab that
/// occurs most often outside quotes. Semicolons win ties, as French Excel writes them.
pub fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let candidates = [b';', b',', b'\t'];
    let mut in_quotes = false;
    for (lines, line) in text.lines().enumerate() {
        if lines >= 50 {
            break;
        }
        for b in line.bytes() {
            if b == b'"' {
                in_quotes = !in_quotes;
            } else if !in_quotes {
                if let Some(i) = candidates.iter().position(|&c| c == b) {
                    counts[i] += 1;
                }
            }
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    candidates[best]
}

/// Streams the records of a delimited file into `sink`.
pub(super) fn read_delimited(bytes: &[u8], tab: bool, display: &str, sink: &mut dyn RowSink) -> Result<()> {
    let text = decode(bytes);
    let delimiter = if tab { b'\t' } else { sniff_delimiter(&text) };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut cells: Vec<Cell> = Vec::new();
    // The csv crate skips blank lines and counts lines inside quoted fields; a spreadsheet
    // shows one row per record and one per blank line. Track both to give the spreadsheet's.
    let mut embedded_newlines: u64 = 0;
    let mut last_row: u32 = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                return Err(Error::Sheet {
                    location: Location { file: display.to_string(), row: line as u32, ..Default::default() },
                    reason: e.to_string(),
                });
            }
        }
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let row = (line.saturating_sub(embedded_newlines)) as u32;
        for blank in last_row + 1..row {
            sink.row(blank, &[])?;
        }
        cells.clear();
        cells.extend(record.iter().map(|field| {
            if field.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(field.to_string())
            }
        }));
        sink.row(row, &cells)?;
        last_row = row.max(last_row);
        embedded_newlines += record.iter().map(|f| f.matches('\n').count() as u64).sum::<u64>();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Collect;

    fn rows(bytes: &[u8]) -> Vec<(u32, Vec<String>)> {
        let mut sink = Collect::default();
        read_delimited(bytes, false, "t.csv", &mut sink).unwrap();
        sink.rows
            .into_iter()
            .map(|(n, cells)| (n, cells.iter().map(Cell::display).collect()))
            .collect()
    }

    #[test]
    fn decodes_bom_and_windows_1252() {
        assert_eq!(decode(b"\xEF\xBB\xBFPa\xC3\xADs"), "País");
        // 0xE9 is "é" in Windows-1252 and invalid on its own in UTF-8.
        assert_eq!(decode(b"Pays;Ann\xE9e"), "Pays;Année");
    }

    #[test]
    fn sniffs_the_delimiter() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2;3\n"), b';');
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter("a\tb\tc\n1\t2\t3\n"), b'\t');
        assert_eq!(sniff_delimiter("name;\"x, y, z\"\n"), b';');
    }

    #[test]
    fn row_numbers_match_the_spreadsheet() {
        // Row 3 is blank; the record on row 4 spans two lines; row 5 follows it.
        let got = rows(b"h1;h2\r\na;b\r\n\r\nc;\"two\r\nlines\"\r\nd;e\r\n");
        let numbers: Vec<u32> = got.iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, vec![1, 2, 3, 4, 5]);
        assert!(got[2].1.is_empty());
        assert_eq!(got[4].1, vec!["d", "e"]);
    }
}
