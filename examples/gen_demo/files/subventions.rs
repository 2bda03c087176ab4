//! File 9, subventions_erasmus.csv: the Erasmus+ grants awarded to the school's projects, as
//! the grant agreements state them (semicolons, UTF-8): a total per project, and for the 2024
//! KA131 project its headings too.

use crate::catalogue::KA131_PROJECTS;
use crate::csv::csv_text;
use anyhow::Result;
use std::collections::BTreeMap;
use std::path::Path;

pub const SUBVENTIONS: &str = "subventions_erasmus.csv";

/// The KA131 grants awarded per call (fictional), and the 2024 grant's headings.
const KA131_AWARDED: [(i32, f64); 4] = [
    (2021, 720_000.0),
    (2022, 505_000.0),
    (2023, 490_000.0),
    (2024, 520_000.0),
];
const KA131_2024_HEADINGS: [(&str, f64); 3] = [
    ("Soutien organisationnel", 70_000.0),
    ("Soutien individuel", 360_000.0),
    ("Voyage", 20_000.0),
];

/// Writes the file: the KA131 grants, then the KA171 ones (the projects' budgets of
/// projets_ka171.csv summed); returns its number of rows.
pub fn write(dir: &Path, ka171: &BTreeMap<&str, f64>) -> Result<usize> {
    let header = ["Référence du projet", "Poste", "Montant attribué (EUR)"];
    let mut rows = vec![header.map(String::from).to_vec()];
    let money = |v: f64| format!("{v:.2}").replace('.', ",");
    for (call, reference) in KA131_PROJECTS {
        let awarded = KA131_AWARDED
            .iter()
            .find(|(c, _)| c == call)
            .map_or(0.0, |(_, a)| *a);
        rows.push(vec![reference.to_string(), "Total".into(), money(awarded)]);
        if *call == 2024 {
            for (heading, amount) in KA131_2024_HEADINGS {
                rows.push(vec![reference.to_string(), heading.into(), money(amount)]);
            }
        }
    }
    for (reference, budget) in ka171 {
        rows.push(vec![reference.to_string(), "Total".into(), money(*budget)]);
    }
    let count = rows.len() - 1;
    std::fs::write(dir.join(SUBVENTIONS), csv_text(rows, ';'))?;
    Ok(count)
}
