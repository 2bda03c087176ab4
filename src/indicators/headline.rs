//! `key_figures` (the headline figures, one row per academic year) and `targets` (the
//! config's targets against the reporting year's key figures).

use super::base::{int, mobilities_where, participants_where, pct, sorted, Base};
use super::flows::{is_staff, is_teaching};
use super::partners::{double_degree_agreements_by_year, partners_where};
use crate::schema::TableKind;
use polars::prelude::*;
use std::collections::BTreeMap;

/// The key figures' columns after `academic_year`: the names targets may use.
pub const KEY_FIGURES: [&str; 13] = [
    "outgoing_rate_pct",
    "partners",
    "erasmus_partner_share_pct",
    "double_degree_agreements",
    "students_in",
    "students_out",
    "international_traineeships",
    "international_students",
    "international_students_share_pct",
    "nationalities",
    "visiting_professors",
    "staff_abroad",
    "icm_countries",
];

fn student(direction: &str) -> Expr {
    col("participant")
        .eq(lit("student"))
        .and(col("direction").eq(lit(direction)))
}

/// Mobility figures per year.
fn mobility_figures(base: &Base) -> LazyFrame {
    base.mobilities
        .clone()
        .group_by([col("academic_year")])
        .agg([
            participants_where(student("incoming"), "students_in"),
            participants_where(student("outgoing"), "students_out"),
            mobilities_where(
                student("outgoing").and(col("activity").eq(lit("traineeship"))),
                "international_traineeships",
            ),
            participants_where(
                is_staff()
                    .and(col("direction").eq(lit("incoming")))
                    .and(is_teaching()),
                "visiting_professors",
            ),
            participants_where(
                is_staff().and(col("direction").eq(lit("outgoing"))),
                "staff_abroad",
            ),
        ])
}

/// Partner figures per year (active partners in each year).
fn partner_figures(base: &Base) -> LazyFrame {
    base.active_partners_by_year()
        .group_by([col("academic_year")])
        .agg([
            partners_where(lit(true), "partners"),
            partners_where(col("agreement").eq(lit("erasmus")), "erasmus_partners"),
        ])
        .with_column(
            pct(col("erasmus_partners"), col("partners")).alias("erasmus_partner_share_pct"),
        )
        .left_join(
            double_degree_agreements_by_year(base),
            col("academic_year"),
            col("academic_year"),
        )
}

/// Partner countries of the KA171 projects running in each year. A KA171 project lasts 24 or
/// 36 months from 1 August of its call year (Erasmus+ Programme Guide 2024, part B, "Mobility
/// projects for higher education students and staff supported by external policy funds"), so
/// it runs in the academic years starting in its call year and the two after it.
fn icm_figures(base: &Base) -> LazyFrame {
    let start = col("academic_year")
        .str()
        .slice(lit(0), lit(4))
        .cast(DataType::Int64);
    base.icm
        .clone()
        .cross_join(base.years.clone(), None)
        .filter(
            col("call_year").is_null().or(start
                .clone()
                .gt_eq(col("call_year"))
                .and(start.lt_eq(col("call_year") + lit(2i64)))),
        )
        .group_by([col("academic_year")])
        .agg([int(col("partner_country").drop_nulls().n_unique()).alias("icm_countries")])
}

/// The indicator: academic_year and the [`KEY_FIGURES`] columns, for every year trends cover.
/// `outgoing_rate` and `international_students` are the plan's frames of those indicators.
pub fn key_figures(
    base: &Base,
    outgoing_rate: LazyFrame,
    international_students: LazyFrame,
) -> LazyFrame {
    let rate = outgoing_rate
        .filter(col("home_programme").eq(lit(super::outgoing_rate::ALL)))
        .select([
            col("graduation_year").alias("academic_year"),
            col("rate_pct").alias("outgoing_rate_pct"),
        ]);
    let students = international_students.select([
        col("enrolled_year").alias("academic_year"),
        col("international").alias("international_students"),
        col("share_pct").alias("international_students_share_pct"),
        col("nationalities"),
    ]);
    let year = || col("academic_year");
    let lf = base
        .years
        .clone()
        .left_join(rate, year(), year())
        .left_join(partner_figures(base), year(), year())
        .left_join(mobility_figures(base), year(), year())
        .left_join(students, year(), year())
        .left_join(icm_figures(base), year(), year());
    // Zero where the table was given but nothing happened that year; null where the table
    // was not given at all (the figure is unknown, not zero).
    let zero_if = |table: TableKind, name: &str| {
        if base.has(table) {
            col(name).fill_null(lit(0i64))
        } else {
            col(name)
        }
    };
    let lf = lf.select([
        year(),
        col("outgoing_rate_pct"),
        zero_if(TableKind::Partners, "partners"),
        col("erasmus_partner_share_pct"),
        zero_if(TableKind::Partners, "double_degree_agreements"),
        zero_if(TableKind::Mobilities, "students_in"),
        zero_if(TableKind::Mobilities, "students_out"),
        zero_if(TableKind::Mobilities, "international_traineeships"),
        col("international_students"),
        col("international_students_share_pct"),
        col("nationalities"),
        zero_if(TableKind::Mobilities, "visiting_professors"),
        zero_if(TableKind::Mobilities, "staff_abroad"),
        zero_if(TableKind::IcmProjects, "icm_countries"),
    ]);
    sorted(lf, &["academic_year"])
}

/// The indicator: academic_year, target (a key figure), target_value, actual, gap
/// (actual minus target), status ("met", "not met", or "no data"). Every target is a floor:
/// it is met when the actual value reaches it.
pub fn targets(
    base: &Base,
    key_figures: LazyFrame,
    targets: &BTreeMap<String, f64>,
) -> PolarsResult<LazyFrame> {
    let this_year = key_figures.filter(col("academic_year").eq(lit(base.year.clone())));
    let rows: Vec<LazyFrame> = targets
        .iter()
        .map(|(name, value)| {
            // An aggregation gives one row even when the year has no key figures.
            this_year.clone().select([
                lit(name.clone()).alias("target"),
                lit(*value).alias("target_value"),
                col(name.as_str())
                    .cast(DataType::Float64)
                    .max()
                    .alias("actual"),
            ])
        })
        .collect();
    if rows.is_empty() {
        let empty = df!(
            "target" => Vec::<String>::new(),
            "target_value" => Vec::<f64>::new(),
            "actual" => Vec::<f64>::new(),
        )?;
        return Ok(with_status(base, empty.lazy()));
    }
    Ok(with_status(base, concat(rows, UnionArgs::default())?))
}

fn with_status(base: &Base, lf: LazyFrame) -> LazyFrame {
    lf.select([
        lit(base.year.clone()).alias("academic_year"),
        col("target"),
        col("target_value"),
        col("actual"),
        // Three decimals: 26.7 - 25 is 1.7, not 1.6999999999999993.
        (col("actual") - col("target_value"))
            .round(3, RoundMode::HalfAwayFromZero)
            .alias("gap"),
        when(col("actual").is_null())
            .then(lit("no data"))
            .when(col("actual").gt_eq(col("target_value")))
            .then(lit("met"))
            .otherwise(lit("not met"))
            .alias("status"),
    ])
}
