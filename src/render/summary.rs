//! The terminal summary: per file, rows read = accepted + rejected + skipped, then totals and
//! the first rejected rows, so the user knows at once what happened and where to look.

use crate::pipeline::Ingested;
use crate::validate::{Rule, Severity};
use std::fmt::Write;

/// How many rejected rows are listed on the terminal before pointing to the report.
const SHOWN_ERRORS: usize = 10;

/// The summary text.
pub fn summary(ingested: &Ingested, report_path: Option<&str>) -> String {
    let mut out = String::new();
    let (mut read, mut accepted, mut warned, mut rejected, mut skipped) = (0, 0, 0, 0, 0);
    for a in &ingested.accounts {
        let place = if a.sheet.is_empty() {
            a.file.clone()
        } else {
            format!("{} [{}]", a.file, a.sheet)
        };
        match &a.fatal {
            Some(reason) => {
                let _ = writeln!(out, "{place} ({}): not read: {reason}", a.table);
            }
            None => {
                let _ = writeln!(
                    out,
                    "{place} ({}): {} rows read = {} accepted ({} with warnings) + {} rejected + {} skipped",
                    a.table, a.read, a.accepted, a.warned, a.rejected, a.skipped
                );
                let ignored: Vec<&str> = ingested
                    .issues
                    .iter()
                    .filter(|i| {
                        i.rule == Rule::IgnoredColumn
                            && i.location.file == a.file
                            && i.location.sheet == a.sheet
                    })
                    .map(|i| i.value.as_str())
                    .collect();
                if !ignored.is_empty() {
                    let _ = writeln!(out, "  columns ignored: {}", ignored.join(", "));
                }
            }
        }
        read += a.read;
        accepted += a.accepted;
        warned += a.warned;
        rejected += a.rejected;
        skipped += a.skipped;
    }
    let _ = writeln!(
        out,
        "total: {read} rows read = {accepted} accepted ({warned} with warnings) + {rejected} rejected + {skipped} skipped"
    );
    for (table, df) in &ingested.tables.frames {
        let _ = writeln!(out, "table {table}: {} rows", df.height());
    }
    // Unreadable files are already listed above as "not read".
    let errors: Vec<_> = ingested
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Error && i.rule != Rule::UnreadableFile)
        .collect();
    for issue in errors.iter().take(SHOWN_ERRORS) {
        let _ = writeln!(out, "rejected: {}: {}", issue.location, issue.message);
    }
    if errors.len() > SHOWN_ERRORS {
        let _ = writeln!(
            out,
            "... and {} more rejected rows",
            errors.len() - SHOWN_ERRORS
        );
    }
    if let Some(path) = report_path {
        let _ = writeln!(
            out,
            "every rejected, skipped and warned row is listed in {path}"
        );
    }
    out
}
