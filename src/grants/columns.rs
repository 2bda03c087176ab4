//! The mobilities' columns the grants read: whole columns copied out (`texts`, `ints`, for the
//! per-project table) or read row by row (the per-mobility table reads only the funded rows).

use polars::prelude::*;

pub use crate::schema::text_column::TextColumn;

/// A text column's values, borrowed (None where null, or everywhere for a missing column).
pub fn texts<'a>(df: &'a DataFrame, name: &str) -> Vec<Option<&'a str>> {
    TextColumn::of(df, name).values(df.height())
}

/// A whole-number (or date, as days) column's values (None where null, or everywhere for a
/// missing column).
pub fn ints(df: &DataFrame, name: &str) -> Vec<Option<i64>> {
    match df
        .column(name)
        .ok()
        .and_then(|c| c.cast(&DataType::Int64).ok())
    {
        Some(c) => c.i64().map(|c| c.iter().collect()).unwrap_or_default(),
        None => vec![None; df.height()],
    }
}

/// A whole-number (or date) column of a block, as days or numbers, read row by row.
pub struct IntColumn(Option<Int64Chunked>);

impl IntColumn {
    /// The column `name` of `df`, as whole numbers.
    pub fn of(df: &DataFrame, name: &str) -> Self {
        let cast = df
            .column(name)
            .ok()
            .and_then(|c| c.cast(&DataType::Int64).ok());
        IntColumn(cast.and_then(|c| c.i64().ok().cloned()))
    }

    /// Row `i`'s value.
    pub fn get(&self, i: usize) -> Option<i64> {
        self.0.as_ref().and_then(|c| c.get(i))
    }
}

/// A true/false column of a block (a null or a missing column reads as false).
pub struct BoolColumn<'a>(Option<&'a BooleanChunked>);

impl<'a> BoolColumn<'a> {
    /// The column `name` of `df`.
    pub fn of(df: &'a DataFrame, name: &str) -> Self {
        BoolColumn(df.column(name).ok().and_then(|c| c.bool().ok()))
    }

    /// Row `i`'s value.
    pub fn get(&self, i: usize) -> bool {
        self.0.and_then(|c| c.get(i)).unwrap_or(false)
    }
}
