//! Dossier presets: which blocks the HTML report shows, and in which order, for each use
//! (the full report, the annual Erasmus+ report, the "Bienvenue en France" label dossier, the
//! leadership one-pager).

use crate::indicators::Indicator;
use crate::schema::vocab::WelcomeKind;
use crate::settings::Preset;

/// A domain of the « Bienvenue en France » label's service standards (Campus France's
/// reference framework groups them so), plus the profile of the international students the
/// dossier opens with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Domain {
    /// Who the international students are: the dossier's opening figures.
    Students,
    Information,
    WelcomeServices,
    Programmes,
    Housing,
    CampusLife,
    FollowUp,
}

impl Domain {
    /// Its id: the heading's anchor and its texts' key.
    pub fn id(self) -> &'static str {
        match self {
            Domain::Students => "domain_students",
            Domain::Information => "domain_information",
            Domain::WelcomeServices => "domain_welcome",
            Domain::Programmes => "domain_programmes",
            Domain::Housing => "domain_housing",
            Domain::CampusLife => "domain_campus_life",
            Domain::FollowUp => "domain_follow_up",
        }
    }

    /// The anchor of its welcome-register table.
    pub fn register_id(self) -> &'static str {
        match self {
            Domain::Students => "register_students",
            Domain::Information => "register_information",
            Domain::WelcomeServices => "register_welcome",
            Domain::Programmes => "register_programmes",
            Domain::Housing => "register_housing",
            Domain::CampusLife => "register_campus_life",
            Domain::FollowUp => "register_follow_up",
        }
    }

    /// The kinds of welcome-register figures that belong to it ("other" goes with the welcome
    /// services).
    pub fn kinds(self) -> &'static [WelcomeKind] {
        match self {
            Domain::Students => &[],
            Domain::Information => &[WelcomeKind::Information],
            Domain::WelcomeServices => &[
                WelcomeKind::WelcomeDesk,
                WelcomeKind::BuddyProgramme,
                WelcomeKind::OrientationEvent,
                WelcomeKind::Other,
            ],
            Domain::Programmes => &[WelcomeKind::FleCourse],
            Domain::Housing => &[WelcomeKind::Housing],
            Domain::CampusLife => &[WelcomeKind::CampusLife],
            Domain::FollowUp => &[WelcomeKind::AlumniFollowUp],
        }
    }
}

/// One block of the HTML report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
    /// The key-figures card of the reporting year.
    KeyFigures,
    /// The targets with met / not met.
    Targets,
    /// An indicator's section: heading, charts, definition and (when `table`) its table.
    Indicator { indicator: Indicator, table: bool },
    /// The heading of a label domain: the blocks after it, up to the next heading or the data
    /// quality, are its. A domain none of whose blocks has anything to show is left out whole.
    Domain(Domain),
    /// The welcome register's figures of the kinds that belong to a domain.
    Register(Domain),
    /// Rows read, accepted, rejected and skipped per file; with `details`, the rejected rows.
    DataQuality { details: bool },
}

const fn full(indicator: Indicator) -> Block {
    Block::Indicator {
        indicator,
        table: true,
    }
}

const fn chart_only(indicator: Indicator) -> Block {
    Block::Indicator {
        indicator,
        table: false,
    }
}

/// The blocks of a preset, in order. Blocks with nothing to show (an indicator a run could not
/// compute, a table without a row for the year and without a chart, no targets) are left out
/// by the renderer and listed at the end of the page with why.
pub fn blocks(preset: Preset) -> &'static [Block] {
    match preset {
        Preset::Full => FULL,
        Preset::Erasmus => ERASMUS,
        Preset::BienvenueEnFrance => BIENVENUE_EN_FRANCE,
        Preset::Leadership => LEADERSHIP,
    }
}

