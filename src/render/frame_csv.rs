//! Writes a DataFrame as a CSV file with a header row: dates as ISO, lists joined with "; ",
//! nulls as empty cells. Two dialects: `standard` (comma, UTF-8, '.' decimals) and `excel-fr`
//! (what French Excel opens with a double click: ';', a UTF-8 BOM, ',' decimals). In both, a
//! text cell a spreadsheet would run as a formula gets a leading apostrophe (`csv_safe`).

use super::csv_safe::{SafeRows, SafeWriter};
use super::iso_date::{date_text, push_date};
use crate::error::Result;
use crate::schema::text_column::TextColumn;
use crate::settings::CsvDialect;
use polars::prelude::*;
use rayon::prelude::*;
use std::io::Write;
use std::path::Path;

// The dialect is chosen by settings (`settings::choices`); what it means for the bytes written
// is render's.
impl CsvDialect {
    /// The field delimiter.
    pub fn delimiter(self) -> u8 {
        match self {
            CsvDialect::Standard => b',',
            CsvDialect::ExcelFr => b';',
        }
    }

    /// The bytes written before the header: Excel only reads a CSV file as UTF-8 (rather than
    /// the system's code page) when it starts with a byte-order mark.
    pub fn preamble(self) -> &'static [u8] {
        match self {
            CsvDialect::Standard => b"",
            CsvDialect::ExcelFr => b"\xEF\xBB\xBF",
        }
    }

    /// A CSV writer on `out` in this dialect, its preamble already written. Every CSV file
    /// mobistat writes comes from here, so every one has its formula-like cells neutralised
    /// (`csv_safe`).
    pub fn writer<W: Write>(self, mut out: W) -> std::io::Result<SafeWriter<W>> {
        out.write_all(self.preamble())?;
        Ok(SafeWriter::new(
            csv::WriterBuilder::new()
                .delimiter(self.delimiter())
                .from_writer(out),
        ))
    }

    /// The decimal separator of floats.
    pub fn decimal_separator(self) -> char {
        match self {
            CsvDialect::Standard => '.',
            CsvDialect::ExcelFr => ',',
        }
    }
}

/// Formats one value as CSV cell text in the standard dialect.
pub fn cell_text(value: &AnyValue) -> String {
    cell_text_as(value, CsvDialect::Standard)
}

