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

/// Partners by network.
pub const PARTNERS_BY_NETWORK: Def = Def {
    id: "partners_by_network",
    needs: &[TableKind::Partners],
    columns: &[
        ColumnDef::new("academic_year", AcademicYear),
        ColumnDef::new("network", OwnWords),
        ColumnDef::new("partners", Count),
    ],
    build: |i| Ok(partners_by_network(i.base)),
};

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
        ColumnDef::persons("mobilities"),
        ColumnDef::persons("students"),
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

/// The indicator: academic_year, network, partners (distinct partners active that year and
/// listed in the network), for every year the trends cover.
pub fn partners_by_network(base: &Base) -> LazyFrame {
    let lf = base
        .active_partners_by_year()
        .explode(
            cols(["networks"]),
            ExplodeOptions {
                empty_as_null: true,
                keep_nulls: false,
            },
        )
        .filter(col("networks").is_not_null())
        .group_by([col("academic_year"), col("networks").alias("network")])
        .agg([partners_where(lit(true), "partners")]);
    sorted(lf, &["academic_year", "network"])
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

/// `name` with 0 for no rows on the rows whose direction's student list covers their year,
/// null elsewhere.
fn zero_if_covered(base: &Base, name: &str) -> Expr {
    let covered = Direction::ALL
        .iter()
        .map(|d| is(*d).and(base.coverage.covered((*d, Participant::Student))))
        .reduce(|a, b| a.or(b))
        .expect("two directions");
    when(covered)
        .then(col(name).fill_null(lit(0i64)))
        .otherwise(lit(NULL).cast(DataType::Int64))
        .alias(name)
}

/// The indicator: academic_year, direction, double_degree_agreements, mobilities, students
/// (student mobilities towards a double degree, and the distinct students on them).
pub fn double_degrees(base: &Base) -> LazyFrame {
    let directions =
        df!("direction" => [Direction::Incoming.as_str(), Direction::Outgoing.as_str()])
            .expect("literal frame")
            .lazy()
            // Coded as the mobilities' directions are, so the join compares ids.
            .with_column(col("direction").cast(crate::schema::text_column::coded_dtype()));
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
            // Zero only where a student list of that direction reaches the year: without an
            // incoming list, incoming double-degree students are not available, not 0.
            zero_if_covered(base, "mobilities"),
            zero_if_covered(base, "students"),
        ]);
    sorted(lf, &["academic_year", "direction"])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testing::{assert_frame, base, partners_and_mobilities_base};
    use crate::schema::TableKind;

    fn programmes(list: &[&str]) -> Option<Series> {
        Some(Series::new("".into(), list))
    }

    /// Partner rows, reporting year 2024-2025:
    ///  K1 AT erasmus   Informatique; Mécanique  2021-2022..2027-2028 active
    ///  K1 AT dd        Mécanique                2022-2023..(open)    status unknown: counts
    ///  K2 IT erasmus   Informatique             2024-2025..2028-2029 active
    ///  K3 CL bilateral (no programme)           2020-2021..2025-2026 active
    ///  K8 IT bilateral Informatique             2024-2025..2024-2025 active (ends this year)
    ///  K4 BR bilateral Mécanique                2019-2020..2023-2024 ended
    ///  K5 JP bilateral Informatique             2022-2023..2026-2027 inactive
    ///  -- SE erasmus   Mécanique                (open)               no partner key
    ///  K6 SE erasmus   Mécanique                2025-2026..2030-2031 not yet
    /// Active: K1 (twice), K2, K3, K8: 4 partners.
    fn partners() -> Base {
        let frame = df!(
            "partner_key" => [Some("K1"), Some("K1"), Some("K2"), Some("K3"), Some("K8"), Some("K4"), Some("K5"), None, Some("K6")],
            "partner_country" => ["AT", "AT", "IT", "CL", "IT", "BR", "JP", "SE", "SE"],
            "agreement" => ["erasmus", "double_degree", "erasmus", "bilateral", "bilateral", "bilateral", "bilateral", "erasmus", "erasmus"],
            "programmes" => [
                programmes(&["Informatique", "Mécanique"]),
                programmes(&["Mécanique"]),
                programmes(&["Informatique"]),
                None,
                programmes(&["Informatique"]),
                programmes(&["Mécanique"]),
                programmes(&["Informatique"]),
                programmes(&["Mécanique"]),
                programmes(&["Mécanique"]),
            ],
            "valid_from" => [Some("2021-2022"), Some("2022-2023"), Some("2024-2025"), Some("2020-2021"), Some("2024-2025"), Some("2019-2020"), Some("2022-2023"), None, Some("2025-2026")],
            "valid_to" => [Some("2027-2028"), None, Some("2028-2029"), Some("2025-2026"), Some("2024-2025"), Some("2023-2024"), Some("2026-2027"), None, Some("2030-2031")],
            "status_active" => [Some(true), None, Some(true), Some(true), Some(true), Some(true), Some(false), Some(true), Some(true)],
        )
        .unwrap();
        base(
            vec![(TableKind::Partners, frame)],
            "2024-2025",
            &["2024-2025"],
        )
    }

    #[test]
    fn by_agreement_counts_a_partner_once_in_all() {
        assert_frame(
            partners_by_agreement(&partners()).unwrap(),
            df!(
                "academic_year" => ["2024-2025"; 4],
                // The types in order, then "all".
                "agreement" => ["bilateral", "double_degree", "erasmus", "all"],
                // bilateral K3, K8; double degree K1; erasmus K1, K2; all K1, K2, K3, K8 (K1
                // under two types counts once).
                "partners" => [2i64, 1, 2, 4],
                // Of 4: 2 → 50.0, 1 → 25.0.
                "share_pct" => [50.0, 25.0, 50.0, 100.0],
            )
            .unwrap(),
        );
    }

    #[test]
    fn per_programme_spreads_partners_over_their_programmes() {
        assert_frame(
            partners_per_programme(&partners()),
            df!(
                "academic_year" => ["2024-2025"; 3],
                // K3 names no programme: "unspecified".
                "programme" => ["Informatique", "Mécanique", "unspecified"],
                // Informatique: K1, K2, K8. Mécanique: K1 (erasmus and dd rows). unspecified: K3.
                "partners" => [3i64, 1, 1],
                // Informatique: K1, K2. Mécanique: K1.
                "erasmus" => [2i64, 1, 0],
                // Informatique: K8. unspecified: K3.
                "bilateral" => [1i64, 0, 1],
                // Mécanique: K1.
                "double_degree" => [0i64, 1, 0],
            )
            .unwrap(),
        );
    }

    #[test]
    fn by_network_counts_active_partners_per_year() {
        //  K1 ECIU+SGroup 2021-2022..2027-2028 (its two agreement rows: counted once);
        //  K2 SGroup 2024-2025..; K3 ECIU 2020-2021..2023-2024 (ended); K4 no network;
        //  K5 SGroup, inactive.
        let frame = df!(
            "partner_key" => ["K1", "K1", "K2", "K3", "K4", "K5"],
            "networks" => [
                programmes(&["ECIU", "SGroup"]),
                programmes(&["ECIU"]),
                programmes(&["SGroup"]),
                programmes(&["ECIU"]),
                None,
                programmes(&["SGroup"]),
            ],
            "valid_from" => ["2021-2022", "2021-2022", "2024-2025", "2020-2021", "2020-2021", "2020-2021"],
            "valid_to" => [Some("2027-2028"), Some("2027-2028"), None, Some("2023-2024"), None, None],
            "status_active" => [true, true, true, true, true, false],
        )
        .unwrap();
        let b = base(
            vec![(TableKind::Partners, frame)],
            "2024-2025",
            &["2023-2024", "2024-2025"],
        );
        assert_frame(
            partners_by_network(&b),
            df!(
                "academic_year" => ["2023-2024", "2023-2024", "2024-2025", "2024-2025"],
                "network" => ["ECIU", "SGroup", "ECIU", "SGroup"],
                // 2023-2024: ECIU K1, K3; SGroup K1. 2024-2025: ECIU K1; SGroup K1, K2.
                "partners" => [2i64, 1, 1, 2],
            )
            .unwrap(),
        );
    }

    #[test]
    fn by_country_counts_distinct_active_partners() {
        assert_frame(
            partners_by_country(&partners()).unwrap(),
            df!(
                "academic_year" => ["2024-2025"; 3],
                "country" => ["AT", "CL", "IT"],
                "continent" => ["Europe", "South America", "Europe"],
                // AT: K1 (two rows). CL: K3. IT: K2, K8. BR, JP and SE have no active one.
                "partners" => [1i64, 1, 2],
            )
            .unwrap(),
        );
    }

    #[test]
    fn double_degrees_every_year_and_direction() {
        //  Partners: K1 dd 2022-2023..(open), K2 dd twice (two agreements) 2024-2025..(open),
        //  K3 erasmus (not a double degree).
        let partners = df!(
            "partner_key" => ["K1", "K2", "K2", "K3"],
            "agreement" => ["double_degree", "double_degree", "double_degree", "erasmus"],
            "valid_from" => ["2022-2023", "2024-2025", "2024-2025", "2020-2021"],
        )
        .unwrap();
        //  P1 24-25 out student dd, twice;  P2 24-25 out student not dd;
        //  P3 24-25 out student dd unknown (not dd);  S1 24-25 out staff dd (not a student);
        //  P4 23-24 in student dd
        let mobilities = df!(
            "person_id" => ["P1", "P1", "P2", "P3", "S1", "P4"],
            "academic_year" => ["2024-2025", "2024-2025", "2024-2025", "2024-2025", "2024-2025", "2023-2024"],
            "direction" => ["outgoing", "outgoing", "outgoing", "outgoing", "outgoing", "incoming"],
            "participant" => ["student", "student", "student", "student", "staff", "student"],
            "double_degree" => [Some(true), Some(true), Some(false), None, Some(true), Some(true)],
        )
        .unwrap();
        let base = partners_and_mobilities_base(partners, mobilities);
        assert_frame(
            double_degrees(&base),
            df!(
                // Every year and direction, even without mobilities.
                "academic_year" => ["2023-2024", "2023-2024", "2024-2025", "2024-2025"],
                "direction" => ["incoming", "outgoing", "incoming", "outgoing"],
                // Agreement rows: 2023-2024 K1; 2024-2025 K1 + K2 twice = 3.
                "double_degree_agreements" => [1i64, 1, 3, 3],
                // 2023-2024 in: P4. 2024-2025 out: P1 twice.
                "mobilities" => [1i64, 0, 0, 2],
                // 2024-2025 out: P1 once.
                "students" => [1i64, 0, 0, 1],
            )
            .unwrap(),
        );
    }
}
