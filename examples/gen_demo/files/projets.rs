//! File 5, projets_ka171.csv: the Erasmus+ KA171 projects, one row per partner country
//! (UTF-8 with a BOM, commas).

use crate::csv::csv_text;
use crate::reference::{country, Region::Europe};
use crate::rng::Rng;
use crate::world::World;
use anyhow::Result;
use std::collections::BTreeMap;
use std::path::Path;

pub const PROJETS: &str = "projets_ka171.csv";

/// One row per project and partner country. Planned mobilities are what the grant agreement
/// foresaw: at least what happened in the window, more for projects still running.
/// Returns each project's budget, summed over its partner countries.
pub fn write(
    dir: &Path,
    world: &World,
    realised: &BTreeMap<(&str, &str), u32>,
) -> Result<BTreeMap<&'static str, f64>> {
    let mut totals = BTreeMap::new();
    let mut rng = Rng::new("projets");
    let header = [
        "Project reference",
        "Partner country",
        "Partner institution",
        "Budget (EUR)",
        "Planned mobilities",
    ];
    let mut rows = vec![header.map(String::from).to_vec()];
    for project in &world.projects {
        for &i in &project.partners {
            let p = &world.partners[i];
            let done = realised
                .get(&(project.reference, p.name))
                .copied()
                .unwrap_or(0);
            let planned = (done + rng.between(1, 6) as u32).max(rng.between(6, 10) as u32);
            // Individual support and travel for a mix of students and staff, plus
            // organisational support; some budgets carry cents after reallocation.
            let unit = if country(p.iso).region == Europe || p.iso == "GE" {
                2450.0
            } else {
                3150.0
            };
            let cents = if rng.chance(0.3) { 0.5 } else { 0.0 };
            let budget = f64::from(planned) * unit + f64::from(planned) * 350.0 + cents;
            *totals.entry(project.reference).or_insert(0.0) += budget;
            let budget_text = if cents == 0.0 {
                format!("{budget:.0}")
            } else {
                format!("{budget:.2}")
            };
            rows.push(vec![
                project.reference.to_string(),
                country(p.iso).en.to_string(),
                p.name.to_string(),
                budget_text,
                planned.to_string(),
            ]);
        }
    }
    let csv = format!("\u{feff}{}", csv_text(rows, ','));
    std::fs::write(dir.join(PROJETS), csv)?;
    Ok(totals)
}
