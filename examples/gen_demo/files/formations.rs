//! File 7, formations.csv: the degree programmes with their department, level and language of
//! instruction (UTF-8, semicolons), as a school keeps them for the « Bienvenue en France »
//! dossier.

use crate::csv::csv_text;
use crate::reference::PROGRAMMES;
use anyhow::Result;
use std::path::Path;

pub const FORMATIONS: &str = "formations.csv";

/// The department of each programme, and the language it is taught in: Informatique is
/// bilingual and Génie industriel taught in English; the others in French.
fn department_and_language(programme: &str) -> (&'static str, &'static str) {
    match programme {
        "Informatique" => ("Département Numérique", "Bilingue"),
        "Génie électrique" => ("Département Numérique", "Français"),
        "Génie industriel" => ("Département Industrie", "Anglais"),
        "Mécanique" => ("Département Industrie", "Français"),
        _ => ("Département Génie civil et procédés", "Français"),
    }
}

/// Writes the file; returns its number of programmes.
pub fn write(dir: &Path) -> Result<usize> {
    let header = [
        "Formation",
        "Composante",
        "Niveau",
        "Langue d'enseignement",
        "Ouverte aux étudiants d'échange",
        "ECTS",
    ];
    let mut rows = vec![header.map(String::from).to_vec()];
    for (name, _, _) in PROGRAMMES {
        let (department, language) = department_and_language(name);
        rows.push(
            [name, department, "Cycle ingénieur", language, "oui", "180"]
                .map(String::from)
                .to_vec(),
        );
    }
    std::fs::write(dir.join(FORMATIONS), csv_text(rows, ';'))?;
    Ok(PROGRAMMES.len())
}