/// Formats one value as CSV cell text in `dialect`; only floats differ between dialects.
pub fn cell_text_as(value: &AnyValue, dialect: CsvDialect) -> String {
    match value {
        AnyValue::Null => String::new(),
        AnyValue::String(s) => s.to_string(),
        AnyValue::StringOwned(s) => s.to_string(),
        AnyValue::Boolean(b) => b.to_string(),
        AnyValue::Date(days) => date_text(*days),
        AnyValue::Float64(f) => format_float(*f, dialect),
        AnyValue::Float32(f) => format_float(*f as f64, dialect),
        AnyValue::List(series) => series
            .iter()
            .map(|v| cell_text_as(&v, dialect))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

fn format_float(f: f64, dialect: CsvDialect) -> String {
    let mut text = String::new();
    push_float(&mut text, f, dialect);
    text
}

/// Appends [`format_float`]'s text to `out`.
fn push_float(out: &mut String, f: f64, dialect: CsvDialect) {
    use std::fmt::Write;
    let start = out.len();
    let written = if f.fract() == 0.0 && f.abs() < 1e15 {
        write!(out, "{}", f as i64)
    } else {
        write!(out, "{f}")
    };
    written.expect("writing to a String cannot fail");
    // Rust never writes floats with an exponent or a thousands separator, so the only '.' is
    // the decimal point.
    let separator = dialect.decimal_separator();
    if separator != '.' {
        if let Some(point) = out[start..].find('.') {
            out.replace_range(
                start + point..start + point + 1,
                separator.encode_utf8(&mut [0; 4]),
            );
        }
    }
}

/// Writes `df` to `out` as standard CSV.
pub fn write_frame<W: Write + Send>(df: &DataFrame, out: W) -> std::io::Result<()> {
    write_frame_as(df, out, CsvDialect::Standard)
}

/// Writes `df` to `out` as CSV in `dialect`.
pub fn write_frame_as<W: Write + Send>(
    df: &DataFrame,
    mut out: W,
    dialect: CsvDialect,
) -> std::io::Result<()> {
    {
        let mut header = dialect.writer(&mut out)?;
        header.write_record(df.columns().iter().map(|c| c.name().as_str()))?;
        header.flush()?;
    }
    // Blocks of rows are formatted on all cores and written in order: each row's text does
    // not depend on the others, so the file is the same as row by row. A few blocks at a time
    // keep the memory to a few blocks of text. They are written by a thread of their own
    // meanwhile: the kernel's copy of each block into its cache (a fifth of the stage on 1M
    // rows) then overlaps the formatting of the next ones (BENCHMARKS.md, issue 18, twelfth
    // pass).
    let threads = rayon::current_num_threads();
    let (blocks, written) = std::sync::mpsc::sync_channel::<Vec<u8>>(threads);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || {
            for block in written {
                out.write_all(&block)?;
            }
            out.flush()
        });
        let starts: Vec<usize> = (0..df.height()).step_by(BLOCK_ROWS).collect();
        let mut formatted = Ok(());
        'groups: for group in starts.chunks(threads) {
            let texts: Vec<std::io::Result<Vec<u8>>> = group
                .par_iter()
                .map(|&start| rows_text(&df.slice(start as i64, BLOCK_ROWS), dialect))
                .collect();
            for text in texts {
                let text = match text {
                    Ok(text) => text,
                    Err(e) => {
                        formatted = Err(e);
                        break 'groups;
                    }
                };
                // A writer that stopped has its error, returned below.
                if blocks.send(text).is_err() {
                    break 'groups;
                }
            }
        }
        drop(blocks);
        let written = writer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        formatted.and(written)
    })
}

/// Rows formatted per block by one thread.
const BLOCK_ROWS: usize = 4_096;

