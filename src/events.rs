//! Progress for `mobistat app`: when the app runs a command it sets `MOBISTAT_EVENTS=1`, and
//! the command then writes one JSON object per line on stderr (the stage it is at, each file
//! read, the row accounting) besides what it says to people. Without the variable nothing is
//! written.

use crate::validate::Account;
use std::io::Write;
use std::sync::OnceLock;

/// The environment variable that turns the events on.
pub const ENV: &str = "MOBISTAT_EVENTS";

/// The event of a line of stderr, if it is one: a JSON object with an "event" key (the
/// sentences for people, errors, never start with "{").
pub fn parse(line: &str) -> Option<serde_json::Value> {
    if !line.starts_with('{') {
        return None;
    }
    let value: serde_json::Value = serde_json::from_str(line).ok()?;
    value.get("event")?.as_str()?;
    Some(value)
}

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var(ENV).is_ok_and(|v| v == "1"))
}

fn emit(value: serde_json::Value) {
    if enabled() {
        // One write per line: rayon's threads report files at the same time.
        let line = format!("{value}\n");
        let _ = std::io::stderr().lock().write_all(line.as_bytes());
    }
}

/// The run has reached `stage` (reading, indicators, tables, workbook, charts, html...).
pub fn stage(stage: &str) {
    emit(serde_json::json!({"event": "stage", "stage": stage}));
}

/// `done` of `total` files (or sheets) have been read; `file` is the last one.
pub fn file_read(done: usize, total: usize, file: &str) {
    emit(serde_json::json!({"event": "file", "done": done, "total": total, "file": file}));
}

/// The row accounting of every file read, the unreadable ones with their reason in `lang`.
pub fn accounts(accounts: &[Account], lang: crate::i18n::Language) {
    if !enabled() {
        return;
    }
    let rows: Vec<serde_json::Value> = accounts
        .iter()
        .map(|a| {
            serde_json::json!({
                "file": a.file,
                "sheet": a.sheet,
                "table": a.table,
                "read": a.read(),
                "accepted": a.accepted(),
                "warned": a.warned(),
                "rejected": a.rejected(),
                "skipped": a.skipped(),
                "fatal": a.fatal.as_ref().map(|m| m.render(lang)),
            })
        })
        .collect();
    emit(serde_json::json!({"event": "accounts", "accounts": rows}));
}

#[cfg(test)]
mod tests {
    #[test]
    fn events_are_told_from_sentences() {
        let line = serde_json::json!({"event": "file", "done": 1, "total": 2, "file": "a.csv"});
        let event = super::parse(&line.to_string()).unwrap();
        assert_eq!(event["done"], 1);
        assert!(super::parse("erreur : a.csv ne désigne aucun fichier").is_none());
        assert!(super::parse("{\"done\": 1}").is_none());
    }
}
