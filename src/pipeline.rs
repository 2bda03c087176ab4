//! The pipeline: every input file read in parallel (rayon) into its table's columns, the
//! parts assembled into canonical tables, and everything that happened kept for the reports.

use crate::error::{Error, Location};
use crate::ingest::{read_file, read_file_threaded};
use crate::profiles::{Home, Profile, ProfileSink};
use crate::schema::mapping::MappingConfig;
use crate::schema::rows::TableSink;
use crate::schema::rules::RowRules;
use crate::schema::TableKind;
use crate::settings::{InputSpec, Settings};
use crate::tables::{assemble, Part, Tables};
use crate::validate::{Account, Issue, Rule, Severity};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// Everything one ingest produced.
#[derive(Debug, Default)]
pub struct Ingested {
    pub tables: Tables,
    /// Every issue, sorted by location.
    pub issues: Vec<Issue>,
    /// One account per file, in input order.
    pub accounts: Vec<Account>,
    /// Files that could not be read, with the reason (also in `issues` and `accounts`).
    pub fatal: Vec<Error>,
}

impl Ingested {
    /// Rows rejected over all files.
    pub fn rejected(&self) -> usize {
        self.accounts.iter().map(|a| a.rejected).sum()
    }
}

/// One file to read into one table.
#[derive(Debug, Clone)]
pub struct Job {
    pub table: TableKind,
    pub path: PathBuf,
    pub display: String,
    pub sheet: Option<String>,
    pub mapping: MappingConfig,
    /// The import profile that translates the file's layout, if any.
    pub profile: Option<Profile>,
    /// Who "we" are, for profiles that tell the two sides of an export apart.
    pub home: Home,
}

/// The jobs of a run, in config order.
pub fn jobs(settings: &Settings) -> Vec<Job> {
    settings
        .inputs
        .iter()
        .flat_map(|input| input_jobs(input, &settings.home))
        .collect()
}

/// The jobs of one input: one per file, in order.
pub fn input_jobs(input: &InputSpec, home: &Home) -> Vec<Job> {
    input
        .files
        .iter()
        .map(|(path, display)| Job {
            table: input.table,
            path: path.clone(),
            display: display.clone(),
            sheet: input.sheet.clone(),
            mapping: input.mapping.clone(),
            profile: input.profile,
            home: home.clone(),
        })
        .collect()
}

struct Outcome {
    part: Option<Part>,
    issues: Vec<Issue>,
    account: Account,
    fatal: Option<Error>,
}

/// Reads one file. A file that cannot be read at all gives an account marked fatal and an
/// issue naming the reason; a panic in a spreadsheet library is caught and reported alike.
fn read_job(job: &Job, rules: RowRules, progress: &ProgressBar) -> Outcome {
    let mut sink = TableSink::new(job.table, &job.display, &job.mapping, rules);
    let bar = progress.clone();
    sink.on_progress(Box::new(move |n| bar.inc(n)));
    let result = catch_unwind(AssertUnwindSafe(|| {
        match job.profile {
            Some(profile) => {
                let mut translated = ProfileSink::new(profile, &job.home, &job.display, &mut sink);
                read_file_threaded(
                    &job.path,
                    &job.display,
                    job.sheet.as_deref(),
                    &mut translated,
                )
            }
            None => read_file_threaded(&job.path, &job.display, job.sheet.as_deref(), &mut sink),
        }
        .and_then(|_| sink.finish())
    }));
    let mut frame = None;
    let error = match result {
        Ok(Ok(())) => match sink.take_frame() {
            Ok(df) => {
                frame = Some(df);
                None
            }
            Err(e) => Some(e),
        },
        Ok(Err(e)) => Some(e),
        Err(panic) => {
            let reason = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "unknown error".into());
            Some(Error::Panicked {
                file: job.display.clone(),
                reason,
            })
        }
    };
    progress.inc(sink.account().read as u64 % 4096);
    let (issues, read) = sink.into_report();
    match error {
        None => Outcome {
            part: frame.map(|frame| Part {
                table: job.table,
                frame,
            }),
            issues,
            account: read,
            fatal: None,
        },
        Some(e) => {
            let account =
                Account::unreadable(&job.display, &read.sheet, job.table.as_str(), e.to_string());
            let issue = Issue {
                location: Location::sheet(&job.display, &account.sheet),
                severity: Severity::Error,
                rule: Rule::UnreadableFile,
                value: String::new(),
                message: e.to_string(),
            };
            Outcome {
                part: None,
                issues: vec![issue],
                account,
                fatal: Some(e),
            }
        }
    }
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
pub fn ingest_jobs(jobs: &[Job], rules: RowRules) -> crate::error::Result<Ingested> {
    let bar = progress_bar(jobs);
    let outcomes: Vec<Outcome> = jobs
        .par_iter()
        .map(|job| read_job(job, rules, &bar))
        .collect();
    bar.finish_and_clear();
    let mut ingested = Ingested::default();
    let mut parts = Vec::new();
    for outcome in outcomes {
        parts.extend(outcome.part);
        ingested.issues.extend(outcome.issues);
        ingested.accounts.push(outcome.account);
        ingested.fatal.extend(outcome.fatal);
    }
    ingested.tables = assemble(parts, &mut ingested.issues, &mut ingested.accounts)?;
    ingested.issues.sort();
    Ok(ingested)
}

