//! The commands: settings built from the config and the command line, then check, report or
//! init run, and the exit code chosen (0 clean, 1 rows rejected, 2 fatal).

use crate::cli::{AppArgs, ByKey, Cli, Command, InputArgs, ReconcileArgs};
use crate::error::{Error, Result, COMMAND_LINE};
use crate::guess::{profile_of, sample, table_of};
use crate::i18n;
use crate::i18n::Message;
use crate::load::{load_inputs, Loaded};
use crate::render::output_dir::{self, Staging};
use crate::render::{quality, summary};
use crate::schema::mapping::HEADER_SEARCH_ROWS;
use crate::settings::{
    expand, ConfigFile, ConfigSource, InputOptions, InputSpec, Overrides, Settings,
};
use std::collections::BTreeMap;
use std::io::Write;
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
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<Outcome> {
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
    let Some(command) = cli.command else {
        // Double-clicked in a file manager: the app, in the person's project folder.
        if crate::web::started_from_file_manager() {
            return serve_app(
                &AppArgs::default(),
                crate::web::default_project_dir(),
                cli.lang,
                out,
            );
        }
        let help = <Cli as clap::CommandFactory>::command().render_long_help();
        let _ = write!(out, "{help}");
        return Ok(Outcome::Clean);
    };
    match command {
        Command::App(args) => {
            let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
            serve_app(&args, dir, cli.lang, out)
        }
        Command::Check(args) => {
            let mut settings = settings(cli.config.as_deref(), &overrides, &args)?;
            replace_outputs(&mut settings, out, |settings, dir, out, written| {
                let loaded = load_inputs(settings)?;
                write_quality(settings, &loaded, dir, out, written)
            })
        }
        Command::Report(args) => {
            let overrides = Overrides {
                reporting_year: args.year.clone(),
                csv_dialect: args.csv_dialect,
                preset: args.preset,
                public: args.public,
                faculty: args.filter.as_deref().map(faculty_filter).transpose()?,
                ..overrides
            };
            let by_faculty = args.by == Some(ByKey::Faculty);
            let mut settings = settings(cli.config.as_deref(), &overrides, &args.input)?;
            replace_outputs(&mut settings, out, |settings, dir, out, written| {
                let loaded = load_inputs(settings)?;
                let outcome = write_quality(settings, &loaded, dir, out, written)?;
                // Figures computed without one of their files would be wrong, not partial.
                if outcome == Outcome::Fatal {
                    let _ = writeln!(
                        out,
                        "{}",
                        crate::i18n::text(settings.language, "terminal.no_indicator")
                    );
                } else {
                    crate::report::write_reports(settings, &loaded, args.explain, dir, written)?;
                    if by_faculty {
                        write_faculty_reports(settings, &loaded, dir, written)?;
                    }
                }
                Ok(outcome)
            })
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

/// `mobistat app`: serves the app on the project folder `dir` until stopped.
fn serve_app(
    args: &AppArgs,
    dir: PathBuf,
    lang: Option<crate::i18n::Language>,
    out: &mut dyn Write,
) -> Result<Outcome> {
    crate::web::serve(
        crate::web::Options {
            dir,
            listen: args.listen,
            port: args.port.unwrap_or(0),
            open_browser: !args.no_browser,
            language: lang,
        },
        out,
    )?;
    Ok(Outcome::Clean)
}

/// Runs `write` with a fresh staging folder and, when it succeeded, puts that folder in place
/// of the output folder. An unreadable input is no success (figures without it would be
/// wrong): then, as on an error, the previous outputs are left as they were and the terminal
/// says so. `write` prints the accounting to its first writer at once, and what it wrote to the
/// second, printed only once the outputs are in place.
fn replace_outputs(
    settings: &mut Settings,
    out: &mut dyn Write,
    write: impl FnOnce(&Settings, &Path, &mut dyn Write, &mut dyn Write) -> Result<Outcome>,
) -> Result<Outcome> {
    let lang = settings.language;
    let shown = settings.output_dir.display().to_string();
    let dropped = output_dir::exclude_outputs(&settings.output_dir, &mut settings.inputs)?;
    if dropped > 0 {
        let line = i18n::fill(
            lang,
            "terminal.output.excluded",
            &[("count", &dropped.to_string()), ("dir", &shown)],
        );
        let _ = writeln!(out, "{}{line}", i18n::text(lang, "terminal.note"));
    }
    let staging = Staging::begin(&settings.output_dir)?;
    let had_previous = staging.had_previous();
    let mut written = Vec::new();
    let result =
        write(settings, staging.dir(), out, &mut written).map_err(|e| staging.name_final(e));
    let result = match result {
        Ok(outcome) if outcome != Outcome::Fatal => staging.commit().map(|_| outcome),
        other => other,
    };
    match &result {
        Ok(outcome) if *outcome != Outcome::Fatal => {
            let _ = out.write_all(&written);
        }
        _ => {
            let key = if had_previous {
                "terminal.output.kept"
            } else {
                "terminal.output.nothing"
            };
            let _ = writeln!(out, "{}", i18n::fill(lang, key, &[("dir", &shown)]));
        }
    }
    result
}

/// The faculty of `--filter faculty=NAME`.
fn faculty_filter(text: &str) -> Result<String> {
    match text.split_once('=') {
        Some((key, name)) if key.trim() == "faculty" && !name.trim().is_empty() => {
            Ok(name.trim().to_string())
        }
        _ => Err(Error::Config {
            path: COMMAND_LINE.to_string(),
            message: Message::new("config.filter").with("value", text),
        }),
    }
}

/// `report --by faculty`: beside the institution's report in `dir`, one full report per
/// faculty in `dir/by-faculty/<faculty>/` (and one for the rows no faculty is given for, so
/// that the faculties add up to the institution), each run as `--filter` would run it; one
/// line per faculty on `written`.
fn write_faculty_reports(
    settings: &Settings,
    loaded: &Loaded,
    dir: &Path,
    written: &mut dyn Write,
) -> Result<()> {
    let lang = settings.language;
    for faculty in crate::scope::faculties(&loaded.tables)? {
        let folder = Path::new("by-faculty").join(faculty.folder(lang));
        let sub = dir.join(&folder);
        std::fs::create_dir_all(&sub).map_err(|e| Error::Write {
            path: sub.display().to_string(),
            reason: e.to_string(),
        })?;
        let scoped = Settings {
            faculty: Some(faculty.clone()),
            output_dir: settings.output_dir.join(&folder),
            ..settings.clone()
        };
        // The terminal has said all about the rows already: the faculty's run says one line.
        let (mut quiet, mut also) = (std::io::sink(), std::io::sink());
        write_quality(&scoped, loaded, &sub, &mut quiet, &mut also)?;
        crate::report::write_reports(&scoped, loaded, false, &sub, &mut quiet)?;
        let key = match faculty {
            crate::scope::Faculty::Named(_) => "terminal.written.faculty",
            crate::scope::Faculty::NotGiven => "terminal.written.faculty_not_given",
        };
        let line = i18n::fill(
            lang,
            key,
            &[
                ("faculty", &faculty.label(lang)),
                ("dir", &scoped.output_dir.display().to_string()),
            ],
        );
        let _ = writeln!(written, "{line}");
    }
    Ok(())
}

/// Writes `data_quality.csv` into `dir`, prints the row accounting to `out` and where the
/// rows are listed to `written`.
fn write_quality(
    settings: &Settings,
    loaded: &Loaded,
    dir: &Path,
    out: &mut dyn Write,
    written: &mut dyn Write,
) -> Result<Outcome> {
    quality::write_issues_file(
        &loaded.issues,
        &dir.join("data_quality.csv"),
        settings.csv_dialect,
        settings.language,
    )?;
    let lang = settings.language;
    crate::events::accounts(&loaded.accounts, lang);
    let _ = write!(
        out,
        "{}",
        summary::summary(
            &loaded.accounts,
            &loaded.issues,
            &loaded.tables,
            settings.verbosity,
            lang,
        )
    );
    let path = settings.output_dir.join("data_quality.csv");
    let path = path.display().to_string();
    let line = i18n::fill(lang, "terminal.summary.listed_in", &[("path", &path)]);
    let _ = writeln!(written, "{line}");
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
    out: &mut dyn Write,
) -> Result<Outcome> {
    // clap cannot have optional files before a required one: the last file is the export.
    let (bm, ours) = args.files.split_last().ok_or_else(|| Error::Config {
        path: COMMAND_LINE.into(),
        message: Message::new("config.reconcile_needs_bm"),
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
                    path: COMMAND_LINE.into(),
                    message: Message::new("config.not_a_date")
                        .with("flag", flag)
                        .with("value", t),
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
                    path: COMMAND_LINE.into(),
                    message: Message::new("config.pair")
                        .with("flag", flag)
                        .with("item", item),
                })
        })
        .collect()
}

/// The settings of a run: the config file (if any), with the files of the command line
/// replacing its inputs when some are given.
fn settings(config: Option<&Path>, overrides: &Overrides, args: &InputArgs) -> Result<Settings> {
    let found = crate::settings::find_config();
    let config_path = config.or(found.as_deref());
    let mut settings = match config_path {
        Some(path) => Settings::load(path, overrides)?,
        None if args.files.is_empty() => {
            return Err(Error::Config {
                path: "mobistat.toml".into(),
                message: Message::new("config.no_config"),
            })
        }
        None => Settings::from_file(
            ConfigFile::default(),
            Path::new(""),
            ConfigSource {
                name: "command line",
                text: "",
                lang: overrides.language.unwrap_or_default(),
            },
            overrides,
        )?,
    };
    if args.files.is_empty() {
        // Options for the command line's files, with none named, would be ignored.
        for (given, flag) in [
            (!args.constants.is_empty(), "--set"),
            (!args.columns.is_empty(), "--map"),
            (!args.programme_columns.is_empty(), "--programme-columns"),
            (args.sheet.is_some(), "--sheet"),
            (args.header_row.is_some(), "--header-row"),
            (args.profile.is_some(), "--profile"),
        ] {
            if given {
                return Err(Error::Config {
                    path: COMMAND_LINE.into(),
                    message: Message::new("config.set_without_files").with("flag", flag),
                });
            }
        }
        if settings.inputs.is_empty() {
            return Err(Error::Config {
                path: config_path
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| COMMAND_LINE.into()),
                message: Message::new("config.no_inputs"),
            });
        }
        return Ok(settings);
    }
    let options = InputOptions {
        sheets: args
            .sheet
            .clone()
            .map_or(crate::settings::Sheets::First, |s| {
                crate::settings::Sheets::Named(vec![s])
            }),
        header_row: args.header_row,
        columns: pairs(&args.columns, "--map")?,
        constants: pairs(&args.constants, "--set")?,
        programme_columns: args.programme_columns.clone(),
    };
    settings.inputs.clear();
    // Each real file once per run, even when named twice (or by two globs).
    let mut seen = std::collections::HashSet::new();
    for file in &args.files {
        let mut found = expand(Path::new(""), &file.to_string_lossy())?;
        crate::settings::once_each(&mut found, &mut seen);
        for (path, display) in found {
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
