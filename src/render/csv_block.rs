//! One block of a frame's rows as CSV text: formatted column by column (one typed pass per
//! column), then assembled row by row, each cell neutralised and quoted as `csv_safe` says.

use super::csv_safe::SafeRows;
use super::frame_csv::{cell_text_as, push_float};
use super::iso_date::push_date;
use crate::schema::text_column::TextColumn;
use crate::settings::CsvDialect;
use polars::prelude::*;

/// The CSV text of every row of `df` (no header).
pub(super) fn rows_text(df: &DataFrame, dialect: CsvDialect) -> std::io::Result<Vec<u8>> {
    // Column by column: one typed pass per column instead of a dynamically typed lookup per
    // cell; text cells are borrowed, not copied.
    let cells: Vec<Texts> = df
        .columns()
        .iter()
        .map(|c| column_texts(c, dialect))
        .collect::<PolarsResult<_>>()
        .map_err(std::io::Error::other)?;
    // Room for the cells, a delimiter each and some quoting: one allocation, not a doubling
    // per megabyte.
    let cell_bytes: usize = cells.iter().map(|c| c.bytes() + df.height()).sum();
    let mut text = Vec::with_capacity(cell_bytes + cell_bytes / 16 + df.height());
    let mut rows = SafeRows::new(&mut text, dialect.delimiter());
    for row in 0..df.height() {
        rows.write_record(cells.iter().map(|column| column.get(row)));
    }
    Ok(text)
}

/// One column's cells as text: borrowed from a text column, or written one after the other
/// into one string (a string per number or date would be an allocation per cell).
enum Texts<'a> {
    Borrowed(Vec<&'a str>),
    Written {
        text: String,
        /// Where each cell's text ends in `text`.
        ends: Vec<usize>,
    },
}

impl Texts<'_> {
    /// The text of the cell at `row`.
    fn get(&self, row: usize) -> &str {
        match self {
            Texts::Borrowed(cells) => cells[row],
            Texts::Written { text, ends } => {
                let start = if row == 0 { 0 } else { ends[row - 1] };
                &text[start..ends[row]]
            }
        }
    }

    /// The bytes of all the cells.
    fn bytes(&self) -> usize {
        match self {
            Texts::Borrowed(cells) => cells.iter().map(|c| c.len()).sum(),
            Texts::Written { text, .. } => text.len(),
        }
    }

    /// Each of `values` written by `write` (nothing for a null).
    fn written<T>(
        values: impl ExactSizeIterator<Item = Option<T>>,
        write: impl Fn(&mut String, T),
    ) -> Self {
        let mut ends = Vec::with_capacity(values.len());
        let mut text = String::new();
        for value in values {
            if let Some(value) = value {
                write(&mut text, value);
            }
            ends.push(text.len());
        }
        Texts::Written { text, ends }
    }
}

/// Each cell of `column` as [`cell_text_as`](super::frame_csv::cell_text_as) writes it.
fn column_texts(column: &Column, dialect: CsvDialect) -> PolarsResult<Texts<'_>> {
    // itoa writes what `Display` writes, without the formatter's machinery per cell.
    let int = |out: &mut String, v: i64| out.push_str(itoa::Buffer::new().format(v));
    Ok(match column.dtype() {
        // Strings, or categories read back as the text of their ids: borrowed either way.
        DataType::String | DataType::Categorical(_, _) => Texts::Borrowed(
            TextColumn::from_column(column)
                .values(column.len())
                .into_iter()
                .map(Option::unwrap_or_default)
                .collect(),
        ),
        DataType::Date => Texts::written(column.date()?.physical().iter(), push_date),
        DataType::Boolean => Texts::Borrowed(
            column
                .bool()?
                .iter()
                .map(|v| v.map(|b| if b { "true" } else { "false" }).unwrap_or(""))
                .collect(),
        ),
        // Integers and floats, typed: what `cell_text_as` writes of their AnyValue.
        DataType::Int64 => Texts::written(column.i64()?.iter(), int),
        DataType::UInt32 => Texts::written(column.u32()?.iter(), |out, v| int(out, v.into())),
        DataType::Float64 => {
            Texts::written(column.f64()?.iter(), |out, v| push_float(out, v, dialect))
        }
        _ => {
            let values = (0..column.len())
                .map(|row| column.get(row))
                .collect::<PolarsResult<Vec<_>>>()?;
            Texts::written(values.iter().map(Some), |out, v| {
                out.push_str(&cell_text_as(v, dialect))
            })
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_numbers_are_written_as_their_any_values_are() {
        let ints = Series::new("n".into(), [Some(0i64), Some(-42), None, Some(i64::MAX)]);
        let rows = Series::new("r".into(), [Some(1u32), None, Some(u32::MAX), Some(7)]);
        let floats = Series::new("f".into(), [Some(1.5f64), Some(-0.0), None, Some(1e20)]);
        for dialect in [CsvDialect::Standard, CsvDialect::ExcelFr] {
            for series in [&ints, &rows, &floats] {
                let column = series.clone().into_column();
                let texts = column_texts(&column, dialect).unwrap();
                let got: Vec<&str> = (0..column.len()).map(|i| texts.get(i)).collect();
                let expected: Vec<String> = (0..column.len())
                    .map(|i| cell_text_as(&column.get(i).unwrap(), dialect))
                    .collect();
                assert_eq!(got, expected, "{}", series.name());
            }
        }
        // The French dialect's decimal comma: 1.5 is "1,5".
        let column = floats.into_column();
        assert_eq!(
            column_texts(&column, CsvDialect::ExcelFr).unwrap().get(0),
            "1,5"
        );
    }
}
