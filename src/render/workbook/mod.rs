//! `mobistat.xlsx`: one sheet per indicator table (typed cells, same values as the CSV files),
//! then a definitions sheet and a data-quality sheet (row accounting, then the issues).
//! The same inputs always give the same bytes, so reports can be compared between runs.
//! This file holds the public types and the sheet order; the sheets are written by
//! [`table_sheet`] and [`fixed_sheets`], with the formats and widths of [`style`].

mod fixed_sheets;
mod style;
mod table_sheet;
#[cfg(test)]
mod testing;

use crate::error::{Error, Result};
use crate::schema::ColumnDef;
use crate::validate::{Account, Issue};
use fixed_sheets::{write_definitions, write_quality};
use polars::prelude::DataFrame;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};
use std::path::Path;
use style::Styles;
use table_sheet::write_table;

/// One indicator table to write as a sheet.
pub struct SheetTable<'a> {
    /// The sheet name: the indicator's machine name (ASCII, at most 31 characters).
    pub name: &'a str,
    /// The table, written as it is, with its column names as the header row.
    pub frame: &'a DataFrame,
    /// What its columns mean (their number formats follow); a column not listed is text.
    pub columns: &'a [ColumnDef],
}

/// One line of the definitions sheet, already in the report language.
pub struct DefinitionRow {
    /// The indicator's machine name (its sheet and CSV file name).
    pub name: String,
    pub title: String,
    pub definition: String,
    /// The canonical tables it reads, as one text.
    pub inputs: String,
    /// Its output columns, as one text.
    pub columns: String,
}

/// Labels of the fixed sheets, in the report language (chosen by the caller).
pub struct WorkbookLabels {
    /// Name of the definitions sheet, e.g. "Definitions" or "Définitions".
    pub definitions_sheet: String,
    /// Name of the data-quality sheet, e.g. "Data quality" or "Qualité des données".
    pub quality_sheet: String,
    /// Header of the definitions sheet: name, title, definition, inputs, columns.
    pub definitions_header: [String; 5],
    /// Header of the row-accounting table: file, sheet, table, read, accepted, warned,
    /// rejected, skipped.
    pub accounts_header: [String; 8],
}

/// Writes the workbook to `path` (creating its folder): the indicator sheets in the order
/// given, then the definitions sheet, then the data-quality sheet.
///
/// Fails with [`Error::Write`] when a sheet name is invalid or repeated, a table exceeds
/// Excel's limits, or the file cannot be written.
pub fn write_workbook(
    path: &Path,
    sheets: &[SheetTable],
    definitions: &[DefinitionRow],
    accounts: &[Account],
    issues: &[Issue],
    labels: &WorkbookLabels,
) -> Result<()> {
    let bytes = workbook_bytes(sheets, definitions, accounts, issues, labels).map_err(|e| {
        Error::Write {
            path: path.display().to_string(),
            reason: e.to_string(),
        }
    })?;
    super::write_file(path, |out| out.write_all(&bytes))
}

/// The workbook as xlsx bytes; kept apart from the file so that tests need no disk.
pub(crate) fn workbook_bytes(
    sheets: &[SheetTable],
    definitions: &[DefinitionRow],
    accounts: &[Account],
    issues: &[Issue],
    labels: &WorkbookLabels,
) -> std::result::Result<Vec<u8>, XlsxError> {
    let styles = Styles::new();
    let mut workbook = Workbook::new();
    // rust_xlsxwriter stamps the current time into docProps/core.xml; a fixed date makes two
    // runs on the same data byte-identical.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    for table in sheets {
        write_table(workbook.add_worksheet(), table, &styles)?;
    }
    write_definitions(workbook.add_worksheet(), definitions, labels, &styles)?;
    write_quality(workbook.add_worksheet(), accounts, issues, labels, &styles)?;
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::testing::{frame, labels, write, COLUMNS};
    use super::*;
    use calamine::{open_workbook_auto, Reader};

    #[test]
    fn sheets_follow_the_tables_then_definitions_then_quality() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out").join("mobistat.xlsx");
        write(&path);

        let names = open_workbook_auto(&path).unwrap().sheet_names();
        assert_eq!(
            names,
            ["outgoing_by_country", "Définitions", "Qualité des données"]
        );
    }

    #[test]
    fn same_inputs_give_identical_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.xlsx"), dir.path().join("b.xlsx"));
        write(&a);
        write(&b);
        assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
        // Two writes within one second would match even with the real clock: check that the
        // stamp is the fixed one.
        let mut zip = ::zip::ZipArchive::new(std::fs::File::open(&a).unwrap()).unwrap();
        let mut core = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("docProps/core.xml").unwrap(), &mut core)
            .unwrap();
        assert!(
            core.contains(">2000-01-01T00:00:00Z</dcterms:created>"),
            "{core}"
        );
    }

    #[test]
    fn a_repeated_sheet_name_is_a_write_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mobistat.xlsx");
        let df = frame();
        let sheets = [
            SheetTable {
                name: "t",
                frame: &df,
                columns: &COLUMNS,
            },
            SheetTable {
                name: "t",
                frame: &df,
                columns: &COLUMNS,
            },
        ];
        let err = write_workbook(&path, &sheets, &[], &[], &[], &labels()).unwrap_err();
        match err {
            Error::Write { path: p, .. } => assert_eq!(p, path.display().to_string()),
            other => panic!("unexpected error: {other}"),
        }
        assert!(!path.exists());
    }
}
