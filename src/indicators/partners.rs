//! Partner indicators of the reporting year: `partners_by_agreement`,
//! `partners_per_programme`, `partners_by_country`; and `double_degrees` for every year.
//! A partner institution is its `partner_key` (Erasmus code, else folded name and country).

use super::base::{int, mobilities, participants, pct, sorted, with_continent, Base};
use polars::prelude::*;

/// The label of the row that counts every partner once.
pub const ALL: &str = "all";

/// The label of partner rows that name no degree programme.
pub const UNSPECIFIED: &str = "unspecified";

/// Distinct partner institutions among the rows where `cond` holds.
pub fn partners_where(cond: Expr, name: &str) -> Expr {
    int(col("partner_key").filter(cond).n_unique()).alias(name)
}

fn agreement(kind: &str) -> Expr {
    col("agreement").eq(lit(kind))
}

/// The indicator: academic_year, agreement, partners, share_pct (of all active partners); the
/// "all" row counts a partner under several agreement types once.
pub fn partners_by_agreement(base: &Base) -> PolarsResult<LazyFrame> {
    let active = base.active_partners();
    let total = active.clone().select([partners_where(lit(true), "total")]);
    let per_type = active
        .clone()
        .group_by([col("agreement")])
        .agg([partners_where(lit(true), "partners")]);
    let all = total
        .clone()
        .select([lit(ALL).alias("agreement"), col("total").alias("partners")]);
    let lf = concat([per_type, all], UnionArgs::default())?
        .cross_join(total, None)
        .select([
            lit(base.year.clone()).alias("academic_year"),
            col("agreement"),
            col("partners"),
            pct(col("partners"), col("total")).alias("share_pct"),
            col("agreement").eq(lit(ALL)).alias("is_all"),
        ]);
    Ok(sorted(lf, &["is_all", "agreement"]).drop(cols(["is_all"])))
}

/// The indicator: academic_year, programme, partners, erasmus, bilateral, double_degree
/// (distinct active partners open to the programme, and of those, by agreement type).
pub fn partners_per_programme(base: &Base) -> LazyFrame {
    let lf = base
        .active_partners()
        .explode(
            cols(["programmes"]),
            ExplodeOptions {
                empty_as_null: true,
                keep_nulls: true,
            },
        )
        .with_column(
            col("programmes")
                .fill_null(lit(UNSPECIFIED))
                .alias("programme"),
        )
        .group_by([col("programme")])
        .agg([
            partners_where(lit(true), "partners"),
            partners_where(agreement("erasmus"), "erasmus"),
            partners_where(agreement("bilateral"), "bilateral"),
            partners_where(agreement("double_degree"), "double_degree"),
        ])
        .select([lit(base.year.clone()).alias("academic_year"), col("*")]);
    sorted(lf, &["programme"])
}

/// The indicator: academic_year, country, continent, partners (distinct active partners).
pub fn partners_by_country(base: &Base) -> PolarsResult<LazyFrame> {
    let lf = base
        .active_partners()
        .with_column(col("partner_country").alias("country"))
        .group_by([col("country")])
        .agg([partners_where(lit(true), "partners")]);
    let lf = with_continent(lf, "country")?.select([
        lit(base.year.clone()).alias("academic_year"),
        col("country"),
        col("continent"),
        col("partners"),
    ]);
    Ok(sorted(lf, &["country"]))
}

/// Active double-degree agreements (partner rows of type double degree) per year.
pub fn double_degree_agreements_by_year(base: &Base) -> LazyFrame {
    base.active_partners_by_year()
        .filter(agreement("double_degree"))
        .group_by([col("academic_year")])
        .agg([int(len()).alias("double_degree_agreements")])
}

/// The indicator: academic_year, direction, double_degree_agreements, mobilities, students
/// (student mobilities towards a double degree, and the distinct students on them).
pub fn double_degrees(base: &Base) -> LazyFrame {
    let directions = df!("direction" => ["incoming", "outgoing"])
        .expect("literal frame")
        .lazy();
    let is_dd = col("participant")
        .eq(lit("student"))
        .and(col("double_degree").fill_null(lit(false)));
    let students = base
        .mobilities
        .clone()
        .filter(is_dd)
        .group_by([col("academic_year"), col("direction")])
        .agg([mobilities(), participants().alias("students")]);
    let lf = base
        .years
        .clone()
        .cross_join(directions, None)
        .left_join(
            double_degree_agreements_by_year(base),
            col("academic_year"),
            col("academic_year"),
        )
        .join(
            students,
            [col("academic_year"), col("direction")],
            [col("academic_year"), col("direction")],
            JoinArgs::new(JoinType::Left),
        )
        .with_columns([
            col("double_degree_agreements").fill_null(lit(0i64)),
            col("mobilities").fill_null(lit(0i64)),
            col("students").fill_null(lit(0i64)),
        ]);
    sorted(lf, &["academic_year", "direction"])
}