/// The CSV text of every row of `df` (no header).
fn rows_text(df: &DataFrame, dialect: CsvDialect) -> std::io::Result<Vec<u8>> {
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

/// Each cell of `column` as [`cell_text_as`] writes it.
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

/// Writes `df` as standard CSV to the file at `path`, creating its folder.
pub fn write_frame_file(df: &DataFrame, path: &Path) -> Result<()> {
    write_frame_file_as(df, path, CsvDialect::Standard)
}

/// Writes `df` as CSV in `dialect` to the file at `path`, creating its folder.
pub fn write_frame_file_as(df: &DataFrame, path: &Path, dialect: CsvDialect) -> Result<()> {
    super::write_file(path, |out| write_frame_as(df, out, dialect))
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

    #[test]
    fn writes_dates_lists_and_nulls() {
        let dates = Series::new("start".into(), [Some(19968i32), None])
            .cast(&DataType::Date)
            .unwrap();
        let names = Series::new("name".into(), [Some("TU Wien"), Some("Liège, Université")]);
        let df = DataFrame::new(2, vec![names.into_column(), dates.into_column()]).unwrap();
        let mut out = Vec::new();
        write_frame(&df, &mut out).unwrap();
        // 19968 days after 1970-01-01 is 2024-09-02.
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "name,start\nTU Wien,2024-09-02\n\"Liège, Université\",\n"
        );
    }

    #[test]
    fn a_writer_that_fails_stops_the_file_with_its_error() {
        // A disk that fills after the header and a block: the error comes back, and the
        // formatting of the blocks after it stops instead of waiting for a reader.
        struct Full(usize);
        impl Write for Full {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                if self.0 < buf.len() {
                    return Err(std::io::Error::other("disk full"));
                }
                self.0 -= buf.len();
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let n = 20 * BLOCK_ROWS;
        let names: Vec<String> = (0..n).map(|i| format!("r{i}")).collect();
        let df = DataFrame::new(n, vec![Series::new("name".into(), names).into_column()]).unwrap();
        let error = write_frame(&df, Full(100_000)).unwrap_err();
        assert_eq!(error.to_string(), "disk full");
    }

    #[test]
    fn rows_written_in_blocks_are_the_rows_in_order_with_one_header_and_one_preamble() {
        // Two and a half blocks: rows on each side of both block boundaries.
        let n = 2 * BLOCK_ROWS + BLOCK_ROWS / 2;
        let names: Vec<String> = (0..n).map(|i| format!("r{i}")).collect();
        let values: Vec<f64> = (0..n).map(|i| i as f64 + 0.5).collect();
        let df = DataFrame::new(
            n,
            vec![
                Series::new("name".into(), names).into_column(),
                Series::new("value".into(), values).into_column(),
            ],
        )
        .unwrap();
        let mut out = Vec::new();
        write_frame_as(&df, &mut out, CsvDialect::ExcelFr).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.matches('\u{feff}').count(), 1);
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines.len(), n + 1);
        assert_eq!(lines[0], "name;value");
        for i in [0, BLOCK_ROWS - 1, BLOCK_ROWS, 2 * BLOCK_ROWS, n - 1] {
            assert_eq!(lines[i + 1], format!("r{i};{i},5"));
        }
    }

    fn french_frame() -> DataFrame {
        let dates = Series::new("start".into(), [Some(19968i32), None])
            .cast(&DataType::Date)
            .unwrap();
        let list = Series::new(
            "fields".into(),
            [
                Series::new("".into(), ["Droit", "Économie"]),
                Series::new("".into(), ["Chimie"]),
            ],
        );
        df!(
            "name" => ["Liège; Université", "TU Wien"],
            "share_pct" => [12.5, 40.0],
            "students" => [1234i64, 7],
        )
        .unwrap()
        .hstack(&[dates.into_column(), list.into_column()])
        .unwrap()
    }

    #[test]
    fn excel_fr_has_bom_semicolons_and_decimal_commas() {
        let mut out = Vec::new();
        write_frame_as(&french_frame(), &mut out, CsvDialect::ExcelFr).unwrap();
        // A cell holding ';' (the name, the joined list) is quoted; 40.0 is whole so it stays "40";
        // integers are never touched.
        let expected = "\u{feff}name;share_pct;students;start;fields\n\
             \"Liège; Université\";12,5;1234;2024-09-02;\"Droit; Économie\"\n\
             TU Wien;40;7;;Chimie\n";
        assert_eq!(&out[..3], b"\xEF\xBB\xBF");
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    #[test]
    fn standard_is_unchanged_by_the_dialects() {
        let mut out = Vec::new();
        write_frame(&french_frame(), &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "name,share_pct,students,start,fields\n\
             Liège; Université,12.5,1234,2024-09-02,Droit; Économie\n\
             TU Wien,40,7,,Chimie\n"
        );
    }

    #[test]
    fn formula_text_is_neutralised_and_numbers_are_not() {
        let df = df!(
            "partner" => ["=HYPERLINK(\"http://x\",\"click\")", "-2+3", "-3"],
            "share" => [-2.5, -3.0, 0.5],
        )
        .unwrap();
        let mut out = Vec::new();
        write_frame_as(&df, &mut out, CsvDialect::ExcelFr).unwrap();
        // "-3" is a number even in a text column: a spreadsheet reads it as -3 and runs nothing.
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\u{feff}partner;share\n\
             \"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\";-2,5\n\
             '-2+3;-3\n\
             -3;0,5\n"
        );
    }

    #[test]
    fn cell_text_follows_the_dialect_only_for_floats() {
        assert_eq!(cell_text(&AnyValue::Float64(0.25)), "0.25");
        assert_eq!(
            cell_text_as(&AnyValue::Float64(0.25), CsvDialect::ExcelFr),
            "0,25"
        );
        assert_eq!(
            cell_text_as(&AnyValue::Float64(-3.0), CsvDialect::ExcelFr),
            "-3"
        );
        assert_eq!(
            cell_text_as(&AnyValue::Int64(1500), CsvDialect::ExcelFr),
            "1500"
        );
        assert_eq!(
            cell_text_as(&AnyValue::String("a.b"), CsvDialect::ExcelFr),
            "a.b"
        );
    }
}
