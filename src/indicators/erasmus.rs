//! `erasmus_activity`: Erasmus+ KA131 and KA171 mobilities by year, activity code, direction
//! and country, with the figures the final reports ask for.

use super::base::{
    dated_mobilities, group_by_year, mean_days, mobilities, mobilities_where, participants, sorted,
    total_days, Base,
};
use super::registry::Def;
use super::words::{is, is_any, Own};
use crate::schema::vocab::{Activity, Funding};
use crate::schema::ColumnKind::{AcademicYear, Count, Country, Decimal, Text, Vocabulary};
use crate::schema::{ColumnDef, TableKind};
use polars::prelude::*;

/// Erasmus+ activity per year.
pub const ERASMUS_ACTIVITY: Def = Def {
    id: "erasmus_activity",
    needs: &[TableKind::Mobilities],
    columns: &with_measures::<5, 11>([
        ColumnDef::new("funding", Vocabulary),
        ColumnDef::new("academic_year", AcademicYear),
        ColumnDef::new("activity_code", Text),
        ColumnDef::new("direction", Vocabulary),
        ColumnDef::new("country", Country),
    ]),
    build: |i| Ok(erasmus_activity(i.base)),
};

/// The figures the Erasmus+ final-report tables give after their keys, in order.
pub const MEASURE_COLUMNS: [ColumnDef; 6] = [
    ColumnDef::persons("mobilities"),
    ColumnDef::persons("participants"),
    ColumnDef::of_persons("total_days", Count, &["mobilities"]),
    ColumnDef::of_persons("mean_days", Decimal, &["mobilities"]),
    ColumnDef::persons("fewer_opportunities"),
    ColumnDef::persons("green_travel"),
];

/// The `K` key columns then [`MEASURE_COLUMNS`], as one array of `N` = `K` + 6 columns (a
/// wrong `N` fails to compile).
pub const fn with_measures<const K: usize, const N: usize>(keys: [ColumnDef; K]) -> [ColumnDef; N] {
    assert!(N == K + MEASURE_COLUMNS.len());
    let mut out = [MEASURE_COLUMNS[0]; N];
    let mut i = 0;
    while i < N {
        out[i] = if i < K {
            keys[i]
        } else {
            MEASURE_COLUMNS[i - K]
        };
        i += 1;
    }
    out
}

/// The Erasmus+ activity code of each row ([`Activity::erasmus_code`]); "other" for an
/// activity without one.
pub fn activity_code() -> Expr {
    let coded: Vec<(Expr, Expr)> = Activity::ALL
        .iter()
        .filter_map(|a| a.erasmus_code().map(|code| (is(*a), lit(code))))
        .collect();
    let [(c0, v0), (c1, v1), rest @ ..] = coded.as_slice() else {
        unreachable!("several activities have an Erasmus+ code")
    };
    let mut chain = when(c0.clone())
        .then(v0.clone())
        .when(c1.clone())
        .then(v1.clone());
    for (cond, code) in rest {
        chain = chain.when(cond.clone()).then(code.clone());
    }
    chain.otherwise(Own::Other.text()).alias("activity_code")
}

/// What the Erasmus+ final reports count per group: mobilities, participants, total_days,
/// and the mobilities with fewer opportunities and with green travel (all weighted).
pub fn final_report_measures() -> [Expr; 6] {
    [
        mobilities(),
        participants(),
        total_days(),
        dated_mobilities(),
        mobilities_where(
            col("fewer_opportunities").fill_null(lit(false)),
            "fewer_opportunities",
        ),
        mobilities_where(col("green_travel").fill_null(lit(false)), "green_travel"),
    ]
}

