//! `icm_by_country`: Erasmus+ KA171 (International Credit Mobility) projects per partner
//! country: projects, institutions, planned mobilities and budget from the projects table,
//! and the mobilities realised under them from the mobilities table.

use super::base::{int, mobilities, mobilities_where, sorted, with_continent, Base};
use super::registry::Def;
use super::words::is;
use crate::schema::vocab::{Direction, Funding, Participant};
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
        ColumnDef::persons("realised_outgoing"),
        ColumnDef::persons("realised_incoming"),
        ColumnDef::persons("realised_mobilities"),
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
    // Realised mobilities of a direction no input holds are not available, not 0.
    let holds = |d: Direction| {
        [Participant::Student, Participant::Staff]
            .iter()
            .any(|p| base.coverage.holds((d, *p)))
    };
    let realised = |name: &str, given: bool| match given {
        true => zero(name),
        false => lit(NULL).cast(DataType::Int64).alias(name),
    };
    let (outgoing, incoming) = (holds(Direction::Outgoing), holds(Direction::Incoming));
    let lf = with_continent(joined, "country")?.select([
        col("country"),
        col("continent"),
        zero("projects"),
        zero("partner_institutions"),
        zero("planned_mobilities"),
        realised("realised_outgoing", outgoing),
        realised("realised_incoming", incoming),
        realised("realised_mobilities", outgoing && incoming),
        col("budget_eur").fill_null(lit(0.0)),
    ]);
    Ok(sorted(lf, &["country"]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testing::{assert_frame, base};
    use crate::schema::TableKind;

    #[test]
    fn projects_and_realised_mobilities_per_country() {
        //  R1 UA KPI   50000   10
        //  R1 MA UM5   30000.5  6
        //  R2 UA Lviv  20000    4
        //  R3 GH (no partner, budget or planned mobilities)
        let icm = df!(
            "project_reference" => ["R1", "R1", "R2", "R3"],
            "partner_country" => ["UA", "MA", "UA", "GH"],
            "partner_name" => [Some("KPI"), Some("UM5"), Some("Lviv"), None],
            "budget_eur" => [Some(50000.0), Some(30000.5), Some(20000.0), None],
            "planned_mobilities" => [Some(10i64), Some(6), Some(4), None],
        )
        .unwrap();
        //  out UA KA171, no reference: realised (funding)
        //  in  UA no funding, R1: realised (listed reference)
        //  in  MA bilateral, R2: realised (listed reference)
        //  out UA KA131, no reference: not KA171
        //  out CL KA171, 2 participants: realised, in a country without a project
        //  out UA no funding, R9: not a listed reference
        let mobilities = df!(
            "direction" => ["outgoing", "incoming", "incoming", "outgoing", "outgoing", "outgoing"],
            "funding" => [Some("erasmus_ka171"), None, Some("bilateral"), Some("erasmus_ka131"), Some("erasmus_ka171"), None],
            "project_reference" => [None, Some("R1"), Some("R2"), None, None, Some("R9")],
            "partner_country" => ["UA", "UA", "MA", "UA", "CL", "UA"],
            "participants" => [1i64, 1, 1, 1, 2, 1],
            "participant" => ["student"; 6],
            "academic_year" => ["2024-2025"; 6],
        )
        .unwrap();
        let base = base(
            vec![
                (TableKind::IcmProjects, icm),
                (TableKind::Mobilities, mobilities),
            ],
            "2024-2025",
            &["2024-2025"],
        );
        assert_frame(
            icm_by_country(&base).unwrap(),
            df!(
                "country" => ["CL", "GH", "MA", "UA"],
                "continent" => ["South America", "Africa", "Africa", "Europe"],
                // UA: R1, R2. CL: none, 0.
                "projects" => [0i64, 1, 1, 2],
                // UA: KPI, Lviv. GH: no name given, 0.
                "partner_institutions" => [0i64, 0, 1, 2],
                // UA: 10 + 4. GH: none given, 0.
                "planned_mobilities" => [0i64, 0, 6, 14],
                // CL: one row of 2. UA: the KA171 one.
                "realised_outgoing" => [2i64, 0, 0, 1],
                // MA: R2's. UA: R1's.
                "realised_incoming" => [0i64, 0, 1, 1],
                "realised_mobilities" => [2i64, 0, 1, 2],
                // UA: 50000 + 20000. GH: none given, 0.
                "budget_eur" => [0.0, 0.0, 30000.5, 70000.0],
            )
            .unwrap(),
        );
    }

    /// Issue 12: without an incoming list, the realised incoming mobilities were 0.
    #[test]
    fn realised_mobilities_of_a_direction_no_input_holds_are_not_available() {
        let icm = df!("project_reference" => ["R1"], "partner_country" => ["UA"]).unwrap();
        let mobilities = df!(
            "direction" => ["outgoing"],
            "funding" => ["erasmus_ka171"],
            "partner_country" => ["UA"],
            "participant" => ["student"],
            "academic_year" => ["2024-2025"],
        )
        .unwrap();
        let base = base(
            vec![
                (TableKind::IcmProjects, icm),
                (TableKind::Mobilities, mobilities),
            ],
            "2024-2025",
            &["2024-2025"],
        );
        let df = icm_by_country(&base).unwrap().collect().unwrap();
        let ints = |name: &str| -> Vec<Option<i64>> {
            df.column(name).unwrap().i64().unwrap().iter().collect()
        };
        // One outgoing KA171 mobility; no incoming list, so no incoming figure, nor a total.
        assert_eq!(ints("realised_outgoing"), [Some(1)]);
        assert_eq!(ints("realised_incoming"), [None]);
        assert_eq!(ints("realised_mobilities"), [None]);
    }
}
