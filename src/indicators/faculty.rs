//! `mobility_by_faculty`: mobilities and participants per academic year, faculty, direction and
//! participant type, the faculty taken from the mobility's degree programme through the
//! programmes list.

use super::base::{mobilities, participants, sorted, Base};
use super::registry::Def;
use super::words::Own;
use crate::schema::ColumnKind::{AcademicYear, OwnWords, Vocabulary};
use crate::schema::{ColumnDef, TableKind};
use polars::prelude::*;

/// Mobility by faculty.
pub const MOBILITY_BY_FACULTY: Def = Def {
    id: "mobility_by_faculty",
    needs: &[TableKind::Mobilities, TableKind::Programmes],
    columns: &[
        ColumnDef::new("academic_year", AcademicYear),
        ColumnDef::new("faculty", OwnWords),
        ColumnDef::new("direction", Vocabulary),
        ColumnDef::new("participant", Vocabulary),
        ColumnDef::persons("mobilities"),
        ColumnDef::persons("participants"),
    ],
    build: |i| Ok(mobility_by_faculty(i.base)),
};

/// The indicator: academic_year, faculty, direction, participant, mobilities, participants.
/// A mobility's faculty is its degree programme's in the programmes list ("unspecified" when
/// the mobility names no programme, or one the list does not have); an "all" row per year,
/// direction and participant type sums the faculties, so that they add up to it (participants
/// are distinct over all faculties, so they need not).
pub fn mobility_by_faculty(base: &Base) -> LazyFrame {
    let faculties = base
        .programmes
        .clone()
        .filter(col("faculty").is_not_null())
        .unique_stable(Some(cols(["programme"])), UniqueKeepStrategy::First)
        .select([col("programme"), col("faculty")]);
    let rows = base
        .mobilities
        .clone()
        .join(
            faculties,
            [col("home_programme")],
            [col("programme")],
            JoinArgs::new(JoinType::Left),
        )
        .with_column(col("faculty").fill_null(Own::Unspecified.lit()));
    let keys = ["academic_year", "direction", "participant"];
    let by_faculty = rows
        .clone()
        .group_by([
            col("academic_year"),
            col("faculty"),
            col("direction"),
            col("participant"),
        ])
        .agg([mobilities(), participants()]);
    let all = rows
        .group_by(keys.map(col))
        .agg([mobilities(), participants()])
        .with_column(Own::All.lit().alias("faculty"));
    let order = [
        col("academic_year"),
        col("faculty"),
        col("direction"),
        col("participant"),
        col("mobilities"),
        col("participants"),
    ];
    let lf = concat(
        [by_faculty.select(order.clone()), all.select(order)],
        UnionArgs::default(),
    )
    .expect("the same columns")
    .with_column(col("faculty").eq(Own::All.lit()).alias("is_all"));
    sorted(
        lf,
        &[
            "academic_year",
            "is_all",
            "faculty",
            "direction",
            "participant",
        ],
    )
    .drop(cols(["is_all"]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testing::{assert_frame, base};

    /// Programmes: Génie civil and Robotique in Ingénieurs, Management in IAE.
    /// Mobilities 2024-2025: M1 P1 out student Génie civil, M2 P2 out student Robotique,
    /// M3 P3 out student Management, M4 P1 out student Génie civil again (P1 counted once),
    /// M5 P4 out student with no programme, M6 S1 in staff Droit (not on the list).
    #[test]
    fn faculties_add_up_to_the_institution() {
        let programmes = df!(
            "programme" => ["Génie civil", "Robotique", "Management"],
            "faculty" => ["Ingénieurs", "Ingénieurs", "IAE"],
        )
        .unwrap();
        let mobilities = df!(
            "person_id" => ["P1", "P2", "P3", "P1", "P4", "S1"],
            "home_programme" => [Some("Génie civil"), Some("Robotique"), Some("Management"), Some("Génie civil"), None, Some("Droit")],
            "academic_year" => ["2024-2025"; 6],
            "direction" => ["outgoing", "outgoing", "outgoing", "outgoing", "outgoing", "incoming"],
            "participant" => ["student", "student", "student", "student", "student", "staff"],
        )
        .unwrap();
        let b = base(
            vec![
                (TableKind::Programmes, programmes),
                (TableKind::Mobilities, mobilities),
            ],
            "2024-2025",
            &["2024-2025"],
        );
        assert_frame(
            mobility_by_faculty(&b),
            df!(
                "academic_year" => ["2024-2025"; 6],
                "faculty" => ["IAE", "Ingénieurs", "unspecified", "unspecified", "all", "all"],
                "direction" => ["outgoing", "outgoing", "incoming", "outgoing", "incoming", "outgoing"],
                "participant" => ["student", "student", "staff", "student", "staff", "student"],
                // Ingénieurs: M1, M2, M4; unspecified: M6 (Droit), M5 (no programme); the
                // outgoing "all" row: 1 + 3 + 1 = 5 mobilities, P1 to P4 = 4 participants.
                "mobilities" => [1i64, 3, 1, 1, 1, 5],
                "participants" => [1i64, 2, 1, 1, 1, 4],
            )
            .unwrap(),
        );
    }
}
