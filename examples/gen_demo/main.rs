//! Writes the demo inputs of a fictional French engineering school (eight files) into OUTDIR.
//!
//! Usage: `cargo run --example gen_demo -- [OUTDIR]` (OUTDIR defaults to `inputs`).
//!
//! The school, "École nationale supérieure d'ingénieurs du Val de Loire (démo)" (France), runs
//! six engineering programmes. The files cover the academic years 2021-2022 to 2024-2025 (a
//! year starts on 1 September) and are shaped like the exports an international relations
//! office really receives: a MoveON export of outgoing students (xlsx with a title, two exports
//! pasted together and a totals row), a Mobility-Online export of incoming students (ods), a
//! staff list kept by hand (semicolon CSV in Windows-1252), the partner list (xlsx, one column
//! per programme), the Erasmus+ KA171 projects (CSV with a BOM), the enrolment list (xlsx),
//! and for the « Bienvenue en France » dossier the programmes list and the welcome register
//! (CSV).
//! A handful of rows are wrong on purpose: examples/README.md lists them and this program
//! prints them.
//!
//! The output is byte-identical from run to run: every random choice comes from a seeded
//! splitmix64 generator (one stream per concern), nothing reads the clock, and the zip
//! containers (xlsx, ods) carry fixed timestamps.
//!
//! The modules, in the order the data flows: `rng` and `calendar` (tools), `reference` and
//! `catalogue` (fixed tables), `world` (partners and projects), `people` (home students),
//! `mobility`, `outgoing`, `incoming` and `staff` (who goes where), `cells` and `labels` (what
//! a file cell holds), `xlsx`, `ods` and `csv` (the format writers) and `files` (one module per
//! output file).

mod calendar;
mod catalogue;
mod cells;
mod csv;
mod files;
mod incoming;
mod labels;
mod mobility;
mod ods;
mod outgoing;
mod people;
mod reference;
mod rng;
mod staff;
mod world;
mod xlsx;

use anyhow::{Context, Result};
use files::subventions::SUBVENTIONS;
use files::{accueil::ACCUEIL, formations::FORMATIONS, sortantes::SORTANTES, staff::STAFF};
use files::{incoming::INCOMING, inscrits::INSCRITS, partenaires::PARTENAIRES, projets::PROJETS};
use incoming::{exchange_students, incoming_students};
use mobility::Mobility;
use outgoing::outgoing_students;
use people::{home_students, StudentNumbers};
use staff::staff_mobilities;
use std::collections::BTreeMap;
use std::path::PathBuf;
use world::World;

const SCHOOL: &str = "École nationale supérieure d'ingénieurs du Val de Loire (démo)";
/// First and last academic years covered, as the calendar year they start in.
const FIRST_YEAR: i32 = 2021;
const LAST_YEAR: i32 = 2024;

/// KA171 mobilities per (project, partner), to size the projects' planned mobilities.
fn realised_icm<'a>(
    all: impl Iterator<Item = &'a Mobility>,
) -> BTreeMap<(&'static str, &'static str), u32> {
    let mut counts = BTreeMap::new();
    for m in all {
        if let Some(reference) = m.icm {
            *counts.entry((reference, m.host.name)).or_insert(0) += 1;
        }
    }
    counts
}

fn main() -> Result<()> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "inputs".into()));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;

    let world = World::build();
    let mut numbers = StudentNumbers::default();
    let mut students = home_students(&mut numbers);
    let outgoing = outgoing_students(&world, &students);
    let incoming = incoming_students(&world, &mut numbers);
    students.extend(exchange_students(&incoming));
    let staff = staff_mobilities(&world);
    let realised = realised_icm(
        outgoing
            .iter()
            .chain(incoming.iter().map(|i| &i.mobility))
            .chain(staff.iter().map(|s| &s.mobility)),
    );

    let mut defects = files::sortantes::write(&dir, &outgoing)?;
    defects.extend(files::incoming::write(&dir, &incoming)?);
    defects.extend(files::staff::write(&dir, &staff)?);
    defects.extend(files::partenaires::write(&dir, &world)?);
    let ka171_budgets = files::projets::write(&dir, &world, &realised)?;
    let grant_rows = files::subventions::write(&dir, &ka171_budgets)?;
    let enrolment_rows = files::inscrits::write(&dir, &students)?;
    let programmes = files::formations::write(&dir)?;
    let register_rows = files::accueil::write(&dir, FIRST_YEAR, LAST_YEAR)?;

    let dd_rows = world
        .partners
        .iter()
        .filter(|p| p.double_degree.is_some())
        .count();
    println!("{SCHOOL}: demo inputs written to {}", dir.display());
    println!(
        "  {SORTANTES}: {} outgoing student mobilities (+1 duplicate entry)",
        outgoing.len()
    );
    println!(
        "  {INCOMING}: {} incoming student mobilities",
        incoming.len()
    );
    println!("  {STAFF}: {} staff mobilities", staff.len());
    println!(
        "  {PARTENAIRES}: {} partners, {} rows",
        world.partners.len(),
        world.partners.len() + dd_rows
    );
    println!(
        "  {PROJETS}: {} projects, {} rows",
        world.projects.len(),
        world
            .projects
            .iter()
            .map(|p| p.partners.len())
            .sum::<usize>()
    );
    println!("  {INSCRITS}: {enrolment_rows} enrolment rows");
    println!("  {SUBVENTIONS}: {grant_rows} grant rows");
    println!("  {FORMATIONS}: {programmes} degree programmes");
    println!("  {ACCUEIL}: {register_rows} welcome-register rows");
    println!("Deliberate errors:");
    for d in &defects {
        println!("  {} row {}: {}", d.file, d.row, d.what);
    }
    Ok(())
}
