//! Writes a DataFrame as a UTF-8 CSV file with a header row: dates as ISO, lists joined with
//! "; ", nulls as empty cells.

use crate::error::Result;
use chrono::NaiveDate;
use polars::prelude::*;
use std::io::Write;
use std::path::Path;

/// Formats one value as CSV cell text.
pub fn cell_text(value: &AnyValue) -> String {
    match value {
        AnyValue::Null => String::new(),
        AnyValue::String(s) => s.to_string(),
        AnyValue::StringOwned(s) => s.to_string(),
        AnyValue::Boolean(b) => b.to_string(),
        AnyValue::Date(days) => {
            let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
            (epoch + chrono::Duration::days(*days as i64))
                .format("%Y-%m-%d")
                .to_string()
        }
        AnyValue::Float64(f) => format_float(*f),
        AnyValue::Float32(f) => format_float(*f as f64),
        AnyValue::List(series) => series
            .iter()
            .map(|v| cell_text(&v))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

fn format_float(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// Writes `df` to `out` as CSV.
pub fn write_frame<W: Write>(df: &DataFrame, out: W) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let columns = df.columns();
    writer.write_record(columns.iter().map(|c| c.name().as_str()))?;
    let mut record: Vec<String> = Vec::with_capacity(columns.len());
    for row in 0..df.height() {
        record.clear();
        for col in columns {
            let value = col.get(row).map_err(std::io::Error::other)?;
            record.push(cell_text(&value));
        }
        writer.write_record(&record)?;
    }
    writer.flush()
}

/// Writes `df` to the file at `path`, creating its folder.
pub fn write_frame_file(df: &DataFrame, path: &Path) -> Result<()> {
    super::write_file(path, |out| write_frame(df, out))
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
}
