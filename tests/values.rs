//! Issue 14: values as people type them, each on a small export whose expected figures are
//! worked out in the comments.

use crate::util::{accountings, csv_maps, Workdir};
use std::collections::BTreeMap;

type Row = BTreeMap<String, String>;

/// The row's values of `names`, in order.
fn pick<'a>(row: &'a Row, names: &[&str]) -> Vec<&'a str> {
    names.iter().map(|n| row[*n].as_str()).collect()
}

const DAYS: [&str; 3] = ["mobilities", "total_days", "mean_days"];

fn flows(w: &Workdir) -> Vec<Row> {
    csv_maps(&w.read("reports/tables/mobility_flows.csv"))
}

fn rate(w: &Workdir) -> Vec<Row> {
    csv_maps(&w.read("reports/tables/outgoing_rate.csv"))
}

// As of 2025-03-15 (the config's [rules] as_of):
//  O1 P1 out study       2024-09-01..2024-12-20 = 30+31+30+20       = 111 days, completed
//  O2 P2 out study       2025-02-01..(none)                          ongoing: no end date
//  O3 P3 out study       2025-01-06..2025-06-30                      ongoing: ends after as_of
//  O4 P3 out traineeship 2024-09-02..2024-10-21 = 29+21              =  50 days, completed
// All KA131, to Italy, academic year 2024-2025. Graduates 2024-2025: P1, P2, P3.
const ONGOING: &str = "\
Mobility ID,Person ID,Direction,Activity,Funding,Partner,Country,Start date,End date
O1,P1,outgoing,study,KA131,Politecnico di Milano,IT,2024-09-01,2024-12-20
O2,P2,outgoing,study,KA131,Politecnico di Milano,IT,2025-02-01,
O3,P3,outgoing,study,KA131,Politecnico di Milano,IT,2025-01-06,2025-06-30
O4,P3,outgoing,traineeship,KA131,Politecnico di Milano,IT,2024-09-02,2024-10-21
";

const GRADUATES: &str = "\
Student ID,Degree programme,Graduation year,Academic year,Nationality,Status
P1,Informatique,2024-2025,2024-2025,FR,degree
P2,Informatique,2024-2025,2024-2025,FR,degree
P3,Informatique,2024-2025,2024-2025,FR,degree
";

fn ongoing_config(as_of: &str) -> String {
    format!(
        "home_country = \"FR\"\n[rules]\nmin_outgoing_days = 60\nas_of = \"{as_of}\"\n\
         [[inputs]]\ntable = \"mobilities\"\npaths = [\"mobilities.csv\"]\n\
         [[inputs]]\ntable = \"students\"\npaths = [\"students.csv\"]\n"
    )
}

