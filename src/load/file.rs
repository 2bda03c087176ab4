//! One job: one file read through its profile (if any) into its table's columns, and what
//! became of it. A file that cannot be read, or a panic in a spreadsheet library, is an
//! outcome like the others, so that the run goes on with the other files.

use super::Job;
use crate::error::{Error, Location};
use crate::ingest::read_file_threaded;
use crate::profiles::ProfileSink;
use crate::schema::rows::TableSink;
use crate::schema::rules::RowRules;
use crate::tables::Part;
use crate::validate::{Account, Issue, Rule, Severity};
use indicatif::ProgressBar;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// What reading one file gave.
pub(super) struct LoadedFile {
    /// The accepted rows, unless the file could not be read.
    pub(super) part: Option<Part>,
    pub(super) issues: Vec<Issue>,
    pub(super) account: Account,
    /// Why the file could not be read, if so.
    pub(super) fatal: Option<Error>,
}

/// Reads one file. A file that cannot be read at all gives an account marked fatal and an
/// issue naming the reason; a panic in a spreadsheet library is caught and reported alike.
pub(super) fn load_file(job: &Job, rules: RowRules, progress: &ProgressBar) -> LoadedFile {
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
                    &job.limits,
                    &mut translated,
                )
            }
            // Without a profile the rows go straight to the builder: on every core when
            // there are many.
            None => crate::schema::parallel::read_rows(
                &job.path,
                &job.display,
                job.sheet.as_deref(),
                &job.limits,
                &mut sink,
            ),
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
    progress.inc(sink.account().read() as u64 % 4096);
    let (issues, read) = sink.into_report();
    match error {
        None => LoadedFile {
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
                Account::unreadable(&job.display, &read.sheet, job.table.as_str(), e.message());
            let issue = Issue {
                location: Location::sheet(&job.display, &account.sheet),
                severity: Severity::Error,
                rule: Rule::UnreadableFile,
                value: String::new(),
                message: e.message(),
            };
            LoadedFile {
                part: None,
                issues: vec![issue],
                account,
                fatal: Some(e),
            }
        }
    }
}
