//! What every indicator starts from: the canonical tables as lazy frames (empty, with their
//! columns, when a table had no input), the reporting year, the years trends cover, and the
//! measures indicators share (weighted mobilities, distinct participants, days, percentages).

use super::coverage::Coverage;
use crate::normalise::country::continents;
use crate::schema::columns::{ColumnBuilder, ColumnType};
use crate::schema::rows::table_columns;
use crate::schema::text_column::coded_dtype;
use crate::schema::TableKind;
use crate::tables::Tables;
use polars::prelude::*;
use std::collections::BTreeSet;

/// The inputs of the indicator plan.
pub struct Base {
    pub mobilities: LazyFrame,
    pub partners: LazyFrame,
    pub icm: LazyFrame,
    pub students: LazyFrame,
    pub programmes: LazyFrame,
    pub welcome: LazyFrame,
    pub grants: LazyFrame,
    /// Whether any input says a mobility's or an enrolment's faculty.
    pub faculties_known: bool,
    /// The Erasmus+ grant of each mobility the institution's projects pay
    /// (`grants::table::grants_table`), and per project its organisational support.
    pub erasmus_grants: LazyFrame,
    pub erasmus_projects: LazyFrame,
    /// The same per-mobility grants, collected: data/erasmus_grants.csv writes them.
    pub erasmus_grants_table: DataFrame,
    /// Tables that had at least one input file.
    pub present: BTreeSet<TableKind>,
    /// The reporting year, "2024-2025".
    pub year: String,
    /// One column `academic_year`: every year the trends cover, sorted.
    pub years: LazyFrame,
    /// The same years, as a list.
    pub year_list: Vec<String>,
    /// Minimum days of qualifying outgoing mobility for a graduate to count as mobile.
    pub min_outgoing_days: i64,
    /// Years without a mobility either way after which an active agreement is dormant.
    pub dormant_years: i64,
    /// The institution's country (ISO alpha-2): other nationalities are international.
    pub home_country: String,
    /// The populations of mobilities the inputs hold, and the years each spans.
    pub coverage: Coverage,
}

impl Base {
    /// The plan's inputs. `years` are the academic years trends cover.
    pub fn new(
        tables: &Tables,
        year: String,
        years: &[String],
        min_outgoing_days: i64,
        home_country: &str,
    ) -> PolarsResult<Base> {
        let lazy = |t: TableKind| -> PolarsResult<LazyFrame> {
            Ok(match tables.get(t) {
                Some(df) => df.clone().lazy(),
                None => empty_table(t)?.lazy(),
            })
        };
        let years_given = years;
        let years = DataFrame::new(
            years.len(),
            vec![Column::new("academic_year".into(), years.to_vec())],
        )?;
        Ok(Base {
            mobilities: lazy(TableKind::Mobilities)?,
            partners: lazy(TableKind::Partners)?,
            icm: lazy(TableKind::IcmProjects)?,
            students: lazy(TableKind::Students)?,
            programmes: lazy(TableKind::Programmes)?,
            welcome: lazy(TableKind::Welcome)?,
            // A budget of a few lines per project, joined with the plan's per-project grants
            // on their projects and headings, which are strings: so is its text.
            grants: lazy(TableKind::Grants)?.with_columns(
                table_columns(TableKind::Grants)
                    .into_iter()
                    .filter(|(_, ty)| *ty == ColumnType::Cat)
                    .map(|(name, _)| col(name).cast(DataType::String))
                    .collect::<Vec<_>>(),
            ),
            erasmus_grants: DataFrame::empty().lazy(),
            erasmus_projects: DataFrame::empty().lazy(),
            erasmus_grants_table: DataFrame::empty(),
            present: tables.frames.keys().copied().collect(),
            faculties_known: super::faculty::faculties_known(tables),
            year,
            years: years.lazy(),
            year_list: {
                let mut list = years_given.to_vec();
                list.sort();
                list
            },
            min_outgoing_days,
            dormant_years: 3,
            home_country: home_country.to_string(),
            coverage: Coverage::of(tables)?,
        })
    }

    /// The same, with agreements dormant after `years` without a mobility.
    pub fn with_dormant_years(self, years: i64) -> Base {
        Base {
            dormant_years: years,
            ..self
        }
    }

