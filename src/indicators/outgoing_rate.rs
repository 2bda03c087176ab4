//! `outgoing_rate`: the share of graduates who went abroad long enough, per graduation year
//! and home programme, with an "all" row per year.

use super::base::{int, pct, sorted, Base};
use super::registry::Def;
use super::words::{is, is_any, Own};
use crate::schema::vocab::{Activity, Direction, Participant};
use crate::schema::ColumnKind::{AcademicYear, Count, OwnWords, Percent};
use crate::schema::{ColumnDef, TableKind};
use polars::prelude::*;

/// The outgoing rate of graduates.
pub const OUTGOING_RATE: Def = Def {
    id: "outgoing_rate",
    needs: &[TableKind::Students, TableKind::Mobilities],
    columns: &[
        ColumnDef::new("graduation_year", AcademicYear),
        ColumnDef::new("home_programme", OwnWords),
        ColumnDef::new("graduates", Count),
        ColumnDef::new("mobile_graduates", Count),
        ColumnDef::new("rate_pct", Percent),
    ],
    build: |i| outgoing_rate(i.base),
};

/// Outgoing student mobilities of activity study or traineeship, or towards a double degree:
/// the ones that count towards the outgoing rate.
pub fn qualifying() -> Expr {
    is(Direction::Outgoing).and(is(Participant::Student)).and(
        is_any(&[Activity::Study, Activity::Traineeship])
            .or(col("double_degree").fill_null(lit(false))),
    )
}

/// Person ids whose qualifying periods add up to at least the minimum (column `mobile`).
fn mobile_people(base: &Base) -> LazyFrame {
    base.mobilities
        .clone()
        .filter(qualifying().and(col("person_id").is_not_null()))
        .group_by([col("person_id")])
        .agg([col("duration_days").sum().alias("days")])
        .filter(col("days").gt_eq(lit(base.min_outgoing_days)))
        .select([col("person_id"), lit(true).alias("mobile")])
}

/// One row per graduate (person and graduation year), with the programme of their latest
/// enrolment and whether they were mobile.
fn graduates(base: &Base) -> LazyFrame {
    base.students
        .clone()
        .filter(
            col("graduation_year")
                .is_not_null()
                .and(col("person_id").is_not_null()),
        )
        .group_by_stable([col("person_id"), col("graduation_year")])
        .agg([col("home_programme")
            .sort_by(
                [col("enrolled_year")],
                SortMultipleOptions::default().with_nulls_last(false),
            )
            .drop_nulls()
            .last()
            .fill_null(Own::Unspecified.lit())])
        .left_join(mobile_people(base), col("person_id"), col("person_id"))
}

fn rate(lf: LazyFrame) -> LazyFrame {
    lf.with_column(pct(col("mobile_graduates"), col("graduates")).alias("rate_pct"))
}

/// The indicator: graduation_year, home_programme, graduates, mobile_graduates, rate_pct.
pub fn outgoing_rate(base: &Base) -> PolarsResult<LazyFrame> {
    let counts = [
        int(len()).alias("graduates"),
        int(col("mobile")
            .fill_null(lit(false))
            .cast(DataType::Int64)
            .sum())
        .alias("mobile_graduates"),
    ];
    let per_programme = graduates(base)
        .group_by([col("graduation_year"), col("home_programme")])
        .agg(counts.clone());
    let all = graduates(base)
        .group_by([col("graduation_year")])
        .agg(counts)
        .select([
            col("graduation_year"),
            Own::All.lit().alias("home_programme"),
            col("graduates"),
            col("mobile_graduates"),
        ]);
    let both = concat([per_programme, all], UnionArgs::default())?
        .with_column(col("home_programme").eq(Own::All.lit()).alias("is_all"));
    Ok(rate(
        sorted(both, &["graduation_year", "is_all", "home_programme"]).drop(cols(["is_all"])),
    ))
}
