//! An indicator sheet in the report language: translated headers, words and country names
//! (each country column followed by its ISO code, so the sheet can still be filtered by
//! code), numbers and dates as typed cells holding what the CSV file holds.

use super::style::{col_num, row_num, Styles, Widths};
use super::SheetTable;
use crate::i18n::{self, labels, Language};
use crate::render::frame_csv::cell_text;
use crate::schema::ColumnKind;
use chrono::{Datelike, NaiveDate};
use polars::prelude::*;
use rust_xlsxwriter::{ColNum, ExcelDateTime, Format, RowNum, Worksheet, XlsxError};

/// Writes one table: header row, typed cells, frozen header, autofilter; returns the widths
/// the columns were given.
pub(super) fn write_table(
    sheet: &mut Worksheet,
    table: &SheetTable,
    lang: Language,
    styles: &Styles,
) -> std::result::Result<Widths, XlsxError> {
    let df = table.frame;
    let mut widths = Widths::default();
    let mut col = 0;
    for column in df.columns() {
        let name = column.name().as_str();
        let kind = table
            .columns
            .iter()
            .find(|c| c.name == name)
            .map_or(ColumnKind::Text, |c| c.kind);
        let header = labels::column(lang, name);
        write_column(
            sheet,
            col,
            &header,
            column,
            kind,
            styles,
            &mut widths,
            |row, value| {
                if table.hidden.contains(row, name) {
                    return Some(table.marker.to_string());
                }
                translated(lang, name, kind, value)
            },
        )?;
        col += 1;
        if kind == ColumnKind::Country {
            write_column(
                sheet,
                col,
                &code_header(lang, &header),
                column,
                ColumnKind::Text,
                styles,
                &mut widths,
                |_, value| Some(country_code(value).unwrap_or_default().to_string()),
            )?;
            col += 1;
        }
    }
    widths.apply(sheet)?;
    sheet.set_freeze_panes(1, 0)?;
    if col > 0 {
        sheet.autofilter(0, 0, row_num(df.height())?, col_num(col - 1)?)?;
    }
    Ok(widths)
}

/// A text value of `column`, of `kind`, as the report shows it (countries as names, words of
/// mobistat's vocabularies translated); None for a value that is not text.
fn translated(lang: Language, column: &str, kind: ColumnKind, value: &AnyValue) -> Option<String> {
    value
        .get_str()
        .map(|raw| labels::value(lang, column, kind, raw))
}

/// The ISO code of a country cell; None for "other" and empty cells, which have no code.
fn country_code<'a>(value: &'a AnyValue) -> Option<&'a str> {
    value
        .get_str()
        .filter(|raw| raw.len() == 2 && raw.bytes().all(|b| b.is_ascii_uppercase()))
}

/// The header of the code column beside a country column headed `label`: "Code pays",
/// "Country code".
fn code_header(lang: Language, label: &str) -> String {
    let mut chars = label.chars();
    let lowered = match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    };
    let filled = i18n::fill(lang, "workbook.code_column", &[("column", &lowered)]);
    let mut chars = filled.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => filled,
    }
}

/// Writes column `col` of the sheet: `header`, then each value of `column`, as the text
/// `text` gives for it (by row and value) or, when it gives none, as a typed cell in the number format of `kind`.
#[allow(clippy::too_many_arguments)]
fn write_column(
    sheet: &mut Worksheet,
    col: usize,
    header: &str,
    column: &Column,
    kind: ColumnKind,
    styles: &Styles,
    widths: &mut Widths,
    text: impl Fn(usize, &AnyValue) -> Option<String>,
) -> std::result::Result<(), XlsxError> {
    let c = col_num(col)?;
    sheet.write_string_with_format(0, c, header, &styles.header)?;
    widths.see(col, header);
    let number = styles.number(kind, column.dtype().is_float());
    for row in 0..column.len() {
        let value = column
            .get(row)
            .map_err(|e| XlsxError::CustomError(e.to_string()))?;
        let r = row_num(row + 1)?;
        match text(row, &value) {
            Some(text) => {
                if !text.is_empty() {
                    sheet.write_string(r, c, &text)?;
                }
                widths.see(col, &text);
            }
            None => {
                let text = cell_text(&value);
                widths.see(col, &text);
                write_value(sheet, r, c, &value, text, number, styles)?;
            }
        }
    }
    Ok(())
}

/// Writes one value as a typed cell holding what the CSV file holds (`text` is that CSV
/// text). Values Excel cannot hold as numbers or dates are written as that text.
fn write_value(
    sheet: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    value: &AnyValue,
    text: String,
    number: &Format,
    styles: &Styles,
) -> std::result::Result<(), XlsxError> {
    match value {
        AnyValue::Null => {}
        AnyValue::Boolean(b) => {
            sheet.write_boolean(row, col, *b)?;
        }
        AnyValue::Float64(f) if f.is_finite() => {
            sheet.write_number_with_format(row, col, *f, number)?;
        }
        // Widened as the CSV writer widens it, so both show the same digits.
        AnyValue::Float32(f) if f.is_finite() => {
            sheet.write_number_with_format(row, col, *f as f64, number)?;
        }
        AnyValue::Date(days) => match excel_date(*days) {
            Some(date) => {
                sheet.write_datetime_with_format(row, col, date, &styles.date)?;
            }
            None => {
                sheet.write_string(row, col, text)?;
            }
        },
        other => match exact_integer(other) {
            Some(n) => {
                sheet.write_number_with_format(row, col, n, number)?;
            }
            None => {
                sheet.write_string(row, col, text)?;
            }
        },
    }
    Ok(())
}