    /// The same, with each mobility's Erasmus+ grant under `rates` (and its projects').
    pub fn with_grants(
        self,
        tables: &Tables,
        rates: &crate::grants::rates::Rates,
        home_city: Option<&str>,
    ) -> PolarsResult<Base> {
        let mobilities = match tables.get(TableKind::Mobilities) {
            Some(df) => df.clone(),
            None => empty_table(TableKind::Mobilities)?,
        };
        let grants =
            crate::grants::table::grants_table(&mobilities, &self.home_country, home_city, rates)?;
        let projects = crate::grants::projects::projects_table(&grants, rates)?;
        // The rules' working columns, as large as the funded mobilities, were just dropped.
        crate::memory::release();
        Ok(Base {
            erasmus_grants: grants.clone().lazy(),
            erasmus_projects: projects.lazy(),
            erasmus_grants_table: grants,
            ..self
        })
    }

    /// The same, with the populations and years of `coverage` (the institution's, for a
    /// faculty's report).
    pub fn with_coverage(self, coverage: Coverage) -> Base {
        Base { coverage, ..self }
    }

    /// The earliest year the data covers, if any.
    pub fn first_year(&self) -> Option<&str> {
        self.year_list.first().map(String::as_str)
    }

    /// True when the table had an input.
    pub fn has(&self, table: TableKind) -> bool {
        self.present.contains(&table)
    }

    /// Active partner rows of the reporting year.
    pub fn active_partners(&self) -> LazyFrame {
        self.partners
            .clone()
            .filter(active_in(lit(self.year.clone())))
    }

    /// Active partner rows crossed with the years they are active in (column `academic_year`).
    pub fn active_partners_by_year(&self) -> LazyFrame {
        self.partners
            .clone()
            .cross_join(self.years.clone(), None)
            .filter(active_in(col("academic_year")))
    }

    /// The mobilities of the reporting year.
    pub fn mobilities_of_year(&self) -> LazyFrame {
        self.mobilities
            .clone()
            .filter(col("academic_year").eq(lit(self.year.clone())))
    }
}

/// An agreement counts in a year when its status is active and the year lies within its
/// validity (an open end counts as unbounded). "2021-2022" strings compare in year order.
fn active_in(year: Expr) -> Expr {
    col("status_active")
        .fill_null(lit(true))
        .and(
            col("valid_from")
                .is_null()
                .or(col("valid_from").lt_eq(year.clone())),
        )
        .and(col("valid_to").is_null().or(col("valid_to").gt_eq(year)))
        .and(col("partner_key").is_not_null())
}

/// A table with its canonical columns and no rows.
pub fn empty_table(table: TableKind) -> PolarsResult<DataFrame> {
    let columns = table_columns(table)
        .into_iter()
        .map(|(name, ty)| ColumnBuilder::new(name, ty).into_column())
        .collect::<PolarsResult<Vec<_>>>()?;
    DataFrame::new(0, columns)
}

/// Country code → continent (in English), for every country the registry knows.
pub fn continent_frame(country_column: &str) -> PolarsResult<LazyFrame> {
    let pairs = continents();
    let codes: Vec<&str> = pairs.iter().map(|(c, _)| *c).collect();
    let names: Vec<&str> = pairs.iter().map(|(_, n)| *n).collect();
    Ok(DataFrame::new(
        pairs.len(),
        vec![
            // Coded as the tables' countries are, so the join compares ids.
            Column::new(country_column.into(), codes).cast(&coded_dtype())?,
            Column::new("continent".into(), names),
        ],
    )?
    .lazy())
}

/// Adds the `continent` of the column `country` (null for "other" and unknown codes).
pub fn with_continent(lf: LazyFrame, country: &str) -> PolarsResult<LazyFrame> {
    Ok(lf.left_join(continent_frame(country)?, col(country), col(country)))
}

/// `lf` grouped by `by` (which holds `academic_year`) with `aggs`, the year a category id while
/// grouped and text again after: a group on several columns encodes its keys row by row, a year
/// in 4 bytes as an id against 16 and more as a string (1M rows: partner_balance's working
/// memory 25–30 MB lower; BENCHMARKS.md, issue 18, eleventh pass).
pub fn group_by_year<const N: usize>(lf: LazyFrame, by: [Expr; N], aggs: Vec<Expr>) -> LazyFrame {
    lf.with_column(col("academic_year").cast(coded_dtype()))
        .group_by(by)
        .agg(aggs)
        .with_column(col("academic_year").cast(DataType::String))
}

