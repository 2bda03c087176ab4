//! The canonical model: tables and their fields, vocabularies, header mapping, and the row
//! builders that turn rows of cells into typed columns plus issues.

mod coded_text;
pub mod column_kind;
pub mod columns;
mod data_row;
pub mod duplicates;
pub mod fields;
mod fields_dossier;
mod join_column;
pub mod mapping;
mod memo;
pub mod parallel;
pub mod parse;
mod partner_rules;
mod repeats;
pub mod rows;
pub mod rules;
pub mod skip;
#[cfg(test)]
mod testing;
pub mod text_column;
pub mod vocab;

pub use column_kind::{ColumnDef, ColumnKind, Privacy};
pub use fields::{FieldSpec, Kind, TableKind, VocabKind};
