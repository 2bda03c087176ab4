//! The bundled demo (inputs/ and mobistat.toml) runs with no arguments, and every one of its
//! deliberate errors (listed in examples/README.md) is reported at its row.

use crate::util::{accountings, csv_maps, repo, Workdir};

pub const DEMO_FILES: [&str; 9] = [
    "mobilites_sortantes.xlsx",
    "incoming_mobility_online.ods",
    "mobilites_personnels.csv",
    "partenaires.xlsx",
    "projets_ka171.csv",
    "inscrits.xlsx",
    "formations.csv",
    "registre_accueil.csv",
    "subventions_erasmus.csv",
];

/// A workdir holding the demo's config and inputs.
pub(crate) fn demo() -> Workdir {
    let w = Workdir::new();
    w.copy_from_repo("mobistat.toml", "mobistat.toml");
    for f in DEMO_FILES {
        w.copy_from_repo(&format!("inputs/{f}"), &format!("inputs/{f}"));
    }
    w
}

/// The demo without its incoming (Mobility-Online) and staff inputs: an office that gave its
/// outgoing list, partners, KA171 projects and enrolments only.
pub(crate) fn demo_without_incoming_and_staff() -> Workdir {
    let w = demo();
    let config = w.read("mobistat.toml");
    let mut parts = config.split("\n[[inputs]]");
    let mut reduced = parts.next().unwrap().to_string();
    for part in parts {
        if !part.contains("incoming_mobility_online") && !part.contains("mobilites_personnels") {
            reduced.push_str("\n[[inputs]]");
            reduced.push_str(part);
        }
    }
    w.write("mobistat.toml", &reduced);
    w
}

#[test]
fn report_runs_with_no_arguments_and_accounts_for_every_row() {
    let w = demo();
    let run = w.run(&["report"]);
    // The demo holds deliberately bad rows: exit code 1, "some rows rejected".
    assert_eq!(run.code, 1, "{}", run.all());
    let accounts = accountings(&run.stdout);
    assert_eq!(accounts.len(), 9, "{}", run.all());
    for (read, accepted, _, rejected, skipped) in &accounts {
        assert_eq!(*read, accepted + rejected + skipped, "{}", run.all());
    }
    let issues = csv_maps(&w.read("reports/data_quality.csv"));
    let mut errors: Vec<(String, String, String)> = issues
        .iter()
        .filter(|i| i["severity"] == "error")
        .map(|i| (i["file"].clone(), i["row"].clone(), i["rule"].clone()))
        .collect();
    errors.sort();
    let e = |f: &str, r: &str, rule: &str| (format!("inputs/{f}"), r.to_string(), rule.to_string());
    // The deliberate errors, as examples/README.md lists them.
    assert_eq!(
        errors,
        vec![
            e("incoming_mobility_online.ods", "432", "unknown_country"),
            e("mobilites_personnels.csv", "114", "required_missing"),
            e("mobilites_personnels.csv", "319", "unparseable_date"),
            e("mobilites_sortantes.xlsx", "1822", "duplicate_mobility"),
            e("mobilites_sortantes.xlsx", "486", "unknown_country"),
            e("mobilites_sortantes.xlsx", "919", "end_before_start"),
        ]
    );
    let warnings: Vec<_> = issues
        .iter()
        .filter(|i| i["severity"] == "warning")
        .map(|i| (i["row"].as_str(), i["rule"].as_str()))
        .collect();
    // Row 1774 names its partner by the Erasmus code alone: accepted, named by the code.
    assert_eq!(
        warnings,
        vec![("17", "implausible_duration"), ("1774", "required_missing")]
    );
    // Skipped: the repeated header (998), blank and totals rows (1823, 1824), title rows.
    let skipped_sortantes: Vec<_> = issues
        .iter()
        .filter(|i| i["severity"] == "skipped" && i["file"].ends_with("sortantes.xlsx"))
        .map(|i| (i["row"].as_str(), i["rule"].as_str()))
        .collect();
    assert_eq!(
        skipped_sortantes,
        vec![
            ("1", "title_row"),
            ("2", "blank_row"),
            ("3", "header_row"),
            ("998", "repeated_header"),
            ("1823", "blank_row"),
            ("1824", "totals_row")
        ]
    );
    // Table sizes: the generator's counts less the rejected rows (3,269 valid mobilities; 157
    // partner rows; 24 project rows; 5,705 enrolment rows).
    let rows = |t: &str| csv_maps(&w.read(&format!("reports/data/{t}.csv"))).len();
    assert_eq!(rows("mobilities"), 3269);
    assert_eq!(rows("partners"), 157);
    assert_eq!(rows("icm_projects"), 24);
    assert_eq!(rows("students"), 5705);
}

