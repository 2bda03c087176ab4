//! The xlsx writer: one-sheet workbooks through rust_xlsxwriter, with a fixed creation date.

use crate::cells::{cell_number, Value};
use crate::SCHOOL;
use anyhow::Result;
use chrono::Datelike;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Formula, Workbook, Worksheet};
use std::path::Path;

struct Styles {
    title: Format,
    bold: Format,
    date: Format,
    bold_date: Format,
}

impl Styles {
    fn new() -> Styles {
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            bold: Format::new().set_bold(),
            date: Format::new().set_num_format("dd/mm/yyyy"),
            bold_date: Format::new().set_bold().set_num_format("dd/mm/yyyy"),
        }
    }
}

/// One worksheet to write: an optional title in A1, the header on `header_row`, the rows
/// right below it.
pub struct Sheet<'a> {
    pub name: &'a str,
    pub title: Option<&'a str>,
    /// Spreadsheet row of the header (1-based, as users count).
    pub header_row: usize,
    pub header: &'a [Value],
    pub rows: &'a [Vec<Value>],
    /// Whether a row (by its index in `rows`) is bold: a repeated header, a totals row.
    pub bold: &'a dyn Fn(usize, &[Value]) -> bool,
    pub widths: &'a [u32],
}

/// Writes a one-sheet workbook.
pub fn write_xlsx(path: &Path, sheet: &Sheet) -> Result<()> {
    let mut wb = workbook()?;
    let ws = wb.add_worksheet();
    ws.set_name(sheet.name)?;
    let styles = Styles::new();
    if let Some(title) = sheet.title {
        ws.write_string_with_format(0, 0, title, &styles.title)?;
    }
    write_row(ws, sheet.header_row, sheet.header, &styles, true)?;
    for (i, row) in sheet.rows.iter().enumerate() {
        let bold = (sheet.bold)(i, row);
        write_row(ws, sheet.header_row + 1 + i, row, &styles, bold)?;
    }
    set_widths(ws, sheet.widths)?;
    wb.save(path)?;
    Ok(())
}

fn workbook() -> Result<Workbook> {
    let mut wb = Workbook::new();
    // rust_xlsxwriter stamps docProps/core.xml with the current time; a fixed date keeps the
    // files byte-identical between runs.
    let created = ExcelDateTime::from_ymd(2025, 9, 15)?;
    wb.set_properties(
        &DocProperties::new()
            .set_author(SCHOOL)
            .set_creation_datetime(&created),
    );
    Ok(wb)
}

/// Writes one row of values at spreadsheet row `row` (1-based, as users count).
fn write_row(
    ws: &mut Worksheet,
    row: usize,
    values: &[Value],
    styles: &Styles,
    bold: bool,
) -> Result<()> {
    let r = (row - 1) as u32;
    for (col, value) in values.iter().enumerate() {
        let c = col as u16;
        match value {
            Value::Empty => {}
            Value::Text(s) if bold => {
                ws.write_string_with_format(r, c, s, &styles.bold)?;
            }
            Value::Text(s) => {
                ws.write_string(r, c, s)?;
            }
            Value::Number(n) => {
                ws.write_number(r, c, *n)?;
            }
            Value::Date(d) => {
                let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                let format = if bold {
                    &styles.bold_date
                } else {
                    &styles.date
                };
                ws.write_datetime_with_format(r, c, &dt, format)?;
            }
            Value::Formula(f, result) => {
                let formula = Formula::new(f).set_result(cell_number(*result));
                ws.write_formula_with_format(r, c, formula, &styles.bold)?;
            }
        }
    }
    Ok(())
}

fn set_widths(ws: &mut Worksheet, widths: &[u32]) -> Result<()> {
    for (col, &w) in widths.iter().enumerate() {
        ws.set_column_width(col as u16, w)?;
    }
    Ok(())
}
