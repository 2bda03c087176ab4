//! Issue 15: per-faculty reports on the demo. `report --by faculty` writes the institution's
//! report and one per faculty; the faculties' mobilities add up to the institution's for every
//! year and direction; `--filter faculty=…` gives the same tables as the faculty's folder; a
//! faculty's report says which faculty it is, uses the faculty's own targets, and leaves the
//! institution's KA171 projects and welcome register out with why.

use crate::demo::demo;
use crate::util::csv_maps;
use std::collections::BTreeMap;
use std::path::Path;

/// The demo's faculties: the programmes list's "Composante" column, and the rows no data
/// places (staff and incoming students: their lists give no faculty, and the incoming
/// students' programmes are not on the list).
const FOLDERS: [&str; 4] = [
    "composante-non-precisee",
    "departement-genie-civil-et-procedes",
    "departement-industrie",
    "departement-numerique",
];

/// Mobilities per (academic year, direction, participant) of a mobility_flows.csv.
fn flows(path: &Path) -> BTreeMap<(String, String, String), i64> {
    let mut sums = BTreeMap::new();
    for row in csv_maps(&std::fs::read_to_string(path).unwrap()) {
        let key = (
            row["academic_year"].clone(),
            row["direction"].clone(),
            row["participant"].clone(),
        );
        *sums.entry(key).or_insert(0) += row["mobilities"].parse::<i64>().unwrap();
    }
    sums
}

/// Every file under `dir` (relative path → bytes).
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

#[test]
fn faculties_add_up_to_the_institution_and_filter_matches_their_folder() {
    let w = demo();
    let run = w.run(&["report", "--by", "faculty"]);
    // The demo holds deliberately bad rows: exit code 1.
    assert_eq!(run.code, 1, "{}", run.all());
    let by = w.path().join("reports/by-faculty");
    let mut folders: Vec<String> = std::fs::read_dir(&by)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    assert_eq!(folders, FOLDERS);
    for folder in FOLDERS {
        assert!(
            run.stdout.contains(&format!("reports/by-faculty/{folder}")),
            "{}",
            run.stdout
        );
        for file in [
            "report.html",
            "mobistat.xlsx",
            "key_figures.png",
            "data_quality.csv",
        ] {
            assert!(by.join(folder).join(file).is_file(), "{folder}/{file}");
        }
    }

    // Every year, direction and participant type: the faculties' mobilities add up to the
    // institution's (each mobility is in exactly one faculty's report).
    let institution = flows(&w.path().join("reports/tables/mobility_flows.csv"));
    let mut summed: BTreeMap<(String, String, String), i64> = BTreeMap::new();
    for folder in FOLDERS {
        for (key, n) in flows(&by.join(folder).join("tables/mobility_flows.csv")) {
            *summed.entry(key).or_insert(0) += n;
        }
    }
    assert_eq!(summed, institution);
    assert!(institution.len() >= 16, "{institution:?}");
    // So do the graduates of the outgoing rate: the faculties' "all" rows in the institution's
    // table are those of the faculties' own reports.
    let rate = csv_maps(&w.read("reports/tables/outgoing_rate.csv"));
    let numerique = csv_maps(
        &std::fs::read_to_string(by.join("departement-numerique/tables/outgoing_rate.csv"))
            .unwrap(),
    );
    let all_of = |rows: &[BTreeMap<String, String>], faculty: &str| -> Vec<(String, String)> {
        rows.iter()
            .filter(|r| r["faculty"] == faculty && r["home_programme"] == "all")
            .map(|r| (r["graduation_year"].clone(), r["graduates"].clone()))
            .collect()
    };
    assert_eq!(
        all_of(&rate, "Département Numérique"),
        all_of(&numerique, "all")
    );

    // A faculty's report says which faculty, that its figures are a subset, and why the
    // institution's KA171 projects and welcome register are not in it.
    let html = std::fs::read_to_string(by.join("departement-numerique/report.html")).unwrap();
    assert!(html.contains("Département Numérique"));
    assert!(html.contains("une partie de ceux de l&#x27;établissement"));
    assert!(html.contains("les projets KA171 sont ceux de l&#x27;établissement"));
    // Its own targets (mobistat.toml's [faculty_targets."Département Numérique"]), not the
    // institution's five.
    let targets = csv_maps(
        &std::fs::read_to_string(by.join("departement-numerique/tables/targets.csv")).unwrap(),
    );
    let names: Vec<&str> = targets.iter().map(|r| r["target"].as_str()).collect();
    assert_eq!(
        names,
        ["international_students_share_pct", "outgoing_rate_pct"]
    );
    // A faculty without targets of its own has none.
    let industrie =
        std::fs::read_to_string(by.join("departement-industrie/tables/targets.csv")).unwrap();
    assert_eq!(industrie.lines().count(), 1, "{industrie}");

    // --filter gives the same files as the faculty's folder, byte for byte.
    let f = demo();
    let run = f.run(&["report", "--filter", "faculty=Département Numérique"]);
    assert_eq!(run.code, 1, "{}", run.all());
    let filtered = files(&f.path().join("reports"));
    let folder = files(&by.join("departement-numerique"));
    assert_eq!(
        filtered.keys().collect::<Vec<_>>(),
        folder.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &filtered {
        assert!(bytes == &folder[name], "{name} differs");
    }

    // An unknown faculty is one sentence naming those the data has.
    let run = f.run(&["report", "--filter", "faculty=Chimie", "--lang", "en"]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr
            .contains("--filter faculty=Chimie: no data names this faculty (those they name: \"Département Génie civil et procédés\", \"Département Industrie\", \"Département Numérique\")"),
        "{}",
        run.stderr
    );
}
