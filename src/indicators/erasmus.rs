//! `erasmus_activity`: Erasmus+ KA131 and KA171 mobilities by year, activity code, direction
//! and country, with the figures the final reports ask for.

use super::base::{
    mean_days, mobilities, mobilities_where, participants, sorted, total_days, Base,
};
use polars::prelude::*;

/// Erasmus+ activity types as the Beneficiary Module codes them (HE-SMS study, HE-SMT
/// traineeship, HE-STA teaching, HE-STT training, HE-BIP blended intensive programme).
/// Short doctoral mobilities are study or traineeship periods in the 2021-2027 programme and
/// are counted as study; anything else is "other".
pub fn activity_code() -> Expr {
    let code = |activity: &str, code: &str| (col("activity").eq(lit(activity)), lit(code));
    let (a, b, c, d, e, f) = (
        code("study", "HE-SMS"),
        code("traineeship", "HE-SMT"),
        code("teaching", "HE-STA"),
        code("training", "HE-STT"),
        code("blended_intensive", "HE-BIP"),
        code("doctoral_short", "HE-SMS"),
    );
    when(a.0)
        .then(a.1)
        .when(b.0)
        .then(b.1)
        .when(c.0)
        .then(c.1)
        .when(d.0)
        .then(d.1)
        .when(e.0)
        .then(e.1)
        .when(f.0)
        .then(f.1)
        .otherwise(lit("other"))
        .alias("activity_code")
}

/// What the Erasmus+ final reports count per group: mobilities, participants, total_days,
/// and the mobilities with fewer opportunities and with green travel (all weighted).
pub fn final_report_measures() -> [Expr; 5] {
    [
        mobilities(),
        participants(),
        total_days(),
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
    let lf = base
        .mobilities
        .clone()
        .filter(
            col("funding")
                .eq(lit("erasmus_ka131"))
                .or(col("funding").eq(lit("erasmus_ka171"))),
        )
        .with_columns([activity_code(), col("partner_country").alias("country")])
        .group_by(keys.map(col))
        .agg(final_report_measures())
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