/// A French office with French Excel: data_quality.csv opens as columns (BOM, semicolons) and
/// speaks French, and so does the terminal.
#[test]
fn data_quality_and_terminal_speak_the_report_language() {
    let w = demo();
    let config = w.read("mobistat.toml");
    w.write(
        "mobistat.toml",
        &config.replace("csv_dialect = \"standard\"", "csv_dialect = \"excel-fr\""),
    );
    let run = w.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.all());
    let text = w.read("reports/data_quality.csv");
    assert!(text.starts_with("\u{feff}file;sheet;row;column;"), "{text}");
    // Row 319 of the staff list holds the impossible date 31/02/2024 (examples/README.md).
    let line = text
        .lines()
        .find(|l| l.starts_with("inputs/mobilites_personnels.csv;;319;"))
        .unwrap_or_else(|| panic!("no line for row 319: {text}"));
    assert!(
        line.ends_with(
            ";unparseable_date;31/02/2024;\"« 31/02/2024 » n'est pas une date (par exemple \
             15/09/2024 ou 2024-09-15) ; la ligne est rejetée car le champ « date de début » \
             est obligatoire\""
        ),
        "{line}"
    );
    assert!(
        run.stdout.contains(
            "rejetée : inputs/mobilites_personnels.csv, ligne 319, colonne L (Date de début) : \
             « 31/02/2024 » n'est pas une date"
        ),
        "{}",
        run.all()
    );
    assert!(run.stdout.contains("total : "), "{}", run.all());
    // In English, the same row in English.
    w.write("mobistat.toml", &config);
    let run = w.run(&["check", "--lang", "en"]);
    let text = w.read("reports/data_quality.csv");
    assert!(
        text.contains(
            ",unparseable_date,31/02/2024,\"\"\"31/02/2024\"\" is not a date (expected e.g. \
             15/09/2024 or 2024-09-15); the row is rejected because start date is required\"\n"
        ),
        "{text}"
    );
    assert!(run.stdout.contains("total: "), "{}", run.all());
}

/// The same files listed in another order give the same bytes: the inputs are read in one
/// canonical order (issue 13).
#[test]
fn the_order_of_the_inputs_does_not_change_the_outputs() {
    let w = demo();
    let run = w.run(&["report", "--preset", "leadership"]);
    assert_eq!(run.code, 1, "{}", run.all());
    let first: Vec<(String, String)> = [
        "data/mobilities.csv",
        "data/partners.csv",
        "tables/top_destinations.csv",
        "data_quality.csv",
        "report.html",
    ]
    .iter()
    .map(|f| (f.to_string(), w.read(&format!("reports/{f}"))))
    .collect();
    // The [[inputs]] blocks in reverse order.
    let config = w.read("mobistat.toml");
    let mut parts: Vec<&str> = config.split("\n[[inputs]]").collect();
    let head = parts.remove(0);
    parts.reverse();
    let reversed = format!("{head}\n[[inputs]]{}", parts.join("\n[[inputs]]"));
    assert_ne!(reversed, config);
    w.write("mobistat.toml", &reversed);
    let run = w.run(&["report", "--preset", "leadership"]);
    assert_eq!(run.code, 1, "{}", run.all());
    for (file, text) in first {
        assert!(w.read(&format!("reports/{file}")) == text, "{file} differs");
    }
}

#[test]
fn demo_covers_what_the_issue_asks() {
    let w = demo();
    w.run(&["report"]);
    let mobilities = csv_maps(&w.read("reports/data/mobilities.csv"));
    let distinct = |col: &str| -> std::collections::BTreeSet<String> {
        mobilities
            .iter()
            .map(|m| m[col].clone())
            .filter(|v| !v.is_empty())
            .collect()
    };
    assert!(distinct("academic_year").len() >= 4);
    for activity in [
        "study",
        "traineeship",
        "teaching",
        "training",
        "blended_intensive",
    ] {
        assert!(distinct("activity").contains(activity), "{activity}");
    }
    for funding in ["erasmus_ka131", "erasmus_ka171", "bilateral", "bci", "isep"] {
        assert!(distinct("funding").contains(funding), "{funding}");
    }
    assert!(mobilities.iter().any(|m| m["double_degree"] == "true"));
    assert_eq!(distinct("direction").len(), 2);
    assert_eq!(distinct("participant").len(), 2);
    let projects = csv_maps(&w.read("reports/data/icm_projects.csv"));
    let countries: std::collections::BTreeSet<_> = projects
        .iter()
        .map(|p| p["partner_country"].clone())
        .collect();
    assert!(countries.len() >= 10, "{countries:?}");
    assert!(projects.iter().all(|p| p["key_action"] == "KA171"));
}

#[test]
fn every_key_of_the_default_config_is_commented() {
    let text = std::fs::read_to_string(repo().join("mobistat.toml")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // A key of the global or [rules] sections must follow a comment line; input sections are
    // documented together in the comment block above the first [[inputs]].
    let first_input = lines
        .iter()
        .position(|l| l.starts_with("[[inputs]]"))
        .unwrap();
    // The [[grant_rates]] entries are documented together too, in the comment above the first.
    let mut in_rates = false;
    for (i, line) in lines[..first_input].iter().enumerate() {
        if line.starts_with('[') {
            in_rates = line.starts_with("[[grant_rates]]");
        }
        if line.contains(" = ") && !line.starts_with('#') && !in_rates {
            assert!(lines[i - 1].starts_with('#'), "uncommented key: {line}");
        }
    }
    let rates_comment = lines
        .iter()
        .position(|l| l.starts_with("[[grant_rates]]"))
        .map(|at| lines[at.saturating_sub(12)..at].join("\n"))
        .unwrap_or_default();
    for word in ["key", "action", "call years", "euros", "source"] {
        assert!(
            rates_comment.contains(word),
            "[[grant_rates]]: {word} undocumented"
        );
    }
    for key in [
        "table",
        "paths",
        "sheet",
        "header_row",
        "columns",
        "constants",
        "programme_columns",
    ] {
        assert!(
            lines[..first_input]
                .iter()
                .any(|l| l.starts_with(&format!("#   {key} "))),
            "{key} undocumented"
        );
    }
}
