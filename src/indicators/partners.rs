//! Partner indicators of the reporting year: `partners_by_agreement`,
//! `partners_per_programme`, `partners_by_country`; and `double_degrees` for every year.
//! A partner institution is its `partner_key` (Erasmus code, else folded name and country).

use super::base::{int, mobilities, participants, pct, sorted, with_continent, Base};
use super::registry::Def;
use super::words::{is, Own};
use crate::schema::vocab::{Agreement, Direction, Participant};
use crate::schema::ColumnKind::{
    AcademicYear, Continent, Count, Country, OwnWords, Percent, Vocabulary,
};
use crate::schema::{ColumnDef, TableKind};
use polars::prelude::*;

/// Partners by agreement type.
pub const PARTNERS_BY_AGREEMENT: Def = Def {
    id: "partners_by_agreement",
    needs: &[TableKind::Partners],
    columns: &[
        ColumnDef::new("academic_year", AcademicYear),
        ColumnDef::new("agreement", Vocabulary),
        ColumnDef::new("partners", Count),
        ColumnDef::new("share_pct", Percent),
    ],
    build: |i| partners_by_agreement(i.base),
};

/// Partners per degree programme.
pub const PARTNERS_PER_PROGRAMME: Def = Def {
    id: "partners_per_programme",
    needs: &[TableKind::Partners],
    columns: &[
        ColumnDef::new("academic_year", AcademicYear),
        ColumnDef::new("programme", OwnWords),
        ColumnDef::new("partners", Count),
        ColumnDef::new("erasmus", Count),
        ColumnDef::new("bilateral", Count),
        ColumnDef::new("double_degree", Count),
    ],
    build: |i| Ok(partners_per_programme(i.base)),
};

/// Partners by country.
pub const PARTNERS_BY_COUNTRY: Def = Def {
    id: "partners_by_country",
    needs: &[TableKind::Partners],
    columns: &[
        ColumnDef::new("academic_year", AcademicYear),
        ColumnDef::new("country", Country),
        ColumnDef::new("continent", Continent),
        ColumnDef::new("partners", Count),
    ],
    build: |i| partners_by_country(i.base),
};

/// Double degrees.
pub const DOUBLE_DEGREES: Def = Def {
    id: "double_degrees",
    needs: &[TableKind::Partners, TableKind::Mobilities],
    columns: &[
        ColumnDef::new("academic_year", AcademicYear),
        ColumnDef::new("direction", Vocabulary),
        ColumnDef::new("double_degree_agreements", Count),
        ColumnDef::new("mobilities", Count),
        ColumnDef::new("students", Count),
    ],
    build: |i| Ok(double_degrees(i.base)),
};

/// Distinct partner institutions among the rows where `cond` holds.
pub fn partners_where(cond: Expr, name: &str) -> Expr {
    int(col("partner_key").filter(cond).n_unique()).alias(name)
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
    let all = total.clone().select([
        Own::All.lit().alias("agreement"),
        col("total").alias("partners"),
    ]);
    let lf = concat([per_type, all], UnionArgs::default())?
        .cross_join(total, None)
        .select([
            lit(base.year.clone()).alias("academic_year"),
            col("agreement"),
            col("partners"),
            pct(col("partners"), col("total")).alias("share_pct"),
            col("agreement").eq(Own::All.lit()).alias("is_all"),
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
                .fill_null(Own::Unspecified.lit())
                .alias("programme"),
        )
        .group_by([col("programme")])
        .agg([
            partners_where(lit(true), "partners"),
            partners_where(is(Agreement::Erasmus), "erasmus"),
            partners_where(is(Agreement::Bilateral), "bilateral"),
            partners_where(is(Agreement::DoubleDegree), "double_degree"),
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
        .filter(is(Agreement::DoubleDegree))
        .group_by([col("academic_year")])
        .agg([int(len()).alias("double_degree_agreements")])
}

/// The indicator: academic_year, direction, double_degree_agreements, mobilities, students
/// (student mobilities towards a double degree, and the distinct students on them).
pub fn double_degrees(base: &Base) -> LazyFrame {
    let directions =
        df!("direction" => [Direction::Incoming.as_str(), Direction::Outgoing.as_str()])
            .expect("literal frame")
            .lazy();
    let is_dd = is(Participant::Student).and(col("double_degree").fill_null(lit(false)));
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
