//! File 4, partenaires.xlsx: the partner list, one row per agreement and one column of
//! places per programme, with a totals row of formulas.

use crate::catalogue::Scheme;
use crate::cells::{number, text, texts, Defect, Value};
use crate::reference::PROGRAMMES;
use crate::rng::Rng;
use crate::world::{Agreement, Partner, World};
use crate::xlsx::{write_xlsx, Sheet};
use anyhow::Result;
use std::path::Path;

pub const PARTENAIRES: &str = "partenaires.xlsx";
/// Partners with an agreement in force and no mobility either way: (name, Erasmus code,
/// country, city).
const DORMANT: &[(&str, &str, &str, &str)] = &[
    ("Universidad de Oviedo", "E  OVIEDO01", "Espagne", "Oviedo"),
    ("Univerza v Mariboru", "SI MARIBOR01", "Slovénie", "Maribor"),
];
/// Spreadsheet row of the header (the first row is blank).
const PARTENAIRES_HEADER_ROW: usize = 2;

fn partenaires_header() -> Vec<Value> {
    let mut header = texts(&[
        "Établissement",
        "Code Erasmus",
        "Pays",
        "Ville",
        "Type d'accord",
    ]);
    header.extend(PROGRAMMES.iter().map(|p| text(p.0)));
    header.extend(texts(&[
        "Début de validité",
        "Fin de validité",
        "Statut",
        "Réseaux",
    ]));
    header
}

/// The university networks a partner shares with the school, by its place in the list (a
/// fixed pattern, so the file stays byte-identical from run to run).
fn networks(index: usize) -> String {
    let mut list = Vec::new();
    if index.is_multiple_of(6) {
        list.push("ECIU");
    }
    if index % 4 == 1 {
        list.push("SGroup");
    }
    list.join("; ")
}

fn partner_row(
    rng: &mut Rng,
    p: &Partner,
    agreement: &Agreement,
    kind: &str,
    index: usize,
) -> Vec<Value> {
    let mut row = vec![
        text(p.name),
        text(p.code_text.clone()),
        text(p.country_text.clone()),
        text(p.city),
        text(kind),
    ];
    for &places in &agreement.places {
        // Programmes not covered: blank or 0, depending on who filled the line in.
        row.push(match places {
            0 if rng.chance(0.75) => Value::Empty,
            n => number(n),
        });
    }
    let status = if agreement.to < 2025 {
        "Expiré"
    } else {
        "Actif"
    };
    row.extend([
        text(agreement.from_text.clone()),
        text(agreement.to_text.clone()),
        text(status),
        text(networks(index)),
    ]);
    row
}

pub fn write(dir: &Path, world: &World) -> Result<Vec<Defect>> {
    let mut rng = Rng::new("partenaires-file");
    let mut rows = Vec::new();
    for (index, p) in world.partners.iter().enumerate() {
        let kind = match p.scheme {
            Scheme::Erasmus => "Erasmus+",
            Scheme::Isep | Scheme::Bci => "Réseau",
            Scheme::Bilateral | Scheme::Brafitec => "Accord bilatéral",
        };
        rows.push(partner_row(&mut rng, p, &p.main, kind, index));
        if let Some(dd) = &p.double_degree {
            rows.push(partner_row(&mut rng, p, dd, "Double diplôme", index));
        } else if index % 23 == 5 {
            // A few partners also host doctoral candidates in cotutelle.
            rows.push(partner_row(
                &mut rng,
                p,
                &p.main,
                "Cotutelle de thèse",
                index,
            ));
        }
    }
    // Two agreements in force that nobody has used for years: the dormant ones.
    for (name, code, country, city) in DORMANT {
        let mut row = vec![
            text(*name),
            text(*code),
            text(*country),
            text(*city),
            text("Erasmus+"),
        ];
        row.extend(PROGRAMMES.iter().map(|_| Value::Empty));
        row.extend([text("2021"), text("2027"), text("Actif"), text("")]);
        rows.push(row);
    }
    let first = PARTENAIRES_HEADER_ROW + 1;
    let last = PARTENAIRES_HEADER_ROW + rows.len();
    let mut totals = vec![
        text("TOTAL PLACES"),
        Value::Empty,
        Value::Empty,
        Value::Empty,
        Value::Empty,
    ];
    for col in 0..PROGRAMMES.len() {
        let sum: f64 = rows
            .iter()
            .map(|r| {
                if let Value::Number(n) = r[5 + col] {
                    n
                } else {
                    0.0
                }
            })
            .sum();
        let letter = (b'F' + col as u8) as char;
        totals.push(Value::Formula(
            format!("=SUM({letter}{first}:{letter}{last})"),
            sum,
        ));
    }
    rows.push(Vec::new());
    rows.push(totals);
    let defects = vec![Defect::new(
        PARTENAIRES,
        PARTENAIRES_HEADER_ROW + rows.len(),
        "totals row \"TOTAL PLACES\" (not a partner)",
    )];

    write_xlsx(
        &dir.join(PARTENAIRES),
        &Sheet {
            name: "Partenaires",
            title: None,
            header_row: PARTENAIRES_HEADER_ROW,
            header: &partenaires_header(),
            rows: &rows,
            bold: &|i, _| i + 1 == rows.len(),
            widths: &[52, 15, 16, 18, 17, 11, 11, 11, 11, 11, 11, 12, 12, 9, 16],
        },
    )?;
    Ok(defects)
}
