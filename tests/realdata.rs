//! Real public data (../shared/realdata, see each folder's SOURCE.md): a Spanish university's
//! partner lists, the Commission's ECHE holder list, and calamine's edge-case workbooks.

use crate::util::{accountings, csv_maps, realdata, Workdir};

const UPV_PROGRAMMES: &str = "GITST O MÁSTER,GITST,MASTER,GTDM,GIF,GMAT";

#[test]
fn partner_lists_account_for_every_row_and_skip_totals() {
    let Some(data) = realdata() else { return };
    let w = Workdir::new();
    // (file, extra flags, rows read, totals rows): row counts from `wc -l` of the files, totals
    // rows counted by hand (seven TOTAL/PLAZAS TOTALES rows in each).
    let codes = data.join("partner-lists/upv_etsit_erasmus_partners_codes.csv");
    let places = data.join("partner-lists/upv_etsit_erasmus_destinations_2026-27.csv");
    for (file, extra, read) in [
        (codes, vec![], 100),
        (places, vec!["--programme-columns", UPV_PROGRAMMES], 101),
    ] {
        let file = file.to_string_lossy().into_owned();
        let mut args = vec![
            "check",
            file.as_str(),
            "--table",
            "partners",
            "--set",
            "agreement=erasmus",
        ];
        args.extend(extra);
        let run = w.run(&args);
        assert_eq!(run.code, 0, "{}", run.all());
        let (r, accepted, _, rejected, skipped) = accountings(&run.stdout)[0];
        assert_eq!(r, read, "{}", run.all());
        assert_eq!(r, accepted + rejected + skipped);
        // 91 partner institutions; "HOLANDA" is read as the Netherlands.
        assert_eq!(accepted, 91, "{}", run.all());
        let issues = csv_maps(&w.read("reports/data_quality.csv"));
        let totals = issues.iter().filter(|i| i["rule"] == "totals_row").count();
        assert_eq!(totals, 7, "{}", run.all());
    }
}

#[test]
fn wide_programme_columns_become_lists() {
    let Some(data) = realdata() else { return };
    let w = Workdir::new();
    let places = data.join("partner-lists/upv_etsit_erasmus_destinations_2026-27.csv");
    let run = w.run(&[
        "report",
        &places.to_string_lossy(),
        "--table",
        "partners",
        "--set",
        "agreement=erasmus",
        "--programme-columns",
        UPV_PROGRAMMES,
    ]);
    assert_eq!(run.code, 0, "{}", run.all());
    let rows = csv_maps(&w.read("reports/data/partners.csv"));
    // Row 3 of the file: TU Wien, 3 places in "GITST O MÁSTER", 2 in GTDM and 2 in GIF.
    let wien = rows
        .iter()
        .find(|r| r["partner_erasmus_code"] == "A  WIEN02")
        .unwrap();
    assert_eq!(wien["programmes"], "GITST O MÁSTER; GTDM; GIF");
    assert_eq!(wien["partner_country"], "AT");
    // Row 6: Braunschweig has "2" and a cell holding a single space: only the 2 counts.
    let bs = rows
        .iter()
        .find(|r| r["partner_erasmus_code"] == "D  BRAUNSC01")
        .unwrap();
    assert_eq!(bs["programmes"], "GITST O MÁSTER; GTDM; GIF");
}

