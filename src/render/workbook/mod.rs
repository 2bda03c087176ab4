//! `mobistat.xlsx`, in the report language and ready to print: a cover sheet (institution,
//! reporting year, inputs and their row accounting), one sheet per indicator table (named by
//! its title, translated headers and words, typed numbers holding the CSV's values), then a
//! definitions sheet and a data-quality sheet. Every sheet prints on A4, one page wide.
//! The same inputs always give the same bytes, so reports can be compared between runs.
//! This file holds the public types and the sheet order; the sheets are written by [`cover`],
//! [`table_sheet`] and [`fixed_sheets`], named by [`sheet_names`], set up by [`print`], with
//! the formats and widths of [`style`].

mod cover;
mod fixed_sheets;
mod print;
mod sheet_names;
mod style;
mod table_sheet;
#[cfg(test)]
mod testing;

use crate::error::{Error, Result};
use crate::i18n::Language;
use crate::indicators::privacy::Mask;
use crate::schema::ColumnDef;
use crate::validate::{Account, Issue};
use fixed_sheets::{write_definitions, write_quality};
use polars::prelude::DataFrame;
use print::PageText;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};
use sheet_names::SheetNames;
use std::path::Path;
use style::Styles;
use table_sheet::write_table;

/// One indicator table to write as a sheet.
pub struct SheetTable<'a> {
    /// The indicator's title in the report language; the sheet's name is made from it.
    pub title: &'a str,
    /// The table, with its catalogue column names (translated in the header row).
    pub frame: &'a DataFrame,
    /// What its columns mean (their number formats and translations follow); a column not
    /// listed is text.
    pub columns: &'a [ColumnDef],
    /// Its cells hidden for privacy, written as `marker` ("< 5").
    pub hidden: &'a Mask,
    pub marker: &'a str,
}

/// One line of the definitions sheet, already in the report language.
pub struct DefinitionRow {
    pub title: String,
    pub definition: String,
    /// The input tables it reads, as one text.
    pub inputs: String,
    /// Its output columns' headers, as one text.
    pub columns: String,
    /// Its machine-readable file, `tables/<id>.csv`.
    pub csv_file: String,
}

/// Everything the workbook shows.
pub struct WorkbookInput<'a> {
    pub lang: Language,
    pub institution: &'a str,
    /// The reporting year, "2024-2025".
    pub year: &'a str,
    pub sheets: &'a [SheetTable<'a>],
    pub definitions: &'a [DefinitionRow],
    pub accounts: &'a [Account],
    pub issues: &'a [Issue],
    /// What "< 5" means, for the cover, when an indicator sheet hides a count.
    pub privacy_note: Option<String>,
}

