//! `mobistat.toml` and the command line merged into one validated [`Settings`]: the command
//! line wins over the file, relative paths are taken from the config file's folder, and every
//! input's files are found (folders and globs expanded, sorted) before any is read. The output
//! choices are in `choices.rs`, the inputs and their one constructor in `inputs.rs`.

mod choices;
mod figures;
mod inputs;
mod limits;
mod privacy;

use crate::error::{Error, Result};
use crate::i18n::Language;
use crate::i18n::Message;
use crate::indicators::KeyFigure;
use crate::ingest::Format;
use crate::normalise::academic_year::AcademicYear;
use crate::normalise::country::country_code;
use crate::normalise::erasmus_code::normalise_erasmus_code;
use crate::profiles::{Home, Profile};
use crate::schema::rules::RowRules;
use crate::schema::TableKind;
pub use choices::{CsvDialect, Preset, Verbosity};
pub use figures::ConfigSource;
pub use inputs::{expand, is_lock_file, once_each, InputOptions, InputSpec, Sheets};
pub use limits::LimitsFile;
pub use privacy::{PrivacyFile, PrivacySettings};
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// `mobistat.toml` as written (every key optional but `inputs`' tables and paths).
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub institution: Option<String>,
    pub home_country: Option<String>,
    /// The institution's city, for the travel distances of the Erasmus+ grants.
    pub home_city: Option<String>,
    pub language: Option<Language>,
    pub academic_year_first_month: Option<u32>,
    pub output_dir: Option<PathBuf>,
    /// The reporting year of per-year indicators ("2024-2025"); the latest in the data if unset.
    pub reporting_year: Option<toml::Spanned<String>>,
    /// How CSV reports are written: "standard" or "excel-fr".
    pub csv_dialect: Option<CsvDialect>,
    /// Which blocks the HTML report shows: "full", "erasmus", "bienvenue-en-france", "leadership".
    pub preset: Option<Preset>,
    /// The institution's own Erasmus code ("F  PARIS001"): tells incoming from outgoing rows of
    /// exports that list both sides, such as the Beneficiary Module's.
    pub erasmus_code: Option<String>,
    /// The institution's organisation ID (OID, "E10123456"), for the same purpose.
    pub oid: Option<String>,
    /// The institution's PIC (nine digits), for the same purpose.
    pub pic: Option<String>,
    #[serde(default)]
    pub reference: ReferenceFile,
    #[serde(default)]
    pub rules: RulesFile,
    #[serde(default)]
    pub privacy: PrivacyFile,
    /// Bounds on what one input may cost (`limits.rs`).
    #[serde(default)]
    pub limits: LimitsFile,
    /// Key figure → the value aimed at.
    #[serde(default)]
    pub targets: BTreeMap<toml::Spanned<String>, f64>,
    /// The office's Erasmus+ unit costs (those its National Agency fixes), each with its source.
    #[serde(default)]
    pub grant_rates: Vec<crate::grants::rates::Amount>,
    /// Faculty (as the inputs name it) → its own targets, for its report.
    #[serde(default)]
    pub faculty_targets: BTreeMap<String, BTreeMap<toml::Spanned<String>, f64>>,
    #[serde(default)]
    pub inputs: Vec<InputFile>,
}

/// The `[rules]` section.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RulesFile {
    pub min_outgoing_days: Option<i64>,
    pub max_duration_days: Option<i64>,
    pub max_staff_duration_days: Option<i64>,
    /// "YYYY-MM-DD": the day the data is read as of (mobilities ending later are ongoing).
    pub as_of: Option<String>,
    /// Years without a mobility after which an active agreement is listed as dormant.
    pub dormant_years: Option<i64>,
}

/// The `[reference]` section: lists mobistat checks the data against.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ReferenceFile {
    /// The Commission's list of ECHE holders (xlsx, csv or json).
    pub eche: Option<PathBuf>,
}

/// One `[[inputs]]` entry.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct InputFile {
    pub table: TableKind,
    pub paths: Vec<String>,
    pub sheet: Option<String>,
    /// "all", or a list of sheet names.
    pub sheets: Option<SheetsValue>,
    pub header_row: Option<u32>,
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    #[serde(default)]
    pub constants: BTreeMap<String, String>,
    #[serde(default)]
    pub programme_columns: Vec<String>,
    /// The export's known layout: "beneficiary-module", "eu-open-data" or "llp-legacy".
    pub profile: Option<Profile>,
}