#[test]
fn eche_list_and_partner_list_codes_compare_equal() {
    let Some(data) = realdata() else { return };
    let w = Workdir::new();
    let upv = data.join("partner-lists/upv_etsit_erasmus_partners_codes.csv");
    let eche_csv = data.join("eche/eche_destinations.csv");
    let eche_xlsx = data.join("eche/eche_destinations.xlsx");
    let (a, b, c) = (
        upv.to_string_lossy(),
        eche_csv.to_string_lossy(),
        eche_xlsx.to_string_lossy(),
    );
    let run = w.run(&[
        "report",
        &a,
        &b,
        &c,
        "--table",
        "partners",
        "--set",
        "agreement=erasmus",
    ]);
    assert_eq!(run.code, 0, "{}", run.all());
    let accounts = accountings(&run.stdout);
    assert_eq!(accounts.len(), 3, "{}", run.all());
    for (read, accepted, _, rejected, skipped) in &accounts {
        assert_eq!(*read, accepted + rejected + skipped);
    }
    // ECHE: 5,912 institutions (SOURCE.md) in both the Windows-1252 csv and the xlsx, read
    // first: files are read in path order (.../eche/... before .../partner-lists/...).
    assert_eq!(accounts[0].1, 5912, "{}", run.all());
    assert_eq!(accounts[1].1, 5912, "{}", run.all());
    let rows = csv_maps(&w.read("reports/data/partners.csv"));
    // "A WIEN02" (UPV, one space) and "A\u{a0} WIEN02" (ECHE, non-breaking space and padding)
    // are one institution: both normalise to "A  WIEN02".
    let wien: Vec<_> = rows
        .iter()
        .filter(|r| r["partner_erasmus_code"] == "A  WIEN02")
        .collect();
    let files: std::collections::BTreeSet<_> = wien
        .iter()
        .map(|r| r["source_file"].rsplit('/').next().unwrap().to_string())
        .collect();
    assert_eq!(files.len(), 3, "{wien:?}");
    // Windows-1252 decoded: the csv's first institution is NIEDERÖSTERREICH, in Austria.
    let baden = rows
        .iter()
        .find(|r| r["partner_erasmus_code"] == "A  BADEN01" && r["source_file"].ends_with(".csv"))
        .unwrap();
    assert_eq!(
        baden["partner_name"],
        "PAEDAGOGISCHE HOCHSCHULE NIEDERÖSTERREICH"
    );
    assert_eq!(baden["partner_country"], "AT");
    // Irish codes have a three-letter prefix and no space: kept, not refused.
    assert!(rows
        .iter()
        .any(|r| r["partner_erasmus_code"] == "IRLDUBLIN01"));
}

#[test]
fn every_calamine_edge_case_ingests_or_fails_clearly() {
    let Some(data) = realdata() else { return };
    let dir = data.join("spreadsheet-edge-cases/calamine");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let w = Workdir::new();
    let mut seen = 0;
    for file in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e != "md"))
    {
        let path = file.to_string_lossy();
        for args in [
            vec!["check", path.as_ref()],
            vec![
                "check",
                path.as_ref(),
                "--table",
                "partners",
                "--set",
                "agreement=erasmus",
            ],
        ] {
            let run = w.run(&args);
            assert!((0..=2).contains(&run.code), "{path}: {}", run.all());
            let text = run.all();
            assert!(
                !text.contains("panicked") && !text.contains("RUST_BACKTRACE"),
                "{path}: {text}"
            );
            // Whatever happened is said in words that name the file.
            let name = file.file_name().unwrap().to_string_lossy();
            assert!(text.contains(name.as_ref()), "{path}: {text}");
        }
        seen += 1;
    }
    assert!(seen >= 100, "only {seen} edge-case workbooks found");
}

#[test]
fn repeated_headers_mid_file_are_skipped() {
    let Some(data) = realdata() else { return };
    let w = Workdir::new();
    // SOURCE.md: 3,184 rows pasted three times, the header repeated at lines 1, 3186 and 6371.
    let file =
        data.join("spreadsheet-edge-cases/csv/ka347_excerpt_concatenated_3x_repeated_header.csv");
    let run = w.run(&[
        "check",
        &file.to_string_lossy(),
        "--table",
        "icm_projects",
        "--map",
        "partner_country=Receiving Country Code",
    ]);
    assert_eq!(run.code, 0, "{}", run.all());
    // 9,555 lines = 3 × 3,184 rows accepted + 3 header lines skipped.
    assert_eq!(
        accountings(&run.stdout)[0],
        (9555, 9552, 9552, 0, 3),
        "{}",
        run.all()
    );
    let issues = csv_maps(&w.read("reports/data_quality.csv"));
    let repeated: Vec<&str> = issues
        .iter()
        .filter(|i| i["rule"] == "repeated_header")
        .map(|i| i["row"].as_str())
        .collect();
    assert_eq!(repeated, vec!["3186", "6371"]);
    // Every row is a KA347 project, not KA171: accepted, each with a warning saying so.
    assert!(issues
        .iter()
        .any(|i| i["rule"] == "invalid_project_reference" && i["message"].contains("KA347")));
}

