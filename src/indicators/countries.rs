//! `mobility_by_country` (every year) and `top_destinations` / `top_origins` (the reporting
//! year's 15 leading countries, then "other").

use super::base::{int, mobilities, participants, pct, sorted, with_continent, Base};
use super::registry::Def;
use super::words::{is, Own};
use crate::schema::vocab::Direction;
use crate::schema::ColumnKind::{
    AcademicYear, Continent, Count, Country, Percent, Rank, Vocabulary,
};
use crate::schema::{ColumnDef, TableKind};
use polars::prelude::*;

/// Mobilities by country.
pub const MOBILITY_BY_COUNTRY: Def = Def {
    id: "mobility_by_country",
    needs: &[TableKind::Mobilities],
    columns: &[
        ColumnDef::new("academic_year", AcademicYear),
        ColumnDef::new("direction", Vocabulary),
        ColumnDef::new("country", Country),
        ColumnDef::new("continent", Continent),
        ColumnDef::new("mobilities", Count),
        ColumnDef::new("participants", Count),
    ],
    build: |i| mobility_by_country(i.base),
};

/// The reporting year's top destinations.
pub const TOP_DESTINATIONS: Def = Def {
    id: "top_destinations",
    needs: &[TableKind::Mobilities],
    columns: &[
        ColumnDef::new("academic_year", AcademicYear),
        ColumnDef::new("rank", Rank),
        ColumnDef::new("country", Country),
        ColumnDef::new("continent", Continent),
        ColumnDef::new("mobilities", Count),
        ColumnDef::new("participants", Count),
        ColumnDef::new("share_pct", Percent),
    ],
    build: |i| top_countries(i.base, Direction::Outgoing),
};

/// The reporting year's top countries of origin.
pub const TOP_ORIGINS: Def = Def {
    id: "top_origins",
    needs: &[TableKind::Mobilities],
    columns: &[
        ColumnDef::new("academic_year", AcademicYear),
        ColumnDef::new("rank", Rank),
        ColumnDef::new("country", Country),
        ColumnDef::new("continent", Continent),
        ColumnDef::new("mobilities", Count),
        ColumnDef::new("participants", Count),
        ColumnDef::new("share_pct", Percent),
    ],
    build: |i| top_countries(i.base, Direction::Incoming),
};

/// How many countries the top lists name before "other".
pub const TOP: u32 = 15;

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
pub fn top_countries(base: &Base, direction: Direction) -> PolarsResult<LazyFrame> {
    let rows = base
        .mobilities_of_year()
        .filter(is(direction))
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
                .otherwise(Own::Other.lit())
                .alias("country"),
        )
        .group_by([col("country")])
        .agg([
            col("rank").min().alias("rank"),
            mobilities(),
            participants(),
        ])
        .with_columns([
            when(col("country").eq(Own::Other.lit()))
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
