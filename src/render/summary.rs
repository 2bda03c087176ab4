//! The terminal summary: per file, rows read = accepted + rejected + skipped, then totals, the
//! first rejected rows and the warnings grouped by rule with their first locations, so the user
//! knows at once what happened and where to look. `--quiet` keeps the totals and the rejected
//! rows; `--verbose` lists every rejected row and every warning's location.

use crate::settings::Verbosity;
use crate::tables::Tables;
use crate::validate::{Account, Issue, Rule, Severity};
use std::collections::BTreeMap;
use std::fmt::Write;

/// How many rejected rows are listed on the terminal before pointing to the report.
const SHOWN_ERRORS: usize = 10;

/// How many locations of each warning rule are listed before a count of the others.
const SHOWN_WARNINGS: usize = 3;

/// The summary text of a run's accounts (one per file), its issues (sorted by location) and
/// the canonical tables they gave.
pub fn summary(
    accounts: &[Account],
    issues: &[Issue],
    tables: &Tables,
    report_path: Option<&str>,
    verbosity: Verbosity,
) -> String {
    let mut out = String::new();
    let mut files = String::new();
    let (mut read, mut accepted, mut warned, mut rejected, mut skipped) = (0, 0, 0, 0, 0);
    for a in accounts {
        let place = if a.sheet.is_empty() {
            a.file.clone()
        } else {
            format!("{} [{}]", a.file, a.sheet)
        };
        match &a.fatal {
            // An unreadable file is an error: even a quiet run says so.
            Some(reason) => {
                let _ = writeln!(out, "{place} ({}): not read: {reason}", a.table);
            }
            None => {
                let _ = writeln!(
                    files,
                    "{place} ({}): {} rows read = {} accepted ({} with warnings) + {} rejected + {} skipped",
                    a.table, a.read(), a.accepted(), a.warned(), a.rejected(), a.skipped()
                );
                let ignored: Vec<&str> = issues
                    .iter()
                    .filter(|i| {
                        i.rule == Rule::IgnoredColumn
                            && i.location.file == a.file
                            && i.location.sheet == a.sheet
                    })
                    .map(|i| i.value.as_str())
                    .collect();
                if !ignored.is_empty() {
                    let _ = writeln!(files, "  columns ignored: {}", ignored.join(", "));
                }
            }
        }
        read += a.read();
        accepted += a.accepted();
        warned += a.warned();
        rejected += a.rejected();
        skipped += a.skipped();
    }
    if verbosity != Verbosity::Quiet {
        out.push_str(&files);
    }
    let _ = writeln!(
        out,
        "total: {read} rows read = {accepted} accepted ({warned} with warnings) + {rejected} rejected + {skipped} skipped"
    );
    if verbosity != Verbosity::Quiet {
        for (table, df) in &tables.frames {
            let _ = writeln!(out, "table {table}: {} rows", df.height());
        }
    }
    // Unreadable files are already listed above as "not read".
    let errors: Vec<_> = issues
        .iter()
        .filter(|i| i.severity == Severity::Error && i.rule != Rule::UnreadableFile)
        .collect();
    let shown = match verbosity {
        Verbosity::Verbose => errors.len(),
        _ => SHOWN_ERRORS,
    };
    for issue in errors.iter().take(shown) {
        let _ = writeln!(out, "rejected: {}: {}", issue.location, issue.message);
    }
    if errors.len() > shown {
        let _ = writeln!(out, "... and {} more rejected rows", errors.len() - shown);
    }
    if verbosity != Verbosity::Quiet {
        out.push_str(&warnings(issues, verbosity));
    }
    if let Some(path) = report_path {
        let _ = writeln!(
            out,
            "every rejected, skipped and warned row is listed in {path}"
        );
    }
    out
}

