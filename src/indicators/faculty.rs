//! Faculties: which faculty each mobility and enrolment belongs to (its own column, its
//! degree programme's in the programmes list, or its person's latest enrolment's), and
//! `mobility_by_faculty`, mobilities and participants per academic year, faculty, direction
//! and participant type.

use super::base::{mobilities, participants, sorted, Base};
use super::registry::Def;
use super::words::Own;
use crate::schema::ColumnKind::{AcademicYear, OwnWords, Vocabulary};
use crate::schema::{ColumnDef, TableKind};
use polars::prelude::*;

/// Mobility by faculty.
pub const MOBILITY_BY_FACULTY: Def = Def {
    id: "mobility_by_faculty",
    needs: &[TableKind::Mobilities],
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

/// Each degree programme's faculty in the programmes list (`programme`, `list_faculty`).
fn programme_faculties(programmes: LazyFrame) -> LazyFrame {
    programmes
        .filter(col("faculty").is_not_null())
        .unique_stable(Some(cols(["programme"])), UniqueKeepStrategy::First)
        .select([col("programme"), col("faculty").alias("list_faculty")])
}

/// The enrolment list with each row's faculty: its own `faculty` column, else its degree
/// programme's in the programmes list (null when neither says).
pub fn students_with_faculty(base: &Base) -> LazyFrame {
    enrolments_with_faculty(base.students.clone(), base.programmes.clone())
}

/// [`students_with_faculty`] of the given tables.
pub fn enrolments_with_faculty(students: LazyFrame, programmes: LazyFrame) -> LazyFrame {
    students
        .left_join(
            programme_faculties(programmes),
            col("home_programme"),
            col("programme"),
        )
        .with_column(coalesce(&[col("faculty"), col("list_faculty")]).alias("faculty"))
        .drop(cols(["list_faculty"]))
}

/// Each enrolled person's faculty at their latest enrolment (`person_id`, `person_faculty`).
fn person_faculties(students: LazyFrame, programmes: LazyFrame) -> LazyFrame {
    enrolments_with_faculty(students, programmes)
        .filter(col("person_id").is_not_null())
        .group_by_stable([col("person_id")])
        .agg([col("faculty")
            .sort_by(
                [col("enrolled_year")],
                SortMultipleOptions::default().with_nulls_last(false),
            )
            .drop_nulls()
            .last()
            .alias("person_faculty")])
}

/// The mobilities with each one's faculty: the mobility list's own `faculty` column, else its
/// degree programme's in the programmes list, else the faculty of the person's latest
/// enrolment; null when none says.
pub fn mobilities_with_faculty(base: &Base) -> LazyFrame {
    movements_with_faculty(
        base.mobilities.clone(),
        base.students.clone(),
        base.programmes.clone(),
    )
}

/// [`mobilities_with_faculty`] of the given tables.
pub fn movements_with_faculty(
    mobilities: LazyFrame,
    students: LazyFrame,
    programmes: LazyFrame,
) -> LazyFrame {
    mobilities
        .left_join(
            programme_faculties(programmes.clone()),
            col("home_programme"),
            col("programme"),
        )
        .left_join(
            person_faculties(students, programmes),
            col("person_id"),
            col("person_id"),
        )
        .with_column(
            coalesce(&[col("faculty"), col("list_faculty"), col("person_faculty")])
                .alias("faculty"),
        )
        .drop(cols(["list_faculty", "person_faculty"]))
}

/// Whether `tables` may say a mobility's or an enrolment's faculty: a programmes list, or a
/// faculty column with a value in the mobilities or the enrolments.
pub fn faculties_known(tables: &crate::tables::Tables) -> bool {
    tables.get(TableKind::Programmes).is_some()
        || [TableKind::Mobilities, TableKind::Students]
            .iter()
            .filter_map(|t| tables.get(*t))
            .filter_map(|df| df.column("faculty").ok())
            .any(|c| c.null_count() < c.len())
}

/// The indicator: academic_year, faculty, direction, participant, mobilities, participants.
/// A mobility's faculty is as [`mobilities_with_faculty`] finds it ("unspecified" when
/// nothing says); an "all" row per year, direction and participant type sums the faculties,
/// so that they add up to it (participants are distinct over all faculties, so they need
/// not).
pub fn mobility_by_faculty(base: &Base) -> LazyFrame {
    let rows =
        mobilities_with_faculty(base).with_column(col("faculty").fill_null(Own::Unspecified.lit()));
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
    /// M5 P4 out student with no programme, M6 S1 in staff Droit (not on the list), M7 P5 out
    /// student with no programme and its own faculty column IAE, M8 P6 out student with no
    /// programme whose enrolment is in Robotique.
    /// Enrolments: P6 Robotique; P3 with a faculty column "Sciences" (M3's programme wins).
    #[test]
    fn faculties_add_up_to_the_institution() {
        let programmes = df!(
            "programme" => ["Génie civil", "Robotique", "Management"],
            "faculty" => ["Ingénieurs", "Ingénieurs", "IAE"],
        )
        .unwrap();
        let mobilities = df!(
            "person_id" => ["P1", "P2", "P3", "P1", "P4", "S1", "P5", "P6"],
            "home_programme" => [Some("Génie civil"), Some("Robotique"), Some("Management"), Some("Génie civil"), None, Some("Droit"), None, None],
            "faculty" => [None, None, None, None, None, None, Some("IAE"), None],
            "academic_year" => ["2024-2025"; 8],
            "direction" => ["outgoing", "outgoing", "outgoing", "outgoing", "outgoing", "incoming", "outgoing", "outgoing"],
            "participant" => ["student", "student", "student", "student", "student", "staff", "student", "student"],
        )
        .unwrap();
        let students = df!(
            "person_id" => ["P6", "P3"],
            "home_programme" => [Some("Robotique"), None],
            "faculty" => [None, Some("Sciences")],
            "enrolled_year" => ["2024-2025"; 2],
        )
        .unwrap();
        let b = base(
            vec![
                (TableKind::Programmes, programmes),
                (TableKind::Mobilities, mobilities),
                (TableKind::Students, students),
            ],
            "2024-2025",
            &["2024-2025"],
        );
        assert!(b.faculties_known);
        assert_frame(
            mobility_by_faculty(&b),
            df!(
                "academic_year" => ["2024-2025"; 6],
                "faculty" => ["IAE", "Ingénieurs", "unspecified", "unspecified", "all", "all"],
                "direction" => ["outgoing", "outgoing", "incoming", "outgoing", "incoming", "outgoing"],
                "participant" => ["student", "student", "staff", "student", "staff", "student"],
                // IAE: M3 (programme), M7 (own column); Ingénieurs: M1, M2, M4 and M8 (P6's
                // enrolment); unspecified: M6 (Droit), M5 (no programme); the outgoing "all"
                // row: 2 + 4 + 1 = 7 mobilities, P1 to P6 = 6 participants.
                "mobilities" => [2i64, 4, 1, 1, 1, 7],
                "participants" => [2i64, 3, 1, 1, 1, 6],
            )
            .unwrap(),
        );
    }
}
