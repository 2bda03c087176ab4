//! `cotutelles`: doctoral cotutelle agreements in force and cotutelle doctoral candidates, per
//! academic year and partner country.

use super::base::{int, participants_where, sorted, Base};
use super::registry::Def;
use super::words::is;
use crate::schema::vocab::{Agreement, Direction};
use crate::schema::ColumnKind::{AcademicYear, Count, Country};
use crate::schema::{ColumnDef, TableKind};
use polars::prelude::*;

/// Cotutelles.
pub const COTUTELLES: Def = Def {
    id: "cotutelles",
    needs: &[TableKind::Partners, TableKind::Mobilities],
    columns: &[
        ColumnDef::new("academic_year", AcademicYear),
        ColumnDef::new("country", Country),
        ColumnDef::new("agreements", Count),
        ColumnDef::persons("outgoing_candidates"),
        ColumnDef::persons("incoming_candidates"),
    ],
    build: |i| Ok(cotutelles(i.base)),
};

/// The indicator: academic_year, country, agreements (agreement rows of type cotutelle in
/// force that year with a partner of the country), outgoing_candidates and
/// incoming_candidates (distinct people on a mobility flagged cotutelle that year, to or
/// from the country). One row per year and country with either.
pub fn cotutelles(base: &Base) -> LazyFrame {
    let agreements = base
        .active_partners_by_year()
        .filter(is(Agreement::Cotutelle))
        .group_by([
            col("academic_year"),
            col("partner_country").alias("country"),
        ])
        .agg([int(len()).alias("agreements")]);
    let candidates = base
        .mobilities
        .clone()
        .filter(col("cotutelle").fill_null(lit(false)))
        .group_by([
            col("academic_year"),
            col("partner_country").alias("country"),
        ])
        .agg([
            participants_where(is(Direction::Outgoing), "outgoing_candidates"),
            participants_where(is(Direction::Incoming), "incoming_candidates"),
        ]);
    let keys = [col("academic_year"), col("country")];
    let lf = agreements
        .join(
            candidates,
            keys.clone(),
            keys,
            JoinArgs::new(JoinType::Full).with_coalesce(JoinCoalesce::CoalesceColumns),
        )
        .select([
            col("academic_year"),
            col("country"),
            col("agreements").fill_null(lit(0i64)),
            col("outgoing_candidates").fill_null(lit(0i64)),
            col("incoming_candidates").fill_null(lit(0i64)),
        ]);
    sorted(lf, &["academic_year", "country"])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testing::{assert_frame, partners_and_mobilities_base};

    /// Agreements: K1 cotutelle IT from 2024-2025; K2 cotutelle CA, open; K3 erasmus IT (not
    /// a cotutelle); K4 cotutelle IT expired in 2023-2024.
    /// Mobilities: D1 out cotutelle IT 2024-2025 twice (one person); D2 in cotutelle CA
    /// 2023-2024; D3 out IT 2024-2025 not cotutelle.
    #[test]
    fn agreements_and_candidates_per_year_and_country() {
        let partners = df!(
            "partner_key" => ["K1", "K2", "K3", "K4"],
            "partner_country" => ["IT", "CA", "IT", "IT"],
            "agreement" => ["cotutelle", "cotutelle", "erasmus", "cotutelle"],
            "valid_from" => [Some("2024-2025"), None, None, None],
            "valid_to" => [None, None, None, Some("2023-2024")],
        )
        .unwrap();
        let mobilities = df!(
            "person_id" => ["D1", "D1", "D2", "D3"],
            "partner_country" => ["IT", "IT", "CA", "IT"],
            "academic_year" => ["2024-2025", "2024-2025", "2023-2024", "2024-2025"],
            "direction" => ["outgoing", "outgoing", "incoming", "outgoing"],
            "cotutelle" => [true, true, true, false],
        )
        .unwrap();
        let b = partners_and_mobilities_base(partners, mobilities);
        assert_frame(
            cotutelles(&b),
            df!(
                "academic_year" => ["2023-2024", "2023-2024", "2024-2025", "2024-2025"],
                "country" => ["CA", "IT", "CA", "IT"],
                // 2023-2024: K2 (CA), K4 (IT, its last year); 2024-2025: K2, K1.
                "agreements" => [1i64, 1, 1, 1],
                // D1 once in 2024-2025 to IT.
                "outgoing_candidates" => [0i64, 0, 0, 1],
                // D2 from CA in 2023-2024.
                "incoming_candidates" => [1i64, 0, 0, 0],
            )
            .unwrap(),
        );
    }
}