/// How many people a mobility row stands for: 1 unless an aggregated file says more.
pub fn weight() -> Expr {
    col("participants")
        .fill_null(lit(1i64))
        .cast(DataType::Int64)
}

/// Mobilities: rows weighted by their participants count.
pub fn mobilities() -> Expr {
    weight().sum().alias("mobilities")
}

/// Mobilities among the rows where `cond` holds.
pub fn mobilities_where(cond: Expr, name: &str) -> Expr {
    weight().filter(cond).sum().alias(name)
}

/// Distinct people among the rows where `cond` holds: distinct person_id, plus the weighted
/// rows that have no person_id (aggregated files cannot be told apart, so each counts).
pub fn participants_where(cond: Expr, name: &str) -> Expr {
    let known = col("person_id")
        .filter(cond.clone().and(col("person_id").is_not_null()))
        .n_unique()
        .cast(DataType::Int64);
    let unknown = weight().filter(cond.and(col("person_id").is_null())).sum();
    (known + unknown).alias(name)
}

/// Distinct people in the group.
pub fn participants() -> Expr {
    participants_where(lit(true), "participants")
}

/// Days of mobility, each row's days times its participants.
pub fn total_days() -> Expr {
    (col("duration_days") * weight()).sum().alias("total_days")
}

/// `num / den * 100` with one decimal; null when `den` is zero.
pub fn pct(num: Expr, den: Expr) -> Expr {
    ratio(num * lit(100.0), den)
}

/// `num / den` with one decimal (half away from zero, as people round); null when `den` is 0.
pub fn ratio(num: Expr, den: Expr) -> Expr {
    let den = den.cast(DataType::Float64);
    when(den.clone().eq(lit(0.0)))
        .then(lit(NULL).cast(DataType::Float64))
        .otherwise((num.cast(DataType::Float64) / den).round(1, RoundMode::HalfAwayFromZero))
}

/// Mobilities whose days are known (weighted): ongoing ones have none yet.
pub fn dated_mobilities() -> Expr {
    mobilities_where(col("duration_days").is_not_null(), "dated_mobilities")
}

/// `mean_days` from `total_days` and `dated_mobilities`, one decimal: ongoing mobilities,
/// which have no days yet, are left out of the mean as of its sum.
pub fn mean_days() -> Expr {
    ratio(col("total_days"), col("dated_mobilities")).alias("mean_days")
}

/// Sorts by the given columns, ascending, nulls last, keeping the order of ties.
pub fn sorted(lf: LazyFrame, by: &[&str]) -> LazyFrame {
    lf.sort(
        by.iter().map(|s| PlSmallStr::from(*s)).collect::<Vec<_>>(),
        SortMultipleOptions::default()
            .with_nulls_last(true)
            .with_maintain_order(true),
    )
}