/// The warnings, one line per rule: how many, the first one's message, and its first
/// locations (all of them when verbose).
fn warnings(issues: &[Issue], verbosity: Verbosity) -> String {
    let mut by_rule: BTreeMap<Rule, Vec<&Issue>> = BTreeMap::new();
    for issue in issues.iter().filter(|i| i.severity == Severity::Warning) {
        by_rule.entry(issue.rule).or_default().push(issue);
    }
    let mut out = String::new();
    for (rule, found) in by_rule {
        let shown = match verbosity {
            Verbosity::Verbose => found.len(),
            _ => SHOWN_WARNINGS,
        };
        let mut places: Vec<String> = found
            .iter()
            .take(shown)
            .map(|i| i.location.to_string())
            .collect();
        if found.len() > shown {
            places.push(format!("and {} more", found.len() - shown));
        }
        let _ = writeln!(
            out,
            "warning ({}, {} {}): {}; at {}",
            rule.as_str(),
            found.len(),
            if found.len() == 1 { "row" } else { "rows" },
            found[0].message,
            places.join("; ")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Location;
    use crate::schema::TableKind;
    use polars::prelude::*;

    #[test]
    fn accounts_ignored_columns_tables_and_rejected_rows() {
        let mut account = Account::new("in/m.xlsx", "mobilities");
        account.sheet = "Feuil1".into();
        account.skip_row();
        account.accept_row(true);
        account.reject_row();
        let at = |row, column: &str| Location {
            file: "in/m.xlsx".into(),
            sheet: "Feuil1".into(),
            row,
            column: column.into(),
        };
        let issues = [
            Issue {
                location: at(1, "C (Notes)"),
                severity: Severity::Info,
                rule: Rule::IgnoredColumn,
                value: "Notes".into(),
                message: String::new(),
            },
            Issue {
                location: at(3, "B (Pays)"),
                severity: Severity::Error,
                rule: Rule::UnknownCountry,
                value: "Atlantis".into(),
                message: "\"Atlantis\" is not a country".into(),
            },
        ];
        let mut tables = Tables::default();
        let frame = df!("person_id" => ["p1"]).unwrap();
        tables.frames.insert(TableKind::Mobilities, frame);
        let text = summary(
            &[account.clone()],
            &issues,
            &tables,
            Some("out/data_quality.csv"),
            Verbosity::Normal,
        );
        assert_eq!(
            text,
            "in/m.xlsx [Feuil1] (mobilities): 3 rows read = 1 accepted (1 with warnings) + 1 rejected + 1 skipped\n\
             \x20 columns ignored: Notes\n\
             total: 3 rows read = 1 accepted (1 with warnings) + 1 rejected + 1 skipped\n\
             table mobilities: 1 rows\n\
             rejected: in/m.xlsx, sheet \"Feuil1\", row 3, column B (Pays): \"Atlantis\" is not a country\n\
             every rejected, skipped and warned row is listed in out/data_quality.csv\n"
        );
    }

    #[test]
    fn warnings_by_rule_with_their_first_locations_and_quiet_and_verbose() {
        let mut account = Account::new("in/s.csv", "mobilities");
        for _ in 0..5 {
            account.accept_row(true);
        }
        let warning = |row| Issue {
            location: Location {
                file: "in/s.csv".into(),
                row,
                column: "L (Fin)".into(),
                ..Default::default()
            },
            severity: Severity::Warning,
            rule: Rule::ImplausibleDuration,
            value: "400".into(),
            message: "the stay lasts 400 days".into(),
        };
        let issues: Vec<Issue> = (2..7).map(warning).collect();
        let tables = Tables::default();
        let text = |v| summary(&[account.clone()], &issues, &tables, None, v);
        // Five warnings of one rule: the first three locations, then a count.
        let normal = text(Verbosity::Normal);
        assert!(
            normal.ends_with(
                "warning (implausible_duration, 5 rows): the stay lasts 400 days; at in/s.csv, row 2, \
                 column L (Fin); in/s.csv, row 3, column L (Fin); in/s.csv, row 4, column L \
                 (Fin); and 2 more\n"
            ),
            "{normal}"
        );
        assert!(normal.starts_with("in/s.csv (mobilities): 5 rows read"));
        let verbose = text(Verbosity::Verbose);
        assert!(verbose.contains("row 6, column L (Fin)\n") && !verbose.contains("more"));
        // Quiet: the totals only (there is no rejected row).
        assert_eq!(
            text(Verbosity::Quiet),
            "total: 5 rows read = 5 accepted (5 with warnings) + 0 rejected + 0 skipped\n"
        );
    }
}
