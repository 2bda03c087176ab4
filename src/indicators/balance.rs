//! Whether the agreements live: `partner_balance` (students sent and received per partner and
//! year, in mobilities and mobility-months, their balance and ratio) and `dormant_agreements`
//! (agreements in force with no mobility either way in the last `rules.dormant_years` years).

use super::base::{group_by_year, int, ratio, sorted, weight, Base};
use super::registry::Def;
use super::words::is;
use crate::schema::vocab::{Direction, Participant};
use crate::schema::ColumnKind::{AcademicYear, Country, Decimal, Number, OwnWords, Vocabulary};
use crate::schema::{ColumnDef, TableKind};
use polars::prelude::*;

/// Partner balance.
pub const PARTNER_BALANCE: Def = Def {
    id: "partner_balance",
    needs: &[TableKind::Mobilities],
    columns: &[
        ColumnDef::new("academic_year", AcademicYear),
        ColumnDef::new("partner", OwnWords),
        ColumnDef::new("country", Country),
        ColumnDef::persons("outgoing"),
        ColumnDef::persons("incoming"),
        ColumnDef::of_persons("outgoing_months", Decimal, &["outgoing"]),
        ColumnDef::of_persons("incoming_months", Decimal, &["incoming"]),
        ColumnDef::of_persons("balance", Number, &["outgoing", "incoming"]),
        ColumnDef::of_persons("ratio", Decimal, &["outgoing", "incoming"]),
    ],
    build: |i| Ok(partner_balance(i.base)),
};

/// Dormant agreements.
pub const DORMANT_AGREEMENTS: Def = Def {
    id: "dormant_agreements",
    needs: &[TableKind::Partners, TableKind::Mobilities],
    columns: &[
        ColumnDef::new("academic_year", AcademicYear),
        ColumnDef::new("partner", OwnWords),
        ColumnDef::new("country", Country),
        ColumnDef::new("agreement", Vocabulary),
        ColumnDef::new("valid_to", AcademicYear),
        ColumnDef::new("since", AcademicYear),
        ColumnDef::new("last_mobility", AcademicYear),
    ],
    build: |i| Ok(dormant_agreements(i.base)),
};

/// Days per mobility-month: the Erasmus+ Programme Guide counts months of 30 days.
const DAYS_PER_MONTH: f64 = 30.0;

/// Each partner's name as the partner list gives it (its first row), by `partner_key`.
fn listed_names(base: &Base) -> LazyFrame {
    base.partners
        .clone()
        .filter(col("partner_key").is_not_null())
        .unique_stable(Some(cols(["partner_key"])), UniqueKeepStrategy::First)
        .select([col("partner_key"), col("partner_name").alias("listed_name")])
}

/// The indicator: academic_year, partner, country, outgoing, incoming (student mobilities,
/// weighted), outgoing_months, incoming_months (days × participants / 30, one decimal; a
/// mobility still under way has no days yet), balance (outgoing − incoming) and ratio
/// (outgoing / incoming, one decimal; empty with no incoming student). One row per partner
/// and year with a student mobility, named as the partner list names it; with a partner list,
/// only the partners on it (a traineeship's host company is no partner), else every host.
pub fn partner_balance(base: &Base) -> LazyFrame {
    let months = |d: Direction, name: &str| {
        ((col("duration_days") * weight())
            .filter(is(d))
            .sum()
            .cast(DataType::Float64)
            / lit(DAYS_PER_MONTH))
        .round(1, RoundMode::HalfAwayFromZero)
        .alias(name)
    };
    let count = |d: Direction, name: &str| int(weight().filter(is(d)).sum()).alias(name);
    let students = base.mobilities.clone().filter(
        is(Participant::Student)
            .and(col("partner_key").is_not_null())
            .and(col("academic_year").is_not_null()),
    );
    let lf = group_by_year(
        students,
        [col("academic_year"), col("partner_key")],
        vec![
            col("partner_name").first().alias("mobility_name"),
            col("partner_country").first().alias("country"),
            count(Direction::Outgoing, "outgoing"),
            count(Direction::Incoming, "incoming"),
            months(Direction::Outgoing, "outgoing_months"),
            months(Direction::Incoming, "incoming_months"),
        ],
    )
    .left_join(listed_names(base), col("partner_key"), col("partner_key"))
    // With a partner list, the partners on it: a traineeship's host company is no partner.
    .filter(lit(!base.has(TableKind::Partners)).or(col("listed_name").is_not_null()))
    .select([
        col("academic_year"),
        coalesce(&[col("listed_name"), col("mobility_name")]).alias("partner"),
        col("country"),
        col("outgoing"),
        col("incoming"),
        col("outgoing_months"),
        col("incoming_months"),
        (col("outgoing") - col("incoming")).alias("balance"),
        ratio(col("outgoing"), col("incoming")).alias("ratio"),
        col("partner_key"),
    ]);
    sorted(lf, &["academic_year", "partner", "country", "partner_key"]).drop(cols(["partner_key"]))
}