/// Reads every input of the settings, then, when the config names an ECHE list, checks the
/// partners' Erasmus codes against it. A list that cannot be read stops the run: the user
/// asked for the check.
pub fn ingest(settings: &Settings) -> crate::error::Result<Ingested> {
    let mut ingested = ingest_jobs(&jobs(settings), settings.rules)?;
    if let Some(path) = &settings.eche {
        use crate::reference::eche_check;
        let list = crate::reference::eche::EcheList::load(path)?;
        let options = eche_check::EcheCheckOptions {
            first_month: settings.rules.first_month,
            reporting_year: settings.reporting_year.as_deref().and_then(|y| {
                crate::normalise::academic_year::AcademicYear::parse(
                    y,
                    crate::normalise::academic_year::BareYear::Starts,
                )
            }),
        };
        let warnings = eche_check::check(&ingested.tables, &list, &options);
        eche_check::add_warnings(warnings, &mut ingested.issues, &mut ingested.accounts);
    }
    Ok(ingested)
}

/// The first `rows` rows of a file (or sheet): what the guesses below look at. One read serves
/// them all.
pub fn sample(
    path: &Path,
    display: &str,
    sheet: Option<&str>,
    rows: usize,
) -> crate::error::Result<crate::ingest::Collect> {
    let mut sample = crate::ingest::Collect {
        limit: rows,
        ..Default::default()
    };
    read_file(path, display, sheet, &mut sample)?;
    Ok(sample)
}

/// The import profile whose layout a file's header row (among its first rows) is, if any.
pub fn guess_profile(
    path: &Path,
    display: &str,
    sheet: Option<&str>,
) -> crate::error::Result<Option<crate::profiles::Profile>> {
    let sample = sample(
        path,
        display,
        sheet,
        crate::schema::mapping::HEADER_SEARCH_ROWS,
    )?;
    Ok(profile_of(&sample))
}

/// The import profile of a sample's header row, if any.
pub fn profile_of(sample: &crate::ingest::Collect) -> Option<crate::profiles::Profile> {
    sample
        .rows
        .iter()
        .take(crate::schema::mapping::HEADER_SEARCH_ROWS)
        .find_map(|(_, cells)| crate::profiles::Profile::recognise(cells))
}

/// Guesses the table a sample holds from its header-like rows: the table with most fields
/// matched, then the one whose required fields are best covered. (Required fields alone
/// mislead: an export of outgoing students lacks the direction column but matches a dozen
/// mobility fields, and only one of the students table.)
pub fn table_of(
    sample: &crate::ingest::Collect,
    display: &str,
) -> crate::error::Result<(TableKind, usize)> {
    let config = MappingConfig::default();
    let mut best: Option<((usize, usize, usize), TableKind)> = None;
    for table in TableKind::ALL {
        let required = table.fields().iter().filter(|f| f.required).count();
        let header_rows = sample
            .rows
            .iter()
            .take(crate::schema::mapping::HEADER_SEARCH_ROWS);
        for (_, cells) in header_rows {
            let (matched, req) = crate::schema::mapping::header_score(table, cells, &config);
            // Fields matched, then the fraction of required fields (in thousandths).
            let score = (matched, req * 1000 / required, 0);
            // The same test as the row builder's header search, so a guess is always readable.
            if matched >= 2 && req >= 1 && best.as_ref().is_none_or(|(s, _)| score > *s) {
                best = Some((score, table));
            }
        }
    }
    match best {
        Some((score, table)) => Ok((table, score.0)),
        None => Err(Error::UnknownTable {
            file: display.to_string(),
            found: sample
                .rows
                .iter()
                .find(|(_, cells)| cells.iter().filter(|c| !c.is_blank()).count() >= 2)
                .map(|(_, cells)| {
                    cells
                        .iter()
                        .filter(|c| !c.is_blank())
                        .map(|c| format!("\"{}\"", c.display()))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_else(|| "none".into()),
        }),
    }
}
