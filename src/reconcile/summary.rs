//! The terminal summary of `reconcile`: each file's row accounting, what was left out of scope
//! and why, the counts by outcome, then the first unmatched and rejected rows with their place.

use super::output::{Counts, Line, Status};
use super::scope::Scoped;
use crate::error::Location;
use crate::i18n::{fill, text, Language};
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
    /// The language of the summary.
    pub lang: Language,
}

/// "inputs/a.xlsx [Sheet]: 10 rows read = 8 accepted (0 with warnings) + 1 rejected + 1 skipped"
/// for every file of one side.
fn accounting(out: &mut String, side: &str, loaded: &Loaded, lang: Language) {
    for a in &loaded.accounts {
        let place = if a.sheet.is_empty() {
            a.file.clone()
        } else {
            format!("{} [{}]", a.file, a.sheet)
        };
        let n = |v: usize| v.to_string();
        let line = match &a.fatal {
            Some(reason) => fill(
                lang,
                "terminal.reconcile.not_read",
                &[
                    ("side", side),
                    ("place", &place),
                    ("reason", &reason.render(lang)),
                ],
            ),
            None => fill(
                lang,
                "terminal.reconcile.account",
                &[
                    ("side", side),
                    ("place", &place),
                    ("read", &n(a.read())),
                    ("accepted", &n(a.accepted())),
                    ("warned", &n(a.warned())),
                    ("rejected", &n(a.rejected())),
                    ("skipped", &n(a.skipped())),
                ],
            ),
        };
        let _ = writeln!(out, "{line}");
    }
}

/// The accounting lines of both sides (printed first, also when a file cannot be read).
pub(crate) fn accountings(ours: &Loaded, bm: &Loaded, lang: Language) -> String {
    let mut out = String::new();
    accounting(&mut out, &text(lang, "terminal.reconcile.ours"), ours, lang);
    accounting(&mut out, &text(lang, "terminal.reconcile.bm"), bm, lang);
    out
}

/// "; left out: 917 with funding none, 652 with funding bilateral", largest first.
fn left_out(scope: &Scoped, lang: Language) -> String {
    let mut reasons: Vec<(String, usize)> = scope
        .left_out
        .iter()
        .map(|(r, n)| (r.render(lang), *n))
        .collect();
    reasons.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    if reasons.is_empty() {
        return String::new();
    }
    let text: Vec<String> = reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
    fill(
        lang,
        "terminal.reconcile.left_out",
        &[("reasons", &text.join(", "))],
    )
}

/// The line's place on one side ("inputs/a.xlsx, sheet \"S\", row 12").
fn place(line: &Line, file: usize, lang: Language) -> String {
    Location {
        file: line.cells[file].clone(),
        sheet: line.cells[file + 1].clone(),
        row: line.cells[file + 2].parse().unwrap_or(0),
        column: String::new(),
    }
    .phrase(lang)
}

/// One unmatched line: where it is and what it is.
fn describe(line: &Line, lang: Language) -> String {
    let c = &line.cells;
    let (at, id, start) = match line.status {
        Status::OursOnly => (place(line, 15, lang), &c[3], &c[11]),
        _ => (place(line, 18, lang), &c[4], &c[12]),
    };
    let id = if id.is_empty() {
        String::new()
    } else {
        fill(lang, "terminal.reconcile.mobility_id", &[("id", id)])
    };
    fill(
        lang,
        "terminal.reconcile.describe",
        &[
            ("place", &at),
            ("id", &id),
            ("person", &c[5]),
            ("direction", &c[10]),
            ("activity", &c[9]),
            ("partner", &c[6]),
            ("country", &c[8]),
            ("start", start),
        ],
    )
}

fn list(out: &mut String, lines: &[Line], status: Status, label: &str, lang: Language) {
    let chosen: Vec<&Line> = lines.iter().filter(|l| l.status == status).collect();
    let colon = match lang {
        Language::Fr => " : ",
        Language::En => ": ",
    };
    for line in chosen.iter().take(SHOWN) {
        let text = match status {
            Status::Rejected if !line.cells[15].is_empty() => {
                format!("{}{colon}{}", place(line, 15, lang), line.cells[2])
            }
            Status::Rejected => format!("{}{colon}{}", place(line, 18, lang), line.cells[2]),
            _ => describe(line, lang),
        };
        let _ = writeln!(out, "{label}{colon}{text}");
    }
    if chosen.len() > SHOWN {
        let more = (chosen.len() - SHOWN).to_string();
        let line = fill(
            lang,
            "terminal.reconcile.more",
            &[("count", &more), ("label", label)],
        );
        let _ = writeln!(out, "{line}");
    }
}

/// The summary after the accounting lines.
pub(crate) fn summary(f: &Facts) -> String {
    let lang = f.lang;
    let mut out = String::new();
    let c = f.counts;
    let n = |v: usize| v.to_string();
    let mut line = |key: &str, args: &[(&str, &str)]| {
        let _ = writeln!(out, "{}", fill(lang, key, args));
    };
    line(
        "terminal.reconcile.scope_ours",
        &[
            ("kept", &n(f.ours_scope.kept.len())),
            ("total", &n(f.ours_scope.total)),
            ("left_out", &left_out(f.ours_scope, lang)),
        ],
    );
    line(
        "terminal.reconcile.scope_bm",
        &[
            ("kept", &n(f.bm_scope.kept.len())),
            ("total", &n(f.bm_scope.total)),
            ("left_out", &left_out(f.bm_scope, lang)),
        ],
    );
    line("terminal.reconcile.matched", &[("count", &n(c.matched))]);
    let by_field = if c.with_differences > 0 {
        format!(" ({})", c.fields_text())
    } else {
        String::new()
    };
    line(
        "terminal.reconcile.with_differences",
        &[("count", &n(c.with_differences)), ("fields", &by_field)],
    );
    line(
        "terminal.reconcile.ours_only",
        &[("count", &n(c.ours_only))],
    );
    line("terminal.reconcile.bm_only", &[("count", &n(c.bm_only))]);
    line(
        "terminal.reconcile.rejected",
        &[("ours", &n(c.rejected_ours)), ("bm", &n(c.rejected_bm))],
    );
    let label = |key: &str| text(lang, &format!("terminal.reconcile.label.{key}"));
    list(
        &mut out,
        f.lines,
        Status::OursOnly,
        &label("ours_only"),
        lang,
    );
    list(&mut out, f.lines, Status::BmOnly, &label("bm_only"), lang);
    list(
        &mut out,
        f.lines,
        Status::Rejected,
        &label("rejected"),
        lang,
    );
    let _ = writeln!(
        out,
        "{}",
        fill(
            lang,
            "terminal.reconcile.listed_in",
            &[("path", f.path), ("days", &f.tolerance_days.to_string())],
        )
    );
    out
}
