//! `mobility_by_country` (every year) and `top_destinations` / `top_origins` (the reporting
//! year's 15 leading countries, then "other").

use super::base::{
    group_by_year, int, mobilities, participants, pct, sorted, with_continent, Base,
};
use super::registry::Def;
use super::words::{is, Own};
use crate::schema::vocab::Direction;
use crate::schema::ColumnKind::{AcademicYear, Continent, Country, Percent, Rank, Vocabulary};
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
        ColumnDef::persons("mobilities"),
        ColumnDef::persons("participants"),
    ],
    build: |i| mobility_by_country(i.base),
};

/// The columns of both top lists.
const TOP_COLUMNS: &[ColumnDef] = &[
    ColumnDef::new("academic_year", AcademicYear),
    ColumnDef::new("rank", Rank),
    ColumnDef::new("country", Country),
    ColumnDef::new("continent", Continent),
    ColumnDef::persons("mobilities"),
    ColumnDef::persons("participants"),
    ColumnDef::of_persons("share_pct", Percent, &["mobilities"]),
];

/// The reporting year's top destinations.
pub const TOP_DESTINATIONS: Def = Def {
    id: "top_destinations",
    needs: &[TableKind::Mobilities],
    columns: TOP_COLUMNS,
    build: |i| top_countries(i.base, Direction::Outgoing),
};

/// The reporting year's top countries of origin.
pub const TOP_ORIGINS: Def = Def {
    id: "top_origins",
    needs: &[TableKind::Mobilities],
    columns: TOP_COLUMNS,
    build: |i| top_countries(i.base, Direction::Incoming),
};

/// How many countries the top lists name before "other".
pub const TOP: u32 = 15;

/// The indicator: academic_year, direction, country, continent, mobilities, participants.
pub fn mobility_by_country(base: &Base) -> PolarsResult<LazyFrame> {
    let keys = ["academic_year", "direction", "country"];
    let lf = group_by_year(
        base.mobilities
            .clone()
            .with_column(col("partner_country").alias("country")),
        keys.map(col),
        vec![mobilities(), participants()],
    );
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testing::{assert_frame, mobilities_base};

    #[test]
    fn by_country_weighs_rows_and_counts_people_once() {
        //  P1 24-25 out IT, twice;  -- 24-25 out AT, 2 participants without id;
        //  P2 23-24 out BR;  P3 24-25 in JP
        let base = mobilities_base(
            df!(
                "person_id" => [Some("P1"), Some("P1"), None, Some("P2"), Some("P3")],
                "academic_year" => ["2024-2025", "2024-2025", "2024-2025", "2023-2024", "2024-2025"],
                "direction" => ["outgoing", "outgoing", "outgoing", "outgoing", "incoming"],
                "partner_country" => ["IT", "IT", "AT", "BR", "JP"],
                "participants" => [1i64, 1, 2, 1, 1],
            )
            .unwrap(),
        );
        assert_frame(
            mobility_by_country(&base).unwrap(),
            df!(
                "academic_year" => ["2023-2024", "2024-2025", "2024-2025", "2024-2025"],
                "direction" => ["outgoing", "incoming", "outgoing", "outgoing"],
                "country" => ["BR", "JP", "AT", "IT"],
                "continent" => ["South America", "Asia", "Europe", "Europe"],
                // AT: one row of 2 participants; IT: P1's two rows.
                "mobilities" => [1i64, 1, 2, 2],
                // AT: 2 without id; IT: P1 once.
                "participants" => [1i64, 1, 2, 1],
            )
            .unwrap(),
        );
    }

    /// Outgoing 2024-2025: IT 3 (P1 twice, P2), DE 2 (one row of 2 participants), then 15
    /// countries with one mobility each; the last two of those in code order, MX and US, are
    /// both P9's. Also one incoming (JP) and one 2023-2024 mobility (CN), which the outgoing
    /// ranking of 2024-2025 leaves out.
    const SINGLES: [&str; 15] = [
        "AT", "BE", "BR", "CA", "CH", "CL", "CN", "CZ", "DK", "EE", "ES", "FI", "JP", "MX", "US",
    ];

    fn ranked() -> Base {
        let mut person = vec![Some("P1"), Some("P1"), Some("P2"), None];
        let mut country = vec!["IT", "IT", "IT", "DE"];
        let mut weight = vec![1i64, 1, 1, 2];
        for c in SINGLES {
            person.push(if c == "MX" || c == "US" {
                Some("P9")
            } else {
                None
            });
            country.push(c);
            weight.push(1);
        }
        let outgoing = person.len();
        let mut direction = vec!["outgoing"; outgoing];
        let mut year = vec!["2024-2025"; outgoing];
        for (p, c, d, y) in [
            ("P3", "JP", "incoming", "2024-2025"),
            ("P4", "CN", "outgoing", "2023-2024"),
        ] {
            person.push(Some(p));
            country.push(c);
            weight.push(1);
            direction.push(d);
            year.push(y);
        }
        mobilities_base(
            df!(
                "person_id" => person,
                "academic_year" => year,
                "direction" => direction,
                "partner_country" => country,
                "participants" => weight,
            )
            .unwrap(),
        )
    }

    #[test]
    fn top_countries_ranks_fifteen_then_gathers_the_rest_as_other() {
        // Ranks 1 IT (3), 2 DE (2), then the singles by code: AT 3 ... JP 15; MX (16) and US
        // (17) go to "other". 20 mobilities in all: IT 3 / 20 = 15.0 %, DE and "other" 2 / 20 =
        // 10.0 %, each single 1 / 20 = 5.0 %.
        let top: Vec<&str> = SINGLES[..13].to_vec();
        let countries: Vec<&str> = ["IT", "DE"]
            .into_iter()
            .chain(top.iter().copied())
            .chain([Own::Other.as_str()])
            .collect();
        let continent = |c: &str| match c {
            "BR" | "CL" => Some("South America"),
            "CA" => Some("North America"),
            "CN" | "JP" => Some("Asia"),
            // "other" is no country: no continent.
            "other" => None,
            _ => Some("Europe"),
        };
        let mut rank: Vec<Option<i64>> = (1..=15).map(Some).collect();
        rank.push(None);
        let mut mobilities = vec![3i64, 2];
        mobilities.extend([1; 13]);
        mobilities.push(2);
        // IT: P1 and P2; DE: 2 without id; other: P9 once, though P9 went to MX and US.
        let mut participants = vec![2i64, 2];
        participants.extend([1; 13]);
        participants.push(1);
        let mut share = vec![15.0, 10.0];
        share.extend([5.0; 13]);
        share.push(10.0);
        assert_frame(
            top_countries(&ranked(), Direction::Outgoing).unwrap(),
            df!(
                "academic_year" => vec!["2024-2025"; 16],
                "rank" => rank,
                "country" => countries.clone(),
                "continent" => countries.iter().map(|c| continent(c)).collect::<Vec<_>>(),
                "mobilities" => mobilities,
                "participants" => participants,
                "share_pct" => share,
            )
            .unwrap(),
        );
    }

    #[test]
    fn top_countries_of_the_other_direction() {
        // Incoming 2024-2025: P3 to JP alone, 1 of 1 = 100.0 %.
        assert_frame(
            top_countries(&ranked(), Direction::Incoming).unwrap(),
            df!(
                "academic_year" => ["2024-2025"],
                "rank" => [1i64],
                "country" => ["JP"],
                "continent" => ["Asia"],
                "mobilities" => [1i64],
                "participants" => [1i64],
                "share_pct" => [100.0],
            )
            .unwrap(),
        );
    }
}
