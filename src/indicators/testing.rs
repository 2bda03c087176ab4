//! Helpers shared by the indicator families' unit tests: a [`Base`] built from `df!` literal
//! frames that give only the columns a test cares about, and a frame comparison that prints
//! both frames when they differ.
//!
//! The loader's derived columns (`academic_year`, `duration_days`, `partner_key`,
//! `status_active`, `call_year`...) are not derived here: a test gives them where the
//! indicator reads them, and they are null otherwise.

use super::base::Base;
use crate::schema::columns::ColumnBuilder;
use crate::schema::rows::table_columns;
use crate::schema::TableKind;
use crate::tables::Tables;
use polars::prelude::*;

/// The minimum days of outgoing mobility [`base`] uses (the demo's and the tests' value).
pub(crate) const MIN_OUTGOING_DAYS: i64 = 60;

/// The home country [`base`] uses.
pub(crate) const HOME_COUNTRY: &str = "FR";

/// `given` completed to `table`'s canonical columns, in canonical order: each given column
/// cast to its canonical type, every other one all null. Panics on a column the table does
/// not have (a typo in a test would otherwise read as an absent column).
pub(crate) fn canonical(table: TableKind, given: DataFrame) -> DataFrame {
    let columns = table_columns(table);
    for name in given.get_column_names() {
        assert!(
            columns.iter().any(|(c, _)| c == name),
            "{name} is not a column of the {table} table"
        );
    }
    let height = given.height();
    let columns = columns
        .into_iter()
        .map(|(name, ty)| {
            let dtype = ColumnBuilder::new(name, ty)
                .into_column()
                .expect("an empty canonical column")
                .dtype()
                .clone();
            match given.column(name) {
                Ok(c) => c
                    .strict_cast(&dtype)
                    .unwrap_or_else(|e| panic!("{table}.{name} as {dtype}: {e}")),
                Err(_) => Column::full_null(name.into(), height, &dtype),
            }
        })
        .collect();
    DataFrame::new(height, columns).expect("columns of one height")
}

/// The indicators' base over the given tables (each completed by [`canonical`]; the tables
/// not given count as absent, as when no input gives them), with `year` as the reporting year
/// and `years` as the years trends cover, [`MIN_OUTGOING_DAYS`] and [`HOME_COUNTRY`].
pub(crate) fn base(tables: Vec<(TableKind, DataFrame)>, year: &str, years: &[&str]) -> Base {
    let tables = Tables {
        frames: tables
            .into_iter()
            .map(|(t, df)| (t, canonical(t, df)))
            .collect(),
    };
    let years: Vec<String> = years.iter().map(|y| y.to_string()).collect();
    Base::new(
        &tables,
        year.to_string(),
        &years,
        MIN_OUTGOING_DAYS,
        HOME_COUNTRY,
    )
    .expect("a base over canonical tables")
}

/// Collects `lf` and asserts it equals `expected`: same column names and types, same values
/// in the same order (nulls equal to nulls). Prints both frames when they differ.
#[track_caller]
pub(crate) fn assert_frame(lf: LazyFrame, expected: DataFrame) {
    let actual = lf.collect().expect("the indicator runs");
    let same = actual.shape() == expected.shape()
        && actual.schema_equal(&expected).is_ok()
        && actual.equals_missing(&expected);
    assert!(
        same,
        "got {actual:?}\n{:?}\nexpected {expected:?}\n{:?}",
        actual.schema(),
        expected.schema()
    );
}
