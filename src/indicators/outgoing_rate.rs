//! `outgoing_rate`: the share of graduates who went abroad long enough, per graduation year,
//! faculty and home programme, with an "all" row per faculty and per year.

use super::base::{int, pct, sorted, Base};
use super::faculty::students_with_faculty;
use super::registry::Def;
use super::words::{is, is_any, Own};
use crate::schema::vocab::{Activity, Direction, Participant};
use crate::schema::ColumnKind::{AcademicYear, OwnWords, Percent};
use crate::schema::{ColumnDef, TableKind};
use polars::prelude::*;

/// The outgoing rate of graduates.
pub const OUTGOING_RATE: Def = Def {
    id: "outgoing_rate",
    needs: &[TableKind::Students, TableKind::Mobilities],
    columns: &[
        ColumnDef::new("graduation_year", AcademicYear),
        ColumnDef::new("faculty", OwnWords),
        ColumnDef::new("home_programme", OwnWords),
        ColumnDef::persons("graduates"),
        ColumnDef::persons("mobile_graduates"),
        ColumnDef::of_persons("rate_pct", Percent, &["graduates", "mobile_graduates"]),
    ],
    build: |i| outgoing_rate(i.base),
};

/// Outgoing student mobilities of activity study or traineeship, or towards a double degree:
/// the ones that count towards the outgoing rate.
pub fn qualifying() -> Expr {
    is(Direction::Outgoing).and(is(Participant::Student)).and(
        is_any(&[Activity::Study, Activity::Traineeship])
            .or(col("double_degree").fill_null(lit(false))),
    )
}

/// The ids of `people` (a frame with a `person_id` column) whose qualifying periods add up
/// to at least the minimum (column `mobile`). Only their mobilities are summed: grouping
/// every outgoing student of a million-row list by person when no students list names them
/// held 140 MB at the peak of a 1M-row `report` for an empty result (BENCHMARKS.md, issue 18,
/// eleventh pass).
fn mobile_people(base: &Base, people: LazyFrame) -> LazyFrame {
    base.mobilities
        .clone()
        .filter(qualifying().and(col("person_id").is_not_null()))
        .join(
            people,
            [col("person_id")],
            [col("person_id")],
            JoinArgs::new(JoinType::Semi),
        )
        .group_by([col("person_id")])
        .agg([col("duration_days").sum().alias("days")])
        .filter(col("days").gt_eq(lit(base.min_outgoing_days)))
        .select([col("person_id"), lit(true).alias("mobile")])
}

/// One row per graduate (person and graduation year), with the programme and the faculty of
/// their latest enrolment and whether they were mobile.
fn graduates(base: &Base) -> LazyFrame {
    let latest = |name: &str| {
        col(name)
            .sort_by(
                [col("enrolled_year")],
                SortMultipleOptions::default().with_nulls_last(false),
            )
            .drop_nulls()
            .last()
            .fill_null(Own::Unspecified.lit())
    };
    let graduates = students_with_faculty(base)
        .filter(
            col("graduation_year")
                .is_not_null()
                .and(col("person_id").is_not_null()),
        )
        .group_by_stable([col("person_id"), col("graduation_year")])
        .agg([latest("home_programme"), latest("faculty")]);
    let mobile = mobile_people(base, graduates.clone().select([col("person_id")]));
    graduates.left_join(mobile, col("person_id"), col("person_id"))
}

fn rate(lf: LazyFrame) -> LazyFrame {
    lf.with_column(pct(col("mobile_graduates"), col("graduates")).alias("rate_pct"))
}

