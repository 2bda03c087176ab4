//! An xlsx sheet's cells: through the narrow scanner (`sheet_xml`) with the workbook's parts
//! learned from calamine (`xlsx_parts`), calamine's own reader taking over at the cell where the
//! scanner stops. The tests read every real workbook both ways.

use super::cell::TextPool;
use super::limits::Guard;
use super::sheet_xml::{Raw, Scanner};
use super::workbook::{date_cell, from_calamine, stream_cells};
use super::xlsx_parts;
use super::Cell;
use crate::error::Result;
use calamine::{ExcelDateTime, XlsxCellReader};
use std::path::Path;

/// Streams an xlsx sheet's cells: through the fast scanner (`sheet_xml`) when the workbook's
/// parts could be learned (`xlsx_parts`), with calamine's reader taking over, at the same cell,
/// where the scanner meets a shape it leaves to calamine. `early` gives the parts learned while
/// calamine opened the workbook, used when they were learned for this sheet (else they are
/// learned now).
pub(super) fn xlsx_cells<RS: std::io::Read + std::io::Seek>(
    path: &Path,
    display: &str,
    name: &str,
    sink: &mut Guard<'_>,
    mut reader: XlsxCellReader<'_, RS>,
    early: impl FnOnce() -> Option<xlsx_parts::Early>,
) -> Result<()> {
    let parts = match early() {
        Some(early) if early.sheet == name => early.parts,
        _ => xlsx_parts::learn(path, name, reader.styles().len()),
    };
    let mut zip = parts.as_ref().and_then(|_| {
        let file = std::fs::File::open(path).ok()?;
        zip::ZipArchive::new(std::io::BufReader::new(file)).ok()
    });
    let entry = match (&parts, zip.as_mut()) {
        (Some(parts), Some(zip)) => zip.by_name(&parts.entry).ok(),
        _ => None,
    };
    let (Some(parts), Some(entry)) = (parts.as_ref(), entry) else {
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
                    if let Some(value) = read_raw(raw, parts, pool) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{Collect, Limits};
    use calamine::{open_workbook, Reader, Xlsx};

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
            // The parts learned before calamine opens the workbook, as `workbook` learns them
            // for a sheet named in the settings.
            let early = || {
                xlsx_parts::learn_early(path, |names| names.iter().find(|n| *n == sheet).cloned())
            };
            xlsx_cells(path, "t.xlsx", sheet, &mut guard, reader, early)
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
}
