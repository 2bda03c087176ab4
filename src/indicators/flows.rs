//! `mobility_flows` (every mobility by year, direction, participant, activity and funding) and
//! `staff_mobility` (staff by year and direction: visiting professors and staff abroad).

use super::base::{
    mean_days, mobilities, mobilities_where, participants, participants_where, sorted, total_days,
    Base,
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
        ColumnDef::new("mobilities", Count),
        ColumnDef::new("participants", Count),
        ColumnDef::new("total_days", Count),
        ColumnDef::new("mean_days", Decimal),
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
        ColumnDef::new("teaching", Count),
        ColumnDef::new("training", Count),
        ColumnDef::new("total", Count),
        ColumnDef::new("staff", Count),
        ColumnDef::new("teaching_staff", Count),
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