/// Writes the workbook to `path` (creating its folder): the cover sheet, the indicator sheets
/// in the order given, then the definitions sheet, then the data-quality sheet.
///
/// Fails with [`Error::Write`] when a table exceeds Excel's limits or the file cannot be
/// written.
pub fn write_workbook(path: &Path, input: &WorkbookInput) -> Result<()> {
    let bytes = workbook_bytes(input).map_err(|e| Error::Write {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    super::write_file(path, |out| out.write_all(&bytes))
}

/// The workbook as xlsx bytes; kept apart from the file so that tests need no disk.
pub(crate) fn workbook_bytes(input: &WorkbookInput) -> std::result::Result<Vec<u8>, XlsxError> {
    let styles = Styles::new();
    let lang = input.lang;
    let page = PageText::new(lang, input.institution, input.year);
    let mut names = SheetNames::default();
    let mut workbook = Workbook::new();
    // rust_xlsxwriter stamps the current time into docProps/core.xml; a fixed date makes two
    // runs on the same data byte-identical.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));

    let sheet = workbook.add_worksheet();
    sheet.set_name(names.unique(&crate::i18n::text(lang, "workbook.cover_sheet")))?;
    let (widths, header_row) = cover::write_cover(sheet, input, &styles)?;
    print::set_up(sheet, &widths, header_row, &page)?;
    for table in input.sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(names.unique(table.title))?;
        let widths = write_table(sheet, table, lang, &styles)?;
        print::set_up(sheet, &widths, 0, &page)?;
    }
    let sheet = workbook.add_worksheet();
    sheet.set_name(names.unique(&crate::i18n::text(lang, "workbook.definitions_sheet")))?;
    let widths = write_definitions(sheet, input.definitions, lang, &styles)?;
    print::set_up(sheet, &widths, 0, &page)?;
    let sheet = workbook.add_worksheet();
    sheet.set_name(names.unique(&crate::i18n::text(lang, "workbook.quality_sheet")))?;
    let (widths, header_row) = write_quality(sheet, input.accounts, input.issues, lang, &styles)?;
    print::set_up(sheet, &widths, header_row, &page)?;
    workbook.save_to_buffer()
}

/// A canonical table's name in the report language ("mobilities" → "Mobilités"), for the
/// cover and the data-quality sheet; a name the translation table lacks is kept.
fn table_label(lang: Language, table: &str) -> String {
    let key = format!("workbook.table.{table}");
    if crate::i18n::has(&key) {
        crate::i18n::text(lang, &key)
    } else {
        table.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{frame, input, part, write, COLUMNS, TABLE_SHEET};
    use super::*;
    use calamine::{open_workbook_auto, Reader};

    #[test]
    fn cover_then_the_tables_then_definitions_then_quality() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out").join("mobistat.xlsx");
        write(&path);

        let names = open_workbook_auto(&path).unwrap().sheet_names();
        assert_eq!(
            names,
            [
                "Présentation",
                TABLE_SHEET,
                "Définitions",
                "Qualité des données"
            ]
        );
    }

    #[test]
    fn every_sheet_prints_one_page_wide_on_a4_with_its_header_row_and_page_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mobistat.xlsx");
        write(&path);

        for n in 1..=4 {
            let xml = part(&path, &format!("xl/worksheets/sheet{n}.xml"));
            assert!(
                xml.contains(r#"<pageSetUpPr fitToPage="1"/>"#),
                "{n}: {xml}"
            );
            assert!(xml.contains(r#"paperSize="9""#), "{n}");
            assert!(xml.contains(r#"fitToHeight="0""#), "{n}");
            // "&" is written "&amp;" in xml, and the institution's own "&" doubled.
            assert!(
                xml.contains("<oddHeader>&amp;LArts &amp;&amp; Métiers (démo)&amp;RAnnée de référence 2024-2025</oddHeader>"),
                "{n}: {xml}"
            );
            assert!(
                xml.contains("<oddFooter>&amp;L&amp;A&amp;RPage &amp;P sur &amp;N</oddFooter>"),
                "{n}"
            );
        }
        // The fixture's table (10 columns, about 120 characters) and the definitions (the
        // definition alone is 80) are wider than a portrait page; the cover's 7 short
        // columns are not.
        let orientation = |n: usize| {
            let xml = part(&path, &format!("xl/worksheets/sheet{n}.xml"));
            xml.contains(r#"orientation="landscape""#)
        };
        assert!(!orientation(1));
        assert!(orientation(2));
        assert!(orientation(3));
        // The rows repeated on printed pages: the cover's table header (row 6), the tables'
        // first row, the issues' header (row 5, after two accounts and an empty row).
        let book = part(&path, "xl/workbook.xml");
        for title in [
            "Présentation!$6:$6",
            "'Mobilités par pays'!$1:$1",
            "Définitions!$1:$1",
            "'Qualité des données'!$5:$5",
        ] {
            assert!(book.contains(title), "{title}: {book}");
        }
    }

    #[test]
    fn unknown_tables_keep_their_name() {
        assert_eq!(table_label(Language::En, "students"), "Enrolled students");
        assert_eq!(
            table_label(Language::Fr, "icm_projects"),
            "Projets KA171 (ICM)"
        );
        assert_eq!(table_label(Language::En, "nope"), "nope");
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
        let core = part(&a, "docProps/core.xml");
        assert!(
            core.contains(">2000-01-01T00:00:00Z</dcterms:created>"),
            "{core}"
        );
    }

    #[test]
    fn a_hidden_count_reads_less_than_5_and_the_cover_says_why_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mobistat.xlsx");
        let df = frame();
        // The second row's 7 students, hidden as a count under the threshold would be.
        let hidden = Mask::new([(1, "students")]);
        let sheets = [SheetTable {
            title: TABLE_SHEET,
            frame: &df,
            columns: &COLUMNS,
            hidden: &hidden,
            marker: "< 5",
        }];
        let mut input = input(&sheets, &[], &[], &[]);
        let note = "« < 5 » : de 1 à 4 personnes.";
        input.privacy_note = Some(note.into());
        write_workbook(&path, &input).unwrap();
        let mut book = open_workbook_auto(&path).unwrap();
        let table = book.worksheet_range(TABLE_SHEET).unwrap();
        let rows: Vec<_> = table.rows().collect();
        assert_eq!(rows[2][1], calamine::Data::String("< 5".into()));
        assert_eq!(rows[1][1], calamine::Data::Float(1234.0));
        let cover = book.worksheet_range("Présentation").unwrap();
        let notes = cover
            .rows()
            .flatten()
            .filter(|c| **c == calamine::Data::String(note.into()))
            .count();
        assert_eq!(notes, 1);
    }

    #[test]
    fn repeated_titles_get_numbered_sheets() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mobistat.xlsx");
        let df = frame();
        let none = Mask::EMPTY;
        let sheet = |title| SheetTable {
            title,
            frame: &df,
            columns: &COLUMNS,
            hidden: &none,
            marker: "< 5",
        };
        let sheets = [sheet("Objectifs"), sheet("Objectifs"), sheet("Définitions")];
        write_workbook(&path, &input(&sheets, &[], &[], &[])).unwrap();
        let names = open_workbook_auto(&path).unwrap().sheet_names();
        assert_eq!(
            names,
            [
                "Présentation",
                "Objectifs",
                "Objectifs (2)",
                "Définitions",
                "Définitions (2)",
                "Qualité des données"
            ]
        );
    }
}
