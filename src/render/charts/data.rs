//! Reading indicator tables for charts: an indicator's table when it has rows, a column as plain strings or numbers
//! (nulls as "" and 0), the rows of one year, and the recent years a trend chart shows.

use crate::indicators::{Computed, Indicator};
use polars::prelude::*;

/// The table of `indicator`, when it was computed and has rows (a chart of nothing is left
/// out).
pub(crate) fn table(computed: &Computed, indicator: Indicator) -> Option<&DataFrame> {
    computed.get(indicator).filter(|df| df.height() > 0)
}

/// A column as text (numbers written as Polars writes them); None when it is absent.
pub(crate) fn strings(df: &DataFrame, column: &str) -> Option<Vec<String>> {
    let col = df.column(column).ok()?.cast(&DataType::String).ok()?;
    let values = col.str().ok()?;
    Some(
        values
            .iter()
            .map(|v| v.unwrap_or_default().to_string())
            .collect(),
    )
}

/// A column as numbers (null as 0); None when it is absent or not numeric.
pub(crate) fn numbers(df: &DataFrame, column: &str) -> Option<Vec<f64>> {
    let col = df.column(column).ok()?;
    if !col.dtype().is_primitive_numeric() {
        return None;
    }
    let col = col.cast(&DataType::Float64).ok()?;
    let values = col.f64().ok()?;
    Some(values.iter().map(|v| v.unwrap_or(0.0)).collect())
}

/// The indices of the rows whose `column` is `year`.
pub(crate) fn rows_of(df: &DataFrame, column: &str, year: &str) -> Option<Vec<usize>> {
    Some(
        strings(df, column)?
            .iter()
            .enumerate()
            .filter(|(_, y)| y.as_str() == year)
            .map(|(i, _)| i)
            .collect(),
    )
}

/// The most years a trend chart shows: more would crowd its labels (the tables keep them all).
pub(crate) const MAX_YEARS: usize = 8;

/// The last [`MAX_YEARS`] of `items` (in year order).
pub(crate) fn recent<T>(mut items: Vec<T>) -> Vec<T> {
    let skip = items.len().saturating_sub(MAX_YEARS);
    items.split_off(skip)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_as_plain_values() {
        let df = df!(
            "academic_year" => ["2023-2024", "2024-2025", "2024-2025"],
            "rank" => [Some(1i64), Some(2), None],
            "share_pct" => [Some(12.5), None, Some(3.0)],
        )
        .unwrap();
        assert_eq!(
            rows_of(&df, "academic_year", "2024-2025").unwrap(),
            vec![1, 2]
        );
        assert_eq!(numbers(&df, "share_pct").unwrap(), vec![12.5, 0.0, 3.0]);
        assert_eq!(numbers(&df, "rank").unwrap(), vec![1.0, 2.0, 0.0]);
        assert_eq!(strings(&df, "rank").unwrap(), vec!["1", "2", ""]);
        assert!(numbers(&df, "academic_year").is_none());
        assert!(strings(&df, "nope").is_none());
        assert_eq!(recent((0..10).collect()), (2..10).collect::<Vec<_>>());
        assert_eq!(recent(vec![1, 2]), vec![1, 2]);
        let computed = crate::render::charts::testing::computed(Indicator::TopDestinations, df);
        assert!(table(&computed, Indicator::TopDestinations).is_some());
        assert!(table(&computed, Indicator::TopOrigins).is_none());
    }
}
