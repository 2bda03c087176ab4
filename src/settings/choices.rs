//! The fixed choices a run's settings make for its outputs: the CSV dialect and the HTML
//! report's preset. Their names (command line and `mobistat.toml`) live here with the enums,
//! so that settings owns them without importing render; what each choice does is render's
//! (`impl CsvDialect` in `render/frame_csv.rs`, `preset::blocks` in `render/preset.rs`).

use serde::Deserialize;

/// How CSV files are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum CsvDialect {
    /// Comma-separated, UTF-8 without BOM, '.' as decimal point: for programs.
    #[default]
    Standard,
    /// Semicolon-separated, UTF-8 with a BOM, ',' as decimal separator: for French Excel.
    #[value(name = "excel-fr")]
    ExcelFr,
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    #[test]
    fn dialect_names_on_the_command_line_and_in_the_config() {
        assert_eq!(
            CsvDialect::from_str("excel-fr", false),
            Ok(CsvDialect::ExcelFr)
        );
        assert_eq!(
            CsvDialect::from_str("standard", false),
            Ok(CsvDialect::Standard)
        );
        #[derive(serde::Deserialize)]
        struct Config {
            csv_dialect: CsvDialect,
        }
        let config: Config = toml::from_str("csv_dialect = \"excel-fr\"").unwrap();
        assert_eq!(config.csv_dialect, CsvDialect::ExcelFr);
    }

    #[test]
    fn preset_names_on_the_command_line() {
        assert_eq!(
            Preset::from_str("bienvenue-en-france", false),
            Ok(Preset::BienvenueEnFrance)
        );
        for preset in Preset::value_variants() {
            assert_eq!(Preset::from_str(preset.as_str(), false), Ok(*preset));
        }
    }
}

/// How much the terminal says about the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Verbosity {
    /// The totals and the rejected rows only.
    Quiet,
    /// Each file's accounting, the first rejected rows, and the warnings grouped by rule with
    /// their first locations.
    #[default]
    Normal,
    /// As normal, with every rejected row and every warning's location.
    Verbose,
}
