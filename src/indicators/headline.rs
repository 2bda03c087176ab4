//! `key_figures` (the headline figures, one row per academic year) and `targets` (the
//! config's targets against the reporting year's key figures).

use super::base::{int, mobilities_where, participants_where, pct, sorted, Base};
use super::flows::{is_staff, is_teaching};
pub use super::key_figure::{KeyFigure, COLUMNS};
use super::partners::{double_degree_agreements_by_year, partners_where};
use super::programmes::in_english;
use super::registry::{Def, Indicator};
use super::words::{is, Own, TargetStatus};
use crate::schema::vocab::{Activity, Agreement, Direction, Measure, Participant, WelcomeKind};
use crate::schema::{ColumnDef, ColumnKind, TableKind};
use polars::prelude::*;
use std::collections::BTreeMap;

/// The headline figures of every year.
pub const KEY_FIGURES: Def = Def {
    id: "key_figures",
    needs: &[],
    columns: &COLUMNS,
    build: |i| {
        Ok(key_figures(
            i.base,
            i.frame(Indicator::OutgoingRate),
            i.frame(Indicator::InternationalStudents),
            i.frame(Indicator::HousingRate),
        ))
    },
};

/// The config's targets against the reporting year's key figures.
pub const TARGETS: Def = Def {
    id: "targets",
    needs: &[],
    columns: &[
        ColumnDef::new("academic_year", ColumnKind::AcademicYear),
        ColumnDef::new("target", ColumnKind::Vocabulary),
        ColumnDef::new("target_value", ColumnKind::Number),
        ColumnDef::new("actual", ColumnKind::Number),
        ColumnDef::new("gap", ColumnKind::Number),
        ColumnDef::new("status", ColumnKind::Vocabulary),
    ],
    build: |i| targets(i.base, i.frame(Indicator::KeyFigures), i.targets),
};

fn student(direction: Direction) -> Expr {
    is(Participant::Student).and(is(direction))
}

/// Mobility figures per year.
fn mobility_figures(base: &Base) -> LazyFrame {
    base.mobilities
        .clone()
        .group_by([col("academic_year")])
        .agg([
            participants_where(student(Direction::Incoming), KeyFigure::StudentsIn.id()),
            participants_where(student(Direction::Outgoing), KeyFigure::StudentsOut.id()),
            mobilities_where(
                student(Direction::Outgoing).and(is(Activity::Traineeship)),
                KeyFigure::InternationalTraineeships.id(),
            ),
            participants_where(
                is_staff().and(is(Direction::Incoming)).and(is_teaching()),
                KeyFigure::VisitingProfessors.id(),
            ),
            participants_where(
                is_staff().and(is(Direction::Outgoing)),
                KeyFigure::StaffAbroad.id(),
            ),
        ])
}

/// Partner figures per year (active partners in each year).
fn partner_figures(base: &Base) -> LazyFrame {
    base.active_partners_by_year()
        .group_by([col("academic_year")])
        .agg([
            partners_where(lit(true), KeyFigure::Partners.id()),
            partners_where(is(Agreement::Erasmus), "erasmus_partners"),
        ])
        .with_column(
            pct(col("erasmus_partners"), col("partners"))
                .alias(KeyFigure::ErasmusPartnerSharePct.id()),
        )
        .left_join(
            double_degree_agreements_by_year(base),
            col("academic_year"),
            col("academic_year"),
        )
}

/// Partner countries of the KA171 projects running in each year. A KA171 project lasts 24 or
/// 36 months from 1 August of its call year (Erasmus+ Programme Guide 2024, part B, "Mobility
/// projects for higher education students and staff supported by external policy funds"), so
/// it runs in the academic years starting in its call year and the two after it.
fn icm_figures(base: &Base) -> LazyFrame {
    let start = col("academic_year")
        .str()
        .slice(lit(0), lit(4))
        .cast(DataType::Int64);
    base.icm
        .clone()
        .cross_join(base.years.clone(), None)
        .filter(
            col("call_year").is_null().or(start
                .clone()
                .gt_eq(col("call_year"))
                .and(start.lt_eq(col("call_year") + lit(2i64)))),
        )
        .group_by([col("academic_year")])
        .agg([
            int(col("partner_country").drop_nulls().n_unique()).alias(KeyFigure::IcmCountries.id())
        ])
}

