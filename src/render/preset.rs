//! Dossier presets: which blocks the HTML report shows, and in which order, for each use
//! (the full report, the annual Erasmus+ report, the "Bienvenue en France" label dossier, the
//! leadership one-pager).

use crate::indicators::Indicator;
use crate::settings::Preset;

/// One block of the HTML report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
    /// The key-figures card of the reporting year.
    KeyFigures,
    /// The targets with met / not met.
    Targets,
    /// An indicator's section: heading, charts, definition and (when `table`) its table.
    Indicator { indicator: Indicator, table: bool },
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
    full(Indicator::IcmByCountry),
    full(Indicator::StaffMobility),
    full(Indicator::InternationalStudents),
    full(Indicator::Nationalities),
    full(Indicator::InternationalStudentsByLevel),
    full(Indicator::DoubleDegrees),
    full(Indicator::ProgrammesInEnglish),
    full(Indicator::WelcomeServices),
    full(Indicator::HousingRate),
    full(Indicator::ErasmusActivity),
    full(Indicator::ErasmusReportKa131),
    full(Indicator::ErasmusReportKa171),
    full(Indicator::ErasmusReportKa171Regions),
    Block::DataQuality { details: true },
];

const ERASMUS: &[Block] = &[
    Block::KeyFigures,
    full(Indicator::ErasmusActivity),
    full(Indicator::ErasmusReportKa131),
    full(Indicator::ErasmusReportKa171),
    full(Indicator::ErasmusReportKa171Regions),
    full(Indicator::MobilityFlows),
    full(Indicator::StaffMobility),
    full(Indicator::IcmByCountry),
    full(Indicator::TopDestinations),
    full(Indicator::TopOrigins),
    full(Indicator::PartnersByAgreement),
    full(Indicator::PartnersByCountry),
    Block::DataQuality { details: true },
];

const BIENVENUE_EN_FRANCE: &[Block] = &[
    Block::KeyFigures,
    full(Indicator::InternationalStudents),
    full(Indicator::Nationalities),
    full(Indicator::InternationalStudentsByLevel),
    full(Indicator::TopOrigins),
    full(Indicator::DoubleDegrees),
    full(Indicator::PartnersByCountry),
    full(Indicator::ProgrammesInEnglish),
    full(Indicator::WelcomeServices),
    full(Indicator::HousingRate),
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
