//! Bounds on what one input may cost, so that a hostile or broken file (a zip bomb, a row
//! numbered 4294967295, a million repeated blank rows, a 100 MB cell) stops with a sentence
//! instead of taking the machine's memory or an hour. Three pieces:
//! - [`Limits`]: the values (`[limits]` in mobistat.toml; the defaults are far above any real
//!   export);
//! - [`check_zip`]: a workbook's zip central directory inspected before calamine inflates
//!   anything (every part's declared size and compression ratio; the zip crate then refuses
//!   to inflate a part past its declared size, so the declaration cannot lie);
//! - [`Guard`]: a [`RowSink`] in front of the real one that checks each row as it streams by
//!   (row number, cells per row, bytes per cell, blank rows in a row, bytes held).

use super::{Cell, RowRemark, RowSink};
use crate::error::{column_letter, Error, Location, Result};
use crate::i18n::Message;
use std::io::{Read, Seek};

/// The limits of one run, the same for every input. Each one names the `[limits]` key that
/// raises it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Uncompressed bytes of one part (zip entry) of an xlsx, xlsb or ods workbook.
    pub max_part_bytes: u64,
    /// Uncompressed size over compressed size of a part larger than [`RATIO_FLOOR`].
    pub max_compression_ratio: u64,
    /// The last row number a sheet may use.
    pub max_rows: u64,
    /// Cells in one row (its width, blank cells included).
    pub max_columns: u64,
    /// Bytes of text in one cell.
    pub max_cell_bytes: u64,
    /// Blank rows one after another (a jump in row numbers counts as that many).
    pub max_blank_rows: u64,
    /// Approximate bytes of cells read from one input (the text of each cell plus 8 bytes a
    /// cell); a CSV file, read whole, counts its size.
    pub max_input_bytes: u64,
}

/// Parts smaller than this are not held to the compression ratio: small XML parts (styles, a
/// sheet of empty formatted cells) compress far better than data and cost nothing.
pub const RATIO_FLOOR: u64 = 16 << 20;

impl Default for Limits {
    /// Defaults no real export reaches: Excel's own sheet holds 1,048,576 rows of 16,384
    /// columns and 32,767 characters a cell (at most 131,068 bytes of UTF-8); an office's
    /// largest exports are a few hundred thousand rows, a few hundred MB of XML at most,
    /// compressed 5 to 30 times. Deflate compresses at most about 1,030 to 1: a ratio limit
    /// of 250 stops the bombs that approach it. The byte limits stay well under 1 GB, since
    /// calamine holds a whole shared-string table (and an xls or ods sheet) in memory.
    fn default() -> Self {
        Limits {
            max_part_bytes: 512 << 20,
            max_compression_ratio: 250,
            max_rows: 2_000_000,
            max_columns: 16_384,
            max_cell_bytes: 1 << 20,
            max_blank_rows: 100_000,
            max_input_bytes: 512 << 20,
        }
    }
}

/// Which limit a file crossed: each names its `[limits]` key and phrases what was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Limit {
    /// A workbook part inflates past `max_part_bytes`.
    PartBytes {
        part: String,
    },
    /// A workbook part is compressed past `max_compression_ratio`.
    CompressionRatio {
        part: String,
    },
    Rows,
    Columns,
    CellBytes,
    BlankRows,
    InputBytes,
    /// An xls workbook's sheets, laid out as calamine lays them out, past `max_input_bytes`.
    XlsCells,
}

impl Limit {
    /// The key under `[limits]` in mobistat.toml.
    pub fn key(&self) -> &'static str {
        match self {
            Limit::PartBytes { .. } => "max_part_bytes",
            Limit::CompressionRatio { .. } => "max_compression_ratio",
            Limit::Rows => "max_rows",
            Limit::Columns => "max_columns",
            Limit::CellBytes => "max_cell_bytes",
            Limit::BlankRows => "max_blank_rows",
            Limit::InputBytes | Limit::XlsCells => "max_input_bytes",
        }
    }

    /// What was found against the limit, as the middle of the error's sentence.
    pub fn phrase(&self, found: u64, max: u64) -> Message {
        let m = |key| Message::new(key).with("found", found).with("max", max);
        match self {
            Limit::PartBytes { part } => m("limit.part_bytes").with("part", part),
            Limit::CompressionRatio { part } => m("limit.compression_ratio").with("part", part),
            Limit::Rows => m("limit.rows"),
            Limit::Columns => m("limit.columns"),
            Limit::CellBytes => m("limit.cell_bytes"),
            Limit::BlankRows => m("limit.blank_rows"),
            Limit::InputBytes => m("limit.input_bytes"),
            Limit::XlsCells => m("limit.xls_cells"),
        }
    }

    /// The value to suggest: what the file needs when that is known, else twice the limit.
    pub fn suggestion(&self, found: u64, max: u64) -> u64 {
        found.max(max.saturating_mul(2))
    }

    /// The limit's value in `limits`.
    pub fn value(&self, limits: &Limits) -> u64 {
        match self {
            Limit::PartBytes { .. } => limits.max_part_bytes,
            Limit::CompressionRatio { .. } => limits.max_compression_ratio,
            Limit::Rows => limits.max_rows,
            Limit::Columns => limits.max_columns,
            Limit::CellBytes => limits.max_cell_bytes,
            Limit::BlankRows => limits.max_blank_rows,
            Limit::InputBytes | Limit::XlsCells => limits.max_input_bytes,
        }
    }
}