/// The « Bienvenue en France » figures: programmes taught in English (the programmes list is
/// today's: the reporting year only) and French-course hours from the welcome register.
fn dossier_figures(base: &Base) -> LazyFrame {
    let programmes = base
        .programmes
        .clone()
        .filter(in_english())
        .select([
            lit(base.year.clone()).alias("academic_year"),
            int(col("programme").n_unique()).alias(KeyFigure::ProgrammesInEnglish.id()),
        ])
        .filter(lit(base.has(TableKind::Programmes)));
    let hours = base
        .welcome
        .clone()
        .filter(is(WelcomeKind::FleCourse).and(is(Measure::Hours)))
        .group_by([col("academic_year")])
        .agg([int(col("value").sum()).alias(KeyFigure::FleHours.id())]);
    let year = || col("academic_year");
    base.years
        .clone()
        .left_join(programmes, year(), year())
        .left_join(hours, year(), year())
}

/// The indicator: academic_year and the [`KeyFigure`] columns, for every year trends cover.
/// `outgoing_rate`, `international_students` and `housing_rate` are the plan's frames of
/// those indicators.
pub fn key_figures(
    base: &Base,
    outgoing_rate: LazyFrame,
    international_students: LazyFrame,
    housing_rate: LazyFrame,
) -> LazyFrame {
    let rate = outgoing_rate
        .filter(
            col("home_programme")
                .eq(Own::All.lit())
                .and(col("faculty").eq(Own::All.lit())),
        )
        .select([
            col("graduation_year").alias("academic_year"),
            col("rate_pct").alias(KeyFigure::OutgoingRatePct.id()),
        ]);
    let students = international_students.select([
        col("enrolled_year").alias("academic_year"),
        col("international").alias(KeyFigure::InternationalStudents.id()),
        col("share_pct").alias(KeyFigure::InternationalStudentsSharePct.id()),
        col("nationalities").alias(KeyFigure::Nationalities.id()),
    ]);
    let year = || col("academic_year");
    let lf = base
        .years
        .clone()
        .left_join(rate, year(), year())
        .left_join(partner_figures(base), year(), year())
        .left_join(mobility_figures(base), year(), year())
        .left_join(students, year(), year())
        .left_join(icm_figures(base), year(), year())
        .left_join(dossier_figures(base), year(), year())
        .left_join(
            housing_rate.select([
                year(),
                col("places_per_100").alias(KeyFigure::HousingPlacesPer100.id()),
            ]),
            year(),
            year(),
        );
    // Zero where the table was given but nothing happened that year; null where the table
    // was not given at all (the figure is unknown, not zero). A mobility figure is zero only
    // within the years its population's inputs span: no incoming list, no incoming figure.
    let figures = KeyFigure::ALL.map(|figure| match (figure.population(), figure.counted_in()) {
        (Some(population), _) => when(base.coverage.covered(population))
            .then(col(figure.id()).fill_null(lit(0i64)))
            .otherwise(lit(NULL).cast(DataType::Int64))
            .alias(figure.id()),
        (None, Some(table)) if base.has(table) => col(figure.id()).fill_null(lit(0i64)),
        (None, _) => col(figure.id()),
    });
    let lf = lf.select(std::iter::once(year()).chain(figures).collect::<Vec<_>>());
    sorted(lf, &["academic_year"])
}

/// The indicator: academic_year, target (a key figure), target_value, actual, gap
/// (actual minus target), status ("met", "not met", or "no data"). Every target is a floor:
/// it is met when the actual value reaches it.
pub fn targets(
    base: &Base,
    key_figures: LazyFrame,
    targets: &BTreeMap<KeyFigure, f64>,
) -> PolarsResult<LazyFrame> {
    let this_year = key_figures.filter(col("academic_year").eq(lit(base.year.clone())));
    let rows: Vec<LazyFrame> = targets
        .iter()
        .map(|(figure, value)| {
            // An aggregation gives one row even when the year has no key figures.
            this_year.clone().select([
                lit(figure.id()).alias("target"),
                lit(*value).alias("target_value"),
                col(figure.id())
                    .cast(DataType::Float64)
                    .max()
                    .alias("actual"),
            ])
        })
        .collect();
    if rows.is_empty() {
        let empty = df!(
            "target" => Vec::<String>::new(),
            "target_value" => Vec::<f64>::new(),
            "actual" => Vec::<f64>::new(),
        )?;
        return Ok(with_status(base, empty.lazy()));
    }
    Ok(with_status(base, concat(rows, UnionArgs::default())?))
}

