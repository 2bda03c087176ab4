//! The fixed sheets after the indicator sheets, in the report language: the definitions of
//! the indicators, and the data quality (row accounting, then the issues of
//! `data_quality.csv` with their severity and rule translated).

use super::style::{col_num, row_num, write_header, Styles, Widths};
use super::{table_label, DefinitionRow};
use crate::i18n::{self, Language};
use crate::validate::{Account, Issue};
use rust_xlsxwriter::{ColNum, RowNum, Worksheet, XlsxError};

/// The definition column is wrapped at this width so that a paragraph reads as one.
const DEFINITION_WIDTH: f64 = 80.0;
const DEFINITION_COLUMN: ColNum = 1;

/// The header keys of each table, under `workbook.<group>`.
const DEFINITIONS_HEADER: [&str; 5] = ["title", "definition", "inputs", "columns", "csv_file"];
const ACCOUNTS_HEADER: [&str; 8] = [
    "file", "sheet", "table", "read", "accepted", "warned", "rejected", "skipped",
];
const ISSUES_HEADER: [&str; 8] = [
    "file", "sheet", "row", "column", "severity", "rule", "value", "message",
];

/// The texts of `keys` under `workbook.<group>.` in `lang`.
fn header(lang: Language, group: &str, keys: &[&str]) -> Vec<String> {
    keys.iter()
        .map(|key| i18n::text(lang, &format!("workbook.{group}.{key}")))
        .collect()
}

/// The definitions sheet: one row per indicator, the definition wrapped; returns its widths.
pub(super) fn write_definitions(
    sheet: &mut Worksheet,
    definitions: &[DefinitionRow],
    lang: Language,
    styles: &Styles,
) -> std::result::Result<Widths, XlsxError> {
    let mut widths = Widths::default();
    let labels = header(lang, "definitions_header", &DEFINITIONS_HEADER);
    write_header(sheet, 0, &labels, styles, &mut widths)?;
    for (index, def) in definitions.iter().enumerate() {
        let row = row_num(index + 1)?;
        let cells = [
            &def.title,
            &def.definition,
            &def.inputs,
            &def.columns,
            &def.csv_file,
        ];
        for (c, text) in cells.into_iter().enumerate() {
            let col = col_num(c)?;
            let format = if col == DEFINITION_COLUMN {
                &styles.wrapped_top
            } else {
                &styles.top
            };
            sheet.write_string_with_format(row, col, text, format)?;
            widths.see(c, text);
        }
    }
    widths.fix(DEFINITION_COLUMN.into(), DEFINITION_WIDTH);
    widths.apply(sheet)?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(widths)
}

/// The data-quality sheet: the row accounting, one empty row, then the issues with the
/// columns of `data_quality.csv`; returns its widths and the issues' header row.
pub(super) fn write_quality(
    sheet: &mut Worksheet,
    accounts: &[Account],
    issues: &[Issue],
    lang: Language,
    styles: &Styles,
) -> std::result::Result<(Widths, RowNum), XlsxError> {
    let mut widths = Widths::default();
    let labels = header(lang, "accounts_header", &ACCOUNTS_HEADER);
    write_header(sheet, 0, &labels, styles, &mut widths)?;
    let mut row: RowNum = 1;
    for account in accounts {
        let table = table_label(lang, &account.table);
        for (c, text) in [&account.file, &account.sheet, &table]
            .into_iter()
            .enumerate()
        {
            sheet.write_string(row, col_num(c)?, text)?;
            widths.see(c, text);
        }
        // A file that could not be read has no counts (its rows are unknown); the reason is
        // among the issues below.
        if account.fatal.is_none() {
            let counts = [
                account.read(),
                account.accepted(),
                account.warned(),
                account.rejected(),
                account.skipped(),
            ];
            for (c, count) in counts.into_iter().enumerate() {
                sheet.write_number_with_format(
                    row,
                    col_num(3 + c)?,
                    count as f64,
                    &styles.integer,
                )?;
                widths.see(3 + c, &count.to_string());
            }
        }
        row += 1;
    }

    let issues_header_row = row + 1;
    let labels = header(lang, "issues_header", &ISSUES_HEADER);
    write_header(sheet, issues_header_row, &labels, styles, &mut widths)?;
    row = issues_header_row + 1;
    for issue in issues {
        let loc = &issue.location;
        let severity = i18n::text(lang, &format!("value.severity.{}", issue.severity.as_str()));
        let rule = i18n::text(lang, &format!("rule.{}", issue.rule.as_str()));
        let message = issue.message.render(lang);
        let texts = [
            (0, loc.file.as_str()),
            (1, loc.sheet.as_str()),
            (3, loc.column.as_str()),
            (4, severity.as_str()),
            (5, rule.as_str()),
            (6, issue.value.as_str()),
            (7, message.as_str()),
        ];
        for (c, text) in texts {
            sheet.write_string(row, col_num(c)?, text)?;
            widths.see(c, text);
        }
        // Row 0 means "the whole sheet": the cell stays empty, as in data_quality.csv.
        if loc.row > 0 {
            sheet.write_number_with_format(row, 2, loc.row, &styles.plain_integer)?;
            widths.see(2, &loc.row.to_string());
        }
        row += 1;
    }
    widths.apply(sheet)?;
    sheet.set_freeze_panes(1, 0)?;
    // One autofilter per sheet: on the issues, the long table people sort and filter.
    sheet.autofilter(
        issues_header_row,
        0,
        row - 1,
        col_num(ISSUES_HEADER.len() - 1)?,
    )?;
    Ok((widths, issues_header_row))
}

#[cfg(test)]
mod tests {
    use crate::render::workbook::testing::{read, row_texts, write};

    #[test]
    fn definitions_and_quality_sheets() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mobistat.xlsx");
        write(&path);

        let defs = read(&path, "Définitions");
        assert_eq!(
            row_texts(&defs, 0),
            [
                "indicateur",
                "définition",
                "données utilisées",
                "colonnes",
                "fichier CSV"
            ]
        );
        assert_eq!(row_texts(&defs, 1)[0], "Mobilités par pays");
        assert_eq!(row_texts(&defs, 1)[4], "tables/mobility_by_country.csv");

        let quality = read(&path, "Qualité des données");
        assert_eq!(row_texts(&quality, 0)[3], "lues");
        assert_eq!(
            row_texts(&quality, 1),
            ["in.xlsx", "Feuil1", "Mobilités", "12", "10", "1", "1", "1"]
        );
        // The unreadable file has no counts.
        assert_eq!(
            row_texts(&quality, 2),
            ["broken.xlsx", "", "Mobilités", "", "", "", "", ""]
        );
        assert!(row_texts(&quality, 3).iter().all(|t| t.is_empty()));
        assert_eq!(
            row_texts(&quality, 4),
            ["fichier", "feuille", "ligne", "colonne", "gravité", "règle", "valeur", "message"]
        );
        assert_eq!(
            row_texts(&quality, 5),
            [
                "in.xlsx",
                "Feuil1",
                "12",
                "D (Pays)",
                "rejetée",
                "pays inconnu",
                "Atlantide",
                "« Atlantide » n'est pas un nombre"
            ]
        );
        // Row 0 (the whole file) leaves the row cell empty, as data_quality.csv does.
        assert_eq!(
            row_texts(&quality, 6),
            [
                "in.xlsx",
                "Feuil1",
                "",
                "",
                "rejetée",
                "fichier illisible",
                "",
                "broken.xlsx n'a pas pu être ouvert comme un classeur : not a zip file"
            ]
        );
    }
}
