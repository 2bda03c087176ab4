//! Issue 5's proofs on real public data (../shared/realdata, see each folder's SOURCE.md): the
//! Commission's open-data rows through the eu-open-data profile, the pre-2014 student file
//! through llp-legacy, and a real partner list's places per programme.

use crate::util::{accountings, csv_maps, realdata, Workdir};
use std::collections::BTreeMap;

/// Germany's rows of the TidyTuesday Erasmus file (17,124 rows, no `participants` column, so
/// each row is one participant): mobilities by academic year and by receiving country, summed
/// by mobistat, equal the same sums by plain iteration over the CSV.
#[test]
fn open_data_flows_equal_plain_sums_over_the_csv() {
    let Some(data) = realdata() else { return };
    let path = data.join("erasmus-ka1/tidytuesday_erasmus_germany_subset.csv");
    let w = Workdir::new();
    w.write(
        "mobistat.toml",
        &format!(
            "home_country = \"DE\"\n[[inputs]]\ntable = \"mobilities\"\nprofile = \"eu-open-data\"\npaths = [{:?}]\n",
            path.to_string_lossy()
        ),
    );
    let run = w.run(&["report"]);
    assert_eq!(run.code, 0, "{}", run.all());
    // Every row accepted: 17,124 data rows + the header.
    assert_eq!(
        accountings(&run.stdout)[0],
        (17_125, 17_124, 0, 0, 1),
        "{}",
        run.all()
    );

    // The independent sums: the file's academic_year, and its receiving_country_code with the
    // Commission's two non-ISO codes (EL Greece, UK United Kingdom) turned into ISO alpha-2.
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (year, receiving) = (at("academic_year"), at("receiving_country_code"));
    let mut by_year: BTreeMap<String, i64> = BTreeMap::new();
    let mut by_country: BTreeMap<(String, String), i64> = BTreeMap::new();
    for record in reader.records() {
        let record = record.unwrap();
        let country = match &record[receiving] {
            "EL" => "GR",
            "UK" => "GB",
            other => other,
        };
        *by_year.entry(record[year].to_string()).or_default() += 1;
        *by_country
            .entry((record[year].to_string(), country.to_string()))
            .or_default() += 1;
    }
    assert_eq!(by_year.values().sum::<i64>(), 17_124);

    let mut flows: BTreeMap<String, i64> = BTreeMap::new();
    for row in csv_maps(&w.read("reports/tables/mobility_flows.csv")) {
        assert_eq!(row["direction"], "outgoing", "{row:?}");
        *flows.entry(row["academic_year"].clone()).or_default() +=
            row["mobilities"].parse::<i64>().unwrap();
    }
    assert_eq!(flows, by_year);
    let mut countries: BTreeMap<(String, String), i64> = BTreeMap::new();
    for row in csv_maps(&w.read("reports/tables/mobility_by_country.csv")) {
        let key = (row["academic_year"].clone(), row["country"].clone());
        *countries.entry(key).or_default() += row["mobilities"].parse::<i64>().unwrap();
    }
    assert_eq!(countries, by_country);
}

/// The pre-2014 student file through the llp-legacy profile: each of the 11,158 durations a
/// spreadsheet turned into a date is reported (rule mangled_number) with the month count it
/// held, and read as that count × 30 days; every plain number is read as itself × 30 days.
#[test]
fn llp_legacy_reports_every_mangled_duration_and_misreads_none() {
    use mobistat::normalise::spreadsheet_date_number::number_turned_date;
    let Some(data) = realdata() else { return };
    let path = data.join("erasmus-llp-legacy/spain_outgoing_students_excel_mangled.csv");
    let w = Workdir::new();
    let file = path.to_string_lossy().into_owned();
    let run = w.run(&[
        "report",
        &file,
        "--profile",
        "llp-legacy",
        "--home-country",
        "ES",
    ]);
    assert_eq!(run.code, 0, "{}", run.all());
    // (read, accepted, with warnings, rejected, skipped): the warnings are the 11,158 mangled
    // durations and the 213 rows empty from Duration_Abroad on (SOURCE.md).
    assert_eq!(
        accountings(&run.stdout)[0],
        (27_990, 27_989, 11_158 + 213, 0, 1),
        "{}",
        run.all()
    );

    // Expected, by plain iteration: row number (header = 1) → (cell, days or none).
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let column = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "Duration_Abroad")
        .unwrap();
    let mut expected: BTreeMap<u32, (String, Option<i64>, bool)> = BTreeMap::new();
    for (i, record) in reader.records().enumerate() {
        let cell = record.unwrap().get(column).unwrap_or("").trim().to_string();
        let (days, mangled) = match cell.parse::<f64>() {
            Ok(n) => (Some((n * 30.0).round() as i64), false),
            Err(_) if cell.is_empty() => (None, false),
            Err(_) => (
                number_turned_date(&cell).map(|(m, _)| (m * 30.0).round() as i64),
                true,
            ),
        };
        expected.insert(i as u32 + 2, (cell, days, mangled));
    }
    let issues = csv_maps(&w.read("reports/data_quality.csv"));
    let mangled: BTreeMap<u32, &BTreeMap<String, String>> = issues
        .iter()
        .filter(|i| i["rule"] == "mangled_number")
        .map(|i| (i["row"].parse().unwrap(), i))
        .collect();
    assert_eq!(mangled.len(), 11_158);
    let rows = csv_maps(&w.read("reports/data/mobilities.csv"));
    assert_eq!(rows.len(), 27_989);
    for row in &rows {
        let n: u32 = row["source_row"].parse().unwrap();
        let (cell, days, is_mangled) = &expected[&n];
        let read = row["duration_days"].parse::<i64>().ok();
        assert_eq!(read, *days, "row {n}: {cell:?}");
        match mangled.get(&n) {
            Some(issue) => {
                assert!(is_mangled, "row {n}: {cell:?} reported as mangled");
                assert_eq!(&issue["value"], cell);
                assert_eq!(issue["column"], "G (Duration_Abroad)");
                assert_eq!(issue["severity"], "warning");
            }
            None => assert!(!is_mangled, "row {n}: {cell:?} not reported"),
        }
    }
}

