//! An indicator sheet: the table's header row and its values as typed cells holding what the
//! CSV file holds (numbers, booleans, dates; text where Excel cannot hold the value).

use super::style::{col_num, fit, row_num, Styles};
use super::SheetTable;
use crate::render::frame_csv::cell_text;
use crate::schema::ColumnKind;
use chrono::{Datelike, NaiveDate};
use polars::prelude::*;
use rust_xlsxwriter::{ColNum, ExcelDateTime, Format, RowNum, Worksheet, XlsxError};

/// Writes one table: header row, typed cells, fitted widths, frozen header, autofilter.
pub(super) fn write_table(
    sheet: &mut Worksheet,
    table: &SheetTable,
    styles: &Styles,
) -> std::result::Result<(), XlsxError> {
    sheet.set_name(table.name)?;
    let df = table.frame;
    let columns = df.columns();
    for (index, column) in columns.iter().enumerate() {
        let col = col_num(index)?;
        let name = column.name().as_str();
        sheet.write_string_with_format(0, col, name, &styles.header)?;
        let kind = table
            .columns
            .iter()
            .find(|c| c.name == name)
            .map_or(ColumnKind::Text, |c| c.kind);
        let number = styles.number(kind, column.dtype().is_float());
        let mut width = name.chars().count();
        for row in 0..df.height() {
            let value = column
                .get(row)
                .map_err(|e| XlsxError::CustomError(e.to_string()))?;
            let text = cell_text(&value);
            width = width.max(text.chars().count());
            write_value(sheet, row_num(row + 1)?, col, &value, text, number, styles)?;
        }
        sheet.set_column_width(col, fit(width))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    if !columns.is_empty() {
        sheet.autofilter(0, 0, row_num(df.height())?, col_num(columns.len() - 1)?)?;
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
    use crate::render::workbook::testing::{read, row_texts, write};
    use calamine::{Data, DataType as _};

    #[test]
    fn headers_and_typed_cells_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mobistat.xlsx");
        write(&path);

        let table = read(&path, "outgoing_by_country");
        assert_eq!(
            row_texts(&table, 0),
            [
                "call_year",
                "students",
                "share_pct",
                "grant_eur",
                "country",
                "funded",
                "start",
                "fields"
            ]
        );
        let first = &table.rows().nth(1).unwrap();
        assert_eq!(first[0].as_f64(), Some(2024.0));
        assert_eq!(first[1].as_f64(), Some(1234.0));
        // The full value, not the one decimal the format shows.
        assert_eq!(first[2], Data::Float(12.5));
        assert_eq!(first[3], Data::Float(1500.25));
        assert_eq!(first[4], Data::String("Autriche".into()));
        assert_eq!(first[5], Data::Bool(true));
        // 19968 days after 1970-01-01 is 2024-09-02.
        assert!(first[6].is_datetime());
        assert_eq!(first[6].as_date(), NaiveDate::from_ymd_opt(2024, 9, 2));
        assert_eq!(first[7], Data::String("Droit; Économie".into()));
        let second = &table.rows().nth(2).unwrap();
        assert_eq!(second[2], Data::Float(33.333333333333336));
        // Null string and null date: empty cells.
        assert_eq!(second[4], Data::Empty);
        assert_eq!(second[6], Data::Empty);
        assert_eq!(second[5], Data::Bool(false));
    }

    #[test]
    fn numbers_read_back_as_the_csv_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mobistat.xlsx");
        write(&path);
        let table = read(&path, "outgoing_by_country");
        // calamine prints whole floats without ".0", as the CSV writer does; the date
        // column is left out because calamine prints dates with a time.
        let texts: Vec<String> = row_texts(&table, 2).into_iter().take(6).collect();
        assert_eq!(texts, ["2025", "7", "33.333333333333336", "0", "", "false"]);
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
