//! Workbooks through calamine: xlsx/xlsm and xlsb streamed cell by cell, xls and ods (which
//! calamine only reads whole) through their cell range. Dates arrive already converted from the
//! workbook's 1900 or 1904 serial system.

use super::cell::TextPool;
use super::limits::Guard;
use super::sheet_xml::{Raw, Scanner};
use super::xlsx_parts;
use super::{Cell, Format, RowSink};
use crate::error::{Error, Location, Result};
use crate::normalise::date::parse_date_text;
use crate::normalise::text::fold;
use calamine::{
    open_workbook, Data, DataRef, ExcelDateTime, Ods, Reader, Xls, Xlsb, Xlsx, XlsxCellReader,
};
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
    (@cells Xlsx, $path:expr, $display:expr, $name:expr, $sink:expr, $reader:expr) => {
        xlsx_cells($path, $display, $name, $sink, $reader)
    };
    (@cells Xlsb, $path:expr, $display:expr, $name:expr, $sink:expr, $reader:expr) => {{
        let mut reader = $reader;
        stream_cells($display, $name, $sink, |pool| {
            from_calamine(reader.next_cell().map_err(|e| e.to_string()), pool)
        })
    }};
    ($reader:ident, $path:expr, $display:expr, $sheet:expr, $sink:expr) => {{
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
        stream_workbook!(@cells $reader, path, display, &name, sink, reader)?;
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
        Format::Xlsx => stream_workbook!(Xlsx, path, display, sheet, sink),
        Format::Xlsb => stream_workbook!(Xlsb, path, display, sheet, sink),
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

fn date_cell(dt: &ExcelDateTime) -> Cell {
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
fn text_cell(s: &str, pool: &mut TextPool) -> Cell {
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
type Streamed = Option<((u32, u32), Option<Cell>)>;

/// A calamine cell as `stream_cells` takes it.
fn from_calamine(
    item: std::result::Result<Option<calamine::Cell<DataRef<'_>>>, String>,
    pool: &mut TextPool,
) -> std::result::Result<Streamed, String> {
    Ok(item?.map(|cell| {
        let value = cell.get_value();
        let value = (!matches!(value, DataRef::Empty)).then(|| from_ref(value, pool));
        (cell.get_position(), value)
    }))
}

/// Streams an xlsx sheet's cells: through the fast scanner (`sheet_xml`) when the workbook's
/// parts could be learned (`xlsx_parts`), with calamine's reader taking over, at the same cell,
/// where the scanner meets a shape it leaves to calamine.
fn xlsx_cells<RS: std::io::Read + std::io::Seek>(
    path: &Path,
    display: &str,
    name: &str,
    sink: &mut Guard<'_>,
    mut reader: XlsxCellReader<'_, RS>,
) -> Result<()> {
    let parts = xlsx_parts::learn(path, name, reader.styles().len());
    let zip = parts.as_ref().and_then(|_| {
        let file = std::fs::File::open(path).ok()?;
        zip::ZipArchive::new(std::io::BufReader::new(file)).ok()
    });
    let (Some(parts), Some(mut zip)) = (parts, zip) else {
        return stream_cells(display, name, sink, |pool| {
            from_calamine(reader.next_cell().map_err(|e| e.to_string()), pool)
        });
    };
    let Ok(entry) = zip.by_name(&parts.entry) else {
        return stream_cells(display, name, sink, |pool| {
            from_calamine(reader.next_cell().map_err(|e| e.to_string()), pool)
        });
    };
    let mut scanner = Scanner::new(entry);
    // Cells the scanner gave: calamine skips as many when it takes over.
    let mut given: u64 = 0;
    let mut scanning = true;
    stream_cells(display, name, sink, |pool| {
        if scanning {
            match scanner.next_cell() {
                Ok(None) => return Ok(None),
                Ok(Some((position, raw))) => {
                    if let Some(value) = read_raw(raw, &parts, pool) {
                        given += 1;
                        return Ok(Some((position, value)));
                    }
                }
                Err(_) => {}
            }
            scanning = false;
            for _ in 0..given {
                if reader.next_cell().map_err(|e| e.to_string())?.is_none() {
                    return Ok(None);
                }
            }
        }
        from_calamine(reader.next_cell().map_err(|e| e.to_string()), pool)
    })
}

/// A scanned value as calamine gives it (see `read_v` in calamine's cells reader); `None` when
/// the parts learned cannot say (a string or style index they do not have).
fn read_raw(raw: Raw<'_>, parts: &xlsx_parts::Parts, pool: &mut TextPool) -> Option<Option<Cell>> {
    Some(Some(match raw {
        Raw::Empty => return Some(None),
        Raw::Number(n, None) => Cell::Number(n),
        Raw::Number(n, Some(style)) => match parts.formats.get(style)? {
            None => Cell::Number(n),
            Some(kind) => date_cell(&ExcelDateTime::new(n, *kind, parts.is_1904)),
        },
        // Both without NUL characters (`xlsx_parts::Strings`, `sheet_xml::plain_text`).
        Raw::Shared(i) => pool.text(parts.strings.get(i)?),
        Raw::Text(s) => pool.text(s),
        Raw::Bool(b) => Cell::Bool(b),
    }))
}

/// Groups a row-major stream of cells into rows, sending blank rows for the gaps.
fn stream_cells(
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
    use crate::ingest::{Collect, Limits};

    /// The rows of `sheet` of the xlsx at `path`, through the fast scanner (`fast`) or through
    /// calamine alone; an error as its message.
    fn read_sheet(
        path: &Path,
        sheet: &str,
        fast: bool,
    ) -> std::result::Result<Vec<(u32, Vec<Cell>)>, String> {
        let mut collect = Collect::default();
        let mut guard = Guard::new(&mut collect, Limits::default(), "t.xlsx");
        let mut wb: Xlsx<_> =
            open_workbook(path).map_err(|e: calamine::XlsxError| e.to_string())?;
        let mut reader = wb
            .worksheet_cells_reader(sheet)
            .map_err(|e| e.to_string())?;
        let read = if fast {
            xlsx_cells(path, "t.xlsx", sheet, &mut guard, reader)
        } else {
            stream_cells("t.xlsx", sheet, &mut guard, |pool| {
                from_calamine(reader.next_cell().map_err(|e| e.to_string()), pool)
            })
        };
        read.map_err(|e| e.to_string())?;
        Ok(collect.rows)
    }

    /// True when the scanner reads the whole of `sheet` with the parts it learned.
    fn scanned_whole(path: &Path, sheet: &str) -> bool {
        let mut wb: Xlsx<_> = open_workbook(path).unwrap();
        let styles = match wb.worksheet_cells_reader(sheet) {
            Ok(reader) => reader.styles().len(),
            Err(_) => return false,
        };
        let Some(parts) = xlsx_parts::learn(path, sheet, styles) else {
            return false;
        };
        let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
        let mut scanner = Scanner::new(zip.by_name(&parts.entry).unwrap());
        let mut pool = TextPool::default();
        loop {
            match scanner.next_cell() {
                Ok(None) => return true,
                Ok(Some((_, raw))) => {
                    if read_raw(raw, &parts, &mut pool).is_none() {
                        return false;
                    }
                }
                Err(_) => return false,
            }
        }
    }

    fn xlsx_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                xlsx_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "xlsx") {
                out.push(path);
            }
        }
    }

    /// Reads every sheet both ways and checks the rows (or the error) are the same; returns how
    /// many sheets the scanner read whole, and how many there were.
    fn compare_both_ways(files: &[std::path::PathBuf]) -> (usize, usize) {
        let (mut whole, mut total) = (0, 0);
        for path in files {
            let Ok(wb) = open_workbook::<Xlsx<_>, _>(path) else {
                continue;
            };
            for sheet in wb.sheet_names() {
                let calamine = read_sheet(path, &sheet, false);
                let fast = read_sheet(path, &sheet, true);
                assert_eq!(fast, calamine, "{} sheet {sheet}", path.display());
                whole += usize::from(scanned_whole(path, &sheet));
                total += 1;
            }
        }
        (whole, total)
    }

    #[test]
    fn the_scanner_reads_every_real_xlsx_sheet_as_calamine_does() {
        // ../shared/realdata: calamine's own test workbooks and real exports (68 files).
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realdata");
        if !dir.exists() {
            assert!(
                std::env::var("CI").is_err(),
                "../shared/realdata is missing under CI"
            );
            eprintln!("note: ../shared/realdata is absent; skipping");
            return;
        }
        let mut files = Vec::new();
        xlsx_files(&dir, &mut files);
        files.sort();
        let (whole, total) = compare_both_ways(&files);
        eprintln!("{whole} of {total} sheets read whole by the scanner");
        // Counted on 2026-12-01: most sheets are plain enough for the scanner alone; the rest
        // (rich text, errors, prefixes...) go through calamine from where the scanner stops.
        assert!(
            whole >= 80,
            "only {whole} of {total} sheets read whole by the scanner"
        );
    }

    #[test]
    fn calamine_takes_over_at_the_cell_the_scanner_leaves_to_it() {
        use rust_xlsxwriter::{Format as XFormat, Workbook};
        let path =
            std::env::temp_dir().join(format!("mobistat-takeover-{}.xlsx", std::process::id()));
        let mut book = Workbook::new();
        let sheet = book.add_worksheet().set_name("Mobilités").unwrap();
        let date = XFormat::new().set_num_format("dd/mm/yyyy");
        let bold = XFormat::new().set_bold();
        for row in 0..40u32 {
            sheet
                .write_string(row, 0, format!("Université n°{} & co", row % 7))
                .unwrap();
            sheet
                .write_number_with_format(row, 1, 45_000.0 + row as f64, &date)
                .unwrap();
            sheet.write_boolean(row, 2, row % 2 == 0).unwrap();
            sheet.write_formula(row, 3, "=B1+1").unwrap();
            if row == 25 || row == 26 {
                // Rich text (calamine reads it from the shared strings).
                sheet
                    .write_rich_string(row, 4, &[(&bold, "Lyon"), (&XFormat::default(), " 2")])
                    .unwrap();
            }
        }
        let bytes = book.save_to_buffer().unwrap();
        // Cell E27 becomes an error value: a shape the scanner leaves to calamine, mid-sheet.
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut out = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        for i in 0..zip.len() {
            let mut file = zip.by_index(i).unwrap();
            let name = file.name().unwrap().to_string();
            let mut text = Vec::new();
            std::io::Read::read_to_end(&mut file, &mut text).unwrap();
            if name == "xl/worksheets/sheet1.xml" {
                let xml = String::from_utf8(text).unwrap();
                let at = xml.find(r#"<c r="E27""#).unwrap();
                let end = at + xml[at..].find("</c>").unwrap() + 4;
                text = format!(
                    "{}<c r=\"E27\" t=\"e\"><v>#N/A</v></c>{}",
                    &xml[..at],
                    &xml[end..]
                )
                .into_bytes();
            }
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut out, &text).unwrap();
        }
        out.finish().unwrap();
        let fast = read_sheet(&path, "Mobilités", true).unwrap();
        assert_eq!(fast, read_sheet(&path, "Mobilités", false).unwrap());
        assert!(!scanned_whole(&path, "Mobilités"));
        // Row 1 as calamine reads it: the shared string, the date, the boolean; row 26 holds the
        // rich text joined, row 27 the error calamine read after taking over.
        assert_eq!(fast[0].1[0], Cell::Text("Université n°0 & co".into()));
        assert_eq!(
            fast[0].1[1],
            Cell::Date(chrono::NaiveDate::from_ymd_opt(2023, 3, 15).unwrap())
        );
        assert_eq!(fast[0].1[2], Cell::Bool(true));
        assert_eq!(fast[25].1[4], Cell::Text("Lyon 2".into()));
        assert_eq!(fast[26].1[4], Cell::Error("#N/A".into()));
        assert_eq!(fast[39].1[0], Cell::Text("Université n°4 & co".into()));
        assert_eq!(fast.len(), 40);
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn the_demo_workbooks_are_read_whole_by_the_scanner_as_calamine_reads_them() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let files: Vec<_> = [
            "inputs/inscrits.xlsx",
            "inputs/mobilites_sortantes.xlsx",
            "inputs/partenaires.xlsx",
            "tests/fixtures/mobilities.xlsx",
        ]
        .iter()
        .map(|f| dir.join(f))
        .collect();
        let sheets: usize = files
            .iter()
            .map(|f| open_workbook::<Xlsx<_>, _>(f).unwrap().sheet_names().len())
            .sum();
        assert_eq!(compare_both_ways(&files), (sheets, sheets));
    }

    #[test]
    fn nul_characters_are_dropped_from_text() {
        let pool = &mut TextPool::default();
        assert_eq!(text_cell("P\0A\0I\0S\0", pool), Cell::Text("PAIS".into()));
        assert_eq!(text_cell("Ä\0", pool), Cell::Text("Ä".into()));
        assert_eq!(text_cell("plain", pool), Cell::Text("plain".into()));
    }
}