/// The UPV telecommunications school's places per destination: partners per degree programme
/// equal the non-empty cells of each programme column, counted here by plain iteration (the
/// title row, the header and the totals rows below the list skipped by hand).
#[test]
fn partners_per_programme_equal_non_empty_cells_of_each_programme_column() {
    let Some(data) = realdata() else { return };
    let path = data.join("partner-lists/upv_etsit_erasmus_destinations_2026-27.csv");
    let w = Workdir::new();
    let programmes = ["GITST O MÁSTER", "GITST", "MASTER", "GTDM", "GIF", "GMAT"];
    let run = w.run(&[
        "report",
        &path.to_string_lossy(),
        "--table",
        "partners",
        "--set",
        "agreement=erasmus",
        "--programme-columns",
        &programmes.join(","),
    ]);
    assert_eq!(run.code, 0, "{}", run.all());
    let text = String::from_utf8(std::fs::read(&path).unwrap()).unwrap();
    let lines: Vec<Vec<&str>> = text
        .trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.split(';').collect())
        .collect();
    let header = &lines[1];
    let mut expected: BTreeMap<String, i64> = BTreeMap::new();
    // Destination rows start with their number (1 to 91); totals rows start empty.
    for line in lines.iter().filter(|l| l[0].trim().parse::<u32>().is_ok()) {
        for p in programmes {
            let col = header.iter().position(|h| h.trim() == p).unwrap();
            if !line[col].trim().is_empty() {
                *expected.entry(p.to_string()).or_default() += 1;
            }
        }
    }
    let got: BTreeMap<String, i64> = csv_maps(&w.read("reports/tables/partners_per_programme.csv"))
        .into_iter()
        .map(|r| (r["programme"].clone(), r["partners"].parse().unwrap()))
        .collect();
    assert_eq!(got, expected);
    // The seven totals rows are skipped, each with its reason.
    let issues = csv_maps(&w.read("reports/data_quality.csv"));
    assert_eq!(
        issues.iter().filter(|i| i["rule"] == "totals_row").count(),
        7
    );
}