/// Counts as Int64, whatever integer type an aggregation gave.
pub fn int(e: Expr) -> Expr {
    e.cast(DataType::Int64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testing::assert_frame;

    #[test]
    fn shared_measures_weigh_rows_and_count_people_once() {
        //  P1 10 days;  P1 20 days;  -- 5 days, 3 participants;  -- 7 days, participants unknown
        let rows = df!(
            "person_id" => [Some("P1"), Some("P1"), None, None],
            "participants" => [Some(1i64), Some(1), Some(3), None],
            "duration_days" => [10i64, 20, 5, 7],
        )
        .unwrap();
        assert_frame(
            rows.lazy().select([
                mobilities(),
                participants(),
                total_days(),
                mobilities_where(col("person_id").is_null(), "without_id"),
                participants_where(col("duration_days").gt(lit(8i64)), "long"),
            ]),
            df!(
                // 1 + 1 + 3 + 1 (unknown counts as one).
                "mobilities" => [6i64],
                // P1 once + 3 + 1.
                "participants" => [5i64],
                // 10 + 20 + 3 × 5 + 7.
                "total_days" => [52i64],
                // 3 + 1.
                "without_id" => [4i64],
                // Rows over 8 days are P1's two: one person.
                "long" => [1i64],
            )
            .unwrap(),
        );
    }

    #[test]
    fn measures_per_group_count_only_the_rows_where_their_condition_holds() {
        // Group a: P1 outgoing twice, P2 incoming, an outgoing row of 3 people without an id.
        // Group b: P3 incoming, and a row of unknown direction and participants without an id.
        let rows = df!(
            "g" => ["a", "a", "a", "a", "b", "b"],
            "person_id" => [Some("P1"), Some("P1"), Some("P2"), None, Some("P3"), None],
            "participants" => [Some(1i64), None, Some(1), Some(3), Some(1), None],
            "direction" => [Some("out"), Some("out"), Some("in"), Some("out"), Some("in"), None],
        )
        .unwrap();
        let out = || col("direction").eq(lit("out"));
        let lf = rows.lazy().group_by([col("g")]).agg([
            mobilities_where(out(), "mobilities_out"),
            participants_where(out(), "people_out"),
            participants(),
        ]);
        assert_frame(
            sorted(lf, &["g"]),
            df!(
                "g" => ["a", "b"],
                // a: 1 + 1 + 3; b: no outgoing row (an unknown direction is not outgoing).
                "mobilities_out" => [5i64, 0],
                // a: P1 once + 3 without an id; b: nobody.
                "people_out" => [4i64, 0],
                // a: P1, P2 + 3; b: P3 + 1 (a row without id counts its one participant).
                "participants" => [5i64, 2],
            )
            .unwrap(),
        );
    }

    #[test]
    fn grouping_by_year_gives_the_years_back_as_text() {
        // Two rows of 2023-2024 outgoing (one of 2 people), one incoming, one without a year.
        let rows = df!(
            "academic_year" => [Some("2023-2024"), Some("2023-2024"), Some("2024-2025"), None],
            "direction" => ["out", "out", "in", "out"],
            "participants" => [1i64, 2, 1, 1],
        )
        .unwrap();
        let keys = [col("academic_year"), col("direction")];
        let lf = group_by_year(rows.lazy(), keys, vec![mobilities()]);
        let df = sorted(lf, &["academic_year", "direction"])
            .collect()
            .unwrap();
        // Text, as the tables and the plan's own years have it: a category would not join.
        assert_eq!(
            df.column("academic_year").unwrap().dtype(),
            &DataType::String
        );
        assert_frame(
            df.lazy(),
            df!(
                "academic_year" => [Some("2023-2024"), Some("2024-2025"), None],
                "direction" => ["out", "in", "out"],
                // 1 + 2; 1; 1 (the row without a year is a group of its own).
                "mobilities" => [3i64, 1, 1],
            )
            .unwrap(),
        );
    }

    #[test]
    fn ratios_round_half_away_from_zero_and_are_null_over_zero() {
        let one = || lit(1i64);
        assert_frame(
            df!("x" => [0i64]).unwrap().lazy().select([
                // 1 / 4 = 0.25: 0.3 (half to even would give 0.2).
                ratio(one(), lit(4i64)).alias("quarter"),
                // 1 / 3 × 100 = 33.33...: 33.3; 2 / 3 × 100 = 66.66...: 66.7.
                pct(one(), lit(3i64)).alias("third"),
                pct(lit(2i64), lit(3i64)).alias("two_thirds"),
                // Over 0: no ratio.
                pct(one(), lit(0i64)).alias("over_zero"),
            ]),
            df!(
                "quarter" => [0.3],
                "third" => [33.3],
                "two_thirds" => [66.7],
                "over_zero" => [None::<f64>],
            )
            .unwrap(),
        );
    }

    #[test]
    fn sorted_puts_nulls_last_and_keeps_the_order_of_ties() {
        let lf = df!(
            "key" => [Some("b"), None, Some("a"), Some("a")],
            "row" => [1i64, 2, 3, 4],
        )
        .unwrap()
        .lazy();
        assert_frame(
            sorted(lf, &["key"]),
            df!(
                "key" => [Some("a"), Some("a"), Some("b"), None],
                // The two "a" rows in their input order.
                "row" => [3i64, 4, 1, 2],
            )
            .unwrap(),
        );
    }
}
