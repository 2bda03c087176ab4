//! File 6, inscrits.xlsx: the enrolment list, one row per student and academic year.

use crate::calendar::year_label;
use crate::cells::{number, text, texts, Value};
use crate::people::{Student, StudentKind};
use crate::reference::{country, PROGRAMMES};
use crate::xlsx::{write_xlsx, Sheet};
use crate::{FIRST_YEAR, LAST_YEAR};
use anyhow::Result;
use std::path::Path;

pub const INSCRITS: &str = "inscrits.xlsx";
const INSCRITS_HEADER: [&str; 6] = [
    "N° étudiant",
    "Formation",
    "Promotion",
    "Année universitaire",
    "Nationalité",
    "Statut",
];

pub fn write(dir: &Path, students: &[Student]) -> Result<usize> {
    let mut rows: Vec<(i32, u64, Vec<Value>)> = Vec::new();
    for s in students {
        for year in s.first_year.max(FIRST_YEAR)..=s.last_year.min(LAST_YEAR) {
            let status = if s.kind == StudentKind::Exchange {
                "Échange"
            } else {
                "Inscrit"
            };
            rows.push((
                year,
                s.id,
                vec![
                    number(s.id as f64),
                    text(PROGRAMMES[s.programme].0),
                    s.graduation.map_or(Value::Empty, number),
                    text(year_label(year)),
                    text(country(s.nationality).fr),
                    text(status),
                ],
            ));
        }
    }
    rows.sort_by_key(|(year, id, _)| (*year, *id));
    let rows: Vec<Vec<Value>> = rows.into_iter().map(|(_, _, row)| row).collect();
    write_xlsx(
        &dir.join(INSCRITS),
        &Sheet {
            name: "Inscrits",
            title: None,
            header_row: 1,
            header: &texts(&INSCRITS_HEADER),
            rows: &rows,
            bold: &|_, _| false,
            widths: &[12, 20, 10, 18, 18, 10],
        },
    )?;
    Ok(rows.len())
}