impl Limits {
    /// The error for `limit` crossed at `location` with `found`.
    pub fn crossed(&self, limit: Limit, location: Location, found: u64) -> Error {
        Error::Limit {
            max: limit.value(self),
            location: Box::new(location),
            limit,
            found,
        }
    }

    /// A CSV or xls file is read whole: its size counts against the input's memory budget.
    pub fn check_text_file(&self, display: &str, bytes: u64) -> Result<()> {
        if bytes > self.max_input_bytes {
            return Err(self.crossed(Limit::InputBytes, Location::sheet(display, ""), bytes));
        }
        Ok(())
    }
}

/// Inspects a workbook's zip central directory (nothing is inflated): every part's declared
/// uncompressed size against `max_part_bytes` and, above [`RATIO_FLOOR`], its compression
/// ratio against `max_compression_ratio`. A file that is not a zip is left to calamine, whose
/// error names it.
pub fn check_zip<R: Read + Seek>(reader: R, display: &str, limits: &Limits) -> Result<()> {
    let Ok(archive) = zip::ZipArchive::new(reader) else {
        return Ok(());
    };
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_data(i) else {
            continue;
        };
        let (size, compressed) = (entry.size(), entry.compressed_size());
        let part = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let here = || Location::sheet(display, "");
        if size > limits.max_part_bytes {
            return Err(limits.crossed(Limit::PartBytes { part }, here(), size));
        }
        let ratio = size / compressed.max(1);
        if size > RATIO_FLOOR && ratio > limits.max_compression_ratio {
            return Err(limits.crossed(Limit::CompressionRatio { part }, here(), ratio));
        }
    }
    Ok(())
}

/// Bytes calamine holds per cell of an ods sheet (its `Data` value).
const ODS_CELL_BYTES: u64 = 32;

/// Scans an ods workbook's content.xml before calamine reads it: calamine expands every
/// repeated row between the first and the last row with a value into cells held in memory,
/// so that `number-rows-repeated="1048570"` costs a million rows before a single one reaches
/// the [`Guard`]. The scan streams the part (already held to `max_part_bytes`) and counts, per
/// sheet, the rows up to the last with a value, the blank rows in a row before a value, and
/// the cells calamine will hold (rows times the widest row).
pub fn check_ods<R: Read + Seek>(reader: R, display: &str, limits: &Limits) -> Result<()> {
    let Ok(mut archive) = zip::ZipArchive::new(reader) else {
        return Ok(());
    };
    let Ok(content) = archive.by_name("content.xml") else {
        return Ok(());
    };
    let mut scan = OdsScan {
        display,
        limits: *limits,
        ..OdsScan::default()
    };
    let mut tag: Vec<u8> = Vec::new();
    let mut in_tag = false;
    for byte in std::io::BufReader::new(content).bytes() {
        // A damaged part is left to calamine, whose error names it.
        let Ok(byte) = byte else { return Ok(()) };
        match (in_tag, byte) {
            (false, b'<') => {
                in_tag = true;
                tag.clear();
            }
            (true, b'>') => {
                in_tag = false;
                scan.tag(&tag)?;
            }
            // The attributes that matter come first; a longer tag is cut.
            (true, _) if tag.len() < 4096 => tag.push(byte),
            _ => {}
        }
    }
    Ok(())
}

/// What the scan of an ods content.xml has counted so far.
#[derive(Default)]
struct OdsScan<'a> {
    display: &'a str,
    limits: Limits,
    sheet: String,
    /// Rows of the sheet up to the last one with a value.
    rows: u64,
    /// Rows without a value since then.
    blank: u64,
    /// The current row's repeat, its width so far, whether it holds a value.
    repeat: u64,
    column: u64,
    valued: bool,
    width: u64,
    /// Cells of the sheets already scanned.
    cells: u64,
}

