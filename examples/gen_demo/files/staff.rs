//! File 3, mobilites_personnels.csv: the staff mobilities as the office keeps them by hand
//! (semicolons, Windows-1252, CRLF), dates typed two ways and three wrong rows.

use crate::calendar::{academic_year, end_after, fr_date, ymd};
use crate::cells::Defect;
use crate::csv::csv_text;
use crate::labels::Lang;
use crate::mobility::Activity;
use crate::reference::country;
use crate::rng::Rng;
use crate::staff::{Direction, StaffMobility};
use crate::world::collapse_spaces;
use anyhow::{bail, Result};
use chrono::NaiveDate;
use std::path::Path;

pub const STAFF: &str = "mobilites_personnels.csv";
/// Every header is an alias of a mobilities field (see src/schema/fields.rs).
const STAFF_HEADER: [&str; 14] = [
    "Identifiant mobilité",
    "Matricule",
    "Sens",
    "Catégorie",
    "Type de mobilité",
    "Financement",
    "Établissement partenaire",
    "Code Erasmus",
    "Pays",
    "Ville",
    "Nationalité",
    "Date de début",
    "Date de fin",
    "Projet Erasmus+",
];

fn staff_row(rng: &mut Rng, number: usize, s: &StaffMobility) -> Vec<String> {
    let m = &s.mobility;
    // Most dates are typed the French way; rows pasted from another tool are in ISO form.
    let date: fn(NaiveDate) -> String = if rng.chance(0.15) {
        |d| d.format("%Y-%m-%d").to_string()
    } else {
        fr_date
    };
    let code = if rng.chance(0.3) {
        collapse_spaces(m.host.code)
    } else {
        m.host.code.to_string()
    };
    vec![
        format!("MP{}-{:04}", academic_year(m.start) % 100, number),
        m.person.clone(),
        if s.direction == Direction::Outgoing {
            "Sortant"
        } else {
            "Entrant"
        }
        .to_string(),
        "Personnel".to_string(),
        s.label.to_string(),
        Lang::Fr.funding(m.funding).to_string(),
        m.host.name.to_string(),
        code,
        country(m.host.iso).fr.to_string(),
        m.host.city.to_string(),
        country(m.nationality).fr.to_string(),
        date(m.start),
        date(m.end),
        m.project().unwrap_or("").to_string(),
    ]
}

pub fn write(dir: &Path, staff: &[StaffMobility]) -> Result<Vec<Defect>> {
    let mut rng = Rng::new("staff-file");
    let mut rows: Vec<Vec<String>> = staff
        .iter()
        .enumerate()
        .map(|(i, s)| staff_row(&mut rng, i + 1, s))
        .collect();
    let row_of = |i: usize| i + 2; // line 1 is the header
    let find = |pred: &dyn Fn(&StaffMobility) -> bool, after: usize| {
        (after..staff.len())
            .find(|&i| pred(&staff[i]))
            .expect("a row for each defect")
    };
    let mut defects = Vec::new();

    // 31 February: a typo that no calendar accepts.
    let i = find(
        &|s| s.direction == Direction::Outgoing && s.mobility.start >= ymd(2024, 2, 1),
        0,
    );
    rows[i][11] = "31/02/2024".into();
    rows[i][12] = "05/03/2024".into();
    defects.push(Defect::new(
        STAFF,
        row_of(i),
        "impossible date \"31/02/2024\" (Date de début)",
    ));

    let i = find(
        &|s| s.direction == Direction::Incoming && academic_year(s.mobility.start) == 2022,
        0,
    );
    rows[i][2] = String::new();
    defects.push(Defect::new(STAFF, row_of(i), "\"Sens\" (direction) empty"));

    // An end year typed wrong turns a short stay into 900 days; a one-off person, so that
    // the row breaks no other rule.
    let i = find(
        &|s| s.direction == Direction::Outgoing && s.mobility.activity == Activity::Training,
        10,
    );
    let start = staff[i].mobility.start;
    rows[i][1] = "P00917".into();
    rows[i][11] = fr_date(start);
    rows[i][12] = fr_date(end_after(start, 900));
    defects.push(Defect::new(
        STAFF,
        row_of(i),
        "staff mobility of 900 days (implausible duration)",
    ));

    let header = STAFF_HEADER.map(String::from).to_vec();
    let csv = csv_text(std::iter::once(header).chain(rows), ';');
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&csv);
    if unmappable {
        bail!("{STAFF}: text outside Windows-1252");
    }
    std::fs::write(dir.join(STAFF), bytes)?;
    Ok(defects)
}
