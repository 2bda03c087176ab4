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

/// A base of one mobilities table, reporting year 2024-2025, trends over 2023-2024 and
/// 2024-2025 (the years most family tests use).
pub(crate) fn mobilities_base(frame: DataFrame) -> Base {
    let years = ["2023-2024", "2024-2025"];
    base(vec![(TableKind::Mobilities, frame)], "2024-2025", &years)
}

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

/// A base of a partners and a mobilities table, reporting year 2024-2025, trends over
/// 2023-2024 and 2024-2025.
pub(crate) fn partners_and_mobilities_base(partners: DataFrame, mobilities: DataFrame) -> Base {
    base(
        vec![
            (TableKind::Partners, partners),
            (TableKind::Mobilities, mobilities),
        ],
        "2024-2025",
        &["2023-2024", "2024-2025"],
    )
}

/// Collects `lf` and asserts it equals `expected`: same column names and types, same values
/// in the same order (nulls equal to nulls). Prints both frames when they differ.
#[track_caller]
pub(crate) fn assert_frame(lf: LazyFrame, expected: DataFrame) {
    // As `Plan::collect` hands the tables on: text as strings.
    let actual = crate::schema::text_column::plain_frame(lf.collect().expect("the indicator runs"))
        .expect("text columns turn into strings");
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::panic::{catch_unwind, AssertUnwindSafe};

    fn differs(expected: DataFrame) -> bool {
        let actual = df!("a" => [Some(1i64), None], "b" => ["x", "y"]).unwrap();
        catch_unwind(AssertUnwindSafe(|| assert_frame(actual.lazy(), expected))).is_err()
    }

    #[test]
    fn assert_frame_tells_values_nulls_types_names_and_order_apart() {
        assert!(!differs(
            df!("a" => [Some(1i64), None], "b" => ["x", "y"]).unwrap()
        ));
        // A value, a null for a value, a type, a name, the order of rows, a missing row.
        assert!(differs(
            df!("a" => [Some(2i64), None], "b" => ["x", "y"]).unwrap()
        ));
        assert!(differs(
            df!("a" => [Some(1i64), Some(0)], "b" => ["x", "y"]).unwrap()
        ));
        assert!(differs(
            df!("a" => [Some(1i32), None], "b" => ["x", "y"]).unwrap()
        ));
        assert!(differs(
            df!("a" => [Some(1i64), None], "c" => ["x", "y"]).unwrap()
        ));
        assert!(differs(
            df!("a" => [None, Some(1i64)], "b" => ["y", "x"]).unwrap()
        ));
        assert!(differs(df!("a" => [Some(1i64)], "b" => ["x"]).unwrap()));
    }

    #[test]
    fn canonical_completes_a_table_with_typed_nulls() {
        let df = canonical(
            TableKind::Partners,
            df!("partner_key" => ["K1"], "status_active" => [true]).unwrap(),
        );
        let expected: Vec<&str> = table_columns(TableKind::Partners)
            .into_iter()
            .map(|(c, _)| c)
            .collect();
        let names: Vec<&str> = df.get_column_names().iter().map(|c| c.as_str()).collect();
        assert_eq!(names, expected);
        assert_eq!(
            crate::schema::text_column::TextColumn::of(&df, "partner_key").get(0),
            Some("K1")
        );
        assert_eq!(df.column("programmes").unwrap().null_count(), 1);
        assert!(matches!(
            df.column("programmes").unwrap().dtype(),
            DataType::List(_)
        ));
    }
}
