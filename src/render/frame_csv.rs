//! Writes a DataFrame as a CSV file with a header row: dates as ISO, lists joined with "; ",
//! nulls as empty cells. Two dialects: `standard` (comma, UTF-8, '.' decimals) and `excel-fr`
//! (what French Excel opens with a double click: ';', a UTF-8 BOM, ',' decimals). In both, a
//! text cell a spreadsheet would run as a formula gets a leading apostrophe (`csv_safe`).

use super::csv_block::rows_text;
use super::csv_safe::SafeWriter;
use super::iso_date::date_text;
use crate::error::Result;
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
pub(super) fn push_float(out: &mut String, f: f64, dialect: CsvDialect) {
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
