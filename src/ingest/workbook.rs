//! Workbooks through calamine: xlsx/xlsm and xlsb streamed cell by cell, xls and ods (which
//! calamine only reads whole) through their cell range. Dates arrive already converted from the
//! workbook's 1900 or 1904 serial system.

use super::cell::TextPool;
use super::limits::Guard;
use super::xlsx_parts;
use super::xlsx_sheet::xlsx_cells;
use super::{Cell, Format, RowSink};
use crate::error::{Error, Location, Result};
use crate::normalise::date::parse_date_text;
use crate::normalise::text::fold;
use calamine::{open_workbook, Data, DataRef, ExcelDateTime, Ods, Reader, Xls, Xlsb, Xlsx};
use std::path::Path;

fn workbook_error(display: &str, e: impl std::fmt::Display) -> Error {
    Error::Workbook {
        file: display.to_string(),
        reason: e.to_string(),
    }
}

/// Finds the sheet asked for, by exact name and then ignoring case and accents.
fn choose_named(names: &[String], wanted: &str, display: &str) -> Result<String> {
    names
        .iter()
        .find(|n| n.as_str() == wanted)
        .or_else(|| names.iter().find(|n| fold(n) == fold(wanted)))
        .cloned()
        .ok_or_else(|| Error::SheetNotFound {
            file: display.to_string(),
            sheet: wanted.to_string(),
            available: names
                .iter()
                .map(|n| format!("\"{n}\""))
                .collect::<Vec<_>>()
                .join(", "),
        })
}

/// Streams a sheet of an xlsx or xlsb workbook cell by cell. calamine gives both readers the
/// same streaming methods but no common trait for them, hence one macro body for both (xlsx
/// sheets then go through the fast scanner, `xlsx_cells`).
macro_rules! stream_workbook {
    (@cells Xlsx, $path:expr, $display:expr, $name:expr, $sink:expr, $reader:expr, $early:expr) => {
        xlsx_cells($path, $display, $name, $sink, $reader, $early)
    };
    (@cells Xlsb, $path:expr, $display:expr, $name:expr, $sink:expr, $reader:expr, $early:expr) => {{
        let mut reader = $reader;
        stream_cells($display, $name, $sink, |pool| {
            from_calamine(reader.next_cell().map_err(|e| e.to_string()), pool)
        })
    }};
    ($reader:ident, $path:expr, $display:expr, $sheet:expr, $sink:expr, $early:expr) => {{
        let (path, display, sink) = ($path, $display, $sink);
        let mut wb: $reader<_> = open_workbook(path).map_err(|e| workbook_error(display, e))?;
        let name = match $sheet {
            Some(s) => choose_named(&wb.sheet_names(), s, display)?,
            None => first_streamed_sheet(&wb.sheet_names(), display, |n| {
                let mut reader = wb
                    .worksheet_cells_reader(n)
                    .map_err(|e| workbook_error(display, e))?;
                first_cell_exists(|| reader.next_cell().map_err(|e| e.to_string()))
            })?,
        };
        sink.begin(&name);
        let reader = wb
            .worksheet_cells_reader(&name)
            .map_err(|e| workbook_error(display, e))?;
        sink.size_hint(plausible_rows(path, reader.dimensions().end.0));
        stream_workbook!(@cells $reader, path, display, &name, sink, reader, $early)?;
        Ok(name)
    }};
}

pub(super) fn read_workbook(
    path: &Path,
    format: Format,
    display: &str,
    sheet: Option<&str>,
    sink: &mut Guard<'_>,
) -> Result<String> {
    match format {
        // calamine parses the shared strings to open the workbook, and again in the scanner's
        // probe (`xlsx_parts`): half a second each on a million-row sheet, so the probe is
        // learned on a thread of its own meanwhile, for the sheet calamine is expected to pick.
        Format::Xlsx => std::thread::scope(|scope| {
            let early = scope.spawn(|| {
                xlsx_parts::learn_early(path, |names| match sheet {
                    Some(wanted) => choose_named(names, wanted, display).ok(),
                    None => names.first().cloned(),
                })
            });
            // A panic there (a calamine bug) resumes here, for the file's guard.
            let joined = || {
                early
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p))
            };
            stream_workbook!(Xlsx, path, display, sheet, sink, joined)
        }),
        Format::Xlsb => stream_workbook!(Xlsb, path, display, sheet, sink, ()),
        Format::Xls => {
            let wb: Xls<_> = open_workbook(path).map_err(|e| workbook_error(display, e))?;
            read_ranges(wb, display, sheet, sink)
        }
        Format::Ods => {
            let wb: Ods<_> = open_workbook(path).map_err(|e| workbook_error(display, e))?;
            read_ranges(wb, display, sheet, sink)
        }
        Format::Csv | Format::Tsv => unreachable!("delimited files are read by ingest::delimited"),
    }
}

