//! The terminal summary: per file, rows read = accepted + rejected + skipped, then totals, the
//! first rejected rows and the warnings grouped by rule with their first locations, so the user
//! knows at once what happened and where to look. `--quiet` keeps the totals and the rejected
//! rows; `--verbose` lists every rejected row and every warning's location.

use crate::i18n::{fill, text, Language};
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
/// the canonical tables they gave, in `lang`.
pub fn summary(
    accounts: &[Account],
    issues: &[Issue],
    tables: &Tables,
    verbosity: Verbosity,
    lang: Language,
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
                let line = fill(
                    lang,
                    "terminal.summary.not_read",
                    &[
                        ("place", &place),
                        ("table", &a.table),
                        ("reason", &reason.render(lang)),
                    ],
                );
                let _ = writeln!(out, "{line}");
            }
            None => {
                let counts = counts(
                    lang,
                    [
                        a.read(),
                        a.accepted(),
                        a.warned(),
                        a.rejected(),
                        a.skipped(),
                    ],
                );
                let _ = writeln!(files, "{place} ({}){}{counts}", a.table, colon(lang));
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
                    let line = fill(
                        lang,
                        "terminal.summary.ignored_columns",
                        &[("columns", &ignored.join(", "))],
                    );
                    let _ = writeln!(files, "  {line}");
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
    let total = counts(lang, [read, accepted, warned, rejected, skipped]);
    let _ = writeln!(
        out,
        "{}{}{total}",
        text(lang, "terminal.summary.total"),
        colon(lang)
    );
    if verbosity != Verbosity::Quiet {
        for (table, df) in &tables.frames {
            let line = fill(
                lang,
                "terminal.summary.table_rows",
                &[
                    ("table", table.as_str()),
                    ("rows", &df.height().to_string()),
                ],
            );
            let _ = writeln!(out, "{line}");
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
        let line = fill(
            lang,
            "terminal.summary.rejected",
            &[
                ("place", &issue.location.phrase(lang)),
                ("message", &issue.message.render(lang)),
            ],
        );
        let _ = writeln!(out, "{line}");
    }
    if errors.len() > shown {
        let more = (errors.len() - shown).to_string();
        let line = fill(lang, "terminal.summary.more_rejected", &[("count", &more)]);
        let _ = writeln!(out, "{line}");
    }
    if verbosity != Verbosity::Quiet {
        out.push_str(&warnings(issues, verbosity, lang));
    }
    out
}

/// "3 rows read = 1 accepted (1 with warnings) + 1 rejected + 1 skipped", in `lang`.
fn counts(lang: Language, [read, accepted, warned, rejected, skipped]: [usize; 5]) -> String {
    let n = |v: usize| v.to_string();
    fill(
        lang,
        "terminal.summary.counts",
        &[
            ("read", &n(read)),
            ("accepted", &n(accepted)),
            ("warned", &n(warned)),
            ("rejected", &n(rejected)),
            ("skipped", &n(skipped)),
        ],
    )
}

/// The colon that ends a label: French sets a space before it.
fn colon(lang: Language) -> &'static str {
    match lang {
        Language::Fr => " : ",
        Language::En => ": ",
    }
}

/// The semicolon between the items of a list: French sets a space before it.
fn semicolon(lang: Language) -> &'static str {
    match lang {
        Language::Fr => " ; ",
        Language::En => "; ",
    }
}

/// The warnings, one line per rule: how many, the first one's message, and its first
/// locations (all of them when verbose).
fn warnings(issues: &[Issue], verbosity: Verbosity, lang: Language) -> String {
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
            .map(|i| i.location.phrase(lang))
            .collect();
        if found.len() > shown {
            let more = (found.len() - shown).to_string();
            places.push(fill(lang, "terminal.summary.and_more", &[("count", &more)]));
        }
        let rows = if found.len() == 1 {
            "terminal.summary.one_row"
        } else {
            "terminal.summary.rows"
        };
        let line = fill(
            lang,
            "terminal.summary.warning",
            &[
                ("rule", &text(lang, &format!("rule.{}", rule.as_str()))),
                ("count", &found.len().to_string()),
                ("rows", &text(lang, rows)),
                ("message", &found[0].message.render(lang)),
                ("places", &places.join(semicolon(lang))),
            ],
        );
        let _ = writeln!(out, "{line}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Location;
    use crate::i18n::Message;
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
                message: Message::new("column.ignored")
                    .with("header", "Notes")
                    .with("table", "mobilities"),
            },
            Issue {
                location: at(3, "B (Pays)"),
                severity: Severity::Error,
                rule: Rule::UnknownCountry,
                value: "Atlantis".into(),
                message: Message::new("parse.not_a_number").with("value", "Atlantis"),
            },
        ];
        let mut tables = Tables::default();
        let frame = df!("person_id" => ["p1"]).unwrap();
        tables.frames.insert(TableKind::Mobilities, frame);
        let text = |lang| {
            summary(
                &[account.clone()],
                &issues,
                &tables,
                Verbosity::Normal,
                lang,
            )
        };
        assert_eq!(
            text(Language::En),
            "in/m.xlsx [Feuil1] (mobilities): 3 rows read = 1 accepted (1 with warnings) + 1 rejected + 1 skipped\n\
             \x20 columns ignored: Notes\n\
             total: 3 rows read = 1 accepted (1 with warnings) + 1 rejected + 1 skipped\n\
             table mobilities: 1 rows\n\
             rejected: in/m.xlsx, sheet \"Feuil1\", row 3, column B (Pays): \"Atlantis\" is not a number\n"
        );
        // The same in French, word for word from the translation table.
        assert_eq!(
            text(Language::Fr),
            "in/m.xlsx [Feuil1] (mobilities) : 3 lignes lues = 1 acceptées (1 avec avertissement) + 1 rejetées + 1 ignorées\n\
             \x20 colonnes ignorées : Notes\n\
             total : 3 lignes lues = 1 acceptées (1 avec avertissement) + 1 rejetées + 1 ignorées\n\
             table mobilities : 1 lignes\n\
             rejetée : in/m.xlsx, feuille « Feuil1 », ligne 3, colonne B (Pays) : « Atlantis » n'est pas un nombre\n"
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
            message: Message::new("row.too_long_student")
                .with("days", 400)
                .with("limit", 365),
        };
        let issues: Vec<Issue> = (2..7).map(warning).collect();
        let tables = Tables::default();
        let text = |v| summary(&[account.clone()], &issues, &tables, v, Language::En);
        // Five warnings of one rule: the first three locations, then a count.
        let normal = text(Verbosity::Normal);
        assert!(
            normal.ends_with(
                "warning (implausible duration, 5 rows): the mobility lasts 400 days, more than the 365 \
                 expected for student mobilities; check the dates; at in/s.csv, row 2, \
                 column L (Fin); in/s.csv, row 3, column L (Fin); in/s.csv, row 4, column L \
                 (Fin); and 2 more\n"
            ),
            "{normal}"
        );
        assert!(normal.starts_with("in/s.csv (mobilities): 5 rows read"));
        let verbose = text(Verbosity::Verbose);
        assert!(verbose.contains("row 6, column L (Fin)\n") && !verbose.contains("and 2 more"));
        // Quiet: the totals only (there is no rejected row).
        assert_eq!(
            text(Verbosity::Quiet),
            "total: 5 rows read = 5 accepted (5 with warnings) + 0 rejected + 0 skipped\n"
        );
    }
}
