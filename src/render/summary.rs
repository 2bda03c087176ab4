//! The terminal summary: per file, rows read = accepted + rejected + skipped, then totals and
//! the first rejected rows, so the user knows at once what happened and where to look.

use crate::tables::Tables;
use crate::validate::{Account, Issue, Rule, Severity};
use std::fmt::Write;

/// How many rejected rows are listed on the terminal before pointing to the report.
const SHOWN_ERRORS: usize = 10;

/// The summary text of a run's accounts (one per file), its issues (sorted by location) and
/// the canonical tables they gave.
pub fn summary(
    accounts: &[Account],
    issues: &[Issue],
    tables: &Tables,
    report_path: Option<&str>,
) -> String {
    let mut out = String::new();
    let (mut read, mut accepted, mut warned, mut rejected, mut skipped) = (0, 0, 0, 0, 0);
    for a in accounts {
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
                    let _ = writeln!(out, "  columns ignored: {}", ignored.join(", "));
                }
            }
        }
        read += a.read();
        accepted += a.accepted();
        warned += a.warned();
        rejected += a.rejected();
        skipped += a.skipped();
    }
    let _ = writeln!(
        out,
        "total: {read} rows read = {accepted} accepted ({warned} with warnings) + {rejected} rejected + {skipped} skipped"
    );
    for (table, df) in &tables.frames {
        let _ = writeln!(out, "table {table}: {} rows", df.height());
    }
    // Unreadable files are already listed above as "not read".
    let errors: Vec<_> = issues
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
        let text = summary(&[account], &issues, &tables, Some("out/data_quality.csv"));
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
}