#[test]
fn ongoing_mobilities_count_in_flows_and_not_in_days_until_they_end() {
    let w = Workdir::new();
    w.write("mobilities.csv", ONGOING);
    w.write("students.csv", GRADUATES);
    w.write("mobistat.toml", &ongoing_config("2025-03-15"));
    let run = w.run(&["report", "--lang", "en"]);
    assert_eq!(run.code, 0, "{}", run.all());
    // Ongoing rows are accepted, not warned: 4 accepted, 0 with warnings, the header skipped.
    assert_eq!(
        accountings(&run.stdout)[0],
        (5, 4, 0, 0, 1),
        "{}",
        run.all()
    );

    let rows = csv_maps(&w.read("reports/data/mobilities.csv"));
    let status: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["mobility_id"].as_str(),
                r["mobility_status"].as_str(),
                r["duration_days"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        status,
        [
            ("O1", "completed", "111"),
            ("O2", "ongoing", ""),
            ("O3", "ongoing", ""),
            ("O4", "completed", "50")
        ]
    );

    // Flows: study 3 mobilities (O1, O2, O3) but 111 days, all O1's, so a mean of 111.0 over
    // the one mobility that has days (written "111"); traineeship: O4, 50 days.
    let f = flows(&w);
    let by_activity = |a: &str| f.iter().find(|r| r["activity"] == a).unwrap().clone();
    let s = by_activity("study");
    assert_eq!(pick(&s, &DAYS), ["3", "111", "111"]);
    let t = by_activity("traineeship");
    assert_eq!(pick(&t, &DAYS), ["1", "50", "50"]);

    // Outgoing rate: P1 111 days, mobile; P2 only ongoing, not yet; P3 50 completed days plus
    // an ongoing stay, under 60: not yet. 1 of 3 = 33.3 %.
    let all = rate(&w)
        .into_iter()
        .find(|r| r["home_programme"] == "all")
        .unwrap();
    assert_eq!(
        pick(&all, &["graduates", "mobile_graduates", "rate_pct"]),
        ["3", "1", "33.3"]
    );

    // The data-quality report lists them as notes.
    let notes: Vec<Row> = csv_maps(&w.read("reports/data_quality.csv"))
        .into_iter()
        .filter(|i| i["rule"] == "ongoing")
        .collect();
    assert_eq!(notes.len(), 2);
    assert!(notes.iter().all(|n| n["severity"] == "info"));
    assert_eq!(
        notes[1]["message"],
        "ongoing mobility (it ends on 2025-06-30, after 2025-03-15, the day the data is read \
         as of): counted in its year's flows, not in days nor in the outgoing rate's minimum \
         duration until it ends"
    );

    // As of 2025-07-01, O3 has ended: 2025-01-06..2025-06-30 = 26+28+31+30+31+30 = 176 days;
    // P3 has 50 + 176 = 226 days, mobile: 2 of 3 = 66.7 %. Study: 111 + 176 = 287 days over
    // O1 and O3, mean 143.5.
    w.write("mobistat.toml", &ongoing_config("2025-07-01"));
    let run = w.run(&["report", "--lang", "en"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let f = flows(&w);
    let s = f.iter().find(|r| r["activity"] == "study").unwrap();
    assert_eq!(pick(s, &DAYS), ["3", "287", "143.5"]);
    let all = rate(&w)
        .into_iter()
        .find(|r| r["home_programme"] == "all")
        .unwrap();
    assert_eq!(all["rate_pct"], "66.7");
}

// A partner list as offices type it:
//  row 2: validity as dates 01/09/2022..31/08/2027 → 2022-2023..2026-2027 (first month 9)
//  row 3: "Erasmus+ KA171": an Erasmus agreement funded erasmus_ka171
//  row 4: "Erasmus+ KA131" with academic years
//  row 5: a code and no name: named by the code, with a warning
//  row 6: "Germnay": rejected, with "did you mean"
const PARTNERS: &str = "\
Partner,Erasmus code,Country,Agreement,Valid from,Valid to
TU Wien,A  WIEN02,AT,Erasmus,01/09/2022,31/08/2027
Igor Sikorsky KPI,,UA,Erasmus+ KA171,2023-2024,2025-2026
Politecnico di Milano,I  MILANO02,IT,Erasmus+ KA131,2021-2022,2027-2028
,D  BERLIN01,DE,Erasmus,2021-2022,2027-2028
Universität Hamburg,D  HAMBURG01,Germnay,Erasmus,2021-2022,2027-2028
";

#[test]
fn partner_lists_as_offices_type_them() {
    let w = Workdir::new();
    w.write("partners.csv", PARTNERS);
    let run = w.run(&[
        "check",
        "partners.csv",
        "--table",
        "partners",
        "--lang",
        "en",
    ]);
    // One row rejected (Germnay): exit 1. 5 data rows: 4 accepted, 1 of them with a warning
    // (the code-only partner), 1 rejected, the header skipped.
    assert_eq!(run.code, 1, "{}", run.all());
    assert_eq!(
        accountings(&run.stdout)[0],
        (6, 4, 1, 1, 1),
        "{}",
        run.all()
    );
    let run = w.run(&[
        "report",
        "partners.csv",
        "--table",
        "partners",
        "--lang",
        "en",
    ]);
    assert_eq!(run.code, 1, "{}", run.all());
    let rows = csv_maps(&w.read("reports/data/partners.csv"));
    let view: Vec<[&str; 5]> = rows
        .iter()
        .map(|r| {
            [
                r["partner_name"].as_str(),
                r["agreement"].as_str(),
                r["funding"].as_str(),
                r["valid_from"].as_str(),
                r["valid_to"].as_str(),
            ]
        })
        .collect();
    assert_eq!(
        view,
        [
            ["TU Wien", "erasmus", "", "2022-2023", "2026-2027"],
            [
                "Igor Sikorsky KPI",
                "erasmus",
                "erasmus_ka171",
                "2023-2024",
                "2025-2026"
            ],
            [
                "Politecnico di Milano",
                "erasmus",
                "erasmus_ka131",
                "2021-2022",
                "2027-2028"
            ],
            ["D  BERLIN01", "erasmus", "", "2021-2022", "2027-2028"],
        ]
    );
    let issues = csv_maps(&w.read("reports/data_quality.csv"));
    let named = issues.iter().find(|i| i["row"] == "5").unwrap();
    assert_eq!(named["severity"], "warning");
    assert!(
        named["message"]
            .starts_with("no partner name: the partner is named by its Erasmus code D  BERLIN01"),
        "{named:?}"
    );
    let germnay = issues.iter().find(|i| i["row"] == "6").unwrap();
    assert_eq!(germnay["severity"], "error");
    assert!(
        germnay["message"].starts_with(
            "\"Germnay\" is not a country mobistat knows; did you mean \"germany\" (DE)?"
        ),
        "{germnay:?}"
    );
}

// Mobilities as offices type them (home FR):
//  D1 "Double degree" in the Programme column: double_degree, funding unknown
//  D2 "Double diplôme" as the activity (an existing spelling): double_degree, activity study
//  D3 "Doble titulación" in the Programme column
//  D4 "Erasmus+" in the Programme column: funding erasmus_ka131, no double degree
//  D5 "Bilatéral": funding bilateral
//  D6 country "Espagnr": rejected with "did you mean"; D7 activity "stduy": warned... no:
//     activity is required, so rejected with "did you mean \"study\""
const TYPED: &str = "\
Mobility ID,Person ID,Direction,Activity,Programme,Partner,Country,Start date,End date
D1,P1,outgoing,study,Double degree,Politecnico di Milano,IT,2024-09-01,2025-06-30
D2,P2,outgoing,Double diplôme,Erasmus+,Politecnico di Milano,IT,2024-09-01,2025-06-30
D3,P3,outgoing,study,Doble titulación,Universidad de Chile,CL,2024-09-01,2025-06-30
D4,P4,outgoing,study,Erasmus+,TU Wien,AT,2024-09-01,2025-01-31
D5,P5,outgoing,study,Bilatéral,Universidad de Chile,CL,2024-09-01,2025-01-31
D6,P6,outgoing,study,Erasmus+,Universidad de Sevilla,Espagnr,2024-09-01,2025-01-31
D7,P7,outgoing,stduy,Erasmus+,TU Wien,AT,2024-09-01,2025-01-31
";

#[test]
fn double_degrees_the_programme_column_and_did_you_mean() {
    let w = Workdir::new();
    w.write("mobilities.csv", TYPED);
    let run = w.run(&[
        "report",
        "mobilities.csv",
        "--table",
        "mobilities",
        "--home-country",
        "FR",
        "--lang",
        "en",
    ]);
    // D6 and D7 rejected.
    assert_eq!(run.code, 1, "{}", run.all());
    assert_eq!(
        accountings(&run.stdout)[0],
        (8, 5, 0, 2, 1),
        "{}",
        run.all()
    );
    let rows = csv_maps(&w.read("reports/data/mobilities.csv"));
    let view: Vec<[&str; 4]> = rows
        .iter()
        .map(|r| {
            [
                r["mobility_id"].as_str(),
                r["activity"].as_str(),
                r["funding"].as_str(),
                r["double_degree"].as_str(),
            ]
        })
        .collect();
    assert_eq!(
        view,
        [
            ["D1", "study", "", "true"],
            ["D2", "study", "erasmus_ka131", "true"],
            ["D3", "study", "", "true"],
            ["D4", "study", "erasmus_ka131", "false"],
            ["D5", "study", "bilateral", "false"],
        ]
    );
    let issues = csv_maps(&w.read("reports/data_quality.csv"));
    let message = |row: &str| {
        issues
            .iter()
            .find(|i| i["row"] == row && i["severity"] == "error")
            .map(|i| i["message"].clone())
            .unwrap_or_default()
    };
    assert!(
        message("7").starts_with(
            "\"Espagnr\" is not a country mobistat knows; did you mean \"espagne\" (ES)?"
        ),
        "{issues:?}"
    );
    assert!(
        message("8")
            .starts_with("\"stduy\" is not a known activity; did you mean \"study\" (study)?"),
        "{issues:?}"
    );
}

/// `init` on a folder with a lock file beside an open workbook, a partner list whose validity
/// columns are "Date de début"/"Date de fin" and whose programmes are "Filières concernées",
/// and an outgoing list without an activity column.
#[test]
fn init_proposes_the_mappings_and_lists_the_allowed_values() {
    let w = Workdir::new();
    w.write(
        "inputs/partenaires.csv",
        "Établissement,Code Erasmus,Pays,Type d'accord,Date de début,Date de fin,Filières concernées\n\
         TU Wien,A  WIEN02,Autriche,Erasmus,01/09/2022,31/08/2027,Génie civil; Informatique\n\
         Politecnico di Milano,I  MILANO02,Italie,Erasmus,01/09/2021,31/08/2028,Informatique\n",
    );
    w.write(
        "inputs/sortants.csv",
        "Numéro étudiant,Sens,Établissement d'accueil,Pays,Date de début,Date de fin,Faculté d'origine\n\
         P1,sortant,TU Wien,Autriche,2024-09-01,2025-01-31,Sciences\n",
    );
    w.write("inputs/~$partenaires.xlsx", "lock");
    let run = w.run(&["init", "inputs"]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(
        run.stdout.matches("~$partenaires.xlsx").count(),
        1,
        "{}",
        run.all()
    );
    assert!(
        run.stdout.contains("open in a spreadsheet program"),
        "{}",
        run.all()
    );
    let config = w.read("mobistat.toml");
    assert!(
        config.contains(
            "# columns = { valid_from = \"Date de début\", valid_to = \"Date de fin\", \
             programmes = \"Filières concernées\" }"
        ),
        "{config}"
    );
    assert!(
        config.contains("# columns = { faculty = \"Faculté d'origine\" }"),
        "{config}"
    );
    assert!(
        config.contains(
            "#   activity takes one of: study, traineeship, teaching, training, blended_intensive"
        ),
        "{config}"
    );
    // The institution and its country are to be set: TODOs, and the country empty so that a
    // run says so instead of assuming one.
    assert!(
        config.contains("# TODO: the name of the institution"),
        "{config}"
    );
    assert!(config.contains("home_country = \"\""), "{config}");
}

/// A partner given by its code alone is named from the ECHE list when the config names one:
/// "D  BERLIN01" has the legal name "Freie Universität Berlin" in this list.
#[test]
fn a_code_only_partner_is_named_from_the_eche_list() {
    let w = Workdir::new();
    w.write(
        "eche.json",
        r#"[{"erasmus_code": "D BERLIN01", "legal_name": "Freie Universität Berlin",
            "city": "Berlin", "country_cd": "DE", "erasmus_eche_start": 1609455600000}]"#,
    );
    w.write(
        "partners.csv",
        "Partner,Erasmus code,Country,Agreement,Valid from,Valid to\n\
         ,D  BERLIN01,DE,Erasmus,2021-2022,2027-2028\n",
    );
    w.write(
        "mobistat.toml",
        "home_country = \"FR\"\n[reference]\neche = \"eche.json\"\n\
         [[inputs]]\ntable = \"partners\"\npaths = [\"partners.csv\"]\n",
    );
    let run = w.run(&["report", "--lang", "en"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let rows = csv_maps(&w.read("reports/data/partners.csv"));
    assert_eq!(rows[0]["partner_name"], "Freie Universität Berlin");
}

/// `init` reads a bare "Programme" column as funding when it holds funding labels, and maps
/// it to home_programme when it holds degree programmes.
#[test]
fn init_tells_a_programme_column_of_funding_from_one_of_degrees() {
    let header = "Numéro étudiant,Sens,Type de mobilité,Établissement d'accueil,Pays,Date de début,Date de fin,Programme\n";
    let w = Workdir::new();
    w.write(
        "inputs/a_financement.csv",
        &format!(
            "{header}P1,sortant,études,TU Wien,Autriche,2024-09-01,2025-01-31,Erasmus+\n\
             P2,sortant,études,Universidad de Chile,Chili,2024-09-01,2025-01-31,Bilatéral\n"
        ),
    );
    w.write(
        "inputs/b_formations.csv",
        &format!(
            "{header}P1,sortant,études,TU Wien,Autriche,2024-09-01,2025-01-31,Génie civil\n\
             P2,sortant,études,Universidad de Chile,Chili,2024-09-01,2025-01-31,Informatique\n"
        ),
    );
    let run = w.run(&["init", "inputs"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let config = w.read("mobistat.toml");
    let (funding, degrees) = config.split_once("b_formations.csv").unwrap();
    assert!(
        funding.contains("# column \"Programme\" is read as funding"),
        "{config}"
    );
    assert!(
        degrees.contains("columns = { home_programme = \"Programme\" }"),
        "{config}"
    );
}

/// Run from a folder below the config's, mobistat finds the nearest mobistat.toml above.
#[test]
fn the_nearest_config_above_the_current_folder_is_used() {
    let w = Workdir::new();
    w.write(
        "inputs/partners.csv",
        "Partner,Country,Agreement\nTU Wien,AT,Erasmus\n",
    );
    w.write(
        "mobistat.toml",
        "home_country = \"FR\"\n[[inputs]]\ntable = \"partners\"\npaths = [\"inputs/partners.csv\"]\n",
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mobistat"))
        .args(["check", "--lang", "en"])
        .current_dir(w.path().join("inputs"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert_eq!(accountings(&stdout)[0], (2, 1, 0, 0, 1), "{stdout}");
}
