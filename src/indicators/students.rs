//! `international_students` (every enrolment year), `nationalities` and
//! `international_students_by_level` (the reporting year's international students by
//! nationality and by level of study).

use super::base::{int, pct, sorted, with_continent, Base};
use super::registry::Def;
use super::words::{is, Own};
use crate::schema::vocab::{Level, StudentStatus};
use crate::schema::ColumnKind::{AcademicYear, Continent, Count, Country, Percent, Vocabulary};
use crate::schema::{ColumnDef, TableKind};
use polars::prelude::*;

/// International students.
pub const INTERNATIONAL_STUDENTS: Def = Def {
    id: "international_students",
    needs: &[TableKind::Students],
    columns: &[
        ColumnDef::new("enrolled_year", AcademicYear),
        ColumnDef::persons("enrolled"),
        ColumnDef::persons("international"),
        ColumnDef::persons("international_degree"),
        ColumnDef::persons("international_exchange"),
        ColumnDef::of_persons("share_pct", Percent, &["enrolled", "international"]),
        ColumnDef::new("nationalities", Count),
        ColumnDef::persons("nationality_unknown"),
    ],
    build: |i| Ok(international_students(i.base)),
};

/// Nationalities of international students.
pub const NATIONALITIES: Def = Def {
    id: "nationalities",
    needs: &[TableKind::Students],
    columns: &[
        ColumnDef::new("enrolled_year", AcademicYear),
        ColumnDef::new("nationality", Country),
        ColumnDef::new("continent", Continent),
        ColumnDef::persons("students"),
        ColumnDef::persons("degree"),
        ColumnDef::persons("exchange"),
    ],
    build: |i| nationalities(i.base),
};

/// International students by level.
pub const INTERNATIONAL_STUDENTS_BY_LEVEL: Def = Def {
    id: "international_students_by_level",
    needs: &[TableKind::Students],
    columns: &[
        ColumnDef::new("enrolled_year", AcademicYear),
        ColumnDef::new("level", Vocabulary),
        ColumnDef::persons("enrolled"),
        ColumnDef::persons("international"),
        ColumnDef::persons("degree"),
        ColumnDef::persons("exchange"),
        ColumnDef::of_persons("share_pct", Percent, &["enrolled", "international"]),
    ],
    build: |i| Ok(international_students_by_level(i.base)),
};

/// One row per person and enrolment year (the first row when the list repeats someone).
fn enrolments(base: &Base) -> LazyFrame {
    base.students
        .clone()
        .filter(
            col("enrolled_year")
                .is_not_null()
                .and(col("person_id").is_not_null()),
        )
        .unique_stable(
            Some(cols(["person_id", "enrolled_year"])),
            UniqueKeepStrategy::First,
        )
}

/// A student whose nationality is known and not the home country's.
pub(super) fn is_international(base: &Base) -> Expr {
    col("nationality")
        .is_not_null()
        .and(col("nationality").neq(lit(base.home_country.clone())))
}

fn count(cond: Expr, name: &str) -> Expr {
    int(cond.cast(DataType::Int64).sum()).alias(name)
}

/// The indicator: enrolled_year, enrolled, international, international_degree,
/// international_exchange, share_pct, nationalities (distinct foreign nationalities),
/// nationality_unknown.
pub fn international_students(base: &Base) -> LazyFrame {
    let intl = is_international(base);
    let lf = enrolments(base)
        .group_by([col("enrolled_year")])
        .agg([
            int(len()).alias("enrolled"),
            count(intl.clone(), "international"),
            count(
                intl.clone().and(is(StudentStatus::Degree)),
                "international_degree",
            ),
            count(
                intl.clone().and(is(StudentStatus::Exchange)),
                "international_exchange",
            ),
            int(col("nationality").filter(intl).n_unique()).alias("nationalities"),
            count(col("nationality").is_null(), "nationality_unknown"),
        ])
        .with_column(pct(col("international"), col("enrolled")).alias("share_pct"))
        .select([
            col("enrolled_year"),
            col("enrolled"),
            col("international"),
            col("international_degree"),
            col("international_exchange"),
            col("share_pct"),
            col("nationalities"),
            col("nationality_unknown"),
        ]);
    sorted(lf, &["enrolled_year"])
}

/// The indicator: enrolled_year, nationality, continent, students, degree, exchange — the
/// reporting year's international students, most frequent nationality first.
pub fn nationalities(base: &Base) -> PolarsResult<LazyFrame> {
    let lf = enrolments(base)
        .filter(
            col("enrolled_year")
                .eq(lit(base.year.clone()))
                .and(is_international(base)),
        )
        .group_by([col("nationality")])
        .agg([
            int(len()).alias("students"),
            count(is(StudentStatus::Degree), "degree"),
            count(is(StudentStatus::Exchange), "exchange"),
        ]);
    let lf = with_continent(lf, "nationality")?
        .select([
            lit(base.year.clone()).alias("enrolled_year"),
            col("nationality"),
            col("continent"),
            col("students"),
            col("degree"),
            col("exchange"),
        ])
        .sort_by_exprs(
            [col("students"), col("nationality")],
            SortMultipleOptions::default().with_order_descending_multi([true, false]),
        );
    Ok(lf)
}

