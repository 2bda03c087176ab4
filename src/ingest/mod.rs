//! Ingest: files to rows of cells, each row with its number as the spreadsheet shows it.
//!
//! Readers stream rows into a [`RowSink`] one at a time (xlsx and xlsb through calamine's
//! cell reader, CSV through the csv crate), so memory follows the data kept, not the file.
//! [`read_file`] dispatches on the extension; every reader streams through a [`limits::Guard`],
//! and a workbook's zip directory is checked against the [`Limits`] before it is opened.

mod biff;
mod bytes;
pub mod cell;
mod compound;
pub mod content;
mod delimited;
pub mod encoding;
pub mod fuzz;
pub mod limits;
mod sheet_xml;
mod threaded;
mod workbook;
mod xlsx_book;
mod xlsx_parts;
mod xlsx_sheet;

pub use cell::Cell;
pub use delimited::{decode, sniff_delimiter};
pub use fuzz::fuzz_read;
pub use limits::Limits;
pub use threaded::{read_file_threaded, read_file_threaded_with, Message};

use crate::error::{Error, Result};
use std::io::Read;
use std::path::Path;

/// Receives the rows of one sheet in order. Rows never seen (blank lines) are sent as empty
/// rows so that every row between the first and the last is accounted for.
pub trait RowSink {
    /// Called once, before the first row, with the sheet's name ("" for CSV).
    fn begin(&mut self, sheet: &str);
    /// How many rows the file says are coming (a workbook's dimensions, a CSV's line count),
    /// so that column builders can reserve room once. Only a hint: may be wrong, or absent.
    fn size_hint(&mut self, _rows: usize) {}
    /// One row: its 1-based number and its cells (column 0 is "A"). The sink may take the
    /// cells out of the vector (a sink handing rows to another thread does); the reader
    /// refills it for the next row.
    fn row(&mut self, number: u32, cells: &mut Vec<Cell>) -> Result<()>;
    /// Called just before `row(number, ..)` when the reader noticed something about that row's
    /// bytes that the row builder reports (a line in another encoding). Ignored by default.
    fn remark(&mut self, _number: u32, _remark: RowRemark) {}
}

/// Something a reader noticed about a row's bytes, for the row builder to report as a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowRemark {
    /// The row was not valid UTF-8, in a file otherwise UTF-8: it was read as Windows-1252.
    Windows1252,
}

/// The file formats mobistat reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    Csv,
    Tsv,
}

impl Format {
    /// The format a file's extension announces.
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "xlsx" | "xlsm" | "xlam" => Format::Xlsx,
            "xlsb" => Format::Xlsb,
            "xls" | "xla" => Format::Xls,
            "ods" => Format::Ods,
            "csv" | "txt" => Format::Csv,
            "tsv" | "tab" => Format::Tsv,
            _ => return None,
        })
    }
}

/// Reads one file into `sink` within the default [`Limits`]: see [`read_file_within`].
pub fn read_file(
    path: &Path,
    display: &str,
    sheet: Option<&str>,
    sink: &mut dyn RowSink,
) -> Result<String> {
    read_file_within(path, display, sheet, &Limits::default(), sink)
}

/// Reads one file into `sink`: the named sheet, or else the first sheet with data.
/// `display` is the file name used in messages. Returns the sheet read ("" for CSV).
/// Crossing one of `limits` stops the file with [`Error::Limit`].
pub fn read_file_within(
    path: &Path,
    display: &str,
    sheet: Option<&str>,
    limits: &Limits,
    sink: &mut dyn RowSink,
) -> Result<String> {
    let format = Format::of(path).ok_or_else(|| Error::UnsupportedFormat {
        file: display.to_string(),
        extension: path
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default(),
    })?;
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut guard = limits::Guard::new(sink, *limits, display);
    match format {
        Format::Csv | Format::Tsv => {
            limits.check_text_file(display, std::fs::metadata(path).map_err(io)?.len())?;
            let bytes = std::fs::read(path).map_err(io)?;
            check_content(path, format, display, &bytes)?;
            guard.begin("");
            delimited::read_delimited(&bytes, format == Format::Tsv, display, &mut guard)?;
            Ok(String::new())
        }
        _ => {
            check_workbook(path, format, display, limits)?;
            workbook::read_workbook(path, format, display, sheet, &mut guard)
                .map_err(|e| explain_workbook_error(e, display))
        }
    }
}

/// The names of a workbook's sheets that hold data, in workbook order, after the same checks
/// as a read (content, zip parts, xls structure); `None` for a CSV file, which has no sheets.
pub fn sheets_with_data_within(
    path: &Path,
    display: &str,
    limits: &Limits,
) -> Result<Option<Vec<String>>> {
    let format = match Format::of(path) {
        None | Some(Format::Csv | Format::Tsv) => return Ok(None),
        Some(format) => format,
    };
    check_workbook(path, format, display, limits)?;
    workbook::sheets_with_data(path, format, display)
        .map(Some)
        .map_err(|e| explain_workbook_error(e, display))
}