/// An integer value as f64 when f64 holds it exactly (Excel numbers are f64); larger ones
/// are written as text so no digit is lost.
fn exact_integer(value: &AnyValue) -> Option<f64> {
    const EXACT: i128 = 1 << 53;
    let n: i128 = match value {
        AnyValue::Int8(v) => (*v).into(),
        AnyValue::Int16(v) => (*v).into(),
        AnyValue::Int32(v) => (*v).into(),
        AnyValue::Int64(v) => (*v).into(),
        AnyValue::UInt8(v) => (*v).into(),
        AnyValue::UInt16(v) => (*v).into(),
        AnyValue::UInt32(v) => (*v).into(),
        AnyValue::UInt64(v) => (*v).into(),
        _ => return None,
    };
    (n.abs() <= EXACT).then_some(n as f64)
}

/// A Polars date (days since 1970-01-01) as an Excel date; None before 1900 or after 9999,
/// which Excel cannot show as dates.
fn excel_date(days: i32) -> Option<ExcelDateTime> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
    let date = epoch.checked_add_signed(chrono::Duration::days(days.into()))?;
    let year = u16::try_from(date.year()).ok()?;
    ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::workbook::testing::{read, row_texts, write, TABLE_SHEET};
    use calamine::{Data, DataType as _};

    #[test]
    fn translated_headers_words_and_countries_beside_their_code() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mobistat.xlsx");
        write(&path);

        let table = read(&path, TABLE_SHEET);
        assert_eq!(
            row_texts(&table, 0),
            [
                "Année de diplomation",
                "Étudiants",
                "Part (%)",
                "Budget (€)",
                "Pays",
                "Code pays",
                "Sens",
                "Erasmus+",
                "Code d'activité",
                "Projet Erasmus+"
            ]
        );
        let first = &table.rows().nth(1).unwrap();
        assert_eq!(first[0].as_f64(), Some(2024.0));
        assert_eq!(first[1].as_f64(), Some(1234.0));
        // The full value, not the one decimal the format shows.
        assert_eq!(first[2], Data::Float(12.5));
        assert_eq!(first[3], Data::Float(1500.25));
        assert_eq!(first[4], Data::String("Autriche".into()));
        assert_eq!(first[5], Data::String("AT".into()));
        assert_eq!(first[6], Data::String("entrante".into()));
        assert_eq!(first[7], Data::Bool(true));
        // 19968 days after 1970-01-01 is 2024-09-02.
        assert!(first[8].is_datetime());
        assert_eq!(first[8].as_date(), NaiveDate::from_ymd_opt(2024, 9, 2));
        assert_eq!(first[9], Data::String("Droit; Économie".into()));
        let second = &table.rows().nth(2).unwrap();
        assert_eq!(second[2], Data::Float(33.333333333333336));
        // "other" is named but has no code; a null word and a null date stay empty.
        assert_eq!(second[4], Data::String("autres pays".into()));
        assert_eq!(second[5], Data::Empty);
        assert_eq!(second[6], Data::Empty);
        assert_eq!(second[7], Data::Bool(false));
        assert_eq!(second[8], Data::Empty);
    }

    #[test]
    fn numbers_read_back_as_the_csv_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mobistat.xlsx");
        write(&path);
        let table = read(&path, TABLE_SHEET);
        // calamine prints whole floats without ".0", as the CSV writer does.
        let texts: Vec<String> = row_texts(&table, 2).into_iter().take(4).collect();
        assert_eq!(texts, ["2025", "7", "33.333333333333336", "0"]);
    }

    #[test]
    fn code_columns_are_named_after_their_country_column() {
        assert_eq!(code_header(Language::Fr, "Pays"), "Code pays");
        assert_eq!(code_header(Language::En, "Country"), "Country code");
        assert_eq!(code_header(Language::Fr, "Nationalité"), "Code nationalité");
        assert_eq!(country_code(&AnyValue::String("XK")), Some("XK"));
        assert_eq!(country_code(&AnyValue::String("other")), None);
        assert_eq!(country_code(&AnyValue::Null), None);
    }

    #[test]
    fn dates_excel_cannot_show_stay_text() {
        // -25567 days is 1900-01-01 (70 years of 365 days + 17 leap days); 1800 is before
        // Excel's first date.
        assert!(excel_date(-25567).is_some());
        let year_1800 = NaiveDate::from_ymd_opt(1800, 1, 1).unwrap();
        let days = (year_1800 - NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()).num_days();
        assert!(excel_date(days as i32).is_none());
        assert_eq!(exact_integer(&AnyValue::Int64(i64::MAX)), None);
        assert_eq!(exact_integer(&AnyValue::UInt32(7)), Some(7.0));
    }
}
