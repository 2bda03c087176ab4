//! Issue 13, privacy by default: the demo's report.html and workbook show no count of 1 to 4
//! people and no person id; `--public` writes only the outputs meant for people;
//! `[privacy] min_cell = 0` turns the suppression off.

use crate::util::{csv_maps, Workdir};
use crate::workbook::{indicator_sheets, sheet_rows};
use calamine::{open_workbook_auto, Reader};
use mobistat::i18n::{labels, Language};
use mobistat::indicators::Indicator;
use mobistat::schema::Privacy;
use std::collections::BTreeSet;

/// Every person id of the demo's canonical tables (mobilities and enrolments).
fn person_ids(w: &Workdir) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for table in ["mobilities", "students"] {
        for row in csv_maps(&w.read(&format!("reports/data/{table}.csv"))) {
            let id = row["person_id"].trim();
            if !id.is_empty() {
                ids.insert(id.to_string());
            }
        }
    }
    ids
}

/// The labels (French) of the columns of `indicator` that count people.
fn person_labels(indicator: Indicator) -> Vec<String> {
    indicator
        .columns()
        .iter()
        .filter(|c| c.privacy == Privacy::Persons)
        .map(|c| labels::column(Language::Fr, c.name))
        .collect()
}

/// A French-formatted count ("1 234", "3") as a number; None for anything else.
fn count(text: &str) -> Option<f64> {
    let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    digits.replace(',', ".").parse().ok()
}

/// Every table of report.html: its header labels and its rows of cell texts.
fn html_tables(html: &str) -> Vec<(Vec<String>, Vec<Vec<String>>)> {
    let cells = |part: &str, open: &[&str]| -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = part;
        while let Some(at) = open.iter().filter_map(|o| rest.find(o)).min() {
            let after = &rest[at..];
            let start = after.find('>').unwrap() + 1;
            let end = after[start..].find("</t").unwrap() + start;
            out.push(after[start..end].to_string());
            rest = &after[end..];
        }
        out
    };
    html.split("<table>")
        .skip(1)
        .map(|t| {
            let t = &t[..t.find("</table>").unwrap()];
            let (head, body) = t.split_at(t.find("<tbody>").unwrap_or(t.len()));
            let header = cells(head, &["<th scope=\"col\""]);
            let rows = body
                .split("<tr>")
                .skip(1)
                .map(|r| cells(r, &["<td", "<th scope=\"row\""]))
                .collect();
            (header, rows)
        })
        .collect()
}

#[test]
fn demo_report_and_workbook_show_no_count_under_5_people_and_no_person_id() {
    let w = crate::demo::demo();
    let run = w.run(&["report", "--lang", "fr"]);
    assert_eq!(run.code, 1, "{}", run.all());
    let ids = person_ids(&w);
    assert!(ids.len() > 1000, "{}", ids.len());
    let html = w.read("reports/report.html");
    let quality = w.read("reports/data_quality.csv");
    for id in &ids {
        assert!(!html.contains(id.as_str()), "report.html shows person {id}");
        assert!(
            !quality.contains(id.as_str()),
            "data_quality.csv shows person {id}"
        );
        assert!(
            !run.stdout.contains(id.as_str()),
            "the terminal shows person {id}"
        );
    }
    // The duplicate is named by its place only.
    assert!(
        quality.contains("même personne, même partenaire et même date de début que la saisie de"),
        "{quality}"
    );

    // Every table of the page: a column counting people shows no 1 to 4; hidden cells read
    // "< 5", explained once under the heading.
    let mut hidden_cells = 0;
    let persons: BTreeSet<String> = Indicator::ALL
        .iter()
        .flat_map(|i| person_labels(*i))
        .collect();
    for (header, rows) in html_tables(&html) {
        for row in rows {
            for (label, cell) in header.iter().zip(&row) {
                if cell == "&lt; 5" {
                    hidden_cells += 1;
                }
                if persons.contains(label) {
                    let n = count(cell);
                    assert!(
                        !n.is_some_and(|n| n > 0.0 && n < 5.0),
                        "report.html: {label} = {cell}"
                    );
                }
            }
        }
    }
    assert!(hidden_cells > 0, "no hidden cell in report.html");
    assert_eq!(
        html.matches("Pour protéger les personnes comptées").count(),
        1
    );

    // The workbook: no sheet holds a person id; no people-count cell of an indicator sheet
    // holds 1 to 4; the cover explains "< 5".
    let path = w.path().join("reports/mobistat.xlsx");
    let names = open_workbook_auto(&path).unwrap().sheet_names();
    for name in &names {
        for row in sheet_rows(&path, name) {
            for cell in row {
                assert!(!ids.contains(cell.trim()), "{name}: person {cell}");
            }
        }
    }
    let mut hidden_in_workbook = 0;
    for (sheet, indicator) in indicator_sheets(&path) {
        let rows = sheet_rows(&path, &sheet);
        let labels = person_labels(indicator);
        for row in &rows[1..] {
            for (label, cell) in rows[0].iter().zip(row) {
                hidden_in_workbook += usize::from(cell == "< 5");
                if labels.contains(label) {
                    let n = count(cell);
                    assert!(
                        !n.is_some_and(|n| n > 0.0 && n < 5.0),
                        "{sheet}: {label} = {cell}"
                    );
                }
            }
        }
    }
    assert!(hidden_in_workbook > 0);
    let cover = sheet_rows(&path, &names[0]).concat().join("\n");
    assert!(cover.contains("est remplacé par « < 5 »"), "{cover}");

    // The office's CSV tables keep every count.
    let activity = csv_maps(&w.read("reports/tables/erasmus_activity.csv"));
    assert!(activity.iter().any(|r| r["mobilities"] == "1"));
}

#[test]
fn public_run_writes_no_data_folder_and_no_csv_tables() {
    let w = crate::demo::demo();
    let run = w.run(&["report", "--public", "--lang", "en"]);
    assert_eq!(run.code, 1, "{}", run.all());
    let reports = w.path().join("reports");
    assert!(!reports.join("data").exists());
    assert!(!reports.join("tables").exists());
    for file in [
        "report.html",
        "mobistat.xlsx",
        "data_quality.csv",
        "key_figures.png",
    ] {
        assert!(reports.join(file).exists(), "{file}");
    }
    assert!(
        run.stdout
            .contains("--public: no canonical tables (data/) and no CSV tables"),
        "{}",
        run.all()
    );
    assert!(
        !run.stdout.contains("canonical tables written"),
        "{}",
        run.all()
    );
}

#[test]
fn min_cell_0_turns_suppression_off() {
    let w = crate::demo::demo();
    let config = w.read("mobistat.toml");
    assert!(config.contains("\nmin_cell = 5\n"));
    w.write(
        "mobistat.toml",
        &config.replace("\nmin_cell = 5\n", "\nmin_cell = 0\n"),
    );
    let run = w.run(&["report"]);
    assert_eq!(run.code, 1, "{}", run.all());
    let html = w.read("reports/report.html");
    assert!(!html.contains("&lt; 5"));
    assert!(!html.contains("Pour protéger les personnes"));
}
