//! `mobility_flows` (every mobility by year, direction, participant, activity and funding) and
//! `staff_mobility` (staff by year and direction: visiting professors and staff abroad).

use super::base::{
    dated_mobilities, group_by_year, mean_days, mobilities, mobilities_where, participants,
    participants_where, sorted, total_days, Base,
};
use super::registry::Def;
use super::words::is;
use crate::schema::vocab::{Activity, Participant};
use crate::schema::ColumnKind::{AcademicYear, Count, Decimal, Vocabulary};
use crate::schema::{ColumnDef, TableKind};
use polars::prelude::*;

/// Mobility flows.
pub const MOBILITY_FLOWS: Def = Def {
    id: "mobility_flows",
    needs: &[TableKind::Mobilities],
    columns: &[
        ColumnDef::new("academic_year", AcademicYear),
        ColumnDef::new("direction", Vocabulary),
        ColumnDef::new("participant", Vocabulary),
        ColumnDef::new("activity", Vocabulary),
        ColumnDef::new("funding", Vocabulary),
        ColumnDef::persons("mobilities"),
        ColumnDef::persons("participants"),
        ColumnDef::of_persons("total_days", Count, &["mobilities"]),
        ColumnDef::of_persons("mean_days", Decimal, &["mobilities"]),
    ],
    build: |i| Ok(mobility_flows(i.base)),
};

/// Staff mobility.
pub const STAFF_MOBILITY: Def = Def {
    id: "staff_mobility",
    needs: &[TableKind::Mobilities],
    columns: &[
        ColumnDef::new("academic_year", AcademicYear),
        ColumnDef::new("direction", Vocabulary),
        ColumnDef::persons("teaching"),
        ColumnDef::persons("training"),
        ColumnDef::persons("total"),
        ColumnDef::persons("staff"),
        ColumnDef::persons("teaching_staff"),
    ],
    build: |i| Ok(staff_mobility(i.base)),
};

/// The indicator: academic_year, direction, participant, activity, funding, mobilities,
/// participants, total_days, mean_days. Funding is a key so that the Erasmus+ report tables
/// can be checked against these rows (null funding, from inputs without one, sorts last).
pub fn mobility_flows(base: &Base) -> LazyFrame {
    let keys = [
        "academic_year",
        "direction",
        "participant",
        "activity",
        "funding",
    ];
    let measures = vec![
        mobilities(),
        participants(),
        total_days(),
        dated_mobilities(),
    ];
    let lf = group_by_year(base.mobilities.clone(), keys.map(col), measures)
        .with_column(mean_days())
        .drop(cols(["dated_mobilities"]));
    sorted(lf, &keys)
}

/// Staff rows: participant staff.
pub fn is_staff() -> Expr {
    is(Participant::Staff)
}

/// Teaching assignments (HE-STA).
pub fn is_teaching() -> Expr {
    is(Activity::Teaching)
}

