//! File 8, registre_accueil.csv: the welcome register an office keeps for the « Bienvenue en
//! France » label, one row per service figure and year (UTF-8, semicolons).

use crate::csv::csv_text;
use anyhow::Result;
use std::path::Path;

pub const ACCUEIL: &str = "registre_accueil.csv";

/// (service, measure, figure in 2021-2022, yearly growth, label): the figures grow a little
/// every year, as the school's welcome does.
const FIGURES: &[(&str, &str, u32, u32, &str)] = &[
    (
        "Cours de FLE",
        "heures",
        96,
        12,
        "Français langue étrangère, niveaux A1 à B2",
    ),
    (
        "Parrainage",
        "participants",
        38,
        6,
        "Buddy programme avec les élèves-ingénieurs",
    ),
    (
        "Guichet d'accueil",
        "contacts",
        410,
        35,
        "Guichet unique de septembre",
    ),
    (
        "Journée d'accueil",
        "événements",
        3,
        1,
        "Semaine d'intégration",
    ),
    (
        "Logement",
        "places",
        60,
        5,
        "Résidence partenaire réservée aux nouveaux arrivants",
    ),
    (
        "Site web",
        "événements",
        4,
        1,
        "Salons et webinaires pour les candidats internationaux",
    ),
    (
        "Vie de campus",
        "participants",
        85,
        10,
        "Associations, sport et sorties culturelles ouverts aux internationaux",
    ),
    (
        "Suivi des diplômés",
        "contacts",
        120,
        15,
        "Réseau des anciens internationaux",
    ),
];

/// Writes the file for the academic years `first`..=`last` (the calendar year they start in);
/// returns its number of rows.
pub fn write(dir: &Path, first: i32, last: i32) -> Result<usize> {
    let header = ["Année universitaire", "Type", "Mesure", "Valeur", "Libellé"];
    let mut rows = vec![header.map(String::from).to_vec()];
    for year in first..=last {
        let step = (year - first) as u32;
        for (kind, measure, base, growth, label) in FIGURES {
            rows.push(vec![
                format!("{year}-{}", year + 1),
                kind.to_string(),
                measure.to_string(),
                (base + growth * step).to_string(),
                label.to_string(),
            ]);
        }
    }
    let count = rows.len() - 1;
    std::fs::write(dir.join(ACCUEIL), csv_text(rows, ';'))?;
    Ok(count)
}
