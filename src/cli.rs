//! The command line, as clap definitions only: raw values with their help text. They are
//! turned into validated [`crate::settings::Settings`] by [`crate::app`].

use crate::i18n::Language;
use crate::schema::TableKind;
use crate::settings::{CsvDialect, Preset, Verbosity};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// mobistat: turns the spreadsheet exports of an international relations office (MoveON,
/// Mobility-Online, the student information system, the Erasmus+ Beneficiary Module) into
/// validated tables and the figures it must publish.
///
/// Exit codes: 0 all rows accepted, 1 some rows rejected (reconcile: some mobilities on one side
/// only), 2 a file or the config could not be read.
#[derive(Debug, Parser)]
#[command(name = "mobistat", version, about, long_about)]
pub struct Cli {
    /// Config file [default: mobistat.toml in the current folder]
    #[arg(long, short, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Folder for the reports [default: output_dir of the config, else "reports"]
    #[arg(long, short, global = true, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Language of the reports, of data_quality.csv and of these messages
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Language>,
    /// First month of the academic year (9 for September)
    #[arg(long, global = true, value_name = "MONTH")]
    pub first_month: Option<u32>,
    /// The institution's country (name or ISO code)
    #[arg(long, global = true, value_name = "COUNTRY")]
    pub home_country: Option<String>,
    /// Minimum days for an outgoing mobility to count towards the outgoing rate
    #[arg(long, global = true, value_name = "DAYS")]
    pub min_outgoing_days: Option<i64>,
    /// Print only the totals and the rejected rows
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print every rejected row and every warning's location
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// Without a command: from a file manager, the app starts (`app`); from a shell or a
    /// script, this help is printed.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read and validate the inputs; write data_quality.csv and print the row accounting
    Check(InputArgs),
    /// Run the whole pipeline: check, compute the indicators, and write the canonical tables,
    /// the indicator tables (tables/*.csv) and the workbook (mobistat.xlsx)
    Report(ReportArgs),
    /// Check our mobilities against the Erasmus+ Beneficiary Module's export: pair them by
    /// mobility ID, then by person, partner and start date; list what differs in
    /// reconciliation.csv. Exit 0 when every mobility is on both sides (differences listed),
    /// 1 when some are on one side only, 2 when a file cannot be read
    #[command(override_usage = "mobistat reconcile [OPTIONS] [OURS]... <BM>")]
    Reconcile(ReconcileArgs),
    /// List every indicator with its inputs, columns and definition in French and English
    Indicators,
    /// Open the app in the browser: drop the exports, check the mapping, run the check, the
    /// report and the reconciliation without typing commands
    App(AppArgs),
    /// Write a commented mobistat.toml whose mappings are guessed from the files in DIR
    Init {
        /// Folder holding the exports [default: inputs]
        dir: Option<PathBuf>,
        /// Replace an existing config file
        #[arg(long)]
        force: bool,
    },
}

/// What `report` adds to the inputs.
#[derive(Debug, Args, Default, Clone)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Reporting year of the per-year indicators, e.g. 2024-2025 [default: the latest in the data]
    #[arg(long, value_name = "YEAR")]
    pub year: Option<String>,
    /// Print the indicators' optimised Polars plan before running it
    #[arg(long)]
    pub explain: bool,
    /// CSV layout: standard (comma, UTF-8) or excel-fr (semicolon, BOM, decimal comma)
    #[arg(long, value_enum, value_name = "DIALECT")]
    pub csv_dialect: Option<CsvDialect>,
    /// Which sections report.html shows, in which order: full, erasmus (the annual Erasmus+
    /// report), bienvenue-en-france (the label dossier) or leadership (the one-pager)
    #[arg(long, value_enum, value_name = "PRESET")]
    pub preset: Option<Preset>,
    /// Write only the outputs meant for people, with counts of 1 to 4 people hidden
    /// (report.html, the workbook, the charts, the card, data_quality.csv): no data/ folder
    /// and no tables/*.csv, which hold every count and the canonical rows
    #[arg(long)]
    pub public: bool,
    /// Report on one faculty only, e.g. --filter faculty="Département Numérique"
    #[arg(long, value_name = "faculty=NAME")]
    pub filter: Option<String>,
    /// Also write one report per faculty, in <output>/by-faculty/<faculty>/
    #[arg(long, value_enum, value_name = "KEY")]
    pub by: Option<ByKey>,
}