/// `sheets = "all"` or `sheets = ["2014-2020", "2021-2027"]`.
#[derive(Debug, Deserialize, Clone)]
#[serde(untagged)]
pub enum SheetsValue {
    One(String),
    Many(Vec<String>),
}

/// What the command line may override (the raw values, before validation).
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub output_dir: Option<PathBuf>,
    pub language: Option<Language>,
    pub first_month: Option<u32>,
    pub home_country: Option<String>,
    pub institution: Option<String>,
    pub min_outgoing_days: Option<i64>,
    pub reporting_year: Option<String>,
    pub csv_dialect: Option<CsvDialect>,
    pub preset: Option<Preset>,
    /// `--quiet` or `--verbose` (the command line only).
    pub verbosity: Verbosity,
    /// `--public`: only the outputs meant for people (the command line only).
    pub public: bool,
    /// `--filter faculty=…`: the faculty to report on (the command line only).
    pub faculty: Option<String>,
}

/// Validated settings of one run.
#[derive(Debug, Clone)]
pub struct Settings {
    pub institution: String,
    pub home_country: &'static str,
    pub language: Language,
    pub output_dir: PathBuf,
    pub rules: RowRules,
    pub min_outgoing_days: i64,
    /// Years without a mobility either way after which an agreement is dormant.
    pub dormant_years: i64,
    /// The targets, each on a key figure.
    pub targets: BTreeMap<KeyFigure, f64>,
    /// The Erasmus+ unit costs: the office's (`[[grant_rates]]`), then the shipped ones.
    pub rates: crate::grants::rates::Rates,
    /// The institution's city (`home_city`), for travel distances.
    pub home_city: Option<String>,
    /// Each faculty's targets, for its report (`[faculty_targets."Name"]`).
    pub faculty_targets: BTreeMap<String, BTreeMap<KeyFigure, f64>>,
    /// The faculty the run reports on (`--filter faculty=…`), None for the institution.
    pub faculty: Option<crate::scope::Faculty>,
    /// The reporting year asked for, if any.
    pub reporting_year: Option<AcademicYear>,
    /// Where it was asked: "--year" or the config's line, for the errors that name it (the
    /// data may not reach it: that is known only once the inputs are read).
    pub reporting_year_from: String,
    pub csv_dialect: CsvDialect,
    /// The blocks of the HTML report.
    pub preset: Preset,
    /// How much the terminal says about the rows.
    pub verbosity: Verbosity,
    /// Who the institution is (country, Erasmus code, OID, PIC).
    pub home: Home,
    /// The ECHE holders' list to check Erasmus codes against, if configured.
    pub eche: Option<PathBuf>,
    /// Small-cell suppression and `--public`.
    pub privacy: PrivacySettings,
    /// Bounds on what one input may cost; crossing one stops that file.
    pub limits: crate::ingest::Limits,
    pub inputs: Vec<InputSpec>,
}

/// The language to speak in before the settings are known (an error while reading them):
/// the flag's, else the config file's `language` line when it can be found, else French.
/// A line scan, not a parse, so that a config too broken to parse still names its language.
pub fn language_hint(flag: Option<Language>, config: Option<&Path>) -> Language {
    let from_file = || {
        let found = find_config();
        let text = std::fs::read_to_string(config.or(found.as_deref())?).ok()?;
        text.lines().find_map(|line| {
            let (key, value) = line.split_once('=')?;
            if key.trim() != "language" {
                return None;
            }
            match value.split('#').next()?.trim().trim_matches('"') {
                "en" => Some(Language::En),
                "fr" => Some(Language::Fr),
                _ => None,
            }
        })
    };
    flag.or_else(from_file).unwrap_or_default()
}

/// The nearest mobistat.toml: in the current folder, else in the closest folder above it
/// (a run from inputs/ or reports/ finds the project's config, as git finds its repository).
pub fn find_config() -> Option<PathBuf> {
    let here = std::env::current_dir().ok()?;
    here.ancestors()
        .map(|dir| dir.join("mobistat.toml"))
        .find(|p| p.is_file())
        .map(|p| {
            // Shown as "mobistat.toml" when it is the current folder's.
            p.strip_prefix(&here).map(Path::to_path_buf).unwrap_or(p)
        })
}

