//! The load stage: every input file of a run read in parallel (rayon) into its table's
//! columns (`file.rs`: through `ingest`'s readers, an import profile when the input names one,
//! and `schema`'s row builder, which normalises and validates each row), the parts assembled
//! into the canonical tables (`tables`), optionally checked against the ECHE list, and
//! everything that happened to the rows kept for the reports. Indicators and rendering come
//! after, driven by `report.rs`.

mod file;

use crate::error::{Error, Result};
use crate::ingest::{sheets_with_data_within, Limits};
use crate::profiles::{Home, Profile};
use crate::schema::mapping::MappingConfig;
use crate::schema::rules::RowRules;
use crate::schema::TableKind;
use crate::settings::{InputSpec, Settings, Sheets};
use crate::tables::{assemble, Tables};
use crate::validate::{Account, Issue};
use file::{load_file, LoadedFile};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::path::PathBuf;

/// Everything loading the inputs produced.
#[derive(Debug, Default)]
pub struct Loaded {
    pub tables: Tables,
    /// Every issue, sorted by location.
    pub issues: Vec<Issue>,
    /// One account per file, in input order.
    pub accounts: Vec<Account>,
    /// Files that could not be read, with the reason (also in `issues` and `accounts`).
    pub fatal: Vec<Error>,
}

impl Loaded {
    /// Rows rejected over all files.
    pub fn rejected(&self) -> usize {
        self.accounts.iter().map(|a| a.rejected()).sum()
    }
}

/// One file to read into one table.
#[derive(Debug, Clone)]
pub struct Job {
    pub table: TableKind,
    pub path: PathBuf,
    pub display: String,
    /// The sheet to read; `None`: the first with data.
    pub sheet: Option<String>,
    /// The sheet's place among the input's sheets (workbook order for `sheets = "all"`).
    pub sheet_index: usize,
    pub mapping: MappingConfig,
    /// The import profile that translates the file's layout, if any.
    pub profile: Option<Profile>,
    /// Who "we" are, for profiles that tell the two sides of an export apart.
    pub home: Home,
    /// What reading the file may cost.
    pub limits: Limits,
}

/// The jobs of a run, in one canonical order (table, then file), whatever the config's order.
pub fn jobs(settings: &Settings) -> Vec<Job> {
    let mut jobs: Vec<Job> = settings
        .inputs
        .iter()
        .flat_map(|input| input_jobs(input, settings))
        .collect();
    // One canonical order, by table then file: the same files listed in any order give the
    // same tables (row order, which of two duplicates is the first) and the same reports.
    // The sheets of one file stay in workbook order.
    jobs.sort_by(|a, b| {
        (a.table, &a.display, a.sheet_index, &a.sheet).cmp(&(
            b.table,
            &b.display,
            b.sheet_index,
            &b.sheet,
        ))
    });
    jobs
}

/// The jobs of one input: one per file and sheet, in order. With `sheets = "all"`, each file's
/// sheets that hold data are listed first (in parallel); a CSV file, or a workbook that cannot
/// be listed, is one job, whose read says why.
pub fn input_jobs(input: &InputSpec, settings: &Settings) -> Vec<Job> {
    let sheets_of = |path: &PathBuf, display: &str| -> Vec<Option<String>> {
        match &input.sheets {
            Sheets::First => vec![None],
            Sheets::Named(names) => names.iter().cloned().map(Some).collect(),
            Sheets::All => match sheets_with_data_within(path, display, &settings.limits) {
                Ok(Some(names)) if !names.is_empty() => names.into_iter().map(Some).collect(),
                _ => vec![None],
            },
        }
    };
    input
        .files
        .par_iter()
        .flat_map_iter(|(path, display)| {
            sheets_of(path, display)
                .into_iter()
                .enumerate()
                .map(|(sheet_index, sheet)| Job {
                    table: input.table,
                    path: path.clone(),
                    display: display.clone(),
                    sheet,
                    sheet_index,
                    mapping: input.mapping.clone(),
                    profile: input.profile,
                    home: settings.home.clone(),
                    limits: settings.limits,
                })
        })
        .collect()
}

fn progress_bar(jobs: &[Job]) -> ProgressBar {
    // Only worth showing on large inputs; indicatif hides it when stderr is not a terminal.
    let bytes: u64 = jobs
        .iter()
        .filter_map(|j| std::fs::metadata(&j.path).ok())
        .map(|m| m.len())
        .sum();
    if bytes < 5_000_000 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {human_pos} rows read ({per_sec})")
            .expect("valid template"),
    );
    bar
}

/// Reads every job in parallel and assembles the canonical tables.
pub fn load_jobs(jobs: &[Job], rules: RowRules) -> Result<Loaded> {
    let bar = progress_bar(jobs);
    crate::events::stage("reading");
    let eager = crate::memory::eager();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let files: Vec<LoadedFile> = jobs
        .par_iter()
        .map(|job| {
            let file = load_file(job, rules, &bar);
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            crate::events::file_read(n, jobs.len(), &job.display);
            file
        })
        .collect();
    bar.finish_and_clear();
    let mut loaded = Loaded::default();
    let mut parts = Vec::new();
    for file in files {
        parts.extend(file.part);
        loaded.issues.extend(file.issues);
        loaded.accounts.push(file.account);
        loaded.fatal.extend(file.fatal);
    }
    loaded.tables = assemble(parts, &mut loaded.issues, &mut loaded.accounts)?;
    loaded.issues.sort();
    // The readers' buffers and the parts of large files are gone; what the indicators
    // allocate next should not stack on them.
    drop(eager);
    Ok(loaded)
}

/// Reads every input of the settings, then, when the config names an ECHE list, checks the
/// partners' Erasmus codes against it. A list that cannot be read stops the run: the user
/// asked for the check.
pub fn load_inputs(settings: &Settings) -> Result<Loaded> {
    let mut loaded = load_jobs(&jobs(settings), settings.rules)?;
    if let Some(path) = &settings.eche {
        use crate::reference::eche_check;
        let list = crate::reference::eche::EcheList::load(path)?;
        let options = eche_check::EcheCheckOptions {
            first_month: settings.rules.first_month,
            reporting_year: settings.reporting_year,
        };
        let warnings = eche_check::check(&loaded.tables, &list, &options);
        // Partners known only by their code get the list's name (after the check, which
        // compares the names the files gave).
        crate::reference::eche_names::name_from_list(&mut loaded.tables, &list).map_err(
            |source| Error::Polars {
                table: TableKind::Partners.to_string(),
                source,
            },
        )?;
        eche_check::add_warnings(warnings, &mut loaded.issues, &mut loaded.accounts);
    }
    Ok(loaded)
}