/// The names of a workbook's sheets that hold data, in workbook order.
pub(super) fn sheets_with_data(path: &Path, format: Format, display: &str) -> Result<Vec<String>> {
    let err = |e: &dyn std::fmt::Display| workbook_error(display, e);
    macro_rules! streamed {
        ($reader:ident) => {{
            let mut wb: $reader<_> = open_workbook(path).map_err(|e| err(&e))?;
            let mut names = Vec::new();
            for name in wb.sheet_names() {
                let mut reader = wb.worksheet_cells_reader(&name).map_err(|e| err(&e))?;
                if first_cell_exists(|| reader.next_cell().map_err(|e| e.to_string()))? {
                    names.push(name);
                }
            }
            names
        }};
    }
    macro_rules! ranged {
        ($reader:ident) => {{
            let mut wb: $reader<_> = open_workbook(path).map_err(|e| err(&e))?;
            let mut names = Vec::new();
            for name in wb.sheet_names() {
                let range = wb.worksheet_range(&name).map_err(|e| err(&e))?;
                if range
                    .used_cells()
                    .any(|(_, _, v)| !matches!(v, Data::Empty))
                {
                    names.push(name);
                }
            }
            names
        }};
    }
    Ok(match format {
        Format::Xlsx => streamed!(Xlsx),
        Format::Xlsb => streamed!(Xlsb),
        Format::Xls => ranged!(Xls),
        Format::Ods => ranged!(Ods),
        Format::Csv | Format::Tsv => Vec::new(),
    })
}

/// The row count a sheet's dimension tag claims, bounded by what the file's size can hold
/// (a stored cell takes several bytes even compressed): a damaged or hand-made tag claiming a
/// million rows must not make the builders reserve for them.
fn plausible_rows(path: &Path, last_row: u32) -> usize {
    let bytes = std::fs::metadata(path)
        .map(|m| m.len() as usize)
        .unwrap_or(0);
    (last_row as usize + 1).min(bytes / 4)
}

/// The first sheet, in workbook order, for which `has_data` says yes.
fn first_streamed_sheet(
    names: &[String],
    display: &str,
    mut has_data: impl FnMut(&str) -> Result<bool>,
) -> Result<String> {
    for name in names {
        if has_data(name)? {
            return Ok(name.clone());
        }
    }
    Err(Error::NoData {
        file: display.to_string(),
    })
}

/// True when the reader yields at least one non-empty cell.
fn first_cell_exists<'a>(
    mut next: impl FnMut() -> std::result::Result<Option<calamine::Cell<DataRef<'a>>>, String>,
) -> Result<bool> {
    loop {
        match next() {
            Ok(Some(cell)) => {
                if !matches!(cell.get_value(), DataRef::Empty) {
                    return Ok(true);
                }
            }
            Ok(None) => return Ok(false),
            // A sheet that fails to read is not "the first sheet with data"; keep looking.
            Err(_) => return Ok(false),
        }
    }
}

pub(super) fn date_cell(dt: &ExcelDateTime) -> Cell {
    if dt.is_datetime() {
        match dt.as_datetime() {
            Some(d) => Cell::Date(d.date()),
            None => Cell::Number(dt.as_f64()),
        }
    } else {
        // A duration ("[h]:mm"): keep the number of days.
        Cell::Number(dt.as_f64())
    }
}

fn iso_cell(text: &str) -> Cell {
    match parse_date_text(text) {
        Some(d) => Cell::Date(d),
        None => Cell::Text(text.to_string()),
    }
}

/// A text cell. NUL characters are dropped: some old BIFF8 workbooks store UTF-16 strings
/// that reach us with a NUL after every character ("P\0A\0I\0S\0"), and no spreadsheet text
/// means a NUL.
pub(super) fn text_cell(s: &str, pool: &mut TextPool) -> Cell {
    // A byte search: a char search cost 2% of reading a large workbook.
    if s.as_bytes().contains(&0) {
        Cell::Text(s.replace('\0', ""))
    } else {
        pool.text(s)
    }
}

fn from_ref(value: &DataRef<'_>, pool: &mut TextPool) -> Cell {
    match value {
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::String(s) => text_cell(s, pool),
        DataRef::SharedString(s) => text_cell(s, pool),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(dt) => date_cell(dt),
        DataRef::DateTimeIso(s) => iso_cell(s),
        DataRef::DurationIso(s) => Cell::Text(s.clone()),
        DataRef::Error(e) => Cell::Error(e.to_string()),
        DataRef::Empty => Cell::Empty,
    }
}

fn from_data(value: &Data, pool: &mut TextPool) -> Cell {
    match value {
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => text_cell(s, pool),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => date_cell(dt),
        Data::DateTimeIso(s) => iso_cell(s),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
        Data::Empty => Cell::Empty,
    }
}

/// A cell of a sheet streamed in XML order: its 0-based position and its value (`None` for a
/// cell without one, which still marks its row as begun).
pub(super) type Streamed = Option<((u32, u32), Option<Cell>)>;

