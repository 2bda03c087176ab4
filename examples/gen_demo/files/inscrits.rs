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
const INSCRITS_HEADER: [&str; 7] = [
    "N° étudiant",
    "Formation",
    "Promotion",
    "Année universitaire",
    "Nationalité",
    "Statut",
    "Niveau",
];

/// The level of study as the student information system writes it: the first year of the
/// three-year engineering cycle is licence level (L3), the next two master level; exchange
/// students are mostly at master level (one in three at licence). No random draw, so the
/// other demo files stay the same.
fn level(s: &Student, year: i32) -> &'static str {
    let first_year = match s.kind {
        StudentKind::Exchange => s.id.is_multiple_of(3),
        _ => year == s.first_year,
    };
    if first_year {
        "Licence"
    } else {
        "Master"
    }
}

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
                    text(level(s, year)),
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
            widths: &[12, 20, 10, 18, 18, 10, 10],
        },
    )?;
    Ok(rows.len())
}
