//! File 2, incoming_mobility_online.ods: the Mobility-Online export of incoming students and
//! BIP participants, in English.

use super::mobility_cells;
use crate::calendar::ymd;
use crate::cells::{number, text, texts, Defect, Value};
use crate::incoming::Incoming;
use crate::labels::Lang;
use crate::mobility::{Activity, Level, Mobility};
use crate::ods::write_ods;
use crate::reference::{country, eu_code};
use crate::rng::Rng;
use anyhow::Result;
use std::path::Path;

pub const INCOMING: &str = "incoming_mobility_online.ods";
const INCOMING_SHEET: &str = "Incoming mobilities";
const INCOMING_HEADER: [&str; 20] = [
    "Mobility ID",
    "Person ID",
    "Direction",
    "Participant",
    "Activity",
    "Funding",
    "Home programme",
    "Level",
    "Partner institution",
    "Partner Erasmus code",
    "Country",
    "City",
    "Nationality",
    "Gender",
    "Start date",
    "End date",
    "Fewer opportunities",
    "Green travel",
    "Erasmus+ project",
    "Cotutelle",
];

fn incoming_row(rng: &mut Rng, id: u64, m: &Mobility) -> Vec<Value> {
    // Mobility-Online fills the country from two sources: English names and codes.
    let country_text = if rng.chance(0.55) {
        country(m.host.iso).en
    } else {
        eu_code(m.host.iso)
    };
    let mut row = vec![
        number(id as f64),
        number(m.person.parse::<f64>().expect("numeric person ids")),
        text("Incoming"),
        text("Student"),
    ];
    row.extend(mobility_cells(Lang::En, m, country_text, m.nationality));
    // Doctoral candidates who stay four months or more come for a thesis in cotutelle.
    let cotutelle = m.level == Level::Doctorate && (m.end - m.start).num_days() >= 120;
    row.push(text(if cotutelle { "Yes" } else { "No" }));
    row
}

pub fn write(dir: &Path, incoming: &[Incoming]) -> Result<Vec<Defect>> {
    let mut rng = Rng::new("incoming-file");
    let mut id = 52_000u64;
    let mut rows = vec![texts(&INCOMING_HEADER)];
    for i in incoming {
        id += rng.between(1, 4) as u64;
        rows.push(incoming_row(&mut rng, id, &i.mobility));
    }
    // One country the export could not resolve ("??" typed in the application form).
    let i = incoming
        .iter()
        .position(|i| i.mobility.activity == Activity::Study && i.mobility.start >= ymd(2023, 9, 1))
        .expect("a study row in 2023-2024");
    rows[i + 1][10] = text("??");
    // Row 1 is the header, so mobility i is on spreadsheet row i + 2.
    let defects = vec![Defect::new(INCOMING, i + 2, "country \"??\"")];
    write_ods(&dir.join(INCOMING), INCOMING_SHEET, &rows)?;
    Ok(defects)
}
