//! The data-quality block of the HTML report: rows read, accepted, warned, rejected and skipped
//! per file with their totals; with details, the rejected rows' locations (capped) and the
//! skipped rows and warnings counted by rule.

use super::table::{CellView, ColumnView, TableView};
use crate::i18n::Language;
use crate::i18n::{self, fill, labels, number};
use crate::validate::{Account, Issue, Severity};
use serde::Serialize;
use std::collections::BTreeMap;

/// At most this many rejected rows are listed on the page; data_quality.csv has them all.
pub(crate) const REJECTED_SHOWN: usize = 500;

/// The data-quality block, every text translated.
#[derive(Debug, Serialize)]
pub(crate) struct QualityView {
    pub intro: String,
    pub accounts: TableView,
    /// One sentence per file that could not be read.
    pub fatal: Vec<FatalView>,
    /// The rejected rows (with details).
    pub rejected: Option<TableView>,
    /// "No row was rejected", or "… and N more in data_quality.csv".
    pub rejected_note: Option<String>,
    /// Skipped rows and warnings by rule (with details, when there are any).
    pub summary: Option<TableView>,
    /// Where the details are (without details).
    pub elsewhere: Option<String>,
}

/// A file that could not be read.
#[derive(Debug, Serialize)]
pub(crate) struct FatalView {
    pub text: String,
    /// Why, in the report language.
    pub reason: String,
}

/// The block from the run's accounts and issues.
pub(crate) fn quality(
    lang: Language,
    accounts: &[Account],
    issues: &[Issue],
    details: bool,
) -> QualityView {
    let fatal = accounts
        .iter()
        .filter_map(|a| {
            a.fatal.as_ref().map(|reason| FatalView {
                text: fill(lang, "report.quality.fatal", &[("file", &a.file)]),
                reason: reason.render(lang),
            })
        })
        .collect();
    let (rejected, rejected_note, summary) = if details {
        let (table, note) = rejected_rows(lang, issues);
        (table, note, by_rule(lang, issues))
    } else {
        (None, None, None)
    };
    // Without details (the one-page leadership report), one row per input table.
    let per_table;
    let shown = if details {
        accounts
    } else {
        per_table = by_table(lang, accounts);
        &per_table[..]
    };
    QualityView {
        intro: i18n::text(lang, "report.quality.intro"),
        accounts: accounts_table(lang, shown, details),
        fatal,
        rejected,
        rejected_note,
        summary,
        elsewhere: (!details).then(|| i18n::text(lang, "report.quality.details_elsewhere")),
    }
}

fn columns(lang: Language, names: &[&str], numeric_from: usize) -> Vec<ColumnView> {
    names
        .iter()
        .enumerate()
        .map(|(i, name)| ColumnView {
            label: labels::column(lang, name),
            numeric: i >= numeric_from,
        })
        .collect()
}

/// "–" for an empty text (CSV files have no sheet; a whole-row problem has no column).
fn or_dash(text: &str) -> CellView {
    CellView::text(if text.is_empty() { "–" } else { text })
}

/// An input table in the reader's words ("inscrits" for `students`); the id itself when the
/// translation table does not know it (an unreadable file names none).
fn table_name(lang: Language, table: &str) -> String {
    let key = format!("report.input_table.{table}");
    if i18n::has(&key) {
        i18n::text(lang, &key)
    } else if table.is_empty() {
        "–".to_string()
    } else {
        table.to_string()
    }
}

/// The accounts summed per input table, in the order the tables first appear; the file column
/// says how many files ("3 fichiers").
fn by_table(lang: Language, accounts: &[Account]) -> Vec<Account> {
    let mut order: Vec<&str> = Vec::new();
    let mut sums: BTreeMap<&str, ([usize; 4], usize)> = BTreeMap::new();
    for a in accounts {
        if !order.contains(&a.table.as_str()) {
            order.push(&a.table);
        }
        let (counts, files) = sums.entry(&a.table).or_default();
        for (sum, n) in counts
            .iter_mut()
            .zip([a.accepted(), a.warned(), a.rejected(), a.skipped()])
        {
            *sum += n;
        }
        *files += 1;
    }
    order
        .into_iter()
        .map(|table| {
            let ([accepted, warned, rejected, skipped], files) = sums[table];
            let label = fill(
                lang,
                "report.quality.files",
                &[("count", &files.to_string())],
            );
            Account::with_counts(&label, table, accepted, warned, rejected, skipped)
        })
        .collect()
}