/// The Germany rows, written by this test into the Commission's own layouts (issue 14): (a)
/// one sheet under the headers of the data dictionary published with the 2014-2019 files
/// ("Mobility Start Month/Year", "Duration - calendar days", "Receiving Organination name"
/// sic, "Participant  Age" with two spaces), (b) the yearly KA1 workbooks' layout from 2021
/// on ("Mobility Start Year/Month", "Mobility Duration") split over two sheets, 2014-2020 and
/// 2021-2027, by academic year. `init` finds the profile with no mapping; `report` then gives
/// the same mobilities per receiving country and the same total days as plain sums over the
/// CSV, and its accounting names both sheets.
#[test]
fn the_commissions_layouts_read_like_the_csv_through_init() {
    let Some(data) = realdata() else { return };
    let path = data.join("erasmus-ka1/tidytuesday_erasmus_germany_subset.csv");
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();

    // Expected, by plain iteration: rows (one participant each) per receiving country, with
    // the Commission's EL and UK as ISO GR and GB, and the sum of mobility_duration.
    let mut by_country: BTreeMap<String, i64> = BTreeMap::new();
    let mut days: i64 = 0;
    for r in &records {
        let country = match &r[at("receiving_country_code")] {
            "EL" => "GR",
            "UK" => "GB",
            other => other,
        };
        *by_country.entry(country.to_string()).or_default() += 1;
        days += r[at("mobility_duration")].parse::<i64>().unwrap();
    }
    assert_eq!(by_country.values().sum::<i64>(), 17_124);

    // The CSV's column for each header of a layout (None: a column the CSV lacks).
    let dictionary: &[(&str, Option<&str>)] = &[
        ("Project Reference", Some("project_reference")),
        ("Academic Year", Some("academic_year")),
        ("Mobility Start Month/Year", Some("mobility_start_month")),
        ("Mobility End Month/Year", Some("mobility_end_month")),
        ("Duration - calendar days", Some("mobility_duration")),
        ("Activity (mob)", Some("activity_mob")),
        ("Field of Education", None),
        ("Participant Nationality", Some("participant_nationality")),
        ("Education Level", None),
        ("Participant Gender", Some("participant_gender")),
        ("Participant Profile", Some("participant_profile")),
        ("Special Needs", Some("special_needs")),
        ("Fewer Opportunities", Some("fewer_opportunities")),
        ("Group Leader", Some("group_leader")),
        ("Participant  Age", Some("participant_age")),
        ("Sending Country Code", Some("sending_country_code")),
        ("Sending City", Some("sending_city")),
        ("Sending Organisation name", Some("sending_organization")),
        ("Sending Organisation Erasmus code", None),
        ("Receiving Country Code", Some("receiving_country_code")),
        ("Receiving City", Some("receiving_city")),
        (
            "Receiving Organination name",
            Some("receiving_organization"),
        ),
        ("Receiving Organisation Erasmus code", None),
        ("Participants", None),
    ];
    let later: Vec<(&str, Option<&str>)> = dictionary
        .iter()
        .map(|&(h, c)| match h {
            "Mobility Start Month/Year" => ("Mobility Start Year/Month", c),
            "Mobility End Month/Year" => ("Mobility End Year/Month", c),
            "Duration - calendar days" => ("Mobility Duration", c),
            other => (other, c),
        })
        .collect();
    // Numbers as numbers, as the Commission's workbooks hold them; the rest as text.
    let numeric = ["mobility_duration", "participant_age"];
    let write_sheet = |sheet: &mut rust_xlsxwriter::Worksheet,
                       layout: &[(&str, Option<&str>)],
                       rows: &[&csv::StringRecord]| {
        for (c, (header, _)) in layout.iter().enumerate() {
            sheet.write_string(0, c as u16, *header).unwrap();
        }
        for (i, r) in rows.iter().enumerate() {
            for (c, (_, column)) in layout.iter().enumerate() {
                let Some(column) = column else { continue };
                let value = &r[at(column)];
                let (row, col) = (i as u32 + 1, c as u16);
                match value.parse::<f64>() {
                    Ok(n) if numeric.contains(column) => sheet.write_number(row, col, n),
                    _ => sheet.write_string(row, col, value),
                }
                .unwrap();
            }
        }
    };
    let all: Vec<&csv::StringRecord> = records.iter().collect();
    let w = Workdir::new();
    std::fs::create_dir_all(w.path().join("inputs")).unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    write_sheet(book.add_worksheet(), dictionary, &all);
    book.save(w.path().join("inputs/dictionary_layout.xlsx"))
        .unwrap();

    let w2 = Workdir::new();
    std::fs::create_dir_all(w2.path().join("inputs")).unwrap();
    let (early, late): (Vec<&csv::StringRecord>, Vec<&csv::StringRecord>) = records
        .iter()
        .partition(|r| r[at("academic_year")] < *"2017-2018");
    assert!(!early.is_empty() && !late.is_empty());
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("2014-2020").unwrap();
    write_sheet(sheet, &later, &early);
    let sheet = book.add_worksheet().set_name("2021-2027").unwrap();
    write_sheet(sheet, &later, &late);
    book.save(w2.path().join("inputs/Erasmus-KA1-2021.xlsx"))
        .unwrap();

    for (w, sheets) in [(&w, vec![17_124]), (&w2, vec![early.len(), late.len()])] {
        let run = w.run(&["init", "inputs"]);
        assert_eq!(run.code, 0, "{}", run.all());
        let config = w.read("mobistat.toml");
        assert!(config.contains("profile = \"eu-open-data\""), "{config}");
        // The home country is the one line the office sets.
        let config = config
            .lines()
            .filter(|l| !l.starts_with("home_country"))
            .collect::<Vec<_>>()
            .join("\n");
        w.write(
            "mobistat.toml",
            &format!("home_country = \"DE\"\n{config}\n"),
        );
        let run = w.run(&["report", "--lang", "en"]);
        assert_eq!(run.code, 0, "{}", run.all());
        // One accounting line per sheet: every row accepted, the header skipped.
        let accounts = accountings(&run.stdout);
        let expected: Vec<_> = sheets.iter().map(|&n| (n + 1, n, 0, 0, 1)).collect();
        assert_eq!(accounts, expected, "{}", run.all());
        if sheets.len() == 2 {
            assert!(run.stdout.contains("[2014-2020]"), "{}", run.stdout);
            assert!(run.stdout.contains("[2021-2027]"), "{}", run.stdout);
        }
        let mut countries: BTreeMap<String, i64> = BTreeMap::new();
        for row in csv_maps(&w.read("reports/tables/mobility_by_country.csv")) {
            *countries.entry(row["country"].clone()).or_default() +=
                row["mobilities"].parse::<i64>().unwrap();
        }
        assert_eq!(countries, by_country);
        let total: i64 = csv_maps(&w.read("reports/tables/mobility_flows.csv"))
            .iter()
            .map(|row| row["total_days"].parse::<i64>().unwrap())
            .sum();
        assert_eq!(total, days);
    }
}
