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