/// The number in `name="N"` among a tag's attributes.
fn attribute_number(tag: &[u8], name: &str) -> Option<u64> {
    let text = std::str::from_utf8(tag).ok()?;
    let at = text.find(&format!("{name}=\""))? + name.len() + 2;
    text[at..].split('"').next()?.parse().ok()
}

impl OdsScan<'_> {
    fn at(&self, row: u64) -> Location {
        Location {
            file: self.display.to_string(),
            sheet: self.sheet.clone(),
            row: u32::try_from(row).unwrap_or(u32::MAX),
            column: String::new(),
        }
    }

    fn tag(&mut self, tag: &[u8]) -> Result<()> {
        let limits = self.limits;
        // The name ends at a space or at the "/" of "<x/>" (a closing tag starts with one).
        let name_end = tag
            .iter()
            .skip(1)
            .position(|b| b.is_ascii_whitespace() || *b == b'/')
            .map_or(tag.len(), |p| p + 1);
        let closed = tag.last() == Some(&b'/');
        match &tag[..name_end] {
            b"table:table" => {
                self.cells += self.rows * self.width;
                self.rows = 0;
                self.blank = 0;
                self.width = 0;
                let text = String::from_utf8_lossy(tag);
                self.sheet = text
                    .split("table:name=\"")
                    .nth(1)
                    .and_then(|rest| rest.split('"').next())
                    .unwrap_or_default()
                    .to_string();
            }
            b"table:table-row" => {
                self.repeat = attribute_number(tag, "table:number-rows-repeated").unwrap_or(1);
                self.column = 0;
                self.valued = false;
                if closed {
                    self.end_row()?;
                }
            }
            b"table:table-cell" | b"table:covered-table-cell" => {
                self.column += attribute_number(tag, "table:number-columns-repeated").unwrap_or(1);
                if std::str::from_utf8(tag).is_ok_and(|t| t.contains("office:value-type=")) {
                    self.valued = true;
                    self.width = self.width.max(self.column);
                }
            }
            b"/table:table-row" => self.end_row()?,
            _ => return Ok(()),
        }
        let cells = self.cells + self.rows * self.width;
        if cells.saturating_mul(ODS_CELL_BYTES) > limits.max_input_bytes {
            let found = cells.saturating_mul(ODS_CELL_BYTES);
            return Err(limits.crossed(Limit::InputBytes, self.at(self.rows), found));
        }
        Ok(())
    }

    fn end_row(&mut self) -> Result<()> {
        let limits = self.limits;
        if !self.valued {
            self.blank = self.blank.saturating_add(self.repeat);
            return Ok(());
        }
        // Blank rows count only when a row with a value follows: calamine drops trailing ones.
        if self.blank > limits.max_blank_rows {
            let found = self.blank;
            return Err(limits.crossed(Limit::BlankRows, self.at(self.rows + 1), found));
        }
        self.rows = self
            .rows
            .saturating_add(self.blank)
            .saturating_add(self.repeat);
        self.blank = 0;
        if self.rows > limits.max_rows {
            let found = self.rows;
            return Err(limits.crossed(Limit::Rows, self.at(found), found));
        }
        Ok(())
    }
}

/// A [`RowSink`] in front of another that stops the file at the first limit crossed.
pub struct Guard<'a> {
    inner: &'a mut dyn RowSink,
    limits: Limits,
    display: &'a str,
    sheet: String,
    /// The last row number seen, and how many blank rows end there.
    last: u32,
    blank_run: u64,
    held: u64,
}

impl<'a> Guard<'a> {
    pub fn new(inner: &'a mut dyn RowSink, limits: Limits, display: &'a str) -> Guard<'a> {
        Guard {
            inner,
            limits,
            display,
            sheet: String::new(),
            last: 0,
            blank_run: 0,
            held: 0,
        }
    }

    fn at(&self, row: u32, column: Option<usize>) -> Location {
        Location {
            file: self.display.to_string(),
            sheet: self.sheet.clone(),
            row,
            column: column.map(column_letter).unwrap_or_default(),
        }
    }

    /// Checks a row's number before the reader sends the blank rows of a jump to it, so that
    /// a row numbered 4294967295 stops the file at once instead of after a billion blank rows.
    pub fn check_jump(&mut self, number: u32) -> Result<()> {
        let limits = self.limits;
        if u64::from(number) > limits.max_rows {
            return Err(limits.crossed(Limit::Rows, self.at(number, None), number.into()));
        }
        let gap = u64::from(number.saturating_sub(self.last.saturating_add(1))) + self.blank_run;
        if number > self.last && gap > limits.max_blank_rows {
            return Err(limits.crossed(
                Limit::BlankRows,
                self.at(self.last.saturating_add(1), None),
                gap,
            ));
        }
        Ok(())
    }
}

