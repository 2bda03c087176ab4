//! `programmes_in_english`: the degree programmes taught in English or in both languages, per
//! faculty and level, and the reporting year's international students enrolled in them.

use super::base::{int, pct, sorted, Base};
use super::registry::Def;
use super::students::is_international;
use super::words::Own;
use crate::schema::vocab::InstructionLanguage;
use crate::schema::ColumnKind::{Count, OwnWords, Percent, Vocabulary};
use crate::schema::{ColumnDef, TableKind};
use polars::prelude::*;

/// Programmes taught in English.
pub const PROGRAMMES_IN_ENGLISH: Def = Def {
    id: "programmes_in_english",
    needs: &[TableKind::Programmes],
    columns: &[
        ColumnDef::new("faculty", OwnWords),
        ColumnDef::new("level", Vocabulary),
        ColumnDef::new("programmes", Count),
        ColumnDef::new("in_english", Count),
        ColumnDef::new("share_pct", Percent),
        ColumnDef::persons("international_students"),
    ],
    build: |i| Ok(programmes_in_english(i.base)),
};

/// Taught in English, alone or with French.
pub fn in_english() -> Expr {
    let is = |l: InstructionLanguage| col("language").eq(lit(l.as_str()));
    is(InstructionLanguage::English)
        .or(is(InstructionLanguage::Bilingual))
        .fill_null(lit(false))
}

/// The indicator: faculty, level, programmes, in_english, share_pct (in_english / programmes
/// × 100), international_students (distinct international students of the reporting year
/// enrolled in one of the group's programmes taught in English; empty without an enrolment
/// list). One row per faculty and level ("unspecified" when the list gives none), then an
/// "all" row.
pub fn programmes_in_english(base: &Base) -> LazyFrame {
    let programmes = base
        .programmes
        .clone()
        .unique_stable(Some(cols(["programme"])), UniqueKeepStrategy::First)
        .select([
            col("programme"),
            col("faculty").fill_null(Own::Unspecified.lit()),
            col("level").fill_null(Own::Unspecified.lit()),
            in_english().alias("english"),
        ]);
    let counts = |lf: LazyGroupBy| {
        lf.agg([
            int(len()).alias("programmes"),
            int(col("english").cast(DataType::Int64).sum()).alias("in_english"),
        ])
    };
    let by_group = counts(programmes.clone().group_by([col("faculty"), col("level")]));
    let all = counts(programmes.clone().group_by([lit(true).alias("all")])).select([
        Own::All.lit().alias("faculty"),
        Own::All.lit().alias("level"),
        col("programmes"),
        col("in_english"),
    ]);
    // International students of the reporting year in programmes taught in English.
    let students = base
        .students
        .clone()
        .filter(
            col("enrolled_year")
                .eq(lit(base.year.clone()))
                .and(is_international(base)),
        )
        .select([col("person_id"), col("home_programme")]);
    let enrolled = programmes.filter(col("english")).inner_join(
        students,
        col("programme"),
        col("home_programme"),
    );
    let people = |lf: LazyGroupBy| lf.agg([int(col("person_id").n_unique()).alias("people")]);
    let people_by_group = people(enrolled.clone().group_by([col("faculty"), col("level")]));
    let people_all = people(enrolled.group_by([lit(true).alias("all")])).select([
        Own::All.lit().alias("faculty"),
        Own::All.lit().alias("level"),
        col("people"),
    ]);
    let left = |a: LazyFrame, b: LazyFrame| {
        let keys = [col("faculty"), col("level")];
        a.join(b, keys.clone(), keys, JoinArgs::new(JoinType::Left))
    };
    let groups = sorted(left(by_group, people_by_group), &["faculty", "level"]);
    let all = left(all, people_all);
    let students_given = base.has(TableKind::Students);
    let international = if students_given {
        col("people").fill_null(lit(0i64))
    } else {
        lit(NULL).cast(DataType::Int64)
    };
    concat([groups, all], UnionArgs::default())
        .expect("the same columns")
        .select([
            col("faculty"),
            col("level"),
            col("programmes"),
            col("in_english"),
            pct(col("in_english"), col("programmes")).alias("share_pct"),
            int(international).alias("international_students"),
        ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testing::{assert_frame, base, HOME_COUNTRY};

    /// The programmes list:
    ///  Génie civil   Ingénieurs master   english
    ///  Informatique  Ingénieurs master   french
    ///  Robotique     Ingénieurs master   bilingual
    ///  Management    IAE        master   english
    ///  Droit         --         bachelor --        (no faculty, no language: not in English)
    /// Enrolments 2024-2025 (home FR): E1 IT in Génie civil, E2 MA in Robotique, E3 FR in
    /// Génie civil (not international), E4 BR in Informatique (French-taught), E5 IT in
    /// Management; E6 IT in Génie civil but in 2023-2024 (another year).
    fn tables() -> Vec<(TableKind, DataFrame)> {
        assert_eq!(HOME_COUNTRY, "FR");
        let programmes = df!(
            "programme" => ["Génie civil", "Informatique", "Robotique", "Management", "Droit"],
            "faculty" => [Some("Ingénieurs"), Some("Ingénieurs"), Some("Ingénieurs"), Some("IAE"), None],
            "level" => ["master", "master", "master", "master", "bachelor"],
            "language" => [Some("english"), Some("french"), Some("bilingual"), Some("english"), None],
        )
        .unwrap();
        let students = df!(
            "person_id" => ["E1", "E2", "E3", "E4", "E5", "E6"],
            "home_programme" => ["Génie civil", "Robotique", "Génie civil", "Informatique", "Management", "Génie civil"],
            "enrolled_year" => ["2024-2025", "2024-2025", "2024-2025", "2024-2025", "2024-2025", "2023-2024"],
            "nationality" => ["IT", "MA", "FR", "BR", "IT", "IT"],
        )
        .unwrap();
        vec![
            (TableKind::Programmes, programmes),
            (TableKind::Students, students),
        ]
    }

    #[test]
    fn programmes_in_english_per_faculty_and_level_with_their_international_students() {
        let b = base(tables(), "2024-2025", &["2024-2025"]);
        assert_frame(
            programmes_in_english(&b),
            df!(
                // Sorted by faculty then level; "unspecified" for Droit's missing faculty.
                "faculty" => ["IAE", "Ingénieurs", "unspecified", "all"],
                "level" => ["master", "master", "bachelor", "all"],
                "programmes" => [1i64, 3, 1, 5],
                // IAE: Management; Ingénieurs: Génie civil and Robotique (bilingual).
                "in_english" => [1i64, 2, 0, 3],
                // 1/1, 2/3 = 66.7, 0/1, 3/5 = 60.
                "share_pct" => [100.0, 66.7, 0.0, 60.0],
                // IAE: E5; Ingénieurs: E1 (Génie civil), E2 (Robotique), not E3 (French) nor
                // E4 (French-taught programme) nor E6 (2023-2024); all: E1, E2, E5.
                "international_students" => [Some(1i64), Some(2), Some(0), Some(3)],
            )
            .unwrap(),
        );
    }

    #[test]
    fn without_an_enrolment_list_the_students_are_not_available() {
        let programmes = tables().remove(0);
        let b = base(vec![programmes], "2024-2025", &["2024-2025"]);
        let df = programmes_in_english(&b).collect().unwrap();
        assert_eq!(df.column("international_students").unwrap().null_count(), 4);
    }
}