/// The indicator: graduation_year, faculty, home_programme, graduates, mobile_graduates,
/// rate_pct. Per year: one row per faculty and programme, then (when any input says
/// faculties) one "all" programmes row per faculty, then the "all" row of the institution.
/// Without faculties, the faculty column is "all" throughout.
pub fn outgoing_rate(base: &Base) -> PolarsResult<LazyFrame> {
    let counts = [
        int(len()).alias("graduates"),
        int(col("mobile")
            .fill_null(lit(false))
            .cast(DataType::Int64)
            .sum())
        .alias("mobile_graduates"),
    ];
    let order = [
        col("graduation_year"),
        col("faculty"),
        col("home_programme"),
        col("graduates"),
        col("mobile_graduates"),
    ];
    let graduates = if base.faculties_known {
        graduates(base)
    } else {
        graduates(base).with_column(Own::All.lit().alias("faculty"))
    };
    let per_programme = graduates
        .clone()
        .group_by([
            col("graduation_year"),
            col("faculty"),
            col("home_programme"),
        ])
        .agg(counts.clone())
        .select(order.clone());
    let all = graduates
        .clone()
        .group_by([col("graduation_year")])
        .agg(counts.clone())
        .with_columns([
            Own::All.lit().alias("faculty"),
            Own::All.lit().alias("home_programme"),
        ])
        .select(order.clone());
    let mut parts = vec![per_programme, all];
    if base.faculties_known {
        parts.push(
            graduates
                .group_by([col("graduation_year"), col("faculty")])
                .agg(counts)
                .with_column(Own::All.lit().alias("home_programme"))
                .select(order),
        );
    }
    let both = concat(parts, UnionArgs::default())?.with_columns([
        col("faculty").eq(Own::All.lit()).alias("all_faculties"),
        col("home_programme")
            .eq(Own::All.lit())
            .alias("all_programmes"),
    ]);
    let by = [
        "graduation_year",
        "all_faculties",
        "faculty",
        "all_programmes",
        "home_programme",
    ];
    Ok(rate(
        sorted(both, &by).drop(cols(["all_faculties", "all_programmes"])),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testing::{assert_frame, base, MIN_OUTGOING_DAYS};
    use crate::schema::TableKind;

    #[test]
    fn graduates_are_mobile_when_their_qualifying_days_add_up() {
        assert_eq!(MIN_OUTGOING_DAYS, 60);
        //  G1 graduates 24-25; enrolled in "Génie informatique" 23-24 then "Informatique" 24-25
        //  G2 graduates 24-25, Informatique
        //  G3 graduates 24-25, Mécanique;  G4 idem
        //  G5 graduates 24-25, no programme
        //  G6 graduates 23-24, Informatique
        //  G7 has not graduated
        let students = df!(
            "person_id" => ["G1", "G1", "G2", "G3", "G4", "G5", "G6", "G7"],
            "home_programme" => [Some("Génie informatique"), Some("Informatique"), Some("Informatique"), Some("Mécanique"), Some("Mécanique"), None, Some("Informatique"), Some("Mécanique")],
            "graduation_year" => [Some("2024-2025"), Some("2024-2025"), Some("2024-2025"), Some("2024-2025"), Some("2024-2025"), Some("2024-2025"), Some("2023-2024"), None],
            "enrolled_year" => ["2023-2024", "2024-2025", "2024-2025", "2024-2025", "2024-2025", "2024-2025", "2023-2024", "2024-2025"],
        )
        .unwrap();
        //  G1 out student study 40 + traineeship 25 = 65 days: mobile
        //  G2 out student study 30 (its 100 incoming days do not count): 30, not mobile
        //  G3 out student blended 90 towards a double degree: qualifies, mobile
        //  G4 out student blended 90, not a double degree: 0, not mobile
        //  G5 out staff study 100 (staff do not count): not mobile
        //  G6 out student study 60: exactly the minimum, mobile
        //  -- out student study 100 without person id: no graduate to count for
        //  G7 out student study 100: not a graduate
        let mobilities = df!(
            "person_id" => [Some("G1"), Some("G1"), Some("G2"), Some("G2"), Some("G3"), Some("G4"), Some("G5"), Some("G6"), None, Some("G7")],
            "direction" => ["outgoing", "outgoing", "outgoing", "incoming", "outgoing", "outgoing", "outgoing", "outgoing", "outgoing", "outgoing"],
            "participant" => ["student", "student", "student", "student", "student", "student", "staff", "student", "student", "student"],
            "activity" => ["study", "traineeship", "study", "study", "blended_intensive", "blended_intensive", "study", "study", "study", "study"],
            "double_degree" => [None, None, None, None, Some(true), Some(false), None, None, None, None],
            "duration_days" => [40i64, 25, 30, 100, 90, 90, 100, 60, 100, 100],
        )
        .unwrap();
        let base = base(
            vec![
                (TableKind::Students, students),
                (TableKind::Mobilities, mobilities),
            ],
            "2024-2025",
            &["2023-2024", "2024-2025"],
        );
        assert_frame(
            outgoing_rate(&base).unwrap(),
            df!(
                // Per year, the programmes then "all"; G5's missing programme is "unspecified".
                "graduation_year" => ["2023-2024", "2023-2024", "2024-2025", "2024-2025", "2024-2025", "2024-2025"],
                // No input says faculties: "all" throughout.
                "faculty" => ["all"; 6],
                "home_programme" => ["Informatique", "all", "Informatique", "Mécanique", "unspecified", "all"],
                // 2024-2025: Informatique G1 (latest enrolment's programme), G2; Mécanique G3,
                // G4; unspecified G5; all 5.
                "graduates" => [1i64, 1, 2, 2, 1, 5],
                // 2023-2024: G6. 2024-2025: G1, G3.
                "mobile_graduates" => [1i64, 1, 1, 1, 0, 2],
                // 1 / 2 = 50.0; 0 / 1 = 0.0; 2 / 5 = 40.0.
                "rate_pct" => [100.0, 100.0, 50.0, 50.0, 0.0, 40.0],
            )
            .unwrap(),
        );
    }

    /// Programmes: Informatique in Sciences, Mécanique in Ingénierie. Graduates of 2024-2025:
    /// G1, G2 Informatique; G3, G4 Mécanique; G5 no programme but a faculty column
    /// "Sciences"; G6 neither. Mobile (90 days of study): G1, G3, G5 (60 days, the minimum).
    #[test]
    fn a_faculty_roll_up_adds_up_to_the_institution() {
        let programmes = df!(
            "programme" => ["Informatique", "Mécanique"],
            "faculty" => ["Sciences", "Ingénierie"],
        )
        .unwrap();
        let students = df!(
            "person_id" => ["G1", "G2", "G3", "G4", "G5", "G6"],
            "home_programme" => [Some("Informatique"), Some("Informatique"), Some("Mécanique"), Some("Mécanique"), None, None],
            "faculty" => [None, None, None, None, Some("Sciences"), None],
            "graduation_year" => ["2024-2025"; 6],
            "enrolled_year" => ["2024-2025"; 6],
        )
        .unwrap();
        let mobilities = df!(
            "person_id" => ["G1", "G3", "G5"],
            "direction" => ["outgoing"; 3],
            "participant" => ["student"; 3],
            "activity" => ["study"; 3],
            "duration_days" => [90i64, 90, 60],
        )
        .unwrap();
        let base = base(
            vec![
                (TableKind::Programmes, programmes),
                (TableKind::Students, students),
                (TableKind::Mobilities, mobilities),
            ],
            "2024-2025",
            &["2024-2025"],
        );
        assert_frame(
            outgoing_rate(&base).unwrap(),
            df!(
                "graduation_year" => ["2024-2025"; 8],
                "faculty" => ["Ingénierie", "Ingénierie", "Sciences", "Sciences", "Sciences", "unspecified", "unspecified", "all"],
                "home_programme" => ["Mécanique", "all", "Informatique", "unspecified", "all", "unspecified", "all", "all"],
                // The faculties' "all" rows: 2 + 3 + 1 = 6 graduates and 1 + 2 + 0 = 3 mobile,
                // the institution's.
                "graduates" => [2i64, 2, 2, 1, 3, 1, 1, 6],
                "mobile_graduates" => [1i64, 1, 1, 1, 2, 0, 0, 3],
                // 1/2 = 50.0; 1/1 = 100.0; 2/3 = 66.7; 0/1 = 0.0; 3/6 = 50.0.
                "rate_pct" => [50.0, 50.0, 50.0, 100.0, 66.7, 0.0, 0.0, 50.0],
            )
            .unwrap(),
        );
    }
}
