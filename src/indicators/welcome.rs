//! The welcome and label register's figures: `welcome_services` (per year, kind and measure)
//! and `housing_rate` (housing places against the year's international newcomers).

use super::base::{int, pct, sorted, Base};
use super::registry::Def;
use super::students::is_international;
use crate::schema::vocab::{Measure, WelcomeKind};
use crate::schema::ColumnKind::{AcademicYear, Count, Decimal, Vocabulary};
use crate::schema::{ColumnDef, TableKind};
use polars::prelude::*;

/// Welcome services.
pub const WELCOME_SERVICES: Def = Def {
    id: "welcome_services",
    needs: &[TableKind::Welcome],
    columns: &[
        ColumnDef::new("academic_year", AcademicYear),
        ColumnDef::new("kind", Vocabulary),
        ColumnDef::new("measure", Vocabulary),
        ColumnDef::new("value", Count),
        ColumnDef::new("entries", Count),
    ],
    build: |i| Ok(welcome_services(i.base)),
};

/// Housing for international newcomers.
pub const HOUSING_RATE: Def = Def {
    id: "housing_rate",
    needs: &[TableKind::Welcome, TableKind::Students],
    columns: &[
        ColumnDef::new("academic_year", AcademicYear),
        ColumnDef::new("housing_places", Count),
        ColumnDef::persons("international_newcomers"),
        ColumnDef::of_persons("places_per_100", Decimal, &["international_newcomers"]),
    ],
    build: |i| Ok(housing_rate(i.base)),
};

/// The indicator: academic_year, kind, measure, value (the register's figures summed),
/// entries (rows summed).
pub fn welcome_services(base: &Base) -> LazyFrame {
    let keys = ["academic_year", "kind", "measure"];
    let lf = base.welcome.clone().group_by(keys.map(col)).agg([
        int(col("value").sum()).alias("value"),
        int(len()).alias("entries"),
    ]);
    sorted(lf, &keys)
}

/// The indicator: academic_year, housing_places (the register's housing places that year),
/// international_newcomers (international students whose first enrolment year in the list is
/// that year, degree and exchange alike), places_per_100 (places / newcomers × 100: over 100
/// when there are more places than newcomers). One row per year
/// the register gives housing places for.
pub fn housing_rate(base: &Base) -> LazyFrame {
    let places = base
        .welcome
        .clone()
        .filter(
            col("kind")
                .eq(lit(WelcomeKind::Housing.as_str()))
                .and(col("measure").eq(lit(Measure::Places.as_str()))),
        )
        .group_by([col("academic_year")])
        .agg([int(col("value").sum()).alias("housing_places")]);
    // A newcomer's year: the first enrolment year of an international student.
    let newcomers = base
        .students
        .clone()
        .filter(
            col("enrolled_year")
                .is_not_null()
                .and(col("person_id").is_not_null())
                .and(is_international(base)),
        )
        .group_by([col("person_id")])
        .agg([col("enrolled_year").min().alias("academic_year")])
        .group_by([col("academic_year")])
        .agg([int(len()).alias("international_newcomers")]);
    let lf = places
        .left_join(newcomers, col("academic_year"), col("academic_year"))
        .select([
            col("academic_year"),
            col("housing_places"),
            int(col("international_newcomers").fill_null(lit(0i64)))
                .alias("international_newcomers"),
        ])
        .with_column(
            pct(col("housing_places"), col("international_newcomers")).alias("places_per_100"),
        );
    sorted(lf, &["academic_year"])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testing::{assert_frame, base};

    /// The register: 2024-2025 FLE 40 + 80 hours, housing 30 places, buddy 45 participants;
    /// 2023-2024 housing 20 places.
    fn register() -> DataFrame {
        df!(
            "academic_year" => ["2024-2025", "2024-2025", "2024-2025", "2024-2025", "2023-2024"],
            "kind" => ["fle_course", "fle_course", "housing", "buddy_programme", "housing"],
            "measure" => ["hours", "hours", "places", "participants", "places"],
            "value" => [40i64, 80, 30, 45, 20],
        )
        .unwrap()
    }

    #[test]
    fn welcome_services_sum_the_register_per_year_kind_and_measure() {
        let b = base(
            vec![(TableKind::Welcome, register())],
            "2024-2025",
            &["2023-2024", "2024-2025"],
        );
        assert_frame(
            welcome_services(&b),
            df!(
                "academic_year" => ["2023-2024", "2024-2025", "2024-2025", "2024-2025"],
                // Sorted by kind's canonical name.
                "kind" => ["housing", "buddy_programme", "fle_course", "housing"],
                "measure" => ["places", "participants", "hours", "places"],
                // FLE: 40 + 80 = 120 hours over 2 rows.
                "value" => [20i64, 45, 120, 30],
                "entries" => [1i64, 1, 2, 1],
            )
            .unwrap(),
        );
    }

    #[test]
    fn housing_places_against_international_newcomers() {
        // International newcomers (home FR): N1 IT first enrolled 2023-2024 (again in
        // 2024-2025: not new then), N2 MA and N3 BR first in 2024-2025, N4 FR (not
        // international), N5 IT in 2024-2025.
        let students = df!(
            "person_id" => ["N1", "N1", "N2", "N3", "N4", "N5"],
            "enrolled_year" => ["2023-2024", "2024-2025", "2024-2025", "2024-2025", "2024-2025", "2024-2025"],
            "nationality" => ["IT", "IT", "MA", "BR", "FR", "IT"],
        )
        .unwrap();
        let b = base(
            vec![
                (TableKind::Welcome, register()),
                (TableKind::Students, students),
            ],
            "2024-2025",
            &["2023-2024", "2024-2025"],
        );
        assert_frame(
            housing_rate(&b),
            df!(
                "academic_year" => ["2023-2024", "2024-2025"],
                "housing_places" => [20i64, 30],
                // 2023-2024: N1; 2024-2025: N2, N3, N5.
                "international_newcomers" => [1i64, 3],
                // 20 / 1 × 100 = 2000; 30 / 3 × 100 = 1000.
                "places_per_100" => [2000.0, 1000.0],
            )
            .unwrap(),
        );
    }
}
