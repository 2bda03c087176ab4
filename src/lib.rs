//! mobistat: spreadsheet exports of an international relations office in, validated canonical
//! tables, indicators and reports out.
//!
//! A run goes one way through four stages, and no stage imports a later one (settings uses the
//! types of the building blocks below: tables, file formats, profiles, country codes):
//! 1. [`settings`]: `mobistat.toml` and the command line ([`cli`]'s raw values) → one validated
//!    `Settings` with an `InputSpec` per input.
//! 2. [`load`]: every input file read in parallel. [`ingest`] turns files into rows of cells with
//!    their locations; an import profile ([`profiles`]) translates a known export layout; the
//!    [`schema`] row builder maps headers to fields and, with [`normalise`] and [`validate`]
//!    (row rules, issues, row accounting), turns rows into typed columns; [`tables`] assembles
//!    them into the canonical Polars tables, optionally checked against [`reference`](mod@reference) lists.
//! 3. [`indicators`]: the canonical tables → the indicator tables, in one lazy Polars plan.
//! 4. [`render`]: CSV files, the workbook, charts, the key-figures card, `report.html` and the
//!    terminal summary, in [`i18n`]'s languages.
//!
//! [`app`] runs the commands: `check` loads and summarises; `report` then hands the loaded
//! tables to [`report`], which drives the indicators and the rendering; [`reconcile`] loads our
//! exports and the Beneficiary Module's and pairs them. [`guess`] tells what a file holds
//! (for files given without `--table`, and for [`init`]).

pub mod app;
pub mod cli;
pub mod error;
pub mod events;
pub mod grants;
pub mod guess;
pub mod i18n;
pub mod indicators;
pub mod ingest;
pub mod init;
pub mod load;
pub mod memory;
pub mod normalise;
pub mod profiles;
pub mod reconcile;
pub mod reference;
pub mod render;
pub mod report;
pub mod schema;
pub mod scope;
pub mod settings;
pub mod tables;
pub mod validate;
pub mod web;