/// A calamine cell as `stream_cells` takes it.
pub(super) fn from_calamine(
    item: std::result::Result<Option<calamine::Cell<DataRef<'_>>>, String>,
    pool: &mut TextPool,
) -> std::result::Result<Streamed, String> {
    Ok(item?.map(|cell| {
        let value = cell.get_value();
        let value = (!matches!(value, DataRef::Empty)).then(|| from_ref(value, pool));
        (cell.get_position(), value)
    }))
}

/// Groups a row-major stream of cells into rows, sending blank rows for the gaps.
pub(super) fn stream_cells(
    display: &str,
    sheet: &str,
    sink: &mut Guard<'_>,
    mut next: impl FnMut(&mut TextPool) -> std::result::Result<Streamed, String>,
) -> Result<()> {
    let mut row_cells: Vec<Cell> = Vec::new();
    let mut pool = TextPool::default();
    let mut current: Option<u32> = None;
    let mut last_sent: u32 = 0;
    loop {
        let item = next(&mut pool).map_err(|reason| Error::Sheet {
            location: Box::new(Location {
                file: display.to_string(),
                sheet: sheet.to_string(),
                row: current.map_or(0, |r| r.saturating_add(1)),
                column: String::new(),
            }),
            reason,
        })?;
        let Some(((row, col), value)) = item else {
            break;
        };
        if current != Some(row) {
            if let Some(r) = current {
                flush(sink, r.saturating_add(1), &mut row_cells, &mut last_sent)?;
                pool.reclaim(&mut row_cells);
            }
            current = Some(row);
        }
        let Some(value) = value else {
            continue;
        };
        let col = col as usize;
        // Most rows fill their cells left to right: the next cell is pushed, a gap filled.
        if row_cells.len() == col {
            row_cells.push(value);
        } else {
            if row_cells.len() < col {
                row_cells.resize(col + 1, Cell::Empty);
            }
            row_cells[col] = value;
        }
    }
    if let Some(r) = current {
        flush(sink, r.saturating_add(1), &mut row_cells, &mut last_sent)?;
    }
    Ok(())
}

fn flush(
    sink: &mut Guard<'_>,
    number: u32,
    cells: &mut Vec<Cell>,
    last_sent: &mut u32,
) -> Result<()> {
    // Blank rows fill the gaps. A row out of order (a hand-made file can store them so) is
    // still sent with its own number: reading it matters more than the order of the report.
    // A jump past the limits stops the file before any blank row is sent.
    sink.check_jump(number)?;
    for blank in *last_sent + 1..number {
        sink.row(blank, &mut Vec::new())?;
    }
    sink.row(number, cells)?;
    *last_sent = number.max(*last_sent);
    // The caller takes the cells' buffers back (`TextPool::reclaim`).
    Ok(())
}

/// Reads a whole-sheet range (xls, ods) and sends its rows with absolute row numbers.
fn read_ranges<R, RS>(
    mut wb: R,
    display: &str,
    sheet: Option<&str>,
    sink: &mut Guard<'_>,
) -> Result<String>
where
    R: Reader<RS>,
    RS: std::io::Read + std::io::Seek,
    R::Error: std::fmt::Display,
{
    let names = wb.sheet_names();
    let candidates: Vec<String> = match sheet {
        Some(s) => vec![choose_named(&names, s, display)?],
        None => names.clone(),
    };
    for name in candidates {
        let range = match wb.worksheet_range(&name) {
            Ok(r) => r,
            Err(e) if sheet.is_some() => {
                return Err(Error::Sheet {
                    location: Box::new(Location::sheet(display, &name)),
                    reason: e.to_string(),
                })
            }
            Err(_) => continue,
        };
        let Some((start_row, start_col)) = range.start() else {
            if sheet.is_some() {
                sink.begin(&name);
                return Ok(name);
            }
            continue;
        };
        if sheet.is_none() && range.used_cells().all(|(_, _, v)| matches!(v, Data::Empty)) {
            continue;
        }
        sink.begin(&name);
        sink.size_hint(start_row as usize + range.height());
        sink.check_jump(start_row + 1)?;
        for blank in 1..start_row + 1 {
            sink.row(blank, &mut Vec::new())?;
        }
        let mut cells: Vec<Cell> = Vec::new();
        let mut pool = TextPool::default();
        for (i, row) in range.rows().enumerate() {
            pool.reclaim(&mut cells);
            cells.resize(start_col as usize, Cell::Empty);
            cells.extend(row.iter().map(|v| from_data(v, &mut pool)));
            while cells.last().is_some_and(|c| matches!(c, Cell::Empty)) {
                cells.pop();
            }
            sink.row(start_row + i as u32 + 1, &mut cells)?;
        }
        return Ok(name);
    }
    Err(Error::NoData {
        file: display.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_characters_are_dropped_from_text() {
        let pool = &mut TextPool::default();
        assert_eq!(text_cell("P\0A\0I\0S\0", pool), Cell::Text("PAIS".into()));
        assert_eq!(text_cell("Ä\0", pool), Cell::Text("Ä".into()));
        assert_eq!(text_cell("plain", pool), Cell::Text("plain".into()));
    }
}