const FULL: &[Block] = &[
    Block::KeyFigures,
    Block::Targets,
    full(Indicator::OutgoingRate),
    full(Indicator::MobilityFlows),
    full(Indicator::MobilityByCountry),
    full(Indicator::MobilityByFaculty),
    full(Indicator::TopDestinations),
    full(Indicator::TopOrigins),
    full(Indicator::PartnersByAgreement),
    full(Indicator::PartnersPerProgramme),
    full(Indicator::PartnersByCountry),
    full(Indicator::PartnersByNetwork),
    full(Indicator::PartnerBalance),
    full(Indicator::DormantAgreements),
    full(Indicator::IcmByCountry),
    full(Indicator::StaffMobility),
    full(Indicator::InternationalStudents),
    full(Indicator::Nationalities),
    full(Indicator::InternationalStudentsByLevel),
    full(Indicator::DoubleDegrees),
    full(Indicator::Cotutelles),
    full(Indicator::ProgrammesInEnglish),
    full(Indicator::WelcomeServices),
    full(Indicator::HousingRate),
    full(Indicator::ErasmusActivity),
    full(Indicator::ErasmusReportKa131),
    full(Indicator::ErasmusReportKa171),
    full(Indicator::ErasmusReportKa171Regions),
    full(Indicator::ErasmusBudget),
    full(Indicator::ErasmusBudgetUse),
    full(Indicator::ErasmusBudgetChecks),
    Block::DataQuality { details: true },
];

const ERASMUS: &[Block] = &[
    Block::KeyFigures,
    full(Indicator::ErasmusActivity),
    full(Indicator::ErasmusReportKa131),
    full(Indicator::ErasmusReportKa171),
    full(Indicator::ErasmusReportKa171Regions),
    full(Indicator::ErasmusBudgetUse),
    full(Indicator::ErasmusBudget),
    full(Indicator::ErasmusBudgetChecks),
    full(Indicator::MobilityFlows),
    full(Indicator::StaffMobility),
    full(Indicator::IcmByCountry),
    full(Indicator::TopDestinations),
    full(Indicator::TopOrigins),
    full(Indicator::PartnersByAgreement),
    full(Indicator::PartnersByCountry),
    Block::DataQuality { details: true },
];

/// The label dossier: the international students, then the label's six domains.
const BIENVENUE_EN_FRANCE: &[Block] = &[
    Block::KeyFigures,
    Block::Domain(Domain::Students),
    full(Indicator::InternationalStudents),
    full(Indicator::Nationalities),
    full(Indicator::InternationalStudentsByLevel),
    full(Indicator::TopOrigins),
    Block::Domain(Domain::Information),
    Block::Register(Domain::Information),
    Block::Domain(Domain::WelcomeServices),
    Block::Register(Domain::WelcomeServices),
    Block::Domain(Domain::Programmes),
    full(Indicator::ProgrammesInEnglish),
    Block::Register(Domain::Programmes),
    full(Indicator::DoubleDegrees),
    full(Indicator::PartnersByCountry),
    Block::Domain(Domain::Housing),
    full(Indicator::HousingRate),
    Block::Register(Domain::Housing),
    Block::Domain(Domain::CampusLife),
    Block::Register(Domain::CampusLife),
    Block::Domain(Domain::FollowUp),
    Block::Register(Domain::FollowUp),
    Block::DataQuality { details: true },
];

const LEADERSHIP: &[Block] = &[
    Block::KeyFigures,
    Block::Targets,
    chart_only(Indicator::MobilityFlows),
    chart_only(Indicator::OutgoingRate),
    chart_only(Indicator::InternationalStudents),
    chart_only(Indicator::PartnersByAgreement),
    chart_only(Indicator::StaffMobility),
    Block::DataQuality { details: false },
];

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    #[test]
    fn every_preset_names_known_indicators_once() {
        for preset in Preset::value_variants() {
            let mut seen = Vec::new();
            for block in blocks(*preset) {
                if let Block::Indicator { indicator, .. } = block {
                    assert!(
                        !seen.contains(indicator),
                        "{indicator:?} twice in {preset:?}"
                    );
                    seen.push(*indicator);
                }
            }
            assert!(matches!(
                blocks(*preset).last(),
                Some(Block::DataQuality { .. })
            ));
        }
    }

    #[test]
    fn the_full_report_shows_every_indicator_but_the_two_with_their_own_block() {
        let shown: Vec<Indicator> = blocks(Preset::Full)
            .iter()
            .filter_map(|b| match b {
                Block::Indicator { indicator, .. } => Some(*indicator),
                _ => None,
            })
            .collect();
        for indicator in Indicator::ALL {
            let own_block = matches!(indicator, Indicator::KeyFigures | Indicator::Targets);
            assert_eq!(shown.contains(indicator), !own_block, "{indicator:?}");
        }
    }
}
