//! The fixture tests/fixtures/mobilities.* (written by examples/gen_fixtures.rs: a title row,
//! a blank row, the header on row 3, six mobilities of which two are bad, a blank row and a
//! totals row) read the same in every format. The xls, xlsm and ods copies were saved by
//! LibreOffice from the xlsx (a second writer, with shared strings); no tool here writes xlsb,
//! which is covered by calamine's own xlsb workbooks in the real-data tests.

use crate::util::{accountings, csv_maps, Workdir};

/// Rows read 11 = 4 accepted + 2 rejected (rows 8 and 9) + 5 skipped (title, blank, header,
/// blank, totals), counted by hand from ROWS in examples/gen_fixtures.rs.
#[test]
fn every_format_gives_the_same_accounting() {
    for ext in ["xlsx", "xlsm", "xls", "ods", "csv", "tsv"] {
        let w = Workdir::new();
        let name = format!("mobilities.{ext}");
        w.copy_from_repo(&format!("tests/fixtures/{name}"), &name);
        let run = w.run(&["check", &name]);
        assert_eq!(run.code, 1, "{ext}: {}", run.all());
        assert_eq!(
            accountings(&run.stdout)[0],
            (11, 4, 0, 2, 5),
            "{ext}: {}",
            run.all()
        );
        let issues = csv_maps(&w.read("reports/data_quality.csv"));
        let errors: Vec<(String, String, String)> = issues
            .iter()
            .filter(|i| i["severity"] == "error")
            .map(|i| (i["row"].clone(), i["rule"].clone(), i["column"].clone()))
            .collect();
        assert_eq!(
            errors,
            vec![
                ("8".into(), "unknown_country".into(), "F (Pays)".into()),
                (
                    "9".into(),
                    "end_before_start".into(),
                    "H (Date de fin)".into()
                ),
            ],
            "{ext}"
        );
        let skipped: Vec<String> = issues
            .iter()
            .filter(|i| i["severity"] == "skipped")
            .map(|i| i["row"].clone())
            .collect();
        assert_eq!(skipped, vec!["1", "2", "3", "10", "11"], "{ext}");
    }
}

#[test]
fn report_writes_normalised_tables() {
    let w = Workdir::new();
    w.copy_from_repo("tests/fixtures/mobilities.xlsx", "in/mobilities.xlsx");
    let run = w.run(&["report", "in/mobilities.xlsx"]);
    assert_eq!(run.code, 1, "{}", run.all());
    let rows = csv_maps(&w.read("reports/data/mobilities.csv"));
    assert_eq!(rows.len(), 4);
    let e001 = &rows[0];
    assert_eq!(e001["person_id"], "E001");
    assert_eq!(e001["direction"], "outgoing");
    assert_eq!(e001["activity"], "study");
    assert_eq!(e001["participant"], "student");
    assert_eq!(e001["partner_country"], "AT");
    assert_eq!(e001["partner_erasmus_code"], "A  WIEN02");
    assert_eq!(e001["academic_year"], "2024-2025");
    // 2 Sep 2024 to 31 Jan 2025 inclusive: 29 + 31 + 30 + 31 + 31 = 152 days.
    assert_eq!(e001["duration_days"], "152");
    assert_eq!(e001["start_date"], "2024-09-02");
    assert_eq!(e001["source_row"], "4");
    // Incoming study that started in September 2023 belongs to 2023-2024.
    assert_eq!(rows[2]["direction"], "incoming");
    assert_eq!(rows[2]["academic_year"], "2023-2024");
    // STA is a teaching mobility, so its participant is staff; 7 to 11 October is 5 days.
    assert_eq!(rows[3]["activity"], "teaching");
    assert_eq!(rows[3]["participant"], "staff");
    assert_eq!(rows[3]["duration_days"], "5");
}

#[test]
fn outputs_are_byte_identical_between_runs() {
    let w = Workdir::new();
    w.copy_from_repo("tests/fixtures/mobilities.ods", "in/mobilities.ods");
    w.copy_from_repo("tests/fixtures/mobilities.csv", "in/mobilities.csv");
    w.run(&["report", "in", "--table", "mobilities"]);
    let first = (
        w.read("reports/data/mobilities.csv"),
        w.read("reports/data_quality.csv"),
    );
    w.run(&["report", "in", "--table", "mobilities"]);
    let second = (
        w.read("reports/data/mobilities.csv"),
        w.read("reports/data_quality.csv"),
    );
    assert_eq!(first, second);
    // The ods holds the same four mobilities as the csv (read first, in file-name order):
    // the second copies are rejected as duplicates, naming where the first one is.
    assert_eq!(csv_maps(&first.0).len(), 4);
    let duplicates: Vec<_> = csv_maps(&first.1)
        .into_iter()
        .filter(|i| i["rule"] == "duplicate_mobility")
        .collect();
    assert_eq!(duplicates.len(), 4);
    assert!(duplicates
        .iter()
        .all(|d| d["file"] == "in/mobilities.ods"
            && d["message"].contains("in/mobilities.csv, ligne")));
}
