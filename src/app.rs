//! The commands: settings built from the config and the command line, then check, report or
//! init run, and the exit code chosen (0 clean, 1 rows rejected, 2 fatal).

use crate::cli::{Cli, Command, InputArgs, ReconcileArgs};
use crate::error::{Error, Result};
use crate::guess::{profile_of, sample, table_of};
use crate::load::{load_inputs, Loaded};
use crate::render::{quality, summary};
use crate::schema::mapping::HEADER_SEARCH_ROWS;
use crate::settings::{
    expand, ConfigFile, ConfigSource, InputOptions, InputSpec, Overrides, Settings,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The documented exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every row accepted (or skipped with a reason).
    Clean = 0,
    /// Some rows were rejected; for `reconcile`, some mobilities are on one side only (or,
    /// with `--strict`, matched ones differ).
    Rejected = 1,
    /// A file or the config could not be read.
    Fatal = 2,
}

/// Runs the command line; what it prints goes to `out`.
pub fn run(cli: Cli, out: &mut dyn std::io::Write) -> Result<Outcome> {
    let overrides = Overrides {
        output_dir: cli.output.clone(),
        language: cli.lang,
        first_month: cli.first_month,
        home_country: cli.home_country.clone(),
        institution: None,
        min_outgoing_days: cli.min_outgoing_days,
        verbosity: cli.verbosity(),
        ..Overrides::default()
    };
    match cli.command {
        Command::Check(args) => {
            let settings = settings(cli.config.as_deref(), &overrides, &args)?;
            let loaded = load_inputs(&settings)?;
            write_quality(&settings, &loaded, out)
        }
        Command::Report(args) => {
            let overrides = Overrides {
                reporting_year: args.year.clone(),
                csv_dialect: args.csv_dialect,
                preset: args.preset,
                public: args.public,
                ..overrides
            };
            let settings = settings(cli.config.as_deref(), &overrides, &args.input)?;
            let loaded = load_inputs(&settings)?;
            let outcome = write_quality(&settings, &loaded, out)?;
            // Figures computed without one of their files would be wrong, not partial.
            if outcome == Outcome::Fatal {
                let _ = writeln!(
                    out,
                    "{}",
                    crate::i18n::text(settings.language, "terminal.no_indicator")
                );
            } else {
                crate::report::write_reports(&settings, &loaded, args.explain, out)?;
            }
            Ok(outcome)
        }
        Command::Reconcile(args) => reconcile(cli.config.as_deref(), &overrides, &args, out),
        Command::Indicators => {
            let _ = write!(out, "{}", crate::indicators::catalogue::describe());
            Ok(Outcome::Clean)
        }
        Command::Init { dir, force } => {
            let dir = dir.unwrap_or_else(|| PathBuf::from("inputs"));
            let target = cli.config.unwrap_or_else(|| PathBuf::from("mobistat.toml"));
            crate::init::init(&dir, &target, force, out)?;
            Ok(Outcome::Clean)
        }
    }
}

fn write_quality(
    settings: &Settings,
    loaded: &Loaded,
    out: &mut dyn std::io::Write,
) -> Result<Outcome> {
    let path = settings.output_dir.join("data_quality.csv");
    quality::write_issues_file(
        &loaded.issues,
        &path,
        settings.csv_dialect,
        settings.language,
    )?;
    let _ = write!(
        out,
        "{}",
        summary::summary(
            &loaded.accounts,
            &loaded.issues,
            &loaded.tables,
            Some(&path.display().to_string()),
            settings.verbosity,
            settings.language,
        )
    );
    Ok(if !loaded.fatal.is_empty() {
        Outcome::Fatal
    } else if loaded.rejected() > 0 {
        Outcome::Rejected
    } else {
        Outcome::Clean
    })
}