/// A free-form report sheet (the Commission's data dictionary) is no table: one sentence,
/// exit 2. The open-data and LLP files, once unknown shapes, are now recognised by their
/// import profiles without being told.
#[test]
fn exports_of_unknown_shape_fail_with_a_clear_sentence() {
    let Some(data) = realdata() else { return };
    let w = Workdir::new();
    let path = data.join("erasmus-ka1/ec_data_dictionary_mobility_periods.xlsx");
    let run = w.run(&["check", &path.to_string_lossy(), "--lang", "en"]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr.starts_with("error: cannot guess which table"),
        "{}",
        run.all()
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.all());
    for (file, profile) in [
        (
            "erasmus-ka1/tidytuesday_erasmus_germany_subset.csv",
            "eu-open-data",
        ),
        (
            "erasmus-llp-legacy/spain_outgoing_students_excel_mangled.csv",
            "llp-legacy",
        ),
    ] {
        let path = data.join(file);
        let run = w.run(&["check", &path.to_string_lossy()]);
        let issues = csv_maps(&w.read("reports/data_quality.csv"));
        assert!(
            issues
                .iter()
                .any(|i| i["rule"] == "ignored_column" && i["message"].contains(profile)),
            "{file}: {}",
            run.all()
        );
    }
}

#[test]
fn spanish_biff8_code_list_with_utf16_strings_and_placeholder_codes() {
    let Some(data) = realdata() else { return };
    let w = Workdir::new();
    let file = data.join("eche/siiu_codigos_erasmus_spain_2015.xls");
    let file = file.to_string_lossy();
    let args = [
        "report",
        file.as_ref(),
        "--sheet",
        "Códigos_ERASMUS",
        "--table",
        "partners",
        "--set",
        "agreement=erasmus",
    ];
    let run = w.run(&args);
    // SOURCE.md: 5,065 Erasmus codes under one header row. The last three are the list's
    // "777777777777"/"888888888888"/"999999999999" stand-ins for other or unknown
    // universities, with no country: rejected, each with its row. 130 cells of 128 rows hold
    // U+0001, the high byte of a UTF-16 letter that calamine hands over split ("Š", U+0160,
    // arrives as "`\u{1}"): removed with a warning (issue 13), which makes 128 rows with
    // warnings where the other rules give 11.
    assert_eq!(run.code, 1, "{}", run.all());
    assert_eq!(
        accountings(&run.stdout)[0],
        (5066, 5062, 128, 3, 1),
        "{}",
        run.all()
    );
    let issues = csv_maps(&w.read("reports/data_quality.csv"));
    assert_eq!(
        issues
            .iter()
            .filter(|i| i["rule"] == "control_characters")
            .count(),
        130
    );
    let rejected: Vec<&str> = issues
        .iter()
        .filter(|i| i["severity"] == "error")
        .map(|i| i["row"].as_str())
        .collect();
    assert_eq!(rejected, vec!["5064", "5065", "5066"]);
    let rows = csv_maps(&w.read("reports/data/partners.csv"));
    // calamine hands this file's UTF-16 strings over with a NUL after each character; they
    // are read clean ("AUSTRIA", not "A\0U\0S\0...").
    let baden = rows
        .iter()
        .find(|r| r["partner_erasmus_code"] == "A  BADEN01")
        .unwrap();
    assert_eq!(
        (
            baden["partner_country"].as_str(),
            baden["partner_city"].as_str()
        ),
        ("AT", "Baden")
    );
    assert!(rows
        .iter()
        .all(|r| r.values().all(|v| !v.contains('\u{1}'))));
    // Per-country placeholder codes ("A  XX", no country given) take the code's country.
    assert!(rows
        .iter()
        .any(|r| r["partner_erasmus_code"] == "A  XX" && r["partner_country"] == "AT"));
    // A code with a dot is a code.
    assert!(rows
        .iter()
        .any(|r| r["partner_erasmus_code"] == "CH ST.GALL08"));
}

