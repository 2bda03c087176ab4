//! The headline figures ([`KeyFigure`]): the columns of `key_figures`, what targets may be
//! set on, what each counts (its table, its population of mobilities) and its kind.

use super::coverage::Population;
use crate::schema::vocab::{Direction, Participant};
use crate::schema::{ColumnDef, ColumnKind, Privacy, TableKind};

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
    ProgrammesInEnglish,
    FleHours,
    HousingPlacesPer100,
}

impl KeyFigure {
    /// Every key figure, in the order of the table's columns.
    pub const ALL: [KeyFigure; 16] = [
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
        KeyFigure::ProgrammesInEnglish,
        KeyFigure::FleHours,
        KeyFigure::HousingPlacesPer100,
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
            KeyFigure::ProgrammesInEnglish => "programmes_in_english",
            KeyFigure::FleHours => "fle_hours",
            KeyFigure::HousingPlacesPer100 => "housing_places_per_100",
        }
    }

    /// What its values mean: a percentage or a count.
    pub const fn kind(self) -> ColumnKind {
        match self {
            KeyFigure::OutgoingRatePct
            | KeyFigure::ErasmusPartnerSharePct
            | KeyFigure::InternationalStudentsSharePct => ColumnKind::Percent,
            KeyFigure::HousingPlacesPer100 => ColumnKind::Decimal,
            _ => ColumnKind::Count,
        }
    }

    /// Whether it counts people (students, staff, their mobilities), or is a share of those
    /// counted in its row, for the small-cell suppression. The outgoing rate's people are in
    /// `outgoing_rate`'s "all" row: the suppression reads them there.
    pub const fn privacy(self) -> Privacy {
        match self {
            KeyFigure::StudentsIn
            | KeyFigure::StudentsOut
            | KeyFigure::InternationalTraineeships
            | KeyFigure::InternationalStudents
            | KeyFigure::VisitingProfessors
            | KeyFigure::StaffAbroad => Privacy::Persons,
            KeyFigure::InternationalStudentsSharePct => {
                Privacy::OfPersons(&["international_students"])
            }
            _ => Privacy::Open,
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

    /// The population of mobilities it counts, for the figures counted from the mobilities
    /// table: outside the years that population's inputs span, it is not available.
    pub fn population(self) -> Option<Population> {
        match self {
            KeyFigure::StudentsIn => Some((Direction::Incoming, Participant::Student)),
            KeyFigure::StudentsOut | KeyFigure::InternationalTraineeships => {
                Some((Direction::Outgoing, Participant::Student))
            }
            KeyFigure::VisitingProfessors => Some((Direction::Incoming, Participant::Staff)),
            KeyFigure::StaffAbroad => Some((Direction::Outgoing, Participant::Staff)),
            _ => None,
        }
    }

    /// The input table it is counted from.
    pub fn table(self) -> TableKind {
        match self {
            KeyFigure::OutgoingRatePct
            | KeyFigure::InternationalStudents
            | KeyFigure::InternationalStudentsSharePct
            | KeyFigure::Nationalities => TableKind::Students,
            KeyFigure::Partners
            | KeyFigure::ErasmusPartnerSharePct
            | KeyFigure::DoubleDegreeAgreements => TableKind::Partners,
            KeyFigure::StudentsIn
            | KeyFigure::StudentsOut
            | KeyFigure::InternationalTraineeships
            | KeyFigure::VisitingProfessors
            | KeyFigure::StaffAbroad => TableKind::Mobilities,
            KeyFigure::IcmCountries => TableKind::IcmProjects,
            KeyFigure::ProgrammesInEnglish => TableKind::Programmes,
            KeyFigure::FleHours | KeyFigure::HousingPlacesPer100 => TableKind::Welcome,
        }
    }

    /// The table that counts it when it was given: a year without any row there is then 0,
    /// not unknown. None for the figures taken from other indicators (rates, shares, the
    /// enrolment figures), which stay unknown when their inputs do.
    pub(super) fn counted_in(self) -> Option<TableKind> {
        match self {
            KeyFigure::OutgoingRatePct
            | KeyFigure::ErasmusPartnerSharePct
            | KeyFigure::InternationalStudents
            | KeyFigure::InternationalStudentsSharePct
            | KeyFigure::Nationalities
            // The programmes list is today's, not a past year's; a register without French
            // courses may simply not record them; housing needs the enrolments too.
            | KeyFigure::ProgrammesInEnglish
            | KeyFigure::FleHours
            | KeyFigure::HousingPlacesPer100 => None,
            _ => Some(self.table()),
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
        out[i + 1] = ColumnDef {
            privacy: figure.privacy(),
            ..ColumnDef::new(figure.id(), figure.kind())
        };
        i += 1;
    }
    out
};