fn accounts_table(lang: Language, accounts: &[Account], per_file: bool) -> TableView {
    let count = |n: usize| CellView::number(number(lang, n as f64, 0));
    let counts = |a: &Account| {
        [
            a.read(),
            a.accepted(),
            a.warned(),
            a.rejected(),
            a.skipped(),
        ]
    };
    let rows = accounts
        .iter()
        .map(|a| {
            let mut row = vec![
                or_dash(&a.file),
                or_dash(&a.sheet),
                CellView::text(table_name(lang, &a.table)),
            ];
            row.extend(counts(a).map(count));
            row
        })
        .collect();
    let mut sums = [0usize; 5];
    for a in accounts {
        for (sum, n) in sums.iter_mut().zip(counts(a)) {
            *sum += n;
        }
    }
    let mut totals = vec![
        CellView::text(i18n::text(lang, "report.quality.total")),
        CellView::text(""),
        CellView::text(""),
    ];
    totals.extend(sums.map(count));
    TableView {
        caption: i18n::text(
            lang,
            if per_file {
                "report.quality.accounts_caption"
            } else {
                "report.quality.accounts_caption_per_table"
            },
        ),
        note: None,
        columns: columns(
            lang,
            &[
                "file", "sheet", "table", "read", "accepted", "warned", "rejected", "skipped",
            ],
            3,
        ),
        rows,
        row_header: true,
        totals: Some(totals),
    }
}

/// The rejected rows (severity Error), at most [`REJECTED_SHOWN`], each with its message, and
/// the sentence to show under them.
fn rejected_rows(lang: Language, issues: &[Issue]) -> (Option<TableView>, Option<String>) {
    let rejected: Vec<&Issue> = issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .collect();
    if rejected.is_empty() {
        return (None, Some(i18n::text(lang, "report.quality.no_rejected")));
    }
    let names = ["file", "sheet", "row", "column", "rule", "value", "message"];
    let mut cols = columns(lang, &names, usize::MAX);
    cols[2].numeric = true;
    let rows = rejected
        .iter()
        .take(REJECTED_SHOWN)
        .map(|issue| {
            let at = &issue.location;
            vec![
                or_dash(&at.file),
                or_dash(&at.sheet),
                if at.row == 0 {
                    CellView::number("–")
                } else {
                    CellView::number(at.row.to_string())
                },
                or_dash(&at.column),
                CellView::text(i18n::text(lang, &format!("rule.{}", issue.rule.as_str()))),
                or_dash(&issue.value),
                CellView::text(issue.message.render(lang)),
            ]
        })
        .collect();
    let more = rejected.len().saturating_sub(REJECTED_SHOWN);
    let count = number(lang, rejected.len() as f64, 0);
    let table = TableView {
        caption: fill(
            lang,
            "report.quality.rejected_caption",
            &[("count", &count)],
        ),
        note: None,
        columns: cols,
        rows,
        row_header: false,
        totals: None,
    };
    let note = (more > 0).then(|| {
        fill(
            lang,
            "report.quality.more",
            &[("count", &number(lang, more as f64, 0))],
        )
    });
    (Some(table), note)
}

