//! `erasmus_activity`: Erasmus+ KA131 and KA171 mobilities by year, activity code, direction
//! and country, with the figures the final reports ask for.

use super::base::{
    mean_days, mobilities, mobilities_where, participants, sorted, total_days, Base,
};
use super::registry::Def;
use super::words::{is, is_any, Own};
use crate::schema::vocab::{Activity, Funding};
use crate::schema::ColumnKind::{AcademicYear, Count, Country, Decimal, Text, Vocabulary};
use crate::schema::{ColumnDef, TableKind};
use polars::prelude::*;

/// Erasmus+ activity per year.
pub const ERASMUS_ACTIVITY: Def = Def {
    id: "erasmus_activity",
    needs: &[TableKind::Mobilities],
    columns: &[
        ColumnDef::new("funding", Vocabulary),
        ColumnDef::new("academic_year", AcademicYear),
        ColumnDef::new("activity_code", Text),
        ColumnDef::new("direction", Vocabulary),
        ColumnDef::new("country", Country),
        ColumnDef::new("mobilities", Count),
        ColumnDef::new("participants", Count),
        ColumnDef::new("total_days", Count),
        ColumnDef::new("mean_days", Decimal),
        ColumnDef::new("fewer_opportunities", Count),
        ColumnDef::new("green_travel", Count),
    ],
    build: |i| Ok(erasmus_activity(i.base)),
};

/// The Erasmus+ activity code of each row ([`Activity::erasmus_code`]); "other" for an
/// activity without one.
pub fn activity_code() -> Expr {
    let coded: Vec<(Expr, Expr)> = Activity::ALL
        .iter()
        .filter_map(|a| a.erasmus_code().map(|code| (is(*a), lit(code))))
        .collect();
    let [(c0, v0), (c1, v1), rest @ ..] = coded.as_slice() else {
        unreachable!("several activities have an Erasmus+ code")
    };
    let mut chain = when(c0.clone())
        .then(v0.clone())
        .when(c1.clone())
        .then(v1.clone());
    for (cond, code) in rest {
        chain = chain.when(cond.clone()).then(code.clone());
    }
    chain.otherwise(Own::Other.lit()).alias("activity_code")
}

/// What the Erasmus+ final reports count per group: mobilities, participants, total_days,
/// and the mobilities with fewer opportunities and with green travel (all weighted).
pub fn final_report_measures() -> [Expr; 5] {
    [
        mobilities(),
        participants(),
        total_days(),
        mobilities_where(
            col("fewer_opportunities").fill_null(lit(false)),
            "fewer_opportunities",
        ),
        mobilities_where(col("green_travel").fill_null(lit(false)), "green_travel"),
    ]
}

/// The indicator: funding, academic_year, activity_code, direction, country, mobilities,
/// participants, total_days, mean_days, fewer_opportunities, green_travel.
pub fn erasmus_activity(base: &Base) -> LazyFrame {
    let keys = [
        "funding",
        "academic_year",
        "activity_code",
        "direction",
        "country",
    ];
    let lf = base
        .mobilities
        .clone()
        .filter(is_any(&[Funding::ErasmusKa131, Funding::ErasmusKa171]))
        .with_columns([activity_code(), col("partner_country").alias("country")])
        .group_by(keys.map(col))
        .agg(final_report_measures())
        .with_column(mean_days())
        .select([
            col("funding"),
            col("academic_year"),
            col("activity_code"),
            col("direction"),
            col("country"),
            col("mobilities"),
            col("participants"),
            col("total_days"),
            col("mean_days"),
            col("fewer_opportunities"),
            col("green_travel"),
        ]);
    sorted(lf, &keys)
}
