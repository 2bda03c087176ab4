//! Erasmus+ money: what each mobility of the institution's KA131 and KA171 projects earns under
//! the Programme Guide's unit costs. `rates` holds the amounts as data (shipped, each with its
//! source, and the office's own), `places` the country groups and distance bands, `rules` one
//! mobility's grant heading by heading and a project's organisational support, `table` the
//! per-mobility grants (built a block at a time in `out_block`) and `projects` the per-project
//! table.

mod columns;
mod out_block;
pub mod places;
pub mod projects;
pub mod rates;
pub mod rules;
pub mod table;