/// What is checked before calamine opens a workbook: its first bytes against its extension,
/// a zip's parts against the limits, an xls's compound file and the size of its sheets.
fn check_workbook(path: &Path, format: Format, display: &str, limits: &Limits) -> Result<()> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut head = Vec::with_capacity(content::HEAD);
    std::fs::File::open(path)
        .and_then(|f| f.take(content::HEAD as u64).read_to_end(&mut head))
        .map_err(io)?;
    check_content(path, format, display, &head)?;
    // xlsx, xlsb and ods are zips: their parts' sizes are checked before any is inflated.
    if matches!(format, Format::Xlsx | Format::Xlsb | Format::Ods) {
        let file = std::fs::File::open(path).map_err(io)?;
        limits::check_zip(std::io::BufReader::new(&file), display, limits)?;
        if format == Format::Ods {
            limits::check_ods(std::io::BufReader::new(&file), display, limits)?;
        }
    }
    // xls is a compound file that calamine holds whole: its chains and the size of its
    // sheets are checked first.
    if format == Format::Xls {
        limits.check_text_file(display, std::fs::metadata(path).map_err(io)?.len())?;
        check_xls(&std::fs::read(path).map_err(io)?, display, limits)?;
    }
    Ok(())
}

/// Fails with one sentence when the file's first bytes are not what its extension announces
/// (a CSV renamed .xlsx, a workbook renamed .csv).
fn check_content(path: &Path, format: Format, display: &str, head: &[u8]) -> Result<()> {
    match content::mismatch(format, &head[..head.len().min(content::HEAD)]) {
        None => Ok(()),
        Some(found) => Err(Error::ContentMismatch {
            file: display.to_string(),
            extension: path
                .extension()
                .map(|e| e.to_string_lossy().into_owned())
                .unwrap_or_default(),
            content: found.phrase(format),
        }),
    }
}

/// An .xls file's compound-file chains must end inside the file, and its sheets, laid out as
/// calamine lays them out, must fit the memory budget.
fn check_xls(bytes: &[u8], display: &str, limits: &Limits) -> Result<()> {
    let compound = match compound::open(bytes) {
        Ok(Some(compound)) => compound,
        Ok(None) => return Ok(()),
        Err(problem) => {
            return Err(Error::DamagedXls {
                file: display.to_string(),
                problem,
            })
        }
    };

    let damaged = |problem| Error::DamagedXls {
        file: display.to_string(),
        problem,
    };
    // The workbook stream calamine will read must be read whole here first: a stream that
    // cannot be (a mini sector outside the mini stream) would reach calamine unmeasured.
    if let Some(stream) = compound.stream(&["Workbook", "Book"]).map_err(damaged)? {
        let cost = biff::cost(&stream);
        if cost > limits.max_input_bytes {
            let at = crate::error::Location::sheet(display, "");
            return Err(limits.crossed(limits::Limit::XlsCells, at, cost));
        }
    }
    Ok(())
}

/// A spreadsheet library's error made a sentence where its text is cryptic: a workbook whose
/// XML uses entities it declares itself (a "billion laughs" file) stops calamine's XML parser
/// with "unrecognized entity", which is said plainly here. calamine keeps no typed error for
/// it, hence the match on its text (pinned by a test in tests/csv_safety.rs).
fn explain_workbook_error(error: Error, display: &str) -> Error {
    match &error {
        Error::Workbook { reason, .. } | Error::Sheet { reason, .. }
            if reason.contains("unrecognized entity") =>
        {
            Error::XmlEntities {
                file: display.to_string(),
            }
        }
        _ => error,
    }
}

/// A sink that keeps every row: for tests, `init` and header guessing on small files.
#[derive(Debug, Default)]
pub struct Collect {
    pub sheet: String,
    pub rows: Vec<(u32, Vec<Cell>)>,
    /// Stop after this many rows (0: keep all).
    pub limit: usize,
    /// The readers' remarks, with their rows.
    pub remarks: Vec<(u32, RowRemark)>,
}

impl RowSink for Collect {
    fn begin(&mut self, sheet: &str) {
        self.sheet = sheet.to_string();
    }
    fn row(&mut self, number: u32, cells: &mut Vec<Cell>) -> Result<()> {
        if self.limit == 0 || self.rows.len() < self.limit {
            self.rows.push((number, std::mem::take(cells)));
        }
        Ok(())
    }
    fn remark(&mut self, number: u32, remark: RowRemark) {
        self.remarks.push((number, remark));
    }
}