impl Settings {
    /// Reads and validates a config file, then applies the command line's overrides.
    pub fn load(path: &Path, overrides: &Overrides) -> Result<Settings> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let file: ConfigFile = toml::from_str(&text).map_err(|e| Error::Config {
            path: path.display().to_string(),
            message: Message::new("config.verbatim")
                .with("text", e.to_string().trim().replace('\n', " ")),
        })?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let name = path.display().to_string();
        let config = ConfigSource {
            name: &name,
            text: &text,
            lang: overrides.language.or(file.language).unwrap_or_default(),
        };
        Self::from_file(file, &base, config, overrides)
    }

    /// Validates a parsed config, read from `config`, whose relative paths start from `base`.
    pub fn from_file(
        file: ConfigFile,
        base: &Path,
        config: ConfigSource,
        o: &Overrides,
    ) -> Result<Settings> {
        let bad = |message: Message| Error::Config {
            path: config.name.to_string(),
            message,
        };
        // A bad value is blamed where it was given: the flag, or the config's line.
        let bad_at = |flag: Option<&str>, key: &str, message: Message| Error::Config {
            path: config.source(flag, key),
            message,
        };
        let flag = |given: bool, name: &'static str| given.then_some(name);
        let (reporting_year, reporting_year_from) = figures::reporting_year(
            o.reporting_year.as_deref(),
            file.reporting_year.as_ref(),
            config,
        )?
        .unzip();
        let targets = figures::targets(&file.targets, config)?;
        let faculty_targets = file
            .faculty_targets
            .iter()
            .map(|(faculty, raw)| Ok((faculty.clone(), figures::targets(raw, config)?)))
            .collect::<Result<_>>()?;
        let limits = file.limits.limits(config.name)?;
        let first_month = o
            .first_month
            .or(file.academic_year_first_month)
            .unwrap_or(9);
        if !(1..=12).contains(&first_month) {
            return Err(bad_at(
                flag(o.first_month.is_some(), "--first-month"),
                "academic_year_first_month",
                Message::new("config.first_month").with("value", first_month),
            ));
        }
        let home = o
            .home_country
            .clone()
            .or(file.home_country)
            .unwrap_or_else(|| "FR".into());
        let home_country = country_code(&home).ok_or_else(|| {
            // `init` leaves it empty for the office to set.
            let message = if home.trim().is_empty() {
                Message::new("config.home_country_unset")
            } else {
                Message::new("config.home_country").with("value", &home)
            };
            bad_at(
                flag(o.home_country.is_some(), "--home-country"),
                "home_country",
                message,
            )
        })?;
        let mut rules = RowRules {
            first_month,
            ..RowRules::default()
        };
        let mut dormant_years = 3;
        // A duration limit of 0 days or less would flag every mobility (and 0 dormant years
        // every agreement).
        for (key, value, limit) in [
            (
                "dormant_years",
                file.rules.dormant_years,
                &mut dormant_years,
            ),
            (
                "max_duration_days",
                file.rules.max_duration_days,
                &mut rules.max_duration_days,
            ),
            (
                "max_staff_duration_days",
                file.rules.max_staff_duration_days,
                &mut rules.max_staff_duration_days,
            ),
        ] {
            match value {
                Some(d) if d <= 0 => {
                    return Err(bad_at(
                        None,
                        key,
                        Message::new("config.not_positive")
                            .with("key", key)
                            .with("value", d),
                    ))
                }
                Some(d) => *limit = d,
                None => {}
            }
        }
        if let Some(text) = &file.rules.as_of {
            rules.as_of =
                chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
                    bad_at(
                        None,
                        "as_of",
                        Message::new("config.as_of").with("value", text),
                    )
                })?;
        }
        let min_outgoing_days = o
            .min_outgoing_days
            .or(file.rules.min_outgoing_days)
            .unwrap_or(60);
        if min_outgoing_days < 0 {
            return Err(bad_at(
                flag(o.min_outgoing_days.is_some(), "--min-outgoing-days"),
                "min_outgoing_days",
                Message::new("config.negative")
                    .with("key", "min_outgoing_days")
                    .with("value", min_outgoing_days),
            ));
        }
        if file
            .output_dir
            .as_deref()
            .is_some_and(|d| d.to_string_lossy().trim().is_empty())
            || o.output_dir
                .as_ref()
                .is_some_and(|d| d.as_os_str().is_empty())
        {
            return Err(bad_at(
                flag(o.output_dir.is_some(), "--output"),
                "output_dir",
                Message::new("config.empty_output_dir"),
            ));
        }
        let output_dir = o
            .output_dir
            .clone()
            .unwrap_or_else(|| match file.output_dir {
                Some(d) => base.join(d),
                None => base.join("reports"),
            });
        let erasmus_code = match &file.erasmus_code {
            Some(code) => Some(normalise_erasmus_code(code).ok_or_else(|| {
                bad_at(
                    None,
                    "erasmus_code",
                    Message::new("config.erasmus_code").with("value", code),
                )
            })?),
            None => None,
        };
        let home = Home {
            country: home_country.to_string(),
            erasmus_code,
            oid: file.oid.as_ref().map(|o| o.trim().to_ascii_uppercase()),
            pic: file.pic.as_ref().map(|p| p.trim().to_string()),
        };
        let mut inputs = Vec::new();
        // Each real file is read once per table and sheet, under the first name given.
        let mut seen: BTreeMap<(TableKind, Sheets), HashSet<PathBuf>> = BTreeMap::new();
        for (i, input) in file.inputs.into_iter().enumerate() {
            if input.paths.is_empty() {
                return Err(bad(Message::new("config.no_paths")
                    .with("number", i + 1)
                    .with("table", input.table)));
            }
            let mut files = Vec::new();
            for pattern in &input.paths {
                files.extend(expand(base, pattern)?);
            }
            let sheets = match (input.sheet, input.sheets) {
                (Some(_), Some(_)) => {
                    return Err(bad(
                        Message::new("config.sheet_and_sheets").with("number", i + 1)
                    ))
                }
                (Some(one), None) => Sheets::Named(vec![one]),
                (None, Some(SheetsValue::One(all))) if all.trim().eq_ignore_ascii_case("all") => {
                    Sheets::All
                }
                (None, Some(SheetsValue::One(one))) => Sheets::Named(vec![one]),
                (None, Some(SheetsValue::Many(list))) if list.is_empty() => {
                    return Err(bad(Message::new("config.no_sheets").with("number", i + 1)))
                }
                (None, Some(SheetsValue::Many(list))) => Sheets::Named(list),
                (None, None) => Sheets::First,
            };
            once_each(
                &mut files,
                seen.entry((input.table, sheets.clone())).or_default(),
            );
            // A sheet named for a CSV file would be ignored: say so instead.
            if let (Some(sheet), Some((_, csv))) = (
                sheets.named().and_then(|n| n.first()),
                files
                    .iter()
                    .find(|(p, _)| matches!(Format::of(p), Some(Format::Csv | Format::Tsv))),
            ) {
                return Err(bad(Message::new("config.sheet_on_csv")
                    .with("number", i + 1)
                    .with("sheet", sheet)
                    .with("file", csv)));
            }
            if let Some(profile) = input.profile {
                if profile.table() != input.table {
                    return Err(bad(Message::new("config.profile_table")
                        .with("number", i + 1)
                        .with("profile", profile.as_str())
                        .with("gives", profile.table())
                        .with("table", input.table)));
                }
            }
            let options = InputOptions {
                sheets,
                header_row: input.header_row,
                columns: input.columns,
                constants: input.constants,
                programme_columns: input.programme_columns,
            };
            inputs.push(InputSpec::new(input.table, files, input.profile, options));
        }
        Ok(Settings {
            institution: o
                .institution
                .clone()
                .or(file.institution)
                .unwrap_or_default(),
            home_country,
            language: o.language.or(file.language).unwrap_or_default(),
            output_dir,
            rules,
            min_outgoing_days,
            dormant_years,
            targets,
            faculty_targets,
            rates: crate::grants::rates::Rates::with_office(file.grant_rates),
            home_city: file.home_city.filter(|c| !c.trim().is_empty()),
            faculty: o.faculty.clone().map(crate::scope::Faculty::Named),
            reporting_year,
            reporting_year_from: reporting_year_from.unwrap_or_default(),
            csv_dialect: o.csv_dialect.or(file.csv_dialect).unwrap_or_default(),
            preset: o.preset.or(file.preset).unwrap_or_default(),
            verbosity: o.verbosity,
            home,
            eche: file.reference.eche.map(|p| base.join(p)),
            privacy: PrivacySettings::new(&file.privacy, o.public),
            limits,
            inputs,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> std::result::Result<ConfigFile, toml::de::Error> {
        toml::from_str(text)
    }

    fn config() -> ConfigSource<'static> {
        ConfigSource {
            name: "mobistat.toml",
            text: "",
            lang: Language::En,
        }
    }

    #[test]
    fn the_year_and_the_targets_are_typed_once() {
        let text = "reporting_year = \"2023-2024\"\n[targets]\npartners = 150\n";
        let config = ConfigSource {
            name: "mobistat.toml",
            text,
            lang: Language::En,
        };
        let s = Settings::from_file(
            parse(text).unwrap(),
            Path::new("."),
            config,
            &Overrides::default(),
        )
        .unwrap();
        assert_eq!(
            s.reporting_year.map(|y| y.to_string()).as_deref(),
            Some("2023-2024")
        );
        assert_eq!(s.targets.get(&KeyFigure::Partners), Some(&150.0));
        // The command line wins; a bad flag is named as the flag, before any input is read.
        let o = Overrides {
            reporting_year: Some("2019".into()),
            ..Default::default()
        };
        let s = Settings::from_file(parse(text).unwrap(), Path::new("."), config, &o).unwrap();
        assert_eq!(
            s.reporting_year.map(|y| y.to_string()).as_deref(),
            Some("2019-2020")
        );
        let o = Overrides {
            reporting_year: Some("nonsense".into()),
            ..Default::default()
        };
        let err =
            Settings::from_file(parse(text).unwrap(), Path::new("."), config, &o).unwrap_err();
        assert!(err.to_string().starts_with("--year: \"nonsense\""), "{err}");
    }

    /// The error of a config text with these overrides (none when it is accepted).
    fn refusal(text: &str, o: &Overrides) -> Option<String> {
        let config = ConfigSource {
            name: "mobistat.toml",
            text,
            lang: Language::En,
        };
        Settings::from_file(parse(text).unwrap(), Path::new("."), config, o)
            .err()
            .map(|e| e.to_string())
    }

    #[test]
    fn meaningless_values_are_refused_where_they_were_given() {
        let none = Overrides::default();
        assert_eq!(
            refusal(
                "institution = \"X\"\n[rules]\nmin_outgoing_days = -10\n",
                &none
            )
            .as_deref(),
            Some("mobistat.toml, line 3: min_outgoing_days cannot be negative (-10)")
        );
        assert_eq!(
            refusal("[rules]\nmax_duration_days = 0\n", &none).as_deref(),
            Some(
                "mobistat.toml, line 2: max_duration_days must be a number of days above 0, not 0"
            )
        );
        assert_eq!(
            refusal("output_dir = \"\"\n", &none).as_deref(),
            Some(
                "mobistat.toml, line 1: the reports folder (output_dir) is empty: give a folder \
                 name, for example \"reports\""
            )
        );
        // A flag's value is blamed on the flag, not on the file's line.
        let flag = Overrides {
            first_month: Some(13),
            ..Default::default()
        };
        let text = "academic_year_first_month = 9\n";
        assert!(refusal(text, &flag)
            .unwrap()
            .starts_with("--first-month: academic_year_first_month must be"));
        assert_eq!(refusal(text, &none), None);
        assert_eq!(refusal("[rules]\nmin_outgoing_days = 0\n", &none), None);
    }

    #[test]
    fn command_line_wins_over_the_file() {
        let file =
            parse("language = \"en\"\nacademic_year_first_month = 9\nhome_country = \"France\"\n")
                .unwrap();
        let o = Overrides {
            language: Some(Language::Fr),
            first_month: Some(7),
            ..Default::default()
        };
        let s = Settings::from_file(file, Path::new("/tmp"), config(), &o).unwrap();
        assert_eq!(s.language, Language::Fr);
        assert_eq!(s.rules.first_month, 7);
        assert_eq!(s.home_country, "FR");
        assert_eq!(s.output_dir, Path::new("/tmp/reports"));
        assert_eq!(s.min_outgoing_days, 60);
    }

    #[test]
    fn invalid_values_are_named() {
        let file = parse("academic_year_first_month = 13").unwrap();
        let err =
            Settings::from_file(file, Path::new("."), config(), &Overrides::default()).unwrap_err();
        assert!(
            err.to_string().contains("academic_year_first_month"),
            "{err}"
        );
        assert!(parse("institution = \"x\"\nunknown_key = 1").is_err());
    }

    #[test]
    fn inputs_with_columns_and_constants() {
        let file = parse(
            r#"
[[inputs]]
table = "mobilities"
paths = ["no/such/export.xlsx"]
sheet = "Feuil1"
header_row = 3
columns = { partner_country = "Pays hôte" }
constants = { direction = "outgoing" }
"#,
        )
        .unwrap();
        let input = &file.inputs[0];
        assert_eq!(input.table, TableKind::Mobilities);
        assert_eq!(input.columns["partner_country"], "Pays hôte");
        assert_eq!(input.constants["direction"], "outgoing");
        let err = Settings::from_file(
            file,
            Path::new(env!("CARGO_MANIFEST_DIR")),
            config(),
            &Overrides::default(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("matches no file"), "{err}");
    }
}