impl RowSink for Guard<'_> {
    fn begin(&mut self, sheet: &str) {
        self.sheet = sheet.to_string();
        self.inner.begin(sheet);
    }

    fn size_hint(&mut self, rows: usize) {
        self.inner.size_hint(rows);
    }

    fn remark(&mut self, number: u32, remark: RowRemark) {
        self.inner.remark(number, remark);
    }

    fn row(&mut self, number: u32, cells: &mut Vec<Cell>) -> Result<()> {
        let limits = self.limits;
        self.check_jump(number)?;
        if cells.len() as u64 > limits.max_columns {
            let found = cells.len() as u64;
            return Err(limits.crossed(Limit::Columns, self.at(number, None), found));
        }
        let mut bytes = 0;
        for (i, cell) in cells.iter().enumerate() {
            let text = match cell {
                Cell::Text(t) | Cell::Error(t) => t.len() as u64,
                _ => 0,
            };
            if text > limits.max_cell_bytes {
                return Err(limits.crossed(Limit::CellBytes, self.at(number, Some(i)), text));
            }
            bytes += text + 8;
        }
        self.held += bytes;
        if self.held > limits.max_input_bytes {
            let found = self.held;
            return Err(limits.crossed(Limit::InputBytes, self.at(number, None), found));
        }
        if cells.iter().all(Cell::is_blank) {
            self.blank_run += 1 + u64::from(number.saturating_sub(self.last.saturating_add(1)));
            if self.blank_run > limits.max_blank_rows {
                let found = self.blank_run;
                return Err(limits.crossed(Limit::BlankRows, self.at(number, None), found));
            }
        } else {
            self.blank_run = 0;
        }
        self.last = self.last.max(number);
        self.inner.row(number, cells)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Collect;

    fn text(s: &str) -> Vec<Cell> {
        vec![Cell::Text(s.into())]
    }

    #[test]
    fn each_row_limit_stops_with_its_key() {
        let limits = Limits {
            max_rows: 10,
            max_columns: 3,
            max_cell_bytes: 5,
            max_blank_rows: 2,
            max_input_bytes: 100,
            ..Limits::default()
        };
        let key = |rows: &[(u32, Vec<Cell>)]| -> String {
            let mut collect = Collect::default();
            let mut guard = Guard::new(&mut collect, limits, "f.csv");
            for (n, cells) in rows {
                if let Err(Error::Limit { limit, .. }) = guard.row(*n, &mut cells.clone()) {
                    return limit.key().to_string();
                }
            }
            "none".into()
        };
        assert_eq!(key(&[(1, text("a")), (2, text("b"))]), "none");
        assert_eq!(key(&[(11, text("a"))]), "max_rows");
        assert_eq!(key(&[(1, vec![Cell::Empty; 4])]), "max_columns");
        assert_eq!(key(&[(1, text("abcdef"))]), "max_cell_bytes");
        // Two blank rows in a row are allowed, a third is not, whether sent or jumped over.
        assert_eq!(key(&[(1, vec![]), (2, vec![]), (3, text("a"))]), "none");
        assert_eq!(
            key(&[(1, vec![]), (2, vec![]), (3, vec![])]),
            "max_blank_rows"
        );
        assert_eq!(key(&[(1, text("a")), (5, text("b"))]), "max_blank_rows");
        // Ten cells of 5 bytes take 10 × (5 + 8) = 130 bytes, over 100.
        let many: Vec<(u32, Vec<Cell>)> = (1..=10).map(|n| (n, text("abcde"))).collect();
        assert_eq!(key(&many), "max_input_bytes");
    }

    #[test]
    fn the_sentence_names_the_file_the_limit_and_how_to_raise_it() {
        let limits = Limits::default();
        let err = limits.crossed(Limit::Rows, Location::sheet("in.xlsx", "S"), 4294967295);
        assert_eq!(
            err.to_string(),
            "in.xlsx, sheet \"S\": row 4294967295 is past the limit of 2000000 rows per sheet \
             (max_rows); the file is not read; if it is a genuine export, raise the limit in \
             mobistat.toml: [limits] max_rows = 4294967295"
        );
    }
}