/// How `app` is served.
#[derive(Debug, Args, Default, Clone)]
pub struct AppArgs {
    /// The project folder: mobistat.toml and the exports in its inputs/ folder
    /// [default: the current folder]
    pub dir: Option<PathBuf>,
    /// The port on 127.0.0.1 [default: a free one]
    #[arg(long, value_name = "PORT", conflicts_with = "listen")]
    pub port: Option<u16>,
    /// Listen on this address instead of 127.0.0.1 (e.g. 0.0.0.0:8080, to be reached from
    /// other machines): only with the access key of the printed address
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<std::net::SocketAddr>,
    /// Do not open the browser (the address is printed)
    #[arg(long)]
    pub no_browser: bool,
}

/// What `report --by` splits the report by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ByKey {
    /// One report per faculty (and one for the rows no faculty is given for).
    Faculty,
}

/// What `reconcile` compares, and how.
#[derive(Debug, Args, Clone)]
pub struct ReconcileArgs {
    /// OURS: our exports (files, folders or globs), read like `check FILES` and kept when funded
    /// by Erasmus+ KA131 or KA171 [default: the mobilities inputs of mobistat.toml, with their
    /// sheets, columns and constants]. BM, always last: the Beneficiary Module's mobility export
    /// (a file, or a folder or glob for several projects' exports)
    #[arg(value_name = "OURS... BM", required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,
    /// Start dates at most this many days apart still match when the mobility IDs do not
    #[arg(long, value_name = "DAYS", default_value_t = 3)]
    pub tolerance_days: u32,
    /// Reconcile only mobilities starting on or after this date (both sides), e.g. 2024-06-01
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Reconcile only mobilities starting on or before this date (both sides), e.g. 2026-07-31
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Exit 1 also when matched mobilities differ (dates, country, activity...)
    #[arg(long)]
    pub strict: bool,
}

/// Files given on the command line instead of the config's inputs.
#[derive(Debug, Args, Default, Clone)]
pub struct InputArgs {
    /// Files, folders or globs to read (instead of the config's inputs)
    pub files: Vec<PathBuf>,
    /// Which table the files hold [default: guessed from their headers]
    #[arg(long, value_enum)]
    pub table: Option<TableKind>,
    /// Sheet to read [default: the first sheet with data]
    #[arg(long)]
    pub sheet: Option<String>,
    /// Row number of the header [default: found in the first 30 rows]
    #[arg(long, value_name = "ROW")]
    pub header_row: Option<u32>,
    /// A fixed value for a field the files lack, e.g. --set agreement=erasmus
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    pub constants: Vec<String>,
    /// Read a field from a column with another header, e.g. --map partner_country="Pays hôte"
    #[arg(long = "map", value_name = "FIELD=HEADER")]
    pub columns: Vec<String>,
    /// Headers of one-column-per-programme partner lists, comma-separated
    #[arg(long, value_delimiter = ',', value_name = "HEADERS")]
    pub programme_columns: Vec<String>,
    /// The files' known layout: beneficiary-module, eu-open-data or llp-legacy
    /// [default: guessed from their headers]
    #[arg(long, value_enum, value_name = "PROFILE")]
    pub profile: Option<crate::profiles::Profile>,
}

impl Cli {
    /// How much the terminal says, from `--quiet` and `--verbose`.
    pub fn verbosity(&self) -> Verbosity {
        match (self.quiet, self.verbose) {
            (true, _) => Verbosity::Quiet,
            (_, true) => Verbosity::Verbose,
            _ => Verbosity::Normal,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_definitions_are_consistent() {
        // clap checks its definitions only when parsing in debug builds; this checks them all.
        <Cli as clap::CommandFactory>::command().debug_assert();
    }
}