fn with_status(base: &Base, lf: LazyFrame) -> LazyFrame {
    lf.select([
        lit(base.year.clone()).alias("academic_year"),
        col("target"),
        col("target_value"),
        col("actual"),
        // Three decimals: 26.7 - 25 is 1.7, not 1.6999999999999993.
        (col("actual") - col("target_value"))
            .round(3, RoundMode::HalfAwayFromZero)
            .alias("gap"),
        when(col("actual").is_null())
            .then(TargetStatus::NoData.lit())
            .when(col("actual").gt_eq(col("target_value")))
            .then(TargetStatus::Met.lit())
            .otherwise(TargetStatus::NotMet.lit())
            .alias("status"),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testing::{assert_frame, base};
    use crate::indicators::{outgoing_rate, students};
    use crate::schema::TableKind;

    #[test]
    fn key_figures_per_year_zero_when_a_table_is_given_null_when_not() {
        //  Partners: K1 erasmus 2021-2022..(open); K1 double degree 2023-2024..2023-2024;
        //  K2 bilateral 2024-2025..(open).
        let partners = df!(
            "partner_key" => ["K1", "K1", "K2"],
            "agreement" => ["erasmus", "double_degree", "bilateral"],
            "valid_from" => ["2021-2022", "2023-2024", "2024-2025"],
            "valid_to" => [None, Some("2023-2024"), None],
        )
        .unwrap();
        //  All in 2024-2025:
        //  P1 in student study, twice
        //  P2 out student traineeship, participants not given (1)
        //  -- out student traineeship, 2 participants without id
        //  P3 out student study
        //  S1 in staff teaching, twice;  S2 in staff training;  S3 out staff training
        //  and, in 2022-2023, P4 out student study. Files: the outgoing students' list
        //  (out.xlsx) spans 2022-2023 to 2024-2025; the incoming list (in.xlsx) and the staff
        //  list (staff.csv) 2024-2025 only.
        let mobilities = df!(
            "source_file" => ["in.xlsx", "in.xlsx", "out.xlsx", "out.xlsx", "out.xlsx", "staff.csv", "staff.csv", "staff.csv", "staff.csv", "out.xlsx"],
            "person_id" => [Some("P1"), Some("P1"), Some("P2"), None, Some("P3"), Some("S1"), Some("S1"), Some("S2"), Some("S3"), Some("P4")],
            "academic_year" => ["2024-2025", "2024-2025", "2024-2025", "2024-2025", "2024-2025", "2024-2025", "2024-2025", "2024-2025", "2024-2025", "2022-2023"],
            "direction" => ["incoming", "incoming", "outgoing", "outgoing", "outgoing", "incoming", "incoming", "incoming", "outgoing", "outgoing"],
            "participant" => ["student", "student", "student", "student", "student", "staff", "staff", "staff", "staff", "student"],
            "activity" => ["study", "study", "traineeship", "traineeship", "study", "teaching", "teaching", "training", "training", "study"],
            "participants" => [Some(1i64), Some(1), None, Some(2), Some(1), Some(1), Some(1), Some(1), Some(1), Some(1)],
        )
        .unwrap();
        // No ICM projects table.
        let base = base(
            vec![
                (TableKind::Partners, partners),
                (TableKind::Mobilities, mobilities),
            ],
            "2024-2025",
            &["2023-2024", "2024-2025"],
        );
        // The plan's outgoing_rate and international_students frames, as literals: only the
        // "all" row of the rate is a key figure.
        let rate = df!(
            "graduation_year" => ["2024-2025", "2024-2025", "2024-2025"],
            "faculty" => ["Sciences", "Sciences", "all"],
            "home_programme" => ["Informatique", "all", "all"],
            "rate_pct" => [50.0, 45.0, 40.0],
        )
        .unwrap();
        let international = df!(
            "enrolled_year" => ["2024-2025"],
            "international" => [4i64],
            "share_pct" => [66.7],
            "nationalities" => [3i64],
        )
        .unwrap();
        assert_frame(
            key_figures(
                &base,
                rate.lazy(),
                international.lazy(),
                df!("academic_year" => ["2024-2025"], "places_per_100" => [75.0])
                    .unwrap()
                    .lazy(),
            ),
            df!(
                "academic_year" => ["2023-2024", "2024-2025"],
                // No rate for 2023-2024: unknown.
                "outgoing_rate_pct" => [None, Some(40.0)],
                // 2023-2024: K1. 2024-2025: K1, K2.
                "partners" => [1i64, 2],
                // K1 is Erasmus: 1 / 1 = 100.0, 1 / 2 = 50.0.
                "erasmus_partner_share_pct" => [100.0, 50.0],
                // K1's ended in 2023-2024; none in 2024-2025, 0 as partners are given.
                "double_degree_agreements" => [1i64, 0],
                // The incoming students' list does not reach 2023-2024: not available, not 0.
                // 2024-2025: P1 once.
                "students_in" => [None, Some(1i64)],
                // The outgoing students' list spans 2023-2024 and has no row there: a true 0.
                // 2024-2025: P2, 2 without id, P3.
                "students_out" => [Some(0i64), Some(4)],
                // P2's row (1) + the row of 2.
                "international_traineeships" => [Some(0i64), Some(3)],
                "international_students" => [None, Some(4i64)],
                "international_students_share_pct" => [None, Some(66.7)],
                "nationalities" => [None, Some(3i64)],
                // Staff lists reach 2024-2025 only. S1 once (S2 trained).
                "visiting_professors" => [None, Some(1i64)],
                // S3.
                "staff_abroad" => [None, Some(1i64)],
                // No ICM projects table: unknown, not 0.
                "icm_countries" => [None::<i64>, None],
                // No programmes list, no welcome register: unknown.
                "programmes_in_english" => [None::<i64>, None],
                "fle_hours" => [None::<i64>, None],
                // housing_rate's 2024-2025 row.
                "housing_places_per_100" => [None, Some(75.0)],
            )
            .unwrap(),
        );
    }

    #[test]
    fn icm_countries_count_the_years_a_project_runs() {
        //  R1 UA, MA call 2023: runs 2023-2024 to 2025-2026
        //  R2 GH     call 2021: runs 2021-2022 to 2023-2024
        //  R3 SN     no call year: counts every year
        //  R4 KE, UA call 2024: runs 2024-2025 to 2026-2027
        let icm = df!(
            "project_reference" => ["R1", "R1", "R2", "R3", "R4", "R4"],
            "partner_country" => ["UA", "MA", "GH", "SN", "KE", "UA"],
            "call_year" => [Some(2023i64), Some(2023), Some(2021), None, Some(2024), Some(2024)],
        )
        .unwrap();
        let base = base(
            vec![(TableKind::IcmProjects, icm)],
            "2024-2025",
            &["2023-2024", "2024-2025", "2026-2027"],
        );
        let figures = key_figures(
            &base,
            outgoing_rate::outgoing_rate(&base).unwrap(),
            students::international_students(&base),
            super::super::welcome::housing_rate(&base),
        )
        .select([
            col("academic_year"),
            col("icm_countries"),
            col("partners"),
            col("students_in"),
            col("outgoing_rate_pct"),
        ]);
        assert_frame(
            figures,
            df!(
                "academic_year" => ["2023-2024", "2024-2025", "2026-2027"],
                // 2023-2024: UA, MA, GH, SN. 2024-2025: UA (R1 and R4: once), MA, SN, KE; GH's
                // project ended. 2026-2027: SN, KE, UA (R4); R1 ended.
                "icm_countries" => [4i64, 4, 3],
                // No partners, mobilities or students tables: unknown.
                "partners" => [None::<i64>, None, None],
                "students_in" => [None::<i64>, None, None],
                "outgoing_rate_pct" => [None::<f64>, None, None],
            )
            .unwrap(),
        );
    }

    #[test]
    fn targets_are_floors_on_the_reporting_year() {
        let base = base(vec![], "2024-2025", &["2023-2024", "2024-2025"]);
        // Key figures of two years; only 2024-2025's count.
        let figures = df!(
            "academic_year" => ["2023-2024", "2024-2025"],
            "partners" => [500i64, 120],
            "outgoing_rate_pct" => [Some(80.0), None],
            "international_students_share_pct" => [10.0, 26.7],
            "visiting_professors" => [0i64, 2],
        )
        .unwrap();
        let wanted: BTreeMap<KeyFigure, f64> = [
            (KeyFigure::Partners, 150.0),
            (KeyFigure::OutgoingRatePct, 40.0),
            (KeyFigure::InternationalStudentsSharePct, 25.0),
            (KeyFigure::VisitingProfessors, 2.0),
        ]
        .into();
        assert_frame(
            targets(&base, figures.lazy(), &wanted).unwrap(),
            df!(
                "academic_year" => ["2024-2025"; 4],
                // In name order.
                "target" => ["international_students_share_pct", "outgoing_rate_pct", "partners", "visiting_professors"],
                "target_value" => [25.0, 40.0, 150.0, 2.0],
                "actual" => [Some(26.7), None, Some(120.0), Some(2.0)],
                // 26.7 - 25 = 1.7 (rounded to three decimals); 120 - 150 = -30; 2 - 2 = 0.
                "gap" => [Some(1.7), None, Some(-30.0), Some(0.0)],
                // Reaching the target meets it: 2 of 2 is met.
                "status" => ["met", "no data", "not met", "met"],
            )
            .unwrap(),
        );
    }

    #[test]
    fn no_targets_give_an_empty_table_with_its_columns() {
        let base = base(vec![], "2024-2025", &["2024-2025"]);
        let figures = df!("academic_year" => ["2024-2025"], "partners" => [3i64]).unwrap();
        assert_frame(
            targets(&base, figures.lazy(), &BTreeMap::new()).unwrap(),
            df!(
                "academic_year" => Vec::<String>::new(),
                "target" => Vec::<String>::new(),
                "target_value" => Vec::<f64>::new(),
                "actual" => Vec::<f64>::new(),
                "gap" => Vec::<f64>::new(),
                "status" => Vec::<String>::new(),
            )
            .unwrap(),
        );
    }
}
