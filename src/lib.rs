//! mobistat: spreadsheet exports of an international relations office in, validated canonical
//! tables (and, from them, indicators and reports) out.
//!
//! The pipeline runs one way, one module per stage:
//! [`ingest`] (files → rows of cells with locations) → [`schema`] (aliases, fields, table
//! builders: rows → typed columns plus issues) using [`normalise`] → [`validate`] (row rules and
//! accounting) → [`tables`] (canonical Polars tables) → [`render`] (CSV files, terminal summary).

pub mod app;
pub mod cli;
pub mod error;
pub mod i18n;
pub mod indicators;
pub mod ingest;
pub mod init;
pub mod normalise;
pub mod pipeline;
pub mod profiles;
pub mod reconcile;
pub mod reference;
pub mod render;
pub mod report;
pub mod schema;
pub mod settings;
pub mod tables;
pub mod validate;
