//! What every indicator starts from: the canonical tables as lazy frames (empty, with their
//! columns, when a table had no input), the reporting year, the years trends cover, and the
//! measures indicators share (weighted mobilities, distinct participants, days, percentages).

use crate::normalise::country::continents;
use crate::schema::columns::ColumnBuilder;
use crate::schema::rows::table_columns;
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
    /// Tables that had at least one input file.
    pub present: BTreeSet<TableKind>,
    /// The reporting year, "2024-2025".
    pub year: String,
    /// One column `academic_year`: every year the trends cover, sorted.
    pub years: LazyFrame,
    /// Minimum days of qualifying outgoing mobility for a graduate to count as mobile.
    pub min_outgoing_days: i64,
    /// The institution's country (ISO alpha-2): other nationalities are international.
    pub home_country: String,
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
        let years = DataFrame::new(
            years.len(),
            vec![Column::new("academic_year".into(), years.to_vec())],
        )?;
        Ok(Base {
            mobilities: lazy(TableKind::Mobilities)?,
            partners: lazy(TableKind::Partners)?,
            icm: lazy(TableKind::IcmProjects)?,
            students: lazy(TableKind::Students)?,
            present: tables.frames.keys().copied().collect(),
            year,
            years: years.lazy(),
            min_outgoing_days,
            home_country: home_country.to_string(),
        })
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
            Column::new(country_column.into(), codes),
            Column::new("continent".into(), names),
        ],
    )?
    .lazy())
}

/// Adds the `continent` of the column `country` (null for "other" and unknown codes).
pub fn with_continent(lf: LazyFrame, country: &str) -> PolarsResult<LazyFrame> {
    Ok(lf.left_join(continent_frame(country)?, col(country), col(country)))
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

/// `mean_days` from `total_days` and `mobilities`, one decimal.
pub fn mean_days() -> Expr {
    ratio(col("total_days"), col("mobilities")).alias("mean_days")
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
