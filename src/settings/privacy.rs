//! The `[privacy]` section of `mobistat.toml` and `--public`: under which count a cell of the
//! outputs meant for people is hidden, and whether a run writes only those outputs.

use serde::Deserialize;

/// The smallest count of people the outputs meant for people show (below it, 1 to 4 by
/// default, a cell reads "< 5"): the usual threshold of official statistics.
pub const DEFAULT_MIN_CELL: u32 = 5;

/// The `[privacy]` section as written.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PrivacyFile {
    /// Counts of people from 1 to `min_cell` − 1 are hidden; 0 hides nothing.
    pub min_cell: Option<u32>,
}

/// What a run hides, and where it writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrivacySettings {
    /// Counts of people from 1 to `min_cell` − 1 are hidden in report.html, the card, the
    /// charts and the workbook's indicator sheets; 0 hides nothing.
    pub min_cell: u32,
    /// `--public`: write only the outputs meant for people (no `data/`, no `tables/`).
    pub public: bool,
}

impl Default for PrivacySettings {
    fn default() -> Self {
        PrivacySettings {
            min_cell: DEFAULT_MIN_CELL,
            public: false,
        }
    }
}

impl PrivacySettings {
    /// The section as written, with the command line's `--public`.
    pub fn new(file: &PrivacyFile, public: bool) -> Self {
        PrivacySettings {
            min_cell: file.min_cell.unwrap_or(DEFAULT_MIN_CELL),
            public,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_by_default_zero_turns_it_off_and_unknown_keys_are_refused() {
        let none: PrivacyFile = toml::from_str("").unwrap();
        assert_eq!(
            PrivacySettings::new(&none, false),
            PrivacySettings::default()
        );
        assert_eq!(PrivacySettings::default().min_cell, 5);
        let off: PrivacyFile = toml::from_str("min_cell = 0").unwrap();
        assert_eq!(PrivacySettings::new(&off, true).min_cell, 0);
        assert!(PrivacySettings::new(&off, true).public);
        assert!(toml::from_str::<PrivacyFile>("min_cel = 3").is_err());
        assert!(toml::from_str::<PrivacyFile>("min_cell = -1").is_err());
    }
}
