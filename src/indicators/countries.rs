//! `mobility_by_country` (every year) and `top_destinations` / `top_origins` (the reporting
//! year's 15 leading countries, then "other").

use super::base::{int, mobilities, participants, pct, sorted, with_continent, Base};
use polars::prelude::*;

/// How many countries the top lists name before "other".
pub const TOP: u32 = 15;

/// The label of the row that gathers the countries after the top ones.
pub const OTHER: &str = "other";

/// The indicator: academic_year, direction, country, continent, mobilities, participants.
pub fn mobility_by_country(base: &Base) -> PolarsResult<LazyFrame> {
    let keys = ["academic_year", "direction", "country"];
    let lf = base
        .mobilities
        .clone()
        .with_column(col("partner_country").alias("country"))
        .group_by(keys.map(col))
        .agg([mobilities(), participants()]);
    let lf = with_continent(lf, "country")?.select([
        col("academic_year"),
        col("direction"),
        col("country"),
        col("continent"),
        col("mobilities"),
        col("participants"),
    ]);
    Ok(sorted(lf, &keys))
}

/// The reporting year's mobilities in one direction, ranked by country: the first [`TOP`]
/// countries by mobilities (ties by country code), then one "other" row for the rest.
/// Columns: academic_year, rank, country, continent, mobilities, participants, share_pct.
pub fn top_countries(base: &Base, direction: &str) -> PolarsResult<LazyFrame> {
    let rows = base
        .mobilities_of_year()
        .filter(col("direction").eq(lit(direction)))
        .with_column(col("partner_country").alias("country"));
    let ranks = rows
        .clone()
        .group_by([col("country")])
        .agg([mobilities()])
        .sort_by_exprs(
            [col("mobilities"), col("country")],
            SortMultipleOptions::default().with_order_descending_multi([true, false]),
        )
        .with_row_index("rank", Some(1))
        .select([col("country"), col("rank")]);
    // People are counted once per group: someone who went to two "other" countries is one
    // participant of "other".
    let grouped = rows
        .left_join(ranks, col("country"), col("country"))
        .with_column(
            when(col("rank").lt_eq(lit(TOP)))
                .then(col("country"))
                .otherwise(lit(OTHER))
                .alias("country"),
        )
        .group_by([col("country")])
        .agg([
            col("rank").min().alias("rank"),
            mobilities(),
            participants(),
        ])
        .with_columns([
            when(col("country").eq(lit(OTHER)))
                .then(lit(NULL).cast(DataType::Int64))
                .otherwise(int(col("rank")))
                .alias("rank"),
            pct(col("mobilities"), col("mobilities").sum()).alias("share_pct"),
        ]);
    let lf = with_continent(grouped, "country")?.select([
        lit(base.year.clone()).alias("academic_year"),
        col("rank"),
        col("country"),
        col("continent"),
        col("mobilities"),
        col("participants"),
        col("share_pct"),
    ]);
    Ok(sorted(lf, &["rank"]))
}
