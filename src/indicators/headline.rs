//! `key_figures` (the headline figures, one row per academic year) and `targets` (the
//! config's targets against the reporting year's key figures).

use super::base::{int, mobilities_where, participants_where, pct, sorted, Base};
use super::flows::{is_staff, is_teaching};
use super::partners::{double_degree_agreements_by_year, partners_where};
use super::registry::{Def, Indicator};
use super::words::{is, Own, TargetStatus};
use crate::schema::vocab::{Activity, Agreement, Direction, Participant};
use crate::schema::{ColumnDef, ColumnKind, TableKind};
use polars::prelude::*;
use std::collections::BTreeMap;

/// A headline figure: a column of `key_figures`, and what a target may be set on. Ordered
/// by id, the order the targets table lists them in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyFigure {
    OutgoingRatePct,
    Partners,
    ErasmusPartnerSharePct,
    DoubleDegreeAgreements,
    StudentsIn,
    StudentsOut,
    InternationalTraineeships,
    InternationalStudents,
    InternationalStudentsSharePct,
    Nationalities,
    VisitingProfessors,
    StaffAbroad,
    IcmCountries,
}

impl KeyFigure {
    /// Every key figure, in the order of the table's columns.
    pub const ALL: [KeyFigure; 13] = [
        KeyFigure::OutgoingRatePct,
        KeyFigure::Partners,
        KeyFigure::ErasmusPartnerSharePct,
        KeyFigure::DoubleDegreeAgreements,
        KeyFigure::StudentsIn,
        KeyFigure::StudentsOut,
        KeyFigure::InternationalTraineeships,
        KeyFigure::InternationalStudents,
        KeyFigure::InternationalStudentsSharePct,
        KeyFigure::Nationalities,
        KeyFigure::VisitingProfessors,
        KeyFigure::StaffAbroad,
        KeyFigure::IcmCountries,
    ];

    /// Its column in `key_figures`, and its name in the config's `[targets]`.
    pub const fn id(self) -> &'static str {
        match self {
            KeyFigure::OutgoingRatePct => "outgoing_rate_pct",
            KeyFigure::Partners => "partners",
            KeyFigure::ErasmusPartnerSharePct => "erasmus_partner_share_pct",
            KeyFigure::DoubleDegreeAgreements => "double_degree_agreements",
            KeyFigure::StudentsIn => "students_in",
            KeyFigure::StudentsOut => "students_out",
            KeyFigure::InternationalTraineeships => "international_traineeships",
            KeyFigure::InternationalStudents => "international_students",
            KeyFigure::InternationalStudentsSharePct => "international_students_share_pct",
            KeyFigure::Nationalities => "nationalities",
            KeyFigure::VisitingProfessors => "visiting_professors",
            KeyFigure::StaffAbroad => "staff_abroad",
            KeyFigure::IcmCountries => "icm_countries",
        }
    }

    /// What its values mean: a percentage or a count.
    pub const fn kind(self) -> ColumnKind {
        match self {
            KeyFigure::OutgoingRatePct
            | KeyFigure::ErasmusPartnerSharePct
            | KeyFigure::InternationalStudentsSharePct => ColumnKind::Percent,
            _ => ColumnKind::Count,
        }
    }

    /// Whether it is a percentage (its change is then in points).
    pub fn is_percent(self) -> bool {
        self.kind() == ColumnKind::Percent
    }

    /// The figure named `id`.
    pub fn from_id(id: &str) -> Option<KeyFigure> {
        Self::ALL.into_iter().find(|k| k.id() == id)
    }

    /// The table that counts it when it was given: a year without any row there is then 0,
    /// not unknown. None for the figures taken from other indicators (rates, shares, the
    /// enrolment figures), which stay unknown when their inputs do.
    fn counted_in(self) -> Option<TableKind> {
        match self {
            KeyFigure::Partners | KeyFigure::DoubleDegreeAgreements => Some(TableKind::Partners),
            KeyFigure::StudentsIn
            | KeyFigure::StudentsOut
            | KeyFigure::InternationalTraineeships
            | KeyFigure::VisitingProfessors
            | KeyFigure::StaffAbroad => Some(TableKind::Mobilities),
            KeyFigure::IcmCountries => Some(TableKind::IcmProjects),
            KeyFigure::OutgoingRatePct
            | KeyFigure::ErasmusPartnerSharePct
            | KeyFigure::InternationalStudents
            | KeyFigure::InternationalStudentsSharePct
            | KeyFigure::Nationalities => None,
        }
    }
}

impl Ord for KeyFigure {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.id().cmp(other.id())
    }
}

impl PartialOrd for KeyFigure {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// The columns of `key_figures`: academic_year, then every [`KeyFigure`].
pub const COLUMNS: [ColumnDef; 1 + KeyFigure::ALL.len()] = {
    let mut out =
        [ColumnDef::new("academic_year", ColumnKind::AcademicYear); 1 + KeyFigure::ALL.len()];
    let mut i = 0;
    while i < KeyFigure::ALL.len() {
        let figure = KeyFigure::ALL[i];
        out[i + 1] = ColumnDef::new(figure.id(), figure.kind());
        i += 1;
    }
    out
};

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

/// The indicator: academic_year and the [`KeyFigure`] columns, for every year trends cover.
/// `outgoing_rate` and `international_students` are the plan's frames of those indicators.
pub fn key_figures(
    base: &Base,
    outgoing_rate: LazyFrame,
    international_students: LazyFrame,
) -> LazyFrame {
    let rate = outgoing_rate
        .filter(col("home_programme").eq(Own::All.lit()))
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
        .left_join(icm_figures(base), year(), year());
    // Zero where the table was given but nothing happened that year; null where the table
    // was not given at all (the figure is unknown, not zero).
    let figures = KeyFigure::ALL.map(|figure| match figure.counted_in() {
        Some(table) if base.has(table) => col(figure.id()).fill_null(lit(0i64)),
        _ => col(figure.id()),
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
