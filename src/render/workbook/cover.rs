//! The cover sheet: the institution, the reporting year, a generation line without a date
//! (the workbook's bytes must not change between runs), then the files read and what became
//! of their rows (read = accepted + rejected + skipped), in the report language, and what a
//! hidden count ("< 5") means when the indicator sheets hide one.

use super::style::{col_num, write_header, Styles, Widths};
use super::{table_label, WorkbookInput};
use crate::i18n::{self, Language};
use crate::validate::Account;
use rust_xlsxwriter::{RowNum, Worksheet, XlsxError};
use std::path::Path;

/// The keys of the accounting table's header, under `workbook.cover.header`.
const HEADER_KEYS: [&str; 7] = [
    "file", "sheet", "table", "read", "accepted", "rejected", "skipped",
];
/// The row of the accounting table's header: after the title lines and an empty row.
const TABLE_ROW: RowNum = 5;

/// Writes the cover; returns its column widths and the row of its table's header (the row
/// repeated on printed pages).
pub(super) fn write_cover(
    sheet: &mut Worksheet,
    input: &WorkbookInput,
    styles: &Styles,
) -> Result<(Widths, RowNum), XlsxError> {
    let lang = input.lang;
    // The title lines run over the empty cells on their right: they are left out of the
    // widths so that the table's columns keep their own.
    sheet.write_string_with_format(0, 0, input.institution, &styles.title)?;
    let year = i18n::fill(lang, "workbook.cover.year", &[("year", input.year)]);
    sheet.write_string_with_format(1, 0, &year, &styles.subtitle)?;
    sheet.write_string(2, 0, i18n::text(lang, "workbook.cover.generated"))?;
    sheet.write_string(3, 0, i18n::text(lang, "workbook.cover.accounting"))?;

    let mut widths = Widths::default();
    let header: Vec<String> = HEADER_KEYS
        .iter()
        .map(|key| i18n::text(lang, &format!("workbook.cover.header.{key}")))
        .collect();
    write_header(sheet, TABLE_ROW, &header, styles, &mut widths)?;
    for (row, account) in (TABLE_ROW + 1..).zip(input.accounts) {
        let texts = [
            file_name(&account.file),
            account.sheet.clone(),
            table_label(lang, &account.table),
        ];
        for (c, text) in texts.iter().enumerate() {
            sheet.write_string(row, col_num(c)?, text)?;
            widths.see(c, text);
        }
        write_counts(sheet, row, account, lang, styles, &mut widths)?;
    }
    // What "< 5" in the indicator sheets means, once, under the table (left out of the
    // widths, like the title lines).
    if let Some(note) = &input.privacy_note {
        let row = TABLE_ROW + 2 + RowNum::try_from(input.accounts.len()).unwrap_or(0);
        sheet.write_string(row, 0, note)?;
    }
    Ok((widths, TABLE_ROW))
}

/// The counts of one file, or "unreadable" in their place when it could not be read.
fn write_counts(
    sheet: &mut Worksheet,
    row: RowNum,
    account: &Account,
    lang: Language,
    styles: &Styles,
    widths: &mut Widths,
) -> Result<(), XlsxError> {
    if account.fatal.is_some() {
        let text = i18n::text(lang, "workbook.cover.unreadable");
        sheet.write_string(row, 3, &text)?;
        widths.see(3, &text);
        return Ok(());
    }
    let counts = [
        account.read(),
        account.accepted(),
        account.rejected(),
        account.skipped(),
    ];
    for (i, count) in counts.into_iter().enumerate() {
        let c = 3 + i;
        sheet.write_number_with_format(row, col_num(c)?, count as f64, &styles.integer)?;
        widths.see(c, &count.to_string());
    }
    Ok(())
}

/// A file's name without its folders: the reader knows the file, not where this run found it.
fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::workbook::testing::{read, row_texts, write};

    #[test]
    fn cover_names_the_institution_the_year_and_each_file_s_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mobistat.xlsx");
        write(&path);

        let cover = read(&path, "Présentation");
        assert_eq!(row_texts(&cover, 0)[0], "Arts & Métiers (démo)");
        assert_eq!(row_texts(&cover, 1)[0], "Année de référence : 2024-2025");
        assert_eq!(
            row_texts(&cover, 5),
            [
                "Fichier",
                "Feuille",
                "Données",
                "Lues",
                "Acceptées",
                "Rejetées",
                "Ignorées"
            ]
        );
        // 12 read = 10 accepted + 1 rejected + 1 skipped; the folder is left out.
        assert_eq!(
            row_texts(&cover, 6),
            ["in.xlsx", "Feuil1", "Mobilités", "12", "10", "1", "1"]
        );
        assert_eq!(
            row_texts(&cover, 7),
            [
                "broken.xlsx",
                "",
                "Mobilités",
                "fichier illisible",
                "",
                "",
                ""
            ]
        );
    }

    #[test]
    fn files_are_named_without_their_folder() {
        assert_eq!(file_name("inputs/a b.xlsx"), "a b.xlsx");
    }
}
