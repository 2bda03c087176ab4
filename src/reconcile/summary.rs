//! The terminal summary of `reconcile`: each file's row accounting, what was left out of scope
//! and why, the counts by outcome, then the first unmatched and rejected rows with their place.

use super::output::{Counts, Line, Status};
use super::scope::Scoped;
use crate::error::Location;
use crate::load::Loaded;
use std::fmt::Write;

/// How many lines of each problem kind are printed before pointing to the CSV file.
const SHOWN: usize = 10;

/// What the summary reports on.
pub(crate) struct Facts<'a> {
    pub ours_scope: &'a Scoped,
    pub bm_scope: &'a Scoped,
    pub counts: &'a Counts,
    pub lines: &'a [Line],
    pub tolerance_days: i64,
    pub path: &'a str,
}

/// "inputs/a.xlsx [Sheet]: 10 rows read = 8 accepted (0 with warnings) + 1 rejected + 1 skipped"
/// for every file of one side.
fn accounting(out: &mut String, side: &str, loaded: &Loaded) {
    for a in &loaded.accounts {
        let place = if a.sheet.is_empty() {
            a.file.clone()
        } else {
            format!("{} [{}]", a.file, a.sheet)
        };
        let _ = match &a.fatal {
            Some(reason) => writeln!(out, "{side}: {place}: not read: {reason}"),
            None => writeln!(
                out,
                "{side}: {place}: {} rows read = {} accepted ({} with warnings) + {} rejected + {} skipped",
                a.read(), a.accepted(), a.warned(), a.rejected(), a.skipped()
            ),
        };
    }
}

/// The accounting lines of both sides (printed first, also when a file cannot be read).
pub(crate) fn accountings(ours: &Loaded, bm: &Loaded) -> String {
    let mut out = String::new();
    accounting(&mut out, "ours", ours);
    accounting(&mut out, "Beneficiary Module", bm);
    out
}

/// "; left out: 917 with funding none, 652 with funding bilateral", largest first.
fn left_out(scope: &Scoped) -> String {
    let mut reasons: Vec<(&String, &usize)> = scope.left_out.iter().collect();
    reasons.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    if reasons.is_empty() {
        return String::new();
    }
    let text: Vec<String> = reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
    format!("; left out: {}", text.join(", "))
}

/// The line's place on one side ("inputs/a.xlsx, sheet \"S\", row 12").
fn place(line: &Line, file: usize) -> String {
    Location {
        file: line.cells[file].clone(),
        sheet: line.cells[file + 1].clone(),
        row: line.cells[file + 2].parse().unwrap_or(0),
        column: String::new(),
    }
    .to_string()
}

/// One unmatched line: where it is and what it is.
fn describe(line: &Line) -> String {
    let c = &line.cells;
    let (at, id, start) = match line.status {
        Status::OursOnly => (place(line, 15), &c[3], &c[11]),
        _ => (place(line, 18), &c[4], &c[12]),
    };
    let id = if id.is_empty() {
        String::new()
    } else {
        format!("mobility {id}, ")
    };
    format!(
        "{at}: {id}person {}, {} {} at {} ({}), from {start}",
        c[5], c[10], c[9], c[6], c[8]
    )
}

fn list(out: &mut String, lines: &[Line], status: Status, label: &str) {
    let chosen: Vec<&Line> = lines.iter().filter(|l| l.status == status).collect();
    for line in chosen.iter().take(SHOWN) {
        let text = match status {
            Status::Rejected if !line.cells[15].is_empty() => {
                format!("{}: {}", place(line, 15), line.cells[2])
            }
            Status::Rejected => format!("{}: {}", place(line, 18), line.cells[2]),
            _ => describe(line),
        };
        let _ = writeln!(out, "{label}: {text}");
    }
    if chosen.len() > SHOWN {
        let _ = writeln!(out, "... and {} more {label}", chosen.len() - SHOWN);
    }
}

/// The summary after the accounting lines.
pub(crate) fn summary(f: &Facts) -> String {
    let mut out = String::new();
    let c = f.counts;
    let _ = writeln!(
        out,
        "in scope: {} of our {} accepted mobilities (Erasmus+ KA131 and KA171){}",
        f.ours_scope.kept.len(),
        f.ours_scope.total,
        left_out(f.ours_scope)
    );
    let _ = writeln!(
        out,
        "in scope: {} of the Beneficiary Module's {} accepted mobilities{}",
        f.bm_scope.kept.len(),
        f.bm_scope.total,
        left_out(f.bm_scope)
    );
    let _ = writeln!(out, "matched, identical: {}", c.matched);
    let by_field = if c.with_differences > 0 {
        format!(" ({})", c.fields_text())
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "matched with differences: {}{by_field}",
        c.with_differences
    );
    let _ = writeln!(out, "in ours only: {}", c.ours_only);
    let _ = writeln!(out, "in the Beneficiary Module only: {}", c.bm_only);
    let _ = writeln!(
        out,
        "rejected rows, not reconciled: {} of ours, {} of the Beneficiary Module's",
        c.rejected_ours, c.rejected_bm
    );
    list(&mut out, f.lines, Status::OursOnly, "in ours only");
    list(
        &mut out,
        f.lines,
        Status::BmOnly,
        "in the Beneficiary Module only",
    );
    list(&mut out, f.lines, Status::Rejected, "rejected");
    let _ = writeln!(
        out,
        "every mobility and rejected row is listed in {} (start dates up to {} days apart match)",
        f.path, f.tolerance_days
    );
    out
}