/// The indicator: funding, academic_year, activity_code, direction, country, mobilities,
/// participants, total_days, mean_days, fewer_opportunities, green_travel.
pub fn erasmus_activity(base: &Base) -> LazyFrame {
    let keys = [
        "funding",
        "academic_year",
        "activity_code",
        "direction",
        "country",
    ];
    let erasmus = base
        .mobilities
        .clone()
        .filter(is_any(&[Funding::ErasmusKa131, Funding::ErasmusKa171]))
        .with_columns([activity_code(), col("partner_country").alias("country")]);
    let lf = group_by_year(erasmus, keys.map(col), final_report_measures().to_vec())
        .with_column(mean_days())
        .select([
            col("funding"),
            col("academic_year"),
            col("activity_code"),
            col("direction"),
            col("country"),
            col("mobilities"),
            col("participants"),
            col("total_days"),
            col("mean_days"),
            col("fewer_opportunities"),
            col("green_travel"),
        ]);
    sorted(lf, &keys)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testing::{assert_frame, base};
    use crate::schema::TableKind;

    #[test]
    fn erasmus_activity_per_activity_code_with_the_final_report_figures() {
        //  P1 KA131 24-25 out study             IT 100 days, fewer opportunities
        //  P1 KA131 24-25 out doctoral_short    IT  10 days (HE-SMS too: P1 once)
        //  -- KA131 24-25 out traineeship       DE  60 days, 2 participants, green travel
        //  S1 KA171 24-25 in  teaching          UA   5 days
        //  S2 KA171 24-25 in  other             UA   3 days, fewer opportunities unknown
        //  P5 KA131 23-24 out blended_intensive AT   5 days
        //  P3 bilateral and P4 without funding: not Erasmus+, count nowhere
        let frame = df!(
            "person_id" => [Some("P1"), Some("P1"), None, Some("S1"), Some("S2"), Some("P5"), Some("P3"), Some("P4")],
            "funding" => [Some("erasmus_ka131"), Some("erasmus_ka131"), Some("erasmus_ka131"), Some("erasmus_ka171"), Some("erasmus_ka171"), Some("erasmus_ka131"), Some("bilateral"), None],
            "academic_year" => ["2024-2025", "2024-2025", "2024-2025", "2024-2025", "2024-2025", "2023-2024", "2024-2025", "2024-2025"],
            "direction" => ["outgoing", "outgoing", "outgoing", "incoming", "incoming", "outgoing", "outgoing", "outgoing"],
            "activity" => ["study", "doctoral_short", "traineeship", "teaching", "other", "blended_intensive", "study", "study"],
            "partner_country" => ["IT", "IT", "DE", "UA", "UA", "AT", "CL", "CL"],
            "duration_days" => [100i64, 10, 60, 5, 3, 5, 90, 90],
            "participants" => [1i64, 1, 2, 1, 1, 1, 1, 1],
            "fewer_opportunities" => [Some(true), Some(false), Some(false), Some(false), None, Some(false), Some(true), Some(true)],
            "green_travel" => [Some(false), Some(false), Some(true), Some(false), Some(false), None, Some(true), Some(true)],
        )
        .unwrap();
        let base = base(
            vec![(TableKind::Mobilities, frame)],
            "2024-2025",
            &["2023-2024", "2024-2025"],
        );
        assert_frame(
            erasmus_activity(&base),
            df!(
                "funding" => ["erasmus_ka131", "erasmus_ka131", "erasmus_ka131", "erasmus_ka171", "erasmus_ka171"],
                "academic_year" => ["2023-2024", "2024-2025", "2024-2025", "2024-2025", "2024-2025"],
                // KA171 2024-2025: "other" sorts after "HE-STA".
                "activity_code" => ["HE-BIP", "HE-SMS", "HE-SMT", "HE-STA", "other"],
                "direction" => ["outgoing", "outgoing", "outgoing", "incoming", "incoming"],
                "country" => ["AT", "IT", "DE", "UA", "UA"],
                // HE-SMS: study + doctoral_short. HE-SMT: one row of 2.
                "mobilities" => [1i64, 2, 2, 1, 1],
                // HE-SMS: P1 once. HE-SMT: 2 without id.
                "participants" => [1i64, 1, 2, 1, 1],
                // HE-SMS: 100 + 10. HE-SMT: 2 × 60.
                "total_days" => [5i64, 110, 120, 5, 3],
                // 110 / 2 = 55.0; 120 / 2 = 60.0.
                "mean_days" => [5.0, 55.0, 60.0, 5.0, 3.0],
                // HE-SMS: the study row. "other": unknown counts as no.
                "fewer_opportunities" => [0i64, 1, 0, 0, 0],
                // HE-SMT: one row of 2 participants. HE-BIP: unknown counts as no.
                "green_travel" => [0i64, 0, 2, 0, 0],
            )
            .unwrap(),
        );
    }
}