/// The first year of the window of `years` academic years ending with `year`
/// ("2024-2025", 3 → "2022-2023"); None when `year` is not an academic year.
fn window_start(year: &str, years: i64) -> Option<String> {
    let start: i64 = year.get(..4)?.parse().ok()?;
    let first = start - years.max(1) + 1;
    Some(format!("{first}-{}", first + 1))
}

/// The indicator: academic_year, partner, country, agreement, valid_to, since, last_mobility.
/// Agreement rows in force in the reporting year whose partner had no mobility (any
/// participant, either direction) from `since` to the reporting year, `rules.dormant_years`
/// years; last_mobility is the year of its latest mobility before, empty when the data has
/// none. Empty when the mobility lists do not reach back to `since`: a partner cannot be
/// called dormant over years the data does not cover.
pub fn dormant_agreements(base: &Base) -> LazyFrame {
    let since = window_start(&base.year, base.dormant_years).unwrap_or_default();
    let covered = base
        .first_year()
        .is_some_and(|first| first <= since.as_str());
    let year = lit(base.year.clone());
    let mobilities = base
        .mobilities
        .clone()
        .filter(
            col("partner_key")
                .is_not_null()
                .and(col("academic_year").lt_eq(year.clone())),
        )
        .group_by([col("partner_key")])
        .agg([
            col("academic_year")
                .filter(col("academic_year").gt_eq(lit(since.clone())))
                .len()
                .alias("recent"),
            col("academic_year").max().alias("last_mobility"),
        ]);
    let lf = base
        .active_partners()
        .filter(lit(covered))
        .left_join(mobilities, col("partner_key"), col("partner_key"))
        .filter(col("recent").fill_null(lit(0)).eq(lit(0)))
        .select([
            year.alias("academic_year"),
            col("partner_name").alias("partner"),
            col("partner_country").alias("country"),
            col("agreement"),
            col("valid_to"),
            lit(since).alias("since"),
            col("last_mobility"),
        ]);
    sorted(lf, &["partner", "country", "agreement"])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testing::{assert_frame, base, partners_and_mobilities_base};

    #[test]
    fn the_window_of_dormant_years() {
        assert_eq!(window_start("2024-2025", 3).as_deref(), Some("2022-2023"));
        assert_eq!(window_start("2024-2025", 1).as_deref(), Some("2024-2025"));
        assert_eq!(window_start("2024-2025", 0).as_deref(), Some("2024-2025"));
        assert_eq!(window_start("x", 3), None);
    }

    /// Partners: K1 Politecnico di Milano (list name), K2 TU Delft.
    /// Student mobilities 2024-2025 with K1: out 150 days, out 2 participants × 90 days,
    /// out ongoing (no days yet), in 120 days; with K2: out 60 days; one staff mobility to
    /// K2 (staff do not count); 2023-2024 with K1: in 30 days; a traineeship at the company
    /// C9, which is not on the partner list.
    #[test]
    fn an_unbalanced_partner() {
        let partners = df!(
            "partner_key" => ["K1", "K2"],
            "partner_name" => ["Politecnico di Milano", "TU Delft"],
            "partner_country" => ["IT", "NL"],
        )
        .unwrap();
        let mobilities = df!(
            "partner_key" => ["K1", "K1", "K1", "K1", "K2", "K2", "K1", "C9"],
            "partner_name" => ["Polimi", "Polimi", "Polimi", "Polimi", "Delft", "Delft", "Polimi", "Pirelli"],
            "partner_country" => ["IT", "IT", "IT", "IT", "NL", "NL", "IT", "IT"],
            "academic_year" => ["2024-2025", "2024-2025", "2024-2025", "2024-2025", "2024-2025", "2024-2025", "2023-2024", "2024-2025"],
            "direction" => ["outgoing", "outgoing", "outgoing", "incoming", "outgoing", "outgoing", "incoming", "outgoing"],
            "participant" => ["student", "student", "student", "student", "student", "staff", "student", "student"],
            "participants" => [1i64, 2, 1, 1, 1, 1, 1, 1],
            "duration_days" => [Some(150i64), Some(90), None, Some(120), Some(60), Some(5), Some(30), Some(120)],
        )
        .unwrap();
        let b = partners_and_mobilities_base(partners, mobilities);
        assert_frame(
            partner_balance(&b),
            df!(
                "academic_year" => ["2023-2024", "2024-2025", "2024-2025"],
                "partner" => ["Politecnico di Milano", "Politecnico di Milano", "TU Delft"],
                "country" => ["IT", "IT", "NL"],
                // 2024-2025 K1: out 1 + 2 + 1 = 4, in 1; K2: out 1 (the staff row is left out).
                "outgoing" => [0i64, 4, 1],
                "incoming" => [1i64, 1, 0],
                // K1 out: (150 × 1 + 90 × 2) / 30 = 330 / 30 = 11.0 (the ongoing one has no
                // days yet); in 120 / 30 = 4.0; 2023-2024 in 30 / 30 = 1.0; K2 out 60 / 30.
                "outgoing_months" => [0.0, 11.0, 2.0],
                "incoming_months" => [1.0, 4.0, 0.0],
                // 0 − 1, 4 − 1, 1 − 0.
                "balance" => [-1i64, 3, 1],
                // 0 / 1 = 0.0; 4 / 1 = 4.0; 1 / 0: no ratio.
                "ratio" => [Some(0.0), Some(4.0), None],
            )
            .unwrap(),
        );
    }

    /// Reporting year 2024-2025, dormant after 3 years: the window is 2022-2023 to 2024-2025.
    /// K1 had a mobility in 2023-2024: alive. K2's last was in 2020-2021: dormant. K3 never
    /// had one: dormant. K4 is no longer in force (valid to 2023-2024): not listed. K5's only
    /// mobility is in 2025-2026, after the reporting year: dormant, last mobility none.
    #[test]
    fn a_dormant_agreement() {
        let partners = df!(
            "partner_key" => ["K1", "K2", "K3", "K4", "K5"],
            "partner_name" => ["Aalto", "Bologna", "Coimbra", "Deusto", "Erlangen"],
            "partner_country" => ["FI", "IT", "PT", "ES", "DE"],
            "agreement" => ["erasmus", "erasmus", "bilateral", "erasmus", "double_degree"],
            "valid_to" => [None, Some("2026-2027"), None, Some("2023-2024"), None],
        )
        .unwrap();
        let mobilities = df!(
            "partner_key" => ["K1", "K2", "K4", "K5"],
            "academic_year" => ["2023-2024", "2020-2021", "2020-2021", "2025-2026"],
            "direction" => ["incoming", "outgoing", "outgoing", "outgoing"],
            "participant" => ["staff", "student", "student", "student"],
        )
        .unwrap();
        let tables = || {
            vec![
                (TableKind::Partners, partners.clone()),
                (TableKind::Mobilities, mobilities.clone()),
            ]
        };
        let years = [
            "2020-2021",
            "2021-2022",
            "2022-2023",
            "2023-2024",
            "2024-2025",
        ];
        let b = base(tables(), "2024-2025", &years);
        assert_frame(
            dormant_agreements(&b),
            df!(
                "academic_year" => ["2024-2025"; 3],
                "partner" => ["Bologna", "Coimbra", "Erlangen"],
                "country" => ["IT", "PT", "DE"],
                "agreement" => ["erasmus", "bilateral", "double_degree"],
                "valid_to" => [Some("2026-2027"), None, None],
                "since" => ["2022-2023"; 3],
                "last_mobility" => [Some("2020-2021"), None, None],
            )
            .unwrap(),
        );
        // Data from 2023-2024 only: three years cannot be checked, nothing is called dormant.
        let b = base(tables(), "2024-2025", &["2023-2024", "2024-2025"]);
        assert_eq!(dormant_agreements(&b).collect().unwrap().height(), 0);
        // One dormant year: the window is the reporting year alone; K1 had none in it.
        let b = base(tables(), "2024-2025", &years).with_dormant_years(1);
        let df = dormant_agreements(&b).collect().unwrap();
        let partners: Vec<_> =
            crate::schema::text_column::TextColumn::of(&df, "partner").values(df.height());
        assert_eq!(
            partners,
            [
                Some("Aalto"),
                Some("Bologna"),
                Some("Coimbra"),
                Some("Erlangen")
            ]
        );
    }
}
