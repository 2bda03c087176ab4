//! `mobility_flows` (every mobility by year, direction, participant, activity and funding) and
//! `staff_mobility` (staff by year and direction: visiting professors and staff abroad).

use super::base::{
    mean_days, mobilities, mobilities_where, participants, participants_where, sorted, total_days,
    Base,
};
use polars::prelude::*;

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
    let lf = base
        .mobilities
        .clone()
        .group_by(keys.map(col))
        .agg([mobilities(), participants(), total_days()])
        .with_column(mean_days());
    sorted(lf, &keys)
}

/// Staff rows: participant staff.
pub fn is_staff() -> Expr {
    col("participant").eq(lit("staff"))
}

/// Teaching assignments (HE-STA).
pub fn is_teaching() -> Expr {
    col("activity").eq(lit("teaching"))
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
            mobilities_where(col("activity").eq(lit("training")), "training"),
            mobilities().alias("total"),
            participants().alias("staff"),
            participants_where(is_teaching(), "teaching_staff"),
        ]);
    sorted(lf, &keys)
}