/// The indicator: academic_year, direction, teaching, training, total (staff mobilities),
/// staff (distinct people), teaching_staff (distinct people who taught: incoming ones are the
/// visiting professors).
pub fn staff_mobility(base: &Base) -> LazyFrame {
    let keys = ["academic_year", "direction"];
    let lf = base
        .mobilities
        .clone()
        .filter(is_staff())
        .group_by(keys.map(col))
        .agg([
            mobilities_where(is_teaching(), "teaching"),
            mobilities_where(is(Activity::Training), "training"),
            mobilities().alias("total"),
            participants().alias("staff"),
            participants_where(is_teaching(), "teaching_staff"),
        ]);
    sorted(lf, &keys)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testing::{assert_frame, mobilities_base};

    #[test]
    fn flows_weigh_rows_and_count_people_once() {
        //  P1 24-25 out student study KA131 100 days
        //  P1 24-25 out student study KA131  50 days (P1 again)
        //  -- 24-25 out student study KA131  30 days, 3 participants without id
        //  P2 24-25 out student study (no funding) 20 days
        //  P3 23-24 in  student study bilateral 90 days, participants not given: 1
        //  S1 24-25 in  staff teaching KA131 5 days
        let base = mobilities_base(
            df!(
                "person_id" => [Some("P1"), Some("P1"), None, Some("P2"), Some("P3"), Some("S1")],
                "academic_year" => ["2024-2025", "2024-2025", "2024-2025", "2024-2025", "2023-2024", "2024-2025"],
                "direction" => ["outgoing", "outgoing", "outgoing", "outgoing", "incoming", "incoming"],
                "participant" => ["student", "student", "student", "student", "student", "staff"],
                "activity" => ["study", "study", "study", "study", "study", "teaching"],
                "funding" => [Some("erasmus_ka131"), Some("erasmus_ka131"), Some("erasmus_ka131"), None, Some("bilateral"), Some("erasmus_ka131")],
                "duration_days" => [100i64, 50, 30, 20, 90, 5],
                "participants" => [Some(1i64), Some(1), Some(3), Some(1), None, Some(1)],
            )
            .unwrap(),
        );
        assert_frame(
            mobility_flows(&base),
            df!(
                // Sorted by year, direction, participant, activity, then funding with the null
                // funding last.
                "academic_year" => ["2023-2024", "2024-2025", "2024-2025", "2024-2025"],
                "direction" => ["incoming", "incoming", "outgoing", "outgoing"],
                "participant" => ["student", "staff", "student", "student"],
                "activity" => ["study", "teaching", "study", "study"],
                "funding" => [Some("bilateral"), Some("erasmus_ka131"), Some("erasmus_ka131"), None],
                // KA131 outgoing study: 1 + 1 + 3 = 5.
                "mobilities" => [1i64, 1, 5, 1],
                // KA131 outgoing study: P1 once + 3 without id = 4.
                "participants" => [1i64, 1, 4, 1],
                // KA131 outgoing study: 100 + 50 + 3 × 30 = 240.
                "total_days" => [90i64, 5, 240, 20],
                // 240 / 5 = 48.0.
                "mean_days" => [90.0, 5.0, 48.0, 20.0],
            )
            .unwrap(),
        );
    }

    #[test]
    fn staff_counts_teaching_and_training_mobilities_and_people() {
        //  S1 out teaching;  S1 out training;  S2 out teaching;
        //  -- out training, 2 participants without id;
        //  S3 in teaching twice;  P1 out student study (not staff: counts nowhere)
        let base = mobilities_base(
            df!(
                "person_id" => [Some("S1"), Some("S1"), Some("S2"), None, Some("S3"), Some("S3"), Some("P1")],
                "academic_year" => ["2024-2025"; 7],
                "direction" => ["outgoing", "outgoing", "outgoing", "outgoing", "incoming", "incoming", "outgoing"],
                "participant" => ["staff", "staff", "staff", "staff", "staff", "staff", "student"],
                "activity" => ["teaching", "training", "teaching", "training", "teaching", "teaching", "study"],
                "participants" => [1i64, 1, 1, 2, 1, 1, 1],
            )
            .unwrap(),
        );
        assert_frame(
            staff_mobility(&base),
            df!(
                "academic_year" => ["2024-2025", "2024-2025"],
                "direction" => ["incoming", "outgoing"],
                // Out: S1 + S2 = 2. In: S3 twice = 2.
                "teaching" => [2i64, 2],
                // Out: S1 + 2 without id = 3. In: none, 0.
                "training" => [0i64, 3],
                // In: 2 + 0. Out: 2 + 3.
                "total" => [2i64, 5],
                // In: S3 once. Out: S1, S2 and the 2 without id = 4.
                "staff" => [1i64, 4],
                // In: S3. Out: S1, S2.
                "teaching_staff" => [1i64, 2],
            )
            .unwrap(),
        );
    }
}
