//! Dossier presets: which blocks the HTML report shows, and in which order, for each use
//! (the full report, the annual Erasmus+ report, the "Bienvenue en France" label dossier, the
//! leadership one-pager).

use serde::Deserialize;

/// A dossier preset, chosen with `--preset` or `preset` in the config.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Preset {
    /// Every indicator with its chart, table and definition.
    #[default]
    Full,
    /// The annual Erasmus+ report: activities, the final-report tables of the KA131 and KA171
    /// projects, flows, staff, ICM, countries, partners.
    Erasmus,
    /// Campus France's "Bienvenue en France" label: international students by nationality,
    /// level and status (degree or exchange), their share of enrolment.
    BienvenueEnFrance,
    /// The leadership one-pager: key figures, targets and trends, charts without tables.
    Leadership,
}

impl Preset {
    /// The name as written on the command line ("bienvenue-en-france").
    pub fn as_str(self) -> &'static str {
        match self {
            Preset::Full => "full",
            Preset::Erasmus => "erasmus",
            Preset::BienvenueEnFrance => "bienvenue-en-france",
            Preset::Leadership => "leadership",
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
    Indicator { name: &'static str, table: bool },
    /// A note that the label dossier's course and service counts are not in mobistat's inputs.
    CoursesAndServices,
    /// Rows read, accepted, rejected and skipped per file; with `details`, the rejected rows.
    DataQuality { details: bool },
}

const fn full(name: &'static str) -> Block {
    Block::Indicator { name, table: true }
}

const fn chart_only(name: &'static str) -> Block {
    Block::Indicator { name, table: false }
}

/// The blocks of a preset, in order. Indicators a run could not compute are left out by the
/// renderer with a sentence saying why.
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
    full("outgoing_rate"),
    full("mobility_flows"),
    full("mobility_by_country"),
    full("top_destinations"),
    full("top_origins"),
    full("partners_by_agreement"),
    full("partners_per_programme"),
    full("partners_by_country"),
    full("icm_by_country"),
    full("staff_mobility"),
    full("international_students"),
    full("nationalities"),
    full("international_students_by_level"),
    full("double_degrees"),
    full("erasmus_activity"),
    full("erasmus_report_ka131"),
    full("erasmus_report_ka171"),
    full("erasmus_report_ka171_regions"),
    Block::DataQuality { details: true },
];

const ERASMUS: &[Block] = &[
    Block::KeyFigures,
    full("erasmus_activity"),
    full("erasmus_report_ka131"),
    full("erasmus_report_ka171"),
    full("erasmus_report_ka171_regions"),
    full("mobility_flows"),
    full("staff_mobility"),
    full("icm_by_country"),
    full("top_destinations"),
    full("top_origins"),
    full("partners_by_agreement"),
    full("partners_by_country"),
    Block::DataQuality { details: true },
];

const BIENVENUE_EN_FRANCE: &[Block] = &[
    Block::KeyFigures,
    full("international_students"),
    full("nationalities"),
    full("international_students_by_level"),
    full("top_origins"),
    full("double_degrees"),
    full("partners_by_country"),
    Block::CoursesAndServices,
    Block::DataQuality { details: true },
];

const LEADERSHIP: &[Block] = &[
    Block::KeyFigures,
    Block::Targets,
    chart_only("mobility_flows"),
    chart_only("outgoing_rate"),
    chart_only("international_students"),
    chart_only("partners_by_agreement"),
    chart_only("staff_mobility"),
    Block::DataQuality { details: false },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::catalogue;
    use clap::ValueEnum;

    #[test]
    fn every_preset_names_known_indicators_once() {
        for preset in Preset::value_variants() {
            let mut seen = Vec::new();
            for block in blocks(*preset) {
                if let Block::Indicator { name, .. } = block {
                    assert!(catalogue::entry(name).is_some(), "{name}");
                    assert!(!seen.contains(name), "{name} twice in {preset:?}");
                    seen.push(*name);
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
        let shown: Vec<&str> = blocks(Preset::Full)
            .iter()
            .filter_map(|b| match b {
                Block::Indicator { name, .. } => Some(*name),
                _ => None,
            })
            .collect();
        for entry in catalogue::catalogue() {
            let own_block = matches!(entry.name.as_str(), "key_figures" | "targets");
            assert_eq!(
                shown.contains(&entry.name.as_str()),
                !own_block,
                "{}",
                entry.name
            );
        }
    }

    #[test]
    fn names_on_the_command_line() {
        assert_eq!(
            Preset::from_str("bienvenue-en-france", false),
            Ok(Preset::BienvenueEnFrance)
        );
        for preset in Preset::value_variants() {
            assert_eq!(Preset::from_str(preset.as_str(), false), Ok(*preset));
        }
    }
}
