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
