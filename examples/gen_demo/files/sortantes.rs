//! File 1, mobilites_sortantes.xlsx: the MoveON export of outgoing students, two exports
//! pasted together under a title, with a totals row and a few wrong rows.

use super::mobility_cells;
use crate::calendar::academic_year;
use crate::cells::{number, text, texts, Defect, Value};
use crate::labels::Lang;
use crate::mobility::{Activity, Funding, Level, Mobility};
use crate::reference::country;
use crate::rng::Rng;
use crate::xlsx::{write_xlsx, Sheet};
use anyhow::Result;
use std::path::Path;

pub const SORTANTES: &str = "mobilites_sortantes.xlsx";
const SORTANTES_HEADER: [&str; 17] = [
    "N° mobilité",
    "N° étudiant",
    "Activité",
    "Programme de financement",
    "Formation",
    "Niveau",
    "Établissement d'accueil",
    "Code Erasmus",
    "Pays",
    "Ville",
    "Nationalité",
    "Sexe",
    "Date de début",
    "Date de fin",
    "Moins d'opportunités",
    "Voyage vert",
    "Projet Erasmus+",
];
/// Spreadsheet row of the header (a title and a blank row come first).
const SORTANTES_HEADER_ROW: usize = 3;

fn sortante_row(id: u64, m: &Mobility) -> Vec<Value> {
    // MoveON exports student numbers as text.
    let mut row = vec![number(id as f64), text(m.person.clone())];
    let (host, nationality) = (country(m.host.iso).fr, country(m.nationality).fr);
    row.extend(mobility_cells(Lang::Fr, m, host, nationality));
    row
}

/// The rows below the header: two exports (2021-2023 and 2023-2025) pasted one under the
/// other, header included, then a blank row and the totals. Returns the rows and the defects.
fn sortantes_rows(outgoing: &[Mobility]) -> (Vec<Vec<Value>>, Vec<Defect>) {
    let mut rng = Rng::new("sortantes");
    let mut next_id = 18_400u64;
    let mut rows: Vec<Vec<Value>> = Vec::new();
    let mut meta: Vec<Option<&Mobility>> = Vec::new();
    let (first, second): (Vec<&Mobility>, Vec<&Mobility>) =
        outgoing.iter().partition(|m| academic_year(m.start) < 2023);
    for part in [first, second] {
        if !rows.is_empty() {
            rows.push(texts(&SORTANTES_HEADER));
            meta.push(None);
        }
        for m in part {
            // Gaps in the numbering: applications withdrawn before departure.
            next_id += rng.between(1, 3) as u64;
            rows.push(sortante_row(next_id, m));
            meta.push(Some(m));
        }
    }
    let row_of = |i: usize| SORTANTES_HEADER_ROW + 1 + i;
    let header = meta
        .iter()
        .position(Option::is_none)
        .expect("a repeated header");
    let mut defects = vec![Defect::new(
        SORTANTES,
        row_of(header),
        "repeated header row (two exports pasted together)",
    )];
    let find = |pred: &dyn Fn(&Mobility) -> bool| {
        meta.iter()
            .position(|m| m.is_some_and(pred))
            .expect("a row for each defect")
    };
    // First-year internships are not part of any graduation requirement, so breaking them
    // leaves the outgoing rates as designed.
    let first_year =
        |m: &Mobility, year: i32| m.level == Level::Bachelor && academic_year(m.start) == year;

    let i = find(&|m| first_year(m, 2022));
    rows[i].swap(12, 13);
    defects.push(Defect::new(
        SORTANTES,
        row_of(i),
        "end date before start date (dates swapped)",
    ));

    let i = find(&|m| first_year(m, 2021));
    rows[i][8] = text("Atlantide");
    defects.push(Defect::new(
        SORTANTES,
        row_of(i),
        "unknown country \"Atlantide\"",
    ));

    let i = find(&|m| first_year(m, 2024) && !m.host.code.is_empty());
    rows[i][6] = Value::Empty;
    defects.push(Defect::new(
        SORTANTES,
        row_of(i),
        "partner name empty (the Erasmus code is there): accepted, named by its code",
    ));

    // Someone typed the same mobility in again months later: same student, partner and
    // dates, a new mobility number, at the end of the second export.
    let original = find(&|m| {
        m.activity == Activity::Study
            && m.funding == Funding::Ka131
            && academic_year(m.start) == 2023
    });
    let mut copy = rows[original].clone();
    copy[0] = number((next_id + 2) as f64);
    rows.push(copy);
    defects.push(Defect::new(
        SORTANTES,
        row_of(rows.len() - 1),
        format!(
            "second entry of the mobility on row {} (same student, partner and start date)",
            row_of(original)
        ),
    ));

    let count = rows.len() - 1; // every row but the repeated header
    rows.push(Vec::new());
    rows.push(vec![text("Total"), number(count as f64)]);
    defects.push(Defect::new(SORTANTES, row_of(rows.len() - 1), "totals row"));
    (rows, defects)
}

pub fn write(dir: &Path, outgoing: &[Mobility]) -> Result<Vec<Defect>> {
    let (rows, defects) = sortantes_rows(outgoing);
    let repeated_header = text(SORTANTES_HEADER[0]);
    write_xlsx(
        &dir.join(SORTANTES),
        &Sheet {
            name: "Mobilités sortantes",
            title: Some("Export MoveON – mobilités sortantes 2021-2025"),
            header_row: SORTANTES_HEADER_ROW,
            header: &texts(&SORTANTES_HEADER),
            rows: &rows,
            bold: &|_, row| row.first() == Some(&repeated_header),
            widths: &[
                11, 12, 15, 22, 18, 9, 44, 14, 16, 16, 14, 6, 12, 12, 10, 10, 32,
            ],
        },
    )?;
    Ok(defects)
}
