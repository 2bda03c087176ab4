//! `icm_by_country`: Erasmus+ KA171 (International Credit Mobility) projects per partner
//! country: projects, institutions, planned mobilities and budget from the projects table,
//! and the mobilities realised under them from the mobilities table.

use super::base::{int, mobilities, mobilities_where, sorted, with_continent, Base};
use super::registry::Def;
use super::words::is;
use crate::schema::vocab::{Direction, Funding};
use crate::schema::ColumnKind::{Continent, Count, Country, Money};
use crate::schema::{ColumnDef, TableKind};
use polars::prelude::*;

/// International Credit Mobility by country.
pub const ICM_BY_COUNTRY: Def = Def {
    id: "icm_by_country",
    needs: &[TableKind::IcmProjects],
    columns: &[
        ColumnDef::new("country", Country),
        ColumnDef::new("continent", Continent),
        ColumnDef::new("projects", Count),
        ColumnDef::new("partner_institutions", Count),
        ColumnDef::new("planned_mobilities", Count),
        ColumnDef::new("realised_outgoing", Count),
        ColumnDef::new("realised_incoming", Count),
        ColumnDef::new("realised_mobilities", Count),
        ColumnDef::new("budget_eur", Money),
    ],
    build: |i| icm_by_country(i.base),
};

/// Mobilities realised under KA171: funded as erasmus_ka171, or whose project_reference is
/// one of the projects table's references.
pub fn realised(base: &Base) -> LazyFrame {
    let references = base
        .icm
        .clone()
        .select([col("project_reference")])
        .unique_stable(None, UniqueKeepStrategy::First)
        .with_column(lit(true).alias("listed"));
    base.mobilities
        .clone()
        .left_join(
            references,
            col("project_reference"),
            col("project_reference"),
        )
        .filter(
            col("listed")
                .fill_null(lit(false))
                .or(is(Funding::ErasmusKa171)),
        )
}

/// The indicator: country, continent, projects, partner_institutions, planned_mobilities,
/// realised_outgoing, realised_incoming, realised_mobilities, budget_eur.
pub fn icm_by_country(base: &Base) -> PolarsResult<LazyFrame> {
    let projects = base
        .icm
        .clone()
        .group_by([col("partner_country").alias("country")])
        .agg([
            int(col("project_reference").drop_nulls().n_unique()).alias("projects"),
            int(col("partner_name").drop_nulls().n_unique()).alias("partner_institutions"),
            int(col("planned_mobilities").sum()).alias("planned_mobilities"),
            col("budget_eur").sum().alias("budget_eur"),
        ]);
    let done = realised(base)
        .group_by([col("partner_country").alias("country")])
        .agg([
            mobilities_where(is(Direction::Outgoing), "realised_outgoing"),
            mobilities_where(is(Direction::Incoming), "realised_incoming"),
            mobilities().alias("realised_mobilities"),
        ]);
    let joined = projects.join(
        done,
        [col("country")],
        [col("country")],
        JoinArgs::new(JoinType::Full).with_coalesce(JoinCoalesce::CoalesceColumns),
    );
    let zero = |name: &str| col(name).fill_null(lit(0i64));
    let lf = with_continent(joined, "country")?.select([
        col("country"),
        col("continent"),
        zero("projects"),
        zero("partner_institutions"),
        zero("planned_mobilities"),
        zero("realised_outgoing"),
        zero("realised_incoming"),
        zero("realised_mobilities"),
        col("budget_eur").fill_null(lit(0.0)),
    ]);
    Ok(sorted(lf, &["country"]))
}
