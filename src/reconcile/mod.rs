//! `mobistat reconcile`: our mobilities against the Erasmus+ Beneficiary Module's export. Both
//! sides are read into canonical mobilities tables (ours through the usual mappings, the
//! export through the beneficiary-module profile, each side on its own so that no row of one
//! is taken for a duplicate of the other), scoped (scope.rs), paired (matching.rs), written as
//! reconciliation.csv (output.rs) and summed up on the terminal (summary.rs).

mod matching;
mod output;
mod records;
mod scope;
mod summary;

pub use output::Counts;
pub use scope::Window;

use crate::error::{Error, Result};
use crate::guess::guess_profile;
use crate::i18n::Message;
use crate::load::{input_jobs, jobs, load_jobs, Job, Loaded};
use crate::profiles::Profile;
use crate::schema::TableKind;
use crate::settings::{expand, InputOptions, InputSpec, Settings};
use output::Side;
use std::path::Path;

/// How to reconcile.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Start dates at most this many days apart still match (pass 2).
    pub tolerance_days: i64,
    /// Only mobilities starting in this window are reconciled, on both sides.
    pub window: Window,
}

/// The jobs reading our exports: the settings' mobilities inputs, except any read with the
/// beneficiary-module profile (that is the other side).
pub fn ours_jobs(settings: &Settings) -> Result<Vec<Job>> {
    let ours: Vec<Job> = jobs(settings)
        .into_iter()
        .filter(|j| {
            j.table == TableKind::Mobilities && j.profile != Some(Profile::BeneficiaryModule)
        })
        .collect();
    if ours.is_empty() {
        return Err(Error::Config {
            path: "mobistat.toml".into(),
            message: Message::new("config.no_mobilities_to_reconcile"),
        });
    }
    Ok(ours)
}

/// The jobs reading the Beneficiary Module export(s) that `pattern` (a file, folder or glob)
/// names. Each file must have the export's header: read with the usual mappings instead, a
/// file of ours given by mistake would give nonsense pairs.
pub fn bm_jobs(settings: &Settings, pattern: &Path) -> Result<Vec<Job>> {
    let profile = Profile::BeneficiaryModule;
    let files = expand(Path::new(""), &pattern.to_string_lossy())?;
    for (path, display) in &files {
        if guess_profile(path, display, None)? != Some(profile) {
            return Err(Error::NotBeneficiaryModule {
                file: display.clone(),
            });
        }
    }
    let input = InputSpec::new(
        profile.table(),
        files,
        Some(profile),
        InputOptions::default(),
    );
    Ok(input_jobs(&input, settings))
}

/// The records of one side's canonical mobilities table (none when no row was accepted).
fn side_records(loaded: &Loaded) -> Result<Vec<matching::Record>> {
    match loaded.tables.get(TableKind::Mobilities) {
        Some(df) => records::records(df).map_err(|source| Error::Polars {
            table: TableKind::Mobilities.to_string(),
            source,
        }),
        None => Ok(Vec::new()),
    }
}

/// Reads both sides, reconciles them, writes `<output_dir>/reconciliation.csv` and prints the
/// summary to `out`. A file that cannot be read stops the run (its error is returned after
/// the accounting is printed): a reconciliation without it would list its mobilities as
/// missing.
pub fn run(
    settings: &Settings,
    ours_jobs: &[Job],
    bm_jobs: &[Job],
    options: &Options,
    out: &mut dyn std::io::Write,
) -> Result<Counts> {
    let mut ours = load_jobs(ours_jobs, settings.rules)?;
    let mut bm = load_jobs(bm_jobs, settings.rules)?;
    let _ = write!(
        out,
        "{}",
        summary::accountings(&ours, &bm, settings.language)
    );
    let fatal = std::mem::take(&mut ours.fatal);
    if let Some(error) = fatal
        .into_iter()
        .chain(std::mem::take(&mut bm.fatal))
        .next()
    {
        return Err(error);
    }

    let bm_scope = scope::scope_bm(side_records(&bm)?, options.window);
    let projects = scope::projects(&bm_scope.kept);
    let ours_scope = scope::scope_ours(side_records(&ours)?, &projects, options.window);
    let pairings = matching::reconcile(&ours_scope.kept, &bm_scope.kept, options.tolerance_days);

    let rejected: Vec<(Side, records::Rejected)> =
        records::rejected(&ours.issues, settings.language)
            .into_iter()
            .map(|r| (Side::Ours, r))
            .chain(
                records::rejected(&bm.issues, settings.language)
                    .into_iter()
                    .map(|r| (Side::Bm, r)),
            )
            .collect();
    let (lines, counts) = output::lines(&ours_scope.kept, &bm_scope.kept, &pairings, &rejected);
    let path = settings.output_dir.join("reconciliation.csv");
    // In one rename, under the output folder's lock: a killed run leaves the previous file.
    crate::render::output_dir::replace_file(&settings.output_dir, "reconciliation.csv", |temp| {
        output::write(&lines, temp, settings.csv_dialect)
    })?;
    let facts = summary::Facts {
        ours_scope: &ours_scope,
        bm_scope: &bm_scope,
        counts: &counts,
        lines: &lines,
        tolerance_days: options.tolerance_days,
        path: &path.display().to_string(),
        lang: settings.language,
    };
    let _ = write!(out, "{}", summary::summary(&facts));
    Ok(counts)
}