/// The indicator: enrolled_year, level, enrolled, international, degree, exchange, share_pct
/// — the reporting year's enrolments per level of study (bachelor, master, doctorate, then
/// "unspecified" when the list gives none), with their international students.
pub fn international_students_by_level(base: &Base) -> LazyFrame {
    let intl = is_international(base);
    let order = when(is(Level::Bachelor))
        .then(lit(0))
        .when(is(Level::Master))
        .then(lit(1))
        .when(is(Level::Doctorate))
        .then(lit(2))
        .otherwise(lit(3));
    enrolments(base)
        .filter(col("enrolled_year").eq(lit(base.year.clone())))
        .with_column(col("level").fill_null(Own::Unspecified.lit()))
        .group_by([col("level")])
        .agg([
            int(len()).alias("enrolled"),
            count(intl.clone(), "international"),
            count(intl.clone().and(is(StudentStatus::Degree)), "degree"),
            count(intl.and(is(StudentStatus::Exchange)), "exchange"),
        ])
        .with_column(pct(col("international"), col("enrolled")).alias("share_pct"))
        .sort_by_exprs([order], SortMultipleOptions::default())
        .select([
            lit(base.year.clone()).alias("enrolled_year"),
            col("level"),
            col("enrolled"),
            col("international"),
            col("degree"),
            col("exchange"),
            col("share_pct"),
        ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testing::{assert_frame, base, HOME_COUNTRY};
    use crate::schema::TableKind;

    /// The enrolment list (home country FR):
    ///  E1 24-25 FR degree   master
    ///  E2 24-25 IT degree   master
    ///  E2 24-25 DE exchange doctorate  (E2 again that year: only the first row counts)
    ///  E3 24-25 IT exchange bachelor
    ///  E4 24-25 -- degree   bachelor   (nationality unknown: not international)
    ///  E5 24-25 MA degree   doctorate
    ///  E6 24-25 BR exchange (no level)
    ///  E7 23-24 IT exchange master
    ///  E8 -- (no enrolment year: counts nowhere) IT
    fn students() -> Base {
        assert_eq!(HOME_COUNTRY, "FR");
        let frame = df!(
            "person_id" => ["E1", "E2", "E2", "E3", "E4", "E5", "E6", "E7", "E8"],
            "enrolled_year" => [Some("2024-2025"), Some("2024-2025"), Some("2024-2025"), Some("2024-2025"), Some("2024-2025"), Some("2024-2025"), Some("2024-2025"), Some("2023-2024"), None],
            "nationality" => [Some("FR"), Some("IT"), Some("DE"), Some("IT"), None, Some("MA"), Some("BR"), Some("IT"), Some("IT")],
            "status" => ["degree", "degree", "exchange", "exchange", "degree", "degree", "exchange", "exchange", "degree"],
            "level" => [Some("master"), Some("master"), Some("doctorate"), Some("bachelor"), Some("bachelor"), Some("doctorate"), None, Some("master"), Some("master")],
        )
        .unwrap();
        base(
            vec![(TableKind::Students, frame)],
            "2024-2025",
            &["2023-2024", "2024-2025"],
        )
    }

    #[test]
    fn international_students_per_enrolment_year() {
        assert_frame(
            international_students(&students()),
            df!(
                "enrolled_year" => ["2023-2024", "2024-2025"],
                // 2024-2025: E1 to E6 (E2 once).
                "enrolled" => [1i64, 6],
                // 2024-2025: E2 IT, E3 IT, E5 MA, E6 BR (not E1, French, nor E4, unknown).
                "international" => [1i64, 4],
                // 2024-2025: E2, E5 (E2's exchange row is the repeated one).
                "international_degree" => [0i64, 2],
                // 2024-2025: E3, E6.
                "international_exchange" => [1i64, 2],
                // 2024-2025: 4 / 6 = 66.7.
                "share_pct" => [100.0, 66.7],
                // 2024-2025: IT, MA, BR (DE was on the repeated row).
                "nationalities" => [1i64, 3],
                // 2024-2025: E4.
                "nationality_unknown" => [0i64, 1],
            )
            .unwrap(),
        );
    }

    #[test]
    fn nationalities_of_the_year_most_frequent_first() {
        assert_frame(
            nationalities(&students()).unwrap(),
            df!(
                "enrolled_year" => ["2024-2025"; 3],
                // IT 2 first; BR and MA 1 each, in code order.
                "nationality" => ["IT", "BR", "MA"],
                "continent" => ["Europe", "South America", "Africa"],
                // IT: E2, E3 (E7 is of 2023-2024).
                "students" => [2i64, 1, 1],
                // IT: E2. MA: E5.
                "degree" => [1i64, 0, 1],
                // IT: E3. BR: E6.
                "exchange" => [1i64, 1, 0],
            )
            .unwrap(),
        );
    }

    #[test]
    fn by_level_in_level_order_with_unspecified_last() {
        assert_frame(
            international_students_by_level(&students()),
            df!(
                "enrolled_year" => ["2024-2025"; 4],
                "level" => ["bachelor", "master", "doctorate", "unspecified"],
                // bachelor E3, E4; master E1, E2; doctorate E5 (not E2's repeated row); E6.
                "enrolled" => [2i64, 2, 1, 1],
                // bachelor E3; master E2; doctorate E5; unspecified E6.
                "international" => [1i64, 1, 1, 1],
                // master E2; doctorate E5.
                "degree" => [0i64, 1, 1, 0],
                // bachelor E3; unspecified E6.
                "exchange" => [1i64, 0, 0, 1],
                // 1 / 2 = 50.0; 1 / 1 = 100.0.
                "share_pct" => [50.0, 50.0, 100.0, 100.0],
            )
            .unwrap(),
        );
    }
}