/// Skipped rows and warnings counted by severity and rule, in that order.
fn by_rule(lang: Language, issues: &[Issue]) -> Option<TableView> {
    let mut counts: BTreeMap<(Severity, &str), usize> = BTreeMap::new();
    for issue in issues {
        if matches!(issue.severity, Severity::Skipped | Severity::Warning) {
            *counts
                .entry((issue.severity, issue.rule.as_str()))
                .or_default() += 1;
        }
    }
    if counts.is_empty() {
        return None;
    }
    let mut cols = columns(lang, &["severity", "rule"], usize::MAX);
    cols.push(ColumnView {
        label: i18n::text(lang, "report.quality.rows"),
        numeric: true,
    });
    Some(TableView {
        caption: i18n::text(lang, "report.quality.summary_caption"),
        note: None,
        columns: cols,
        rows: counts
            .into_iter()
            .map(|((severity, rule), n)| {
                vec![
                    CellView::text(labels::vocabulary(lang, "severity", severity.as_str())),
                    CellView::text(i18n::text(lang, &format!("rule.{rule}"))),
                    CellView::number(number(lang, n as f64, 0)),
                ]
            })
            .collect(),
        row_header: false,
        totals: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Location;
    use crate::i18n::Message;
    use crate::validate::Rule;

    fn issue(row: u32, severity: Severity, rule: Rule) -> Issue {
        Issue {
            location: Location {
                file: "inputs/a.csv".into(),
                row,
                column: "D (Pays)".into(),
                ..Default::default()
            },
            severity,
            rule,
            value: "Atlantide".into(),
            message: Message::new("parse.unknown_country").with("value", "Atlantide"),
        }
    }

    #[test]
    fn rejected_rows_are_exactly_the_errors_and_the_rest_is_counted_by_rule() {
        let issues = [
            issue(3, Severity::Error, Rule::UnknownCountry),
            issue(4, Severity::Skipped, Rule::BlankRow),
            issue(5, Severity::Skipped, Rule::BlankRow),
            issue(6, Severity::Warning, Rule::UnknownValue),
            issue(7, Severity::Error, Rule::EndBeforeStart),
            issue(0, Severity::Info, Rule::IgnoredColumn),
        ];
        // 10 rows read: 6 accepted (1 with warnings) + 2 rejected + 2 skipped.
        let account = Account::with_counts("inputs/a.csv", "mobilities", 6, 1, 2, 2);
        let q = quality(Language::Fr, &[account.clone(), account], &issues, true);
        let rejected = q.rejected.unwrap();
        let rows: Vec<&str> = rejected.rows.iter().map(|r| r[2].text.as_str()).collect();
        assert_eq!(rows, ["3", "7"]);
        assert_eq!(rejected.rows[0][4].text, "pays inconnu");
        assert_eq!(rejected.columns.len(), 7);
        assert!(rejected.rows[0][6]
            .text
            .starts_with("« Atlantide » n'est pas un pays"));
        assert_eq!(q.rejected_note, None);
        let summary = q.summary.unwrap();
        // Warnings sort before skipped rows (the Severity order): 1 warning, 2 blank rows.
        let summary: Vec<Vec<&str>> = summary
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect();
        assert_eq!(
            summary,
            [
                ["avertissement", "valeur inconnue", "1"],
                ["ignorée", "ligne vide", "2"]
            ]
        );
        // Totals of two identical accounts: 10 + 10 read.
        let totals = q.accounts.totals.unwrap();
        assert_eq!(totals[3].text, "20");
        assert_eq!(q.accounts.rows[0][1].text, "–");
    }

    #[test]
    fn the_list_is_capped_with_a_note() {
        let issues: Vec<Issue> = (1..=REJECTED_SHOWN as u32 + 3)
            .map(|row| issue(row, Severity::Error, Rule::UnknownCountry))
            .collect();
        let q = quality(Language::En, &[], &issues, true);
        let rejected = q.rejected.unwrap();
        assert_eq!(rejected.rows.len(), REJECTED_SHOWN);
        assert!(rejected.rows[0][6]
            .text
            .starts_with("\"Atlantide\" is not a country mobistat knows"));
        assert_eq!(
            q.rejected_note.as_deref(),
            Some("… and 3 more in data_quality.csv.")
        );
        let brief = quality(Language::En, &[], &issues, false);
        assert!(brief.rejected.is_none() && brief.summary.is_none());
        assert!(brief.elsewhere.is_some());
    }
}