#[test]
fn the_1900_and_1904_date_systems_give_the_same_dates() {
    let Some(data) = realdata() else { return };
    use mobistat::ingest::{read_file, Cell, Collect};
    let dir = data.join("spreadsheet-edge-cases/calamine");
    let first_cells = |name: &str| -> Vec<Cell> {
        let mut sink = Collect {
            limit: 2,
            ..Default::default()
        };
        read_file(&dir.join(name), name, None, &mut sink).unwrap();
        sink.rows
            .into_iter()
            .map(|(_, mut cells)| cells.remove(0))
            .collect()
    };
    // calamine's date.* and date_1904.* hold 2021-01-01 and 2021-01-02 in A1:A2, stored as
    // serials 44197/44198 (1900 system) and 42735/42736 (1904 system).
    let expected = vec![
        Cell::Date(chrono::NaiveDate::from_ymd_opt(2021, 1, 1).unwrap()),
        Cell::Date(chrono::NaiveDate::from_ymd_opt(2021, 1, 2).unwrap()),
    ];
    for name in [
        "date.xlsx",
        "date_1904.xlsx",
        "date.xls",
        "date_1904.xls",
        "date.xlsb",
        "date_1904.xlsb",
    ] {
        assert_eq!(first_cells(name), expected, "{name}");
    }
}

/// The pre-2014 Erasmus student file went through a German-locale spreadsheet that turned
/// fractional month durations into dates (SOURCE.md: 11,158 cells, "Sep-75" for 9.75, "09. Mai"
/// for 9.5, "Mrz 25" for 3.25). Every such cell is recognised with a plausible month count,
/// and no cell that is a plain number is taken for one. (Wiring this into the llp-legacy import
/// profile is issue 5's; this pins the recogniser on the whole real column.)
#[test]
fn every_spreadsheet_mangled_duration_of_the_llp_file_is_recognised() {
    use mobistat::normalise::spreadsheet_date_number::{number_turned_date, Mangling};
    let Some(data) = realdata() else { return };
    let path = data.join("erasmus-llp-legacy/spain_outgoing_students_excel_mangled.csv");
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let column = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "Duration_Abroad")
        .unwrap();
    let (mut rows, mut numbers, mut empty, mut month_year, mut day_month) = (0, 0, 0, 0, 0);
    for record in reader.records() {
        let record = record.unwrap();
        rows += 1;
        let cell = record.get(column).unwrap_or("").trim();
        if cell.is_empty() {
            empty += 1;
        } else if cell.parse::<f64>().is_ok() {
            numbers += 1;
            assert_eq!(
                number_turned_date(cell),
                None,
                "plain number {cell:?} misread"
            );
        } else {
            let (months, how) = number_turned_date(cell)
                .unwrap_or_else(|| panic!("{cell:?} is neither a number nor recognised"));
            // Erasmus study periods last 3 to 12 months; the file's mangled values run from
            // 1.75 ("Jan-75") to 12.75 ("Dez 75").
            assert!((1.0..=13.0).contains(&months), "{cell:?} → {months}");
            match how {
                Mangling::MonthYear => month_year += 1,
                Mangling::DayMonth => day_month += 1,
            }
        }
    }
    // SOURCE.md: 27,989 rows, 11,158 mangled cells, 213 rows empty from Duration_Abroad on.
    assert_eq!(rows, 27_989);
    assert_eq!(month_year + day_month, 11_158);
    // "DD. Mai" spellings counted in the file: 1 + 254 + 807 + 427 + 50 + 34 + 458 + 1,113
    // + 348 + 59 + 1 = 3,552; the other 7,606 are month-year.
    assert_eq!(day_month, 3_552);
    assert_eq!(month_year, 7_606);
    assert!(empty >= 213, "{empty}");
    assert_eq!(rows, numbers + empty + month_year + day_month);
}