/// `reconcile`: our side from the command line's files (as mobilities) or the config's
/// mobilities inputs, the Beneficiary Module's export, then the exit code from the counts.
fn reconcile(
    config: Option<&Path>,
    overrides: &Overrides,
    args: &ReconcileArgs,
    out: &mut dyn std::io::Write,
) -> Result<Outcome> {
    // clap cannot have optional files before a required one: the last file is the export.
    let (bm, ours) = args.files.split_last().ok_or_else(|| Error::Config {
        path: "command line".into(),
        message: "reconcile needs the Beneficiary Module's export as its last file".into(),
    })?;
    let input = InputArgs {
        files: ours.to_vec(),
        table: Some(crate::schema::TableKind::Mobilities),
        ..InputArgs::default()
    };
    let settings = settings(config, overrides, &input)?;
    let date = |flag: &str, text: &Option<String>| -> Result<Option<chrono::NaiveDate>> {
        text.as_deref()
            .map(|t| {
                crate::normalise::date::parse_date_text(t).ok_or_else(|| Error::Config {
                    path: "command line".into(),
                    message: format!(
                        "{flag} {t}: not a date (expected e.g. 2024-06-01 or 01/06/2024)"
                    ),
                })
            })
            .transpose()
    };
    let options = crate::reconcile::Options {
        tolerance_days: i64::from(args.tolerance_days),
        window: crate::reconcile::Window {
            from: date("--from", &args.from)?,
            to: date("--to", &args.to)?,
        },
    };
    let ours = crate::reconcile::ours_jobs(&settings)?;
    let bm = crate::reconcile::bm_jobs(&settings, bm)?;
    let counts = crate::reconcile::run(&settings, &ours, &bm, &options, out)?;
    let differ = args.strict && counts.with_differences > 0;
    Ok(if counts.unmatched() > 0 || differ {
        Outcome::Rejected
    } else {
        Outcome::Clean
    })
}

/// Splits "field=value" pairs from the command line.
fn pairs(items: &[String], flag: &str) -> Result<BTreeMap<String, String>> {
    items
        .iter()
        .map(|item| {
            item.split_once('=')
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                .ok_or_else(|| Error::Config {
                    path: "command line".into(),
                    message: format!("{flag} {item}: expected FIELD=VALUE"),
                })
        })
        .collect()
}

/// The settings of a run: the config file (if any), with the files of the command line
/// replacing its inputs when some are given.
fn settings(config: Option<&Path>, overrides: &Overrides, args: &InputArgs) -> Result<Settings> {
    let default = Path::new("mobistat.toml");
    let config_path = config.or_else(|| default.exists().then_some(default));
    let mut settings = match config_path {
        Some(path) => Settings::load(path, overrides)?,
        None if args.files.is_empty() => {
            return Err(Error::Config {
                path: "mobistat.toml".into(),
                message: "no config file in this folder and no files given: run `mobistat init DIR` to write one, or name the files to read".into(),
            })
        }
        None => Settings::from_file(
            ConfigFile::default(),
            Path::new(""),
            ConfigSource {
                name: "command line",
                text: "",
            },
            overrides,
        )?,
    };
    if args.files.is_empty() {
        return Ok(settings);
    }
    let options = InputOptions {
        sheet: args.sheet.clone(),
        header_row: args.header_row,
        columns: pairs(&args.columns, "--map")?,
        constants: pairs(&args.constants, "--set")?,
        programme_columns: args.programme_columns.clone(),
    };
    settings.inputs.clear();
    for file in &args.files {
        for (path, display) in expand(Path::new(""), &file.to_string_lossy())? {
            // A known layout is recognised from its header unless the command line names one;
            // else the table is guessed from the same first rows.
            let (profile, table) = match (args.profile, args.table) {
                (p, Some(t)) => (p, t),
                (Some(p), None) => (Some(p), p.table()),
                (None, None) => {
                    let rows = sample(&path, &display, args.sheet.as_deref(), HEADER_SEARCH_ROWS)?;
                    match profile_of(&rows) {
                        Some(p) => (Some(p), p.table()),
                        None => (None, table_of(&rows, &display)?.0),
                    }
                }
            };
            let files = vec![(path, display)];
            settings
                .inputs
                .push(InputSpec::new(table, files, profile, options.clone()));
        }
    }
    Ok(settings)
}
